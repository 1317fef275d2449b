"""`diagnose` on hand-made arrays: each kind of mistake gets its own sentence, in the order
that makes the most specific one win."""

from __future__ import annotations

import numpy as np
import pytest

from interviewkit.exercises.diagnosis import (
    TOLERANCE,
    diagnose,
    entry_errors,
    is_right,
    relative_error,
    shape_name,
)

RNG = np.random.default_rng(0)
TRUTH = RNG.standard_normal((4, 4))


def test_relative_error_is_cs231n_measure() -> None:
    a = np.array([1.0, 0.0])
    assert relative_error(a, np.array([1.0 + 2e-9, 0.0])) == pytest.approx(1e-9, rel=1e-3)
    assert entry_errors(a, np.array([1.0, 1e-12]))[1] == pytest.approx(1e-4)  # floor 1e-8
    assert TOLERANCE == 1e-7
    assert is_right(a, np.array([1.0 + 1e-8, 1e-16]))
    assert not is_right(a, np.array([1.0, 1e-9]))  # 0.1 by the measure


@pytest.mark.parametrize(
    ("got_shape", "want_shape", "sizes", "words"),
    [
        ((3, 5), (5, 3), {}, "transposed"),
        ((3, 5), (5,), {"B": 3}, "sum over the batch (axis 0)"),
        ((5, 1), (5,), {}, "keepdims"),
        ((15,), (3, 5), {}, "another layout"),
        ((2, 2), (5,), {}, ""),
    ],
)
def test_shape_names_both_and_the_cause(got_shape, want_shape, sizes, words) -> None:
    found = diagnose(np.zeros(got_shape), np.ones(want_shape), sizes=sizes, shape_text="(n, m)")
    assert found.kind == "shape"
    assert found.message.startswith(f"shape {shape_name(got_shape)}, expected (n, m) = ")
    assert words in found.message


def test_nan_and_inf_name_the_first_entry_and_the_hint() -> None:
    got = TRUTH.copy()
    got[1, 2] = np.nan
    found = diagnose(got, TRUTH, nan_hint="use exp(-|x|)", locate=lambda i: f" where x = {i[0]}")
    assert found.kind == "nan"
    assert found.message == "NaN in 1 of 16 entries (first at [1, 2] where x = 1): use exp(-|x|)"
    got[1, 2] = np.inf
    assert diagnose(got, TRUTH).kind == "inf"


def test_a_known_mistake_wins_over_generic_forms() -> None:
    wrong = TRUTH.T.copy()
    found = diagnose(wrong, TRUTH, [(TRUTH * 2, "doubled"), (TRUTH.T, "used W for W.T")])
    assert (found.kind, found.message) == ("mistake", "used W for W.T")


def test_transposed_square_matrix() -> None:
    assert diagnose(TRUTH.T.copy(), TRUTH).kind == "transposed"


@pytest.mark.parametrize(
    ("factor", "sizes", "words"),
    [
        (-1.0, {}, "sign is flipped"),
        (1 / 3, {"B": 3}, "factor 1/3: divided by the batch size B"),
        (4.0, {"T": 4}, "the number of steps T"),
        (0.5, {}, "a 1/2 lost or doubled"),
        (1.7, {}, "constant factor 1.7"),
    ],
)
def test_constant_factor(factor: float, sizes: dict, words: str) -> None:
    found = diagnose(TRUTH * factor, TRUTH, sizes=sizes)
    assert found.kind == "factor" and words in found.message


def test_zeros_precision_entries_and_values() -> None:
    assert diagnose(np.zeros_like(TRUTH), TRUTH).kind == "zeros"
    close = TRUTH.astype(np.float32).astype(np.float64)
    assert diagnose(close, TRUTH).kind == "precision"
    few = TRUTH.copy()
    few[0, 0] += 1
    found = diagnose(few, TRUTH)
    assert found.kind == "entries" and "1 of 16 entries, e.g. at [0, 0]" in found.message
    other = RNG.standard_normal((4, 4))
    assert diagnose(other, TRUTH).kind == "values"


def test_a_number_shows_both_values() -> None:
    found = diagnose(np.asarray(2480.0), np.asarray(2560.0))
    assert found.message == "got 2480, expected 2560"
