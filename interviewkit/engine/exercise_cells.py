"""The one-step exercises' truth (torch.nn cells and autograd) and their known mistakes.

The truth runs the learner's arguments through `torch.nn.RNNCell`, `LSTMCell` and `GRUCell`
(`torch.func.functional_call` with the weights stacked in torch's gate order), so it is
PyTorch's own arithmetic. Each mistake runs an explicit forward with one slip (a swapped gate,
a detached path, a wrong slope); with no slip that forward equals the torch.nn cell, which the
tests check.
"""

from __future__ import annotations

import torch
from torch.func import functional_call

from interviewkit.engine.exercise_ops import (
    Inputs,
    Outputs,
    array,
    leaf,
    leaves,
    named_gradients,
    right_times,
    sigmoid,
    tanh,
    weight_sees,
)


def _zeros(n: int) -> torch.Tensor:
    return torch.zeros(n, dtype=torch.float64)


def _cell(kind: str, m: int, n: int) -> torch.nn.Module:
    module = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[kind]
    return module(m, n, dtype=torch.float64, device="meta")


# ----------------------------------------------------------------------------------- RNN


def rnn_step(x, h_prev, W_h, W_x, b, slip: str | None = None) -> torch.Tensor:
    """h = tanh(h_prev @ W_h.T + x @ W_x.T + b), with one optional slip."""
    hh = h_prev @ W_h if slip == "W_h_untransposed" else right_times(h_prev, W_h, slip == "dh_T")
    a = hh + x @ W_x.T + (0 if slip == "no_bias" else b)
    if slip == "dW_h_from_h":
        a = a + weight_sees(h_prev, torch.tanh(a), W_h)
    if slip == "sigmoid_act":
        return torch.sigmoid(a)
    return tanh(a, {"tanh_slope_a": "input", "no_tanh_slope": "none"}.get(slip or ""))


def rnn_nn(x, h_prev, W_h, W_x, b) -> torch.Tensor:
    """The same step computed by torch.nn.RNNCell."""
    n, m = W_x.shape
    params = {"weight_ih": W_x, "weight_hh": W_h, "bias_ih": b, "bias_hh": _zeros(n)}
    return functional_call(_cell("rnn", m, n), params, (x, h_prev))


def _rnn_leaves(inputs: Inputs) -> dict[str, torch.Tensor]:
    return {k: leaf(inputs[k]) for k in ("x", "h_prev", "W_h", "W_x", "b")}


def rnn_forward(inputs: Inputs, slip: str | None = None) -> Outputs:
    t = _rnn_leaves(inputs)
    h = rnn_nn(**t) if slip is None else rnn_step(**t, slip=slip)
    return {"h": array(h)}


def rnn_backward(inputs: Inputs, slip: str | None = None) -> Outputs:
    t = _rnn_leaves(inputs)
    h = rnn_nn(**t) if slip is None else rnn_step(**t, slip=slip)
    loss = (h * leaf(inputs["g_h"], False)).sum()
    names = {"dx": "x", "dh_prev": "h_prev", "dW_h": "W_h", "dW_x": "W_x", "db": "b"}
    return named_gradients(loss, {label: t[name] for label, name in names.items()})


RNN_FORWARD_SLIPS = {
    "no_bias": "the bias b is missing: a = h_prev @ W_h.T + x @ W_x.T + b",
    "W_h_untransposed": "W_h is used untransposed: with one example per row the product is "
    "h_prev @ W_h.T",
    "sigmoid_act": "sigmoid where tanh belongs: h = tanh(a)",
}
TANH_SLOPE = "wrong tanh slope: tanh'(a) = 1 - h**2 with h = tanh(a), not 1 - a**2"
RNN_BACKWARD_SLIPS = {
    "tanh_slope_a": TANH_SLOPE,
    "no_tanh_slope": "the tanh slope is missing: d_a = g_h * (1 - h**2), not g_h",
    "dh_T": "dh_prev multiplies by W_h.T where W_h belongs: with rows as examples, "
    "dh_prev = d_a @ W_h",
    "dW_h_from_h": "dW_h uses h where h_prev belongs: dW_h = d_a.T @ h_prev",
}

# ---------------------------------------------------------------------------------- LSTM

#: torch.nn.LSTMCell stacks its gate blocks in this order (g is the candidate, our c).
TORCH_LSTM_ORDER = ("i", "f", "c", "o")
TORCH_GRU_ORDER = ("r", "z", "h")


