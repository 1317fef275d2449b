"""Every `interviewkit ...` command the README shows runs as shown.

The commands are read from the README's code blocks, so a command added there is tested without
touching this file. Each runs in-process in a fresh folder with an empty data folder. Three kinds
get a check of their own instead of a plain run:

- the quiz needs a terminal: its options are parsed and everything the command checks before it
  opens the app runs (`quiz.open_quiz`: bank, data folder, filters that must select questions);
- `serve` starts a server: its options are parsed and checked (`serve.check_options`);
- long runs (`LONG`) run with shortening options appended, after the command as shown parses.
"""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from interviewkit.cli import build_parser, main

README = Path(__file__).resolve().parents[2] / "README.md"
_BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.DOTALL | re.MULTILINE)

#: Commands that need a terminal or a server: checked without starting them (see below).
NEEDS_TERMINAL = {"quiz"}
SERVER = {"serve"}
#: Long-running commands (prefix of words) -> options appended to keep the test short.
LONG: dict[tuple[str, ...], list[str]] = {
    ("demo", "adding"): ["--iters", "20", "--eval-every", "10", "--eval-size", "64", "--no-plot"],
}
#: Commands the README shows failing on purpose (its comment says so), by their words.
EXIT_CODES: dict[str, int] = {
    "check lstm.dh_dhprev diag(f)": 1,  # "incorrect: names the missing paths"
}
#: Files the README's commands read from the current folder.
INPUT_FILES = {
    "answers.jsonl": '{"target": "rnn.dh_dhprev", "answer": "diag(1 - h**2) @ W_h"}\n'
    '{"target": "lstm.dh_dhprev", "answer": "diag(f)"}\n',
}


def readme_commands() -> list[str]:
    """Each `interviewkit` command of the README's code blocks (a `&&` chain gives each part)."""
    found = []
    for block in _BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                if words and words[0] == "interviewkit":
                    found.append(shlex.join(words))
    return list(dict.fromkeys(found))


COMMANDS = readme_commands()


def test_the_readme_shows_the_commands_this_file_knows_about() -> None:
    words = [shlex.split(c)[1:] for c in COMMANDS]
    assert len(COMMANDS) >= 25
    assert ["quiz", "--topic", "lstm", "--kind", "derivation"] in words
    assert any(w[0] in SERVER for w in words) and any(tuple(w[:2]) in LONG for w in words)
    shown = {" ".join(w) for w in words}
    assert set(EXIT_CODES) <= shown, "a command listed in EXIT_CODES left the README"


def _argv(command: str) -> tuple[list[str], str | None]:
    """The command's arguments and the file its `<` redirects to stdin, if any."""
    words = shlex.split(command)[1:]
    if "<" in words:
        at = words.index("<")
        return words[:at] + words[at + 2 :], words[at + 1]
    return words, None


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs_as_shown(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in INPUT_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv, stdin = _argv(command)
    args = build_parser(argv[0]).parse_args(argv)  # the command as shown parses
    if argv[0] in NEEDS_TERMINAL:
        from interviewkit.commands.quiz import open_quiz

        context = open_quiz(args)  # raises the one-line error the command would print
        context.store.close()
        assert context.selected(), f"{command}: no question to study"
        return
    if argv[0] in SERVER:
        from interviewkit.commands.serve import check_options

        check_options(args)
        return
    argv += next((extra for prefix, extra in LONG.items() if tuple(argv[:2]) == prefix), [])
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO((tmp_path / stdin).read_text("utf-8")))
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == EXIT_CODES.get(" ".join(shlex.split(command)[1:]), 0), err
    assert "internal error" not in err and "Traceback" not in err
    assert out.strip() or err.strip(), f"{command} printed nothing"
