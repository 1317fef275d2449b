"""Named computations behind numeric questions with random parameters.

A numeric question with `compute = "NAME"` draws its parameters from the ranges in its `params`
table, fills the prompt's `{placeholders}` with them, and gets its reference answer here, so the
answer is computed by the package and never typed. Plain Python only: no torch, no SymPy (the
quiz must start fast); the engine's tests check these formulas against real torch modules.

To add one: write a function of keyword arguments returning a float or int, and register it with
`@computation("name", "what it computes")`. The validator checks that each question's `params`
name exactly the function's arguments.
"""

from __future__ import annotations

import inspect
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from interviewkit import paramcount


@dataclass(frozen=True)
class Computation:
    name: str
    description: str
    func: Callable[..., float]

    @property
    def arguments(self) -> tuple[str, ...]:
        return tuple(inspect.signature(self.func).parameters)

    def __call__(self, **params: float) -> float:
        return self.func(**params)


REGISTRY: dict[str, Computation] = {}


def computation(
    name: str, description: str
) -> Callable[[Callable[..., float]], Callable[..., float]]:
    """Register `func` under `name` (names are unique; a second registration is a bug)."""

    def register(func: Callable[..., float]) -> Callable[..., float]:
        if name in REGISTRY:
            raise ValueError(f"computation {name!r} registered twice")
        REGISTRY[name] = Computation(name, description, func)
        return func

    return register


ParamSpec = Mapping[str, "tuple[float, float] | list[float] | float | int"]


def draw_params(spec: ParamSpec, seed: int | None = None) -> dict[str, float]:
    """Draw one value per parameter: ints from an int range (inclusive), floats from a float range
    rounded to 2 decimals so the prompt shows exactly the numbers the answer used."""
    rng = random.Random(seed)
    drawn: dict[str, float] = {}
    for name, value in spec.items():
        if isinstance(value, (list, tuple)):
            lo, hi = value
            if isinstance(lo, int) and isinstance(hi, int):
                drawn[name] = rng.randint(lo, hi)
            else:
                drawn[name] = round(rng.uniform(float(lo), float(hi)), 2)
        else:
            drawn[name] = value
    return drawn


def evaluate(name: str, params: Mapping[str, float]) -> float:
    """The reference answer of computation `name` for these parameter values."""
    return REGISTRY[name](**params)


# --- parameter counts (see interviewkit.paramcount) -------------------------------------------


@computation("rnn_params", "parameters of one torch.nn.RNN layer (input, hidden)")
def _rnn_params(input: int, hidden: int) -> int:
    return paramcount.count("rnn", int(input), int(hidden))


@computation("lstm_params", "parameters of one torch.nn.LSTM layer (input, hidden)")
def _lstm_params(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden))


@computation("gru_params", "parameters of one torch.nn.GRU layer (input, hidden)")
def _gru_params(input: int, hidden: int) -> int:
    return paramcount.count("gru", int(input), int(hidden))


@computation("rnn_params_keras", "parameters of one Keras SimpleRNN layer (input, hidden)")
def _rnn_params_keras(input: int, hidden: int) -> int:
    return paramcount.count("rnn", int(input), int(hidden), convention="keras")


@computation("lstm_params_keras", "parameters of one Keras LSTM layer (input, hidden)")
def _lstm_params_keras(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), convention="keras")


@computation("stacked_lstm_params", "parameters of a stacked torch.nn.LSTM (input, hidden, layers)")
def _stacked_lstm_params(input: int, hidden: int, layers: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), layers=int(layers))


@computation("bilstm_params", "parameters of a one-layer bidirectional torch.nn.LSTM")
def _bilstm_params(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), bidirectional=True)


@computation(
    "gru_params_keras_reset_before", "parameters of one Keras GRU layer, reset_after=False"
)
def _gru_params_keras_reset_before(input: int, hidden: int) -> int:
    return paramcount.count("gru", int(input), int(hidden), convention="keras", reset_after=False)


@computation("lstm_proj_params", "parameters of one torch.nn.LSTM layer with proj_size")
def _lstm_proj_params(input: int, hidden: int, proj: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), proj=int(proj))


@computation("stacked_bigru_params", "parameters of a stacked bidirectional torch.nn.GRU")
def _stacked_bigru_params(input: int, hidden: int, layers: int) -> int:
    return paramcount.count("gru", int(input), int(hidden), layers=int(layers), bidirectional=True)


@computation("gru_lstm_param_ratio", "torch.nn.GRU parameters divided by torch.nn.LSTM parameters")
def _gru_lstm_param_ratio(input: int, hidden: int) -> float:
    return paramcount.count("gru", int(input), int(hidden)) / paramcount.count(
        "lstm", int(input), int(hidden)
    )


# --- gradient arithmetic --------------------------------------------------------------------


@computation("pascanu_bound", "the bound (gamma * sigma)^k on the k-step Jacobian norm")
def _pascanu_bound(gamma: float, sigma: float, k: int) -> float:
    return (gamma * sigma) ** int(k)


@computation("gate_product", "the share gate^k of a gradient left after k steps through a gate")
def _gate_product(gate: float, k: int) -> float:
    return gate ** int(k)


@computation("clipped_norm", "the gradient norm after clip-by-norm with threshold tau")
def _clipped_norm(norm: float, tau: float) -> float:
    return min(norm, tau)


@computation("steps_to_fraction", "steps until a per-step factor rho shrinks a signal below eps")
def _steps_to_fraction(rho: float, eps: float) -> float:
    return math.ceil(math.log(eps) / math.log(rho))


def _sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


