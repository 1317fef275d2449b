"""Read what a learner types (ASCII, Unicode or a LaTeX subset) into the expression tree.

A hand-written tokenizer and a recursive-descent parser, so that no text ever reaches `eval`,
`sympify` or any other code path that runs it. Everything that is not understood raises
`NotationError` with the offset of the offending token, which `caret` turns into a display.

Grammar (loosest first; `*`, `/`, `@` share one level, left-associative, as in Python; factors
written side by side bind tighter, as on paper)::

    expr    := term (("+" | "-") term)*
    term    := juxt (("*" | "/" | "@") juxt)*
    juxt    := unary unary*                    # side by side: a matrix product, binding tighter
    unary   := ("-" | "+") unary | postfix
    postfix := atom ("**" exponent | "^" (exponent | "T" | "\\top") | ".T" | "ᵀ" | "²")*
    atom    := number | name | function ["'"] ["^" int] argument | "(" expr ")" | "{" expr "}"
               | "\\frac" "{" expr "}" "{" expr "}" | "outer" "(" expr "," expr ")"
               | sum_t "(" expr ")" | "\\sum_t" term

The parser knows no vocabulary. It reads a name's spelling into a base name and a step
(`h_{t-1}` and `h_prev` are `Sym("h", -1)`, `\\tilde{c}_t` is `Sym("c_tilde")`, `δ_{a,t+1}` is
`Sym("d_a", 1)`); a cell's `NameTable` (`math.names`) then checks the names, passed to `parse` or
applied after it. `outer(u, v)` is read as `u @ v.T`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.errors import NotationError
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
    children,
)
from interviewkit.math.functions import FUNCTION_WORDS, LATEX_FUNCTIONS
from interviewkit.math.names import GREEK_LETTERS, GREEK_NAMES

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.names import NameTable

#: Longest answer accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of brackets, function calls and signs.
MAX_NESTING = 40
#: Most symbols and operations in one answer.
MAX_NODES = 500
#: Deepest expression tree (a chain of 150 sums is 150 deep); keeps every later pass shallow.
MAX_DEPTH = 150
#: Largest absolute integer exponent.
MAX_EXPONENT = 8

_LATEX_IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                  "biggl", "biggr", "quad", "qquad", "displaystyle", "textstyle", "nonumber"}  # fmt: skip
_LATEX_WRAPPERS = {"operatorname", "mathrm", "text", "textrm", "mathit", "textit", "mathbf",
                   "boldsymbol", "bm", "mathbb", "mathsf", "textbf", "vec", "mathcal"}  # fmt: skip
_LATEX_TILDES = {"tilde", "widetilde"}
_LATEX_OPS = {"odot": "*", "circ": "*", "cdot": "@", "cdotp": "@"}

_SUBSCRIPTS = str.maketrans("ₐₑₒₓₕₖₗₘₙₚₛₜᵢᵣᵤᵥⱼ₀₁₂₃₄₅₆₇₈₉₊₋", "aeoxhklmnpstiruvj0123456789+-")
_SUBSCRIPT_CHARS = frozenset("ₐₑₒₓₕₖₗₘₙₚₛₜᵢᵣᵤᵥⱼ₀₁₂₃₄₅₆₇₈₉₊₋")
_SUPERSCRIPT_DIGITS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                       "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"}  # fmt: skip
_COMBINING_TILDE = "\u0303"
_SPACES = frozenset(" \t\n\r\u00a0\u2009\u200a\u2002\u2003\u202f$")
_SUB_CONTENT = re.compile(r"[A-Za-z0-9+\-,_]*")
_TILDE_IN_SUB = re.compile(r"\\(?:tilde|widetilde)\s*\{([A-Za-z])\}")
#: A time index as the last part of a subscript: t, t-1, t+1, prev, tm1.
_TIME_PART = re.compile(r"t([+-][0-9]{1,3})?")
#: What may follow Σ, sum or \\sum: the index t, optionally from 1 to T (`_{t=1}^{T}`).
_SUM_SUFFIX = re.compile(
    r"(?:\s*\\(?:no)?limits(?![A-Za-z]))?"  # display math: \sum\limits_{t=1}^{T}
    r"\s*(?:_\s*\{\s*t\s*(?:=\s*1\s*)?\}|_\s*t(?![A-Za-z0-9])|ₜ)"
    r"(?:\s*\^\s*(?:\{\s*T\s*\}|T(?![A-Za-z0-9])))?"
)
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+")
_FONT_IN_SUB = re.compile(r"\\(?:text|mathrm|mathit|textrm|operatorname)\s*\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `kind` is NUM NAME FUNC OP POW SUP TRANS LPAR RPAR LBRACE RBRACE FRAC PRIME
    COMMA OUTER SUM END (SUM's value is "call" for `sum_t(`, "term" for LaTeX's `\\sum_t`)."""

    kind: str
    value: object
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Name:
    base: str
    tilde: bool
    parts: tuple[str, ...]


