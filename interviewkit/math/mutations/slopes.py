"""Mutations of the slopes and factors of elementwise products: the other activation's slope,
a slope's sign, argument or gate, a factor left out, a gate for its complement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    BinOp,
    Call,
    Expr,
    Num,
    Pow,
    Sym,
    add_all,
    factors,
    multiply_all,
    positions,
    replace_at,
    sum_terms,
    walk,
)
from interviewkit.math.targets import JACOBIAN

if TYPE_CHECKING:
    pass

from interviewkit.math.mutations.sites import (
    Context,
    Generated,
    chains,
    locate,
    previous,
    sigmoid_gates,
    slope_of,
    sum_sites,
)


def slopes(ctx: Context, form: Expr) -> list[Generated]:
    out: list[Generated] = []
    gates = sigmoid_gates(ctx)
    # σ'(a) = X(1 - X) inside a product chain
    for path, chain in chains(form):
        for i, x in enumerate(chain):
            for j, y in enumerate(chain):
                if not (i != j and isinstance(y, BinOp) and y.op == "-" and y.right == x
                        and isinstance(y.left, Num) and y.left.value == 1):  # fmt: skip
                    continue
                where = locate(ctx, form, path)
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
                pre = _sigmoid_argument(ctx, x)
                if pre is not None:
                    out.append(Generated(
                        "tanh_slope_for_sigmoid",
                        swap(Pow(Call("sech", pre), 2), None),
                        f"sech²({ctx.show(pre)}) is the slope of tanh; {gate} is a sigmoid gate, "
                        f"whose slope is {gate}(1 − {gate}){where}",
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
        p = slope_of(node)
        if p is None:
            continue
        where = locate(ctx, form, path)
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
        arg = _tanh_argument(ctx, p)
        if arg is not None:  # the same slip written with σ of the argument: σ(a)(1 − σ(a))
            sig = Call("sigmoid", arg)
            out.append(Generated(
                "sigmoid_slope_for_tanh",
                replace_at(form, path, BinOp("*", sig, BinOp("-", Num(1), sig))),
                f"σ'({ctx.show(arg)}) = σ(1 − σ) is the slope of a sigmoid; "
                + (f"{shown} = tanh({ctx.show(arg)})" if isinstance(p, Sym) else f"this is {shown}")
                + f", whose slope is 1 − {shown}²{where}",
            ))  # fmt: skip
        moved = previous(p)
        if moved is not None:
            out.append(Generated(
                "slope_at_previous_step",
                replace_at(form, path, BinOp("-", Num(1), Pow(moved, 2))),
                f"the slope of tanh is taken at this step's value: 1 − {shown}², not "
                f"1 − {ctx.show(moved)}²{where}",
            ))  # fmt: skip
        out += missing_slope(ctx, form, path, shown, where)
    return out


def factors_left_out(ctx: Context, form: Expr) -> list[Generated]:
    """One factor of an elementwise product left out (a gate, a gain, relu's slope step(a)),
    and a slope replaced by the function's own value (h for 1 − h², relu(a) for step(a))."""
    out: list[Generated] = []
    for path, chain in chains(form):
        if len(chain) < 2:
            continue
        where = locate(ctx, form, path)
        for k, f in enumerate(chain):
            rest = chain[:k] + chain[k + 1 :]
            if isinstance(f, Call) and f.func == "step":
                line = f"the slope of relu, {ctx.show(f)}, is missing{where}"
                name = "missing_relu_slope"
            else:
                line = f"the factor {ctx.show(f)} is missing{where}"
                name = "missing_factor"
            out.append(Generated(name, replace_at(form, path, multiply_all(rest)), line))
    for path, node in positions(form):
        if isinstance(node, Call) and node.func == "diag" and ctx.target.kind == JACOBIAN:
            line = (
                f"I stands where {ctx.show(node)} belongs: this path is scaled by "
                f"{ctx.show(node.arg)}, not carried unchanged{locate(ctx, form, path)}"
            )
            out.append(Generated("identity_for_diag", replace_at(form, path, Sym("I")), line))
            if isinstance(node.arg, Call) and node.arg.func == "step":
                out += missing_slope(
                    ctx, form, (*path, 0), ctx.show(node.arg), locate(ctx, form, path), "relu"
                )
        if isinstance(node, Call) and node.func == "step":
            value = Call("relu", node.arg)
            line = (
                f"{ctx.show(value)} stands where its slope {ctx.show(node)} belongs: relu' is 1 "
                f"where the argument is positive, else 0{locate(ctx, form, path)}"
            )
            out.append(Generated("function_for_slope", replace_at(form, path, value), line))
            out += _tanh_slope_for_relu(ctx, form, path, node)
        p = slope_of(node)
        if p is not None:
            line = (
                f"{ctx.show(p)} stands where the slope of tanh, 1 − {ctx.show(p)}², belongs"
                f"{locate(ctx, form, path)}"
            )
            out.append(Generated("function_for_slope", replace_at(form, path, p), line))
    return out


def complements(ctx: Context, form: Expr) -> list[Generated]:
    """A gate where its complement belongs and back: z for 1 − z (the GRU's convention slip)."""
    out: list[Generated] = []
    gates = set(sigmoid_gates(ctx))
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
                                 line + locate(ctx, form, path)))  # fmt: skip
        elif isinstance(node, Sym) and node.name in gates:
            parent = parents.get(path[:-1]) if path else None
            if isinstance(parent, BinOp) and parent.op == "-" and path[-1] == 1:
                continue  # the z of a 1 - z
            flipped = BinOp("-", Num(1), node)
            line = f"1 − {ctx.show(node)} stands where {ctx.show(node)} belongs"
            out.append(Generated("complement", replace_at(form, path, flipped),
                                 line + locate(ctx, form, path)))  # fmt: skip
    return out


