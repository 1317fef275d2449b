"""The card browser: every question with its state, next due date and marks; search them, see
a card's history, suspend, bury, flag, note or open one.

The search is `study.browse` (words, `tag:`, `topic:`, `kind:`, `is:`); the store is read once
in a thread when the browser opens or comes back, and each change is saved in a thread too.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from interviewkit.bank.render import prompt_text
from interviewkit.study.browse import CardRow, parse_query, search
from interviewkit.study.records import CardInfo, Mark, ReviewRecord
from interviewkit.tui import marks
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.widgets.choice import inline_code
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.wording import plural

#: Columns after the question's id: (title, width).
COLUMNS: tuple[tuple[str, int], ...] = (("Kind", 10), ("State", 10), ("Due", 10), ("Marks", 5))
FLAG_STYLES = {1: "bold red", 2: "bold dark_orange", 3: "bold green", 4: "bold blue"}
HISTORY = 4  # answers shown under the table, the latest


@dataclass(frozen=True)
class Snapshot:
    """What the store holds, read at once: cards, marks and each question's answers."""

    cards: dict[str, CardInfo]
    marks: dict[str, Mark]
    history: dict[str, list[ReviewRecord]]


def when(due: datetime, now: datetime) -> str:
    """A due date in a few characters: "now", "in 3 h", "in 12 days", "2027-01-05"."""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"in {plural(days, 'day')}" if days < 100 else due.astimezone().date().isoformat()


def marks_cell(mark: Mark | None, now: datetime) -> Text:
    """S suspended, B buried, ⚑ the flag in its colour, N a note."""
    cell = Text()
    if mark is None:
        return cell
    if mark.suspended:
        cell.append("S")
    if mark.buried(now):
        cell.append("B")
    if mark.flag:
        cell.append("⚑", style=FLAG_STYLES[mark.flag])
    if mark.note:
        cell.append("N")
    return cell


