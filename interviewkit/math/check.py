"""Grade a learner's derivation: parse it, evaluate it, compare it with the derived reference.

Equivalence is numeric, as in MITx's MatrixGrader: the reference (from `math.reference`, the cached
SymPy derivation) and the answer are evaluated at several random points of the cell (random
weights, inputs and states, n = 3 and m = 2 so that W_h (n×n) and U_* (n×m) differ by shape, every
gate computed from its inputs; for gradients also random upstream gradients, and for BPTT whole
random sequences) and must agree within a relative tolerance at every point. Shapes are compared
first. A wrong answer is matched against the hand-written catalogue, then against the mistakes
generated from the reference, then a few generic slips (transpose, sign, factor), then term by
term; failing all that, a general hint.

`check` never raises: whatever it is given, it returns a `CheckResult`. It prints nothing and
imports neither SymPy nor a terminal library, so the TUI can call it from a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.errors import NotationError
from interviewkit.math import longlived
from interviewkit.math.evaluate import ShapeError, describe_shape, evaluate, evaluate_nodes, kind
from interviewkit.math.expr import (
    BinOp,
    Expr,
    Neg,
    Sym,
    Transpose,
    names,
    positions,
    replace_at,
    symbols,
)
from interviewkit.math.verdict import Verdict

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.names import NameTable
    from interviewkit.math.targets import Target

#: Random points at which answers are compared (MatrixGrader samples 5).
POINTS = 5
#: Random sequences for the through-time targets (each of `points.T` steps).
SEQUENCES = 3
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
    target: str | None  # None only for a --jsonl line that names no target
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
class Setting:
    """Everything about a (target, cell) that does not depend on the answer, computed once."""

    target: Target
    cell: CellSpec
    names: NameTable
    envs: tuple[dict[str, np.ndarray], ...]
    reference: Expr
    expanded: Expr | None
    ref_values: tuple[np.ndarray, ...]
    expected_shape: tuple[int, ...]

    @property
    def title(self) -> str:
        return self.target.title

    @property
    def variant(self) -> str | None:
        return self.cell.variant

    @property
    def name(self) -> str:
        return self.target.name


_LOCK = threading.RLock()
_SETTINGS: dict[tuple[str, str], Setting] = {}


def setting(target: Target, cell: CellSpec) -> Setting:
    """The setting of `target` in `cell`, built once per cell content."""
    k = (target.name, cell.digest)
    with _LOCK:
        if k not in _SETTINGS:
            _SETTINGS[k] = _build(target, cell)
        return _SETTINGS[k]


def _build(t: Target, cell: CellSpec) -> Setting:
    from interviewkit.math import points
    from interviewkit.math.interpret import Env
    from interviewkit.math.reference import reference, references
    from interviewkit.math.targets import BACKWARD, JACOBIAN, TOTAL, names_for

    ref = reference(t, cell)
    local = references(cell).local
    rng = np.random.default_rng(SEED)
    envs: list[Env]
    if t.kind == JACOBIAN:
        envs = [points.one_step(cell, rng) for _ in range(POINTS)]
    elif t.kind == BACKWARD:
        envs = [points.one_step(cell, rng) for _ in range(POINTS)]
        envs = [points.with_gradients(cell, env, rng, local) for env in envs]
    else:
        seqs = [points.sequence(cell, rng, local) for _ in range(SEQUENCES)]
        # a total is the same at every step: two steps of each sequence tell a sum from a share
        envs = [e for seq in seqs for e in ((seq[0], seq[-1]) if t.kind == TOTAL else seq)]
    for env in envs:  # shared by every check in every thread: no one may write into them
        for value in env.values():
            value.setflags(write=False)
    ref_values = tuple(evaluate(ref.expr, env) for env in envs)
    for value in ref_values:
        value.setflags(write=False)
    return Setting(
        target=t,
        cell=cell,
        names=names_for(t, cell),
        envs=tuple(envs),
        reference=ref.expr,
        expanded=ref.expanded,
        ref_values=ref_values,
        expected_shape=ref_values[0].shape,
    )


# --------------------------------------------------------------------------- comparing values


def values(e: Expr, s: Setting) -> tuple[np.ndarray, ...]:
    """`e` evaluated at every point of the setting."""
    return tuple(evaluate(e, env) for env in s.envs)


def same(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> bool:
    """Equal shapes and, at every point, equal within the relative tolerance."""
    for x, y in zip(a, b, strict=True):
        if x.shape != y.shape:
            return False
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return False
        if np.linalg.norm(x - y) > REL_TOL * np.linalg.norm(y) + ABS_TOL:
            return False
    return True


@dataclass(frozen=True, eq=False)
class Known:
    """A known wrong answer: its name, its feedback, its tree and its value at the setting's
    first point (None for a tree whose shapes do not fit: it can still be recognised by its
    form). Its values at the other points are computed the first time an answer equals it at
    the first point: a target's first wrong answer no longer evaluates every mistake
    everywhere, and random points almost never agree by chance."""

    name: str
    feedback: str
    tree: Expr
    first: np.ndarray | None
    alternates: tuple[Expr, ...] = ()  # other forms with the same values (for two slips)
    others: tuple[dict[str, np.ndarray], ...] = ()  # the setting's other points
    _rest: list[tuple[np.ndarray, ...] | None] = field(default_factory=list, repr=False)

    @property
    def values(self) -> tuple[np.ndarray, ...] | None:
        """The values at every point (None: shapes that do not fit, or not finite somewhere)."""
        if self.first is None:
            return None
        if not self._rest:
            try:
                rest = tuple(np.asarray(evaluate(self.tree, env), dtype=np.float64)
                             for env in self.others)  # fmt: skip
            except NotationError:
                self._rest.append(None)
            else:
                for v in rest:
                    v.setflags(write=False)
                finite = all(np.all(np.isfinite(v)) for v in rest)
                self._rest.append(rest if finite else None)
        done = self._rest[0]
        return None if done is None else (self.first, *done)

    def matches(self, vals: tuple[np.ndarray, ...]) -> bool:
        """Whether `vals` are this mistake's values: the first point first, the others only
        when it agrees there."""
        if self.first is None or not same(vals[:1], (self.first,)):
            return False
        mine = self.values
        return mine is not None and same(vals, mine)


_MISTAKES: dict[tuple[str, str], tuple[Known, ...]] = {}


def known_mistakes(s: Setting) -> tuple[Known, ...]:
    """The known mistakes of a setting that can be evaluated (the others: `misshapen`)."""
    return tuple(k for k in _mistake_values(s) if k.first is not None)


def _mistake_values(s: Setting) -> tuple[Known, ...]:
    """The catalogued and the generated mistakes of the setting, with their values (once).

    A candidate equal to the reference, or to an earlier candidate, at the points is dropped:
    the first sentence that fits is the one a learner reads.
    """
    k = (s.name, s.cell.digest)
    with _LOCK:
        if k not in _MISTAKES:
            _MISTAKES[k] = tuple(_known(s))
            longlived.grew(len(_MISTAKES[k]))
        return _MISTAKES[k]


_CATALOGUED: dict[tuple[str, str], tuple[Known, ...]] = {}


def _catalogued(s: Setting) -> tuple[Known, ...]:
    """The hand-written mistakes of the setting alone, with their values (once): a learner's
    commonest slips, recognised without generating the rest."""
    k = (s.name, s.cell.digest)
    with _LOCK:
        if k not in _CATALOGUED:
            found = _evaluated(s, _catalogue_candidates(s))
            _CATALOGUED[k] = tuple(x for x in found if x.first is not None)
        return _CATALOGUED[k]


def _catalogue_candidates(s: Setting) -> list[tuple[str, str, Expr]]:
    from interviewkit.math.mistakes import catalogue
    from interviewkit.math.notation import parse

    candidates: list[tuple[str, str, Expr]] = []
    for m in catalogue(s.name, s.variant) if s.cell.source is None else []:
        try:
            candidates.append((m.name, m.feedback, parse(m.example)))
        except NotationError:  # a broken example must not break checking (a test does)
            continue
    return candidates


def _known(s: Setting) -> list[Known]:
    from interviewkit.math.mutations import generate
    from interviewkit.math.targets import timed_names

    candidates = _catalogue_candidates(s)
    forms = [s.reference] + ([s.expanded] if s.expanded is not None else [])
    timed = timed_names(s.target, s.cell)
    candidates += _intermediates(s)
    for g in generate(s.target, s.cell, forms, _other_conventions(s), timed):
        candidates.append((g.name, g.feedback, g.tree))
    return _evaluated(s, candidates)


def _evaluated(s: Setting, candidates: list[tuple[str, str, Expr]]) -> list[Known]:
    """Each candidate with its value at the setting's first point; one of several with equal
    values (the first: its sentence is the one a learner reads), none equal to the reference.

    Candidates are compared at the first point (random points tell different values apart
    there, almost surely); a kept one is evaluated at the others only when an answer equals
    it at the first (`Known.values`)."""
    kept: list[tuple[str, str, Expr, np.ndarray]] = []
    alternates: dict[int, list[Expr]] = {}  # index in `kept` -> other trees of that value
    misshapen: list[tuple[int, Known]] = []  # (position among the candidates, the mistake)
    first_record: dict[int, Any] = {}  # shared subtrees computed once
    seen: dict[bytes, list[int]] = {}
    ref_first = s.ref_values[0]
    for position, (name, feedback, tree) in enumerate(candidates):
        try:
            value = np.asarray(evaluate_nodes(tree, s.envs[0], first_record)[id(tree)],
                               dtype=np.float64)  # fmt: skip
        except NotationError:  # kept for its form: a learner may write it, shapes and all
            misshapen.append((position, Known(name, feedback, tree, None)))
            continue
        if not np.all(np.isfinite(value)):
            continue
        if value.shape == s.expected_shape and same((value,), (ref_first,)):
            continue  # not a mistake at all here
        key = _fingerprint((value,))
        twin = next((k for k in seen.get(key, ()) if same((value,), (kept[k][3],))), None)
        if twin is not None:
            if kept[twin][0] == name and len(alternates.setdefault(twin, [])) < 4:
                alternates[twin].append(tree)
            continue
        seen.setdefault(key, []).append(len(kept))
        kept.append((name, feedback, tree, value))
    out: list[tuple[int, Known]] = list(misshapen)
    order = {id(tree): position for position, (_, _, tree) in enumerate(candidates)}
    for k, (name, feedback, tree, value) in enumerate(kept):
        value.setflags(write=False)
        others = s.envs[1:]
        known = Known(name, feedback, tree, value, tuple(alternates.get(k, ())), others)
        out.append((order[id(tree)], known))
    del candidates  # the record's ids are only valid while the trees live
    return [known for _, known in sorted(out, key=lambda item: item[0])]


def _fingerprint(vals: tuple[np.ndarray, ...]) -> bytes:
    """A coarse key for values equal within the tolerance (equal values, equal keys, almost
    always; `same` decides)."""
    first = vals[0]
    return repr((first.shape, np.round(first.ravel()[:4], 5).tolist())).encode()


def _other_conventions(s: Setting) -> list[tuple[str, Expr]]:
    """The references of the same target in the family's other variants."""
    from interviewkit.math.cells import get_cell
    from interviewkit.math.reference import reference

    if not s.target.variants or s.cell.source is not None:
        return []
    out = []
    for v in s.target.variants:
        if v != s.variant:
            other = get_cell(s.cell.name, v)
            out.append((other.label, reference(s.target, other).expr))
    return out


