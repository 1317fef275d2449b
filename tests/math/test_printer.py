"""Printers: the three forms read back to the same tree; expected spellings pinned."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.math.cells import builtins
from interviewkit.math.expr import BinOp, Call, Neg, Num, Pow, SumSteps, Sym, Transpose
from interviewkit.math.functions import FUNCTIONS
from interviewkit.math.notation import parse
from interviewkit.math.printer import to_ascii, to_latex, to_unicode

#: Every name of every built-in cell, the gradients' names, at every step they may carry.
NAMES = sorted(
    {n for spec in builtins().values() for n in spec.names().entries}
    | {f"d_{n}" for spec in builtins().values() for n in spec.defined}
    | {"g", "g_h", "g_c", "d_x"}
)
VECTORS = sorted({n for n in NAMES if n[:2] not in ("W_", "U_") and n != "I"})

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

names = st.one_of(
    st.sampled_from(NAMES).map(Sym),
    st.builds(Sym, st.sampled_from(VECTORS), st.sampled_from([-1, 1])),
)
numbers = st.one_of(st.integers(0, 99), st.sampled_from([0.5, 0.25, 1.5, 2.75])).map(
    lambda v: Num(float(v))
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/", "@"]), children, children),
        st.builds(Neg, children),
        st.builds(Pow, children, st.integers(-8, 8)),
        st.builds(Transpose, children),
        st.builds(Call, st.sampled_from(sorted(FUNCTIONS)), children),
    )


def _sums(inner: st.SearchStrategy) -> st.SearchStrategy:
    """Σ_t of a sum-free expression, inside a larger expression, as a learner writes them."""
    body = st.builds(SumSteps, inner)
    return st.one_of(body, st.builds(BinOp, st.sampled_from(["+", "-", "@", "*"]), body, inner),
                     st.builds(BinOp, st.sampled_from(["+", "-", "@", "*"]), inner, body))  # fmt: skip


plain = st.recursive(st.one_of(names, numbers), _extend, max_leaves=12)
expressions = st.one_of(plain, _sums(plain))


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


def test_steps_and_totals_are_spelled_per_notation() -> None:
    e = parse("sum_t(d_a_t @ h_{t-1}.T) + W_h.T @ δ_{a,t+1}")
    assert to_ascii(e) == "sum_t(d_a @ h_prev.T) + W_h.T @ d_a_{t+1}"
    assert to_unicode(e) == "Σ_t(δ_a · hₜ₋₁ᵀ) + W_hᵀ · δ_aₜ₊₁"
    assert to_latex(e) == (
        r"\sum_{t=1}^{T} \left(\delta_{a} \, h_{t-1}^{\top}\right) + W_{h}^{\top} \, "
        r"\delta_{a,t+1}"
    )
    assert to_ascii(e, timed=("d_a", "h")) == "sum_t(d_a_t @ h_prev.T) + W_h.T @ d_a_{t+1}"


def test_outer_product_mixes_are_bracketed_for_people() -> None:
    e = parse("d_a_h * r @ h_prev.T")
    assert to_ascii(e) == "(d_a_h * r) @ h_prev.T"
    assert parse(to_ascii(e)) == e
