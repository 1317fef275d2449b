"""What is wrong with one returned array, in one sentence a learner can act on.

`diagnose(got, truth, candidates)` tries, in order: the shape (both named, with the usual
causes), NaN or infinite entries, the known mistakes (`candidates`: arrays that a known wrong
solution returns on the same inputs, each with its sentence; today from the exercise's torch
reference, later also from the mistakes `math/` generates), a transposed matrix, a constant
factor, a near miss (float32 precision), a few wrong entries, and last, wrong values.

The measure is CS231n's: max |x - y| / max(1e-8, |x| + |y|), with 1e-7 the bar in float64.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: The largest max relative error that counts as right (CS231n's bar for float64 checks).
TOLERANCE = 1e-7
#: A fitted factor or a near miss is judged a little looser than a right answer.
LOOSE = 1e-6

Candidates = Sequence[tuple[np.ndarray, str]]


@dataclass(frozen=True)
class Diagnosis:
    """`kind` is one of shape, nan, inf, mistake, zeros, transposed, factor, precision,
    entries, values (and overflow, which the grader gives itself); `message` is the sentence
    shown."""

    kind: str
    message: str


def entry_errors(got: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """|x - y| / max(1e-8, |x| + |y|), entry by entry (arrays of one shape)."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.abs(got - truth) / np.maximum(1e-8, np.abs(got) + np.abs(truth))


def relative_error(got: np.ndarray, truth: np.ndarray) -> float:
    """The largest `entry_errors`; NaN where `got` is not finite; 0 for empty arrays."""
    if got.size == 0:
        return 0.0
    if not np.all(np.isfinite(got)):
        return float("nan")
    return float(np.max(entry_errors(got, truth)))


def is_right(got: np.ndarray, truth: np.ndarray, tolerance: float = TOLERANCE) -> bool:
    if got.shape != truth.shape:
        return False
    error = relative_error(got, truth)
    return error == error and error <= tolerance


def shape_name(shape: tuple[int, ...]) -> str:
    if shape == ():
        return "a number"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _index(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]" if index else ""


def _shape_hint(got: tuple[int, ...], want: tuple[int, ...], sizes: Mapping[str, Any]) -> str:
    if len(got) == 2 and got == want[::-1]:
        return "transposed: return its .T, or swap the order of the product"
    if len(got) == len(want) + 1 and got[1:] == want:
        if got[0] == sizes.get("B"):
            return "one row per example: sum over the batch (axis 0)"
        return "sum over the first axis"
    if len(got) + 1 == len(want) and want[1:] == got:
        return "the first axis is missing"
    if tuple(s for s in got if s != 1) == tuple(s for s in want if s != 1):
        return "a size-1 axis too many or too few (keepdims? reshape?)"
    if int(np.prod(got)) == int(np.prod(want)):
        return "the right number of entries in another layout: check the axes"
    return ""


def _factor_hint(c: float, sizes: Mapping[str, Any]) -> str | None:
    """Why `got` is `c` times the truth, or None when `c` is no factor with a known cause."""

    def near(value: float) -> bool:
        return abs(c - value) <= 1e-6 * max(1.0, abs(value))

    if near(-1.0):
        return "the sign is flipped (off by a factor -1)"
    for name, what in (("B", "the batch size"), ("T", "the number of steps")):
        size = sizes.get(name)
        if isinstance(size, int) and size > 1:
            if near(1.0 / size):
                return (
                    f"off by a factor 1/{size}: divided by {what} {name}; the loss is a sum, "
                    "not a mean"
                )
            if near(float(size)):
                return f"off by a factor {size}, {what} {name}: summed where one is enough?"
    if near(2.0) or near(0.5):
        return f"off by a factor {c:g}: a 1/2 lost or doubled (0.5 * u**2 has slope u)"
    return None


def diagnose(
    got: np.ndarray,
    truth: np.ndarray,
    candidates: Candidates = (),
    *,
    sizes: Mapping[str, Any] | None = None,
    shape_text: str = "",
    nan_hint: str = "",
    locate: Callable[[tuple[int, ...]], str] | None = None,
    tolerance: float = TOLERANCE,
) -> Diagnosis:
    """Why `got` is not `truth` (call it only when it is not). `shape_text` is the symbolic
    shape (`(n, m)`), `locate(index)` may name the input at a wrong entry (` where x = -40`)."""
    sizes = sizes or {}
    where = locate or (lambda _index: "")
    if got.shape != truth.shape:
        expected = shape_name(truth.shape)
        if shape_text and shape_text not in ("()", expected):
            expected = f"{shape_text} = {expected}"
        hint = _shape_hint(got.shape, truth.shape, sizes)
        message = f"shape {shape_name(got.shape)}, expected {expected}"
        return Diagnosis("shape", f"{message}: {hint}" if hint else message)
    bad = ~np.isfinite(got) & np.isfinite(truth)
    if bad.any():
        kind = "nan" if np.isnan(got[bad]).any() else "inf"
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        what = "NaN" if kind == "nan" else "infinite"
        at = f"first at {_index(first)}{where(first)}" if first else "the number itself"
        message = f"{what} in {int(bad.sum())} of {got.size} entries ({at})"
        if got.ndim == 0:
            message = what
        return Diagnosis(kind, f"{message}: {nan_hint}" if nan_hint else message)
    for value, sentence in candidates:
        if value.shape == got.shape and is_right(got, value, tolerance):
            return Diagnosis("mistake", sentence)
    if got.size and not got.any() and truth.any():
        return Diagnosis(
            "zeros", "all zeros: a path into it is missing, or it is never accumulated"
        )
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and is_right(got.T, truth, tolerance):
        return Diagnosis(
            "transposed",
            "transposed: the right values in swapped places; return its .T, or swap the order "
            "of the product (d_a.T @ h_prev, not h_prev.T @ d_a)",
        )
    scale = float(np.vdot(truth, truth))
    if scale > 0:
        c = float(np.vdot(truth, got)) / scale
        if c != 0 and abs(c - 1) > LOOSE and is_right(got, c * truth, LOOSE):
            named = _factor_hint(c, sizes)
            if named or got.ndim:  # any number is a factor times another: only named ones
                return Diagnosis("factor", named or f"off by a constant factor {c:.6g}")
    error = relative_error(got, truth)
    if got.ndim == 0 and error >= 1e-3:
        return Diagnosis("values", f"got {float(got):.10g}, expected {float(truth):.10g}")
    if error < 1e-3:
        return Diagnosis(
            "precision",
            f"close, but only to a relative error of {error:.1e} (the bar is {tolerance:.0e}): "
            "a float32 step, or a constant the task does not use?",
        )
    wrong = entry_errors(got, truth) > tolerance
    if got.ndim and wrong.sum() <= wrong.size / 2:
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        return Diagnosis(
            "entries",
            f"wrong in {int(wrong.sum())} of {wrong.size} entries, e.g. at {_index(first)}"
            f"{where(first)}: expected {truth[first]:.6g}, got {got[first]:.6g}",
        )
    return Diagnosis(
        "values",
        f"wrong values (max relative error {error:.2g}): compare it, term by term, with the "
        "task's equations",
    )
