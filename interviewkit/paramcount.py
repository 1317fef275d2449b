"""Exact parameter counts of RNN, LSTM and GRU stacks, in plain Python (no torch).

One place for the formulas: the `params` command, the bank's numeric questions and the engine's
checks against real `torch.nn` modules all call these functions.

Conventions (one layer, one direction, X inputs, H hidden units, G gate blocks: RNN 1, LSTM 4,
GRU 3):
- PyTorch: ``G*H*(X + H) + 2*G*H`` (both ``b_ih`` and ``b_hh``); with an LSTM projection of size P
  the recurrent matrix is 4H x P, plus the P x H projection ``weight_hr``.
- Keras: ``G*H*(X + H) + G*H`` (one bias per gate block); a GRU with ``reset_after=True`` (the
  default) keeps a second bias, so it matches PyTorch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GATES: dict[str, int] = {"rnn": 1, "lstm": 4, "gru": 3}
CONVENTIONS = ("pytorch", "keras")


@dataclass(frozen=True)
class LayerCount:
    """The count of one layer in one direction, with the formula spelled out."""

    layer: int
    direction: str
    input_size: int
    weights_input: int
    weights_recurrent: int
    biases: int
    projection: int
    formula: str

    @property
    def total(self) -> int:
        return self.weights_input + self.weights_recurrent + self.biases + self.projection


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            from interviewkit.errors import EngineError

            raise EngineError(f"{name} must be a positive whole number, got {value!r}")


def layer_counts(
    cell: str,
    input_size: int,
    hidden: int,
    *,
    layers: int = 1,
    bidirectional: bool = False,
    proj: int = 0,
    bias: bool = True,
    convention: str = "pytorch",
    reset_after: bool = True,
) -> list[LayerCount]:
    """Every layer and direction of a stack, in order, as `torch.nn` or Keras would build it."""
    from interviewkit.errors import EngineError

    if cell not in GATES:
        raise EngineError(f"unknown cell {cell!r}; choose one of {', '.join(GATES)}")
    if convention not in CONVENTIONS:
        raise EngineError(f"unknown convention {convention!r}; choose pytorch or keras")
    _check_sizes(input=input_size, hidden=hidden, layers=layers)
    if proj:
        _check_sizes(proj=proj)
        if cell != "lstm" or convention != "pytorch":
            raise EngineError("a projection (--proj) exists only for the PyTorch LSTM")
        if proj >= hidden:
            raise EngineError(f"proj ({proj}) must be smaller than hidden ({hidden})")
    g = GATES[cell]
    out = proj or hidden  # what each direction emits, and what the recurrence reads
    directions = ("forward", "backward") if bidirectional else ("forward",)
    rows: list[LayerCount] = []
    for layer in range(layers):
        x = input_size if layer == 0 else out * len(directions)
        for direction in directions:
            w_in = g * hidden * x
            w_rec = g * hidden * out
            if not bias:
                b, bias_text = 0, ""
            elif convention == "pytorch" or (cell == "gru" and reset_after):
                b, bias_text = 2 * g * hidden, f" + 2·{g}·{hidden}"
            else:
                b, bias_text = g * hidden, f" + {g}·{hidden}"
            p = proj * hidden if proj else 0
            formula = f"{g}·{hidden}·({x} + {out}){bias_text}" + (
                f" + {proj}·{hidden}" if p else ""
            )
            rows.append(LayerCount(layer, direction, x, w_in, w_rec, b, p, formula))
    return rows


def count(cell: str, input_size: int, hidden: int, **options: Any) -> int:
    """Total parameters of the stack; `options` are those of `layer_counts` (layers,
    bidirectional, proj, bias, convention, reset_after), which is the breakdown this sums."""
    return sum(r.total for r in layer_counts(cell, input_size, hidden, **options))


def formula_text(rows: list[LayerCount]) -> str:
    """The whole stack's formula with the numbers put in, one bracket per layer; a bidirectional
    layer's two identical directions read as ``2×[...]``, and n identical layers in a row as
    ``n×[...]`` (``n×2×[...]`` bidirectional), so a deep stack stays one readable line."""
    terms = []
    for layer in sorted({r.layer for r in rows}):
        mine = [r for r in rows if r.layer == layer]
        body = mine[0].formula
        terms.append(f"2×[{body}]" if len(mine) == 2 else (f"[{body}]" if len(rows) > 1 else body))
    parts: list[str] = []
    runs: list[int] = []
    for term in terms:
        if parts and parts[-1] == term:
            runs[-1] += 1
        else:
            parts.append(term)
            runs.append(1)
    return " + ".join(t if n == 1 else f"{n}×{t}" for t, n in zip(parts, runs, strict=True))


#: The cells of NOTATION.md's "Cells from equations" beyond rnn/lstm/gru, by the shapes of their
#: parameters: how many n×n matrices (W), n×m matrices (U) and n-vectors (biases b, peepholes p,
#: the IndRNN's recurrent vector u) each declares. One bias per block, no PyTorch double bias.
NOTATION_CELL_SHAPES: dict[str, dict[str, int]] = {
    "peephole": {"n,n": 4, "n,m": 4, "n": 4 + 3},  # b_f, b_i, b_c, b_o and p_f, p_i, p_o
    "cifg": {"n,n": 3, "n,m": 3, "n": 3},  # f, c_tilde, o: the input gate is 1 - f
    "mingru": {"n,n": 0, "n,m": 2, "n": 2},  # z and h_tilde read only x
    "minlstm": {"n,n": 0, "n,m": 3, "n": 3},  # f, i and h_tilde read only x
    "indrnn": {"n,n": 0, "n,m": 1, "n": 2},  # W_x, and the vectors u and b
}


def notation_cell_count(cell: str, input_size: int, hidden: int) -> int:
    """Parameters of one NOTATION.md cell with input size m = `input_size` and n = `hidden`."""
    from interviewkit.errors import EngineError

    if cell not in NOTATION_CELL_SHAPES:
        known = ", ".join(NOTATION_CELL_SHAPES)
        raise EngineError(f"unknown cell {cell!r}; choose one of {known}")
    _check_sizes(input=input_size, hidden=hidden)
    shapes = NOTATION_CELL_SHAPES[cell]
    n, m = hidden, input_size
    return shapes["n,n"] * n * n + shapes["n,m"] * n * m + shapes["n"] * n


def counted_shapes(params: Iterable[Any], *, bias: bool = True) -> list[tuple[str, ...]]:
    """The shapes a cell's count takes from its declared parameters (`CellSpec.params` values):
    all of them, or without those whose role is `bias` (torch's `bias=False`)."""
    return [p.shape for p in params if bias or p.role != "bias"]


def declared_layer_counts(
    shapes: list[tuple[str, ...]],
    input_size: int,
    hidden: int,
    *,
    layers: int = 1,
    bidirectional: bool = False,
) -> list[int]:
    """Each layer's count, both directions together, of a cell given by its parameters' shapes
    in n (= `hidden`) and m (the layer's input: `input_size` for the first layer, the layer
    below, 2·hidden when bidirectional, above it): one weight per entry."""
    _check_sizes(input=input_size, hidden=hidden, layers=layers)
    directions = 2 if bidirectional else 1
    out = []
    for layer in range(layers):
        sizes = {"n": hidden, "m": input_size if layer == 0 else hidden * directions}
        out.append(directions * sum(math.prod(sizes[d] for d in s) for s in shapes))
    return out


def declared_count(shapes: list[tuple[str, ...]], input_size: int, hidden: int, **options) -> int:
    """The whole stack's count; `options` are `declared_layer_counts`'s (layers, bidirectional)."""
    return sum(declared_layer_counts(shapes, input_size, hidden, **options))


def declared_formula(shapes: list[tuple[str, ...]]) -> str:
    """One layer's count in H and X, e.g. ``2·H² + 2·H·X + 2·H`` (``0`` for no parameters)."""
    texts = ["·".join("H" if d == "n" else "X" for d in shape) for shape in shapes]
    texts = [{"H·H": "H²", "X·X": "X²"}.get(t, t) for t in texts]
    order = ["H²", "H·X", "X·H", "X²", "H", "X"]
    kinds = sorted(set(texts), key=lambda t: (order.index(t) if t in order else len(order), t))
    return " + ".join(f"{texts.count(t)}·{t}" for t in kinds) or "0"
