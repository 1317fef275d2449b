"""The rating row: Again / Hard / Good / Easy on keys 1-4, the suggested one highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fsrs import Rating
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from interviewkit.tui.outcome import RATINGS


class RatingChoice(Static):
    def __init__(self, rating: Rating) -> None:
        super().__init__(f"{int(rating)} {rating.name}", classes="rating-choice")
        self.rating = rating

    def on_click(self, event: Click) -> None:
        event.stop()
        self.query_ancestor(RatingBar).choose(self.rating)


class RatingBar(Horizontal):
    """Keys 1-4 rate at once; ←/→ move the highlight and Enter accepts it (or asks for 1-4)."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(int(r)), f"choose({int(r)})", "Rate", show=r == 1, key_display="1-4")
            for r in RATINGS
        ],
        Binding("left", "move(-1)", "Lower", show=False),
        Binding("right", "move(1)", "Raise", show=False),
        Binding("enter", "accept", "Next"),
    ]

    @dataclass
    class Chosen(Message):
        rating: Rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlight: Rating | None = None
        self.waiting = False  # the rating is given and being saved: the keys wait too
        self.prompt = Static("", classes="rating-prompt", markup=False)

    def compose(self) -> ComposeResult:
        yield self.prompt
        for rating in RATINGS:
            yield RatingChoice(rating)

    def ask(self, suggested: Rating | None, text: str) -> None:
        """Show the bar with `suggested` highlighted (None: the learner must pick)."""
        self.highlight = suggested
        self.show(text, waiting=False)

    def wait(self, text: str) -> None:
        """Say what is happening (the rating being saved), with no choice to make meanwhile."""
        self.show(text, waiting=True)

    def show(self, text: str, *, waiting: bool) -> None:
        self.waiting = waiting
        self.prompt.update(text)
        for choice in self.query(RatingChoice):
            choice.display = not waiting
        self.refresh_choices()
        self.refresh_bindings()
        self.display = True
        self.focus()

    def refresh_choices(self) -> None:
        for choice in self.query(RatingChoice):
            choice.set_class(choice.rating == self.highlight, "-highlight")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.waiting:
            return False
        # Enter stays live with nothing suggested (a revealed flashcard): it says to press 1-4
        if action == "move" and self.highlight is None:
            return None  # hidden keys; ←/→ start once a rating is highlighted
        return True

    def action_choose(self, number: int) -> None:
        self.choose(Rating(number))

    def choose(self, rating: Rating) -> None:
        if self.waiting:
            return
        self.display = False
        self.post_message(self.Chosen(rating))

    def action_move(self, step: int) -> None:
        start = self.highlight or Rating.Good
        self.highlight = Rating(min(Rating.Easy, max(Rating.Again, start + step)))
        self.refresh_choices()

    def action_accept(self) -> None:
        if self.highlight is None:
            self.notify("Rate yourself with 1-4 (Again, Hard, Good, Easy).", severity="warning")
            return
        self.choose(self.highlight)
