"""The expression tree of the answer notation (see NOTATION.md): plain frozen dataclasses.

Every layer speaks this tree: the parser builds it from what a learner types, the printers write
it as ASCII / Unicode / LaTeX, the evaluator computes it with numpy, and `derive` produces it from
SymPy. Nodes are immutable and compare structurally, so `parse(print(e)) == e` is testable.
`span` (start, end offsets into the source text) is kept for error messages and never compared.

Operators:
- ``BinOp('@', A, B)``: matrix product (matrix @ matrix or matrix @ vector); never commutes.
- ``BinOp('*', a, b)``: elementwise product of equal shapes, or scaling when one side is scalar.
- ``BinOp('+' | '-' | '/', a, b)``: elementwise, with scalar broadcast.
- ``Pow(base, n)``: elementwise power with a small integer exponent.
- ``Neg(x)``, ``Transpose(x)``, ``Call(func, x)`` with func in FUNCTIONS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

BinaryOp = Literal["+", "-", "*", "/", "@"]

#: Functions of the notation; all but `diag` act elementwise.
FUNCTIONS: tuple[str, ...] = ("diag", "sigmoid", "tanh", "sech", "exp", "log")

Span: TypeAlias = "tuple[int, int] | None"


@dataclass(frozen=True)
class Sym:
    """A name in canonical spelling: `h_prev`, `c_prev`, `x`, `W_f`, `c_tilde`, `I`, ..."""

    name: str
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Num:
    """A numeric literal (a scalar)."""

    value: float
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Neg:
    operand: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BinOp:
    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Pow:
    base: Expr
    exponent: int
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Transpose:
    operand: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    func: str
    arg: Expr
    span: Span = field(default=None, compare=False, repr=False)


Expr: TypeAlias = "Sym | Num | Neg | BinOp | Pow | Transpose | Call"


def children(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of `node`, left to right."""
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, (Neg, Transpose)):
        return (node.operand,)
    if isinstance(node, Pow):
        return (node.base,)
    if isinstance(node, Call):
        return (node.arg,)
    return ()


def symbols(node: Expr) -> set[str]:
    """Every name used in `node`."""
    if isinstance(node, Sym):
        return {node.name}
    out: set[str] = set()
    for child in children(node):
        out |= symbols(child)
    return out
