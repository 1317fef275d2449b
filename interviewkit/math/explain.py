"""Lay out derived Jacobians as text: result lines, the chain rule step by step, and the extras.

Pure functions from `derive`'s results to lists of lines, so the CLI and the TUI show the same
pages. Expressions are written by `printer` (Unicode by default, ASCII for plain terminals) and
wrapped at top-level sums to fit the width. No SymPy here: the results come in as data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.math.backward import BackStep, total
from interviewkit.math.derive import Derived, JointJacobian, KStep, Path, Step
from interviewkit.math.expr import BinOp, Expr, Neg, Sym, rename, transform, walk
from interviewkit.math.functions import FUNCTIONS
from interviewkit.math.printer import to_ascii, to_latex, to_unicode
from interviewkit.math.targets import BACKWARD, JACOBIAN, RECURSION, Target, get_target, latex_title

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec

WIDTH = 80


@dataclass(frozen=True)
class Style:
    """How one output format spells expressions, names and derivatives."""

    printer: Callable[..., str]
    partial: str  # "∂" or "d"
    times: str  # the matrix product between two printed pieces
    rule: str  # underline character
    timed: tuple[str, ...] = ()  # names shown with an explicit _t (sequence formulas)

    def show(self, e: Expr) -> str:
        return self.printer(e, self.timed) if self.timed else self.printer(e)

    def indexed(self, sym: Sym) -> str:
        """A name with its step spelled out, for titles: hₜ, hₜ₋₁ (h_t, h_{t-1})."""
        if self.printer is to_unicode:
            return to_unicode(sym, (sym.name,))
        at = {0: "t", -1: "{t-1}", 1: "{t+1}"}[sym.step]
        return f"{sym.name}_{at}"

    def with_timed(self, timed: tuple[str, ...]) -> Style:
        return Style(self.printer, self.partial, self.times, self.rule, timed)


UNICODE = Style(to_unicode, "∂", " · ", "═")
ASCII = Style(to_ascii, "d", " @ ", "=")
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


def wrap(
    prefix: str, e: Expr, style: Style, limit: int = WIDTH, products: bool = True
) -> list[str]:
    """`prefix` + the expression, broken before top-level `+`/`-` (and inside a trailing
    factored sum), and at last inside a long product (unless not `products`), so that lines
    fit in `limit` columns where possible."""
    text = prefix + style.show(e)
    if width(text) <= limit:
        return [text]
    terms = _terms(e)
    pad = " " * max(width(prefix) - 2, 0)
    if len(terms) > 1:
        minus = style.show(BinOp("-", Sym("a"), Sym("b")))[1:-1].strip()
        first = terms[0][1] if terms[0][0] == "+" else Neg(terms[0][1])
        lines = wrap(prefix, first, style, limit, products)
        for sign, term in terms[1:]:
            lines += wrap(f"{pad}{'+' if sign == '+' else minus} ", term, style, limit, products)
        return lines
    if isinstance(e, BinOp) and e.op == "@" and len(_terms(e.right)) > 1:
        head = prefix + style.show(e.left) + style.times + "("
        inner = wrap(" " * width(head), e.right, style, limit, products=False)
        if all(width(line) < limit for line in inner):
            inner[0] = head + inner[0][width(head) :]
        else:  # the head is too wide: start the sum on the next line, indented
            inner = [head, *wrap(pad + "      ", e.right, style, limit)]
        inner[-1] += ")"
        return inner
    return _break_products(text, width(prefix), limit) if products else [text]


def _break_products(text: str, indent: int, limit: int) -> list[str]:
    """A long product cut before a `⊙`/`·` (or `*`/`@`) where the line would overflow; the
    rest follows, indented under the expression."""
    lines: list[str] = []
    pad = " " * (indent + 2)
    while width(text) > limit:
        cuts = [m.start() for m in re.finditer(r" (?:⊙|·|\\odot|\\cdot|\*|@) ", text)]
        fitting = [c for c in cuts if width(text[:c]) <= limit and width(text[:c]) > len(pad)]
        if not fitting:
            break
        cut = fitting[-1]
        lines.append(text[:cut])
        text = pad + text[cut + 1 :]
    return [*lines, text]


# --- plain results -----------------------------------------------------------------------------


def _target(derived: Derived) -> Target:
    spec = derived.cell
    return get_target(derived.target, spec if spec is not None and spec.source else None)


def title(target: Target, style: Style) -> str:
    """∂hₜ/∂hₜ₋₁ (or dh_t/dh_{t-1}); ∂L/∂W_h for a gradient."""
    d = style.partial
    if target.kind == JACOBIAN:
        return f"{d}{style.indexed(target.of)}/{d}{style.indexed(target.wrt)}"
    wrt = target.wrt
    shown = wrt.name if target.parameter or "_" in wrt.name else style.indexed(wrt)
    if target.kind == BACKWARD or target.kind == RECURSION:
        return f"{d}L/{d}{shown}"
    return f"{d}L/{d}{shown} (sum over t)"


def _note(t: Target, style: Style) -> str:
    """The target's note, its time indices (h_{t-1}) spelled in the style."""
    import re

    return re.sub(r"\b([A-Za-z])_\{t-1\}", lambda m: style.indexed(Sym(m.group(1), -1)), t.note)


