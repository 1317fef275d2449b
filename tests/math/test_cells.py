"""The cells as data: the built-in specs, their equations, names, targets and random points."""

from __future__ import annotations

import numpy as np
import pytest

from interviewkit.bank.schema import DERIVATION_TARGETS, GRU_VARIANTS
from interviewkit.errors import NotationError
from interviewkit.math.cells import builtins, cell_names, environment, get_cell, variants
from interviewkit.math.cellspec import check_shapes
from interviewkit.math.expr import Sym, symbols
from interviewkit.math.interpret import key
from interviewkit.math.targets import TARGETS, get_target, resolve, targets_of

ALL = list(builtins().values())


def test_builtin_cells_and_their_variants() -> None:
    assert cell_names() == (
        "rnn", "lstm", "gru", "peephole", "cifg", "mingru", "minlstm", "indrnn",
    )  # fmt: skip
    assert variants("gru") == ("cho", "chung", "pytorch") == GRU_VARIANTS
    assert variants("lstm") == ()
    assert get_cell("gru").variant == "cho"


def test_target_names_are_the_bank_schema_names() -> None:
    assert tuple(TARGETS) == DERIVATION_TARGETS
    for t in TARGETS.values():
        assert t.cell in cell_names()
        assert t.takes_variant == (t.cell == "gru")
    assert TARGETS["gru.dL_db_hn"].variants == ("pytorch",)
    assert TARGETS["gru.dh_dhprev"].variants == ("cho", "chung", "pytorch")


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.id)
def test_builtin_shapes_fit(spec) -> None:
    check_shapes(spec, spec.id)  # loading a built-in skips this check: it is done here


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.id)
def test_equations_only_use_inputs_or_earlier_names(spec) -> None:
    known = set(spec.inputs)
    for eq in spec.equations:
        assert symbols(eq.rhs) <= known, (eq.name, symbols(eq.rhs) - known)
        known.add(Sym(eq.name))
    assert spec.states[0] == "h"


def test_input_shapes_follow_notation() -> None:
    lstm = get_cell("lstm")
    assert lstm.inputs[Sym("x")] == ("m",)
    assert lstm.inputs[Sym("W_f")] == ("n", "n")
    assert lstm.inputs[Sym("U_o")] == ("n", "m")
    assert lstm.inputs[Sym("c", -1)] == ("n",)
    assert get_cell("rnn").inputs[Sym("W_x")] == ("n", "m")
    assert Sym("b_hn") in get_cell("gru", "pytorch").inputs
    assert Sym("b_hn") not in get_cell("gru", "cho").inputs


def test_roles_come_from_the_equations_not_the_names() -> None:
    peephole = get_cell("peephole")
    roles = {p.name: p.role for p in peephole.params.values()}
    assert roles["W_f"] == "recurrent" and roles["U_f"] == "input"
    assert roles["b_f"] == "bias" and roles["p_f"] == "gain"
    assert get_cell("indrnn").params["u"].role == "gain"


def test_gates_get_their_preactivations_named() -> None:
    peephole = get_cell("peephole")
    assert peephole.preactivations == ("a_f", "a_i", "a_c_tilde", "a_o")
    assert get_cell("mingru").preactivations == ("a_z",)
    assert get_cell("rnn").preactivations == ("a",)


@pytest.mark.parametrize("spec", ALL, ids=lambda s: s.id)
def test_environment_has_every_name_with_its_shape(spec) -> None:
    env = environment(spec, np.random.default_rng(1), n=4, m=2)
    for sym, shape in spec.inputs.items():
        want = tuple({"n": 4, "m": 2}[d] for d in shape)
        assert env[key(sym.name, sym.step)].shape == (want if len(want) == 2 else (*want, 1))
        assert env[key(sym.name, sym.step)].dtype == np.float64
    for name in spec.defined:
        assert env[name].shape == (4, 1)
    assert np.array_equal(env["I"], np.eye(4))


def _sig(t: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-t))


def test_lstm_environment_matches_hand_computation() -> None:
    e = environment(get_cell("lstm"), np.random.default_rng(7))
    h_prev, c_prev = e["h@-1"], e["c@-1"]
    gate = {g: e[f"W_{g}"] @ h_prev + e[f"U_{g}"] @ e["x"] + e[f"b_{g}"] for g in "fioc"}
    assert np.allclose(e["f"], _sig(gate["f"]))
    assert np.allclose(e["c_tilde"], np.tanh(gate["c"]))
    c = e["f"] * c_prev + e["i"] * e["c_tilde"]
    assert np.allclose(e["c"], c)
    assert np.allclose(e["h"], _sig(gate["o"]) * np.tanh(c))


@pytest.mark.parametrize("variant", GRU_VARIANTS)
def test_gru_variants_match_hand_computation(variant: str) -> None:
    e = environment(get_cell("gru", variant), np.random.default_rng(3))
    hp = e["h@-1"]
    z = _sig(e["W_z"] @ hp + e["U_z"] @ e["x"] + e["b_z"])
    r = _sig(e["W_r"] @ hp + e["U_r"] @ e["x"] + e["b_r"])
    if variant == "pytorch":
        ht = np.tanh(e["U_h"] @ e["x"] + e["b_h"] + r * (e["W_h"] @ hp + e["b_hn"]))
    else:
        ht = np.tanh(e["W_h"] @ (r * hp) + e["U_h"] @ e["x"] + e["b_h"])
    h = (1 - z) * hp + z * ht if variant == "chung" else z * hp + (1 - z) * ht
    assert np.allclose(e["h_tilde"], ht)
    assert np.allclose(e["h"], h)


def test_new_cells_match_their_papers() -> None:
    e = environment(get_cell("minlstm"), np.random.default_rng(5))
    f, i = _sig(e["U_f"] @ e["x"] + e["b_f"]), _sig(e["U_i"] @ e["x"] + e["b_i"])
    ht = e["U_h"] @ e["x"] + e["b_h"]
    assert np.allclose(e["h"], f / (f + i) * e["h@-1"] + i / (f + i) * ht)
    e = environment(get_cell("indrnn"), np.random.default_rng(5))
    assert np.allclose(e["h"], np.maximum(e["W_x"] @ e["x"] + e["u"] * e["h@-1"] + e["b"], 0))


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
    assert [t.name for t in targets_of("rnn")][:2] == ["rnn.dh_dhprev", "rnn.dh_dx"]


def test_the_variant_suffix_is_resolved_in_one_place() -> None:
    t, cell = resolve("gru.dh_dhprev:chung")
    assert (t.name, cell.variant) == ("gru.dh_dhprev", "chung")
    assert resolve("gru.dh_dhprev")[1].variant == "cho"
    with pytest.raises(NotationError, match="only in the pytorch variant"):
        resolve("gru.dL_db_hn:cho")
    with pytest.raises(NotationError, match="says :chung but the variant given is 'cho'"):
        resolve("gru.dh_dx:chung", "cho")
    with pytest.raises(NotationError, match="no variants"):
        resolve("rnn.dh_dx:cho")
