"""The scalar (elementwise) view of a cell's equations in SymPy, and the way back to trees.

Every equation of a cell is elementwise in its vectors except for matrix products, so SymPy only
ever differentiates scalar functions: one symbol per name (`h_prev`, `f`) and one per matrix
product (`W_f @ h_prev` is a single atom). Gate values are substituted back for their formulas,
so σ'(a_f) comes out as `f*(1 - f)` and tanh'(a) as `1 - h**2`. The results come back as `expr`
trees in path order, ready for the printers.

This is the module that imports SymPy (lazily, on first use), so importing the package stays
cheap; `jacobian` and `backward` build on it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, Sym
from interviewkit.math.functions import FUNCTIONS

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec


@cache
def sympy() -> Any:
    """The sympy module, imported on first use."""
    import sympy

    return sympy


@cache
def _custom() -> dict[str, Any]:
    """SymPy functions for the notation's functions that have no SymPy form (`sympy=None`:
    sigmoid, relu, step, and any function added to the registry): each differentiates by its
    FunctionSpec's `derivative`, written back in SymPy, so σ' comes out as σ(1 − σ) and gates
    keep their names; a function without one (step) has slope 0."""
    sp = sympy()
    made: dict[str, Any] = {}
    for spec in FUNCTIONS.values():
        if spec.sympy is not None or not spec.elementwise:
            continue

        def fdiff(self: Any, argindex: int = 1, rule: Any = spec.derivative) -> Any:
            if rule is None:
                return sp.Integer(0)
            return _plain(rule(Call(type(self).__name__, Sym("x"))), self.args[0])

        made[spec.name] = type(spec.name, (sp.Function,), {"fdiff": fdiff, "__doc__": spec.about})
    return made


def _plain(e: Expr, x: Any) -> Any:
    """A derivative rule's tree (in one argument, `x`) as SymPy, with `x` for that argument."""
    sp = sympy()
    if isinstance(e, Sym):
        return x
    if isinstance(e, Num):
        value = float(e.value)
        return sp.Integer(int(value)) if value.is_integer() else sp.Rational(repr(value))
    if isinstance(e, Neg):
        return -_plain(e.operand, x)
    if isinstance(e, Pow):
        return _plain(e.base, x) ** e.exponent
    if isinstance(e, Call):
        return function(e.func)(_plain(e.arg, x))
    if isinstance(e, BinOp) and e.op in ("+", "-", "*", "/"):
        a, b = _plain(e.left, x), _plain(e.right, x)
        if e.op == "+":
            return a + b
        if e.op == "-":
            return a - b
        return a * b if e.op == "*" else a / b
    raise NotationError(f"a derivative rule the scalar view cannot read: {e!r}")


def function(name: str) -> Any:
    """The SymPy function for the notation's `name` (from its FunctionSpec, or our own)."""
    spec = FUNCTIONS[name]
    if spec.sympy is not None:
        return spec.sympy(sympy())
    return _custom()[name]


def negative(s: Any) -> bool:
    """Whether a SymPy term carries a minus sign in front (-h_tilde, -2*z), not 1 - z."""
    return bool((s.is_Number and s < 0) or (s.is_Mul and s.as_coeff_Mul()[0] < 0))


def spelling(sym: Sym) -> str:
    """The SymPy symbol name of a name at a step: its ASCII spelling (`h_prev`, `d_a_{t+1}`), so
    SymPy orders terms as it always has."""
    from interviewkit.math.printer import to_ascii

    return to_ascii(Sym(sym.name, sym.step))


