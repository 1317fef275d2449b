"""The expression tree of the answer notation (see NOTATION.md): plain frozen dataclasses.

Every layer speaks this tree: the parser builds it from what a learner types, the printers write
it as ASCII / Unicode / LaTeX, the interpreter computes it with numpy (or torch, in the engine),
and `derive` produces it from SymPy. Nodes are immutable and compare structurally, so
`parse(print(e)) == e` is testable. `span` (start, end offsets into the source text) is kept for
error messages and never compared.

Nodes:
- ``Sym(name, step)``: a name of the cell at a step relative to the current one (``h`` is
  ``Sym("h")``, ``h_{t-1}`` is ``Sym("h", -1)``, ``δ_a_{t+1}`` is ``Sym("d_a", 1)``).
- ``BinOp('@', A, B)``: matrix product; never commutes. Vectors are columns, so ``u @ v.T`` is an
  outer product and ``u.T @ v`` a 1×1 scalar.
- ``BinOp('*', a, b)``: elementwise product of equal shapes, or scaling when one side is scalar.
- ``BinOp('+' | '-' | '/', a, b)``: elementwise, with scalar broadcast.
- ``Pow(base, n)``: elementwise power with a small integer exponent.
- ``Neg(x)``, ``Transpose(x)``, ``Call(func, x)`` with func in `math.functions`.
- ``SumSteps(body)``: Σ_t body, the sum of `body` over every step of a sequence.

`transform` is the one generic tree map: every rewrite (renaming, shifting steps, generated
mistakes) is written with it instead of its own `isinstance` walk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeAlias

BinaryOp = Literal["+", "-", "*", "/", "@"]

Span: TypeAlias = "tuple[int, int] | None"


def _cached_hash(self: Any) -> int:
    """A compound node's hash, computed once: mutations put thousands of large trees in sets
    and dicts, and a frozen dataclass would hash the whole tree again every time."""
    h: int | None = self.__dict__.get("_hash")
    if h is None:
        h = hash((type(self).__name__, *(getattr(self, f) for f in self._hashed)))
        object.__setattr__(self, "_hash", h)
    return h


@dataclass(frozen=True)
class Sym:
    """A name of the cell at a step: `step` 0 is step t, -1 the previous step, +1 the next."""

    name: str
    step: int = 0
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Num:
    """A numeric literal (a scalar)."""

    value: float
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Neg:
    _hashed: ClassVar[tuple[str, ...]] = ("operand",)
    __hash__ = _cached_hash

    operand: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BinOp:
    _hashed: ClassVar[tuple[str, ...]] = ("op", "left", "right")
    __hash__ = _cached_hash

    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Pow:
    _hashed: ClassVar[tuple[str, ...]] = ("base", "exponent")
    __hash__ = _cached_hash

    base: Expr
    exponent: int
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Transpose:
    _hashed: ClassVar[tuple[str, ...]] = ("operand",)
    __hash__ = _cached_hash

    operand: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    _hashed: ClassVar[tuple[str, ...]] = ("func", "arg")
    __hash__ = _cached_hash

    func: str
    arg: Expr
    span: Span = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SumSteps:
    """Σ_t `body`: the body evaluated at every step of the sequence, added up."""

    _hashed: ClassVar[tuple[str, ...]] = ("body",)
    __hash__ = _cached_hash

    body: Expr
    span: Span = field(default=None, compare=False, repr=False)


Expr: TypeAlias = "Sym | Num | Neg | BinOp | Pow | Transpose | Call | SumSteps"


def from_outer(node: BinOp) -> bool:
    """Whether the parser built `node` from `outer(u, v)`: it reads it as `u @ v.T`, the
    transpose sharing the call's span (in a written `u @ v.T` the transpose's span is shorter),
    so that an error can speak of outer() as the learner wrote it."""
    return (
        node.op == "@"
        and node.span is not None
        and isinstance(node.right, Transpose)
        and node.right.span == node.span
    )


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
    if isinstance(node, SumSteps):
        return (node.body,)
    return ()


def with_children(node: Expr, new: tuple[Expr, ...]) -> Expr:
    """`node` rebuilt around `new` children (same order as `children`); spans are kept."""
    if isinstance(node, BinOp):
        return BinOp(node.op, new[0], new[1], span=node.span)
    if isinstance(node, Neg):
        return Neg(new[0], span=node.span)
    if isinstance(node, Transpose):
        return Transpose(new[0], span=node.span)
    if isinstance(node, Pow):
        return Pow(new[0], node.exponent, span=node.span)
    if isinstance(node, Call):
        return Call(node.func, new[0], span=node.span)
    if isinstance(node, SumSteps):
        return SumSteps(new[0], span=node.span)
    return node


def transform(node: Expr, fn: Callable[[Expr], Expr | None]) -> Expr:
    """A new tree: `fn` is offered every node, children first; a node it returns replaces the
    one offered, None keeps it. The one tree map behind renames, step shifts and mutations.

    >>> from interviewkit.math.printer import to_ascii
    >>> e = BinOp("@", Sym("W_h"), Sym("h", -1))
    >>> to_ascii(transform(e, lambda n: Transpose(n) if n == Sym("W_h") else None))
    'W_h.T @ h_prev'
    """
    kids = children(node)
    if kids:
        new = tuple(transform(k, fn) for k in kids)
        if any(a is not b for a, b in zip(new, kids, strict=True)):
            node = with_children(node, new)
    out = fn(node)
    return node if out is None else out


def walk(node: Expr) -> Iterator[Expr]:
    """Every node of the tree, parents before children, left to right, without recursion."""
    stack = [node]
    while stack:
        e = stack.pop()
        yield e
        stack.extend(reversed(children(e)))


def symbols(node: Expr) -> set[Sym]:
    """Every name used in `node`, with its step (spans dropped: equal names compare equal)."""
    return {Sym(e.name, e.step) for e in walk(node) if isinstance(e, Sym)}


def names(node: Expr) -> set[str]:
    """Every name used in `node`, whatever its step."""
    return {e.name for e in walk(node) if isinstance(e, Sym)}


def rename(node: Expr, mapping: dict[str, str]) -> Expr:
    """`node` with names replaced (their steps kept)."""
    return transform(
        node,
        lambda e: (
            Sym(mapping[e.name], e.step, span=e.span)
            if isinstance(e, Sym) and e.name in mapping
            else None
        ),
    )


def shift(node: Expr, by: int, keep: Callable[[str], bool] = lambda _name: False) -> Expr:
    """`node` moved `by` steps (h -> h_{t+1} for by=1); names for which `keep` is true (weights,
    shared by every step) stay where they are. Sums over steps are left whole."""

    def move(e: Expr) -> Expr | None:
        if isinstance(e, Sym) and not keep(e.name):
            return Sym(e.name, e.step + by, span=e.span)
        return None

    if isinstance(node, SumSteps):
        return node
    return transform(node, move)


def count_nodes(node: Expr) -> int:
    """How many nodes the tree has."""
    return sum(1 for _ in walk(node))


def add_all(terms: list[Expr]) -> Expr:
    """`t0 + t1 - t2 ...` (left-associated, as the parser reads a sum): a Neg term is
    subtracted; Num(0) for no terms. The inverse of `sum_terms`."""
    if not terms:
        return Num(0)
    out = terms[0]
    for t in terms[1:]:
        out = BinOp("-", out, t.operand) if isinstance(t, Neg) else BinOp("+", out, t)
    return out


def sum_terms(e: Expr) -> list[Expr]:
    """The terms of a sum chain `a + b - c`: [a, b, Neg(c)] (one term if not a sum)."""
    if isinstance(e, BinOp) and e.op in ("+", "-"):
        right = e.right if e.op == "+" else Neg(e.right)
        return [*sum_terms(e.left), right]
    return [e]


def multiply_all(factors: list[Expr], op: BinaryOp = "*") -> Expr:
    """`f0 op f1 op ...`, left-associated; Num(1) for no factors."""
    if not factors:
        return Num(1)
    out = factors[0]
    for f in factors[1:]:
        out = BinOp(op, out, f)
    return out


def positions(node: Expr, path: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Expr]]:
    """Every node with its path (child indices from the root), parents first."""
    stack = [(path, node)]
    while stack:
        p, e = stack.pop()
        yield p, e
        kids = children(e)
        stack.extend(((*p, k), kids[k]) for k in reversed(range(len(kids))))


def replace_at(node: Expr, path: tuple[int, ...], new: Expr) -> Expr:
    """`node` with the subtree at `path` replaced by `new`."""
    if not path:
        return new
    kids = list(children(node))
    kids[path[0]] = replace_at(kids[path[0]], path[1:], new)
    return with_children(node, tuple(kids))


def factors(node: Expr) -> list[Expr]:
    """The factors of an elementwise product chain `a * b * c` (one factor if not a product)."""
    if isinstance(node, BinOp) and node.op == "*":
        return [*factors(node.left), *factors(node.right)]
    return [node]