class BrowserScreen(Screen[None]):
    """`/` searches; on a row: Enter opens it, `s` suspends, `b` buries, `1`-`4` flag, `0` no
    flag, `n` note; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        # priority: the app runs these as the key arrives, before it hands the next keys to
        # the widget focused now (a plain binding runs once its key has gone round the
        # widgets, and letters typed right after `/` reached the list, not the search box)
        Binding("slash", "search", "Search", key_display="/", priority=True),
        Binding("enter", "to_the_list", show=False, priority=True),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        *[Binding(str(n), f"flag({n})", "Flag", show=n == 1, key_display="0-4") for n in range(5)],
        Binding("n", "note", "Note"),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.snapshot = Snapshot({}, {}, {})
        self.rows: list[CardRow] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static("Browse", id="session-title")
            yield Static("reading your progress…", id="session-progress", markup=False)
        yield Input(
            placeholder="search: words, tag:T topic:T kind:K is:new|due|suspended|flagged…",
            id="browse-search",
            compact=True,
        )
        yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="browse-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded:  # back from a question opened here: its answer changed the card
            self.load()

    def load(self) -> None:
        store = self.context.store

        def read() -> Snapshot:
            history: dict[str, list[ReviewRecord]] = defaultdict(list)
            for review in store.reviews():
                history[review.question_id].append(review)
            cards = {c.question_id: c for c in store.cards()}
            return Snapshot(cards, store.marks(), dict(history))

        in_thread(self, read, self.loaded_snapshot, name="browse", exclusive=True)

    def loaded_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.loaded = True
        self.refill()

    # ------------------------------------------------------------------ the list
    def refill(self) -> None:
        """Search again with the text in the box and rebuild the table; the cursor stays on
        the question it was on, if it is still listed."""
        now = self.context.now()
        query = parse_query(self.query_one("#browse-search", Input).value)
        s = self.snapshot
        self.rows = search(self.context.questions, s.cards, s.marks, query, now)
        table = self.query_one(DataTable)
        keep = self.current.question.id if self.current is not None else None
        table.clear(columns=True)
        pad = 2 * table.cell_padding
        room = table.scrollable_content_region.width - sum(w + pad for _, w in COLUMNS) - pad
        longest = max((len(r.question.id) for r in self.rows), default=8)
        id_width = max(12, min(room, longest))
        table.add_column(Text("Question"), width=id_width, key="id")
        for title, width in COLUMNS:
            table.add_column(Text(title), width=width, key=title.lower())
        for row in self.rows:
            card = row.card
            due = when(card.due, now) if card is not None else "–"
            name = Text("\n".join(textwrap.wrap(row.question.id, id_width) or [""]))
            cells = (Text(row.question.kind), Text(row.state), Text(due))
            table.add_row(name, *cells, marks_cell(row.mark, now), key=row.question.id, height=None)
        total = len(self.context.questions)
        said = f"{len(self.rows)} of {plural(total, 'question')}"
        if query.problems:
            said += f" · {query.problems[0]}"
        self.query_one("#session-progress", Static).update(said)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.show_detail()

    @property
    def current(self) -> CardRow | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(Input.Changed, "#browse-search")
    def searched(self) -> None:
        if self.loaded:
            self.refill()

    def action_to_the_list(self) -> None:
        """Enter in the search box: the keys go to the list (`s` right after suspends)."""
        self.set_focus(self.query_one(DataTable))

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted question: its prompt, card, next due date, latest answers, note."""
        detail = self.query_one("#browse-detail", Static)
        row = self.current
        if row is None:
            detail.update("No question matches the search." if self.loaded else "")
            return
        q, card, mark, now = row.question, row.card, row.mark, self.context.now()
        # as `bank list` shows it: a numeric one with its example draw, math in Unicode
        prompt = " ".join(prompt_text(q).split())
        lines = [f"{q.id} · {q.kind} · {q.difficulty} · {q.topic_title}", prompt]
        if card is None:
            lines.append("New: never answered.")
        else:
            due = card.due.astimezone().strftime("%Y-%m-%d %H:%M")
            lines.append(
                f"{row.state.capitalize()} · {plural(card.reps, 'answer')}, "
                f"{plural(card.lapses, 'lapse')} · next due {due} ({when(card.due, now)})"
            )
        answers = self.snapshot.history.get(q.id, [])[-HISTORY:]
        if answers:
            said = [
                f"{r.reviewed_at.astimezone():%m-%d} {r.rating.name} ({r.mode or '?'})"
                for r in answers
            ]
            lines.append("Latest answers: " + " · ".join(said))
        described = marks.describe(mark, now)
        if described:
            lines.append(f"Marks: {described}")
        if mark is not None and mark.note:
            lines.append(f"Note: {mark.note}")
        shown = Text("\n").join(
            inline_code(line) if n == 1 else Text(line) for n, line in enumerate(lines)
        )
        detail.update(shown)  # the prompt's `code spans` read as code, as on the question screens

    # ------------------------------------------------------------------ actions
    def action_search(self) -> None:
        # set_focus, not focus(): that one moves the focus only after the keys already queued
        self.set_focus(self.query_one("#browse-search", Input))

    @on(DataTable.RowSelected)
    def open_question(self) -> None:
        """A quiz of this one question (its answer is recorded like any other)."""
        row = self.current
        if row is None:
            return
        from interviewkit.study.modes import Mode
        from interviewkit.tui.screens.session import SessionScreen

        self.app.push_screen(
            SessionScreen(self.context, Mode.QUIZ, [row.question], marks=self.snapshot.marks)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        searching = isinstance(self.focused, Input)
        if action in ("suspend", "bury", "flag", "note"):
            return self.current is not None and not searching
        if action == "search":
            return not searching  # a slash typed in the box is text
        if action == "to_the_list":
            return searching  # Enter on the list opens the question
        return True

    def action_suspend(self) -> None:
        self.change(lambda row: marks.toggle_suspended(row.question.id, row.mark))

    def action_bury(self) -> None:
        self.change(lambda row: marks.toggle_buried(row.question.id, row.mark))

    def action_flag(self, flag: int) -> None:
        self.change(lambda row: marks.toggle_flag(row.question.id, row.mark, flag))

    def action_note(self) -> None:
        row = self.current
        if row is None:
            return
        from interviewkit.tui.screens.note import NoteScreen

        def noted(text: str | None) -> None:
            if text is not None:
                self.change(lambda row: marks.set_note(row.question.id, text), row)

        note = row.mark.note if row.mark is not None else ""
        self.app.push_screen(NoteScreen(row.question.id, note), noted)

    def change(self, make: Callable[[CardRow], marks.Change], row: CardRow | None = None) -> None:
        """Apply one mark change to `row` (the highlighted one), save it, show it."""
        row = row or self.current
        if row is None:
            return

        def saved(mark: Mark) -> None:
            self.snapshot.marks[mark.question_id] = mark
            self.refill()
            said = marks.describe(mark, self.context.now()) or "no marks"
            self.notify(f"{mark.question_id}: {said}", markup=False, timeout=3)

        marks.apply(self, self.context, make(row), saved)
