"""The plain-Python parameter formulas against real torch.nn modules, over many configurations."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit import paramcount
from interviewkit.engine.verify import torch_count, verify
from interviewkit.errors import EngineError

sizes = st.integers(min_value=1, max_value=64)


@settings(max_examples=150, deadline=None)
@given(
    cell=st.sampled_from(["rnn", "lstm", "gru"]),
    x=sizes,
    h=st.integers(min_value=2, max_value=64),
    layers=st.integers(min_value=1, max_value=4),
    bidirectional=st.booleans(),
    bias=st.booleans(),
    data=st.data(),
)
def test_formula_matches_torch_numel(cell, x, h, layers, bidirectional, bias, data):
    proj = data.draw(st.integers(min_value=0, max_value=h - 1)) if cell == "lstm" else 0
    options = dict(layers=layers, bidirectional=bidirectional, proj=proj, bias=bias)
    assert paramcount.count(cell, x, h, **options) == torch_count(cell, x, h, **options)


def test_torch_count_is_real_numel_of_a_materialised_module():
    import torch

    lstm = torch.nn.LSTM(7, 5, num_layers=2, bidirectional=True, proj_size=3)
    assert sum(p.numel() for p in lstm.parameters()) == torch_count(
        "lstm", 7, 5, layers=2, bidirectional=True, proj=3
    )


@settings(max_examples=60, deadline=None)
@given(x=sizes, h=sizes, layers=st.integers(1, 3), bidirectional=st.booleans())
def test_pytorch_ratios_are_exactly_three_quarters_and_one_quarter(x, h, layers, bidirectional):
    opts = dict(layers=layers, bidirectional=bidirectional)
    lstm = paramcount.count("lstm", x, h, **opts)
    assert Fraction(paramcount.count("gru", x, h, **opts), lstm) == Fraction(3, 4)
    assert Fraction(paramcount.count("rnn", x, h, **opts), lstm) == Fraction(1, 4)


def test_keras_reference_numbers():
    # keras/src/layers/rnn/{simple_rnn,lstm,gru}.py build(): one bias per gate block,
    # GRU reset_after=True (default) has a bias of shape (2, 3*units)
    k = dict(convention="keras")
    assert paramcount.count("rnn", 10, 20, **k) == 620
    assert paramcount.count("lstm", 10, 20, **k) == 2480
    assert paramcount.count("gru", 10, 20, **k) == 1920
    assert paramcount.count("gru", 10, 20, reset_after=False, **k) == 1860
    assert paramcount.count("lstm", 10, 20, bias=False, **k) == 4 * 20 * 30


def test_formula_text_puts_the_numbers_in():
    rows = paramcount.layer_counts("lstm", 10, 20, layers=2, bidirectional=True)
    assert paramcount.formula_text(rows) == (
        "2×[4·20·(10 + 20) + 2·4·20] + 2×[4·20·(40 + 20) + 2·4·20]"
    )
    deep = paramcount.layer_counts("gru", 10, 20, layers=4, bidirectional=True)
    assert paramcount.formula_text(deep) == (
        "2×[3·20·(10 + 20) + 2·3·20] + 3×2×[3·20·(40 + 20) + 2·3·20]"
    )  # identical layers in a row are counted, not repeated
    three = paramcount.layer_counts("rnn", 5, 4, layers=3, convention="keras")
    assert paramcount.formula_text(three) == "[1·4·(5 + 4) + 1·4] + 2×[1·4·(4 + 4) + 1·4]"
    assert paramcount.count("rnn", 5, 4, layers=3, convention="keras") == 40 + 2 * 36


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(cell="lstm", input_size=0, hidden=3), "input must be a positive"),
        (dict(cell="lstm", input_size=3, hidden=-1), "hidden must be a positive"),
        (dict(cell="gru", input_size=3, hidden=4, proj=2), "only for the PyTorch LSTM"),
        (dict(cell="lstm", input_size=3, hidden=4, proj=4), "smaller than hidden"),
        (dict(cell="lstm", input_size=3, hidden=4, proj=2, convention="keras"), "PyTorch LSTM"),
        (dict(cell="tcn", input_size=3, hidden=4), "unknown cell"),
    ],
)
def test_bad_configurations_raise_engine_error(kwargs, match):
    with pytest.raises(EngineError, match=match):
        paramcount.count(**kwargs)


def test_verify_reports_agreement_for_each_cell():
    checks = verify(("rnn", "lstm", "gru"), 10, 20, layers=2)
    assert [c.cell for c in checks] == ["rnn", "lstm", "gru"]
    assert all(c.ok and c.torch == c.formula for c in checks)


@settings(max_examples=40, deadline=None)
@given(
    cell=st.sampled_from(["peephole", "cifg", "mingru", "minlstm", "indrnn", "gru"]),
    x=sizes,
    h=sizes,
    layers=st.integers(min_value=1, max_value=3),
    bidirectional=st.booleans(),
    bias=st.booleans(),
)
def test_declared_count_matches_a_stack_built_from_the_equations(
    cell, x, h, layers, bidirectional, bias
):
    from interviewkit.engine.verify import verify_declared
    from interviewkit.math.cells import get_cell

    check = verify_declared(
        get_cell(cell), x, h, layers=layers, bidirectional=bidirectional, bias=bias
    )
    assert check.ok and check.torch == check.formula


def test_declared_formula_counts_each_kind_of_shape():
    shapes = [("n", "n"), ("n", "m"), ("n",), ("n", "m"), ("m", "n"), ("m",)]
    assert paramcount.declared_formula(shapes) == "1·H² + 2·H·X + 1·X·H + 1·H + 1·X"
    assert paramcount.declared_count(shapes, 3, 4) == 16 + 2 * 12 + 12 + 4 + 3
    assert paramcount.declared_layer_counts([("n", "m")], 3, 4, layers=2, bidirectional=True) == [
        2 * 4 * 3,
        2 * 4 * 8,
    ]
