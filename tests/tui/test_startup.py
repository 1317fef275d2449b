"""Opening the quiz imports neither torch nor SymPy (they cost seconds); the CLI wires it up."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interviewkit.cli import build_parser

PROBE = textwrap.dedent(
    """
    import asyncio, sys
    from interviewkit.tui.factory import build_app, open_context

    app = build_app(open_context(data_dir=sys.argv[1]))  # the real bank, as `interviewkit quiz`

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            print("screen", type(app.screen).__name__)
            await pilot.press("q")  # a quiz question on screen: still nothing heavy
            await pilot.pause()
            print("screen", type(app.screen).__name__)
            # a question on a cell file of the bank's own is derived by SymPy, in a worker
            print("cell file", bool(getattr(app.screen.current, "cell_file", None)))

    asyncio.run(main())
    print("heavy", sorted(m for m in ("torch", "sympy") if m in sys.modules))
    """
)


def run_probe(probe: str, data_dir: Path) -> str:
    """What a probe script prints, run in a fresh interpreter (nothing imported before it)."""
    return subprocess.run(
        [sys.executable, "-c", probe, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def test_quiz_starts_without_torch_or_sympy(tmp_path: Path) -> None:
    out = run_probe(PROBE, tmp_path)
    assert "screen HomeScreen" in out
    assert "screen SessionScreen" in out
    assert "heavy []" in out or ("cell file True" in out and "heavy ['sympy']" in out)


def test_quiz_command_is_registered_with_its_options() -> None:
    args = build_parser().parse_args(
        ["quiz", "--topic", "lstm", "--kind", "choice", "--difficulty", "easy", "--mode", "mock"]
    )
    assert (args.topic, args.kind, args.difficulty, args.mode) == ("lstm", "choice", "easy", "mock")


def test_unwritable_data_dir_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "quiz", "--data-dir", str(blocker / "sub")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("interviewkit: progress store error: cannot create")
    assert "Traceback" not in result.stderr


def test_without_a_terminal_the_quiz_refuses_in_one_line(tmp_path: Path) -> None:
    """Stdin from /dev/null and output captured: before, the app drew escape codes and hung."""
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "quiz", "--data-dir", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "interviewkit: quiz error: the quiz needs a terminal, but stdin"
    )
    assert "interviewkit serve" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_textual_driver_needs_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """textual-serve runs the quiz over pipes with its web driver named in TEXTUAL_DRIVER."""
    from interviewkit.commands.quiz import NoTerminalError, check_terminal

    monkeypatch.setattr(sys, "__stdin__", io.StringIO())  # not a terminal
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    with pytest.raises(NoTerminalError):
        check_terminal()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    check_terminal()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--bank", "/nonexistent"], "bank error: --bank /nonexistent: no such file or folder"),
        (["--data-dir", ""], "bank error: --data-dir is empty"),
    ],
)
def test_bad_bank_options_are_refused(capsys: pytest.CaptureFixture[str], options, message) -> None:
    from interviewkit.cli import main

    assert main(["quiz", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"interviewkit: {message}") and err.count("\n") == 1


def test_the_home_screen_is_drawn_before_the_bank_and_the_store_are_read(tmp_path: Path) -> None:
    """`interviewkit quiz` draws its first screen, then reads the questions and opens the store
    in a thread (about 50 ms sooner on the screen); a mode asked for opens once they are in."""
    import asyncio

    from tuihelpers import BANK

    from interviewkit.tui.factory import build_app, open_context
    from interviewkit.tui.screens.home import HomeScreen
    from interviewkit.tui.screens.session import SessionScreen

    seen: list[str] = []

    def read():
        app_screen = app.screen if app.is_running else None
        seen.append(type(app_screen).__name__ if app_screen else "nothing")
        return open_context(
            bank_paths=[BANK], include_builtin=False, data_dir=tmp_path, mode="quiz"
        )

    app = build_app(read)

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, HomeScreen) and not app.ready
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if isinstance(app.screen, SessionScreen):
                    break
            assert isinstance(app.screen, SessionScreen)

    asyncio.run(main())
    assert seen == ["HomeScreen"]


def test_a_store_that_cannot_open_after_the_first_screen_is_still_one_line(
    tmp_path: Path,
) -> None:
    """The store is opened once the home screen is drawn: its error still ends the command in
    one line, exit code 2 (a folder stands where the database goes)."""
    (tmp_path / "progress.db").mkdir()
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "quiz", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("interviewkit: progress store error:"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


FIRST_SCREEN_PROBE = textwrap.dedent(
    """
    import asyncio, sys
    from interviewkit.cli import build_parser
    from interviewkit.commands import quiz
    from interviewkit.tui.app import QuizApp
    from interviewkit.tui.factory import build_app, open_context

    args = build_parser("quiz").parse_args(["quiz", "--data-dir", sys.argv[1]])
    assert quiz.lab_cell(args) is None  # what `interviewkit quiz` runs before the app
    QuizApp.read_context = lambda self: None  # the first screen alone, before the bank is read
    app = build_app(lambda: open_context(data_dir=sys.argv[1]))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    asyncio.run(main())
    print(sorted(m for m in sys.modules if m.startswith(("interviewkit.bank", "interviewkit.math"))))
    """
)


def test_the_first_screen_builds_neither_the_questions_nor_the_math(tmp_path: Path) -> None:
    """The bank's dataclasses (~6 ms) and `math.cells` (~10 ms, for a --cell that was not
    given) were imported before the home screen: a first screen 1.29x a bare app's, not 1.2x.
    They load with the questions, in a thread, once the screen is drawn; the parser's choices
    come from `bank.vocabulary` alone."""
    out = run_probe(FIRST_SCREEN_PROBE, tmp_path)
    loaded = out.strip().splitlines()[-1]
    assert loaded == "['interviewkit.bank', 'interviewkit.bank.vocabulary']", out


def test_the_other_screens_styles_are_read_once_the_first_screen_is_drawn(
    tmp_path: Path,
) -> None:
    """`screens.tcss` is left out of the first frame (~4 ms of parsing); on the path the CLI
    takes (the questions read in a thread) it is read before any other screen can open."""
    import asyncio

    from tuihelpers import BANK, settle

    from interviewkit.tui.factory import build_app, open_context

    app = build_app(
        lambda: open_context(bank_paths=[BANK], include_builtin=False, data_dir=tmp_path)
    )

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
            title = app.screen.query_one("#session-title")
            assert title.styles.text_style.bold  # screens.tcss: `#session-title { bold }`
            assert title.styles.padding.right == 2

    asyncio.run(main())
