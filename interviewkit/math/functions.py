"""The functions of the notation, each defined once: how it is written, read, differentiated and
computed with numpy, torch and SymPy.

Adding an elementwise function is one `FunctionSpec` here: the parser reads its words, the
printers spell it, `derive` differentiates it, the interpreter computes it on either back end.
Nothing here imports numpy, torch or SymPy: each back end passes its own module in.

`diag` is the one function that is not elementwise (a vector in, a diagonal matrix out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow


@dataclass(frozen=True)
class FunctionSpec:
    """One function of the notation.

    `derivative(call)` writes f'(x) in terms of the call f(x) itself where it can (σ(1 − σ),
    1 − tanh²), so derivatives come out in gate names; None means the notation has no use for
    it (diag, step). `numpy`, `torch` and `sympy` take the back end's module and return the
    function (SymPy: the function class; None there means `derive` builds one that
    differentiates by `derivative`: slope 0 without one).
    """

    name: str
    words: tuple[str, ...]
    latex_words: tuple[str, ...]
    latex: str
    unicode: str
    numpy: Callable[[Any], Callable[[Any], Any]]
    torch: Callable[[Any], Callable[[Any], Any]]
    sympy: Callable[[Any], Any] | None
    derivative: Callable[[Call], Expr] | None = None
    elementwise: bool = True
    about: str = ""


def _sigmoid_numpy(np: Any) -> Callable[[Any], Any]:
    return lambda x: 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|


def _step_numpy(np: Any) -> Callable[[Any], Any]:
    return lambda x: (x > 0).astype(np.float64) if hasattr(x, "astype") else float(x > 0)


def _one_minus(e: Expr) -> Expr:
    return BinOp("-", Num(1.0), e)


FUNCTIONS: dict[str, FunctionSpec] = {
    f.name: f
    for f in (
        FunctionSpec(
            "diag", ("diag",), ("diag",), "\\operatorname{diag}", "diag",
            numpy=lambda np: np.diag, torch=lambda t: t.diag_embed, sympy=None,
            elementwise=False, about="the diagonal matrix with the vector on its diagonal",
        ),
        FunctionSpec(
            "sigmoid", ("sigmoid", "sigma"), ("sigma", "sigmoid"), "\\sigma", "σ",
            numpy=_sigmoid_numpy, torch=lambda t: t.sigmoid, sympy=None,
            derivative=lambda c: BinOp("*", c, _one_minus(c)), about="the logistic function",
        ),
        FunctionSpec(
            "tanh", ("tanh",), ("tanh",), "\\tanh", "tanh",
            numpy=lambda np: np.tanh, torch=lambda t: t.tanh, sympy=lambda sp: sp.tanh,
            derivative=lambda c: _one_minus(Pow(c, 2)),
        ),
        FunctionSpec(
            "sech", ("sech",), ("sech",), "\\operatorname{sech}", "sech",
            numpy=lambda np: lambda x: 1.0 / np.cosh(x),
            torch=lambda t: lambda x: 1.0 / t.cosh(x), sympy=lambda sp: sp.sech,
            derivative=lambda c: Neg(BinOp("*", c, Call("tanh", c.arg))),
        ),
        FunctionSpec(
            "exp", ("exp",), ("exp",), "\\exp", "exp",
            numpy=lambda np: np.exp, torch=lambda t: t.exp, sympy=lambda sp: sp.exp,
            derivative=lambda c: c,
        ),
        FunctionSpec(
            "log", ("log", "ln"), ("log", "ln"), "\\log", "log",
            numpy=lambda np: np.log, torch=lambda t: t.log, sympy=lambda sp: sp.log,
            derivative=lambda c: BinOp("/", Num(1.0), c.arg),
        ),
        FunctionSpec(
            "relu", ("relu",), ("relu",), "\\operatorname{relu}", "relu",
            numpy=lambda np: lambda x: np.maximum(x, 0.0), torch=lambda t: t.relu, sympy=None,
            derivative=lambda c: Call("step", c.arg), about="max(x, 0)",
        ),
        FunctionSpec(
            "step", ("step",), ("step",), "\\operatorname{step}", "step",
            numpy=_step_numpy, torch=lambda t: lambda x: (x > 0).to(x.dtype), sympy=None,
            about="1 where the argument is positive, else 0: the slope of relu",
        ),
    )
}  # fmt: skip

#: Every word that names a function in ASCII (and inside \operatorname{...}), to its name.
FUNCTION_WORDS: dict[str, str] = {w: f.name for f in FUNCTIONS.values() for w in f.words}
#: LaTeX commands that name a function directly (\sigma, \tanh, ...).
LATEX_FUNCTIONS: dict[str, str] = {w: f.name for f in FUNCTIONS.values() for w in f.latex_words}


def get(name: str) -> FunctionSpec:
    """The function `name` (a canonical name, as in `Call.func`)."""
    return FUNCTIONS[name]


def elementwise(name: str) -> bool:
    """Whether `name` acts entry by entry (every function but diag)."""
    return FUNCTIONS[name].elementwise
