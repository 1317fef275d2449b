"""The three verdicts of a checked answer, as NOTATION.md names them: one closed set.

A `TextEnum`, so a verdict compares equal to its name, is stored in SQLite and written to JSON as
that plain string (`"correct"`), and reads back with `Verdict(text)`; it prints and reprs as that
string too, so messages, doctests and `check --json` read as they did before the enum.

>>> Verdict("correct") == "correct", Verdict.INVALID
(True, 'invalid')
"""

from __future__ import annotations

from interviewkit.textenum import TextEnum


class Verdict(TextEnum):
    """`correct`, `incorrect` (readable but wrong) or `invalid` (could not be understood)."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    INVALID = "invalid"
