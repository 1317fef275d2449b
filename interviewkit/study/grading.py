"""Grading the objective kinds (numeric, choice) and turning any verdict into an FSRS rating.

Typed numbers are read by a small parser of their own, never by `eval`: "2,560", "2560.0",
"2.56e3", "2.56×10^3", "2.5k", "1/4", "25%" and surrounding spaces all work, and "nan" or "inf"
are refused. Verdicts are `math.verdict.Verdict` (NOTATION.md's `correct`, `incorrect`,
`invalid`); ratings are `fsrs.Rating`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fsrs import Rating

from interviewkit.bank.numbers import format_number
from interviewkit.math.verdict import Verdict

#: Rating per verdict: a wrong or unreadable answer is Again, a right one Good.
VERDICT_RATINGS: dict[Verdict, Rating] = {
    Verdict.CORRECT: Rating.Good,
    Verdict.INCORRECT: Rating.Again,
    Verdict.INVALID: Rating.Again,
}

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([,  _'])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
_SIMPLE = re.compile(rf"^{_NUMBER}$")
_FRACTION = re.compile(rf"^({_NUMBER})\s*/\s*({_NUMBER})$")
_TIMES_TEN = re.compile(
    rf"^(?:({_NUMBER})\s*(?:[x×*·]|\\times)\s*)?\s*10\s*(?:\^|\*\*)\s*\{{?([+-]?\d+)\}}?$"
)
_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_EXAMPLES = "try a form like 2560, 2,560, 2.56e3, 1/4 or 25%"


@dataclass(frozen=True)
class Graded:
    """The outcome of grading one answer.

    Attributes:
        ok: the answer is right.
        value: the number read (numeric kinds), or None when none could be read / for choices.
        message: one line for the learner.
        invalid: the answer could not be understood at all (verdict `invalid`).
        details: extra lines, e.g. why each wrongly chosen option is wrong.
    """

    ok: bool
    value: float | None
    message: str
    invalid: bool = False
    details: tuple[str, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """`correct`, `incorrect` or `invalid`, as NOTATION.md names them."""
        if self.ok:
            return Verdict.CORRECT
        return Verdict.INVALID if self.invalid else Verdict.INCORRECT

    @property
    def rating(self) -> Rating:
        return verdict_to_rating(self.verdict)


class NumberFormatError(ValueError):
    """The text is not a number this parser reads; the message says what to type instead."""


def parse_number(text: str, *, unit: str = "") -> tuple[float, bool]:
    """The number in `text`, and whether it carried a `%` sign.

    Raises:
        NumberFormatError: nothing readable as a finite number.
    """
    original = text
    s = text.strip().replace("−", "-").replace("–", "-").replace("\u2009", " ")
    if unit and s.lower().endswith(unit.lower()) and len(s) > len(unit):
        s = s[: -len(unit)].rstrip()
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    scale = 1.0
    if s[-1:] in _SUFFIX and len(s) > 1 and (s[-2].isdigit() or s[-2] == "."):
        scale = _SUFFIX[s[-1]]
        s = s[:-1].rstrip()
    s = re.sub(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1), s)
    s = s.translate(_SUPERSCRIPTS)
    value: float | None = None
    if _GROUPED.match(s):
        value = float(re.sub(r"[,  _']", "", s))
    elif _SIMPLE.match(s):
        value = float(s)
    elif m := _FRACTION.match(s):
        num, den = float(m.group(1)), float(m.group(2))
        if den == 0:
            raise NumberFormatError(f"{original.strip()!r} divides by zero")
        value = num / den
    elif (m := _TIMES_TEN.match(s.replace(" ", ""))) and _small_exponent(m.group(2)):
        # float("1e400") is inf, which the check below refuses; 10.0**400 raised OverflowError
        value = float(m.group(1) or 1.0) * float(f"1e{m.group(2)}")
    if value is None or not math.isfinite(value * scale):
        if not original.strip():
            raise NumberFormatError(f"type a number: {_EXAMPLES}")
        raise NumberFormatError(f"could not read a number from {original.strip()!r}: {_EXAMPLES}")
    return value * scale, percent


def _small_exponent(text: str) -> bool:
    """|exponent| <= 400, without int() of a 5,000-digit string (Python refuses to convert it)."""
    digits = text.lstrip("+-").lstrip("0")
    return len(digits) <= 3 and int(digits or "0") <= 400


def _fmt(x: float) -> str:
    """Numbers in feedback: whole ones with thousands commas (2,560), like the learner types."""
    return format_number(x, grouping=True)


def grade_numeric(
    text: str,
    expected: float,
    tolerance: float = 0.0,
    rel_tolerance: float = 0.0,
    *,
    unit: str = "",
) -> Graded:
    """Grade a typed number against `expected` within `tolerance` (absolute) or `rel_tolerance`.

    The wider of the two tolerances applies. "25%" is accepted as 0.25 and, for answers given in
    percent, as 25. A trailing `unit` word ("2560 parameters") is ignored.

    Examples:
        >>> grade_numeric("2,560", 2560, 0, 0).ok
        True
        >>> grade_numeric("1/4", 0.25, 0, 0).value
        0.25
        >>> grade_numeric("abc", 1.0, 0, 0).verdict
        'invalid'
    """
    try:
        value, percent = parse_number(text, unit=unit)
    except NumberFormatError as exc:
        return Graded(False, None, str(exc), invalid=True)
    allowed = max(abs(tolerance), abs(rel_tolerance) * abs(expected))
    slack = 1e-9 * max(1.0, abs(expected))  # float noise, e.g. 0.1 + 0.2
    candidates = [value / 100.0, value] if percent else [value]
    for candidate in candidates:
        if abs(candidate - expected) <= allowed + slack:
            return Graded(True, candidate, f"correct: {_fmt(expected)}{_unit(unit)}")
    shown = candidates[0]
    within = f" (within ±{_fmt(allowed)})" if allowed else ""
    return Graded(
        False,
        shown,
        f"{_fmt(shown)} is not it: the answer is {_fmt(expected)}{_unit(unit)}{within}",
    )


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def grade_choice(selected: Iterable[str], question: Any) -> Graded:
    """Grade the chosen option labels ("A", "c", ...) of a `Choice` question.

    Right only when exactly the correct options are chosen. Each wrong choice brings its
    `why_wrong` line, so the learner sees why, not just that.
    """
    chosen = {s.strip().upper() for s in selected if s.strip()}
    correct = {c.upper() for c in question.correct}
    labels = set(getattr(question, "labels", correct))
    answer = ", ".join(sorted(correct))
    if not chosen:
        return Graded(False, None, "no option chosen", invalid=True)
    unknown = sorted(chosen - labels)
    if unknown:
        return Graded(
            False,
            None,
            f"no option {', '.join(unknown)}: choose from {', '.join(sorted(labels))}",
            invalid=True,
        )
    if chosen == correct:
        return Graded(True, None, f"correct: {answer}")
    why = dict(getattr(question, "why_wrong", {}) or {})
    details = tuple(
        f"{label}: {why[label]}" if label in why else f"{label} is not right"
        for label in sorted(chosen - correct)
    )
    missed = sorted(correct - chosen)
    if missed and not chosen - correct:
        message = f"not all: also {', '.join(missed)} (the answer is {answer})"
    else:
        message = f"the answer is {answer}; you chose {', '.join(sorted(chosen))}"
    return Graded(False, None, message, details=details)


def verdict_to_rating(verdict: Verdict | str) -> Rating:
    """The FSRS rating a verdict stands for: incorrect or invalid -> Again, correct -> Good.

    The learner may raise or lower it before moving on; that choice is what gets recorded.
    Plain text (a stored or imported verdict) is read as its `Verdict`.
    """
    try:
        return VERDICT_RATINGS[Verdict(verdict.strip().lower())]
    except ValueError:
        raise ValueError(
            f"unknown verdict {verdict!r}: expected one of {', '.join(VERDICT_RATINGS)}"
        ) from None
