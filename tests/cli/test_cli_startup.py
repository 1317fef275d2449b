"""Startup is part of the product: the package and `--help` import no torch, SymPy or Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("torch", "sympy", "textual")

PROBE = """
import sys, io, contextlib
{body}
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize(
    "body",
    [
        "import interviewkit",
        "import interviewkit.cli",
        "from interviewkit.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass",
        "from interviewkit.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['bank', 'stats'])",
    ],
    ids=["import", "import-cli", "help", "bank-stats"],
)
def test_no_heavy_imports(body: str) -> None:
    code = PROBE.format(body=body, heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"heavy modules imported: {result.stdout.strip()}"
