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
#: A count that may be zero (repeats, a delay, a step number), a vocabulary, and a logit.
COUNT = whole(0, 1_000_000)
VOCAB = whole(1, 10_000_000)
LOGIT = real(-1000, 1000)


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
    """The draws that find where a formula breaks: combinations of each range's ends and of 0,
    1 and -1 when a draw can reach them (decimals are drawn rounded to 2 places), at most
    `most` of them; for each of those values, every parameter that can take it at once (a
    variance of equal entries, a difference of equal ones); then seeded draws."""
    values = [_telling_values(value) for value in spec.values()]
    combos = list(itertools.product(*values))
    if len(combos) > most:
        combos = random.Random(0).sample(combos, most)
    trials = [dict(zip(spec, combo, strict=True)) for combo in combos]
    anchors = sorted({v for vs in values for v in vs})[:most]
    for anchor in anchors:
        alike = {name: _reachable(value, anchor) for name, value in spec.items()}
        if sum(v is not None for v in alike.values()) > 1:
            trials.append({n: v if v is not None else vs[0]
                           for (n, v), vs in zip(alike.items(), values, strict=True)})  # fmt: skip
    return trials + [draw_params(spec, seed) for seed in range(seeds)]


def _drawn_range(value: list[float] | tuple[float, float]) -> tuple[float, float, bool]:
    """A range parameter's ends as draws can give them, and whether it draws whole numbers
    (two int ends) rather than decimals rounded to two places."""
    lo, hi = value
    if isinstance(lo, int) and isinstance(hi, int):
        return lo, hi, True
    return round(lo, 2), round(hi, 2), False


def _reachable(value: object, target: float) -> float | None:
    """`target` as this parameter would hold it, when it can (None: it cannot)."""
    if not isinstance(value, (list, tuple)):
        return value if value == target else None
    lo, hi, whole = _drawn_range(value)
    if whole:
        return int(target) if lo <= target <= hi and float(target).is_integer() else None
    return float(round(target, 2)) if lo <= target <= hi else None


def _telling_values(value: object) -> list[float]:
    """A parameter's ends as drawn, and 0, 1 and -1 when a draw can give them."""
    if not isinstance(value, (list, tuple)):
        return [value]  # type: ignore[list-item]
    lo, hi, whole = _drawn_range(value)
    inside: list[float] = [v if whole else float(v) for v in (0, 1, -1) if lo <= v <= hi]
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
    "lstm_output_slope",
    "the factor o (1 - tanh(c)^2) from h = o tanh(c) back into the cell",
    o=FRACTION,
    c=PREACT,
)
def _lstm_output_slope(o: float, c: float) -> float:
    return o * (1.0 - math.tanh(c) ** 2)


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


# --- cells of NOTATION.md beyond rnn, lstm and gru (see paramcount.NOTATION_CELL_SHAPES) ------


def _cell_counter(cell: str) -> Callable[[int, int], int]:
    def count(input: int, hidden: int) -> int:
        return paramcount.notation_cell_count(cell, int(input), int(hidden))

    return count


for _cell, _about in {
    "peephole": "an LSTM with peephole connections, one bias per block",
    "cifg": "an LSTM with coupled input and forget gates",
    "mingru": "a minGRU layer",
    "minlstm": "a minLSTM layer",
    "indrnn": "an IndRNN layer",
}.items():
    computation(
        f"{_cell}_params", f"parameters of {_about} (input, hidden)", input=SIZE, hidden=SIZE
    )(_cell_counter(_cell))


@computation(
    "indrnn_max_weight",
    "the largest |u| with |u|^steps <= gamma, the IndRNN bound on its weight",
    gamma=real(0, 1e6),
    steps=STEPS,
)
def _indrnn_max_weight(gamma: float, steps: int) -> float:
    return float(float(gamma) ** (1.0 / int(steps)))


# --- orthogonal and unitary recurrences -------------------------------------------------------


@computation(
    "orthogonal_gain_power",
    "the norm factor gain^k of k steps through gain times an orthogonal matrix",
    gain=real(0, 100),
    k=EXPONENT,
)
def _orthogonal_gain_power(gain: float, k: int) -> float:
    return float(gain) ** int(k)


@computation(
    "orthogonal_group_dim",
    "the real dimension n(n-1)/2 of the n x n orthogonal matrices",
    n=SIZE,
)
def _orthogonal_group_dim(n: int) -> int:
    n = int(n)
    return n * (n - 1) // 2


@computation(
    "copy_task_baseline",
    "10 ln 8 / (delay + 20), the cross-entropy of a memoryless copy-task guess",
    delay=COUNT,
)
def _copy_task_baseline(delay: int) -> float:
    return 10 * math.log(8) / (int(delay) + 20)


# --- CTC and transducers ----------------------------------------------------------------------


@computation(
    "ctc_min_frames",
    "length + repeats, the fewest frames a CTC label sequence needs",
    length=STEPS,
    repeats=COUNT,
)
def _ctc_min_frames(length: int, repeats: int) -> int:
    return int(length) + int(repeats)


