"""Screens as a newcomer meets them at 80×24 (issue 14): nothing cut, no menu that does not
apply, options in a new order each time."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select
from tuihelpers import make_app, run

from interviewkit.tui.screens.lab import LabScreen


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@run
async def test_the_lab_shows_the_gru_variant_menu_for_gru_targets_only(data_dir: Path) -> None:
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        target = lab.query_one("#lab-target", Select)
        variant = lab.query_one("#lab-variant", Select)
        assert str(target.value).startswith("rnn.")
        assert not variant.display  # an RNN has no GRU variants to choose from
        assert "Variant" not in [b.binding.description for b in lab.active_bindings.values()]
        target.value = next(t for t in _targets() if t.startswith("gru."))
        await settle(pilot)
        assert variant.display and not variant.disabled
        target.value = next(t for t in _targets() if t.startswith("lstm."))
        await settle(pilot)
        assert not variant.display


def _targets() -> tuple[str, ...]:
    from interviewkit.bank.schema import DERIVATION_TARGETS

    return DERIVATION_TARGETS
