"""A progress backup, read and checked in full before the store is touched (`stats --import`).

The file can come from anywhere, and what it holds ends up in SQLite and in FSRS. So it is read
with limits (its size, JSON nesting, integers past Python's digit limit kept as a marker instead
of failing the parse), and every field of every record is checked (`study.fields`) before
anything is written: the first problem refuses the whole file in one line naming the record and
the field, and the store stays as it was, byte for byte, because it was never opened.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from interviewkit.errors import StoreError
from interviewkit.study import migrations
from interviewkit.study.fields import describe, whole
from interviewkit.study.records import CardInfo, Mark, ReviewRecord

EXPORT_FORMAT = "interviewkit-progress"
#: The largest backup read (64 MiB, some 150,000 reviews: decades of daily study); a bigger
#: file is refused after reading no more than that.
MAX_BYTES = 64 * 2**20
_TOP_LEVEL = {"format", "schema_version", "exported_at", "cards", "reviews", "marks"}
_HINT = "nothing was imported"
#: What names a record of each list: a review's uid, a card's and a mark's question.
_KEYS = {"cards": "question_id", "reviews": "uid", "marks": "question_id"}


@dataclass(frozen=True)
class Backup:
    """The checked contents of a backup: its schema version, cards, reviews and marks."""

    version: int
    cards: list[CardInfo]
    reviews: list[ReviewRecord]
    marks: list[Mark] = field(default_factory=list)  # suspended, buried, flags, notes
    #: Reviews the file held more than once, identical, and that `reviews` holds once.
    duplicates: int = 0


class _BigInteger:
    """A JSON integer with more digits than Python reads (4,300): kept so the field that holds
    it is named in the refusal, instead of a parse error that names nothing."""

    def __init__(self, digits: str) -> None:
        self.digits = len(digits.lstrip("-"))

    def __repr__(self) -> str:
        return f"an integer of {self.digits:,} digits"


def _int(digits: str) -> int | _BigInteger:
    return _BigInteger(digits) if len(digits.lstrip("-")) > 4300 else int(digits)


def _read_at_most(fh: BinaryIO) -> bytes:
    """Up to one byte past the limit, a mebibyte at a time: `read(limit)` would reserve the
    whole limit for a file of a few kilobytes."""
    parts: list[bytes] = []
    left = MAX_BYTES + 1
    while left > 0:
        part = fh.read(min(left, 2**20))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class _TooMany(Exception):
    """More JSON objects or lists than a backup of the file's size can hold."""


def _containers_allowed(size: int) -> int:
    """How many objects, and how many lists, a real backup of `size` bytes may hold: one per
    40 bytes and some to spare (a review takes some 400). Each is a 56- to 64-byte Python
    object made from two bytes of JSON, so a file of `{}` would parse to 30 times its size."""
    return size // 40 + 100_000


