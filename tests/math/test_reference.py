"""The committed reference cache equals a fresh SymPy derivation, and serving it needs no SymPy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Neg, Num, Pow, SumSteps, Sym, Transpose
from interviewkit.math.notation import parse
from interviewkit.math.reference import (
    CACHE_PATH,
    all_keys,
    build_cache,
    dumps,
    expr_from_json,
    expr_to_json,
    reference_ascii,
    reference_expr,
    references,
)


def test_cache_equals_a_fresh_derivation() -> None:
    fresh = build_cache()
    assert dumps(fresh) == CACHE_PATH.read_text(encoding="utf-8"), (
        "references.json is stale: run python -m interviewkit.math.reference --write"
    )
    for cell_id, entry in fresh["cells"].items():
        variant = cell_id.partition(":")[2] or None
        for target, t in entry["targets"].items():
            assert reference_expr(target, variant) == expr_from_json(t["expr"])


def test_every_target_and_variant_is_served() -> None:
    keys = all_keys()
    assert len(keys) > 200
    for target, variant in keys:
        assert reference_expr(target, variant) is not None
    assert reference_expr("gru.dh_dhprev") == reference_expr("gru.dh_dhprev", "cho")
    assert reference_expr("gru.dh_dhprev", "pytorch") != reference_expr("gru.dh_dhprev", "cho")


def test_an_edited_cell_gets_its_own_references() -> None:
    import dataclasses

    from interviewkit.math.cells import get_cell

    rnn = get_cell("rnn")
    edited = dataclasses.replace(rnn, about="edited", equations=rnn.equations[::-1][::-1])
    assert edited.digest == rnn.digest  # prose is not mathematics
    changed = dataclasses.replace(rnn, equations=(rnn.equations[0],
        dataclasses.replace(rnn.equations[1], rhs=parse("sigmoid(a)"))))  # fmt: skip
    assert changed.digest != rnn.digest
    got = references(changed).targets["rnn.dh_dhprev"].ascii
    assert got == "diag(h * (1 - h)) @ W_h"
    assert references(rnn).targets["rnn.dh_dhprev"].ascii == "diag(1 - h**2) @ W_h"


def test_known_answers_of_notation_md() -> None:
    assert reference_ascii("rnn.dh_dhprev") == "diag(1 - h**2) @ W_h"
    assert reference_ascii("lstm.dc_dcprev") == "diag(f)"
    assert reference_ascii("lstm.dh_dc") == "diag(o * (1 - tanh(c)**2))"


def test_bptt_and_backward_forms() -> None:
    assert reference_ascii("rnn.dL_dW_h") == "d_a @ h_prev.T"
    assert reference_ascii("lstm.dL_dcprev") == "d_c * f"
    assert reference_ascii("lstm.dL_dc") == "g_c + g_h * o * (1 - tanh(c)**2)"
    assert reference_ascii("rnn.bptt_dW_h") == "sum_t(d_a_t @ h_prev.T)"
    assert isinstance(reference_expr("rnn.bptt_db"), SumSteps)


def test_bad_keys_are_user_errors() -> None:
    with pytest.raises(NotationError, match="no variants"):
        reference_expr("rnn.dh_dx", "cho")
    with pytest.raises(NotationError, match="unknown GRU variant"):
        reference_expr("gru.dh_dx", "keras")
    with pytest.raises(NotationError, match="unknown target"):
        reference_ascii("gru.dz_dx")


def test_json_round_trip_of_every_node() -> None:
    e = BinOp(
        "-",
        Neg(Transpose(Sym("W_h"))),
        BinOp("/", Pow(Call("sigmoid", Sym("a", -1)), 3), SumSteps(Sym("d_a", 1))),
    )
    e = BinOp("+", e, Num(2.5))
    assert expr_from_json(expr_to_json(e)) == e


def test_serving_references_imports_neither_sympy_nor_numpy() -> None:
    code = (
        "import sys; from interviewkit.math.reference import reference_expr;"
        "reference_expr('lstm.dh_dhprev'); reference_expr('gru.dh_dx', 'chung');"
        "print('sympy' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_check_mode_reports_up_to_date() -> None:
    from interviewkit.math.reference import main

    assert main(["--check"]) == 0