@computation("tanh_derivative", "the local factor 1 - tanh(a)^2 of a tanh unit at pre-activation a")
def _tanh_derivative(a: float) -> float:
    return 1.0 - math.tanh(a) ** 2


@computation(
    "sigmoid_derivative", "the local factor s(1 - s) of a sigmoid unit at pre-activation a"
)
def _sigmoid_derivative(a: float) -> float:
    s = _sigmoid(a)
    return s * (1.0 - s)


@computation("forget_bias_product", "the direct-path factor sigmoid(bias)^k over k steps")
def _forget_bias_product(bias: float, k: int) -> float:
    return _sigmoid(bias) ** int(k)


@computation("nonnormal_power_norm", "spectral norm of [[a, b], [0, a]]^k (a non-normal matrix)")
def _nonnormal_power_norm(a: float, b: float, k: int) -> float:
    # [[a, b], [0, a]]^k = [[p, q], [0, p]] with p = a^k, q = k a^(k-1) b, and the largest
    # singular value of [[p, q], [0, p]] is (|q| + sqrt(q^2 + 4 p^2)) / 2.
    k = int(k)
    p = a**k
    q = k * a ** (k - 1) * b
    return (abs(q) + math.sqrt(q * q + 4 * p * p)) / 2


# --- clipping -------------------------------------------------------------------------------


@computation("clip_scale", "the factor min(1, tau / norm) that clip-by-norm multiplies with")
def _clip_scale(norm: float, tau: float) -> float:
    return min(1.0, tau / norm)


@computation("clipped_component", "one gradient entry g after clip-by-norm (norm, threshold tau)")
def _clipped_component(g: float, norm: float, tau: float) -> float:
    return g * min(1.0, tau / norm)


@computation("global_norm", "the norm of two parameter groups' gradients taken together")
def _global_norm(n1: float, n2: float) -> float:
    return math.hypot(n1, n2)


@computation(
    "clipped_group_norm", "group 1's gradient norm after global clip-by-norm of two groups"
)
def _clipped_group_norm(n1: float, n2: float, tau: float) -> float:
    return n1 * min(1.0, tau / math.hypot(n1, n2))


@computation("value_clip_angle", "degrees between (g1, g2) and its clip-by-value copy at +-v")
def _value_clip_angle(g1: float, g2: float, v: float) -> float:
    c1, c2 = max(-v, min(v, g1)), max(-v, min(v, g2))
    cos = (g1 * c1 + g2 * c2) / (math.hypot(g1, g2) * math.hypot(c1, c2))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


# --- backpropagation through time -------------------------------------------------------------


@computation("bptt_pair_terms", "terms (t, k) with k <= t in the BPTT double sum over T steps")
def _bptt_pair_terms(steps: int) -> int:
    steps = int(steps)
    return steps * (steps + 1) // 2


@computation(
    "lstm_saved_mib", "MiB of float32 kept for backward: 6 vectors of H per step and sequence"
)
def _lstm_saved_mib(steps: int, batch: int, hidden: int) -> float:
    return int(steps) * int(batch) * 6 * int(hidden) * 4 / 2**20


@computation("tbptt_updates", "optimizer updates per sequence when chunks of k steps each get one")
def _tbptt_updates(steps: int, k: int) -> int:
    return math.ceil(int(steps) / int(k))


@computation("tbptt_backward_steps", "steps walked backward in total by TBPTT(k1, k2) over T steps")
def _tbptt_backward_steps(steps: int, k1: int, k2: int) -> int:
    steps, k1, k2 = int(steps), int(k1), int(k2)
    return sum(min(k2, end) for end in range(k1, steps + 1, k1))


@computation("tbptt_mean_horizon", "mean number of steps a loss reaches back inside chunks of k")
def _tbptt_mean_horizon(k: int) -> float:
    return (int(k) + 1) / 2


# --- hardware and attention arithmetic (used to recompute fixed answers in other topics) --------


@computation(
    "batchable_flop_fraction",
    "share X/(X+H) of an LSTM step's matmul FLOPs that need no earlier step",
)
def _batchable_flop_fraction(input: int, hidden: int) -> float:
    # input products 2*4H*X, recurrent products 2*4H*H per step and sequence
    x_side, h_side = 8 * int(hidden) * int(input), 8 * int(hidden) * int(hidden)
    return x_side / (x_side + h_side)


@computation(
    "weight_arithmetic_intensity", "FLOPs per byte of recurrent weights read in one LSTM step"
)
def _weight_arithmetic_intensity(hidden: int, batch: int, bytes_per_weight: int) -> float:
    weights = 4 * int(hidden) * int(hidden)
    return 2 * weights * int(batch) / (weights * int(bytes_per_weight))


@computation("wavefront_stages", "sequential stages of an L-layer, T-step stack run as a wavefront")
def _wavefront_stages(layers: int, steps: int) -> int:
    return int(steps) + int(layers) - 1


@computation(
    "attention_score_count", "scores of global attention, one per source and target position pair"
)
def _attention_score_count(source: int, target: int) -> int:
    return int(source) * int(target)


@computation("scan_depth", "parallel steps of a Hillis-Steele inclusive scan over T elements")
def _scan_depth(length: int) -> int:
    return math.ceil(math.log2(int(length))) if int(length) > 1 else 0


@computation(
    "adding_constant_mse", "MSE of always predicting c on the adding problem (sum of two U(0,1))"
)
def _adding_constant_mse(c: float) -> float:
    # E[(U1 + U2 - c)^2] = Var(U1 + U2) + (E[U1 + U2] - c)^2 = 1/6 + (1 - c)^2
    return 1 / 6 + (1 - c) ** 2
