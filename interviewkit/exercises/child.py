"""The child process that runs a learner's function: `python -m interviewkit.exercises.child DIR`.

It limits its own CPU time and memory first (resource.setrlimit), refuses torch when the
exercise is from scratch, imports the learner's file (its `__main__` block does not run), calls
the function on every case and writes the outputs as labelled float64 arrays. Whatever goes
wrong becomes one line in `result.json` that points at the learner's own code. Standard library
and numpy only: this runs before, and beside, the learner's code.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from interviewkit.exercises import wire

#: Autograd libraries a from-scratch exercise may not use.
BLOCKED = ("torch", "jax", "tensorflow")


class RunFailure(Exception):
    """One line for the learner, with the kind of failure (for tests and the JSON report)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class FromScratchImport(ImportError):
    """Raised by the import of an autograd library in a from-scratch exercise."""


class _Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        top = name.split(".")[0]
        if top in BLOCKED:
            raise FromScratchImport(
                f"{top} is not available: this exercise is from scratch (NumPy only)"
            )


def set_limits(seconds: float, memory_mb: int) -> None:
    """CPU seconds and memory for this process; no core files. Where the platform has no
    `resource` module the parent's wall-clock limit still applies.

    The memory limit is RLIMIT_DATA, the memory the process allocates (Linux counts every
    private writable mapping, numpy's arrays included), not RLIMIT_AS, the address space: a
    CUDA build of torch maps gigabytes of libraries, and under an address-space limit
    `import torch` itself failed ("failed to map segment from shared object")."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    cpu = max(1, int(seconds + 0.999))
    memory = int(memory_mb) << 20
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_DATA, (memory, memory)),
    ):
        try:
            resource.setrlimit(which, value)
        except (ValueError, OSError):  # a platform that refuses one
            continue


def where(exc: BaseException, path: Path, *, code: bool = True) -> str:
    """`file.py:12 in f (dW = da @ h)`: the learner's own line nearest to the error."""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames if _same_file(f.filename, path)]
    frame = mine[-1] if mine else (frames[-1] if frames else None)
    if frame is None:
        return path.name
    name = Path(frame.filename).name
    line = (frame.line or "").strip() if code else ""
    line = line if len(line) <= 60 else line[:57] + "..."
    inside = f" in {frame.name}" if frame.name != "<module>" else ""
    return f"{name}:{frame.lineno}{inside}" + (f" ({line})" if line else "")


def _same_file(a: str, b: Path) -> bool:
    try:
        return Path(a).resolve() == b
    except OSError:
        return False


def describe(exc: BaseException, path: Path, memory_mb: int) -> RunFailure:
    """An exception raised by the learner's code, as one line."""
    here = where(exc, path)
    if isinstance(exc, MemoryError):
        return RunFailure(
            "memory", f"needed more memory than the limit of {memory_mb} MiB at {here}"
        )
    if isinstance(exc, FromScratchImport):
        return RunFailure("torch", f"{here}: {exc}; remove the import")
    if isinstance(exc, NotImplementedError):
        here = where(exc, path, code=False)
        return RunFailure("todo", f"{here}: not written yet (NotImplementedError): write its body")
    if isinstance(exc, SystemExit):
        return RunFailure("exception", f"{here}: the code called exit(); return the values")
    text = " ".join(str(exc).split())
    text = text if len(text) <= 160 else text[:157] + "..."
    return RunFailure("exception", f"{here}: {type(exc).__name__}" + (f": {text}" if text else ""))


def load(path: Path, function: str, memory_mb: int) -> Any:
    """The learner's function, or a RunFailure saying why not."""
    spec = importlib.util.spec_from_file_location("learner_solution", path)
    if spec is None or spec.loader is None:
        raise RunFailure("missing", f"cannot load {path.name} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules["learner_solution"] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        line = f"{path.name}:{exc.lineno}" if exc.lineno else path.name
        raise RunFailure("syntax", f"{line}: syntax error: {exc.msg}") from None
    except BaseException as exc:  # the file's top level raised: say where, in one line
        raise describe(exc, path, memory_mb) from None
    found = getattr(module, function, None)
    if not callable(found):
        import difflib

        names = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")]
        names = [n for n in names if getattr(vars(module)[n], "__module__", "") == module.__name__]
        close = difflib.get_close_matches(function, names, n=1)
        hint = f" (it defines {close[0]}: rename it {function})" if close else ""
        if not close and names:
            hint = f" (it defines {', '.join(sorted(names)[:5])})"
        raise RunFailure("missing", f"{path.name} has no function {function}{hint}")
    return found


def as_numbers(value: Any, label: str) -> Any:
    """One returned value as a float64 array, or a RunFailure naming its wrong type."""
    import numpy as np

    if value is None:
        raise RunFailure("type", f"{label} is None; expected numbers (did you forget a return?)")
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        value = value.detach().cpu().double().numpy()
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            raise RunFailure("type", f"{label} is an array of {value.dtype}; expected numbers")
        return value.astype(np.float64)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    ):
        return np.asarray(float(value))
    kind = type(value).__name__
    fix = " (wrap it in np.array)" if isinstance(value, (list, tuple)) else ""
    raise RunFailure("type", f"{label} is a {kind}; expected a NumPy array or a number{fix}")


