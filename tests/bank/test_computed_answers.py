"""Every computable answer of the bank, recomputed.

- Numeric questions: each answer comes from a registered computation (fixed answers are recomputed
  through `FIXED_ANSWERS`), and every computation is checked against an independent recomputation
  written here: real `torch.nn` modules for parameter counts, autograd, `clip_grad_norm_` and
  friends for clipping, numpy norms, and small simulations for the BPTT/TBPTT counts.
- Derivation questions: the package's reference passes `check` as correct, the first catalogued
  mistake fails it, and every target of NOTATION.md (each GRU variant for both GRU targets) is asked.

torch is imported inside the tests (never at collection time), and all sizes stay small.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from recompute import MORE_INDEPENDENT, MORE_RTOL, MORE_SAMPLES

from interviewkit.bank import computations, schema
from interviewkit.bank.loader import load_bank

BANK = load_bank(include_user_decks=False)
NUMERIC = [q for q in BANK.questions if isinstance(q, schema.Numeric)]
COMPUTED = [q for q in NUMERIC if q.compute is not None]
FIXED = [q for q in NUMERIC if q.compute is None]
DERIVATIONS = [q for q in BANK.questions if isinstance(q, schema.Derivation)]

#: Numeric questions with a typed answer: id -> the computation and parameters that reproduce it.
#: Every parameter value must appear in the prompt, so an edited prompt is noticed. Prefer giving
#: the question a `compute` instead (every fixed answer of the bank has been converted so far).
FIXED_ANSWERS: dict[str, tuple[str, dict[str, int]]] = {}


# --- independent recomputations -----------------------------------------------------------------


def _torch() -> Any:
    import torch

    return torch


def _numel(module: Any, skip: str | None = None) -> int:
    return sum(
        p.numel() for name, p in module.named_parameters() if skip is None or skip not in name
    )


def _module(kind: str, input: int, hidden: int, **kw: Any) -> Any:
    nn = _torch().nn
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
    return cls(int(input), int(hidden), device="meta", **kw)


def _grads(torch: Any, *vectors: list[float]) -> list[Any]:
    params = []
    for values in vectors:
        p = torch.zeros(len(values), dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(values, dtype=torch.float64)
        params.append(p)
    return params


def _split(norm: float, n: int = 3) -> list[float]:
    """A vector with the given 2-norm, spread over n entries."""
    w = np.arange(1.0, n + 1)
    return list(norm * w / np.linalg.norm(w))


def _ind_clip_scale(norm: float, tau: float) -> float:
    torch = _torch()
    (p,) = _grads(torch, _split(norm))
    torch.nn.utils.clip_grad_norm_([p], max_norm=tau)
    return float(p.grad.norm()) / norm


def _ind_clipped_norm(norm: float, tau: float) -> float:
    torch = _torch()
    (p,) = _grads(torch, _split(norm))
    torch.nn.utils.clip_grad_norm_([p], max_norm=tau)
    return float(p.grad.norm())


def _ind_clipped_component(g: float, norm: float, tau: float) -> float:
    torch = _torch()
    (p,) = _grads(torch, [g, math.sqrt(norm**2 - g**2)])
    torch.nn.utils.clip_grad_norm_([p], max_norm=tau)
    return float(p.grad[0])


def _ind_global_norm(n1: float, n2: float) -> float:
    torch = _torch()
    params = _grads(torch, _split(n1), _split(n2, 4))
    return float(torch.nn.utils.clip_grad_norm_(params, max_norm=float("inf")))


def _ind_clipped_group_norm(n1: float, n2: float, tau: float) -> float:
    torch = _torch()
    first, second = _grads(torch, _split(n1), _split(n2, 4))
    torch.nn.utils.clip_grad_norm_([first, second], max_norm=tau)
    return float(first.grad.norm())


def _ind_value_clip_angle(g1: float, g2: float, v: float) -> float:
    torch = _torch()
    (p,) = _grads(torch, [g1, g2])
    before = p.grad.clone()
    torch.nn.utils.clip_grad_value_([p], clip_value=v)
    cos = torch.nn.functional.cosine_similarity(before, p.grad, dim=0).clamp(-1, 1)
    return math.degrees(float(torch.acos(cos)))


def _ind_pascanu_bound(gamma: float, sigma: float, k: int) -> float:
    """The bound is attained by slopes all equal to gamma and W = sigma * (orthogonal)."""
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    step = np.diag(np.full(4, gamma)) @ (sigma * q)
    return float(np.linalg.norm(np.linalg.matrix_power(step, int(k)), 2))


def _ind_gate_product(f_of: Callable[[Any], Any], k: int) -> float:
    """d c_k / d c_0 through k cell updates c = f * c + i * g, by autograd."""
    torch = _torch()
    c0 = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    c = c0
    for _ in range(int(k)):
        c = f_of(torch) * c + 0.5 * torch.tanh(torch.tensor(0.2, dtype=torch.float64))
    c.backward()
    return float(c0.grad)


def _ind_slope(fn: str, a: float) -> float:
    torch = _torch()
    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    getattr(torch, fn)(x).backward()
    return float(x.grad)


def _ind_lstm_output_slope(o: float, c: float) -> float:
    """d h / d c of h = o * tanh(c), by autograd (o held fixed, as without peepholes)."""
    torch = _torch()
    cell = torch.tensor(c, dtype=torch.float64, requires_grad=True)
    (torch.tensor(o, dtype=torch.float64) * torch.tanh(cell)).backward()
    return float(cell.grad)


def _ind_steps_to_fraction(rho: float, eps: float) -> int:
    steps, bound = 0, 1.0
    while bound > eps:
        bound *= rho
        steps += 1
    return steps


def _ind_nonnormal(a: float, b: float, k: int) -> float:
    w = np.array([[a, b], [0.0, a]])
    return float(np.linalg.norm(np.linalg.matrix_power(w, int(k)), 2))


def _ind_bptt_pair_terms(steps: int) -> int:
    """Give every step its own copy w_k of the shared weight and carry the sensitivities
    d h_t / d w_k forward (RTRL, forward mode): the pair (t, k) contributes iff it is nonzero."""
    steps = int(steps)
    x = np.linspace(0.1, 0.9, steps)
    w = np.full(steps, 0.8)
    h, sens, pairs = 0.5, np.zeros(steps), 0
    for t in range(steps):
        new_h = math.tanh(w[t] * h + x[t])
        direct = np.zeros(steps)
        direct[t] = h
        sens = (1 - new_h**2) * (w[t] * sens + direct)
        h = new_h
        pairs += int(np.count_nonzero(sens))
    return pairs


def _ind_lstm_saved_mib(steps: int, batch: int, hidden: int) -> float:
    torch = _torch()
    saved = torch.empty(
        (int(steps), int(batch), 6, int(hidden)), dtype=torch.float32, device="meta"
    )
    return saved.numel() * saved.element_size() / 2**20


def _ind_tbptt_updates(steps: int, k: int) -> int:
    torch = _torch()
    return len(torch.arange(int(steps)).split(int(k)))


def _ind_tbptt_backward_steps(steps: int, k1: int, k2: int) -> int:
    """Run TBPTT(k1, k2) on a scalar RNN and count the states the gradient passes through."""
    torch = _torch()
    steps, k1, k2 = int(steps), int(k1), int(k2)
    w = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
    xs = torch.linspace(-1, 1, steps, dtype=torch.float64)
    with torch.no_grad():
        h, saved = torch.tensor(0.0, dtype=torch.float64), [torch.tensor(0.0, dtype=torch.float64)]
        for t in range(steps):
            h = torch.tanh(w * h + xs[t])
            saved.append(h)
    visited = 0

    def count(grad: Any) -> Any:
        nonlocal visited
        visited += 1
        return grad

    for end in range(k1, steps + 1, k1):
        start = max(0, end - k2)
        h = saved[start].detach()
        for t in range(start, end):
            h = torch.tanh(w * h + xs[t])
            h.register_hook(count)
        h.backward()
    return visited


def _ind_tbptt_mean_horizon(k: int) -> float:
    """Two chunks of k steps, h_t = h_{t-1} + x_t, detached at the chunk boundary: by autograd,
    count the inputs each state still depends on."""
    torch = _torch()
    k = int(k)

    def states(x: Any) -> Any:
        first = torch.cumsum(x[:k], dim=0)
        second = first[-1].detach() + torch.cumsum(x[k:], dim=0)
        return torch.cat([first, second])

    jac = torch.autograd.functional.jacobian(
        states, torch.ones(2 * k, dtype=torch.float64), vectorize=True
    )
    return float((jac != 0).sum(dim=1).double().mean())


def _ind_batchable_fraction(input: int, hidden: int) -> float:
    lstm = _module("lstm", input, hidden)
    x_side, h_side = 2 * lstm.weight_ih_l0.numel(), 2 * lstm.weight_hh_l0.numel()
    return x_side / (x_side + h_side)


def _ind_weight_intensity(hidden: int, batch: int, bytes_per_weight: int) -> float:
    torch = _torch()
    dtype = {1: torch.int8, 2: torch.float16, 4: torch.float32, 8: torch.float64}[
        int(bytes_per_weight)
    ]
    w = _module("lstm", hidden, hidden, dtype=dtype).weight_hh_l0
    flops = 2 * w.shape[0] * w.shape[1] * int(batch)
    return flops / (w.numel() * w.element_size())


def _ind_wavefront(layers: int, steps: int) -> int:
    done = [[0] * (int(steps) + 1) for _ in range(int(layers) + 1)]
    for layer in range(1, int(layers) + 1):
        for t in range(1, int(steps) + 1):
            ready = max(done[layer - 1][t] if layer > 1 else 0, done[layer][t - 1])
            done[layer][t] = ready + 1
    return done[int(layers)][int(steps)]


def _ind_attention_scores(source: int, target: int) -> int:
    torch = _torch()
    queries = torch.zeros((int(target), 8))
    keys = torch.zeros((int(source), 8))
    return (queries @ keys.T).numel()


def _ind_scan_depth(length: int) -> int:
    """Run a Hillis-Steele scan and count its rounds; check it really computed the prefix sums."""
    values = np.arange(1, int(length) + 1, dtype=np.int64)
    scanned, offset, rounds = values.copy(), 1, 0
    while offset < len(scanned):
        scanned[offset:] = scanned[offset:] + scanned[:-offset].copy()
        offset *= 2
        rounds += 1
    assert np.array_equal(scanned, np.cumsum(values))
    return rounds


def _ind_adding_constant_mse(c: float) -> float:
    """E[(u + v - c)^2] for u, v ~ U(0, 1), by Gauss-Legendre quadrature (exact for polynomials)."""
    nodes, weights = np.polynomial.legendre.leggauss(4)
    u, wu = (nodes + 1) / 2, weights / 2
    grid = (u[:, None] + u[None, :] - c) ** 2
    return float(wu @ grid @ wu)


INDEPENDENT: dict[str, Callable[..., float]] = {
    "rnn_params": lambda input, hidden: _numel(_module("rnn", input, hidden)),
    "lstm_params": lambda input, hidden: _numel(_module("lstm", input, hidden)),
    "gru_params": lambda input, hidden: _numel(_module("gru", input, hidden)),
    # Keras keeps one bias per gate block: torch's module without its bias_hh tensors.
    "rnn_params_keras": lambda input, hidden: _numel(_module("rnn", input, hidden), skip="bias_hh"),
    "lstm_params_keras": lambda input, hidden: _numel(
        _module("lstm", input, hidden), skip="bias_hh"
    ),
    "gru_params_keras_reset_before": lambda input, hidden: _numel(
        _module("gru", input, hidden), skip="bias_hh"
    ),
    "stacked_lstm_params": lambda input, hidden, layers: _numel(
        _module("lstm", input, hidden, num_layers=int(layers))
    ),
    "bilstm_params": lambda input, hidden: _numel(
        _module("lstm", input, hidden, bidirectional=True)
    ),
    "lstm_proj_params": lambda input, hidden, proj: _numel(
        _module("lstm", input, hidden, proj_size=int(proj))
    ),
    "stacked_bigru_params": lambda input, hidden, layers: _numel(
        _module("gru", input, hidden, num_layers=int(layers), bidirectional=True)
    ),
    "gru_lstm_param_ratio": lambda input, hidden: (
        _numel(_module("gru", input, hidden)) / _numel(_module("lstm", input, hidden))
    ),
    "pascanu_bound": _ind_pascanu_bound,
    "gate_product": lambda gate, k: _ind_gate_product(
        lambda torch: torch.tensor(gate, dtype=torch.float64), k
    ),
    "forget_bias_product": lambda bias, k: _ind_gate_product(
        lambda torch: torch.sigmoid(torch.tensor(bias, dtype=torch.float64)), k
    ),
    "clipped_norm": _ind_clipped_norm,
    "steps_to_fraction": _ind_steps_to_fraction,
    "tanh_derivative": lambda a: _ind_slope("tanh", a),
    "lstm_output_slope": _ind_lstm_output_slope,
    "sigmoid_derivative": lambda a: _ind_slope("sigmoid", a),
    "nonnormal_power_norm": _ind_nonnormal,
    "clip_scale": _ind_clip_scale,
    "clipped_component": _ind_clipped_component,
    "global_norm": _ind_global_norm,
    "clipped_group_norm": _ind_clipped_group_norm,
    "value_clip_angle": _ind_value_clip_angle,
    "bptt_pair_terms": _ind_bptt_pair_terms,
    "lstm_saved_mib": _ind_lstm_saved_mib,
    "tbptt_updates": _ind_tbptt_updates,
    "tbptt_backward_steps": _ind_tbptt_backward_steps,
    "tbptt_mean_horizon": _ind_tbptt_mean_horizon,
    "batchable_flop_fraction": _ind_batchable_fraction,
    "weight_arithmetic_intensity": _ind_weight_intensity,
    "wavefront_stages": _ind_wavefront,
    "attention_score_count": _ind_attention_scores,
    "scan_depth": _ind_scan_depth,
    "adding_constant_mse": _ind_adding_constant_mse,
    **MORE_INDEPENDENT,
}

#: Small parameter sets for every registered computation, used whether or not the bank asks it.
SAMPLES: dict[str, list[dict[str, float]]] = {
    "rnn_params": [{"input": 10, "hidden": 20}, {"input": 3, "hidden": 7}],
    "lstm_params": [{"input": 10, "hidden": 20}, {"input": 5, "hidden": 2}],
    "gru_params": [{"input": 10, "hidden": 20}, {"input": 1, "hidden": 9}],
    "rnn_params_keras": [{"input": 10, "hidden": 20}],
    "lstm_params_keras": [{"input": 10, "hidden": 20}],
    "gru_params_keras_reset_before": [{"input": 10, "hidden": 20}],
    "stacked_lstm_params": [{"input": 10, "hidden": 20, "layers": 3}],
    "bilstm_params": [{"input": 10, "hidden": 20}],
    "lstm_proj_params": [{"input": 10, "hidden": 20, "proj": 5}],
    "stacked_bigru_params": [{"input": 10, "hidden": 20, "layers": 2}],
    "gru_lstm_param_ratio": [{"input": 10, "hidden": 20}],
    "pascanu_bound": [{"gamma": 1.0, "sigma": 0.9, "k": 10}, {"gamma": 0.25, "sigma": 3.0, "k": 7}],
    "gate_product": [{"gate": 0.9, "k": 12}],
    "forget_bias_product": [{"bias": 1.0, "k": 10}, {"bias": 0.0, "k": 3}],
    "clipped_norm": [{"norm": 7.5, "tau": 1.0}, {"norm": 0.4, "tau": 1.0}],
    "steps_to_fraction": [{"rho": 0.95, "eps": 0.01}, {"rho": 0.5, "eps": 0.001}],
    "tanh_derivative": [{"a": 0.0}, {"a": -2.3}],
    "lstm_output_slope": [{"o": 0.9, "c": 0.0}, {"o": 0.6, "c": 3.1}],
    "sigmoid_derivative": [{"a": 0.0}, {"a": 1.7}],
    "nonnormal_power_norm": [{"a": 0.9, "b": 1.0, "k": 10}, {"a": 0.5, "b": 10.0, "k": 1}],
    "clip_scale": [{"norm": 10.0, "tau": 2.5}, {"norm": 0.5, "tau": 1.0}],
    "clipped_component": [{"g": 1.5, "norm": 12.0, "tau": 1.0}],
    "global_norm": [{"n1": 3.0, "n2": 4.0}],
    "clipped_group_norm": [{"n1": 3.0, "n2": 4.0, "tau": 1.0}],
    "value_clip_angle": [{"g1": 3.0, "g2": 0.5, "v": 1.0}],
    "bptt_pair_terms": [{"steps": 12}],
    "lstm_saved_mib": [{"steps": 100, "batch": 32, "hidden": 256}],
    "tbptt_updates": [{"steps": 1000, "k": 35}, {"steps": 700, "k": 35}],
    "tbptt_backward_steps": [
        {"steps": 10, "k1": 3, "k2": 5},
        {"steps": 50, "k1": 5, "k2": 5},
        {"steps": 23, "k1": 4, "k2": 10},
        {"steps": 9, "k1": 5, "k2": 3},
        {"steps": 4, "k1": 5, "k2": 7},
    ],
    "tbptt_mean_horizon": [{"k": 10}],
    "batchable_flop_fraction": [{"input": 512, "hidden": 1024}, {"input": 40, "hidden": 10}],
    "weight_arithmetic_intensity": [{"hidden": 64, "batch": 8, "bytes_per_weight": 2}],
    "wavefront_stages": [{"layers": 4, "steps": 100}, {"layers": 1, "steps": 7}],
    "attention_score_count": [{"source": 50, "target": 40}],
    "scan_depth": [{"length": 4096}, {"length": 1000}, {"length": 2}],
    "adding_constant_mse": [{"c": 1.0}, {"c": 0.0}],
    **MORE_SAMPLES,
}

#: Clipping goes through torch's 1e-6 in the denominator; everything else agrees to rounding.
RTOL = {
    "clip_scale": 1e-5,
    "clipped_norm": 1e-5,
    "clipped_component": 1e-5,
    "clipped_group_norm": 1e-5,
    **MORE_RTOL,
}


def _agree(name: str, params: dict[str, float]) -> None:
    ours = computations.evaluate(name, params)
    theirs = INDEPENDENT[name](**params)
    assert math.isfinite(ours), f"{name}{params} = {ours}"
    assert ours == pytest.approx(theirs, rel=RTOL.get(name, 1e-9), abs=1e-12), (
        f"{name}{params}: package {ours!r}, independent {theirs!r}"
    )


def _corner_and_random_params(q: schema.Numeric, seeds: int = 4) -> list[dict[str, float]]:
    sets = [computations.draw_params(q.params, seed) for seed in range(seeds)]
    for end in (0, 1):
        sets.append({k: (v[end] if isinstance(v, tuple) else v) for k, v in q.params.items()})
    return sets


# --- the computations themselves ------------------------------------------------------------------


def test_every_computation_has_an_independent_check() -> None:
    assert set(INDEPENDENT) == set(computations.REGISTRY)
    assert set(SAMPLES) == set(computations.REGISTRY)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_computation_agrees_with_independent_recomputation(name: str) -> None:
    for params in SAMPLES[name]:
        _agree(name, params)


def test_parameter_counts_match_the_reference_examples() -> None:
    """REFERENCE.md, X=10, H=20: torch 640 / 2560 / 1920; Keras 620 / 2480 / 1920 (1860 reset_before)."""
    ev = computations.evaluate
    sizes = {"input": 10, "hidden": 20}
    assert [ev(n, sizes) for n in ("rnn_params", "lstm_params", "gru_params")] == [640, 2560, 1920]
    assert [ev(n, sizes) for n in ("rnn_params_keras", "lstm_params_keras")] == [620, 2480]
    assert ev("gru_params_keras_reset_before", sizes) == 1860
    nn = _torch().nn  # the same counts from ordinary CPU modules, not only meta-device ones
    assert [sum(p.numel() for p in m(10, 20).parameters()) for m in (nn.RNN, nn.LSTM, nn.GRU)] == [
        640,
        2560,
        1920,
    ]


def test_pascanu_bound_bounds_random_products() -> None:
    """No product of k tanh-RNN Jacobians diag(slopes) @ W exceeds (gamma * sigma_max)^k."""
    rng = np.random.default_rng(1)
    for _ in range(20):
        w = rng.normal(size=(6, 6))
        sigma = float(np.linalg.norm(w, 2))
        product = np.eye(6)
        for _ in range(8):
            slopes = 1 - np.tanh(rng.normal(size=6)) ** 2
            product = np.diag(slopes) @ w @ product
        assert np.linalg.norm(product, 2) <= computations.evaluate(
            "pascanu_bound", {"gamma": 1.0, "sigma": sigma, "k": 8}
        ) * (1 + 1e-12)


def test_shared_weight_gradient_is_the_sum_over_steps() -> None:
    """What the bank teaches in bptt-wh-sum-trap: dL/dW_h equals the sum of per-step copies' gradients."""
    torch = _torch()
    g = torch.Generator().manual_seed(0)
    n, steps = 3, 6
    w = torch.randn(n, n, generator=g, dtype=torch.float64) * 0.5
    xs = torch.randn(steps, n, generator=g, dtype=torch.float64)

    def loss(weights: list[Any]) -> Any:
        h, total = torch.zeros(n, dtype=torch.float64), 0.0
        for t in range(steps):
            h = torch.tanh(weights[t] @ h + xs[t])
            total = total + (h**2).sum()
        return total

    shared = w.clone().requires_grad_(True)
    loss([shared] * steps).backward()
    copies = [w.clone().requires_grad_(True) for _ in range(steps)]
    loss(copies).backward()
    assert torch.allclose(shared.grad, sum(c.grad for c in copies))
    assert not torch.allclose(shared.grad, copies[0].grad)


