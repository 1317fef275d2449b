"""The truth of every code exercise, from torch, and its known mistakes evaluated on the same
inputs: what `exercises.grader` compares a learner's arrays with.

`truth(name, inputs)` returns every output by its report label (`dx`, `grads['W_f']`);
`candidates(name, inputs)` returns, per label, the arrays that each known mistake produces with a
sentence saying what it is. The grader hands those to `exercises.diagnosis.diagnose`; generated
mistakes from `math/` can join them there without touching this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from interviewkit.engine import exercise_basics as basics
from interviewkit.engine import exercise_cells as cells
from interviewkit.engine import exercise_sequences as sequences

Outputs = dict[str, np.ndarray]


@dataclass(frozen=True)
class Reference:
    """`compute(inputs, slip)` is the truth with `slip=None` and a known mistake otherwise;
    `slips` maps each mistake to the sentence a learner reads."""

    compute: Callable[[Mapping[str, Any], str | None], Outputs]
    slips: Mapping[str, str]


REFERENCES: dict[str, Reference] = {
    "stable_sigmoid": Reference(basics.stable_sigmoid, basics.SIGMOID_SLIPS),
    "logsumexp": Reference(basics.logsumexp, basics.LSE_SLIPS),
    "clip_by_global_norm": Reference(basics.clip_by_global_norm, basics.CLIP_SLIPS),
    "count_params": Reference(basics.count_params, basics.COUNT_SLIPS),
    "rnn_step_forward": Reference(cells.rnn_forward, cells.RNN_FORWARD_SLIPS),
    "rnn_step_backward": Reference(cells.rnn_backward, cells.RNN_BACKWARD_SLIPS),
    "lstm_step_forward": Reference(cells.lstm_forward, cells.LSTM_FORWARD_SLIPS),
    "lstm_step_backward": Reference(cells.lstm_backward, cells.LSTM_BACKWARD_SLIPS),
    "gru_step_forward": Reference(cells.gru_forward, cells.GRU_FORWARD_SLIPS),
    "gru_step_backward": Reference(cells.gru_backward, cells.GRU_BACKWARD_SLIPS),
    "rnn_bptt": Reference(sequences.rnn_bptt, sequences.BPTT_SLIPS),
    "truncated_bptt": Reference(sequences.truncated_bptt, sequences.TBPTT_SLIPS),
    "masked_sequence_loss": Reference(sequences.masked_sequence_loss, sequences.MASKED_SLIPS),
}


def truth(name: str, inputs: Mapping[str, Any]) -> Outputs:
    """Every output of exercise `name` on `inputs`, as torch computes it in float64."""
    return REFERENCES[name].compute(inputs, None)


def candidates(name: str, inputs: Mapping[str, Any]) -> dict[str, list[tuple[np.ndarray, str]]]:
    """Per output label, `(array, sentence)` for each known mistake that changes it."""
    reference = REFERENCES[name]
    right = reference.compute(inputs, None)
    out: dict[str, list[tuple[np.ndarray, str]]] = {label: [] for label in right}
    for slip, sentence in reference.slips.items():
        wrong = reference.compute(inputs, slip)
        for label, value in wrong.items():
            same = value.shape == right[label].shape and np.allclose(
                value, right[label], rtol=1e-12, atol=1e-14, equal_nan=True
            )
            if not same:
                out[label].append((value, sentence))
    return out


def warm_up() -> None:
    """Import torch and run one tiny cell, so a first check in the quiz is not the slow one."""
    import torch

    torch.zeros(1, dtype=torch.float64).sum()
