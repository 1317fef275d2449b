"""The stored records of the progress database: a card's state, one review and the learner's
marks on a question, as plain data.

Each record has a `TypedDict` twin and `to_dict`/`from_dict` that round-trip (py-fsrs style):
IntEnums are stored as ints, datetimes as UTC ISO strings. The export file is made of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, TypedDict

from interviewkit.bank.vocabulary import Kind
from interviewkit.errors import StoreError
from interviewkit.math.verdict import Verdict
from interviewkit.study import fields
from interviewkit.study.fields import FieldError
from interviewkit.study.modes import Mode
from interviewkit.study.scheduler import Card, Rating, State, iso

#: A card failed (rated Again) this many times is a leech: shown on the home screen to rewrite.
LEECH_THRESHOLD = 8

#: `state_before` of a card's first review: it had never been seen (FSRS has no "new" state).
STATE_NEW = 0

STATE_NAMES: dict[int, str] = {
    STATE_NEW: "new",
    int(State.Learning): "learning",
    int(State.Review): "review",
    int(State.Relearning): "relearning",
}


class CardInfoDict(TypedDict):
    question_id: str
    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    kind: Kind | None
    topic: str | None
    reps: int
    lapses: int
    again_count: int
    introduced_at: str | None


@dataclass(frozen=True)
class CardInfo:
    """What the store knows about one question: its FSRS card and counts from its review log.

    `lapses` counts Again on a card in the Review state (Anki's meaning); `again_count` counts
    every Again, and `is_leech` is `again_count >= LEECH_THRESHOLD`.
    """

    question_id: str
    card_id: int
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    kind: Kind | None = None
    topic: str | None = None
    reps: int = 0
    lapses: int = 0
    again_count: int = 0
    introduced_at: datetime | None = None

    @property
    def is_leech(self) -> bool:
        return self.again_count >= LEECH_THRESHOLD

    def to_card(self) -> Card:
        """The FSRS card, to schedule the next review from."""
        return Card(
            card_id=self.card_id,
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def to_dict(self) -> CardInfoDict:
        return {
            "question_id": self.question_id,
            "card_id": self.card_id,
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": iso(self.due),
            "last_review": iso(self.last_review) if self.last_review else None,
            "kind": self.kind,
            "topic": self.topic,
            "reps": self.reps,
            "lapses": self.lapses,
            "again_count": self.again_count,
            "introduced_at": iso(self.introduced_at) if self.introduced_at else None,
        }

    @classmethod
    def from_dict(cls, data: CardInfoDict | dict[str, Any]) -> CardInfo:
        """The card an exported dict describes, every field checked (`study.fields`), and the
        fields FSRS needs for the card's state present: a card in the Review or Relearning state
        without a stability, a difficulty or a last review, or one in a learning state without a
        step, would fail at its next review (every answer "Not saved")."""
        try:
            return cls(**_card_fields(data))
        except FieldError as exc:
            raise StoreError(f"bad card record {_name(data)}: {exc}") from None


_CARD_FIELDS: dict[str, tuple[bool, fields.Check]] = {
    "question_id": (True, fields.question_id),
    "card_id": (True, fields.whole(*fields.INT64)),
    "state": (True, fields.whole(1, 3)),
    "step": (False, fields.whole(0, 10_000)),
    "stability": (False, fields.STABILITY),
    "difficulty": (False, fields.DIFFICULTY),
    "due": (True, fields.date),
    "last_review": (False, fields.date),
    "kind": (False, fields.KIND),
    "topic": (False, fields.TOPIC),
    "reps": (False, fields.COUNT),
    "lapses": (False, fields.COUNT),
    "again_count": (False, fields.COUNT),
    "introduced_at": (False, fields.date),
}


def _card_fields(data: Any) -> dict[str, Any]:
    """The checked fields of an exported card (see `CardInfo.from_dict`)."""
    values = fields.read(data, _CARD_FIELDS)
    state = values["state"] = State(values["state"])
    if state in (State.Review, State.Relearning):
        for key in ("stability", "difficulty", "last_review"):
            if values.get(key) is None:
                raise FieldError(key, f"must be given for a card in the {state.name} state")
    if state in (State.Learning, State.Relearning) and values.get("step") is None:
        raise FieldError("step", f"must be given for a card in the {state.name} state")
    for key in ("reps", "lapses", "again_count"):
        values[key] = values.get(key) or 0
    return values


class ReviewRecordDict(TypedDict):
    uid: str
    question_id: str
    rating: int
    reviewed_at: str
    duration_s: float | None
    kind: Kind | None
    topic: str | None
    mode: str | None
    verdict: str | None
    answer: str | None
    state_before: int | None
    state_after: int | None
    stability_after: float | None
    difficulty_after: float | None
    due_after: str | None
    undone_at: str | None


@dataclass(frozen=True)
class ReviewRecord:
    """One answer: the rating, when, how, and the card's state before and after it.

    An undone answer (`undone_at`) stays in the log and counts nowhere."""

    uid: str
    question_id: str
    rating: Rating
    reviewed_at: datetime
    duration_s: float | None = None
    kind: Kind | None = None
    topic: str | None = None
    mode: Mode | None = None
    verdict: Verdict | None = None
    answer: str | None = None
    state_before: int | None = None
    state_after: int | None = None
    stability_after: float | None = None
    difficulty_after: float | None = None
    due_after: datetime | None = None
    undone_at: datetime | None = None

    def to_dict(self) -> ReviewRecordDict:
        return {
            "uid": self.uid,
            "question_id": self.question_id,
            "rating": int(self.rating),
            "reviewed_at": iso(self.reviewed_at),
            "duration_s": self.duration_s,
            "kind": self.kind,
            "topic": self.topic,
            "mode": self.mode,
            "verdict": self.verdict,
            "answer": self.answer,
            "state_before": self.state_before,
            "state_after": self.state_after,
            "stability_after": self.stability_after,
            "difficulty_after": self.difficulty_after,
            "due_after": iso(self.due_after) if self.due_after else None,
            "undone_at": iso(self.undone_at) if self.undone_at else None,
        }

    @classmethod
    def from_dict(cls, data: ReviewRecordDict | dict[str, Any]) -> ReviewRecord:
        """The review an exported dict describes, every field checked (`study.fields`)."""
        try:
            return cls(**fields.read(data, _REVIEW_FIELDS))
        except FieldError as exc:
            raise StoreError(f"bad review record {_name(data)}: {exc}") from None


def _member(enum: type[Enum]) -> fields.Check:
    """One of a closed set's names (`Mode`, `Verdict`), read back as its member."""
    name = fields.one_of(str(m.value) for m in enum)
    return lambda value: enum(name(value))


_REVIEW_FIELDS: dict[str, tuple[bool, fields.Check]] = {
    "uid": (True, fields.ID),
    "question_id": (True, fields.question_id),
    "rating": (True, lambda value: Rating(fields.whole(1, 4)(value))),
    "reviewed_at": (True, fields.date),
    "duration_s": (False, fields.DURATION),
    "kind": (False, fields.KIND),
    "topic": (False, fields.TOPIC),
    "mode": (False, _member(Mode)),
    "verdict": (False, _member(Verdict)),
    "answer": (False, fields.text(fields.MAX_TEXT)),
    "state_before": (False, fields.whole(0, 3)),
    "state_after": (False, fields.whole(1, 3)),
    "stability_after": (False, fields.STABILITY),
    "difficulty_after": (False, fields.DIFFICULTY),
    "due_after": (False, fields.date),
    "undone_at": (False, fields.date),
}


#: A question's flag, as Anki numbers its first four colours (0: none).
FLAGS: dict[int, str] = {0: "none", 1: "red", 2: "orange", 3: "green", 4: "blue"}
#: The longest note kept on a question.
MAX_NOTE = 2000


class MarkDict(TypedDict):
    question_id: str
    suspended: bool
    buried_until: str | None
    flag: int
    note: str
    updated_at: str


@dataclass(frozen=True)
class Mark:
    """What the learner set on a question, answered or not: suspended (out of every session
    until unsuspended), buried until a time (out of review until then), a flag, a note."""

    question_id: str
    updated_at: datetime
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0
    note: str = ""

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and self.buried_until > now

    def to_dict(self) -> MarkDict:
        return {
            "question_id": self.question_id,
            "suspended": self.suspended,
            "buried_until": iso(self.buried_until) if self.buried_until else None,
            "flag": self.flag,
            "note": self.note,
            "updated_at": iso(self.updated_at),
        }

    @classmethod
    def from_dict(cls, data: MarkDict | dict[str, Any]) -> Mark:
        """The mark an exported dict describes, every field checked (`study.fields`)."""
        try:
            values = fields.read(data, _MARK_FIELDS)
        except FieldError as exc:
            raise StoreError(f"bad mark record {_name(data)}: {exc}") from None
        return cls(**{k: v for k, v in values.items() if v is not None or k == "buried_until"})


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {fields.describe(value)}")
    return value


_MARK_FIELDS: dict[str, tuple[bool, fields.Check]] = {
    "question_id": (True, fields.question_id),
    "updated_at": (True, fields.date),
    "suspended": (False, _boolean),
    "buried_until": (False, fields.date),
    "flag": (False, fields.whole(0, max(FLAGS))),
    "note": (False, fields.text(MAX_NOTE)),
}


def _name(data: Any) -> str:
    """The record's question id for a message (cut short, any type), or what it is instead."""
    if isinstance(data, dict):
        return fields.describe(data.get("question_id", data.get("uid", "?")))
    return f"of type {type(data).__name__}"
