"""Reference answers for `check`, keyed by a hash of the cell's spec.

For the built-in cells they are served from a committed start-up cache, `references.json`, so
checking never loads SymPy; a test proves the file equals a fresh derivation. A learner's cell
file (or a built-in edited since the cache was written) gets its references derived by SymPy
once per content, kept in memory under its spec's digest: an edit makes a new digest.

Each cell's entry holds every target's derived tree (and, for gradients, the form written out
down to the upstream gradients), and the local backward forms `d_X` that `check` evaluates to
know the true totals a learner may use. After changing a cell or the derivation, regenerate with

    python -m interviewkit.math.reference --write

(`--check` exits 1 when the file is stale). Serving imports neither SymPy nor numpy.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from interviewkit.errors import NotationError
from interviewkit.math.cellspec import CellSpec
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, SumSteps, Sym, Transpose
from interviewkit.math.targets import Target, spec_targets

CACHE_PATH = Path(__file__).with_name("references.json")
FORMAT_VERSION = 2
_LOCK = threading.Lock()


# --- expression trees as JSON: small nested lists ---------------------------------------------


def expr_to_json(e: Expr) -> Any:
    """`["@", ["diag", ...], ["sym", "W_h"]]`-style nested lists; inverse of `expr_from_json`."""
    if isinstance(e, Sym):
        return ["sym", e.name] if e.step == 0 else ["sym", e.name, e.step]
    if isinstance(e, Num):
        return ["num", e.value]
    if isinstance(e, Neg):
        return ["neg", expr_to_json(e.operand)]
    if isinstance(e, Transpose):
        return ["T", expr_to_json(e.operand)]
    if isinstance(e, Pow):
        return ["pow", expr_to_json(e.base), e.exponent]
    if isinstance(e, Call):
        return ["call", e.func, expr_to_json(e.arg)]
    if isinstance(e, SumSteps):
        return ["sum", expr_to_json(e.body)]
    return [e.op, expr_to_json(e.left), expr_to_json(e.right)]


def expr_from_json(data: Any) -> Expr:
    """The tree that `expr_to_json` wrote."""
    tag = data[0]
    if tag == "sym":
        return Sym(data[1], int(data[2]) if len(data) > 2 else 0)
    if tag == "num":
        return Num(data[1])
    if tag == "neg":
        return Neg(expr_from_json(data[1]))
    if tag == "T":
        return Transpose(expr_from_json(data[1]))
    if tag == "pow":
        return Pow(expr_from_json(data[1]), int(data[2]))
    if tag == "call":
        return Call(data[1], expr_from_json(data[2]))
    if tag == "sum":
        return SumSteps(expr_from_json(data[1]))
    if tag in ("+", "-", "*", "/", "@"):
        return BinOp(tag, expr_from_json(data[1]), expr_from_json(data[2]))
    raise ValueError(f"unknown node {tag!r} in {CACHE_PATH.name}")


# --- one cell's references ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One target's derived answer: the tree `derive` prints, its plain ASCII form, its shape,
    and for gradients the form written out down to the upstream gradients."""

    target: str
    expr: Expr
    ascii: str
    shape: str
    expanded: Expr | None = None


@dataclass(frozen=True)
class CellReferences:
    """Every reference of one cell, and its local backward forms (`d_X` by X, `h@-1` for the
    previous state, parameters by name)."""

    digest: str
    targets: dict[str, Reference]
    local: dict[str, Expr]


def _cell_json(spec: CellSpec) -> dict[str, Any]:
    """A fresh derivation of every target of `spec`, in the cache's format (imports SymPy)."""
    from interviewkit.math.derive import CellDerivation
    from interviewkit.math.interpret import key
    from interviewkit.math.printer import to_ascii

    work = CellDerivation(spec)
    targets: dict[str, Any] = {}
    for t in spec_targets(spec):
        d = work.target(t)
        entry = {"shape": d.shape, "ascii": to_ascii(d.expr, d.timed), "expr": expr_to_json(d.expr)}
        if d.expanded is not None and d.expanded != d.expr:
            entry["expanded"] = expr_to_json(d.expanded)
        targets[t.name] = entry
    local: dict[str, Any] = {}
    b = work.backward
    for sym in _backward_nodes(spec):
        local[key(sym.name, sym.step)] = expr_to_json(b.local(sym).local)
    return {"cell": spec.id, "digest": spec.digest, "targets": targets, "local": local}


def _backward_nodes(spec: CellSpec) -> list[Sym]:
    """Every quantity with a total: the states and defined names (in reverse order, so each
    comes after what it feeds), the input, the previous states, then the parameters."""
    out = [Sym(n) for n in reversed(spec.defined)]
    out += [Sym(spec.input)] + [Sym(s, -1) for s in spec.states]
    out += [Sym(p) for p in spec.params]
    return out


