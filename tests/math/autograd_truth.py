"""Torch autograd as the truth for any cell's targets: the helpers of the autograd tests.

The cell runs in torch through `engine.cellmodule` (the interpreter's torch back end), float64.
`check_jacobians`, `check_backward` and `check_bptt` compare every derived target of a cell with
autograd, evaluating the derived trees with numpy where every total d_Y is autograd's too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from interviewkit.engine.cellmodule import step
from interviewkit.math import points
from interviewkit.math.cells import draw_inputs, forward
from interviewkit.math.cellspec import CellSpec
from interviewkit.math.derive import CellDerivation
from interviewkit.math.evaluate import evaluate
from interviewkit.math.interpret import key
from interviewkit.math.reference import references
from interviewkit.math.targets import BACKWARD, JACOBIAN, RECURSION, TOTAL, spec_targets

N, M, T = 5, 3, 4


def _t(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=grad)


def _close(got: np.ndarray, want: np.ndarray, what: str) -> None:
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-11, err_msg=what)


def _point(spec: CellSpec, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    env: dict[str, Any] = {}
    draw_inputs(spec, rng, env, N, M)
    forward(spec, env)
    for s in spec.states:
        env[f"g_{s}"] = rng.standard_normal((N, 1))
    return env


def _params(spec: CellSpec, env: dict[str, Any], grad: bool = False) -> dict[str, torch.Tensor]:
    return {p: _t(env[p], grad) for p in spec.params}


def _run(spec, env, params, x=None, prev=None, override=None) -> dict[str, torch.Tensor]:
    x = _t(env[key(spec.input)]) if x is None else x
    prev = prev or {s: _t(env[key(s, -1)]) for s in spec.states}
    return step(spec, params, x, prev, override)


def check_jacobians(spec: CellSpec, seed: int) -> None:
    """Every Jacobian target of `spec` equals `torch.autograd.functional.jacobian`."""
    env = _point(spec, seed)
    params = _params(spec, env)
    work = CellDerivation(spec)
    for t in [t for t in spec_targets(spec) if t.kind == JACOBIAN]:
        wrt = t.wrt
        v0 = _t(env[key(wrt.name, wrt.step)])

        def f(v: torch.Tensor, wrt=wrt, of=t.of.name) -> torch.Tensor:
            if wrt.name == spec.input:
                return _run(spec, env, params, x=v)[of]
            if wrt.step == -1:
                prev = {s: (v if s == wrt.name else _t(env[key(s, -1)])) for s in spec.states}
                return _run(spec, env, params, prev=prev)[of]
            return _run(spec, env, params, override={wrt.name: v})[of]

        want = torch.autograd.functional.jacobian(f, v0).reshape(N, -1).numpy()
        got = evaluate(work.target(t).expr, env)
        _close(got, want, t.name)


def _grad(loss: torch.Tensor, leaves: list[torch.Tensor]) -> list[torch.Tensor]:
    """∂loss/∂leaf for each leaf; zeros for a leaf the loss does not depend on (a dead gate)."""
    if not loss.requires_grad:
        return [torch.zeros_like(leaf) for leaf in leaves]
    grads = torch.autograd.grad(loss, leaves, allow_unused=True)
    return [
        torch.zeros_like(leaf) if g is None else g for g, leaf in zip(grads, leaves, strict=True)
    ]


def _true_totals(spec: CellSpec, env: dict[str, Any]) -> dict[str, np.ndarray]:
    """Autograd's ∂L/∂X for every defined name, the input and the previous states."""
    params = _params(spec, env)
    out: dict[str, np.ndarray] = {}

    def loss(values: dict[str, torch.Tensor]) -> torch.Tensor:
        return sum((_t(env[f"g_{s}"]) * values[s]).sum() for s in spec.states)  # type: ignore[return-value]

    for name in spec.defined:
        leaf = _t(env[key(name)], True)
        (grad,) = _grad(loss(_run(spec, env, params, override={name: leaf})), [leaf])
        out[key(f"d_{name}")] = grad.numpy()
    x = _t(env[key(spec.input)], True)
    prev = {s: _t(env[key(s, -1)], True) for s in spec.states}
    grads = _grad(loss(_run(spec, env, params, x=x, prev=prev)), [x, *prev.values()])
    out[key(f"d_{spec.input}")] = grads[0].numpy()
    for s, g in zip(spec.states, grads[1:], strict=True):
        out[key(f"d_{s}", -1)] = g.numpy()
    return out


