"""What the math and engine pages of docs/ show a command print is what it prints today.

docs/notation.md, docs/derive.md, docs/cells.md and docs/engine.md show sessions in ```console
blocks. Each
`$ ` line there is a command and the lines up to the next `$ ` line (or the end of the block)
are its output, copied from a terminal. This module reruns every one:

- `$ interviewkit ...` runs in process (`interviewkit.cli.main`), in a fresh folder; what it
  wrote must equal the lines shown, exactly (stderr first, then stdout: a warning or an error
  comes before any output, as on a terminal); an output whose last line is `...` shows only
  its beginning, and those lines must begin what it wrote;
- `$ printf ... | interviewkit ...`: the part before the pipe runs in the shell and its output
  is the command's stdin;
- `$ cat FILE` shows a file the page uses: the lines after it are FILE's text, written into the
  folder before any command runs, so a page can show a cell file and then derive or check it
  (a file one page shows, another page may use: docs/engine.md counts derive.md's cell file).

Any other `$` line fails, so a page cannot show output that nothing checks. The blocks are read
at collection time: a new example is tested without touching this file.
"""

from __future__ import annotations

import io
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from interviewkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("docs/notation.md", "docs/derive.md", "docs/cells.md", "docs/engine.md")
#: a shown output ending in this line shows only its beginning
MORE = "..."
_BLOCK = re.compile(r"^( *)```console\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Example:
    page: str
    line: int  # 1-based line of the `$ ` command in the page
    command: str
    output: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{Path(self.page).stem}:{self.line}"


def read_page(page: str) -> tuple[list[Example], dict[str, str]]:
    """The page's commands with their shown output, and the files its `$ cat` lines show."""
    text = (ROOT / page).read_text(encoding="utf-8")
    examples: list[Example] = []
    files: dict[str, str] = {}
    for match in _BLOCK.finditer(text):
        indent = len(match.group(1))
        first = text.count("\n", 0, match.start(2)) + 1
        current: tuple[int, str, list[str]] | None = None
        chunks: list[tuple[int, str, list[str]]] = []
        for offset, raw in enumerate(match.group(2).splitlines()):
            line = raw[indent:] if raw[:indent].strip() == "" else raw
            if line.startswith("$ "):
                current = (first + offset, line[2:], [])
                chunks.append(current)
            elif current is None:
                raise AssertionError(f"{page}:{first + offset}: output before any `$ ` command")
            else:
                current[2].append(line)
        for number, command, lines in chunks:
            while lines and not lines[-1].strip():
                lines.pop()
            if command.startswith("cat "):
                name = command[4:].strip()
                assert files.get(name) in (None, "\n".join(lines) + "\n"), (
                    f"{page}:{number}: {name} is shown twice with different text"
                )
                files[name] = "\n".join(lines) + "\n"
            else:
                examples.append(Example(page, number, command, tuple(lines)))
    return examples, files


EXAMPLES = [example for page in PAGES for example in read_page(page)[0]]


def shown_files() -> dict[str, str]:
    """The files every page shows with `$ cat`, by name; one name, one text."""
    files: dict[str, str] = {}
    for page in PAGES:
        for name, content in read_page(page)[1].items():
            assert files.setdefault(name, content) == content, f"{name}: two pages, two texts"
    return files


def test_every_page_has_examples() -> None:
    for page in PAGES:
        examples, _ = read_page(page)
        assert len(examples) >= 4, (
            f"{page}: fewer examples than expected; is the block syntax right?"
        )


def run_shown(example: Example, folder: Path, monkeypatch, capsys) -> list[str]:
    """Run the example's command as the page shows it; its output lines (stderr first)."""
    for name, content in shown_files().items():
        (folder / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(folder)
    command = example.command
    if " | interviewkit " in command:
        feed, command = command.rsplit(" | ", 1)
        stdin = subprocess.run(
            feed, shell=True, capture_output=True, check=True, cwd=folder, timeout=10
        ).stdout
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    words = shlex.split(command)
    assert words and words[0] == "interviewkit", (
        f"{example.id}: `$ {example.command}` is neither interviewkit nor `cat FILE`"
    )
    capsys.readouterr()
    main(words[1:])
    out, err = capsys.readouterr()
    return (err + out).rstrip("\n").splitlines()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_the_page_shows_what_the_command_prints(
    example: Example, tmp_path: Path, monkeypatch, capsys
) -> None:
    got = run_shown(example, tmp_path, monkeypatch, capsys)
    shown = list(example.output)
    if shown and shown[-1] == MORE:
        shown.pop()
        got = got[: len(shown)]
    assert got == shown, f"{example.id}: $ {example.command}"


def test_a_drifted_output_is_caught(tmp_path: Path, monkeypatch, capsys) -> None:
    """The comparison is exact: one character changed in a shown output fails it."""
    example = next(e for e in EXAMPLES if e.output and "check" in e.command)
    drifted = Example(
        example.page,
        example.line,
        example.command,
        (*example.output[:-1], example.output[-1] + "."),
    )
    assert run_shown(drifted, tmp_path, monkeypatch, capsys) != list(drifted.output)


def listed_targets(capsys) -> set[str]:
    """Every target `interviewkit check --list-targets` lists (its indented lines)."""
    main(["check", "--list-targets"])
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[0] for line in lines if line.startswith("    ")}


def test_notation_tables_name_every_target_of_the_classic_cells(capsys) -> None:
    """The target tables of docs/notation.md hold what `check --list-targets` lists for rnn,
    lstm and gru: no target left out, none invented."""
    listed = {t for t in listed_targets(capsys) if t.split(".")[0] in ("rnn", "lstm", "gru")}
    text = (ROOT / "docs" / "notation.md").read_text(encoding="utf-8")
    section = text[text.index("## What you can derive") : text.index("## Names")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    shown = {name for row in rows for name in re.findall(r"`((?:rnn|lstm|gru)\.\w+)`", row)}
    assert len(listed) > 80
    assert shown == listed


def test_every_target_a_page_names_exists(capsys) -> None:
    """A target written in a page (`mingru.bptt_d_h`, `gru.dL_da_r:pytorch`) is one that
    `check --list-targets` lists, with a variant its cell has."""
    listed = listed_targets(capsys)
    cells = {name.split(".")[0] for name in listed}
    # `lstm.py` is a file name, not a target
    pattern = re.compile(rf"`((?:{'|'.join(sorted(cells))})\.(?!py`)\w+)(?::(\w+))?`")
    named = [
        (page, *found)
        for page in PAGES
        for found in pattern.findall((ROOT / page).read_text(encoding="utf-8"))
    ]
    assert len(named) > 100
    unknown = [
        (page, name, variant)
        for page, name, variant in named
        if name not in listed
        or variant not in ("", "cho", "chung", "pytorch")
        or (variant and not name.startswith("gru."))
    ]
    assert unknown == []
