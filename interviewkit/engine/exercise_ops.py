"""What the code exercises' torch references share: float64 leaves, gradients as arrays, and
the two tricks that turn a correct forward into a known wrong backward.

`with_slope(value, a, slope)` keeps the forward value and lets the gradient flow to `a` times
`slope` instead of the true derivative (a wrong slope, such as 1 - a**2 for tanh). `stop(t)` is
`t.detach()` (a missing path). A mistake's forward is then the right one, so every wrong
gradient it yields is exactly what a learner's backward pass with that slip returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

DTYPE = torch.float64

Inputs = Mapping[str, Any]
Outputs = dict[str, np.ndarray]


def leaf(value: Any, grad: bool = True) -> torch.Tensor:
    """A float64 CPU tensor copied from an array or a number, tracking gradients."""
    t = torch.tensor(np.asarray(value, dtype=np.float64), dtype=DTYPE)
    return t.requires_grad_(grad)


def leaves(values: Mapping[str, Any]) -> dict[str, torch.Tensor]:
    """`leaf` of every entry of a parameter dict."""
    return {k: leaf(v) for k, v in values.items()}


def array(t: torch.Tensor | float) -> np.ndarray:
    """A tensor (or number) as a float64 NumPy array."""
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().numpy().astype(np.float64, copy=True)
    return np.asarray(t, dtype=np.float64)


def gradients(loss: torch.Tensor, wrt: Sequence[torch.Tensor]) -> list[np.ndarray]:
    """∂loss/∂ each of `wrt` as arrays; an input the loss does not reach gets zeros."""
    found = torch.autograd.grad(loss, list(wrt), allow_unused=True)
    return [
        array(g) if g is not None else np.zeros(tuple(w.shape))
        for g, w in zip(found, wrt, strict=True)
    ]


def named_gradients(
    loss: torch.Tensor, outputs: Mapping[str, torch.Tensor]
) -> dict[str, np.ndarray]:
    """`gradients` keyed by the output labels of `outputs` (label -> leaf)."""
    return dict(zip(outputs, gradients(loss, list(outputs.values())), strict=True))


def with_slope(value: torch.Tensor, a: torch.Tensor, slope: torch.Tensor) -> torch.Tensor:
    """`value` going forward; backward, the gradient reaching `a` is multiplied by `slope`."""
    return value.detach() + (a - a.detach()) * slope.detach()


def tanh(a: torch.Tensor, slope: str | None = None) -> torch.Tensor:
    """tanh(a); `slope="input"` differentiates it as 1 - a**2 (the pre-activation squared),
    `slope="none"` as 1 (the slope left out)."""
    t = torch.tanh(a)
    if slope == "input":
        return with_slope(t, a, 1 - a**2)
    if slope == "none":
        return with_slope(t, a, torch.ones_like(a))
    return t


def sigmoid(a: torch.Tensor, wrong_slope: bool = False) -> torch.Tensor:
    """sigmoid(a); `wrong_slope` differentiates it as s instead of s * (1 - s)."""
    s = torch.sigmoid(a)
    return with_slope(s, a, s) if wrong_slope else s


def weight_sees(value: torch.Tensor, instead: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Zero going forward; added to `value @ w.T`, it makes the gradient reaching `w` use
    `instead` in place of `value` (h_t where h_{t-1} belongs, say)."""
    return (instead.detach() - value.detach()) @ (w - w.detach()).T


def right_times(h: torch.Tensor, w: torch.Tensor, swapped: bool = False) -> torch.Tensor:
    """`h @ w.T`; `swapped` sends the gradient back to `h` through w.T instead of w (the
    backward pass that kept the column form's transpose with rows as examples)."""
    out = h @ w.T
    if not swapped:
        return out
    return out.detach() + (h - h.detach()) @ w + (h.detach() @ (w - w.detach()).T)
