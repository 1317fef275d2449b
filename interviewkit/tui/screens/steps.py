"""The `derive --steps` page for one target: the chain rule, path by path, computed in a worker.

The page is laid out by `interviewkit.math.explain.steps_page`, the same function the CLI prints,
so the app and `interviewkit derive --steps` never disagree. SymPy is imported inside the worker
only (by `interviewkit.math.derive`), so opening the quiz never pays for it and the screen stays
responsive while the derivation runs.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from interviewkit.tui.errors import show_error


class StepsScreen(ModalScreen[None]):
    """Escape or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Close")]

    def __init__(self, target: str, variant: str | None) -> None:
        super().__init__()
        self.target = target
        self.variant = variant

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="steps-box", classes="modal-box"):
            yield Static(
                "Deriving… (SymPy; the first time takes a moment)", id="steps-page", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#steps-box").focus()
        # the modal box is 90% of the screen (at most 100 columns), minus border and padding
        width = max(40, min(100, int(self.app.size.width * 0.9)) - 4)
        self.derive_steps(width)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def derive_steps(self, width: int) -> None:
        try:
            from interviewkit.math import explain
            from interviewkit.math.derive import derive
            from interviewkit.math.targets import get_target

            [derived] = derive(get_target(self.target).cell, self.variant, self.target)
            text = "\n".join(explain.steps_page(derived, explain.UNICODE, width))
        except Exception as exc:
            self.app.call_from_thread(self.failed, exc)
        else:
            self.app.call_from_thread(self.show, text)

    def show(self, text: str) -> None:
        page = self.query_one("#steps-page", Static)
        page.update(text)

    def failed(self, exc: Exception) -> None:
        self.query_one("#steps-page", Static).update("The derivation could not be shown.")
        show_error(self.app, exc)
