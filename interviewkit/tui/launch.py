"""Starting a mode: draw the session's questions (study.sessions) and open its screen.

Kept out of the App class so that the home screen's keys, its buttons and the command palette
all start modes the same way.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from interviewkit.study.modes import Mode
from interviewkit.tui.context import StudyContext

NOTHING = "No questions match the filters ({}). Change them on the home screen."
#: What the home screen's keys and the palette start: a study mode, or the stats screen.
STATS = "stats"


def session_screen(context: StudyContext, name: str) -> Screen[Any] | str:
    """The screen for `name` (a `Mode`, or "stats"), or a sentence saying why there is nothing
    to do."""
    from interviewkit.study import sessions

    if name == STATS:
        from interviewkit.tui.screens.stats import StatsScreen

        return StatsScreen(context)
    mode = Mode(name)
    if mode is Mode.LAB:
        from interviewkit.tui.screens.lab import LabScreen

        return LabScreen(context)
    from interviewkit.tui.screens.session import SessionScreen

    questions = context.selected()
    if not questions:
        return NOTHING.format(context.filters.describe())
    settings = context.settings
    if mode is Mode.QUIZ:
        items = sessions.build_quiz(questions, settings.quiz_size, context.next_seed())
        return SessionScreen(context, mode, list(items))
    if mode is Mode.REVIEW:
        items = sessions.build_review(
            questions,
            context.store,
            context.now(),
            settings.new_limit,
            settings.review_limit,
        )
        if not items:
            return (
                "Nothing to review now: no card is due and today's new cards are done. "
                "Come back later, or take a quiz."
            )
        return SessionScreen(context, mode, list(items))
    mock = sessions.build_mock(
        questions, settings.mock_size, settings.mock_minutes, context.next_seed()
    )
    return SessionScreen(context, mode, list(mock.questions), minutes=mock.minutes)
