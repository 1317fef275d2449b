"""The names a cell gives meaning to, checked after parsing.

The parser knows no vocabulary: it reads `h_{t-1}` as the name `h` at step -1 and `W_f` as `W_f`.
A `NameTable` (one per cell and kind of question) then says which names exist, what each is
(a state, a parameter, an upstream gradient, ...), its shape and the steps it may carry, and
resolves the cell's own aliases (`g` for c̃ in an LSTM, `n` for h̃ in a GRU). So a cell file can
name its parameters anything, and `n * g` means something only where the cell says so.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

from interviewkit.errors import NotationError, shown
from interviewkit.math.expr import Expr, SumSteps, Sym, transform


class Role(str, Enum):
    """What a name stands for; decides its shape and the steps it may carry."""

    INPUT = "input"  # x
    STATE = "state"  # h, c: computed at t, read at t-1
    DEFINED = "defined"  # gates, candidates, pre-activations: computed at t
    PARAM = "param"  # weights and biases, shared by every step
    UPSTREAM = "upstream"  # g_h, g_c (one step), g_t (through time)
    TOTAL = "total"  # d_X: the total ∂L/∂X
    IDENTITY = "identity"  # I


@dataclass(frozen=True)
class NameInfo:
    """One name: its role, its symbolic shape (("n",) a column, ("n", "m") a matrix), the steps
    it may carry, and a few words for `--names` and error messages."""

    name: str
    role: Role
    shape: tuple[str, ...]
    steps: frozenset[int]
    about: str = ""


STEP_WORDS = {-1: "t-1", 0: "t", 1: "t+1"}


def step_text(name: str, step: int) -> str:
    """`h_{t-1}`: a name at a step, as error messages spell it."""
    if step == 0:
        return name
    sign = "+" if step > 0 else "-"
    return f"{name}_{{t{sign}{abs(step)}}}"


#: Greek letters that are names (a cell's `alpha`, `lambda`), written `alpha`, `\\alpha` or α.
#: σ is the sigmoid and δ a total's prefix, so they are not among them.
GREEK_NAMES = ("alpha", "beta", "gamma", "epsilon", "zeta", "eta", "theta", "kappa", "lambda",
               "mu", "nu", "xi", "rho", "tau", "phi", "chi", "psi", "omega")  # fmt: skip
GREEK_LETTERS = dict(zip("αβγεζηθκλμνξρτφχψω", GREEK_NAMES, strict=True))


@dataclass(frozen=True)
class NameTable:
    """The names of one cell for one kind of question.

    `aliases` maps another spelling to (name, step offset): `hprev` -> (h, -1), `g` -> (c_tilde, 0).
    `forbidden` names the quantities an answer may not use, with why (the one it is asked for).
    `sums` says whether Σ_t is meaningful (only for totals over a sequence).
    `elsewhere` says which other cell a stray name belongs to, for a helpful error.
    """

    label: str
    entries: dict[str, NameInfo]
    aliases: dict[str, tuple[str, int]] = field(default_factory=dict)
    forbidden: dict[Sym, str] = field(default_factory=dict)
    sums: bool = False
    sum_hint: str = "Σ_t belongs to the totals over a sequence, the bptt_ targets"
    elsewhere: Callable[[str], str | None] | None = field(default=None, compare=False)
    #: Names of another kind of question, with what to write here instead (g_t in one step).
    misplaced: dict[str, str] = field(default_factory=dict)
    #: The command that lists this question's names.
    names_command: str = "interviewkit check --names"

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def info(self, name: str) -> NameInfo:
        return self.entries[name]

    def of_role(self, *roles: Role) -> list[str]:
        """The names with one of `roles`, in table order."""
        return [n for n, i in self.entries.items() if i.role in roles]

    def resolve(self, tree: Expr) -> Expr:
        """`tree` with aliases replaced, every name and step checked; NotationError otherwise."""
        _check_sums(tree, self)
        applied = _applied(tree)
        return transform(tree, lambda e: self._resolve_node(e, applied))

    def _resolve_node(self, e: Expr, applied: frozenset[int] = frozenset()) -> Expr | None:
        if not isinstance(e, Sym):
            return None
        name, step = e.name, e.step
        if name not in self.entries and name in self.aliases:
            name, offset = self.aliases[name]
            step += offset
        if name not in self.entries:
            raise self._unknown(e, id(e) in applied)
        info = self.entries[name]
        if step not in info.steps:
            raise NotationError(self._bad_step(info, step), position=_at(e), hint=self._steps(info))
        out = Sym(name, step, span=e.span)
        why = self.forbidden.get(Sym(name, step))
        if why is not None:
            raise NotationError(why, position=_at(e))
        return out

    def _unknown(self, e: Sym, applied: bool = False) -> NotationError:
        spelled = step_text(e.name, e.step)
        home = self.elsewhere(e.name) if self.elsewhere else None
        if home:
            return NotationError(
                f"{step_text(e.name, e.step)} is not part of the {self.label} cell",
                position=_at(e),
                hint=f"it belongs to {home}",
            )
        if e.name in self.misplaced:
            return NotationError(
                f"{'g_t' if e.name == 'g' else spelled} is not part of this question",
                position=_at(e),
                hint=self.misplaced[e.name],
            )
        if e.name == "T":
            return NotationError(
                "T alone is not a name", position=_at(e), hint="for a transpose write A.T or A^T"
            )
        size = f"{e.name} is {SIZES[e.name]}, not a name in answers; " if e.name in SIZES else ""
        return NotationError(
            f"unknown name {shown(spelled, 40)}",
            position=_at(e),
            hint=(None if size else self.suggest(e.name, functions=applied))
            or f"{size}`{self.names_command}` lists the names",
        )

    def _bad_step(self, info: NameInfo, step: int) -> str:
        spelled = step_text(info.name, step)[:60]
        if info.role in (Role.PARAM, Role.IDENTITY):
            return f"{info.name} is shared by every step, so it takes no time index ({spelled})"
        if abs(step) > 1:
            return f"{spelled}: the notation has the steps t-1, t and t+1 only"
        return f"{spelled} is not part of this question"

    def _steps(self, info: NameInfo) -> str:
        if info.role in (Role.PARAM, Role.IDENTITY):
            return f"write {info.name}"
        allowed = ", ".join(step_text(info.name, s) for s in sorted(info.steps))
        return f"here {info.name} may be written {allowed}"

    def suggest(self, word: str, functions: bool = True) -> str | None:
        """A 'did you mean' hint for an unknown name, or None. Function names are offered only
        with `functions`: for a name applied as a function would be (`tahn(c)`), never for one
        that stands as a value (`n` is not `ln`)."""
        from interviewkit.math.functions import FUNCTION_WORDS

        pool = [*self.entries, *self.aliases, *(FUNCTION_WORDS if functions else ())]
        close = difflib.get_close_matches(word, pool, n=3, cutoff=0.6)
        if not close:
            close = [p for p in pool if p.lower() == word.lower()]
        return f"did you mean {' or '.join(close)}?" if close else None


def _at(e: Expr) -> int | None:
    return e.span[0] if e.span else None


#: The sizes NOTATION.md writes shapes with, which a learner may type as if they were names.
SIZES = {"n": "the number of entries of each state and gate", "m": "the number of entries of x"}


def _applied(tree: Expr) -> frozenset[int]:
    """The ids of the names that stand where a function would, written before its argument:
    the last factor on the left of a side-by-side product (`tahn(c)`, `2 tahn(c)`)."""
    from interviewkit.math.expr import BinOp, walk

    out = set()
    for node in walk(tree):
        if isinstance(node, BinOp) and node.op == "@":
            left = node.left
            while isinstance(left, BinOp) and left.op == "@":
                left = left.right
            if isinstance(left, Sym):
                out.add(id(left))
    return frozenset(out)


def _check_sums(tree: Expr, table: NameTable) -> None:
    """Σ_t only where the table allows it, and never inside another Σ_t."""
    stack: list[tuple[Expr, bool]] = [(tree, False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, SumSteps):
            if not table.sums:
                raise NotationError(
                    "a sum over the steps, Σ_t, has no meaning in this question",
                    position=_at(node),
                    hint=table.sum_hint,
                )
            if inside:
                raise NotationError(
                    "Σ_t inside Σ_t: a sum over the steps is taken once",
                    position=_at(node),
                    hint="sum_t(...) adds its body over every step t",
                )
            inside = True
        from interviewkit.math.expr import children

        stack.extend((c, inside) for c in children(node))


def table_from(
    label: str,
    infos: Iterable[NameInfo],
    aliases: dict[str, tuple[str, int]] | None = None,
    **kwargs: object,
) -> NameTable:
    """A NameTable from its entries (later entries win), with generated aliases added:
    `hprev` for h_{t-1} and `ctilde` for c_tilde."""
    entries = {i.name: i for i in infos}
    out = dict(aliases or {})
    for info in entries.values():
        if -1 in info.steps and info.role is Role.STATE:
            out.setdefault(f"{info.name}prev", (info.name, -1))
        if info.name.endswith("_tilde"):
            out.setdefault(info.name.replace("_", ""), (info.name, 0))
    return NameTable(label, entries, {k: v for k, v in out.items() if k not in entries}, **kwargs)  # type: ignore[arg-type]
