"""Every code exercise, easy to hard, and the lookup by name (with a close match on a typo)."""

from __future__ import annotations

import difflib

from interviewkit.errors import ExerciseError
from interviewkit.exercises import basics, cells, sequences
from interviewkit.exercises.spec import Exercise

_ORDER = {"easy": 0, "medium": 1, "hard": 2}

#: The exercises in the order `code list` shows them: by difficulty, then as written.
EXERCISES: tuple[Exercise, ...] = tuple(
    sorted(
        (*basics.EXERCISES, *cells.EXERCISES, *sequences.EXERCISES),
        key=lambda e: _ORDER[e.difficulty],
    )
)
BY_NAME: dict[str, Exercise] = {e.name: e for e in EXERCISES}


def get(name: str) -> Exercise:
    """The exercise called `name`, or an ExerciseError naming the closest ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name, BY_NAME, n=2, cutoff=0.5)
        hint = (
            f"did you mean {' or '.join(close)}?"
            if close
            else "`interviewkit code list` shows them all"
        )
        raise ExerciseError(f"no exercise called {name!r}", hint=hint) from None
