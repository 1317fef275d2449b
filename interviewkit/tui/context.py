"""What every screen needs: the questions, the progress store, the filters and a clock.

One object, made once by `factory.open_context` and handed to the app, so that screens hold no
globals and tests can freeze time (`clock`) and draws (`seed`) to get the same screen twice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from interviewkit.study.modes import Mode

if TYPE_CHECKING:  # the store module is imported by factory.open_context, when it opens one;
    # the bank's modules with the questions, after the first screen (~6 ms of dataclasses)
    from interviewkit.bank.schema import Kind, Question
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.study.store import ProgressStore

Clock = Callable[[], datetime]


def utc_clock() -> datetime:
    """Now, aware and in UTC (what FSRS wants)."""
    return datetime.now(timezone.utc)


@dataclass
class Filters:
    """The home screen's filters; None matches everything."""

    topic: str | None = None
    kind: Kind | None = None
    difficulty: str | None = None
    cell: str | None = None

    def apply(self, questions: list[Question]) -> list[Question]:
        from interviewkit.bank.stats import filter_questions

        return filter_questions(
            questions,
            topic=self.topic,
            kind=self.kind,
            difficulty=self.difficulty,
            cell=self.cell,
        )

    def describe(self) -> str:
        parts = [p for p in (self.topic, self.cell, self.kind, self.difficulty) if p]
        return " · ".join(parts) if parts else "all questions"


@dataclass
class Settings:
    """Session sizes and limits (the defaults suit ten minutes of study)."""

    quiz_size: int = 10
    mock_size: int = 8
    mock_minutes: float = 15.0
    new_limit: int = 20
    review_limit: int = 200


@dataclass
class StudyContext:
    """The learner's questions and progress, shared by every screen of one app."""

    questions: list[Question]
    store: ProgressStore
    filters: Filters = field(default_factory=Filters)
    settings: Settings = field(default_factory=Settings)
    clock: Clock = utc_clock
    timer: Callable[[], float] = time.monotonic  # answer durations; frozen in snapshot tests
    seed: int | None = None
    start_mode: Mode | None = None
    warnings: list[str] = field(default_factory=list)
    #: a learner's cell file the lab opens on (`quiz --mode lab --cell FILE.toml`)
    lab_cell: CellSpec | None = None
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def now(self) -> datetime:
        return self.clock()

    def selected(self) -> list[Question]:
        """The questions that pass the current filters."""
        return self.filters.apply(self.questions)

    def next_seed(self) -> int:
        """A fresh seed for one draw (numeric parameters, shuffles); reproducible under `seed`."""
        return self.rng.randrange(2**31)
