"""Figures typed into what a question teaches, recomputed.

Numeric questions have their answers computed (`test_computed_answers.py`); a count, a shape, a
norm or a worked example that sits in a choice's key, a flashcard's back, a why-wrong note or an
explanation is typed text, so each one is recomputed here by other means (real `torch.nn` modules
on the meta device, autograd, numpy, plain loops) and looked for, as written, in the question's
text. torch is imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from interviewkit.bank import schema
from interviewkit.bank.loader import load_bank

BY_ID = {q.id: q for q in load_bank(include_user_decks=False).questions}


def _answer_text(q: schema.Question) -> str:
    """What the learner is told is right: the keys of a choice, the back of a flashcard, a
    short answer's model answer, the why-wrong notes (they state facts too) and the
    explanation, with every run of white space made one space (prose wraps anywhere)."""
    parts = [q.explanation]
    if isinstance(q, schema.Choice):
        parts += [q.options[schema.OPTION_LABELS.index(label)] for label in q.correct]
        parts += list(q.why_wrong.values())
    elif isinstance(q, schema.Flashcard):
        parts.append(q.back)
    elif isinstance(q, schema.Short):
        parts.append(q.model_answer)
    return " ".join(" ".join(parts).split())


def _numel(module: object) -> int:
    return sum(p.numel() for p in module.parameters())  # type: ignore[attr-defined]


def _torch_counts() -> list[str]:
    """nn.RNN / LSTM / GRU(10, 20): the example of the formulas flashcard."""
    import torch.nn as nn

    layers = (nn.RNN, nn.LSTM, nn.GRU)
    return [" / ".join(str(_numel(layer(10, 20, device="meta"))) for layer in layers)]


def _shared_input_lstm() -> list[str]:
    """One input matrix for all four blocks, each block its own recurrent matrix and two
    biases, against the real nn.LSTM(10, 20)."""
    import torch
    import torch.nn as nn

    shared = nn.ModuleList(
        [nn.Linear(10, 20, bias=False, device="meta")]
        + [nn.Linear(20, 20, bias=True, device="meta") for _ in range(4)]
    )
    extra_biases = 4 * torch.empty(20, device="meta").numel()
    real = _numel(nn.LSTM(10, 20, device="meta"))
    return [f"{_numel(shared) + extra_biases} for the shared-$W_x$ layer and {real}"]


def _bilstm_upper_shape() -> list[str]:
    import torch.nn as nn

    lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, bidirectional=True, device="meta")
    return [str(tuple(lstm.weight_ih_l1.shape))]


def _nonnormal_examples() -> list[str]:
    """diag(2) (+) [[0, 1], [0, 0]]: not normal, sigma_max = rho = 2, the nilpotent block's
    singular values 1 and 0; [[0.5, 3], [0, 0.5]]: rho = 0.5 while it stretches (0, 1) to about
    3.04."""
    block = np.zeros((3, 3))
    block[0, 0], block[1, 2] = 2.0, 1.0
    assert not np.allclose(block @ block.T, block.T @ block)
    sigma = np.linalg.norm(block, 2)
    rho = max(abs(np.linalg.eigvals(block)))
    assert math.isclose(sigma, rho)
    skew = np.array([[0.5, 3.0], [0.0, 0.5]])
    stretched = np.linalg.norm(skew @ np.array([0.0, 1.0]))
    nilpotent = np.linalg.svd(block[1:, 1:], compute_uv=False)
    return [
        f"singular values ({nilpotent[0]:g} and {nilpotent[1]:g} for $N$)",
        f"σ_max = ρ = {sigma:g}",
        f"ρ = {max(abs(np.linalg.eigvals(skew))):g}",
        f"length about {stretched:.2f}",
    ]


def _forget_gate_at_one() -> list[str]:
    return [rf"\sigma(1) \approx {1 / (1 + math.exp(-1)):.2f}"]


def _sigmoid_slope(a: float) -> float:
    import torch

    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(x).backward()
    return float(x.grad)


def _tanh_slope(a: float) -> float:
    import torch

    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    torch.tanh(x).backward()
    return float(x.grad)


def _steps_below(factor: float, fraction: float) -> int:
    """The first step count at which repeated multiplication by `factor` is at most `fraction`."""
    value, steps = 1.0, 0
    while value > fraction:
        value, steps = value * factor, steps + 1
    return steps


def _tanh_saturated_at_three() -> list[str]:
    assert _tanh_slope(3.0) < 0.01 and _tanh_slope(-3.0) < 0.01
    return ["at $|c_t| = 3$ the slope is already below 0.01"]


def _tanh_below_one_percent() -> list[str]:
    assert all(_tanh_slope(a) < 0.01 for a in (3.0, -3.0, 3.5, 6.0))  # falls monotonically in |a|
    return ["falls below 0.01 once $|a| > 3$"]


def _forget_slopes() -> list[str]:
    s0, s1, s3 = (_sigmoid_slope(a) for a in (0.0, 1.0, 3.0))
    return [f"${s0:.2f}$ at a bias of 0, about ${s1:.3f}$ at the usual bias of 1, "
            f"but only about ${s3:.3f}$ at a bias of 3"]  # fmt: skip


def _forget_gate_spans() -> list[str]:
    assert 100 <= _steps_below(0.99, 0.01) < 1000  # hundreds
    assert 24 <= _steps_below(0.9, 0.01) < 100  # a few dozen
    return ["a gate at 0.99 keeps a signal for hundreds of steps, one at 0.9 for a few dozen"]


def _zero_bias_product() -> list[str]:
    f0, f1 = (1 / (1 + math.exp(-b)) for b in (0.0, 1.0))
    kept = float(np.prod(np.full(10, f0)))
    return [f"($f = {f0:g}$) only ${f0:g}^{{10}} \\approx {kept:.3f}$ survives ten steps",
            f"$f \\approx {f1:.2f}$"]  # fmt: skip


def _pascanu_example() -> list[str]:
    bound = float(np.prod(np.full(20, 0.9)))
    return [f"$0.9^{{20}} \\approx {bound:.2f}$ after 20 steps"]


def _steps_at_095() -> list[str]:
    return [f"0.95 per step loses 99 % of the signal within about {_steps_below(0.95, 0.01)} steps"]


def _nonnormal_transient_above_one() -> list[str]:
    """Every draw of the question (a in [0.9, 0.97], b in [1, 3], k in [5, 20]) amplifies."""
    for a in np.linspace(0.9, 0.97, 8):
        for b in (1.0, 2.0, 3.0):
            w = np.array([[a, b], [0.0, a]])
            for k in range(5, 21):
                assert np.linalg.norm(np.linalg.matrix_power(w, k), 2) > 1, (a, b, k)
    return ["The norm here exceeds 1 even though $\\rho(W) < 1$"]


def _leaky_time_constant() -> list[str]:
    kept = float(np.prod(np.full(10, 1 - 0.1)))
    assert abs(kept - math.exp(-1)) < 0.05  # 1/alpha steps leave about 1/e
    return [f"with $\\alpha = 0.1$, $0.9^{{10}} \\approx {kept:.2f}$ is left after 10 steps"]


def _indrnn_bound_example() -> list[str]:
    return [f"$2^{{1/1000}} \\approx {2 ** (1 / 1000):.4f}$"]


def _indrnn_vs_vanilla() -> list[str]:
    """IndRNN (W_x, u, b) against a vanilla RNN with one bias, as torch modules."""
    import torch
    import torch.nn as nn

    for m, n in ((4, 8), (10, 20), (33, 7)):
        ind = _numel(nn.Linear(m, n, device="meta")) + torch.empty(n, device="meta").numel()
        vanilla = _numel(nn.Linear(m, n, device="meta")) + _numel(
            nn.Linear(n, n, bias=False, device="meta")
        )
        assert vanilla - ind == n * n - n, (m, n)
    return ["vector carries $n^2 - n$ more"]


def _cifg_three_quarters() -> list[str]:
    """CIFG (three blocks, one bias each) against an LSTM with one bias per block."""
    import torch.nn as nn

    for m, n in ((4, 8), (10, 20), (33, 7)):
        blocks = [nn.Linear(m + n, n, device="meta") for _ in range(4)]
        lstm_one_bias = sum(_numel(block) for block in blocks)
        cifg = sum(_numel(block) for block in blocks[:3])
        assert 4 * cifg == 3 * lstm_one_bias, (m, n)
    return ["exactly three quarters of an LSTM with one bias per block"]


def _mingru_vs_gru() -> list[str]:
    import torch.nn as nn

    for m, n in ((4, 8), (10, 20), (33, 7)):
        assert _numel(nn.GRU(m, n, device="meta")) == 3 * n * (m + n + 2), (m, n)
    return ["A GRU of the same sizes in PyTorch has $3n(m + n + 2)$"]


def _big_lstm_bytes() -> list[str]:
    import torch
    import torch.nn as nn

    lstm = nn.LSTM(1, 8192, dtype=torch.float16, device="meta")
    size = lstm.weight_hh_l0.numel() * lstm.weight_hh_l0.element_size()
    return [f"about {size / 1e6:.0f} MB"]


def _batchable_third() -> list[str]:
    from fractions import Fraction

    import torch.nn as nn

    lstm = nn.LSTM(512, 1024, device="meta")
    share = Fraction(
        lstm.weight_ih_l0.numel(), lstm.weight_ih_l0.numel() + lstm.weight_hh_l0.numel()
    )
    assert share == Fraction(1, 3)
    return ["for $X = 512$, $H = 1024$ it is one third"]


def _wavefront_example() -> list[str]:
    """Earliest finishing stage of every (layer, step), from the two dependencies alone."""
    layers, steps = 4, 100
    done = [[0] * (steps + 1) for _ in range(layers + 1)]
    for layer in range(1, layers + 1):
        for step in range(1, steps + 1):
            below = done[layer - 1][step] if layer > 1 else 0
            done[layer][step] = max(below, done[layer][step - 1]) + 1
    return [f"({done[layers][steps]} for {layers} layers and {steps} steps)"]


def _attention_score_example() -> list[str]:
    import torch

    queries, keys = torch.empty(40, 8, device="meta"), torch.empty(50, 8, device="meta")
    return [f"$40 \\times 50 = {(queries @ keys.T).numel()}$ for 40 output and 50 source tokens"]


#: question id -> the figures its answer must hold, recomputed
FIGURES: dict[str, Callable[[], list[str]]] = {
    "params-flash-formulas": _torch_counts,
    "params-separate-gate-matrices": _shared_input_lstm,
    "arch-bilstm-upper-input-shape": _bilstm_upper_shape,
    "ve-nonnormal-choice": _nonnormal_examples,
    "lstm-forget-bias-one": _forget_gate_at_one,
    "jac-lstm-dh-dc-saturation": _tanh_saturated_at_three,
    "ve-tanh-slope": _tanh_below_one_percent,
    "lstm-forget-gate-slope": _forget_slopes,
    "lstm-forget-steps-to-one-percent": _forget_gate_spans,
    "ve-forget-bias-product": _zero_bias_product,
    "ve-pascanu-bound-tanh": _pascanu_example,
    "ve-steps-to-one-percent": _steps_at_095,
    "ve-nonnormal-transient": _nonnormal_transient_above_one,
    "jac-leaky-rnn-dh-dhprev": _leaky_time_constant,
    "cell-indrnn-bound": _indrnn_bound_example,
    "cell-indrnn-params": _indrnn_vs_vanilla,
    "cell-cifg-params": _cifg_three_quarters,
    "cell-mingru-params": _mingru_vs_gru,
    "hw-trap-weights-from-vram": _big_lstm_bytes,
    "hw-batchable-flop-fraction": _batchable_third,
    "hw-wavefront-layers": _wavefront_example,
    "s2s-attention-score-count": _attention_score_example,
}


@pytest.mark.parametrize("question_id", sorted(FIGURES))
def test_typed_figure_is_recomputed(question_id: str) -> None:
    text = _answer_text(BY_ID[question_id])
    for figure in FIGURES[question_id]():
        assert figure in text, f"{question_id}: the recomputed {figure!r} is not in its answer"
