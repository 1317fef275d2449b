"""Two slips at once: an answer equal to a known mistake of a known mistake.

When no single generated mistake matches a wrong answer, the structural slips (a transpose, a
missing path, one step's share, the other convention, the wrong order, a state at the wrong
step) are each mutated once more, and the answer is compared with every result. The table is
built the first time a setting needs it, within a time budget, from each candidate's value at
the first random point; a hit is confirmed at every point.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.errors import NotationError

if TYPE_CHECKING:
    from interviewkit.math.check import Setting
    from interviewkit.math.expr import Expr

#: The slips a second one is looked for on top of.
FIRST = ("one_step_share", "missing_transpose", "extra_transpose", "other_convention",
         "outer_product_order", "wrong_step", "wrong_steps", "missing_path", "wrong_order",
         "complement", "input_weight", "recurrent_weight", "input_weights", "recurrent_weights",
         "wrong_input_vector", "wrong_total", "missing_normalisation", "gate_total")  # fmt: skip
#: Second slips too far-fetched to name on top of another.
NOT_SECOND = (
    "identity_for_diag",
    "sign",
    "missing_paths",
    "missing_inner_terms",
    "function_for_slope",
)
#: Seconds spent building one setting's table at most.
BUDGET = 1.5


@dataclass(frozen=True)
class _Pair:
    names: str
    feedback: str
    tree: Expr
    first_value: np.ndarray


_TABLES: dict[tuple[str, str], list[_Pair]] = {}
_LOCK = threading.Lock()


def two_slips(vals: tuple[np.ndarray, ...], s: Setting) -> tuple[str, str] | None:
    """(name, feedback) of two known slips that together make the answer, or None."""
    from interviewkit.math.check import known_mistakes, same, values

    negated = tuple(-v for v in vals)
    for known in known_mistakes(s):
        if same(negated, known.values):  # type: ignore[arg-type]
            return f"sign+{known.name}", f"two slips: the sign is flipped; and {known.feedback}"
    table = _table(s)
    first = vals[0]
    for pair in table:
        if pair.first_value.shape != first.shape:
            continue
        if np.linalg.norm(pair.first_value - first) > 1e-6 * np.linalg.norm(first) + 1e-12:
            continue
        try:
            if same(vals, values(pair.tree, s)):
                return pair.names, pair.feedback
        except NotationError:
            continue
    return None


def _table(s: Setting) -> list[_Pair]:
    key = (s.name, s.cell.digest)
    with _LOCK:
        if key not in _TABLES:
            _TABLES[key] = _build(s)
        return _TABLES[key]


def _build(s: Setting) -> list[_Pair]:
    from interviewkit.math.check import known_mistakes
    from interviewkit.math.evaluate import evaluate_nodes
    from interviewkit.math.mutations import generate
    from interviewkit.math.targets import timed_names

    timed = timed_names(s.target, s.cell)
    start = time.perf_counter()
    firsts = [k for k in known_mistakes(s) if k.name.split(":")[0] in FIRST]
    pairs: list[_Pair] = []
    env = s.envs[0]
    for first in firsts:
        if time.perf_counter() - start > BUDGET:
            break
        record: dict[int, Any] = {}
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
            pairs.append(_Pair(f"{first.name}+{second.name}", line, second.tree, value))
    return pairs
