"""Checks of one stored field each, for records that come from outside (a progress backup).

Each check returns the value as the store keeps it or raises `FieldError` saying why, in words
a person can act on. The limits are those of where the value goes: SQLite's 64-bit integers (a
bigger one would overflow on insert), finite floats (SQLite stores NaN as NULL, silently), text
UTF-8 can encode (a lone surrogate cannot), dates that `datetime` can move to UTC and that sort
as fixed-width strings, and the ranges FSRS computes with. Booleans are not numbers here, and a
rating or a state is a whole number, never `3.0`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from interviewkit.bank.schema import KINDS, SLUG_RULE, TOPICS, is_slug
from interviewkit.study.scheduler import DIFFICULTY_RANGE, STABILITY_RANGE, parse_iso

INT64 = (-(2**63), 2**63 - 1)
#: Dates outside these are refused: stored as ISO strings they must keep four-digit years (so
#: they sort as times), and FSRS adds up to 100 years to a review date.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
#: The longest a single answer may have taken (a year), and the longest text and name kept.
MAX_DURATION_S = 365 * 24 * 3600.0
MAX_TEXT = 100_000
MAX_NAME = 500


class FieldError(ValueError):
    """One field's value is wrong: `field` names it, `why` completes "field 'x' ..."."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"field {field!r} {why}")
        self.field = field
        self.why = why


Check = Callable[[Any], Any]


def describe(value: Any) -> str:
    """A value for a message, short whatever it is (a 5,000-digit integer, a long string)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, (dict, list)):
        return f"a JSON {'object' if isinstance(value, dict) else 'list'}"
    text = json_repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def json_repr(value: Any) -> str:
    """`value` as JSON would write it (`true`, `null`, `"text"`), for messages about JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii") + '"'
    return repr(value)


def whole(low: int, high: int) -> Check:
    """A whole number from `low` to `high` (a JSON integer: not `true`, not `3.0`)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(
                f"must be a whole number from {low:,} to {high:,}, not {describe(value)}"
            )
        return value

    return check


def number(low: float, high: float) -> Check:
    """A finite number from `low` to `high` (an integer is fine and kept as a float)."""

    def check(value: Any) -> float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and isinstance(value, int) and value.bit_length() > 64:
            ok = False
        if not ok or not math.isfinite(value) or not low <= value <= high:
            raise ValueError(
                f"must be a finite number from {low:g} to {high:g}, not {describe(value)}"
            )
        return float(value)

    return check


#: Characters no id holds: invisible, or reordering or breaking the line it is printed on.
_HIDDEN = {
    "Cc": "a control character",
    "Cf": "a format character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def text(limit: int, *, empty: bool = True, visible: bool = False) -> Check:
    """Text of at most `limit` characters that UTF-8 can encode (no lone surrogates); with
    `visible`, none of the `_HIDDEN` characters (NUL, U+202E, U+2028, ...) either."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {describe(value)}")
        if not empty and not value:
            raise ValueError("must be non-empty text")
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters long; the limit is {limit:,}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            at = exc.start
            raise ValueError(
                f"holds a lone surrogate (U+{ord(value[at]):04X}) at {at + 1}"
            ) from None
        if visible:
            for at, char in enumerate(value):
                hidden = _HIDDEN.get(unicodedata.category(char))
                if hidden:
                    raise ValueError(f"holds {hidden} (U+{ord(char):04X}) at {at + 1}")
        return value

    return check


def one_of(names: Iterable[str], listed: str | None = None) -> Check:
    """One of a closed set of names; the message lists them, or says `listed` instead (a set
    too long for one line)."""
    known = tuple(names)
    shown = listed or "one of " + ", ".join(known)

    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in known:
            raise ValueError(f"must be {shown}, not {describe(value)}")
        return value

    return check


def question_id(value: Any) -> str:
    """A question id as the bank writes them (a slug), so a backup names only questions."""
    checked: str = ID(value)
    if not is_slug(checked):
        raise ValueError(f"must be a question id ({SLUG_RULE}), not {describe(checked)}")
    return checked


def date(value: Any) -> datetime:
    """An ISO 8601 date and time from 1970 to 9000 (UTC if it has no offset), as UTC."""
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError(f"must be an ISO 8601 date and time, not {describe(value)}")
    try:
        when = parse_iso(value)
    except (ValueError, OverflowError):
        raise ValueError(f"must be an ISO 8601 date and time, not {describe(value)}") from None
    if not EARLIEST <= when < LATEST:
        raise ValueError(f"must lie between 1970 and 9000, not {describe(value)}")
    return when


ID = text(MAX_NAME, empty=False, visible=True)
KIND = one_of(KINDS)
TOPIC = one_of(TOPICS, "a topic of the bank (`interviewkit bank topics` lists them)")
COUNT = whole(0, INT64[1])
STABILITY = number(*STABILITY_RANGE)
DIFFICULTY = number(*DIFFICULTY_RANGE)
DURATION = number(0, MAX_DURATION_S)


def read(data: Any, specs: dict[str, tuple[bool, Check]]) -> dict[str, Any]:
    """The fields of one JSON object, each checked: `specs` maps a field to (required, check).

    Raises:
        FieldError: the object is not an object, lacks a required field, has a field it should
            not, or holds a value its check refuses.
    """
    if not isinstance(data, dict):
        raise FieldError("(record)", f"must be a JSON object, not {describe(data)}")
    for key in data:
        if key not in specs:
            raise FieldError(str(key)[:40], "is not a field of this record")
    out: dict[str, Any] = {}
    for key, (required, check) in specs.items():
        if key not in data:
            if required:
                raise FieldError(key, "is missing")
            continue
        if data[key] is None and not required:
            out[key] = None
            continue
        try:
            out[key] = check(data[key])
        except ValueError as exc:
            raise FieldError(key, str(exc)) from None
    return out
