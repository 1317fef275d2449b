"""A run of questions (quiz, review or mock): one panel at a time, feedback, rating, record.

Each answer is recorded the moment its rating is final (one store transaction, in a thread: the
screen answers keys while the store waits for a lock another program holds), so leaving or
killing the app loses at most the question on screen. A mock hides every verdict and shows a
countdown; when it reaches zero the session ends and the report is shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import ClassVar

from fsrs import Rating
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from interviewkit.bank import schema
from interviewkit.errors import BankError
from interviewkit.study.modes import Mode
from interviewkit.study.records import FLAGS, Mark
from interviewkit.study.sessions import Result
from interviewkit.tui import marks
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.errors import show_error
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.choice import ChoicePanel
from interviewkit.tui.widgets.code import CodePanel
from interviewkit.tui.widgets.countdown import Countdown
from interviewkit.tui.widgets.derivation import DerivationPanel
from interviewkit.tui.widgets.feedback import FeedbackView
from interviewkit.tui.widgets.flashcard import FlashcardPanel
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.tui.widgets.numeric import NumericPanel
from interviewkit.tui.widgets.panel import AnswerPanel
from interviewkit.tui.widgets.rating import RatingBar
from interviewkit.tui.widgets.short import ShortPanel

PANELS: dict[type[schema.Question], type[AnswerPanel]] = {
    schema.Choice: ChoicePanel,
    schema.Numeric: NumericPanel,
    schema.Flashcard: FlashcardPanel,
    schema.Short: ShortPanel,
    schema.Derivation: DerivationPanel,
    schema.Code: CodePanel,
}


def make_panel(
    question: schema.Question, *, mock: bool, seed: int | None, timer: Callable[[], float]
) -> AnswerPanel:
    """The panel that serves `question`'s kind."""
    return PANELS[type(question)](question, mock=mock, seed=seed, timer=timer)


