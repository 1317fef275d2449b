"""A derivation on screen has its generated-mistake tables built in a worker, in slices that
an answer checked meanwhile can cut into, and stopped when the question goes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tuihelpers import make_app, run, settle

from interviewkit.tui import warmup
from interviewkit.tui.context import Filters


def cold(name: str, variant: str | None = None) -> tuple[str, str]:
    """The key of `name`'s tables, dropped from the caches whatever ran before."""
    from interviewkit.math import check, compound
    from interviewkit.math.targets import resolve

    _, cell = resolve(name, variant)
    key = (name, cell.digest)
    compound._TABLES.pop(key, None)
    check._MISTAKES.pop(key, None)
    return key


@run
async def test_a_derivation_question_in_a_quiz_is_warm_by_the_time_it_is_answered(
    data_dir: Path,
) -> None:
    from interviewkit.math import check, compound

    key = cold("rnn.dh_dhprev")  # the fixture bank's derivation
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="derivation"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert key in check._MISTAKES and compound._TABLES[key].complete


def test_a_warm_up_stops_when_told_and_lets_a_check_in_between_slices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from interviewkit.math import compound

    key = cold("peephole.dL_dhprev")  # its table takes seconds: more than one slice
    assert not warmup.warm("peephole.dL_dhprev", None, None, cancelled=lambda: True)
    assert key not in compound._TABLES  # told to stop before any table

    slices: list[float] = []
    real = compound.warm

    def timed(s, seconds=10.0):
        slices.append(seconds)
        return real(s, seconds)

    monkeypatch.setattr(compound, "warm", timed)
    started = time.monotonic()
    assert not warmup.warm("peephole.dL_dhprev", None, None, cancelled=lambda: len(slices) >= 2)
    assert slices == [warmup.SLICE, warmup.SLICE]  # the lock is let go between them
    assert time.monotonic() - started < 10  # not the whole table
    assert not compound._TABLES[key].complete
