"""The loader and validator: each kind loads, each error is named with file and line, and one
broken question or file never stops the rest from loading."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.bank import schema
from interviewkit.bank.loader import load_bank, load_file

COMMON = """
difficulty = "easy"
prompt = "What is $h_t$?"
explanation = "Because it is."
tags = ["t"]
source = "Cho et al. (2014)"
"""

GOOD = {
    "flashcard": 'back = "the hidden state"',
    "choice": 'options = ["yes", "no", "maybe"]\ncorrect = ["A"]\nwhy_wrong = { B = "no", C = "no" }',
    "numeric": "answer = 2560\ntolerance = 0",
    "derivation": 'target = "gru.dh_dhprev"\nvariant = "chung"\nhints = ["chain rule"]',
    "short": 'model_answer = "a summary"\nkey_points = ["memory"]',
    "code": 'exercise = "lstm_step_backward"',
}


def question(qid: str, kind: str, body: str | None = None, topic: str = "lstm") -> str:
    body = GOOD[kind] if body is None else body
    return f'[[question]]\nid = "{qid}"\nkind = "{kind}"\ntopic = "{topic}"{COMMON}{body}\n\n'


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_kind_loads(tmp_path: Path) -> None:
    text = "".join(question(f"q-{k}", k) for k in schema.KINDS)
    questions, problems = load_file(write(tmp_path, "all.toml", text))
    assert problems == []
    assert [q.kind for q in questions] == list(schema.KINDS)
    by_kind = {q.kind: q for q in questions}
    assert isinstance(by_kind["choice"], schema.Choice)
    assert by_kind["choice"].correct == ("A",)
    assert by_kind["numeric"].answer == 2560.0
    assert by_kind["derivation"].variant == "chung"
    assert by_kind["short"].key_points == ("memory",)
    assert by_kind["flashcard"].origin.line == 1


def test_facts_are_optional_and_kept(tmp_path: Path) -> None:
    text = question("a", "short") + question("b", "short") + 'facts = ["gru-ratio", "cec"]\n'
    (plain, tagged), problems = load_file(write(tmp_path, "f.toml", text))
    assert problems == []
    assert (plain.facts, tagged.facts) == ((), ("gru-ratio", "cec"))


def test_gru_target_defaults_to_cho(tmp_path: Path) -> None:
    text = question("d", "derivation", 'target = "gru.dh_dx"')
    [q], problems = load_file(write(tmp_path, "d.toml", text))
    assert problems == [] and q.variant == "cho"


def test_file_level_topic_is_the_default(tmp_path: Path) -> None:
    text = 'topic = "gru"\n' + question("q", "short").replace('topic = "lstm"\n', "")
    [q], problems = load_file(write(tmp_path, "t.toml", text))
    assert problems == [] and q.topic == "gru"


def problems_of(tmp_path: Path, text: str) -> list[str]:
    _, problems = load_file(write(tmp_path, "bad.toml", text))
    return [f"{p.line}: {p.field}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (
            "choice",
            'options = ["a", "b"]\ncorrect = ["C"]\nwhy_wrong = { B = "x" }',
            "correct: option 'C' does not exist",
        ),
        (
            "choice",
            'options = ["a", "b"]\ncorrect = ["A"]',
            "why_wrong: option B is wrong but has no explanation",
        ),
        (
            "choice",
            'options = ["a", "a"]\ncorrect = ["A"]\nwhy_wrong = { B = "x" }',
            "options: two options have the same text",
        ),
        (
            "choice",
            'options = ["a", "b"]\ncorrect = ["A"]\nwhy_wrong = { A = "x", B = "y" }',
            "why_wrong: option A is declared correct",
        ),
        ("numeric", 'unit = "x"', "answer: a numeric question needs an `answer` or a `compute`"),
        ("numeric", 'compute = "nope"', "compute: unknown computation 'nope'"),
        (
            "numeric",
            'compute = "lstm_param"',
            "compute: unknown computation 'lstm_param' (did you mean lstm_params",
        ),
        (
            "numeric",
            'compute = "lstm_params"\nparams = { input = [1, 4] }',
            "params: lstm_params takes exactly input, hidden: 1 to 100,000, whole",
        ),
        (
            "numeric",
            'compute = "lstm_params"\nparams = { input = [9, 4], hidden = 3 }',
            "params: input must be a number or [low, high] with low <= high",
        ),
        ("numeric", "answer = 3\ntolerance = -1", "tolerance: must be a number >= 0"),
        ("derivation", 'target = "lstm.dx"', "target: unknown derivation target 'lstm.dx'"),
        (
            "derivation",
            'target = "gru.dh_dx"\nvariant = "keras"',
            "variant: unknown GRU variant 'keras'",
        ),
        (
            "derivation",
            'target = "rnn.dh_dx"\nvariant = "cho"',
            "variant: only GRU targets take a variant",
        ),
        ("short", 'model_answer = "m"\nkey_points = []', "key_points: must be a non-empty list"),
        ("flashcard", 'back = "b"\nfront = "f"', "front: unknown field for kind 'flashcard'"),
        ("code", 'exercise = "lstm_backward"', "exercise: unknown exercise 'lstm_backward'"),
        ("code", "exercise = 3", "exercise: must be non-empty text"),
    ],
)
def test_kind_specific_errors(tmp_path: Path, kind: str, body: str, expected: str) -> None:
    found = problems_of(tmp_path, question("bad", kind, body))
    assert any(expected in line for line in found), found


def test_numeric_placeholder_must_be_a_parameter(tmp_path: Path) -> None:
    text = question(
        "n", "numeric", 'compute = "lstm_params"\nparams = { input = 3, hidden = [2, 9] }'
    )
    text = text.replace('prompt = "What is $h_t$?"', 'prompt = "LSTM with {input} and {depth}"')
    assert any("placeholder '{depth}'" in p for p in problems_of(tmp_path, text))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace('kind = "short"', 'kind = "essay"'), "kind: unknown kind 'essay'"),
        (lambda t: t.replace('topic = "lstm"', 'topic = "cnn"'), "topic: unknown topic 'cnn'"),
        (
            lambda t: t.replace('difficulty = "easy"', 'difficulty = "brutal"'),
            "difficulty: 'brutal'",
        ),
        (
            lambda t: t.replace('prompt = "What is $h_t$?"', 'prompt = "  "'),
            "prompt: must be non-empty text",
        ),
        (
            lambda t: t.replace('source = "Cho et al. (2014)"\n', ""),
            "source: missing required field",
        ),
        (lambda t: t.replace('id = "q"', 'id = "Not A Slug"'), "id: 'Not A Slug' is not a slug"),
        (lambda t: t.replace('id = "q"', 'id = "q\\n"'), "id: 'q\\n' is not a slug"),
        (lambda t: t + 'facts = ["gru\\n"]\n', "facts: must be a list of slugs"),
        (lambda t: t + "color = 3\n", "color: unknown field"),
        (lambda t: t + 'facts = ["Two Words"]\n', "facts: must be a list of slugs"),
        (lambda t: t + 'facts = "gru-ratio"\n', "facts: must be a list of slugs"),
        (lambda t: t + 'facts = ["gru-ratio", "gru-ratio"]\n', "facts: a fact is named twice"),
    ],
)
def test_common_errors(tmp_path: Path, edit, expected: str) -> None:
    found = problems_of(tmp_path, edit(question("q", "short")))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("answer = nan", "answer: must be a number"),
        ("answer = 2560\ntolerance = inf", "tolerance: must be a number >= 0"),
        ("answer = 1\nrel_tolerance = nan", "rel_tolerance: must be a number >= 0"),
        (
            'compute = "rnn_params"\nparams = { input = inf, hidden = [2, 9] }',
            "params: input must be a number or [low, high]",
        ),
    ],
)
def test_numeric_values_must_be_finite(tmp_path: Path, body: str, expected: str) -> None:
    found = problems_of(tmp_path, question("n", "numeric", body))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("kind", "edit", "expected"),
    [
        ("short", lambda t: t.replace('topic = "lstm"', 'topic = ["lstm"]'), "topic: unknown"),
        ("short", lambda t: t.replace('kind = "short"', 'kind = ["short"]'), "kind: unknown"),
        (
            "short",
            lambda t: t.replace('difficulty = "easy"', "difficulty = { a = 1 }"),
            "difficulty:",
        ),
        (
            "choice",
            lambda t: t.replace('correct = ["A"]', 'correct = [["A"]]'),
            "correct: option ['A'] does not exist",
        ),
        (
            "numeric",
            lambda t: t.replace("answer = 2560\ntolerance = 0", 'compute = ["rnn_params"]'),
            "compute: unknown computation",
        ),
        (
            "numeric",
            lambda t: t.replace(
                "answer = 2560\ntolerance = 0",
                'compute = "rnn_params"\nparams = { input = 3, hidden = 4 }',
            ).replace('prompt = "What is $h_t$?"', 'prompt = "X = {input, H = {hidden}"'),
            "prompt: unexpected '{' in field name",
        ),
        (
            "numeric",
            lambda t: t.replace(
                "answer = 2560\ntolerance = 0",
                'compute = "rnn_params"\nparams = { input = 3, hidden = 4 }',
            ).replace('prompt = "What is $h_t$?"', 'prompt = "X = {} and {input}{hidden}"'),
            "'{}' is not a plain {name} placeholder",
        ),
    ],
)
def test_values_of_the_wrong_type_are_problems_not_crashes(
    tmp_path: Path, kind: str, edit, expected: str
) -> None:
    found = problems_of(tmp_path, edit(question("q", kind)))
    assert any(expected in line for line in found), found


def test_error_lines_point_at_the_field(tmp_path: Path) -> None:
    text = question("ok", "short") + question(
        "bad", "choice", 'options = ["a", "b"]\ncorrect = ["Z"]\nwhy_wrong = { B = "x" }'
    )
    path = write(tmp_path, "lines.toml", text)
    _, problems = load_file(path)
    correct_line = text.splitlines().index('correct = ["Z"]') + 1
    assert (correct_line, "correct") in [(p.line, p.field) for p in problems]
    assert all(p.line > text.splitlines().index('id = "bad"') for p in problems)
    assert str(problems[0]).startswith(f"{problems[0].path}:{correct_line}: correct: ")


def test_syntax_error_costs_only_its_question(tmp_path: Path) -> None:
    text = (
        question("first", "short")
        + question("broken", "flashcard", 'back = "unterminated')
        + question("third", "short")
    )
    path = write(tmp_path, "syntax.toml", text)
    questions, problems = load_file(path)
    assert [q.id for q in questions] == ["first", "third"]
    [problem] = problems
    broken_line = text.splitlines().index('back = "unterminated') + 1
    assert problem.field == "toml" and problem.line == broken_line
    assert "syntax error" in problem.message


def test_broken_file_next_to_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", question("a1", "short") + question("a2", "flashcard"))
    write(tmp_path, "b.toml", "this is = = not toml [[[")
    write(tmp_path, "c.toml", question("c1", "choice"))
    bank = load_bank([tmp_path], include_builtin=False, include_user_decks=False)
    assert sorted(q.id for q in bank.questions) == ["a1", "a2", "c1"]
    assert [Path(p.path).name for p in bank.problems] == ["b.toml"]


def test_duplicate_ids_across_files_are_reported_and_first_wins(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", question("same", "short"))
    write(tmp_path, "b.toml", question("same", "flashcard"))
    bank = load_bank([tmp_path], include_builtin=False, include_user_decks=False)
    assert [q.kind for q in bank.questions] == ["short"]
    [problem] = bank.problems
    assert (
        problem.field == "id"
        and "duplicate id 'same'" in problem.message
        and "a.toml:1" in problem.message
    )


def test_user_decks_merge_with_the_builtin_bank(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    write(decks, "mine.toml", question("my-own-question", "short"))
    bank = load_bank(data_dir=tmp_path)
    mine = bank.get("my-own-question")
    assert mine is not None and mine.origin.deck == "mine"
    assert any(q.origin.deck == "builtin" for q in bank.questions)


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    bank = load_bank([tmp_path / "nope.toml"], include_builtin=False, include_user_decks=False)
    assert bank.questions == [] and bank.problems[0].message == "no such file or folder"


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    assert "no [[question]] tables" in problems_of(tmp_path, "# nothing\n")[0]
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"prompt = '\xff'")
    _, problems = load_file(path)
    assert problems[0].field == "file"


def test_builtin_bank_validates() -> None:
    bank = load_bank(include_user_decks=False)
    assert bank.problems == []
    assert len(bank.questions) >= 1


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_the_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    questions, problems = load_file(path)
    assert all(p.line >= 0 for p in problems)
    assert questions or problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(list(GOOD)), min_size=1, max_size=6), st.data())
def test_one_corrupted_question_never_costs_the_others(
    tmp_path: Path, kinds: list[str], data
) -> None:
    broken = data.draw(st.integers(0, len(kinds) - 1))
    blocks = [question(f"q{i}", k) for i, k in enumerate(kinds)]
    blocks[broken] = blocks[broken].replace(
        'source = "Cho et al. (2014)"', 'source = "Cho et al. (2014)'
    )
    path = tmp_path / "mix.toml"
    path.write_text("".join(blocks), encoding="utf-8")
    questions, problems = load_file(path)
    assert sorted(q.id for q in questions) == sorted(
        f"q{i}" for i in range(len(kinds)) if i != broken
    )
    assert len(problems) == 1
