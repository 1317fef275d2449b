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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    BinOp,
    Call,
    Expr,
    Neg,
    Num,
    Pow,
    SumSteps,
    Sym,
    Transpose,
    add_all,
    factors,
    multiply_all,
    names,
    positions,
    replace_at,
    sum_terms,
    walk,
)
from interviewkit.math.printer import to_unicode
from interviewkit.math.targets import BACKWARD, JACOBIAN, RECURSION, TOTAL

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.targets import Target


@dataclass(frozen=True)
class Generated:
    """A wrong answer made from the reference, and the sentence that names the change."""

    name: str
    tree: Expr
    feedback: str


@dataclass(frozen=True)
class _Context:
    target: Target
    cell: CellSpec
    timed: tuple[str, ...]

    def show(self, e: Expr) -> str:
        return to_unicode(e, self.timed)

    @property
    def matrices(self) -> set[str]:
        return {p.name for p in self.cell.params.values() if len(p.shape) == 2}


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
    ctx = _Context(target, cell, timed)
    out: list[Generated] = []
    for label, tree in others:
        out.append(Generated(f"other_convention:{label}", tree, _other_convention(ctx, label)))
    for form in forms:
        out += _one_step_share(ctx, form)
        out += _dropped_paths(ctx, form)
        out += _slopes(ctx, form)
        out += _factors(ctx, form)
        out += _complements(ctx, form)
        out += _transposes(ctx, form)
        out += _swaps(ctx, form)
        out += _steps(ctx, form)
        out += _weight_roles(ctx, form)
        out += _signs(ctx, form)
    seen: set[Expr] = set(forms)
    unique = []
    for g in out:
        if g.tree not in seen:
            seen.add(g.tree)
            unique.append(g)
    return unique


# --- describing a place in the reference ----------------------------------------------------


def _describe(ctx: _Context, term: Expr) -> str:
    """`the one through W_f`, `g_c (what arrives from step t+1)`, `the direct one`."""
    return describe_term(ctx.cell, term, ctx.timed)


def describe_term(cell: CellSpec, term: Expr, timed: tuple[str, ...] = ()) -> str:
    """How a learner recognises one term of a sum: the weights it passes through, else the
    upstream gradient or the total it carries, else the gain it is scaled by."""
    syms = [n for n in walk(term) if isinstance(n, Sym)]
    matrices = {p.name for p in cell.params.values() if len(p.shape) == 2}
    weights = [n.name for n in syms if n.name in matrices]
    if weights:
        return "the one through " + " and ".join(dict.fromkeys(weights))
    upstream = [n.name for n in syms if n.name == "g" or n.name.startswith("g_")]
    if upstream:
        g = upstream[0]
        if g == "g":
            return "g_t, the loss's own gradient at step t"
        state = g[2:]
        if state == cell.states[0]:
            return f"{g}, what reaches {state}_t from above"
        return f"{g}, what arrives from step t+1 through {state}_{{t+1}}"
    totals = [n for n in syms if n.name.startswith("d_")]
    gains = [n.name for n in syms if n.name in cell.params]
    if totals:
        through = "the one through " + to_unicode(Sym(totals[0].name, totals[0].step), timed)
        return through + (f" and {gains[0]}" if gains else "")
    if gains:
        return f"the one through {gains[0]}"
    return "the direct one (no weight matrix)"


def _place(ctx: _Context, term: Expr) -> str:
    """`the path through W_f`, `the term with g_h`: where a slip sits, in a few words."""
    what = _describe(ctx, term)
    if what.startswith("the one"):
        return what.replace("the one", "the path")
    return f"the term with {what.split(',')[0]}"


def _ordered_names(e: Expr) -> list[str]:
    return [n.name for n in walk(e) if isinstance(n, Sym)]


def _sum_sites(e: Expr) -> Iterator[tuple[tuple[int, ...], Expr]]:
    """Maximal sum chains that combine paths: not inside a function, a power or a `1 - x`."""
    parents: dict[tuple[int, ...], Expr] = {}
    for path, node in positions(e):
        parents[path] = node
        if not (isinstance(node, BinOp) and node.op in ("+", "-")):
            continue
        parent = parents.get(path[:-1]) if path else None
        if isinstance(parent, BinOp) and parent.op in ("+", "-") and path[-1] == 0:
            continue  # inside a longer chain: the chain's head is the site
        if any(isinstance(parents[path[:k]], (Call, Pow)) for k in range(len(path))):
            continue
        if any(isinstance(t, Num) or (isinstance(t, Neg) and isinstance(t.operand, Num))
               for t in sum_terms(node)):  # fmt: skip
            continue
        yield path, node


