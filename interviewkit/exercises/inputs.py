"""Drawing one case's arguments: arrays and parameter dicts of the spec's shapes, with numpy.

The draws are plain normal numbers with a scale per argument, small enough that tanh and the
sigmoid gates are not saturated (a saturated gate hides a wrong slope behind a zero gradient).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewkit.exercises.spec import Sizes, Value, evaluate_shape


def normal(rng: Any, sizes: Sizes, shape: str, scale: float = 1.0) -> Any:
    """An array of the symbolic `shape` with N(0, scale²) entries."""
    return rng.standard_normal(evaluate_shape(shape, sizes)) * scale


def draw(
    rng: Any,
    sizes: Sizes,
    args: tuple[Value, ...],
    scales: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Every array and parameter-dict argument of `args`, each with its scale (default 1; a
    parameter dict's scale may be given per key prefix, e.g. `W_` or `b_`)."""
    scales = scales or {}
    out: dict[str, Any] = {}
    for arg in args:
        if arg.kind == "array":
            out[arg.name] = normal(rng, sizes, arg.shape, scales.get(arg.name, 1.0))
        elif arg.kind == "params":
            out[arg.name] = {
                key: normal(rng, sizes, shape, _key_scale(scales, key))
                for key, shape in zip(arg.keys, arg.key_shapes, strict=True)
            }
    return out


def _key_scale(scales: Mapping[str, float], key: str) -> float:
    if key in scales:
        return scales[key]
    for prefix, scale in scales.items():
        if prefix.endswith("_") and key.startswith(prefix):
            return scale
    return 1.0
