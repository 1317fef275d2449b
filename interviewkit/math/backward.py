"""The backward pass of one step, and backpropagation through time, from a cell's equations.

Reverse mode over the equation graph: the total gradient `d_X` of a quantity X is what flows back
from every equation that reads X (its consumers Y), each through the atom X enters:
- X itself, elementwise: `d_Y * ∂φ_Y/∂X` (SymPy's partial, in gate names);
- a product `W @ u` with X in u: `∂u/∂X * (Wᵀ @ (d_Y * ∂φ_Y/∂(W @ u)))`;
- the weight W of `W @ u`: `(d_Y * ∂φ_Y/∂(W @ u)) @ uᵀ` (an outer product).
A state also receives its upstream gradient: `g_S` for one step, `g_t` and the next step's
totals through time.

Each gradient comes in three forms: `local` (in the consumers' totals `d_Y`), `shown` (the
totals a learner would name kept: pre-activations, and states for BPTT; others written out),
and `expanded` (written out down to the upstream gradients, for generated mistakes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from interviewkit.errors import NotationError
from interviewkit.math.cellspec import CellSpec
from interviewkit.math.expr import (
    BinOp,
    Expr,
    Neg,
    SumSteps,
    Sym,
    Transpose,
    add_all,
    multiply_all,
    shift,
    sum_terms,
    transform,
)
from interviewkit.math.graph import atoms
from interviewkit.math.symbolic import Scalar


@dataclass(frozen=True)
class BackPath:
    """What flows back to X from one consumer: `consumer`'s total through `via`."""

    consumer: str
    equation: Expr
    via: Expr
    contribution: Expr  # in terms of d_<consumer>


@dataclass(frozen=True)
class BackStep:
    """The total gradient of one quantity: its upstream part and the paths back into it."""

    node: Sym
    upstream: Expr | None
    paths: tuple[BackPath, ...]
    local: Expr  # d_X = upstream + Σ contributions


def total(name: str, step: int = 0) -> Sym:
    """`d_X`, the total ∂L/∂X, as a name."""
    return Sym(f"d_{name}", step)


