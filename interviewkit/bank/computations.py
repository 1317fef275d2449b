"""Named computations behind numeric questions with random parameters.

A numeric question with `compute = "NAME"` draws its parameters from the ranges in its `params`
table, fills the prompt's `{placeholders}` with them, and gets its reference answer here, so the
answer is computed by the package and never typed. Plain Python only: no torch, no SymPy (the
quiz must start fast); the engine's tests check these formulas against real torch modules.

A question file is input like any other, so nothing here trusts it: each computation declares
the `Domain` of every parameter (the validator refuses values and ranges outside it, and so does
`evaluate`, before computing: a huge step count would hang a loop, a huge exponent eat memory),
a prompt may hold only plain `{name}` placeholders (a format spec such as `{x:>900000000}` would
build a gigabyte string), and `evaluate` turns every arithmetic failure (overflow, division by
zero, a logarithm's domain, a result that is not a finite number) into one-line `BankError`.

To add one: write a function of keyword arguments returning a float or int, and register it with
`@computation("name", "what it computes", arg=DOMAIN, ...)`, one domain per argument. The
validator checks that each question's `params` name exactly the function's arguments.
"""

from __future__ import annotations

import inspect
import itertools
import math
import random
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from interviewkit import paramcount
from interviewkit.errors import BankError, InterviewkitError, shown


