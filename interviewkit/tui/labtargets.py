"""What the derivation lab offers: every target of every built-in cell (or of one cell, or of a
learner's cell file), grouped by cell and by kind, a filter over them, and the question the lab
asks for a target the bank has no question on.

Plain data and functions, no Textual: the picker (`screens.targets`) shows these, the tests
read them directly. The names, titles and meanings are `interviewkit check --list-targets`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewkit.bank import schema
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.targets import Target


@dataclass(frozen=True)
class Entry:
    """One target as the lab lists it, with the words a filter finds it by."""

    target: Target
    cell: str  # the cell's name (a family once: gru)
    about: str  # what the cell is, as `--list-targets` heads it
    words: tuple[str, ...]  # lowercase words a filter's words may begin (`matching`)

    @property
    def name(self) -> str:
        return self.target.name

    @property
    def group(self) -> str:
        """Jacobians, backward pass or through time."""
        return self.target.group

    @property
    def meaning(self) -> str:
        """`∂h_t/∂h_{t-1}: one step of backpropagation through time`, as `--list-targets`."""
        return f"{self.target.title}: {self.target.note}"

    @property
    def shape(self) -> str:
        from interviewkit.math.targets import shape_text

        return shape_text(self.target.shape)


#: Other words a learner may filter a kind by.
_KIND_WORDS = {"jacobian": "jacobian forward", "backward": "backward gradient one step",
               "recursion": "bptt recursion sequence", "total": "bptt total sum sequence"}  # fmt: skip


def entries(cell: str | None = None, spec: CellSpec | None = None) -> list[Entry]:
    """The targets the lab offers: of the cell file `spec`, of the built-in `cell`, or of every
    built-in cell; by cell, then by kind (in `--list-targets` order)."""
    from interviewkit.math.cells import builtins
    from interviewkit.math.targets import targets_of

    if spec is not None:
        cells = {spec.name: (spec.about or spec.title, targets_of(spec.name, spec))}
    else:
        cells = {}
        for s in builtins().values():
            if cell in (None, s.name) and s.name not in cells:
                cells[s.name] = (s.about, targets_of(s.name))
    out: list[Entry] = []
    for name, (about, targets) in cells.items():
        order = {group: i for i, group in enumerate(dict.fromkeys(t.group for t in targets))}
        for t in sorted(targets, key=lambda t: order[t.group]):  # stable: kinds kept together
            text = " ".join([name, about, t.group, _KIND_WORDS[t.kind], t.title, t.note,
                             _plain(t.title), *t.variants])  # fmt: skip
            words = (t.name, t.short, *_WORD_BREAKS.split(text))
            out.append(Entry(t, name, about, tuple(w.lower() for w in words if w)))
    return out


#: Where the text of an entry is cut into words: `rnn` then finds the RNN, not the IndRNN.
_WORD_BREAKS = re.compile(r"[\s(),:;.]+")


def _plain(title: str) -> str:
    """`∂h_t/∂h_{t-1}` as typed on a keyboard: `dh_t/dh_t-1`."""
    return title.replace("∂", "d").replace("{", "").replace("}", "")


def matching(found: list[Entry], query: str) -> list[Entry]:
    """The entries that have, for every word of `query` (any case), a word that begins with it
    or that word inside the target's short name (`hn` finds `dL_db_hn`)."""
    words = query.lower().split()

    def has(e: Entry, w: str) -> bool:
        return w in e.target.short.lower() or any(x.startswith(w) for x in e.words)

    return [e for e in found if all(has(e, w) for w in words)]


# --- the question the lab asks when the bank has none for a target ---------------------------

#: Hints for a target the bank has no question on, by kind: how to go about it, never the answer.
HINTS = {
    "Jacobians": (
        "Follow every path from the variable to the result through the equations: each path "
        "adds one term.",
        "Along a path, an elementwise step contributes diag(its slope), a product W @ v "
        "contributes W; Ctrl+S shows the derivation step by step.",
    ),
    "backward pass": (
        "Go back through the equations that read the quantity: the slope (elementwise) where it "
        "enters elementwise, W.T @ d where it sits inside W @ u.",
        "A weight W in W @ u gets the outer product d_a @ u.T; a total fed by several equations "
        "is the sum of what each sends back.",
    ),
    "through time": (
        "A recursion gives step t's total from step t+1's totals (d_X_{t+1}) and the loss's own "
        "g_t at step t.",
        "A shared weight's total adds one share per step: sum_t(...) of the one-step gradient.",
    ),
}


