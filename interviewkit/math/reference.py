"""Reference answers for `check`, served from a committed cache so that checking never loads SymPy.

`references.json` holds every target of NOTATION.md (GRU targets once per variant) as derived by
`interviewkit.math.derive`: the expression tree, its ASCII form and its shape. A test proves the
file equals a fresh derivation; after changing a cell or the derivation, regenerate it with

    python -m interviewkit.math.reference --write

(`--check` exits 1 when the file is stale). This module imports neither SymPy nor numpy.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from interviewkit.errors import NotationError
from interviewkit.math.cells import GRU_VARIANTS, gru_variant
from interviewkit.math.expr import BinOp, Call, Expr, Neg, Num, Pow, Sym, Transpose
from interviewkit.math.targets import TARGETS, Target, get_target

CACHE_PATH = Path(__file__).with_name("references.json")
FORMAT_VERSION = 1


# --- expression trees as JSON: small nested lists ---------------------------------------------


def expr_to_json(e: Expr) -> Any:
    """`["@", ["diag", ...], ["sym", "W_h"]]`-style nested lists; inverse of `expr_from_json`."""
    if isinstance(e, Sym):
        return ["sym", e.name]
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
    return [e.op, expr_to_json(e.left), expr_to_json(e.right)]


def expr_from_json(data: Any) -> Expr:
    """The tree that `expr_to_json` wrote."""
    tag = data[0]
    if tag == "sym":
        return Sym(data[1])
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
    if tag in ("+", "-", "*", "/", "@"):
        return BinOp(tag, expr_from_json(data[1]), expr_from_json(data[2]))
    raise ValueError(f"unknown node {tag!r} in {CACHE_PATH.name}")


# --- keys ------------------------------------------------------------------------------------------


def _resolve(target: str, variant: str | None) -> tuple[Target, str | None]:
    t = get_target(target)
    if not t.takes_variant:
        if variant is not None:
            raise NotationError(f"{t.name} has no variants (got {variant!r})")
        return t, None
    return t, gru_variant(variant)


def cache_key(target: str, variant: str | None) -> str:
    """`rnn.dh_dhprev`, `gru.dh_dx:pytorch`."""
    return f"{target}:{variant}" if variant else target


def all_keys() -> list[tuple[str, str | None]]:
    """Every (target, variant) pair the cache holds, in NOTATION.md order."""
    out: list[tuple[str, str | None]] = []
    for t in TARGETS.values():
        out.extend((t.name, v) for v in (GRU_VARIANTS if t.takes_variant else (None,)))
    return out


# --- serving -------------------------------------------------------------------------------------


@cache
def _entries() -> dict[str, dict[str, Any]]:
    data = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"{CACHE_PATH.name} has format {data.get('version')}, expected {FORMAT_VERSION}"
        )
    return data["references"]


def _entry(target: str, variant: str | None) -> dict[str, Any]:
    t, v = _resolve(target, variant)
    return _entries()[cache_key(t.name, v)]


@cache
def reference_expr(target: str, variant: str | None = None) -> Expr:
    """The derived answer of `target` (GRU targets: for `variant`, default cho)."""
    return expr_from_json(_entry(target, variant)["expr"])


def reference_ascii(target: str, variant: str | None = None) -> str:
    """The derived answer in NOTATION.md's plain ASCII subset."""
    return str(_entry(target, variant)["ascii"])


def reference_shape(target: str, variant: str | None = None) -> str:
    """`n×n` or `n×m`."""
    return str(_entry(target, variant)["shape"])


# --- regenerating ----------------------------------------------------------------------------------


def build_cache() -> dict[str, Any]:
    """A fresh derivation of every reference, in the cache's format (imports SymPy)."""
    from interviewkit.math.derive import derive_target
    from interviewkit.math.printer import to_ascii

    references: dict[str, Any] = {}
    for name, variant in all_keys():
        d = derive_target(TARGETS[name], variant)
        references[cache_key(name, variant)] = {
            "target": name,
            "variant": variant,
            "shape": d.shape,
            "ascii": to_ascii(d.expr),
            "expr": expr_to_json(d.expr),
        }
    return {
        "version": FORMAT_VERSION,
        "generated_by": "python -m interviewkit.math.reference --write",
        "references": references,
    }


def dumps(data: dict[str, Any]) -> str:
    """Indented JSON with each expression tree on one line, so diffs stay readable."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    entries = []
    for key, entry in data["references"].items():
        fields = ",\n".join(f"   {one(k)}: {one(v)}" for k, v in entry.items())
        entries.append(f"  {one(key)}: {{\n{fields}\n  }}")
    head = ",\n".join(f" {one(k)}: {one(v)}" for k, v in data.items() if k != "references")
    return "{\n" + head + ',\n "references": {\n' + ",\n".join(entries) + "\n }\n}\n"


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