class SessionScreen(Screen[None]):
    """Dismissed (to the summary) when the last question is rated or the mock time is up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back"),
        Binding("s", "steps", "Steps"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+o", "card", "Card"),
    ]

    def __init__(
        self,
        context: StudyContext,
        mode: Mode,
        questions: list[schema.Question],
        *,
        minutes: float | None = None,
        marks: dict[str, Mark] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.mode = mode
        self.questions = questions
        self.minutes = minutes
        self.marks = dict(marks or {})  # flags and notes shown beside the questions
        self.index = -1
        self.results: list[Result] = []
        self.outcomes: list[Outcome] = []
        self.uids: list[str] = []  # the saved answers' ids in the store, to undo the last
        self.pending: Outcome | None = None
        self.saving = False  # an answer (or its undo) is on its way to the store
        self.finish_when_saved = False  # the session ended while it was
        self.time_up = False
        self.after_end: Callable[[], None] | None = None  # instead of the summary
        self.done = False
        self.started = 0.0

    @property
    def mock(self) -> bool:
        return self.mode is Mode.MOCK

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(self.mode.label, id="session-title")
            yield Static("", id="session-progress")
            if self.mock and self.minutes:
                yield Countdown(self.minutes * 60, id="countdown")
        yield VerticalScroll(id="stage")
        yield RatingBar(id="rating")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.started = self.context.timer()
        self.query_one(RatingBar).display = False
        self.next_question()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "steps":
            q = self.current
            return isinstance(q, schema.Derivation) and self.pending is not None and not self.mock
        if action == "undo":  # the last saved answer, before this question is answered
            return bool(self.uids) and self.pending is None and not self.saving
        if action == "card":
            return self.current is not None and not self.saving
        return True

    @property
    def current(self) -> schema.Question | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def next_question(self) -> None:
        self.index += 1
        self.pending = None
        self.query_one(RatingBar).display = False  # it said "Saving…" until now
        panel = None
        while panel is None:
            if self.index >= len(self.questions):
                self.finish()
                return
            q = self.questions[self.index]
            try:
                panel = make_panel(
                    q, mock=self.mock, seed=self.context.next_seed(), timer=self.context.timer
                )
            except BankError as exc:  # a computed question whose draw fails: one line, skip it
                show_error(self.app, exc)
                del self.questions[self.index]
        stage = self.query_one("#stage", VerticalScroll)
        stage.remove_children()
        stage.mount(panel)
        # a class, not an id: the previous question's line is still being removed
        stage.mount(Static("", classes="note-line", markup=False))
        self.show_meta()
        stage.scroll_home(animate=False)
        self.call_after_refresh(panel.focus_answer)
        self.refresh_bindings()

    def show_meta(self) -> None:
        """The bar's position, kind, level and topic (and flag); the learner's note, if any."""
        q = self.current
        if q is None:
            return
        mark = self.marks.get(q.id)
        flag = f" · {FLAGS[mark.flag]} flag" if mark is not None and mark.flag else ""
        # the long topic title last: at 80 columns it is the part that wraps
        meta = f"{self.index + 1}/{len(self.questions)} · {q.kind} · {q.difficulty}{flag}"
        self.query_one("#session-progress", Static).update(f"{meta} · {q.topic_title}")
        for line in self.query(".note-line").results(Static):
            line.update(f"Your note: {mark.note}" if mark is not None and mark.note else "")
            line.display = bool(mark is not None and mark.note)

    @on(AnswerPanel.Answered)
    def answered(self, event: AnswerPanel.Answered) -> None:
        event.stop()
        outcome = event.outcome
        self.pending = outcome
        self.refresh_bindings()
        bar = self.query_one(RatingBar)
        if self.mock:
            if outcome.verdict is not None:
                self.record(outcome, outcome.suggested or Rating.Again)
                return
            bar.ask(None, "How well did you answer?")
            return
        stage = self.query_one("#stage", VerticalScroll)
        stage.mount(FeedbackView(outcome.feedback, outcome.verdict))
        if outcome.suggested is None:
            bar.ask(None, "Rate yourself:")
        else:
            why = f" ({outcome.reason})" if outcome.reason else ""
            bar.ask(outcome.suggested, f"Suggested {outcome.suggested.name}{why} (Enter), or:")
        self.call_after_refresh(stage.scroll_end, animate=False)

    @on(RatingBar.Chosen)
    def rated(self, event: RatingBar.Chosen) -> None:
        event.stop()
        if self.pending is not None:
            self.record(self.pending, event.rating)

    def record(self, outcome: Outcome, rating: Rating) -> None:
        """Store the answer in a thread (one transaction), then show the next question.

        Until the store answers, the rating bar says so and the screen keeps answering keys
        (help, scrolling, Escape); a failure is shown and the rating can be given again.
        """
        if self.saving:
            return
        q = outcome.question
        now = self.context.now()
        uid = uuid.uuid4().hex
        self.saving = True
        self.query_one(RatingBar).wait("Saving your answer…")

        def write() -> None:
            self.context.store.record_answer(
                q.id,
                rating,
                kind=q.kind,
                topic=q.topic,
                mode=self.mode,
                verdict=outcome.verdict,
                answer=outcome.answer,
                duration_s=outcome.duration_s,
                now=now,
                uid=uid,
            )

        def saved(_: None) -> None:
            self.saving = False
            self.uids.append(uid)
            self.results.append(
                Result(
                    q.id,
                    q.topic,
                    q.kind,
                    outcome.verdict,
                    rating,
                    outcome.duration_s,
                    outcome.answer,
                )
            )
            self.outcomes.append(outcome)
            self.pending = None
            if self.finish_when_saved:
                self.finish()
            else:
                self.next_question()

        def failed(error: Exception) -> None:
            self.saving = False
            show_error(self.app, error)
            if self.finish_when_saved:
                self.finish()  # the learner asked to end: the summary shows what was saved
            else:
                self.query_one(RatingBar).ask(rating, "Not saved. Enter tries again:")

        in_thread(self, write, saved, failed, name="record")

    def finish(self) -> None:
        """To the summary; once the answer being saved is in, when one is on its way."""
        if self.done:
            return
        if self.saving:
            self.finish_when_saved = True
            return
        self.done = True
        if self.after_end is not None:
            self.after_end()
            return
        from interviewkit.tui.screens.summary import SummaryScreen

        rest: list[Result] = []
        if self.mode is Mode.MOCK:  # leaving a quiz early is not failing the rest
            left = self.questions[len(self.results) :]
            # the question on screen when the time ran out counts, unanswered; the ones the
            # mock never showed (or all of them, when the learner ended it) are not scored
            shown = 1 if self.time_up else 0
            rest = [Result(q.id, q.topic, q.kind) for q in left[:shown]]
            rest += [Result(q.id, q.topic, q.kind, reached=False) for q in left[shown:]]
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()  # time ran out under the help or a confirmation
        duration = self.context.timer() - self.started
        self.app.switch_screen(
            SummaryScreen(
                self.context, self.mode, self.results + rest, self.outcomes, duration_s=duration
            )
        )

    @on(Countdown.Expired)
    def out_of_time(self) -> None:
        self.notify("Time is up.", title="Mock interview")
        self.time_up = True
        self.finish()

    def action_steps(self) -> None:
        q = self.current
        if isinstance(q, schema.Derivation):
            from interviewkit.tui.screens.steps import StepsScreen

            self.app.push_screen(StepsScreen(q.target, q.variant, cell_file=q.cell_file))

    def action_undo(self) -> None:
        """Take back the last saved answer (its rating and schedule) and ask it again.

        Until the store answers, the question on screen takes no answer: the session's lists
        change when the undo is in, and an answer given meanwhile would take its place.
        """
        if not self.uids or self.pending is not None or self.saving:
            return
        uid, result, now = self.uids[-1], self.results[-1], self.context.now()
        self.saving = True
        stage = self.query_one("#stage", VerticalScroll)
        stage.disabled = True
        self.query_one(RatingBar).wait("Taking back your last answer…")

        def over() -> bool:
            """The undo is over; True: the session was ended meanwhile, and ends now."""
            self.saving = False
            stage.disabled = False
            if self.finish_when_saved:
                self.finish()
            return self.done

        def undone(_: object) -> None:
            del self.uids[-1], self.results[-1], self.outcomes[-1]
            if over():
                return
            self.index = len(self.results) - 1  # next_question shows the one taken back
            rating = result.rating.name if result.rating is not None else "unrated"
            self.notify(
                f"Your answer to {result.question_id} ({rating}) is taken back: answer it again.",
                title="Undone",
                markup=False,
            )
            self.next_question()

        def failed(error: Exception) -> None:
            show_error(self.app, error)
            if not over():
                self.query_one(RatingBar).display = False
                self.call_after_refresh(self.focus_answer)

        in_thread(self, lambda: self.context.store.undo(uid, now), undone, failed, name="undo")

    def focus_answer(self) -> None:
        for panel in self.query(AnswerPanel):
            panel.focus_answer()

    def action_card(self) -> None:
        """The card menu of the question on screen: suspend, bury, flag, note."""
        q = self.current
        if q is None or self.saving:
            return
        from interviewkit.tui.screens.card import CardScreen

        def marked(mark: Mark | None) -> None:
            if mark is None or self.done:
                return
            self.marks[mark.question_id] = mark
            now = self.context.now()
            aside = mark.suspended or mark.buried(now)
            if aside and self.current is q and self.pending is None:
                # left out of the session from now on: on to the next question
                self.notify(f"{q.id} is set aside ({marks.describe(mark, now)}).", markup=False)
                del self.questions[self.index]
                self.index -= 1
                self.next_question()
                return
            self.show_meta()

        self.app.push_screen(CardScreen(self.context, q, self.marks.get(q.id)), marked)

    def save_then(self, then: Callable[[], None] | None) -> bool:
        """End once what is answered is saved: a graded answer waiting for its rating at the
        suggested one, an answer being saved when it is in. Then `then` (the app quitting,
        another mode), or the summary when None. False: nothing was waiting to be saved."""
        pending = self.pending
        graded = pending is not None and pending.suggested is not None
        if self.done or not (self.saving or graded):
            return False
        self.after_end = then
        self.finish_when_saved = True
        if not self.saving and pending is not None and pending.suggested is not None:
            self.record(pending, pending.suggested)
        return True

    def action_leave(self) -> None:
        self.ask_to_end()

    @property
    def under_way(self) -> bool:
        """Something was answered: ending the session deserves a question first."""
        return not self.done and (bool(self.results) or self.pending is not None)

    def ask_to_end(self, then: Callable[[], None] | None = None) -> None:
        """ "End this session?"; on yes, end it and show the summary, or call `then` (another
        mode chosen from the palette) instead. Nothing answered yet: end at once."""
        if not self.under_way:
            self.after_end = then
            if then is None:
                self.done = True
                self.app.pop_screen()
            else:
                self.finish()
            return
        from interviewkit.tui.screens.confirm import ConfirmScreen

        def end(yes: bool | None) -> None:
            if not yes:
                return
            if not self.save_then(then):
                self.after_end = then
                self.finish()

        where = "the summary shows what you did so far" if then is None else "it ends here"
        self.app.push_screen(
            ConfirmScreen(
                f"End this session? {answers_saved(len(self.results))}; {where}.",
                yes="End",
                no="Keep going",
            ),
            end,
        )


def answers_saved(n: int) -> str:
    """How many answers the "End this session?" question says are saved, in words."""
    if n == 0:
        return "No answer is saved yet"
    return f"{n} answer is saved" if n == 1 else f"{n} answers are saved"
