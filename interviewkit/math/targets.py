"""The derivation targets of NOTATION.md, generated for any cell from its `CellSpec`.

Every cell gets the same kinds of target:
- `jacobian`: ∂S_t/∂R_{t-1} for each pair of states, ∂S_t/∂x_t, and ∂S_t/∂R_t where one state
  reads another at the same step (`lstm.dh_dc`);
- `backward`: one step of the backward pass, ∂L/∂X for the previous states, the input, each
  pre-activation, each state after the first, and every parameter (`lstm.dL_dW_f`);
- `recursion`: the BPTT recursion for the total ∂L/∂S_t of each state (and of `a` where the
  output is `h = φ(a)`: `rnn.bptt_d_a`);
- `total`: the total gradient of each parameter over a sequence, a sum over steps.

The bank's derivation questions name these (`bank.schema.DERIVATION_TARGETS` is the union over
the built-in cells), `derive` derives them and `check` grades answers to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from interviewkit.errors import NotationError, shown
from interviewkit.math.expr import Sym, walk

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.names import NameTable

JACOBIAN, BACKWARD, RECURSION, TOTAL = "jacobian", "backward", "recursion", "total"
#: How the lab and `--list-targets` group the kinds.
GROUPS = {JACOBIAN: "Jacobians", BACKWARD: "backward pass", RECURSION: "through time",
          TOTAL: "through time"}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One target of one cell: what is differentiated (`of`) by what (`wrt`), its shape in the
    sizes n and m, a title and a note for people, and the variants of the family it exists in."""

    name: str
    cell: str
    kind: str
    of: Sym
    wrt: Sym
    shape: tuple[str, ...]
    title: str
    note: str
    variants: tuple[str, ...] = ()
    parameter: bool = False  # whether `wrt` is a weight (shared by every step: no time index)

    @property
    def short(self) -> str:
        """The name without the cell: `dh_dhprev`."""
        return self.name.split(".", 1)[1]

    @property
    def takes_variant(self) -> bool:
        """GRU targets are derived per variant (cho, chung, pytorch); others have none."""
        return bool(self.variants)

    @property
    def group(self) -> str:
        return GROUPS[self.kind]

    @property
    def sequence(self) -> bool:
        """Whether the target lives on a sequence (BPTT) rather than one step."""
        return self.kind in (RECURSION, TOTAL)


def _display(name: str, step: int) -> str:
    """`h_{t-1}`, `x_t`, `a_f`, `W_h`: a name in a title."""
    if step == -1:
        return f"{name}_{{t-1}}"
    if len(name) == 1 or (name.endswith("_tilde") and not name.startswith("a_")):
        return f"{name}_t"
    return name


