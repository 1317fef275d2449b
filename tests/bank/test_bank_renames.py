"""The rename table agrees with the bank: every new id is asked, no old id is reused, no chains."""

from __future__ import annotations

from interviewkit.bank.loader import load_bank
from interviewkit.bank.renames import RENAMES, current_id


def test_every_renamed_question_exists_under_its_new_id_and_never_under_the_old() -> None:
    ids = {q.id for q in load_bank(include_user_decks=False).questions}
    assert sorted(set(RENAMES.values()) - ids) == []
    assert sorted(set(RENAMES) & ids) == []


def test_renames_are_one_step_and_distinct() -> None:
    assert not set(RENAMES) & set(RENAMES.values()), "a new id is renamed again"
    assert len(set(RENAMES.values())) == len(RENAMES), "two old ids map to one new id"
    old, new = next(iter(RENAMES.items()))
    assert current_id(old) == new and current_id(new) == new
