"""Numbers of numeric questions are written one way in `bank show`, the exports and feedback."""

from __future__ import annotations

import doctest

from interviewkit.bank import numbers, schema
from interviewkit.bank.numbers import answer_text, format_number, params_text
from interviewkit.bank.render import render_question_text


def _numeric(**fields) -> schema.Numeric:
    return schema.Numeric(
        id="n",
        kind="numeric",
        topic="parameters",
        difficulty="easy",
        prompt="How many?",
        explanation="Count them.",
        tags=(),
        source="s",
        **fields,
    )


def test_whole_numbers_are_written_in_full() -> None:
    assert format_number(1234567.0) == "1234567"
    assert format_number(1234567.0, grouping=True) == "1,234,567"
    assert format_number(-3.0) == "-3"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(float("inf")) == "inf"
    assert format_number(float("nan")) == "nan"


def test_answer_text_with_unit_and_tolerances() -> None:
    q = _numeric(answer=1234567.0, unit="parameters", tolerance=2.0, rel_tolerance=0.005)
    assert answer_text(q, 1234567.0) == "1234567 parameters (± 2) (± 0.5 %)"
    assert answer_text(_numeric(answer=3.0), 3.0) == "3"
    assert params_text({"input": 10.0, "scale": 0.5}) == "input = 10, scale = 0.5"


def test_bank_show_writes_the_answer_like_the_exports() -> None:
    # `{:g}` printed 1.23457e+06 (a rounded, different count) and `{:.0%}` turned 0.5 % into 0%
    q = _numeric(answer=1234567.0, rel_tolerance=0.005)
    text = render_question_text(q)
    assert "1234567 (± 0.5 %)" in text
    assert "e+06" not in text


def test_module_doctests() -> None:
    assert doctest.testmod(numbers).failed == 0
