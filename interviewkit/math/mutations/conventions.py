"""The other conventions of a family (the GRU's cho, chung and pytorch): their answers as mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from interviewkit.math.expr import Sym
from interviewkit.math.mutations.sites import Context


def other_convention(ctx: Context, label: str) -> str:
    """`that is the answer for the chung convention, h = …; the cho variant has h = …`: the
    equations where the two conventions differ, both ways; of those, only the ones the
    gradient passes through when there are some (chung and pytorch differ in a_h and in h, but
    ∂L/∂a_z reaches L through h alone)."""
    from interviewkit.math.cells import get_cell
    from interviewkit.math.graph import depends
    from interviewkit.math.printer import to_unicode as show
    from interviewkit.math.targets import RECURSION

    name, _, variant = label.partition(" (")
    variant = variant.rstrip(")")
    other = get_cell(name, variant or None)
    wrt = ctx.target.wrt
    on = Sym(wrt.name, -1) if ctx.target.kind == RECURSION else wrt  # into step t+1
    differ = []
    for eq in ctx.cell.equations:
        theirs = next((e for e in other.equations if e.name == eq.name), None)
        if theirs is not None and theirs.rhs != eq.rhs:
            differ.append((eq, theirs))
    through = [
        (eq, theirs)
        for eq, theirs in differ
        if Sym(eq.name) != on and (depends(ctx.cell, eq.name, on) or depends(other, eq.name, on))
    ]
    differ = through or differ
    if not differ:
        return f"that is the answer for the {variant} convention, not the {ctx.cell.variant} one"
    theirs_text = ", ".join(f"{t.name} = {show(t.rhs)}" for _, t in differ)
    ours_text = ", ".join(f"{e.name} = {show(e.rhs)}" for e, _ in differ)
    return (
        f"that is the answer for the {variant} convention, {theirs_text}; "
        f"the {ctx.cell.variant} variant has {ours_text}"
    )
