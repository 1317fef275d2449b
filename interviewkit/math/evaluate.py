"""Evaluate an expression tree with numpy float64, with strict shapes.

Vectors are 1-D arrays, matrices 2-D, scalars 0-D. Nothing is broadcast that a person would not
write on a whiteboard: a matrix product needs matching inner sizes and is never commuted, an
elementwise product needs equal shapes (or a scalar), and `v * W` (vector ⊙ matrix) is refused with
the hint to write `diag(v) @ W`. Shape problems raise `ShapeError`, whose message names both shapes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, Sym, Transpose


class ShapeError(NotationError):
    """An operation is not defined for the shapes of its operands."""

    title = "shape error"


def describe_shape(shape: tuple[int, ...]) -> str:
    """`3×2` for a matrix, `3-vector` for a vector, `scalar` for a scalar."""
    if len(shape) == 2:
        return f"{shape[0]}×{shape[1]}"
    if len(shape) == 1:
        return f"{shape[0]}-vector"
    return "scalar"


def _at(e: Expr) -> int | None:
    return e.span[0] if e.span else None


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|


_ELEMENTWISE = {
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "sech": lambda x: 1.0 / np.cosh(x),
    "exp": np.exp,
    "log": np.log,
}


def evaluate(e: Expr, env: Mapping[str, np.ndarray]) -> np.ndarray:
    """The value of `e` with the names bound by `env` (float64; `I` defaults to the n×n identity).

    Raises `ShapeError` for an undefined operation and `NotationError` for a name `env` lacks.

    >>> import numpy as np
    >>> from interviewkit.math.notation import parse
    >>> env = {"h": np.array([0.5, 0.0]), "W_h": np.eye(2), "h_prev": np.zeros(2)}
    >>> evaluate(parse("diag(1 - h**2) @ W_h"), env).tolist()
    [[0.75, 0.0], [0.0, 1.0]]
    """
    with np.errstate(all="ignore"):
        return np.asarray(_eval(e, env, None), dtype=np.float64)


def _identity(env: Mapping[str, np.ndarray], e: Expr) -> np.ndarray:
    for name in ("h_prev", "h", "c_prev"):
        if name in env:
            return np.eye(np.shape(env[name])[0])
    raise NotationError("I (the identity) has no size here", position=_at(e))


def evaluate_nodes(e: Expr, env: Mapping[str, np.ndarray]) -> dict[int, np.ndarray]:
    """The value of every node of `e`, keyed by `id(node)`, from one evaluation.

    For callers that inspect sub-expressions (which operand is a matrix, ...) without evaluating
    each subtree again.
    """
    record: dict[int, np.ndarray] = {}
    with np.errstate(all="ignore"):
        _eval(e, env, record)
    return record


def _eval(
    e: Expr, env: Mapping[str, np.ndarray], record: dict[int, np.ndarray] | None
) -> np.ndarray:
    value = _eval_node(e, env, record)
    if record is not None:
        record[id(e)] = np.asarray(value)
    return value


def _eval_node(
    e: Expr, env: Mapping[str, np.ndarray], record: dict[int, np.ndarray] | None
) -> np.ndarray:
    if isinstance(e, Sym):
        if e.name in env:
            return np.asarray(env[e.name], dtype=np.float64)
        if e.name == "I":
            return _identity(env, e)
        raise NotationError(f"{e.name} is not defined here", position=_at(e))
    if isinstance(e, Num):
        return np.float64(e.value)  # type: ignore[return-value]
    if isinstance(e, Neg):
        return -_eval(e.operand, env, record)
    if isinstance(e, BinOp):
        return _binop(e, _eval(e.left, env, record), _eval(e.right, env, record))
    if isinstance(e, Pow):
        base = _eval(e.base, env, record)
        return np.power(base, float(e.exponent))
    if isinstance(e, Transpose):
        value = _eval(e.operand, env, record)
        if value.ndim == 1:
            raise ShapeError(
                f"cannot transpose a {describe_shape(value.shape)} here",
                position=_at(e),
                hint="vectors are columns; transpose matrices only",
            )
        return value.T
    if isinstance(e, Call):
        value = _eval(e.arg, env, record)
        if e.func == "diag":
            if value.ndim != 1:
                raise ShapeError(
                    f"diag takes a vector, not a {describe_shape(value.shape)}",
                    position=_at(e),
                    hint="diag(v) puts the vector v on the diagonal of a matrix",
                )
            return np.diag(value)
        return _ELEMENTWISE[e.func](value)
    raise TypeError(f"not an expression node: {e!r}")


def _op_at(e: BinOp) -> int | None:
    """Where the operator is: right after the left operand (`caret` skips the spaces)."""
    return e.left.span[1] if e.left.span else _at(e)


def _binop(e: BinOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    sa, sb = np.shape(a), np.shape(b)
    op = e.op
    if op == "@":
        if not sa or not sb:  # a scalar written next to a matrix: scaling
            return a * b
        if len(sa) == 2 and sa[1] == sb[0]:
            return a @ b
        hint = None
        if len(sa) == 1 and len(sb) == 1 and sa == sb:
            hint = "for an elementwise product of two vectors write * or ⊙"
        elif len(sa) == 1 and len(sb) == 2:
            hint = "a vector cannot stand left of a matrix; did you mean W @ v or diag(v) @ W?"
        elif len(sa) == 2 and len(sb) == 2:
            hint = "check the order of the product and any transposes"
        raise ShapeError(
            f"cannot multiply {describe_shape(sa)} @ {describe_shape(sb)}",
            position=_op_at(e),
            hint=hint,
        )
    if not sa or not sb or sa == sb:
        if op in ("+", "-") and (len(sa) == 2) != (len(sb) == 2):
            # scalar ± matrix: a scalar broadcast over a matrix is almost always a slip for I
            raise ShapeError(
                f"cannot {'add' if op == '+' else 'subtract'} a scalar and a matrix",
                position=_op_at(e),
                hint="for the identity matrix write I, e.g. I - diag(z)",
            )
        if op == "/" and len(sb) == 2 and len(sa) != 2:
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
    if op == "*" and {len(sa), len(sb)} == {1, 2}:
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
