"""Mutations of names: a quantity at the wrong step (h for h_{t-1}, f_t for f_{t+1})."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    Expr,
    Sym,
    Transpose,
    positions,
)
from interviewkit.math.targets import RECURSION, TOTAL

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import Context, Generated, shift_all


def steps(ctx: Context, form: Expr) -> list[Generated]:
    """A name at the wrong step: h for h_{t-1}, f_t for f_{t+1}."""
    out: list[Generated] = []
    sequence = ctx.target.kind in (RECURSION, TOTAL)
    states = set(ctx.cell.states)
    seen: set[tuple[str, int, int]] = set()
    for path, node in positions(form):
        if not isinstance(node, Sym) or node.name in ctx.cell.params or node.name == "I":
            continue
        if sequence:
            moves = [s for s in (-1, 0, 1) if s != node.step]
        elif node.name in states:
            moves = [0 if node.step == -1 else -1]
        else:
            continue
        for step in moves:
            if (node.name, node.step, step) in seen:
                continue
            seen.add((node.name, node.step, step))
            new = Sym(node.name, step)
            tree = shift_all(form, node, new)
            line = f"{ctx.show(new)} stands where {ctx.show(node)} belongs"
            parent = dict(positions(form)).get(path[:-1]) if path else None
            if isinstance(parent, Transpose) and node.step == -1 and step == 0:
                line += (
                    ": a weight's gradient pairs δ with what the weight multiplied, "
                    f"{ctx.show(node)}"
                )
            out.append(Generated("wrong_step", tree, line))
    return out
