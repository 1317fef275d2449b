"""The derived Jacobians equal torch autograd's, at random float64 points with n ≠ m.

torch.nn.RNNCell, LSTMCell and GRUCell (the `pytorch` GRU variant) are loaded with the weights of
a random environment, mapping torch's stacked `weight_ih` / `weight_hh` chunks and split biases
onto the notation's names; the `cho` and `chung` GRUs are small hand-written torch cells. Each
derived expression is evaluated with numpy (`math.evaluate`) and compared with
`torch.autograd.functional.jacobian` of the torch forward pass.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from interviewkit.math.cells import environment, get_cell
from interviewkit.math.derive import derive
from interviewkit.math.evaluate import evaluate
from interviewkit.math.printer import to_ascii
from interviewkit.math.targets import TARGETS

N, M = 5, 3
SEEDS = (0, 1, 2)


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64)


def _flat(env: dict) -> dict[str, np.ndarray]:
    """The environment as torch.nn's cells take it: 1-D vectors, `h_prev` for h at t-1."""
    out = {}
    for k, v in env.items():
        name = k.replace("@-1", "_prev")
        out[name] = v[:, 0] if v.ndim == 2 and v.shape[1] == 1 else v
    return out


def _split_bias(env: dict[str, np.ndarray], names: list[str], rng: np.random.Generator):
    """torch keeps two biases per gate; give bias_hh a random share so the sum is what counts."""
    total = np.concatenate([env[n] for n in names])
    hh = rng.standard_normal(total.shape)
    return _t(total - hh), _t(hh)


def _load(module: torch.nn.Module, env, ih: list[str], hh: list[str], b: list[str], rng) -> None:
    with torch.no_grad():
        module.weight_ih.copy_(_t(np.concatenate([env[n] for n in ih])))
        module.weight_hh.copy_(_t(np.concatenate([env[n] for n in hh])))
        bias_ih, bias_hh = _split_bias(env, b, rng)
        module.bias_ih.copy_(bias_ih)
        module.bias_hh.copy_(bias_hh)


def _rnn(env, rng) -> dict[str, Callable]:
    cell = torch.nn.RNNCell(M, N).double()
    _load(cell, env, ["W_x"], ["W_h"], ["b"], rng)
    x, h = _t(env["x"]), _t(env["h_prev"])
    return {
        "h_prev": lambda hp: cell(x[None], hp[None])[0],
        "x": lambda xx: cell(xx[None], h[None])[0],
    }


def _lstm(env, rng) -> dict[str, Callable]:
    # torch stacks the gates as i, f, g (the candidate), o
    cell = torch.nn.LSTMCell(M, N).double()
    order = ["i", "f", "c", "o"]
    _load(cell, env, [f"U_{g}" for g in order], [f"W_{g}" for g in order],
          [f"b_{g}" for g in order], rng)  # fmt: skip
    x, h, c = _t(env["x"]), _t(env["h_prev"]), _t(env["c_prev"])

    def step(xx, hp, cp):
        h1, c1 = cell(xx[None], (hp[None], cp[None]))
        return h1[0], c1[0]

    o = torch.sigmoid(_t(env["W_o"] @ env["h_prev"] + env["U_o"] @ env["x"] + env["b_o"]))
    return {
        "h_prev": lambda hp: step(x, hp, c),
        "c_prev": lambda cp: step(x, h, cp),
        "c": lambda cc: (o * torch.tanh(cc), cc),  # h = o * tanh(c), o fixed
        "x": lambda xx: step(xx, h, c),
    }


def _gru_torch(env, rng) -> dict[str, Callable]:
    # torch stacks r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
    cell = torch.nn.GRUCell(M, N).double()
    with torch.no_grad():
        cell.weight_ih.copy_(_t(np.concatenate([env["U_r"], env["U_z"], env["U_h"]])))
        cell.weight_hh.copy_(_t(np.concatenate([env["W_r"], env["W_z"], env["W_h"]])))
        share = rng.standard_normal((2, N))
        cell.bias_ih.copy_(_t(np.concatenate([env["b_r"] - share[0], env["b_z"] - share[1],
                                              env["b_h"]])))  # fmt: skip
        cell.bias_hh.copy_(_t(np.concatenate([share[0], share[1], env["b_hn"]])))
    x, h = _t(env["x"]), _t(env["h_prev"])
    return {
        "h_prev": lambda hp: cell(x[None], hp[None])[0],
        "x": lambda xx: cell(xx[None], h[None])[0],
    }


def _gru_hand(variant: str) -> Callable:
    def make(env, rng) -> dict[str, Callable]:
        p = {k: _t(v) for k, v in env.items()}

        def step(x, hp):
            z = torch.sigmoid(p["W_z"] @ hp + p["U_z"] @ x + p["b_z"])
            r = torch.sigmoid(p["W_r"] @ hp + p["U_r"] @ x + p["b_r"])
            ht = torch.tanh(p["W_h"] @ (r * hp) + p["U_h"] @ x + p["b_h"])
            return (1 - z) * hp + z * ht if variant == "chung" else z * hp + (1 - z) * ht

        return {"h_prev": lambda hp: step(p["x"], hp), "x": lambda xx: step(xx, p["h_prev"])}

    return make


