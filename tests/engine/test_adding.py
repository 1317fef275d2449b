"""The adding problem: the data, the baseline, TBPTT's cut, and a tiny run that learns."""

from __future__ import annotations

import pytest
import torch

from interviewkit.engine.adding import BASELINE_MSE, AddingConfig, build_model, make_batch, train
from interviewkit.errors import EngineError

CPU = torch.device("cpu")


def test_batches_have_one_marker_in_each_half_and_the_marked_sum_as_target():
    x, y = make_batch(64, 10, torch.Generator().manual_seed(0))
    assert x.shape == (64, 10, 2) and y.shape == (64,)
    markers = x[..., 1]
    assert torch.all(markers[:, :5].sum(1) == 1) and torch.all(markers[:, 5:].sum(1) == 1)
    assert torch.allclose((x[..., 0] * markers).sum(1), y)


def test_predicting_the_mean_scores_one_sixth():
    _, y = make_batch(40_000, 4, torch.Generator().manual_seed(1))
    assert torch.mean((y - 1) ** 2).item() == pytest.approx(BASELINE_MSE, rel=0.03)


def test_tiny_lstm_learns_clearly_below_the_baseline():
    cfg = AddingConfig(
        cell="lstm", seq_len=8, iters=150, hidden=16, batch=32, lr=0.02,
        eval_size=256, eval_every=25,
    )  # fmt: skip
    seen = []
    r = train(cfg, CPU, progress=lambda done, loss, ev: seen.append(done))
    assert seen == list(range(1, 151))
    assert r.final_mse < 0.3 * BASELINE_MSE
    assert r.final_mse < r.eval_mse[0]


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
    ],
)
def test_bad_configurations(change, match):
    with pytest.raises(EngineError, match=match):
        train(AddingConfig(**change), CPU)


@pytest.mark.cuda
def test_tiny_run_on_cuda(cuda_device):
    cfg = AddingConfig(seq_len=8, iters=150, hidden=16, batch=32, lr=0.02, eval_size=256)
    assert train(cfg, cuda_device).final_mse < 0.3 * BASELINE_MSE