def result_lines(derived: Derived, style: Style, limit: int = WIDTH) -> list[str]:
    """One target: its name, title and shape, then the expression."""
    t = _target(derived)
    note = _note(t, style)
    variant = f" ({derived.variant})" if derived.variant else ""
    head = f"{derived.target}{variant}   {title(t, style)}   {derived.shape}"
    if width(f"{head}   {note}") <= limit:
        lines = [f"{head}   {note}"]
    else:
        lines = [head, *_paragraph(f"({note})", limit, indent=" ")]
    return [*lines, *wrap("  = ", derived.expr, style.with_timed(derived.timed), limit)]


def latex_lines(derived: Derived) -> list[str]:
    """A LaTeX display equation, with the target as a comment."""
    t = _target(derived)
    variant = f" ({derived.variant})" if derived.variant else ""
    spec = derived.cell if derived.cell is not None and derived.cell.source else None
    return [
        f"% {derived.target}{variant}: {t.note}",
        f"{latex_title(derived.target, spec)} = {to_latex(derived.expr, derived.timed)}",
    ]


# --- the chain rule, step by step -------------------------------------------------------------


def _trivial(step: Step) -> bool:
    """A step with nothing to explain: a pre-activation whose products hit the variable."""
    return all(p.local == Sym("I") and p.step is None for p in step.paths)


def _name(node: Expr, style: Style) -> str:
    text = style.show(node)
    return text if isinstance(node, Sym) else f"({text})"


def _d(node: Expr, wrt: Sym, style: Style) -> str:
    return f"{style.partial}{_name(node, style)}/{style.partial}{style.show(wrt)}"


def steps_page(derived: Derived, style: Style = UNICODE, limit: int = WIDTH) -> list[str]:
    """A page that derives one target path by path, like a textbook: title, a sentence, steps."""
    target = _target(derived)
    cell = derived.cell
    assert cell is not None
    steps = derived.steps
    number: dict[int, int] = {}
    for k, step in enumerate(steps):
        if k == 0 or not _trivial(step):
            number[k] = len(number) + 1

    head = f"{title(target, style)} of the {cell.title}"
    if derived.variant:
        head += f", {derived.variant} variant ({cell.citation})"
    lines = _paragraph(head, limit, indent="")
    lines.append(style.rule * max(width(line) for line in lines))
    movable = [Sym(cell.input), *(Sym(s, -1) for s in cell.states)]
    held = [style.indexed(v) for v in movable if v != target.wrt]
    sentence = (
        f"Every path from {style.indexed(target.wrt)} to {style.indexed(target.of)} through the "
        "equations below "
        f"adds one term, in which an elementwise step contributes diag(its local derivative) "
        f"and a product W{style.times}v contributes W"
    )
    if held:
        sentence += f" ({_join(held)} held fixed)"
    lines += _paragraph(sentence + ".", limit, indent="")
    lines += ["", "Equations"]
    lines += equation_lines(cell, style, limit)
    lines.append("")

    def ref(path: Path) -> str | None:
        if path.step is None or path.step not in number:
            return None
        return f"(step {number[path.step]})"

    def path_text(path: Path, node_step: Step) -> Expr | str:
        if path.via == node_step.wrt:
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
            f"{style.show(p.via)} = {style.show(steps[p.step].equation)}"  # type: ignore[arg-type]
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
            _add_ref(lines, ref(path), limit)
            continue
        routes = [
            "directly" if p.via == step.wrt else f"through {style.show(p.via)}" for p in step.paths
        ]
        lines += _paragraph(
            f"{number[k]}. {eq} reaches {style.show(step.wrt)} {_join(routes)}:", limit
        )
        label = max(width(r) for r in routes) + 2
        for route, path in zip(routes, step.paths, strict=True):
            prefix = f"     {route}{' ' * (label - width(route))}"
            lines += _emit(prefix, path_text(path, step), style, limit)
            _add_ref(lines, ref(path), limit)
        if k != 0:
            lines += wrap(f"     so {d_node} = ", step.result, style, limit)
    dot = "·" if style.printer is to_unicode else "."
    lines += ["", *_paragraph(f"Together, diagonals along one path merged into a single "
                              f"diag({dot}):", limit, indent="")]  # fmt: skip
    lines += wrap(f"  {title(target, style)} = ", derived.expr, style, limit)
    return lines


