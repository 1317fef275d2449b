"""The cells `derive` and `check` know: the built-ins (one TOML file each in `builtin_cells/`)
and any cell file a learner names. This is the one place where a cell name, a variant or a
file path becomes a `CellSpec`.

Adding a built-in cell means adding one file to `builtin_cells/`; derive, check, the targets,
the engine's torch modules and the tests follow. A family with variants (the GRU) has one file
per variant; the file named after the family (`gru.toml`) is the default variant.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import NotationError, shown
from interviewkit.math.cellspec import CellSpec, load_cell_file, parse_cell_text
from interviewkit.math.interpret import Env, key

if TYPE_CHECKING:
    import numpy

BUILTIN_DIR = Path(__file__).with_name("builtin_cells")
_LOCK = threading.Lock()


#: The order the syllabus teaches the families in (others follow, by name).
_ORDER = ["rnn", "lstm", "gru", "peephole", "cifg", "mingru", "minlstm", "indrnn"]


@cache
def _stems() -> tuple[str, ...]:
    """The built-in files' stems, families in syllabus order, a family's default first. A
    variant's file is named FAMILY-VARIANT (`gru-chung.toml`); nothing is parsed here."""
    stems = [path.stem for path in BUILTIN_DIR.glob("*.toml")]
    return tuple(sorted(stems, key=lambda s: (_rank(_ORDER, _family(s)), "-" in s, s)))


def _family(stem: str) -> str:
    return stem.split("-", 1)[0]


@cache
def _load(stem: str) -> CellSpec:
    """One built-in cell, parsed the first time it is asked for (a check of an LSTM answer
    reads lstm.toml alone)."""
    path = BUILTIN_DIR / f"{stem}.toml"
    return parse_cell_text(path.read_text(encoding="utf-8"), path.name, builtin=True)


def _family_files(name: str) -> list[tuple[str, CellSpec]]:
    return [(stem, _load(stem)) for stem in _stems() if _family(stem) == name]


def _builtin_files() -> tuple[tuple[str, CellSpec], ...]:
    """(file stem, spec) of every built-in cell, in the order the syllabus teaches them."""
    return tuple((stem, _load(stem)) for stem in _stems())


