"""Whether the CLI may colour what it prints: only on a terminal, never with NO_COLOR set.

One rule for every colour the commands print (the plotext plots of `stats` and the demos, the
progress bar), so `interviewkit stats --plot | cat` and `NO_COLOR=1 interviewkit demo clip`
show no escape codes. https://no-color.org: NO_COLOR present and not empty turns colour off.
Stdlib only; the quiz is Textual's, which reads NO_COLOR itself.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

#: A CSI escape sequence: colours and styles (`\x1b[0m`), erase-line (`\x1b[K`), cursor moves.
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def use_colour(stream: TextIO) -> bool:
    """True when `stream` is a terminal and NO_COLOR is not set (or set to the empty string)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def strip_escapes(text: str) -> str:
    """`text` without terminal escape sequences (what plotext adds even to an uncoloured plot)."""
    return _ESCAPE.sub("", text)
