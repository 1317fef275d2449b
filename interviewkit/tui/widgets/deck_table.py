"""Decks and topics with their counts: questions, new, due today and learned."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from interviewkit.bank.schema import TOPICS, Question

ALL = "__all__"


@dataclass(frozen=True)
class Counts:
    total: int = 0
    new: int = 0
    due: int = 0
    learned: int = 0


@dataclass(frozen=True)
class CardState:
    """What the table needs of a stored card: is it due today, has it graduated."""

    due_today: bool
    learned: bool


def count(questions: Iterable[Question], cards: dict[str, CardState]) -> Counts:
    """New: never answered. Due: comes back before the day ends. Learned: out of the learning
    steps (FSRS Review state) and not due today; the rest are being learned."""
    qs = list(questions)
    new = sum(q.id not in cards for q in qs)
    due = sum(q.id in cards and cards[q.id].due_today for q in qs)
    learned = sum(q.id in cards and cards[q.id].learned and not cards[q.id].due_today for q in qs)
    return Counts(len(qs), new, due, learned)


class DeckTable(DataTable):
    """One row for everything, one per deck (when there are several), one per topic.

    Enter or a click on a topic row posts `TopicChosen` (the home screen filters on it).
    """

    @dataclass
    class TopicChosen(Message):
        topic: str | None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        # Text, not str: a str label or cell is parsed as markup with emoji codes, whose table
        # alone takes ~3 ms to import before the first screen (and a topic is not markup)
        self.add_column(Text("Deck / topic"), key="name")
        # "Due today", not "Due": the home screen's status line says "Due now", a smaller number
        for label, key in (
            ("Qs", "qs"),
            ("New", "new"),
            ("Due today", "due"),
            ("Learned", "learned"),
        ):
            self.add_column(Text(label), key=key)

    def fill(self, questions: list[Question], cards: dict[str, CardState]) -> None:
        """Rebuild the rows from `questions` (already filtered by kind and difficulty); the
        cursor stays on the row it was on."""
        keep = self.cursor_row
        self.clear()
        rows: list[tuple[str, str, Counts]] = [(ALL, "All topics", count(questions, cards))]
        decks = Counter(q.origin.deck for q in questions)
        if len(decks) > 1:
            for deck in sorted(decks):
                in_deck = [q for q in questions if q.origin.deck == deck]
                rows.append((f"deck:{deck}", f"deck: {deck}", count(in_deck, cards)))
        for topic, title in TOPICS.items():
            in_topic = [q for q in questions if q.topic == topic]
            if in_topic:
                rows.append((topic, f"  {title}", count(in_topic, cards)))
        for key, name, c in rows:
            self.add_row(Text(name), c.total, c.new, c.due, c.learned, key=key)
        self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key.startswith("deck:"):
            return
        self.post_message(self.TopicChosen(None if key == ALL else key))
