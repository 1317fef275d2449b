"""The command tree: help, version, exit codes, one-line errors and the bank commands."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interviewkit import __version__
from interviewkit.cli import build_parser, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewkit", *args], capture_output=True, text=True, timeout=120
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"interviewkit {__version__}"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "usage: interviewkit" in capsys.readouterr().out


def test_every_command_and_option_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert "bank" in helps
    for name, subparser in sub.choices.items():
        assert helps.get(name), f"command {name} has no help line"
        for action in subparser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"


def test_bank_validate_ok() -> None:
    result = run("bank", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")


def test_bank_validate_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        textwrap.dedent(
            """\
            [[question]]
            id = "broken"
            kind = "flashcard"
            topic = "lstm"
            difficulty = "easy"
            prompt = "?"
            explanation = "because"
            source = "me"
            """
        )
    )
    result = run("bank", "validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1: back: missing required field" in result.stdout


def test_bank_stats_json_keys() -> None:
    result = run("bank", "stats", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert list(data)[:4] == ["total", "by_kind", "by_topic", "by_difficulty"]
    assert data["total"] == sum(data["by_kind"].values()) == sum(data["by_topic"].values())


def test_bank_list_filters_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "list", "--topic", "parameters", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all("parameters" in q["topics"] for q in listed)
    assert {q["topic"] for q in listed} > {"parameters"}  # tagged ones filed elsewhere too
    assert main(["bank", "show", listed[0]["id"], "--seed", "3"]) == 0
    shown = capsys.readouterr().out
    assert listed[0]["id"] in shown and "Answer" in shown and "Why" in shown


def test_user_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "no-such-question"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("interviewkit: bank error: no question with id 'no-such-question'")
    assert "Traceback" not in err


def test_bad_option_is_usage_error_exit_2() -> None:
    result = run("bank", "list", "--kind", "essay")
    assert result.returncode == 2
    assert "invalid choice: 'essay'" in result.stderr


def test_debug_shows_the_traceback() -> None:
    result = run("--debug", "bank", "show", "no-such-question")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_internal_error_is_reported_in_one_line(monkeypatch, capsys) -> None:
    import interviewkit.commands.bank as bank_cmd

    def boom(args):
        raise RuntimeError("kaput")

    monkeypatch.setattr(bank_cmd, "run_topics", boom)
    assert main(["bank", "topics"]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaput" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bank", "valdate"], "did you mean 'validate'?"),
        (["derive", "lstmm"], "did you mean 'lstm'?"),
        (["bank", "list", "--topic", "lstmm"], "did you mean 'lstm'?"),
        (["bank", "show"], "the following arguments are required: ID"),
        (["bank", "list", "--kind", "essay"], "invalid choice: 'essay'"),
    ],
)
def test_usage_errors_are_one_line_with_a_suggestion(argv, expected, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert expected in err and "--help`" in err and "usage:" not in err


def _all_parsers(parser, prog="interviewkit"):
    yield prog, parser
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                yield from _all_parsers(sub, f"{prog} {name}")


def test_every_help_fits_80_columns_and_every_subcommand_has_a_description(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for prog, parser in _all_parsers(build_parser()):
        if prog != "interviewkit":
            assert parser.description, f"{prog} has no description"
        for line in parser.format_help().splitlines():
            assert len(line) <= 80, f"{prog} --help: {len(line)} columns: {line}"


def _blocked_reading_stdin(pid: int) -> bool:
    """True once the process sits in read(0, ...) (Linux x86-64 / arm64: /proc/PID/syscall)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] in {"0", "63"} and fields[1] == "0x0"


@pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="needs Linux /proc syscall")
def test_ctrl_c_while_check_jsonl_waits_on_stdin_is_one_line() -> None:
    import signal
    import time

    child = subprocess.Popen(
        [sys.executable, "-m", "interviewkit", "check", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not _blocked_reading_stdin(child.pid):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130
    assert err.decode() == "interviewkit: interrupted\n"


def test_debug_also_works_after_the_command() -> None:
    result = run("bank", "show", "no-such-question", "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr
    assert "unrecognized arguments" not in result.stderr


def test_debug_after_double_dash_is_an_answer_not_the_flag(capsys) -> None:
    assert main(["check", "rnn.dh_dx", "--", "--debug"]) == 2
    assert capsys.readouterr().out.startswith("invalid")


ONE_FLASHCARD = """\
[[question]]
id = "one-card"
kind = "flashcard"
topic = "lstm"
difficulty = "easy"
prompt = "What does the forget gate scale?"
back = "The old cell state."
explanation = "It multiplies the previous cell element-wise."
source = "me"
"""


def test_bank_counts_are_written_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "1 question(s)" read like a form: one is singular, every other count plural."""
    good = tmp_path / "good.toml"
    good.write_text(ONE_FLASHCARD)
    assert main(["bank", "validate", str(good)]) == 0
    assert capsys.readouterr().out.strip() == "ok: 1 question, no problems"

    bad = tmp_path / "bad.toml"
    bad.write_text(ONE_FLASHCARD.replace('back = "The old cell state."\n', ""))
    assert main(["bank", "validate", str(bad), str(good)]) == 1
    assert capsys.readouterr().err.strip() == "1 problem; 1 question loaded fine"

    assert main(["bank", "list", "--topic", "lstm"]) == 0
    counted = capsys.readouterr().err.strip()
    assert counted.endswith(" questions") and "(s)" not in counted

    assert main(["bank", "list", "--bank", str(bad), "--topic", "lstm"]) == 0
    assert "warning: 1 problem in the question files was skipped;" in capsys.readouterr().err


def test_plural() -> None:
    from interviewkit.wording import plural

    assert [plural(n, "question") for n in (0, 1, 2)] == [
        "0 questions",
        "1 question",
        "2 questions",
    ]
    assert plural(1, "leech", "leeches") == "1 leech"
    assert plural(3, "leech", "leeches") == "3 leeches"


def test_every_listed_command_is_registered() -> None:
    """COMMAND_MODULES is the command tree: each name is a module that registers itself."""
    from interviewkit.cli import COMMAND_MODULES

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert list(sub.choices) == list(COMMAND_MODULES)