def flatten(result: Any, returns: list[dict[str, Any]], inputs: dict[str, Any], name: str):
    """The function's return value as {label: array}, following the exercise's outputs."""
    names = ", ".join(r["name"] for r in returns)
    if len(returns) == 1:
        values = [result]
    elif result is None:
        raise RunFailure("type", f"{name} returned None; expected ({names}): a missing return?")
    elif not isinstance(result, (tuple, list)):
        raise RunFailure(
            "type",
            f"{name} returned a {type(result).__name__}; expected a tuple of {len(returns)}: "
            f"({names})",
        )
    elif len(result) != len(returns):
        raise RunFailure(
            "type", f"{name} returned {len(result)} values; expected {len(returns)}: ({names})"
        )
    else:
        values = list(result)
    out: dict[str, Any] = {}
    for value, spec in zip(values, returns, strict=True):
        label = spec["name"]
        if spec["kind"] == "params":
            if not isinstance(value, dict):
                raise RunFailure(
                    "type", f"{label} is a {type(value).__name__}; expected a dict of arrays"
                )
            for key in spec["keys"]:
                if key not in value:
                    raise RunFailure("type", f"{label} has no key {key!r}")
                out[f"{label}[{key!r}]"] = as_numbers(value[key], f"{label}[{key!r}]")
        elif spec["kind"] == "arrays":
            wanted = len(inputs[spec["length_of"]])
            if not isinstance(value, (list, tuple)) or len(value) != wanted:
                raise RunFailure(
                    "type", f"{label} must be a list of {wanted} arrays (one per input array)"
                )
            for i, item in enumerate(value):
                out[f"{label}[{i}]"] = as_numbers(item, f"{label}[{i}]")
        else:
            out[label] = as_numbers(value, label)
    return out


def run(folder: Path) -> dict[str, Any]:
    """Do the whole job; returns what goes into result.json (arrays go to result.npz)."""
    job = json.loads((folder / wire.CASES_JSON).read_text(encoding="utf-8"))
    memory_mb = int(job["memory_mb"])
    set_limits(float(job["seconds"]), memory_mb)
    if job["from_scratch"]:
        sys.meta_path.insert(0, _Refuse())
    import numpy as np

    path = Path(job["file"]).resolve()
    sys.path.insert(0, str(path.parent))
    os.chdir(path.parent)
    with np.load(folder / wire.CASES_NPZ, allow_pickle=False) as stored:
        arrays = {k: stored[k] for k in stored.files}
    function = load(path, job["function"], memory_mb)
    saved: dict[str, Any] = {}
    cases: list[dict[str, str]] = []
    overflowed: list[bool] = []
    seen: list[str] = []  # the overflows of the case being run (a no_overflow exercise)
    np.seterrcall(lambda kind, flag: seen.append(kind))
    for number, packed in enumerate(job["cases"], 1):
        inputs = {name: wire.unpack(value, arrays) for name, value in packed.items()}
        given = {name: wire.unpack(value, arrays) for name, value in packed.items()}
        seen.clear()
        try:
            with np.errstate(over="call" if job.get("no_overflow") else "warn"):
                result = function(*(given[name] for name in job["args"]))
        except BaseException as exc:
            failure = describe(exc, path, memory_mb)
            raise RunFailure(failure.kind, f"case {number}: {failure.message}") from None
        overflowed.append(bool(seen))
        try:
            outputs = flatten(result, job["returns"], inputs, job["function"])
        except RunFailure as failure:
            raise RunFailure(failure.kind, f"case {number}: {failure.message}") from None
        labels = {}
        for label, value in outputs.items():
            key = f"r{len(saved)}"
            saved[key] = value
            labels[label] = key
        cases.append(labels)
    used = sorted({n.split(".")[0] for n in sys.modules} & set(BLOCKED))
    if job["from_scratch"] and used:  # the refusal was taken out of sys.meta_path
        raise RunFailure(
            "torch", f"{path.name} imported {used[0]}: this exercise is from scratch (NumPy only)"
        )
    np.savez(folder / wire.RESULT_NPZ, **saved)
    return {"ok": True, "cases": cases, "overflowed": overflowed}


def main() -> int:
    folder = Path(sys.argv[1])
    try:
        result = run(folder)
    except RunFailure as failure:
        result = {"ok": False, "kind": failure.kind, "message": failure.message}
    except MemoryError:
        result = {"ok": False, "kind": "memory", "message": "needed more memory than the limit"}
    (folder / wire.RESULT_JSON).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
