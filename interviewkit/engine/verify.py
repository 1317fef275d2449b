"""Check the plain-Python parameter formulas against real `torch.nn.RNN`, `LSTM` and `GRU`, and
any other cell's count from its declared shapes against a stack built from its equations.

The formulas in `interviewkit.paramcount` are what the bank and `params` print; this module builds
the torch module the formula describes and counts `numel()` of its parameters, so a wrong formula
cannot hide. Only the PyTorch convention can be checked here (Keras is not a dependency).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interviewkit import paramcount
from interviewkit.engine.device import check_memory

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec

BYTES_PER_PARAM = 4  # float32


@dataclass(frozen=True)
class Verification:
    cell: str
    formula: int
    torch: int

    @property
    def ok(self) -> bool:
        return self.formula == self.torch


def torch_count(
    cell: str,
    input_size: int,
    hidden: int,
    *,
    layers: int = 1,
    bidirectional: bool = False,
    proj: int = 0,
    bias: bool = True,
) -> int:
    """`sum(p.numel())` of the torch module with this configuration (built on the meta device,
    so even a huge configuration costs no memory). Its options are `paramcount.layer_counts`'s
    that torch has, under our names; this is the one place they become torch's
    (num_layers, proj_size)."""
    import torch

    kwargs = dict(num_layers=layers, bias=bias, bidirectional=bidirectional)
    if proj:
        kwargs["proj_size"] = proj
    module_type = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    with torch.device("meta"):
        module = module_type(input_size, hidden, **kwargs)
    return sum(p.numel() for p in module.parameters())


_ARTICLE_NAME = {"rnn": "an RNN", "lstm": "an LSTM", "gru": "a GRU"}  # for messages


def verify(
    cells: tuple[str, ...], input_size: int, hidden: int, **options: Any
) -> list[Verification]:
    """The formula's count beside torch's for each cell (PyTorch convention). `options` are
    `torch_count`'s (layers, bidirectional, proj, bias), handed unchanged to both sides, so the
    formula and torch are always asked about the same stack."""
    import torch

    out = []
    for cell in cells:
        formula = paramcount.count(cell, input_size, hidden, **options)
        # meta tensors allocate nothing, but refuse sizes no machine could hold all the same
        check_memory(
            formula * BYTES_PER_PARAM, torch.device("cpu"), f"{_ARTICLE_NAME[cell]} of this size"
        )
        out.append(Verification(cell, formula, torch_count(cell, input_size, hidden, **options)))
    return out


def verify_declared(
    spec: CellSpec,
    input_size: int,
    hidden: int,
    *,
    layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> Verification:
    """A cell's count from its declared shapes beside torch's, for the whole stack: every layer
    and direction built as a `CellModule` from the cell's equations (on the meta device), each
    layer above the first reading the one below, and `sum(p.numel())` over all of them."""
    import torch

    from interviewkit.engine.cellmodule import CellModule

    shapes = paramcount.counted_shapes(spec.params.values(), bias=bias)
    formula = paramcount.declared_count(
        shapes, input_size, hidden, layers=layers, bidirectional=bidirectional
    )
    check_memory(formula * BYTES_PER_PARAM, torch.device("cpu"), f"a {spec.name} of this size")
    directions = 2 if bidirectional else 1
    with torch.device("meta"):
        stack = torch.nn.ModuleList(
            CellModule(spec, input_size if layer == 0 else hidden * directions, hidden, bias=bias)
            for layer in range(layers)
            for _ in range(directions)
        )
    return Verification(spec.name, formula, sum(p.numel() for p in stack.parameters()))