@dataclass(frozen=True)
class Domain:
    """The values one parameter may take: an interval of real or of whole numbers."""

    low: float
    high: float
    whole: bool = False
    open_low: bool = False
    open_high: bool = False

    def refuses(self, value: object) -> str | None:
        """Why `value` is not in the domain (`must be ...`), or None when it is."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be {self}"
        if isinstance(value, float) and (
            not math.isfinite(value) or (self.whole and not value.is_integer())
        ):
            return f"must be {self}"
        below = value <= self.low if self.open_low else value < self.low
        above = value >= self.high if self.open_high else value > self.high
        return f"must be {self}" if below or above else None

    def __str__(self) -> str:
        if self.whole:
            return f"a whole number from {self.low:,} to {self.high:,}"
        return f"a number in {self.short()}"

    def short(self) -> str:
        """`[0, 1)` for reals, `1 to 100,000, whole` for whole numbers."""
        if self.whole:
            return f"{self.low:,} to {self.high:,}, whole"
        left, right = "(" if self.open_low else "[", ")" if self.open_high else "]"
        return f"{left}{self.low:g}, {self.high:g}{right}"


def whole(low: int, high: int) -> Domain:
    return Domain(low, high, whole=True)


def real(low: float, high: float, *, open_low: bool = False, open_high: bool = False) -> Domain:
    return Domain(low, high, open_low=open_low, open_high=open_high)


#: Layer sizes, batch sizes, sequence lengths as whole numbers; the bounds keep every count,
#: loop and power small enough to compute in a blink.
SIZE = whole(1, 100_000)
LAYERS = whole(1, 1_000)
STEPS = whole(1, 1_000_000)
EXPONENT = whole(0, 10_000)
#: A gate value or other fraction, and one strictly between 0 and 1 (its logarithm is < 0).
FRACTION = real(0, 1)
OPEN_FRACTION = real(0, 1, open_low=True, open_high=True)
#: A pre-activation or bias: exp(-a) stays finite.
PREACT = real(-100, 100)
#: A norm or a threshold something is divided by, and a gradient entry.
POSITIVE = real(0, 1e12, open_low=True)
NONNEGATIVE = real(0, 1e12)
ENTRY = real(-1e12, 1e12)


@dataclass(frozen=True)
class Computation:
    name: str
    description: str
    func: Callable[..., float]
    domains: Mapping[str, Domain] = field(default_factory=dict)

    @property
    def arguments(self) -> tuple[str, ...]:
        return tuple(inspect.signature(self.func).parameters)

    def __call__(self, **params: float) -> float:
        return self.func(**params)

    @property
    def domains_text(self) -> str:
        """The arguments with their domains, e.g. `input, hidden: 1 to 100,000, whole`
        (shared domains grouped, in argument order), for messages and docs/computations.md."""
        groups: dict[str, list[str]] = {}
        for arg in self.arguments:
            groups.setdefault(self.domains[arg].short(), []).append(arg)
        return "; ".join(f"{', '.join(args)}: {text}" for text, args in groups.items())


REGISTRY: dict[str, Computation] = {}


def computation(
    name: str, description: str, **domains: Domain
) -> Callable[[Callable[..., float]], Callable[..., float]]:
    """Register `func` under `name` with the domain of each argument (names are unique, and
    every argument needs a domain; anything else is a bug)."""

    def register(func: Callable[..., float]) -> Callable[..., float]:
        if name in REGISTRY:
            raise ValueError(f"computation {name!r} registered twice")
        REGISTRY[name] = Computation(name, description, func, dict(domains))
        if set(domains) != set(REGISTRY[name].arguments):
            raise ValueError(f"computation {name!r} needs one domain per argument")
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
    """The reference answer of computation `name` for these parameter values.

    Raises:
        BankError: a value is outside its domain, or the result is not a finite number
            (overflow, division by zero, a logarithm of 0, ...), in one line.
    """
    comp = REGISTRY[name]
    for arg, domain in comp.domains.items():
        why = domain.refuses(params.get(arg))
        if why:
            raise BankError(f"{name}: {arg} = {_text(params.get(arg))} {why}")
    try:
        value = comp(**params)
        result = float(value)
    except ZeroDivisionError:
        why = "a division by zero"
    except OverflowError:
        why = "a number too large for a float"
    except ValueError as exc:
        why = f"a value outside a function's domain ({exc})"
    except InterviewkitError as exc:
        why = exc.one_line()
    else:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            why = f"a {type(value).__name__}, not a number"
        elif not math.isfinite(result):
            why = f"{result}, not a finite number"
        else:
            return result
    values = ", ".join(f"{k} = {_text(v)}" for k, v in params.items())
    raise BankError(f"{name} at {values} gives {why}")


def spec_problems(name: str, spec: ParamSpec) -> list[str]:
    """What is wrong with a question's `params` for computation `name`, one line each: a fixed
    value or a range end outside its domain, a decimal range for a whole-number parameter,
    and draws (both ends of every range, and a few seeded ones) that cannot be computed."""
    comp = REGISTRY[name]
    found: list[str] = []
    for arg, value in spec.items():
        domain = comp.domains.get(arg)
        if domain is None:
            continue
        ends = list(value) if isinstance(value, (list, tuple)) else [value]
        if domain.whole and not all(isinstance(v, int) for v in ends):
            found.append(f"{arg} must be whole numbers ({domain}), not {value!r}")
            continue
        why = next((w for w in map(domain.refuses, ends) if w), None)
        if why:
            found.append(f"{arg} = {_spec_text(value)} leaves its domain: {arg} {why}")
            continue
        rounded = [
            round(v, 2) for v in ends if isinstance(v, float) and domain.refuses(round(v, 2))
        ]
        if rounded and isinstance(value, (list, tuple)):
            found.append(
                f"{arg} = {_spec_text(value)} can draw {rounded[0]!r} (draws are rounded to 2 "
                f"places), which leaves its domain: {arg} {domain.refuses(rounded[0])}"
            )
    if found or set(spec) != set(comp.arguments):
        return found
    for params in _trial_draws(spec):
        try:
            evaluate(name, params)
        except BankError as exc:
            return [f"cannot be computed at every draw: {exc.message}"]
    return []


def _spec_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return f"[{_text(value[0])}, {_text(value[1])}]"
    return _text(value)


def _text(value: object) -> str:
    """A value for a message, short whatever it is (`repr` of a 10**5000 would even raise)."""
    if isinstance(value, int) and value.bit_length() > 100:
        return f"an integer of {value.bit_length():,} bits"
    return shown(repr(value), 30) if isinstance(value, str) else repr(value)[:30]


def _trial_draws(spec: ParamSpec, seeds: int = 4, most: int = 64) -> list[dict[str, float]]:
    """Combinations of each range's ends and of the values where formulas break (0, 1, -1)
    when a draw can reach them (decimals are drawn rounded to 2 places), at most `most` of
    them, then seeded draws."""
    values = [_telling_values(value) for value in spec.values()]
    combos = list(itertools.product(*values))
    if len(combos) > most:
        combos = random.Random(0).sample(combos, most)
    trials = [dict(zip(spec, combo, strict=True)) for combo in combos]
    return trials + [draw_params(spec, seed) for seed in range(seeds)]


def _telling_values(value: object) -> list[float]:
    """A parameter's ends as drawn, and 0, 1 and -1 when a draw can give them."""
    if not isinstance(value, (list, tuple)):
        return [value]  # type: ignore[list-item]
    lo, hi = value
    if not (isinstance(lo, int) and isinstance(hi, int)):
        lo, hi = round(lo, 2), round(hi, 2)
    inside = [v for v in (0, 1, -1) if lo <= v <= hi]
    if isinstance(lo, float):
        inside = [float(v) for v in inside]
    return sorted({lo, hi, *inside})


