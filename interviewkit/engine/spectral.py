"""σ_max versus ρ: which property of W_h decides whether ‖∏ ∂h_t/∂h_{t-1}‖ vanishes or explodes.

For a tanh RNN, ∂h_t/∂h_{t-1} = diag(1 − h_t²)·W_h. Pascanu, Mikolov and Bengio (2013) bound the
k-step product by (γ·σ_max)^k with γ = 1 for tanh, so σ_max < 1 guarantees vanishing. The spectral
radius ρ only fixes the rate in the long run: a non-normal W_h with ρ < 1 and σ_max > 1 amplifies
for many steps before it decays, so "ρ < 1" is not the condition the handbook makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from interviewkit.engine.device import check_memory, check_positive
from interviewkit.errors import EngineError


@dataclass
class SpectralRun:
    """One W_h: its σ_max and ρ, and ‖∂h_k/∂h_0‖₂ measured for k = 1..T along a trajectory."""

    label: str
    scale: float | None
    sigma_max: float
    spectral_radius: float
    steps: list[int]
    jacobian_norm: list[float]
    pascanu_bound: list[float]
    rate_per_step: float
    peak: float
    peak_step: int
    mean_tanh_derivative: float

    def to_dict(self) -> dict:
        return asdict(self)


def gaussian_w(hidden: int, scale: float, seed: int, device):
    """scale·G/√H with G standard normal: ρ ≈ scale and σ_max ≈ 2·scale for large H."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    g = torch.randn(hidden, hidden, generator=gen, dtype=torch.float64)
    return (scale * g / hidden**0.5).to(device)


def nonnormal_w(hidden: int, decay: float = 0.95, coupling: float = 2.0, device=None):
    """Pairs of units where unit 2i+1 feeds unit 2i with weight `coupling`, each leaking by
    `decay`: eigenvalues all equal `decay` (ρ < 1) but σ_max ≈ coupling (> 1), and the k-step
    product has the entry k·coupling·decay^(k-1), which grows before it decays."""
    import torch

    w = decay * torch.eye(hidden, dtype=torch.float64)
    for i in range(0, hidden - 1, 2):
        w[i, i + 1] = coupling
    return w.to(device) if device is not None else w


def jacobian_product_norms(w, steps: int, input_scale: float, seed: int):
    """Run h_t = tanh(W h_{t-1} + d_t) from h_0 = 0 with drive d_t ~ N(0, input_scale²) and
    return (‖∂h_k/∂h_0‖₂ for k = 1..steps, the mean tanh′ along the way, and ∂h_T/∂h_0).

    The product is built step by step, P_k = diag(1 − h_k²)·W·P_{k−1}: one H×H matmul a step.
    """
    import torch

    hidden = w.shape[0]
    gen = torch.Generator().manual_seed(seed)
    drive = (input_scale * torch.randn(steps, hidden, generator=gen, dtype=w.dtype)).to(w.device)
    h = torch.zeros(hidden, dtype=w.dtype, device=w.device)
    p = torch.eye(hidden, dtype=w.dtype, device=w.device)
    norms, deriv = [], []
    for t in range(steps):
        h = torch.tanh(w @ h + drive[t])
        d = 1 - h * h
        p = d[:, None] * (w @ p)
        norms.append(p)
        deriv.append(d.mean())
    n = torch.linalg.matrix_norm(torch.stack(norms), ord=2)
    return n.cpu().tolist(), torch.stack(deriv).mean().item(), p


def analyse(label: str, w, *, scale: float | None, steps: int, input_scale: float, seed: int):
    """σ_max, ρ, the measured norms, the Pascanu bound σ_max^k (γ = 1 for tanh) and summaries."""
    import torch

    sigma = torch.linalg.matrix_norm(w, ord=2).item()
    rho = torch.linalg.eigvals(w).abs().max().item()
    norms, mean_d, _ = jacobian_product_norms(w, steps, input_scale, seed)
    peak = max(norms)
    return SpectralRun(
        label=label,
        scale=scale,
        sigma_max=sigma,
        spectral_radius=rho,
        steps=list(range(1, steps + 1)),
        jacobian_norm=norms,
        pascanu_bound=[sigma**k for k in range(1, steps + 1)],
        rate_per_step=norms[-1] ** (1 / steps) if norms[-1] > 0 else 0.0,
        peak=peak,
        peak_step=norms.index(peak) + 1,
        mean_tanh_derivative=mean_d,
    )


def run_spectral(
    scales: list[float],
    *,
    hidden: int,
    steps: int,
    input_scale: float,
    seed: int,
    device,
    nonnormal: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[SpectralRun]:
    """The sweep over scales of one Gaussian W_h, then the non-normal W_h; `progress(done)`
    is told how many of the runs are done (a large H and T take minutes)."""
    check_positive(hidden=hidden, steps=steps, **{f"scale {s}": s for s in scales})
    if input_scale < 0:
        raise EngineError(f"input_scale must be zero or positive, got {input_scale:g}")
    # the stacked k-step products dominate: T matrices of H×H float64
    check_memory(16 * steps * hidden * hidden + 10**6, device, "this spectral sweep")
    matrices: list[tuple[str, float | None, Callable[[], Any]]] = [
        (f"gaussian ×{s:g}", s, partial(gaussian_w, hidden, s, seed, device)) for s in scales
    ]
    if nonnormal:
        matrices.append(("non-normal", None, lambda: nonnormal_w(hidden, device=device)))
    runs = []
    for label, scale, make in matrices:
        runs.append(
            analyse(label, make(), scale=scale, steps=steps, input_scale=input_scale, seed=seed)
        )
        if progress is not None:
            progress(len(runs))
    return runs
