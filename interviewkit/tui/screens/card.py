"""The card menu: suspend, bury, flag or note the question on screen, one key each.

Opened with Ctrl+O in a session. Each key saves at once (one store transaction, in a thread)
and closes the menu with the question's new mark; the session then moves past a question
that was suspended or buried.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from interviewkit.bank.schema import Question
from interviewkit.study.records import FLAGS, Mark
from interviewkit.tui import marks
from interviewkit.tui.context import StudyContext


class CardScreen(ModalScreen[Mark | None]):
    """`s` suspend, `b` bury, `1`-`4` flag, `0` no flag, `n` note, Escape close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        *[Binding(str(n), f"flag({n})", "Flag", show=n == 1, key_display="0-4") for n in range(5)],
        Binding("n", "note", "Note"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, context: StudyContext, question: Question, mark: Mark | None) -> None:
        super().__init__()
        self.context = context
        self.question = question
        self.mark = mark

    def compose(self) -> ComposeResult:
        now = self.context.now()
        mark = self.mark
        state = marks.describe(mark, now) or "no marks"
        suspended = mark is not None and mark.suspended
        buried = mark is not None and mark.buried(now)
        flags = ", ".join(f"{n} {name}" for n, name in FLAGS.items() if n)
        note = mark.note if mark is not None and mark.note else "none"
        lines = [
            f"s  {'Unsuspend' if suspended else 'Suspend: leave it out of every session'}",
            f"b  {'Unbury' if buried else 'Bury: leave it out until tomorrow'}",
            f"1-4  Flag: {flags}; 0 no flag",
            f"n  Note: {note}",
            "Esc  Close",
        ]
        with Vertical(id="card-box", classes="modal-box"):
            yield Static(f"{self.question.id} ({state})", classes="modal-title", markup=False)
            yield Static("\n".join(lines), id="card-keys", markup=False)

    def action_suspend(self) -> None:
        self.save(marks.toggle_suspended(self.question.id, self.mark))

    def action_bury(self) -> None:
        self.save(marks.toggle_buried(self.question.id, self.mark))

    def action_flag(self, flag: int) -> None:
        self.save(marks.toggle_flag(self.question.id, self.mark, flag))

    def action_note(self) -> None:
        from interviewkit.tui.screens.note import NoteScreen

        def noted(text: str | None) -> None:
            if text is not None:
                self.save(marks.set_note(self.question.id, text))

        self.app.push_screen(
            NoteScreen(self.question.id, self.mark.note if self.mark else ""), noted
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def save(self, change: marks.Change) -> None:
        def saved(mark: Mark) -> None:
            self.dismiss(mark)

        marks.apply(self, self.context, change, saved)
