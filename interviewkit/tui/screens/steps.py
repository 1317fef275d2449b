"""The `derive --steps` page for one target: the chain rule, path by path, computed in a worker.

The page is laid out by `interviewkit.math.explain.page`, the same function the CLI prints (the
chain rule forwards for a Jacobian, the backward pass for a gradient or a BPTT total), so the app
and `interviewkit derive --steps` never disagree. SymPy is imported inside the worker
only (by `interviewkit.math.derive`), so opening the quiz never pays for it and the screen stays
responsive while the derivation runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from interviewkit.tui.errors import show_error

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec


class StepsScreen(ModalScreen[None]):
    """Escape or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Close")]

    def __init__(
        self,
        target: str,
        variant: str | None,
        cell: CellSpec | None = None,
        cell_file: str | None = None,
    ) -> None:
        """`cell`, or the path of its file (read in the worker): a learner's cell, whose
        targets no built-in cell has."""
        super().__init__()
        self.target = target
        self.variant = variant
        self.cell = cell
        self.cell_file = cell_file
        self.width = 0  # the width the page is laid out for: the page's own, once known

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="steps-box", classes="modal-box"):
            yield Static(
                "Deriving… (SymPy; the first time takes a moment)", id="steps-page", markup=False
            )

    def on_mount(self) -> None:
        box = self.query_one("#steps-box")
        box.focus()
        # laid out for the width it is shown in, once the box has its size: the box keeps
        # its scrollbar's room (screens.tcss), so a page that scrolls is not wrapped again
        self.call_after_refresh(
            lambda: self.derive_steps(max(40, box.scrollable_content_region.width))
        )

    @work(thread=True, exclusive=True, exit_on_error=False)
    def derive_steps(self, width: int) -> None:
        self.width = width
        try:
            from interviewkit.math import explain
            from interviewkit.math.derive import derive
            from interviewkit.math.targets import resolve

            spec = self.cell
            if spec is None and self.cell_file:
                from interviewkit.bank.cellfiles import read_cell

                spec = read_cell(self.cell_file)
            t, cell = resolve(self.target, self.variant, spec)
            [derived] = derive(t.cell, cell.variant, t.name, spec=cell)
            text = "\n".join(explain.page(derived, explain.UNICODE, width))
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
