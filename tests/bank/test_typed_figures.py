"""Figures typed into the answer of a choice question or the back of a flashcard, recomputed.

Numeric questions have their answers computed (`test_computed_answers.py`); a count, a shape or a
norm that sits in a choice's key or a flashcard's back is typed text, so each one is recomputed
here by other means (real `torch.nn` modules on the meta device, numpy) and looked for, as
written, in the question's answer. torch is imported inside the functions.
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
    """What the learner is told is right: the keys of a choice, the back of a flashcard, and
    the why-wrong notes (they state facts too)."""
    if isinstance(q, schema.Choice):
        keys = [q.options[schema.OPTION_LABELS.index(label)] for label in q.correct]
        return "\n".join(keys + list(q.why_wrong.values()))
    if isinstance(q, schema.Flashcard):
        return q.back
    raise AssertionError(f"{q.id} is a {q.kind}")


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
    """diag(2) (+) [[0, 1], [0, 0]]: not normal, sigma_max = rho = 2; [[0.5, 3], [0, 0.5]]:
    rho = 0.5 while it stretches (0, 1) to about 3.04."""
    block = np.zeros((3, 3))
    block[0, 0], block[1, 2] = 2.0, 1.0
    assert not np.allclose(block @ block.T, block.T @ block)
    sigma = np.linalg.norm(block, 2)
    rho = max(abs(np.linalg.eigvals(block)))
    assert math.isclose(sigma, rho)
    skew = np.array([[0.5, 3.0], [0.0, 0.5]])
    stretched = np.linalg.norm(skew @ np.array([0.0, 1.0]))
    return [
        f"σ_max = ρ = {sigma:g}",
        f"ρ = {max(abs(np.linalg.eigvals(skew))):g}",
        f"length about {stretched:.2f}",
    ]


def _forget_gate_at_one() -> list[str]:
    return [rf"\sigma(1) \approx {1 / (1 + math.exp(-1)):.2f}"]


#: question id -> the figures its answer must hold, recomputed
FIGURES: dict[str, Callable[[], list[str]]] = {
    "params-flash-formulas": _torch_counts,
    "params-separate-gate-matrices": _shared_input_lstm,
    "arch-bilstm-upper-input-shape": _bilstm_upper_shape,
    "ve-nonnormal-choice": _nonnormal_examples,
    "lstm-forget-bias-one": _forget_gate_at_one,
}


@pytest.mark.parametrize("question_id", sorted(FIGURES))
def test_typed_figure_is_recomputed(question_id: str) -> None:
    text = _answer_text(BY_ID[question_id])
    for figure in FIGURES[question_id]():
        assert figure in text, f"{question_id}: the recomputed {figure!r} is not in its answer"