def _intermediates(s: Setting) -> list[tuple[str, str, Expr]]:
    """A Jacobian of a state computed from another state of the step (h_t = o ⊙ tanh(c_t)) met
    half way, in any cell: ∂c_t/∂c_{t-1} alone, as if h_t were c_t, or ∂h_t/∂c_t alone, as
    if the chain stopped at c_t. Each is the reference of a sibling target."""
    from interviewkit.math.printer import to_unicode
    from interviewkit.math.reference import reference
    from interviewkit.math.targets import JACOBIAN, spec_targets

    t, cell = s.target, s.cell
    if t.kind != JACOBIAN:
        return []
    pool = {(j.of, j.wrt): j for j in spec_targets(cell) if j.kind == JACOBIAN}
    out = []
    for state in cell.states:
        step, part = pool.get((t.of, Sym(state))), pool.get((Sym(state), t.wrt))
        if state == t.of.name or step is None or part is None:
            continue
        reads = f"{t.of.name} = {to_unicode(cell.equation(t.of.name))}"
        out.append(("intermediate_only", f"that is {part.title} only: chain on through {reads}",
                    reference(part, cell).expr))  # fmt: skip
        out.append(("stopped_at_intermediate", f"that is {step.title} only: chain on through "
                    f"{part.title}", reference(step, cell).expr))  # fmt: skip
    return out


