"""A time limit on SymPy work for cells a learner wrote, so a pathological file cannot hang.

SymPy cannot be interrupted from outside, but a signal can interrupt it from inside: in the
main thread `time_limit` arms an interval timer whose handler raises `NotationError`. Elsewhere
(a TUI worker thread) no signal can be delivered, and the caller bounds the wait instead.
Equations that inline into expressions deeper than Python's recursion limit are the other way
such a file fails, and become the same kind of one-line error.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from interviewkit.errors import NotationError


@contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Raise NotationError if the block runs longer than `seconds` (None: no limit) or
    recurses past Python's limit."""
    with _recursion_as_notation_error(what), _timer(seconds, what):
        yield


@contextmanager
def _recursion_as_notation_error(what: str) -> Iterator[None]:
    try:
        yield
    except RecursionError:
        raise NotationError(
            f"{what} stopped: the equations nest too deeply once inlined",
            hint="simplify the equations (fewer nested gates), or split the cell",
        ) from None


@contextmanager
def _timer(seconds: float | None, what: str) -> Iterator[None]:
    usable = (
        seconds is not None
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
    )
    if not usable:
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise NotationError(
            f"{what} took longer than {seconds:g} s and was stopped",
            hint="simplify the equations (fewer nested gates), or split the cell",
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
