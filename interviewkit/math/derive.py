"""Derive the cells' Jacobians with SymPy, in the gate form a person writes on a whiteboard.

Every equation of a cell (`interviewkit.math.cells`) is elementwise in its vectors, except for
matrix-vector products. So the derivation splits in two:

- SymPy differentiates the *scalar* elementwise function of each equation, with one symbol per
  vector and one per matrix product (`W_f @ h_prev` is a single atom). Gate values are then
  substituted back for their formulas, so σ'(a_f) comes out as `f*(1 - f)` and tanh'(a) as
  `1 - h**2`.
- The matrix structure comes from the chain rule over the equation graph: a path through an
  elementwise atom contributes `diag(∂φ/∂atom) @ J_atom`, a path through `W @ u` contributes
  `W @ J_u`. Diagonal factors in a row merge into one `diag(...)`; sums stay factored.

Nothing is expanded into an n×n matrix of sigmoids, and the results are `expr` trees that the
printers write in every notation. SymPy is imported only here, lazily, so importing the package
stays cheap.

Examples:
    >>> from interviewkit.math.printer import to_ascii
    >>> [d] = derive("rnn", target="rnn.dh_dhprev")
    >>> to_ascii(d.expr)
    'diag(1 - h**2) @ W_h'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from interviewkit.errors import NotationError
from interviewkit.math.cells import Cell, get_cell
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, Sym, Transpose, children
from interviewkit.math.targets import TARGETS, Target, get_target, shape_text, targets_of

# --- results ----------------------------------------------------------------------------------


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
    wrt: str
    paths: tuple[Path, ...]
    result: Expr  # ∂node/∂wrt
    depth: int


@dataclass(frozen=True)
class Derived:
    """A derived target: the Jacobian as an expression tree, its shape, and how it was found."""

    target: str
    variant: str | None
    expr: Expr
    shape: str  # "n×n" or "n×m"
    steps: list[Step]


# --- SymPy, loaded once and lazily ---------------------------------------------------------------


@cache
def _sympy() -> Any:
    """The sympy module, imported on first use."""
    import sympy

    return sympy


@cache
def _sigmoid() -> Any:
    """A SymPy `sigmoid` function whose derivative is σ(1 - σ), so gates stay in their names."""
    sympy = _sympy()

    class sigmoid(sympy.Function):
        """The logistic function; its derivative is written in terms of itself."""

        def fdiff(self, argindex: int = 1) -> Any:
            s = sigmoid(self.args[0])
            return s * (1 - s)

        def _eval_rewrite_as_exp(self, arg: Any, **kwargs: Any) -> Any:
            return 1 / (1 + sympy.exp(-arg))

    return sigmoid


# --- Jacobians as sums of terms: diag(coef) @ factor @ factor ... ------------------------------
# A coefficient is a tuple of SymPy factors kept in path order (the local derivative first, then
# what it passes through), so `tanh(c)*o*(1 - o)` reads as the chain rule found it. A matrix
# factor is ("M", Sym("W_f")) a weight (any matrix expression), ("D", coef) a diagonal, or
# ("S", J) a sum kept factored.

_Coef = tuple[Any, ...]
_Term = tuple[_Coef, tuple[tuple[str, Any], ...]]  # (coef, factors)
_J = tuple[_Term, ...]
_ZERO: _J = ()
_IDENTITY: _J = (((), ()),)


def _diag_times(coef: Any, j: _J) -> _J:
    """diag(coef) @ j, merging adjacent diagonals; sums are kept factored."""
    if not j or coef == 0:
        return _ZERO
    if coef == 1:
        return j
    if len(j) == 1:
        c, factors = j[0]
        return (((coef, *c), factors),)
    return (((coef,), (("S", j),)),)


def _mat_times(w: Expr, j: _J) -> _J:
    """W @ j, for the matrix expression W of a product W @ u."""
    if not j:
        return _ZERO
    if len(j) == 1:
        c, factors = j[0]
        diag = (("D", c),) if c else ()
        return (((), (("M", w), *diag, *factors)),)
    return (((), (("M", w), ("S", j))),)


def _add(a: _J, b: _J) -> _J:
    """a + b, adding the coefficients of terms with the same matrix factors."""
    sp = _sympy()
    out = list(a)
    for coef, factors in b:
        for k, (c0, f0) in enumerate(out):
            if f0 == factors:
                total = sp.Mul(*c0) + sp.Mul(*coef)
                out[k] = ((total,) if total != 1 else (), f0)
                break
        else:
            out.append((coef, factors))
    return tuple(t for t in out if not (len(t[0]) == 1 and t[0][0] == 0))


def _negative(s: Any) -> bool:
    """Whether a SymPy term carries a minus sign in front (-h_tilde, -2*z), not 1 - z."""
    return bool((s.is_Number and s < 0) or (s.is_Mul and s.as_coeff_Mul()[0] < 0))


# --- the derivation ------------------------------------------------------------------------------


class _Deriver:
    """Differentiates the equations of one cell with respect to one variable, with memo."""

    def __init__(self, cell: Cell, wrt: str) -> None:
        self.sp = _sympy()
        self.cell = cell
        self.wrt = wrt
        self.eqs = dict(cell.equations)
        self.atoms: dict[Any, Expr] = {}  # sympy symbol of a matrix product -> the product
        self.products: dict[Expr, Any] = {}
        self.memo: dict[str, tuple[_J, int | None]] = {}
        self.deps: dict[str, bool] = {}
        self.steps: list[Step | None] = []
        # σ(a_f) -> f, tanh(a_c) -> c_tilde, tanh(a) -> h: derivatives come out in gate names
        self.names = {
            self.scalar(rhs): self.sp.Symbol(lhs)
            for lhs, rhs in cell.equations
            if isinstance(rhs, Call) and isinstance(rhs.arg, Sym)
        }

    # scalar (elementwise) view of an equation
    def scalar(self, e: Expr) -> Any:
        sp = self.sp
        if isinstance(e, Sym):
            return sp.Symbol(e.name)
        if isinstance(e, Num):
            value = float(e.value)
            return sp.Integer(int(value)) if value.is_integer() else sp.Rational(repr(value))
        if isinstance(e, Neg):
            return -self.scalar(e.operand)
        if isinstance(e, Pow):
            return self.scalar(e.base) ** e.exponent
        if isinstance(e, Call) and e.func != "diag":
            funcs = {"sigmoid": _sigmoid(), "tanh": sp.tanh, "sech": sp.sech}
            funcs |= {"exp": sp.exp, "log": sp.log}
            return funcs[e.func](self.scalar(e.arg))
        if isinstance(e, BinOp) and e.op == "@":
            if e not in self.products:
                sym = sp.Symbol(f"_mm{len(self.products)}")
                self.products[e], self.atoms[sym] = sym, e
            return self.products[e]
        if isinstance(e, BinOp):
            a, b = self.scalar(e.left), self.scalar(e.right)
            return {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[e.op]
        raise NotationError(f"cannot differentiate {type(e).__name__} in a cell equation")

    def depends(self, e: Expr) -> bool:
        """Whether `e` changes with `wrt` (every other input held fixed)."""
        if isinstance(e, Sym):
            name = e.name
            if name == self.wrt:
                return True
            if name not in self.eqs:
                return False
            if name not in self.deps:
                self.deps[name] = self.depends(self.eqs[name])
            return self.deps[name]
        return any(self.depends(child) for child in children(e))

    def named(self, name: str, depth: int) -> tuple[_J, int | None]:
        """∂name/∂wrt, recording its step the first time."""
        if name == self.wrt:
            return _IDENTITY, None
        if name not in self.memo:
            self.memo[name] = self.expression(Sym(name), self.eqs[name], depth)
        return self.memo[name]

    def expression(self, node: Expr, rhs: Expr, depth: int) -> tuple[_J, int]:
        """∂rhs/∂wrt by the chain rule over its atoms; returns it with its step's index."""
        index = len(self.steps)
        self.steps.append(None)  # reserved: a step is listed before the steps it uses
        phi = self.scalar(rhs)
        total: _J = _ZERO
        paths: list[Path] = []
        direct_first = sorted(_atoms(rhs), key=lambda a: a != Sym(self.wrt))
        for atom in direct_first:
            if not self.depends(atom):
                continue
            partial = self.sp.diff(phi, self.scalar(atom)).subs(self.names)
            if partial == 0:
                continue
            if isinstance(atom, Sym):
                through, step = self.named(atom.name, depth + 1)
            else:  # W @ u, with W a matrix of inputs (a weight, or a transposed weight)
                assert isinstance(atom, BinOp)
                if self.depends(atom.left):
                    raise NotationError(
                        f"cannot differentiate a product whose matrix depends on {self.wrt}"
                    )
                inner, step = self.inner(atom.right, depth + 1)
                through = _mat_times(atom.left, inner)
            contribution = _diag_times(partial, through)
            total = _add(total, contribution)
            paths.append(
                Path(
                    via=atom,
                    local=self.to_expr(_diag_times(partial, _IDENTITY)),
                    through=self.to_expr(through),
                    contribution=self.to_expr(contribution),
                    step=step,
                )
            )
        equation = rhs if isinstance(node, Sym) else None
        result = self.to_expr(total)
        self.steps[index] = Step(node, equation, self.wrt, tuple(paths), result, depth)
        return total, index

    def inner(self, u: Expr, depth: int) -> tuple[_J, int | None]:
        """∂u/∂wrt for the vector `u` inside a matrix product (a name, or r * h_prev)."""
        if isinstance(u, Sym):
            return self.named(u.name, depth)
        return self.expression(u, u, depth)

    # back to expression trees
    def to_expr(self, j: _J) -> Expr:
        if not j:
            return Num(0)
        out: Expr | None = None
        for coef, factors in j:
            term, negative = self.term(coef, factors)
            if out is None:
                out = Neg(term) if negative else term
            else:
                out = BinOp("-" if negative else "+", out, term)
        assert out is not None
        return out

    def term(self, coef: _Coef, factors: tuple[tuple[str, Any], ...]) -> tuple[Expr, bool]:
        negative, coef = self.sign(coef)
        chain: list[Expr] = []
        if coef:
            chain.append(Call("diag", self.product(coef)))
        for kind, value in factors:
            if kind == "M":
                chain.append(value)
            elif kind == "D":
                flip, value = self.sign(value)
                negative ^= flip
                chain.append(Call("diag", self.product(value)) if value else Sym("I"))
            else:
                chain.append(self.to_expr(value))
        if not chain:
            chain.append(Sym("I"))
        out = chain[0]
        for f in chain[1:]:
            out = BinOp("@", out, f)
        return out, negative

    def sign(self, coef: _Coef) -> tuple[bool, _Coef]:
        """Pull minus signs out of the factors; drop factors equal to 1."""
        negative, out = False, []
        for f in coef:
            if _negative(f):
                negative, f = not negative, -f
            if f != 1:
                out.append(f)
        return negative, tuple(out)

    def product(self, coef: _Coef) -> Expr:
        """The factors as one flat elementwise product, in path order."""
        flat = []
        for f in coef:
            whole = not f.is_Mul or f.as_numer_denom()[1] != 1
            flat.extend([f] if whole else f.as_ordered_factors())
        out = self.to_scalar_expr(flat[0])
        for f in flat[1:]:
            out = BinOp("*", out, self.to_scalar_expr(f))
        return out

    def to_scalar_expr(self, s: Any) -> Expr:
        """A SymPy scalar expression as an `expr` tree (a vector expression, elementwise)."""
        sp = self.sp
        if s.is_Symbol:
            return self.atoms.get(s) or Sym(s.name)
        if s.is_Number:
            value = float(s)
            num = Num(int(value) if value.is_integer() else value)
            return Neg(Num(-num.value)) if value < 0 else num
        if s.is_Add:
            terms = list(s.as_ordered_terms())
            terms.sort(key=lambda t: (_negative(t), not t.is_Number))
            out = self._signed(terms[0])
            for t in terms[1:]:
                if _negative(t):
                    out = BinOp("-", out, self.to_scalar_expr(-t))
                else:
                    out = BinOp("+", out, self.to_scalar_expr(t))
            return out
        if s.is_Mul:
            if _negative(s):
                return Neg(self.to_scalar_expr(-s))
            numer, denom = s.as_numer_denom()
            if denom != 1:
                return BinOp("/", self.to_scalar_expr(numer), self.to_scalar_expr(denom))
            factors = [self.to_scalar_expr(f) for f in s.as_ordered_factors()]
            out = factors[0]
            for f in factors[1:]:
                out = BinOp("*", out, f)
            return out
        if s.is_Pow:
            base, exponent = s.as_base_exp()
            if exponent.is_Integer and exponent > 0:
                return Pow(self.to_scalar_expr(base), int(exponent))
            if exponent.is_Integer:
                denominator = self.to_scalar_expr(base ** (-exponent))
                return BinOp("/", Num(1), denominator)
        names = {_sigmoid(): "sigmoid", sp.tanh: "tanh", sp.sech: "sech"}
        names |= {sp.exp: "exp", sp.log: "log"}
        if s.func in names:
            return Call(names[s.func], self.to_scalar_expr(s.args[0]))
        raise NotationError(f"derive produced {s}, which the notation cannot write")

    def _signed(self, t: Any) -> Expr:
        if _negative(t):
            return Neg(self.to_scalar_expr(-t))
        return self.to_scalar_expr(t)


