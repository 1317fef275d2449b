"""The tables of two slips are bounded: a long `check --jsonl` stream or lab session visits
many targets, and one large target alone would make 400,000 pairs (1.4 GB)."""

from __future__ import annotations

import pytest

from interviewkit.math import compound
from interviewkit.math.check import check, setting
from interviewkit.math.targets import resolve

CAP = 3_000


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compound, "MAX_PAIRS", CAP)
    monkeypatch.setattr(compound, "_TABLES", type(compound._TABLES)())


def _held() -> int:
    return sum(t.size for t in compound._TABLES.values())


def _setting(name: str):
    return setting(*resolve(name, None))


@pytest.mark.usefixtures("small_cap")
def test_all_tables_together_stay_under_the_cap() -> None:
    largest_group = 0
    for name in ("lstm.dL_da_i", "gru.dh_dhprev", "peephole.dL_dx", "rnn.bptt_d_h"):
        s = _setting(name)
        compound.warm(s, seconds=5)
        table = compound._TABLES[(s.name, s.cell.digest)]
        largest_group = max([largest_group, *(len(g) for g in table.groups.values())])
        assert _held() <= CAP + largest_group
    assert list(compound._TABLES)[-1][0] == "rnn.bptt_d_h"  # the newest kept


@pytest.mark.usefixtures("small_cap")
def test_a_large_target_fills_its_share_and_still_finds_two_slips() -> None:
    s = _setting("peephole.dL_dx")
    assert compound.warm(s, seconds=30)  # as full as it may be, long before complete
    table = compound._TABLES[(s.name, s.cell.digest)]
    assert not table.complete and CAP // 2 < table.size <= CAP
    for name in ("lstm.dL_da_i", "gru.dh_dhprev"):  # other targets push it out
        compound.warm(_setting(name), seconds=5)
    assert _held() <= 2 * CAP
    # a pair whose first slip was dropped is made again when an answer needs it
    result = check("lstm.dL_da_i", "d_c * c_prev * (1 - i**2)")
    assert result.mistake == "wrong_factor+tanh_slope_for_sigmoid"


def test_the_tables_are_kept_out_of_full_collections() -> None:
    """A full collection walked every tree of every table: a 0.6 s pause in the middle of an
    answer once a stream had built a million objects. Built tables are frozen out of it."""
    import gc

    gc.unfreeze()
    try:
        compound.warm(_setting("gru.bptt_d_h"), seconds=10)  # ~14,000 pairs on a quiet machine
        assert gc.get_freeze_count() > 0
        tables = [p for t in compound._TABLES.values() for p in t.pairs()]
        frozen = gc.get_freeze_count()
        gc.collect()  # nothing frozen is walked, and nothing of the tables is lost
        assert gc.get_freeze_count() == frozen and len(tables) > 1_000  # fewer when busy
    finally:
        gc.unfreeze()
