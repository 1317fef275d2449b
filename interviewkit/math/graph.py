"""The equation graph of a cell: what each equation is a function of, and what depends on what.

Every equation of a cell is elementwise in its vectors except for matrix products, so an
equation's right side is an elementwise function of its *atoms*: names, and products `W @ u`
(each taken whole). `derive` differentiates through atoms; the targets ask `depends` which
Jacobians are not zero. No SymPy and no numpy here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import BinOp, Expr, Sym, children

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec


def atoms(e: Expr) -> list[Expr]:
    """The names and matrix products `e` is an elementwise function of, first appearance first."""
    out: list[Expr] = []
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Sym) or (isinstance(node, BinOp) and node.op == "@"):
            if node not in out:
                out.append(node)
        else:
            stack.extend(reversed(children(node)))
    return out


def depends(spec: CellSpec, name: str, on: Sym, _memo: dict[str, bool] | None = None) -> bool:
    """Whether the step-t value of `name` changes with `on` (everything else held fixed)."""
    memo = {} if _memo is None else _memo
    return _depends_expr(spec, Sym(name), on, memo)


def _depends_expr(spec: CellSpec, e: Expr, on: Sym, memo: dict[str, bool]) -> bool:
    if isinstance(e, Sym):
        if Sym(e.name, e.step) == on:
            return True
        if e.step != 0 or e.name not in spec.defined:
            return False
        if e.name not in memo:
            memo[e.name] = False  # no cycles in a checked cell; guards against one anyway
            memo[e.name] = _depends_expr(spec, spec.equation(e.name), on, memo)
        return memo[e.name]
    return any(_depends_expr(spec, c, on, memo) for c in children(e))


def consumers(spec: CellSpec, of: Sym) -> list[str]:
    """The names whose equations read `of` directly (in a product or elementwise)."""
    out = []
    for eq in spec.equations:
        if any(isinstance(n, Sym) and Sym(n.name, n.step) == of for n in _names(eq.rhs)):
            out.append(eq.name)
    return out


def _names(e: Expr) -> list[Expr]:
    out: list[Expr] = []
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Sym):
            out.append(node)
        stack.extend(children(node))
    return out
