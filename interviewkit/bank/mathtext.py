"""LaTeX in `$...$` to readable terminal Unicode (σ, ⊙, ∂, subscripts, c̃, diag).

unicodeit does the symbols, subscripts and accents best of the libraries compared (see
docs/architecture.md), but it leaves `\\frac`, `\\tanh`, `\\mathrm` as they are and mangles
`\\operatorname`; a small pre-pass rewrites those constructs into plain LaTeX it handles.
"""

from __future__ import annotations

import re

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_NAMED = re.compile(r"\\(?:operatorname|mathrm|text|textrm|mathit)\s*\{([^{}]*)\}")
_STYLE = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathcal|mathbb)\s*\{([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_FUNCS = re.compile(r"\\(tanh|sigma_?|exp|log|ln|max|min|sin|cos|det|tr|diag|sech|arg)\b")
_SPACING = re.compile(r"\\[,;:!]|\\quad|\\qquad|\\left|\\right")


def _frac(match: re.Match[str]) -> str:
    num, den = match.group(1).strip(), match.group(2).strip()
    wrap = lambda s: s if re.fullmatch(r"[\w\\{}_^]+", s) and " " not in s else f"({s})"  # noqa: E731
    return f"{wrap(num)}/{wrap(den)}"


def latex_to_unicode(latex: str) -> str:
    """One LaTeX math fragment (no dollars) as Unicode text."""
    import unicodeit

    text = _SPACING.sub(" ", latex)
    text = _NAMED.sub(r"\1", text)
    text = _STYLE.sub(r"\1", text)
    for _ in range(3):  # nested fractions, innermost first
        text = _FRAC.sub(_frac, text)
    text = _FUNCS.sub(lambda m: "σ" if m.group(1).startswith("sigma") else m.group(1), text)
    text = text.replace("^\\top", "ᵀ").replace("^{\\top}", "ᵀ").replace("^T", "ᵀ").replace("^{T}", "ᵀ")
    out = unicodeit.replace(text)
    return re.sub(r"\s{2,}", " ", out).strip()


def render_math(text: str) -> str:
    """Replace every `$...$` / `$$...$$` span of Markdown `text` with its Unicode rendering."""

    def repl(match: re.Match[str]) -> str:
        return latex_to_unicode(match.group(1) or match.group(2))

    return _MATH.sub(repl, text)
