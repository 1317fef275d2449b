"""Mistakes generated from a derived reference: the slips a learner makes, each with a sentence.

A mutation maps the reference tree to wrong trees: a path dropped, a weight left out of a product,
a weight transposed (or its transpose left out), a matrix product or an outer product the wrong
way round, the other activation's slope (σ' for tanh' and back), a slope with the wrong sign, at
the wrong argument or on the wrong gate, a state at the wrong step (h for h_{t-1}), a weight on
the input for one on the state, one step's share for a total over the sequence, the other GRU
convention. `check` evaluates every candidate at the same random points as the learner's answer
and names the one that matches. Because they are generated from the derivation, they cover every
target of every cell, a learner's own cell file included; the hand-written catalogue
(`math.mistakes`) comes first where its wording teaches more.

One module per family of slips; `sites` holds what they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import Expr, Sym
from interviewkit.math.mutations.conventions import other_convention
from interviewkit.math.mutations.names import (
    all_at_step,
    gate_totals,
    other_names,
    steps,
    swapped_values,
)
from interviewkit.math.mutations.paths import dropped_paths, inner_terms, one_step_share, signs
from interviewkit.math.mutations.products import (
    chain_orders,
    dropped_weights,
    factors_through_weights,
    missing_brackets,
    single_weight_roles,
    swaps,
    transposes,
    vector_dots,
    weight_roles,
)
from interviewkit.math.mutations.sites import Context, Generated, describe_term
from interviewkit.math.mutations.slopes import (
    complements,
    extra_chain_factors,
    extra_factors,
    factors_left_out,
    linear_slopes,
    normalisations,
    partial_factor,
    slope_arguments,
    slopes,
    slopes_for_values,
)

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
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
    for form in _with_diagonals(forms):
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
        out += inner_terms(ctx, form)
        out += slope_arguments(ctx, form)
        out += partial_factor(ctx, form)
        out += chain_orders(ctx, form)
        out += single_weight_roles(ctx, form)
        out += all_at_step(ctx, form)
        out += other_names(ctx, form)
        out += gate_totals(ctx, form)
        out += vector_dots(ctx, form)
        out += factors_through_weights(ctx, form)
        out += missing_brackets(ctx, form)
        out += swapped_values(ctx, form)
        out += slopes_for_values(ctx, form)
        out += linear_slopes(ctx, form)
        out += normalisations(ctx, form)
        out += extra_factors(ctx, form)
        out += extra_chain_factors(ctx, form)
        out += dropped_weights(ctx, form)
    seen: set[Expr] = set(forms)
    unique = []
    for g in out:
        if g.tree not in seen:
            seen.add(g.tree)
            unique.append(g)
    return unique


# --- describing a place in the reference ----------------------------------------------------


def _with_diagonals(forms: list[Expr]) -> list[Expr]:
    """The forms, and each gradient form with its elementwise products written as diagonal
    matrices (s ⊙ g as diag(s) @ g), so a learner's `diag(1 − h²) @ W_hᵀ @ g_h` has a form
    whose products can be put in the wrong order."""
    from interviewkit.math.expr import BinOp, Call, Transpose, factors, multiply_all, transform

    def diagonal(e: Expr) -> Expr | None:
        if not (isinstance(e, BinOp) and e.op == "*"):
            return None
        parts = factors(e)
        gradients = [p for p in parts if isinstance(p, Sym) and p.name.startswith(("g", "d_"))]
        if len(gradients) != 1 or len(parts) < 2:
            return None
        rest = [p for p in parts if p is not gradients[0]]
        return BinOp("@", Call("diag", multiply_all(rest)), gradients[0])

    out = list(forms)
    for form in forms:
        if any(isinstance(n, Transpose) for n in _nodes(form)):
            changed = transform(form, diagonal)
            if changed != form:
                out.append(changed)
    return out


def _nodes(e: Expr) -> list[Expr]:
    from interviewkit.math.expr import walk

    return list(walk(e))


__all__ = ["Generated", "describe_term", "generate"]
