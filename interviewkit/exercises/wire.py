"""How the checker and the child process that runs the learner's code talk: JSON plus one
`.npz` of arrays each way, never pickle.

The parent writes the cases (`pack`), the child reads them (`unpack`), calls the function and
writes back its outputs as labelled float64 arrays. Both files are read with
`allow_pickle=False`, so nothing the learner's code returns can run code in the checker.
Standard library and numpy only: the child imports this before the learner's file.
"""

from __future__ import annotations

from typing import Any

CASES_JSON = "cases.json"
CASES_NPZ = "cases.npz"
RESULT_JSON = "result.json"
RESULT_NPZ = "result.npz"


def pack(value: Any, arrays: dict[str, Any]) -> Any:
    """`value` as JSON, its arrays moved into `arrays` under fresh keys."""
    import numpy as np

    if isinstance(value, np.ndarray):
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"array": key}
    if isinstance(value, dict):
        return {"dict": {str(k): pack(v, arrays) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"list": [pack(v, arrays) for v in value]}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    raise TypeError(f"cannot send a {type(value).__name__} to the child process")


def unpack(obj: Any, arrays: Any) -> Any:
    """The inverse of `pack` (arrays are copies, so the learner may change them in place)."""
    if "array" in obj:
        return arrays[obj["array"]].copy()
    if "dict" in obj:
        return {k: unpack(v, arrays) for k, v in obj["dict"].items()}
    if "list" in obj:
        return [unpack(v, arrays) for v in obj["list"]]
    return obj["value"]
