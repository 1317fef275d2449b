"""The bank cache: plain JSON that gives back the same bank, and is rebuilt when it cannot be used."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from interviewkit.bank.loader import load_bank
from interviewkit.tui import bankcache

FIXTURE = Path(__file__).parent / "bank" / "fixture.toml"


def cached(data_dir: Path, bank_paths: tuple[str, ...] = (str(FIXTURE),)):
    return bankcache.load_bank_cached(bank_paths, include_builtin=False, data_dir=data_dir)


def cache_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / bankcache.CACHE_DIR).glob("bank-*.json"))


def same_bank(a, b) -> None:
    assert a.questions == b.questions
    assert [q.origin for q in a.questions] == [q.origin for q in b.questions]
    assert [type(q) for q in a.questions] == [type(q) for q in b.questions]
    assert a.problems == b.problems
    assert a.cell_files == b.cell_files


def test_the_real_bank_round_trips_exactly(tmp_path: Path) -> None:
    """Every kind and field (tuples, dicts of ranges, None, ints and floats) comes back equal."""
    bank = load_bank(data_dir=tmp_path)
    text = json.dumps(bankcache.bank_to_data(bank, "k"))
    same_bank(bankcache.data_to_bank(json.loads(text), "k"), bank)


def test_second_load_is_served_from_the_json_file(tmp_path: Path) -> None:
    first = cached(tmp_path)
    (path,) = cache_files(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == bankcache.SCHEMA and path.name == f"bank-{data['key']}.json"
    data["questions"][0]["prompt"] = "served from the cache"  # proves the file is what is read
    path.write_text(json.dumps(data), encoding="utf-8")
    second = cached(tmp_path)
    assert second.questions[0].prompt == "served from the cache"
    assert second.questions[1:] == first.questions[1:]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"\x80\x04\x95 binary",
        b"[]",
        b'{"schema": 1, "key": "x", "questions": [], "problems": []}',
        b'{"schema": NOW, "key": "KEY", "questions": [{"kind": "nope"}], "problems": [], '
        b'"cell_files": {}}',
        b'{"schema": NOW, "key": "KEY", "questions": [{"kind": "flashcard", "evil": 1}], '
        b'"problems": [], "cell_files": {}}',
        b'{"schema": NOW, "key": "KEY", "questions": [], "problems": [], "cell_files": []}',
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    expected = cached(tmp_path)
    (path,) = cache_files(tmp_path)
    key = path.name.removeprefix("bank-").removesuffix(".json")
    now = str(bankcache.SCHEMA).encode()
    path.write_bytes(damage.replace(b"KEY", key.encode()).replace(b"NOW", now))
    same_bank(cached(tmp_path), expected)
    same_bank(bankcache.data_to_bank(json.loads(path.read_bytes()), key), expected)  # rewritten


def test_a_changed_question_file_makes_a_new_key(tmp_path: Path) -> None:
    deck = tmp_path / "deck.toml"
    deck.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    before = cached(tmp_path / "data", (str(deck),))
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")  # new size and mtime
    os.utime(deck, ns=(1, 1))
    after = cached(tmp_path / "data", (str(deck),))
    assert len(cache_files(tmp_path / "data")) == 2
    assert [q.id for q in after.questions] == [q.id for q in before.questions]
    assert after.questions[0].origin.line != before.questions[0].origin.line


CELL_QUESTION = """
[[question]]
id = "own-cell"
kind = "derivation"
topic = "jacobians"
difficulty = "easy"
prompt = "Give dh/dh_prev of the cell in cells/own.toml."
explanation = "Derived by the package."
source = "derivation by the package"
target = "own.dh_dhprev"
cell_file = "cells/own.toml"
"""
OWN_CELL = """
[cell]
name = "own"
state = ["h"]
input = "x"
params = { W = "n,n", U = "n,m" }
equations = ["h = tanh(W @ h_prev + U @ x)"]
"""


def test_a_cell_file_that_appears_changes_or_breaks_makes_the_cache_stale(
    tmp_path: Path,
) -> None:
    """The key cannot know the cell files (they are named inside the decks), so the cache lists
    them: a deck whose cell file was missing loads its question once the file is there, and a
    cell file broken since is reported, without touching the deck."""
    deck = tmp_path / "deck.toml"
    deck.write_text(CELL_QUESTION, encoding="utf-8")
    data = tmp_path / "data"
    missing = cached(data, (str(deck),))
    assert [q.id for q in missing.questions] == [] and "no such cell file" in str(
        missing.problems[0]
    )
    cell = tmp_path / "cells" / "own.toml"
    cell.parent.mkdir()
    cell.write_text(OWN_CELL, encoding="utf-8")
    found = cached(data, (str(deck),))
    assert [q.id for q in found.questions] == ["own-cell"] and found.problems == []
    assert found.cell_files == [str(cell.resolve())]
    assert cached(data, (str(deck),)).questions == found.questions  # served from the file
    cell.write_text(OWN_CELL.replace("U @ x", "V @ x"), encoding="utf-8")
    os.utime(cell, ns=(1, 1))
    broken = cached(data, (str(deck),))
    assert broken.questions == [] and "unknown name 'V'" in str(broken.problems[0])


def test_a_pickle_in_the_cache_folder_is_never_unpickled(tmp_path: Path) -> None:
    """What the old format allowed: a crafted file running code when the quiz opens."""

    class Boom:
        def __reduce__(self):
            return (os.mkdir, (str(tmp_path / "pwned"),))

    cached(tmp_path)
    (path,) = cache_files(tmp_path)
    payload = pickle.dumps(Boom())
    path.write_bytes(payload)
    path.with_suffix(".pickle").write_bytes(payload)
    cached(tmp_path)
    assert not (tmp_path / "pwned").exists()
    assert not path.with_suffix(".pickle").exists()  # the old format is cleaned away


def test_an_unwritable_cache_folder_only_costs_the_speed_up(tmp_path: Path) -> None:
    (tmp_path / bankcache.CACHE_DIR).write_text("a file where the folder should be")
    same_bank(cached(tmp_path), load_bank([str(FIXTURE)], include_builtin=False, data_dir=tmp_path))


def test_the_key_follows_the_modules_the_schema_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schema takes its derivation targets from math/targets.py: editing it must not
    leave a bank validated by the old targets in the cache."""
    import interviewkit.math.targets as targets

    target_file = os.fspath(Path(targets.__file__))
    before = bankcache.cache_key((str(FIXTURE),), True, tmp_path)
    real_stat = Path.stat

    def stat(self: Path, *args, **kwargs):
        result = real_stat(self, *args, **kwargs)
        if os.fspath(self) == target_file:
            return os.stat_result((*result[:6], result[6] + 1, *result[7:]))  # one byte longer
        return result

    monkeypatch.setattr(Path, "stat", stat)
    assert bankcache.cache_key((str(FIXTURE),), True, tmp_path) != before