# --- numeric questions of the bank ---------------------------------------------------------------


def test_bank_has_numeric_questions() -> None:
    assert len(COMPUTED) >= 10


@pytest.mark.parametrize("q", COMPUTED, ids=[q.id for q in COMPUTED])
def test_computed_numeric_answer_is_recomputed(q: schema.Numeric) -> None:
    assert q.compute in INDEPENDENT, f"{q.compute} has no independent recomputation in this test"
    fields = {f for f in re.findall(r"(?<!\{)\{(\w+)\}(?!\})", q.prompt)}
    ranged = {k for k, v in q.params.items() if isinstance(v, tuple)}
    assert ranged <= fields, (
        f"{q.id}: drawn parameters {sorted(ranged - fields)} are not shown in the prompt"
    )
    for params in _corner_and_random_params(q):
        for name, spec in q.params.items():
            if isinstance(spec, tuple):
                assert spec[0] <= params[name] <= spec[1]
        q.prompt.format(**params)
        _agree(q.compute, params)


def test_fixed_numeric_answers_are_recomputed() -> None:
    for q in FIXED:
        assert q.id in FIXED_ANSWERS, (
            f"{q.id} has a typed answer: give it `compute` + `params`, or add its recomputation to FIXED_ANSWERS"
        )
        name, params = FIXED_ANSWERS[q.id]
        for value in params.values():
            assert re.search(rf"(?<![\d.]){value}(?![\d.])", q.prompt), (
                f"{q.id}: {value} not in the prompt"
            )
        _agree(name, params)
        expected = computations.evaluate(name, params)
        allowed = max(q.tolerance, q.rel_tolerance * abs(expected), 1e-9 * abs(expected))
        assert q.answer is not None and abs(q.answer - expected) <= allowed, (
            f"{q.id}: typed {q.answer}, computed {expected}"
        )
    assert set(FIXED_ANSWERS) <= {q.id for q in FIXED}, (
        "FIXED_ANSWERS names questions that no longer exist"
    )