def spec_targets(spec: CellSpec) -> list[Target]:
    """Every target of `spec`, in the order `derive` prints them."""
    from interviewkit.math.graph import depends

    cell = spec.name
    states = sorted(spec.states, key=spec.defined.index)
    notes = spec.notes
    out: list[Target] = []

    def add(short: str, kind: str, of: Sym, wrt: Sym, shape: tuple[str, ...], title: str,
            note: str) -> None:  # fmt: skip
        out.append(Target(f"{cell}.{short}", cell, kind, of, wrt, shape, title,
                          notes.get(short, note), parameter=wrt.name in spec.params))  # fmt: skip

    for s in states:
        for r in states:
            if r != s and depends(spec, s, Sym(r)):
                add(f"d{s}_d{r}", JACOBIAN, Sym(s), Sym(r), ("n", "n"),
                    f"∂{s}_t/∂{r}_t", f"{r} at this step to {s}")  # fmt: skip
        for r in states:
            if depends(spec, s, Sym(r, -1)):
                held = [f"{o}_{{t-1}}" for o in spec.states if o != r]
                note = (f"{' and '.join(held)} held fixed" if held
                        else "one step of backpropagation through time")  # fmt: skip
                add(f"d{s}_d{r}prev", JACOBIAN, Sym(s), Sym(r, -1), ("n", "n"),
                    f"∂{s}_t/∂{r}_{{t-1}}", note)  # fmt: skip
        if depends(spec, s, Sym(spec.input)):
            add(f"d{s}_d{spec.input}", JACOBIAN, Sym(s), Sym(spec.input), ("n", "m"),
                f"∂{s}_t/∂{spec.input}_t", "how the input of this step moves the state")  # fmt: skip

    first, rest = spec.states[0], [s for s in states if s != spec.states[0]]
    loss = Sym("L")
    for s in rest:
        add(f"dL_d{s}", BACKWARD, loss, Sym(s), ("n",), f"∂L/∂{s}_t",
            f"g_{s} from step t+1, plus what reaches {s}_t through this step")  # fmt: skip
    for s in rest:
        add(f"dL_d{s}prev", BACKWARD, loss, Sym(s, -1), ("n",), f"∂L/∂{s}_{{t-1}}",
            "through this step")  # fmt: skip
    for a in spec.preactivations:
        add(f"dL_d{a}", BACKWARD, loss, Sym(a), ("n",), f"∂L/∂{_display(a, 0)}",
            "the pre-activation's gradient")  # fmt: skip
    add(f"dL_d{first}prev", BACKWARD, loss, Sym(first, -1), ("n",), f"∂L/∂{first}_{{t-1}}",
        "through this step")  # fmt: skip
    add(f"dL_d{spec.input}", BACKWARD, loss, Sym(spec.input), ("m",), f"∂L/∂{spec.input}_t",
        "what reaches this step's input")  # fmt: skip
    for p in spec.params.values():
        add(f"dL_d{p.name}", BACKWARD, loss, Sym(p.name), p.shape, f"∂L/∂{p.name}",
            "this step's share of the gradient")  # fmt: skip

    for s in spec.states:
        add(f"bptt_d_{s}", RECURSION, Sym(f"d_{s}"), Sym(s), ("n",),
            f"the total ∂L/∂{s}_t", "the recursion: from step t+1's totals and step t's own")  # fmt: skip
    head = spec.equation(first)
    from interviewkit.math.expr import Call

    if (
        isinstance(head, Call)
        and isinstance(head.arg, Sym)
        and head.arg.name in spec.preactivations
    ):
        a = head.arg.name
        add(f"bptt_d_{a}", RECURSION, Sym(f"d_{a}"), Sym(a), ("n",),
            f"the total ∂L/∂{_display(a, 0)}", "the recursion for the pre-activation's total")  # fmt: skip
    for p in spec.params.values():
        add(f"bptt_d{p.name}", TOTAL, loss, Sym(p.name), p.shape,
            f"the total ∂L/∂{p.name}", "a sum over the steps: the weights are shared")  # fmt: skip
    return out


# --- the built-in targets ---------------------------------------------------------------------


def _builtin_targets() -> dict[str, Target]:
    from interviewkit.math.cells import cell_names

    out: dict[str, Target] = {}
    for name in cell_names():
        out |= _family_targets(name)
    return out


@cache
def _family_targets(name: str) -> dict[str, Target]:
    """The targets of one built-in family (every variant's, each target naming the variants
    it exists in)."""
    import dataclasses

    from interviewkit.math.cells import get_cell, variants

    out: dict[str, Target] = {}
    for spec in [get_cell(name, v) for v in variants(name) or (None,)]:
        for t in spec_targets(spec):
            if spec.variant:
                seen = out.get(t.name)
                found = (*seen.variants, spec.variant) if seen else (spec.variant,)
                t = dataclasses.replace(seen or t, variants=found)
            out[t.name] = t
    return out


def __getattr__(name: str) -> Any:
    if name == "TARGETS":
        return _builtin_targets()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def split_target(text: str) -> tuple[str, str | None]:
    """`gru.dh_dhprev:chung` -> ("gru.dh_dhprev", "chung"); no suffix -> (text, None)."""
    name, sep, variant = text.partition(":")
    return name, (variant if sep else None)


def get_target(name: str, spec: CellSpec | None = None) -> Target:
    """The target `name` (of `spec` when given, else a built-in); a NotationError that lists
    the close matches otherwise."""
    if spec is None:
        from interviewkit.math.cells import cell_names

        family = name.split(".", 1)[0]
        pool = _family_targets(family) if family in cell_names() else _builtin_targets()
    else:
        pool = {t.name: t for t in spec_targets(spec)}
    if name in pool:
        return pool[name]
    if spec is None and "." in name:
        from interviewkit.math.cells import registered

        own = registered(name.split(".", 1)[0])
        if own is not None:
            return get_target(name, own)
    aliased = _through_alias(name, pool, spec)
    if aliased is not None:
        return pool[aliased]
    import difflib

    close = difflib.get_close_matches(name, list(pool), n=2)
    hint = f"did you mean {' or '.join(close)}?" if close else "`interviewkit check --list-targets`"
    raise NotationError(f"unknown target {shown(name)}", hint=hint)


