"""Grade a learner's derivation: parse it, evaluate it, compare it with the derived reference.

Equivalence is numeric, as in MITx's MatrixGrader: the reference (from `math.reference`, the cached
SymPy derivation) and the answer are evaluated at several random points of the cell (random
weights, inputs and states, n = 3 and m = 2 so that W_h (n×n) and U_* (n×m) differ by shape, every
gate computed from its inputs) and must agree within a relative tolerance at every point. Shapes
are compared first. A wrong answer is matched against the mistake catalogue, then against a few
generic slips (transpose, sign, factor), then term by term; failing all that, a general hint.

`check` never raises: whatever it is given, it returns a `CheckResult`. It prints nothing and
imports neither SymPy nor a terminal library, so the TUI can call it from a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.errors import NotationError
from interviewkit.math.evaluate import describe_shape, evaluate, evaluate_nodes
from interviewkit.math.expr import BinOp, Expr, Neg, Sym, Transpose, children, symbols
from interviewkit.math.verdict import Verdict

if TYPE_CHECKING:
    from interviewkit.math.targets import Target

#: Random points at which answers are compared (MatrixGrader samples 5).
POINTS = 5
#: Sizes of the random cell: n ≠ m, so shapes tell W_* from U_*.
N, M = 3, 2
#: ‖answer − reference‖ ≤ REL_TOL·‖reference‖ + ABS_TOL at every point (Frobenius norms).
REL_TOL = 1e-6
ABS_TOL = 1e-12
#: Seed of the random points, so that a verdict never changes between runs.
SEED = 20140603

CORRECT, INCORRECT, INVALID = Verdict.CORRECT, Verdict.INCORRECT, Verdict.INVALID


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer, with one line of feedback a learner can act on."""

    verdict: str
    feedback: str
    target: str
    variant: str | None = None
    mistake: str | None = None
    shape: str | None = None
    expected_shape: str | None = None
    parsed_unicode: str | None = None
    position: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (`verdict` and `feedback` first)."""
        return asdict(self)


# --------------------------------------------------------------------------- the random points


@dataclass(frozen=True)
class _Setting:
    """Everything about a (target, variant) that does not depend on the answer, computed once."""

    target: str
    variant: str | None
    title: str
    cell_label: str
    names: frozenset[str]
    envs: tuple[dict[str, np.ndarray], ...]
    reference: Expr
    ref_values: tuple[np.ndarray, ...]
    expected_shape: tuple[int, ...]


_LOCK = threading.Lock()


@cache
def _setting(target: str, variant: str | None) -> _Setting:
    from interviewkit.math.cells import get_cell
    from interviewkit.math.reference import reference_expr

    t = _target(target)
    cell = get_cell(t.cell, variant)
    envs = _environments(t.cell, variant)
    reference = reference_expr(target, variant)
    ref_values = tuple(evaluate(reference, env) for env in envs)
    for value in ref_values:  # cached and shared like the environments
        value.setflags(write=False)
    names = frozenset(cell.inputs) | frozenset(cell.defined) | {"I"}
    return _Setting(
        target=target,
        variant=variant,
        title=t.title,
        cell_label=cell.label,
        names=names,
        envs=envs,
        reference=reference,
        ref_values=ref_values,
        expected_shape=ref_values[0].shape,
    )


@cache
def _environments(cell_name: str, variant: str | None) -> tuple[dict[str, np.ndarray], ...]:
    from interviewkit.math.cells import environment, get_cell

    cell = get_cell(cell_name, variant)
    rng = np.random.default_rng(SEED)
    envs = tuple(environment(cell, rng, n=N, m=M) for _ in range(POINTS))
    for env in envs:  # shared by every check in every thread: no one may write into them
        for value in env.values():
            value.setflags(write=False)
    return envs


def _target(name: str) -> Target:
    from interviewkit.math.targets import get_target

    return get_target(name)


def _resolve_variant(target: str, variant: str | None) -> str | None:
    from interviewkit.math.cells import gru_variant

    t = _target(target)
    if not t.takes_variant:
        if variant:
            raise NotationError(
                f"{target} has no variants (got {variant!r})", hint="leave out --variant"
            )
        return None
    return gru_variant(variant)


# --------------------------------------------------------------------------- comparing values


def _values(e: Expr, s: _Setting) -> tuple[np.ndarray, ...]:
    return tuple(evaluate(e, env) for env in s.envs)


def _same(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> bool:
    """Equal shapes and, at every point, equal within the relative tolerance."""
    for x, y in zip(a, b, strict=True):
        if x.shape != y.shape:
            return False
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return False
        if np.linalg.norm(x - y) > REL_TOL * np.linalg.norm(y) + ABS_TOL:
            return False
    return True


@cache
def _mistake_values(target: str, variant: str | None) -> tuple[tuple[Any, tuple], ...]:
    from interviewkit.math.mistakes import catalogue
    from interviewkit.math.notation import parse

    s = _setting(target, variant)
    out = []
    for m in catalogue(target, variant):
        try:
            out.append((m, _values(parse(m.example), s)))
        except NotationError:  # a broken example must not break checking (a test catches it)
            continue
    return tuple(out)


def warm_up() -> None:
    """Compute every target's random points, reference and mistake values now.

    A long-lived caller (`check --jsonl`, the TUI) pays this once at start instead of on the
    first answer for each target.
    """
    from interviewkit.math.reference import all_keys

    with _LOCK:
        for target, variant in all_keys():
            _setting(target, variant)
            _mistake_values(target, variant)


# --------------------------------------------------------------------------- the public function


def check(target: str, answer: str, variant: str | None = None) -> CheckResult:
    """Grade `answer` for `target` (GRU targets: `variant` cho, chung or pytorch; default cho).

    Never raises; a problem with the answer (or the target) is an `invalid` verdict.

    >>> check("rnn.dh_dhprev", r"\\operatorname{diag}(1-h^2)\\,W_h").verdict
    'correct'
    >>> check("rnn.dh_dhprev", "W_h @ diag(1 - h**2)").mistake
    'wrong_order'
    """
    try:
        return _check(target, answer, variant)
    except NotationError as exc:
        return CheckResult(
            INVALID,
            exc.one_line(),
            str(target),
            variant if isinstance(variant, str) else None,
            position=exc.position,
        )
    except Exception as exc:  # the one boundary: never let an answer crash a caller
        return CheckResult(
            INVALID,
            f"could not check this answer ({type(exc).__name__}); please report it",
            str(target),
            variant if isinstance(variant, str) else None,
        )


def _check(target: str, answer: str, variant: str | None) -> CheckResult:
    from interviewkit.math.notation import parse
    from interviewkit.math.printer import to_unicode

    if not isinstance(target, str):
        raise NotationError("the target must be text", hint="e.g. rnn.dh_dhprev")
    if variant is not None and not isinstance(variant, str):
        raise NotationError("the variant must be text", hint="cho, chung or pytorch")
    variant = _resolve_variant(target, variant)
    with _LOCK:  # the caches fill once, even when the TUI checks from several threads
        s = _setting(target, variant)
    try:
        if not isinstance(answer, str):
            raise NotationError("the answer must be text")
        expr = parse(answer)
    except NotationError as exc:  # reported with the variant that was resolved
        return CheckResult(INVALID, exc.one_line(), target, variant, position=exc.position)
    base = {"target": target, "variant": variant, "parsed_unicode": to_unicode(expr)}
    try:
        _check_names(expr, s)
        values = _values(expr, s)
    except NotationError as exc:
        return CheckResult(INVALID, exc.one_line(), position=exc.position, **base)
    got = values[0].shape
    shape, expected = describe_shape(got), describe_shape(s.expected_shape)
    base |= {"shape": shape, "expected_shape": expected}
    if got == s.expected_shape and _same(values, s.ref_values):
        return CheckResult(CORRECT, f"correct: this is {s.title}", **base)
    name, line = _diagnose(expr, values, s)
    if got != s.expected_shape:
        what = f"a {shape}" if len(got) < 2 else shape
        head = f"your answer is {what}; {s.title} is {expected}"
        if name is None and len(got) == 1:
            line = "put elementwise factors in diag(...) to make a matrix"
        elif name is None and got == s.expected_shape[::-1]:
            line = "check the transposes: a row of the Jacobian belongs to an entry of the output"
        line = f"{head}: {line}" if line else head
    return CheckResult(INCORRECT, line or _general_hint(s), mistake=name, **base)


def _check_names(expr: Expr, s: _Setting) -> None:
    """Refuse names the cell does not have, saying where they belong."""
    stray = symbols(expr) - s.names
    if not stray:
        return
    name = sorted(stray)[0]
    node = _find_sym(expr, name)
    home = _home_of(name)
    hint = f"it belongs to {home}" if home else None
    raise NotationError(
        f"{name} is not part of the {s.cell_label} cell",
        position=node.span[0] if node is not None and node.span else None,
        hint=hint or "names here: " + ", ".join(sorted(s.names)),
    )


def _find_sym(e: Expr, name: str) -> Sym | None:
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Sym) and node.name == name:
            return node
        stack.extend(children(node))
    return None


def _home_of(name: str) -> str | None:
    from interviewkit.math.cells import GRU_VARIANTS, get_cell

    homes = []
    for cell_name, variants in (("rnn", (None,)), ("lstm", (None,)), ("gru", GRU_VARIANTS)):
        for v in variants:
            cell = get_cell(cell_name, v)
            if name in cell.inputs or name in cell.defined:
                homes.append(cell.label)
    if not homes:
        return None
    if len(homes) == len(GRU_VARIANTS) and all(h.startswith("gru") for h in homes):
        return "the gru cell"
    return " and ".join(f"the {h} cell" for h in homes)


# --------------------------------------------------------------------------- diagnosis


def _diagnose(
    expr: Expr, values: tuple[np.ndarray, ...], s: _Setting
) -> tuple[str | None, str | None]:
    """(mistake name, feedback line) for a wrong answer, or (None, None) when nothing fits."""
    with _LOCK:  # like _setting: filled once, not once per worker thread that gets here first
        catalogue = _mistake_values(s.target, s.variant)
    for mistake, mvalues in catalogue:
        if _same(values, mvalues):
            return mistake.name, mistake.feedback
    ref = s.ref_values
    if _same(values, tuple(-r for r in ref)):
        return "sign", f"the sign is flipped: your answer is −({s.title})"
    if all(v.ndim == 2 for v in values) and _same(values, tuple(r.T for r in ref)):
        return "transposed", (
            f"your answer is the transpose of {s.title}: rows belong to the entries of the "
            "output, columns to the entries of the input"
        )
    if _star_for_at(expr, s):
        return "elementwise_for_matrix_product", (
            "* between two matrices is elementwise; for the matrix product write @ (or ·)"
        )
    factor = _scalar_factor(values, ref)
    if factor is not None:
        return "scaled", f"off by a constant factor: your answer is {factor:g} × {s.title}"
    return None, _term_feedback(expr, values, s)


def _star_for_at(expr: Expr, s: _Setting) -> bool:
    """Whether writing @ for the elementwise products of matrices makes the answer right."""
    try:
        values = evaluate_nodes(expr, s.envs[0])
    except NotationError:
        return False

    def swap(e: Expr) -> Expr:
        if isinstance(e, BinOp):
            matrices = values[id(e.left)].ndim == 2 and values[id(e.right)].ndim == 2
            op = "@" if e.op == "*" and matrices else e.op
            return BinOp(op, swap(e.left), swap(e.right))  # type: ignore[arg-type]
        if isinstance(e, (Neg, Transpose)):
            return type(e)(swap(e.operand))
        return e

    swapped = swap(expr)
    if swapped == expr:
        return False
    try:
        return _same(_values(swapped, s), s.ref_values)
    except NotationError:
        return False


def _scalar_factor(values: tuple[np.ndarray, ...], ref: tuple[np.ndarray, ...]) -> float | None:
    if values[0].shape != ref[0].shape:
        return None
    denom = float(np.vdot(ref[0], ref[0]))
    if denom == 0.0:
        return None
    k = float(np.vdot(ref[0], values[0])) / denom
    if k == 0.0 or not np.isfinite(k) or abs(k - 1.0) < 1e-9:
        return None
    return k if _same(values, tuple(k * r for r in ref)) else None


# Terms: a sum at the matrix level, split so that paths can be compared one by one.
_MAX_TERMS = 24


def _terms(e: Expr) -> list[tuple[int, Expr]]:
    """(sign, term) pairs whose signed sum is `e`; products distribute over sums."""
    if isinstance(e, BinOp) and e.op in ("+", "-"):
        right = _terms(e.right)
        if e.op == "-":
            right = [(-sg, t) for sg, t in right]
        out = _terms(e.left) + right
    elif isinstance(e, Neg):
        out = [(-sg, t) for sg, t in _terms(e.operand)]
    elif isinstance(e, BinOp) and e.op == "@":
        out = [
            (sl * sr, BinOp("@", lt, rt)) for sl, lt in _terms(e.left) for sr, rt in _terms(e.right)
        ]
    elif isinstance(e, Transpose):
        out = [(sg, Transpose(t)) for sg, t in _terms(e.operand)]
    else:
        out = [(1, e)]
    if len(out) > _MAX_TERMS:
        return [(1, e)]
    return out


def _term_values(e: Expr, s: _Setting) -> list[tuple[Expr, tuple[np.ndarray, ...]]] | None:
    out = []
    for sign, t in _terms(e):
        try:
            vals = _values(t, s)
        except NotationError:
            return None
        out.append((t, tuple(sign * v for v in vals)))
    return out


def _term_feedback(ans_expr: Expr, values: tuple[np.ndarray, ...], s: _Setting) -> str | None:
    """Which path is missing, extra or different, when the terms tell."""
    if values[0].shape != s.expected_shape:
        return None  # terms of another shape cannot be compared with the reference's

    ref_terms = _term_values(s.reference, s)
    if ref_terms is None:
        return None
    split = _terms(ans_expr)
    ans_terms = [(ans_expr, values)] if split == [(1, ans_expr)] else _term_values(ans_expr, s)
    if ans_terms is None or len(ans_terms) > _MAX_TERMS:
        return None
    unmatched_ref = list(range(len(ref_terms)))
    unmatched_ans = []
    for t, vals in ans_terms:
        hit = next((k for k in unmatched_ref if _same(vals, ref_terms[k][1])), None)
        if hit is None:
            unmatched_ans.append((t, vals))
        else:
            unmatched_ref.remove(hit)
    if not unmatched_ref and not unmatched_ans:
        return None
    if len(unmatched_ans) == len(ans_terms) and len(ans_terms) > 1 and len(unmatched_ref) > 1:
        return None  # nothing in common: no term-level story to tell
    if not unmatched_ans:
        paths = [_path(ref_terms[k][0]) for k in unmatched_ref]
        return f"a term is missing: the path {' and the path '.join(paths)}"
    if not unmatched_ref:
        extra = ", ".join(f"`{_short(t)}`" for t, _ in unmatched_ans)
        return f"extra term: {extra} is not part of {s.title}; the other terms are right"
    if len(unmatched_ans) == 1 and len(unmatched_ref) == 1:
        t, vals = unmatched_ans[0]
        ref_t, ref_vals = ref_terms[unmatched_ref[0]]
        others = "; the other terms are right" if len(ref_terms) > 1 else ""
        if _same(tuple(-v for v in vals), ref_vals):
            return f"the term `{_short(t)}` has the wrong sign{others}"
        if len(ref_terms) == 1 and len(ans_terms) == 1 and _weights(t) != _weights(ref_t):
            return None  # one term each, nothing in common: the general hint says as much
        if _weights(t) == _weights(ref_t):
            return (
                f"`{_short(t)}` has the right weights but not the right elementwise factor "
                f"(the path {_path(ref_t)}){others}"
            )
        return f"the term `{_short(t)}` is not right (the path {_path(ref_t)}){others}"
    return None


def _short(e: Expr, limit: int = 60) -> str:
    """A term as the learner would read it, cut to `limit` characters."""
    from interviewkit.math.printer import to_unicode

    text = to_unicode(e)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _weights(term: Expr) -> list[str]:
    return sorted(n for n in symbols(term) if n[:2] in ("W_", "U_"))


def _path(term: Expr) -> str:
    """`through W_f`, or `that carries the input directly`, for a reference term."""
    weights = _weights(term)
    if not weights:
        return "that carries the input directly (no weight matrix)"
    return "through " + " and ".join(weights)


def _general_hint(s: _Setting) -> str:
    variant = f" --variant {s.variant}" if s.variant else ""
    return (
        f"not equal to {s.title} at the test points; write out the chain rule path by path "
        f"(`interviewkit derive {s.target.split('.')[0]}{variant} --steps` shows each one)"
    )
