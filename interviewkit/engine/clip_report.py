"""`demo clip` as the learner reads it: options in, the table, the sentences and the plot out.

The measurement is `engine/clip.py`; `growth_sentence` says how the raw norm changed with T in
a verb the numbers agree with.
"""

from __future__ import annotations

import argparse
from typing import Any

from interviewkit.engine.cliargs import number, positive_int
from interviewkit.engine.device import setup
from interviewkit.engine.report import emit, fmt, prose, run_doc, table


def run(args: argparse.Namespace) -> int:
    """Parse the options, clip one exploding gradient both ways, and show the result."""
    sizes: dict[str, Any] = dict(
        steps=positive_int(args.steps, "--steps"),
        hidden=positive_int(args.hidden, "--hidden"),
        batch=positive_int(args.batch, "--batch"),
        input_size=positive_int(args.input, "--input"),
        scale=number(args.scale, "--scale", positive=True),
        input_scale=number(args.input_scale, "--input-scale", positive=True),
        max_norm=number(args.max_norm, "--max-norm", positive=True),
        clip_value=number(args.clip_value, "--clip-value", positive=True),
    )
    choice, seed = setup(args)

    from interviewkit.engine.clip import clip_demo
    from interviewkit.engine.plotting import Figure

    r = clip_demo(**sizes, seed=seed, device=choice.device)
    config = {("input" if k == "input_size" else k): v for k, v in sizes.items()}
    doc = {**run_doc(choice, seed), "config": config, **r.to_dict()}
    tau = r.max_norm
    lines = [
        *prose(
            [
                f"device: {choice.note}; tanh nn.RNN, W_hh = {sizes['scale']:g}·orthogonal, "
                f"T={r.steps}, {r.num_params} parameters, seed {seed}",
                growth_sentence(r.norm_by_steps),
            ]
        ),
        "",
        results_table(r),
        "",
        *prose(
            [
                "clip by norm: if ‖g‖ > τ then g ← τ·g/‖g‖, one factor for all, same direction.",
                "clip by value caps each component at ±v on its own, so the direction changes "
                f"(cosine {r.cosine_value_clip:.3f}).",
            ]
        ),
    ]
    fig = Figure("global gradient norm against sequence length", "T", "‖g‖", logy=True)
    xs = list(range(1, r.steps + 1))
    fig.add("raw", xs, r.norm_by_steps)
    fig.add(f"after clip by norm (τ={tau:g})", xs, [min(g, tau) for g in r.norm_by_steps])
    emit(args, doc, "\n".join(lines), fig)
    return 0


def results_table(r) -> str:
    """The raw gradient and its two clipped versions: norm, cosine to the raw one, what changed."""
    rows = [
        ["raw gradient", fmt(r.raw_norm), "1", "-"],
        [
            f"clip by norm, τ = {r.max_norm:g}",
            fmt(r.norm_clipped_norm),
            f"{r.cosine_norm_clip:.6f}",
            "all, one factor",
        ],
        [
            f"clip by value, v = {r.clip_value:g}",
            fmt(r.value_clipped_norm),
            f"{r.cosine_value_clip:.6f}",
            f"{100 * r.fraction_components_clipped:.1f} % of components",
        ],
    ]
    return table(["gradient", "‖g‖", "cos(g, raw)", "changed"], rows)


def growth_sentence(norms: list[float]) -> str:
    """How the raw norm changed with T, in a verb the numbers agree with."""
    first, last = norms[0], norms[-1]
    if len(norms) == 1:
        return f"the raw global norm is {fmt(first)} at T=1 (add --steps to watch it grow)"
    verb = "grew" if last > first else ("shrank" if last < first else "stayed")
    return f"the raw global norm {verb} from {fmt(first)} (T=1) to {fmt(last)} (T={len(norms)})"
