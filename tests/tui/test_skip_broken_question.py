"""A computed question whose draw fails is skipped with one line; the session goes on (issue 11)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from test_pilot import SIZE, run_session
from tuihelpers import make_app, run

from interviewkit.bank import schema
from interviewkit.tui.screens.summary import SummaryScreen


@run
async def test_a_question_that_cannot_be_drawn_is_skipped_with_one_line(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz")
    pool = app.context.questions
    [index] = [i for i, q in enumerate(pool) if isinstance(q, schema.Numeric)]
    # as if an old cache or an API user had bypassed the validator: a gigabyte-wide field
    pool[index] = dataclasses.replace(pool[index], prompt="{input:>900000000} {hidden}")
    async with app.run_test(size=SIZE) as pilot:
        asked = await run_session(pilot, right=True)
        assert isinstance(app.screen, SummaryScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
    assert len(asked) == len(pool) - 1 and pool[index].id not in asked
    [error] = errors
    assert error.message.startswith(f"question {pool[index].id} (") and "\n" not in error.message
    assert "is not a plain {name} placeholder" in error.message
