"""`stats --import` of hostile backups: each is imported, or refused in one line that names the
record and the field with the store byte for byte as it was (issue 11)."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.cli import main
from interviewkit.errors import StoreError
from interviewkit.study.backup import check_backup
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.store import ProgressStore

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def make_backup() -> dict[str, Any]:
    """A real export: a card in each state, reviews with every field set."""
    directory = Path(tempfile.mkdtemp(prefix="ik-backup-"))
    try:
        with ProgressStore.open(directory, scheduler=StudyScheduler(enable_fuzzing=False)) as s:
            for qid, ratings in (("learn", [1]), ("rev", [3, 3]), ("relearn", [3, 3, 1])):
                when = T0
                for rating in ratings:
                    info = s.record_answer(
                        qid, rating, kind="short", topic="lstm", mode="quiz", answer="a",
                        verdict="correct", duration_s=2.5, now=when,
                    )  # fmt: skip
                    when = max(info.due, when + timedelta(days=1))
            return json.loads(json.dumps(s.export_data()))
    finally:
        shutil.rmtree(directory)


BACKUP = make_backup()
STATES = {c["question_id"]: c["state"] for c in BACKUP["cards"]}
assert sorted(STATES.values()) == [1, 2, 3], STATES


def snapshot(directory: Path) -> dict[str, str]:
    """Every file of the data folder and a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with some progress of its own, closed cleanly (no -wal left)."""
    directory = tmp_path_factory.mktemp("store")
    with ProgressStore.open(directory) as store:
        store.record_answer("mine", 3, kind="short", topic="lstm", mode="quiz", now=T0)
    return directory


#: A card's index by its question id in the original backup (edits may change the id).
CARD_INDEX = {c["question_id"]: i for i, c in enumerate(BACKUP["cards"])}


def edit(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of `base` (BACKUP) with the field at `path` (`reviews.0.rating`,
    `cards.rev.stability`) set to `value`."""
    data = copy.deepcopy(BACKUP if base is None else base)
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        if isinstance(target, dict) and key in target:
            target = target[key]
        else:
            target = target[CARD_INDEX[key] if key in CARD_INDEX else int(key)]
    target[int(last) if last.isdigit() else last] = value
    return data


#: Stands for a 5,000-digit integer, written into the file as digits (`json.dumps` refuses it).
BIG = "<5000 digits>"

