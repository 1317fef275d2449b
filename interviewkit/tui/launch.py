"""Starting a mode: draw the session's questions (study.sessions), then open its screen.

Kept out of the App class so that the home screen's keys, its buttons and the command palette
all start modes the same way. `draw` reads the store (review follows the due dates), so the app
calls it in a thread (`tui.background`) and opens the session's screen on the loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.study.modes import Mode
from interviewkit.tui.context import StudyContext

if TYPE_CHECKING:  # the store's modules load with the context, after the first screen
    from interviewkit.bank.schema import Question
    from interviewkit.study.records import Mark

NOTHING = "No questions match the filters ({}). Change them on the home screen."
ALL_SET_ASIDE = (
    "Every question that matches the filters is suspended or buried. "
    "Unsuspend some in the browser (b)."
)
NOTHING_DUE = (
    "Nothing to review now: no card is due and today's new cards are done. "
    "Come back later, or take a quiz."
)
#: What the home screen's keys and the palette open besides the modes.
STATS = "stats"
BROWSE = "browse"


@dataclass(frozen=True)
class Draw:
    """The questions of one session, in the order asked; a mock's minutes; the learner's marks
    (flags and notes to show beside the questions)."""

    mode: Mode
    questions: list[Question]
    minutes: float | None = None
    marks: dict[str, Mark] = field(default_factory=dict)


def draw(context: StudyContext, mode: Mode, seed: int) -> Draw | str:
    """The questions of a quiz, review or mock, or a sentence saying why there are none.

    Reads the progress store (suspended and buried questions, due dates): call it off the
    event loop.
    """
    from interviewkit.exercises.runner import BROWSER_NOTE, in_browser
    from interviewkit.study import sessions

    questions = context.selected()
    if in_browser():  # served to a browser tab: never run code on this machine
        kept = [q for q in questions if q.kind != "code"]
        if questions and not kept:
            return f"No code questions here: {BROWSER_NOTE}."
        questions = kept
    if not questions:
        return NOTHING.format(context.filters.describe())
    settings = context.settings
    marks = context.store.marks()
    if mode is not Mode.REVIEW:  # a review leaves them out itself
        questions = sessions.studyable(questions, marks, context.now())
        if not questions:
            return ALL_SET_ASIDE
    if mode is Mode.REVIEW:
        items = sessions.build_review(
            questions, context.store, context.now(), settings.new_limit, settings.review_limit
        )
        return Draw(mode, items, marks=marks) if items else NOTHING_DUE
    if mode is Mode.MOCK:
        mock = sessions.build_mock(questions, settings.mock_size, settings.mock_minutes, seed)
        return Draw(mode, list(mock.questions), mock.minutes, marks)
    if mode is Mode.QUIZ:
        return Draw(mode, sessions.build_quiz(questions, settings.quiz_size, seed), marks=marks)
    raise ValueError(f"{mode} draws no questions")
