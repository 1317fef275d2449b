"""Every target of every built-in cell, derived by SymPy, equals torch autograd.

- Jacobians: `torch.autograd.functional.jacobian` of one step;
- one step of the backward pass: a loss L = Σ_S g_S·S with random g_S, its gradients with
  respect to the previous states, the input, every parameter and every pre-activation or state
  (made a leaf); the totals d_Y a derived form may use are autograd's too;
- through time: an unrolled sequence with a loss at every step, L = Σ_t g_t·h_t; each step's
  totals from `retain_grad`, the parameters' totals from `.grad`.
float64, n ≠ m, several seeds; the helpers are in autograd_truth.py.
"""

from __future__ import annotations

import pytest
from autograd_truth import check_backward, check_bptt, check_jacobians

from interviewkit.math.cells import builtins
from interviewkit.math.cellspec import CellSpec

SEEDS = (0, 1)
CELLS = list(builtins().values())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("spec", CELLS, ids=lambda s: s.id)
def test_jacobians_equal_autograd(spec: CellSpec, seed: int) -> None:
    check_jacobians(spec, seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("spec", CELLS, ids=lambda s: s.id)
def test_backward_pass_equals_autograd(spec: CellSpec, seed: int) -> None:
    check_backward(spec, seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("spec", CELLS, ids=lambda s: s.id)
def test_bptt_equals_autograd(spec: CellSpec, seed: int) -> None:
    check_bptt(spec, seed)
