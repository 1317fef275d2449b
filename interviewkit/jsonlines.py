"""Untrusted JSON Lines in, JSON lines out: one bounded line at a time, never an exception.

A stream such as `check --jsonl` promises one answer per input line whatever the line holds, so
reading and decoding must not fail on anything a stranger can write: a line of gigabytes (read
past in bounded chunks, never held whole), bytes that are not UTF-8, JSON nested deeper than
Python's recursion limit, an integer longer than Python's digit limit for `int()`, or an escaped
lone surrogate (`"\\ud800"`) that UTF-8 cannot encode on the way out. Each of these becomes a
one-line reason for that line; the stream goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

#: The longest line read, in bytes (64 KiB): an answer is at most 2,000 characters, so a real
#: request is far shorter; a longer line is `invalid` without being kept in memory.
MAX_LINE_BYTES = 64 * 1024
#: Text echoed back from a hostile line (a target, a variant) is cut to this many characters.
ECHO_LIMIT = 80
_CHUNK = 64 * 1024
#: Line breaks JSON leaves raw inside strings but `str.splitlines` splits on: escaped on output,
#: so one result is always one line for every reader.
_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class Line:
    """One non-blank input line: its number (1-based, blank lines counted), and either the
    decoded JSON `value` or the `error` saying in one line why there is none."""

    number: int
    value: Any = None
    error: str | None = None


def read_lines(stream: IO[bytes] | IO[str], limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """Every non-blank line of `stream` (binary, or text for tests), decoded on its own.

    Memory stays bounded by `limit`: a longer line is consumed in chunks and reported.
    """
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
        if len(data) > limit and not data.endswith(b"\n"):
            size = len(data) + _skip_rest(stream)
            yield Line(number, error=f"line is {size:,} bytes long; the limit is {limit:,} bytes")
            continue
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]  # a byte-order mark some editors write first
        if data.strip():
            value, error = decode(data)
            yield Line(number, value, error)


def _skip_rest(stream: IO[bytes] | IO[str]) -> int:
    """Read to the end of the current line in bounded chunks; returns how much was skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        ended = chunk.endswith(b"\n") if isinstance(chunk, bytes) else chunk.endswith("\n")
        if not chunk or ended:
            return skipped


def decode(data: bytes) -> tuple[Any, str | None]:
    """The JSON value of one line, or None and the reason in one line (`not UTF-8 text (...)`,
    `not a JSON object (Expecting value)`, ...)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at byte {exc.start + 1})"
    try:
        return json.loads(text, parse_int=_int), None
    except json.JSONDecodeError as exc:
        why = exc.msg
    except RecursionError:
        why = "nested too deeply"
    except ValueError as exc:  # from _int: an integer too long to read
        why = str(exc)
    return None, f"not a JSON object ({why})"


def _int(digits: str) -> int:
    """`int(digits)` within Python's default limit of 4,300 digits, with a shorter message."""
    count = len(digits.lstrip("-"))
    if count > 4300:
        raise ValueError(f"an integer of {count:,} digits is too long to read")
    return int(digits)


def dumps(value: Any) -> bytes:
    """`value` as one line of UTF-8 JSON ending in a newline, readable non-ASCII kept.

    A lone surrogate (from an escaped `"\\ud800"` echoed back) cannot be UTF-8: then the line is
    written with `\\uXXXX` escapes instead, which is still the same JSON.
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _BREAKS.items():
        text = text.replace(char, escape)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(value) + "\n").encode("ascii")


def cut(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text` cut to `limit` characters with an ellipsis, for echoing a field back."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
