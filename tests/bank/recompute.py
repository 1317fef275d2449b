"""Independent recomputations of the computations behind the newer topics (cells, orthogonal
recurrences, CTC and transducers, state-space models, attention, state limits, training, decoding).

Each one reaches the number another way than `interviewkit.bank.computations`: torch modules,
losses, optimisers and schedulers, autograd, ODE integration, quadrature, simulation or exact
integer arithmetic. `test_computed_answers.py` merges these tables into its own. torch is imported
inside the functions, never at collection time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np


def _torch() -> Any:
    import torch

    return torch


def _numel(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


# --- cells: torch modules that mirror NOTATION.md's equations -----------------------------------


def _cell_module(cell: str, input: int, hidden: int) -> Any:
    """One `nn.Linear` per matrix product of the cell's equations (the input side carries the
    block's bias), plus the cell's vectors as `nn.Parameter`s, on the meta device."""
    nn = _torch().nn
    m, n = int(input), int(hidden)

    def lin(i: int, o: int, bias: bool) -> Any:
        return nn.Linear(i, o, bias=bias, device="meta")

    def vec() -> Any:
        return nn.Parameter(_torch().empty(n, device="meta"))

    blocks = {"peephole": "fico", "cifg": "fco", "mingru": "zh", "minlstm": "fih"}
    layers = nn.ModuleDict()
    params = nn.ParameterDict()
    if cell in ("peephole", "cifg"):
        for gate in blocks[cell]:
            layers[f"W_{gate}"] = lin(n, n, False)  # acts on h_prev
            layers[f"U_{gate}"] = lin(m, n, True)  # acts on x, with b_gate
        if cell == "peephole":
            for gate in "fio":
                params[f"p_{gate}"] = vec()
    elif cell in ("mingru", "minlstm"):
        for gate in blocks[cell]:
            layers[f"U_{gate}"] = lin(m, n, True)  # gates and candidate read x only
    elif cell == "indrnn":
        layers["W_x"] = lin(m, n, True)
        params["u"] = vec()
    else:  # pragma: no cover - a new cell needs its module here
        raise KeyError(cell)
    holder = nn.Module()
    holder.layers, holder.vectors = layers, params
    return holder


def _cell_counter(cell: str) -> Callable[[int, int], int]:
    def count(input: int, hidden: int) -> int:
        return _numel(_cell_module(cell, input, hidden))

    return count


def _ind_indrnn_max_weight(gamma: float, steps: int) -> float:
    """Bisection on u: by autograd, d h_T / d h_0 through T active ReLU steps equals gamma."""
    torch = _torch()

    def gain(u: float) -> float:
        h0 = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
        h = h0
        for _ in range(int(steps)):
            h = torch.relu(u * h + 0.1)  # positive input keeps the unit active
        h.backward()
        return float(h0.grad)

    lo, hi = 0.0, 2.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if gain(mid) < gamma else (lo, mid)
    return (lo + hi) / 2


# --- orthogonal recurrences --------------------------------------------------------------------


def _ind_orthogonal_gain_power(gain: float, k: int) -> float:
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    v = rng.normal(size=6)
    w = np.linalg.matrix_power(gain * q, int(k))
    return float(np.linalg.norm(w @ v) / np.linalg.norm(v))


def _ind_orthogonal_group_dim(n: int) -> int:
    """Dimension of the tangent space at I: the solutions A of A + A^T = 0, by matrix rank."""
    n = int(n)
    constraint = np.zeros((n * n, n * n))
    for i in range(n):
        for j in range(n):
            constraint[i * n + j, i * n + j] += 1
            constraint[i * n + j, j * n + i] += 1
    return n * n - int(np.linalg.matrix_rank(constraint))


def _ind_copy_task_baseline(delay: int) -> float:
    """Cross-entropy, by torch, of predicting blanks until the recall phase and then a uniform
    guess over the 8 symbols, on the T + 20 outputs of Arjovsky et al.'s copy task."""
    torch = _torch()
    delay = int(delay)
    length, blank = delay + 20, 8
    probs = torch.zeros(length, 10, dtype=torch.float64)
    probs[: delay + 10, blank] = 1.0
    probs[delay + 10 :, :8] = 1.0 / 8
    targets = torch.full((length,), blank)
    targets[delay + 10 :] = torch.arange(10) % 8
    return float(torch.nn.functional.nll_loss(probs.log(), targets))


# --- CTC and transducers --------------------------------------------------------------------------


