"""Any cell as a torch module, computed from its `CellSpec` equations by the one interpreter.

The torch back end of `math.interpret`: vectors are columns with a leading batch dimension
(B×n×1), parameters are shared matrices and vectors, so `W @ h` broadcasts over the batch and
`diag(v)` is `diag_embed`. The same trees that `check` evaluates with numpy and `derive`
differentiates with SymPy run here with autograd: the tests compare both against it, and
`demo highway --cells FILE.toml` trains nothing but measures a user's own cell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import torch

from interviewkit.math.functions import FUNCTIONS
from interviewkit.math.interpret import interpret, key

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.expr import BinOp, Call, Neg, Num, Pow, SumSteps, Sym, Transpose

_TORCH = {name: spec.torch(torch) for name, spec in FUNCTIONS.items()}


class TorchBackend:
    """Tensors with autograd; shapes are trusted (the spec was checked with numpy)."""

    def symbol(self, e: Sym, env: Mapping[str, Any]) -> torch.Tensor:
        return env[key(e.name, e.step)]

    def number(self, e: Num) -> float:
        return float(e.value)

    def negate(self, e: Neg, a: Any) -> Any:
        return -a

    def power(self, e: Pow, a: Any) -> Any:
        return a**e.exponent

    def transpose(self, e: Transpose, a: Any) -> Any:
        return a.transpose(-1, -2) if isinstance(a, torch.Tensor) and a.dim() >= 2 else a

    def call(self, e: Call, a: Any) -> Any:
        if e.func == "diag":
            return torch.diag_embed(a.squeeze(-1))
        return _TORCH[e.func](a)

    def total(self, e: SumSteps, values: list[Any]) -> Any:
        return sum(values[1:], values[0])

    def binop(self, e: BinOp, a: Any, b: Any) -> Any:
        if e.op == "@":
            if not isinstance(a, torch.Tensor) or not isinstance(b, torch.Tensor):
                return a * b
            return torch.matmul(a, b)
        if e.op == "+":
            return a + b
        if e.op == "-":
            return a - b
        if e.op == "*":
            return a * b
        return a / b


TORCH = TorchBackend()


def step(
    spec: CellSpec,
    params: Mapping[str, torch.Tensor],
    x: torch.Tensor,
    previous: Mapping[str, torch.Tensor],
    override: Mapping[str, torch.Tensor] | None = None,
) -> dict[str, torch.Tensor]:
    """One step: every name the equations define, from the input, the previous states and the
    parameters. `override` fixes some defined names (a leaf for autograd) instead of computing
    them, so a gradient with respect to a gate or a pre-activation can be taken."""
    env: dict[str, Any] = dict(params)
    env[key(spec.input)] = x
    for s in spec.states:
        env[key(s, -1)] = previous[s]
    n = next(iter(previous.values())).shape[-2]
    env["I"] = torch.eye(n, dtype=x.dtype, device=x.device)
    for eq in spec.equations:
        if override and eq.name in override:
            env[key(eq.name)] = override[eq.name]
        else:
            value = interpret(eq.rhs, env, TORCH)
            if any(value is other for other in env.values()):
                value = value.clone()  # `h = c`: its own node, so each name has its own gradient
            env[key(eq.name)] = value
    return {eq.name: env[key(eq.name)] for eq in spec.equations}


class CellModule(torch.nn.Module):
    """A cell file's equations as a torch module: parameters of the declared shapes,
    initialised uniformly in ±1/sqrt(n) as torch's own recurrent cells are.

    `bias=False` leaves out the parameters whose role is `bias` (torch's `bias=False`): they
    become zero buffers, so the module still runs and `parameters()` counts none of them.
    `gain_range=(low, high)` draws each gain that multiplies h_{t-1} (IndRNN's u,
    `engine.gains.recurrent_gains`) uniformly in [low, high] instead; every other parameter gets
    the same draw as without it.
    """

    def __init__(
        self,
        spec: CellSpec,
        input_size: int,
        hidden_size: int,
        *,
        bias: bool = True,
        gain_range: tuple[float, float] | None = None,
    ) -> None:
        super().__init__()
        from interviewkit.engine.gains import recurrent_gains

        self.spec = spec
        self.input_size = input_size
        self.hidden_size = hidden_size
        sizes = {"n": hidden_size, "m": input_size}
        bound = 1.0 / math.sqrt(hidden_size)
        near_one = set(recurrent_gains(spec)) if gain_range else set()
        self.weights = torch.nn.ParameterDict()
        self.zero_names: tuple[str, ...] = ()
        for p in spec.params.values():
            shape = tuple(sizes[d] for d in p.shape)
            value = torch.empty(shape if len(shape) == 2 else (shape[0], 1))
            if p.name in near_one and gain_range:
                torch.nn.init.uniform_(value, *gain_range)
            else:
                torch.nn.init.uniform_(value, -bound, bound)
            if p.role == "bias" and not bias:
                self.register_buffer(f"zero_{p.name}", value.zero_())
                self.zero_names += (p.name,)
            else:
                self.weights[p.name] = torch.nn.Parameter(value)

    def tensors(self) -> dict[str, torch.Tensor]:
        """Every parameter by its name in the equations, the zeroed biases included."""
        out = dict(self.weights.items())
        out.update({name: getattr(self, f"zero_{name}") for name in self.zero_names})
        return out

    def set_bias(self, name: str, value: float) -> None:
        """Set a vector parameter to a constant (a forget-gate bias of 1, say)."""
        with torch.no_grad():
            self.weights[name].fill_(value)

    def forward(
        self, x: torch.Tensor, state: dict[str, torch.Tensor] | None = None
    ) -> tuple[list[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
        """Run a sequence x (T×B×m); returns every step's values and the last states."""
        steps, batch = x.shape[0], x.shape[1]
        if state is None:
            zeros = x.new_zeros((batch, self.hidden_size, 1))
            state = {s: zeros for s in self.spec.states}
        params = self.tensors()
        out = []
        for t in range(steps):
            values = step(self.spec, params, x[t].unsqueeze(-1), state)
            state = {s: values[s] for s in self.spec.states}
            out.append(values)
        return out, state
