"""The gradient highway: one backward pass, checked against autograd, and the >1000× claim."""

from __future__ import annotations

import math

import pytest
import torch

from interviewkit.engine.highway import fit_decay, measure, run_highway, run_specs
from interviewkit.errors import EngineError

SMALL = dict(hidden=16, batch=4, input_size=4, seed=0)


def test_lstm_with_forget_bias_keeps_over_1000x_the_rnn_share_over_100_steps():
    rnn = measure("rnn", steps=100, **SMALL)
    lstm = measure("lstm", steps=100, forget_bias=1.0, **SMALL)
    assert rnn.kept(100) > 0  # measured, not underflowed: the comparison is meaningful
    assert lstm.kept(100) > 1000 * rnn.kept(100)
    assert lstm.cell_grad_norm[99] / lstm.cell_grad_norm[0] > 1000 * rnn.kept(100)


def test_forget_bias_one_keeps_more_than_bias_zero():
    zero = measure("lstm", steps=60, forget_bias=0.0, **SMALL)
    one = measure("lstm", steps=60, forget_bias=1.0, **SMALL)
    assert one.mean_forget_gate > zero.mean_forget_gate
    assert one.kept(60) > 100 * zero.kept(60)


def test_direct_path_decays_as_the_forget_gates_do():
    run = measure("lstm", steps=80, forget_bias=1.0, **SMALL)
    # ∏f along the direct path: its per-step rate sits near the mean forget gate, and the total
    # gradient (which adds the paths through h) keeps at least as much
    assert run.direct_path_decay_per_step == pytest.approx(run.mean_forget_gate, abs=0.05)
    assert run.cell_decay_per_step >= run.direct_path_decay_per_step


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_one_backward_pass_matches_autograd_per_step(cell):
    """The retained grads of one pass equal ∂L/∂h_t computed directly for a chosen t."""
    steps, k = 12, 5
    run = measure(cell, steps=steps, **SMALL)
    # recompute with the same seed, and ask autograd for ∂L/∂h_{T-k} alone
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(steps, 4, 4, generator=gen)
    readout = torch.randn(4, 16, generator=gen)
    torch.manual_seed(0)
    net = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[cell](4, 16)
    h = torch.zeros(4, 16)
    c = torch.zeros(4, 16)
    target = None
    for t in range(steps):
        if cell == "lstm":
            h, c = net(x[t], (h, c))
        else:
            h = net(x[t], h)
        if t == steps - 1 - k:
            target = h
    (grad,) = torch.autograd.grad((h * readout).sum(), target)
    assert run.grad_norm[k - 1] == pytest.approx(grad.double().norm().item(), rel=1e-5)


def test_fit_decay_recovers_a_geometric_rate_and_ignores_underflow():
    norms = [0.7**k for k in range(1, 30)] + [0.0, 0.0]
    assert fit_decay(list(range(1, 32)), norms) == pytest.approx(0.7)
    assert fit_decay([1, 2], [0.0, 0.0]) is None


def test_run_specs_default_runs():
    specs = run_specs(["rnn", "lstm", "gru"], [0.0, 1.0])
    assert specs == [("rnn", None), ("lstm", 0.0), ("lstm", 1.0), ("gru", None)]
    with pytest.raises(EngineError, match="unknown cell"):
        run_specs(["elman"], [1.0])


def test_memory_estimate_refuses_before_allocating(monkeypatch):
    import interviewkit.engine.device as device

    monkeypatch.setattr(device, "available_bytes", lambda dev: 1024)
    with pytest.raises(EngineError, match="needs about"):
        run_highway(
            ["rnn"], [], steps=10, hidden=4, batch=2, input_size=2, seed=0,
            device=torch.device("cpu"),
        )  # fmt: skip


@pytest.mark.cuda
def test_cuda_matches_cpu(cuda_device):
    cpu = measure("lstm", steps=30, forget_bias=1.0, **SMALL)
    gpu = measure("lstm", steps=30, forget_bias=1.0, device=cuda_device, **SMALL)
    for a, b in zip(cpu.fraction, gpu.fraction, strict=True):
        assert math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-30)
