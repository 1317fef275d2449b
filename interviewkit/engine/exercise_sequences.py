"""The sequence exercises' truth (torch.nn.RNN, cross_entropy, autograd) and their mistakes:
BPTT over a whole sequence, truncated BPTT in chunks, and a masked loss over a padded batch."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.func import functional_call

from interviewkit.engine.exercise_cells import TANH_SLOPE
from interviewkit.engine.exercise_ops import (
    Inputs,
    Outputs,
    array,
    leaf,
    leaves,
    named_gradients,
    tanh,
    weight_sees,
)


def rnn_layer(x, h, W_h, W_x, b) -> torch.Tensor:
    """Every hidden state of a one-layer tanh RNN over `x` (T, B, m) from `h`, by torch.nn.RNN."""
    n, m = W_x.shape
    module = torch.nn.RNN(m, n, dtype=torch.float64, device="meta")
    params = {
        "weight_ih_l0": W_x,
        "weight_hh_l0": W_h,
        "bias_ih_l0": b,
        "bias_hh_l0": torch.zeros(n, dtype=torch.float64),
    }
    out, _ = functional_call(module, params, (x, h.unsqueeze(0)))
    return out


def rnn_unrolled(x, h0, W_h, W_x, b, slip: str | None = None) -> torch.Tensor:
    """The same states from an explicit loop over the steps, with one optional slip."""
    steps = x.shape[0]
    states, h = [], h0
    for t in range(steps):
        live = {"weights_first_step": t == 0, "weights_last_step": t == steps - 1}.get(
            slip or "", True
        )
        wh, wx, bb = (W_h, W_x, b) if live else (W_h.detach(), W_x.detach(), b.detach())
        h_in = h.detach() if slip == "no_recurrence" and t > 0 else h
        a = h_in @ wh.T + x[t] @ wx.T + bb
        if slip == "dW_h_from_h":
            a = a + weight_sees(h_in, torch.tanh(a), wh)
        h = tanh(a, "input" if slip == "tanh_slope_a" else None)
        states.append(h)
    return torch.stack(states)


def rnn_bptt(inputs: Inputs, slip: str | None = None) -> Outputs:
    t = {k: leaf(inputs[k]) for k in ("x", "h0", "W_h", "W_x", "b")}
    if slip is None:
        hs = rnn_layer(t["x"], t["h0"], t["W_h"], t["W_x"], t["b"])
    else:
        hs = rnn_unrolled(**t, slip=slip)
    g = leaf(inputs["g"], False)
    loss = (hs[-1] * g[-1]).sum() if slip == "last_loss_only" else (hs * g).sum()
    names = {"dx": "x", "dh0": "h0", "dW_h": "W_h", "dW_x": "W_x", "db": "b"}
    out = {"h": array(hs)}
    out.update(named_gradients(loss, {label: t[name] for label, name in names.items()}))
    return {k: out[k] for k in ("h", "dx", "dh0", "dW_h", "dW_x", "db")}


BPTT_SLIPS = {
    "no_recurrence": "the path through time is missing: the gradient reaching h[t] is g[t] "
    "plus d_a[t+1] @ W_h from the next step",
    "last_loss_only": "only the last step's g was used: every g[t] enters, added to what comes "
    "back from step t+1",
    "tanh_slope_a": TANH_SLOPE,
    "weights_first_step": "the weight gradients hold the first step's share only: add up (+=) "
    "every step's",
    "weights_last_step": "the weight gradients hold the last step's share only: add up (+=) "
    "every step's",
    "dW_h_from_h": "dW_h uses h[t] where h[t-1] belongs: dW_h sums d_a[t].T @ h[t-1] over the "
    "steps",
}

# ------------------------------------------------------------------------- truncated BPTT

_TBPTT_KEYS = ("W_h", "W_x", "b", "W_y")


def _chunk_losses(x, y, h0, p, k: int, slip: str | None) -> tuple[list[torch.Tensor], Any]:
    steps = x.shape[0]
    starts = list(range(0, steps, k))
    if slip == "drop_remainder":
        starts = [s for s in starts if s + k <= steps] or starts[:1]
    losses, h = [], h0
    for start in starts:
        if slip == "no_carry":
            h = h0
        elif slip != "no_detach":
            h = h.detach()
        if slip is None:
            states = rnn_layer(x[start : start + k], h, p["W_h"], p["W_x"], p["b"])
        else:
            states = rnn_unrolled(x[start : start + k], h, p["W_h"], p["W_x"], p["b"])
        h = states[-1]
        losses.append(0.5 * ((states @ p["W_y"].T - y[start : start + k]) ** 2).sum())
    return losses, h


def truncated_bptt(inputs: Inputs, slip: str | None = None) -> Outputs:
    x, y, h0 = (leaf(inputs[k], False) for k in ("x", "y", "h0"))
    p = leaves({k: inputs["p"][k] for k in _TBPTT_KEYS})
    losses, h_last = _chunk_losses(x, y, h0, p, int(inputs["k"]), slip)
    # chunks detached from each other: the gradient of the sum is the sum of their gradients
    loss = losses[-1] if slip == "last_chunk_only" else torch.stack(losses).sum()
    out = named_gradients(loss, {f"grads[{k!r}]": p[k] for k in _TBPTT_KEYS})
    out["h_last"] = array(h_last)
    return out


TBPTT_SLIPS = {
    "no_detach": "the state was not detached between chunks: the gradient flowed back across "
    "chunk boundaries (that is full BPTT)",
    "no_carry": "the state was not carried: each chunk restarted from h0; start each chunk "
    "from the previous chunk's last state, detached",
    "last_chunk_only": "only the last chunk's gradient is there: add up (+=) every chunk's",
    "drop_remainder": "the last, shorter chunk is missing (T is not a multiple of k): run it too",
}

# ------------------------------------------------------------------- masked sequence loss


def masked_sequence_loss(inputs: Inputs, slip: str | None = None) -> Outputs:
    logits = leaf(inputs["logits"])
    steps, batch, classes = logits.shape
    targets = torch.as_tensor(np.asarray(inputs["targets"], dtype=np.int64))
    lengths = torch.as_tensor(np.asarray(inputs["lengths"], dtype=np.int64))
    t = torch.arange(steps).unsqueeze(1)
    mask = (t <= lengths if slip == "mask_off_by_one" else t < lengths).to(torch.float64)
    if slip == "no_mask":
        mask = torch.ones_like(mask)
    nll = torch.nn.functional.cross_entropy(
        logits.reshape(-1, classes), targets.reshape(-1), reduction="none"
    ).reshape(steps, batch)
    if slip == "per_sequence":
        loss = ((nll * mask).sum(0) / lengths).mean()
    elif slip == "mean_all":
        loss = (nll * mask).sum() / (steps * batch)
    else:
        loss = (nll * mask).sum() / mask.sum()
    return {"loss": array(loss), **named_gradients(loss, {"dlogits": logits})}


MASKED_SLIPS = {
    "no_mask": "the padded steps count: mask them out and divide by the real tokens, sum(lengths)",
    "mean_all": "divided by all T*B positions: divide by the number of real tokens, sum(lengths)",
    "per_sequence": "averaged per sequence, then over the batch: the loss is one mean over all "
    "real tokens",
    "mask_off_by_one": "the mask is off by one: sequence b is real for t < lengths[b]",
}
