"""The engine commands from the command line: JSON schemas, one-line errors, light imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interviewkit.cli import main


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def one_line_error(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("interviewkit: engine error:"), err
    return err


# --- params ---------------------------------------------------------------------------------


def test_params_json_schema(capsys):
    doc = run_json(capsys, "params", "--input", "10", "--hidden", "20")
    assert doc["pytorch"] == {"rnn": 640, "lstm": 2560, "gru": 1920}
    assert doc["keras"] == {"rnn": 620, "lstm": 2480, "gru": 1920}
    assert doc["ratios"]["pytorch"]["gru_lstm"] == 0.75
    assert doc["ratios"]["pytorch"]["rnn_lstm_fraction"] == "1/4"
    assert doc["formulas"]["pytorch"]["lstm"] == "4·20·(10 + 20) + 2·4·20"
    assert "verify" not in doc


def test_params_proj_has_only_the_pytorch_lstm(capsys):
    doc = run_json(capsys, "params", "--input", "8", "--hidden", "16", "--proj", "4", "--verify")
    assert doc["pytorch"] == {"lstm": doc["verify"]["lstm"]["torch"]}
    assert "keras" not in doc and doc["ratios"] == {}
    assert doc["verify"]["lstm"]["ok"] is True


def test_params_proj_says_why_keras_and_the_other_cells_are_missing(capsys):
    assert main(["params", "--input", "8", "--hidden", "16", "--proj", "4"]) == 0
    out = capsys.readouterr().out
    assert "Keras:" not in out and "Keras's LSTM has no projection" in out
    assert "only the LSTM is counted" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    doc = run_json(capsys, "params", "--input", "8", "--hidden", "16", "--proj", "4")
    assert any("no projection" in n for n in doc["notes"])
    assert "notes" not in run_json(capsys, "params", "--input", "8", "--hidden", "16")


def test_params_text_fits_80_columns_and_names_what_it_counts(capsys):
    deep = ["--input", "10", "--hidden", "200", "--layers", "4", "--bidirectional"]
    assert main(["params", *deep, "--proj", "100", "--verify"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "3×2×[" in out and out.count("[") == 2  # identical layers counted, not repeated
    keras = ["--input", "10", "--hidden", "20", "--convention", "keras", "--verify"]
    assert main(["params", *keras, "--no-reset-after"]) == 0
    out = capsys.readouterr().out
    assert "the GRU too (reset_after=False)" in out and "keeps a second" not in out
    assert "PyTorch counts checked" in out and "Keras counts above are not checked" in out
    assert "formula   640  torch   640" in out  # the columns line up


def test_params_verify_table(capsys):
    argv = ["params", "--input", "5", "--hidden", "7", "--layers", "3", "--bidirectional"]
    assert main([*argv, "--verify", "--no-bias"]) == 0
    out = capsys.readouterr().out
    assert out.count(" ok") == 3 and "MISMATCH" not in out
    assert "GRU/LSTM = 3/4" in out


def test_params_cells_verify_checks_the_whole_stack_it_prints(capsys):
    argv = ["params", "--input", "10", "--hidden", "20", "--layers", "2", "--cells", "mingru"]
    doc = run_json(capsys, *argv, "--bidirectional", "--verify")
    # minGRU: U_z, U_h (n×m) and b_z, b_h (n); the layer above reads both directions, 2H
    stack = 2 * (2 * 20 * 10 + 2 * 20) + 2 * (2 * 20 * 40 + 2 * 20)
    assert doc["cells"]["mingru"]["count"] == stack
    assert doc["cells"]["mingru"]["verify"] == {"formula": stack, "torch": stack, "ok": True}
    assert main([*argv, "--verify"]) == 0
    out = capsys.readouterr().out
    assert "torch 440" not in out  # one layer's count is never printed beside the stack's
    assert "  mingru formula 1,280  torch 1,280  ok" in out
    assert "whole stack" in out and max(len(line) for line in out.splitlines()) <= 80


def test_params_cells_follow_no_bias_and_say_so(capsys):
    argv = ["params", "--input", "10", "--hidden", "20", "--cells", "mingru,indrnn,peephole"]
    doc = run_json(capsys, *argv, "--no-bias", "--verify")
    cells = doc["cells"]
    assert cells["mingru"]["count"] == 2 * 20 * 10  # b_z and b_h left out
    assert cells["indrnn"]["count"] == 20 * 10 + 20  # b left out, the gain u kept
    assert cells["peephole"]["count"] == 4 * 20 * 20 + 4 * 20 * 10 + 3 * 20  # p_f, p_i, p_o kept
    assert cells["mingru"]["per_layer"] == "2·H·X"
    assert all(c["verify"]["ok"] for c in cells.values())
    assert doc["pytorch"] == {"rnn": 600, "lstm": 2400, "gru": 1800}  # unchanged by --cells
    assert main([*argv, "--no-bias"]) == 0
    out = capsys.readouterr().out
    assert "two bias vectors" not in out and "one bias per gate block" not in out
    assert "PyTorch: no bias vectors (bias=False)" in out
    assert "Keras: no bias vectors (use_bias=False)" in out
    assert "--no-bias: the biases are left out" in out


def test_params_cell_module_without_bias_runs_and_counts_no_bias():
    import torch

    from interviewkit.engine.cellmodule import CellModule
    from interviewkit.math.cells import get_cell

    spec = get_cell("indrnn")
    net = CellModule(spec, 3, 4, bias=False)
    assert sorted(dict(net.named_parameters())) == ["weights.W_x", "weights.u"]
    out, state = net(torch.randn(5, 2, 3))
    assert len(out) == 5 and state["h"].shape == (2, 4, 1)


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--input", "0", "--hidden", "4"], "--input must be positive"),
        (
            ["--input", "8", "--hidden", "16", "--proj", "4", "--cells", "mingru"],
            "--proj is the PyTorch LSTM's projection and means nothing for --cells",
        ),
        (
            ["--input", "3", "--hidden", "4", "--no-bias", "--no-reset-after"],
            "--no-reset-after changes nothing with --no-bias",
        ),
        (["--input", "3", "--hidden", "-2"], "--hidden must be positive"),
        (["--input", "3", "--hidden", "abc"], "--hidden must be a whole number"),
        (["--input", "3", "--hidden", "4", "--layers", "0"], "--layers must be positive"),
        (["--input", "3", "--hidden", "4", "--proj", "4"], "smaller than --hidden"),
        (
            ["--input", "3", "--hidden", "4", "--convention", "pytorch", "--no-reset-after"],
            "--no-reset-after is a Keras GRU option",
        ),
        (["--input", "3", "--hidden", "10000000000", "--verify"], "an RNN of this size"),
    ],
)
def test_params_bad_input_is_one_line(capsys, argv, match):
    assert match in one_line_error(capsys, "params", *argv)


def test_params_without_verify_does_not_import_torch():
    code = (
        "import sys, io, contextlib\nfrom interviewkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['params', '--input', '3', '--hidden', '4'])\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


# --- demos ----------------------------------------------------------------------------------


def test_highway_json_schema(capsys):
    doc = run_json(
        capsys, "demo", "highway", "--steps", "12", "--hidden", "6", "--batch", "2",
        "--input", "3", "--device", "cpu", "--seed", "3",
    )  # fmt: skip
    assert doc["device"] == "cpu" and doc["seed"] == 3
    labels = [r["label"] for r in doc["results"]]
    assert labels == ["rnn", "lstm b_f=0", "lstm b_f=1", "gru"]
    for r in doc["results"]:
        assert {"cell", "label", "forget_bias", "distance", "grad_norm", "decay_per_step"} <= set(r)
        assert r["distance"] == list(range(1, 13)) and len(r["grad_norm"]) == 12
        assert (r["forget_bias"] is None) == (r["cell"] != "lstm")


def test_highway_table_and_plot(capsys):
    argv = ["demo", "highway", "--steps", "10", "--hidden", "4", "--batch", "2", "--cells", "rnn"]
    assert main([*argv, "--device", "auto"]) == 0
    out = capsys.readouterr().out
    assert "device: cpu (auto: no CUDA GPU found)" in out or "device: cuda" in out
    assert "k=10" in out and "┌" in out  # the table's last distance and the plot's frame


def test_sentences_wrap_to_the_terminal_width(capsys, monkeypatch):
    argv = ["demo", "highway", "--steps", "20", "--hidden", "4", "--batch", "2", "--no-plot"]
    for columns in (80, 60):
        monkeypatch.setenv("COLUMNS", str(columns))
        assert main(argv) == 0
        prose = capsys.readouterr().out.split("\n\n", 2)[2]  # after the header and the table
        assert "mean forget gate" in prose and "keeps" in prose
        assert max(len(line) for line in prose.splitlines()) < columns


def test_a_negative_list_can_follow_its_option(capsys):
    doc = run_json(
        capsys, "demo", "highway", "--cells", "lstm", "--forget-bias", "-1,0", "--steps", "5",
        "--hidden", "3", "--batch", "2",
    )  # fmt: skip
    assert [r["forget_bias"] for r in doc["results"]] == [-1.0, 0.0]


def test_spectral_json_schema(capsys):
    doc = run_json(capsys, "demo", "spectral", "--steps", "40", "--hidden", "8", "--scales", "0.5")
    labels = [r["label"] for r in doc["results"]]
    assert labels == ["gaussian ×0.5", "non-normal"]
    r = doc["results"][1]
    assert len(r["jacobian_norm"]) == 40 and r["spectral_radius"] < 1 < r["sigma_max"]


def test_clip_says_how_the_norm_changed_in_words_that_fit_the_numbers():
    from interviewkit.engine.clip_report import growth_sentence

    assert growth_sentence([0.85, 3.0, 1.2e5]).startswith("the raw global norm grew from 0.85")
    assert " shrank from 2 (T=1) to 0.5 (T=2)" in growth_sentence([2.0, 0.5])
    assert growth_sentence([0.07]) == (
        "the raw global norm is 0.07 at T=1 (add --steps to watch it grow)"
    )


def test_clip_json_schema(capsys):
    doc = run_json(capsys, "demo", "clip", "--steps", "12", "--hidden", "8")
    assert doc["cosine_norm_clip"] == pytest.approx(1.0)
    assert len(doc["norm_by_steps"]) == 12


def test_adding_json_schema_and_progress_on_stderr(capsys):
    argv = ["demo", "adding", "--seq-len", "6", "--iters", "4", "--hidden", "4", "--batch", "4"]
    assert main([*argv, "--eval-size", "16", "--eval-every", "2", "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)  # stdout is only the JSON document
    assert doc["iterations"] == [2, 4] and len(doc["eval_mse"]) == 2
    assert doc["baseline_mse"] == pytest.approx(1 / 6)
    assert doc["config"]["seq_len"] == 6 and doc["config"]["tbptt"] is None
    assert doc["config"]["markers"] == "early"
    assert "4/4" not in captured.err  # stderr is no terminal: no progress bar


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["highway", "--steps", "0"], "--steps must be positive"),
        (["highway", "--cells", "lstm,tcn"], "unknown tcn"),
        (["highway", "--cells", "lstmm"], "unknown lstmm (did you mean lstm?); choose from"),
        (["highway", "--forget-bias", "x"], "--forget-bias must be a number"),
        (
            ["highway", "--cells", "indrnn", "--gain-bound", "0.5"],
            "--gain-bound must be at least 1",
        ),
        (
            ["highway", "--cells", "rnn,peephole", "--gain-bound", "2"],
            "--gain-bound: no cell among rnn, peephole has a gain on hₜ₋₁",
        ),
        (
            ["highway", "--cells", "rnn,gru", "--forget-bias", "2"],
            "--forget-bias: no LSTM among rnn, gru (the bias is of an LSTM's forget gate)",
        ),
        (["spectral", "--scales", "1,-1"], "--scales must be positive"),
        (["spectral", "--scales", "-1,0"], "--scales must be positive, got -1"),
        (["spectral", "--scales", ","], "--scales needs at least one number, e.g. 0.5,1.5"),
        (["spectral", "--input-scale", "-1e-3"], "--input-scale must be zero or positive"),
        (["clip", "--max-norm", "0"], "--max-norm must be positive"),
        (["adding", "--tbptt", "0"], "--tbptt must be positive"),
        (["adding", "--seq-len", "30", "--tbptt", "30"], "--tbptt 30 is not below --seq-len 30"),
        (["adding", "--seq-len", "1", "--iters", "1"], "at least 2"),
        (["adding", "--save", "curve.txt"], "the name must end in .png"),
        (["adding", "--save", "/no/such/folder/x.png"], "the folder /no/such/folder does not"),
        (["highway", "--steps", "100000000", "--hidden", "4096"], "needs about"),
        (["adding", "--seq-len", "100000", "--batch", "100000"], "needs about"),
    ],
)
def test_demo_bad_input_is_one_line(capsys, argv, match):
    assert match in one_line_error(capsys, "demo", *argv)


def test_cuda_without_gpu_is_one_line(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert "no CUDA GPU" in one_line_error(capsys, "demo", "clip", "--device", "cuda")


def test_save_png(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "clip.png"
    assert main(["demo", "clip", "--steps", "5", "--hidden", "4", "--save", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"figure written to {target}" in capsys.readouterr().out


def test_tbptt_note_follows_where_the_markers_lie_and_the_number():
    from interviewkit.engine.adding_report import tbptt_note

    out_of_reach = tbptt_note(10, 100, "early", 0.165)
    assert "every marker lies more than K=10 steps before the loss" in out_of_reach
    assert "cannot learn" in out_of_reach and "stayed near the baseline" in out_of_reach
    assert "unexpected" in tbptt_note(10, 100, "early", 0.1)
    assert "unexpected" not in tbptt_note(10, 100, "early", 0.14)  # 0.8 of the baseline or more
    far = tbptt_note(10, 100, "early", 0.809)
    assert "stayed above the baseline" in far and "near the baseline" not in far
    assert "reaches the markers that lie in the last K" in tbptt_note(60, 100, "early", 0.01)
    assert "per-step rule" in tbptt_note(10, 100, "anywhere", 0.007)
    assert "20%" in tbptt_note(10, 100, "anywhere", 0.08)
    assert "per-step rule" not in tbptt_note(10, 100, "anywhere", 0.08)


def test_the_verdict_tells_far_above_the_baseline_from_at_it():
    from interviewkit.engine.adding_report import verdict as adding_verdict

    assert adding_verdict(0.0001).startswith("learned")
    assert adding_verdict(0.1).startswith("partly learned")
    assert adding_verdict(0.163) == "not learned: at the baseline (predicting the mean)"
    assert adding_verdict(0.175) == adding_verdict(0.163)  # noise around 1/6 is the baseline
    far = adding_verdict(0.809)
    assert "at the baseline" not in far and "4.85× the baseline" in far and "worse" in far


def test_demo_help_names_values_alike_and_states_every_default():
    import re

    from interviewkit.cli import build_parser

    demo = build_parser()._subparsers._group_actions[0].choices["demo"]
    demos = demo._subparsers._group_actions[0].choices
    for name, parser in demos.items():
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.default is None:
                continue
            where = f"demo {name} {action.option_strings[0]}"
            assert action.choices or re.fullmatch(
                r"[A-Z0-9]+(,[A-Z0-9]+,\.\.\.)?|FILE\.png", action.metavar or action.dest.upper()
            ), where
            shown = parser._get_formatter()._expand_help(action)
            assert str(action.default) in shown and "default" in shown, where


@pytest.mark.parametrize("demo", ["highway", "spectral", "clip"])
def test_default_text_output_fits_80_columns(capsys, monkeypatch, demo):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["demo", demo, "--no-plot", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80, out


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "highway", "--help"],
        ["demo", "clip", "--steps", "0"],
        ["demo", "adding", "--lr", "0"],
    ],
    ids=["help", "bad-clip-option", "bad-adding-option"],
)
def test_demo_help_and_option_errors_load_neither_torch_nor_numpy(argv):
    code = (
        "import sys, io, contextlib\nfrom interviewkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