def lstm_step(x, h_prev, c_prev, p, slip: str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """One LSTM step as NOTATION.md writes it, with one optional slip."""

    def pre(k: str) -> torch.Tensor:
        hh = right_times(h_prev, p[f"W_{k}"], slip == "dh_T")
        return hh + x @ p[f"U_{k}"].T + p[f"b_{k}"]

    wrong_sigmoid = slip == "sigmoid_slope"
    f, i, o = (sigmoid(pre(k), wrong_sigmoid) for k in "fio")
    a_c = pre("c")
    if slip == "candidate_sigmoid":
        g = torch.sigmoid(a_c)
    else:
        g = tanh(a_c, "input" if slip == "candidate_slope" else None)
    if slip == "swap_f_i":
        c = i * c_prev + f * g
    elif slip == "dc_prev_no_f":  # the right c, but its gradient reaches c_prev unscaled
        c = f * c_prev + (c_prev - c_prev.detach()) * (1 - f.detach()) + i * g
    else:
        c = f * c_prev + i * g
    if slip == "h_no_tanh":
        h = o * c
    elif slip == "h_from_c_prev":
        h = o * torch.tanh(c_prev)
    else:
        c_in_h = c.detach() if slip == "no_h_to_c" else c
        h = o * tanh(c_in_h, "input" if slip == "tanh_c_slope" else None)
    return h, c


def lstm_nn(x, h_prev, c_prev, p) -> tuple[torch.Tensor, torch.Tensor]:
    """The same step computed by torch.nn.LSTMCell."""
    n, m = p["U_f"].shape
    params = {
        "weight_ih": torch.cat([p[f"U_{k}"] for k in TORCH_LSTM_ORDER]),
        "weight_hh": torch.cat([p[f"W_{k}"] for k in TORCH_LSTM_ORDER]),
        "bias_ih": torch.cat([p[f"b_{k}"] for k in TORCH_LSTM_ORDER]),
        "bias_hh": _zeros(4 * n),
    }
    h, c = functional_call(_cell("lstm", m, n), params, (x, (h_prev, c_prev)))
    return h, c


def _lstm_run(inputs: Inputs, slip: str | None):
    t = {k: leaf(inputs[k]) for k in ("x", "h_prev", "c_prev")}
    p = leaves(inputs["p"])
    h, c = lstm_nn(**t, p=p) if slip is None else lstm_step(**t, p=p, slip=slip)
    return t, p, h, c


def lstm_forward(inputs: Inputs, slip: str | None = None) -> Outputs:
    _, _, h, c = _lstm_run(inputs, slip)
    return {"h": array(h), "c": array(c)}


def lstm_backward(inputs: Inputs, slip: str | None = None) -> Outputs:
    t, p, h, c = _lstm_run(inputs, slip)
    loss = (h * leaf(inputs["g_h"], False)).sum()
    if slip != "no_g_c":
        loss = loss + (c * leaf(inputs["g_c"], False)).sum()
    wrt = {"dx": t["x"], "dh_prev": t["h_prev"], "dc_prev": t["c_prev"]}
    wrt.update({f"grads[{k!r}]": v for k, v in p.items()})
    return named_gradients(loss, wrt)


SIGMOID_SLOPE = "wrong sigmoid slope: sigmoid'(a) = s * (1 - s) with s = sigmoid(a), not s"
LSTM_FORWARD_SLIPS = {
    "swap_f_i": "the forget and input gates are swapped: c = f * c_prev + i * c_tilde",
    "h_no_tanh": "tanh of the cell state is missing: h = o * tanh(c)",
    "candidate_sigmoid": "the candidate uses sigmoid: c_tilde = tanh(h_prev @ W_c.T + "
    "x @ U_c.T + b_c); only the gates f, i, o use sigmoid",
    "h_from_c_prev": "h uses the old cell state: h = o * tanh(c) with the new c",
}
LSTM_BACKWARD_SLIPS = {
    "no_g_c": "g_c is left out: d_c = g_c + g_h * o * (1 - tanh(c)**2)",
    "no_h_to_c": "the path from h to c is missing: d_c = g_c + g_h * o * (1 - tanh(c)**2), "
    "not g_c alone",
    "tanh_c_slope": "wrong slope of tanh(c): it is 1 - tanh(c)**2, not 1 - c**2",
    "sigmoid_slope": SIGMOID_SLOPE,
    "candidate_slope": "wrong slope of the candidate: tanh'(a_c) = 1 - c_tilde**2, not 1 - a_c**2",
    "dc_prev_no_f": "the forget gate is missing: dc_prev = d_c * f",
    "dh_T": "dh_prev multiplies by the transposed W's: with rows as examples, "
    "dh_prev = d_a_f @ W_f + d_a_i @ W_i + d_a_c @ W_c + d_a_o @ W_o",
}

# ----------------------------------------------------------------------------------- GRU


def gru_step(x, h_prev, p, slip: str | None = None) -> torch.Tensor:
    """One GRU step in PyTorch's convention (reset after the matmul), one optional slip."""

    def hh(w: str) -> torch.Tensor:
        return right_times(h_prev, p[w], slip == "dh_T")

    wrong_sigmoid = slip == "sigmoid_slope"
    z = sigmoid(hh("W_z") + x @ p["U_z"].T + p["b_z"], wrong_sigmoid)
    r = sigmoid(hh("W_r") + x @ p["U_r"].T + p["b_r"], wrong_sigmoid)
    a_x = x @ p["U_h"].T + p["b_h"]
    b_hn = p["b_hn"]
    if slip == "reset_before":
        a_h = a_x + (r * h_prev) @ p["W_h"].T + b_hn
    elif slip == "b_hn_outside":
        a_h = a_x + r * hh("W_h") + b_hn
    elif slip == "b_hn_no_r":  # the right value; b_hn's gradient skips the reset gate
        a_h = a_x + r * (hh("W_h") + b_hn.detach()) + (b_hn - b_hn.detach())
    else:
        r_used = r.detach() if slip == "no_reset_path" else r
        a_h = a_x + r_used * (hh("W_h") + b_hn)
    h_tilde = tanh(a_h, "input" if slip == "tanh_slope_a" else None)
    if slip == "z_swapped":
        return (1 - z) * h_prev + z * h_tilde
    if slip == "no_direct_path":
        return z * h_prev.detach() + (1 - z) * h_tilde
    if slip == "z_sign":  # the right value; the gradient reaching z has its sign flipped
        zd = z.detach()
        return zd * h_prev + (1 - zd) * h_tilde + (z - zd) * (h_tilde - h_prev).detach()
    return z * h_prev + (1 - z) * h_tilde


def gru_nn(x, h_prev, p) -> torch.Tensor:
    """The same step computed by torch.nn.GRUCell (b_z, b_r, b_h in bias_ih; b_hn in bias_hh)."""
    n, m = p["U_z"].shape
    params = {
        "weight_ih": torch.cat([p[f"U_{k}"] for k in TORCH_GRU_ORDER]),
        "weight_hh": torch.cat([p[f"W_{k}"] for k in TORCH_GRU_ORDER]),
        "bias_ih": torch.cat([p[f"b_{k}"] for k in TORCH_GRU_ORDER]),
        "bias_hh": torch.cat([_zeros(2 * n), p["b_hn"]]),
    }
    return functional_call(_cell("gru", m, n), params, (x, h_prev))


def _gru_run(inputs: Inputs, slip: str | None):
    t = {k: leaf(inputs[k]) for k in ("x", "h_prev")}
    p = leaves(inputs["p"])
    h = gru_nn(**t, p=p) if slip is None else gru_step(**t, p=p, slip=slip)
    return t, p, h


def gru_forward(inputs: Inputs, slip: str | None = None) -> Outputs:
    return {"h": array(_gru_run(inputs, slip)[2])}


def gru_backward(inputs: Inputs, slip: str | None = None) -> Outputs:
    t, p, h = _gru_run(inputs, slip)
    loss = (h * leaf(inputs["g_h"], False)).sum()
    wrt = {"dx": t["x"], "dh_prev": t["h_prev"]}
    wrt.update({f"grads[{k!r}]": v for k, v in p.items()})
    return named_gradients(loss, wrt)


GRU_FORWARD_SLIPS = {
    "reset_before": "the reset gate is applied before the matmul (Cho's form, "
    "(r * h_prev) @ W_h.T); PyTorch applies it after: r * (h_prev @ W_h.T + b_hn)",
    "z_swapped": "z and 1 - z are swapped: PyTorch's h = z * h_prev + (1 - z) * h_tilde",
    "b_hn_outside": "b_hn sits outside the reset gate: "
    "h_tilde = tanh(x @ U_h.T + b_h + r * (h_prev @ W_h.T + b_hn))",
}
GRU_BACKWARD_SLIPS = {
    "no_direct_path": "the direct path is missing: h = z * h_prev + ... gives dh_prev the "
    "term g_h * z",
    "no_reset_path": "the path through the reset gate is missing: "
    "d_r = d_a_h * (h_prev @ W_h.T + b_hn)",
    "sigmoid_slope": SIGMOID_SLOPE,
    "tanh_slope_a": "wrong tanh slope: tanh'(a_h) = 1 - h_tilde**2, not 1 - a_h**2",
    "b_hn_no_r": "b_hn sits inside the reset gate: its gradient is d_a_h * r, summed over "
    "the batch",
    "z_sign": "the sign of d_z is flipped: d_z = g_h * (h_prev - h_tilde)",
    "dh_T": "dh_prev multiplies by the transposed W's: with rows as examples, "
    "dh_prev gets d_a_z @ W_z + d_a_r @ W_r + (r * d_a_h) @ W_h",
}