def check_backward(spec: CellSpec, seed: int) -> None:
    """Every one-step backward-pass target equals autograd's gradient of Σ_S g_S·S."""
    env = _point(spec, seed)
    env.update(_true_totals(spec, env))
    params = _params(spec, env, grad=True)
    values = _run(spec, env, params)
    loss = sum((_t(env[f"g_{s}"]) * values[s]).sum() for s in spec.states)
    param_grads = dict(zip(params, _grad(loss, list(params.values())), strict=True))
    refs = references(spec).targets
    work = CellDerivation(spec)
    for t in [t for t in spec_targets(spec) if t.kind == BACKWARD]:
        wrt = t.wrt
        if wrt.name in spec.params:
            want = param_grads[wrt.name].numpy()
        else:
            want = env[key(f"d_{wrt.name}", wrt.step)]
        derived = work.target(t)
        _close(evaluate(derived.expr, env), want, t.name)
        if derived.expanded is not None:
            _close(evaluate(derived.expanded, env), want, f"{t.name} written out")
        assert refs[t.name].expr == derived.expr  # the committed cache serves the same tree


def _autograd_sequence(spec: CellSpec, steps: list[dict[str, Any]]) -> tuple[list, dict]:
    """Unroll `steps` (from points.unrolled) in torch; every step's totals and the params'."""
    params = {p: _t(steps[0][p], True) for p in spec.params}
    state = {s: _t(steps[0][key(s, -1)]) for s in spec.states}
    xs, values = [], []
    for k, env in enumerate(steps):
        x = _t(env[key(spec.input)], True)
        if k == 0:  # step 0 only sets the scene: h_0 is given, not computed with the weights
            with torch.no_grad():
                v = step(spec, {p: t.detach() for p, t in params.items()}, x, state)
        else:
            v = step(spec, params, x, state)
            for tensor in v.values():
                tensor.retain_grad()
        xs.append(x)
        values.append(v)
        state = {s: v[s] for s in spec.states}
    first = spec.states[0]
    loss = sum((_t(env["g"]) * v[first]).sum() for env, v in zip(steps, values, strict=True))
    loss.backward()

    def grad(tensor: torch.Tensor) -> np.ndarray:
        return np.zeros(tuple(tensor.shape)) if tensor.grad is None else tensor.grad.numpy()

    totals = [
        {**{key(f"d_{n}"): grad(v[n]) for n in spec.defined}, key(f"d_{spec.input}"): grad(x)}
        for v, x in zip(values, xs, strict=True)
    ]
    return totals, {p: grad(t) for p, t in params.items()}


def check_bptt(spec: CellSpec, seed: int) -> None:
    """Every recursion and total equals autograd through an unrolled sequence, and the truth
    `check` grades sequences against (`points.unrolled`) is autograd's."""
    local = references(spec).local
    steps = points.unrolled(spec, np.random.default_rng(seed), local)
    totals, param_totals = _autograd_sequence(spec, steps)
    for k, (env, true) in enumerate(zip(steps, totals, strict=True)):
        if k == 0:
            continue  # before the sequence: no loss reaches the weights through step 0
        for name, value in true.items():  # the truth check grades against is autograd's
            _close(env[name], value, f"step {k}: {name}")
        env.update(true)
    windows = points.windows(spec, steps)
    work = CellDerivation(spec)
    for t in [t for t in spec_targets(spec) if t.kind in (RECURSION, TOTAL)]:
        expr = work.target(t).expr
        if t.kind == TOTAL:
            _close(evaluate(expr, windows[0]), param_totals[t.wrt.name], t.name)
            continue
        for k, env in enumerate(windows, start=1):
            _close(evaluate(expr, env), env[key(f"d_{t.wrt.name}")], f"{t.name} at t={k}")
