"""Two slips at once: an answer equal to a known mistake of a known mistake.

When no single generated mistake matches a wrong answer, the structural slips (a transpose, a
missing path, one step's share, the other convention, the wrong order, a state at the wrong
step) are each mutated once more, and the answer is compared with every result. The table of
results grows a few first slips per unmatched answer (a full table takes seconds on the largest
targets), or all at once in `warm`, which the quiz runs in a thread while the learner writes;
a candidate is compared at the first random point, and a hit confirmed at every point.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.errors import NotationError

if TYPE_CHECKING:
    from interviewkit.math.check import Setting
    from interviewkit.math.expr import Expr

#: The slips a second one is looked for on top of, the likeliest families first: the table
#: takes one of each family in turn, so a few steps already cover every family.
FIRST = ("missing_path", "missing_transpose", "extra_transpose", "wrong_order",
         "outer_product_order", "one_step_share", "other_convention", "wrong_step",
         "wrong_steps", "missing_normalisation", "gate_total", "complement", "input_weight",
         "recurrent_weight", "input_weights", "recurrent_weights", "wrong_input_vector",
         "wrong_total")  # fmt: skip
#: Second slips too far-fetched to name on top of another.
NOT_SECOND = (
    "identity_for_diag",
    "sign",
    "missing_paths",
    "missing_inner_terms",
    "function_for_slope",
)
#: First slips one answer mutates further when no pair found so far matches (the rest wait
#: for the next answer, or for `warm`): about 0.1 to 0.4 s on the largest targets.
STEP = 4
#: Seconds one answer may spend on that at most, however slow the machine.
BUDGET = 1.5


@dataclass(frozen=True)
class _Pair:
    names: str
    feedback: str
    tree: Expr
    first_value: np.ndarray


@dataclass
class _Table:
    """The pairs found so far for one setting, and how far through the first slips it got:
    each answer extends it a little (within `BUDGET`), `warm` to the end."""

    firsts: list[Any]
    pairs: list[_Pair] = field(default_factory=list)
    done: int = 0  # first slips already mutated

    @property
    def complete(self) -> bool:
        return self.done >= len(self.firsts)


_TABLES: dict[tuple[str, str], _Table] = {}
_LOCK = threading.Lock()


def two_slips(vals: tuple[np.ndarray, ...], s: Setting) -> tuple[str, str] | None:
    """(name, feedback) of two known slips that together make the answer, or None."""
    from interviewkit.math.check import known_mistakes, same

    negated = tuple(-v for v in vals)
    for known in known_mistakes(s):
        if same(negated, known.values):  # type: ignore[arg-type]
            return f"sign+{known.name}", f"two slips: the sign is flipped; and {known.feedback}"
    with _LOCK:
        table = _table(s)
        hit = _match(table.pairs, vals, s)
        deadline = time.perf_counter() + BUDGET
        for _ in range(STEP):
            if hit is not None or table.complete or time.perf_counter() > deadline:
                break
            hit = _match(_extend(table, s), vals, s)
    return (hit.names, hit.feedback) if hit is not None else None


def warm(s: Setting, seconds: float = 10.0) -> bool:
    """Build the table of `s` ahead of the answers (the quiz does this in a thread while the
    learner writes); True once it is complete."""
    deadline = time.perf_counter() + seconds
    with _LOCK:
        table = _table(s)
        while not table.complete and time.perf_counter() < deadline:
            _extend(table, s)
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
    if key not in _TABLES:
        families: dict[str, list[Any]] = {name: [] for name in FIRST}
        for known in known_mistakes(s):
            family = known.name.split(":")[0]
            if family in families:
                families[family].append(known)
        rounds = zip_longest(*families.values())
        _TABLES[key] = _Table([k for row in rounds for k in row if k is not None])
    return _TABLES[key]


def _extend(table: _Table, s: Setting) -> list[_Pair]:
    """Mutate the next first slip once more; the pairs it adds (also kept in the table)."""
    from interviewkit.math.evaluate import evaluate_nodes
    from interviewkit.math.mutations import generate
    from interviewkit.math.targets import timed_names

    first = table.firsts[table.done]
    table.done += 1
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
    table.pairs += added
    return added
