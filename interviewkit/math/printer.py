"""Write an expression tree as ASCII (NOTATION's plain subset), Unicode or LaTeX.

Each printer puts brackets only where the grammar needs them, so that what it writes parses back
to the same tree: `parse(to_ascii(e)) == e`, and the same for `to_unicode` and `to_latex`.
`derive --format ascii` and `check`'s "how your answer was read" line both come from here.
"""

from __future__ import annotations

from decimal import Decimal

from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, Sym, Transpose

# Binding strength, loosest first; all of `*`, `/`, `@` share one level, as in the parser.
_ADD, _MUL, _UNARY, _POSTFIX, _ATOM = 1, 2, 3, 4, 5


def _prec(e: Expr) -> int:
    if isinstance(e, BinOp):
        return _ADD if e.op in ("+", "-") else _MUL
    if isinstance(e, Neg):
        return _UNARY
    if isinstance(e, (Pow, Transpose)):
        return _POSTFIX
    return _ATOM


def _number(value: float) -> str:
    """A literal without exponent notation (the notation has none)."""
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{Decimal(text):f}"
    return text


class _Printer:
    """Shared precedence logic; subclasses say how each piece is spelled."""

    add = " + "
    sub = " - "
    neg = "-"

    def __call__(self, e: Expr) -> str:
        return self.show(e)

    def show(self, e: Expr) -> str:
        if isinstance(e, Sym):
            return self.name(e.name)
        if isinstance(e, Num):
            return self.num(e.value)
        if isinstance(e, Neg):
            inner = self.show(e.operand)
            if _prec(e.operand) < _UNARY:
                inner = self.paren(inner)
            return self.neg + inner
        if isinstance(e, BinOp):
            left = self.show(e.left)
            right = self.show(e.right)
            mine = _prec(e)
            if _prec(e.left) < mine:
                left = self.paren(left)
            if _prec(e.right) <= mine:
                right = self.paren(right)
            return self.binop(e.op, left, right, e)
        if isinstance(e, Pow):
            base = self.show(e.base)
            if _prec(e.base) < _ATOM:
                base = self.paren(base)
            return self.power(base, e.exponent)
        if isinstance(e, Transpose):
            inner = self.show(e.operand)
            if _prec(e.operand) < self.transpose_min_prec or isinstance(e.operand, Pow):
                inner = self.paren(inner)
            return self.transpose(inner)
        if isinstance(e, Call):
            return self.call(e.func, self.show(e.arg))
        raise TypeError(f"not an expression node: {e!r}")

    transpose_min_prec = _POSTFIX

    def paren(self, s: str) -> str:
        return f"({s})"

    def name(self, name: str) -> str:
        return name

    def num(self, value: float) -> str:
        return _number(value)

    def binop(self, op: str, left: str, right: str, e: BinOp) -> str:
        raise NotImplementedError

    def power(self, base: str, n: int) -> str:
        raise NotImplementedError

    def transpose(self, inner: str) -> str:
        raise NotImplementedError

    def call(self, func: str, arg: str) -> str:
        raise NotImplementedError


class _Ascii(_Printer):
    def binop(self, op: str, left: str, right: str, e: BinOp) -> str:
        return f"{left} {op} {right}"

    def power(self, base: str, n: int) -> str:
        return f"{base}**{n}"

    def transpose(self, inner: str) -> str:
        return f"{inner}.T"

    def call(self, func: str, arg: str) -> str:
        return f"{func}({arg})"


_UNICODE_NAMES = {"h_prev": "hₜ₋₁", "c_prev": "cₜ₋₁", "c_tilde": "c̃", "h_tilde": "h̃"}
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class _Unicode(_Printer):
    sub = " − "
    neg = "−"

    def name(self, name: str) -> str:
        return _UNICODE_NAMES.get(name, name)

    def binop(self, op: str, left: str, right: str, e: BinOp) -> str:
        sign = {"*": "⊙", "@": "·", "+": "+", "-": "−", "/": "/"}[op]
        return f"{left} {sign} {right}"

    def power(self, base: str, n: int) -> str:
        return base + str(n).translate(_SUPERSCRIPT)

    def transpose(self, inner: str) -> str:
        return inner + "ᵀ"

    def call(self, func: str, arg: str) -> str:
        return f"{'σ' if func == 'sigmoid' else func}({arg})"