CASES = [
    ("rnn", None, _rnn),
    ("lstm", None, _lstm),
    ("gru", "pytorch", _gru_torch),
    ("gru", "cho", _gru_hand("cho")),
    ("gru", "chung", _gru_hand("chung")),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("cell_name", "variant", "make"), CASES, ids=[c[0] + str(c[1]) for c in CASES]
)
def test_derived_jacobians_equal_autograd(cell_name, variant, make, seed) -> None:
    rng = np.random.default_rng(seed)
    env = environment(get_cell(cell_name, variant), rng, n=N, m=M)
    flat = _flat(env)
    functions = make(flat, rng)
    for derived in derive(cell_name, variant):
        target = TARGETS[derived.target]
        wrt = to_ascii(target.wrt)
        fn = functions[wrt]
        point = _t(flat[wrt])
        out = fn(point)
        if isinstance(out, tuple):  # LSTM: (h, c)
            index = 0 if target.of.name == "h" else 1
            torch_out = out[index].detach().numpy()

            def f(v, fn=fn, index=index):
                return fn(v)[index]
        else:
            torch_out = out.detach().numpy()
            f = fn
        assert np.allclose(torch_out, flat[target.of.name]), "torch forward differs from the spec"
        expected = torch.autograd.functional.jacobian(f, point).numpy()
        got = evaluate(derived.expr, env)
        assert got.shape == expected.shape == (N, N if target.shape[1] == "n" else M), wrt
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12, err_msg=derived.target)


def test_k_step_product_equals_autograd_through_an_unrolled_rnn_cell() -> None:
    from interviewkit.math.derive import rnn_k_step

    one_step = rnn_k_step().one_step
    rng = np.random.default_rng(4)
    cell_def = get_cell("rnn")
    env = environment(cell_def, rng, n=N, m=M)
    cell = torch.nn.RNNCell(M, N).double()
    _load(cell, _flat(env), ["W_x"], ["W_h"], ["b"], rng)
    xs = [rng.standard_normal(M) for _ in range(4)]
    h0 = _t(env["h@-1"][:, 0].copy())

    def unrolled(h0: torch.Tensor) -> torch.Tensor:
        h = h0
        for x in xs:
            h = cell(_t(x)[None], h[None])[0]
        return h

    product = np.eye(N)
    for x in xs:  # ∂h_k/∂h_0 = J_k ... J_1, each J_j at its own step
        env["x"] = x[:, None]
        for eq in cell_def.equations:
            env[eq.name] = evaluate(eq.rhs, env)
        product = evaluate(one_step, env) @ product
        env["h@-1"] = env["h"]
    expected = torch.autograd.functional.jacobian(unrolled, h0).numpy()
    np.testing.assert_allclose(product, expected, rtol=1e-10, atol=1e-12)


def test_lstm_total_cell_jacobian_equals_autograd_across_a_step() -> None:
    """diag(f) + C · diag(o_prev ⊙ (1 − tanh(c_prev)²)) is ∂c_t/∂c_{t-1} once h_{t-1} moves too."""
    from interviewkit.math.derive import lstm_joint_jacobian
    from interviewkit.math.expr import BinOp

    joint = lstm_joint_jacobian()
    rng = np.random.default_rng(8)
    cell_def = get_cell("lstm")
    env = environment(cell_def, rng, n=N, m=M)
    o_prev = 1 / (1 + np.exp(-rng.standard_normal((N, 1))))
    env["h@-1"] = o_prev * np.tanh(env["c@-1"])  # the previous step's output
    for eq in cell_def.equations:
        env[eq.name] = evaluate(eq.rhs, env)
    env["o@-1"] = o_prev
    flat = _flat(env)
    cell = torch.nn.LSTMCell(M, N).double()
    order = ["i", "f", "c", "o"]
    _load(cell, flat, [f"U_{g}" for g in order], [f"W_{g}" for g in order],
          [f"b_{g}" for g in order], rng)  # fmt: skip

    def c_next(c_prev: torch.Tensor) -> torch.Tensor:
        h_prev = _t(o_prev[:, 0]) * torch.tanh(c_prev)
        return cell(_t(flat["x"])[None], (h_prev[None], c_prev[None]))[1][0]

    c_prev = _t(flat["c_prev"])
    assert np.allclose(c_next(c_prev).detach().numpy(), flat["c"])
    expected = torch.autograd.functional.jacobian(c_next, c_prev).numpy()
    got = evaluate(BinOp("+", joint.direct, joint.through_h), env)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert not np.allclose(expected, np.diag(flat["f"]), atol=1e-3)