HOSTILE: list[tuple[str, Any, str]] = [
    ("reviews.0.rating", True, "reviews[0]: bad review record \"learn\": field 'rating' must be"),
    ("reviews.0.rating", 3.0, "'rating' must be a whole number from 1 to 4, not 3.0"),
    ("reviews.0.rating", 5, "'rating' must be a whole number from 1 to 4, not 5"),
    ("reviews.0.rating", "3", "'rating' must be a whole number from 1 to 4, not \"3\""),
    ("reviews.1.duration_s", float("inf"), "'duration_s' must be a finite number"),
    ("reviews.1.duration_s", float("nan"), "'duration_s' must be a finite number"),
    ("reviews.1.duration_s", -1, "'duration_s' must be a finite number from 0"),
    ("reviews.1.stability_after", 1e308 * 10, "'stability_after' must be a finite number"),
    (
        "cards.rev.card_id",
        2**63,
        "'card_id' must be a whole number from -9,223,372,036,854,775,808",
    ),
    ("cards.rev.card_id", BIG, "'card_id' must be a whole number"),
    ("cards.rev.reps", -(2**64), "'reps' must be a whole number from 0"),
    ("reviews.0.reviewed_at", "0001-01-01T00:00:00+14:00", "'reviewed_at' must be an ISO 8601"),
    ("reviews.0.reviewed_at", "9999-12-31T23:59:59-12:00", "'reviewed_at' must be an ISO 8601"),
    ("reviews.0.reviewed_at", "1969-12-31T23:59:59+00:00", "'reviewed_at' must lie between 1970"),
    ("reviews.0.reviewed_at", "9000-01-01T00:00:00", "'reviewed_at' must lie between 1970 and"),
    ("reviews.0.reviewed_at", "2026-02-30T00:00:00", "'reviewed_at' must be an ISO 8601"),
    ("reviews.0.reviewed_at", "", "'reviewed_at' must be an ISO 8601"),
    ("reviews.0.reviewed_at", None, "'reviewed_at' must be an ISO 8601 date and time, not null"),
    ("cards.rev.stability", None, "'stability' must be given for a card in the Review state"),
    ("cards.relearn.difficulty", None, "'difficulty' must be given for a card in the Relearning"),
    ("cards.rev.last_review", None, "'last_review' must be given for a card in the Review state"),
    ("cards.learn.step", None, "'step' must be given for a card in the Learning state"),
    ("cards.rev.stability", 0, "'stability' must be a finite number from 0.001 to 1e+09"),
    ("cards.rev.stability", float("nan"), "'stability' must be a finite number"),
    ("cards.rev.difficulty", 11, "'difficulty' must be a finite number from 1 to 10"),
    ("cards.rev.state", 0, "'state' must be a whole number from 1 to 3"),
    ("cards.rev.step", -1, "'step' must be a whole number from 0 to 10,000"),
    ("reviews.0.answer", "\ud800", "'answer' holds a lone surrogate (U+D800) at 1"),
    ("reviews.0.question_id", "q" * 501, "'question_id' is 501 characters long; the limit is 500"),
    ("reviews.0.question_id", "", "'question_id' must be non-empty text"),
    ("reviews.0.kind", {"a": [1]}, "'kind' must be one of flashcard, choice, numeric, deri"),
    ("reviews.0.extra", 1, "field 'extra' is not a field of this record"),
    ("reviews.0", [], "backup.json: reviews[0] must be a JSON object, not a JSON list"),
    ("schema_version", 0, "schema_version must be a whole number from 1 to 3, not 0"),
    ("schema_version", True, "schema_version must be a whole number from 1 to 3, not true"),
    ("schema_version", 99, "has schema version 99, newer than this interviewkit understands"),
    ("format", "other", "is not an interviewkit progress export"),
    ("cards", {}, "'cards' must be a list, not a JSON object"),
    ("notes", [], "unknown field 'notes'"),
]


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "backup.json"
    text = json.dumps(data, ensure_ascii=True)  # allows NaN and Infinity, as Python writes them
    text = text.replace(json.dumps(BIG), "9" * 5000)
    path.write_text(text, encoding="utf-8")
    return path