# --- derivation questions ------------------------------------------------------------------------


def _all_targets() -> set[tuple[str, str | None]]:
    wanted: set[tuple[str, str | None]] = set()
    for target in schema.DERIVATION_TARGETS:
        if target.startswith("gru."):
            wanted |= {(target, v) for v in schema.GRU_VARIANTS}
        else:
            wanted.add((target, None))
    return wanted


#: NOTATION.md's first table: the one-step Jacobians of rnn, lstm and gru (each GRU variant).
CORE_JACOBIANS = {"rnn.dh_dhprev", "rnn.dh_dx", "lstm.dc_dcprev", "lstm.dc_dhprev", "lstm.dh_dc",
                  "lstm.dh_dcprev", "lstm.dh_dhprev", "gru.dh_dhprev", "gru.dh_dx"}  # fmt: skip


def test_every_core_jacobian_and_gru_variant_is_asked() -> None:
    asked = {(q.target, q.variant) for q in DERIVATIONS}
    assert {k for k in _all_targets() if k[0] in CORE_JACOBIANS} - asked == set()


def first_mistake(target: str, variant: str | None, spec: Any = None) -> tuple[str, str]:
    """The first known wrong answer of a target, as (name, text a learner would type): the hand
    catalogue's first entry for the core Jacobians, else the first mistake generated from the
    derivation that `check` can evaluate, printed in the plain notation. `spec`: the cell file
    a question names."""
    from interviewkit.math.check import known_mistakes, setting
    from interviewkit.math.mistakes import catalogue
    from interviewkit.math.printer import to_ascii
    from interviewkit.math.targets import resolve, timed_names

    listed = catalogue(target, variant) if spec is None else []
    if listed:
        return listed[0].name, listed[0].example
    t, cell = resolve(target, variant, spec)
    first = known_mistakes(setting(t, cell))[0]
    return first.name, to_ascii(first.tree, timed_names(t, cell))