def _atoms(e: Expr) -> list[Expr]:
    """The names and matrix products `e` is an elementwise function of, first appearance first."""
    out: list[Expr] = []

    def walk(node: Expr) -> None:
        if isinstance(node, Sym) or (isinstance(node, BinOp) and node.op == "@"):
            if node not in out:
                out.append(node)
        elif isinstance(node, BinOp):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, (Neg, Transpose)):
            walk(node.operand)
        elif isinstance(node, Pow):
            walk(node.base)
        elif isinstance(node, Call):
            walk(node.arg)

    walk(e)
    return out


# --- the public functions ------------------------------------------------------------------------


def jacobian(cell: Cell, of: str, wrt: str) -> tuple[Expr, list[Step]]:
    """∂`of`/∂`wrt` for `cell`, every other input held fixed, with the steps that found it."""
    deriver = _Deriver(cell, wrt)
    j, _ = deriver.named(of, 0)
    steps = [s for s in deriver.steps if s is not None]
    return deriver.to_expr(j), steps


def derive_target(target: Target, variant: str | None = None) -> Derived:
    """One target of NOTATION.md, derived from the cell's equations."""
    cell = get_cell(target.cell, variant if target.takes_variant else None)
    expr, steps = jacobian(cell, target.of, target.wrt)
    return Derived(target.name, cell.variant, expr, shape_text(target.shape), steps)


