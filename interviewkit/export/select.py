"""Pick the questions to export, with one-line errors for filters that cannot match."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from interviewkit.bank.schema import CELLS, DIFFICULTIES, KINDS, TOPICS, Question
from interviewkit.bank.stats import filter_questions
from interviewkit.export.errors import ExportError


def _check(values: Iterable[str], known: Sequence[str], what: str) -> None:
    for value in values:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"choose from {', '.join(known)}"
            raise ExportError(f"unknown {what} {value!r}", hint=hint)


def select_questions(
    questions: Iterable[Question],
    *,
    topics: Sequence[str] = (),
    kinds: Sequence[str] = (),
    difficulties: Sequence[str] = (),
    cells: Sequence[str] = (),
) -> list[Question]:
    """The questions matching every given filter (empty filter = all), in topic order then bank order.

    Topic order is that of `TOPICS`, so a sheet reads like the syllabus rather than like the files.
    Raises `ExportError` for an unknown topic, kind or difficulty, or when nothing matches.
    """
    _check(topics, list(TOPICS), "topic")
    _check(kinds, KINDS, "kind")
    _check(difficulties, DIFFICULTIES, "difficulty")
    _check(cells, CELLS, "cell")
    chosen = filter_questions(
        questions, topic=topics, kind=kinds, difficulty=difficulties, cell=cells
    )
    if not chosen:
        raise ExportError(
            "no question matches these filters", hint="see `interviewkit bank list` for what exists"
        )
    order = {slug: i for i, slug in enumerate(TOPICS)}
    return sorted(chosen, key=lambda q: order.get(q.topic, len(order)))  # stable: bank order kept