class Scalar:
    """The elementwise view of one cell: tree -> SymPy with product atoms, and back."""

    def __init__(self, cell: CellSpec) -> None:
        self.sp = sympy()
        self.cell = cell
        self.atoms: dict[Any, Expr] = {}  # sympy symbol of a matrix product -> the product
        self.products: dict[Expr, Any] = {}
        self.syms: dict[Any, Sym] = {}
        # σ(a_f) -> f, tanh(a_c) -> c_tilde, tanh(a) -> h: derivatives come out in gate names
        self.names = {
            self.scalar(eq.rhs): self.symbol(Sym(eq.name))
            for eq in cell.equations
            if isinstance(eq.rhs, Call) and isinstance(eq.rhs.arg, Sym)
        }

    def symbol(self, sym: Sym) -> Any:
        s = self.sp.Symbol(spelling(sym))
        self.syms[s] = Sym(sym.name, sym.step)
        return s

    def scalar(self, e: Expr) -> Any:
        """`e` as a SymPy scalar expression (each matrix product one symbol)."""
        sp = self.sp
        if isinstance(e, Sym):
            return self.symbol(e)
        if isinstance(e, Num):
            value = float(e.value)
            return sp.Integer(int(value)) if value.is_integer() else sp.Rational(repr(value))
        if isinstance(e, Neg):
            return -self.scalar(e.operand)
        if isinstance(e, Pow):
            return self.scalar(e.base) ** e.exponent
        if isinstance(e, Call) and e.func != "diag":
            return function(e.func)(self.scalar(e.arg))
        if isinstance(e, BinOp) and e.op == "@":
            if e not in self.products:
                sym = sp.Symbol(f"_mm{len(self.products)}")
                self.products[e], self.atoms[sym] = sym, e
            return self.products[e]
        if isinstance(e, BinOp):
            a, b = self.scalar(e.left), self.scalar(e.right)
            return {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[e.op]
        raise NotationError(f"cannot differentiate {type(e).__name__} in a cell equation")

    def partial(self, e: Expr, atom: Expr) -> Any:
        """∂e/∂atom, elementwise, with gate values in their names; a quotient is factored
        (minLSTM's i ⊙ (hₜ₋₁ − h̃) / (f + i)², not three fractions) to read as it is taught."""
        d = self.sp.diff(self.scalar(e), self.scalar(atom)).subs(self.names)
        if d.as_numer_denom()[1] != 1:
            d = self.sp.factor(d)
        return d

    # --- back to expression trees -------------------------------------------------------

    def sign(self, coef: tuple[Any, ...]) -> tuple[bool, tuple[Any, ...]]:
        """Pull minus signs out of the factors; drop factors equal to 1."""
        neg, out = False, []
        for f in coef:
            if negative(f):
                neg, f = not neg, -f
            if f != 1:
                out.append(f)
        return neg, tuple(out)

    def factors(self, coef: tuple[Any, ...]) -> list[Expr]:
        """The factors as trees, flattened in path order (a product's own factors in SymPy's
        order)."""
        flat: list[Any] = []
        for f in coef:
            whole = not f.is_Mul or f.as_numer_denom()[1] != 1
            flat.extend([f] if whole else f.as_ordered_factors())
        return [self.tree(f) for f in flat]

    def product(self, coef: tuple[Any, ...]) -> Expr:
        """The factors as one flat elementwise product, in path order."""
        from interviewkit.math.expr import multiply_all

        return multiply_all(self.factors(coef))

    def tree(self, s: Any) -> Expr:
        """A SymPy scalar expression as an `expr` tree (a vector expression, elementwise)."""
        if s.is_Symbol:
            return self.atoms.get(s) or self.syms.get(s) or Sym(s.name)
        if s.is_Number:
            value = float(s)
            num = Num(int(value) if value.is_integer() else value)
            return Neg(Num(-num.value)) if value < 0 else num
        if s.is_Add:
            terms = list(s.as_ordered_terms())
            terms.sort(key=lambda t: (negative(t), not t.is_Number))
            out = self.signed(terms[0])
            for t in terms[1:]:
                if negative(t):
                    out = BinOp("-", out, self.tree(-t))
                else:
                    out = BinOp("+", out, self.tree(t))
            return out
        if s.is_Mul:
            if negative(s):
                return Neg(self.tree(-s))
            numer, denom = s.as_numer_denom()
            if denom != 1:
                return BinOp("/", self.tree(numer), self.tree(denom))
            factors = [self.tree(f) for f in s.as_ordered_factors()]
            out = factors[0]
            for f in factors[1:]:
                out = BinOp("*", out, f)
            return out
        if s.is_Pow:
            base, exponent = s.as_base_exp()
            if exponent.is_Integer and exponent > 0:
                return Pow(self.tree(base), int(exponent))
            if exponent.is_Integer:
                return BinOp("/", Num(1), self.tree(base ** (-exponent)))
        for name in FUNCTIONS:
            if name != "diag" and s.func == function(name):
                return Call(name, self.tree(s.args[0]))
        raise NotationError(f"derive produced {s}, which the notation cannot write")

    def signed(self, t: Any) -> Expr:
        if negative(t):
            return Neg(self.tree(-t))
        return self.tree(t)