def derive(cell: str, variant: str | None = None, target: str | None = None) -> list[Derived]:
    """Every target of `cell` (or just `target`), derived for `variant` (GRU: cho by default)."""
    get_cell(cell, variant)  # validates the cell and the variant with a helpful message
    if target is not None:
        t = get_target(target if "." in target else f"{cell}.{target}")
        if t.cell != cell:
            raise NotationError(
                f"target {t.name} belongs to the {t.cell} cell, not {cell}",
                hint="targets of " + cell + ": " + ", ".join(x.name for x in targets_of(cell)),
            )
        return [derive_target(t, variant)]
    return [derive_target(t, variant) for t in targets_of(cell)]


# --- beyond the targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JointJacobian:
    """The LSTM's one-step Jacobian of its joint state (h, c) w.r.t. (h_prev, c_prev).

    `blocks[i][j]` is ∂rows[i]/∂cols[j]. diag(f) is only the (c, c_prev) block; across steps
    h_prev = o_{t-1} ⊙ tanh(c_prev) moves with c_prev too, so the total ∂c_t/∂c_{t-1} is
    `direct + through_h` (ERRATA §4).
    """

    rows: tuple[str, str]
    cols: tuple[str, str]
    blocks: tuple[tuple[Expr, Expr], tuple[Expr, Expr]]
    direct: Expr  # diag(f)
    through_h: Expr  # ∂c_t/∂h_{t-1} · ∂h_{t-1}/∂c_{t-1}, with the previous step's o and c
    previous: dict[str, str]  # names of the previous step used in through_h: {"o": "o", ...}


