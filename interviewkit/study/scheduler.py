"""A thin wrapper over `fsrs.Scheduler`: one place that knows the FSRS settings and UTC rules.

FSRS refuses naive datetimes and any tzinfo other than `timezone.utc`, so every datetime that
enters the study layer goes through `to_utc` first. Fuzzing (a small random spread of intervals,
so cards learned together do not stay bunched) is on in the app and off in tests.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import TypedDict

from fsrs import Card, Rating, ReviewLog, Scheduler, State

__all__ = [
    "DIFFICULTY_RANGE",
    "STABILITY_RANGE",
    "Card",
    "Rating",
    "ReviewLog",
    "SchedulerSettings",
    "State",
    "StudyScheduler",
    "card_id_for",
    "iso",
    "parse_iso",
    "to_utc",
    "utc_now",
]

#: The stability (days) and difficulty FSRS computes with: it clamps its own results to these
#: (fsrs.scheduler's STABILITY_MIN, MIN_DIFFICULTY and MAX_DIFFICULTY); a card imported with
#: values outside them, or with none in the Review state, would fail at its next review.
#: FSRS sets no upper stability; 10⁹ days is far past any interval it schedules.
STABILITY_RANGE: tuple[float, float] = (0.001, 1e9)
DIFFICULTY_RANGE: tuple[float, float] = (1.0, 10.0)

DEFAULT_LEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
DEFAULT_RELEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=10),)


def utc_now() -> datetime:
    """The current time as FSRS wants it (aware, `tzinfo is timezone.utc`)."""
    return datetime.now(timezone.utc)


def to_utc(value: datetime | None) -> datetime:
    """`value` converted to UTC; None means now. Naive datetimes are refused (which zone?)."""
    if value is None:
        return utc_now()
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"naive datetime {value!r}: pass an aware one, e.g. datetime.now(timezone.utc)"
        )
    return value.astimezone(timezone.utc)


def iso(value: datetime) -> str:
    """A UTC datetime as a fixed-width ISO string, so that stored strings sort like the times."""
    return to_utc(value).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    """The inverse of `iso`; any offset is accepted and turned into UTC."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def card_id_for(question_id: str) -> int:
    """A stable FSRS card id derived from the question id (same in every database)."""
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:7], "big")


class SchedulerSettings(TypedDict):
    """The stored form of `StudyScheduler` (timedelta steps as seconds)."""

    desired_retention: float
    learning_steps: list[float]
    relearning_steps: list[float]
    maximum_interval: int
    enable_fuzzing: bool


class StudyScheduler:
    """FSRS with the app's defaults: 90 % retention, learning steps 1 min and 10 min.

    Args:
        desired_retention: the recall probability FSRS aims for when it picks the next due date.
        learning_steps: waits between the first reviews of a new card.
        relearning_steps: waits after a review card is forgotten.
        maximum_interval: the longest interval in days.
        enable_fuzzing: spread intervals a little at random; turn off for reproducible tests.
    """

    def __init__(
        self,
        *,
        desired_retention: float = 0.9,
        learning_steps: tuple[timedelta, ...] = DEFAULT_LEARNING_STEPS,
        relearning_steps: tuple[timedelta, ...] = DEFAULT_RELEARNING_STEPS,
        maximum_interval: int = 36500,
        enable_fuzzing: bool = True,
    ) -> None:
        self.desired_retention = desired_retention
        self.learning_steps = tuple(learning_steps)
        self.relearning_steps = tuple(relearning_steps)
        self.maximum_interval = maximum_interval
        self.enable_fuzzing = enable_fuzzing
        self.fsrs = Scheduler(
            desired_retention=desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=maximum_interval,
            enable_fuzzing=enable_fuzzing,
        )

    def new_card(self, question_id: str, now: datetime | None = None) -> Card:
        """A never-reviewed card for `question_id`, due at `now`."""
        return Card(card_id=card_id_for(question_id), due=to_utc(now))

    def review(
        self,
        card: Card,
        rating: Rating,
        now: datetime | None = None,
        duration_s: float | None = None,
    ) -> tuple[Card, ReviewLog]:
        """The card after a review with `rating` (Again .. Easy) at `now`; `card` is unchanged."""
        duration_ms = None if duration_s is None else max(0, round(duration_s * 1000))
        return self.fsrs.review_card(
            card, Rating(rating), review_datetime=to_utc(now), review_duration=duration_ms
        )

    def to_dict(self) -> SchedulerSettings:
        return {
            "desired_retention": self.desired_retention,
            "learning_steps": [s.total_seconds() for s in self.learning_steps],
            "relearning_steps": [s.total_seconds() for s in self.relearning_steps],
            "maximum_interval": self.maximum_interval,
            "enable_fuzzing": self.enable_fuzzing,
        }

    @classmethod
    def from_dict(cls, data: SchedulerSettings) -> StudyScheduler:
        return cls(
            desired_retention=float(data["desired_retention"]),
            learning_steps=tuple(timedelta(seconds=s) for s in data["learning_steps"]),
            relearning_steps=tuple(timedelta(seconds=s) for s in data["relearning_steps"]),
            maximum_interval=int(data["maximum_interval"]),
            enable_fuzzing=bool(data["enable_fuzzing"]),
        )
