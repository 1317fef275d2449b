"""The FSRS wrapper: UTC rules, stable card ids, settings round trip."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from interviewkit.study.scheduler import StudyScheduler, card_id_for, iso, parse_iso, to_utc

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def test_to_utc_converts_aware_and_refuses_naive() -> None:
    berlin = T0.astimezone(ZoneInfo("Europe/Berlin"))
    assert to_utc(berlin) == T0 and to_utc(berlin).tzinfo is timezone.utc
    assert to_utc(None).tzinfo is timezone.utc
    with pytest.raises(ValueError, match="naive"):
        to_utc(datetime(2026, 1, 1))


def test_iso_is_fixed_width_and_round_trips() -> None:
    a, b = iso(T0), iso(T0 + timedelta(microseconds=1))
    assert len(a) == len(b) and a < b and parse_iso(a) == T0


def test_zoneinfo_utc_is_accepted_although_fsrs_refuses_it() -> None:
    sched = StudyScheduler(enable_fuzzing=False)
    when = T0.astimezone(ZoneInfo("UTC"))
    card, log = sched.review(sched.new_card("q", when), 3, when, duration_s=1.5)
    assert card.last_review == T0 and log.review_duration == 1500


def test_card_ids_are_stable_and_distinct() -> None:
    assert card_id_for("lstm-1") == card_id_for("lstm-1") != card_id_for("lstm-2")
    assert 0 < card_id_for("x") < 2**63


def test_settings_round_trip() -> None:
    sched = StudyScheduler(
        desired_retention=0.85,
        learning_steps=(timedelta(minutes=2),),
        relearning_steps=(),
        maximum_interval=365,
        enable_fuzzing=False,
    )
    data = json.loads(json.dumps(sched.to_dict()))
    assert StudyScheduler.from_dict(data).to_dict() == sched.to_dict()
    assert StudyScheduler.from_dict(data).fsrs.learning_steps == (timedelta(minutes=2),)


def test_fuzzing_off_is_deterministic() -> None:
    sched = StudyScheduler(enable_fuzzing=False)
    card = sched.new_card("q", T0)
    dues = set()
    for _ in range(5):
        c = card
        for rating, dt in ((3, 0), (3, 11), (3, 60 * 24 * 3)):
            c, _ = sched.review(c, rating, T0 + timedelta(minutes=dt))
        dues.add(c.due)
    assert len(dues) == 1
