"""A check's report as text lines (one per output, wrong cases grouped by diagnosis) or as the
JSON of `code check --json`."""

from __future__ import annotations

import textwrap
from typing import Any

from interviewkit.exercises.grader import OutputResult, Report
from interviewkit.exercises.spec import size_text
from interviewkit.wording import plural

#: Diagnoses whose sentence is the whole story; other kinds quote each case's own numbers.
SAME_WORDS = ("mistake", "zeros", "transposed")


def case_list(numbers: list[int]) -> str:
    """`case 2`, `cases 1-4`, `cases 1, 3`."""
    if len(numbers) == 1:
        return f"case {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"cases {numbers[0]}-{numbers[-1]}"
    return "cases " + ", ".join(str(n) for n in numbers)


def _per_label(report: Report) -> dict[str, list[tuple[int, OutputResult]]]:
    out: dict[str, list[tuple[int, OutputResult]]] = {label: [] for label in report.labels}
    for case in report.cases:
        for result in case.outputs:
            out[result.label].append((case.number, result))
    return out


def output_lines(report: Report, width: int = 80) -> list[str]:
    """One line (wrapped) per output: ✓ with its worst error, or ✗ with each diagnosis."""
    column = max((len(label) for label in report.labels), default=0) + 2
    lines: list[str] = []
    for label, results in _per_label(report).items():
        wrong = [(n, r) for n, r in results if not r.right]
        if not wrong:
            worst = max((r.error or 0.0) for _, r in results)
            lines += _wrapped(
                f"✓ {label:<{column}}",
                f"right in every case (max relative error {worst:.0e})",
                width,
            )
            continue
        groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for number, result in wrong:
            assert result.diagnosis is not None
            kind, message = result.diagnosis.kind, result.diagnosis.message
            key = (kind, message if kind in SAME_WORDS else "")
            groups.setdefault(key, []).append((number, message))
        head = f"✗ {label:<{column}}"
        for members in groups.values():
            numbers = [n for n, _ in members]
            first, message = members[0]
            if len({m for _, m in members}) == 1:
                text = f"{case_list(numbers)}: {message}"
            else:  # the same slip with each case's own shapes or entries: show the first
                text = f"{case_list(numbers)}, e.g. case {first}: {message}"
            lines += _wrapped(head, text, width)
            head = " " * len(head)
    return lines


def _wrapped(head: str, text: str, width: int) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, len(head) + 20),
        initial_indent=head,
        subsequent_indent=" " * len(head),
        break_on_hyphens=False,
    )


def _joined(head: str, items: list[str], width: int) -> list[str]:
    """`items` joined by " · ", broken into lines only between items."""
    lines, line = [], head
    for item in items:
        candidate = item if line in (head, "  ") else f" · {item}"
        if len(line) + len(candidate) > width and line not in (head, "  "):
            lines.append(line)
            line, candidate = "  ", item
        line += candidate
    return [*lines, line]


def text_lines(report: Report, width: int = 80) -> list[str]:
    """The whole report: what was checked, the cases' sizes, one line per output, the verdict."""
    ex = report.exercise
    count = len(report.cases)
    lines = [f"{ex.name}: {report.path}, {plural(count, 'hidden case')} (seed {report.seed})"]
    lines += _joined("cases: ", [f"{c.number} ({size_text(c.sizes)})" for c in report.cases], width)
    lines += output_lines(report, width)
    total = len(report.labels)
    if report.passed:
        lines.append(f"Passed: all {plural(total, 'output')} right in all {count} cases.")
    else:
        wrong = report.wrong
        lines += textwrap.wrap(
            f"{len(wrong)} of {plural(total, 'output')} wrong ({', '.join(wrong)}). Fix the "
            "first one, run the file for the public example, then check again.",
            width,
        )
    return lines


def _number(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)


def report_dict(report: Report) -> dict[str, Any]:
    """The report as `code check --json` writes it."""
    return {
        "exercise": report.exercise.name,
        "file": report.path,
        "status": "passed" if report.passed else "failed",
        "seed": report.seed,
        "tolerance": report.tolerance,
        "wrong": report.wrong,
        "cases": [
            {
                "case": case.number,
                "sizes": dict(case.sizes),
                "outputs": [
                    {
                        "output": o.label,
                        "right": o.right,
                        "max_relative_error": _number(o.error),
                        "shape": list(o.shape),
                        "expected_shape": list(o.expected_shape),
                        "diagnosis": (
                            {"kind": o.diagnosis.kind, "message": o.diagnosis.message}
                            if o.diagnosis
                            else None
                        ),
                    }
                    for o in case.outputs
                ],
            }
            for case in report.cases
        ],
    }


def error_dict(exercise: str, path: str, kind: str, message: str) -> dict[str, Any]:
    """A check that could not run, as `--json` writes it."""
    return {
        "exercise": exercise,
        "file": path,
        "status": "error",
        "error": {"kind": kind, "message": message},
    }
