"""The cell equations and the derivation targets: the data everything else reads."""

from __future__ import annotations

import numpy as np
import pytest

from interviewkit.bank.schema import DERIVATION_TARGETS, GRU_VARIANTS
from interviewkit.errors import NotationError
from interviewkit.math.cells import CELL_NAMES, environment, get_cell
from interviewkit.math.cells import GRU_VARIANTS as CELL_VARIANTS
from interviewkit.math.expr import symbols
from interviewkit.math.targets import TARGETS, get_target, targets_of

ALL_CELLS = [("rnn", None), ("lstm", None)] + [("gru", v) for v in CELL_VARIANTS]


def test_target_names_are_the_bank_schema_names() -> None:
    assert tuple(TARGETS) == DERIVATION_TARGETS
    assert CELL_VARIANTS == GRU_VARIANTS
    for t in TARGETS.values():
        assert t.cell in CELL_NAMES
        assert t.of in get_cell(t.cell).defined
        assert t.wrt in get_cell(t.cell).inputs or t.wrt in get_cell(t.cell).defined
        assert t.takes_variant == (t.cell == "gru")


@pytest.mark.parametrize(("name", "variant"), ALL_CELLS)
def test_equations_only_use_inputs_or_earlier_names(name: str, variant: str | None) -> None:
    cell = get_cell(name, variant)
    known = set(cell.inputs)
    for lhs, rhs in cell.equations:
        assert symbols(rhs) <= known, (lhs, symbols(rhs) - known)
        known.add(lhs)
    assert cell.defined[-1] == "h"


def test_input_shapes_follow_notation() -> None:
    lstm = get_cell("lstm")
    assert lstm.inputs["x"] == ("m",)
    assert lstm.inputs["W_f"] == ("n", "n")
    assert lstm.inputs["U_o"] == ("n", "m")
    assert lstm.inputs["c_prev"] == ("n",)
    assert get_cell("rnn").inputs["W_x"] == ("n", "m")
    assert "b_hn" in get_cell("gru", "pytorch").inputs
    assert "b_hn" not in get_cell("gru", "cho").inputs


@pytest.mark.parametrize(("name", "variant"), ALL_CELLS)
def test_environment_has_every_name_with_its_shape(name: str, variant: str | None) -> None:
    cell = get_cell(name, variant)
    env = environment(cell, np.random.default_rng(1), n=4, m=2)
    for inp, shape in cell.inputs.items():
        assert env[inp].shape == tuple({"n": 4, "m": 2}[d] for d in shape)
        assert env[inp].dtype == np.float64
    for lhs in cell.defined:
        assert env[lhs].shape == (4,)
    assert np.array_equal(env["I"], np.eye(4))


def _sig(t: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-t))


def test_lstm_environment_matches_hand_computation() -> None:
    e = environment(get_cell("lstm"), np.random.default_rng(7))
    gate = {g: e[f"W_{g}"] @ e["h_prev"] + e[f"U_{g}"] @ e["x"] + e[f"b_{g}"] for g in "fioc"}
    assert np.allclose(e["f"], _sig(gate["f"]))
    assert np.allclose(e["c_tilde"], np.tanh(gate["c"]))
    c = e["f"] * e["c_prev"] + e["i"] * e["c_tilde"]
    assert np.allclose(e["c"], c)
    assert np.allclose(e["h"], _sig(gate["o"]) * np.tanh(c))


@pytest.mark.parametrize("variant", CELL_VARIANTS)
def test_gru_variants_match_hand_computation(variant: str) -> None:
    e = environment(get_cell("gru", variant), np.random.default_rng(3))
    z = _sig(e["W_z"] @ e["h_prev"] + e["U_z"] @ e["x"] + e["b_z"])
    r = _sig(e["W_r"] @ e["h_prev"] + e["U_r"] @ e["x"] + e["b_r"])
    if variant == "pytorch":
        ht = np.tanh(e["U_h"] @ e["x"] + e["b_h"] + r * (e["W_h"] @ e["h_prev"] + e["b_hn"]))
    else:
        ht = np.tanh(e["W_h"] @ (r * e["h_prev"]) + e["U_h"] @ e["x"] + e["b_h"])
    h = (1 - z) * e["h_prev"] + z * ht if variant == "chung" else z * e["h_prev"] + (1 - z) * ht
    assert np.allclose(e["h_tilde"], ht)
    assert np.allclose(e["h"], h)


def test_unknown_cells_variants_and_targets_are_user_errors() -> None:
    with pytest.raises(NotationError, match="unknown cell"):
        get_cell("transformer")
    with pytest.raises(NotationError, match="unknown GRU variant"):
        get_cell("gru", "keras")
    with pytest.raises(NotationError, match="no variants"):
        get_cell("lstm", "cho")
    with pytest.raises(NotationError, match="unknown target") as info:
        get_target("lstm.dh_dhprv")
    assert "lstm.dh_dhprev" in (info.value.hint or "")
    assert get_cell("gru").variant == "cho"
    assert [t.name for t in targets_of("rnn")] == ["rnn.dh_dhprev", "rnn.dh_dx"]
