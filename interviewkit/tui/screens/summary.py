"""The end of a session: right out of asked by topic and by kind; after a mock, the report.

The mock interview showed no verdicts while it ran, so its summary also goes through every
question with the feedback that was held back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static

from interviewkit.bank.mathtext import render_math
from interviewkit.bank.schema import TOPICS
from interviewkit.study.modes import Mode
from interviewkit.study.sessions import Result, Summary, mock_report, summarize
from interviewkit.tui.context import StudyContext
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.footer import KeyFooter


def _pct(passed: int, asked: int) -> str:
    return f"{passed / asked:.0%}" if asked else "–"


def summary_markdown(summary: Summary) -> str:
    """The tables by topic and by kind."""
    t = summary.total
    minutes, seconds = divmod(round(summary.duration_s), 60)
    lines = [
        f"**{t.passed} of {t.asked} right ({_pct(t.passed, t.asked)})** in {minutes} min {seconds:02d} s",
        "",
        "| Topic | Right | Asked | % |",
        "|---|--:|--:|--:|",
    ]
    for topic, tally in summary.by_topic.items():
        lines.append(
            f"| {TOPICS.get(topic, topic)} | {tally.passed} | {tally.asked} | {_pct(tally.passed, tally.asked)} |"
        )
    lines += ["", "| Kind | Right | Asked |", "|---|--:|--:|"]
    for kind, tally in summary.by_kind.items():
        lines.append(f"| {kind} | {tally.passed} | {tally.asked} |")
    return "\n".join(lines)


def prompt_line(prompt: str, width: int) -> str:
    """The prompt on one line, cut to `width` with …; a cut inside a `code span` closes it,
    or Markdown shows the lone backtick and the rest as plain text."""
    line = " ".join(render_math(prompt).split())
    if len(line) <= width:
        return line
    cut = line[: width - 3]
    return cut + ("`" if cut.count("`") % 2 else "") + "…"


def answers_markdown(outcomes: list[Outcome], results: list[Result]) -> str:
    """Each answered question of a mock with the feedback held back during it."""
    parts = ["## Your answers", ""]
    for n, (outcome, result) in enumerate(zip(outcomes, results, strict=False), 1):
        mark = "✓" if result.passed else "✗"
        first = prompt_line(outcome.prompt, 90)
        parts += [f"### {n}. {mark} {outcome.question.id}", "", first, ""]
        # a choice's feedback already says what was chosen, in the letters shown
        if outcome.answer and outcome.question.kind not in ("short", "flashcard", "choice"):
            parts += [f"You answered: `{outcome.answer}`", ""]
        parts += [outcome.feedback, ""]
    return "\n".join(parts)


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "app.pop_screen", "Home"),
        Binding("ctrl+r", "again", "Another round"),
    ]

    def __init__(
        self,
        context: StudyContext,
        mode: Mode,
        results: list[Result],
        outcomes: list[Outcome],
        *,
        duration_s: float | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.mode = mode
        self.results = results
        self.outcomes = outcomes
        self.duration_s = duration_s  # start to end; None: the answers' times added up

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(f"{self.mode.label}: summary", id="session-title")
            yield Static("progress saved", id="session-progress")
        with VerticalScroll(id="summary-scroll"):
            yield Markdown(self.text(), id="summary")
        yield KeyFooter()

    def text(self) -> str:
        if not any(r.reached for r in self.results):
            return "No answers in this session. Press Enter to go back home."
        if self.mode is Mode.MOCK:
            report = mock_report(self.results, self.duration_s)
            return "\n\n".join(
                [
                    report.to_markdown(),
                    summary_markdown(report.summary),
                    answers_markdown(self.outcomes, self.results),
                ]
            )
        text = summary_markdown(summarize(self.results, self.duration_s))
        missed = [o for o, r in zip(self.outcomes, self.results, strict=False) if not r.passed]
        if missed:
            lines = ["", "", "**To revisit**", ""]
            for o in missed:
                lines.append(f"- `{o.question.id}`: {prompt_line(o.prompt, 70)}")
            text += "\n".join(lines)
        return text

    def on_mount(self) -> None:
        self.query_one("#summary-scroll").focus()

    async def action_again(self) -> None:
        """Another session of the same mode, drawn afresh."""
        self.app.pop_screen()
        await self.app.run_action(f"start('{self.mode}')")