class Backward:
    """The backward pass of one cell, with memo: local forms and their written-out forms."""

    def __init__(self, cell: CellSpec, scalar: Scalar | None = None) -> None:
        self.cell = cell
        self.s = scalar or Scalar(cell)
        self.memo: dict[tuple[str, int, bool], BackStep] = {}
        self.params = set(cell.params)

    # --- one step -------------------------------------------------------------------------

    def local(self, x: Sym, sequence: bool = False) -> BackStep:
        """d_X in terms of its consumers' totals; a state at step t also gets its upstream."""
        k = (x.name, x.step, sequence)
        if k in self.memo:
            return self.memo[k]
        paths: list[BackPath] = []
        for eq in self.cell.equations:
            for atom in atoms(eq.rhs):
                c = self._through(eq.name, eq.rhs, atom, x)
                if c is not None:
                    paths.append(BackPath(eq.name, eq.rhs, atom, c))
        upstream: Expr | None = None
        if x.step == 0 and x.name in self.cell.states:
            first = x.name == self.cell.states[0]
            if not sequence:
                upstream = Sym(f"g_{x.name}")
            elif first:
                upstream = Sym("g")
        terms = ([upstream] if upstream is not None else []) + [p.contribution for p in paths]
        step = BackStep(x, upstream, tuple(paths), add_all(terms))
        self.memo[k] = step
        return step

    def _through(self, consumer: str, rhs: Expr, atom: Expr, x: Sym) -> Expr | None:
        """What flows back to `x` from `consumer` through `atom`, or None."""
        d = total(consumer)
        if isinstance(atom, Sym):
            if (atom.name, atom.step) != (x.name, x.step):
                return None
            return self._times(d, self.s.partial(rhs, atom))
        assert isinstance(atom, BinOp) and atom.op == "@"
        matrix, u = atom.left, atom.right
        if not isinstance(matrix, Sym) or matrix.name not in self.params:
            if _mentions(matrix, x):
                raise NotationError(
                    f"cannot differentiate through {consumer}: a matrix product's left side "
                    "must be a parameter"
                )
            return None
        if (matrix.name, matrix.step) == (x.name, x.step):  # the weight's own gradient
            g = self._times(d, self.s.partial(rhs, atom))
            return BinOp("@", g, Transpose(u))
        if not _mentions(u, x):
            return None
        inner = self.s.partial(u, x)
        if inner == 0:
            return None
        back = BinOp("@", Transpose(matrix), self._times(d, self.s.partial(rhs, atom)))
        neg, coef = self.s.sign((inner,))
        out: Expr = multiply_all([*self.s.factors(coef), back]) if coef else back
        return Neg(out) if neg else out

    def _times(self, d: Expr, partial: Any) -> Expr:
        """d ⊙ partial, with the partial's factors after d (path order)."""
        neg, coef = self.s.sign((partial,))
        out = multiply_all([d, *self.s.factors(coef)]) if coef else d
        return Neg(out) if neg else out

    # --- written-out forms ------------------------------------------------------------------

    def form(self, x: Sym, keep: Callable[[str], bool], sequence: bool = False) -> Expr:
        """d_X with every total at step t written out unless `keep(name)` says it stays."""
        return self.inline(self.local(x, sequence).local, keep, sequence)

    def inline(self, e: Expr, keep: Callable[[str], bool], sequence: bool = False) -> Expr:
        """`e` with the step-t totals d_Y written out (recursively) unless `keep(Y)`."""

        def swap(node: Expr) -> Expr | None:
            if isinstance(node, Sym) and node.step == 0 and node.name.startswith("d_"):
                name = node.name[2:]
                if name in self.cell.defined and not keep(name):
                    return self.form(Sym(name), keep, sequence)
            return None

        return transform(e, swap)

    def kept_one_step(self, name: str) -> bool:
        """Totals a learner names in one step: pre-activations and states after the first."""
        return name in self.cell.preactivations or (
            name in self.cell.states and name != self.cell.states[0]
        )

    def kept_sequence(self, name: str) -> bool:
        """Totals a learner names through time: pre-activations and every state."""
        return name in self.cell.preactivations or name in self.cell.states

    def one_step(self, x: Sym) -> tuple[Expr, Expr]:
        """(shown, expanded) forms of ∂L/∂X for one step."""
        shown = self.form(x, self.kept_one_step)
        expanded = self.form(x, lambda _name: False)
        return shown, expanded

    # --- through time ---------------------------------------------------------------------

    def recursion(self, state: str) -> Expr:
        """The total d_S at step t: g_t for the output, what flows back within step t, and
        what flows back from step t+1 (the next step's totals)."""
        keep = self.kept_sequence
        within = self.form(Sym(state), keep, sequence=True)
        across = self.form(Sym(state, -1), keep, sequence=True)
        fixed = self.params.__contains__
        parts = [within, shift(across, 1, fixed)]
        return add_all([t for part in parts if not _is_zero(part) for t in sum_terms(part)])

    def recursion_of(self, name: str) -> Expr:
        """The total d_A of a pre-activation, its states' totals replaced by their recursions."""
        shown = self.form(Sym(name), self.kept_sequence, sequence=True)
        states = {s: self.recursion(s) for s in self.cell.states}
        return transform(
            shown,
            lambda n: (
                states[n.name[2:]]
                if isinstance(n, Sym)
                and n.step == 0
                and n.name[2:] in states
                and n.name.startswith("d_")
                else None
            ),
        )

    def sequence_total(self, param: str) -> Expr:
        """Σ_t of this step's share of a weight's gradient, in the totals a learner names."""
        return SumSteps(self.form(Sym(param), self.kept_sequence, sequence=True))

    def steps_for(
        self, x: Sym, keep: Callable[[str], bool], sequence: bool = False
    ) -> list[BackStep]:
        """The BackSteps a written-out form passes through: x first, then each total written
        out, in the order they are met."""
        out: list[BackStep] = []
        todo = [x]
        seen: set[tuple[str, int]] = set()
        while todo:
            node = todo.pop(0)
            if (node.name, node.step) in seen:
                continue
            seen.add((node.name, node.step))
            step = self.local(node, sequence)
            out.append(step)
            for p in step.paths:
                if p.consumer in self.cell.defined and not keep(p.consumer):
                    todo.append(Sym(p.consumer))
        return out


def _mentions(e: Expr, x: Sym) -> bool:
    from interviewkit.math.expr import walk

    return any(isinstance(n, Sym) and (n.name, n.step) == (x.name, x.step) for n in walk(e))


def _is_zero(e: Expr) -> bool:
    from interviewkit.math.expr import Num

    return isinstance(e, Num) and e.value == 0


__all__ = ["BackPath", "BackStep", "Backward", "add_all", "total"]