def warm_up(targets: list[tuple[Target, CellSpec]] | None = None) -> None:
    """Compute the random points, references and mistake values of `targets` now (every
    built-in Jacobian by default).

    A long-lived caller (`check --jsonl`, the TUI) pays this once at start instead of on the
    first answer for each target.
    """
    from interviewkit.math.targets import JACOBIAN, TARGETS, resolve

    if targets is None:
        targets = [
            resolve(t.name, v)
            for t in TARGETS.values()
            if t.kind == JACOBIAN
            for v in (t.variants or (None,))
        ]
    for t, cell in targets:
        _mistake_values(setting(t, cell))


# --------------------------------------------------------------------------- the public function


def check(
    target: str, answer: str, variant: str | None = None, cell: CellSpec | None = None
) -> CheckResult:
    """Grade `answer` for `target` (GRU targets: `variant` cho, chung or pytorch, or a
    `:variant` suffix on the target; default cho). `cell` is a learner's cell file's spec.

    Never raises; a problem with the answer (or the target) is an `invalid` verdict.

    >>> check("rnn.dh_dhprev", r"\\operatorname{diag}(1-h^2)\\,W_h").verdict
    'correct'
    >>> check("rnn.dh_dhprev", "W_h @ diag(1 - h**2)").mistake
    'wrong_order'
    >>> check("gru.dh_dhprev:chung", "diag(1 - z)").verdict
    'incorrect'
    """
    try:
        with np.errstate(all="ignore"):  # an answer's overflow is its verdict, not a warning
            return _check(target, answer, variant, cell)
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