def placeholders(prompt: str) -> list[str]:
    """The `{name}` placeholders of a computed question's prompt, in order.

    Raises:
        ValueError: a stray brace, or a field that is not a plain name: a format spec
            (`{x:>900000000}` would build a huge string), a conversion (`{x!r}`), an index or
            attribute (`{x[0]}`, `{x.real}`) or a positional field (`{}`, `{0}`).
    """
    try:
        fields = list(string.Formatter().parse(prompt))
    except ValueError as exc:  # a single { or }
        raise ValueError(f"{exc}; write a literal brace as {{{{ or }}}}") from None
    names = []
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            text = "{" + name + (f"!{conversion}" if conversion else "")
            text += (f":{spec}" if spec else "") + "}"
            raise ValueError(
                f"{shown(text, 40)} is not a plain {{name}} placeholder; write a literal brace "
                "as {{ or }}"
            )
        names.append(name)
    return names


def fill_prompt(prompt: str, params: Mapping[str, float]) -> str:
    """`prompt` with each plain `{name}` replaced by its drawn value (`{{`/`}}` give braces).

    Raises:
        BankError: the prompt has a field that is not a plain name, or names no parameter.
    """
    try:
        placeholders(prompt)
        parts = [
            literal + ("" if name is None else str(params[name]))
            for literal, name, _, _ in string.Formatter().parse(prompt)
        ]
    except (ValueError, KeyError) as exc:
        raise BankError(f"the prompt cannot be filled: {exc}") from None
    return "".join(parts)


# --- parameter counts (see interviewkit.paramcount) -------------------------------------------


@computation(
    "rnn_params",
    "parameters of one torch.nn.RNN layer (input, hidden)",
    input=SIZE,
    hidden=SIZE,
)
def _rnn_params(input: int, hidden: int) -> int:
    return paramcount.count("rnn", int(input), int(hidden))


@computation(
    "lstm_params",
    "parameters of one torch.nn.LSTM layer (input, hidden)",
    input=SIZE,
    hidden=SIZE,
)
def _lstm_params(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden))


@computation(
    "gru_params",
    "parameters of one torch.nn.GRU layer (input, hidden)",
    input=SIZE,
    hidden=SIZE,
)
def _gru_params(input: int, hidden: int) -> int:
    return paramcount.count("gru", int(input), int(hidden))


@computation(
    "rnn_params_keras",
    "parameters of one Keras SimpleRNN layer (input, hidden)",
    input=SIZE,
    hidden=SIZE,
)
def _rnn_params_keras(input: int, hidden: int) -> int:
    return paramcount.count("rnn", int(input), int(hidden), convention="keras")


@computation(
    "lstm_params_keras",
    "parameters of one Keras LSTM layer (input, hidden)",
    input=SIZE,
    hidden=SIZE,
)
def _lstm_params_keras(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), convention="keras")


@computation(
    "stacked_lstm_params",
    "parameters of a stacked torch.nn.LSTM (input, hidden, layers)",
    input=SIZE,
    hidden=SIZE,
    layers=LAYERS,
)
def _stacked_lstm_params(input: int, hidden: int, layers: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), layers=int(layers))


@computation(
    "bilstm_params",
    "parameters of a one-layer bidirectional torch.nn.LSTM",
    input=SIZE,
    hidden=SIZE,
)
def _bilstm_params(input: int, hidden: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), bidirectional=True)


@computation(
    "gru_params_keras_reset_before",
    "parameters of one Keras GRU layer, reset_after=False",
    input=SIZE,
    hidden=SIZE,
)
def _gru_params_keras_reset_before(input: int, hidden: int) -> int:
    return paramcount.count("gru", int(input), int(hidden), convention="keras", reset_after=False)


@computation(
    "lstm_proj_params",
    "parameters of one torch.nn.LSTM layer with proj_size",
    input=SIZE,
    hidden=SIZE,
    proj=SIZE,
)
def _lstm_proj_params(input: int, hidden: int, proj: int) -> int:
    return paramcount.count("lstm", int(input), int(hidden), proj=int(proj))


@computation(
    "stacked_bigru_params",
    "parameters of a stacked bidirectional torch.nn.GRU",
    input=SIZE,
    hidden=SIZE,
    layers=LAYERS,
)
def _stacked_bigru_params(input: int, hidden: int, layers: int) -> int:
    return paramcount.count("gru", int(input), int(hidden), layers=int(layers), bidirectional=True)


