"""The adding problem: the data, the baseline, TBPTT's cut, and a tiny run that learns."""

from __future__ import annotations

import pytest
import torch

from interviewkit.engine.adding import (
    BASELINE_MSE,
    AddingConfig,
    build_model,
    make_batch,
    marker_span,
    train,
)
from interviewkit.errors import EngineError

CPU = torch.device("cpu")


def test_anywhere_batches_have_one_marker_in_each_half_and_the_marked_sum_as_target():
    x, y = make_batch(64, 10, torch.Generator().manual_seed(0), markers="anywhere")
    assert x.shape == (64, 10, 2) and y.shape == (64,)
    markers = x[..., 1]
    assert torch.all(markers[:, :5].sum(1) == 1) and torch.all(markers[:, 5:].sum(1) == 1)
    assert torch.allclose((x[..., 0] * markers).sum(1), y)


@pytest.mark.parametrize("seq_len", [100, 101, 30, 8])
def test_early_batches_place_the_markers_as_the_1997_paper_does(seq_len):
    """First mark in the first ten steps, second among the first T/2 - 1 steps still unmarked:
    both in steps 0 .. T//2 - 1, every one of those steps used, the target the marked sum."""
    x, y = make_batch(4000, seq_len, torch.Generator().manual_seed(3))
    markers = x[..., 1]
    half = seq_len // 2
    assert torch.all(markers.sum(1) == 2) and torch.all(markers[:, half:] == 0)
    first = markers.argmax(1)  # the earlier of the two marks
    assert torch.all(first < min(10, half))
    assert torch.all(markers[:, :half].sum(0) > 0)  # no step of the first half is skipped
    assert torch.allclose((x[..., 0] * markers).sum(1), y)
    assert marker_span(seq_len) == (0, half - 1)


@pytest.mark.parametrize("markers", ["early", "anywhere"])
def test_predicting_the_mean_scores_one_sixth(markers):
    _, y = make_batch(40_000, 8, torch.Generator().manual_seed(1), markers=markers)
    assert torch.mean((y - 1) ** 2).item() == pytest.approx(BASELINE_MSE, rel=0.03)


def test_tiny_lstm_learns_clearly_below_the_baseline():
    cfg = AddingConfig(
        cell="lstm", seq_len=8, iters=150, hidden=16, batch=32, lr=0.02,
        eval_size=256, eval_every=25, markers="anywhere",
    )  # fmt: skip
    seen = []
    r = train(cfg, CPU, progress=lambda done, loss, ev: seen.append(done))
    assert seen == list(range(1, 151))
    assert r.final_mse < 0.3 * BASELINE_MSE
    assert r.final_mse < r.eval_mse[0]


def test_early_markers_out_of_reach_of_tbptt_are_not_learned_but_full_bptt_learns_them():
    """T=8, early markers: the latest lies 5 steps back from the loss, K=2 never reaches one.
    Same seed, data and model: full BPTT falls far below the baseline (every seed 0-5 ended
    under 0.003 in development), truncated stays at it (every seed stayed above 0.15)."""
    tiny = dict(
        cell="lstm", seq_len=8, iters=300, hidden=16, batch=32, lr=0.02,
        eval_size=256, eval_every=75, seed=0, markers="early",
    )  # fmt: skip
    assert marker_span(8)[1] < 8 - 2  # every marker out of the truncated graph's reach
    full = train(AddingConfig(**tiny), CPU)
    cut = train(AddingConfig(**tiny, tbptt=2), CPU)
    assert full.final_mse < 0.2 * BASELINE_MSE
    assert min(cut.eval_mse) > 0.8 * cut.eval_baseline_mse
    assert cut.final_mse > 5 * full.final_mse


def test_tbptt_cuts_the_gradient_but_not_the_forward_pass():
    cfg = AddingConfig(cell="lstm", seq_len=12, hidden=8)
    model = build_model(cfg, CPU)
    x, _ = make_batch(3, 12, torch.Generator().manual_seed(2))
    x.requires_grad_(True)
    full = model(x)
    cut = model(x, tbptt=4)
    assert torch.allclose(full, cut, atol=1e-6)  # same prediction
    (grad,) = torch.autograd.grad(cut.sum(), x)
    assert torch.all(grad[:, :8] == 0)  # nothing before the last chunk of 4 steps
    assert grad[:, 8:].abs().sum() > 0
    (grad_full,) = torch.autograd.grad(model(x).sum(), x)
    assert grad_full[:, :8].abs().sum() > 0


def test_forget_bias_is_one():
    model = build_model(AddingConfig(cell="lstm", hidden=5), CPU)
    b = model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0
    assert torch.all(b[5:10] == 1.0)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (dict(seq_len=1), "at least 2"),
        (dict(hidden=0), "hidden must be positive"),
        (dict(tbptt=-3), "tbptt must be positive"),
        (dict(cell="tcn"), "unknown cell"),
        (dict(markers="late"), "unknown marker placement"),
        (dict(seq_len=3), "--markers early needs --seq-len at least 4"),
        (dict(seq_len=8, tbptt=9), "nothing would be cut"),
    ],
)
def test_bad_configurations(change, match):
    with pytest.raises(EngineError, match=match):
        train(AddingConfig(**change), CPU)


@pytest.mark.cuda
def test_tiny_run_on_cuda(cuda_device):
    cfg = AddingConfig(seq_len=8, iters=300, hidden=16, batch=32, lr=0.02, eval_size=256)
    assert train(cfg, cuda_device).final_mse < 0.2 * BASELINE_MSE


def test_the_demo_says_what_truncation_did_and_when_full_bptt_ran_out_of_steps(capsys):
    from interviewkit.cli import main

    tiny = ["demo", "adding", "--seq-len", "8", "--iters", "3", "--hidden", "4", "--batch", "4"]
    tiny += ["--eval-size", "16", "--threads", "1", "--no-plot"]
    assert main([*tiny, "--tbptt", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the sentences are wrapped
    assert "early markers" in out and "TBPTT K=2" in out
    assert "every marker lies more than K=2 steps before the loss" in out
    assert "nearest possible is 5 steps back" in out
    assert main(tiny) == 0  # three steps cannot learn: the note says why, not "truncation"
    out = " ".join(capsys.readouterr().out.split())
    assert "full BPTT reaches every marker, yet this run did not find the rule in 3" in out
    assert "every marker lies" not in out


def test_the_cli_defaults_are_the_documented_configuration():
    """T=30, 3000 steps: long enough to learn, and every early marker is 16+ steps back."""
    from interviewkit.cli import build_parser

    args = build_parser().parse_args(["demo", "adding"])
    cfg = AddingConfig()
    assert (args.seq_len, args.iters, args.markers) == ("30", "3000", "early")
    assert (cfg.seq_len, cfg.iters, cfg.markers) == (30, 3000, "early")
    assert cfg.seq_len - marker_span(cfg.seq_len)[1] > 10  # --tbptt 10 misses every marker