def _check(target: str, answer: str, variant: str | None, cell: CellSpec | None) -> CheckResult:
    from interviewkit.math.notation import parse
    from interviewkit.math.printer import to_unicode
    from interviewkit.math.targets import resolve, split_target, timed_names

    if not isinstance(target, str):
        raise NotationError("the target must be text", hint="e.g. rnn.dh_dhprev")
    if variant is not None and not isinstance(variant, str):
        raise NotationError("the variant must be text", hint="cho, chung or pytorch")
    t, spec = resolve(target, variant, cell)
    name = split_target(target)[0]
    s = setting(t, spec)
    try:
        if not isinstance(answer, str):
            raise NotationError("the answer must be text")
        expr = parse(answer)
    except NotationError as exc:  # reported with the variant that was resolved
        return CheckResult(INVALID, exc.one_line(), name, spec.variant, position=exc.position)
    base: dict[str, Any] = {
        "target": name,
        "variant": spec.variant,
        "parsed_unicode": to_unicode(expr),
    }
    try:
        expr = s.names.resolve(expr)
        base["parsed_unicode"] = to_unicode(expr, timed_names(t, spec))
        vals = values(expr, s)
    except NotationError as exc:
        line, mistake = exc.one_line(), None
        known = _by_form(expr, s) if isinstance(exc, ShapeError) else None
        if known is not None:
            line, mistake = f"{line}: {known.feedback}", known.name
        return CheckResult(INVALID, line, mistake=mistake, position=exc.position, **base)
    got = vals[0].shape
    shape, expected = describe_shape(got), describe_shape(s.expected_shape)
    base |= {"shape": shape, "expected_shape": expected}
    if got == s.expected_shape and same(vals, s.ref_values):
        return CheckResult(CORRECT, f"correct: this is {s.title}{_recursion_note(expr, s)}",
                           **base)  # fmt: skip
    mistake, hint = _diagnose(expr, vals, s)
    hint = _as_typed(hint, expr, s)
    if got != s.expected_shape:
        head = f"your answer is {_article(got)}; {s.title} is {_article(s.expected_shape)}"
        if mistake is None:
            hint = _shape_hint(got, s, expr)
        if hint and hint.startswith("your answer is "):
            hint = "it is " + hint[len("your answer is ") :]
        hint = f"{head}: {hint}" if hint else head
    return CheckResult(INCORRECT, hint or _general_hint(s), mistake=mistake, **base)


