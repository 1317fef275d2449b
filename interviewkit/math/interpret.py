"""One interpreter for expression trees, with the arithmetic left to a back end.

`math.evaluate` is the numpy back end (float64, strict whiteboard shapes, errors a learner can
read); the engine's torch back end (`engine.cellmodule`) computes the same trees on batches with
autograd. Both walk the tree here, so a cell's equations mean the same thing to `check`, to
`derive`'s tests and to the torch demos.

Values live in an `Env`: a dict from `key(name, step)` to a value, plus, for Σ_t, the
environments of every step of a sequence (`Env.across`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, SumSteps, Sym, Transpose


def key(name: str, step: int = 0) -> str:
    """The Env key of a name at a step: `h`, `h@-1`, `d_a@+1`."""
    return name if step == 0 else f"{name}@{step:+d}"


class Env(dict[str, Any]):
    """The values at one step; `across` holds the Env of every step of a sequence, for Σ_t."""

    across: Sequence[Env] | None = None

    def with_steps(self, across: Sequence[Env]) -> Env:
        self.across = across
        return self


class Backend(Protocol):
    """The arithmetic of one kind of value (numpy arrays, torch tensors)."""

    def symbol(self, node: Sym, env: dict[str, Any]) -> Any: ...
    def number(self, node: Num) -> Any: ...
    def negate(self, node: Neg, a: Any) -> Any: ...
    def binop(self, node: BinOp, a: Any, b: Any) -> Any: ...
    def power(self, node: Pow, a: Any) -> Any: ...
    def transpose(self, node: Transpose, a: Any) -> Any: ...
    def call(self, node: Call, a: Any) -> Any: ...
    def total(self, node: SumSteps, values: list[Any]) -> Any: ...


def interpret(
    e: Expr, env: dict[str, Any], backend: Backend, record: dict[int, Any] | None = None
) -> Any:
    """The value of `e` in `env`; with `record`, every node's value is kept under `id(node)`,
    and a node already in `record` is not computed again (trees that share subtrees, such as
    the mutations of one reference, then cost only what differs; the caller keeps the trees
    alive while the record is in use)."""
    if record is not None and id(e) in record:
        return record[id(e)]
    value = _node(e, env, backend, record)
    if record is not None:
        record[id(e)] = value
    return value


def _node(e: Expr, env: dict[str, Any], backend: Backend, record: dict[int, Any] | None) -> Any:
    if isinstance(e, Sym):
        return backend.symbol(e, env)
    if isinstance(e, Num):
        return backend.number(e)
    if isinstance(e, BinOp):
        left = interpret(e.left, env, backend, record)
        return backend.binop(e, left, interpret(e.right, env, backend, record))
    if isinstance(e, Neg):
        return backend.negate(e, interpret(e.operand, env, backend, record))
    if isinstance(e, Pow):
        return backend.power(e, interpret(e.base, env, backend, record))
    if isinstance(e, Transpose):
        return backend.transpose(e, interpret(e.operand, env, backend, record))
    if isinstance(e, Call):
        return backend.call(e, interpret(e.arg, env, backend, record))
    if isinstance(e, SumSteps):
        across = getattr(env, "across", None)
        if not across:
            raise NotationError(
                "Σ_t needs a sequence of steps", position=e.span[0] if e.span else None
            )
        return backend.total(e, [interpret(e.body, step, backend) for step in across])
    raise TypeError(f"not an expression node: {e!r}")
