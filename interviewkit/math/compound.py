"""Two slips at once: an answer equal to a known mistake of a known mistake.

When no single generated mistake matches a wrong answer, the structural slips (a transpose, a
missing path, one step's share, the other convention, the wrong order, a state at the wrong
step) are each mutated once more, and the answer is compared with every result. The table of
results grows a few first slips per unmatched answer, those nearest the answer in value (a full
table takes seconds on the largest targets), or all at once in `warm`, which the quiz runs in a
thread while the learner writes;
a candidate is compared at the first random point, and a hit confirmed at every point.

The tables together hold at most `MAX_PAIRS` pairs: the largest target alone makes 400,000
(1.4 GB), and a long `check --jsonl` stream or lab session visits many targets. Past the cap
the pairs of the least recently used target go first, then a target's oldest first slips; a
first slip dropped is mutated again when an answer needs it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.errors import NotationError
from interviewkit.math import longlived

if TYPE_CHECKING:
    from interviewkit.math.check import Setting
    from interviewkit.math.expr import Expr

#: The slips a second one is looked for on top of, the likeliest families first: the table
#: takes one of each family in turn, so a few steps already cover every family.
FIRST = ("missing_path", "missing_transpose", "extra_transpose", "wrong_order",
         "outer_product_order", "one_step_share", "other_convention", "wrong_step",
         "wrong_steps", "missing_normalisation", "gate_total", "complement", "input_weight",
         "recurrent_weight", "input_weights", "recurrent_weights", "wrong_input_vector",
         "quotient_power", "wrong_factor", "wrong_total")  # fmt: skip
#: Second slips too far-fetched to name on top of another.
NOT_SECOND = (
    "identity_for_diag",
    "sign",
    "missing_paths",
    "missing_inner_terms",
    "function_for_slope",
)
#: Pairs one answer may add when none found so far matches (the rest wait for the next
#: answer, or for `warm`): about 0.3 s on the largest targets, and every first slip of a small
#: one. Counted, not timed, so an answer's feedback does not depend on the machine's load.
WORK = 500
#: Seconds one answer may spend on that at most, however slow the machine.
BUDGET = 1.5
#: Pairs all tables together may hold (about 3.5 kB each): the memory of a long-lived process.
MAX_PAIRS = 40_000


@dataclass(frozen=True)
class _Pair:
    names: str
    feedback: str
    tree: Expr
    first_value: np.ndarray


@dataclass
class _Table:
    """The pairs found so far for one setting, by the first slip they were mutated from,
    oldest first: each answer extends it a little (within `BUDGET`), `warm` to the end."""

    firsts: list[Any]
    groups: OrderedDict[int, list[_Pair]] = field(default_factory=OrderedDict)

    @property
    def complete(self) -> bool:
        return len(self.groups) >= len(self.firsts)

    @property
    def size(self) -> int:
        return sum(len(g) for g in self.groups.values())

    def pairs(self) -> list[_Pair]:
        return [p for g in self.groups.values() for p in g]

    def nearest(
        self, answer: np.ndarray, names: Counter[tuple[str, int]] | None = None
    ) -> list[int]:
        """The first slips not yet mutated, those whose value is nearest the answer's first
        first (a second slip is usually a small change to the first), one family at a time
        so that no family's many members crowd out the others."""
        scale = float(np.linalg.norm(answer)) + 1e-12

        def distance(k: int) -> float:
            value = self.firsts[k].first
            if value.shape != answer.shape:
                return float("inf")
            return float(np.linalg.norm(value - answer)) / scale

        def unlike(k: int) -> float:  # the share of names the two do not have in common
            if not names:
                return 0.0
            theirs = _names(self.firsts[k].tree)
            common = sum((theirs & names).values())
            return 1 - common / max(sum((theirs | names).values()), 1)

        left = sorted((k for k in range(len(self.firsts)) if k not in self.groups),
                      key=lambda k: (round(unlike(k), 3), distance(k), k))  # fmt: skip
        families: dict[str, list[int]] = {}  # nearest first, one of each family in turn
        for k in left:
            families.setdefault(self.firsts[k].name.split(":")[0], []).append(k)
        rounds = zip_longest(*families.values())
        return [k for row in rounds for k in row if k is not None]


_TABLES: OrderedDict[tuple[str, str], _Table] = OrderedDict()  # least recently used first
_LOCK = threading.Lock()


def _near_in_size(expr: Expr, s: Setting) -> bool:
    """Whether the answer has between a quarter and three times the nodes of a form of the
    reference: `I` for a four-path Jacobian, or a 500-node tower, is not two slips away."""
    from interviewkit.math.expr import count_nodes

    forms = [s.reference] + ([s.expanded] if s.expanded is not None else [])
    sizes = [count_nodes(f) for f in forms]
    n = count_nodes(expr)
    return min(sizes) / 4 <= n <= 3 * max(sizes)


