"""Printers: the three forms read back to the same tree; expected spellings pinned."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.math.expr import FUNCTIONS, BinOp, Call, Neg, Num, Pow, Sym, Transpose
from interviewkit.math.notation import CANONICAL_NAMES, parse
from interviewkit.math.printer import to_ascii, to_latex, to_unicode

LSTM_DH = (
    "diag(tanh(c) * o * (1 - o)) @ W_o + diag(o * (1 - tanh(c)**2)) @ "
    "(diag(c_prev * f * (1 - f)) @ W_f + diag(c_tilde * i * (1 - i)) @ W_i)"
)


def test_ascii_is_notations_plain_subset() -> None:
    e = parse(r"\operatorname{diag}(1-h_t^2)\,W_h^\top")
    assert to_ascii(e) == "diag(1 - h**2) @ W_h.T"


def test_unicode_reads_like_a_whiteboard() -> None:
    e = parse("diag(sigmoid(a_f) * (1 - c_tilde**2)) @ W_f.T @ h_prev")
    assert to_unicode(e) == "diag(σ(a_f) ⊙ (1 − c̃²)) · W_fᵀ · hₜ₋₁"


def test_latex_for_notes() -> None:
    e = parse("diag(o * (1 - tanh(c)**2)) @ W_f.T")
    assert to_latex(e) == (
        r"\operatorname{diag}\left(o_t \odot \left(1 - \tanh\left(c_t\right)^{2}\right)\right)"
        r" \, W_{f}^{\top}"
    )


def test_brackets_only_where_needed() -> None:
    assert to_ascii(parse("(h * c) * f")) == "h * c * f"
    assert to_ascii(parse("h * (c * f)")) == "h * (c * f)"
    assert to_ascii(parse("(h - c) - f")) == "h - c - f"
    assert to_ascii(parse("h - (c - f)")) == "h - (c - f)"
    assert to_ascii(parse("(h**2).T")) == "(h**2).T"
    assert to_ascii(parse("-(h @ c)")) == "-(h @ c)"


@pytest.mark.parametrize("printer", [to_ascii, to_unicode, to_latex])
def test_long_reference_round_trips(printer) -> None:
    e = parse(LSTM_DH)
    assert parse(printer(e)) == e


# --- property: expressions built from the grammar survive print -> parse ------------------------

names = st.sampled_from(CANONICAL_NAMES).map(Sym)
numbers = st.one_of(st.integers(0, 99), st.sampled_from([0.5, 0.25, 1.5, 2.75])).map(
    lambda v: Num(float(v))
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/", "@"]), children, children),
        st.builds(Neg, children),
        st.builds(Pow, children, st.integers(-8, 8)),
        st.builds(Transpose, children),
        st.builds(Call, st.sampled_from(FUNCTIONS), children),
    )


expressions = st.recursive(st.one_of(names, numbers), _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expressions)
def test_ascii_round_trip(e) -> None:
    assert parse(to_ascii(e)) == e


@settings(max_examples=200, deadline=None)
@given(expressions)
def test_unicode_round_trip(e) -> None:
    assert parse(to_unicode(e)) == e


@settings(max_examples=200, deadline=None)
@given(expressions)
def test_latex_round_trip(e) -> None:
    assert parse(to_latex(e)) == e


def test_latex_juxtaposition_keeps_a_negative_factor() -> None:
    e = BinOp("@", Sym("W_h"), Neg(Sym("h")))
    assert to_latex(e) == r"W_{h} \, \left(-h_t\right)"
    assert parse(to_latex(e)) == e
