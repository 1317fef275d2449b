"""Screens as a newcomer meets them at 80×24 (issue 14): nothing cut, no menu that does not
apply, options in a new order each time."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Select, Static
from tuihelpers import make_app, run, settle

from interviewkit.tui.screens.lab import LabScreen


@run
async def test_the_lab_shows_the_gru_variant_menu_for_gru_targets_only(data_dir: Path) -> None:
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        variant = lab.query_one("#lab-variant", Select)
        assert lab.target.startswith("rnn.")
        assert not variant.display  # an RNN has no GRU variants to choose from
        assert "Variant" not in [b.binding.description for b in lab.active_bindings.values()]
        lab.picked("gru.dh_dhprev")
        await settle(pilot)
        assert variant.display and not variant.disabled
        assert "Variant" in [b.binding.description for b in lab.active_bindings.values()]
        lab.picked("gru.dL_db_hn")  # a target of the pytorch variant only
        await settle(pilot)
        assert variant.value == "pytorch" and lab.selection() == ("gru.dL_db_hn", "pytorch")
        lab.picked("lstm.dh_dhprev")
        await settle(pilot)
        assert not variant.display


@run
async def test_choice_options_come_in_a_new_order_and_the_letters_follow(data_dir: Path) -> None:
    """The same question showed the same letters every time. Now each showing draws an order;
    the feedback names the letters shown and the store the file's (B: the forget gate)."""
    from tuihelpers import choice_keys

    from interviewkit.study.store import ProgressStore
    from interviewkit.tui.context import Filters
    from interviewkit.tui.widgets.choice import ChoiceOption, ChoicePanel

    orders = []
    app = make_app(data_dir, mode="quiz", filters=Filters(topic="lstm", kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):
            panel = app.screen.query_one(ChoicePanel)
            orders.append(tuple(o.text for o in app.screen.query(ChoiceOption)))
            keys = choice_keys(app.screen, right=False)
            wrong = panel.choice.labels[int(keys[0]) - 1]
            await pilot.press(*keys)
            await settle(pilot)
            feedback = app.screen.query_one("FeedbackView").source
            assert f"The answer is {panel.choice.correct[0]}; you chose {wrong}" in feedback
            assert f"- {wrong}: " in feedback  # its "why wrong" under the letter shown
            await pilot.press("enter", "ctrl+r")  # accept Again; another round
            await settle(pilot)
    assert len(set(orders)) > 1
    assert {o[0] for o in orders} != {orders[0][0]}  # the first option is not always the same
    with ProgressStore.open(data_dir) as store:
        answers = {r.answer for r in store.reviews()}
    assert answers <= {"A", "C", "D"} and answers  # the file's letters of the wrong options


@run
async def test_the_session_bar_shows_the_whole_topic_at_80_columns(data_dir: Path) -> None:
    """ "1/1 · short · medium · Vanishing and exploding gradi…" beside the mock's clock."""
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, mode="mock", filters=Filters(kind="short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        progress = app.screen.query_one("#session-progress")
        shown = "\n".join(
            "".join(seg.text for seg in progress.render_line(y))
            for y in range(progress.size.height)
        )
        clock = app.screen.query_one("#countdown")
        assert clock.region.right <= 80
        assert re.fullmatch(r"⏱ \d\d:\d\d", str(clock.render()))  # 10:00, or 09:59 on a slow run
    assert "Vanishing and exploding gradients" in " ".join(shown.split())
    assert "…" not in shown


@run
async def test_the_steps_page_is_laid_out_at_the_width_it_is_shown(data_dir: Path) -> None:
    """At 80×24 the page was wrapped for 68 columns and shown in 66 (the scrollbar took two):
    each long line broke again, leaving "(step 5)" alone on a line."""
    from interviewkit.tui.screens.steps import StepsScreen

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(StepsScreen("gru.dh_dhprev", "pytorch"))
        page = app.screen.query_one("#steps-page", Static)
        for _ in range(300):  # the derivation starts once the box has its size
            await settle(pilot)
            lines = str(page.render()).splitlines()
            if len(lines) > 1:
                break
            await pilot.pause(0.1)
        await pilot.pause()
        assert len(lines) > 20 and "(step 5)" in "\n".join(lines)
        assert app.screen.width == page.size.width  # laid out for the width it is shown in
        fits = [line for line in lines if len(line) <= page.size.width]
        wrapped = sum(-(-len(line) // page.size.width) for line in lines if line not in fits)
        assert page.size.height == len(fits) + wrapped  # the lines that fit stay whole


@run
async def test_the_home_screen_says_what_review_will_serve(data_dir: Path) -> None:
    """After a quiz, a review and a mock the home said "new cards left today 0/20", and "Due
    today 9" beside "Due now 0" while Review served new cards. Now practice leaves the day's
    new cards alone, and the line says what Review serves now and what comes later today."""
    from tuihelpers import choice_keys

    from interviewkit.tui.context import Filters, Settings
    from interviewkit.tui.screens.home import HomeScreen

    app = make_app(data_dir, filters=Filters(kind="choice"), settings=Settings(new_limit=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def status() -> str:
            return " ".join(str(app.screen.query_one("#home-status").render()).split())

        assert status() == "Review now: 0 due + 2 new (5 of today's 5 new left)"
        await pilot.press("q")  # a quiz of the two choice questions, both answered wrong
        await settle(pilot)
        for _ in range(2):
            await pilot.press(*choice_keys(app.screen, right=False))
            if app.screen.current.multiple:
                await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # practice spent none of the day's new cards; Again brings both back in a minute
        assert status() == (
            "Review now: 0 due + 0 new (5 of today's 5 new left) · 2 more due later today"
        )
        row = app.screen.query_one("#decks").get_row("__all__")
        assert row[1:] == [2, 0, 2, 0]  # questions, new, due today, learned
