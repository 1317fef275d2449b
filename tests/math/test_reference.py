"""The committed reference cache equals a fresh SymPy derivation, and serving it needs no SymPy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Neg, Num, Pow, Sym, Transpose
from interviewkit.math.reference import (
    CACHE_PATH,
    all_keys,
    build_cache,
    dumps,
    expr_from_json,
    expr_to_json,
    reference_ascii,
    reference_expr,
    reference_shape,
)


def test_cache_equals_a_fresh_derivation() -> None:
    fresh = build_cache()
    assert dumps(fresh) == CACHE_PATH.read_text(encoding="utf-8"), (
        "references.json is stale: run python -m interviewkit.math.reference --write"
    )
    for key, entry in fresh["references"].items():
        target, _, variant = key.partition(":")
        assert reference_expr(target, variant or None) == expr_from_json(entry["expr"])


def test_every_target_and_variant_is_served() -> None:
    keys = all_keys()
    assert len(keys) == 7 + 2 * 3
    for target, variant in keys:
        assert reference_expr(target, variant) is not None
        assert reference_shape(target, variant) in ("n×n", "n×m")
    assert reference_expr("gru.dh_dhprev") == reference_expr("gru.dh_dhprev", "cho")
    assert reference_expr("gru.dh_dhprev", "pytorch") != reference_expr("gru.dh_dhprev", "cho")


def test_known_answers_of_notation_md() -> None:
    assert reference_ascii("rnn.dh_dhprev") == "diag(1 - h**2) @ W_h"
    assert reference_ascii("lstm.dc_dcprev") == "diag(f)"
    assert reference_ascii("lstm.dh_dc") == "diag(o * (1 - tanh(c)**2))"


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
        BinOp("/", Pow(Call("sigmoid", Sym("a")), 3), Num(2.5)),
    )
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
