"""Every mistake a user can make with export or serve is one line on stderr and exit code 2."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from interviewkit.cli import main


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


def test_unknown_topic_suggests_the_close_one(
    tmp_path: Path, bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The filters are those of `bank list`, refused alike by the parser (usage error, exit 2)."""
    out = tmp_path / "x.apkg"
    with pytest.raises(SystemExit) as exc:
        main(["export", "anki", *bank_args, "--topic", "lstms", "--out", str(out)])
    assert exc.value.code == 2
    assert one_line_error(capsys).startswith(
        "interviewkit export anki: error: argument --topic: invalid choice: 'lstms'; "
        "did you mean 'lstm'?"
    )
    assert not out.exists()


def test_unknown_kind(bank_args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "markdown", *bank_args, "--kind", "essay"])
    assert exc.value.code == 2
    assert "invalid choice: 'essay'" in one_line_error(capsys)


def test_unknown_values_are_refused_by_select_too() -> None:
    """`select_questions` is the API the command uses: it checks its own values."""
    from interviewkit.export.errors import ExportError
    from interviewkit.export.select import select_questions

    with pytest.raises(ExportError, match="unknown topic 'lstms'") as exc:
        select_questions([], topics=["lstms"])
    assert exc.value.hint == "did you mean 'lstm'?"
    with pytest.raises(ExportError, match="unknown cell 'lsmt'"):
        select_questions([], cells=["lsmt"])


def test_filters_that_match_nothing(
    bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "markdown", *bank_args, "--topic", "clipping"]) == 2
    assert "no question matches these filters" in one_line_error(capsys)


@pytest.mark.parametrize("fmt", ["anki", "markdown", "html"])
def test_output_folder_missing(
    fmt: str, tmp_path: Path, bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "out.file"
    assert main(["export", fmt, *bank_args, "--out", str(out)]) == 2
    assert f"cannot write {out}: folder {out.parent} does not exist" in one_line_error(capsys)


def test_output_is_a_folder(
    tmp_path: Path, bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "html", *bank_args, "--out", str(tmp_path)]) == 2
    assert "it is a folder" in one_line_error(capsys)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_output_folder_read_only(
    tmp_path: Path, bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path.chmod(0o500)
    try:
        assert main(["export", "anki", *bank_args, "--out", str(tmp_path / "x.apkg")]) == 2
    finally:
        tmp_path.chmod(0o700)
    assert "permission denied" in one_line_error(capsys)


@pytest.mark.parametrize("fmt", ["anki", "html"])
def test_write_failure_is_one_line_and_leaves_nothing_behind(
    fmt: str,
    tmp_path: Path,
    bank_args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A disk that fills up mid-write (simulated) costs the export, not the old file."""
    out = tmp_path / ("out.apkg" if fmt == "anki" else "out.file")
    out.write_text("previous export")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    assert main(["export", fmt, *bank_args, "--out", str(out)]) == 2
    assert one_line_error(capsys) == (
        f"interviewkit: export error: cannot write {out}: No space left on device"
    )
    assert out.read_text() == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_anki_needs_a_file(bank_args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "anki", *bank_args, "--out", "-"]) == 2
    assert "give --out FILE.apkg" in one_line_error(capsys)


def test_bank_only_needs_a_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "markdown", "--bank-only"]) == 2
    assert "--bank-only needs at least one --bank PATH" in one_line_error(capsys)


def test_bank_only_loads_just_the_given_files_and_warns_like_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = tmp_path / "mine.toml"
    good = (Path(__file__).resolve().parent / "bank" / "lstm.toml").read_text(encoding="utf-8")
    deck.write_text(good + '\n[[question]]\nid = "broken"\n', encoding="utf-8")
    assert main(["export", "markdown", "--bank", str(deck), "--bank-only"]) == 0
    captured = capsys.readouterr()
    assert "broken" not in captured.out and "question" in captured.out
    assert " in the question files " in captured.err and "(s)" not in captured.err
    assert f"interviewkit bank validate --bank {deck}" in captured.err
    assert captured.err.count("\n") == 1


def test_missing_genanki_names_the_pip_command(
    tmp_path: Path,
    bank_args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)  # import genanki raises ImportError
    assert main(["export", "anki", *bank_args, "--out", str(tmp_path / "x.apkg")]) == 2
    assert one_line_error(capsys) == (
        "interviewkit: export error: this needs the optional package genanki, which is not "
        "installed (install it with: pip install 'rnn-interviewkit[export]')"
    )


def test_missing_textual_serve_names_the_pip_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve", "--port", "8765"]) == 2
    err = one_line_error(capsys)
    assert err.startswith(
        "interviewkit: serve error: this needs the optional package textual-serve, which is not"
    )
    assert "pip install 'rnn-interviewkit[serve]'" in err


def test_serve_rejects_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "port 70000 is out of range" in one_line_error(capsys)


@pytest.mark.parametrize(("out", "suggested"), [("deck.txt", "deck.apkg"), ("deck", "deck.apkg")])
def test_anki_output_must_end_in_apkg(
    bank_args: list[str], tmp_path, capsys: pytest.CaptureFixture[str], out, suggested
) -> None:
    assert main(["export", "anki", *bank_args, "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert "Anki imports a package only from a file ending in .apkg" in err
    assert f"use --out {tmp_path / suggested}" in err and err.count("\n") == 1
    assert not (tmp_path / out).exists()


@pytest.mark.parametrize("fmt", ["anki", "markdown", "html"])
def test_empty_output_name_is_named_as_such(
    bank_args: list[str], capsys: pytest.CaptureFixture[str], fmt
) -> None:
    assert main(["export", fmt, *bank_args, "--out", ""]) == 2
    assert "the output file name is empty" in capsys.readouterr().err


def test_output_under_a_file_names_the_file(
    bank_args: list[str], tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "notes"
    blocker.write_text("x")
    assert main(["export", "markdown", *bank_args, "--out", str(blocker / "sheet.md")]) == 2
    assert f"{blocker} is a file, not a folder" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_file_has_a_normal_mode_and_the_umask_is_never_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewkit.export.output import write_text

    def no_umask(mask: int) -> int:  # process-wide: another thread's new file would get it
        raise AssertionError("write_text must not change the umask")

    reference = tmp_path / "reference"
    reference.touch()
    monkeypatch.setattr(os, "umask", no_umask)
    out = write_text(tmp_path / "sheet.md", "# sheet\n")
    assert out.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reference", "sheet.md"]
