"""`TextEnum`: a closed set of names that are stored, printed and written to JSON as plain text.

The base of `math.verdict.Verdict` and `study.modes.Mode`. A `str` mixin (Python 3.10 has no
`StrEnum`): a member equals its text, `json.dumps` writes the text, SQLite stores it, and
`Kind(text)` reads it back, refusing anything outside the set with a ValueError.
"""

from __future__ import annotations

from enum import Enum


class TextEnum(str, Enum):
    """A str enum whose `str()` and `repr()` are its text, as messages and doctests show it."""

    def __str__(self) -> str:  # f-strings and print() show "correct", not "Verdict.CORRECT"
        return str(self.value)

    def __repr__(self) -> str:
        return repr(self.value)