def _add_ref(lines: list[str], ref: str | None, limit: int) -> None:
    """`(step 3)` after the last line, or on a line of its own where it would not fit."""
    if ref is None:
        return
    if width(lines[-1]) + 3 + width(ref) <= limit:
        lines[-1] += f"   {ref}"
    else:
        lines.append(" " * max(limit - width(ref), 0) + ref)


def equation_lines(cell: CellSpec, style: Style, limit: int = WIDTH) -> list[str]:
    """The cell's equations, their names aligned."""
    lhs_width = max(width(style.show(Sym(eq.name))) for eq in cell.equations)
    lines = []
    for eq in cell.equations:
        name = style.show(Sym(eq.name))
        lines += wrap(f"  {name}{' ' * (lhs_width - width(name))} = ", eq.rhs, style, limit)
    return lines


def page(derived: Derived, style: Style = UNICODE, limit: int = WIDTH) -> list[str]:
    """The `--steps` page of any target: the chain rule forwards for a Jacobian, the backward
    pass for a gradient."""
    if derived.kind == JACOBIAN:
        return steps_page(derived, style, limit)
    return backward_page(derived, style, limit)


def _total_name(sym: Sym, style: Style) -> str:
    """δ_a, δ_hₜ₋₁ (d_a, d_h_{t-1}): a total, as the page names it."""
    if style.printer is to_unicode:
        return to_unicode(Sym(f"d_{sym.name}", sym.step))
    return f"d_{sym.name}" + {0: "", -1: "_{t-1}", 1: "_{t+1}"}[sym.step]


def backward_page(derived: Derived, style: Style = UNICODE, limit: int = WIDTH) -> list[str]:
    """A page that derives a gradient by going back through the equations, path by path."""
    target = _target(derived)
    cell = derived.cell
    assert cell is not None
    kind = {BACKWARD: "one step of the backward pass", RECURSION: "backpropagation through time"}
    head = f"{title(target, style)} of the {cell.title}, {kind.get(target.kind, 'through time')}"
    if derived.variant:
        head = f"{head} ({derived.variant} variant)"
    lines = _paragraph(head, limit, indent="")
    lines.append(style.rule * min(limit, max(width(line) for line in lines)))
    d = style.partial
    first = cell.states[0]
    if target.kind == BACKWARD:
        given = ", ".join(f"g_{s} = {d}L/{d}{style.indexed(Sym(s))}" for s in cell.states)
        intro = (
            f"Given from above: {given} ("
            + ("everything downstream of the step" if len(cell.states) == 1 else
               f"g_{first} is everything that reaches {style.indexed(Sym(first))}, the others "
               "what arrives from step t+1")
            + "). "
        )  # fmt: skip
    else:
        intro = (
            f"Steps t = 1..T share the weights; g_t is the loss's own {d}L_t/{d}"
            f"{style.indexed(Sym(first))}, and a total at t+1 is 0 after the last step. "
        )
    intro += (
        "Going back, each equation Y that reads X sends δ_Y back to X: times the local slope "
        "where X enters elementwise, through Wᵀ where X is inside W @ u, and as the outer "
        "product δ_Y uᵀ to the weight W itself."
    )
    if style.printer is not to_unicode:
        intro = intro.replace("δ_Y", "d_Y").replace("Wᵀ", "W.T").replace("uᵀ", "u.T")
    lines += _paragraph(intro, limit, indent="")
    lines += ["", "Equations", *equation_lines(cell, style, limit), ""]
    show = style.with_timed(derived.timed)
    if target.kind == RECURSION and target.wrt.name in cell.states:
        lines += _recursion_steps(derived.back, cell, style, show, limit)
    elif target.kind == RECURSION:
        lines += _pre_activation_steps(derived, style, show, limit)
    else:
        lines += _chain_steps(derived, style, show, limit)
    lines += ["", "Together:"]
    lines += wrap(f"  {derived.target.split('.', 1)[1]} = ", derived.expr, show, limit)
    if derived.expanded is not None and derived.expanded != derived.expr:
        lines += ["", "Written out down to the upstream gradients:"]
        lines += wrap("  = ", derived.expanded, show, limit)
    return lines


