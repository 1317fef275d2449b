"""Decks and topics with their counts: questions, new, due today and learned."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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


def count(questions: Iterable[Question], seen: set[str], due: set[str]) -> Counts:
    """New: never answered. Due: scheduled for now or earlier. Learned: answered and not due."""
    qs = list(questions)
    new = sum(q.id not in seen for q in qs)
    due_n = sum(q.id in due for q in qs)
    learned = sum(q.id in seen and q.id not in due for q in qs)
    return Counts(len(qs), new, due_n, learned)


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
        self.add_column("Deck / topic", key="name")
        for key in ("Qs", "New", "Due", "Learned"):
            self.add_column(key, key=key.lower())

    def fill(self, questions: list[Question], seen: set[str], due: set[str]) -> None:
        """Rebuild the rows from `questions` (already filtered by kind and difficulty)."""
        self.clear()
        rows: list[tuple[str, str, Counts]] = [(ALL, "All topics", count(questions, seen, due))]
        decks = Counter(q.origin.deck for q in questions)
        if len(decks) > 1:
            for deck in sorted(decks):
                in_deck = [q for q in questions if q.origin.deck == deck]
                rows.append((f"deck:{deck}", f"deck: {deck}", count(in_deck, seen, due)))
        for topic, title in TOPICS.items():
            in_topic = [q for q in questions if q.topic == topic]
            if in_topic:
                rows.append((topic, f"  {title}", count(in_topic, seen, due)))
        for key, name, c in rows:
            self.add_row(name, c.total, c.new, c.due, c.learned, key=key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key.startswith("deck:"):
            return
        self.post_message(self.TopicChosen(None if key == ALL else key))
