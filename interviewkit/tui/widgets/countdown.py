"""The mock interview's clock: minutes and seconds left, `Expired` once at zero."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


class Countdown(Static):
    """Counts down from `seconds` on the monotonic clock (a suspended laptop does not cheat)."""

    remaining: reactive[int] = reactive(0)

    @dataclass
    class Expired(Message):
        """Time is up."""

    def __init__(self, seconds: float, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.total = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False

    def on_mount(self) -> None:
        self.remaining = int(self.total)
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.remaining = max(0, round(self.deadline - time.monotonic()))
        if self.remaining == 0 and not self.expired:
            self.expired = True
            self.post_message(self.Expired())

    def watch_remaining(self, value: int) -> None:
        minutes, seconds = divmod(value, 60)
        self.update(f"⏱ {minutes:02d}:{seconds:02d}")
        self.set_class(value <= 60, "-low")
