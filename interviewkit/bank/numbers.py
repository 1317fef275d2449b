"""How a numeric question's numbers are written, the same in `bank show`, exports and grading.

Whole numbers are written in full, because most answers here are parameter counts and step
counts: `2.56e+06` or a rounded `1.23457e+06` would be a different answer to the learner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from interviewkit.bank.schema import Numeric


def format_number(value: float, *, grouping: bool = False) -> str:
    """Whole numbers without a decimal point (`grouping` adds thousands commas), others to 6
    significant digits.

    >>> format_number(2560.0), format_number(2560.0, grouping=True), format_number(1 / 3)
    ('2560', '2,560', '0.333333')
    """
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}" if grouping else str(int(value))
    return f"{value:.6g}"


def answer_text(q: Numeric, value: float) -> str:
    """The reference answer with its unit and tolerances, e.g. `2560 parameters (± 1 %)`."""
    answer = f"{format_number(value)} {q.unit}".strip()
    if q.tolerance:
        answer += f" (± {format_number(q.tolerance)})"
    if q.rel_tolerance:
        answer += f" (± {q.rel_tolerance * 100:g} %)"
    return answer


def params_text(params: Mapping[str, float]) -> str:
    """Drawn parameters as `input = 10, hidden = 20` (`bytes_per_weight` as `bytes per weight`)."""
    return ", ".join(f"{name.replace('_', ' ')} = {format_number(v)}" for name, v in params.items())
