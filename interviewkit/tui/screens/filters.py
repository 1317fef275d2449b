"""The filters (topic, kind, difficulty) in a modal that returns the new `Filters`, or None;
`--cell` has no drop-down and is kept as it was."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from interviewkit.bank.schema import DIFFICULTIES, KINDS, TOPICS, is_kind
from interviewkit.tui.context import Filters


class FilterScreen(ModalScreen["Filters | None"]):
    """Tab moves between the drop-downs, Ctrl+S or the button applies, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, filters: Filters, topics: list[str]) -> None:
        super().__init__()
        self.filters = filters
        self.topics = topics

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="modal-box"):
            yield Label("Topic")
            yield Select(
                [(TOPICS.get(t, t), t) for t in self.topics],
                prompt="All topics",
                value=self.filters.topic or Select.NULL,
                id="filter-topic",
            )
            yield Label("Kind")
            yield Select(
                [(k, k) for k in KINDS],
                prompt="All kinds",
                value=self.filters.kind or Select.NULL,
                id="filter-kind",
            )
            yield Label("Difficulty")
            yield Select(
                [(d, d) for d in DIFFICULTIES],
                prompt="Any difficulty",
                value=self.filters.difficulty or Select.NULL,
                id="filter-difficulty",
            )
            with Horizontal(id="filter-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="filter-apply")
                yield Button("Clear", id="filter-clear")
                yield Button("Cancel (esc)", id="filter-cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-topic", Select).focus()

    def value(self, name: str) -> str | None:
        value = self.query_one(f"#filter-{name}", Select).value
        return None if value is Select.NULL else str(value)

    def action_apply(self) -> None:
        kind = self.value("kind")
        picked = Filters(
            self.value("topic"), kind if is_kind(kind) else None, self.value("difficulty")
        )
        self.dismiss(replace(picked, cell=self.filters.cell))  # `--cell` has no drop-down here

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#filter-apply")
    def apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#filter-clear")
    def clear_pressed(self) -> None:
        self.dismiss(Filters())

    @on(Button.Pressed, "#filter-cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)
