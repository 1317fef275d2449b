"""The one JSON form of interviewkit's output: every `--json`, the engine's reports and the
progress backup file, so that scripts reading one can read them all."""

from __future__ import annotations

import json
import sys
from typing import Any


def json_text(data: Any) -> str:
    """Indented JSON with non-ASCII kept readable (∂, σ, ⊙) and a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def print_json(data: Any) -> None:
    """`json_text(data)` on stdout."""
    sys.stdout.write(json_text(data))