@computation(
    "ctc_path_count",
    "(frames + labels) choose (2 labels), the CTC paths for labels without repeats",
    frames=whole(1, 10_000),
    labels=whole(1, 10_000),
)
def _ctc_path_count(frames: int, labels: int) -> int:
    return math.comb(int(frames) + int(labels), 2 * int(labels))


@computation(
    "rnnt_joint_gib",
    "GiB of the float32 (batch, frames, labels + 1, vocab) RNN-T joint logits",
    batch=SIZE,
    frames=STEPS,
    labels=COUNT,
    vocab=VOCAB,
)
def _rnnt_joint_gib(batch: int, frames: int, labels: int, vocab: int) -> float:
    return int(batch) * int(frames) * (int(labels) + 1) * int(vocab) * 4 / 2**30


# --- linear recurrences and state-space models ------------------------------------------------


@computation(
    "zoh_decay",
    "exp(a delta), the zero-order-hold decay of x' = a x over a step delta",
    a=real(-1000, 1000),
    delta=real(0, 1000),
)
def _zoh_decay(a: float, delta: float) -> float:
    return math.exp(float(a) * float(delta))


@computation(
    "zoh_input_gain",
    "(exp(a delta) - 1) / a * b, the zero-order-hold input gain",
    a=real(-1000, 1000),
    b=real(-1e6, 1e6),
    delta=real(0, 1000),
)
def _zoh_input_gain(a: float, b: float, delta: float) -> float:
    return math.expm1(float(a) * float(delta)) / float(a) * float(b)


@computation(
    "lru_half_life",
    "ln 2 / exp(nu), the steps until |lambda| = exp(-exp(nu)) halves a state entry",
    nu=PREACT,
)
def _lru_half_life(nu: float) -> float:
    return math.log(2) / math.exp(float(nu))


@computation(
    "ssm_kernel_entry",
    "c abar^k bbar, entry k of a scalar SSM's convolution kernel",
    abar=real(-1000, 1000),
    bbar=real(-1e6, 1e6),
    c=real(-1e6, 1e6),
    k=EXPONENT,
)
def _ssm_kernel_entry(abar: float, bbar: float, c: float, k: int) -> float:
    return float(c) * float(abar) ** int(k) * float(bbar)


@computation(
    "rglru_input_scale",
    "sqrt(1 - a_t^2) with a_t = a^(8 r), the RG-LRU's input factor",
    a=FRACTION,
    r=FRACTION,
)
def _rglru_input_scale(a: float, r: float) -> float:
    return math.sqrt(1.0 - float(a) ** (2 * 8 * float(r)))


@computation(
    "kv_to_ssm_ratio",
    "2 context / (expand * state): a KV cache over a Mamba state of equal width",
    context=STEPS,
    expand=whole(1, 1000),
    state=SIZE,
)
def _kv_to_ssm_ratio(context: int, expand: int, state: int) -> float:
    return 2 * int(context) / (int(expand) * int(state))


# --- attention ----------------------------------------------------------------------------------


@computation(
    "dot_product_std",
    "sqrt(dim), the spread of q.k over dim independent unit-variance entries",
    dim=SIZE,
)
def _dot_product_std(dim: int) -> float:
    return math.sqrt(int(dim))


@computation(
    "mha_params",
    "4E^2 + 4E parameters of torch.nn.MultiheadAttention, E = heads * head_dim",
    heads=whole(1, 1000),
    head_dim=SIZE,
)
def _mha_params(heads: int, head_dim: int) -> int:
    width = int(heads) * int(head_dim)
    return 4 * width * width + 4 * width


@computation(
    "kv_cache_mib",
    "MiB of 2 * layers * context * width cached keys and values, one sequence",
    layers=LAYERS,
    context=STEPS,
    width=SIZE,
    bytes_per_value=whole(1, 64),
)
def _kv_cache_mib(layers: int, context: int, width: int, bytes_per_value: int) -> float:
    return 2 * int(layers) * int(context) * int(width) * int(bytes_per_value) / 2**20


@computation(
    "sinusoid_pe",
    "sin(pos / 10000^(2i / dim)), entry 2i of the sinusoidal position encoding",
    pos=COUNT,
    i=whole(0, 100_000),
    dim=SIZE,
)
def _sinusoid_pe(pos: int, i: int, dim: int) -> float:
    return math.sin(int(pos) / 10000 ** (2 * int(i) / int(dim)))


@computation(
    "window_receptive_field",
    "layers * (window - 1) + 1 positions seen through stacked sliding windows",
    layers=LAYERS,
    window=STEPS,
)
def _window_receptive_field(layers: int, window: int) -> int:
    return int(layers) * (int(window) - 1) + 1


@computation(
    "attention_matrix_mib",
    "MiB of the heads * length^2 attention weights of one layer",
    length=STEPS,
    heads=whole(1, 1000),
    bytes_per_value=whole(1, 64),
)
def _attention_matrix_mib(length: int, heads: int, bytes_per_value: int) -> float:
    return int(length) ** 2 * int(heads) * int(bytes_per_value) / 2**20