@computation(
    "gru_lstm_param_ratio",
    "torch.nn.GRU parameters divided by torch.nn.LSTM parameters",
    input=SIZE,
    hidden=SIZE,
)
def _gru_lstm_param_ratio(input: int, hidden: int) -> float:
    return paramcount.count("gru", int(input), int(hidden)) / paramcount.count(
        "lstm", int(input), int(hidden)
    )


# --- gradient arithmetic --------------------------------------------------------------------


@computation(
    "pascanu_bound",
    "the bound (gamma * sigma)^k on the k-step Jacobian norm",
    gamma=real(0, 100),
    sigma=real(0, 1e6),
    k=EXPONENT,
)
def _pascanu_bound(gamma: float, sigma: float, k: int) -> float:
    return (gamma * sigma) ** int(k)


@computation(
    "gate_product",
    "the share gate^k of a gradient left after k steps through a gate",
    gate=FRACTION,
    k=EXPONENT,
)
def _gate_product(gate: float, k: int) -> float:
    return gate ** int(k)


@computation(
    "clipped_norm",
    "the gradient norm after clip-by-norm with threshold tau",
    norm=NONNEGATIVE,
    tau=POSITIVE,
)
def _clipped_norm(norm: float, tau: float) -> float:
    return min(norm, tau)


@computation(
    "steps_to_fraction",
    "steps until a per-step factor rho shrinks a signal below eps",
    rho=OPEN_FRACTION,
    eps=OPEN_FRACTION,
)
def _steps_to_fraction(rho: float, eps: float) -> float:
    return math.ceil(math.log(eps) / math.log(rho))