def _through_alias(name: str, pool: dict[str, Target], spec: CellSpec | None) -> str | None:
    """`cifg.dL_da_c_tilde` for `cifg.dL_da_c`: a target named by an alias of the quantity
    (NOTATION.md lets `a_c` stand for the candidate's pre-activation), or None."""
    import re

    if "." not in name:
        return None
    cell, short = name.split(".", 1)
    if spec is None:
        from interviewkit.math.cells import cell_names, get_cell

        if cell not in cell_names():
            return None
        spec = get_cell(cell)
    for alias, (real, offset) in spec.aliases.items():
        if offset:
            continue
        candidate = re.sub(rf"(?<=d_|.d){re.escape(alias)}(?=(prev)?$)", real, short)
        if candidate != short and f"{cell}.{candidate}" in pool:
            return f"{cell}.{candidate}"
    return None


def targets_of(cell: str, spec: CellSpec | None = None) -> list[Target]:
    """The targets of one cell (every variant's, for a family), in NOTATION.md order."""
    if spec is not None:
        return spec_targets(spec)
    from interviewkit.math.cells import cell_names

    if cell in cell_names():
        return list(_family_targets(cell).values())
    return [t for t in _builtin_targets().values() if t.cell == cell]


def latex_title(name: str, spec: CellSpec | None = None) -> str:
    """The target as a LaTeX fraction, spelled by the same printer as the derived answers.

    `derive --format latex`, the Anki cards and the study sheets all show this one form.

    >>> print(latex_title("lstm.dc_dcprev"))
    \\frac{\\partial c_t}{\\partial c_{t-1}}
    """
    from interviewkit.math.printer import to_latex  # lazily: the bank imports this module

    t = get_target(name, spec)
    if t.kind == JACOBIAN:
        return rf"\frac{{\partial {to_latex(t.of)}}}{{\partial {to_latex(t.wrt)}}}"
    frac = rf"\frac{{\partial L}}{{\partial {to_latex(t.wrt, timed=_timed(t))}}}"
    return rf"\sum_{{t=1}}^{{T}} {frac}" if t.kind == TOTAL else frac


def _timed(t: Target) -> tuple[str, ...]:
    return () if t.kind in (BACKWARD, TOTAL) else (t.wrt.name,)


def shape_text(shape: tuple[str, ...], n: int | None = None, m: int | None = None) -> str:
    """`n×n`, `n` (a column vector), or `3×2` when sizes are given."""
    sizes = {"n": n, "m": m}
    return "×".join(str(sizes[d]) if sizes[d] is not None else d for d in shape)


def _empty_suffix(text: str, t: Target) -> NotationError:
    """`gru.dL_dW_h:`: a colon with nothing after it, which must not pass for the default."""
    from interviewkit.math.cells import resolve_variant

    if not t.variants:
        hint = f"{t.name} has no variants: leave out the colon"
    else:
        default = resolve_variant(t.cell, None)
        hint = f"{t.name}:{next((v for v in t.variants if v != default), t.variants[0])}"
        hint = (
            f"the variants are {', '.join(t.variants)}: write e.g. {hint}, or leave out the "
            f"colon for {default}"
            if default in t.variants
            else f"it exists only in the {', '.join(t.variants)} variant: write {hint}"
        )
    return NotationError(f"{shown(text, 80)} ends in a colon with no variant after it", hint=hint)


def resolve(
    text: str, variant: str | None = None, spec: CellSpec | None = None
) -> tuple[Target, CellSpec]:
    """The target a learner named (`gru.dh_dhprev:chung`, or with `variant`) and its cell.

    The suffix and `variant` must agree when both are given; a target that does not exist in
    the chosen variant (`gru.dL_db_hn` outside pytorch) is an error that says where it does.
    """
    from interviewkit.math.cells import get_cell, registered, resolve_variant

    name, suffix = split_target(text)
    if spec is not None and "." not in name:
        name = f"{spec.name}.{name}"  # with a cell file, `dh_dhprev` means its own
    t = get_target(name, spec)
    if suffix == "":
        raise _empty_suffix(text, t)
    if suffix is not None and variant is not None and suffix != variant:
        raise NotationError(
            f"the target says :{suffix} but the variant given is {variant!r}",
            hint="give one of them",
        )
    variant = suffix if suffix is not None else variant
    if spec is None:
        own = registered(t.cell)
        if own is not None and not t.variants:
            spec = own
    if spec is not None:
        if variant:
            raise NotationError(f"{t.name} has no variants (got {variant!r})", hint="leave it out")
        return t, spec
    if not t.variants:
        if variant:
            raise NotationError(
                f"{t.name} has no variants (got {variant!r})", hint="leave out --variant"
            )
        return t, get_cell(t.cell)
    v = resolve_variant(t.cell, variant)
    if v not in t.variants:
        raise NotationError(
            f"{t.name} exists only in the {', '.join(t.variants)} variant",
            hint=f"try {t.name}:{t.variants[0]}",
        )
    return t, get_cell(t.cell, v)


