"""Derive every target of a cell with SymPy, in the form a person writes on a whiteboard.

The Jacobians come from `math.jacobian` (the chain rule forwards, with its steps), the backward
pass and BPTT from `math.backward` (reverse mode); both differentiate the same `CellSpec`
equations through `math.symbolic`, the SymPy layer. Nothing is typed by hand: a cell file gets
its targets derived exactly as the built-ins do, and the tests prove every one equal to torch
autograd.

Examples:
    >>> from interviewkit.math.printer import to_ascii
    >>> [d] = derive("rnn", target="rnn.dh_dhprev")
    >>> to_ascii(d.expr)
    'diag(1 - h**2) @ W_h'
    >>> [d] = derive("rnn", target="rnn.bptt_dW_h")
    >>> to_ascii(d.expr, timed=d.timed)
    'sum_t(d_a_t @ h_prev.T)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.errors import NotationError
from interviewkit.math.backward import BackStep, Backward
from interviewkit.math.cells import get_cell
from interviewkit.math.expr import BinOp, Call, Expr, Sym, rename, shift
from interviewkit.math.jacobian import Deriver, Path, Step, jacobian
from interviewkit.math.symbolic import Scalar, sympy
from interviewkit.math.targets import (
    BACKWARD,
    JACOBIAN,
    RECURSION,
    TOTAL,
    Target,
    get_target,
    shape_text,
    spec_targets,
    timed_names,
)

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec

#: The kinds `derive` prints by default, with --backward, with --bptt.
KINDS = {"jacobians": (JACOBIAN,), "backward": (BACKWARD,), "bptt": (RECURSION, TOTAL)}


@dataclass(frozen=True)
class Derived:
    """A derived target: its expression tree, its shape, and how it was found.

    `steps` are the chain rule's steps (Jacobians); `back` the backward pass's (gradients);
    `expanded` the gradient written out down to the upstream gradients; `timed` the names
    printed with an explicit `_t` (sequence targets).
    """

    target: str
    variant: str | None
    expr: Expr
    shape: str
    steps: list[Step]
    kind: str = JACOBIAN
    expanded: Expr | None = None
    back: tuple[BackStep, ...] = ()
    timed: tuple[str, ...] = ()
    cell: CellSpec | None = field(default=None, compare=False, repr=False)


class CellDerivation:
    """Every derivation of one cell, sharing one SymPy view and one backward pass."""

    def __init__(self, cell: CellSpec) -> None:
        self.cell = cell
        self.scalar = Scalar(cell)
        self.backward = Backward(cell, self.scalar)

    def target(self, t: Target) -> Derived:
        cell = self.cell
        shape = shape_text(t.shape)
        if t.kind == JACOBIAN:
            deriver = Deriver(cell, t.wrt, self.scalar)
            j, _ = deriver.named(t.of.name, 0)
            steps = [s for s in deriver.steps if s is not None]
            return Derived(t.name, cell.variant, deriver.to_expr(j), shape, steps, cell=cell)
        b = self.backward
        if t.kind == BACKWARD:
            shown, expanded = b.one_step(t.wrt)
            back = tuple(b.steps_for(t.wrt, lambda _name: False))
            return Derived(t.name, cell.variant, shown, shape, [], BACKWARD, expanded, back,
                           cell=cell)  # fmt: skip
        timed = timed_names(t, cell)
        if t.kind == RECURSION:
            name = t.wrt.name
            expr = b.recursion(name) if name in cell.states else b.recursion_of(name)
            back = (b.local(Sym(name), True), b.local(Sym(name, -1), True))
            if name not in cell.states:  # its own step, then each state's recursion
                pairs = [(b.local(Sym(s), True), b.local(Sym(s, -1), True)) for s in cell.states]
                back = (b.local(Sym(name), True), *[x for pair in pairs for x in pair])
            expanded = b.inline(expr, cell.states.__contains__, sequence=True)
            return Derived(t.name, cell.variant, expr, shape, [], RECURSION, expanded, back, timed,
                           cell=cell)  # fmt: skip
        expr = b.sequence_total(t.wrt.name)
        back = tuple(b.steps_for(t.wrt, b.kept_sequence, True))
        expanded = b.inline(expr, cell.states.__contains__, sequence=True)
        return Derived(t.name, cell.variant, expr, shape, [], TOTAL, expanded, back, timed,
                       cell=cell)  # fmt: skip


def derive_target(target: Target, variant: str | None = None) -> Derived:
    """One built-in target, derived from its cell's equations."""
    cell = get_cell(target.cell, variant if target.takes_variant else None)
    return CellDerivation(cell).target(target)