def _sigmoid(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


@computation(
    "tanh_derivative",
    "the local factor 1 - tanh(a)^2 of a tanh unit at pre-activation a",
    a=PREACT,
)
def _tanh_derivative(a: float) -> float:
    return 1.0 - math.tanh(a) ** 2


@computation(
    "sigmoid_derivative",
    "the local factor s(1 - s) of a sigmoid unit at pre-activation a",
    a=PREACT,
)
def _sigmoid_derivative(a: float) -> float:
    s = _sigmoid(a)
    return s * (1.0 - s)


@computation(
    "forget_bias_product",
    "the direct-path factor sigmoid(bias)^k over k steps",
    bias=PREACT,
    k=EXPONENT,
)
def _forget_bias_product(bias: float, k: int) -> float:
    return _sigmoid(bias) ** int(k)


@computation(
    "nonnormal_power_norm",
    "spectral norm of [[a, b], [0, a]]^k (a non-normal matrix)",
    a=real(-1000, 1000),
    b=real(-1e6, 1e6),
    k=whole(1, 10_000),
)
def _nonnormal_power_norm(a: float, b: float, k: int) -> float:
    # [[a, b], [0, a]]^k = [[p, q], [0, p]] with p = a^k, q = k a^(k-1) b, and the largest
    # singular value of [[p, q], [0, p]] is (|q| + sqrt(q^2 + 4 p^2)) / 2.
    k = int(k)
    p = a**k
    q = k * a ** (k - 1) * b
    return (abs(q) + math.sqrt(q * q + 4 * p * p)) / 2


# --- clipping -------------------------------------------------------------------------------


@computation(
    "clip_scale",
    "the factor min(1, tau / norm) that clip-by-norm multiplies with",
    norm=POSITIVE,
    tau=POSITIVE,
)
def _clip_scale(norm: float, tau: float) -> float:
    return min(1.0, tau / norm)


@computation(
    "clipped_component",
    "one gradient entry g after clip-by-norm (norm, threshold tau)",
    g=ENTRY,
    norm=POSITIVE,
    tau=POSITIVE,
)
def _clipped_component(g: float, norm: float, tau: float) -> float:
    return g * min(1.0, tau / norm)


@computation(
    "global_norm",
    "the norm of two parameter groups' gradients taken together",
    n1=NONNEGATIVE,
    n2=NONNEGATIVE,
)
def _global_norm(n1: float, n2: float) -> float:
    return math.hypot(n1, n2)


@computation(
    "clipped_group_norm",
    "group 1's gradient norm after global clip-by-norm of two groups",
    n1=NONNEGATIVE,
    n2=NONNEGATIVE,
    tau=POSITIVE,
)
def _clipped_group_norm(n1: float, n2: float, tau: float) -> float:
    return n1 * min(1.0, tau / math.hypot(n1, n2))


@computation(
    "value_clip_angle",
    "degrees between (g1, g2) and its clip-by-value copy at +-v",
    g1=ENTRY,
    g2=ENTRY,
    v=POSITIVE,
)
def _value_clip_angle(g1: float, g2: float, v: float) -> float:
    c1, c2 = max(-v, min(v, g1)), max(-v, min(v, g2))
    cos = (g1 * c1 + g2 * c2) / (math.hypot(g1, g2) * math.hypot(c1, c2))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


# --- backpropagation through time -------------------------------------------------------------


@computation(
    "bptt_pair_terms",
    "terms (t, k) with k <= t in the BPTT double sum over T steps",
    steps=STEPS,
)
def _bptt_pair_terms(steps: int) -> int:
    steps = int(steps)
    return steps * (steps + 1) // 2


@computation(
    "lstm_saved_mib",
    "MiB of float32 kept for backward: 6 vectors of H per step and sequence",
    steps=STEPS,
    batch=SIZE,
    hidden=SIZE,
)
def _lstm_saved_mib(steps: int, batch: int, hidden: int) -> float:
    return int(steps) * int(batch) * 6 * int(hidden) * 4 / 2**20


@computation(
    "tbptt_updates",
    "optimizer updates per sequence when chunks of k steps each get one",
    steps=STEPS,
    k=STEPS,
)
def _tbptt_updates(steps: int, k: int) -> int:
    return math.ceil(int(steps) / int(k))


@computation(
    "tbptt_backward_steps",
    "steps walked backward in total by TBPTT(k1, k2) over T steps",
    steps=STEPS,
    k1=STEPS,
    k2=STEPS,
)
def _tbptt_backward_steps(steps: int, k1: int, k2: int) -> int:
    steps, k1, k2 = int(steps), int(k1), int(k2)
    # sum(min(k2, end) for end in range(k1, steps + 1, k1)) in closed form, with no loop: the
    # first m chunk ends j*k1 are at most k2, the other n - m reach back k2 steps each
    n = steps // k1
    m = min(n, k2 // k1)
    return k1 * m * (m + 1) // 2 + (n - m) * k2


@computation(
    "tbptt_mean_horizon",
    "mean number of steps a loss reaches back inside chunks of k",
    k=STEPS,
)
def _tbptt_mean_horizon(k: int) -> float:
    return (int(k) + 1) / 2


# --- hardware and attention arithmetic (used to recompute fixed answers in other topics) --------


@computation(
    "batchable_flop_fraction",
    "share X/(X+H) of an LSTM step's matmul FLOPs that need no earlier step",
    input=SIZE,
    hidden=SIZE,
)
def _batchable_flop_fraction(input: int, hidden: int) -> float:
    # input products 2*4H*X, recurrent products 2*4H*H per step and sequence
    x_side, h_side = 8 * int(hidden) * int(input), 8 * int(hidden) * int(hidden)
    return x_side / (x_side + h_side)


@computation(
    "weight_arithmetic_intensity",
    "FLOPs per byte of recurrent weights read in one LSTM step",
    hidden=SIZE,
    batch=SIZE,
    bytes_per_weight=whole(1, 64),
)
def _weight_arithmetic_intensity(hidden: int, batch: int, bytes_per_weight: int) -> float:
    weights = 4 * int(hidden) * int(hidden)
    return 2 * weights * int(batch) / (weights * int(bytes_per_weight))


@computation(
    "wavefront_stages",
    "sequential stages of an L-layer, T-step stack run as a wavefront",
    layers=LAYERS,
    steps=STEPS,
)
def _wavefront_stages(layers: int, steps: int) -> int:
    return int(steps) + int(layers) - 1


@computation(
    "attention_score_count",
    "scores of global attention, one per source and target position pair",
    source=STEPS,
    target=STEPS,
)
def _attention_score_count(source: int, target: int) -> int:
    return int(source) * int(target)


@computation(
    "scan_depth",
    "parallel steps of a Hillis-Steele inclusive scan over T elements",
    length=STEPS,
)
def _scan_depth(length: int) -> int:
    return math.ceil(math.log2(int(length))) if int(length) > 1 else 0


@computation(
    "adding_constant_mse",
    "MSE of always predicting c on the adding problem (sum of two U(0,1))",
    c=real(-1e6, 1e6),
)
def _adding_constant_mse(c: float) -> float:
    # E[(U1 + U2 - c)^2] = Var(U1 + U2) + (E[U1 + U2] - c)^2 = 1/6 + (1 - c)^2
    return 1 / 6 + (1 - c) ** 2
