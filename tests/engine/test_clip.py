"""Clipping by norm keeps the direction (cosine 1); clipping by value does not."""

from __future__ import annotations

import pytest
import torch

from interviewkit.engine.clip import clip_demo, exploding_rnn, raw_gradient

CPU = torch.device("cpu")
CFG = dict(
    steps=20, hidden=16, batch=4, input_size=3, scale=1.5, input_scale=1e-6,
    max_norm=1.0, clip_value=0.1, seed=0, device=CPU,
)  # fmt: skip


def test_norm_clip_keeps_direction_value_clip_does_not():
    r = clip_demo(**CFG)
    assert r.raw_norm > 100  # it really explodes
    assert r.norm_by_steps[-1] > 50 * r.norm_by_steps[0]
    assert r.norm_clipped_norm == pytest.approx(1.0, rel=1e-5)
    assert r.cosine_norm_clip == pytest.approx(1.0, abs=1e-9)
    assert r.cosine_value_clip < 0.99
    assert 0 < r.fraction_components_clipped < 1


def test_torch_clip_grad_norm_is_the_rule_in_words():
    """if ‖g‖ > τ then g ← τ·g/‖g‖, written out, against torch's clip_grad_norm_."""
    rnn, head = exploding_rnn(3, 8, 1.5, seed=1, device=CPU)
    gen = torch.Generator().manual_seed(1)
    x = 1e-6 * torch.randn(2, 15, 3, generator=gen)
    y = torch.randn(2, generator=gen)
    g = raw_gradient(rnn, head, x, y)
    tau = 0.5
    expected = tau * g / g.norm() if g.norm() > tau else g
    params = [*rnn.parameters(), *head.parameters()]
    torch.nn.utils.clip_grad_norm_(params, tau)
    clipped = torch.cat([p.grad.flatten() for p in params])
    assert torch.allclose(clipped, expected, rtol=1e-5, atol=1e-12)


def test_no_clipping_below_the_threshold():
    r = clip_demo(**{**CFG, "steps": 2, "max_norm": 1e9, "clip_value": 1e9})
    assert r.norm_clipped_norm == pytest.approx(r.raw_norm)
    assert r.value_clipped_norm == pytest.approx(r.raw_norm)
    assert r.fraction_components_clipped == 0