def _chain_steps(derived: Derived, style: Style, show: Style, limit: int) -> list[str]:
    """From the top down: each total, who reads the quantity, and what each sends back."""
    cell = derived.cell
    assert cell is not None
    lines: list[str] = []
    for k, step in enumerate(reversed(derived.back), start=1):
        node = step.node
        if node.name in cell.params:
            name = f"{style.partial}L/{style.partial}{node.name} (this step's share)"
        else:
            name = _total_name(node, style)
        readers = _join([p.consumer for p in step.paths]) if step.paths else ""
        if step.upstream is not None and not step.paths:
            lines += wrap(f"{k}. {name} = ", step.upstream, show, limit)
            continue
        lines += _paragraph(
            f"{k}. {name}, read by {readers}:" if readers else f"{k}. {name}:", limit
        )
        lines += _paths(step, show, limit)
        if len(step.paths) + (step.upstream is not None) > 1:
            lines += wrap(f"     so {name} = ", step.local, show, limit)
    return lines


def _pre_activation_steps(derived: Derived, style: Style, show: Style, limit: int) -> list[str]:
    """A pre-activation's total through time: what its own step sends back, then the
    recursion of each state that total is made of."""
    first, *pairs = derived.back
    lines = _paragraph(f"1. {_total_name(first.node, style)}, read by "
                       f"{_join([p.consumer for p in first.paths])}:", limit)  # fmt: skip
    lines += _paths(first, show, limit)
    used = {n.name for n in walk(first.local) if isinstance(n, Sym)}
    cell = derived.cell
    assert cell is not None
    for within, across in zip(pairs[::2], pairs[1::2], strict=True):
        if total(within.node.name).name in used:
            lines += ["", f"{_total_name(within.node, style)} through time:"]
            lines += _recursion_steps((within, across), cell, style, show, limit)
    return lines


def _recursion_steps(
    back: tuple[BackStep, ...], cell: CellSpec, style: Style, show: Style, limit: int
) -> list[str]:
    """A state's total at step t: from above, within step t, and from step t+1."""
    from interviewkit.math.expr import shift

    within, across = back
    now = style.indexed(within.node)
    lines: list[str] = []
    k = 1
    if within.upstream is not None:
        lines += wrap(f"{k}. From the loss at step t:   ", within.upstream, show, limit)
        k += 1
    if within.paths:
        readers = _join([p.consumer for p in within.paths])
        lines += _paragraph(f"{k}. Within step t, {now} is read by {readers}:", limit)
        lines += _paths(within, show, limit)
        k += 1
    if across.paths:
        readers = _join([p.consumer for p in across.paths])
        lines += _paragraph(
            f"{k}. At step t+1, {now} is the previous state, read by {readers}:", limit
        )
        keep = cell.params.__contains__
        rows = [(p.consumer, shift(p.contribution, 1, keep)) for p in across.paths]
        lines += _from_rows(rows, show, limit)
    return lines


def _paths(step: BackStep, show: Style, limit: int) -> list[str]:
    rows = [("above", step.upstream)] if step.upstream is not None else []
    return _from_rows(rows + [(p.consumer, p.contribution) for p in step.paths], show, limit)


