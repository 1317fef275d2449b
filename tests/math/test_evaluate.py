"""The numpy evaluator: float64, strict shapes, products never commuted, messages naming shapes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from interviewkit.errors import NotationError
from interviewkit.math.evaluate import ShapeError, describe_shape, evaluate
from interviewkit.math.notation import caret, parse

rng = np.random.default_rng(7)
ENV = {
    "h": rng.standard_normal((3, 1)),
    "h@-1": rng.standard_normal((3, 1)),
    "x": rng.standard_normal((2, 1)),
    "a": rng.standard_normal((3, 1)),
    "W_h": rng.standard_normal((3, 3)),
    "W_x": rng.standard_normal((3, 2)),
}


def ev(text: str) -> np.ndarray:
    return evaluate(parse(text), ENV)


def test_matches_numpy() -> None:
    expected = np.diag(1 - ENV["h"][:, 0] ** 2) @ ENV["W_h"]
    np.testing.assert_allclose(ev("diag(1 - h**2) @ W_h"), expected, rtol=1e-15)
    assert ev("diag(1 - h**2) @ W_h").dtype == np.float64


def test_products_are_not_commuted() -> None:
    assert not np.allclose(ev("diag(h) @ W_h"), ev("W_h @ diag(h)"))


def test_functions() -> None:
    a = ENV["a"]
    np.testing.assert_allclose(ev("sigmoid(a)"), 1 / (1 + np.exp(-a)))
    np.testing.assert_allclose(ev("sech(a)**2"), 1 - np.tanh(a) ** 2)
    np.testing.assert_allclose(ev("log(exp(a))"), a)
    np.testing.assert_allclose(ev("h / h"), np.ones((3, 1)))
    np.testing.assert_allclose(ev("W_x.T"), ENV["W_x"].T)


def test_sigmoid_does_not_overflow() -> None:
    big = {"a": np.array([[-1000.0], [0.0], [1000.0]])}
    np.testing.assert_allclose(evaluate(parse("sigmoid(a)"), big), [[0.0], [0.5], [1.0]])


def test_identity_takes_the_state_size() -> None:
    np.testing.assert_array_equal(ev("I"), np.eye(3))
    np.testing.assert_allclose(ev("I - diag(h)"), np.eye(3) - np.diag(ENV["h"][:, 0]))


def test_scalar_scales() -> None:
    np.testing.assert_allclose(ev("2 W_h"), 2 * ENV["W_h"])
    np.testing.assert_allclose(ev("1 - h"), 1 - ENV["h"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("W_x @ W_h", r"cannot multiply 3×2 @ 3×3"),
        ("h * W_h", r"cannot multiply a 3-vector and a 3×3 elementwise \(write diag\(v\) @ W\)"),
        ("W_h * h", r"write diag\(v\) @ W"),
        ("h @ h", r"cannot multiply 3-vector @ 3-vector.*write \* or ⊙"),
        ("h @ W_h", r"cannot multiply 3-vector @ 3×3"),
        ("x + h", r"cannot add 2-vector \+ 3-vector: the shapes differ"),
        ("W_h + W_x", r"cannot add 3×3 \+ 3×2"),
        ("1 - W_h", r"cannot subtract a scalar and a matrix.*write I"),
        ("diag(W_h)", r"diag takes a vector, not a 3×3"),
        ("W_x @ h.T", r"cannot multiply 3×2 @ 1×3 row"),
        ("h @ x", r"for an outer product write u @ v.T"),
        ("h / W_h", r"cannot divide 3-vector / 3×3"),
    ],
)
def test_shape_errors_name_both_shapes(text: str, message: str) -> None:
    with pytest.raises(ShapeError) as info:
        ev(text)
    assert re.search(message, info.value.one_line()), info.value.one_line()
    assert isinstance(info.value, NotationError)


def test_missing_name_is_a_notation_error() -> None:
    with pytest.raises(NotationError, match="f is not defined here"):
        ev("diag(f)")


def test_position_points_at_the_operation() -> None:
    text = "diag(h) @ W_h + W_x"
    with pytest.raises(ShapeError) as info:
        ev(text)
    assert caret(text, info.value).split("\n")[1] == " " * text.index("+") + "^"


def test_describe_shape() -> None:
    assert describe_shape((3, 2)) == "3×2"
    assert describe_shape((3, 1)) == "3-vector"
    assert describe_shape((1, 3)) == "1×3 row"
    assert describe_shape((1, 1)) == "scalar"
    assert describe_shape(()) == "scalar"


def test_vectors_are_columns_and_transpose_to_rows() -> None:
    np.testing.assert_allclose(ev("h.T"), ENV["h"].T)
    np.testing.assert_allclose(ev("h @ x.T"), ENV["h"] @ ENV["x"].T)  # an outer product
    np.testing.assert_allclose(ev("outer(h, x)"), ENV["h"] @ ENV["x"].T)
    inner = ev("h.T @ h")
    assert inner.shape == (1, 1)
    np.testing.assert_allclose(ev("(h.T @ h) * W_h"), inner[0, 0] * ENV["W_h"])  # 1×1 scales
    with pytest.raises(ShapeError, match="cannot add 3-vector \\+ 1×3 row"):
        ev("h + h.T")
    with pytest.raises(ShapeError, match="diag takes a vector, not a 1×3 row"):
        ev("diag(h.T)")