_LATEX_STATES = {"h", "c", "x", "f", "i", "o", "z", "r", "a"}
_LATEX_FUNCS = {
    "sigmoid": "\\sigma",
    "tanh": "\\tanh",
    "exp": "\\exp",
    "log": "\\log",
    "sech": "\\operatorname{sech}",
    "diag": "\\operatorname{diag}",
}


class _Latex(_Printer):
    transpose_min_prec = _ATOM  # no double superscripts: (x^{2})^{\top}

    def paren(self, s: str) -> str:
        return f"\\left({s}\\right)"

    def name(self, name: str) -> str:
        if name == "h_prev":
            return "h_{t-1}"
        if name == "c_prev":
            return "c_{t-1}"
        if name in ("c_tilde", "h_tilde"):
            return f"\\tilde{{{name[0]}}}_t"
        if name in _LATEX_STATES:
            return f"{name}_t"
        if "_" in name:
            base, sub = name.split("_", 1)
            return f"{base}_{{{sub}}}"
        return name

    def binop(self, op: str, left: str, right: str, e: BinOp) -> str:
        if op == "/":
            # \frac is an atom, so the operands need no brackets of their own
            return f"\\frac{{{self.show(e.left)}}}{{{self.show(e.right)}}}"
        if op == "@" and right.startswith("-"):
            right = self.paren(right)  # juxtaposed, `a \\, -b` would read as a - b
        sign = {"*": " \\odot ", "@": " \\, ", "+": " + ", "-": " - "}[op]
        return f"{left}{sign}{right}"

    def show(self, e: Expr) -> str:
        # a \frac child needs no brackets: treat it as an atom
        if isinstance(e, BinOp) and e.op in ("*", "@", "+", "-"):
            left = self.show(e.left)
            right = self.show(e.right)
            mine = _prec(e)
            if _latex_prec(e.left) < mine:
                left = self.paren(left)
            if _latex_prec(e.right) <= mine:
                right = self.paren(right)
            return self.binop(e.op, left, right, e)
        return super().show(e)

    def power(self, base: str, n: int) -> str:
        return f"{base}^{{{n}}}"

    def transpose(self, inner: str) -> str:
        return f"{inner}^{{\\top}}"

    def call(self, func: str, arg: str) -> str:
        return f"{_LATEX_FUNCS[func]}\\left({arg}\\right)"


def _latex_prec(e: Expr) -> int:
    if isinstance(e, BinOp) and e.op == "/":
        return _ATOM
    return _prec(e)


_ASCII, _UNICODE, _LATEX = _Ascii(), _Unicode(), _Latex()


def to_ascii(e: Expr) -> str:
    """NOTATION's plain subset: `@`, `*`, `**`, `.T`, function names; `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_ascii(parse("diag(1 - h_t^2) W_h"))
    'diag(1 - h**2) @ W_h'
    """
    return _ASCII(e)


def to_unicode(e: Expr) -> str:
    """For people: ⊙, ·, σ, ᵀ, superscript powers, hₜ₋₁ and c̃; `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_unicode(parse("diag(sigmoid(a_f) * c_prev) @ W_f.T"))
    'diag(σ(a_f) ⊙ cₜ₋₁) · W_fᵀ'
    """
    return _UNICODE(e)


def to_latex(e: Expr) -> str:
    """LaTeX for notes and cards (`\\operatorname{diag}`, `\\odot`, `^{\\top}`); `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_latex(parse("diag(f) @ h_prev"))
    '\\\\operatorname{diag}\\\\left(f_t\\\\right) \\\\, h_{t-1}'
    """
    return _LATEX(e)
