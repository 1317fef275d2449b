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


def test_a_gain_on_h_prev_and_a_peephole_gain_are_described_apart():
    from interviewkit.engine.highway_report import summary

    indrnn, peephole = summary([measure(c, steps=20, **SMALL) for c in ("indrnn", "peephole")], 20)
    assert "u multiplies hₜ₋₁" in indrnn and "one recurrent weight per unit" in indrnn
    assert "keeps |u|^k of its gradient" in indrnn  # its Jacobian is diag(step(a) ⊙ u)
    assert "--gain-bound 2" in indrnn  # the default draw, and how to see the paper's
    assert "recurrent weight" not in peephole  # a peephole weight reads c, not h_{t-1}
    assert "p_f and p_i multiply cₜ₋₁" in peephole and "p_o multiplies c" in peephole
    assert "peephole weights" in peephole and "mean |p_f| = " in peephole


def test_gain_bound_draws_u_so_that_u_to_the_t_stays_within_the_bound():
    from interviewkit.engine.highway_report import summary

    steps = 60
    default = measure("indrnn", steps=steps, **SMALL)
    bounded = measure("indrnn", steps=steps, gain_bound=2.0, **SMALL)
    assert default.gain_range is None and default.kept(steps) < 1e-20
    low, high = bounded.gain_range
    assert (low, high) == pytest.approx((2 ** (-1 / steps), 2 ** (1 / steps)))
    assert low <= bounded.gain_means["u"] <= high
    # each unit keeps u^k while it stays active, and step(a) ≤ 1: never more than 2 of it
    assert bounded.kept(steps) > 0.01 and max(bounded.fraction) <= 2.0
    (sentence,) = summary([bounded], steps)
    assert "[2^(−1/T), 2^(1/T)]" in sentence and "between 1/2 and 2" in sentence
    assert f"At k={steps}, {bounded.kept(steps):.3g} of the gradient is left" in sentence
    plain = measure("mingru", steps=10, **SMALL)  # a cell without such a gain is left alone
    other = measure("mingru", steps=10, gain_bound=2.0, **SMALL)
    assert other.fraction == plain.fraction and other.gain_range is None


def test_only_gains_on_h_prev_are_drawn_in_the_gain_range():
    from interviewkit.engine.cellmodule import CellModule
    from interviewkit.math.cells import get_cell

    torch.manual_seed(0)
    plain = CellModule(get_cell("indrnn"), 3, 8)
    torch.manual_seed(0)
    near_one = CellModule(get_cell("indrnn"), 3, 8, gain_range=(0.99, 1.01))
    assert torch.equal(plain.weights["W_x"], near_one.weights["W_x"])
    assert torch.equal(plain.weights["b"], near_one.weights["b"])  # the same draws otherwise
    assert near_one.weights["u"].min() >= 0.99 and near_one.weights["u"].max() <= 1.01
    torch.manual_seed(0)
    peephole = CellModule(get_cell("peephole"), 3, 8, gain_range=(0.99, 1.01))
    assert peephole.weights["p_f"].abs().max() <= 8**-0.5  # a peephole gain reads c, not h
