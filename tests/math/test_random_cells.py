"""Cells drawn at random from the grammar of recurrent cells derive to torch autograd's answers.

Hypothesis builds small cells the way papers write them (gates of x and the previous states,
a candidate, blends with a gate or its complement, peepholes on a cell state, one or two
states, activations tanh, sigmoid and relu) as cell files, and every target of each, the
Jacobians, the backward pass and BPTT, is compared with autograd (autograd_truth.py).
"""

from __future__ import annotations

from autograd_truth import check_backward, check_bptt, check_jacobians
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.math.cellspec import parse_cell_text


@st.composite
def cells(draw: st.DrawFn) -> str:
    two = draw(st.booleans())
    states = ["h", "c"] if two else ["h"]
    params: dict[str, str] = {}
    equations: list[str] = []

    def affine(name: str, peephole: bool) -> str:
        terms = []
        if draw(st.booleans()) or not peephole:
            params[f"W_{name}"] = "n,n"
            terms.append(f"W_{name} @ h_prev")
        params[f"U_{name}"] = "n,m"
        terms.append(f"U_{name} @ x")
        if peephole and two and draw(st.booleans()):
            params[f"p_{name}"] = "n"
            terms.append(f"p_{name} * c_prev")
        params[f"b_{name}"] = "n"
        terms.append(f"b_{name}")
        return " + ".join(terms)

    gates = draw(st.lists(st.sampled_from(["f", "i", "o", "z"]), min_size=1, max_size=3,
                          unique=True))  # fmt: skip
    for g in gates:
        equations.append(f"{g} = sigmoid({affine(g, True)})")
    act = draw(st.sampled_from(["tanh", "relu", "sigmoid", ""]))
    cand = affine("k", False)
    equations.append(f"k = {act}({cand})" if act else f"k = {cand}")
    g0 = gates[0]
    g1 = gates[-1]
    complement = draw(st.booleans())
    if two:
        keep = f"(1 - {g1})" if complement else g1
        equations.append(f"c = {g0} * c_prev + {keep} * k")
        out = draw(st.sampled_from(["tanh(c)", "c", f"{g1} * tanh(c)"]))
        equations.append(f"h = {out}")
    else:
        keep = f"(1 - {g0})" if complement else g1
        equations.append(f"h = {g0} * h_prev + {keep} * k")
    lines = ",\n".join(f'  "{e}"' for e in equations)
    shown = ", ".join(f'{k} = "{v}"' for k, v in params.items())
    return (
        f'[cell]\nname = "drawn"\nstate = {states!r}\ninput = "x"\n'
        f"params = {{ {shown} }}\nequations = [\n{lines},\n]\n"
    ).replace("'", '"')


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells(), st.integers(0, 3))
def test_drawn_cells_derive_to_autograd(text: str, seed: int) -> None:
    spec = parse_cell_text(text, "drawn.toml")
    check_jacobians(spec, seed)
    check_backward(spec, seed)
    check_bptt(spec, seed)