@dataclass(frozen=True)
class KStep:
    """The RNN's k-step Jacobian ∏_j diag(φ'(a_{t-j})) W_h and its bound (Pascanu et al. 2013).

    ‖∂h_t/∂h_{t-k}‖₂ ≤ ∏ ‖diag(φ')‖₂ ‖W_h‖₂ ≤ (γ·σ_max(W_h))^k, γ = max φ'.
    """

    one_step: Expr  # ∂h_t/∂h_{t-1} = diag(1 - h**2) @ W_h
    slope: Expr  # φ'(a) in gate names: 1 - h**2
    activation: str  # "tanh"
    gamma: str  # "1" for tanh, "1/4" for sigmoid
    recurrent: str  # "W_h"


def rename(e: Expr, names: dict[str, str]) -> Expr:
    """`e` with symbols renamed (to show an expression at another time step)."""
    if isinstance(e, Sym):
        return Sym(names.get(e.name, e.name))
    if isinstance(e, BinOp):
        return BinOp(e.op, rename(e.left, names), rename(e.right, names))
    if isinstance(e, Neg):
        return Neg(rename(e.operand, names))
    if isinstance(e, Transpose):
        return Transpose(rename(e.operand, names))
    if isinstance(e, Pow):
        return Pow(rename(e.base, names), e.exponent)
    if isinstance(e, Call):
        return Call(e.func, rename(e.arg, names))
    return e


