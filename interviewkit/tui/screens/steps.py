"""The `derive --steps` page for one target: the chain rule, path by path, computed in a worker.

SymPy is imported inside the worker only (by `interviewkit.math.derive`), so opening the quiz
never pays for it and the screen stays responsive while the derivation runs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static


def steps_markdown(derived: Any, title: str) -> str:
    """A derivation as Markdown: each quantity's equation, its paths, and its Jacobian."""
    from interviewkit.math.printer import to_unicode

    lines = [f"# {title}", "", f"**Result** ({derived.shape}): `{to_unicode(derived.expr)}`", ""]
    for n, step in enumerate(derived.steps, 1):
        node = to_unicode(step.node)
        head = f"**{n}. ∂{node}/∂{step.wrt}**"
        if step.equation is not None:
            head += f", where `{node} = {to_unicode(step.equation)}`"
        lines += [head, ""]
        for path in step.paths:
            via = to_unicode(path.via)
            ref = f" (step {path.step + 1})" if path.step is not None else ""
            lines.append(
                f"- through `{via}`: `{to_unicode(path.local)}` · `{_group(to_unicode(path.through))}`"
                f"{ref} = `{to_unicode(path.contribution)}`"
            )
        lines += ["", f"  so ∂{node}/∂{step.wrt} = `{to_unicode(step.result)}`", ""]
    return "\n".join(lines)


class StepsScreen(ModalScreen[None]):
    """Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "Close")]

    def __init__(self, target: str, variant: str | None) -> None:
        super().__init__()
        self.target = target
        self.variant = variant

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="steps-box", classes="modal-box"):
            yield Static("Deriving… (SymPy, the first time takes a second)", id="steps-wait")
            yield Markdown("", id="steps-page")

    def on_mount(self) -> None:
        self.derive_steps()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def derive_steps(self) -> None:
        try:
            from interviewkit.math.derive import derive
            from interviewkit.math.targets import get_target

            t = get_target(self.target)
            [derived] = derive(t.cell, self.variant, self.target)
            which = f" ({self.variant})" if self.variant else ""
            from interviewkit.bank.mathtext import latex_to_unicode

            title = f"{latex_to_unicode(t.title)}{which}, step by step"
            text = steps_markdown(derived, title)
        except Exception as exc:
            self.app.call_from_thread(self.failed, exc)
        else:
            self.app.call_from_thread(self.show, text)

    def show(self, text: str) -> None:
        self.query_one("#steps-wait", Static).display = False
        self.query_one("#steps-page", Markdown).update(text)

    def failed(self, exc: Exception) -> None:
        self.query_one("#steps-wait", Static).update("The derivation could not be shown.")
        self.app.show_error(exc)  # type: ignore[attr-defined]


def _group(text: str) -> str:
    """A sum written after a product needs its parentheses."""
    return f"({text})" if (" + " in text or " − " in text) and not text.startswith("(") else text