def _as_typed(line: str | None, expr: Expr, s: Setting) -> str | None:
    """`line` with g_h read as δ_h where the learner wrote δ_h and never g_h: in one step of
    the backward pass the two are one value (the total of the output state is all that comes
    from above), and a mistake found by value names the upstream gradient, not what was typed."""
    import re

    from interviewkit.math.printer import to_unicode
    from interviewkit.math.targets import BACKWARD

    first = s.cell.states[0]
    typed = symbols(expr)
    if line is None or s.target.kind != BACKWARD or Sym(f"g_{first}") in typed:
        return line
    if Sym(f"d_{first}") not in typed:
        return line
    upstream = re.escape(to_unicode(Sym(f"g_{first}")))
    return re.sub(rf"(?<!\w){upstream}(?!\w)", to_unicode(Sym(f"d_{first}")), line)


def _recursion_note(expr: Expr, s: Setting) -> str:
    """For a recursion answered with this step's totals alone (δ_hₜ ⊙ (1 − hₜ²) for δ_aₜ):
    right, but the recursion is what comes from step t+1."""
    from interviewkit.math.expr import walk
    from interviewkit.math.printer import to_unicode
    from interviewkit.math.targets import RECURSION, timed_names

    if s.target.kind != RECURSION:
        return ""
    later = [n for n in walk(expr) if isinstance(n, Sym) and n.step == 1]
    if later or not any(isinstance(n, Sym) and n.step == 1 for n in walk(s.reference)):
        return ""
    return (
        "; it leaves the recursion inside a total of step t: written with step t+1's totals "
        f"it is {to_unicode(s.reference, timed_names(s.target, s.cell))}"
    )


def _article(shape: tuple[int, ...]) -> str:
    """`a 3-vector`, `a 1×3 row`, `a scalar`, but `3×2` for a matrix (as the titles read)."""
    k = kind(shape)
    return describe_shape(shape) if k == "matrix" else f"a {describe_shape(shape)}"


def _shape_hint(got: tuple[int, ...], s: Setting, expr: Expr | None = None) -> str | None:
    """What a shape that does not fit usually means, for this kind of target."""
    from interviewkit.math.expr import walk
    from interviewkit.math.targets import JACOBIAN

    want = s.expected_shape
    k, kw = kind(got), kind(want)
    jacobian = s.target.kind == JACOBIAN
    gains = [p.name for p in s.cell.params.values() if len(p.shape) == 1]
    transposed = {
        n.operand.name
        for n in (walk(expr) if expr is not None else ())
        if isinstance(n, Transpose) and isinstance(n.operand, Sym)
    }
    vector_param = next((g for g in gains if g in transposed), None)
    if vector_param and not jacobian:
        return (
            f"{vector_param} is a vector that acts elementwise ({vector_param} ⊙ …): what goes "
            f"back through it is elementwise too, δ ⊙ {vector_param}, with no transpose or outer "
            "product"
        )
    if s.target.parameter and len(s.target.shape) == 1 and k != "vector":
        return (
            f"{s.target.wrt.name} is a vector that acts elementwise: its gradient is a vector, "
            f"δ ⊙ (what {s.target.wrt.name} multiplies), not an outer product"
        )
    if got == want[::-1]:
        if jacobian:
            return "check the transposes: a row of the Jacobian belongs to an entry of the output"
        if k == "row":
            return (
                "a gradient with respect to a column vector is a column: transpose the whole "
                "answer (Wᵀ δ, not δᵀ W)"
            )
        return "check the transposes: a gradient has the shape of what it differentiates"
    if k == "vector" and kw == "matrix":
        if jacobian:
            return "put elementwise factors in diag(...) to make a matrix"
        return (
            f"the gradient of a weight has the weight's shape: an outer product δ uᵀ of the "
            f"gradient and what {s.target.wrt.name} multiplies"
        )
    if k == "matrix" and kw == "vector" and not jacobian:
        return (
            "a gradient with respect to a vector is a vector: a weight's transpose times a "
            "gradient, Wᵀ δ, not a matrix"
        )
    if got == (1, 1) and kw != "scalar":
        return "u.T @ v is a 1×1 scalar; an outer product is u @ v.T"
    if k == kw == "matrix" and got[0] == want[0] and not jacobian:
        return "check which vector each weight multiplies: x is an m-vector, the states n-vectors"
    return None


