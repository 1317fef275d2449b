"""Mutations of matrix products: a transpose too many or missing, a product or an outer product
the wrong way round, the outer product with the wrong input, an input weight for a recurrent one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    BinOp,
    Call,
    Expr,
    Sym,
    Transpose,
    names,
    positions,
    replace_at,
)
from interviewkit.math.targets import JACOBIAN

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import Context, Generated, locate, weight_pairs


def transposes(ctx: Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    backward = ctx.target.kind != JACOBIAN
    sites: list[tuple[tuple[int, ...], Expr, Sym, bool]] = []
    for path, node in positions(form):
        if isinstance(node, Transpose) and isinstance(node.operand, Sym):
            if node.operand.name in ctx.matrices:
                sites.append((path, node, node.operand, True))
        elif isinstance(node, Sym) and node.name in ctx.matrices:
            parent = dict(positions(form)).get(path[:-1]) if path else None
            if not isinstance(parent, Transpose):
                sites.append((path, node, node, False))
    for path, _node, weight, transposed in sites:
        w = weight.name
        where = _place_beside(ctx, form, path, w)
        if transposed:
            line = (
                f"{w} needs its transpose here: going back through a product W @ u multiplies "
                f"the gradient by Wᵀ (the forward Jacobian is {w} itself){where}"
            )
            out.append(Generated("missing_transpose", replace_at(form, path, weight), line))
        elif backward:
            line = f"{w}ᵀ stands where {w} belongs{where}"
            out.append(
                Generated("extra_transpose", replace_at(form, path, Transpose(weight)), line)
            )
        else:
            line = (
                f"{w} should not be transposed: a row of the Jacobian belongs to an entry of the "
                f"output, so {w} appears as it is (Wᵀ belongs to the backward pass){where}"
            )
            out.append(
                Generated("extra_transpose", replace_at(form, path, Transpose(weight)), line)
            )
    if len(sites) > 1:  # every weight at once
        tree = form
        for path, _node, weight, transposed in sorted(sites, key=lambda s: s[0], reverse=True):
            tree = replace_at(tree, path, weight if transposed else Transpose(weight))
        if all(s[3] for s in sites):
            line = (
                "the weights need their transposes: the backward pass multiplies by Wᵀ "
                "(δ_{t-1} = Jᵀ δ_t), the forward Jacobian by W"
            )
            out.append(Generated("missing_transpose", tree, line))
        elif not any(s[3] for s in sites) and not backward:
            line = (
                "the weights should not be transposed: a row of the Jacobian belongs to an entry "
                "of the output, and W h_{t-1} differentiates to W itself (Wᵀ appears only in the "
                "backward pass, δ_{t-1} = Jᵀ δ_t)"
            )
            out.append(Generated("extra_transpose", tree, line))
    return out


def _place_beside(ctx: Context, form: Expr, path: tuple[int, ...], w: str) -> str:
    """Where `path` is, unless that is only 'the path through w' (the sentence names w)."""
    where = locate(ctx, form, path)
    return "" if where == f" (in the path through {w})" else where


def dropped_weights(ctx: Context, form: Expr) -> list[Generated]:
    """A matrix factor of a product left out: W_h in diag(1 − h²) · W_h, W_hᵀ in W_hᵀ δ_a, or a
    whole bracket of paths, (diag(r) + …) in the GRU's path through the candidate."""
    out: list[Generated] = []
    backward = ctx.target.kind != JACOBIAN
    for path, node in positions(form):
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        for side, kept in ((node.left, node.right), (node.right, node.left)):
            weight = side.operand if isinstance(side, Transpose) else side
            if isinstance(weight, Sym) and weight.name in ctx.matrices:
                w = weight.name
                where = _place_beside(ctx, form, path, w)
                if backward:
                    line = (
                        f"{w}ᵀ is missing{where}: going back through a product {w} · v "
                        f"multiplies the gradient by {w}ᵀ"
                    )
                else:
                    line = (
                        f"the weight {w} is missing{where}: a product {w} · v on the path "
                        f"contributes {w} itself to the Jacobian"
                    )
            elif isinstance(side, BinOp) and side.op in ("+", "-"):
                line = f"the factor ({ctx.show(side)}) is missing{locate(ctx, form, path)}"
            else:
                continue
            out.append(Generated("missing_weight", replace_at(form, path, kept), line))
    return out