def missing_slope(
    ctx: Context, form: Expr, path: tuple[int, ...], shown: str, where: str, of: str = "tanh"
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


def slope_arguments(ctx: Context, form: Expr) -> list[Generated]:
    """A slope taken at the wrong place: tanh applied twice (1 − tanh(h)²), the square outside
    (1 − h)², the argument for the value (1 − c² for 1 − tanh(c)²), another tanh's value
    (1 − h² for 1 − h̃²), relu's step at the previous state, a gate's slope mixed with
    another's (f(1 − i))."""
    out: list[Generated] = []
    cell = ctx.cell
    tanh_outputs = [
        eq.name
        for eq in cell.equations
        if isinstance(eq.rhs, Call) and eq.rhs.func == "tanh" and isinstance(eq.rhs.arg, Sym)
    ]
    values: list[Expr] = [Sym(n) for n in tanh_outputs]
    values += [n for n in walk(form) if isinstance(n, Call) and n.func == "tanh"]
    for path, node in positions(form):
        p = slope_of(node)
        if p is not None:
            where = locate(ctx, form, path)
            shown = ctx.show(p)
            if isinstance(p, Sym) and p.name in tanh_outputs:
                twice = BinOp("-", Num(1), Pow(Call("tanh", p), 2))
                line = f"tanh is applied twice: {shown} is already tanh(a), so the slope is 1 − {shown}²"
                out.append(Generated("slope_argument", replace_at(form, path, twice), line + where))
            outside = Pow(BinOp("-", Num(1), p), 2)
            line = f"the square belongs to {shown} alone: tanh' = 1 − {shown}², not (1 − {shown})²"
            out.append(Generated("slope_argument", replace_at(form, path, outside), line + where))
            if isinstance(p, Call) and p.func == "tanh":
                bare = BinOp("-", Num(1), Pow(p.arg, 2))
                arg = ctx.show(p.arg)
                line = f"the slope of tanh at {arg} is 1 − tanh({arg})², not 1 − {arg}²"
                out.append(Generated("slope_argument", replace_at(form, path, bare), line + where))
            for other in values:
                if other == p:
                    continue
                wrong = BinOp("-", Num(1), Pow(other, 2))
                line = (
                    f"the slope of the wrong tanh: 1 − {ctx.show(other)}² stands where "
                    f"1 − {shown}² belongs"
                )
                out.append(Generated("slope_argument", replace_at(form, path, wrong), line + where))
        if isinstance(node, Call) and node.func == "step":
            for state in cell.states:
                moved = Call("step", Sym(state, -1))
                line = (
                    f"relu's slope is taken at this step's {ctx.show(node.arg)}: "
                    f"{ctx.show(node)}, not {ctx.show(moved)}"
                )
                out.append(Generated("slope_argument", replace_at(form, path, moved),
                                     line + locate(ctx, form, path)))  # fmt: skip
    gates = sigmoid_gates(ctx)
    for path, chain in chains(form):
        for i, x in enumerate(chain):
            for j, y in enumerate(chain):
                if not (i != j and isinstance(x, Sym) and x.name in gates and _one_minus(y) == x):
                    continue
                for gate_name in gates:
                    if gate_name == x.name:
                        continue
                    o = Sym(gate_name, x.step)
                    mixed = [*chain]
                    mixed[j] = BinOp("-", Num(1), o)
                    line = (
                        f"the slope of {ctx.show(x)} is {ctx.show(x)}(1 − {ctx.show(x)}): "
                        f"(1 − {ctx.show(o)}) belongs to {ctx.show(o)}"
                    )
                    out.append(Generated("mixed_gate_slope",
                                         replace_at(form, path, multiply_all(mixed)),
                                         line + locate(ctx, form, path)))  # fmt: skip
    return out


def _one_minus(e: Expr) -> Expr | None:
    """X for `1 - X`, else None."""
    if isinstance(e, BinOp) and e.op == "-" and isinstance(e.left, Num) and e.left.value == 1:
        return e.right
    return None


def partial_factor(ctx: Context, form: Expr) -> list[Generated]:
    """A factor that multiplies a whole sum applied to one of its terms only:
    (1 − h²) ⊙ (g_t + W_hᵀ δ_{t+1}) written (1 − h²) ⊙ g_t + W_hᵀ δ_{t+1}."""
    out: list[Generated] = []
    for path, chain in chains(form):
        for k, f in enumerate(chain):
            terms = sum_terms(f)
            if len(terms) < 2 or any(isinstance(t, Num) for t in terms):
                continue
            rest = [g for j, g in enumerate(chain) if j != k]
            for m, term in enumerate(terms):
                scaled = multiply_all([*rest, term]) if k else multiply_all([term, *rest])
                new = add_all([*terms[:m], scaled, *terms[m + 1 :]])
                line = (
                    f"the factor {ctx.show(multiply_all(rest))} multiplies the whole sum "
                    f"{ctx.show(f)}, not only {ctx.show(term)}{locate(ctx, form, path)}"
                )
                out.append(Generated("partial_factor", replace_at(form, path, new), line))
    return out


def normalisations(ctx: Context, form: Expr) -> list[Generated]:
    """A quotient's normalisation left out: f for f / (f + i) in minLSTM."""
    out: list[Generated] = []
    for path, node in positions(form):
        if isinstance(node, BinOp) and node.op == "/" and not isinstance(node.left, Num):
            line = (
                f"the normalisation by {ctx.show(node.right)} is missing: "
                f"{ctx.show(node)}, not {ctx.show(node.left)}{locate(ctx, form, path)}"
            )
            out.append(Generated("missing_normalisation", replace_at(form, path, node.left), line))
            if isinstance(node.right, Pow) and node.right.exponent == 2:
                lower = BinOp("/", node.left, node.right.base)
                line = (
                    f"the quotient rule gives {ctx.show(node.right)} below, not "
                    f"{ctx.show(node.right.base)}: the normaliser depends on the gate too"
                    f"{locate(ctx, form, path)}"
                )
                out.append(Generated("quotient_power", replace_at(form, path, lower), line))
    squared = [
        (path, node)
        for path, node in positions(form)
        if isinstance(node, BinOp) and node.op == "/" and isinstance(node.right, Pow)
        and node.right.exponent == 2
    ]  # fmt: skip
    if len(squared) > 1:  # the same slip in every term
        tree = form
        for path, node in sorted(squared, key=lambda item: item[0], reverse=True):
            tree = replace_at(tree, path, BinOp("/", node.left, node.right.base))  # type: ignore[union-attr]
        line = (
            f"the quotient rule gives {ctx.show(squared[0][1].right)} below in every term, not "
            f"{ctx.show(squared[0][1].right.base)}: the normaliser depends on the gates too"  # type: ignore[union-attr]
        )
        out.append(Generated("quotient_power", tree, line))
    return out


def extra_factors(ctx: Context, form: Expr) -> list[Generated]:
    """A gate multiplied into a term that does not have it: g_c ⊙ f for g_c (f belongs to
    the previous step's cell state, not to this one's)."""
    out: list[Generated] = []
    gates = sigmoid_gates(ctx)
    for site_path, site in sum_sites(form):
        terms = sum_terms(site)
        for k, term in enumerate(terms):
            for gate in gates:
                g = Sym(gate)
                if g in factors(term):
                    continue
                bigger = (
                    multiply_all([term, g])
                    if not isinstance(term, BinOp) or term.op == "*"
                    else BinOp("*", term, g)
                )
                new = add_all([*terms[:k], bigger, *terms[k + 1 :]])
                line = f"{ctx.show(g)} does not belong in the term {ctx.show(term)}"
                out.append(Generated("extra_factor", replace_at(form, site_path, new), line))
    return out


def _tanh_slope_for_relu(
    ctx: Context, form: Expr, path: tuple[int, ...], node: Call
) -> list[Generated]:
    """tanh's slope 1 − h² where relu's step(a) belongs (h = relu(a))."""
    out: list[Generated] = []
    for eq in ctx.cell.equations:
        if isinstance(eq.rhs, Call) and eq.rhs.func == "relu" and eq.rhs.arg == node.arg:
            h = Sym(eq.name, node.arg.step if isinstance(node.arg, Sym) else 0)
            line = (
                f"1 − {ctx.show(h)}² is the slope of tanh; {ctx.show(h)} comes from relu, whose "
                f"slope is {ctx.show(node)}: 1 where the argument is positive, else 0"
                f"{locate(ctx, form, path)}"
            )
            slope = BinOp("-", Num(1), Pow(h, 2))
            out.append(Generated("tanh_slope_for_relu", replace_at(form, path, slope), line))
    return out


def _argument_of(ctx: Context, x: Expr, func: str) -> Expr | None:
    """`a` (at `x`'s step) for a symbol `x` of the cell's equation `x = func(a)`, or None."""
    if not isinstance(x, Sym):
        return None
    for eq in ctx.cell.equations:
        if eq.name == x.name and isinstance(eq.rhs, Call) and eq.rhs.func == func:
            arg = eq.rhs.arg
            return Sym(arg.name, x.step) if isinstance(arg, Sym) else arg
    return None


def _tanh_argument(ctx: Context, p: Expr) -> Expr | None:
    """`a` for the value `h` of `h = tanh(a)` (a named pre-activation), or for `tanh(a)`
    itself; None otherwise."""
    if isinstance(p, Call) and p.func == "tanh":
        return p.arg
    arg = _argument_of(ctx, p, "tanh")
    return arg if isinstance(arg, Sym) else None


def extra_chain_factors(ctx: Context, form: Expr) -> list[Generated]:
    """A factor that belongs to another path multiplied into this one: u on the input's path
    of IndRNN, r on the input's path of the GRU, a gate's slope where the gate reads only x.
    Candidates are the sigmoid gates, their slopes and the elementwise gains; each goes into
    every elementwise product (and beside every lone gradient) that does not have it."""
    gates = [Sym(g) for g in sigmoid_gates(ctx)]
    gains = [Sym(p.name) for p in ctx.cell.params.values() if p.role == "gain"]
    slopes_ = [BinOp("*", g, BinOp("-", Num(1), g)) for g in gates]
    candidates: list[Expr] = [*gates, *gains, *slopes_]
    out: list[Generated] = []
    sites = product_sites(form)
    for path, chain in sites:
        present = set(chain) | {f for c in chain for f in factors(c)}
        for extra in candidates:
            if extra in present or any(isinstance(f, Sym) and f in walk(extra) for f in chain):
                continue
            line = (
                f"an extra factor {ctx.show(extra)}{locate(ctx, form, path)}: nothing on this "
                "path multiplies by it"
            )
            new = multiply_all([*chain, extra]) if len(chain) > 1 else BinOp("*", extra, chain[0])
            out.append(Generated("extra_factor", replace_at(form, path, new), line))
    return out


def _sigmoid_argument(ctx: Context, x: Expr) -> Expr | None:
    """`a_f` for the gate `f = sigmoid(a_f)`, or None."""
    return _argument_of(ctx, x, "sigmoid")


def slopes_for_values(ctx: Context, form: Expr) -> list[Generated]:
    """tanh's slope where tanh's value belongs: 1 − tanh(c)² for the tanh(c) the output gate
    multiplies (the slope belongs to the path through c, the value to the path through o); and
    the argument itself there, c for tanh(c), as if h were o ⊙ c."""
    out: list[Generated] = []
    parents = dict(positions(form))
    for path, node in positions(form):
        if not (isinstance(node, Call) and node.func == "tanh"):
            continue
        parent = parents.get(path[:-1]) if path else None
        if isinstance(parent, Pow):
            continue  # inside a slope already
        slope = BinOp("-", Num(1), Pow(node, 2))
        line = (
            f"1 − {ctx.show(node)}² stands where {ctx.show(node)} belongs: here it is the value "
            f"that multiplies, not its slope{locate(ctx, form, path)}"
        )
        out.append(Generated("slope_for_value", replace_at(form, path, slope), line))
        line = (
            f"{ctx.show(node.arg)} stands where {ctx.show(node)} belongs: the tanh is "
            f"missing{locate(ctx, form, path)}"
        )
        out.append(Generated("argument_for_value", replace_at(form, path, node.arg), line))
    return out


def linear_slopes(ctx: Context, form: Expr) -> list[Generated]:
    """tanh's slope on a quantity that no tanh makes: 1 − h̃² for minGRU's linear candidate."""
    cell = ctx.cell
    made_by_tanh = {
        eq.name for eq in cell.equations if isinstance(eq.rhs, Call) and eq.rhs.func == "tanh"
    }
    linear = [
        Sym(eq.name)
        for eq in cell.equations
        if eq.name not in cell.states
        and eq.name not in made_by_tanh
        and not isinstance(eq.rhs, Call)
        and eq.name not in cell.preactivations
    ]
    out: list[Generated] = []
    for path, chain in product_sites(form) if linear else []:
        for x in linear:
            slope = BinOp("-", Num(1), Pow(x, 2))
            line = (
                f"an extra factor 1 − {ctx.show(x)}²: {ctx.show(x)} comes from no tanh (it is "
                f"linear), so no slope of tanh belongs here{locate(ctx, form, path)}"
            )
            out.append(
                Generated(
                    "linear_slope", replace_at(form, path, multiply_all([*chain, slope])), line
                )
            )
    return out


def product_sites(form: Expr) -> list[tuple[tuple[int, ...], list[Expr]]]:
    """Where a factor can be multiplied in: every elementwise product chain, the argument of
    every diag (a chain of one), and every lone gradient."""
    sites: list[tuple[tuple[int, ...], list[Expr]]] = list(chains(form))
    nodes = dict(positions(form))
    in_chain = {path + tail for path, _ in sites for tail, _n in positions(nodes[path])}
    for path, node in positions(form):
        if path in in_chain:
            continue
        if isinstance(node, Sym) and (node.name == "g" or node.name.startswith(("g_", "d_"))):
            sites.append((path, [node]))
        elif isinstance(node, Call) and node.func == "diag" and (*path, 0) not in in_chain:
            sites.append(((*path, 0), [node.arg]))  # diag(step(a)): a chain of one
    return sites
