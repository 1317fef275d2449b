"""Mutations of names: a quantity at the wrong step (h for h_{t-1}, f_t for f_{t+1})."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewkit.math.expr import (
    Expr,
    Sym,
    Transpose,
    positions,
    replace_at,
    walk,
)
from interviewkit.math.targets import RECURSION, TOTAL

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec

from interviewkit.math.mutations.sites import Context, Generated, locate, shift_all


def steps(ctx: Context, form: Expr) -> list[Generated]:
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
            tree = shift_all(form, node, new)
            line = f"{ctx.show(new)} stands where {ctx.show(node)} belongs"
            parent = dict(positions(form)).get(path[:-1]) if path else None
            if isinstance(parent, Transpose) and node.step == -1 and step == 0:
                line += (
                    ": a weight's gradient pairs δ with what the weight multiplied, "
                    f"{ctx.show(node)}"
                )
            out.append(Generated("wrong_step", tree, line))
    return out


def all_at_step(ctx: Context, form: Expr) -> list[Generated]:
    """Every quantity of step t+1 (or t-1) written at step t: `d_a_f_t` for `d_a_f_{t+1}` in
    every term at once, as a learner who forgot where the totals come from writes it."""
    from interviewkit.math.expr import transform

    if ctx.target.kind not in (RECURSION, TOTAL):
        return []
    out: list[Generated] = []
    for step in (1, -1):
        moved = [n for n in walk(form) if isinstance(n, Sym) and n.step == step]
        if len(moved) < 2:
            continue  # one name moved alone is `steps`' job
        which = "t+1" if step == 1 else "t-1"
        totals = [n for n in moved if n.name.startswith("d_")]
        for only_values in (False, True):
            if only_values and (not totals or len(totals) == len(moved)):
                continue

            def back(e: Expr, step: int = step, only_values: bool = only_values) -> Expr | None:
                if not isinstance(e, Sym) or e.step != step:
                    return None
                if only_values and e.name.startswith("d_"):
                    return None
                return Sym(e.name, 0)

            tree = transform(form, back)
            if only_values:
                shown = ", ".join(dict.fromkeys(ctx.show(n) for n in moved if n not in totals))
                line = f"step t's values stand where step {which}'s belong ({shown})"
            else:
                line = f"step t's quantities stand where step {which}'s belong"
                if step == 1:
                    line += ": what comes back to step t comes from the totals of step t+1"
            out.append(Generated("wrong_steps", tree, line))
    return out


def other_names(ctx: Context, form: Expr) -> list[Generated]:
    """A quantity of the cell where another belongs (c̃ for c_{t-1}, i for f, h for h̃), and
    a total or an upstream gradient where another belongs (δ_c for g_h, g_t for δ_h)."""
    cell = ctx.cell
    sequence = ctx.target.kind in (RECURSION, TOTAL)
    vectors = [Sym(v) for v in (*cell.states, *cell.defined)]
    vectors += [Sym(s, -1) for s in cell.states]
    if sequence:
        totals = [Sym("g")] + [Sym(f"d_{n}", k) for n in _kept(cell) for k in (0, 1)]
    else:
        totals = [Sym(f"g_{s}") for s in cell.states] + [Sym(f"d_{n}") for n in _kept(cell)]
        totals = [t for t in totals if t.name != f"d_{cell.states[0]}"]
    out: list[Generated] = []
    counts: dict[tuple[str, int], int] = {}
    for _path, node in positions(form):
        if isinstance(node, Sym):
            counts[(node.name, node.step)] = counts.get((node.name, node.step), 0) + 1
    done: set[tuple[str, int]] = set()
    for path, node in positions(form):
        if not isinstance(node, Sym):
            continue
        several = counts[(node.name, node.step)] > 1
        if (node.name, node.step) in done and not several:
            continue
        first = (node.name, node.step) not in done
        done.add((node.name, node.step))
        is_total = node.name == "g" or node.name.startswith(("d_", "g_"))
        pool = totals if is_total else vectors
        if not is_total and Sym(node.name, 0 if node.step != -1 else -1) not in pool:
            continue
        for new in pool:
            step = new.step if not sequence or is_total else node.step
            new = Sym(new.name, step)
            if (new.name, new.step) == (node.name, node.step):
                continue
            line = f"{ctx.show(new)} stands where {ctx.show(node)} belongs"
            if (
                is_total
                and node.name[2:] in cell.preactivations
                and (new.name == "g" or new.name[2:] in cell.states)
            ):
                line += f": {ctx.show(node)} is the state's total times the activation's slope"
            name = "wrong_total" if is_total else "wrong_factor"
            if first:  # every occurrence at once
                out.append(Generated(name, shift_all(form, node, new), line))
            if several:  # this one occurrence alone
                line += locate(ctx, form, path)
                out.append(Generated(name, replace_at(form, path, new), line))
    return out


def gate_totals(ctx: Context, form: Expr) -> list[Generated]:
    """A gate's own total δ_f where its pre-activation's δ_a_f belongs (in every term at once,
    and each alone): the weights carry the pre-activation's gradient back, after the slope."""
    from interviewkit.math.expr import Call, transform

    cell = ctx.cell
    gate_of: dict[str, str] = {}
    for eq in cell.equations:
        rhs = eq.rhs
        if (
            isinstance(rhs, Call)
            and isinstance(rhs.arg, Sym)
            and rhs.arg.name in cell.preactivations
        ):
            gate_of[f"d_{rhs.arg.name}"] = f"d_{eq.name}"
    present = {(n.name, n.step) for n in walk(form) if isinstance(n, Sym) and n.name in gate_of}
    if not present:
        return []

    def swap(only: tuple[str, int] | None) -> Expr:
        def one(e: Expr) -> Expr | None:
            if (
                isinstance(e, Sym)
                and (e.name, e.step) in present
                and only in (None, (e.name, e.step))
            ):
                return Sym(gate_of[e.name], e.step)
            return None

        return transform(form, one)

    out: list[Generated] = []
    choices: list[tuple[str, int] | None] = [*sorted(present)]
    if len(present) > 1:
        choices.insert(0, None)
    for only in choices:
        if only is None:
            outputs = [ctx.show(Sym(gate_of[n], k)) for n, k in sorted(present)]
            pre = ", ".join(ctx.show(Sym(n, k)) for n, k in sorted(present))
            line = (
                f"{', '.join(outputs[:-1])} and {outputs[-1]} stand where the pre-activations' "
                f"totals belong ({pre}): a weight carries back δ_a, the total times the slope"
            )
        else:
            name, k = only
            output = Sym(gate_of[name], k)
            line = (
                f"{ctx.show(output)} stands where {ctx.show(Sym(name, k))} belongs: a weight "
                f"carries back the pre-activation's total, {ctx.show(Sym(name, k))} = "
                f"{ctx.show(output)} ⊙ the slope of {ctx.show(Sym(gate_of[name][2:], k))}"
            )
        out.append(Generated("gate_total", swap(only), line))
    return out