def _rank(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def builtins() -> dict[str, CellSpec]:
    """Every built-in cell by id (`lstm`, `gru:cho`, ...), a family's default first."""
    return {spec.id: spec for _, spec in _builtin_files()}


def default_variants() -> dict[str, str]:
    """The default variant of each family: the variant of the file named after the family."""
    out = {}
    for name in cell_names():
        default = _default_variant(name)
        if default:
            out[name] = default
    return out


def _default_variant(name: str) -> str | None:
    return next((spec.variant for stem, spec in _family_files(name) if stem == name), None)


def cell_names() -> tuple[str, ...]:
    """The built-in cell names (a family once): rnn, lstm, gru, peephole, ..."""
    return tuple(dict.fromkeys(_family(stem) for stem in _stems()))


def variants(name: str) -> tuple[str, ...]:
    """The variants of a built-in family (the default first), () for a cell without any."""
    found = [spec.variant for _, spec in _family_files(name) if spec.variant]
    default = _default_variant(name)
    return tuple(sorted(found, key=lambda v: v != default))


def is_cell_file(ref: str) -> bool:
    """Whether `ref` names a cell file rather than a built-in cell."""
    return ref.endswith(".toml") or "/" in ref or "\\" in ref


def resolve_variant(name: str, variant: str | None) -> str | None:
    """`variant` checked against the family `name`, or its default; None for a cell without
    variants (which refuses one). The one place a variant is resolved."""
    options = variants(name)
    if not options:
        if variant:
            raise NotationError(f"the {name} cell has no variants (got {variant!r})")
        return None
    variant = variant or _default_variant(name)
    if variant not in options:
        raise NotationError(
            f"unknown {name.upper()} variant {variant!r}", hint="one of: " + ", ".join(options)
        )
    return variant


def get_cell(ref: str, variant: str | None = None) -> CellSpec:
    """The cell `ref`: a built-in name ("rnn", "gru" with `variant`) or a cell file's path."""
    if is_cell_file(ref):
        if variant:
            raise NotationError("a cell file has no variants", hint="leave out --variant")
        return cell_file(ref)
    if ref not in cell_names():
        import difflib

        close = difflib.get_close_matches(ref, cell_names(), n=2)
        hint = "one of: " + ", ".join(cell_names()) + ", or a cell file (.toml)"
        if close:
            hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
        raise NotationError(f"unknown cell {shown(ref)}", hint=hint)
    v = resolve_variant(ref, variant)
    return next(spec for _, spec in _family_files(ref) if spec.variant == v)


def cell_file(path: str | Path) -> CellSpec:
    """A learner's cell file, read once per content (an edit is read afresh)."""
    p = Path(path)
    try:
        stamp = p.stat().st_mtime_ns, p.stat().st_size
    except OSError:
        stamp = (0, 0)
    spec = _cell_file(str(p), stamp)
    if spec.name in cell_names():
        from interviewkit.math.cellspec import CellError

        raise CellError(
            f"{p}: the name {spec.name!r} is a built-in cell's",
            hint="choose another name in [cell] name = ...",
        )
    return spec


@cache
def _cell_file(path: str, stamp: tuple[int, int]) -> CellSpec:
    return load_cell_file(path)


def register(spec: CellSpec) -> None:
    """Make a loaded cell file reachable by its target names (`peep2.dh_dhprev`)."""
    with _LOCK:
        _REGISTERED[spec.name] = spec


_REGISTERED: dict[str, CellSpec] = {}


def registered(name: str) -> CellSpec | None:
    """A cell file registered under `name`, if any."""
    return _REGISTERED.get(name)


def home_of(name: str) -> str | None:
    """`the lstm cell`, `the gru (pytorch) cell`, `the lstm, peephole and cifg cells`: which
    built-in cells define `name`, for an error (a family once when all its variants do)."""
    homes: list[str] = []
    for family in cell_names():
        specs = [s for s in builtins().values() if s.name == family]
        having = [s for s in specs if name in s.names()]
        if having and len(having) == len(specs):
            homes.append(family)
        else:
            homes += [s.label for s in having]
    if not homes:
        return None
    if len(homes) == 1:
        return f"the {homes[0]} cell"
    return f"the {', '.join(homes[:-1])} and {homes[-1]} cells"


def environment(
    cell: CellSpec, rng: numpy.random.Generator, n: int = 3, m: int = 2
) -> dict[str, Any]:
    """Random float64 inputs of `cell`, the value of every equation's name, and `I`.

    Vectors are columns (n×1). Weights are drawn with scale 1/sqrt(fan-in) so gates stay away
    from saturation and every term of a Jacobian matters numerically.
    """

    env = Env()
    draw_inputs(cell, rng, env, n, m)
    forward(cell, env)
    return env


def draw_inputs(cell: CellSpec, rng: Any, env: dict[str, Any], n: int, m: int) -> None:
    """Random values of x, the previous states and the parameters, in `CellSpec.inputs` order."""
    import numpy as np

    sizes = {"n": n, "m": m}
    for sym, shape in cell.inputs.items():
        if sym.name in cell.params and key(sym.name) in env:
            continue  # parameters shared by every step of a sequence
        dims = tuple(sizes[d] for d in shape)
        scale = 1.0 / np.sqrt(dims[1]) if len(dims) == 2 else 1.0
        value = rng.standard_normal(dims) * scale
        env[key(sym.name, sym.step)] = value if len(dims) == 2 else value.reshape(-1, 1)
    env["I"] = np.eye(n)


def forward(cell: CellSpec, env: dict[str, Any]) -> None:
    """Compute every equation of one step into `env`."""
    import numpy as np

    from interviewkit.math.evaluate import evaluate

    for eq in cell.equations:
        env[key(eq.name)] = np.asarray(evaluate(eq.rhs, env), dtype=np.float64)