def _label_with_repeats(length: int, repeats: int) -> list[int]:
    """A label sequence of `length` symbols in which exactly `repeats` neighbours are equal."""
    labels = [1]
    for position in range(1, int(length)):
        labels.append(labels[-1] if position <= int(repeats) else 3 - labels[-1])
    return labels


def _ctc_loss(frames: int, labels: list[int], classes: int) -> float:
    torch = _torch()
    log_probs = torch.full((int(frames), 1, classes), -math.log(classes), dtype=torch.float64)
    return float(
        torch.nn.functional.ctc_loss(
            log_probs,
            torch.tensor([labels]),
            torch.tensor([int(frames)]),
            torch.tensor([len(labels)]),
            reduction="sum",
        )
    )


def _ind_ctc_min_frames(length: int, repeats: int) -> int:
    """The fewest frames for which torch's CTC loss of the label is finite."""
    labels = _label_with_repeats(length, repeats)
    frames = 1
    while not math.isfinite(_ctc_loss(frames, labels, 3)):
        frames += 1
    return frames


def _ind_ctc_path_count(frames: int, labels: int) -> int:
    """Paths = P(label) * V^T under uniform frame distributions, P from torch's CTC loss."""
    classes = int(labels) + 1  # blank and one distinct symbol per label: no repeats
    loss = _ctc_loss(frames, list(range(1, int(labels) + 1)), classes)
    return round(math.exp(int(frames) * math.log(classes) - loss))


def _ind_rnnt_joint_gib(batch: int, frames: int, labels: int, vocab: int) -> float:
    torch = _torch()
    logits = torch.empty(
        (int(batch), int(frames), int(labels) + 1, int(vocab)), dtype=torch.float32, device="meta"
    )
    return logits.numel() * logits.element_size() / 2**30


# --- state-space models -----------------------------------------------------------------------


def _rk4(slope: Callable[[float], float], x0: float, span: float, steps: int = 2000) -> float:
    h, x = span / steps, x0
    for _ in range(steps):
        k1 = slope(x)
        k2 = slope(x + h * k1 / 2)
        k3 = slope(x + h * k2 / 2)
        k4 = slope(x + h * k3)
        x += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return x


def _ind_zoh_decay(a: float, delta: float) -> float:
    """x(delta) of x' = a x from x(0) = 1, integrated with Runge-Kutta."""
    return _rk4(lambda x: a * x, 1.0, delta)


def _ind_zoh_input_gain(a: float, b: float, delta: float) -> float:
    """x(delta) of x' = a x + b u from x(0) = 0 with the input held at u = 1."""
    return _rk4(lambda x: a * x + b, 0.0, delta)


def _ind_lru_half_life(nu: float) -> float:
    """Bisection on k for |lambda^k| = 1/2, lambda complex with an arbitrary phase."""
    lam = np.exp(-np.exp(nu) + 0.7j)
    lo, hi = 0.0, 1.0
    while abs(lam**hi) > 0.5:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if abs(lam**mid) > 0.5 else (lo, mid)
    return (lo + hi) / 2


def _ind_ssm_kernel_entry(abar: float, bbar: float, c: float, k: int) -> float:
    """The output at step k of the recurrence x_t = abar x_{t-1} + bbar u_t, y = c x, for a
    unit impulse at step 0: the convolution view and the recurrent view agree."""
    x, y = 0.0, 0.0
    for t in range(int(k) + 1):
        x = abar * x + bbar * (1.0 if t == 0 else 0.0)
        y = c * x
    return y


def _ind_rglru_input_scale(a: float, r: float) -> float:
    """The input factor s for which h_t = a_t h_{t-1} + s x_t keeps unit variance under unit-
    variance white noise: bisection on s, the variance found by running its recursion."""
    a_t = a ** (8 * r)

    def stationary(s: float) -> float:
        var = 0.0
        for _ in range(100_000):
            new = a_t * a_t * var + s * s
            if abs(new - var) < 1e-15:
                break
            var = new
        return var

    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stationary(mid) < 1.0 else (lo, mid)
    return (lo + hi) / 2


def _ind_kv_to_ssm_ratio(context: int, expand: int, state: int) -> float:
    torch = _torch()
    width = 64
    keys = torch.empty((int(context), width), device="meta")
    values = torch.empty((int(context), width), device="meta")
    ssm = torch.empty((int(expand) * width, int(state)), device="meta")
    return (keys.numel() + values.numel()) / ssm.numel()


