"""The loader finds questions the way the TOML parser does: every valid spelling of the
`[[question]]` header loads, a header-like line inside a string is text, and every reported
line is the real line (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.bank.loader import load_file

BODY = """\
id = "{qid}"
kind = "flashcard"
topic = "lstm"
difficulty = "easy"
prompt = {prompt}
back = "the hidden state"
explanation = "Because it is."
source = "Cho et al. (2014)"
"""

SPELLINGS = [
    "[[question]]",
    '[["question"]]',
    "[[ 'question' ]]",
    "  [[ question ]]   # the next one",
    '[[ "qu\\u0065stion" ]]',
    "\t[[question]]#c",
]

#: Prompts whose text holds lines that look like headers, or line breaks other than \n.
PROMPTS = [
    '"plain"',
    "'''\n[[question]]\nis how a table starts\n'''",
    '"""\n  [["question"]] inside a basic string\n"""',
    "'''a next-line \x85 and a line separator \u2028 stay inside the string'''",
    '"""\n[[question]]\n"""',
]


def deck(spellings: list[str], prompts: list[str], newline: str = "\n") -> tuple[str, list[int]]:
    """A file of one flashcard per spelling, and the line of each question's header."""
    parts, lines, at = ['topic = "lstm"\n\n'], [], 3
    for i, (header, prompt) in enumerate(zip(spellings, prompts, strict=True)):
        block = f"{header}\n{BODY.format(qid=f'q{i}', prompt=prompt)}\n"
        lines.append(at)
        at += block.count("\n")
        parts.append(block)
    return "".join(parts).replace("\n", newline), lines


def load(tmp_path: Path, text: str) -> tuple[list, list]:
    path = tmp_path / "deck.toml"
    path.write_bytes(text.encode("utf-8"))
    return load_file(path)


def test_every_spelling_of_the_header_loads(tmp_path: Path) -> None:
    text, lines = deck(SPELLINGS, ['"p"'] * len(SPELLINGS))
    questions, problems = load(tmp_path, text)
    assert problems == []
    assert [(q.id, q.origin.line) for q in questions] == [
        (f"q{i}", line) for i, line in enumerate(lines)
    ]


def test_a_header_inside_a_string_is_text_and_lines_stay_true(tmp_path: Path) -> None:
    text, lines = deck(["[[question]]"] * len(PROMPTS), PROMPTS)
    questions, problems = load(tmp_path, text)
    assert problems == []
    assert [q.origin.line for q in questions] == lines
    assert questions[1].prompt.startswith("[[question]]\nis how")


def test_field_lines_are_real_after_a_string_with_line_breaks(tmp_path: Path) -> None:
    text, lines = deck(["[[question]]"] * 2, [PROMPTS[3], PROMPTS[1]])
    text = text.replace('id = "q1"\nkind = "flashcard"', 'id = "q1"\nkind = "flashcard"\nbad = 1')
    _, [problem] = load(tmp_path, text)
    assert problem.field == "bad"
    assert problem.line == text.split("\n").index("bad = 1") + 1 == lines[1] + 3


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_crlf_files_keep_their_lines(tmp_path: Path, bom: str) -> None:
    text, lines = deck(SPELLINGS[:3], PROMPTS[:3], newline="\r\n")
    questions, problems = load(tmp_path, bom + text)  # Notepad writes a byte-order mark
    assert problems == [] and [q.origin.line for q in questions] == lines


def test_an_inline_array_of_questions_loads(tmp_path: Path) -> None:
    one = BODY.format(qid="a", prompt='"p"').strip().replace("\n", ", ")
    two = one.replace('"a"', '"b"')
    text = f'# a deck\n\n"question" = [\n  {{ {one} }},\n  {{ {two} }},\n]\n'
    questions, problems = load(tmp_path, text)
    assert problems == [] and [(q.id, q.origin.line) for q in questions] == [("a", 3), ("b", 3)]


def test_quoted_keys_are_found_for_their_line(tmp_path: Path) -> None:
    text, _ = deck(["[[question]]"], ['"p"'])
    text = text.replace('difficulty = "easy"', '"difficulty" = "impossible"')
    _, [problem] = load(tmp_path, text)
    assert problem.field == "difficulty"
    assert problem.line == text.split("\n").index('"difficulty" = "impossible"') + 1


def test_a_syntax_error_costs_only_its_question_past_header_like_text(tmp_path: Path) -> None:
    text, lines = deck(["[[question]]", '[["question"]]', "[[question]]"], PROMPTS[1:4])
    text = text.replace('id = "q1"', 'id = "q1')  # an unterminated string in the second
    questions, [problem] = load(tmp_path, text)
    assert [(q.id, q.origin.line) for q in questions] == [("q0", lines[0]), ("q2", lines[2])]
    assert problem.field == "toml" and problem.line == lines[1] + 1


