"""The derivation lab reaches every target the math core derives: every built-in cell's
Jacobians, backward pass and BPTT targets through a filterable picker, one cell's with
`--cell lstm`, a learner's cell file's with `--mode lab --cell FILE.toml`, and the steps page of
whichever is chosen. The generated-mistake tables are built while the learner types."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Select, Static
from tuihelpers import make_app, run, settle

from interviewkit.cli import main
from interviewkit.tui.context import Filters
from interviewkit.tui.labtargets import entries, matching
from interviewkit.tui.screens.lab import LabScreen
from interviewkit.tui.screens.steps import StepsScreen
from interviewkit.tui.screens.targets import TargetPicker
from interviewkit.tui.widgets.feedback import FeedbackView

LEAKY = Path(__file__).resolve().parents[2] / "questions" / "cells" / "leaky.toml"
SIZE = (80, 24)


async def answer(pilot, text: str) -> str:
    """Type `text` as the answer, Enter; the feedback shown."""
    box = pilot.app.screen.query_one("#derivation-answer", Input)
    box.value = text
    box.focus()
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(FeedbackView).source


async def pick(pilot, words: str) -> LabScreen:
    """F2, type `words` in the picker's filter, Enter: the lab with the first match chosen."""
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TargetPicker)
    pilot.app.screen.query_one("#picker-filter", Input).value = words
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    lab = pilot.app.screen
    assert isinstance(lab, LabScreen)
    return lab


def test_every_target_of_every_built_in_cell_is_offered_by_cell_then_kind() -> None:
    from interviewkit.math.cells import cell_names
    from interviewkit.math.targets import TARGETS

    found = entries()
    assert [e.name for e in found] == [e.name for e in found if e.name in TARGETS]
    assert {e.name for e in found} == set(TARGETS)
    cells = list(dict.fromkeys(e.cell for e in found))
    assert cells == list(cell_names())
    for cell in cells:  # each cell's targets together, its kinds in --list-targets order
        groups = [e.group for e in found if e.cell == cell]
        assert list(dict.fromkeys(groups)) == ["Jacobians", "backward pass", "through time"]
        assert groups == sorted(groups, key=["Jacobians", "backward pass", "through time"].index)
    assert [e.cell for e in entries("lstm")] == ["lstm"] * len(entries("lstm"))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("peephole bptt_d_c", ["peephole.bptt_d_c"]),
        ("PEEPHOLE BPTT_D_C", ["peephole.bptt_d_c"]),
        ("rnn jacobian", ["rnn.dh_dhprev", "rnn.dh_dx"]),
        ("gru pytorch hn", ["gru.dL_db_hn", "gru.bptt_db_hn"]),
        ("dh_t/dh_t-1 indrnn", ["indrnn.dh_dhprev"]),  # the title as typed on a keyboard
        ("∂L/∂W_f peephole", ["peephole.dL_dW_f", "peephole.bptt_dW_f"]),
        ("lstm.dl_dc", ["lstm.dL_dc", "lstm.dL_dcprev"]),
        ("nothing like it", []),
    ],
)
def test_the_filter_wants_every_word_somewhere(words: str, expected: list[str]) -> None:
    assert [e.name for e in matching(entries(), words)] == expected


@run
async def test_pick_a_peephole_bptt_target_answer_it_wrong_then_right_and_see_its_steps(
    data_dir: Path,
) -> None:
    from interviewkit.math.reference import reference_ascii

    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = await pick(pilot, "peephole bptt_d_c")
        assert lab.target == "peephole.bptt_d_c"
        assert "bptt_d_c" in str(lab.query_one("#lab-target", Button).label)
        assert not lab.query_one("#lab-variant", Select).display  # GRU targets only
        assert "the total ∂L/∂c" in lab.query_one("#stage").query_one(".prompt").source
        wrong = await answer(pilot, "d_h_t * o_t * (1 - tanh(c_t)**2) + d_c_{t+1} * f_t")
        assert "Incorrect" in wrong
        right = await answer(pilot, reference_ascii("peephole.bptt_d_c"))
        assert "Correct" in right
        await pilot.press("ctrl+s")
        await settle(pilot)
        steps = app.screen
        assert isinstance(steps, StepsScreen)
        page = str(steps.query_one("#steps-page", Static).render())
        assert "of the peephole LSTM, backpropagation through time" in page
        assert "Together" in page


