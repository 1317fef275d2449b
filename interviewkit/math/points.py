"""The random points at which `check` compares answers, for any target of any cell.

- Jacobians: independent random points of one step (weights, input, previous states), with
  every name the equations define computed from them.
- One step of the backward pass: the same, plus random upstream gradients `g_S` and the true
  totals `d_X` that follow from them (a learner may use those, as earlier lines of a
  derivation).
- Through time: random sequences, unrolled forward from a random state; losses at steps
  1..T with random `g_t`; the true totals at every step, from the last back (zero after T).
  Each step's environment holds the names at t-1, t and t+1 and, for Σ_t, every step.

The true totals are computed from the cell's local backward forms (`reference.local`), which
the tests prove equal to torch autograd.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from interviewkit.math.cells import draw_inputs, forward
from interviewkit.math.evaluate import evaluate
from interviewkit.math.interpret import Env, key

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.expr import Expr

#: Sizes of the random cell: n ≠ m, so shapes tell W_* from U_*.
N, M = 3, 2
#: Steps of a random sequence.
T = 4


def one_step(spec: CellSpec, rng: np.random.Generator) -> Env:
    """A random point of one step: inputs, then every equation's value."""
    env = Env()
    draw_inputs(spec, rng, env, N, M)
    forward(spec, env)
    return env


def with_gradients(
    spec: CellSpec, env: Env, rng: np.random.Generator, local: dict[str, Expr]
) -> Env:
    """`env` with random upstream gradients g_S and the totals d_X they imply."""
    for s in spec.states:
        env[f"g_{s}"] = rng.standard_normal((N, 1))
    _totals(spec, env, local)
    return env


def _totals(spec: CellSpec, env: dict[str, Any], local: dict[str, Expr]) -> None:
    """Evaluate every total d_X at this step from the upstream gradients in `env`."""
    for k, form in local.items():
        name, _, step = k.partition("@")
        if name in spec.params:
            continue
        env[key(f"d_{name}", int(step) if step else 0)] = evaluate(form, env)


def share(spec: CellSpec, env: dict[str, Any], local: dict[str, Expr], param: str) -> np.ndarray:
    """This step's share of a parameter's gradient."""
    return evaluate(local[param], env)


def unrolled(
    spec: CellSpec, rng: np.random.Generator, local: dict[str, Expr]
) -> list[dict[str, Any]]:
    """A random sequence, steps 0..T+1, each a dict of that step's values and totals.

    Step 0 sets the scene for t-1 at t = 1, step T+1 for t+1 at t = T (it has no loss, so its
    totals are 0). The losses of steps 1..T have random `g`.
    """
    steps: list[dict[str, Any]] = []
    params: dict[str, Any] = {}
    draw_inputs(spec, rng, params, N, M)
    previous = {s: params[key(s, -1)] for s in spec.states}
    for k in range(T + 2):
        env: dict[str, Any] = {p: params[p] for p in spec.params}
        env["I"] = params["I"]
        env[key(spec.input)] = rng.standard_normal((M, 1))
        for s in spec.states:
            env[key(s, -1)] = previous[s]
        forward(spec, env)
        previous = {s: env[key(s)] for s in spec.states}
        env["g"] = rng.standard_normal((N, 1)) if 1 <= k <= T else np.zeros((N, 1))
        steps.append(env)
    # totals from the last step back: what reaches a state from step k+1 is step k+1's d_S_prev
    after: dict[str, Any] = {s: np.zeros((N, 1)) for s in spec.states}
    first = spec.states[0]
    for k in range(T + 1, -1, -1):
        env = steps[k]
        for s in spec.states:
            env[f"g_{s}"] = after[s] + (env["g"] if s == first else 0.0)
        _totals(spec, env, local)
        after = {s: env[key(f"d_{s}", -1)] for s in spec.states}
    return steps


def sequence(spec: CellSpec, rng: np.random.Generator, local: dict[str, Expr]) -> list[Env]:
    """The environments of steps 1..T of a random sequence (each with t-1, t and t+1 names,
    and all of them in `across` for Σ_t)."""
    return windows(spec, unrolled(spec, rng, local))


def windows(spec: CellSpec, steps: list[dict[str, Any]]) -> list[Env]:
    """Steps 1..T of an unrolled sequence as environments with t-1, t and t+1 names."""
    names = [spec.input, *spec.states, *spec.defined, "g"]
    names += [f"d_{n}" for n in (spec.input, *spec.states, *spec.defined)]
    names = list(dict.fromkeys(names))
    out: list[Env] = []
    for t in range(1, len(steps) - 1):
        env = Env({p: steps[t][p] for p in spec.params})
        env["I"] = steps[t]["I"]
        for name in names:
            for step in (-1, 0, 1):
                value = steps[t + step].get(key(name))
                if value is not None:
                    env[key(name, step)] = value
        out.append(env)
    for env in out:
        env.with_steps(out)
    return out