def swaps(ctx: Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    for path, node in positions(form):
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        left, right = node.left, node.right
        where = locate(ctx, form, path)
        if isinstance(right, Transpose) and not is_matrix(ctx, right.operand):
            # an outer product δ uᵀ, written u δᵀ
            flipped = BinOp("@", right.operand, Transpose(left))
            line = (
                f"the outer product is the wrong way round: a gradient has the shape of its "
                f"weight, so the gradient {ctx.show(left)} stands on the left: "
                f"{ctx.show(node)}, not {ctx.show(flipped)}{where}"
            )
            out.append(Generated("outer_product_order", replace_at(form, path, flipped), line))
            inner = BinOp("@", Transpose(left), right.operand)
            line = (
                f"{ctx.show(inner)} is one number, an inner product; a weight's gradient is "
                f"the outer product {ctx.show(node)}, with the weight's shape{where}"
            )
            out.append(Generated("inner_for_outer", replace_at(form, path, inner), line))
            out += other_vectors(ctx, form, path, left, right.operand)
            continue
        swapped = BinOp("@", right, left)
        if isinstance(left, Call) and left.func == "diag":
            line = (
                f"the product is in the wrong order: {ctx.show(left)} acts after "
                f"{ctx.show(right)}, so it stands on the left (matrix products do not commute)"
                f"{where}"
            )
        else:
            line = (
                f"the factors of a product are in the wrong order: it is {ctx.show(node)} "
                f"(matrix products do not commute){where}"
            )
        out.append(Generated("wrong_order", replace_at(form, path, swapped), line))
    return out


def other_vectors(
    ctx: Context, form: Expr, path: tuple[int, ...], gradient: Expr, u: Expr
) -> list[Generated]:
    """δ h_{t-1}ᵀ where δ xᵀ belongs (and back): the outer product with the wrong input."""
    if not isinstance(u, Sym) or u.name not in (ctx.cell.input, *ctx.cell.states):
        return []  # u is no input (an outer product already turned round: u is the δ)
    step = u.step
    inputs = [Sym(ctx.cell.input, 0 if step == -1 else step)]
    inputs += [Sym(s, step if step != 0 else -1) for s in ctx.cell.states]
    weight = ctx.target.wrt.name if ctx.target.parameter else "the weight"
    out = []
    for other in inputs:
        if (other.name, other.step) == (u.name, u.step):
            continue
        tree = replace_at(form, path, BinOp("@", gradient, Transpose(other)))
        line = (
            f"{weight} multiplies {ctx.show(u)}, so its gradient pairs the gradient with "
            f"{ctx.show(u)}, not {ctx.show(other)}"
        )
        out.append(Generated("wrong_input_vector", tree, line))
    return out


def is_matrix(ctx: Context, e: Expr) -> bool:
    return (isinstance(e, Sym) and e.name in ctx.matrices) or isinstance(e, Transpose)


def weight_roles(ctx: Context, form: Expr) -> list[Generated]:
    """The input weights where the recurrent ones belong, and back (U_f for W_f)."""
    pairs = weight_pairs(ctx.cell)
    used = names(form)
    out: list[Generated] = []
    for swap_to_input in (True, False):
        mapping = {w: u for w, u in pairs} if swap_to_input else {u: w for w, u in pairs}
        mapping = {a: b for a, b in mapping.items() if a in used}
        if not mapping:
            continue
        from interviewkit.math.expr import rename

        tree = rename(form, mapping)
        x = ctx.cell.input
        if swap_to_input:
            verb = "acts" if len(mapping) == 1 else "act"
            line = (
                f"{', '.join(mapping.values())} {verb} on {x}_t; the previous state enters "
                f"through {', '.join(mapping)}"
            )
        else:
            verb = "acts" if len(mapping) == 1 else "act"
            line = f"{', '.join(mapping.values())} {verb} on the previous state; {x}_t enters "
            line += f"through {', '.join(mapping)}"
        out.append(Generated("input_weights" if swap_to_input else "recurrent_weights", tree,
                             line))  # fmt: skip
    return out


def chain_orders(ctx: Context, form: Expr) -> list[Generated]:
    """The factors of a chain of three or four matrix products in another order."""
    from itertools import permutations

    from interviewkit.math.expr import multiply_all

    out: list[Generated] = []
    parents: dict[tuple[int, ...], Expr] = {}
    for path, node in positions(form):
        parents[path] = node
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        parent = parents.get(path[:-1]) if path else None
        if isinstance(parent, BinOp) and parent.op == "@" and path[-1] == 0:
            continue
        chain = _matmul_chain(node)
        if not 3 <= len(chain) <= 4:
            continue
        for order in permutations(range(len(chain))):
            if list(order) == sorted(order):
                continue
            tree = multiply_all([chain[k] for k in order], "@")
            line = (
                f"the products are in the wrong order: the right order is {ctx.show(node)} (each "
                f"factor acts after the one on its right; matrix products do not commute)"
                f"{locate(ctx, form, path)}"
            )
            out.append(Generated("wrong_order", replace_at(form, path, tree), line))
    return out


def _matmul_chain(e: Expr) -> list[Expr]:
    if isinstance(e, BinOp) and e.op == "@":
        return [*_matmul_chain(e.left), *_matmul_chain(e.right)]
    return [e]


def single_weight_roles(ctx: Context, form: Expr) -> list[Generated]:
    """One input weight where its recurrent weight belongs, or back (U_i for W_i alone)."""
    from interviewkit.math.expr import rename

    used = names(form)
    out: list[Generated] = []
    x = ctx.cell.input
    pairs = weight_pairs(ctx.cell)
    if len(pairs) < 2:
        return out  # the all-at-once swap says the same
    for w, u in pairs:
        if w in used:
            line = f"{u} acts on {x}_t; the previous state enters through {w}"
            out.append(Generated("input_weight", rename(form, {w: u}), line))
        if u in used:
            line = f"{w} acts on the previous state; {x}_t enters through {u}"
            out.append(Generated("recurrent_weight", rename(form, {u: w}), line))
    return out


def vector_dots(ctx: Context, form: Expr) -> list[Generated]:
    """A vector weight used elementwise written as a dot product: uᵀ · δ for u ⊙ δ (IndRNN's
    u, a peephole's p): the product is one number where every unit has its own weight."""
    from interviewkit.math.expr import multiply_all
    from interviewkit.math.mutations.sites import chains

    vectors = {p.name for p in ctx.cell.params.values() if len(p.shape) == 1}
    out: list[Generated] = []
    for path, chain in chains(form):
        for k, f in enumerate(chain):
            if not (isinstance(f, Sym) and f.name in vectors) or len(chain) < 2:
                continue
            rest = multiply_all(chain[:k] + chain[k + 1 :])
            dot = BinOp("@", Transpose(f), rest)
            shown = ctx.show(f)
            line = (
                f"{shown}ᵀ · {ctx.show(rest)} is one number, a dot product; {shown} acts "
                f"elementwise, one weight per unit: {shown} ⊙ {ctx.show(rest)}"
                f"{locate(ctx, form, path)}"
            )
            out.append(Generated("dot_for_elementwise", replace_at(form, path, dot), line))
    return out


def factors_through_weights(ctx: Context, form: Expr) -> list[Generated]:
    """An elementwise factor moved to the other side of a transposed weight: Wᵀ (v ⊙ δ) for
    v ⊙ (Wᵀ δ). The factor scales what Wᵀ brought back, not what goes in."""
    from interviewkit.math.expr import multiply_all
    from interviewkit.math.mutations.sites import chains

    out: list[Generated] = []
    for path, chain in chains(form):
        for k, back in enumerate(chain):
            if not (isinstance(back, BinOp) and back.op == "@"):
                continue
            if not isinstance(back.left, Transpose):
                continue
            for j, f in enumerate(chain):
                if j == k:
                    continue
                inner = BinOp("@", back.left, multiply_all([f, back.right]))
                kept = [g for i, g in enumerate(chain) if i not in (j, k)]
                new = multiply_all([*kept, inner]) if kept else inner
                line = (
                    f"{ctx.show(f)} multiplies after {ctx.show(back.left)} brings the gradient "
                    f"back: {ctx.show(f)} ⊙ ({ctx.show(back)}), not "
                    f"{ctx.show(back.left)} · ({ctx.show(f)} ⊙ {ctx.show(back.right)})"
                    f"{locate(ctx, form, path)}"
                )
                out.append(Generated("factor_through_weight", replace_at(form, path, new), line))
    return out


def missing_brackets(ctx: Context, form: Expr) -> list[Generated]:
    """W_hᵀ @ (1 − h²) * g_h as typed: products read left to right, so it is
    (W_hᵀ (1 − h²)) ⊙ g_h; the elementwise product needed brackets."""
    from interviewkit.math.expr import factors, multiply_all

    out: list[Generated] = []
    for path, node in positions(form):
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        parts = factors(node.right)
        if len(parts) < 2:
            continue
        for k, first in enumerate(parts):
            rest = parts[:k] + parts[k + 1 :]
            wrong = multiply_all([BinOp("@", node.left, first), *rest])
            line = (
                f"{ctx.show(wrong)} multiplies {ctx.show(first)} alone by "
                f"{ctx.show(node.left)}: going back, the elementwise factors act first, "
                f"{ctx.show(node)} (without brackets, products read left to right)"
                f"{locate(ctx, form, path)}"
            )
            out.append(Generated("missing_brackets", replace_at(form, path, wrong), line))
    return out
