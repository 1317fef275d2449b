"""TOML from strangers (question decks, cell files): read within a size limit, parsed without
the parser's failure modes no error handler expects, and seen line by line.

`tomllib` raises RecursionError for arrays or inline tables nested a few thousand deep, and its
time grows with the cube of a dotted key's length (6 s for a 40 kB key, hours for a megabyte);
reading a file whole would never end on /dev/zero. Here every way it can fail is `TomlError`,
with the line when the parser gives one, and `lexical` tells which lines sit inside a
multi-line string or array, which the parser itself does not say.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: The most dotted parts a key may have (`why_wrong.A` has two); see `_too_many_parts`.
MAX_KEY_PARTS = 100
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
#: Python's limit on the digits int() reads: tomllib fails past it with a plain ValueError.
MAX_INT_DIGITS = 4300
_DIGITS = re.compile(r"[\d_]+")


class TomlError(Exception):
    """TOML that cannot be read: the message, its line in the text given (None if unknown),
    and whether the text simply ended inside something left open (a string, an array)."""

    def __init__(self, message: str, line: int | None = None, at_end: bool = False) -> None:
        super().__init__(message)
        self.message, self.line, self.at_end = message, line, at_end


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of `path` (more than `limit` means too big): a huge file, a
    device or a pipe never fills the memory. Raises OSError as `open` does."""
    with path.open("rb") as fh:
        return fh.read(limit + 1)


def parse(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, refusing first a key of more than `MAX_KEY_PARTS` dotted parts,
    with every failure as `TomlError`: syntax errors, the RecursionError of deep nesting and
    the ValueError of an integer longer than Python's int() reads."""
    long_key = _too_many_parts(text.split("\n"))
    if long_key is not None:
        raise TomlError(f"a key of more than {MAX_KEY_PARTS} dotted parts", long_key)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        at_end = message.endswith("(at end of document)")
        message = _TOML_POS.sub("", message).replace("(at end of document)", "").strip()
        raise TomlError(message, int(match.group(1)) if match else None, at_end) from None
    except ValueError:  # int() of a literal past Python's limit: no TOMLDecodeError
        line = _long_integer(text.split("\n"))
        raise TomlError(f"an integer of more than {MAX_INT_DIGITS:,} digits", line) from None
    except RecursionError:
        deepest = _scan(text.split("\n")).deepest
        line = None if deepest is None else deepest + 1
        raise TomlError("arrays or tables nested too deeply", line) from None


def lexical(lines: list[str]) -> tuple[list[bool], list[bool]]:
    """For each line, whether it begins inside a multi-line string (three quotes); and whether
    it begins inside such a string or inside an array or inline table opened on an earlier line.

    A lexical pass. The strings it finds hold also in a file with a syntax error: a single-line
    string left open ends with its line, as TOML says it must, and the next line is read
    afresh. The brackets are trusted only in a file that parsed (an unclosed one would hide
    every later question).
    """
    scan = _scan(lines)
    return scan.strings, scan.either


def unclosed(lines: list[str]) -> tuple[int, str] | None:
    """Where the value still open after the last of `lines` opens: its line (0-based) and what
    it is ("a multi-line string", "an array", "an inline table"), or None when none is open.

    A string is named before the brackets around it (closing it may well close them); else
    the outermost bracket, whose line holds the key.
    """
    scan = _scan(lines)
    if scan.quote:
        return scan.quote
    if scan.stack:
        line, char = scan.stack[0]
        return line, "an array" if char == "[" else "an inline table"
    return None


class _Scan:
    """What `_scan` saw: the flags of `lexical`, the multi-line string still open at the end
    (its line and a name for it), the brackets still open (line, char), and the outermost
    bracket around the deepest nesting (its line, or None when nothing nests)."""

    def __init__(self) -> None:
        self.strings: list[bool] = []
        self.either: list[bool] = []
        self.quote: tuple[int, str] | None = None
        self.stack: list[tuple[int, str]] = []
        self.deepest: int | None = None


def _scan(lines: list[str]) -> _Scan:
    """One pass over `lines` that follows strings, comments and brackets (see `lexical`)."""
    scan = _Scan()
    quote = ""  # the delimiter of the multi-line string we are in, if any
    stack = scan.stack  # arrays and inline tables open: (line, bracket)
    most = 0
    for number, line in enumerate(lines):
        scan.strings.append(bool(quote))
        scan.either.append(bool(quote) or bool(stack))
        if not quote and not stack and line.lstrip().startswith("["):
            continue  # a table header: its brackets open nothing
        i = 0
        while i < len(line):
            char = line[i]
            if quote:
                if char == "\\" and quote == '"""':
                    i += 2
                    continue
                if line.startswith(quote, i):
                    run = len(line[i:]) - len(line[i:].lstrip(quote[0]))
                    quote, i = "", i + run  # up to two quotes may end the text itself
                    scan.quote = None
                    continue
                i += 1
            elif char == "#":
                break
            elif char in "\"'":
                if line.startswith(char * 3, i):
                    quote, i = char * 3, i + 3
                    scan.quote = (number, "a multi-line string")
                    continue
                i = _string_end(line, i)
            else:
                if char in "[{":
                    stack.append((number, char))
                    if len(stack) > most:
                        most, scan.deepest = len(stack), stack[0][0]
                elif char in "]}" and stack:
                    stack.pop()
                i += 1
    return scan


def _string_end(line: str, start: int) -> int:
    """The index after the single-line string opening at `start` (its line's end if open)."""
    char, i = line[start], start + 1
    while i < len(line):
        if line[i] == "\\" and char == '"':
            i += 2
        elif line[i] == char:
            return i + 1
        else:
            i += 1
    return len(line)


def _long_integer(lines: list[str]) -> int | None:
    """The line (1-based) of the first run of more than `MAX_INT_DIGITS` digits, or None;
    linear in the text (a regular expression for it backtracks on every shorter run)."""
    for number, line in enumerate(lines, start=1):
        for run in _DIGITS.findall(line):
            if len(run) - run.count("_") > MAX_INT_DIGITS:
                return number
    return None


def _too_many_parts(lines: list[str]) -> int | None:
    """The first line whose key has more than `MAX_KEY_PARTS` dotted parts, or None.

    The TOML parser takes time that grows with the cube of a dotted key's length (a 40 kB key
    took seconds, a megabyte would take hours), so such text is refused before it is parsed.
    Dots in text (inside a multi-line string, or after the `=`) do not count.
    """
    suspects = [n for n, line in enumerate(lines, 1) if line.count(".") > MAX_KEY_PARTS]
    if not suspects:
        return None
    in_string = lexical(lines)[0]
    for number in suspects:
        line = lines[number - 1]
        key = line if line.lstrip().startswith("[") else line.split("=", 1)[0]
        if not in_string[number - 1] and key.count(".") >= MAX_KEY_PARTS:
            return number
    return None
