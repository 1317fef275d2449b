"""The derivation lab: pick a target (and GRU variant), type, get feedback, try again.

A target the bank has a question for uses that question (its prompt and hints), and the first
readable attempt is recorded against it like any answer; later tries are practice.
"""

from __future__ import annotations

from typing import ClassVar

from fsrs import Rating
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static

from interviewkit.bank import schema
from interviewkit.math.verdict import Verdict
from interviewkit.study.modes import Mode
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.errors import show_error
from interviewkit.tui.widgets.derivation import DerivationPanel
from interviewkit.tui.widgets.feedback import FeedbackView
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.tui.widgets.panel import AnswerPanel


def lab_question(context: StudyContext, target: str, variant: str | None) -> schema.Derivation:
    """The bank's question for this target and variant, or one written from the target's note."""
    for q in context.questions:
        if isinstance(q, schema.Derivation) and q.target == target and q.variant == variant:
            return q
    from interviewkit.math.targets import get_target

    t = get_target(target)
    which = f"the {t.cell.upper()} cell" + (f" ({variant} variant)" if variant else "")
    return schema.Derivation(
        id=f"lab.{target}" + (f".{variant}" if variant else ""),
        kind="derivation",
        topic="jacobians",
        difficulty="medium",
        prompt=f"Derive ${t.title}$ for {which}: {t.note}. The shape is {'×'.join(t.shape)}.",
        explanation="",
        tags=(),
        source="interviewkit lab",
        target=target,
        variant=variant,
    )


class LabScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "steps", "Steps"),
        Binding("f2", "open_picker('target')", "Target"),
        Binding("f3", "open_picker('variant')", "Variant"),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.recorded: set[str] = set()
        self.question: schema.Derivation | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(Mode.LAB.label, id="session-title")
            yield Static(
                "pick a Jacobian, type it, Enter; try until it is right", id="session-progress"
            )
        with Horizontal(id="lab-pickers"):
            yield Select(
                [(t, t) for t in schema.DERIVATION_TARGETS],
                value=schema.DERIVATION_TARGETS[0],
                allow_blank=False,
                id="lab-target",
            )
            yield Select(
                [(v, v) for v in schema.GRU_VARIANTS],
                value=schema.GRU_VARIANTS[0],
                allow_blank=False,
                id="lab-variant",
            )
        yield VerticalScroll(id="stage")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def selection(self) -> tuple[str, str | None]:
        target = str(self.query_one("#lab-target", Select).value)
        variant_select = self.query_one("#lab-variant", Select)
        gru = target.startswith("gru.")
        variant_select.disabled = not gru
        variant_select.display = gru  # the GRU conventions mean nothing for an RNN or LSTM
        return target, (str(variant_select.value) if gru else None)

    @on(Select.Changed)
    def picked(self, event: Select.Changed) -> None:
        event.stop()
        self.load()
        self.refresh_bindings()

    def load(self) -> None:
        target, variant = self.selection()
        q = self.question
        if q is not None and (q.target, q.variant) == (target, variant):
            return  # a Select re-posting its value: keep what was typed
        try:
            self.question = lab_question(self.context, target, variant)
        except Exception as exc:
            show_error(self.app, exc)
            return
        stage = self.query_one("#stage", VerticalScroll)
        stage.remove_children()
        panel = DerivationPanel(self.question, lab=True)
        stage.mount(panel)
        self.call_after_refresh(panel.focus_answer)

    @on(DerivationPanel.Checked)
    def checked(self, event: DerivationPanel.Checked) -> None:
        from interviewkit.tui.widgets.derivation import verdict_markdown

        stage = self.query_one("#stage", VerticalScroll)
        for old in stage.query(FeedbackView):
            old.remove()
        text = verdict_markdown(event.result)
        if event.result.verdict == Verdict.CORRECT:
            text += "\n\nPress **Ctrl+S** for the derivation, step by step, or pick another target."
        else:
            text += "\n\nEdit your answer and press Enter to try again (Ctrl+N: a hint)."
        stage.mount(FeedbackView(text, event.result.verdict))
        self.call_after_refresh(stage.scroll_end, animate=False)

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
        if action == "open_picker" and parameters == ("variant",):
            return not self.query_one("#lab-variant", Select).disabled
        return True

    def action_open_picker(self, which: str) -> None:
        select = self.query_one(f"#lab-{which}", Select)
        select.focus()
        select.expanded = True

    def action_steps(self) -> None:
        if self.question is not None:
            from interviewkit.tui.screens.steps import StepsScreen

            self.app.push_screen(StepsScreen(self.question.target, self.question.variant))
