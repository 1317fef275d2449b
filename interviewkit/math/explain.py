"""Lay out derived Jacobians as text: result lines, the chain rule step by step, and the extras.

Pure functions from `derive`'s results to lists of lines, so the CLI and the TUI show the same
pages. Expressions are written by `printer` (Unicode by default, ASCII for plain terminals) and
wrapped at top-level sums to fit the width. No SymPy here: the results come in as data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from interviewkit.math.cells import get_cell
from interviewkit.math.derive import Derived, JointJacobian, KStep, Path, Step, rename
from interviewkit.math.expr import BinOp, Expr, Neg, Sym
from interviewkit.math.printer import to_ascii, to_latex, to_unicode
from interviewkit.math.targets import TARGETS, latex_title

WIDTH = 80

#: Where each GRU variant comes from, for page titles (the equations show the difference).
VARIANT_SOURCES = {
    "cho": "Cho et al. 2014",
    "chung": "Chung et al. 2014",
    "pytorch": "torch.nn.GRU and cuDNN",
}


@dataclass(frozen=True)
class Style:
    """How one output format spells expressions, names and derivatives."""

    show: Callable[[Expr], str]
    partial: str  # "∂" or "d"
    times: str  # the matrix product between two printed pieces
    titles: dict[str, str]  # time-indexed names for titles: h -> hₜ
    rule: str  # underline character


UNICODE = Style(
    to_unicode,
    "∂",
    " · ",
    {"h": "hₜ", "c": "cₜ", "x": "xₜ", "h_prev": "hₜ₋₁", "c_prev": "cₜ₋₁"},
    "═",
)
ASCII = Style(
    to_ascii,
    "d",
    " @ ",
    {"h": "h_t", "c": "c_t", "x": "x_t", "h_prev": "h_{t-1}", "c_prev": "c_{t-1}"},
    "=",
)
STYLES = {"unicode": UNICODE, "ascii": ASCII}


def width(text: str) -> int:
    """Columns a line takes in a terminal (combining marks such as c̃'s tilde take none)."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


# --- wrapping long expressions ---------------------------------------------------------------


def _terms(e: Expr) -> list[tuple[str, Expr]]:
    """Top-level terms of a sum with their signs: a + b - c -> [(+, a), (+, b), (-, c)]."""
    if isinstance(e, BinOp) and e.op in "+-":
        right = [("-" if e.op == "-" else "+", e.right)]
        return _terms(e.left) + right
    return [("+", e)]


def wrap(prefix: str, e: Expr, style: Style, limit: int = WIDTH) -> list[str]:
    """`prefix` + the expression, broken before top-level `+`/`-` (and inside a trailing
    factored sum) so that lines fit in `limit` columns where possible."""
    text = prefix + style.show(e)
    if width(text) <= limit:
        return [text]
    terms = _terms(e)
    pad = " " * max(width(prefix) - 2, 0)
    if len(terms) > 1:
        minus = style.show(BinOp("-", Sym("a"), Sym("b")))[1:-1].strip()
        lines = wrap(prefix, terms[0][1] if terms[0][0] == "+" else Neg(terms[0][1]), style, limit)
        for sign, term in terms[1:]:
            lines += wrap(f"{pad}{'+' if sign == '+' else minus} ", term, style, limit)
        return lines
    if isinstance(e, BinOp) and e.op == "@" and len(_terms(e.right)) > 1:
        head = prefix + style.show(e.left) + style.times + "("
        inner = wrap(" " * width(head), e.right, style, limit)
        if all(width(line) < limit for line in inner):
            inner[0] = head + inner[0][width(head) :]
        else:  # the head is too wide: start the sum on the next line, indented
            inner = [head, *wrap(pad + "      ", e.right, style, limit)]
        inner[-1] += ")"
        return inner
    return [text]


# --- plain results -----------------------------------------------------------------------------


def title(target: str, style: Style) -> str:
    """∂hₜ/∂hₜ₋₁ (or dh_t/dh_{t-1})."""
    t = TARGETS[target]
    d = style.partial
    return f"{d}{style.titles.get(t.of, t.of)}/{d}{style.titles.get(t.wrt, t.wrt)}"


def result_lines(derived: Derived, style: Style, limit: int = WIDTH) -> list[str]:
    """One target: its name, title and shape, then the expression."""
    t = TARGETS[derived.target]
    note = t.note
    for name in ("h_prev", "c_prev"):  # the notes spell indices as h_{t-1}
        note = note.replace(ASCII.titles[name], style.titles[name])
    variant = f" ({derived.variant})" if derived.variant else ""
    head = f"{derived.target}{variant}   {title(derived.target, style)}   {derived.shape}"
    if width(f"{head}   {note}") <= limit:
        lines = [f"{head}   {note}"]
    else:
        lines = [head, *_paragraph(f"({note})", limit, indent=" ")]
    return [*lines, *wrap("  = ", derived.expr, style, limit)]


def latex_lines(derived: Derived) -> list[str]:
    """A LaTeX display equation, with the target as a comment."""
    t = TARGETS[derived.target]
    variant = f" ({derived.variant})" if derived.variant else ""
    return [
        f"% {derived.target}{variant}: {t.note}",
        f"{latex_title(derived.target)} = {to_latex(derived.expr)}",
    ]


# --- the chain rule, step by step -------------------------------------------------------------


def _trivial(step: Step) -> bool:
    """A step with nothing to explain: a pre-activation whose products hit the variable."""
    return all(p.local == Sym("I") and p.step is None for p in step.paths)


def _name(node: Expr, style: Style) -> str:
    text = style.show(node)
    return text if isinstance(node, Sym) else f"({text})"


def _d(node: Expr, wrt: str, style: Style) -> str:
    return f"{style.partial}{_name(node, style)}/{style.partial}{style.show(Sym(wrt))}"


def steps_page(derived: Derived, style: Style = UNICODE, limit: int = WIDTH) -> list[str]:
    """A page that derives one target path by path, like a textbook: title, a sentence, steps."""
    target = TARGETS[derived.target]
    cell = get_cell(target.cell, derived.variant)
    steps = derived.steps
    number: dict[int, int] = {}
    for k, step in enumerate(steps):
        if k == 0 or not _trivial(step):
            number[k] = len(number) + 1

    kind = {"rnn": "vanilla RNN"}.get(target.cell, target.cell.upper())
    head = f"{title(derived.target, style)} of the {kind}"
    if derived.variant:
        head += f", {derived.variant} variant ({VARIANT_SOURCES[derived.variant]})"
    lines = [head, style.rule * width(head)]
    names = style.titles
    held = [names[n] for n in cell.inputs if n in ("x", "h_prev", "c_prev") and n != target.wrt]
    sentence = (
        f"Every path from {names[target.wrt]} to {names[target.of]} through the equations below "
        f"adds one term, in which an elementwise step contributes diag(its local derivative) "
        f"and a product W{style.times}v contributes W"
    )
    if held:
        sentence += f" ({_join(held)} held fixed)"
    lines += _paragraph(sentence + ".", limit, indent="")
    lines += ["", "Equations"]
    lhs_width = max(width(style.show(Sym(lhs))) for lhs, _ in cell.equations)
    for lhs, rhs in cell.equations:
        name = style.show(Sym(lhs))
        lines += wrap(f"  {name}{' ' * (lhs_width - width(name))} = ", rhs, style, limit)
    lines.append("")

    def ref(path: Path) -> str | None:
        if path.step is None or path.step not in number:
            return None
        return f"(step {number[path.step]})"

    def path_text(path: Path, node_step: Step) -> Expr | str:
        if path.via == Sym(node_step.wrt):
            return path.local
        if path.step is None or path.step not in number:  # nothing more to explain
            return path.contribution
        via = path.via
        if isinstance(via, BinOp) and via.op == "@":  # W @ u: W times the Jacobian of u
            d = style.show(via.left) + style.times + _d(via.right, node_step.wrt, style)
        else:
            d = _d(via, node_step.wrt, style)
        return d if path.local == Sym("I") else style.show(path.local) + style.times + d

    for k, step in enumerate(steps):
        if k not in number:
            continue
        node, d_node = style.show(step.node), _d(step.node, step.wrt, style)
        eq = f"{node} = {style.show(step.equation)}" if step.equation is not None else node
        inline = [
            f"{style.show(p.via)} = {style.show(steps[p.step].equation)}"
            for p in step.paths
            if p.step is not None
            and p.step not in number
            and isinstance(p.via, Sym)
            and steps[p.step].equation is not None
        ]
        if inline:
            eq += " with " + ", ".join(inline)
        if len(step.paths) == 1:
            (path,) = step.paths
            lines += _paragraph(f"{number[k]}. {eq}:", limit)
            lines += _emit(f"     {d_node} = ", path_text(path, step), style, limit)
            if ref(path):
                lines[-1] += f"   {ref(path)}"
            continue
        routes = [
            "directly" if p.via == Sym(step.wrt) else f"through {style.show(p.via)}"
            for p in step.paths
        ]
        lines += _paragraph(
            f"{number[k]}. {eq} reaches {style.show(Sym(step.wrt))} {_join(routes)}:", limit
        )
        label = max(width(r) for r in routes) + 2
        for route, path in zip(routes, step.paths, strict=True):
            prefix = f"     {route}{' ' * (label - width(route))}"
            lines += _emit(prefix, path_text(path, step), style, limit)
            if ref(path):
                lines[-1] += f"   {ref(path)}"
        if k != 0:
            lines += wrap(f"     so {d_node} = ", step.result, style, limit)
    dot = "·" if style is UNICODE else "."
    lines += ["", f"Together, diagonals along one path merged into a single diag({dot}):"]
    lines += wrap(f"  {title(derived.target, style)} = ", derived.expr, style, limit)
    return lines


def _emit(prefix: str, value: Expr | str, style: Style, limit: int) -> list[str]:
    """An expression, wrapped; or text that is already printed."""
    return [prefix + value] if isinstance(value, str) else wrap(prefix, value, style, limit)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _paragraph(text: str, limit: int, indent: str = "   ") -> list[str]:
    import textwrap

    return textwrap.wrap(text, limit, subsequent_indent=indent, break_on_hyphens=False)


# --- extras ------------------------------------------------------------------------------------


def joint_lines(j: JointJacobian, style: Style, limit: int = WIDTH) -> list[str]:
    """The LSTM's (h, c) block Jacobian and why diag(f) is only one block of it."""
    t = style.titles
    d = style.partial
    lines = [
        "The LSTM's one-step Jacobian of its joint state (h, c):",
        f"  {d}({t['h']}, {t['c']})/{d}({t['h_prev']}, {t['c_prev']}) = [[A, B], [C, D]]",
    ]
    for label, row, col in (("A", 0, 0), ("B", 0, 1), ("C", 1, 0), ("D", 1, 1)):
        of, wrt = j.rows[row], j.cols[col]
        lines += wrap(f"  {label} = {d}{t[of]}/{d}{t[wrt]} = ", j.blocks[row][col], style, limit)
    shown = {j.previous["o"]: "oₜ₋₁" if style is UNICODE else "o_{t-1}"}
    prev_o = shown[j.previous["o"]]
    times = "⊙" if style is UNICODE else "*"
    lines += _paragraph(
        f"D = {style.show(j.direct)} is only the direct block, with {t['h_prev']} held fixed "
        f"(the constant error carousel). Across steps {t['h_prev']} = {prev_o} {times} "
        f"tanh({t['c_prev']}) moves with {t['c_prev']} too, so the total derivative of "
        f"{t['c']} by {t['c_prev']} adds the path through {t['h_prev']}, where {prev_o} is the "
        f"previous step's output gate:",
        limit,
        indent="",
    )
    assert isinstance(j.through_h, BinOp)  # C @ ∂h_{t-1}/∂c_{t-1}
    total = BinOp("+", j.direct, BinOp("@", Sym("C"), rename(j.through_h.right, shown)))
    lines += wrap(f"  total {d}{t['c']}/{d}{t['c_prev']} = ", total, style, limit)
    return lines


def kstep_lines(k: KStep, style: Style, limit: int = WIDTH) -> list[str]:
    """The RNN's k-step product and the Pascanu, Mikolov & Bengio (2013) bound."""
    uni = style is UNICODE
    at_j = {"h": "hₜ₋ⱼ" if uni else "h_{t-j}"}
    step_j = style.show(rename(k.one_step, at_j))
    slope = style.show(k.slope)
    w = style.show(Sym(k.recurrent))
    gamma, smax = ("γ", "σ_max") if uni else ("gamma", "sigma_max")
    if uni:
        head, prod = "∂hₜ/∂hₜ₋ₖ", "∏ⱼ₌₀ᵏ⁻¹"
        bound = f"‖∂hₜ/∂hₜ₋ₖ‖₂ ≤ (γ · σ_max({w}))ᵏ"
        norm = f"‖diag({slope})‖₂ ≤ γ"
    else:
        head, prod = "dh_t/dh_{t-k}", "prod_{j=0}^{k-1}"
        bound = f"||dh_t/dh_{{t-k}}||_2 <= (gamma * sigma_max({w}))**k"
        norm = f"||diag({slope})||_2 <= gamma"
    return [
        "The RNN over k steps: the chain rule multiplies one factor per step,",
        f"  {head} = {prod} {step_j}",
        *_paragraph(
            f"In each factor {norm}, where {gamma} = max {k.activation}' = {k.gamma} (SymPy: "
            f"the slope of {k.activation} peaks at 0), and the norm of {w} is {smax}({w}). "
            "Multiplying k factors gives the bound of Pascanu, Mikolov and Bengio (2013):",
            limit,
            indent="",
        ),
        f"  {bound}",
        *_paragraph(
            f"If {smax}({w}) < 1/{gamma} the gradient vanishes geometrically in k; "
            f"{smax}({w}) > 1/{gamma} is necessary, not sufficient, for it to explode.",
            limit,
            indent="",
        ),
    ]


def joint_latex(j: JointJacobian) -> list[str]:
    """The joint-state block Jacobian and the total ∂c_t/∂c_{t-1}, as LaTeX displays."""
    d = "\\partial "
    rows = [to_latex(Sym(r)) for r in j.rows]
    cols = [to_latex(Sym(c)) for c in j.cols]
    lines = [
        "% lstm: one-step Jacobian of the joint state (h, c); diag(f) is only its direct block",
        f"\\frac{{{d}({rows[0]}, {rows[1]})}}{{{d}({cols[0]}, {cols[1]})}} = "
        "\\begin{pmatrix} A & B \\\\ C & D \\end{pmatrix}",
    ]
    for label, r, c in (("A", 0, 0), ("B", 0, 1), ("C", 1, 0), ("D", 1, 1)):
        lines.append(
            f"{label} = \\frac{{{d}{rows[r]}}}{{{d}{cols[c]}}} = {to_latex(j.blocks[r][c])}"
        )
    assert isinstance(j.through_h, BinOp)
    shown = rename(j.through_h.right, {j.previous["o"]: "o_{t-1}"})
    total = BinOp("+", j.direct, BinOp("@", Sym("C"), shown))
    lines += [
        "% across steps h_{t-1} = o_{t-1} * tanh(c_{t-1}) moves with c_{t-1} too:",
        f"\\frac{{d {rows[1]}}}{{d {cols[1]}}} = {to_latex(total)}",
    ]
    return lines


_LATEX_FUNCTION = {"tanh": "\\tanh", "sigmoid": "\\sigma"}


def kstep_latex(k: KStep) -> list[str]:
    """The RNN's k-step product and the Pascanu, Mikolov & Bengio (2013) bound, as LaTeX."""
    step_j = to_latex(rename(k.one_step, {"h": "h_{t-j}"}))
    w = to_latex(Sym(k.recurrent))
    return [
        "% rnn: the k-step product and its bound (Pascanu, Mikolov and Bengio, 2013)",
        f"\\frac{{\\partial h_t}}{{\\partial h_{{t-k}}}} = \\prod_{{j=0}}^{{k-1}} {step_j}",
        f"\\left\\| \\frac{{\\partial h_t}}{{\\partial h_{{t-k}}}} \\right\\|_2 \\le "
        f"\\left(\\gamma \\, \\sigma_{{\\max}}({w})\\right)^k, \\quad "
        f"\\gamma = \\max {_LATEX_FUNCTION.get(k.activation, k.activation)}' = {k.gamma}",
    ]
