"""One-step Jacobians by the chain rule over a cell's equation graph, in whiteboard form.

A path through an elementwise atom contributes `diag(∂φ/∂atom) @ J_atom`, a path through
`W @ u` contributes `W @ J_u`. Diagonal factors in a row merge into one `diag(...)`; sums stay
factored. Nothing is expanded into an n×n matrix of sigmoids, and the results are `expr` trees
that the printers write in every notation.

A Jacobian is a sum of `Term`s, each `diag(coef) @ factor @ factor ...`, where a coefficient is a
tuple of SymPy factors kept in path order (the local derivative first, then what it passes
through), so `tanh(c)*o*(1 - o)` reads as the chain rule found it. A factor is a `Weight` (any
matrix expression), a `Diagonal`, or a `Group`: a sum kept factored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewkit.errors import NotationError
from interviewkit.math.cellspec import CellSpec
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Sym, children, multiply_all
from interviewkit.math.graph import atoms
from interviewkit.math.symbolic import Scalar

Coef = tuple[Any, ...]


@dataclass(frozen=True)
class Weight:
    """A matrix factor: a weight (or any matrix expression of the inputs)."""

    expr: Expr


@dataclass(frozen=True)
class Diagonal:
    """diag(coef): elementwise factors met along the path."""

    coef: Coef


@dataclass(frozen=True)
class Group:
    """A sum of terms kept factored: W @ (A + B) rather than W @ A + W @ B."""

    jac: Jac


Factor = Weight | Diagonal | Group


@dataclass(frozen=True)
class Term:
    """diag(coef) @ factors[0] @ factors[1] ..."""

    coef: Coef
    factors: tuple[Factor, ...]


Jac = tuple[Term, ...]
ZERO: Jac = ()
IDENTITY: Jac = (Term((), ()),)


@dataclass(frozen=True)
class Path:
    """One path of the chain rule: node → `via` → ... → the variable we differentiate by.

    `contribution` = `local` @ `through`, with diagonal factors merged.
    """

    via: Expr  # the quantity the path passes through: Sym("o"), or W_h @ (r * h_prev)
    local: Expr  # ∂node/∂via as a matrix: diag(...), or I
    through: Expr  # ∂via/∂wrt (I when via is the variable itself)
    contribution: Expr
    step: int | None  # index of the Step that derives `through`, if there is one


@dataclass(frozen=True)
class Step:
    """The chain rule applied to one quantity: its equation and the paths out of it."""

    node: Expr  # Sym("h"), or an inner expression such as r * h_prev
    equation: Expr | None  # the right-hand side that defines a named node
    wrt: Sym
    paths: tuple[Path, ...]
    result: Expr  # ∂node/∂wrt
    depth: int


def diag_times(sp: Any, coef: Any, j: Jac) -> Jac:
    """diag(coef) @ j, merging adjacent diagonals; sums are kept factored."""
    if not j or coef == 0:
        return ZERO
    if coef == 1:
        return j
    if len(j) == 1:
        return (Term((coef, *j[0].coef), j[0].factors),)
    return (Term((coef,), (Group(j),)),)


def mat_times(w: Expr, j: Jac) -> Jac:
    """W @ j, for the matrix expression W of a product W @ u."""
    if not j:
        return ZERO
    if len(j) == 1:
        c, factors = j[0].coef, j[0].factors
        diag: tuple[Factor, ...] = (Diagonal(c),) if c else ()
        return (Term((), (Weight(w), *diag, *factors)),)
    return (Term((), (Weight(w), Group(j))),)


def add(sp: Any, a: Jac, b: Jac) -> Jac:
    """a + b, adding the coefficients of terms with the same matrix factors."""
    out = list(a)
    for t in b:
        for k, t0 in enumerate(out):
            if t0.factors == t.factors:
                total = sp.Mul(*t0.coef) + sp.Mul(*t.coef)
                out[k] = Term((total,) if total != 1 else (), t0.factors)
                break
        else:
            out.append(t)
    return tuple(t for t in out if not (len(t.coef) == 1 and t.coef[0] == 0))


class Deriver:
    """Differentiates the equations of one cell with respect to one variable, with memo."""

    def __init__(self, cell: CellSpec, wrt: Sym, scalar: Scalar | None = None) -> None:
        self.cell = cell
        self.wrt = Sym(wrt.name, wrt.step)
        self.s = scalar or Scalar(cell)
        self.sp = self.s.sp
        self.eqs = {eq.name: eq.rhs for eq in cell.equations}
        self.memo: dict[str, tuple[Jac, int | None]] = {}
        self.deps: dict[str, bool] = {}
        self.steps: list[Step | None] = []

    def is_wrt(self, e: Expr) -> bool:
        return isinstance(e, Sym) and e.name == self.wrt.name and e.step == self.wrt.step

    def depends(self, e: Expr) -> bool:
        """Whether `e` changes with `wrt` (every other input held fixed)."""
        if isinstance(e, Sym):
            if self.is_wrt(e):
                return True
            if e.step != 0 or e.name not in self.eqs:
                return False
            if e.name not in self.deps:
                self.deps[e.name] = self.depends(self.eqs[e.name])
            return self.deps[e.name]
        return any(self.depends(child) for child in children(e))

    def named(self, name: str, depth: int) -> tuple[Jac, int | None]:
        """∂name/∂wrt, recording its step the first time."""
        if self.is_wrt(Sym(name)):
            return IDENTITY, None
        if name not in self.memo:
            self.memo[name] = self.expression(Sym(name), self.eqs[name], depth)
        return self.memo[name]

    def expression(self, node: Expr, rhs: Expr, depth: int) -> tuple[Jac, int]:
        """∂rhs/∂wrt by the chain rule over its atoms; returns it with its step's index."""
        index = len(self.steps)
        self.steps.append(None)  # reserved: a step is listed before the steps it uses
        total: Jac = ZERO
        paths: list[Path] = []
        direct_first = sorted(atoms(rhs), key=lambda a: not self.is_wrt(a))
        for atom in direct_first:
            if not self.depends(atom):
                continue
            partial = self.s.partial(rhs, atom)
            if partial == 0:
                continue
            if isinstance(atom, Sym):
                through, step = self.inner(atom, depth + 1)
            else:  # W @ u, with W a matrix of inputs (a weight, or a transposed weight)
                assert isinstance(atom, BinOp)
                if self.depends(atom.left):
                    raise NotationError(
                        f"cannot differentiate a product whose matrix depends on {self.wrt.name}"
                    )
                inner, step = self.inner(atom.right, depth + 1)
                through = mat_times(atom.left, inner)
            contribution = diag_times(self.sp, partial, through)
            total = add(self.sp, total, contribution)
            paths.append(
                Path(
                    via=atom,
                    local=self.to_expr(diag_times(self.sp, partial, IDENTITY)),
                    through=self.to_expr(through),
                    contribution=self.to_expr(contribution),
                    step=step,
                )
            )
        equation = rhs if isinstance(node, Sym) else None
        result = self.to_expr(total)
        self.steps[index] = Step(node, equation, self.wrt, tuple(paths), result, depth)
        return total, index

    def inner(self, u: Expr, depth: int) -> tuple[Jac, int | None]:
        """∂u/∂wrt for the vector `u` inside a matrix product (a name, or r * h_prev)."""
        if isinstance(u, Sym) and u.step == 0 and u.name in self.eqs:
            return self.named(u.name, depth)
        if isinstance(u, Sym):
            return (IDENTITY if self.is_wrt(u) else ZERO), None
        return self.expression(u, u, depth)

    # back to expression trees
    def to_expr(self, j: Jac) -> Expr:
        if not j:
            return Num(0)
        out: Expr | None = None
        for t in j:
            term, neg = self.term(t)
            if out is None:
                out = Neg(term) if neg else term
            else:
                out = BinOp("-" if neg else "+", out, term)
        assert out is not None
        return out

    def term(self, t: Term) -> tuple[Expr, bool]:
        neg, coef = self.s.sign(t.coef)
        chain: list[Expr] = []
        if coef:
            chain.append(Call("diag", self.s.product(coef)))
        for f in t.factors:
            if isinstance(f, Weight):
                chain.append(f.expr)
            elif isinstance(f, Diagonal):
                flip, value = self.s.sign(f.coef)
                neg ^= flip
                chain.append(Call("diag", self.s.product(value)) if value else Sym("I"))
            else:
                chain.append(self.to_expr(f.jac))
        if not chain:
            chain.append(Sym("I"))
        return multiply_all(chain, "@"), neg


def jacobian(cell: CellSpec, of: str, wrt: Sym) -> tuple[Expr, list[Step]]:
    """∂`of`/∂`wrt` for `cell`, every other input held fixed, with the steps that found it."""
    deriver = Deriver(cell, wrt)
    j, _ = deriver.named(of, 0)
    steps = [s for s in deriver.steps if s is not None]
    return deriver.to_expr(j), steps
