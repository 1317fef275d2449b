"""What every mutation shares: the wrong answer it makes, and the places of a reference tree.

A place is described the way a learner recognises it: the path through W_f, the term with g_h,
the direct path. `sum_sites` are the sums that combine paths, `chains` the elementwise products.
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
    Sym,
    factors,
    positions,
    sum_terms,
    walk,
)
from interviewkit.math.printer import to_unicode

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
class Context:
    target: Target
    cell: CellSpec
    timed: tuple[str, ...]

    def show(self, e: Expr) -> str:
        return to_unicode(e, self.timed)

    @property
    def matrices(self) -> set[str]:
        return {p.name for p in self.cell.params.values() if len(p.shape) == 2}


def describe(ctx: Context, term: Expr) -> str:
    """`the one through W_f`, `g_c (what arrives from step t+1)`, `the direct one`."""
    return describe_term(ctx.cell, term, ctx.timed)


def describe_term(cell: CellSpec, term: Expr, timed: tuple[str, ...] = ()) -> str:
    """How a learner recognises one term of a sum: the weights it passes through, else the
    upstream gradient or the total it carries, else the gain it is scaled by."""
    syms = [n for n in walk(term) if isinstance(n, Sym)]
    matrices = {p.name for p in cell.params.values() if len(p.shape) == 2}
    weights = [n.name for n in syms if n.name in matrices]
    if weights:  # a peephole's gain tells its path from the others through the same weights
        weights += [n.name for n in syms if getattr(cell.params.get(n.name), "role", "") == "gain"]
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
    if len(to_unicode(term, timed)) <= 40:
        return f"the term {to_unicode(term, timed)}"
    return "the direct one (no weight matrix)"


def place(ctx: Context, term: Expr) -> str:
    """`the path through W_f`, `the term with g_h`: where a slip sits, in a few words."""
    what = describe(ctx, term)
    if what.startswith(("the direct one", "the term ")):
        return f"the direct path {ctx.show(term)}"
    if what.startswith("the one"):
        return what.replace("the one", "the path")
    return f"the term with {what.split(',')[0]}"


def _ordered_names(e: Expr) -> list[str]:
    return [n.name for n in walk(e) if isinstance(n, Sym)]


def sum_sites(e: Expr) -> Iterator[tuple[tuple[int, ...], Expr]]:
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


def locate(ctx: Context, root: Expr, path: tuple[int, ...]) -> str:
    """` (in the path through W_f)` for a place inside one term of a sum (the innermost sum
    that holds it), else ``."""
    best: tuple[int, Expr] | None = None
    for term_path, term in term_places(root):
        if path[: len(term_path)] == term_path and (best is None or len(term_path) > best[0]):
            best = (len(term_path), term)
    return f" (in {place(ctx, best[1])})" if best else ""


#: The terms of every sum site of a recent root, by the root's identity (a form is mutated in
#: thousands of places; its sites are found once, and the root is kept so its id stays its own).
_PLACES: dict[int, tuple[Expr, list[tuple[tuple[int, ...], Expr]]]] = {}


def term_places(root: Expr) -> list[tuple[tuple[int, ...], Expr]]:
    hit = _PLACES.get(id(root))
    if hit is not None and hit[0] is root:
        return hit[1]
    places = [
        (term_path, term)
        for site_path, site in sum_sites(root)
        for term_path, term in zip(term_paths(site, site_path), sum_terms(site), strict=True)
    ]
    if len(_PLACES) > 64:
        _PLACES.clear()
    _PLACES[id(root)] = (root, places)
    return places


def term_paths(e: Expr, path: tuple[int, ...]) -> list[tuple[int, ...]]:
    if isinstance(e, BinOp) and e.op in ("+", "-"):
        right = (*path, 1)
        return [*term_paths(e.left, (*path, 0)), right]
    return [path]


# --- the mutations ---------------------------------------------------------------------------


def chains(form: Expr) -> Iterator[tuple[tuple[int, ...], list[Expr]]]:
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


def sigmoid_gates(ctx: Context) -> list[str]:
    return [
        eq.name
        for eq in ctx.cell.equations
        if isinstance(eq.rhs, Call) and eq.rhs.func == "sigmoid" and isinstance(eq.rhs.arg, Sym)
    ]


def slope_of(node: Expr) -> Expr | None:
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


def previous(p: Expr) -> Expr | None:
    """`h` -> `h_{t-1}`, `tanh(c)` -> `tanh(c_{t-1})`: the slope's argument a step back."""
    if isinstance(p, Sym) and p.step == 0:
        return Sym(p.name, -1)
    if isinstance(p, Call) and isinstance(p.arg, Sym) and p.arg.step == 0:
        return Call(p.func, Sym(p.arg.name, -1))
    return None


def shift_all(form: Expr, old: Sym, new: Sym) -> Expr:
    from interviewkit.math.expr import transform

    return transform(
        form,
        lambda e: new if isinstance(e, Sym) and (e.name, e.step) == (old.name, old.step) else None,
    )


def weight_pairs(cell: CellSpec) -> list[tuple[str, str]]:
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
