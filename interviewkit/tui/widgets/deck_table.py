"""Decks and topics with their counts: questions, new, due today and learned.

The numbers come from `study.sessions.home_counts`, the one place they are counted.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from interviewkit.bank.vocabulary import TOPICS

if TYPE_CHECKING:
    from interviewkit.study.sessions import DeckCounts, HomeCounts

ALL = "__all__"
#: The number columns, after the names: "Due today", not "Due": the home screen's status line
#: says "Review now: N due", a smaller number.
NUMBERS: tuple[tuple[str, str], ...] = (
    ("Qs", "qs"),
    ("New", "new"),
    ("Due today", "due"),
    ("Learned", "learned"),
)


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
        self.counts: HomeCounts | None = None
        self.add_columns_sized(None)

    def add_columns_sized(self, name_width: int | None, widths: tuple[int, ...] = ()) -> None:
        # Text, not str: a str label or cell is parsed as markup with emoji codes, whose table
        # alone takes ~3 ms to import before the first screen (and a topic is not markup)
        self.add_column(Text("Deck / topic"), width=name_width, key="name")
        for n, (label, key) in enumerate(NUMBERS):
            self.add_column(Text(label), width=widths[n] if widths else None, key=key)

    def fill(self, counts: HomeCounts) -> None:
        """Rebuild the rows; the cursor stays on the row it was on.

        The names get the width the numbers leave, and a longer one wraps onto a second line
        (at 80 columns "Sequence-to-sequence, teacher forcing and attention" pushed the last
        column off the screen).
        """
        self.counts = counts
        keep = self.cursor_row
        rows: list[tuple[str, int, str, DeckCounts]] = [(ALL, 0, "All topics", counts.all)]
        if len(counts.decks) > 1:
            rows += [(f"deck:{d}", 0, f"deck: {d}", c) for d, c in counts.decks.items()]
        rows += [(t, 2, TOPICS.get(t, t), c) for t, c in counts.topics.items()]
        values = [(c.total, c.new, c.due, c.learned) for *_, c in rows]
        widths = tuple(
            max(len(label), *(len(str(v[n])) for v in values))
            for n, (label, _) in enumerate(NUMBERS)
        )
        pad = 2 * self.cell_padding
        room = self.scrollable_content_region.width - sum(w + pad for w in widths) - pad
        longest = max(indent + len(name) for _, indent, name, _ in rows)
        name_width = max(16, min(room, longest))
        self.clear(columns=True)
        self.add_columns_sized(name_width, widths)
        for (key, indent, name, _), numbers in zip(rows, values, strict=True):
            lines = textwrap.wrap(name, name_width - indent) or [""]
            cell = Text("\n".join(" " * indent + line for line in lines))
            self.add_row(cell, *numbers, key=key, height=None)
        self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self.counts is not None:
            self.fill(self.counts)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key.startswith("deck:"):
            return
        self.post_message(self.TopicChosen(None if key == ALL else key))