def names_for(t: Target, spec: CellSpec) -> NameTable:
    """The names an answer to `t` may use, with the quantity asked for forbidden."""
    from interviewkit.math.cells import home_of
    from interviewkit.math.names import NameInfo, Role, table_from

    base = spec.forward_names()
    infos: list[NameInfo] = []
    forbidden: dict[Sym, str] = {}
    sums = False
    vectors = [i for i in base if i.role in (Role.INPUT, Role.STATE, Role.DEFINED)]
    aliases = dict(spec.aliases)
    if t.kind != JACOBIAN:  # δ of an alias: d_g for d_c_tilde, d_a_c for d_a_c_tilde
        defined = set(spec.defined)
        aliases |= {
            f"d_{k}": (f"d_{v}", step) for k, (v, step) in spec.aliases.items() if v in defined
        }
    if t.kind == JACOBIAN:
        infos = base
    elif t.kind == BACKWARD:
        infos = list(base)
        infos += [NameInfo(f"g_{s}", Role.UPSTREAM, ("n",), frozenset({0}),
                           "what reaches this state from above") for s in spec.states]  # fmt: skip
        for v in vectors:
            infos.append(NameInfo(f"d_{v.name}", Role.TOTAL, v.shape, v.steps, f"∂L/∂{v.name}"))
        if t.wrt.name not in spec.params:
            asked = f"d_{t.wrt.name}" + ("_{t-1}" if t.wrt.step == -1 else "")
            forbidden[Sym(f"d_{t.wrt.name}", t.wrt.step)] = (
                f"{asked} is ∂L/∂{_display(t.wrt.name, t.wrt.step)} itself, the quantity "
                "asked for: write what it is made of"
            )
    else:
        timed = frozenset({-1, 0, 1})
        for i in base:
            if i.role in (Role.INPUT, Role.STATE, Role.DEFINED):
                infos.append(NameInfo(i.name, i.role, i.shape, timed, i.about))
            else:
                infos.append(i)
        infos.append(NameInfo("g", Role.UPSTREAM, ("n",), timed, "the loss's own ∂L_t/∂h_t"))
        for v in vectors:
            infos.append(NameInfo(f"d_{v.name}", Role.TOTAL, v.shape, timed, f"∂L/∂{v.name}"))
        if t.kind == RECURSION:
            forbidden[Sym(t.of.name, 0)] = (
                f"{t.of.name}_t is the quantity asked for: write it from step t+1's totals "
                f"({t.of.name}_{{t+1}} and the like) and this step's values"
            )
        sums = t.kind == TOTAL
    import shlex

    misplaced: dict[str, str] = {}
    if t.kind == BACKWARD and "g" not in aliases:
        given = " and ".join(f"g_{s}" for s in spec.states)
        misplaced["g"] = (
            f"g_t is the loss's gradient in the through-time bptt_ targets; one step of the "
            f"backward pass is given {given} from above"
        )
    elif t.sequence:
        for s in spec.states:
            misplaced[f"g_{s}"] = (
                f"g_{s} is given to one step of the backward pass; through time the loss's own "
                f"gradient is g_t, and what reaches {s}_t from later steps comes through step "
                "t+1's totals, d_X_{t+1}"
            )
    command = f"interviewkit check --cell {shlex.quote(spec.source or spec.name)} --names"
    table = table_from(spec.label, infos, aliases, forbidden=forbidden, sums=sums,
                       elsewhere=home_of if spec.source is None else None,
                       misplaced=misplaced, names_command=command)  # fmt: skip
    return table


def timed_names(t: Target, spec: CellSpec) -> tuple[str, ...]:
    """Names printed with an explicit `_t` in this target's formulas (sequence targets)."""
    if not t.sequence:
        return ()
    out = [spec.input, *spec.states, *spec.defined, "g"]
    out += [f"d_{n}" for n in (spec.input, *spec.states, *spec.defined)]
    return tuple(dict.fromkeys(out))


def uses_sum(tree: Any) -> bool:
    """Whether a tree has a Σ_t in it."""
    from interviewkit.math.expr import SumSteps

    return any(isinstance(n, SumSteps) for n in walk(tree))
