"""Mutations of the sums of paths: a path dropped (or two), a sign flipped, one step's share
for a total over the sequence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    BinOp,
    Expr,
    Neg,
    Num,
    SumSteps,
    Sym,
    add_all,
    positions,
    replace_at,
    sum_terms,
    symbols,
    walk,
)
from interviewkit.math.targets import TOTAL

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import Context, Generated, describe, place, sum_sites


def one_step_share(ctx: Context, form: Expr) -> list[Generated]:
    if ctx.target.kind != TOTAL or not isinstance(form, SumSteps):
        return []
    return [
        Generated(
            "one_step_share",
            form.body,
            f"that is one step's share: the weights are shared by every step, so the total is "
            f"the sum over t, Σ_t({ctx.show(form.body)})",
        )
    ]


def dropped_paths(ctx: Context, form: Expr) -> list[Generated]:
    out = []
    nodes = dict(positions(form))
    sites = list(sum_sites(form))
    where = _where_paths_part(ctx, form, sites)
    for path, site in sites:
        terms = sum_terms(site)
        in_product = any(
            isinstance(nodes[path[:k]], BinOp) and nodes[path[:k]].op == "*"  # type: ignore[union-attr]
            for k in range(len(path))
        )
        for k, term in enumerate(terms):
            if in_product and not _carries_gradient(term):
                continue  # a value inside a factor, (W_h hₜ₋₁ + b_hn): inner_terms names it
            rest = terms[:k] + terms[k + 1 :]
            if isinstance(rest[0], Neg) and len(rest) == 1:
                smaller: Expr = rest[0]
            else:
                smaller = add_all(rest)
            what = describe(ctx, term)
            if what.startswith("g_t,"):
                line = (
                    "the step's own loss gradient g_t is missing: the total at step t is g_t plus "
                    "what comes back from step t+1"
                )
            elif what.startswith("the term "):
                line = f"a term is missing: {what[len('the term ') :]}"
            else:
                what += where.get((path, what), "")
                what = what.replace("the one", "the path")
                shown = ctx.show(term)
                label = what if what.startswith("the ") else f"the path of {what}"
                line = (  # the upstream alone (g_h) would not say which term: show it
                    f"a term is missing: {shown} ({label})"
                    if what.startswith("g_") and len(shown) <= 40 and shown != what.split(",")[0]
                    else f"a term is missing: {what}"
                )
            out.append(Generated("missing_path", replace_at(form, path, smaller), line))
        if 3 <= len(terms) <= 6:  # two paths left out at once
            for a in range(len(terms)):
                for b in range(a + 1, len(terms)):
                    rest = [t for k, t in enumerate(terms) if k not in (a, b)]
                    said = [describe(ctx, terms[k]) for k in (a, b)]
                    names = " and ".join(
                        (w + where.get((path, w), "")).replace("the one", "the path") for w in said
                    )
                    line = f"two terms are missing: {names}"
                    tree = replace_at(form, path, add_all(rest))
                    out.append(Generated("missing_paths", tree, line))
    return out


def _where_paths_part(
    ctx: Context, form: Expr, sites: list[tuple[tuple[int, ...], Expr]]
) -> dict[tuple[tuple[int, ...], str], str]:
    """(sum's path, description) -> ` in a_h̃ = …`, for paths through the same weights that part
    in different equations (MGU's gate f, read by h and inside the candidate): said alone,
    `the path through W_f` would fit both."""
    found: dict[str, list[tuple[int, ...]]] = {}
    for path, site in sites:
        for term in sum_terms(site):
            what = describe(ctx, term)
            if what.startswith("the one through") and path not in found.setdefault(what, []):
                found[what].append(path)
    out: dict[tuple[tuple[int, ...], str], str] = {}
    for what, paths in found.items():
        if len(paths) > 1:
            places = {path: _equation_read(ctx, form, path) for path in paths}
            if len(set(places.values())) == len(paths) and all(places.values()):
                out |= {(path, what): place for path, place in places.items()}
    return out


def _equation_read(ctx: Context, form: Expr, site_path: tuple[int, ...]) -> str:
    """` in a_h̃ = W_h · (f ⊙ hₜ₋₁) + …`: the equation that the paths of the sum at `site_path`
    go through, where the same weights are on another path too (a gate read both by h and
    inside the candidate). A sum nested in a term runs inside the equation of the last weight
    before it; a sum at the top, inside the equation of what the target differentiates."""
    from interviewkit.math.mutations.sites import term_places

    outer = [(tp, t) for tp, t in term_places(form) if site_path[: len(tp)] == tp != site_path]
    if outer:
        term_path, term = max(outer, key=lambda pt: len(pt[0]))
        inside = site_path[len(term_path) :]
        before = [n.name for p, n in positions(term)
                  if isinstance(n, Sym) and n.name in ctx.matrices and p[: len(inside)] != inside]  # fmt: skip
        eq = next((e for e in ctx.cell.equations if before and Sym(before[-1]) in symbols(e.rhs)),
                  None)  # fmt: skip
    else:
        eq = next((e for e in ctx.cell.equations if e.name == ctx.target.of.name), None)
    return f" in {ctx.show(Sym(eq.name))} = {ctx.show(eq.rhs)}" if eq is not None else ""


def _carries_gradient(term: Expr) -> bool:
    from interviewkit.math.expr import Sym, walk

    return any(
        isinstance(n, Sym) and (n.name == "g" or n.name.startswith(("g_", "d_")))
        for n in walk(term)
    )


def signs(ctx: Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    for path, site in sum_sites(form):
        terms = sum_terms(site)
        for k, term in enumerate(terms):
            flipped = term.operand if isinstance(term, Neg) else Neg(term)
            new = add_all([*terms[:k], flipped, *terms[k + 1 :]])
            line = (
                f"one term has the wrong sign: it is `{ctx.show(term)}` ({place(ctx, term)}); "
                "the other terms are right"
            )
            out.append(Generated("sign", replace_at(form, path, new), line))
    return out


def inner_terms(ctx: Context, form: Expr) -> list[Generated]:
    """A term left out of a sum inside an elementwise factor: c_{t-1} for (c_{t-1} − c̃) in the
    coupled-gate LSTM, diag(f) for the peephole's diag(… + … + f)."""
    from interviewkit.math.expr import Call

    out: list[Generated] = []
    parents: dict[tuple[int, ...], Expr] = {}
    for path, node in positions(form):
        parents[path] = node
        if not (isinstance(node, BinOp) and node.op in ("+", "-")):
            continue
        parent = parents.get(path[:-1]) if path else None
        if isinstance(parent, BinOp) and parent.op in ("+", "-") and path[-1] == 0:
            continue
        inside = any(isinstance(parents[path[:k]], Call) for k in range(len(path)))
        inside = inside or (isinstance(parent, BinOp) and parent.op == "*")
        terms = sum_terms(node)
        if not inside or any(isinstance(t, Num) for t in terms) or len(terms) < 2:
            continue

        def named(term: Expr) -> str:  # a peephole's term by its gain, else as it reads
            gains = [n.name for n in walk(term) if isinstance(n, Sym)
                     and getattr(ctx.cell.params.get(n.name), "role", "") == "gain"]  # fmt: skip
            return f"the path through {gains[0]}" if gains else ctx.show(term)

        for k, term in enumerate(terms):
            rest = terms[:k] + terms[k + 1 :]
            line = f"{named(term)} is missing from ({ctx.show(node)})"
            out.append(Generated("missing_inner_term", replace_at(form, path, add_all(rest)), line))
        if 3 <= len(terms) <= 5:
            for a in range(len(terms)):
                for b in range(a + 1, len(terms)):
                    rest = [t for j, t in enumerate(terms) if j not in (a, b)]
                    line = (
                        f"{named(terms[a])} and {named(terms[b])} are missing from "
                        f"({ctx.show(node)})"
                    )
                    out.append(Generated("missing_inner_terms",
                                         replace_at(form, path, add_all(rest)), line))  # fmt: skip
    return out
