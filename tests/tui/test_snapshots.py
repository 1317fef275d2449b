"""SVG snapshots of every screen a learner sees, at 80×24 and 120×40.

Time, draws and durations are frozen (see tuihelpers.make_app), and the bank is the small fixture
bank of this folder, so the pictures change only when the UI does. Regenerate after a deliberate
change with `pytest tests/tui --snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from tuihelpers import NOW, choice_keys, make_app, seed_history

from interviewkit.tui.context import Filters

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
KINDS = ["choice", "numeric", "flashcard", "short", "derivation"]


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, data_dir: Path, size) -> None:
    seed_history(data_dir)
    assert snap_compare(make_app(data_dir), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_question(snap_compare, data_dir: Path, kind: str, size) -> None:
    filters = Filters(topic="lstm" if kind == "choice" else None, kind=kind)
    app = make_app(data_dir, mode="quiz", filters=filters)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_derivation_feedback(snap_compare, data_dir: Path, size) -> None:
    async def answer_wrong(pilot) -> None:
        await settle(pilot)
        await pilot.press("W")
        box = pilot.app.focused
        assert isinstance(box, Input)
        box.value = "diag(h) @ W_h"
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="derivation"))
    assert snap_compare(app, terminal_size=size, run_before=answer_wrong)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, data_dir: Path, size) -> None:
    async def answer_all(pilot) -> None:
        await settle(pilot)
        await pilot.press(*choice_keys(pilot.app.screen, right=True))  # fx-choice: right
        await pilot.press("enter")
        await settle(pilot)
        half = choice_keys(pilot.app.screen, right=True)[:1]  # fx-choice-multi: half right
        await pilot.press(*half, "enter")
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    assert snap_compare(app, terminal_size=size, run_before=answer_all)


@pytest.mark.parametrize("size", SIZES)
def test_stats(snap_compare, data_dir: Path, size) -> None:
    seed_history(data_dir)

    async def open_stats(pilot) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(make_app(data_dir), terminal_size=size, run_before=open_stats)


@pytest.mark.parametrize("size", SIZES)
def test_browser(snap_compare, data_dir: Path, size) -> None:
    seed_history(data_dir)

    async def open_browser(pilot) -> None:
        from interviewkit.study.store import ProgressStore

        with ProgressStore.open(data_dir) as store:
            store.set_flag("fx-choice", 1, now=NOW)
            store.set_note("fx-choice", "B, the forget gate", now=NOW)
            store.suspend("fx-short", now=NOW)
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await settle(pilot)  # the footer recomposes after the rows arrive (once, on a busy machine)

    assert snap_compare(make_app(data_dir), terminal_size=size, run_before=open_browser)


@pytest.mark.parametrize("size", SIZES)
def test_card_menu(snap_compare, data_dir: Path, size) -> None:
    async def open_menu(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="flashcard"))
    assert snap_compare(app, terminal_size=size, run_before=open_menu)


def test_lab_picker(snap_compare, data_dir: Path) -> None:
    """The lab's target picker at 80×24, narrowed to the peephole LSTM's BPTT targets."""

    async def open_picker(pilot) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        pilot.app.screen.query_one("#picker-filter", Input).cursor_blink = False
        await pilot.press(*"peephole bptt")
        await settle(pilot)

    app = make_app(data_dir, mode="lab")
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_picker)


def test_lab_target(snap_compare, data_dir: Path) -> None:
    """A BPTT target the bank has no question on, an answer half typed (its preview under
    it), the cell's equations unfolded (F4)."""

    async def start_answering(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.picked("peephole.bptt_d_c")
        await settle(pilot)
        await pilot.press("f4")
        box = pilot.app.screen.query_one("#derivation-answer", Input)
        box.cursor_blink = False  # a blinking cursor would make two pictures of one screen
        box.value = "d_h_t * o_t * (1 - tanh(c_t)**2) + d_c_{t+1} * f_{t+1}"
        await settle(pilot)

    app = make_app(data_dir, mode="lab")
    assert snap_compare(app, terminal_size=(80, 24), run_before=start_answering)
