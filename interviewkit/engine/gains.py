"""What each elementwise weight (a `gain`) of a cell multiplies, read from its equations.

The loader calls every vector that multiplies elementwise a `gain`, but two kinds do different
things: IndRNN's u multiplies h_{t-1}, the cell's own previous output, so it is one recurrent
weight per unit and sets how fast that unit's gradient changes; a peephole weight multiplies the
cell state c inside a gate. `demo highway` draws the first kind on request (`--gain-bound`) and
words each kind as what it is. Plain Python on the parsed equations: no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.math.expr import BinOp, Call, Expr, Sym, walk

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec


@dataclass(frozen=True)
class GainUse:
    """`gain * operand` in the equation that defines `equation`."""

    gain: str
    operand: Expr
    equation: str


def gain_uses(spec: CellSpec) -> list[GainUse]:
    """Every place a gain multiplies something, in the order of the equations."""
    gains = {p.name for p in spec.params.values() if p.role == "gain"}
    out = []
    for eq in spec.equations:
        for node in walk(eq.rhs):
            if not isinstance(node, BinOp) or node.op != "*":
                continue
            for mine, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(mine, Sym) and mine.step == 0 and mine.name in gains:
                    out.append(GainUse(mine.name, other, eq.name))
    return out


def recurrent_gains(spec: CellSpec) -> tuple[str, ...]:
    """The gains that multiply the previous output h_{t-1} (IndRNN's u): a recurrent weight per
    unit, in place of (or beside) a matrix."""
    h_prev = Sym(spec.states[0], -1)
    return tuple(dict.fromkeys(u.gain for u in gain_uses(spec) if u.operand == h_prev))


def state_gains(spec: CellSpec) -> list[GainUse]:
    """The uses of gains that multiply another state (the cell state c, now or before): the
    peephole weights."""
    others = set(spec.states[1:])
    return [u for u in gain_uses(spec) if isinstance(u.operand, Sym) and u.operand.name in others]


def gated(spec: CellSpec, name: str) -> bool:
    """Whether `name` is the pre-activation of a gate, i.e. some equation is sigmoid(name)."""
    return any(
        isinstance(eq.rhs, Call) and eq.rhs.func == "sigmoid" and eq.rhs.arg == Sym(name)
        for eq in spec.equations
    )


def factors(expr: Expr) -> list[Expr]:
    """The factors of an elementwise product a ⊙ b ⊙ …, or [expr] if it is not one."""
    if isinstance(expr, BinOp) and expr.op == "*":
        return factors(expr.left) + factors(expr.right)
    return [expr]