def _where(ctx: _Context, root: Expr, path: tuple[int, ...]) -> str:
    """` (in the path through W_f)` for a place inside one term of a sum (the innermost sum
    that holds it), else ``."""
    best: tuple[int, str] | None = None
    for site_path, site in _sum_sites(root):
        if path[: len(site_path)] != site_path:
            continue
        terms = sum_terms(site)
        for term_path, term in zip(_term_paths(site, site_path), terms, strict=True):
            if path[: len(term_path)] == term_path and (best is None or len(term_path) > best[0]):
                best = (len(term_path), _place(ctx, term))
    return f" (in {best[1]})" if best else ""


def _term_paths(e: Expr, path: tuple[int, ...]) -> list[tuple[int, ...]]:
    if isinstance(e, BinOp) and e.op in ("+", "-"):
        right = (*path, 1)
        return [*_term_paths(e.left, (*path, 0)), right]
    return [path]


# --- the mutations ---------------------------------------------------------------------------


def _other_convention(ctx: _Context, label: str) -> str:
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


def _one_step_share(ctx: _Context, form: Expr) -> list[Generated]:
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


def _dropped_paths(ctx: _Context, form: Expr) -> list[Generated]:
    out = []
    for path, site in _sum_sites(form):
        terms = sum_terms(site)
        for k, term in enumerate(terms):
            rest = terms[:k] + terms[k + 1 :]
            if isinstance(rest[0], Neg) and len(rest) == 1:
                smaller: Expr = rest[0]
            else:
                smaller = add_all(rest)
            what = _describe(ctx, term)
            if what.startswith("g_t,"):
                line = (
                    "the step's own loss gradient g_t is missing: the total at step t is g_t plus "
                    "what comes back from step t+1"
                )
            elif what.startswith("g_"):
                line = f"a term is missing: {what}"
            else:
                line = f"a term is missing: {what.replace('the one', 'the path')}"
            out.append(Generated("missing_path", replace_at(form, path, smaller), line))
        if 3 <= len(terms) <= 6:  # two paths left out at once
            for a in range(len(terms)):
                for b in range(a + 1, len(terms)):
                    rest = [t for k, t in enumerate(terms) if k not in (a, b)]
                    names = " and ".join(
                        _describe(ctx, terms[k]).replace("the one", "the path") for k in (a, b)
                    )
                    line = f"two terms are missing: {names}"
                    tree = replace_at(form, path, add_all(rest))
                    out.append(Generated("missing_paths", tree, line))
    return out


def _slope_of(node: Expr) -> Expr | None:
    """P for a tanh slope `1 - P**2`, else None."""
    if (
        isinstance(node, BinOp)
        and node.op == "-"
        and isinstance(node.left, Num)
        and node.left.value == 1
        and isinstance(node.right, Pow)
        and node.right.exponent == 2
    ):
        return node.right.base
    return None


def _sigmoid_gates(ctx: _Context) -> list[str]:
    return [
        eq.name
        for eq in ctx.cell.equations
        if isinstance(eq.rhs, Call) and eq.rhs.func == "sigmoid" and isinstance(eq.rhs.arg, Sym)
    ]


def _chains(form: Expr) -> Iterator[tuple[tuple[int, ...], list[Expr]]]:
    """Maximal elementwise product chains, with their factors."""
    parents: dict[tuple[int, ...], Expr] = {}
    for path, node in positions(form):
        parents[path] = node
        if not (isinstance(node, BinOp) and node.op == "*"):
            continue
        parent = parents.get(path[:-1]) if path else None
        if isinstance(parent, BinOp) and parent.op == "*":
            continue
        yield path, factors(node)


