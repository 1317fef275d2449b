"""LaTeX in `$...$` to readable terminal Unicode (σ, ⊙, ∂, subscripts, c̃, diag).

unicodeit maps symbols, accents, sub- and superscripts best of the three libraries compared
(pylatexenc, unicodeit, flatlatex; see docs/quiz.md), but it knows no structure: it leaves
`\\frac`, `\\tanh`, `\\mathrm` as they are, mangles `\\operatorname`, and half-converts a
subscript with a letter Unicode lacks (`\\alpha_{t,s}` -> `αₜ_,ₛ`). So a small brace-aware scanner
handles the structure (fractions, named operators, text, square roots, scripts, nested braces to
any depth) and hands every leaf to unicodeit; a script is used only when unicodeit converts all of
it, otherwise it is written `_f` or `_(t,s)`, which stays unambiguous.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)

#: Commands whose argument is shown as plain text (`\operatorname{diag}` -> diag).
_TEXT_ARG = {"operatorname", "mathrm", "text", "textrm", "textit", "textbf", "mathit", "mathsf"}
#: Styles whose argument is converted as math, the style itself dropped (bold vectors read fine).
_STYLE_ARG = {"mathbf", "boldsymbol", "bm", "mathtt", "displaystyle"}
#: Alphabets unicodeit has letters for (`\mathbb{R}` -> ℝ, `\mathcal{L}` -> ℒ).
_ALPHABETS = {"mathcal", "mathbb", "mathfrak"}
#: Named functions unicodeit leaves as `\tanh`: shown as their names.
_FUNCTIONS = {
    "tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "det", "tr", "diag", "sech", "arg",
    "softmax", "argmax", "argmin", "sup", "inf", "lim", "Pr", "rank",
}  # fmt: skip
_SPACES = {",", ";", ":", "!", " ", "quad", "qquad"}
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "limits"}
_FRACS = {"frac", "dfrac", "tfrac"}
#: amsmath's ellipses, which unicodeit leaves as written.
_ELLIPSES = {
    "dots": "…",
    "dotsc": "…",
    "dotsb": "⋯",
    "dotsm": "⋯",
    "dotsi": "⋯",
    "mathellipsis": "…",
}
_TRANSPOSE = {"\\top", "T", "\\intercal", "\\mathsf{T}"}


class _Scanner:
    """Walks one LaTeX fragment; `out` is a list of (is_latex, text) pieces."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[tuple[bool, str]] = []

    def emit(self, text: str, *, latex: bool) -> None:
        self.out.append((latex, text))

    def group(self) -> str:
        """The next argument: a balanced `{...}` group, a `\\command`, or one character."""
        text, n = self.text, len(self.text)
        while self.i < n and text[self.i] == " ":
            self.i += 1
        if self.i >= n:
            return ""
        if text[self.i] == "{":
            depth, start = 0, self.i
            while self.i < n:
                ch = text[self.i]
                if ch == "\\":
                    self.i += 2
                    continue
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        self.i += 1
                        return text[start + 1 : self.i - 1]
                self.i += 1
            return text[start + 1 :]  # unbalanced: take the rest
        if text[self.i] == "\\":
            match = re.compile(r"\\([A-Za-z]+|.)").match(text, self.i)
            assert match is not None
            self.i = match.end()
            return match.group(0)
        self.i += 1
        return text[self.i - 1]

    def run(self) -> str:
        text, n = self.text, len(self.text)
        while self.i < n:
            ch = text[self.i]
            if ch == "\\":
                self.command()
            elif ch in "_^":
                self.i += 1
                self.script(ch, self.group())
            elif ch == "{":
                self.emit(latex_to_unicode(self.group()), latex=False)
            elif ch == "}":
                self.i += 1  # a stray closing brace
            else:
                start = self.i
                while self.i < n and text[self.i] not in "\\_^{}":
                    self.i += 1
                self.emit(text[start : self.i], latex=True)
        return self.join()

    def command(self) -> None:
        match = re.compile(r"\\([A-Za-z]+|.)").match(self.text, self.i)
        assert match is not None
        name = match.group(1)
        self.i = match.end()
        if name in _FRACS:
            num, den = latex_to_unicode(self.group()), latex_to_unicode(self.group())
            self.emit(f"{_wrap(num)}/{_wrap(den)}", latex=False)
        elif name in _TEXT_ARG:
            self.emit(self.group(), latex=False)
        elif name in _STYLE_ARG:
            self.emit(latex_to_unicode(self.group()), latex=False)
        elif name in _ALPHABETS:
            body = self.group()
            single = len(body.strip()) == 1
            self.emit(
                f"\\{name}{{{body.strip()}}}" if single else latex_to_unicode(body), latex=single
            )
        elif name == "sqrt":
            self.emit("√" + _wrap(latex_to_unicode(self.group())), latex=False)
        elif name in _FUNCTIONS:
            self.emit(name, latex=False)
        elif name in ("sigma_", "sigma"):
            self.emit("σ", latex=False)
        elif name in _SPACES:
            self.emit(" ", latex=False)
        elif name in _DROP:
            pass
        elif name in ("lVert", "rVert", "Vert") or name == "|":
            self.emit("‖", latex=False)
        elif name in _ELLIPSES:
            self.emit(_ELLIPSES[name], latex=False)
        else:
            # A symbol or an accent: unicodeit knows it. An accent takes its argument with it.
            raw = match.group(0)
            if self.i < len(self.text) and self.text[self.i] == "{":
                raw += "{" + self.group() + "}"
            self.emit(raw, latex=True)

    def script(self, mark: str, body: str) -> None:
        """`_x` / `^{...}`: Unicode sub/superscripts when every character has one."""
        if mark == "^" and body.strip() in _TRANSPOSE:
            self.emit("ᵀ", latex=False)
            return
        converted = _unicodeit(f"{mark}{{{body}}}")
        if not any(c in converted for c in "_^{}\\"):
            self.emit(converted, latex=False)
            return
        inner = latex_to_unicode(body)
        word = re.fullmatch(r"\w+", inner) is not None or len(inner) == 1
        self.emit(f"{mark}{inner}" if word else f"{mark}({inner})", latex=False)

    def join(self) -> str:
        parts: list[str] = []
        for is_latex, piece in self.out:
            parts.append(_unicodeit(piece) if is_latex else piece)
        return "".join(parts)


