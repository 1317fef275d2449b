"""σ_max versus ρ: the non-normal W_h grows for many steps although ρ < 1."""

from __future__ import annotations

import pytest
import torch

from interviewkit.engine.spectral import (
    analyse,
    gaussian_w,
    jacobian_product_norms,
    nonnormal_w,
    run_spectral,
)

CPU = torch.device("cpu")


def test_nonnormal_w_transient_growth_with_spectral_radius_below_one():
    w = nonnormal_w(16)
    run = analyse("non-normal", w, scale=None, steps=150, input_scale=1e-3, seed=0)
    assert run.spectral_radius < 1 < run.sigma_max
    # grows for many steps, well above 1, then decays below 1
    assert run.peak > 5 and run.peak_step >= 10
    assert all(b > a for a, b in zip(run.jacobian_norm[:8], run.jacobian_norm[1:9], strict=True))
    assert run.jacobian_norm[-1] < 1 < run.peak


def test_small_sigma_max_guarantees_decay_and_respects_the_bound():
    w = gaussian_w(16, 0.3, seed=1, device=CPU)
    run = analyse("small", w, scale=0.3, steps=50, input_scale=1e-2, seed=0)
    assert run.sigma_max < 1
    for measured, bound in zip(run.jacobian_norm, run.pascanu_bound, strict=True):
        assert measured <= bound * (1 + 1e-9)
    assert run.jacobian_norm[-1] < 1e-10


def test_product_equals_autograd_jacobian():
    """P_T built step by step is ∂h_T/∂h_0 as autograd computes it (nonzero start, real drive)."""
    w = gaussian_w(6, 1.1, seed=2, device=CPU)
    steps, scale = 9, 0.3
    _, _, p = jacobian_product_norms(w, steps, scale, seed=4)
    gen = torch.Generator().manual_seed(4)
    drive = scale * torch.randn(steps, 6, generator=gen, dtype=torch.float64)

    def h_final(h0):
        h = h0
        for t in range(steps):
            h = torch.tanh(w @ h + drive[t])
        return h

    jac = torch.autograd.functional.jacobian(h_final, torch.zeros(6, dtype=torch.float64))
    assert torch.allclose(p, jac, atol=1e-12)


def test_sigma_and_rho_are_right_for_the_nonnormal_matrix():
    w = nonnormal_w(8, decay=0.9, coupling=3.0)
    run = analyse("nn", w, scale=None, steps=5, input_scale=0.0, seed=0)
    assert run.spectral_radius == pytest.approx(0.9)
    assert run.sigma_max == pytest.approx(torch.linalg.svdvals(w)[0].item())
    # with zero drive h stays 0, so the product is W^k exactly: entry k·coupling·decay^(k-1)
    assert run.jacobian_norm[0] == pytest.approx(run.sigma_max)


def test_sweep_order_and_labels():
    runs = run_spectral([0.5, 1.5], hidden=8, steps=20, input_scale=1e-3, seed=0, device=CPU)
    assert [r.label for r in runs] == ["gaussian ×0.5", "gaussian ×1.5", "non-normal"]
    assert runs[0].spectral_radius < runs[1].spectral_radius


@pytest.mark.cuda
def test_cuda_matches_cpu(cuda_device):
    a = analyse("a", nonnormal_w(8), scale=None, steps=40, input_scale=1e-3, seed=0)
    b = analyse(
        "b", nonnormal_w(8, device=cuda_device), scale=None, steps=40, input_scale=1e-3, seed=0
    )
    assert a.peak == pytest.approx(b.peak, rel=1e-6)
