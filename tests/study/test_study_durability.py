"""Durability of the progress store, each case in real separate processes.

A kill -9 in the middle of a stream of answers, two writers at once, a corrupt file, and a
folder that cannot be written (as root too, where chmod alone does not stop writes).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from interviewkit.study.store import DB_NAME, ProgressStore

WORKER = Path(__file__).with_name("durability_worker.py")


def worker(*args: str, **kw) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def run_worker(*args: str, **kw) -> tuple[int, str, str]:
    proc = worker(*args, **kw)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def assert_consistent(data_dir: Path) -> ProgressStore:
    """The file is sound and every card agrees with its review log (written together)."""
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = ProgressStore.open(data_dir)
    counts = Counter(r.question_id for r in store.reviews())
    for card in store.cards():
        assert card.reps == counts[card.question_id]
        last = max(r.reviewed_at for r in store.reviews(card.question_id))
        assert card.last_review == last
    return store


@pytest.mark.parametrize("after", [1, 25, 60])
def test_kill_9_loses_no_committed_answer(tmp_path: Path, after: int) -> None:
    proc = worker("write", str(tmp_path), "w", "1000000", "7")
    acked = -1
    assert proc.stdout is not None
    for line in proc.stdout:
        acked = int(line)
        if acked >= after:
            break
    os.kill(proc.pid, signal.SIGKILL)
    # Whatever it printed before dying was committed too (it prints after each commit).
    for line in proc.stdout.read().splitlines():
        acked = int(line)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with assert_consistent(tmp_path) as store:
        answers = {r.answer for r in store.reviews()}
        # Every answer the worker saw committed is there; at most the one in flight besides.
        assert {f"w-{i}" for i in range(acked + 1)} <= answers
        assert len(answers) <= acked + 2
        # ... and the store keeps working after the crash.
        store.record_answer("q0", 3, kind="flashcard", topic="lstm", mode="review")


def test_two_writers_at_once_lose_no_review(tmp_path: Path) -> None:
    start = tmp_path / "go"
    n = 150
    procs = [worker("write", str(tmp_path), tag, str(n), "5", str(start)) for tag in ("a", "b")]
    start.touch()
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
    with assert_consistent(tmp_path) as store:
        answers = [r.answer for r in store.reviews()]
        assert len(answers) == 2 * n
        assert set(answers) == {f"{t}-{i}" for t in "ab" for i in range(n)}
        assert sum(c.reps for c in store.cards()) == 2 * n


def test_corrupt_file_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not SQLite at all\n" * 200)
    (tmp_path / f"{DB_NAME}-wal").write_bytes(b"stale wal")
    code, out, err = run_worker("open", str(tmp_path))
    assert code == 0, out + err
    [warning] = json.loads(out)["warnings"]
    [moved] = sorted(tmp_path.glob(f"{DB_NAME}.corrupt-*[0-9]"))
    assert warning == f"{DB_NAME} was corrupt; moved to {moved.name}; starting fresh"
    assert moved.read_bytes().startswith(b"this is not SQLite")
    # The -wal goes aside with the file, as it was; nothing stale is left beside the fresh file.
    assert (tmp_path / f"{moved.name}-wal").read_bytes() == b"stale wal"
    fresh = [tmp_path / f"{DB_NAME}{side}" for side in ("", "-wal", "-shm")]
    assert all(b"stale wal" not in p.read_bytes() for p in fresh if p.exists())
    with assert_consistent(tmp_path) as store:
        assert store.seen_ids() == {"fresh"} and store.warnings == []


def test_damaged_pages_are_detected(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        for i in range(300):
            store.record_answer(
                f"q{i}", 3, kind="short", topic="gru", mode="quiz", answer="x" * 200
            )
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray((tmp_path / DB_NAME).read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page : 6 * page] = b"\xa5" * (3 * page)  # scribble over b-tree pages
    (tmp_path / DB_NAME).write_bytes(bytes(data))
    code, out, err = run_worker("open", str(tmp_path))
    assert code == 0, out + err
    assert "was corrupt; moved to progress.db.corrupt-" in json.loads(out)["warnings"][0]


def test_data_dir_under_a_regular_file_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    code, out, _ = run_worker("open", str(blocker / "data"))
    assert code == 2
    assert out.startswith("StoreError: cannot create the data folder")
    assert "--data-dir" in out and "Traceback" not in out


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3


def _drop_root_file_powers() -> None:
    """In the child, before exec: drop the capabilities that let root ignore file modes.

    Root stays uid 0 (so it can still run the venv's Python under /root), but without
    CAP_DAC_OVERRIDE a folder's mode 0555 stops its writes like anyone else's.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _can_drop_root_file_powers() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", ""], preexec_fn=_drop_root_file_powers, check=False
    )
    return probe.returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux permissions and prctl")
def test_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    """A read-only folder, empty or holding an earlier database, gives one clear line.

    Tests run as root here, where chmod alone stops nothing: the worker then runs with root's
    file-permission capabilities dropped, so the folder's mode applies to it as to a user.
    """
    kw = {}
    if os.geteuid() == 0:
        try:
            ok = _can_drop_root_file_powers()
        except subprocess.SubprocessError:
            ok = False
        if not ok:
            pytest.skip("running as root without CAP_SETPCAP: cannot make a folder read-only")
        kw["preexec_fn"] = _drop_root_file_powers
    existing = tmp_path / "existing"  # a database made earlier, in a folder now read-only
    ProgressStore.open(existing).close()
    empty = tmp_path / "empty"
    empty.mkdir()
    try:
        (existing / DB_NAME).chmod(0o444)
        for folder in (existing, empty):
            folder.chmod(0o555)
            code, out, err = run_worker("open", str(folder), **kw)
            assert code == 2, out + err
            assert out.startswith("StoreError: "), out + err
            assert str(folder) in out and "--data-dir" in out
            assert "Traceback" not in out + err
    finally:
        existing.chmod(0o755)
        empty.chmod(0o755)