@lru_cache(maxsize=4096)
def _unicodeit(text: str) -> str:
    import unicodeit

    return str(unicodeit.replace(text))


def _wrap(text: str) -> str:
    """Parenthesise a fraction's side unless it is one term (`∂hₜ`, `2`, `W₁`)."""
    text = text.strip()
    if re.fullmatch(r"[^\s+\-−/=()]+", text) or (text.startswith("(") and text.endswith(")")):
        return text
    return f"({text})"


@lru_cache(maxsize=2048)
def latex_to_unicode(latex: str) -> str:
    """One LaTeX math fragment (no dollars) as Unicode text.

    >>> latex_to_unicode(r"\\frac{\\partial h_t}{\\partial h_{t-1}}")
    '∂hₜ/∂hₜ₋₁'
    >>> latex_to_unicode(r"c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde{c}_t")
    'cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ c̃ₜ'
    """
    out = _Scanner(latex).run()
    out = re.sub(r"(∂|√)\s+", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip()


def _fragment(latex: str) -> str:
    """`latex_to_unicode`, or the LaTeX as written when it nests too deeply to walk (the
    scanner recurses per brace; a deck with absurd nesting must not take the quiz down)."""
    try:
        return latex_to_unicode(latex)
    except RecursionError:
        return latex


def render_math(text: str) -> str:
    """Replace every `$...$` / `$$...$$` span of `text` with its Unicode rendering (plain text)."""

    def repl(match: re.Match[str]) -> str:
        return _fragment(match.group(1) or match.group(2))

    return _MATH.sub(repl, text).replace("\\$", "$")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def markdown_escape(text: str) -> str:
    """`text` shown literally inside Markdown: every character Markdown could read as markup
    gets a backslash (so a learner's `a*b` or `W_f` is not turned into emphasis).

    >>> print(markdown_escape("W_f * x_t"))
    W\\_f \\* x\\_t
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_math_markdown(text: str) -> str:
    """Like `render_math`, for Markdown: the converted math is escaped so `W_f x_t` or `a*b`
    never turn into emphasis, while the Markdown around it is left alone."""

    def repl(match: re.Match[str]) -> str:
        return markdown_escape(_fragment(match.group(1) or match.group(2)))

    return _MATH.sub(repl, text)
