"""A one-line progress bar with the running loss, written to stderr (stdout stays for results).

On a terminal it redraws itself in place; otherwise (a log file, CI) it prints a line every tenth
of the way, so logs stay short.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(
        self, total: int, *, label: str = "", stream: TextIO | None = None, width: int = 30
    ):
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.start = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_decile = -1

    def update(self, done: int, **values: float) -> None:
        """Show `done` of `total` and the given values (e.g. loss=0.04)."""
        decile = 10 * done // self.total
        if not self.tty and (decile == self._last_decile and done != self.total):
            return
        self._last_decile = decile
        filled = self.width * done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        shown = "  ".join(f"{k} {v:.4f}" for k, v in values.items())
        elapsed = time.perf_counter() - self.start
        line = f"{self.label} [{bar}] {done}/{self.total}  {shown}  {elapsed:.0f}s"
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