# --- attention ----------------------------------------------------------------------------------


def _ind_dot_product_std(dim: int) -> float:
    """sqrt(d * E[q^2 k^2]), the expectation by Gauss-Hermite quadrature over two N(0, 1)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(6)
    weights = weights / weights.sum()
    moment = float(weights @ np.outer(nodes**2, nodes**2) @ weights)
    return math.sqrt(int(dim) * moment)


def _ind_mha_params(heads: int, head_dim: int) -> int:
    torch = _torch()
    width = int(heads) * int(head_dim)
    return _numel(torch.nn.MultiheadAttention(width, int(heads), device="meta"))


_DTYPES = {1: "int8", 2: "float16", 4: "float32", 8: "float64"}


def _ind_kv_cache_mib(layers: int, context: int, width: int, bytes_per_value: int) -> float:
    torch = _torch()
    dtype = getattr(torch, _DTYPES[int(bytes_per_value)])
    cache = [
        torch.empty((int(context), int(width)), dtype=dtype, device="meta")
        for _ in range(2 * int(layers))
    ]
    return sum(t.numel() * t.element_size() for t in cache) / 2**20


def _ind_sinusoid_pe(pos: int, i: int, dim: int) -> float:
    """The table of the PyTorch transformer tutorial, built with exp/log, read at (pos, 2i)."""
    torch = _torch()
    position = torch.arange(int(pos) + 1, dtype=torch.float64).unsqueeze(1)
    div = torch.exp(torch.arange(0, int(dim), 2, dtype=torch.float64) * (-math.log(10000.0) / dim))
    table = torch.zeros(int(pos) + 1, int(dim), dtype=torch.float64)
    table[:, 0::2] = torch.sin(position * div)
    table[:, 1::2] = torch.cos(position * div)
    return float(table[int(pos), 2 * int(i)])


def _ind_window_receptive_field(layers: int, window: int) -> int:
    """Propagate, layer by layer, the set of positions the last token can see."""
    layers, window = int(layers), int(window)
    length = layers * window + 2
    seen = np.zeros(length, dtype=bool)
    seen[-1] = True
    for _ in range(layers):
        grown = seen.copy()
        for shift in range(1, window):
            grown[:-shift] |= seen[shift:]
        seen = grown
    return int(seen.sum())


def _ind_attention_matrix_mib(length: int, heads: int, bytes_per_value: int) -> float:
    torch = _torch()
    dtype = getattr(torch, _DTYPES[int(bytes_per_value)])
    weights = torch.empty((int(heads), int(length), int(length)), dtype=dtype, device="meta")
    return weights.numel() * weights.element_size() / 2**20


# --- limits of a fixed-size state -------------------------------------------------------------


def _ind_state_bits_pairs(state: int, bits: int, vocab: int) -> int:
    """The largest p with vocab^p distinct messages fitting in 2^(state * bits) states."""
    capacity, pairs = 2 ** (int(state) * int(bits)), 0
    while int(vocab) ** (pairs + 1) <= capacity:
        pairs += 1
    return pairs


def _ind_mod_counter_bits(states: int) -> int:
    return (int(states) - 1).bit_length()


# --- training -----------------------------------------------------------------------------------


def _ind_adam_first_moment(beta1: float, steps: int) -> float:
    """torch.optim.Adam's own exp_avg after `steps` steps with the gradient held at 1."""
    torch = _torch()
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3, betas=(float(beta1), 0.999))
    for _ in range(int(steps)):
        p.grad = torch.ones(1, dtype=torch.float64)
        opt.step()
    return float(opt.state[p]["exp_avg"][0])


def _ind_cosine_lr(peak: float, total: int, step: int) -> float:
    """torch's CosineAnnealingLR, stepped `step` times."""
    torch = _torch()
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=float(peak))
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=int(total), eta_min=0.0)
    for _ in range(int(step)):
        opt.step()
        schedule.step()
    return float(opt.param_groups[0]["lr"])


def _ind_layer_norm_first(a: float, b: float, c: float, d: float) -> float:
    torch = _torch()
    x = torch.tensor([a, b, c, d], dtype=torch.float64)
    return float(torch.nn.functional.layer_norm(x, (4,), eps=0.0)[0])


def _ind_checkpoint_min_states(steps: int) -> int:
    """The closed form ceil(2 sqrt(T)) of Chen et al.'s square-root checkpointing."""
    return math.ceil(2 * math.sqrt(int(steps)))