def _error(message: str, position: int | None, hint: str | None = None) -> NotationError:
    return NotationError(message, position=position, hint=hint)


# --------------------------------------------------------------------------- tokenizer


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        text = self.text
        n = len(text)
        while self.i < n:
            ch = text[self.i]
            start = self.i
            if ch in _SPACES:
                self.i += 1
            elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
                raise _error(
                    f"control character U+{ord(ch):04X} is not allowed in an answer", start
                )
            elif (ch.isdigit() and ch.isascii()) or (
                ch == "." and _is_ascii_digit(text[start + 1 : start + 2])
            ):
                self._number()
            elif ch.isascii() and ch.isalpha():
                self._name_token(start)
            elif ch == "\\":
                self._command()
            elif ch in _SUPERSCRIPT_DIGITS:
                self._superscript()
            elif ch == "δ" or ch in GREEK_LETTERS:
                self._name_token(start)
            elif ch in "Σ∑":
                self._sum(start, start + 1, "call")
            else:
                self._symbol(ch, start)
        self.tokens.append(Token("END", None, n, n))
        return self.tokens

    def _add(self, kind: str, value: object, start: int, end: int) -> None:
        self.tokens.append(Token(kind, value, start, end))
        self.i = end

    def _number(self) -> None:
        m = _NUMBER.match(self.text, self.i)
        assert m is not None
        if len(m.group()) > 40:
            raise _error("a number longer than 40 digits is not allowed", self.i)
        self._add("NUM", m.group(), m.start(), m.end())

    def _superscript(self) -> None:
        start = j = self.i
        while j < len(self.text) and self.text[j] in _SUPERSCRIPT_DIGITS:
            j += 1
        raw = "".join(_SUPERSCRIPT_DIGITS[c] for c in self.text[start:j])
        if not re.fullmatch(r"-?\d{1,3}", raw):
            raise _error("a superscript must be a small integer, like ² or ⁻¹", start)
        self._add("SUP", int(raw), start, j)

    def _symbol(self, ch: str, start: int) -> None:
        text = self.text
        two = text[start : start + 2]
        if two == "**":
            self._add("POW", "**", start, start + 2)
        elif two == ".*":
            self._add("OP", "*", start, start + 2)
        elif two == ".^":  # MATLAB's elementwise power
            self._add("POW", "^", start, start + 2)
        elif ch == "." and text[start + 1 : start + 2] == "T" and not _word_char(text, start + 2):
            self._add("TRANS", ".T", start, start + 2)
        elif ch == "^":
            self._add("POW", "^", start, start + 1)
        elif ch in "*⊙∘◦":
            self._add("OP", "*", start, start + 1)
        elif ch in "@·⋅∙":
            self._add("OP", "@", start, start + 1)
        elif ch == "+":
            self._add("OP", "+", start, start + 1)
        elif ch in "-−–":
            self._add("OP", "-", start, start + 1)
        elif ch in "/÷":
            self._add("OP", "/", start, start + 1)
        elif ch in "ᵀ⊤":
            self._add("TRANS", ch, start, start + 1)
        elif ch in "([":
            self._add("LPAR", ch, start, start + 1)
        elif ch in ")]":
            self._add("RPAR", ch, start, start + 1)
        elif ch == "{":
            self._add("LBRACE", ch, start, start + 1)
        elif ch == "}":
            self._add("RBRACE", ch, start, start + 1)
        elif ch in "'′":
            self._add("PRIME", ch, start, start + 1)
        elif ch == "σ":
            self._add("FUNC", "sigmoid", start, start + 1)
        elif ch in "×✕":
            raise _error(
                "× is ambiguous here",
                start,
                "write @ (or ·) for a matrix product, * (or ⊙) for an elementwise product",
            )
        elif ch == "⊗":
            raise _error(
                "⊗ is not in the notation",
                start,
                "for an outer product write u @ v.T or outer(u, v); a Kronecker product is not "
                "part of the notation",
            )
        elif ch == ",":
            self._add("COMMA", ch, start, start + 1)
        elif ch == "=":
            raise _error("type only the expression, without `=`", start, "e.g. diag(f)")
        elif ch == "_":
            raise _error(
                "a subscript `_` must follow a name directly", start, "e.g. h_{t-1} or W_h"
            )
        else:
            raise _error(f"unexpected character {ch!r}", start)

    # names -------------------------------------------------------------------------------

    def _name_token(self, start: int) -> None:
        name, end = self._read_name(start)
        if name.base == "sum" and not name.tilde:
            self._sum(start, end, "call")
            return
        name, end = self._read_subscripts(name, end)
        if not name.parts and not name.tilde and name.base in FUNCTION_WORDS:
            self._add("FUNC", FUNCTION_WORDS[name.base], start, end)
        elif not name.parts and not name.tilde and name.base == "outer":
            self._add("OUTER", "outer", start, end)
        else:
            self._add("NAME", name, start, end)

    def _sum(self, start: int, i: int, style: str) -> None:
        """Σ_t, sum_t, \\sum_t or \\sum_{t=1}^{T}: the sum over the steps of a sequence."""
        text = self.text
        m = _SUM_SUFFIX.match(text, i)
        if m is None or not m.group(0):
            raise _error(
                "a sum runs over the steps t: write sum_t(...)", start, "e.g. sum_t(d_a @ x.T)"
            )
        self._add("SUM", style, start, m.end())

    def _read_name(self, i: int, level: int = 0) -> tuple[_Name, int]:
        """A bare identifier, `\\mathbf{W}`-style wrapper or `\\tilde{c}` starting at `i`."""
        text = self.text
        if level > 3:
            raise _error("too many commands wrapped around one name (at most 3)", i)
        if text[i : i + 1] == "δ":
            return _Name("d", False, ()), i + 1
        if text.startswith("\\delta", i) and not text[i + 6 : i + 7].isalpha():
            return _Name("d", False, ()), i + 6
        if text[i : i + 1] in GREEK_LETTERS:  # α is the name alpha, as a cell file spells it
            return _Name(GREEK_LETTERS[text[i]], False, ()), i + 1
        greek = re.compile(r"\\([A-Za-z]+)").match(text, i)
        if greek and greek.group(1) in GREEK_NAMES:
            return _Name(greek.group(1), False, ()), greek.end()
        if i < len(text) and text[i].isascii() and text[i].isalpha():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isalnum():
                j += 1
            base, tilde = text[i:j], False
            if text[j : j + 1] == _COMBINING_TILDE:
                tilde, j = True, j + 1
            return _Name(base, tilde, ()), j
        if text[i : i + 1] == "\\":
            m = re.compile(r"\\([A-Za-z]+)").match(text, i)
            word = m.group(1) if m else ""
            if word in _LATEX_WRAPPERS or word in _LATEX_TILDES:
                assert m is not None
                inner, j = self._read_group_name(m.end(), i, level)
                if word in _LATEX_TILDES:
                    inner = _Name(inner.base, True, inner.parts)
                return inner, j
        raise _error("expected a name here", i, "e.g. h_prev, W_f or \\tilde{c}_t")

    def _read_group_name(self, i: int, cmd_start: int, level: int) -> tuple[_Name, int]:
        """The argument of `\\mathbf`, `\\tilde`, ...: `{name}` or a single following name."""
        text = self.text
        while i < len(text) and text[i] == " ":
            i += 1
        if text[i : i + 1] == "{":
            name, j = self._read_name(i + 1, level + 1)
            name, j = self._read_subscripts(name, j)
            while j < len(text) and text[j] == " ":
                j += 1
            if text[j : j + 1] != "}":
                raise _error("expected `}` to close the group", j)
            return name, j + 1
        if i < len(text) and ((text[i].isascii() and text[i].isalpha()) or text[i] == "\\"):
            if text[i].isalpha():  # a single letter, as in \tilde c or \mathbf W
                return _Name(text[i], False, ()), i + 1
            return self._read_name(i, level + 1)
        raise _error("expected `{` and a name after this command", cmd_start)

    def _read_subscripts(self, name: _Name, j: int) -> tuple[_Name, int]:
        text = self.text
        parts = list(name.parts)
        tilde = name.tilde
        while j < len(text):
            if text[j] == "_":
                if text[j + 1 : j + 2] == "{":
                    close = _matching_brace(text, j + 1)
                    if close < 0:
                        raise _error("unclosed `{` in a subscript", j + 1)
                    content = text[j + 2 : close]
                    for _ in range(3):
                        content = _FONT_IN_SUB.sub(r"\1", content)
                    content = _TILDE_IN_SUB.sub(r"\1_tilde", content)
                    content = content.replace(" ", "").replace("−", "-")
                    if not _SUB_CONTENT.fullmatch(content) or not content:
                        raise _error(
                            "a subscript may hold only letters, digits and t-1", j + 1,
                            "e.g. h_{t-1}, W_{f} or a_{f,t}",
                        )  # fmt: skip
                    parts.extend(p for p in re.split(r"[,_]", content) if p)
                    j = close + 1
                else:
                    k = j + 1
                    while k < len(text) and text[k].isascii() and text[k].isalnum():
                        k += 1
                    if k == j + 1:
                        raise _error("a subscript must follow `_`", j, "e.g. h_t or W_{f}")
                    parts.append(text[j + 1 : k])
                    j = k
            elif text[j] in _SUBSCRIPT_CHARS:
                k = j
                while k < len(text) and text[k] in _SUBSCRIPT_CHARS:
                    k += 1
                parts.append(text[j:k].translate(_SUBSCRIPTS))
                j = k
            elif text[j] == _COMBINING_TILDE:
                if parts:  # δ_c̃: the tilde belongs to the subscript's name
                    parts[-1] += "_tilde"
                else:
                    tilde = True
                j += 1
            else:
                break
        return _Name(name.base, tilde, tuple(parts)), j

    # LaTeX commands ------------------------------------------------------------------------

    def _command(self) -> None:
        text, start = self.text, self.i
        m = re.compile(r"\\([A-Za-z]+)").match(text, start)
        if m is None:
            nxt = text[start + 1 : start + 2]
            if nxt in (",", ";", ":", "!", " ", ">"):
                self.i = start + 2
                return
            if nxt == "{":
                self._add("LPAR", "\\{", start, start + 2)
                return
            if nxt == "}":
                self._add("RPAR", "\\}", start, start + 2)
                return
            if nxt in ("[", "("):
                raise _error("display-math brackets are not needed", start, "type the expression")
            raise _error(f"unknown LaTeX command \\{nxt}", start)
        word = m.group(1)
        if word in _LATEX_IGNORED:
            self.i = m.end()
        elif word == "sum":
            self._sum(start, m.end(), "term")
        elif word == "delta" or word in GREEK_NAMES:
            self._name_token(start)
        elif word in LATEX_FUNCTIONS:
            self._add("FUNC", LATEX_FUNCTIONS[word], start, m.end())
        elif word in _LATEX_OPS:
            self._add("OP", _LATEX_OPS[word], start, m.end())
        elif word in ("top", "intercal"):
            self._add("TRANS", "\\" + word, start, m.end())
        elif word in ("frac", "dfrac", "tfrac"):
            self._add("FRAC", word, start, m.end())
        elif word in ("times", "otimes"):
            self._symbol("×" if word == "times" else "⊗", start)
        elif word in _LATEX_WRAPPERS or word in _LATEX_TILDES:
            name, end = self._read_name(start)
            if name.base in FUNCTION_WORDS and not name.parts and not name.tilde:
                self._add("FUNC", FUNCTION_WORDS[name.base], start, end)
                return
            name, end = self._read_subscripts(name, end)
            self._add("NAME", name, start, end)
        else:
            raise _error(
                f"the LaTeX command \\{word} is not part of the notation",
                start,
                "`interviewkit check --names` lists the LaTeX that is understood",
            )


