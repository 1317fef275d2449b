"""Decks and topics with their counts: questions, new, due today and learned.

The numbers come from `study.sessions.home_counts`, the one place they are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from interviewkit.bank.schema import TOPICS

if TYPE_CHECKING:
    from interviewkit.study.sessions import DeckCounts, HomeCounts

ALL = "__all__"


class DeckTable(DataTable[object]):
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

    def fill(self, counts: HomeCounts) -> None:
        """Rebuild the rows; the cursor stays on the row it was on."""
        keep = self.cursor_row
        self.clear()
        rows: list[tuple[str, str, DeckCounts]] = [(ALL, "All topics", counts.all)]
        if len(counts.decks) > 1:
            rows += [(f"deck:{d}", f"deck: {d}", c) for d, c in counts.decks.items()]
        rows += [(t, f"  {TOPICS.get(t, t)}", c) for t, c in counts.topics.items()]
        for key, name, c in rows:
            self.add_row(Text(name), c.total, c.new, c.due, c.learned, key=key)
        self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key.startswith("deck:"):
            return
        self.post_message(self.TopicChosen(None if key == ALL else key))
