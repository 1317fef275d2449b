"""The k-step bound's LaTeX names the activation as the function registry writes it."""

from __future__ import annotations

from interviewkit.math.derive import KStep
from interviewkit.math.explain import kstep_latex
from interviewkit.math.expr import BinOp, Call, Sym
from interviewkit.math.functions import FUNCTIONS


def test_every_activation_is_spelled_from_its_function_spec() -> None:
    for name, spec in FUNCTIONS.items():
        if not spec.elementwise:
            continue
        k = KStep(
            one_step=BinOp("@", Call("diag", Sym("s")), Sym("W_h")),
            slope=Sym("s"),
            activation=name,
            gamma="1",
            recurrent="W_h",
        )
        bound = kstep_latex(k)[-1]
        assert f"\\max {spec.latex}' = 1" in bound, (name, bound)
