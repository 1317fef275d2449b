"""The other conventions of a family (the GRU's cho, chung and pytorch): their answers as mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import Context


def other_convention(ctx: Context, label: str) -> str:
    from interviewkit.math.cells import get_cell
    from interviewkit.math.printer import to_unicode as show

    name, _, variant = label.partition(" (")
    variant = variant.rstrip(")")
    other = get_cell(name, variant or None)
    first = ctx.cell.states[0]
    mine = show(ctx.cell.equation(first))
    theirs = show(other.equation(first))
    if mine != theirs:
        return (
            f"that is the answer for the {variant} convention, {first} = {theirs}; the "
            f"{ctx.cell.variant} variant has {first} = {mine}"
        )
    return (
        f"that is the answer for the {variant} convention; the {ctx.cell.variant} variant "
        f"computes the candidate differently (see `interviewkit derive {name} --variant "
        f"{ctx.cell.variant}`)"
    )
