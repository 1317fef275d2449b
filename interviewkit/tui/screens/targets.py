"""The lab's target picker: ~200 targets, found by typing a few words of a name or a meaning.

A modal in the manner of a command palette: the filter box keeps the keyboard, ↑/↓ and the page
keys move through the list under it, Enter (or a click) picks, Escape keeps the current target.
The list is grouped by cell and by kind (Jacobians, backward pass, through time) under headings
that cannot be picked; every word typed must occur in a target's name, meaning, kind or cell.
The line under the list says the highlighted target in full, as `check --list-targets` does.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from interviewkit.tui.labtargets import Entry, matching
from interviewkit.tui.widgets.footer import KeyFooter


def options(found: list[Entry], query: str = "") -> list[Option]:
    """The list's rows: a heading for each cell and each kind, then its targets, each on one
    line (short name, shape, title), the words of `query` highlighted."""
    width = max((len(e.target.short) for e in found), default=0)
    rows: list[Option] = []
    cell = group = None
    several = len({e.cell for e in found}) > 1
    for e in found:
        if e.cell != cell:
            cell, group = e.cell, None
            rows.append(Option(_styled(f"{e.cell}: {e.about}", query, "bold"), disabled=True))
        if e.group != group:
            group = e.group
            label = f"  {group}" + (f" ({e.cell})" if several else "")
            rows.append(Option(Text(label, style="italic"), disabled=True))
        line = f"    {e.target.short:<{width}}  {e.shape:<4} {e.target.title}"
        rows.append(Option(_styled(line, query), id=e.name))
    return rows


def _styled(line: str, query: str, style: str = "") -> Text:
    """`line` with every word of `query` in it underlined, as a palette shows its matches."""
    text = Text(line, style=style, no_wrap=True, overflow="ellipsis")
    lower = line.lower()
    for word in query.lower().split():
        if len(word) < 2:
            continue  # a single letter is everywhere: underlining it shows nothing
        start = lower.find(word)
        while start >= 0:
            text.stylize("bold underline", start, start + len(word))
            start = lower.find(word, start + len(word))
    return text


class TargetPicker(ModalScreen["str | None"]):
    """Returns the picked target's name, or None when Escape keeps the current one."""

    #: before the filter box's own: it is one line, its ↑/↓ and page keys would do nothing
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Pick", priority=True),
        Binding("down", "move('cursor_down')", "Move", key_display="↑↓", priority=True),
        Binding("up", "move('cursor_up')", "Previous", show=False, priority=True),
        Binding("pagedown", "move('page_down')", "Page", key_display="PgDn", priority=True),
        Binding("pageup", "move('page_up')", "Page up", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, found: list[Entry], current: str | None = None, title: str = "") -> None:
        super().__init__()
        self.found = found
        self.shown: list[Entry] = found
        self.current = current
        self.heading = title or "Pick a target"

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Static(self.heading, classes="modal-title", markup=False)
            with Horizontal(id="picker-line"):
                yield Static("Filter:", id="picker-label")
                yield Input(
                    placeholder="words of a name or meaning: bptt d_c, dL_dW, jacobian gru",
                    id="picker-filter",
                    compact=True,
                )
                yield Static("", id="picker-count", markup=False)
            yield OptionList(*options(self.found), id="picker-list")
            yield Static("", id="picker-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-list", OptionList).can_focus = False  # the filter keeps the keys
        self.query_one("#picker-filter", Input).focus()
        self.refilter("", keep=self.current)

    @on(Input.Changed, "#picker-filter")
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter(event.value)

    def refilter(self, query: str, keep: str | None = None) -> None:
        """Show the entries that match `query`, the highlight on `keep` (or the first)."""
        self.shown = matching(self.found, query)
        listing = self.query_one("#picker-list", OptionList)
        listing.set_options(options(self.shown, query))
        count = self.query_one("#picker-count", Static)
        total = len(self.found)
        count.update(f"{len(self.shown)} of {total}" if self.shown else "none: fewer words?")
        names = [o.id for o in listing.options]  # None for a heading
        index = names.index(keep) if keep is not None and keep in names else None
        if index is None:
            index = next((i for i, o in enumerate(listing.options) if not o.disabled), None)
        listing.highlighted = index
        if index is not None:
            listing.scroll_to_highlight(top=keep is not None)
        self.describe()

    @on(OptionList.OptionHighlighted, "#picker-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.describe()

    def describe(self) -> None:
        """The highlighted target in full, under the list."""
        chosen = self.chosen()
        detail = self.query_one("#picker-detail", Static)
        if chosen is None:
            detail.update("")
            return
        only = (
            f"  (variants: {', '.join(chosen.target.variants)})" if chosen.target.variants else ""
        )
        detail.update(f"{chosen.name}  {chosen.shape}  {chosen.meaning}{only}")

    def chosen(self) -> Entry | None:
        listing = self.query_one("#picker-list", OptionList)
        option = listing.highlighted_option
        if option is None or option.id is None:
            return None
        return next((e for e in self.shown if e.name == option.id), None)

    def action_move(self, how: str) -> None:
        listing = self.query_one("#picker-list", OptionList)
        getattr(listing, f"action_{how}")()

    def action_pick(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.dismiss(chosen.name)

    @on(OptionList.OptionSelected, "#picker-list")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
