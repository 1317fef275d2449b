"""Errors a user can cause, one type per layer, each with a message meant for a person.

The CLI turns any `InterviewkitError` into one line on stderr and exit code 2; anything else is a
bug and is reported as such. Keep messages short, specific and actionable.
"""

from __future__ import annotations


class InterviewkitError(Exception):
    """Base of every error the user can cause (bad input, missing files, no GPU, ...)."""

    title = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and hint as one line, for the CLI and the TUI's error toast.

        Every line break Python knows (\\r, \\u2028, ... as well as \\n, in the hint too) becomes
        one space: a file name or typed text inside a message must not split it.
        """
        text = f"{self.message} ({self.hint})" if self.hint else self.message
        return " ".join(part.strip() for part in text.splitlines() if part.strip())


def shown(value: str, limit: int = 60) -> str:
    """`value` quoted for an error message, cut to `limit` characters: a 100 kB typo must not
    become a 100 kB error line."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


class BankError(InterviewkitError):
    """The question bank cannot be used (a missing path, an unknown id, ...)."""

    title = "bank error"


class NotationError(InterviewkitError):
    """An answer or expression could not be understood (syntax, unknown name, limits)."""

    title = "notation error"

    def __init__(self, message: str, *, position: int | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.position = position


class EngineError(InterviewkitError):
    """A torch engine command cannot run as asked (bad sizes, no GPU, too much memory)."""

    title = "engine error"


class StoreError(InterviewkitError):
    """The progress database cannot be opened or written."""

    title = "progress store error"


class ExerciseError(InterviewkitError):
    """A code exercise cannot be started or checked (unknown name, a file that does not run)."""

    title = "code"
