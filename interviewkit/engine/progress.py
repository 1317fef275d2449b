"""The progress of a long demo on stderr (stdout stays for results), drawn by rich's progress.

On a terminal: the bar, done of total, the rate, the time left and the running values (a loss).
In a pipe or a log file it writes nothing: the result says what happened and how long it took,
and a bar redrawn a hundred times is noise there. Colour follows `interviewkit.terminal` (none
with NO_COLOR). rich comes with Textual and is imported only when a bar is drawn.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

from interviewkit.terminal import use_colour


class ProgressBar:
    """`update(done, **values)` as work goes; `close()` (or a `with` block) at the end."""

    def __init__(
        self, total: int, *, label: str = "", unit: str = "steps", stream: TextIO | None = None
    ) -> None:
        stream = stream if stream is not None else sys.stderr
        self._progress: Any = None
        try:
            terminal = bool(stream.isatty())
        except (AttributeError, ValueError, OSError):
            terminal = False
        if not terminal:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = Console(file=stream, force_terminal=True, no_color=not use_colour(stream))
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[values]}"),
            console=console,
        )
        self._unit = unit
        self._task = self._progress.add_task(label, total=total, rate=f"- {unit}/s", values="")
        self._progress.start()

    def update(self, done: int, **values: float) -> None:
        """Show `done` of the total and the given values (e.g. loss=0.04)."""
        if self._progress is None:
            return
        self._progress.update(self._task, completed=done)
        speed = self._progress.tasks[0].speed
        self._progress.update(
            self._task,
            rate=f"{_rate(speed)} {self._unit}/s",
            values="  ".join(f"{k} {v:.4f}" for k, v in values.items()),
        )

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _rate(speed: float | None) -> str:
    """`1,250`, `12.5`, `0.125`: whole numbers once the rate is large, never 1.25e+03."""
    if not speed:
        return "-"
    return f"{speed:,.0f}" if speed >= 100 else f"{speed:.3g}"