def _is_ascii_digit(s: str) -> bool:
    return len(s) == 1 and s in "0123456789"


def _word_char(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalnum() or text[i] == "_")


def _matching_brace(text: str, i: int) -> int:
    """Offset of the `}` closing the `{` at `i` (at most 3 levels), or -1."""
    depth = 0
    for j in range(i, min(len(text), i + 80)):
        if text[j] == "{":
            depth += 1
            if depth > 3:
                return -1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return -1


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending with an END token; raises NotationError."""
    _check_length(text)
    return _Lexer(text).run()


def _check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise _error(
            f"the answer is {len(text):,} characters long; the limit is {MAX_LENGTH:,} characters",
            MAX_LENGTH,
        )


# --------------------------------------------------------------------------- names


def split_name(name: _Name) -> tuple[str, int]:
    """The name a lexed spelling stands for, and its step: `h_{t-1}` -> ("h", -1),
    `\\tilde{c}_t` -> ("c_tilde", 0), `a_{f,t}` -> ("a_f", 0), `δ_{a,t+1}` -> ("d_a", 1).

    Only a last subscript part that is a time index (t, t-1, t+1, prev, tm1) is taken as the
    step; the rest of the spelling is the name, whatever it is: a cell's `NameTable` decides
    whether it means anything.
    """
    parts = [p.replace("−", "-") for p in name.parts]
    step = 0
    if parts:
        last = parts[-1]
        m = _TIME_PART.fullmatch(last)
        if m:
            step = int(m.group(1)) if m.group(1) else 0
            parts.pop()
        elif last in ("prev", "tm1"):
            step = -1
            parts.pop()
    if parts and parts[0] == "t" and len(parts) > 1:  # a_{t,f}
        parts.pop(0)
    base = name.base
    if name.tilde:
        base += "_tilde"
    return "_".join([base, *parts]), step


# --------------------------------------------------------------------------- parser

_ATOM_START = frozenset({"NUM", "NAME", "FUNC", "LPAR", "LBRACE", "FRAC", "SUM", "OUTER"})


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.k = 0
        self.depth = 0
        self.sums = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.k]

    def advance(self) -> Token:
        t = self.tokens[self.k]
        self.k += 1
        return t

    def enter(self, at: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _error(
                f"the answer is nested too deeply (the limit is {MAX_NESTING} levels of "
                "brackets, functions and signs)",
                at.start,
            )

    def parse(self) -> Expr:
        if self.tok.kind == "END":
            raise _error("the answer is empty", 0, "type an expression such as diag(f)")
        e = self.expr()
        t = self.tok
        if t.kind != "END":
            if t.kind in ("RPAR", "RBRACE"):
                raise _error(f"unmatched closing bracket {self.text[t.start : t.end]!r}", t.start)
            raise _error(f"unexpected {self._describe(t)}", t.start)
        return e

    def _describe(self, t: Token) -> str:
        if t.kind == "END":
            return "end of the answer"
        return repr(self.text[t.start : t.end])

    def expr(self) -> Expr:
        # nesting is counted where it happens: brackets, function calls, \frac and signs
        left = self.term()
        while self.tok.kind == "OP" and self.tok.value in ("+", "-"):
            op = self.advance().value
            right = self.term()
            left = BinOp(op, left, right, span=(_start(left), _end(right)))  # type: ignore[arg-type]
        return left

    def term(self) -> Expr:
        left = self.juxtaposed()
        while self.tok.kind == "OP" and self.tok.value in ("*", "/", "@"):
            op = self.advance().value
            right = self.juxtaposed()
            left = BinOp(op, left, right, span=(_start(left), _end(right)))  # type: ignore[arg-type]
        return left

    def juxtaposed(self) -> Expr:
        """Factors written side by side, a matrix product that binds tighter than ⊙ and ·
        (r ⊙ W_hᵀ (h ⊙ δ) is r ⊙ (W_hᵀ (h ⊙ δ)), as it reads on paper)."""
        left = self.unary()
        while self.tok.kind in _ATOM_START:
            right = self.unary()
            left = BinOp("@", left, right, span=(_start(left), _end(right)))
        return left

    def unary(self) -> Expr:
        t = self.tok
        if t.kind == "OP" and t.value in ("-", "+"):
            self.enter(t)
            self.advance()
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, span=(t.start, _end(operand))) if t.value == "-" else operand
        return self.postfix()

    def postfix(self) -> Expr:
        e = self.atom()
        after_power = False
        while True:
            t = self.tok
            if t.kind == "PRIME":
                raise _error(
                    "' is understood only after σ or tanh (a derivative)", t.start,
                    "for a transpose write A.T or A^T",
                )  # fmt: skip
            if t.kind == "TRANS":
                self.advance()
                e = Transpose(e, span=(_start(e), t.end))
                after_power = False
            elif t.kind == "SUP":
                self.advance()
                e = Pow(e, self._check_exponent(t.value, t), span=(_start(e), t.end))  # type: ignore[arg-type]
                after_power = True
            elif t.kind == "POW":
                if after_power:
                    raise _error(
                        "a power of a power is ambiguous here", t.start, "add brackets: (u**2)**3"
                    )
                self.advance()
                transpose, n, end = self._exponent(t)
                if transpose:
                    e = Transpose(e, span=(_start(e), end))
                else:
                    e = Pow(e, n, span=(_start(e), end))
                    after_power = True
            else:
                return e

    def _exponent(self, pow_tok: Token) -> tuple[bool, int, int]:
        """After `**` or `^`: (is_transpose, exponent, end offset)."""
        t = self.tok
        if pow_tok.value == "^" and self._is_transpose_mark(t):
            self.advance()
            return True, 0, t.end
        if t.kind in ("LBRACE", "LPAR"):
            closer = "RBRACE" if t.kind == "LBRACE" else "RPAR"
            self.advance()
            if pow_tok.value == "^" and self._is_transpose_mark(self.tok):
                self.advance()
                is_t, n = True, 0
            else:
                is_t, n = False, self._signed_int()
            close = self.tok
            if close.kind != closer:
                raise _error(
                    f"only small integer exponents are allowed (from -{MAX_EXPONENT} to "
                    f"{MAX_EXPONENT})",
                    close.start,
                )
            self.advance()
            return is_t, n, close.end
        n = self._signed_int()
        return False, n, self.tokens[self.k - 1].end

    def _is_transpose_mark(self, t: Token) -> bool:
        if t.kind == "TRANS":
            return True
        return t.kind == "NAME" and t.value == _Name("T", False, ())

    def _signed_int(self) -> int:
        sign = 1
        t = self.tok
        if t.kind == "OP" and t.value in ("-", "+"):
            sign = -1 if t.value == "-" else 1
            self.advance()
            t = self.tok
        if t.kind != "NUM" or not str(t.value).isdigit():
            raise _error(
                f"only small integer exponents are allowed (from -{MAX_EXPONENT} to {MAX_EXPONENT})",
                t.start,
                "write u**2 or u^2; for a transpose write A.T or A^T",
            )
        self.advance()
        digits = str(t.value)
        if len(digits) > 6:  # never int() a huge literal; name it as typed
            text = ("-" if sign < 0 else "") + (digits if len(digits) <= 40 else digits[:40] + "…")
            return self._check_exponent(sign * (MAX_EXPONENT + 1), t, text)
        return self._check_exponent(sign * int(digits), t)

    def _check_exponent(self, n: int, t: Token, text: str | None = None) -> int:
        if abs(n) > MAX_EXPONENT:
            raise _error(
                f"the exponent {text or n} is too large: only small integer exponents are allowed "
                f"(from -{MAX_EXPONENT} to {MAX_EXPONENT})",
                t.start,
            )
        return n

    def atom(self) -> Expr:
        t = self.tok
        if t.kind == "NUM":
            self.advance()
            return Num(float(str(t.value)), span=(t.start, t.end))
        if t.kind == "NAME":
            self.advance()
            return self._symbol(t)
        if t.kind in ("LPAR", "LBRACE"):
            self.enter(t)
            self.advance()
            inner = self.expr()
            self._close(t)
            self.depth -= 1
            return _respan(inner, t.start, self.tokens[self.k - 1].end)
        if t.kind == "FUNC":
            return self._call()
        if t.kind == "SUM":
            return self._sum()
        if t.kind == "OUTER":
            return self._outer()
        if t.kind == "COMMA":
            raise _error(
                "unexpected ','", t.start, "a comma separates the two vectors of outer(u, v)"
            )
        if t.kind == "FRAC":
            self.enter(t)
            self.advance()
            num = self._group("numerator of \\frac")
            den = self._group("denominator of \\frac")
            self.depth -= 1
            return BinOp("/", num, den, span=(t.start, self.tokens[self.k - 1].end))
        if t.kind == "PRIME":
            raise _error(
                "' is understood only after σ or tanh (a derivative)", t.start,
                "for a transpose write A.T or A^T",
            )  # fmt: skip
        if t.kind == "END":
            raise _error("the answer ends too early: an operand is missing", t.start)
        if t.kind == "POW":
            raise _error(f"{self._describe(t)} needs something to raise before it", t.start)
        if t.kind == "TRANS":
            raise _error("a transpose needs a matrix before it", t.start)
        if t.kind == "RPAR" or t.kind == "RBRACE":
            raise _error(f"unexpected closing bracket {self._describe(t)}", t.start)
        raise _error(f"unexpected {self._describe(t)}: an operand is missing", t.start)

    def _group(self, what: str) -> Expr:
        t = self.tok
        if t.kind != "LBRACE":
            raise _error(f"expected `{{` to open the {what}", t.start, "\\frac{a}{b}")
        self.advance()
        inner = self.expr()
        self._close(t)
        return inner

    def _close(self, opener: Token) -> None:
        t = self.tok
        want = "RBRACE" if opener.kind == "LBRACE" else "RPAR"
        if t.kind == want:
            self.advance()
            return
        if t.kind == "END":
            raise _error(f"the bracket {self._describe(opener)} is never closed", opener.start)
        raise _error(
            f"expected a closing bracket for {self._describe(opener)} here, found {self._describe(t)}",
            t.start,
        )

    def _symbol(self, t: Token) -> Expr:
        name, step = split_name(t.value)  # type: ignore[arg-type]
        if name == "T" and step == 0:
            raise _error("T alone is not a name", t.start, "for a transpose write A.T or A^T")
        return Sym(name, step, span=(t.start, t.end))

    def _sum(self) -> Expr:
        t = self.advance()
        self.enter(t)
        if self.sums:
            raise _error(
                "Σ_t inside Σ_t: a sum over the steps is taken once",
                t.start,
                "sum_t(...) adds its body over every step t",
            )
        self.sums += 1
        if t.value == "call" and self.tok.kind == "LPAR":
            opener = self.advance()
            body = self.expr()
            self._close(opener)
        else:
            if self.tok.kind not in _ATOM_START and self.tok.kind != "OP":
                raise _error("the sum needs something to add up after it", self.tok.start)
            body = self.term()
        self.sums -= 1
        self.depth -= 1
        return SumSteps(body, span=(t.start, self.tokens[self.k - 1].end))

    def _outer(self) -> Expr:
        t = self.advance()
        self.enter(t)
        opener = self.tok
        if opener.kind != "LPAR":
            raise _error("outer needs two arguments", opener.start, "outer(u, v) means u @ v.T")
        self.advance()
        u = self.expr()
        if self.tok.kind != "COMMA":
            raise _error(
                "outer takes two vectors separated by a comma", self.tok.start, "outer(u, v)"
            )
        self.advance()
        v = self.expr()
        self._close(opener)
        self.depth -= 1
        span = (t.start, self.tokens[self.k - 1].end)
        return BinOp("@", u, Transpose(v, span=span), span=span)

    def _call(self) -> Expr:
        t = self.advance()
        func = str(t.value)
        self.enter(t)
        primes = 0
        while self.tok.kind == "PRIME":
            primes += 1
            self.advance()
        power: int | None = None
        if self.tok.kind in ("POW", "SUP"):  # \tanh^2(c)
            p = self.advance()
            if p.kind == "SUP":
                power = self._check_exponent(p.value, p)  # type: ignore[arg-type]
            else:
                is_t, power, _ = self._exponent(p)
                if is_t:
                    raise _error("a function cannot be transposed before its argument", p.start)
        a = self.tok
        if a.kind in ("LPAR", "LBRACE"):
            self.advance()
            arg = self.expr()
            self._close(a)
        elif a.kind in ("NAME", "NUM", "FUNC"):
            arg = self.postfix() if a.kind == "FUNC" else self.atom()
        else:
            raise _error(
                f"{self.text[t.start:t.end]} needs an argument", a.start,
                f"e.g. {func}(c)",
            )  # fmt: skip
        self.depth -= 1
        span = (t.start, self.tokens[self.k - 1].end)
        e = _derivative(func, primes, arg, span, t) if primes else Call(func, arg, span=span)
        if power is not None:
            e = Pow(e, power, span=span)
        return e


def _derivative(func: str, primes: int, arg: Expr, span: tuple[int, int], t: Token) -> Expr:
    """`σ'(a)` and friends, written out by the function's own rule: σ(a)(1 - σ(a)), ..."""
    from interviewkit.math.expr import transform
    from interviewkit.math.functions import get

    if primes > 1:
        raise _error("only first derivatives (one ') are understood", t.start)
    rule = get(func).derivative
    if rule is None:
        raise _error(f"{func}' has no meaning here", t.start, "write the derivative out")
    # every node of the written-out form points at the whole `σ'(a)` for error messages
    written = rule(Call(func, arg))
    return transform(written, lambda e: None if e.span or e is arg else _respan(e, *span))