def _kept(cell: CellSpec) -> list[str]:
    """The totals a learner names: pre-activations and states."""
    return [*cell.preactivations, *cell.states]


def swapped_values(ctx: Context, form: Expr) -> list[Generated]:
    """Two of the cell's values swapped everywhere: c̃ where c_{t-1} belongs and c_{t-1}
    where c̃ belongs (the f and i blocks of the LSTM's ∂c/∂h_{t-1} mixed up)."""
    from interviewkit.math.expr import transform

    cell = ctx.cell
    skip = set(cell.params) | {"I", "g"}

    def value(n: Expr) -> bool:
        return isinstance(n, Sym) and n.name not in skip and not n.name.startswith(("g_", "d_"))

    seen = list(dict.fromkeys(n for n in walk(form) if value(n)))
    out: list[Generated] = []
    places = [(path, n) for path, n in positions(form) if value(n)]
    for i, (pa, a) in enumerate(places):  # one occurrence of each, where the paths mix
        for pb, b in places[i + 1 :]:
            if a != b:
                where = locate(ctx, form, pa)
                where = "" if where.startswith(" (in the direct path") else where
                line = (
                    f"{ctx.show(a)} and {ctx.show(b)} are swapped{where}: each stands where the "
                    "other belongs"
                )
                tree = replace_at(replace_at(form, pa, b), pb, a)
                out.append(Generated("swapped_values", tree, line))
    for i, a in enumerate(seen):
        for b in seen[i + 1 :]:

            def swap(e: Expr, a: Expr = a, b: Expr = b) -> Expr | None:
                if e == a:
                    return b
                if e == b:
                    return a
                return None

            line = (
                f"{ctx.show(a)} and {ctx.show(b)} are swapped: each stands where the other belongs"
            )
            out.append(Generated("swapped_values", transform(form, swap), line))
    return out
