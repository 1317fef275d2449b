"""A recurrent cell as data: states, input, parameters with shapes, equations as trees.

A `CellSpec` is read from the TOML form of NOTATION.md ("Cells from equations"); the built-in
cells are such files too (`math/builtin_cells/`). The equations are read by the answer
notation's own parser, so nothing in a file is executed. Every problem is one `CellError` line
that names the file, the line and the equation: an unknown name or function, shapes that do not
fit, a cycle, a state never assigned, a name assigned twice, too many equations, too long a
line. A parameter that no equation uses is a warning.

A gate written as `f = sigmoid(W_f @ h_prev + ...)` gets its pre-activation split out as
`a_f = W_f @ h_prev + ...`, `f = sigmoid(a_f)`, so every cell has named pre-activations.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewkit.errors import InterviewkitError, NotationError
from interviewkit.math.expr import BinOp, Call, Expr, Sym, walk
from interviewkit.math.functions import FUNCTION_WORDS, FUNCTIONS
from interviewkit.math.names import NameInfo, NameTable, Role, table_from

#: Most equations a cell may have (pre-activations split out by the loader included).
MAX_EQUATIONS = 40
#: Longest equation, in characters.
MAX_LINE = 400
#: Most states a cell may carry.
MAX_STATES = 4
#: Most parameters a cell may declare.
MAX_PARAMS = 40
#: Sizes a shape may name: n (the state size) and m (the input size).
DIMS = ("n", "m")
#: Names the notation keeps for itself.
RESERVED = frozenset({"I", "T", "L", "g", "sum", "outer", "d", "t"})

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*")
_CELL_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_KEYS = {"name", "title", "about", "state", "input", "params", "equations", "aliases", "variant",
         "source", "notes"}  # fmt: skip


class CellError(InterviewkitError):
    """A cell file cannot be used: one line naming the file, the line and the equation."""

    title = "cell file error"


@dataclass(frozen=True)
class Param:
    """A parameter: its shape in the sizes n and m, and what it does in the equations
    (`recurrent` weight on a state, `input` weight on x, `bias`, or elementwise `gain`)."""

    name: str
    shape: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class Equation:
    """`name = rhs`, with where it was written (the file's line, the text as typed)."""

    name: str
    rhs: Expr
    line: int | None = None
    text: str = ""


@dataclass(frozen=True)
class CellSpec:
    """One time step of a recurrent cell, as data.

    `states` are carried to the next step (the first is the output); the previous step's value
    of a state S is `Sym(S, -1)`. `equations` are in evaluation order. `aliases` are other
    spellings a learner may use (`g` for c_tilde); `notes` say in a few words what a target
    means, by its short name (`dc_dcprev`); `title` is how a page names the cell ("vanilla
    RNN"), `citation` where it comes from. `digest` identifies the content, so caches
    of derived results are keyed by it and an edit invalidates them.
    """

    name: str
    about: str
    states: tuple[str, ...]
    input: str
    params: dict[str, Param]
    equations: tuple[Equation, ...]
    aliases: dict[str, tuple[str, int]] = field(default_factory=dict)
    variant: str | None = None
    source: str | None = None
    citation: str = ""
    title: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """`lstm`, `gru:chung`: the registry's key."""
        return f"{self.name}:{self.variant}" if self.variant else self.name

    @property
    def label(self) -> str:
        """`lstm`, `gru (pytorch)`: how titles name the cell."""
        return f"{self.name} ({self.variant})" if self.variant else self.name

    @property
    def defined(self) -> tuple[str, ...]:
        """The names the equations define, in evaluation order."""
        return tuple(eq.name for eq in self.equations)

    def equation(self, name: str) -> Expr:
        """The right-hand side that defines `name`."""
        for eq in self.equations:
            if eq.name == name:
                return eq.rhs
        raise KeyError(name)

    @property
    def inputs(self) -> dict[Sym, tuple[str, ...]]:
        """What one step reads, with shapes: x, the previous states, then the parameters
        sorted by name (the order random points are drawn in)."""
        out: dict[Sym, tuple[str, ...]] = {Sym(self.input): ("m",)}
        out.update({Sym(s, -1): ("n",) for s in self.states})
        out.update({Sym(p): self.params[p].shape for p in sorted(self.params)})
        return out

    @property
    def preactivations(self) -> tuple[str, ...]:
        """Names fed to a gate's activation: `a` in h = tanh(a), `a_f` in f = sigmoid(a_f)."""
        out = []
        for eq in self.equations:
            rhs = eq.rhs
            if (
                isinstance(rhs, Call)
                and rhs.func != "diag"
                and isinstance(rhs.arg, Sym)
                and rhs.arg.name in self.defined
                and rhs.arg.step == 0
            ):
                out.append(rhs.arg.name)
        return tuple(n for n in self.defined if n in out)

    @property
    def digest(self) -> str:
        """A hash of everything that decides the cell's mathematics (not its prose or aliases)."""
        from interviewkit.math.printer import to_ascii

        content = {
            "name": self.name,
            "variant": self.variant,
            "states": self.states,
            "input": self.input,
            "params": [(p.name, p.shape) for p in self.params.values()],
            "equations": [(e.name, to_ascii(e.rhs)) for e in self.equations],
        }
        blob = json.dumps(content, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def names(self) -> NameTable:
        """The names of one forward step: what a Jacobian answer (or an equation) may use."""
        return table_from(self.label, self.forward_names(), self.aliases)

    def forward_names(self) -> list[NameInfo]:
        """x, the states (at t-1 and t), every defined name, the parameters and I."""
        infos = [NameInfo(self.input, Role.INPUT, ("m",), frozenset({0}), "the input")]
        for s in self.states:
            infos.append(NameInfo(s, Role.STATE, ("n",), frozenset({-1, 0}), "a state"))
        for eq in self.equations:
            if eq.name not in self.states:
                infos.append(NameInfo(eq.name, Role.DEFINED, ("n",), frozenset({0})))
        for p in self.params.values():
            infos.append(NameInfo(p.name, Role.PARAM, p.shape, frozenset({0}), p.role))
        infos.append(NameInfo("I", Role.IDENTITY, ("n", "n"), frozenset({0}), "the identity"))
        return infos


# --------------------------------------------------------------------------- reading a file


#: The largest cell file read (the ten built-ins are under 2 kB each).
MAX_FILE_BYTES = 64_000


def load_cell_file(path: str | Path) -> CellSpec:
    """Read and check a cell file; CellError (one line: file, line, equation) otherwise."""
    from interviewkit.tomltext import read_bytes

    p = Path(path)
    label = str(p) if len(str(p)) <= 200 else str(p)[:200] + "…"  # named in every message
    try:
        raw = read_bytes(p, MAX_FILE_BYTES)  # a device or a pipe never fills the memory
    except FileNotFoundError:
        raise CellError(f"{label}: no such cell file") from None
    except OSError as exc:
        raise CellError(f"{label}: cannot read the cell file ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CellError(f"{label}: the cell file is over {MAX_FILE_BYTES:,} bytes, the limit")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark some editors write first
    except UnicodeDecodeError as exc:
        raise CellError(f"{label}: the cell file is not UTF-8 text (byte {exc.start})") from None
    return parse_cell_text(text, label)


def parse_cell_text(text: str, source: str = "<cell>", *, builtin: bool = False) -> CellSpec:
    """A CellSpec from the text of a cell file (TOML with one [cell] table)."""
    from interviewkit.tomltext import TomlError, parse

    try:
        data = parse(_join_inline_tables(text))
    except TomlError as exc:
        where = f"{source}:{exc.line}" if exc.line else source
        why = exc.message + (" (the file ends inside a string, an array or a table)"
                             if exc.at_end else "")  # fmt: skip
        raise CellError(f"{where}: not valid TOML: {why}") from None
    return _Reader(text, source, builtin).read(data)


def _join_inline_tables(text: str) -> str:
    """TOML 1.1's multi-line inline tables (`params = { ...` over several lines, as NOTATION.md
    writes them) on one line for a TOML 1.0 reader; the lines they leave are kept empty, so
    every line number stays true."""
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        depth = _brace_depth(lines[k])
        end = k
        while depth > 0 and end + 1 < len(lines) and end - k < 60:
            end += 1
            depth += _brace_depth(lines[end])
        if end > k and depth == 0:
            joined = " ".join(line.strip() for line in lines[k : end + 1])
            lines[k] = re.sub(r",\s*}", " }", joined)
            for j in range(k + 1, end + 1):
                lines[j] = ""
        k = end + 1
    return "\n".join(lines)


def _brace_depth(line: str) -> int:
    """`{` minus `}` outside strings and comments."""
    depth, quote = 0, ""
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
    return depth


def _fail(source: str, message: str, line: int | None = None, hint: str | None = None) -> CellError:
    where = f"{source}:{line}" if line else source
    return CellError(f"{where}: {message}", hint=hint)


class _Reader:
    def __init__(self, text: str, source: str, builtin: bool) -> None:
        self.text = text
        self.source = source
        self.builtin = builtin
        self.lines = text.splitlines()

    def fail(self, message: str, line: int | None = None, hint: str | None = None) -> CellError:
        return _fail(self.source, message, line, hint)

    def line_of(self, needle: str, after: str | None = None) -> int | None:
        """The 1-based line where `needle` (a key or an equation's text) is written."""
        start = 0
        if after is not None:
            found = self.line_of(after)
            start = (found or 1) - 1
        for k in range(start, len(self.lines)):
            if needle in self.lines[k]:
                return k + 1
        return None

    def key_line(self, key: str) -> int | None:
        for k, line in enumerate(self.lines):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return k + 1
        return None

    def read(self, data: dict[str, Any]) -> CellSpec:
        cell = data.get("cell")
        if not isinstance(cell, dict):
            raise self.fail("a cell file needs a [cell] table", hint="see NOTATION.md")
        extra = sorted(set(data) - {"cell"})
        if extra:
            raise self.fail(f"unknown top-level key {extra[0]!r}", self.key_line(extra[0]))
        allowed = _KEYS if self.builtin else _KEYS - {"variant"}  # the GRU's files' own
        unknown = sorted(set(cell) - allowed)
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r} in [cell]",
                self.key_line(unknown[0]),
                "keys: " + ", ".join(sorted(_KEYS - {"variant", "source"})),
            )
        for required in ("name", "state", "input", "params", "equations"):
            if required not in cell:
                raise self.fail(f"[cell] needs `{required}`", hint="see NOTATION.md")
        name = self.string(cell, "name")
        if not _CELL_NAME.fullmatch(name):
            raise self.fail(
                f"the cell name {name!r} must be lowercase letters, digits, - or _ (at most 32)",
                self.key_line("name"),
            )
        about = self.string(cell, "about") if "about" in cell else ""
        variant = self.string(cell, "variant") if "variant" in cell else None
        citation = self.string(cell, "source") if "source" in cell else ""
        title = self.string(cell, "title") if "title" in cell else f"{name} cell"
        states = self.states(cell["state"])
        x = self.identifier(self.string(cell, "input"), "input")
        if x in states:
            raise self.fail(f"{x} is both the input and a state", self.key_line("input"))
        params = self.params(cell["params"], {x, *states})
        aliases = self.aliases(cell.get("aliases", {}))
        notes = cell.get("notes", {})
        if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
            raise self.fail("`notes` must be a table of strings", self.key_line("notes"))
        equations = self.equations(cell["equations"], states, x, params, aliases)
        taken = {eq.name for eq in equations} | set(params) | {x, *states}
        for eq in equations:  # a_c for the peephole's a_c_tilde, as the LSTM names it
            short = eq.name.removesuffix("_tilde")
            if eq.name.startswith("a_") and short != eq.name and short not in taken:
                aliases.setdefault(short, (eq.name, 0))
        spec = CellSpec(
            name=name,
            about=about,
            states=states,
            input=x,
            params={},
            equations=equations,
            aliases=aliases,
            variant=variant,
            source=None if self.builtin else self.source,
            citation=citation,
            title=title,
            notes=dict(notes),
        )
        roles = _param_roles(spec, params)
        used = {s.name for eq in equations for s in walk(eq.rhs) if isinstance(s, Sym)}
        warnings = tuple(
            f"{self.source}:{self.key_line('params') or 1}: parameter {p} is never used"
            for p in params
            if p not in used
        ) + tuple(
            f"{self.source}:{eq.line}: {eq.name} is computed but no equation uses it"
            for eq in equations
            if eq.name not in states and eq.name not in used
        )
        spec = dataclasses.replace(
            spec,
            params={p: Param(p, params[p], roles[p]) for p in params},
            warnings=warnings,
        )
        if not self.builtin:  # the built-ins are checked by a test, not at every start
            check_shapes(spec, self.source)
        return spec

    # --- fields -------------------------------------------------------------------------

    def string(self, cell: dict[str, Any], key: str) -> str:
        value = cell[key]
        if not isinstance(value, str):
            raise self.fail(f"`{key}` must be a string", self.key_line(key))
        if len(value) > MAX_LINE:
            raise self.fail(f"`{key}` is longer than {MAX_LINE} characters", self.key_line(key))
        return value

    def identifier(self, name: str, what: str, line: int | None = None, text: str = "") -> str:
        """`name` if a cell may use it; `line` and `text` place a name an equation assigns."""
        if text:
            what = f'equation "{text}": name'
        else:
            line = self.key_line(what if what in ("input", "state") else "params")
        if not _NAME.fullmatch(name) or len(name) > 24:
            raise self.fail(
                f"{what} {name!r} is not a name: letters and digits, parts joined by _", line
            )
        if name in RESERVED or name in FUNCTION_WORDS or name.startswith(("d_", "g_")):
            raise self.fail(
                f"{what} {name!r} is a name the notation keeps for itself",
                line,
                "I, T, L, g, d, t, sum, outer, the functions, d_* and g_* are taken",
            )
        from interviewkit.math.notation import parse

        try:
            spelled = parse(name)
        except NotationError:
            spelled = None
        if not (isinstance(spelled, Sym) and spelled.name == name and spelled.step == 0):
            raise self.fail(
                f"{what} {name!r} would read as a time index (t, prev, ...); choose another name",
                line,
            )
        return name

    def states(self, value: Any) -> tuple[str, ...]:
        line = self.key_line("state")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail("`state` must be a list of names, the output first", line)
        if len(value) > MAX_STATES:
            raise self.fail(f"a cell carries at most {MAX_STATES} states", line)
        if len(set(value)) != len(value):
            raise self.fail("a state is listed twice", line)
        return tuple(self.identifier(v, "state") for v in value)

    def params(self, value: Any, taken: set[str]) -> dict[str, tuple[str, ...]]:
        line = self.key_line("params")
        if not isinstance(value, dict) or not value:
            raise self.fail('`params` must be a table of shapes, e.g. { W = "n,n" }', line)
        if len(value) > MAX_PARAMS:
            raise self.fail(f"a cell declares at most {MAX_PARAMS} parameters", line)
        out: dict[str, tuple[str, ...]] = {}
        for name, shape in value.items():
            self.identifier(name, "parameter")
            if name in taken:
                raise self.fail(f"{name} is a state or the input, not a parameter", line)
            dims = tuple(d.strip() for d in shape.split(",")) if isinstance(shape, str) else ()
            if not dims or len(dims) > 2 or any(d not in DIMS for d in dims):
                raise self.fail(
                    f"the shape of {name} must be n, m, or two of them (n,n or n,m), not {shape!r}",
                    self.line_of(f"{name} ") or self.line_of(name) or line,
                )
            out[name] = dims
        return out

    def aliases(self, value: Any) -> dict[str, tuple[str, int]]:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.fail("`aliases` must be a table of names", self.key_line("aliases"))
        return {k: (v, 0) for k, v in value.items()}

    # --- equations ----------------------------------------------------------------------

    def equations(
        self,
        value: Any,
        states: tuple[str, ...],
        x: str,
        params: dict[str, tuple[str, ...]],
        aliases: dict[str, tuple[str, int]],
    ) -> tuple[Equation, ...]:
        line = self.key_line("equations")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail('`equations` must be a list of "NAME = EXPRESSION" strings', line)
        if len(value) > MAX_EQUATIONS:
            raise self.fail(f"a cell has at most {MAX_EQUATIONS} equations", line)
        written: list[tuple[str, str, int | None, str]] = []
        for text in value:
            at = self.line_of(text.strip().split("=")[0].strip() + " =", after="equations")
            at = self.line_of(text, after="equations") or at or line
            if len(text) > MAX_LINE:
                raise self.fail(f"equation {text[:40]!r}… is longer than {MAX_LINE} characters", at)
            lhs, sep, rhs = text.partition("=")
            lhs = lhs.strip()
            if not sep or not rhs.strip():
                raise self.fail(f'equation "{text}" must read NAME = EXPRESSION', at)
            if not _NAME.fullmatch(lhs):
                raise self.fail(f'equation "{text}": {lhs!r} is not a name', at)
            written.append((lhs, rhs, at, text))
        defined = [w[0] for w in written]
        for k, name in enumerate(defined):
            if name in defined[:k]:
                raise self.fail(
                    f'equation "{written[k][3]}": {name} is assigned twice', written[k][2]
                )
            if name in params or name == x:
                what = "a parameter" if name in params else "the input"
                raise self.fail(
                    f'equation "{written[k][3]}": {name} is {what}, it cannot be assigned',
                    written[k][2],
                )
            if name not in states:
                self.identifier(name, "name", written[k][2], written[k][3])
        for s in states:
            if s not in defined:
                raise self.fail(f"the state {s} is never assigned", line, f"add {s} = ...")
        infos = [NameInfo(x, Role.INPUT, ("m",), frozenset({0}))]
        infos += [NameInfo(s, Role.STATE, ("n",), frozenset({-1, 0})) for s in states]
        infos += [
            NameInfo(n, Role.DEFINED, ("n",), frozenset({0})) for n in defined if n not in states
        ]
        infos += [NameInfo(p, Role.PARAM, shape, frozenset({0})) for p, shape in params.items()]
        infos.append(NameInfo("I", Role.IDENTITY, ("n", "n"), frozenset({0})))
        table = table_from(self.source, infos, aliases)
        parsed: dict[str, Equation] = {}
        for lhs, rhs, at, text in written:
            tree = self.parse_rhs(rhs, text, at, table)
            problem = _unsupported_product(tree, params)
            if problem is not None:
                raise self.fail(f'equation "{text}": {problem[0]}', at, problem[1])
            parsed[lhs] = Equation(lhs, tree, at, text)
        order = self.order(parsed, states)
        return tuple(_split_preactivations([parsed[n] for n in order], set(params), states))

    def parse_rhs(self, rhs: str, text: str, at: int | None, table: NameTable) -> Expr:
        from interviewkit.math.notation import parse

        try:
            tree = parse(rhs)
        except NotationError as exc:
            raise self.fail(f'equation "{text}": {exc.one_line()}', at) from None
        for node in walk(tree):  # `softplus(a)` reads as a product: name the unknown function
            if (
                isinstance(node, Sym)
                and node.name not in table
                and node.name not in table.aliases
                and node.span
                and rhs[node.span[1] :].lstrip().startswith("(")
            ):
                known = ", ".join(f for f in FUNCTIONS if f != "diag")
                raise self.fail(f'equation "{text}": unknown function {node.name!r}', at, known)
        try:
            return table.resolve(tree)
        except NotationError as exc:
            raise self.fail(f'equation "{text}": {exc.one_line()}', at) from None

    def order(self, parsed: dict[str, Equation], states: tuple[str, ...]) -> list[str]:
        """The equations in an order that computes each name before it is used (as written,
        where that works); a cycle is an error that names its equations."""
        deps = {
            n: {
                s.name
                for s in walk(eq.rhs)
                if isinstance(s, Sym) and s.step == 0 and s.name in parsed
            }
            for n, eq in parsed.items()
        }
        done: list[str] = []
        state: dict[str, int] = {}

        def visit(n: str, path: list[str]) -> None:
            if state.get(n) == 2:
                return
            if state.get(n) == 1:
                cycle = [*path[path.index(n) :], n]
                eq = parsed[n]
                raise self.fail(
                    f'equation "{eq.text}": a cycle: ' + " -> ".join(cycle),
                    eq.line,
                    "a name at step t may use the previous states (h_prev) but not itself",
                )
            state[n] = 1
            for d in sorted(deps[n], key=list(parsed).index):
                visit(d, [*path, n])
            state[n] = 2
            done.append(n)

        for n in parsed:
            visit(n, [])
        return done


def _unsupported_product(rhs: Expr, params: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(problem, hint) for a matrix product the backward pass cannot go through: its left side
    must be a declared weight matrix, and its right side may hold no other product (the
    gradient would stop there and come out 0)."""
    for node in walk(rhs):
        if not (isinstance(node, BinOp) and node.op == "@"):
            continue
        left = node.left
        if not (isinstance(left, Sym) and len(params.get(left.name, ())) == 2):
            return (
                "the left side of @ must be a weight matrix declared in params",
                "write diag(u) @ v as u * v, and W.T @ v with a weight of its own shape",
            )
        if any(isinstance(n, BinOp) and n.op == "@" for n in walk(node.right)):
            return (
                "a matrix product inside another's right side cannot be differentiated",
                "name the inner product in an equation of its own: s = W @ v, then P @ s",
            )
    return None


def _split_preactivations(
    equations: list[Equation], params: set[str], states: tuple[str, ...]
) -> list[Equation]:
    """`f = sigmoid(W @ h_prev + b)` becomes `a_f = W @ h_prev + b`, `f = sigmoid(a_f)`."""
    taken = {eq.name for eq in equations} | params | set(states)
    out: list[Equation] = []
    for eq in equations:
        rhs = eq.rhs
        if isinstance(rhs, Call) and rhs.func != "diag" and not isinstance(rhs.arg, Sym):
            pre = f"a_{eq.name}"
            if pre not in taken and not _is_number(rhs.arg):
                taken.add(pre)
                out.append(Equation(pre, rhs.arg, eq.line, eq.text))
                out.append(Equation(eq.name, Call(rhs.func, Sym(pre)), eq.line, eq.text))
                continue
        out.append(eq)
    return out


def _is_number(e: Expr) -> bool:
    return not any(isinstance(n, Sym) for n in walk(e))


def _param_roles(spec: CellSpec, params: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """What each parameter does, read from the equations (never from its name): a matrix on x
    is an `input` weight, a matrix on anything else `recurrent`; a vector multiplied
    elementwise is a `gain` (peephole, IndRNN's u), one only added a `bias`."""
    roles: dict[str, str] = {}
    for p, shape in params.items():
        if len(shape) == 2:
            roles[p] = "input" if shape[1] == "m" else "recurrent"
            continue
        roles[p] = "bias"
        for eq in spec.equations:
            for node in walk(eq.rhs):
                if (
                    isinstance(node, BinOp)
                    and node.op in ("*", "/")
                    and Sym(p) in (node.left, node.right)
                ):
                    roles[p] = "gain"
    return roles


def check_shapes(spec: CellSpec, source: str) -> None:
    """Evaluate the equations once at a random point: a shape that does not fit is an error
    naming the equation, and every state must come out an n-vector."""
    import numpy as np

    from interviewkit.math.evaluate import describe_shape, evaluate
    from interviewkit.math.interpret import key

    rng = np.random.default_rng(0)
    sizes = {"n": 3, "m": 2}
    env: dict[str, Any] = {}
    for sym, shape in spec.inputs.items():
        dims = tuple(sizes[d] for d in shape)
        env[key(sym.name, sym.step)] = rng.standard_normal(dims if len(dims) == 2 else (dims[0], 1))
    for eq in spec.equations:
        try:
            value = evaluate(eq.rhs, env)
        except NotationError as exc:
            message = f'equation "{eq.text}": {exc.one_line()} (checked with n = 3, m = 2)'
            raise _fail(source, message, eq.line) from None
        if np.shape(value) != (3, 1):
            raise _fail(
                source,
                f'equation "{eq.text}": {eq.name} must be an n-vector, '
                f"but the right side is a {describe_shape(np.shape(value))} (with n = 3, m = 2)",
                eq.line,
            )
        env[key(eq.name)] = value