def lab_prompt(t: Target, cell: CellSpec) -> str:
    """What the lab asks for `t` in `cell`: the task, what is given and the shape (the
    equations are shown beside it, `equation_lines`)."""
    which = f"the {cell.title or cell.name}" + (
        f" ({cell.variant} variant)" if cell.variant else ""
    )
    shape = "×".join(t.shape)
    shape = f"an {shape}-vector" if len(t.shape) == 1 else f"an {shape} matrix"
    title = _math(t.title)
    first, *rest = cell.states
    given = f"`g_{first}` (all of ∂L/∂{first}ₜ)" + "".join(
        f" and `g_{s}` (what reaches {s}ₜ from step t+1)" for s in rest
    )
    totals = ", ".join(f"`d_{n}`" for n in [first, *cell.preactivations[:1]])
    if t.kind == "jacobian":
        return f"Derive {title} for {which}: {t.note}. It is {shape}."
    if t.kind == "backward":
        return (
            f"One step of the backward pass of {which}: given {given} from above, derive "
            f"{title} ({t.note}). It is {shape}. You may use the totals of other "
            f"quantities ({totals}, …), not of the one asked for."
        )
    return (
        f"Backpropagation through time in {which}: the steps share the weights and `g_t` is "
        f"the loss's own gradient at step t. Derive {title} ({t.note}). It is {shape}; "
        "write steps as `_t`, `_{t+1}`, `_{t-1}`, and `sum_t(...)` for a sum over the steps."
    )


def _math(title: str) -> str:
    """A title as math (`$∂h_t/∂h_{t-1}$`, shown ∂hₜ/∂hₜ₋₁), or as code when a subscript of
    several letters would read wrong as math (`∂L/∂b_hn`, which LaTeX reads as b_h n)."""
    import re

    if re.search(r"_[A-Za-z0-9]{2}", title):
        return f"`{title}`"
    return f"${title}$"


def equation_lines(cell: CellSpec) -> list[str]:
    """The cell's equations as its file writes them, one a line, and the names of the
    pre-activations that its gradients use but no line names."""
    from interviewkit.errors import NotationError
    from interviewkit.math.notation import parse
    from interviewkit.math.printer import to_unicode

    lines: list[str] = []
    seen: set[tuple[int | None, str]] = set()
    for eq in cell.equations:
        if eq.text and (eq.line, eq.text) in seen:
            continue  # a gate written in one line, its pre-activation split out of it
        seen.add((eq.line, eq.text))
        name, _, rhs = eq.text.partition("=")
        try:
            lines.append(f"{name.strip()} = {to_unicode(parse(rhs))}")
        except NotationError:  # a built-in's line written otherwise: the parsed equation
            lines.append(f"{eq.name} = {to_unicode(eq.rhs)}")
    written = {eq.name for eq in cell.equations if eq.text.partition("=")[0].strip() == eq.name}
    split = [a for a in cell.preactivations if a not in written]
    if split:
        lines.append("pre-activations (each gate's argument): " + ", ".join(split))
    return lines


def lab_question(
    questions: list[schema.Question],
    target: str,
    variant: str | None,
    spec: CellSpec | None = None,
) -> schema.Derivation:
    """The bank's question on this built-in target and variant, or one written for the lab
    (`spec`: a learner's cell file, whose targets the bank cannot have asked)."""
    from interviewkit.bank import schema
    from interviewkit.math.targets import resolve

    if spec is None:
        for q in questions:
            if (
                isinstance(q, schema.Derivation)
                and not q.cell_file
                and (q.target, q.variant) == (target, variant)
            ):
                return q
    t, cell = resolve(target, variant, spec)
    return schema.Derivation(
        id=f"lab.{t.name}" + (f".{variant}" if variant else ""),
        kind="derivation",
        topic="jacobians" if t.kind == "jacobian" else "bptt",
        difficulty="medium",
        prompt=lab_prompt(t, cell),
        explanation="",
        tags=(),
        source="interviewkit lab",
        target=t.name,
        variant=variant,
        hints=HINTS[t.group],
        cell_file=spec.source if spec is not None else None,
    )