def _ind_float_max(exponent_bits: int, mantissa_bits: int) -> float:
    torch = _torch()
    dtype = {(5, 10): torch.float16, (8, 7): torch.bfloat16, (8, 23): torch.float32}[
        (int(exponent_bits), int(mantissa_bits))
    ]
    return float(torch.finfo(dtype).max)


# --- decoding -----------------------------------------------------------------------------------


def _ind_temperature_top_prob(z1: float, z2: float, z3: float, temp: float) -> float:
    torch = _torch()
    logits = torch.tensor([z1, z2, z3], dtype=torch.float64)
    return float(torch.softmax(logits / temp, dim=0)[0])


def _full_distribution(*head: float) -> Any:
    """The five given probabilities plus the rest of the mass spread over small tokens."""
    torch = _torch()
    rest = 1.0 - sum(head)
    tail = [0.001] * int(rest / 0.001)
    tail.append(rest - sum(tail))
    probs = torch.tensor([*head, *tail], dtype=torch.float64)
    return probs[torch.randperm(len(probs), generator=torch.Generator().manual_seed(0))]


def _ind_top_k_first_prob(p1: float, p2: float, p3: float, p4: float, p5: float, k: int) -> float:
    torch = _torch()
    probs = _full_distribution(p1, p2, p3, p4, p5)
    _, kept = torch.topk(probs, int(k))
    filtered = torch.zeros_like(probs).scatter(0, kept, probs[kept])
    return float(filtered.max() / filtered.sum())


def _ind_nucleus_size(p1: float, p2: float, p3: float, p4: float, p5: float, top_p: float) -> int:
    """Sort, cumulative sum, and keep each token whose preceding mass is still below top_p."""
    torch = _torch()
    ordered, _ = torch.sort(_full_distribution(p1, p2, p3, p4, p5), descending=True)
    before = torch.cumsum(ordered, dim=0) - ordered
    return int((before < top_p - 1e-12).sum())


def _ind_beam_candidates(beam: int, vocab: int) -> int:
    torch = _torch()
    scores = torch.zeros((int(beam), int(vocab)))
    return int(scores.flatten().numel())


MORE_INDEPENDENT: dict[str, Callable[..., float]] = {
    **{
        f"{cell}_params": _cell_counter(cell)
        for cell in ("peephole", "cifg", "mingru", "minlstm", "indrnn")
    },
    "indrnn_max_weight": _ind_indrnn_max_weight,
    "orthogonal_gain_power": _ind_orthogonal_gain_power,
    "orthogonal_group_dim": _ind_orthogonal_group_dim,
    "copy_task_baseline": _ind_copy_task_baseline,
    "ctc_min_frames": _ind_ctc_min_frames,
    "ctc_path_count": _ind_ctc_path_count,
    "rnnt_joint_gib": _ind_rnnt_joint_gib,
    "zoh_decay": _ind_zoh_decay,
    "zoh_input_gain": _ind_zoh_input_gain,
    "lru_half_life": _ind_lru_half_life,
    "ssm_kernel_entry": _ind_ssm_kernel_entry,
    "rglru_input_scale": _ind_rglru_input_scale,
    "kv_to_ssm_ratio": _ind_kv_to_ssm_ratio,
    "dot_product_std": _ind_dot_product_std,
    "mha_params": _ind_mha_params,
    "kv_cache_mib": _ind_kv_cache_mib,
    "sinusoid_pe": _ind_sinusoid_pe,
    "window_receptive_field": _ind_window_receptive_field,
    "attention_matrix_mib": _ind_attention_matrix_mib,
    "state_bits_pairs": _ind_state_bits_pairs,
    "mod_counter_bits": _ind_mod_counter_bits,
    "adam_first_moment": _ind_adam_first_moment,
    "cosine_lr": _ind_cosine_lr,
    "layer_norm_first": _ind_layer_norm_first,
    "checkpoint_min_states": _ind_checkpoint_min_states,
    "float_max": _ind_float_max,
    "temperature_top_prob": _ind_temperature_top_prob,
    "top_k_first_prob": _ind_top_k_first_prob,
    "nucleus_size": _ind_nucleus_size,
    "beam_candidates": _ind_beam_candidates,
}