def _parse(text: str, size: int) -> Any:
    """`text` as JSON, refused (`_TooMany`) as soon as it makes more containers than allowed;
    lists are counted by their brackets (strings hold few), objects as they are made."""
    allowed = _containers_allowed(size)
    if text.count("[") > allowed:
        raise _TooMany
    made = 0

    def count(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal made
        made += 1
        if made > allowed:
            raise _TooMany
        return obj

    return json.loads(text, parse_int=_int, object_hook=count)


def read_backup(name: str) -> Backup:
    """The backup in file `name` (`-`: standard input), checked.

    Raises:
        StoreError: the file cannot be read, is too big, is not JSON, or any field of it is
            wrong; one line, naming the record and field.
    """
    try:
        if name == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            raw = _read_at_most(stdin) if stdin else sys.stdin.read().encode("utf-8")
        else:  # read at most the limit: /dev/zero or a huge file must not fill the memory
            with Path(name).expanduser().open("rb") as fh:
                raw = _read_at_most(fh)
    except OSError as exc:
        raise StoreError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise StoreError(f"{name} is over {MAX_BYTES // 2**20} MiB; no backup is that big")
    try:
        data = _parse(raw.decode("utf-8-sig"), len(raw))  # a BOM some editors write
    except UnicodeDecodeError as exc:
        raise StoreError(f"{name} is not JSON: not UTF-8 (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{name} is not JSON: {exc}") from None
    except RecursionError:
        raise StoreError(f"{name} is not a backup: its JSON is nested too deeply") from None
    except _TooMany:
        raise StoreError(
            f"{name} is not a backup: more objects and lists than {len(raw):,} bytes of backup hold"
        ) from None
    return check_backup(data, name)


def check_backup(data: Any, name: str = "the backup") -> Backup:
    """`data` (parsed JSON) as a `Backup`, every field checked; a StoreError for the first
    problem, which names the record (`reviews[3]`, with its question id) and the field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f"{name} is not an interviewkit progress export",
            hint="make one with `interviewkit stats --export FILE.json`",
        )
    unknown = sorted(str(k) for k in data if k not in _TOP_LEVEL)
    if unknown:
        raise StoreError(f"bad progress export {name}: unknown field {unknown[0][:40]!r}")
    version = _version(data.get("schema_version", migrations.CURRENT_VERSION), name)
    exported = data.get("exported_at")
    if exported is not None and not isinstance(exported, str):
        raise StoreError(f"bad progress export {name}: exported_at must be text or null")
    for key in ("cards", "reviews"):
        if key not in data:
            raise StoreError(
                f"bad progress export {name}: {key!r} is missing: a backup holds 'cards' and "
                "'reviews' lists (empty ones when there is nothing)"
            )
    for key in ("cards", "reviews", "marks"):
        if not isinstance(data.get(key, []), list):
            why = f"must be a list, not {describe(data[key])}"
            raise StoreError(f"bad progress export {name}: {key!r} {why}")
    cards, reviews, marks = (
        _records(cls, key, data.get(key, []), name)
        for cls, key in ((CardInfo, "cards"), (ReviewRecord, "reviews"), (Mark, "marks"))
    )
    return Backup(version, cards[0], reviews[0], marks[0], duplicates=reviews[1])


def _version(version: Any, name: str) -> int:
    """The backup's schema version: a whole number up to this interviewkit's."""
    newest = migrations.CURRENT_VERSION
    if isinstance(version, int) and not isinstance(version, bool) and version > newest:
        raise StoreError(
            f"{name} has schema version {version}, newer than this interviewkit "
            f"understands ({newest})",
            hint="upgrade interviewkit, then import again",
        )
    try:
        return int(whole(1, newest)(version))
    except ValueError as exc:
        raise StoreError(f"bad progress export {name}: schema_version {exc}") from None


def _records(cls: Any, kind: str, items: list[Any], name: str) -> tuple[list[Any], int]:
    """The checked records of one list, each once, and how many identical repeats were left
    out; two different records under one key (`_KEYS`) refuse the file: which one is meant?"""
    records = [_record(cls, kind, i, r, name) for i, r in enumerate(items)]
    key = _KEYS[kind]
    first: dict[str, int] = {}
    kept = []
    for i, record in enumerate(records):
        j = first.setdefault(getattr(record, key), i)
        if j == i:
            kept.append(record)
        elif record != records[j]:
            differ = next(
                f.name
                for f in dataclasses.fields(record)
                if getattr(record, f.name) != getattr(records[j], f.name)
            )
            raise StoreError(
                f"{name}: {kind}[{j}] and {kind}[{i}] both have {key} "
                f"{describe(getattr(record, key))} but differ in {differ!r}",
                hint=_HINT,
            )
    return kept, len(records) - len(kept)


def _record(cls: Any, kind: str, index: int, data: Any, name: str) -> Any:
    if not isinstance(data, dict):
        why = f"must be a JSON object, not {describe(data)}"
        raise StoreError(f"{name}: {kind}[{index}] {why}", hint=_HINT)
    try:
        return cls.from_dict(data)
    except StoreError as exc:
        raise StoreError(f"{name}: {kind}[{index}]: {exc.message}", hint=_HINT) from None
