"""The store against a hostile file system: a folder where the database belongs, a full disk,
a damaged file with its WAL, a missing or read-only data folder (issue 11)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from interviewkit.cli import main
from interviewkit.errors import StoreError
from interviewkit.study import store as store_module
from interviewkit.study.store import DB_NAME, ProgressStore


def answer(store: ProgressStore, qid: str) -> None:
    store.record_answer(qid, 3, kind="short", topic="lstm", mode="quiz", answer="x" * 2000)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err, err
    return err


@pytest.mark.parametrize("name", [DB_NAME, f"{DB_NAME}-wal"])
def test_a_folder_in_the_database_s_place_is_named(
    tmp_path: Path, capsys, monkeypatch, name: str
) -> None:
    (tmp_path / name).mkdir()
    empty = '{"format": "interviewkit-progress", "cards": [], "reviews": []}'
    monkeypatch.setattr(sys, "stdin", io.StringIO(empty))
    with pytest.raises(StoreError, match=f"{name} is a folder, where interviewkit keeps"):
        ProgressStore.open(tmp_path)
    for argv in (["stats"], ["stats", "--import", "-"], ["stats", "--export", "-"]):
        assert main([*argv, "--data-dir", str(tmp_path)]) == 2
        assert "is a folder, where interviewkit keeps its progress" in one_error_line(capsys)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", [DB_NAME, f"{DB_NAME}-wal"])
def test_a_pipe_in_the_database_s_place_is_named_not_waited_on(tmp_path: Path, name: str) -> None:
    """Opening a named pipe blocks until something writes to it: `stats` hung for ever."""
    if name != DB_NAME:
        with ProgressStore.open(tmp_path) as store:
            answer(store, "first")
        (tmp_path / name).unlink(missing_ok=True)
    os.mkfifo(tmp_path / name)
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "stats", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"{name} is not a regular file (a named pipe)" in result.stderr


def test_a_full_disk_is_one_line_and_what_was_saved_stays(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        answer(store, "first")
        pages = store._connection().execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own "database or disk is full", as on a full disk, at the next few pages
        store._connection().execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreError) as caught:
            for n in range(100):
                answer(store, f"q{n}")
    line = caught.value.one_line()
    assert line.startswith(f"the disk holding {tmp_path / DB_NAME} is full: this could not be")
    assert "what was saved before is kept" in line
    with ProgressStore.open(tmp_path) as store:
        assert "first" in store.seen_ids()


def test_a_damaged_file_and_its_wal_are_moved_aside_as_they_were(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE a (x)")
    conn.executemany("INSERT INTO a VALUES (?)", [("a" * 300,)] * 100)
    conn.close()
    # a writer killed with its last transactions still in the -wal file
    code = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('PRAGMA wal_autocheckpoint = 0'); c.execute('CREATE TABLE b (x)'); "
        "[c.execute('INSERT INTO b VALUES (?)', ('b' * 300,)) for _ in range(50)]; os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    with db.open("r+b") as fh:  # damage a page of table a, which the -wal does not hold
        fh.seek(2 * 4096 + 20)
        fh.write(b"\xff" * 200)
    before = {side: digest(tmp_path / f"{DB_NAME}{side}") for side in ("", "-wal")}
    with ProgressStore.open(tmp_path) as store:
        [warning] = store.warnings
    [moved] = tmp_path.glob(f"{DB_NAME}.corrupt-*[0-9]")
    assert warning.startswith(f"{DB_NAME} was corrupt; moved to {moved.name}")
    assert digest(moved) == before[""]
    assert digest(tmp_path / f"{moved.name}-wal") == before["-wal"]


def test_reading_commands_create_no_folder_and_say_there_is_no_progress(
    tmp_path: Path, capsys
) -> None:
    missing = tmp_path / "mistyped" / "path"
    assert main(["stats", "--data-dir", str(missing), "--no-plot"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"interviewkit: no progress yet in {missing} (answer questions " + (
        "with `interviewkit quiz`)\n"
    )
    assert "nothing answered yet" in captured.out
    assert main(["stats", "--json", "--data-dir", str(missing)]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["reviews"] == 0
    assert main(["stats", "--export", str(tmp_path / "b.json"), "--data-dir", str(missing)]) == 0
    assert capsys.readouterr().err.startswith(f"interviewkit: no progress yet in {missing} (")
    empty = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert empty["reviews"] == empty["cards"] == []
    assert not (tmp_path / "mistyped").exists()


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    with ProgressStore.open(directory) as store:
        answer(store, "kept")
    return directory


def test_reading_never_writes_the_database(progress: Path, capsys) -> None:
    before = digest(progress / DB_NAME)
    assert main(["stats", "--json", "--data-dir", str(progress)]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["reviews"] == 1
    assert main(["stats", "--export", "-", "--data-dir", str(progress)]) == 0
    assert [r["question_id"] for r in json.loads(capsys.readouterr().out)["reviews"]] == ["kept"]
    assert digest(progress / DB_NAME) == before


def test_an_older_schema_is_read_through_a_copy_in_memory(tmp_path: Path, capsys) -> None:
    from test_study_store import _write_v1_database

    tmp_path.mkdir(exist_ok=True)
    _write_v1_database(tmp_path / DB_NAME)
    before = digest(tmp_path / DB_NAME)
    assert main(["stats", "--export", "-", "--data-dir", str(tmp_path)]) == 0
    assert {r["question_id"] for r in json.loads(capsys.readouterr().out)["reviews"]} == {"v1-q"}
    assert digest(tmp_path / DB_NAME) == before


def test_without_the_right_to_make_the_shm_file_the_store_is_read_as_immutable(
    progress: Path, monkeypatch, capsys
) -> None:
    real = store_module._readonly

    def no_shm(path: Path, *, immutable: bool):
        if not immutable:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(path, immutable=immutable)

    monkeypatch.setattr(store_module, "_readonly", no_shm)
    assert main(["stats", "--export", "-", "--data-dir", str(progress)]) == 0
    assert json.loads(capsys.readouterr().out)["reviews"][0]["question_id"] == "kept"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="file modes do not bind root"
)
def test_export_works_on_a_read_only_store(progress: Path, tmp_path: Path, capsys) -> None:
    for path in (progress / DB_NAME, progress):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert main(["stats", "--export", "-", "--data-dir", str(progress)]) == 0
        assert json.loads(capsys.readouterr().out)["reviews"][0]["question_id"] == "kept"
        assert main(["stats", "--json", "--data-dir", str(progress)]) == 0
    finally:
        progress.chmod(0o755)
        (progress / DB_NAME).chmod(0o644)


def test_reading_shows_renamed_ids_under_their_new_id_without_writing(
    tmp_path: Path, capsys
) -> None:
    from interviewkit.bank.renames import RENAMES

    old, new = next(iter(RENAMES.items()))
    with ProgressStore.open(tmp_path) as store:  # renames run at open, so this one stays old
        answer(store, old)
    before = digest(tmp_path / DB_NAME)
    assert main(["stats", "--export", "-", "--data-dir", str(tmp_path)]) == 0
    assert [c["question_id"] for c in json.loads(capsys.readouterr().out)["cards"]] == [new]
    assert digest(tmp_path / DB_NAME) == before
