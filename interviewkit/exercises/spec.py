"""What a code exercise is, as plain data: its function, arguments, outputs and hidden cases.

A spec names everything the learner's function takes and returns with the shapes of
NOTATION.md (B examples in a batch, m inputs, n hidden units, T steps), so the starter file,
the child process that calls the function and the grader all read one description. Nothing here
imports numpy at module level: `code list` and the quiz read specs without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: How an argument or an output is passed: one array, a dict of named arrays (the cell's
#: parameters), a list of arrays, or a plain number or word.
KINDS = ("array", "params", "arrays", "number", "int", "bool", "str")

Sizes = Mapping[str, Any]


@dataclass(frozen=True)
class Value:
    """One argument or output: `shape` is symbolic ("B, n"); `keys` and `key_shapes` describe
    a dict of arrays (the parameters `p`); `about` says what it is in NOTATION.md's words."""

    name: str
    shape: str = ""
    about: str = ""
    kind: str = "array"
    keys: tuple[str, ...] = ()
    key_shapes: tuple[str, ...] = ()
    length_of: str = ""  # an "arrays" output as long as this "arrays" argument

    def shape_of(self, key: str) -> str:
        """The symbolic shape of one entry of a dict value."""
        return self.key_shapes[self.keys.index(key)] if self.keys else self.shape


@dataclass(frozen=True)
class Exercise:
    """One exercise: the function `name` the learner writes, and how it is checked.

    `make_inputs(rng, sizes)` draws one case's arguments with numpy; `cases` are the sizes of
    the hidden cases and `example` those of the public example in the starter file.
    `from_scratch` exercises run with NumPy only (importing torch is refused and said so).
    `no_overflow` exercises exist to avoid an overflow: right values reached through one
    (1 / (1 + exp(-x)) at x = -1000 is 1 / inf = 0) are wrong, with `nan_hint` as the fix.
    """

    name: str
    title: str
    difficulty: str
    topic: str
    summary: str
    task: str
    args: tuple[Value, ...]
    returns: tuple[Value, ...]
    cases: tuple[Sizes, ...]
    example: Sizes
    make_inputs: Callable[[Any, Sizes], dict[str, Any]]
    from_scratch: bool = True
    nan_hint: str = ""
    no_overflow: bool = False
    elementwise: str = ""  # an input of the output's shape, named at a wrong entry
    example_lines: tuple[str, ...] = ()
    expected_example: str = ""

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(a.name for a in self.args)})"

    def labels(self, inputs: Mapping[str, Any] | None = None) -> list[str]:
        """The outputs as the report names them: `dx`, `grads['W_f']`, `clipped[0]`."""
        out: list[str] = []
        for value in self.returns:
            out += value_labels(value, inputs)
        return out

    def shape_text(self, label: str) -> str:
        """The symbolic shape of an output label, e.g. `(n, m)`; `()` for a number."""
        for value in self.returns:
            if value.kind == "params":
                for key in value.keys:
                    if label == f"{value.name}[{key!r}]":
                        shape = value.shape_of(key)
                        return f"({shape}{',' if ',' not in shape else ''})"
            elif value.kind == "arrays" and label.startswith(f"{value.name}["):
                return "(same as the input)"
            elif label == value.name:
                if not value.shape:
                    return "()"
                return f"({value.shape}{',' if ',' not in value.shape else ''})"
        raise KeyError(label)


def value_labels(value: Value, inputs: Mapping[str, Any] | None = None) -> list[str]:
    """The labels of one returned value (a dict or a list expands to one label per entry)."""
    if value.kind == "params":
        return [f"{value.name}[{key!r}]" for key in value.keys]
    if value.kind == "arrays":
        count = len(inputs[value.length_of]) if inputs is not None else 0
        return [f"{value.name}[{i}]" for i in range(count)]
    return [value.name]


def size_text(sizes: Sizes) -> str:
    """`B=3, m=4, n=5`: how a report names a case."""
    return ", ".join(f"{k}={v}" for k, v in sizes.items())


def evaluate_shape(shape: str, sizes: Sizes) -> tuple[int, ...]:
    """`"B, n"` with B=3, n=5 -> (3, 5); an empty shape is a number's ()."""
    if not shape.strip():
        return ()
    return tuple(int(sizes[d.strip()]) for d in shape.split(","))
