"""The home screen's filters: topic, kind and difficulty, each a drop-down."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Select

from interviewkit.bank.schema import DIFFICULTIES, KINDS, TOPICS
from interviewkit.tui.context import Filters


class FilterBar(Horizontal):
    """Posts `Changed` with the new `Filters` whenever a drop-down changes."""

    @dataclass
    class Changed(Message):
        filters: Filters

    def __init__(self, filters: Filters, topics: list[str]) -> None:
        super().__init__()
        self.filters = filters
        self.topics = topics

    def compose(self) -> ComposeResult:
        yield Select(
            [(TOPICS.get(t, t), t) for t in self.topics],
            prompt="All topics",
            value=self.filters.topic or Select.NULL,
            id="filter-topic",
        )
        yield Select(
            [(k, k) for k in KINDS],
            prompt="All kinds",
            value=self.filters.kind or Select.NULL,
            id="filter-kind",
        )
        yield Select(
            [(d, d) for d in DIFFICULTIES],
            prompt="Any difficulty",
            value=self.filters.difficulty or Select.NULL,
            id="filter-difficulty",
        )

    def set_topic(self, topic: str | None) -> None:
        self.query_one("#filter-topic", Select).value = topic or Select.NULL

    @on(Select.Changed)
    def changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        name = (event.select.id or "").removeprefix("filter-")
        setattr(self.filters, name, value)
        self.post_message(self.Changed(self.filters))