def _slopes(ctx: _Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    gates = _sigmoid_gates(ctx)
    # σ'(a) = X(1 - X) inside a product chain
    for path, chain in _chains(form):
        for i, x in enumerate(chain):
            for j, y in enumerate(chain):
                if not (i != j and isinstance(y, BinOp) and y.op == "-" and y.right == x
                        and isinstance(y.left, Num) and y.left.value == 1):  # fmt: skip
                    continue
                where = _where(ctx, form, path)
                gate = ctx.show(x)

                def swap(
                    new_x: Expr,
                    new_y: Expr | None,
                    i: int = i,
                    j: int = j,
                    chain: list[Expr] = chain,
                    path: tuple[int, ...] = path,
                ) -> Expr:
                    kept = [f for k, f in enumerate(chain) if k not in (i, j)]
                    kept.insert(min(i, j), new_x)
                    if new_y is not None:
                        kept.insert(min(i, j) + 1, new_y)
                    return replace_at(form, path, multiply_all(kept))

                out.append(Generated(
                    "tanh_slope_for_sigmoid",
                    swap(BinOp("-", Num(1), Pow(x, 2)), None),
                    f"1 − {gate}² is the slope of tanh; {gate} is a sigmoid gate, whose slope is "
                    f"{gate}(1 − {gate}){where}",
                ))  # fmt: skip
                out.append(Generated(
                    "sigma_slope_plus",
                    swap(x, BinOp("+", Num(1), x)),
                    f"σ' is σ(1 − σ), not σ(1 + σ): check the slope of {gate}{where}",
                ))  # fmt: skip
                rest = [f for k, f in enumerate(chain) if k not in (i, j)]
                if rest:
                    out.append(Generated(
                        "missing_gate_slope",
                        replace_at(form, path, multiply_all(rest)),
                        f"the slope of the gate {gate} is missing: σ'(a) = {gate}(1 − {gate})"
                        f"{where}",
                    ))  # fmt: skip
                if isinstance(x, Sym):
                    for other in gates:
                        if other != x.name:
                            o = Sym(other, x.step)
                            out.append(Generated(
                                f"slope_of_{other}",
                                swap(o, BinOp("-", Num(1), o)),
                                f"the slope of {ctx.show(o)} stands where {gate}'s belongs: "
                                f"{gate}(1 − {gate}){where}",
                            ))  # fmt: skip
    # tanh'(a) = 1 - P²
    for path, node in positions(form):
        p = _slope_of(node)
        if p is None:
            continue
        where = _where(ctx, form, path)
        shown = ctx.show(p)
        out.append(Generated(
            "sigmoid_slope_for_tanh",
            replace_at(form, path, BinOp("*", p, BinOp("-", Num(1), p))),
            f"{shown}(1 − {shown}) is the slope of a sigmoid; {shown} comes from tanh, whose "
            f"slope is 1 − {shown}²{where}",
        ))  # fmt: skip
        out.append(Generated(
            "tanh_slope_sign",
            replace_at(form, path, BinOp("+", Num(1), Pow(p, 2))),
            f"sign error in the slope of tanh: tanh' = 1 − tanh², not 1 + tanh²{where}",
        ))  # fmt: skip
        moved = _previous(p)
        if moved is not None:
            out.append(Generated(
                "slope_at_previous_step",
                replace_at(form, path, BinOp("-", Num(1), Pow(moved, 2))),
                f"the slope of tanh is taken at this step's value: 1 − {shown}², not "
                f"1 − {ctx.show(moved)}²{where}",
            ))  # fmt: skip
        out += _missing_slope(ctx, form, path, shown, where)
    return out


def _factors(ctx: _Context, form: Expr) -> list[Generated]:
    """One factor of an elementwise product left out (a gate, a gain, relu's slope step(a)),
    and a slope replaced by the function's own value (h for 1 − h², relu(a) for step(a))."""
    out: list[Generated] = []
    for path, chain in _chains(form):
        if len(chain) < 2:
            continue
        where = _where(ctx, form, path)
        for k, f in enumerate(chain):
            rest = chain[:k] + chain[k + 1 :]
            if isinstance(f, Call) and f.func == "step":
                line = f"the slope of relu, {ctx.show(f)}, is missing{where}"
                name = "missing_relu_slope"
            else:
                line = f"the factor {ctx.show(f)} is missing{where}"
                name = "missing_factor"
            out.append(Generated(name, replace_at(form, path, multiply_all(rest)), line))
    vectors = [ctx.cell.input, *ctx.cell.states, *ctx.cell.defined]
    for path, chain in _chains(form):
        where = _where(ctx, form, path)
        for k, f in enumerate(chain):
            if not isinstance(f, Sym) or f.name not in vectors or f.name.startswith("d_"):
                continue
            options = [Sym(v) for v in vectors if v != ctx.cell.input]
            options += [Sym(state, -1) for state in ctx.cell.states]
            for new in options:
                if (new.name, new.step) == (f.name, f.step):
                    continue
                swapped = multiply_all([*chain[:k], new, *chain[k + 1 :]])
                line = f"{ctx.show(new)} stands where {ctx.show(f)} belongs{where}"
                out.append(Generated("wrong_factor", replace_at(form, path, swapped), line))
    for path, node in positions(form):
        if isinstance(node, Call) and node.func == "diag" and ctx.target.kind == JACOBIAN:
            line = (
                f"I stands where {ctx.show(node)} belongs: this path is scaled by "
                f"{ctx.show(node.arg)}, not carried unchanged{_where(ctx, form, path)}"
            )
            out.append(Generated("identity_for_diag", replace_at(form, path, Sym("I")), line))
            if isinstance(node.arg, Call) and node.arg.func == "step":
                out += _missing_slope(
                    ctx, form, (*path, 0), ctx.show(node.arg), _where(ctx, form, path), "relu"
                )
        if isinstance(node, Call) and node.func == "step":
            value = Call("relu", node.arg)
            line = (
                f"{ctx.show(value)} stands where its slope {ctx.show(node)} belongs: relu' is 1 "
                f"where the argument is positive, else 0{_where(ctx, form, path)}"
            )
            out.append(Generated("function_for_slope", replace_at(form, path, value), line))
        p = _slope_of(node)
        if p is not None:
            line = (
                f"{ctx.show(p)} stands where the slope of tanh, 1 − {ctx.show(p)}², belongs"
                f"{_where(ctx, form, path)}"
            )
            out.append(Generated("function_for_slope", replace_at(form, path, p), line))
    return out


def _complements(ctx: _Context, form: Expr) -> list[Generated]:
    """A gate where its complement belongs and back: z for 1 − z (the GRU's convention slip)."""
    out: list[Generated] = []
    gates = set(_sigmoid_gates(ctx))
    parents: dict[tuple[int, ...], Expr] = {}
    for path, node in positions(form):
        parents[path] = node
        if (
            isinstance(node, BinOp)
            and node.op == "-"
            and isinstance(node.left, Num)
            and node.left.value == 1
            and isinstance(node.right, Sym)
            and node.right.name in gates
        ):
            line = f"{ctx.show(node.right)} stands where 1 − {ctx.show(node.right)} belongs"
            out.append(Generated("complement", replace_at(form, path, node.right),
                                 line + _where(ctx, form, path)))  # fmt: skip
        elif isinstance(node, Sym) and node.name in gates:
            parent = parents.get(path[:-1]) if path else None
            if isinstance(parent, BinOp) and parent.op == "-" and path[-1] == 1:
                continue  # the z of a 1 - z
            flipped = BinOp("-", Num(1), node)
            line = f"1 − {ctx.show(node)} stands where {ctx.show(node)} belongs"
            out.append(Generated("complement", replace_at(form, path, flipped),
                                 line + _where(ctx, form, path)))  # fmt: skip
    return out


def _previous(p: Expr) -> Expr | None:
    """`h` -> `h_{t-1}`, `tanh(c)` -> `tanh(c_{t-1})`: the slope's argument a step back."""
    if isinstance(p, Sym) and p.step == 0:
        return Sym(p.name, -1)
    if isinstance(p, Call) and isinstance(p.arg, Sym) and p.arg.step == 0:
        return Call(p.func, Sym(p.arg.name, -1))
    return None


def _missing_slope(
    ctx: _Context, form: Expr, path: tuple[int, ...], shown: str, where: str, of: str = "tanh"
) -> list[Generated]:
    """A slope left out: from a product chain, or `diag(1 - h²) @ W` -> `W`."""
    slope = f"1 − {shown}²" if of == "tanh" else shown
    line = f"the slope of {of} is missing: {slope} multiplies this path{where}"
    if len(path) >= 1:
        parent_path = path[:-1]
        parent = dict(positions(form))[parent_path]
        if isinstance(parent, Call) and parent.func == "diag" and len(parent_path) >= 1:
            grand_path = parent_path[:-1]
            grand = dict(positions(form))[grand_path]
            if isinstance(grand, BinOp) and grand.op == "@" and parent_path[-1] == 0:
                return [Generated("missing_activation_slope",
                                  replace_at(form, grand_path, grand.right), line)]  # fmt: skip
        if isinstance(parent, BinOp) and parent.op == "*":
            other = parent.right if path[-1] == 0 else parent.left
            return [Generated("missing_activation_slope", replace_at(form, parent_path, other),
                              line)]  # fmt: skip
    return []


def _transposes(ctx: _Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    backward = ctx.target.kind != JACOBIAN
    sites = []
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
        where = _where(ctx, form, path)
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


def _swaps(ctx: _Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    for path, node in positions(form):
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        left, right = node.left, node.right
        where = _where(ctx, form, path)
        if isinstance(right, Transpose) and not _is_matrix(ctx, right.operand):
            # an outer product δ uᵀ, written u δᵀ
            flipped = BinOp("@", right.operand, Transpose(left))
            line = (
                f"the outer product is the wrong way round: a gradient has the shape of its "
                f"weight, so the gradient {ctx.show(left)} stands on the left: "
                f"{ctx.show(node)}, not {ctx.show(flipped)}{where}"
            )
            out.append(Generated("outer_product_order", replace_at(form, path, flipped), line))
            out += _other_vectors(ctx, form, path, left, right.operand)
            continue
        swapped = BinOp("@", right, left)
        if isinstance(left, Call) and left.func == "diag":
            line = (
                f"the product is in the wrong order: the slope {ctx.show(left)} acts after "
                f"{ctx.show(right)}, so it stands on the left (matrix products do not commute)"
                f"{where}"
            )
        else:
            line = (
                f"the product {ctx.show(node)} is in the wrong order: matrix products do not "
                f"commute{where}"
            )
        out.append(Generated("wrong_order", replace_at(form, path, swapped), line))
    return out


def _other_vectors(
    ctx: _Context, form: Expr, path: tuple[int, ...], gradient: Expr, u: Expr
) -> list[Generated]:
    """δ h_{t-1}ᵀ where δ xᵀ belongs (and back): the outer product with the wrong input."""
    if not isinstance(u, Sym):
        return []
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


def _is_matrix(ctx: _Context, e: Expr) -> bool:
    return (isinstance(e, Sym) and e.name in ctx.matrices) or isinstance(e, Transpose)


def _steps(ctx: _Context, form: Expr) -> list[Generated]:
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
            tree = _shift_all(form, node, new)
            line = f"{ctx.show(new)} stands where {ctx.show(node)} belongs"
            parent = dict(positions(form)).get(path[:-1]) if path else None
            if isinstance(parent, Transpose) and node.step == -1 and step == 0:
                line += (
                    ": a weight's gradient pairs δ with what the weight multiplied, "
                    f"{ctx.show(node)}"
                )
            out.append(Generated("wrong_step", tree, line))
    return out


def _shift_all(form: Expr, old: Sym, new: Sym) -> Expr:
    from interviewkit.math.expr import transform

    return transform(
        form,
        lambda e: new if isinstance(e, Sym) and (e.name, e.step) == (old.name, old.step) else None,
    )


def _weight_roles(ctx: _Context, form: Expr) -> list[Generated]:
    """The input weights where the recurrent ones belong, and back (U_f for W_f)."""
    pairs = _weight_pairs(ctx.cell)
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
            line = (
                f"{', '.join(mapping.values())} act on {x}_t; the previous state enters through "
                f"{', '.join(mapping)}"
            )
        else:
            line = f"{', '.join(mapping.values())} act on the previous state; {x}_t enters "
            line += f"through {', '.join(mapping)}"
        out.append(Generated("input_weights" if swap_to_input else "recurrent_weights", tree,
                             line))  # fmt: skip
    return out


def _weight_pairs(cell: CellSpec) -> list[tuple[str, str]]:
    """(recurrent weight, input weight) pairs that feed the same equation."""
    pairs = []
    for eq in cell.equations:
        recurrent = input_ = None
        for node in walk(eq.rhs):
            if isinstance(node, BinOp) and node.op == "@" and isinstance(node.left, Sym):
                p = cell.params.get(node.left.name)
                if p is not None and p.role == "recurrent" and recurrent is None:
                    recurrent = p.name
                if p is not None and p.role == "input" and input_ is None:
                    input_ = p.name
        if recurrent and input_:
            pairs.append((recurrent, input_))
    return pairs


def _signs(ctx: _Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    for path, site in _sum_sites(form):
        terms = sum_terms(site)
        for k, term in enumerate(terms):
            flipped = term.operand if isinstance(term, Neg) else Neg(term)
            new = add_all([*terms[:k], flipped, *terms[k + 1 :]])
            line = f"the term `{ctx.show(term)}` has the wrong sign; the other terms are right"
            out.append(Generated("sign", replace_at(form, path, new), line))
    return out


__all__ = ["BACKWARD", "Generated", "generate"]
