"""The recurrent cells' equations, written once (NOTATION.md is the contract).

A cell is data: its inputs with symbolic shapes and its equations in evaluation order, each an
expression tree of `interviewkit.math.expr`. `derive` differentiates these equations, `check`
evaluates learners' answers against them, and the autograd tests compare both with torch. Adding a
cell (a peephole LSTM, minGRU, ...) means adding one entry to `_EQUATIONS` and nothing else.

Naming follows NOTATION.md: recurrent weights `W_*` are n×n and act on `h_prev`, input weights
`U_*` (the RNN's `W_x`) are n×m and act on `x`, pre-activations are `a_*`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Expr, Num, Sym, symbols

if TYPE_CHECKING:
    import numpy

CELL_NAMES: tuple[str, ...] = ("rnn", "lstm", "gru")
GRU_VARIANTS: tuple[str, ...] = ("cho", "chung", "pytorch")
DEFAULT_VARIANT: dict[str, str | None] = {"rnn": None, "lstm": None, "gru": "cho"}


@dataclass(frozen=True)
class Cell:
    """One time step of a recurrent cell: inputs with symbolic shapes, equations in order."""

    name: str
    variant: str | None
    inputs: dict[str, tuple[str, ...]]
    equations: tuple[tuple[str, Expr], ...]

    @property
    def label(self) -> str:
        """`lstm`, `gru (pytorch)`: how titles name the cell."""
        return f"{self.name} ({self.variant})" if self.variant else self.name

    def equation(self, name: str) -> Expr:
        """The right-hand side that defines `name`."""
        for lhs, rhs in self.equations:
            if lhs == name:
                return rhs
        raise KeyError(name)

    @property
    def defined(self) -> tuple[str, ...]:
        """The names the equations define, in evaluation order."""
        return tuple(lhs for lhs, _ in self.equations)


# --- small constructors, so the equations below read like NOTATION.md ------------------------


def _s(name: str) -> Sym:
    return Sym(name)


def _mm(w: str, v: Expr | str) -> BinOp:
    return BinOp("@", Sym(w), Sym(v) if isinstance(v, str) else v)


def _add(*terms: Expr) -> Expr:
    out = terms[0]
    for t in terms[1:]:
        out = BinOp("+", out, t)
    return out


def _mul(a: Expr | str, b: Expr | str) -> BinOp:
    return BinOp("*", Sym(a) if isinstance(a, str) else a, Sym(b) if isinstance(b, str) else b)


def _one_minus(name: str) -> BinOp:
    return BinOp("-", Num(1), Sym(name))


def _gate(func: str, pre: str) -> Call:
    return Call(func, Sym(pre))


def _affine(w: str, u: str, b: str) -> Expr:
    """`w @ h_prev + u @ x + b`: a gate's pre-activation."""
    return _add(_mm(w, "h_prev"), _mm(u, "x"), _s(b))


def _rnn() -> tuple[tuple[str, Expr], ...]:
    return (("a", _affine("W_h", "W_x", "b")), ("h", _gate("tanh", "a")))


def _lstm() -> tuple[tuple[str, Expr], ...]:
    return (
        ("a_f", _affine("W_f", "U_f", "b_f")),
        ("a_i", _affine("W_i", "U_i", "b_i")),
        ("a_o", _affine("W_o", "U_o", "b_o")),
        ("a_c", _affine("W_c", "U_c", "b_c")),
        ("f", _gate("sigmoid", "a_f")),
        ("i", _gate("sigmoid", "a_i")),
        ("o", _gate("sigmoid", "a_o")),
        ("c_tilde", _gate("tanh", "a_c")),
        ("c", _add(_mul("f", "c_prev"), _mul("i", "c_tilde"))),
        ("h", _mul("o", Call("tanh", _s("c")))),
    )


