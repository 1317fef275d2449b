"""`interviewkit stats`: tables, JSON, plots, and export/import through the command line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewkit.cli import main
from interviewkit.commands.stats import render_plots
from interviewkit.study.store import ProgressStore


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    now = datetime.now(timezone.utc)
    with ProgressStore.open(tmp_path / "a") as store:
        for i in range(9):
            store.record_answer(
                "left-bank-id",
                1,
                kind="numeric",
                topic="parameters",
                mode="review",
                now=now - timedelta(days=9 - i),
            )
        store.record_answer("q2", 3, kind="choice", topic="gru", mode="quiz", answer="B")
    return tmp_path / "a"


def test_stats_json(data_dir: Path, capsys) -> None:
    assert main(["stats", "--json", "--data-dir", str(data_dir), "--days", "7"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["days"] == 7 and stats["totals"]["reviews"] == 10
    assert stats["totals"]["not_in_bank"] == 2
    assert stats["leeches"] == [
        {"id": "left-bank-id", "again_count": 9, "topic": "parameters", "in_bank": False}
    ]


def test_stats_text_and_plots(data_dir: Path, capsys) -> None:
    assert main(["stats", "--data-dir", str(data_dir), "--plot"]) == 0
    out = capsys.readouterr().out
    assert "questions " in out and "10 in all" in out
    assert "leeches (failed 8 times or more" in out
    assert "9x  left-bank-id  (no longer in the bank)" in out
    assert "Reviews per day (last 30 days)" in out and "Cards due per day" in out
    assert main(["stats", "--data-dir", str(data_dir), "--no-plot"]) == 0
    assert "Reviews per day" not in capsys.readouterr().out


def test_render_plots_fits_the_width(data_dir: Path) -> None:
    from interviewkit.study.stats import compute_stats

    with ProgressStore.open(data_dir) as store:
        text = render_plots(compute_stats(store, []), width=60)
    assert "Reviews per day" in text


def test_export_import_round_trip_through_the_cli(data_dir: Path, tmp_path: Path, capsys) -> None:
    backup = tmp_path / "backup.json"
    assert main(["stats", "--data-dir", str(data_dir), "--export", str(backup)]) == 0
    assert "exported 10 reviews of 2 cards" in capsys.readouterr().err
    other = tmp_path / "other"
    assert main(["stats", "--data-dir", str(other), "--import", str(backup)]) == 0
    assert "imported 10 new reviews" in capsys.readouterr().out
    assert main(["stats", "--data-dir", str(other), "--import", str(backup)]) == 0
    assert "imported 0 new reviews" in capsys.readouterr().out
    assert main(["stats", "--data-dir", str(other), "--export", "-"]) == 0
    again = json.loads(capsys.readouterr().out)
    original = json.loads(backup.read_text())
    assert again["reviews"] == original["reviews"] and again["cards"] == original["cards"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("{not json", "is not JSON"),
        ('{"format": "something-else"}', "not an interviewkit progress export"),
    ],
)
def test_import_errors_are_one_line(tmp_path: Path, capsys, content, message) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content)
    assert main(["stats", "--data-dir", str(tmp_path / "d"), "--import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: progress store error: ") and message in err
    assert err.count("\n") == 1


def test_corrupt_database_warns_once_and_goes_on(tmp_path: Path, capsys) -> None:
    (tmp_path / "progress.db").write_bytes(b"garbage" * 100)
    assert main(["stats", "--json", "--data-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: warning: progress.db was corrupt; moved to ")


@pytest.mark.parametrize("days", ["0", "-3", "3651", "100000000"])
def test_days_out_of_range_is_one_line_not_a_crash(tmp_path: Path, capsys, days) -> None:
    assert main(["stats", "--data-dir", str(tmp_path), "--days", days]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: progress store error: --days must be between 1 and")
    assert err.count("\n") == 1


def test_longest_days_window_works(data_dir: Path, capsys) -> None:
    assert main(["stats", "--json", "--data-dir", str(data_dir), "--days", "3650"]) == 0
    assert json.loads(capsys.readouterr().out)["days"] == 3650


@pytest.mark.parametrize("option", ["--export", "--import"])
@pytest.mark.parametrize("name", ["", "  "])
def test_empty_file_name_is_refused_not_ignored(tmp_path: Path, capsys, option, name) -> None:
    assert main(["stats", "--data-dir", str(tmp_path), option, name]) == 2
    err = capsys.readouterr().err
    assert f"{option} needs a file name" in err and err.count("\n") == 1


def test_export_to_an_unwritable_place_is_one_line_and_leaves_nothing(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    missing = tmp_path / "no-such-folder" / "backup.json"
    assert main(["stats", "--data-dir", str(data_dir), "--export", str(missing)]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("interviewkit: progress store error: cannot write") and err.count("\n") == 1
    )
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["stats", "--data-dir", str(data_dir), "--export", str(folder)]) == 2
    assert "it is a folder" in capsys.readouterr().err
    backup = tmp_path / "backup.json"
    assert main(["stats", "--data-dir", str(data_dir), "--export", str(backup)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_stats_text_fits_80_columns(data_dir: Path, capsys) -> None:
    assert main(["stats", "--data-dir", str(data_dir), "--no-plot", "--days", "3650"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("retention") for line in lines)
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)


def test_stats_before_any_answer_says_so_instead_of_empty_tables(tmp_path: Path, capsys) -> None:
    """No reviews: a retention of "-" and a week of zeros read like a broken store; one
    sentence says what to do, and no empty charts follow."""
    assert main(["stats", "--data-dir", str(tmp_path / "none"), "--plot"]) == 0
    captured = capsys.readouterr()
    assert "questions " in captured.out and " new, 0 seen" in captured.out
    assert "nothing answered yet: `interviewkit quiz` starts a session" in captured.out
    assert "retention" not in captured.out and "due in the next 7 days" not in captured.out
    assert "Reviews per day" not in captured.out
    assert "no progress yet" in captured.err
    assert not (tmp_path / "none").exists()