def _from_json(entry: dict[str, Any]) -> CellReferences:
    targets = {
        name: Reference(
            name,
            expr_from_json(t["expr"]),
            t["ascii"],
            t["shape"],
            expr_from_json(t["expanded"]) if "expanded" in t else None,
        )
        for name, t in entry["targets"].items()
    }
    local = {k: expr_from_json(v) for k, v in entry["local"].items()}
    return CellReferences(entry["digest"], targets, local)


@cache
def _cached_entries() -> dict[str, dict[str, Any]]:
    """The committed cache of the built-ins, by digest ({} when missing or of an old format)."""
    try:
        data = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != FORMAT_VERSION:
        return {}
    return {entry["digest"]: entry for entry in data["cells"].values()}


_DERIVED: dict[str, CellReferences] = {}


def references(spec: CellSpec) -> CellReferences:
    """The references of `spec`: from the committed cache when its digest is there, else
    derived now (SymPy) and kept for this process."""
    digest = spec.digest
    entry = _cached_entries().get(digest)
    if entry is not None:
        return _served(digest)
    with _LOCK:
        if digest not in _DERIVED:
            _DERIVED[digest] = _from_json(_cell_json(spec))
        return _DERIVED[digest]


@cache
def _served(digest: str) -> CellReferences:
    return _from_json(_cached_entries()[digest])


def reference(target: Target, spec: CellSpec) -> Reference:
    """The derived answer of `target` in `spec`."""
    refs = references(spec).targets
    if target.name not in refs:
        raise NotationError(f"{target.name} does not exist in the {spec.label} cell")
    return refs[target.name]


# --- the built-in targets by name (the bank, the exports) ---------------------------------------


def _builtin(target: str, variant: str | None) -> tuple[Target, CellSpec]:
    from interviewkit.math.targets import resolve

    return resolve(target, variant)


def reference_expr(target: str, variant: str | None = None) -> Expr:
    """The derived answer of a built-in `target` (GRU targets: for `variant`, default cho)."""
    t, spec = _builtin(target, variant)
    return reference(t, spec).expr


def reference_ascii(target: str, variant: str | None = None) -> str:
    """The derived answer in NOTATION.md's plain ASCII subset."""
    t, spec = _builtin(target, variant)
    return reference(t, spec).ascii


def cache_key(target: str, variant: str | None) -> str:
    """`rnn.dh_dhprev`, `gru.dh_dx:pytorch`: the target as `derive --format ascii` names it."""
    return f"{target}:{variant}" if variant else target


def all_keys() -> list[tuple[str, str | None]]:
    """Every (target, variant) pair of the built-in cells, in NOTATION.md order."""
    from interviewkit.math.targets import TARGETS  # every cell's file: only when all are asked for

    out: list[tuple[str, str | None]] = []
    for t in TARGETS.values():
        out.extend((t.name, v) for v in (t.variants or (None,)))
    return out


# --- regenerating ----------------------------------------------------------------------------------


def build_cache() -> dict[str, Any]:
    """A fresh derivation of every built-in cell, in the cache's format (imports SymPy)."""
    from interviewkit.math.cells import builtins

    return {
        "version": FORMAT_VERSION,
        "generated_by": "python -m interviewkit.math.reference --write",
        "cells": {spec.id: _cell_json(spec) for spec in builtins().values()},
    }


def dumps(data: dict[str, Any]) -> str:
    """Indented JSON with each expression tree on one line, so diffs stay readable."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    cells = []
    for cell_id, entry in data["cells"].items():
        targets = ",\n".join(
            f"    {one(name)}: {{\n"
            + ",\n".join(f"     {one(k)}: {one(v)}" for k, v in t.items())
            + "\n    }"
            for name, t in entry["targets"].items()
        )
        local = ",\n".join(f"    {one(k)}: {one(v)}" for k, v in entry["local"].items())
        cells.append(
            f'  {one(cell_id)}: {{\n   "cell": {one(entry["cell"])},\n'
            f'   "digest": {one(entry["digest"])},\n'
            f'   "targets": {{\n{targets}\n   }},\n   "local": {{\n{local}\n   }}\n  }}'
        )
    head = ",\n".join(f" {one(k)}: {one(v)}" for k, v in data.items() if k != "cells")
    return "{\n" + head + ',\n "cells": {\n' + ",\n".join(cells) + "\n }\n}\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m interviewkit.math.reference",
        description="Regenerate or verify interviewkit/math/references.json from a fresh derivation.",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="rewrite references.json")
    group.add_argument("--check", action="store_true", help="exit 1 if references.json is stale")
    args = parser.parse_args(argv)
    fresh = dumps(build_cache())
    if args.write:
        CACHE_PATH.write_text(fresh, encoding="utf-8")
        print(f"wrote {CACHE_PATH} ({len(all_keys())} references)")
        return 0
    current = CACHE_PATH.read_text(encoding="utf-8") if CACHE_PATH.exists() else ""
    if current != fresh:
        print(f"{CACHE_PATH} is stale: run python -m interviewkit.math.reference --write")
        return 1
    print(f"{CACHE_PATH} is up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