def derive(
    cell: str,
    variant: str | None = None,
    target: str | None = None,
    kinds: tuple[str, ...] = (JACOBIAN,),
    spec: CellSpec | None = None,
) -> list[Derived]:
    """Every target of `cell` of the given kinds (or just `target`), derived for `variant`
    (GRU: cho by default). `cell` may be a cell file's path, or `spec` a loaded cell."""
    spec = spec or get_cell(cell, variant)
    work = CellDerivation(spec)
    available = spec_targets(spec)
    if target is not None:
        name = target if "." in target else f"{spec.name}.{target}"
        name = name.split(":", 1)[0]
        found = next((t for t in available if t.name == name), None)
        if found is None:
            t = get_target(name, spec if spec.source else None)
            if t.cell != spec.name:
                raise NotationError(
                    f"target {t.name} belongs to the {t.cell} cell, not {spec.name}",
                    hint=f"targets of {spec.name}: "
                    + ", ".join(x.name for x in available if x.kind == JACOBIAN),
                )
            raise NotationError(
                f"{t.name} does not exist in the {spec.label} cell",
                hint=f"it exists in the {', '.join(t.variants)} variant" if t.variants else None,
            )
        return [work.target(found)]
    return [work.target(t) for t in available if t.kind in kinds]


# --- beyond the targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JointJacobian:
    """The LSTM's one-step Jacobian of its joint state (h, c) w.r.t. (h_{t-1}, c_{t-1}).

    `blocks[i][j]` is ∂rows[i]/∂cols[j]. diag(f) is only the (c, c_{t-1}) block; across steps
    h_{t-1} = o_{t-1} ⊙ tanh(c_{t-1}) moves with c_{t-1} too, so the total ∂c_t/∂c_{t-1} is
    `direct + through_h` (ERRATA §4).
    """

    rows: tuple[Sym, Sym]
    cols: tuple[Sym, Sym]
    blocks: tuple[tuple[Expr, Expr], tuple[Expr, Expr]]
    direct: Expr  # diag(f)
    through_h: Expr  # ∂c_t/∂h_{t-1} · ∂h_{t-1}/∂c_{t-1}, with the previous step's o and c


@dataclass(frozen=True)
class KStep:
    """The RNN's k-step Jacobian ∏_j diag(φ'(a_{t-j})) W_h and its bound (Pascanu et al. 2013).

    ‖∂h_t/∂h_{t-k}‖₂ ≤ ∏ ‖diag(φ')‖₂ ‖W_h‖₂ ≤ (γ·σ_max(W_h))^k, γ = max φ'.
    """

    one_step: Expr  # ∂h_t/∂h_{t-1} = diag(1 - h**2) @ W_h
    slope: Expr  # φ'(a) in gate names: 1 - h**2
    activation: str  # "tanh"
    gamma: str  # "1" for tanh, "1/4" for sigmoid
    recurrent: str  # "W_h"


def lstm_joint_jacobian() -> JointJacobian:
    """Derive the 2×2 block Jacobian of (h, c) and the total ∂c_t/∂c_{t-1} across steps."""
    cell = get_cell("lstm")
    rows, cols = (Sym("h"), Sym("c")), (Sym("h", -1), Sym("c", -1))
    blocks = tuple(tuple(jacobian(cell, of.name, wrt)[0] for wrt in cols) for of in rows)
    dc_dhprev = blocks[1][0]
    # h_{t-1} = o_{t-1} * tanh(c_{t-1}): the same equation one step back
    dhprev_dcprev = shift(jacobian(cell, "h", Sym("c"))[0], -1, cell.params.__contains__)
    return JointJacobian(
        rows=rows,
        cols=cols,
        blocks=(blocks[0], blocks[1]),  # type: ignore[arg-type]
        direct=blocks[1][1],
        through_h=BinOp("@", dc_dhprev, dhprev_dcprev),
    )


def rnn_k_step() -> KStep:
    """The RNN's one-step factor, its activation's slope, and γ = max φ' found by SymPy.

    φ' of tanh and of the sigmoid is even and largest at 0 (where φ'' = 0), so γ = φ'(0).
    """
    sp = sympy()
    cell = get_cell("rnn")
    one_step, _ = jacobian(cell, "h", Sym("h", -1))
    activation = cell.equation("h")
    assert isinstance(activation, Call) and isinstance(activation.arg, Sym)
    deriver = Deriver(cell, activation.arg)
    slope = deriver.to_expr(deriver.named("h", 0)[0])
    assert isinstance(slope, Call)  # diag(φ'(a)): keep the vector inside
    t = sp.Symbol("t")
    phi = deriver.s.scalar(Call(activation.func, Sym("t")))
    d1 = sp.diff(phi, t).rewrite(sp.exp)
    assert sp.simplify(sp.diff(d1, t).subs(t, 0)) == 0  # the bell-shaped slope peaks at 0
    return KStep(
        one_step=one_step,
        slope=slope.arg,
        activation=activation.func,
        gamma=str(sp.nsimplify(sp.simplify(d1.subs(t, 0)))),
        recurrent="W_h",
    )


__all__ = [
    "KINDS",
    "CellDerivation",
    "Derived",
    "JointJacobian",
    "KStep",
    "Path",
    "Step",
    "derive",
    "derive_target",
    "jacobian",
    "lstm_joint_jacobian",
    "rename",
    "rnn_k_step",
]