def test_first_mistake_of_a_core_jacobian_is_the_catalogued_one() -> None:
    from interviewkit.math.mistakes import catalogue

    assert first_mistake("rnn.dh_dx", None) == (
        catalogue("rnn.dh_dx")[0].name,
        catalogue("rnn.dh_dx")[0].example,
    )


def test_first_mistake_of_a_bptt_target_is_generated_and_written_with_its_steps() -> None:
    """No hand catalogue for the backward-pass and BPTT targets: the mistake comes from the
    generator, and its text names the steps as a learner types them (`d_a_{t+1}`, `h_t`)."""
    from interviewkit.math.check import check
    from interviewkit.math.mistakes import catalogue

    assert catalogue("rnn.bptt_d_a") == []
    name, text = first_mistake("rnn.bptt_d_a", None)
    assert "_{t+1}" in text and "h_t" in text
    assert check("rnn.bptt_d_a", text).mistake == name


@pytest.mark.parametrize("q", DERIVATIONS, ids=[q.id for q in DERIVATIONS])
def test_reference_passes_and_first_mistake_fails(q: schema.Derivation) -> None:
    from interviewkit.bank.cellfiles import question_cell, question_reference
    from interviewkit.math.check import check

    spec = question_cell(q)  # None but for a question on a cell file of the bank's own
    reference = question_reference(q).ascii
    verdict = check(q.target, reference, q.variant, spec)
    assert verdict.verdict == "correct", (
        f"{q.id}: reference judged {verdict.verdict}: {verdict.feedback}"
    )
    name, text = first_mistake(q.target, q.variant, spec)
    verdict = check(q.target, text, q.variant, spec)
    assert verdict.verdict == "incorrect", (
        f"{q.id}: mistake {name!r} ({text}) judged {verdict.verdict}: {verdict.feedback}"
    )
    assert verdict.mistake == name, f"{q.id}: {text!r} named {verdict.mistake!r}, not {name!r}"


@pytest.mark.parametrize("q", DERIVATIONS, ids=[q.id for q in DERIVATIONS])
def test_reference_is_not_typed_into_the_question(q: schema.Derivation) -> None:
    from interviewkit.bank.cellfiles import question_reference

    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    reference = squash(question_reference(q).ascii)
    for text in (q.prompt, q.explanation, *q.hints):
        assert reference not in squash(text), f"{q.id}: the reference answer is written out"
