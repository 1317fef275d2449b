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


def computation(name: str, description: str) -> Callable[[Callable[..., float]], Callable[..., float]]:
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


@computation("lstm_params_keras", "parameters of one Keras LSTM layer (input, hidden)")
def _lstm_params_keras(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), convention="keras")


@computation("stacked_lstm_params", "parameters of a stacked torch.nn.LSTM (input, hidden, layers)")
def _stacked_lstm_params(input: int, hidden: int, layers: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), layers=int(layers))


@computation("bilstm_params", "parameters of a one-layer bidirectional torch.nn.LSTM")
def _bilstm_params(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), bidirectional=True)


# --- gradient arithmetic --------------------------------------------------------------------


@computation("pascanu_bound", "the bound (gamma * sigma_max)^k on the k-step Jacobian norm")
def _pascanu_bound(gamma: float, sigma: float, k: int) -> float:
    return (gamma * sigma) ** int(k)


@computation("forget_product", "the direct-path gradient fraction f^k after k steps")
def _forget_product(f: float, k: int) -> float:
    return f ** int(k)


@computation("clipped_norm", "the gradient norm after clip-by-norm with threshold tau")
def _clipped_norm(norm: float, tau: float) -> float:
    return min(norm, tau)


@computation("steps_to_fraction", "steps until a per-step factor rho shrinks a signal below eps")
def _steps_to_fraction(rho: float, eps: float) -> float:
    return math.ceil(math.log(eps) / math.log(rho))