def _start(e: Expr) -> int:
    return e.span[0] if e.span else 0


def _end(e: Expr) -> int:
    return e.span[1] if e.span else 0


def _respan(e: Expr, start: int, end: int) -> Expr:
    """`e` with its span widened to include the brackets around it."""
    return dataclasses.replace(e, span=(start, end))


def _check_size(e: Expr) -> None:
    """The node-count and depth limits, checked without recursion."""
    count = 0
    stack = [(e, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise _error(
                f"the answer has more than {MAX_NODES} symbols and operations (the limit)",
                _start(node),
            )
        if depth > MAX_DEPTH:
            raise _error(
                f"the answer is more than {MAX_DEPTH} operations deep (the limit); "
                "a long chain of sums or products counts too",
                _start(node),
            )
        stack.extend((child, depth + 1) for child in children(node))


def parse(text: str, names: NameTable | None = None) -> Expr:
    """Parse a learner's answer into an expression tree; with `names`, check every name (and
    resolve the cell's aliases) against that table.

    Raises `NotationError` (with `position`, an offset into `text`) for anything it cannot
    understand, including the limits: 2,000 characters, 40 levels of nesting, 500 symbols and
    operations, a tree 150 operations deep, exponents from -8 to 8.

    >>> from interviewkit.math.printer import to_ascii
    >>> to_ascii(parse(r"\\operatorname{diag}(1-h_t^2)\\,W_h"))
    'diag(1 - h**2) @ W_h'
    """
    if not isinstance(text, str):
        raise _error("the answer must be text", None)
    tokens = tokenize(text)
    e = _Parser(text, tokens).parse()
    _check_size(e)
    return e if names is None else names.resolve(e)


# --------------------------------------------------------------------------- caret display


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def caret(text: str, error: NotationError | int | None, *, window: int = 70) -> str:
    """The answer on one line and a caret under the offending position, for a terminal.

    Long answers are cut to a window around the position; control characters show as spaces.
    """
    position = error if isinstance(error, int) or error is None else error.position
    clean = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    if position is None:
        return clean if len(clean) <= 2 * window else clean[: 2 * window] + "…"
    position = max(0, min(position, len(clean)))
    while position < len(clean) and clean[position] == " ":
        position += 1  # point at the next token, not at the space before it
    lo = max(0, position - window)
    hi = min(len(clean), position + window)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(clean) else ""
    shown = prefix + clean[lo:hi] + suffix
    pad = sum(_width(c) for c in prefix + clean[lo:position])
    return f"{shown}\n{' ' * pad}^"


def names_summary(cell: CellSpec | None = None) -> str:
    """What the parser understands, written from the cells' own name tables and the function
    registry (for `interviewkit check --names`), so an installed user needs no copy of the docs
    and the summary can never drift from the code. With `cell`, that cell's names only."""
    import textwrap

    from interviewkit.math.cells import builtins
    from interviewkit.math.functions import FUNCTIONS
    from interviewkit.math.names import Role

    def fill(text: str, head: str) -> list[str]:
        return textwrap.wrap(text, 78, initial_indent=head, subsequent_indent=" " * len(head))

    cells = [cell] if cell is not None else list(builtins().values())
    which = f"the {cell.name} cell" if cell is not None else "each cell"
    lines = [f"Names of {which} (a time index is optional: h_t = h, h_{{t-1}} = h_prev):"]
    for spec in cells:
        table = spec.names()
        shown = []
        for role in (Role.INPUT, Role.STATE, Role.DEFINED, Role.PARAM):
            for n in table.of_role(role):
                shown.append(f"{n}, {n}_prev" if role is Role.STATE else n)
        shown.append("I")
        aliases = [f"{k}={v[0]}" for k, v in spec.aliases.items() if v[0] in table]
        text = ", ".join(shown) + (f"; also {', '.join(aliases)}" if aliases else "")
        lines += fill(text, f"  {spec.label:<14} ")
    lines += [
        "",
        "Gradients (the backward pass and BPTT targets):",
        *fill(
            "g_h, g_c: what reaches each state from above (one per state); d_X (δ_X, "
            "\\delta_{X}): the total ∂L/∂X of any state, gate or pre-activation X, e.g. d_a, "
            "d_c, d_a_f; through time g_t (the loss's own gradient), any name at t-1, t or t+1 "
            "(h_{t-1}, d_a_{t+1}, δ_{c,t+1}), and sum_t(...) (Σ_t, \\sum_{t=1}^{T}) over the "
            "steps.",
            "  ",
        ),
        "",
        "Operators:",
        "  A @ B, A · B, A B   matrix product (never commuted)",
        "  u * v, u ⊙ v        elementwise product; s * A scales",
        "  + - /  -v           elementwise, with scalars broadcast",
        f"  u ** 2, u ^ 2, u²   small integer powers (up to {MAX_EXPONENT})",
        "  A.T, A^T, Aᵀ        transpose (vectors are columns: v.T is a row)",
        "  outer(u, v)         u @ v.T, the outer product",
        "",
    ]
    words = sorted({w for f in FUNCTIONS.values() for w in f.words} | {"σ"})
    lines += fill(
        f"Functions: {', '.join(words)} (diag(v) is the diagonal matrix; step is relu's slope; "
        "the others act elementwise)",
        "",
    )
    latex = sorted(
        {f"\\{w}" for w in (*LATEX_FUNCTIONS, *_LATEX_WRAPPERS, *_LATEX_TILDES, *_LATEX_OPS)}
        | {
            "\\frac",
            "\\top",
            "\\delta",
            "\\sum",
            "\\,",
            "\\;",
            "\\!",
            "\\quad",
            "\\left(",
            "\\right)",
        }
    )
    lines += [
        "",
        "LaTeX (when the answer has a backslash or is wrapped in $...$):",
        *fill(" ".join(latex), "  "),
        "",
        f"Limits: {MAX_LENGTH:,} characters, {MAX_NESTING} levels of brackets.",
    ]
    return "\n".join(lines)
