"""Write an expression tree as ASCII (NOTATION's plain subset), Unicode or LaTeX.

Each printer puts brackets only where the grammar needs them, so that what it writes parses back
to the same tree: `parse(to_ascii(e)) == e`, and the same for `to_unicode` and `to_latex`.
`derive --format ascii` and `check`'s "how your answer was read" line both come from here.

A name at a step is spelled from its base and its step: `h` at step -1 is `h_prev` (ASCII),
`hₜ₋₁` (Unicode) and `h_{t-1}` (LaTeX); step +1 is `h_{t+1}`, `hₜ₊₁`, `h_{t+1}`; a total `d_a`
is `δ_a` in Unicode and `\\delta_{a}` in LaTeX. Names in `timed` also show step t
(`h_t`, `hₜ`), as a sequence-level formula needs.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, SumSteps, Sym, Transpose
from interviewkit.math.functions import FUNCTIONS
from interviewkit.math.names import GREEK_LETTERS

_UNICODE_GREEK = {name: letter for letter, name in GREEK_LETTERS.items()}
_LATEX_GREEK = {name: f"\\{name}" for name in GREEK_LETTERS.values()}

# Binding strength, loosest first; all of `*`, `/`, `@` share one level, as in the parser.
_ADD, _MUL, _UNARY, _POSTFIX, _ATOM = 1, 2, 3, 4, 5


def _prec(e: Expr) -> int:
    if isinstance(e, BinOp):
        return _ADD if e.op in ("+", "-") else _MUL
    if isinstance(e, Neg):
        return _UNARY
    if isinstance(e, (Pow, Transpose)):
        return _POSTFIX
    return _ATOM  # names, numbers, calls and sum_t(...)


def _mixed(e: BinOp) -> bool:
    """Whether the left operand mixes `@` with `*` or `/` at one level (`(u * v) @ w.T`):
    the grammar reads it left to right anyway, but a person reads it better in brackets."""
    left = e.left
    if not isinstance(left, BinOp) or e.op not in "*/@" or left.op not in "*/@":
        return False
    return (e.op == "@") != (left.op == "@")


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

    def __init__(self, timed: Collection[str] = ()) -> None:
        self.timed = timed

    def __call__(self, e: Expr) -> str:
        return self.show(e)

    def show(self, e: Expr) -> str:
        if isinstance(e, Sym):
            return self.name(e.name, e.step)
        if isinstance(e, SumSteps):
            return self.sum(self.show(e.body))
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
            if _prec(e.left) < mine or _mixed(e):
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

    def name(self, name: str, step: int) -> str:
        if step == 0:
            return f"{name}_t" if name in self.timed else name
        return f"{name}_prev" if step == -1 else f"{name}_{{t{step:+d}}}"

    def sum(self, body: str) -> str:
        return f"sum_t({body})"

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


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPT = str.maketrans("0123456789+-t", "₀₁₂₃₄₅₆₇₈₉₊₋ₜ")


def _greek(name: str, letters: dict[str, str]) -> str:
    """`alpha` -> α (or `\\alpha`), also as the base of `alpha_f`."""
    base, sep, rest = name.partition("_")
    if base in letters:
        return letters[base] + sep + rest
    return name


def _tildes(name: str) -> str:
    """`c_tilde` -> `c̃` (a combining tilde), also inside `d_c_tilde`."""
    return name.replace("_tilde", "\u0303")


class _Unicode(_Printer):
    sub = " − "
    neg = "−"

    def name(self, name: str, step: int) -> str:
        shown = _tildes(_greek(name, _UNICODE_GREEK))
        if shown.startswith("d_"):
            shown = "δ" + shown[1:]
        if step == 0 and name not in self.timed:
            return shown
        return shown + (f"t{step:+d}" if step else "t").translate(_SUBSCRIPT)

    def sum(self, body: str) -> str:
        return f"Σ_t({body})"

    def binop(self, op: str, left: str, right: str, e: BinOp) -> str:
        sign = {"*": "⊙", "@": "·", "+": "+", "-": "−", "/": "/"}[op]
        return f"{left} {sign} {right}"

    def power(self, base: str, n: int) -> str:
        return base + str(n).translate(_SUPERSCRIPT)

    def transpose(self, inner: str) -> str:
        return inner + "ᵀ"

    def call(self, func: str, arg: str) -> str:
        return f"{FUNCTIONS[func].unicode}({arg})"


_LATEX_STATES = {"h", "c", "x", "f", "i", "o", "z", "r", "a"}


class _Latex(_Printer):
    transpose_min_prec = _ATOM  # no double superscripts: (x^{2})^{\top}

    def paren(self, s: str) -> str:
        return f"\\left({s}\\right)"

    def name(self, name: str, step: int) -> str:
        at = f"t{step:+d}" if step else "t"
        timed = step != 0 or name in self.timed
        if name.startswith("d_"):  # \delta_{a_f}, \delta_{a_f,t+1}
            inner = name[2:]
            if inner.endswith("_tilde") and "_" not in inner[:-6]:
                inner = f"\\tilde{{{inner[:-6]}}}"
            return f"\\delta_{{{inner},{at}}}" if timed else f"\\delta_{{{inner}}}"
        if name.endswith("_tilde"):
            base = name[: -len("_tilde")]
            if "_" not in base:
                return f"\\tilde{{{base}}}_{at if len(at) == 1 else '{' + at + '}'}"
        if name in _LATEX_STATES or (name.isalpha() and len(name) == 1 and timed):
            return f"{name}_{{{at}}}" if step else f"{name}_t"
        name = _greek(name, _LATEX_GREEK)
        if "_" in name:
            base, sub = name.split("_", 1)
            return f"{base}_{{{sub},{at}}}" if timed else f"{base}_{{{sub}}}"
        return f"{name}_{{{at}}}" if timed else name

    def sum(self, body: str) -> str:
        return f"\\sum_{{t=1}}^{{T}} \\left({body}\\right)"

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
            if _latex_prec(e.left) < mine or _mixed(e):
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
        return f"{FUNCTIONS[func].latex}\\left({arg}\\right)"


def _latex_prec(e: Expr) -> int:
    if isinstance(e, BinOp) and e.op == "/":
        return _ATOM
    if isinstance(e, SumSteps):
        return _ADD  # \sum_t takes the whole product after it: bracket it inside one
    return _prec(e)


_ASCII, _UNICODE, _LATEX = _Ascii(), _Unicode(), _Latex()


def to_ascii(e: Expr, timed: Collection[str] = ()) -> str:
    """NOTATION's plain subset: `@`, `*`, `**`, `.T`, function names; `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_ascii(parse("diag(1 - h_t^2) W_h"))
    'diag(1 - h**2) @ W_h'
    """
    return _Ascii(timed)(e) if timed else _ASCII(e)


def to_unicode(e: Expr, timed: Collection[str] = ()) -> str:
    """For people: ⊙, ·, σ, ᵀ, superscript powers, hₜ₋₁ and c̃; `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_unicode(parse("diag(sigmoid(a_f) * c_prev) @ W_f.T"))
    'diag(σ(a_f) ⊙ cₜ₋₁) · W_fᵀ'
    """
    return _Unicode(timed)(e) if timed else _UNICODE(e)


def to_latex(e: Expr, timed: Collection[str] = ()) -> str:
    """LaTeX for notes and cards (`\\operatorname{diag}`, `\\odot`, `^{\\top}`); `parse` reads it back.

    >>> from interviewkit.math.notation import parse
    >>> to_latex(parse("diag(f) @ h_prev"))
    '\\\\operatorname{diag}\\\\left(f_t\\\\right) \\\\, h_{t-1}'
    """
    return _Latex(timed)(e) if timed else _LATEX(e)
