"""How any failure becomes one short notification: the only place the UI words errors.

Errors a user can cause (`InterviewkitError`) are shown verbatim with their title; anything else
is a bug and is reported as such in one line, never as a traceback.
"""

from __future__ import annotations

from interviewkit.errors import InterviewkitError


def describe(error: BaseException | str) -> tuple[str, str]:
    """`(title, message)` for a notification."""
    if isinstance(error, str):
        return "error", error
    if isinstance(error, InterviewkitError):
        return error.title, error.one_line()
    return "internal error", f"{type(error).__name__}: {error} (please report it)"