@run
async def test_the_picker_narrows_keeps_the_target_on_escape_and_says_when_nothing_fits(
    data_dir: Path,
) -> None:
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.target == "rnn.dh_dhprev"
        await pilot.press("f2")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TargetPicker)
        listing = picker.query_one("#picker-list", OptionList)
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "rnn.dh_dhprev"  # where the lab is
        await pilot.press(*"zz9")
        await pilot.pause()
        assert "none" in str(picker.query_one("#picker-count", Static).render())
        await pilot.press("backspace", "backspace", "backspace", *"lstm dL_dW", "down")
        await pilot.pause()
        assert listing.highlighted_option.id == "lstm.dL_dW_i"  # the second, after ↓
        detail = str(picker.query_one("#picker-detail", Static).render())
        assert detail.startswith("lstm.dL_dW_i  n×n  ∂L/∂W_i: this step's share")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is lab and lab.target == "rnn.dh_dhprev"


@run
async def test_the_lab_on_a_built_in_cell_offers_that_cell_only(data_dir: Path) -> None:
    app = make_app(data_dir, mode="lab", filters=Filters(cell="indrnn"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        assert {e.cell for e in lab.found} == {"indrnn"} and lab.target == "indrnn.dh_dhprev"


@run
async def test_the_lab_on_a_cell_file_offers_its_targets_and_grades_against_it(
    data_dir: Path, tmp_path: Path
) -> None:
    from interviewkit.math.cells import cell_file

    spec = cell_file(shutil.copy(LEAKY, tmp_path / "leaky.toml"))
    app = make_app(data_dir, mode="lab", lab_cell=spec)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        assert {e.cell for e in lab.found} == {"leaky"} and lab.target == "leaky.dh_dhprev"
        assert "Incorrect" in await answer(pilot, "diag(1 - alpha) + diag(alpha) @ W_h")
        assert "Correct" in await answer(
            pilot, "diag(1 - alpha) + diag(alpha * (1 - h_tilde**2)) @ W_h"
        )
        lab = await pick(pilot, "bptt_dalpha")
        assert lab.target == "leaky.bptt_dalpha"
        assert "Correct" in await answer(pilot, "sum_t(d_h_t * (h_tilde_t - h_prev))")
        await pilot.press("ctrl+s")
        await settle(pilot)
        page = str(app.screen.query_one("#steps-page", Static).render())
        assert "of the leaky RNN, through time" in page


def test_quiz_lab_cell_file_errors_are_one_line_before_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before the app starts (and before it asks for a terminal), as `derive FILE`."""
    broken = tmp_path / "broken.toml"
    broken.write_text(
        LEAKY.read_text(encoding="utf-8").replace("W_x @ x", "W_q @ x"), encoding="utf-8"
    )
    data = ["--data-dir", str(tmp_path / "data")]
    cases = [
        (["--mode", "lab", "--cell", str(broken)], "unknown name 'W_q'"),
        (["--mode", "lab", "--cell", str(tmp_path / "gone.toml")], "no such cell file"),
        (["--cell", str(LEAKY)], "needs --mode lab"),
        (["--mode", "quiz", "--cell", str(LEAKY)], "needs --mode lab"),
        (["--mode", "lab", "--cell", "lsmt"], "did you mean 'lstm'?"),
    ]
    for options, says in cases:
        try:
            code = main(["quiz", *options, *data])
        except SystemExit as stop:  # argparse's own refusals
            code = stop.code
        err = capsys.readouterr().err
        assert code == 2 and says in err, (options, err)
        assert err.count("\n") == 1, err


def test_quiz_lab_on_a_built_in_cell_no_question_is_about_still_opens(tmp_path: Path) -> None:
    """The lab needs no question: filters no question matches still open the lab on the
    cell, while a quiz on them would be empty and is refused."""
    from interviewkit.cli import build_parser
    from interviewkit.commands.quiz import open_quiz
    from interviewkit.errors import BankError

    common = ["--data-dir", str(tmp_path), "--cell", "indrnn", "--topic", "clipping"]
    args = build_parser().parse_args(["quiz", "--mode", "lab", *common])
    context = open_quiz(args)
    assert context.filters.cell == "indrnn" and context.lab_cell is None
    assert context.selected() == []
    context.store.close()
    with pytest.raises(BankError, match="no question matches --topic clipping --cell indrnn"):
        open_quiz(build_parser().parse_args(["quiz", "--mode", "quiz", *common]))


def test_quiz_lab_cell_file_is_read_and_registered(tmp_path: Path) -> None:
    from interviewkit.cli import build_parser
    from interviewkit.commands.quiz import open_quiz
    from interviewkit.math.cells import registered

    cell = shutil.copy(LEAKY, tmp_path / "leaky.toml")
    args = build_parser().parse_args(
        ["quiz", "--mode", "lab", "--cell", str(cell), "--data-dir", str(tmp_path / "d")]
    )
    context = open_quiz(args)
    context.store.close()
    assert context.lab_cell is not None and context.lab_cell.name == "leaky"
    assert context.filters.cell is None  # a file is not a filter of the bank
    assert registered("leaky") is context.lab_cell


@run
async def test_the_tables_are_warm_before_the_first_wrong_answer(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Showing a target starts building its generated mistakes in a worker; once it ends, a
    wrong answer is diagnosed from the warm tables: nothing is generated for it."""
    from interviewkit.math import check, compound
    from interviewkit.math.targets import resolve

    name = "lstm.dL_dW_f"
    _, cell = resolve(name)
    key = (name, cell.digest)
    for table in (compound._TABLES, check._MISTAKES):  # cold, whatever ran before
        table.pop(key, None)  # type: ignore[attr-defined]
    app = make_app(data_dir, mode="lab", filters=Filters(cell="lstm"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = await pick(pilot, "lstm dL_dW_f")
        assert lab.target == name
        assert key in check._MISTAKES and compound._TABLES[key].complete

        def cold(*_args, **_kwargs):
            raise AssertionError("a table was built for the answer")

        monkeypatch.setattr(compound, "_extend", cold)
        monkeypatch.setattr(check, "_known", cold)
        feedback = await answer(pilot, "h @ d_a_f.T")  # two slips: order and step
        assert "Incorrect" in feedback and "two slips" in feedback


LAB_PROBE = """
import asyncio, sys
from interviewkit.cli import build_parser
from interviewkit.commands.quiz import lab_cell, open_quiz
from interviewkit.tui.factory import build_app

args = build_parser().parse_args(["quiz", "--mode", "lab", "--data-dir", sys.argv[1], *sys.argv[2:]])
cell = lab_cell(args)  # what `quiz` reads before its first frame
print("before the app", sorted(m for m in ("torch", "sympy") if m in sys.modules))
app = build_app(open_quiz(args, cell))

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()  # the warm-up too
        await pilot.pause()
        print("screen", type(app.screen).__name__)

asyncio.run(main())
print("heavy", sorted(m for m in ("torch", "sympy") if m in sys.modules))
"""


@pytest.mark.parametrize("cell", [[], ["--cell", "gru"], ["--cell", str(LEAKY)]])
def test_the_lab_imports_sympy_only_to_derive_a_cell_file_before_it_starts(
    tmp_path: Path, cell: list[str]
) -> None:
    """A built-in target's tables come from the committed references: no SymPy, warm-up and
    all. A cell file is read and derived before the app, under the time limit only the main
    thread can set, so a file that would keep SymPy busy is one line, not a lab that never
    answers."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", LAB_PROBE, str(tmp_path), *cell],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    heavy = ["sympy"] if cell[1:] == [str(LEAKY)] else []
    assert f"before the app {heavy}" in out and "screen LabScreen" in out, out
    assert f"heavy {heavy}" in out, out


@run
async def test_the_equations_fold_out_and_stay_out_for_the_next_target(data_dir: Path) -> None:
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.folded is not None
        assert lab.folded.collapsed  # folded at first: the question and the answer come first
        await pilot.press("f4")
        await pilot.pause()
        assert not lab.folded.collapsed
        lines = str(lab.folded.query_one(".lab-equation-lines", Static).render())
        assert lines.splitlines() == ["a = W_h · hₜ₋₁ + W_x · x + b", "h = tanh(a)"]
        lab.picked("peephole.dL_dp_o")
        await settle(pilot)
        assert not lab.folded.collapsed  # as the learner left them
        lines = str(lab.folded.query_one(".lab-equation-lines", Static).render())
        assert "o = σ(W_o · hₜ₋₁ + U_o · x + p_o ⊙ c + b_o)" in lines
        assert lines.splitlines()[-1].endswith("a_f, a_i, a_c_tilde, a_o")


@run
async def test_an_unreadable_answer_takes_the_last_verdict_away(data_dir: Path) -> None:
    """The verdict on the screen is always about the answer in the box: after a wrong answer, an
    unparseable one shows its error alone, not the error under the old "Incorrect"."""
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Incorrect" in await answer(pilot, "diag(h_t) @ W_h")
        box = app.screen.query_one("#derivation-answer", Input)
        box.value = "diag(1 - h_t**2) @@ W_h"
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query(FeedbackView)
        message = str(app.screen.query_one("#derivation-message", Static).render())
        assert "^" in message


@run
async def test_the_first_hint_after_w_h_is_about_the_missing_tanh_slope(data_dir: Path) -> None:
    """A newcomer typed `W_h` for the lab's first target (rnn.dh_dhprev, the bank's question on
    it), was told the tanh slope is missing, asked for a hint, and read about a transpose."""
    from interviewkit.tui.factory import build_app, open_context

    app = build_app(open_context(data_dir=data_dir, mode="lab"))  # the real bank
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.question.target == "rnn.dh_dhprev"
        assert "slope of tanh is missing" in await answer(pilot, "W_h")
        await pilot.press("ctrl+n")
        hint = str(app.screen.query_one("#derivation-message", Static).render())
    assert hint.startswith("Hint 1:") and "slope" in hint and "transpose" not in hint, hint
