"""Gradient clipping on an exploding RNN gradient: by norm keeps the direction, by value does not.

Clipping by norm is the rule: if ‖g‖ > τ then g ← τ·g/‖g‖ (one scale for the whole gradient,
so the cosine with the raw gradient is 1). Clipping by value caps each component at ±v on its
own, which changes the direction (cosine below 1). Both are applied here with torch's own
`clip_grad_norm_` and `clip_grad_value_` to the gradient of a real `torch.nn.RNN`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from interviewkit.engine.device import check_memory, check_positive


@dataclass
class ClipResult:
    steps: int
    num_params: int
    raw_norm: float
    norm_clipped_norm: float
    value_clipped_norm: float
    cosine_norm_clip: float
    cosine_value_clip: float
    fraction_components_clipped: float
    max_norm: float
    clip_value: float
    norm_by_steps: list[float]  # ‖g‖ of the raw gradient for sequence lengths 1..steps

    def to_dict(self) -> dict:
        return asdict(self)


def exploding_rnn(input_size: int, hidden: int, scale: float, seed: int, device):
    """A tanh `nn.RNN` whose W_hh is `scale` times an orthogonal matrix (ρ = σ_max = scale),
    with zero biases."""
    import torch

    torch.manual_seed(seed)
    rnn = torch.nn.RNN(input_size, hidden, batch_first=True)
    head = torch.nn.Linear(hidden, 1)
    with torch.no_grad():
        torch.nn.init.orthogonal_(rnn.get_parameter("weight_hh_l0"))
        rnn.get_parameter("weight_hh_l0").mul_(scale)
        # a bias would drive the state into saturation; small inputs keep tanh near its
        # linear range, where the gradient explodes
        rnn.get_parameter("bias_ih_l0").zero_()
        rnn.get_parameter("bias_hh_l0").zero_()
    return rnn.to(device), head.to(device)


def raw_gradient(rnn, head, x, y):
    """The flattened gradient of the MSE of the last step's readout, one backward pass."""
    import torch

    for p in (*rnn.parameters(), *head.parameters()):
        p.grad = None
    out, _ = rnn(x)
    loss = torch.nn.functional.mse_loss(head(out[:, -1]).squeeze(-1), y)
    loss.backward()
    return torch.cat([p.grad.flatten() for p in (*rnn.parameters(), *head.parameters())])


def clip_demo(
    *,
    steps: int,
    hidden: int,
    batch: int,
    input_size: int,
    scale: float,
    input_scale: float,
    max_norm: float,
    clip_value: float,
    seed: int,
    device,
) -> ClipResult:
    """Measure the raw gradient for lengths 1..steps, then clip the longest one both ways."""
    import torch

    check_positive(
        steps=steps,
        hidden=hidden,
        batch=batch,
        input=input_size,
        scale=scale,
        input_scale=input_scale,
        max_norm=max_norm,
        clip_value=clip_value,
    )
    check_memory(64 * batch * steps * (hidden + input_size) + 64 * hidden * hidden, device, "clip")
    rnn, head = exploding_rnn(input_size, hidden, scale, seed, device)
    gen = torch.Generator().manual_seed(seed)
    x = (input_scale * torch.randn(batch, steps, input_size, generator=gen)).to(device)
    y = torch.randn(batch, generator=gen).to(device)
    by_steps = [
        raw_gradient(rnn, head, x[:, :t], y).double().norm().item() for t in range(1, steps)
    ]
    raw = raw_gradient(rnn, head, x, y)
    by_steps.append(raw.double().norm().item())
    params = [*rnn.parameters(), *head.parameters()]

    def clipped(clip) -> torch.Tensor:
        _ = raw_gradient(rnn, head, x, y)  # fresh .grad on every parameter
        clip(params)
        return torch.cat([p.grad.flatten() for p in params])

    by_norm = clipped(lambda ps: torch.nn.utils.clip_grad_norm_(ps, max_norm))
    by_value = clipped(lambda ps: torch.nn.utils.clip_grad_value_(ps, clip_value))
    cos = torch.nn.functional.cosine_similarity
    r64 = raw.double()
    return ClipResult(
        steps=steps,
        num_params=raw.numel(),
        raw_norm=r64.norm().item(),
        norm_clipped_norm=by_norm.double().norm().item(),
        value_clipped_norm=by_value.double().norm().item(),
        cosine_norm_clip=cos(by_norm.double(), r64, dim=0).item(),
        cosine_value_clip=cos(by_value.double(), r64, dim=0).item(),
        fraction_components_clipped=(raw.abs() > clip_value).double().mean().item(),
        max_norm=max_norm,
        clip_value=clip_value,
        norm_by_steps=by_steps,
    )
