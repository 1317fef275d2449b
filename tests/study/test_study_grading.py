"""Grading: the number parser (examples and properties), choices, verdict -> rating."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewkit.bank.schema import Choice
from interviewkit.study.grading import (
    NumberFormatError,
    grade_choice,
    grade_numeric,
    parse_number,
    verdict_to_rating,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,560", 2560),
        ("2560.0", 2560),
        ("2.56e3", 2560),
        ("2.56E+3", 2560),
        ("1/4", 0.25),
        (" 3/4 ", 0.75),
        ("-1/2", -0.5),
        ("−3", -3),
        ("+7", 7),
        ("1,234,567.5", 1234567.5),
        ("2 560", 2560),
        ("2_560", 2560),
        (".5", 0.5),
        ("5.", 5),
        ("2.5k", 2500),
        ("1.2M", 1.2e6),
        ("2.56×10³", 2560),
        ("2.56 x 10^3", 2560),
        ("3*10**-2", 0.03),
        ("2.56 \\times 10^{3}", 2560),
        ("10^3", 1000),
    ],
)
def test_parse_number_reads_common_forms(text: str, value: float) -> None:
    got, percent = parse_number(text)
    assert got == pytest.approx(value) and not percent


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "nan",
        "inf",
        "-Infinity",
        "1e400",
        "1,5",
        "2,56",
        "12,3456",
        "1/0",
        "0.1+0.2",
        "__import__('os')",
        "2**10",
        "1e3e3",
        "10^9999",
        "10^400",
        "2*10^350",
        "5 × 10^309",
        "10^" + "9" * 5000,
        "k",
        "%",
        "1/2/3",
    ],
)
def test_parse_number_refuses_what_is_not_a_plain_number(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_percent_counts_as_fraction_or_as_percent_units() -> None:
    assert parse_number("25%") == (25.0, True)
    assert grade_numeric("25%", 0.25, 0, 0).value == 0.25
    assert grade_numeric("25 %", 25, 0, 0).ok
    assert not grade_numeric("25%", 0.3, 0, 0).ok


def test_tolerances_absolute_relative_and_float_noise() -> None:
    assert grade_numeric("2561", 2560, 1, 0).ok
    assert not grade_numeric("2562", 2560, 1, 0).ok
    assert grade_numeric("2580", 2560, 0, 0.01).ok
    assert not grade_numeric("2590", 2560, 0, 0.01).ok
    assert grade_numeric("0.30000000000000004", 0.3, 0, 0).ok


def test_numeric_messages_and_verdicts() -> None:
    good = grade_numeric("2560 parameters", 2560, 0, 0, unit="parameters")
    assert good.ok and good.verdict == "correct" and good.rating == 3
    assert good.message == "correct: 2,560 parameters"
    bad = grade_numeric("2500", 2560, 0, 0.01)
    assert (bad.ok, bad.value, bad.verdict) == (False, 2500, "incorrect")
    assert bad.message == "2,500 is not it: the answer is 2,560 (within ±25.6)"
    junk = grade_numeric("two thousand", 2560, 0, 0)
    assert junk.verdict == "invalid" and junk.value is None and junk.rating == 1
    assert junk.message.startswith("could not read a number from 'two thousand'")
    assert grade_numeric("", 1, 0, 0).message.startswith("type a number")


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_repr_of_any_float_grades_as_itself(x: float) -> None:
    assert grade_numeric(repr(x), x, 0, 0).ok


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_grouped_integers(n: int) -> None:
    assert parse_number(f"{n:,}")[0] == n
    assert parse_number(f"{n:_}")[0] == n


@given(st.integers(-1000, 1000), st.integers(1, 1000))
def test_fractions(a: int, b: int) -> None:
    assert parse_number(f"{a}/{b}")[0] == pytest.approx(float(Fraction(a, b)))


@given(st.text(max_size=30))
def test_grading_never_raises_on_any_text(text: str) -> None:
    g = grade_numeric(text, 1.0, 0.0, 0.0)
    assert g.verdict in ("correct", "incorrect", "invalid")


@given(st.integers(-600, 600), st.sampled_from(["", "2*", "9.99 × "]))
def test_powers_of_ten_never_raise(exponent: int, mantissa: str) -> None:
    # 10.0**309 raised OverflowError and a 5,000-digit exponent ValueError through grading
    g = grade_numeric(f"{mantissa}10^{exponent}", 1.0, 0.0, 0.0)
    assert g.verdict in ("correct", "incorrect", "invalid")


def _choice(correct=("B",)) -> Choice:
    return Choice(
        id="c",
        kind="choice",
        topic="lstm",
        difficulty="easy",
        prompt="?",
        explanation="",
        tags=(),
        source="",
        options=("one", "two", "three"),
        correct=correct,
        why_wrong={"A": "A forgets the forget gate", "C": "C is the GRU"},
    )


def test_grade_choice() -> None:
    assert grade_choice({"B"}, _choice()).ok
    assert grade_choice({"b "}, _choice()).verdict == "correct"
    wrong = grade_choice({"A"}, _choice())
    assert not wrong.ok and wrong.verdict == "incorrect"
    assert wrong.message == "the answer is B; you chose A"
    assert wrong.details == ("A: A forgets the forget gate",)
    partial = grade_choice({"A"}, _choice(("A", "C")))
    assert partial.message == "not all: also C (the answer is A, C)"
    assert grade_choice({"A", "C"}, _choice(("A", "C"))).ok
    assert grade_choice({"A", "B", "C"}, _choice(("A", "C"))).details == ("B is not right",)
    assert grade_choice(set(), _choice()).verdict == "invalid"
    assert grade_choice({"Z"}, _choice()).message == "no option Z: choose from A, B, C"


def test_verdict_to_rating() -> None:
    assert verdict_to_rating("incorrect") == 1
    assert verdict_to_rating("correct") == 3
    assert verdict_to_rating("invalid") == 1
    with pytest.raises(ValueError, match="unknown verdict"):
        verdict_to_rating("maybe")


def test_docstring_examples() -> None:
    import doctest

    from interviewkit.study import grading

    assert doctest.testmod(grading).failed == 0
