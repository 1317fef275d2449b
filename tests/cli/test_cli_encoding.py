"""Output is UTF-8 whatever the locale: a cp1252 pipe (Windows' default) must not crash it."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    return subprocess.run(
        [sys.executable, "-m", "interviewkit", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_json_with_unicode_math_is_written_as_utf8_under_a_legacy_locale() -> None:
    proc = _run("derive", "rnn", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    [first, *_] = json.loads(proc.stdout.decode("utf-8"))
    assert first["unicode"] == "diag(1 − h²) · W_h"


def test_utf8_input_is_read_as_utf8_under_a_legacy_locale() -> None:
    line = json.dumps({"target": "rnn.dh_dhprev", "answer": "diag(1 − h²) · W_h"})
    proc = _run("check", "--jsonl", stdin=line + "\n")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert json.loads(proc.stdout.decode("utf-8"))["verdict"] == "correct"