def _from_rows(rows: list[tuple[str, Expr]], show: Style, limit: int) -> list[str]:
    """`from a_z   …` lines, the expressions in one column whatever the names' lengths."""
    label = max((width(name) for name, _ in rows), default=0)
    lines: list[str] = []
    for name, value in rows:
        lines += wrap(f"     from {name}{' ' * (label - width(name))}   ", value, show, limit)
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


def _previous_o(e: Expr, style: Style) -> Expr:
    """The previous step's output gate spelled o_{t-1} also in ASCII, where a step -1 name
    would otherwise read o_prev."""
    if style.printer is to_unicode:
        return e
    return transform(
        e,
        lambda n: Sym("o_{t-1}") if isinstance(n, Sym) and (n.name, n.step) == ("o", -1) else None,
    )


def joint_lines(j: JointJacobian, style: Style, limit: int = WIDTH) -> list[str]:
    """The LSTM's (h, c) block Jacobian and why diag(f) is only one block of it."""
    d = style.partial
    h, c = (style.indexed(r) for r in j.rows)
    h_prev, c_prev = (style.indexed(col) for col in j.cols)
    lines = [
        "The LSTM's one-step Jacobian of its joint state (h, c):",
        f"  {d}({h}, {c})/{d}({h_prev}, {c_prev}) = [[A, B], [C, D]]",
    ]
    for label, row, col in (("A", 0, 0), ("B", 0, 1), ("C", 1, 0), ("D", 1, 1)):
        of, wrt = style.indexed(j.rows[row]), style.indexed(j.cols[col])
        lines += wrap(f"  {label} = {d}{of}/{d}{wrt} = ", j.blocks[row][col], style, limit)
    prev_o = style.indexed(Sym("o", -1))
    times = "⊙" if style.printer is to_unicode else "*"
    lines += _paragraph(
        f"D = {style.show(j.direct)} is only the direct block, with {h_prev} held fixed "
        f"(the constant error carousel). Across steps {h_prev} = {prev_o} {times} "
        f"tanh({c_prev}) moves with {c_prev} too, so the total derivative of "
        f"{c} by {c_prev} adds the path through {h_prev}, where {prev_o} is the "
        f"previous step's output gate:",
        limit,
        indent="",
    )
    assert isinstance(j.through_h, BinOp)  # C @ ∂h_{t-1}/∂c_{t-1}
    total = BinOp("+", j.direct, BinOp("@", Sym("C"), _previous_o(j.through_h.right, style)))
    lines += wrap(f"  total {d}{c}/{d}{c_prev} = ", total, style, limit)
    return lines


def kstep_lines(k: KStep, style: Style, limit: int = WIDTH) -> list[str]:
    """The RNN's k-step product and the Pascanu, Mikolov & Bengio (2013) bound."""
    uni = style.printer is to_unicode
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
    rows = [to_latex(r) for r in j.rows]
    cols = [to_latex(c) for c in j.cols]
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
    total = BinOp("+", j.direct, BinOp("@", Sym("C"), j.through_h.right))
    lines += [
        "% across steps h_{t-1} = o_{t-1} * tanh(c_{t-1}) moves with c_{t-1} too:",
        f"\\frac{{d {rows[1]}}}{{d {cols[1]}}} = {to_latex(total)}",
    ]
    return lines


def kstep_latex(k: KStep) -> list[str]:
    """The RNN's k-step product and the Pascanu, Mikolov & Bengio (2013) bound, as LaTeX."""
    step_j = to_latex(rename(k.one_step, {"h": "h_{t-j}"}))
    w = to_latex(Sym(k.recurrent))
    return [
        "% rnn: the k-step product and its bound (Pascanu, Mikolov and Bengio, 2013)",
        f"\\frac{{\\partial h_t}}{{\\partial h_{{t-k}}}} = \\prod_{{j=0}}^{{k-1}} {step_j}",
        f"\\left\\| \\frac{{\\partial h_t}}{{\\partial h_{{t-k}}}} \\right\\|_2 \\le "
        f"\\left(\\gamma \\, \\sigma_{{\\max}}({w})\\right)^k, \\quad "
        f"\\gamma = \\max {FUNCTIONS[k.activation].latex}' = {k.gamma}",
    ]