# --------------------------------------------------------------------------- diagnosis


def _diagnose(
    expr: Expr, vals: tuple[np.ndarray, ...], s: Setting
) -> tuple[str | None, str | None]:
    """(mistake name, feedback line) for a wrong answer, or (None, None) when nothing fits."""
    for known in _catalogued(s):  # first, and cheap: the generated ones wait until needed
        if known.matches(vals):
            return known.name, known.feedback
    for known in known_mistakes(s):
        if known.matches(vals):
            return known.name, known.feedback
    ref = s.ref_values
    if same(vals, tuple(-r for r in ref)):
        return "sign", f"the sign is flipped: your answer is −({s.title})"
    if all(kind(v.shape) == "matrix" for v in vals) and same(vals, tuple(r.T for r in ref)):
        return "transposed", (
            f"your answer is the transpose of {s.title}: rows belong to the entries of the "
            "output, columns to the entries of the input"
        )
    powered = _powered_weight(expr, s)
    if powered is not None:
        return "powered_weight", powered
    reread = _other_meaning_of_g(expr, s)
    if reread is not None:
        return "g_for_candidate", reread
    if _star_for_at(expr, s):
        return "elementwise_for_matrix_product", (
            "* between two matrices is elementwise; for the matrix product write @ (or ·)"
        )
    factor = _scalar_factor(vals, ref)
    if factor is not None:
        return "scaled", f"off by a constant factor: your answer is {factor:g} × {s.title}"
    line = _term_feedback(expr, vals, s)
    if line is None or line.startswith(("the term", "`")):
        from interviewkit.math.compound import two_slips

        found = two_slips(vals, s, expr)
        if found is not None:
            return found
    return None, line


def _powered_weight(expr: Expr, s: Setting) -> str | None:
    """`W_h**2`: a power of a weight matrix is taken entry by entry, which no chain rule makes."""
    from interviewkit.math.expr import Pow, walk
    from interviewkit.math.printer import to_unicode

    matrices = {p.name for p in s.cell.params.values() if len(p.shape) == 2}
    for n in walk(expr):
        if not isinstance(n, Pow):
            continue
        base = n.base.operand if isinstance(n.base, Transpose) else n.base
        if isinstance(base, Sym) and base.name in matrices:
            return (
                f"{to_unicode(n)} raises each entry of {base.name} to a power: a weight enters "
                "a path once, as a matrix product (W · v), never as a power"
            )
    return None


def _other_meaning_of_g(expr: Expr, s: Setting) -> str | None:
    """Through time `g` is the loss's own gradient, but an LSTM's `g` is also its candidate c̃
    (NOTATION.md): an answer that is right with c̃ for g gets told which g is which."""
    from interviewkit.math.expr import transform, walk

    if not s.target.sequence or "g" not in s.cell.aliases:
        return None
    uses = [n for n in walk(expr) if isinstance(n, Sym) and n.name == "g"]
    if not uses:
        return None
    name, offset = s.cell.aliases["g"]
    swapped = transform(
        expr, lambda n: Sym(name, n.step + offset) if isinstance(n, Sym) and n.name == "g" else None
    )
    try:
        if not same(values(swapped, s), s.ref_values):
            return None
    except NotationError:
        return None
    return (
        f"through time g_t is the loss's own gradient ∂L_t/∂h_t, not the candidate: write "
        f"{name} (c̃) for it, and your answer is right"
    )


def _by_form(expr: Expr, s: Setting) -> Known | None:
    """A known mistake written exactly as the answer is (for answers whose shapes do not fit,
    which cannot be compared by value)."""
    return next((k for k in _mistake_values(s) if k.tree == expr), None)