def import_(store_dir: Path, path: Path, capsys) -> tuple[int, str]:
    code = main(["stats", "--data-dir", str(store_dir), "--import", str(path)])
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(("path", "value", "expected"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_backup_is_refused_in_one_line_and_nothing_changes(
    store_dir: Path, tmp_path: Path, capsys, path: str, value: Any, expected: str
) -> None:
    before = snapshot(store_dir)
    code, err = import_(store_dir, write(tmp_path, edit(path, value)), capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("interviewkit: progress store error: ") and expected in err, err
    assert snapshot(store_dir) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "interviewkit-progress", "reviews": ' + b"[" * 100_000, "nested too deeply"),
        (b"\xff\xfe{}", "is not JSON: not UTF-8 (byte 1)"),
        (b'{"format": "interviewkit-progress", "schema_version": 1' + b"0" * 5000 + b"}", "digits"),
        (b"[1, 2", "is not JSON"),
    ],
)
def test_a_file_that_is_not_a_backup_is_one_line(
    store_dir: Path, tmp_path: Path, capsys, content: bytes, expected: str
) -> None:
    before = snapshot(store_dir)
    path = tmp_path / "backup.json"
    path.write_bytes(content)
    code, err = import_(store_dir, path, capsys)
    assert code == 2 and err.count("\n") == 1 and expected in err, err
    assert snapshot(store_dir) == before


def test_a_refused_import_creates_no_data_folder(tmp_path: Path, capsys) -> None:
    code, _ = import_(tmp_path / "new", write(tmp_path, edit("reviews.0.rating", 0)), capsys)
    assert code == 2 and not (tmp_path / "new").exists()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_the_real_backup_imports_and_every_card_answers_afterwards(
    tmp_path: Path, capsys, bom: bytes
) -> None:
    path = write(tmp_path, BACKUP)
    path.write_bytes(bom + path.read_bytes())  # a byte-order mark some editors add
    code, err = import_(tmp_path / "d", path, capsys)
    assert code == 0 and err == ""
    with ProgressStore.open(tmp_path / "d") as store:
        for qid in STATES:
            store.record_answer(qid, 3, kind="short", topic="lstm", mode="quiz")


# --------------------------------------------------------------------------- property test

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**5000, 0, 1, 4, -1, 10_001]),
    st.floats(),
    st.text(max_size=5),
    st.sampled_from(["\ud800", "2026-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "x" * 600]),
    st.lists(st.integers(), max_size=2),
)
_places = [
    *(f"reviews.{i}.{k}" for i in (0, 3) for k in BACKUP["reviews"][0]),
    *(f"cards.{q}.{k}" for q in STATES for k in BACKUP["cards"][0]),
    "schema_version",
    "exported_at",
]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.sampled_from(_places), _values), min_size=1, max_size=3))
def test_random_backups_are_imported_whole_or_refused_whole(store_dir: Path, edits) -> None:
    data = BACKUP
    for path, value in edits:
        data = edit(path, value, data)
    try:
        backup = check_backup(data)
    except StoreError as exc:
        assert "\n" not in exc.one_line() and len(exc.one_line()) < 400
        return
    work = Path(tempfile.mkdtemp(prefix="ik-import-"))
    try:
        shutil.copytree(store_dir, work, dirs_exist_ok=True)
        with ProgressStore.open(work) as store:
            store.import_backup(backup)
            for qid in {c.question_id for c in backup.cards} | {
                r.question_id for r in backup.reviews
            }:
                store.record_answer(qid, 3, kind="short", topic="lstm", mode="quiz")
    finally:
        shutil.rmtree(work)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_backup_is_read_no_further_than_the_limit(
    store_dir: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    from interviewkit.study import backup

    monkeypatch.setattr(backup, "MAX_BYTES", 1000)
    code, err = import_(store_dir, Path("/dev/zero"), capsys)  # never ends: read 1,001 bytes
    assert code == 2 and "/dev/zero is over 0 MiB; no backup is that big" in err


@pytest.mark.parametrize("empty", [b"{}", b"[]"])
def test_a_file_of_empty_values_is_refused_before_it_fills_the_memory(
    store_dir: Path, tmp_path: Path, capsys, empty: bytes
) -> None:
    """Two bytes of JSON make a 56- or 64-byte Python object: a 64 MiB file of `{}` took 1.7 GB
    to parse before any field was checked. No real backup has an object or list for every few
    bytes (a review is some 400), so such a file is refused while it is parsed."""
    import tracemalloc

    path = tmp_path / "backup.json"
    many = b", ".join([empty] * 1_000_000)
    path.write_bytes(b'{"format": "interviewkit-progress", "cards": [' + many + b"]}")
    tracemalloc.start()
    try:
        code, err = import_(store_dir, path, capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and err.count("\n") == 1 and "objects and lists" in err, err
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MiB"


# ------------------------------------------------- the shape of the file, duplicates, names


def without(key: str) -> dict[str, Any]:
    return {k: v for k, v in BACKUP.items() if k != key}


def with_extra_review(**change: Any) -> dict[str, Any]:
    """BACKUP with a second copy of its first review (changed by `change`) at the end."""
    data = copy.deepcopy(BACKUP)
    data["reviews"].append({**data["reviews"][0], **change})
    return data


LAST = len(BACKUP["reviews"])

SHAPES: list[tuple[str, Any, str]] = [
    ("no cards", without("cards"), "'cards' is missing: a backup holds 'cards' and 'reviews'"),
    ("no reviews", without("reviews"), "'reviews' is missing: a backup holds 'cards' and"),
    ("reviews null", edit("reviews", None), "'reviews' must be a list, not null"),
    ("schema 3.0", edit("schema_version", 3.0), "schema_version must be a whole number from 1 to"),
    ("schema big", edit("schema_version", BIG), "not an integer of 5,000 digits"),
    (
        "conflicting uid",
        with_extra_review(rating=4),
        f'reviews[0] and reviews[{LAST}] both have uid "{BACKUP["reviews"][0]["uid"]}" but '
        "differ in 'rating'",
    ),
    (
        "conflicting card",
        edit("cards", [*BACKUP["cards"], {**BACKUP["cards"][0], "reps": 99}]),
        f'cards[0] and cards[3] both have question_id "{BACKUP["cards"][0]["question_id"]}"',
    ),
    ("card kind", edit("cards.rev.kind", "bogus"), "'kind' must be one of flashcard, choice,"),
    ("review kind", edit("reviews.0.kind", "bogus"), "'kind' must be one of flashcard, choice,"),
    ("card topic", edit("cards.rev.topic", "bogus"), "'topic' must be a topic of the bank"),
    ("review topic", edit("reviews.0.topic", "Lstm"), "'topic' must be a topic of the bank"),
    (
        "qid NUL",
        edit("cards.rev.question_id", "rev\x00"),
        "holds a control character (U+0000) at 4",
    ),
    ("qid bidi", edit("cards.rev.question_id", "lstm-\u202e-x"), "a format character (U+202E)"),
    ("qid line", edit("reviews.0.question_id", "lstm\u2028x"), "a line separator (U+2028) at 5"),
    ("qid space", edit("reviews.0.question_id", "lstm cec"), "'question_id' must be a question id"),
    ("qid upper", edit("cards.rev.question_id", "LSTM"), "'question_id' must be a question id ("),
    ("mark qid", edit("marks", [{"question_id": "a-", "updated_at": T0.isoformat()}]), '"a-"'),
    ("uid format", edit("reviews.0.uid", "u\u200b1"), "'uid' holds a format character (U+200B)"),
]


@pytest.mark.parametrize(("data", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_a_backup_of_the_wrong_shape_is_refused_in_one_line(
    store_dir: Path, tmp_path: Path, capsys, data: Any, expected: str
) -> None:
    before = snapshot(store_dir)
    code, err = import_(store_dir, write(tmp_path, data), capsys)
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("interviewkit: progress store error: ") and expected in err, err
    assert snapshot(store_dir) == before


def test_identical_duplicates_count_once_and_the_count_of_those_here_is_true(
    tmp_path: Path, capsys
) -> None:
    """A file holding one review twice imports it once, and says so; importing again says how
    many distinct reviews were already here, not how many records the file has."""
    data = with_extra_review()
    data["cards"].append(copy.deepcopy(data["cards"][0]))  # an identical card: one card
    path = write(tmp_path, data)
    reviews = len(BACKUP["reviews"])
    assert main(["stats", "--data-dir", str(tmp_path / "d"), "--import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"imported {reviews} new reviews" in out and "(0 already here" in out, out
    assert "1 duplicate in the file skipped" in out, out
    assert main(["stats", "--data-dir", str(tmp_path / "d"), "--import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"imported 0 new reviews from {path} ({reviews} already here; 1 duplicate" in out, out
    with ProgressStore.open(tmp_path / "d") as store:
        assert len(store.reviews()) == reviews and len(store.cards()) == len(BACKUP["cards"])


def test_every_kind_and_topic_of_the_bank_is_accepted() -> None:
    from interviewkit.bank.schema import KINDS, TOPICS

    for kind, topic in zip(KINDS * 4, TOPICS, strict=False):
        check_backup(edit("cards.rev.topic", topic, edit("cards.rev.kind", kind)))
        check_backup(edit("reviews.0.topic", topic, edit("reviews.0.kind", kind)))
    check_backup(edit("cards.rev.topic", None, edit("cards.rev.kind", None)))