MORE_SAMPLES: dict[str, list[dict[str, float]]] = {
    "peephole_params": [{"input": 10, "hidden": 20}, {"input": 3, "hidden": 7}],
    "cifg_params": [{"input": 10, "hidden": 20}],
    "mingru_params": [{"input": 10, "hidden": 20}],
    "minlstm_params": [{"input": 10, "hidden": 20}],
    "indrnn_params": [{"input": 10, "hidden": 20}],
    "indrnn_max_weight": [{"gamma": 2.0, "steps": 100}, {"gamma": 10.0, "steps": 5}],
    "orthogonal_gain_power": [{"gain": 0.9, "k": 20}, {"gain": 1.1, "k": 7}],
    "orthogonal_group_dim": [{"n": 2}, {"n": 7}],
    "copy_task_baseline": [{"delay": 100}, {"delay": 1000}],
    "ctc_min_frames": [{"length": 5, "repeats": 0}, {"length": 5, "repeats": 2}],
    "ctc_path_count": [{"frames": 6, "labels": 2}, {"frames": 1, "labels": 1}],
    "rnnt_joint_gib": [{"batch": 8, "frames": 500, "labels": 100, "vocab": 1000}],
    "zoh_decay": [{"a": -0.5, "delta": 0.1}, {"a": -3.0, "delta": 1.0}],
    "zoh_input_gain": [{"a": -0.5, "b": 2.0, "delta": 0.1}],
    "lru_half_life": [{"nu": -3.0}, {"nu": 0.0}],
    "ssm_kernel_entry": [{"abar": 0.9, "bbar": 0.5, "c": 2.0, "k": 10}],
    "rglru_input_scale": [{"a": 0.95, "r": 0.5}, {"a": 0.999, "r": 1.0}],
    "kv_to_ssm_ratio": [{"context": 4096, "expand": 2, "state": 16}],
    "dot_product_std": [{"dim": 64}, {"dim": 1}],
    "mha_params": [{"heads": 8, "head_dim": 64}, {"heads": 1, "head_dim": 3}],
    "kv_cache_mib": [{"layers": 32, "context": 4096, "width": 4096, "bytes_per_value": 2}],
    "sinusoid_pe": [{"pos": 7, "i": 0, "dim": 512}, {"pos": 100, "i": 37, "dim": 512}],
    "window_receptive_field": [{"layers": 3, "window": 4}, {"layers": 1, "window": 9}],
    "attention_matrix_mib": [{"length": 4096, "heads": 16, "bytes_per_value": 2}],
    "state_bits_pairs": [
        {"state": 256, "bits": 16, "vocab": 32000},
        {"state": 8, "bits": 16, "vocab": 1024},
    ],
    "mod_counter_bits": [{"states": 2}, {"states": 12}, {"states": 1024}],
    "adam_first_moment": [{"beta1": 0.9, "steps": 1}, {"beta1": 0.9, "steps": 10}],
    "cosine_lr": [{"peak": 0.001, "total": 1000, "step": 250}],
    "layer_norm_first": [{"a": 1.0, "b": 2.0, "c": 3.0, "d": 6.0}],
    "checkpoint_min_states": [{"steps": 100}, {"steps": 1000}, {"steps": 1}],
    "float_max": [
        {"exponent_bits": 5, "mantissa_bits": 10},
        {"exponent_bits": 8, "mantissa_bits": 7},
        {"exponent_bits": 8, "mantissa_bits": 23},
    ],
    "temperature_top_prob": [{"z1": 2.0, "z2": 1.0, "z3": 0.0, "temp": 0.5}],
    "top_k_first_prob": [
        {"p1": 0.4, "p2": 0.2, "p3": 0.1, "p4": 0.05, "p5": 0.01, "k": 3},
        {"p1": 0.3, "p2": 0.25, "p3": 0.14, "p4": 0.09, "p5": 0.04, "k": 1},
    ],
    "nucleus_size": [
        {"p1": 0.3, "p2": 0.2, "p3": 0.1, "p4": 0.05, "p5": 0.01, "top_p": 0.5},
        {"p1": 0.3, "p2": 0.2, "p3": 0.1, "p4": 0.05, "p5": 0.01, "top_p": 0.51},
    ],
    "beam_candidates": [{"beam": 4, "vocab": 32000}],
}

#: Runge-Kutta, bisection and torch's recursive cosine schedule agree to about 1e-10.
MORE_RTOL: dict[str, float] = {
    "zoh_decay": 1e-9,
    "zoh_input_gain": 1e-9,
    "indrnn_max_weight": 1e-9,
    "rglru_input_scale": 1e-6,
    "cosine_lr": 1e-6,
    "orthogonal_gain_power": 1e-9,
    "copy_task_baseline": 1e-9,
}
