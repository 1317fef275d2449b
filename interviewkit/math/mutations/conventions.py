"""The other conventions of a family (the GRU's cho, chung and pytorch): their answers as mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import Context


def other_convention(ctx: Context, label: str) -> str:
    """`that is the answer for the chung convention, h = …; the cho variant has h = …`: the
    first equation where the two conventions differ, both ways."""
    from interviewkit.math.cells import get_cell
    from interviewkit.math.printer import to_unicode as show

    name, _, variant = label.partition(" (")
    variant = variant.rstrip(")")
    other = get_cell(name, variant or None)
    for eq in ctx.cell.equations:
        theirs = next((e for e in other.equations if e.name == eq.name), None)
        if theirs is not None and theirs.rhs != eq.rhs:
            return (
                f"that is the answer for the {variant} convention, {eq.name} = "
                f"{show(theirs.rhs)}; the {ctx.cell.variant} variant has {eq.name} = "
                f"{show(eq.rhs)}"
            )
    return f"that is the answer for the {variant} convention, not the {ctx.cell.variant} one"