# --- limits of a fixed-size state -------------------------------------------------------------


@computation(
    "state_bits_pairs",
    "floor(state * bits / log2 vocab), the values a state's bits can hold",
    state=STEPS,
    bits=whole(1, 64),
    vocab=whole(2, 10_000_000),
)
def _state_bits_pairs(state: int, bits: int, vocab: int) -> int:
    return math.floor(int(state) * int(bits) / math.log2(int(vocab)))


@computation(
    "mod_counter_bits",
    "ceil(log2 states), the binary units needed to count modulo states",
    states=whole(1, 10**12),
)
def _mod_counter_bits(states: int) -> int:
    return math.ceil(math.log2(int(states)))


# --- training and optimisation ----------------------------------------------------------------


@computation(
    "adam_first_moment",
    "1 - beta1^steps, Adam's uncorrected first moment of a constant gradient",
    beta1=FRACTION,
    steps=EXPONENT,
)
def _adam_first_moment(beta1: float, steps: int) -> float:
    return 1.0 - float(beta1) ** int(steps)


@computation(
    "cosine_lr",
    "peak (1 + cos(pi step / total)) / 2, a cosine-annealed learning rate",
    peak=real(0, 1000),
    total=STEPS,
    step=COUNT,
)
def _cosine_lr(peak: float, total: int, step: int) -> float:
    return float(peak) * (1 + math.cos(math.pi * int(step) / int(total))) / 2


@computation(
    "layer_norm_first",
    "the first entry of the layer-normalised vector (a, b, c, d), no gain",
    a=ENTRY,
    b=ENTRY,
    c=ENTRY,
    d=ENTRY,
)
def _layer_norm_first(a: float, b: float, c: float, d: float) -> float:
    values = [float(a), float(b), float(c), float(d)]
    mean = sum(values) / 4
    var = sum((v - mean) ** 2 for v in values) / 4
    return (values[0] - mean) / math.sqrt(var)


@computation(
    "checkpoint_min_states",
    "the minimum over k of ceil(steps / k) + k states kept",
    steps=STEPS,
)
def _checkpoint_min_states(steps: int) -> int:
    steps = int(steps)
    return min(-(-steps // k) + k for k in range(1, 2 * math.isqrt(steps) + 2))


@computation(
    "float_max",
    "(2 - 2^-mantissa) * 2^(2^(exponent - 1) - 1), the largest finite float",
    exponent_bits=whole(1, 16),
    mantissa_bits=whole(0, 1000),
)
def _float_max(exponent_bits: int, mantissa_bits: int) -> float:
    return float((2 - 2.0 ** -int(mantissa_bits)) * 2.0 ** (2 ** (int(exponent_bits) - 1) - 1))


# --- decoding -----------------------------------------------------------------------------------


@computation(
    "temperature_top_prob",
    "softmax(z / temp) of the first of three logits",
    z1=LOGIT,
    z2=LOGIT,
    z3=LOGIT,
    temp=real(0, 1000, open_low=True),
)
def _temperature_top_prob(z1: float, z2: float, z3: float, temp: float) -> float:
    scaled = [float(z) / float(temp) for z in (z1, z2, z3)]
    top = max(scaled)
    weights = [math.exp(s - top) for s in scaled]
    return weights[0] / sum(weights)


def _top5(p1: float, p2: float, p3: float, p4: float, p5: float) -> list[float]:
    return sorted((float(p) for p in (p1, p2, p3, p4, p5)), reverse=True)


@computation(
    "top_k_first_prob",
    "p1 over the sum of the k largest probabilities (top-k renormalised)",
    p1=FRACTION,
    p2=FRACTION,
    p3=FRACTION,
    p4=FRACTION,
    p5=FRACTION,
    k=whole(1, 5),
)
def _top_k_first_prob(p1: float, p2: float, p3: float, p4: float, p5: float, k: int) -> float:
    probs = _top5(p1, p2, p3, p4, p5)
    return probs[0] / sum(probs[: int(k)])


@computation(
    "nucleus_size",
    "the fewest likeliest tokens whose probabilities add up to top_p",
    p1=FRACTION,
    p2=FRACTION,
    p3=FRACTION,
    p4=FRACTION,
    p5=FRACTION,
    top_p=FRACTION,
)
def _nucleus_size(p1: float, p2: float, p3: float, p4: float, p5: float, top_p: float) -> int:
    from fractions import Fraction

    # exact decimal arithmetic: a drawn 0.3 + 0.2 must reach a drawn 0.5
    target, mass = Fraction(str(top_p)), Fraction(0)
    for kept, p in enumerate(_top5(p1, p2, p3, p4, p5), start=1):
        mass += Fraction(str(p))
        if mass >= target:
            return kept
    raise ValueError("the five probabilities do not reach top_p")


@computation(
    "beam_candidates",
    "beam * vocab, the extensions beam search scores per step",
    beam=whole(1, 10_000),
    vocab=VOCAB,
)
def _beam_candidates(beam: int, vocab: int) -> int:
    return int(beam) * int(vocab)
