"""Adding an elementwise function is one FunctionSpec: with only a registry entry for swish
(x σ(x)), a cell file that uses it parses, derives every target (Jacobians, backward pass,
BPTT) equal to torch autograd, and `check` grades each derived line correct."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from autograd_truth import check_backward, check_bptt, check_jacobians

from interviewkit.math import functions, symbolic
from interviewkit.math.cellspec import parse_cell_text
from interviewkit.math.expr import BinOp, Call, Num

SWISH = functions.FunctionSpec(
    "swish", ("swish",), ("swish",), "\\operatorname{swish}", "swish",
    numpy=lambda np: lambda x: x * 0.5 * (1.0 + np.tanh(0.5 * x)),
    torch=lambda t: lambda x: x * t.sigmoid(x),
    sympy=None,  # derive makes its own, differentiating by the rule below
    derivative=lambda c: BinOp("+", Call("sigmoid", c.arg), BinOp("*", c.arg, BinOp(
        "*", Call("sigmoid", c.arg), BinOp("-", Num(1.0), Call("sigmoid", c.arg))))),
    about="x σ(x)",
)  # fmt: skip

CELL = """[cell]
name = "swishrnn"
state = ["h"]
input = "x"
params = { W_h = "n,n", W_x = "n,m", b = "n" }
equations = [
  "a = W_h @ h_prev + W_x @ x + b",
  "h = swish(a)",
]
"""


@pytest.fixture
def swish(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The entry, added while running: the tables built from the registry when their module
    is imported (the words, numpy's functions) get it as a new line in functions.py would."""
    import numpy as np
    import torch

    from interviewkit.engine import cellmodule
    from interviewkit.math import evaluate

    monkeypatch.setitem(evaluate._NUMPY, "swish", SWISH.numpy(np))
    monkeypatch.setitem(cellmodule._TORCH, "swish", SWISH.torch(torch))
    monkeypatch.setitem(functions.FUNCTIONS, "swish", SWISH)
    monkeypatch.setitem(functions.FUNCTION_WORDS, "swish", "swish")
    monkeypatch.setitem(functions.LATEX_FUNCTIONS, "swish", "swish")
    symbolic._custom.cache_clear()
    yield
    symbolic._custom.cache_clear()


@pytest.mark.usefixtures("swish")
def test_one_registry_entry_is_enough_for_a_new_function() -> None:
    from interviewkit.math.check import check
    from interviewkit.math.printer import to_ascii
    from interviewkit.math.reference import reference
    from interviewkit.math.targets import spec_targets, timed_names

    spec = parse_cell_text(CELL, "swish.toml")
    for seed in (0, 1):
        check_jacobians(spec, seed)
        check_backward(spec, seed)
        check_bptt(spec, seed)
    for t in spec_targets(spec):
        answer = to_ascii(reference(t, spec).expr, timed_names(t, spec))
        result = check(t.name, answer, cell=spec)
        assert result.verdict == "correct", (t.name, answer, result.feedback)