def _names(tree: Expr) -> Counter[tuple[str, int]]:
    from interviewkit.math.expr import Sym, walk

    return Counter((n.name, n.step) for n in walk(tree) if isinstance(n, Sym))


def two_slips(
    vals: tuple[np.ndarray, ...], s: Setting, expr: Expr | None = None
) -> tuple[str, str] | None:
    """(name, feedback) of two known slips that together make the answer (`expr`, with its
    values `vals`), or None. The first slips tried are those most like the answer: sharing
    its names, then nearest in value."""
    from interviewkit.math.check import known_mistakes

    negated = tuple(-v for v in vals)
    for known in known_mistakes(s):
        if known.matches(negated):
            return f"sign+{known.name}", f"two slips: the sign is flipped; and {known.feedback}"
    if expr is not None and not _near_in_size(expr, s):
        return None  # two slips leave a tree about the reference's size; this is another thing
    with _LOCK:
        table = _table(s)
        hit = _match(table.pairs(), vals, s)
        deadline = time.perf_counter() + BUDGET
        work = 0
        names = _names(expr) if expr is not None else None
        for k in table.nearest(vals[0], names) if hit is None else []:
            if work >= WORK or time.perf_counter() > deadline:
                break
            added = _extend(table, s, k)
            work += max(len(added), 1)
            hit = _match(added, vals, s)
            if hit is not None:
                break
    return (hit.names, hit.feedback) if hit is not None else None


def warm(s: Setting, seconds: float = 10.0) -> bool:
    """Build the table of `s` ahead of the answers (the quiz does this in a thread while the
    learner writes); True once it is complete, or holds all the pairs it may."""
    deadline = time.perf_counter() + seconds
    with _LOCK:
        table = _table(s)
        for k in range(len(table.firsts)):
            if time.perf_counter() > deadline:
                break
            if k not in table.groups:
                groups = len(table.groups)
                _extend(table, s, k)
                if len(table.groups) <= groups:  # it dropped its own oldest: it is full
                    return True
        return table.complete


def _match(pairs: list[_Pair], vals: tuple[np.ndarray, ...], s: Setting) -> _Pair | None:
    from interviewkit.math.check import same, values

    first = vals[0]
    scale = 1e-6 * np.linalg.norm(first) + 1e-12
    for pair in pairs:
        if pair.first_value.shape != first.shape:
            continue
        if np.linalg.norm(pair.first_value - first) > scale:
            continue
        try:
            if same(vals, values(pair.tree, s)):
                return pair
        except NotationError:
            continue
    return None


def _table(s: Setting) -> _Table:
    from interviewkit.math.check import known_mistakes

    key = (s.name, s.cell.digest)
    if key in _TABLES:
        _TABLES.move_to_end(key)
    else:
        families: dict[str, list[Any]] = {name: [] for name in FIRST}
        for known in known_mistakes(s):
            family = known.name.split(":")[0]
            if family in families:
                families[family].append(known)
        rounds = zip_longest(*families.values())
        _TABLES[key] = _Table([k for row in rounds for k in row if k is not None])
    return _TABLES[key]


def _extend(table: _Table, s: Setting, k: int) -> list[_Pair]:
    """Mutate first slip `k` once more; the pairs it adds (also kept in the table)."""
    from interviewkit.math.evaluate import evaluate_nodes
    from interviewkit.math.mutations import generate
    from interviewkit.math.targets import timed_names

    first = table.firsts[k]
    timed = timed_names(s.target, s.cell)
    env = s.envs[0]
    record: dict[int, Any] = {}
    added: list[_Pair] = []
    for second in generate(s.target, s.cell, [first.tree, *first.alternates], [], timed):
        if second.name.split(":")[0] == first.name.split(":")[0] and "path" not in second.name:
            continue  # the same slip twice reads as one
        if second.name in NOT_SECOND:
            continue
        try:
            value = np.asarray(evaluate_nodes(second.tree, env, record)[id(second.tree)])
        except NotationError:
            continue
        if not np.all(np.isfinite(value)):
            continue
        line = f"two slips: {first.feedback}; and {second.feedback}"
        added.append(_Pair(f"{first.name}+{second.name}", line, second.tree, value))
    table.groups[k] = added
    _trim(keep=(table, k))
    longlived.grew(len(added))
    return added


def _trim(keep: tuple[_Table, int]) -> None:
    """Drop the oldest pairs until all tables hold at most `MAX_PAIRS`: other targets' tables
    (least recently used first) before this one's older first slips; never the group just
    added."""
    held = sum(t.size for t in _TABLES.values())
    for key, table in list(_TABLES.items()):
        while held > MAX_PAIRS and table.groups:
            k = next(iter(table.groups))  # the oldest; the group just added is the newest
            if table is keep[0] and k == keep[1]:
                break
            held -= len(table.groups.pop(k))
        if not table.groups and table is not keep[0]:
            del _TABLES[key]