def lstm_joint_jacobian(previous_o: str = "o_prev") -> JointJacobian:
    """Derive the 2×2 block Jacobian of (h, c) and the total ∂c_t/∂c_{t-1} across steps.

    `previous_o` names the previous step's output gate in `through_h` (the notation has no
    name for it; the printers show it as written).
    """
    cell = get_cell("lstm")
    rows, cols = ("h", "c"), ("h_prev", "c_prev")
    blocks = tuple(tuple(jacobian(cell, of, wrt)[0] for wrt in cols) for of in rows)
    dc_dhprev = blocks[1][0]
    # h_{t-1} = o_{t-1} * tanh(c_{t-1}): the same equation one step back
    previous = {"o": previous_o, "c": "c_prev"}
    dhprev_dcprev = rename(jacobian(cell, "h", "c")[0], previous)
    return JointJacobian(
        rows=rows,
        cols=cols,
        blocks=(blocks[0], blocks[1]),  # type: ignore[arg-type]
        direct=blocks[1][1],
        through_h=BinOp("@", dc_dhprev, dhprev_dcprev),
        previous=previous,
    )


def rnn_k_step() -> KStep:
    """The RNN's one-step factor, its activation's slope, and γ = max φ' found by SymPy.

    φ' of tanh and of the sigmoid is even and largest at 0 (where φ'' = 0), so γ = φ'(0).
    """
    sp = _sympy()
    cell = get_cell("rnn")
    one_step, _ = jacobian(cell, "h", "h_prev")
    activation = cell.equation("h")
    assert isinstance(activation, Call) and isinstance(activation.arg, Sym)
    deriver = _Deriver(cell, activation.arg.name)
    slope = deriver.to_expr(deriver.named("h", 0)[0])
    assert isinstance(slope, Call)  # diag(φ'(a)): keep the vector inside
    t = sp.Symbol("t")
    phi = deriver.scalar(Call(activation.func, Sym("t")))
    d1 = sp.diff(phi, t).rewrite(sp.exp)
    assert sp.simplify(sp.diff(d1, t).subs(t, 0)) == 0  # the bell-shaped slope peaks at 0
    return KStep(
        one_step=one_step,
        slope=slope.arg,
        activation=activation.func,
        gamma=str(sp.nsimplify(sp.simplify(d1.subs(t, 0)))),
        recurrent="W_h",
    )


__all__ = [
    "TARGETS",
    "Derived",
    "JointJacobian",
    "KStep",
    "Path",
    "Step",
    "derive",
    "derive_target",
    "jacobian",
    "lstm_joint_jacobian",
    "rename",
    "rnn_k_step",
]
