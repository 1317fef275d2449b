"""Load question files into a `Bank`: good questions in, every problem reported with file and line.

One broken file or question never stops the rest from loading. A TOML syntax error costs only the
question it sits in: the file is parsed again question by question, so its neighbours still load;
so do a broken header line and bytes that are not UTF-8 (see `_parse_by_chunks`).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

from interviewkit.bank import schema
from interviewkit.bank.cellfiles import cell_path, shown_path
from interviewkit.bank.schema import Bank, Problem, Question
from interviewkit.errors import shown
from interviewkit.tomltext import TomlError, lexical, parse, read_bytes, unclosed

_TOP_LEVEL_KEYS = {"question", "topic"}
#: A line that starts a question, broken or not: `[question]`, `[[question]] id = 1`, a
#: byte-order mark before `[[question]]`, ... (a valid header too: `_header_candidates` tells).
_BROKEN_HEADER = re.compile(r"""^[\s\ufeff]*\[\[?\s*(?:question|"question"|'question')\s*\]""")
#: A byte that is not UTF-8, as the "surrogateescape" error handler decodes it.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
#: The largest question file read (the built-in ones are about 20 kB each).
MAX_FILE_BYTES = 16 * 2**20


def load_bank(
    paths: Iterable[str | Path] | None = None,
    *,
    include_builtin: bool = True,
    include_user_decks: bool = True,
    data_dir: str | Path | None = None,
) -> Bank:
    """The built-in bank, the user's decks and any extra `paths` (files or folders), merged.

    Duplicate ids are reported on the later occurrence; the first one wins and stays loaded.
    """
    from interviewkit import paths as ikpaths

    sources: list[tuple[Path, str]] = []
    if include_builtin:
        sources += [(p, "builtin") for p in ikpaths.question_files(ikpaths.builtin_bank_dir())]
    if include_user_decks:
        decks = ikpaths.user_decks_dir(data_dir)
        if decks.is_dir():
            sources += [(p, p.stem) for p in ikpaths.question_files(decks)]
    bank = Bank()
    for extra in paths or ():
        extra = Path(extra).expanduser()
        if not extra.exists():
            bank.problems.append(Problem(str(extra), 0, "path", "no such file or folder"))
            continue
        sources += [(p, p.stem) for p in ikpaths.question_files(extra)]
    seen_files: set[Path] = set()
    first_seen: dict[str, Question] = {}
    for path, deck in sources:
        resolved = path.resolve()
        if resolved in seen_files:
            continue
        seen_files.add(resolved)
        questions, problems = load_file(path, deck=deck, cell_files=bank.cell_files)
        bank.problems += problems
        for q in questions:
            if q.id in first_seen:
                first = first_seen[q.id].origin
                bank.problems.append(
                    Problem(
                        q.origin.path,
                        q.origin.line,
                        "id",
                        f"duplicate id {q.id!r}: already defined at {first.path}:{first.line}",
                    )
                )
                continue
            first_seen[q.id] = q
            bank.questions.append(q)
    return bank


def load_file(
    path: str | Path, *, deck: str = "builtin", cell_files: list[str] | None = None
) -> tuple[list[Question], list[Problem]]:
    """Parse one question file; returns its valid questions and the problems found in it.

    The cell files its questions name (`cell_file`) are appended to `cell_files`, read or not.
    """
    path = Path(path)
    shown = shown_path(path)
    try:
        data = read_bytes(path, MAX_FILE_BYTES)
        if len(data) > MAX_FILE_BYTES:
            why = f"over {MAX_FILE_BYTES // 2**20} MiB; no question file is that big"
            return [], [Problem(shown, 0, "file", why)]
    except OSError as exc:
        return [], [Problem(shown, 0, "file", f"cannot read: {exc}")]
    text, lines, not_utf8 = _decode(data)
    problems: list[Problem] = []
    try:
        if not_utf8:
            raise TomlError("not UTF-8")  # the good questions are read one by one
        parsed = parse(text)
    except TomlError:
        top, chunks, headers = _parse_by_chunks(lines, shown, problems, not_utf8)
    else:
        tables = parsed.get("question", [])
        top = {k: v for k, v in parsed.items() if k != "question"}
        chunks, headers = [], []
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            problems.append(
                Problem(shown, 1, "question", "use [[question]] tables, one per question")
            )
        else:
            headers = _real_headers(lines, len(tables)) or []
            if len(headers) != len(tables):  # `question = [{...}, ...]`: no headers at all
                line = _key_lines(lines, 1, len(lines) + 1).get("question", 1)
                headers = [line] * len(tables)
            chunks = list(zip(tables, headers, strict=True))
    unknown = [key for key in top if key not in _TOP_LEVEL_KEYS]
    preamble = min(headers, default=len(lines) + 1)  # where top-level keys are written
    where = _key_lines(lines, 1, preamble) if unknown else {}
    for key in unknown:
        why = "unknown top-level field"
        if key == "cell":  # a cell file in a deck folder, where every .toml is a deck
            why = "a cell file, not a question file: keep cell files in a subfolder (cells/)"
        problems.append(Problem(shown, where.get(key, 1), key, why))
    default_topic = top.get("topic")
    if not chunks and not problems:
        problems.append(Problem(shown, 1, "question", "no [[question]] tables in this file"))
    questions: list[Question] = []
    spans = [*headers, len(lines) + 1]
    for table, line in chunks:
        end = next((h for h in spans if h > line), len(lines) + 1)
        q = build_question(
            table, shown, line, lines, end, deck, default_topic, problems, path.parent, cell_files
        )
        if q is not None:
            questions.append(q)
    return questions, problems


def _decode(data: bytes) -> tuple[str, list[str], dict[int, int]]:
    """The text, its lines, and for each line (1-based) holding bytes that are not UTF-8 the
    first such byte (1-based in the line): those lines' questions are refused, not the file.
    """
    # TOML's own line breaks (\n, or \r\n), not str.splitlines', which also splits at \x0c,
    # \u2028, ... inside strings and would shift every line number after them
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark some editors write first
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", "surrogateescape")  # a bad byte reads as \udc80-\udcff
    else:
        return text, text.split("\n"), {}
    lines = text.split("\n")
    bad: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        found = _NOT_UTF8.search(line)
        if found:
            bad[number] = len(line[: found.start()].encode("utf-8", "surrogateescape")) + 1
    return text, lines, bad


def _header_candidates(lines: list[str], skip: list[bool] | None = None) -> list[int]:
    """The lines (1-based) that, read alone by the TOML parser, are a `[[question]]` header in
    any spelling (`[["question"]]`, `[[ 'question' ]]  # comment`, ...), leaving out those
    `skip` marks (inside a multi-line string or array: see `_lexical`)."""
    found = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("[[") and not (skip and skip[number - 1]):
            try:
                if parse(line.removesuffix("\r")) == {"question": [{}]}:
                    found.append(number)
            except TomlError:
                continue
    return found


def _real_headers(lines: list[str], expected: int) -> list[int] | None:
    """The lines of the `expected` question headers of a file the parser read as a whole, or
    None when they cannot be told apart in reasonable time.

    Every real header is a candidate, so as many candidates as tables are exactly those (the
    usual case, and the quick one). Otherwise some sit inside a multi-line string or array,
    which a lexical pass finds. Should that still disagree with the parser, every candidate is
    tried, within a budget: a real header is one before which the text since the last real
    header is complete TOML by itself, which an array or string left open cannot be.
    """
    every = _header_candidates(lines)
    if len(every) == expected:
        return every
    outside = _header_candidates(lines, lexical(lines)[1])
    if len(outside) == expected:
        return outside
    real: list[int] = []
    start = 1
    budget = 10 * sum(map(len, lines)) + 1_000_000  # characters parsed, at most
    for number in every:
        segment = _segment(lines, start, number)
        budget -= len(segment)
        if budget < 0:
            return None
        try:
            parse(segment)
        except TomlError:
            continue
        real.append(number)
        start = number
    return real


def _segment(lines: list[str], start: int, end: int) -> str:
    """Lines `start` to `end - 1` (1-based) as TOML text ending in a line break."""
    return "\n".join(lines[start - 1 : end - 1]) + "\n"


def _parse_by_chunks(
    lines: list[str], shown: str, problems: list[Problem], not_utf8: dict[int, int]
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], int]], list[int]]:
    """Parse the preamble and each question on its own, so one syntax error costs one question;
    returns the preamble, the (table, line) of each question that parsed, and the header lines.

    A chunk starts at each header outside a multi-line string, broken ones too (`[question]`,
    `[[question]] id = 1`, a byte-order mark before it), so the question before a broken
    header still loads. A header is taken as the end of the text before it unless that text
    fails only at its very end (an open array runs through the header, so it may be a value);
    but when the longer text then fails on such a header written at column 0, or never closes,
    the header is a question's after all and the value left open is reported where it opens.
    Line numbers in the errors are mapped back to the whole file; a chunk holding bytes that
    are not UTF-8 (`not_utf8`) is refused at the first such line.
    """
    top: dict[str, Any] = {}
    chunks: list[tuple[dict[str, Any], int]] = []
    headers: list[int] = []
    in_string = lexical(lines)[0]
    valid = _header_candidates(lines, in_string)
    broken = [
        n for n, line in enumerate(lines, 1) if _BROKEN_HEADER.match(line) and not in_string[n - 1]
    ]
    ends = [*sorted({*valid, *broken}), len(lines) + 1]
    bad_lines = sorted(not_utf8)

    def refused(end: int) -> Problem | None:
        """The first line from `start` to `end` that is not UTF-8, as a problem."""
        at = bisect.bisect_left(bad_lines, start)
        if at == len(bad_lines) or bad_lines[at] >= end:
            return None
        line = bad_lines[at]
        return Problem(shown, line, "file", f"not UTF-8 text (byte {not_utf8[line]} of the line)")

    start, i = 1, 0
    while start <= len(lines):
        error = refused(ends[i])
        if error is None:
            i, data, error = _parse_chunk(lines, start, ends, i, shown)
            error = error or refused(ends[i])  # the chunk ran past a header inside a value
        if error is None and (start > 1 or headers):
            tables = data.get("question")
            if isinstance(tables, list) and tables and isinstance(tables[0], dict):
                chunks.append((tables[0], start))
            else:  # `[question]`: one table, not an array of them
                why = "use [[question]] tables, one per question"
                error = Problem(shown, start, "question", why)
        elif error is None:
            top = data
        if error is not None:
            problems.append(error)
        if ends[i] <= len(lines):
            headers.append(ends[i])
        start, i = ends[i], i + 1
    return top, chunks, headers


def _parse_chunk(
    lines: list[str], start: int, ends: list[int], i: int, shown: str
) -> tuple[int, dict[str, Any], Problem | None]:
    """Parse the chunk from line `start` to `ends[i]` (see `_parse_by_chunks`), running past
    the headers inside a value left open; returns the index in `ends` of its real end, and its
    table or its syntax error."""
    passed: list[int] = []  # the indexes in `ends` of the headers read as inside a value
    while True:
        try:
            return i, parse(_segment(lines, start, ends[i])), None
        except TomlError as exc:
            if exc.at_end and ends[i] <= len(lines):
                passed.append(i)
                i += 1
                continue
            error = exc
            break
    at = start + error.line - 1 if error.line else None
    cut = next((k for k in passed if ends[k] == at), None)  # no value starts like a header
    first = next((k for k in passed if lines[ends[k] - 1][:1] in "[\ufeff"), None)  # column 0
    if cut is None and first is not None:
        cut = first if error.at_end or _open_through(lines, start, ends[first], at) else None
    if cut is not None:
        i = cut
    if cut is not None or error.at_end:
        opened = unclosed(lines[start - 1 : ends[i] - 1])
        if opened is not None:
            line, what = opened
            message = f"syntax error: {what} opened here is never closed"
            return i, {}, Problem(shown, start + line, "toml", message)
    line = start + error.line - 1 if error.line else start
    message = f"syntax error: {error.message}"
    if "\ufeff" in lines[line - 1]:
        message += " (a byte-order mark, U+FEFF, sits in this line)"
    return i, {}, Problem(shown, line, "toml", message)


def _open_through(lines: list[str], start: int, header: int, at: int | None) -> bool:
    """Whether the value open before line `header` (in the chunk from `start`) is still open
    before line `at` past it: the parser's error there is then no later, unrelated one."""
    if at is None or at <= header:
        return False
    return unclosed(lines[start - 1 : at - 1]) == unclosed(lines[start - 1 : header - 1])


#: A key at the start of a line (`key =`, `"key" =`, `key.sub =`) or in a `[question.key]`
#: header; group 1, 2 or 3 is its first part.
_KEY_AT_START = re.compile(
    r"""^\s*(?:\[\[?\s*question\s*\.\s*)?(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')\s*[=.\]]"""
)


def _key_lines(lines: list[str], start: int, end: int) -> dict[str, int]:
    """The first line (1-based) of each key written between `start` and `end`, in one pass:
    a file of 200,000 unknown keys is reported in linear time. A line that begins inside a
    multi-line string or array (`lexical`) is a value, whatever it looks like."""
    index: dict[str, int] = {}
    end = min(end, len(lines) + 1)
    inside = lexical(lines[start - 1 : end - 1])[1]
    for number in range(start, end):
        match = None if inside[number - start] else _KEY_AT_START.match(lines[number - 1])
        if match:
            index.setdefault(next(g for g in match.groups() if g is not None), number)
    return index


def build_question(
    table: dict[str, Any],
    shown: str,
    line: int,
    lines: list[str],
    end: int,
    deck: str,
    default_topic: str | None,
    problems: list[Problem],
    folder: Path | None = None,
    cell_files: list[str] | None = None,
) -> Question | None:
    """Validate one [[question]] table and build its dataclass, or record why not.

    `folder` is the deck's folder, where a derivation's `cell_file` is looked for (the working
    folder when None); the cell files read are appended to `cell_files`.
    """
    found: list[Problem] = []
    key_lines: dict[str, int] = {}  # the line of each key of this question, found on first need

    def problem(key: str, message: str) -> None:
        if not key_lines:
            key_lines.update(_key_lines(lines, line, end) or {"": line})
        found.append(Problem(shown, key_lines.get(key, line), key, message))

    if default_topic is not None and "topic" not in table:
        table = {**table, "topic": default_topic}
    for key in schema.REQUIRED_COMMON:
        if key not in table:
            found.append(Problem(shown, line, key, "missing required field"))
    given = table.get("kind")
    kind = given if schema.is_kind(given) else None
    if "kind" in table and kind is None:
        problem("kind", f"unknown kind {given!r}; choose one of {', '.join(schema.KINDS)}")
    allowed = set(schema.COMMON_FIELDS) | set(schema.KIND_FIELDS[kind] if kind else ())
    for key in table:
        if key not in allowed:
            where = f" for kind {kind!r}" if kind else ""
            problem(key, f"unknown field{where}")
    _check_common(table, problem)
    specific: dict[str, Any] = {}
    if kind == "derivation":
        specific = _check_derivation(table, problem, folder or Path.cwd(), cell_files)
    elif kind:
        specific = _CHECKERS[kind](table, problem)
    if found or kind is None:  # no kind: "missing required field" is among the problems
        problems.extend(found)
        return None
    origin = schema.Origin(shown, line, deck)
    common = {k: table[k] for k in schema.COMMON_FIELDS if k in table}
    for key in schema.OPTIONAL_LISTS:
        common[key] = tuple(table.get(key, ()))
    return schema.KIND_CLASSES[kind](origin=origin, **common, **specific)


def _check_common(table: dict[str, Any], problem: Any) -> None:
    qid = table.get("id")
    if "id" in table and not schema.is_slug(qid):
        problem("id", f"{qid!r} is not a slug ({schema.SLUG_RULE})")
    if "topic" in table and not _one_of(table["topic"], schema.TOPICS):
        problem("topic", f"unknown topic {table['topic']!r}; see `interviewkit bank topics`")
    if "difficulty" in table and not _one_of(table["difficulty"], schema.DIFFICULTIES):
        problem("difficulty", f"{table['difficulty']!r} is not one of easy, medium, hard")
    for key in ("prompt", "explanation", "source"):
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            problem(key, "must be non-empty text")
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        problem("tags", "must be a list of non-empty strings")
    facts = table.get("facts", [])
    if not isinstance(facts, list) or not all(schema.is_slug(f) for f in facts):
        problem("facts", f"must be a list of slugs ({schema.SLUG_RULE})")
    elif len(set(facts)) != len(facts):
        problem("facts", "a fact is named twice")


def _one_of(value: Any, allowed: Iterable[str]) -> bool:
    """`value` is one of the `allowed` strings; a TOML list or table is simply not one (a bare
    `in` on a dict of topics would raise TypeError for a list and stop the whole bank loading)."""
    return isinstance(value, str) and value in allowed


def _text(table: dict[str, Any], key: str, problem: Any, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None:
        if required:
            problem(key, "missing required field")
        return ""
    if not isinstance(value, str) or not value.strip():
        problem(key, "must be non-empty text")
        return ""
    return value


def _check_flashcard(table: dict[str, Any], problem: Any) -> dict[str, Any]:
    return {"back": _text(table, "back", problem)}


def _check_short(table: dict[str, Any], problem: Any) -> dict[str, Any]:
    model = _text(table, "model_answer", problem)
    points = table.get("key_points")
    if (
        not isinstance(points, list)
        or not points
        or not all(isinstance(p, str) and p.strip() for p in points)
    ):
        problem("key_points", "must be a non-empty list of non-empty strings")
        points = []
    return {"model_answer": model, "key_points": tuple(points)}


def _check_choice(table: dict[str, Any], problem: Any) -> dict[str, Any]:
    options = table.get("options")
    if not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
        problem("options", "must be a list of non-empty strings")
        options = []
    elif not 2 <= len(options) <= len(schema.OPTION_LABELS):
        problem("options", f"needs 2 to {len(schema.OPTION_LABELS)} options, has {len(options)}")
    elif len({o.strip().lower() for o in options}) != len(options):
        problem("options", "two options have the same text")
    labels = schema.OPTION_LABELS[: len(options)]
    correct = table.get("correct")
    if isinstance(correct, str):
        correct = [correct]
    if not isinstance(correct, list) or not correct:
        problem("correct", 'must name at least one option label, e.g. correct = ["B"]')
        correct = []
    for label in correct:
        if not isinstance(label, str) or label not in labels:
            problem(
                "correct",
                f"option {label!r} does not exist (options are {', '.join(labels) or 'none'})",
            )
    correct = [label for label in correct if isinstance(label, str)]
    if len(set(correct)) != len(correct):
        problem("correct", "an option is listed twice")
    why = table.get("why_wrong", {})
    if not isinstance(why, dict):
        problem("why_wrong", 'must be a table of label = "why it is wrong"')
        why = {}
    for label in labels:
        if label not in correct and not (isinstance(why.get(label), str) and why[label].strip()):
            problem("why_wrong", f"option {label} is wrong but has no explanation")
    for label in why:
        if label not in labels:
            problem("why_wrong", f"option {label!r} does not exist")
        elif label in correct:
            problem("why_wrong", f"option {label} is declared correct")
    return {"options": tuple(options), "correct": tuple(sorted(correct)), "why_wrong": dict(why)}


def _number(value: Any) -> TypeGuard[float]:
    """A finite int or float: TOML also reads `nan` and `inf`, which no answer can match (nan)
    or which every answer matches (an infinite tolerance), and integers no float can hold."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of some 309 digits or more
        return False


def _check_numeric(table: dict[str, Any], problem: Any) -> dict[str, Any]:
    from interviewkit.bank import computations

    answer, compute = table.get("answer"), table.get("compute")
    params = table.get("params", {})
    if answer is None and compute is None:
        problem("answer", "a numeric question needs an `answer` or a `compute`")
    if answer is not None and compute is not None:
        problem("answer", "give either `answer` or `compute`, not both")
    if answer is not None and not _number(answer):
        problem("answer", "must be a number")
    for key in ("tolerance", "rel_tolerance"):
        if key in table and (not _number(table[key]) or table[key] < 0):
            problem(key, "must be a number >= 0")
    if "unit" in table and not isinstance(table["unit"], str):
        problem("unit", "must be text")
    clean: dict[str, Any] = {}
    if compute is not None:
        if not _one_of(compute, computations.REGISTRY):
            import difflib

            close = difflib.get_close_matches(str(compute), list(computations.REGISTRY), n=2)
            guess = f"did you mean {' or '.join(close)}? " if close else ""
            problem(
                "compute",
                f"unknown computation {shown(str(compute), 40)} ({guess}"
                f"docs/computations.md lists all {len(computations.REGISTRY)})",
            )
        elif not isinstance(params, dict):
            problem("params", "must be a table of name = [low, high] or name = value")
        else:
            wanted = set(computations.REGISTRY[compute].arguments)
            if set(params) != wanted:
                takes = computations.REGISTRY[compute].domains_text
                problem("params", f"{compute} takes exactly {takes}")
            for name, spec in params.items():
                if _number(spec):
                    clean[name] = spec
                elif (
                    isinstance(spec, list)
                    and len(spec) == 2
                    and all(_number(v) for v in spec)
                    and spec[0] <= spec[1]
                ):
                    clean[name] = tuple(spec)
                else:
                    problem("params", f"{name} must be a number or [low, high] with low <= high")
            if len(clean) == len(params):
                for why in computations.spec_problems(compute, clean):
                    problem("params", why)
            for name in _placeholders(table.get("prompt"), problem) - set(params):
                problem("prompt", f"placeholder {shown('{' + name + '}', 40)} is not a parameter")
    elif params:
        problem("params", "params need a `compute`")
    return {
        "answer": float(answer) if _number(answer) else None,
        "tolerance": float(table["tolerance"]) if _number(table.get("tolerance")) else 0.0,
        "rel_tolerance": (
            float(table["rel_tolerance"]) if _number(table.get("rel_tolerance")) else 0.0
        ),
        "unit": table.get("unit", "") if isinstance(table.get("unit", ""), str) else "",
        "compute": compute if isinstance(compute, str) else None,
        "params": clean,
    }


def _placeholders(prompt: Any, problem: Any) -> set[str]:
    """The `{name}` fields of a computed question's prompt; a stray brace or a field that is
    not a plain name (a format spec, an index, ...) is a problem here rather than a crash, a
    hang or a huge string when the question is shown."""
    from interviewkit.bank.computations import placeholders

    if not isinstance(prompt, str):
        return set()  # reported by _check_common
    try:
        return set(placeholders(prompt))
    except ValueError as exc:
        problem("prompt", str(exc))
        return set()


def _check_derivation(
    table: dict[str, Any], problem: Any, folder: Path, cell_files: list[str] | None = None
) -> dict[str, Any]:
    target = table.get("target")
    variant = table.get("variant")
    written = table.get("cell_file")
    cell_file: str | None = None
    if target is None:
        problem("target", "missing required field")
    elif not isinstance(target, str):
        problem("target", f"unknown derivation target {target!r}; see `interviewkit derive --help`")
    elif written is not None:
        cell_file = _check_cell_file(target, variant, written, problem, folder, cell_files)
    elif target not in schema.DERIVATION_TARGETS:
        problem("target", f"unknown derivation target {target!r}; see `interviewkit derive --help`")
    elif variant is not None and not isinstance(variant, str):
        problem("variant", "must be a string")
    else:
        from interviewkit.errors import NotationError
        from interviewkit.math.targets import TARGETS, resolve

        try:
            variant = resolve(target, variant)[1].variant
        except NotationError as exc:
            if variant is not None and not TARGETS[target].variants:
                problem("variant", "only GRU targets take a variant")
            else:
                problem("variant", exc.one_line())
    hints = table.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
        problem("hints", "must be a list of non-empty strings")
        hints = []
    return {
        "target": target or "",
        "variant": variant,
        "hints": tuple(hints),
        "cell_file": cell_file,
    }


def _check_cell_file(
    target: str,
    variant: Any,
    written: Any,
    problem: Any,
    folder: Path,
    cell_files: list[str] | None,
) -> str | None:
    """The resolved path of a derivation's `cell_file`, once the file reads as a cell and has
    the target; None after recording the problem."""
    from interviewkit.bank.cellfiles import read_cell
    from interviewkit.errors import InterviewkitError
    from interviewkit.math.targets import targets_of

    if not isinstance(written, str) or not written.strip():
        problem("cell_file", "must be the path of a cell file (.toml), relative to this deck")
        return None
    path = cell_path(folder, written)
    if cell_files is not None:
        cell_files.append(str(path))
    try:
        spec = read_cell(path)
    except InterviewkitError as exc:  # the cell file's own one line: its file, line, equation
        problem("cell_file", exc.one_line())
        return None
    if variant is not None:
        problem("variant", "a target of a cell file has no variant; leave it out")
    names = [t.name for t in targets_of(spec.name, spec)]
    if target not in names:
        import difflib

        close = difflib.get_close_matches(target, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"its targets: {', '.join(names[:4])}, …"
        problem("target", f"{target!r} is not a target of the cell {spec.name!r} in {written}; "
                f"{hint} (`interviewkit check --cell {shown_path(path)} --list-targets`)")  # fmt: skip
        return None
    return None if variant is not None else str(path)


def _check_code(table: dict[str, Any], problem: Any) -> dict[str, Any]:
    from interviewkit.exercises.catalogue import BY_NAME

    name = _text(table, "exercise", problem)
    if name and name not in BY_NAME:
        problem("exercise", f"unknown exercise {name!r}; see `interviewkit code list`")
    return {"exercise": name}


#: The checks of each kind but the derivation, which also reads its cell file (`_check_derivation`).
_CHECKERS = {
    "flashcard": _check_flashcard,
    "choice": _check_choice,
    "numeric": _check_numeric,
    "short": _check_short,
    "code": _check_code,
}
