"""Evaluate an expression tree with numpy float64, with strict whiteboard shapes.

Vectors are columns (n×1 arrays), so `v.T` is a 1×n row, `u @ v.T` an outer product and
`u.T @ v` a 1×1 scalar; matrices are 2-D; scalars are 0-D (a 1×1 counts as a scalar too).
Nothing is broadcast that a person would not write on a whiteboard: a matrix product needs
matching inner sizes and is never commuted, an elementwise product needs equal shapes (or a
scalar), and `v * W` (vector ⊙ matrix) is refused with the hint to write `diag(v) @ W`. Shape
problems raise `ShapeError`, whose message names both shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from interviewkit.errors import NotationError
from interviewkit.math.expr import (
    BinOp,
    Call,
    Expr,
    Neg,
    Num,
    Pow,
    SumSteps,
    Sym,
    Transpose,
    from_outer,
)
from interviewkit.math.functions import FUNCTIONS
from interviewkit.math.interpret import interpret, key


class ShapeError(NotationError):
    """An operation is not defined for the shapes of its operands."""

    title = "shape error"


def kind(shape: tuple[int, ...]) -> str:
    """`scalar`, `vector` (a column), `row` or `matrix`."""
    if len(shape) < 2 or shape == (1, 1):
        return "scalar"
    if shape[1] == 1:
        return "vector"
    if shape[0] == 1:
        return "row"
    return "matrix"


def describe_shape(shape: tuple[int, ...]) -> str:
    """`3×2` for a matrix, `3-vector` for a column, `1×3 row` for a row, `scalar` for a scalar."""
    k = kind(tuple(shape))
    if k == "vector":
        return f"{shape[0]}-vector"
    if k == "row":
        return f"1×{shape[1]} row"
    if k == "matrix":
        return f"{shape[0]}×{shape[1]}"
    return "scalar"


def _at(e: Expr) -> int | None:
    return e.span[0] if e.span else None


_NUMPY = {name: spec.numpy(np) for name, spec in FUNCTIONS.items()}


class _Numpy:
    """The numpy back end: float64 values, strict shapes, errors that name both shapes."""

    def symbol(self, e: Sym, env: Mapping[str, Any]) -> np.ndarray:
        k = key(e.name, e.step)
        if k in env:
            return np.asarray(env[k], dtype=np.float64)
        if e.name == "I" and e.step == 0:
            return _identity(env, e)
        raise NotationError(f"{e.name} is not defined here", position=_at(e))

    def number(self, e: Num) -> np.ndarray:
        return np.float64(e.value)

    def negate(self, e: Neg, a: np.ndarray) -> np.ndarray:
        return -a

    def power(self, e: Pow, a: np.ndarray) -> np.ndarray:
        return np.power(a, float(e.exponent))

    def transpose(self, e: Transpose, a: np.ndarray) -> np.ndarray:
        if a.ndim < 2:
            return a
        return a.T

    def call(self, e: Call, a: np.ndarray) -> np.ndarray:
        if e.func == "diag":
            k = kind(np.shape(a))
            if k != "vector":
                hint = "diag(v) puts the vector v on the diagonal of a matrix"
                if k == "row":
                    hint = "diag takes a column vector; drop the transpose"
                raise ShapeError(
                    f"diag takes a vector, not a {describe_shape(np.shape(a))}",
                    position=_at(e),
                    hint=hint,
                )
            return np.diag(a[:, 0])
        return _NUMPY[e.func](a)

    def total(self, e: SumSteps, values: list[np.ndarray]) -> np.ndarray:
        shapes = {np.shape(v) for v in values}
        if len(shapes) > 1:
            raise ShapeError("the terms of the sum over t differ in shape", position=_at(e))
        return np.sum(values, axis=0)

    def binop(self, e: BinOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        sa, sb = np.shape(a), np.shape(b)
        ka, kb = kind(sa), kind(sb)
        op = e.op
        if op == "@":
            if from_outer(e):
                _outer_arguments(e, sa, sb)
            if ka == "scalar" or kb == "scalar":  # a scalar written next to a matrix: scaling
                return a * b
            if sa[1] == sb[0]:
                return a @ b
            hint = None
            if ka == kb == "vector":
                hint = (
                    "for an elementwise product of two vectors write * or ⊙"
                    if sa == sb
                    else "for an outer product write u @ v.T"
                )
            elif ka == "vector" and kb == "matrix":
                hint = "a vector cannot stand left of a matrix; did you mean W @ v or diag(v) @ W?"
            elif ka == "matrix" and kb == "matrix":
                hint = "check the order of the product and any transposes"
            elif "row" in (ka, kb) or "vector" in (ka, kb):
                hint = "check the transposes: vectors are columns, v.T is a row"
            raise ShapeError(
                f"cannot multiply {describe_shape(sa)} @ {describe_shape(sb)}",
                position=_op_at(e),
                hint=hint,
            )
        if ka == "scalar" or kb == "scalar" or sa == sb:
            if op in ("+", "-") and (ka == "matrix") != (kb == "matrix") and sa != sb:
                # scalar ± matrix: a scalar broadcast over a matrix is almost always a slip for I
                raise ShapeError(
                    f"cannot {'add' if op == '+' else 'subtract'} a scalar and a matrix",
                    position=_op_at(e),
                    hint="for the identity matrix write I, e.g. I - diag(z)",
                )
            if op == "/" and kb == "matrix" and ka == "scalar":
                raise ShapeError(
                    f"cannot divide a {describe_shape(sa)} by a {describe_shape(sb)}",
                    position=_op_at(e),
                )
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return a / b
        if op == "*" and {ka, kb} == {"vector", "matrix"}:
            raise ShapeError(
                f"cannot multiply a {describe_shape(sa)} and a {describe_shape(sb)} elementwise",
                position=_op_at(e),
                hint="write diag(v) @ W",
            )
        verb = {"+": "add", "-": "subtract", "*": "multiply elementwise", "/": "divide"}[op]
        raise ShapeError(
            f"cannot {verb} {describe_shape(sa)} {op} {describe_shape(sb)}: the shapes differ",
            position=_op_at(e),
        )


def _outer_arguments(e: BinOp, sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    """outer(u, v) takes two column vectors: anything else is named as the learner wrote it,
    not as the product u @ v.T that it stands for (whose shapes may not even meet)."""
    assert isinstance(e.right, Transpose)
    written = (("first", e.left, sa), ("second", e.right.operand, sb[::-1]))
    for which, node, shape in written:
        k = kind(tuple(shape))
        if k != "vector":
            what = f"a {describe_shape(shape)}{' matrix' if k == 'matrix' else ''}"
            hint = {
                "matrix": "a matrix multiplies a vector with @, as in W.T @ v",
                "row": "drop the transpose: outer transposes its second vector itself",
            }.get(k, "for scaling write s * v")
            raise ShapeError(
                f"outer takes two vectors, but its {which} argument is {what}",
                position=_at(node),
                hint=f"outer(u, v) means u @ v.T for column vectors u and v; {hint}",
            )


NUMPY = _Numpy()


def evaluate(e: Expr, env: Mapping[str, Any]) -> np.ndarray:
    """The value of `e` with the names bound by `env` (float64; `I` defaults to the n×n identity).

    Raises `ShapeError` for an undefined operation and `NotationError` for a name `env` lacks.

    >>> import numpy as np
    >>> from interviewkit.math.notation import parse
    >>> env = {"h": np.array([[0.5], [0.0]]), "W_h": np.eye(2), "h@-1": np.zeros((2, 1))}
    >>> evaluate(parse("diag(1 - h**2) @ W_h"), env).tolist()
    [[0.75, 0.0], [0.0, 1.0]]
    """
    with np.errstate(all="ignore"):
        return np.asarray(interpret(e, env, NUMPY), dtype=np.float64)  # type: ignore[arg-type]


def _identity(env: Mapping[str, Any], e: Expr) -> np.ndarray:
    for name in ("h", "h@-1", "c@-1"):
        if name in env:
            return np.eye(np.shape(env[name])[0])
    raise NotationError("I (the identity) has no size here", position=_at(e))


def evaluate_nodes(
    e: Expr, env: Mapping[str, Any], record: dict[int, Any] | None = None
) -> dict[int, np.ndarray]:
    """The value of every node of `e`, keyed by `id(node)`, from one evaluation.

    For callers that inspect sub-expressions (which operand is a matrix, ...) without evaluating
    each subtree again; pass the same `record` to evaluate trees that share subtrees.
    """
    record = {} if record is None else record
    with np.errstate(all="ignore"):
        interpret(e, env, NUMPY, record)  # type: ignore[arg-type]
    return record


def _op_at(e: BinOp) -> int | None:
    """Where the operator is: right after the left operand (`caret` skips the spaces)."""
    return e.left.span[1] if e.left.span else _at(e)