@pytest.mark.parametrize("prompt", PROMPTS[1:3])
def test_an_open_string_before_a_header_like_line_is_one_problem(tmp_path: Path, prompt) -> None:
    text, _ = deck(["[[question]]"] * 3, ['"p"', prompt, '"p"'])
    text = text.replace(prompt, prompt[:-3])  # the multi-line string never closes
    questions, problems = load(tmp_path, text)
    assert [q.id for q in questions] == ["q0"]
    assert [p.field for p in problems] == ["toml"]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.tuples(st.sampled_from(SPELLINGS), st.sampled_from(PROMPTS)), min_size=1),
    st.sampled_from(["\n", "\r\n"]),
    st.data(),
)
def test_random_decks_load_every_question_at_its_line(tmp_path: Path, parts, newline, data) -> None:
    spellings, prompts = [p[0] for p in parts], [p[1] for p in parts]
    text, lines = deck(spellings, prompts, newline)
    questions, problems = load(tmp_path, text)
    assert problems == []
    assert [(q.id, q.origin.line) for q in questions] == [
        (f"q{i}", line) for i, line in enumerate(lines)
    ]
    broken = data.draw(st.integers(0, len(parts) - 1))
    text = text.replace(f'id = "q{broken}"', f'id = "q{broken}')
    questions, problems = load(tmp_path, text)
    assert [q.id for q in questions] == [f"q{i}" for i in range(len(parts)) if i != broken]
    assert [(p.field, p.line) for p in problems] == [("toml", lines[broken] + 1)]


def test_a_header_line_inside_a_multiline_array_is_a_value(tmp_path: Path) -> None:
    text, lines = deck(["[[question]]"] * 2, ['"p"'] * 2)
    text = text.replace('id = "q0"', 'id = "q0"\ntags = [\n[["question"]]\n]', 1)
    questions, [problem] = load(tmp_path, text)
    assert [q.id for q in questions] == ["q1"] and questions[0].origin.line == lines[1] + 3
    assert (problem.field, problem.line) == ("tags", lines[0] + 2)


def test_nesting_thousands_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    text, lines = deck(["[[question]]"] * 3, ['"p"'] * 3)
    deep_array = "tags = " + "[" * 20_000 + "]" * 20_000
    deep_table = "x = " + "{a = " * 3000 + "1" + "}" * 3000
    text = text.replace('id = "q1"', f'id = "q1"\n{deep_array}')
    text = text.replace('topic = "lstm"\n', f'{deep_table}\ntopic = "lstm"\n', 1)
    questions, problems = load(tmp_path, text)
    assert [q.id for q in questions] == ["q0", "q2"]
    assert [(p.line, p.message) for p in problems] == [
        (1, "syntax error: arrays or tables nested too deeply"),
        (lines[1] + 3, "syntax error: arrays or tables nested too deeply"),  # at the key
    ]


def test_a_key_of_thousands_of_parts_is_refused_before_parsing(tmp_path: Path) -> None:
    """The parser's time grows with the cube of a dotted key's length (seconds for 40 kB)."""
    text, _ = deck(["[[question]]"] * 2, ["'''" + "a sentence. " * 500 + "'''", '"p"'])
    questions, problems = load(tmp_path, text)  # dots in text are fine
    assert problems == [] and len(questions) == 2
    long_key = "a" + ".a" * 20_000 + " = 1"
    questions, [problem] = load(tmp_path, text + long_key + "\n")
    assert [q.id for q in questions] == ["q0"]  # the key sits in q1's table
    assert (problem.line, problem.field) == (len(text.split("\n")), "toml")
    assert problem.message == "syntax error: a key of more than 100 dotted parts"


def test_every_unknown_key_is_named_at_its_line(tmp_path: Path) -> None:
    text, _ = deck(["[[question]]"], ['"p"'])
    extra = "".join(f'"k{i}" = {i}\n' for i in range(3000))
    text = extra + text.replace(
        'source = "Cho', "".join(f"f{i} = 1\n" for i in range(3000)) + 'source = "Cho'
    )
    _, problems = load(tmp_path, text)
    top = [(p.field, p.line) for p in problems if p.message == "unknown top-level field"]
    assert top == [(f"k{i}", i + 1) for i in range(3000)]
    fields = [(p.field, p.line) for p in problems if p.message.startswith("unknown field")]
    first = text.split("\n").index("f0 = 1") + 1
    assert fields == [(f"f{i}", first + i) for i in range(3000)]


def test_a_huge_file_is_read_no_further_than_the_limit(tmp_path: Path, monkeypatch) -> None:
    from interviewkit.bank import loader

    text, _ = deck(["[[question]]"], ['"p"'])
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", len(text) - 1)
    questions, [problem] = load(tmp_path, text)
    assert questions == [] and (problem.line, problem.field) == (0, "file")
    assert problem.message == "over 0 MiB; no question file is that big"
