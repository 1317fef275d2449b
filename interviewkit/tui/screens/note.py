"""The learner's own note on a question, typed in a modal that returns the text (or None)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from interviewkit.study.records import MAX_NOTE


class NoteScreen(ModalScreen[str | None]):
    """Enter saves (an empty note removes it), Escape leaves the note as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question_id: str, note: str) -> None:
        super().__init__()
        self.question_id = question_id
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box"):
            yield Static(f"Your note on {self.question_id}", classes="modal-title", markup=False)
            yield Input(value=self.note, max_length=MAX_NOTE, id="note-text")
            yield Static("Enter saves it (empty: no note) · Esc cancels", classes="hint-line")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
