"""The derivation lab: pick a target (and GRU variant), type, get feedback, try again.

It offers every target of every built-in cell (Jacobians, one step of the backward pass, through
time), or of one cell (`quiz --mode lab --cell lstm`), or of a learner's cell file (`--cell
FILE.toml`); `F2` opens the picker (`screens.targets`), which finds one among ~200 by a few
typed words. A target the bank has a question on uses that question (its prompt and hints),
and the first readable attempt is recorded against it like any answer; later tries are
practice. The cell's equations fold out under the question (`F4`), and `Ctrl+S` shows the
derivation step by step (the page of `derive --steps`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from fsrs import Rating
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Select, Static

from interviewkit.bank import schema
from interviewkit.math.verdict import Verdict
from interviewkit.study.modes import Mode
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.errors import show_error
from interviewkit.tui.labtargets import Entry, entries, equation_lines, lab_question
from interviewkit.tui.widgets.derivation import DerivationPanel
from interviewkit.tui.widgets.feedback import FeedbackView
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.tui.widgets.panel import AnswerPanel

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec


class LabScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "steps", "Steps"),
        Binding("s", "steps", "Steps", show=False),  # when the answer box is not focused
        Binding("f2", "pick", "Target"),
        Binding("f3", "variant", "Variant"),
        Binding("f4", "equations", "Equations"),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        #: a learner's cell file (`quiz --mode lab --cell FILE`), else a built-in cell or all
        self.spec: CellSpec | None = context.lab_cell
        self.cell = None if self.spec is not None else context.filters.cell
        self.found: list[Entry] = entries(self.cell, self.spec)
        self.target = self.found[0].name
        self.recorded: set[str] = set()
        self.question: schema.Derivation | None = None
        self.show_equations = False
        self.folded: Collapsible | None = None  # the equations under the question
        from interviewkit.math.cells import variants

        #: the variant menu's choices (a GRU target's variants), set when a target needs them
        self.variants = variants("gru")

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(Mode.LAB.label, id="session-title")
            yield Static(
                "type the target's formula, Enter; try until it is right", id="session-progress"
            )
        with Horizontal(id="lab-pickers"):
            yield Button("", id="lab-target")
            yield Select([(v, v) for v in self.variants], allow_blank=False, id="lab-variant")
        yield VerticalScroll(id="stage")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @property
    def entry(self) -> Entry:
        return next(e for e in self.found if e.name == self.target)

    def picker_title(self) -> str:
        count = f"{len(self.found)} targets"
        if self.spec is not None:
            return f"Targets of your cell {self.spec.name} ({self.spec.source}): {count}"
        if self.cell is not None:
            return f"Targets of the {self.cell} cell (--cell {self.cell}): {count}"
        cells = len({e.cell for e in self.found})
        return f"Pick a target: {count} of {cells} cells; type words to narrow the list"

    def show_target(self) -> None:
        """The target button's line, and the variant menu (GRU targets only)."""
        from interviewkit.bank.mathtext import render_math

        e = self.entry
        button = self.query_one("#lab-target", Button)
        title = render_math(f"${e.target.title}$")  # ∂hₜ/∂hₜ₋₁, as the prompts write it
        button.label = Text(f"{e.cell} · {e.group} · {e.target.short}   {title}")
        button.tooltip = Text(f"{e.name}  {e.shape}  {e.meaning} (F2: another target)")
        variant = self.query_one("#lab-variant", Select)
        options = e.target.variants
        variant.display = bool(options)  # the GRU conventions mean nothing for other cells
        variant.disabled = not options
        if options and options != self.variants:  # gru.dL_db_hn exists in pytorch only
            from interviewkit.math.cells import default_variants

            keep = variant.value if variant.value in options else None
            variant.set_options([(v, v) for v in options])
            self.variants = options
            default = default_variants().get(e.cell)
            variant.value = keep or (default if default in options else options[0])

    def selection(self) -> tuple[str, str | None]:
        variant = self.query_one("#lab-variant", Select)
        if variant.disabled or variant.value is Select.NULL:
            return self.target, None
        return self.target, str(variant.value)

    @on(Select.Changed, "#lab-variant")
    def variant_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.load()

    @on(Button.Pressed, "#lab-target")
    def target_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        from interviewkit.tui.screens.targets import TargetPicker

        self.app.push_screen(
            TargetPicker(self.found, self.target, self.picker_title()), self.picked
        )

    def picked(self, name: str | None) -> None:
        if name is not None and name != self.target:
            self.target = name
            self.load()
        self.focus_answer()

    def load(self) -> None:
        self.show_target()
        target, variant = self.selection()
        q = self.question
        if q is not None and (q.target, q.variant) == (target, variant):
            return  # a Select re-posting its value: keep what was typed
        try:
            self.question = lab_question(self.context.questions, target, variant, self.spec)
            lines = self.equations(target, variant)
        except Exception as exc:
            show_error(self.app, exc)
            return
        stage = self.query_one("#stage", VerticalScroll)
        stage.remove_children()
        panel = DerivationPanel(self.question, lab=True)
        title = escape(f"Equations of the {lines[0]} (F4)")  # a learner's words, not markup
        self.folded = Collapsible(  # classes, not ids: the old one may still be going
            Static("\n".join(lines[1:]), markup=False, classes="lab-equation-lines"),
            title=title,
            collapsed=not self.show_equations,
            classes="lab-equations",
        )
        stage.mount(panel, self.folded)
        self.refresh_bindings()
        self.call_after_refresh(panel.focus_answer)

    def equations(self, target: str, variant: str | None) -> list[str]:
        """The cell's name as a page names it, then its equations."""
        from interviewkit.math.targets import resolve

        _, cell = resolve(target, variant, self.spec)
        return [cell.title or cell.name, *equation_lines(cell)]

    def focus_answer(self) -> None:
        for panel in self.query(DerivationPanel):
            panel.focus_answer()

    @on(Collapsible.Toggled)
    def toggled(self, event: Collapsible.Toggled) -> None:
        event.stop()
        self.show_equations = not event.collapsible.collapsed  # kept for the next target

    def action_equations(self) -> None:
        if self.folded is not None:
            self.folded.collapsed = not self.folded.collapsed
            self.show_equations = not self.folded.collapsed

    @on(DerivationPanel.Checked)
    def checked(self, event: DerivationPanel.Checked) -> None:
        from interviewkit.tui.widgets.derivation import verdict_markdown

        self.clear_verdict()
        stage = self.query_one("#stage", VerticalScroll)
        text = verdict_markdown(event.result)
        if event.result.verdict == Verdict.CORRECT:
            text += "\n\nPress **Ctrl+S** for the derivation, step by step, or **F2** for another target."
        else:
            text += "\n\nEdit your answer and press Enter to try again (Ctrl+N: a hint)."
        feedback = FeedbackView(text, event.result.verdict)
        stage.mount(feedback, before=self.folded)
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    @on(DerivationPanel.Unreadable)
    def clear_verdict(self) -> None:
        """Take the last verdict off the stage: a new one replaces it, and an unreadable
        answer's error stands alone (the old verdict was about other text)."""
        self.query_one("#stage", VerticalScroll).query(FeedbackView).remove()

    @on(AnswerPanel.Answered)
    def answered(self, event: AnswerPanel.Answered) -> None:
        """The first readable try at a bank question counts as an answer to it."""
        event.stop()
        q = event.outcome.question
        if q.id in self.recorded or q.id.startswith("lab."):
            return
        self.recorded.add(q.id)
        outcome, now = event.outcome, self.context.now()

        def write() -> None:
            self.context.store.record_answer(
                q.id,
                outcome.suggested or Rating.Again,
                kind=q.kind,
                topic=q.topic,
                mode=Mode.LAB,
                verdict=outcome.verdict,
                answer=outcome.answer,
                duration_s=outcome.duration_s,
                now=now,
            )

        def failed(error: Exception) -> None:
            self.recorded.discard(q.id)  # not saved: the next readable try counts instead
            show_error(self.app, error)

        in_thread(self, write, lambda _: None, failed, name="record")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "variant":
            return not self.query_one("#lab-variant", Select).disabled
        return True

    def action_variant(self) -> None:
        select = self.query_one("#lab-variant", Select)
        select.focus()
        select.expanded = True

    def action_steps(self) -> None:
        if self.question is not None:
            from interviewkit.tui.screens.steps import StepsScreen

            q = self.question
            self.app.push_screen(StepsScreen(q.target, q.variant, self.spec))
