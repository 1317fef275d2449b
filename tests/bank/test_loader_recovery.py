"""A broken question costs only itself, and every problem is reported at its real line: a
key-like line inside a string is text, a broken header starts its own question, an array
left open ends at the next header, and bytes that are not UTF-8 cost only their question
(hostile review 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interviewkit.bank.loader import load_file


def card(qid: str, *extra: str) -> list[str]:
    """The lines of one valid flashcard (10 lines with the blank one), then `extra` lines."""
    return [
        "[[question]]",
        f'id = "{qid}"',
        'kind = "flashcard"',
        'topic = "lstm"',
        'difficulty = "easy"',
        "prompt = 'p'",
        "back = 'b'",
        "explanation = 'e'",
        "source = 's'",
        *extra,
        "",
    ]


def load(tmp_path: Path, lines: list[str] | bytes) -> tuple[list[str], list[str]]:
    """The ids loaded and the problems as `line: field: message`."""
    path = tmp_path / "deck.toml"
    path.write_bytes(lines if isinstance(lines, bytes) else "\n".join(lines).encode())
    questions, problems = load_file(path)
    return [q.id for q in questions], [f"{p.line}: {p.field}: {p.message}" for p in problems]


def test_a_key_like_line_in_a_string_is_not_the_keys_line(tmp_path: Path) -> None:
    lines = ["[[question]]", "prompt = '''", "difficulty = whatever", "topic = x", "'''"]
    lines += ['id = "i0"', 'kind = "flashcard"', 'topic = "BADTOPIC"', 'difficulty = "BAD"']
    lines += ["back = 'b'", "explanation = 'e'", "source = 's'"]
    _, problems = load(tmp_path, lines)
    assert [p.split(":")[:2] for p in problems] == [["8", " topic"], ["9", " difficulty"]]


def test_a_key_like_line_in_a_string_in_an_array_is_not_the_keys_line(tmp_path: Path) -> None:
    lines = ["[[question]]", 'id = "i1"', 'kind = "choice"', 'topic = "gru"', 'difficulty = "easy"']
    lines += ["prompt = 'p'", "options = [", '"""', 'correct = ["Z"]', '""", "two"]']
    lines += ['correct = ["Q"]', "why_wrong = { B = 'x' }", "explanation = 'e'", "source = 's'"]
    _, problems = load(tmp_path, lines)
    assert [p.split(":")[:2] for p in problems] == [["11", " correct"], ["12", " why_wrong"]]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("\ufeff[[question]]", "toml: syntax error: Invalid statement (a byte-order mark, U+FEFF"),
        ('[[question]] id = "x1"', "toml: syntax error: Expected newline or end of document"),
        ("[question]", "question: use [[question]] tables, one per question"),
        ("[[question]", "toml: syntax error: Expected ']]'"),
    ],
)
def test_a_broken_header_costs_only_its_own_question(
    tmp_path: Path, header: str, problem: str
) -> None:
    ids, [found] = load(tmp_path, [*card("q0"), header, 'id = "x1"', *card("q2")])
    assert ids == ["q0", "q2"]
    assert found.startswith(f"11: {problem}")


def test_an_array_left_open_ends_at_the_next_header(tmp_path: Path) -> None:
    lines = card("a0") + card("a1", 'tags = ["x",') + card("a2") + card("a3")
    assert load(tmp_path, lines) == (
        ["a0", "a2", "a3"],
        ["20: toml: syntax error: an array opened here is never closed"],
    )


def test_an_array_left_open_before_a_quoted_header_ends_there(tmp_path: Path) -> None:
    lines = card("a0") + card("a1", "tags = [") + card("a2") + card("a3")
    lines[21] = '[["question"]]'  # a valid value inside an array, but at column 0
    assert load(tmp_path, lines) == (
        ["a0", "a2", "a3"],
        ["20: toml: syntax error: an array opened here is never closed"],
    )


def test_an_array_left_open_to_the_end_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = card("a0") + card("a1", "tags = [", '"x",')
    assert load(tmp_path, lines) == (
        ["a0"],
        ["20: toml: syntax error: an array opened here is never closed"],
    )


def test_a_header_inside_a_closed_array_stays_a_value(tmp_path: Path) -> None:
    """The array closes, so the error after it is the one reported, at its own line."""
    lines = card("h0") + card("h1", "tags = [", '[["question"]]', "]", "oops") + card("h2")
    assert load(tmp_path, lines) == (
        ["h0", "h2"],
        ["23: toml: syntax error: Expected '=' after a key in a key/value pair"],
    )


def test_a_multiline_string_left_open_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = card("b0") + card("b1", "hint = '''never closed") + card("b2") + card("b3")
    ids, problems = load(tmp_path, lines)
    assert ids == ["b0"]  # in TOML the string runs to the end of the file
    assert problems == ["20: toml: syntax error: a multi-line string opened here is never closed"]


def test_deep_nesting_is_reported_at_its_key(tmp_path: Path) -> None:
    lines = card("l0") + card("l1", "tags = " + "[" * 50_000 + "]" * 50_000) + card("l2")
    assert load(tmp_path, lines) == (
        ["l0", "l2"],
        ["20: toml: syntax error: arrays or tables nested too deeply"],
    )


def test_bytes_that_are_not_utf8_cost_only_their_question(tmp_path: Path) -> None:
    head = "\n".join(card("f0")).encode() + b'\n[[question]]\nid = "f1\xff"\n'
    ids, problems = load(tmp_path, head + "\n".join(card("f2")).encode())
    assert ids == ["f0", "f2"]
    assert problems == ["12: file: not UTF-8 text (byte 9 of the line)"]


def test_a_preamble_that_is_not_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    ids, problems = load(tmp_path, b"# a deck\n# caf\xe9\n" + "\n".join(card("g0")).encode())
    assert ids == ["g0"]
    assert problems == ["2: file: not UTF-8 text (byte 6 of the line)"]


def test_bytes_that_are_not_utf8_past_a_header_inside_an_array_are_found(tmp_path: Path) -> None:
    body = "\n".join(card("u0", "tags = [", '  [["question"]]', ', "caf\xe9"]')).encode("latin-1")
    ids, problems = load(tmp_path, body + b"\n" + "\n".join(card("u1")).encode())
    assert ids == ["u1"]
    assert problems == ["12: file: not UTF-8 text (byte 7 of the line)"]


#: Ways to break one question: (the line replacing its header, a line added at its end), and
#: which of its lines (0 its header, -1 the added one) the single problem is reported at.
BREAKS = {
    "open array": (None, 'tags = ["x",', -1),
    "open array, quoted header next": (None, "tags = [", -1),
    "one bracket": ("[question]", None, 0),
    "key on the header line": ('[[question]] id = "x"', None, 0),
    "byte-order mark": ("\ufeff[[question]]", None, 0),
    "not UTF-8": (None, "# caf\udce9", -1),
}


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.integers(1, 6), st.data())
def test_one_broken_question_costs_only_itself_at_its_line(tmp_path: Path, n: int, data) -> None:
    broken = data.draw(st.integers(0, n - 1))
    how = data.draw(st.sampled_from(sorted(BREAKS)))
    header, added, at = BREAKS[how]
    assume(broken > 0 or how != "byte-order mark")  # one before the first line is allowed
    cards = [card(f"q{i}") for i in range(n)]
    if header is not None:
        cards[broken][0] = header
    if added is not None:
        cards[broken].insert(-1, added)
    if how == "open array, quoted header next" and broken + 1 < n:
        cards[broken + 1][0] = '[["question"]]'
    lines = [line for block in cards for line in block]
    first = sum(len(block) for block in cards[:broken]) + 1
    line = first if at == 0 else first + len(cards[broken]) - 2
    ids, problems = load(tmp_path, "\n".join(lines).encode("utf-8", "surrogateescape"))
    assert ids == [f"q{i}" for i in range(n) if i != broken]
    assert [p.split(":")[0] for p in problems] == [str(line)]


def numeric(qid: str, *extra: str) -> list[str]:
    """The lines of one valid numeric question with a fixed answer, then `extra` lines."""
    lines = card(qid, *extra)
    lines[2], lines[6] = 'kind = "numeric"', "answer = 1.5"
    return lines


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("answer", "9" * 400, "answer: must be a number"),
        ("answer", "-" + "9" * 400, "answer: must be a number"),
        ("tolerance", "9" * 400, "tolerance: must be a number >= 0"),
        ("tolerance", "[0.5]", "tolerance: must be a number >= 0"),
        ("rel_tolerance", "{ a = 1 }", "rel_tolerance: must be a number >= 0"),
    ],
    ids=["huge answer", "huge negative answer", "huge tolerance", "list", "table"],
)
def test_a_number_field_of_any_value_is_a_problem_not_a_crash(
    tmp_path: Path, field: str, value: str, why: str
) -> None:
    """A float cannot hold an integer of 400 digits, nor a list: the loader said so, then
    converted it anyway and crashed ("internal error")."""
    first = [line for line in numeric("q0") if not line.startswith(f"{field} =")]
    ids, problems = load(tmp_path, [*first, f"{field} = {value}", "", *numeric("q1")])
    assert ids == ["q1"] and problems == [f"{len(first) + 1}: {why}"]


def test_an_integer_past_pythons_digit_limit_costs_only_its_question(tmp_path: Path) -> None:
    """tomllib's int() of 4,301 digits raises a plain ValueError, which is no TOMLDecodeError."""
    lines = [*card("q0", "weight = " + "7" * 5000), *card("q1")]
    assert load(tmp_path, lines) == (
        ["q1"],
        ["10: toml: syntax error: an integer of more than 4,300 digits"],
    )
