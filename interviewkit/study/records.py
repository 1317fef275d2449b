"""The stored records of the progress database: a card's state, one review and the learner's
marks on a question, as plain data.

Each record has a `TypedDict` twin and `to_dict`/`from_dict` that round-trip (py-fsrs style):
IntEnums are stored as ints, datetimes as UTC ISO strings. The export file is made of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, TypeVar

from interviewkit.errors import StoreError
from interviewkit.math.verdict import Verdict
from interviewkit.study.modes import Mode
from interviewkit.study.scheduler import Card, Rating, State, iso, parse_iso

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
    kind: str | None
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
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    kind: str | None = None
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
            state=State(self.state),
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
        try:
            return cls(
                question_id=_text(data["question_id"], "question_id"),
                card_id=int(data["card_id"]),
                state=int(State(int(data["state"]))),
                step=_opt_int(data.get("step")),
                stability=_opt_float(data.get("stability")),
                difficulty=_opt_float(data.get("difficulty")),
                due=parse_iso(data["due"]),
                last_review=_opt_time(data.get("last_review")),
                kind=_opt_text(data.get("kind"), "kind"),
                topic=_opt_text(data.get("topic"), "topic"),
                reps=int(data.get("reps") or 0),
                lapses=int(data.get("lapses") or 0),
                again_count=int(data.get("again_count") or 0),
                introduced_at=_opt_time(data.get("introduced_at")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"bad card record {_name(data)}: {_why(exc)}") from None


class ReviewRecordDict(TypedDict):
    uid: str
    question_id: str
    rating: int
    reviewed_at: str
    duration_s: float | None
    kind: str | None
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
    kind: str | None = None
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
        try:
            return cls(
                uid=_text(data["uid"], "uid"),
                question_id=_text(data["question_id"], "question_id"),
                rating=_rating(data["rating"]),
                reviewed_at=parse_iso(data["reviewed_at"]),
                duration_s=_opt_float(data.get("duration_s")),
                kind=_opt_text(data.get("kind"), "kind"),
                topic=_opt_text(data.get("topic"), "topic"),
                mode=_opt_member(Mode, data.get("mode"), "mode"),
                verdict=_opt_member(Verdict, data.get("verdict"), "verdict"),
                answer=_opt_text(data.get("answer"), "answer"),
                state_before=_opt_int(data.get("state_before")),
                state_after=_opt_int(data.get("state_after")),
                stability_after=_opt_float(data.get("stability_after")),
                difficulty_after=_opt_float(data.get("difficulty_after")),
                due_after=_opt_time(data.get("due_after")),
                undone_at=_opt_time(data.get("undone_at")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"bad review record {_name(data)}: {_why(exc)}") from None


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
        try:
            suspended = data.get("suspended", False)
            if not isinstance(suspended, bool):
                raise ValueError("suspended must be true or false")
            flag = data.get("flag", 0)
            if isinstance(flag, bool) or not isinstance(flag, int) or flag not in FLAGS:
                raise ValueError(f"flag must be one of {', '.join(map(str, FLAGS))}")
            note = data.get("note", "")
            if not isinstance(note, str) or len(note) > MAX_NOTE:
                raise ValueError(f"note must be text of at most {MAX_NOTE} characters")
            return cls(
                question_id=_text(data["question_id"], "question_id"),
                updated_at=parse_iso(data["updated_at"]),
                suspended=suspended,
                buried_until=_opt_time(data.get("buried_until")),
                flag=flag,
                note=note,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"bad mark record {_name(data)}: {_why(exc)}") from None


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field} must be a non-empty string")
    return value


def _opt_text(value: Any, field: str) -> str | None:
    """Text or nothing: anything else in an imported file would reach SQLite, whose error
    would blame the database instead of the record."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{field} must be text or null")
    return value


def _rating(value: Any) -> Rating:
    """1 (Again) .. 4 (Easy); a bool or a float is not a rating, even when it equals one."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in set(Rating):
        raise ValueError(f"rating {value!r} is not 1-4")
    return Rating(value)


_Member = TypeVar("_Member", Mode, Verdict)


def _opt_member(enum: type[_Member], value: Any, field: str) -> _Member | None:
    """One of a closed set's names (`Mode`, `Verdict`), or nothing."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in {m.value for m in enum}:
        names = ", ".join(m.value for m in enum)
        raise ValueError(f"{field} must be one of {names} or null, not {value!r}")
    return enum(value)


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _opt_time(value: Any) -> datetime | None:
    return None if value in (None, "") else parse_iso(value)


def _name(data: Any) -> str:
    if isinstance(data, dict):
        return repr(data.get("question_id", data.get("uid", "?")))
    return f"of type {type(data).__name__}"


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)