def _star_for_at(expr: Expr, s: Setting) -> bool:
    """Whether writing @ for the elementwise products of matrices makes the answer right."""
    try:
        node_values = evaluate_nodes(expr, s.envs[0])
    except NotationError:
        return False

    def matrix(e: Expr) -> bool:
        v = node_values.get(id(e))
        return v is not None and kind(np.shape(v)) == "matrix"

    slips = [
        path
        for path, node in positions(expr)
        if isinstance(node, BinOp) and node.op == "*" and matrix(node.left) and matrix(node.right)
    ]
    if not slips:
        return False
    swapped = expr
    for path in slips:  # a swap keeps every path: each is read from the tree as it now is
        node = dict(positions(swapped))[path]
        assert isinstance(node, BinOp)
        swapped = replace_at(swapped, path, BinOp("@", node.left, node.right, span=node.span))
    try:
        return same(values(swapped, s), s.ref_values)
    except NotationError:
        return False


def _scalar_factor(vals: tuple[np.ndarray, ...], ref: tuple[np.ndarray, ...]) -> float | None:
    if vals[0].shape != ref[0].shape:
        return None
    denom = float(np.vdot(ref[0], ref[0]))
    if denom == 0.0:
        return None
    k = float(np.vdot(ref[0], vals[0])) / denom
    if k == 0.0 or not np.isfinite(k) or abs(k - 1.0) < 1e-9:
        return None
    return k if same(vals, tuple(k * r for r in ref)) else None


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


def _term_values(e: Expr, s: Setting) -> list[tuple[Expr, tuple[np.ndarray, ...]]] | None:
    """(signed term, its values) for each term: a subtracted term is shown with its minus."""
    out = []
    for sign, t in _terms(e):
        try:
            vals = values(t, s)
        except NotationError:
            return None
        out.append((Neg(t) if sign < 0 else t, tuple(sign * v for v in vals)))
    return out


def _term_feedback(ans_expr: Expr, vals: tuple[np.ndarray, ...], s: Setting) -> str | None:
    """Which path is missing, extra or different, when the terms tell."""
    if vals[0].shape != s.expected_shape:
        return None  # terms of another shape cannot be compared with the reference's

    ref_terms = _term_values(s.reference, s)
    if ref_terms is None:
        return None
    split = _terms(ans_expr)
    ans_terms = [(ans_expr, vals)] if len(split) == 1 else _term_values(ans_expr, s)
    if ans_terms is None or len(ans_terms) > _MAX_TERMS:
        return None
    unmatched_ref = list(range(len(ref_terms)))
    unmatched_ans = []
    for t, tvals in ans_terms:
        hit = next((k for k in unmatched_ref if same(tvals, ref_terms[k][1])), None)
        if hit is None:
            unmatched_ans.append((t, tvals))
        else:
            unmatched_ref.remove(hit)
    if not unmatched_ref and not unmatched_ans:
        return None
    if len(unmatched_ans) == len(ans_terms) and len(ans_terms) > 1 and len(unmatched_ref) > 1:
        return None  # nothing in common: no term-level story to tell
    if not unmatched_ans:
        paths = [_path(ref_terms[k][0], s) for k in unmatched_ref]
        return f"a term is missing: the path {' and the path '.join(paths)}"
    if not unmatched_ref:
        extra = ", ".join(f"`{_short(t)}`" for t, _ in unmatched_ans)
        return f"extra term: {extra} is not part of {s.title}; the other terms are right"
    if len(unmatched_ans) == 1 and len(unmatched_ref) == 1:
        t, tvals = unmatched_ans[0]
        ref_t, ref_vals = ref_terms[unmatched_ref[0]]
        others = "; the other terms are right" if len(ref_terms) > 1 else ""
        if same(tuple(-v for v in tvals), ref_vals):
            return f"the term `{_short(t)}` has the wrong sign{others}"
        factor = _scalar_factor(tvals, ref_vals)
        if factor is not None:
            return f"the term `{_short(t)}` is {factor:g} times what it should be{others}"
        slip = _slip_in_term(tvals, ref_t, s)
        if slip is not None:
            where = f"in the term `{_short(t)}`: " if len(ref_terms) > 1 else ""
            return f"{where}{slip}{others}"
        if len(ref_terms) == 1 and len(ans_terms) == 1 and _weights(t, s) != _weights(ref_t, s):
            return None  # one term each, nothing in common: the general hint says as much
        if _weight_signature(ref_t, s) and _skeleton(t, s) == _skeleton(ref_t, s):
            return (
                f"`{_short(t)}` has the right weights but not the right elementwise factor "
                f"(the path {_path(ref_t, s)}){others}"
            )
        return f"the term `{_short(t)}` is not right (the path {_path(ref_t, s)}){others}"
    return None


