"""How any failure becomes one short notification: the only place the UI words errors.

Errors a user can cause (`InterviewkitError`) are shown verbatim with their title; anything else
is a bug and is reported as such in one line, never as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interviewkit.errors import InterviewkitError

if TYPE_CHECKING:
    from textual.app import App


def describe(error: BaseException | str) -> tuple[str, str]:
    """`(title, message)` for a notification."""
    if isinstance(error, str):
        return "error", error
    if isinstance(error, InterviewkitError):
        return error.title, error.one_line()
    return "internal error", f"{type(error).__name__}: {error} (please report it)"


def show_error(app: App[Any], error: BaseException | str) -> None:
    """The one place errors reach the learner: a notification, never a traceback."""
    title, message = describe(error)
    app.log.error(title, message)
    app.notify(message, title=title, severity="error", timeout=10, markup=False)
