"""Starting a mode: draw the session's questions (study.sessions) and open its screen.

Kept out of the App class so that the home screen's keys, its buttons and the command palette
all start modes the same way.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from interviewkit.exercises.runner import BROWSER_NOTE, in_browser
from interviewkit.tui.context import StudyContext

NOTHING = "No questions match the filters ({}). Change them on the home screen."


def session_screen(context: StudyContext, mode: str) -> Screen[Any] | str:
    """The screen for `mode`, or a sentence saying why there is nothing to do."""
    from interviewkit.study import sessions

    if mode == "stats":
        from interviewkit.tui.screens.stats import StatsScreen

        return StatsScreen(context)
    if mode == "lab":
        from interviewkit.tui.screens.lab import LabScreen

        return LabScreen(context)
    from interviewkit.tui.screens.session import SessionScreen

    questions = context.selected()
    if in_browser():  # served to a browser tab: never run code on this machine
        kept = [q for q in questions if q.kind != "code"]
        if questions and not kept:
            return f"No code questions here: {BROWSER_NOTE}."
        questions = kept
    if not questions:
        return NOTHING.format(context.filters.describe())
    settings = context.settings
    if mode == "quiz":
        items = sessions.build_quiz(questions, settings.quiz_size, context.next_seed())
        return SessionScreen(context, "quiz", list(items))
    if mode == "review":
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
        return SessionScreen(context, "review", list(items))
    if mode == "mock":
        mock = sessions.build_mock(
            questions, settings.mock_size, settings.mock_minutes, context.next_seed()
        )
        return SessionScreen(context, "mock", list(mock.questions), minutes=mock.minutes)
    raise ValueError(f"unknown mode {mode!r}")