def _slip_in_term(tvals: tuple[np.ndarray, ...], ref_term: Expr, s: Setting) -> str | None:
    """The sentence of the one generated mistake of `ref_term` that the answer's term equals."""
    from interviewkit.math.mutations import generate
    from interviewkit.math.targets import timed_names

    for g in generate(s.target, s.cell, [ref_term], [], timed_names(s.target, s.cell)):
        try:
            if same(tvals, values(g.tree, s)):
                return g.feedback
        except NotationError:
            continue
    return None


def _weight_signature(term: Expr, s: Setting) -> list[tuple[str, bool, bool]]:
    """The weights a term passes through, in order, each with whether it is transposed and
    whether it sits under a power: `W_h**2` does not have "the right weights"."""
    from interviewkit.math.expr import Pow, positions

    matrices = {p.name for p in s.cell.params.values() if len(p.shape) == 2}
    nodes = dict(positions(term))
    out = []
    for path, node in nodes.items():
        if isinstance(node, Sym) and node.name in matrices:
            ancestors = [nodes[path[:k]] for k in range(len(path))]
            transposed = sum(isinstance(a, Transpose) for a in ancestors) % 2 == 1
            powered = any(isinstance(a, Pow) for a in ancestors)
            out.append((node.name, transposed, powered))
    return sorted(out)


def _skeleton(term: Expr, s: Setting) -> list[str]:
    """A term's chain of matrix products, weights by name (with a transpose mark) and every
    other factor as `·`: equal skeletons differ only in elementwise factors."""
    from interviewkit.math.expr import BinOp as Op

    matrices = {p.name for p in s.cell.params.values() if len(p.shape) == 2}

    def chain(e: Expr) -> list[Expr]:
        if isinstance(e, Op) and e.op == "@":
            return [*chain(e.left), *chain(e.right)]
        return [e]

    out = []
    for factor in chain(term.operand if isinstance(term, Neg) else term):
        if isinstance(factor, Sym) and factor.name in matrices:
            out.append(factor.name)
        elif isinstance(factor, Transpose) and isinstance(factor.operand, Sym):
            out.append(factor.operand.name + "ᵀ")
        else:
            out.append("·")
    return out


def _short(e: Expr, limit: int = 60) -> str:
    """A term as the learner would read it, cut to `limit` characters."""
    from interviewkit.math.printer import to_unicode

    text = to_unicode(e)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _weights(term: Expr, s: Setting) -> list[str]:
    """The matrix parameters a term passes through."""
    matrices = {p.name for p in s.cell.params.values() if len(p.shape) == 2}
    return sorted(n for n in names(term) if n in matrices)


def _path(term: Expr, s: Setting) -> str:
    """`through W_f`, `through δ_a_f and p_f`, or `straight from cₜ₋₁, with no weight matrix`."""
    from interviewkit.math.mutations import describe_term

    what = describe_term(s.cell, term)
    if what.startswith("the one through"):
        return what.replace("the one ", "")
    if what.startswith(("the direct one", "the term ")):
        from interviewkit.math.printer import to_unicode

        wrt = s.target.wrt
        source = to_unicode(wrt) if wrt is not None else "what it differentiates"
        return f"straight from {source}, with no weight matrix"
    return f"with {what}"


def _general_hint(s: Setting) -> str:
    from interviewkit.math.targets import BACKWARD, JACOBIAN

    cell = s.cell.source or s.cell.name
    variant = f" --variant {s.variant}" if s.variant else ""
    flag = {JACOBIAN: "", BACKWARD: " --backward"}.get(s.target.kind, " --bptt")
    return (
        f"not equal to {s.title} at the test points; write out the chain rule path by path "
        f"(`interviewkit derive {cell}{variant}{flag} --steps` shows each one)"
    )


__all__ = ["CORRECT", "INCORRECT", "INVALID", "CheckResult", "Setting", "check", "warm_up"]
