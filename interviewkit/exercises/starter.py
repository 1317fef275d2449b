"""The starter file of an exercise: the signature, a docstring with shapes and NOTATION.md's
names, a body to replace, and a `__main__` that runs one public example.

The first comment names the exercise, so `code check FILE` knows what the file solves even
after it is renamed. Writing never overwrites a file unless asked: it may hold the learner's work.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from interviewkit.errors import ExerciseError
from interviewkit.exercises.spec import Exercise, Value, evaluate_shape

MARKER = "# interviewkit exercise:"
_MARKER = re.compile(r"^#\s*interviewkit exercise:\s*([a-z0-9_]+)\s*$", re.MULTILINE)
TODO = "write the function body"


def exercise_named_in(text: str) -> str | None:
    """The exercise a file's marker comment names (read as text, never run)."""
    match = _MARKER.search(text[:4000])
    return match.group(1) if match else None


def _describe(value: Value) -> str:
    if value.kind in ("array",):
        return f"{value.name}: ({value.shape}) {value.about}."
    if value.kind == "params":
        return f"{value.name}: {value.about}."
    if value.kind == "arrays":
        return f"{value.name}: {value.about} (a list)."
    return f"{value.name}: {value.about} ({'a number' if value.kind == 'number' else value.kind})."


def docstring(exercise: Exercise) -> str:
    """The function's docstring: title, task, rules, Args and Returns with shapes."""
    body = f"{exercise.title}.\n\n{_fill(exercise.task)}\n\n"
    if exercise.from_scratch:
        body += "From scratch: NumPy only (importing torch is refused).\n\n"
    body += "Args:\n"
    body += "".join(_item(a) for a in exercise.args)
    body += "\nReturns:\n" + "".join(_item(r) for r in exercise.returns)
    if len(exercise.returns) > 1:
        names = ", ".join(r.name for r in exercise.returns)
        body += f"\nReturn them as a tuple ({names}).\n"
    return body


def _fill(text: str, width: int = 84) -> str:
    """Wrap the prose paragraphs of a task; indented blocks (equations) stay as written."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        p if any(line.startswith(" ") for line in p.splitlines()) else textwrap.fill(p, width)
        for p in paragraphs
    )


def _item(value: Value) -> str:
    return (
        textwrap.fill(
            _describe(value),
            width=84,
            initial_indent="    ",
            subsequent_indent="        ",
            break_on_hyphens=False,
        )
        + "\n"
    )


def _example_lines(exercise: Exercise) -> list[str]:
    if exercise.example_lines:
        return list(exercise.example_lines)
    sizes = exercise.example
    arg_names = {a.name for a in exercise.args}
    dims = [k for k, v in sizes.items() if k not in arg_names and isinstance(v, int)]
    lines = ["rng = np.random.default_rng(0)"]
    if dims:
        lines.append(f"{', '.join(dims)} = {', '.join(str(sizes[d]) for d in dims)}")
    for arg in exercise.args:
        if arg.kind == "array":
            lines.append(f"{arg.name} = rng.standard_normal(({_dims(arg.shape)})) * 0.5")
        elif arg.kind == "params":
            lines.append(f"{arg.name} = {{")
            for key, shape in zip(arg.keys, arg.key_shapes, strict=True):
                lines.append(f'    "{key}": rng.standard_normal(({_dims(shape)})) * 0.5,')
            lines.append("}")
        else:
            lines.append(f"{arg.name} = {sizes[arg.name]!r}")
    return lines


def _dims(shape: str) -> str:
    names = [d.strip() for d in shape.split(",")]
    return ", ".join(names) + ("," if len(names) == 1 else "")


def _show_lines(exercise: Exercise) -> list[str]:
    call = f"{exercise.name}({', '.join(a.name for a in exercise.args)})"
    names = [r.name for r in exercise.returns]
    lines = [f"{', '.join(names)} = {call}", "np.set_printoptions(precision=4, suppress=True)"]
    for value in exercise.returns:
        if value.kind == "params":
            lines.append(f"for key, value in {value.name}.items():")
            lines.append(f'    print(f"{value.name}[{{key!r}}]: shape", np.shape(value))')
        elif value.kind == "array" and not exercise.example_lines:
            lines.append(
                f'print("{value.name}: shape", np.shape({value.name}), '
                f'"expected", ({_dims(value.shape)}))'
            )
        else:
            lines.append(f'print("{value.name} =", {value.name})')
    if exercise.expected_example:
        lines.append(f"print({'expected:'!r}, {exercise.expected_example!r})")
    return lines


def starter_text(exercise: Exercise) -> str:
    """The whole starter file."""
    run_line = f"interviewkit code check {exercise.name}.py"
    head = f'''\
"""{exercise.title}: an interviewkit code exercise ({exercise.difficulty}).

Write the function, run this file for the public example, then check it on hidden cases:

    python {exercise.name}.py
    {run_line}
"""

{MARKER} {exercise.name}

import numpy as np


def {exercise.signature}:
'''
    doc = textwrap.indent(f'"""{docstring(exercise)}"""', "    ")
    body = f'    raise NotImplementedError("{TODO}")\n'
    main = [
        "# The public example; `interviewkit code check` runs other, hidden cases.",
        *_example_lines(exercise),
        *_show_lines(exercise),
    ]
    if exercise.example_lines:
        main.insert(1, "rng = np.random.default_rng(0)")
    main_text = textwrap.indent("\n".join(main), "    ")
    return f'{head}{doc}\n{body}\n\nif __name__ == "__main__":\n{main_text}\n'


def write_starter(exercise: Exercise, folder: str | Path = ".", *, force: bool = False) -> Path:
    """Write `<folder>/<name>.py`; an existing file is kept unless `force`."""
    folder = Path(folder).expanduser()
    path = folder / f"{exercise.name}.py"
    if path.exists() and not force:
        raise ExerciseError(
            f"{path} already exists",
            hint="pass --force to overwrite it; your work in it would be lost",
        )
    if folder.exists() and not folder.is_dir():
        raise ExerciseError(f"{folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(starter_text(exercise), encoding="utf-8")
    except OSError as exc:
        raise ExerciseError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def example_sizes(exercise: Exercise) -> dict[str, tuple[int, ...]]:
    """The public example's output shapes, for the tests of the starter's `__main__`."""
    return {
        r.name: evaluate_shape(r.shape, exercise.example)
        for r in exercise.returns
        if r.kind == "array"
    }
