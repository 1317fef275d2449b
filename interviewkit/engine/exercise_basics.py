"""The warm-up exercises' truth and mistakes: torch.sigmoid, torch.logsumexp,
torch.nn.utils.clip_grad_norm_, and the parameters of real torch.nn.RNN / LSTM / GRU modules."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from interviewkit import paramcount
from interviewkit.engine.exercise_ops import Inputs, Outputs, array, leaf


def stable_sigmoid(inputs: Inputs, slip: str | None = None) -> Outputs:
    x = leaf(inputs["x"], False)
    if slip == "sign":
        x = -x
    return {"s": array(torch.tanh(x) if slip == "tanh" else torch.sigmoid(x))}


SIGMOID_SLIPS = {
    "sign": "the sign is flipped: that is sigmoid(-x); sigmoid(x) = 1 / (1 + exp(-x))",
    "tanh": "that is tanh(x); sigmoid(x) = 1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2",
}


def logsumexp(inputs: Inputs, slip: str | None = None) -> Outputs:
    x = leaf(inputs["x"], False)
    lse = torch.logsumexp(x, dim=-1)
    top = x.max(dim=-1).values
    wrong = {
        "no_add_back": lse - top,
        "mean": lse - math.log(x.shape[-1]),
        "max_only": top,
    }
    return {"lse": array(wrong.get(slip or "", lse))}


LSE_SLIPS = {
    "no_add_back": "the row's max is subtracted but not added back: "
    "logsumexp(x) = m + log(sum(exp(x - m))) with m the row's max",
    "mean": "that is the log of the mean (off by log K): log-sum-exp sums the exponentials",
    "max_only": "the max alone is only an approximation: add log(sum(exp(x - max)))",
}


def clip_by_global_norm(inputs: Inputs, slip: str | None = None) -> Outputs:
    grads = [leaf(g, False) for g in inputs["grads"]]
    max_norm = float(inputs["max_norm"])
    if slip is None:
        params = [torch.zeros_like(g, requires_grad=True) for g in grads]
        for p, g in zip(params, grads, strict=True):
            p.grad = g.clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        clipped = [p.grad for p in params if p.grad is not None]
    else:
        norms = torch.stack([g.norm() for g in grads])
        total = {"sum_of_norms": norms.sum(), "squared_norm": (norms**2).sum()}.get(
            slip, norms.norm()
        )
        eps = 0.0 if slip == "no_eps" else 1e-6
        scale = max_norm / (total + eps)
        if slip != "always_scale":
            scale = scale.clamp(max=1.0)
        if slip == "per_tensor":
            clipped = [g * (max_norm / (g.norm() + 1e-6)).clamp(max=1.0) for g in grads]
        elif slip == "by_value":
            clipped = [g.clamp(-max_norm, max_norm) for g in grads]
        else:
            clipped = [g * scale for g in grads]
    out = {f"clipped[{i}]": array(c) for i, c in enumerate(clipped)}
    out["total_norm"] = array(total)
    return out


CLIP_SLIPS = {
    "per_tensor": "each array was clipped by its own norm: the norm is one number over all the "
    "arrays together",
    "always_scale": "scaled although total_norm was already below max_norm: "
    "scale = min(1, max_norm / (total_norm + 1e-6))",
    "by_value": "each entry was clipped to [-max_norm, max_norm] (clipping by value); clip the "
    "whole gradient by its norm",
    "sum_of_norms": "the global norm is sqrt(sum of every squared entry), not the sum of the "
    "arrays' norms",
    "squared_norm": "total_norm is missing its square root",
    "no_eps": "the 1e-6 is missing: scale = min(1, max_norm / (total_norm + 1e-6)), as torch does",
}

_MODULES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def _torch_count(cell: str, x: int, h: int, layers: int, bidirectional: bool) -> int:
    module = getattr(torch.nn, _MODULES[cell])(
        x, h, num_layers=layers, bidirectional=bidirectional, device="meta"
    )
    return sum(p.numel() for p in module.parameters())


def _per_layer(cell: str, x: int, h: int, layers: int, bidirectional: bool, *, below: int) -> int:
    """A stack whose layers above the first read `below` inputs."""
    first = paramcount.count(cell, x, h, bidirectional=bidirectional)
    rest = paramcount.count(cell, below, h, bidirectional=bidirectional)
    return first + (layers - 1) * rest


def count_params(inputs: Inputs, slip: str | None = None) -> Outputs:
    cell, x, h = str(inputs["cell"]), int(inputs["input_size"]), int(inputs["hidden_size"])
    layers, bi = int(inputs["num_layers"]), bool(inputs["bidirectional"])
    if slip is None:
        return {"count": np.asarray(float(_torch_count(cell, x, h, layers, bi)))}
    options: dict[str, Any] = {"layers": layers, "bidirectional": bi}
    if slip == "one_bias":
        value = paramcount.count(cell, x, h, convention="keras", reset_after=False, **options)
    elif slip == "no_bias":
        value = paramcount.count(cell, x, h, bias=False, **options)
    elif slip == "one_direction":
        value = paramcount.count(cell, x, h, layers=layers)
    elif slip == "same_input":
        value = _per_layer(cell, x, h, layers, bi, below=x)
    elif slip == "bidir_input":
        value = _per_layer(cell, x, h, layers, bi, below=h)
    else:  # "gates": an LSTM counted with a GRU's blocks, a GRU or RNN with an LSTM's
        other = "gru" if cell == "lstm" else "lstm"
        value = paramcount.count(other, x, h, **options)
    return {"count": np.asarray(float(value))}


COUNT_SLIPS = {
    "one_bias": "one bias per gate block is Keras's convention: torch has two, b_ih and b_hh",
    "no_bias": "the biases are missing: two vectors of hidden_size per gate block",
    "one_direction": "a bidirectional layer has two directions, each with its own weights",
    "same_input": "every layer was given input_size inputs: a layer above the first reads "
    "what the layer below emits, hidden_size (2 × hidden_size when bidirectional)",
    "bidir_input": "a layer above a bidirectional one reads both its directions: "
    "2 × hidden_size inputs",
    "gates": "wrong number of gate blocks: RNN 1, GRU 3, LSTM 4",
}
