"""Mistakes generated from a derived reference: the slips a learner makes, each with a sentence.

A mutation maps the reference tree to wrong trees: a path dropped, a weight transposed (or its
transpose left out), a matrix product or an outer product the wrong way round, the other
activation's slope (σ' for tanh' and back), a slope with the wrong sign, at the wrong argument
or on the wrong gate, a state at the wrong step (h for h_{t-1}), a weight on the input for one on
the state, one step's share for a total over the sequence, the other GRU convention. `check`
evaluates every candidate at the same random points as the learner's answer and names the one
that matches. Because they are generated from the derivation, they cover every target of every
cell, a learner's own cell file included; the hand-written catalogue (`math.mistakes`) comes
first where its wording teaches more.

One module per family of slips; `sites` holds what they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.mutations.conventions import other_convention
from interviewkit.math.mutations.names import steps
from interviewkit.math.mutations.paths import dropped_paths, one_step_share, signs
from interviewkit.math.mutations.products import swaps, transposes, weight_roles
from interviewkit.math.mutations.sites import Context, Generated, describe_term
from interviewkit.math.mutations.slopes import complements, factors_left_out, slopes

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.expr import Expr
    from interviewkit.math.targets import Target


def generate(
    target: Target,
    cell: CellSpec,
    forms: list[Expr],
    others: list[tuple[str, Expr]],
    timed: tuple[str, ...] = (),
) -> list[Generated]:
    """Every generated mistake of `target`, from each written form of its reference (the form
    `derive` prints, and the form written out to the upstream gradients); `others` are the
    other conventions' references (label, tree). Duplicated trees are dropped."""
    ctx = Context(target, cell, timed)
    out: list[Generated] = []
    for label, tree in others:
        out.append(Generated(f"other_convention:{label}", tree, other_convention(ctx, label)))
    for form in forms:
        out += one_step_share(ctx, form)
        out += dropped_paths(ctx, form)
        out += slopes(ctx, form)
        out += factors_left_out(ctx, form)
        out += complements(ctx, form)
        out += transposes(ctx, form)
        out += swaps(ctx, form)
        out += steps(ctx, form)
        out += weight_roles(ctx, form)
        out += signs(ctx, form)
    seen: set[Expr] = set(forms)
    unique = []
    for g in out:
        if g.tree not in seen:
            seen.add(g.tree)
            unique.append(g)
    return unique


# --- describing a place in the reference ----------------------------------------------------


__all__ = ["Generated", "describe_term", "generate"]