def _gru(variant: str) -> tuple[tuple[str, Expr], ...]:
    if variant == "pytorch":
        # reset applied after the recurrent matmul, with its own bias b_hn (torch.nn.GRU)
        a_h = _add(_mm("U_h", "x"), _s("b_h"), _mul("r", _add(_mm("W_h", "h_prev"), _s("b_hn"))))
    else:
        a_h = _add(_mm("W_h", _mul("r", "h_prev")), _mm("U_h", "x"), _s("b_h"))
    if variant == "chung":
        h = _add(_mul(_one_minus("z"), "h_prev"), _mul("z", "h_tilde"))
    else:
        h = _add(_mul("z", "h_prev"), _mul(_one_minus("z"), "h_tilde"))
    return (
        ("a_z", _affine("W_z", "U_z", "b_z")),
        ("a_r", _affine("W_r", "U_r", "b_r")),
        ("z", _gate("sigmoid", "a_z")),
        ("r", _gate("sigmoid", "a_r")),
        ("a_h", a_h),
        ("h_tilde", _gate("tanh", "a_h")),
        ("h", h),
    )


_EQUATIONS: dict[str, Callable[[str | None], tuple[tuple[str, Expr], ...]]] = {
    "rnn": lambda _v: _rnn(),
    "lstm": lambda _v: _lstm(),
    "gru": lambda v: _gru(v or DEFAULT_VARIANT["gru"]),
}


def input_shape(name: str) -> tuple[str, ...]:
    """Symbolic shape of an input name: `W_*` n×n, `U_*` and `W_x` n×m, `x` m, else n."""
    if name == "x":
        return ("m",)
    if name == "W_x" or name.startswith("U_"):
        return ("n", "m")
    if name.startswith("W_"):
        return ("n", "n")
    return ("n",)


def _inputs(equations: tuple[tuple[str, Expr], ...]) -> dict[str, tuple[str, ...]]:
    defined = {lhs for lhs, _ in equations}
    seen: list[str] = []
    for _, rhs in equations:
        for name in sorted(symbols(rhs)):
            if name not in defined and name not in seen:
                seen.append(name)
    order = {"x": 0, "h_prev": 1, "c_prev": 2}
    seen.sort(key=lambda s: (order.get(s, 3), s))
    return {name: input_shape(name) for name in seen}


def gru_variant(variant: str | None) -> str:
    """`variant`, or the default GRU convention when none is given; a NotationError that lists
    the conventions for any other name. Every GRU entry point (cells, reference, check, the
    mistake catalogue) resolves its variant here."""
    variant = variant or DEFAULT_VARIANT["gru"] or GRU_VARIANTS[0]
    if variant not in GRU_VARIANTS:
        raise NotationError(
            f"unknown GRU variant {variant!r}", hint="one of: " + ", ".join(GRU_VARIANTS)
        )
    return variant


def get_cell(name: str, variant: str | None = None) -> Cell:
    """The cell `name` ("rnn", "lstm", "gru"); GRU variants "cho" (default), "chung", "pytorch"."""
    if name not in _EQUATIONS:
        raise NotationError(f"unknown cell {name!r}", hint="one of: " + ", ".join(CELL_NAMES))
    if name == "gru":
        variant = gru_variant(variant)
    elif variant is not None:
        raise NotationError(f"the {name} cell has no variants (got {variant!r})")
    equations = _EQUATIONS[name](variant)
    return Cell(name=name, variant=variant, inputs=_inputs(equations), equations=equations)


def environment(
    cell: Cell, rng: numpy.random.Generator, n: int = 3, m: int = 2
) -> dict[str, numpy.ndarray]:
    """Random float64 inputs of `cell`, the value of every equation's name, and `I`.

    Weights are drawn with scale 1/sqrt(fan-in) so gates stay away from saturation and every
    term of a Jacobian matters numerically.
    """
    import numpy as np

    from interviewkit.math.evaluate import evaluate

    sizes = {"n": n, "m": m}
    env: dict[str, np.ndarray] = {}
    for name, shape in cell.inputs.items():
        dims = tuple(sizes[d] for d in shape)
        scale = 1.0 / np.sqrt(dims[1]) if len(dims) == 2 else 1.0
        env[name] = rng.standard_normal(dims) * scale
    env["I"] = np.eye(n)
    for lhs, rhs in cell.equations:
        env[lhs] = np.asarray(evaluate(rhs, env), dtype=np.float64)
    return env
