"""Which questions a session asks, and what its results say: pure functions over the bank.

Quiz draws by the filters, review follows the FSRS due dates and the daily new-card limit, a
mock interview mixes topics and kinds under a time limit. Nothing here draws to a screen; the
UI and the tests call the same functions.

The model a learner can predict (docs/progress.md): a question never answered is *new*. Review
serves the cards due now, then new ones up to the day's limit (20); only Review spends that
limit. A quiz, a mock or the lab is practice: it never uses up the day's new cards, but what is
answered there is scheduled like any answer, so it comes back in Review when due. A suspended
question is left out of every session until unsuspended; a buried one until its day is over.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from interviewkit.bank.schema import DIFFICULTIES, TOPICS, Kind, Question
from interviewkit.math.verdict import Verdict
from interviewkit.study.grading import verdict_to_rating
from interviewkit.study.records import CardInfo, Mark
from interviewkit.study.scheduler import Rating, to_utc
from interviewkit.wording import plural

#: Kinds a mock interview prefers: what an interviewer would ask aloud or on a whiteboard.
MOCK_KINDS: tuple[Kind, ...] = ("derivation", "numeric", "choice", "short")


class _Store(Protocol):  # what these functions need of a ProgressStore (tests pass fakes)
    def cards(self) -> list[CardInfo]: ...
    def new_introduced_today(self, now: datetime | None = None) -> int: ...
    def marks(self) -> dict[str, Mark]: ...


def studyable(
    questions: Sequence[Question], marks: dict[str, Mark], now: datetime | None = None
) -> list[Question]:
    """The questions a session may ask: not suspended, not buried at `now`."""
    when = to_utc(now)
    return [q for q in questions if not _set_aside(marks.get(q.id), when)]


def _set_aside(mark: Mark | None, when: datetime) -> bool:
    return mark is not None and (mark.suspended or mark.buried(when))


def build_quiz(questions: Sequence[Question], n: int, seed: int | None = None) -> list[Question]:
    """`n` questions drawn at random (all of them, shuffled, when there are fewer)."""
    rng = random.Random(seed)
    pool = list(questions)
    if n >= len(pool):
        rng.shuffle(pool)
        return pool
    return rng.sample(pool, max(0, n))


def build_review(
    questions: Sequence[Question],
    store: _Store,
    now: datetime | None = None,
    new_limit: int = 20,
    review_limit: int = 200,
) -> list[Question]:
    """Today's review: the due cards, most overdue first, then new cards.

    New cards fill what is left of the daily limit (`new_limit` minus those already introduced
    today) in the order of the syllabus (`TOPICS`, as the home screen lists them), easy before
    hard, bank order within that: the bank's files load alphabetically, which would start a
    newcomer on 'architectures'. Ids that left the bank are skipped here; their history stays.
    Suspended and buried questions are left out.
    """
    when = to_utc(now)
    questions = studyable(questions, store.marks(), when)
    # one read of the cards: due and seen come from the same snapshot, and no query per card
    cards = {c.question_id: c for c in store.cards()}
    due_questions = [q for q in questions if q.id in cards and cards[q.id].due <= when]
    due_questions.sort(key=lambda q: (cards[q.id].due, q.id))
    session = due_questions[: max(0, review_limit)]
    room = max(0, new_limit - store.new_introduced_today(when))
    new = sorted((q for q in questions if q.id not in cards), key=_syllabus_order)[:room]
    return session + new


def _syllabus_order(q: Question) -> tuple[int, int]:
    """Topic in `TOPICS` order (unknown topics last), then difficulty; sorted() keeps ties."""
    topics = list(TOPICS)
    topic = topics.index(q.topic) if q.topic in TOPICS else len(topics)
    level = DIFFICULTIES.index(q.difficulty) if q.difficulty in DIFFICULTIES else 1
    return topic, level


@dataclass
class DeckCounts:
    """What the home screen shows for a group of questions (all, a deck, a topic).

    `due` is due by the end of the local day, `due_now` due at this moment (a card in its
    learning steps comes back in minutes: due today, not yet due now); `learned` is in the
    FSRS Review state and not due today.
    """

    new: int = 0
    due: int = 0
    learned: int = 0
    total: int = 0
    leeches: int = 0
    due_now: int = 0
    set_aside: int = 0  # suspended or buried: in `total`, in no other count

    def to_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "due": self.due,
            "learned": self.learned,
            "total": self.total,
            "leeches": self.leeches,
            "due_now": self.due_now,
            "set_aside": self.set_aside,
        }


@dataclass(frozen=True)
class HomeCounts:
    """Every number of the home screen, from one read of the store.

    `decks` by deck name (sorted), `topics` in the syllabus order (`TOPICS`); `leeches` the
    bank's leech ids, most failed first; `new_today` the new cards Review introduced today.
    """

    all: DeckCounts
    decks: dict[str, DeckCounts]
    topics: dict[str, DeckCounts]
    leeches: tuple[str, ...]
    new_today: int


def home_counts(
    questions: Sequence[Question], store: _Store, now: datetime | None = None
) -> HomeCounts:
    """Count `questions` (already filtered) against the store's cards, read once."""
    from interviewkit.study.scheduler import State
    from interviewkit.study.store import day_end

    when = to_utc(now)
    end_of_day = day_end(when)
    cards = {c.question_id: c for c in store.cards()}
    marks = store.marks()
    order = {t: i for i, t in enumerate(TOPICS)}
    everything = DeckCounts()
    decks: dict[str, DeckCounts] = {}
    topics: dict[str, DeckCounts] = {}
    for q in sorted(questions, key=lambda q: (order.get(q.topic, len(order)), q.topic)):
        card = cards.get(q.id)
        deck = decks.setdefault(q.origin.deck, DeckCounts())
        aside = _set_aside(marks.get(q.id), when)
        for tally in (everything, deck, topics.setdefault(q.topic, DeckCounts())):
            tally.total += 1
            if aside:
                tally.set_aside += 1
                continue
            if card is None:
                tally.new += 1
                continue
            tally.due_now += card.due <= when
            if card.due < end_of_day:
                tally.due += 1
            elif card.state is State.Review:
                tally.learned += 1
            tally.leeches += card.is_leech
    in_bank = {q.id for q in questions}
    leeches = sorted(
        (c for c in cards.values() if c.is_leech and c.question_id in in_bank),
        key=lambda c: (-c.again_count, c.question_id),
    )
    return HomeCounts(
        everything,
        dict(sorted(decks.items())),
        topics,
        tuple(c.question_id for c in leeches),
        store.new_introduced_today(when),
    )


@dataclass(frozen=True)
class MockInterview:
    """A timed set: the questions, and the minutes allowed for all of them."""

    questions: list[Question]
    minutes: float

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0


def build_mock(
    questions: Sequence[Question], n: int, minutes: float, seed: int | None = None
) -> MockInterview:
    """A mock interview of `n` questions spread over topics and kinds.

    Topics take turns (in a random order), and each turn takes the kind used least so far, so
    a short mock still touches many topics and more than one kind. Flashcards are left out
    unless the other kinds are too few.
    """
    if minutes <= 0:
        raise ValueError("a mock interview needs a positive number of minutes")
    rng = random.Random(seed)
    pool = [q for q in questions if q.kind in MOCK_KINDS]
    if len(pool) < n:
        pool = list(questions)
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for q in rng.sample(pool, len(pool)):
        by_topic[q.topic].append(q)
    topics = list(by_topic)
    rng.shuffle(topics)
    kinds_used: Counter[Kind] = Counter()
    chosen: list[Question] = []
    while len(chosen) < n and any(by_topic.values()):
        for topic in topics:
            bucket = by_topic[topic]
            if not bucket or len(chosen) >= n:
                continue
            pick = min(bucket, key=lambda q: kinds_used[q.kind])
            bucket.remove(pick)
            kinds_used[pick.kind] += 1
            chosen.append(pick)
    return MockInterview(chosen, float(minutes))


@dataclass(frozen=True)
class Result:
    """One answered (or skipped) question of a session.

    `verdict` is `correct`/`incorrect`/`invalid` for graded kinds, None for self-graded ones and
    for skipped questions; `rating` is the FSRS rating recorded (None if skipped). A question
    the session ended before (`reached` False) is neither right nor wrong: it is not scored.
    """

    question_id: str
    topic: str
    kind: Kind
    verdict: Verdict | None = None
    rating: Rating | None = None
    duration_s: float | None = None
    answer: str | None = None
    reached: bool = True

    @property
    def skipped(self) -> bool:
        return self.verdict is None and self.rating is None

    @property
    def passed(self) -> bool:
        """Right, by verdict when there is one, else recalled (rated Hard or better)."""
        if self.verdict is not None:
            return verdict_to_rating(self.verdict) > Rating.Again
        return self.rating is not None and self.rating > Rating.Again


@dataclass
class Tally:
    """Right out of asked, for a topic or a kind."""

    asked: int = 0
    passed: int = 0
    skipped: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.passed / self.asked if self.asked else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "asked": self.asked,
            "passed": self.passed,
            "skipped": self.skipped,
            "accuracy": self.accuracy,
        }


@dataclass
class Summary:
    """A session's results: overall, by topic (in the bank's topic order) and by kind, the
    questions it ended before (`not_reached`, outside every tally), and its length."""

    total: Tally = field(default_factory=Tally)
    by_topic: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    duration_s: float = 0.0
    not_reached: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.to_dict(),
            "by_topic": {t: v.to_dict() for t, v in self.by_topic.items()},
            "by_kind": {k: v.to_dict() for k, v in self.by_kind.items()},
            "duration_s": self.duration_s,
            "not_reached": self.not_reached,
        }


def _as_result(item: Result | dict[str, Any]) -> Result:
    return item if isinstance(item, Result) else Result(**item)


def summarize(
    results: Iterable[Result | dict[str, Any]], duration_s: float | None = None
) -> Summary:
    """Count the results overall, by topic and by kind.

    `duration_s` is the session's length from its start to its end; without it, the answers'
    own times are added up (which leaves out reading the feedback and rating).
    """
    summary = Summary()
    topic_order = {t: i for i, t in enumerate(TOPICS)}
    for r in map(_as_result, results):
        if not r.reached:
            summary.not_reached += 1
            continue
        for tally in (
            summary.total,
            summary.by_topic.setdefault(r.topic, Tally()),
            summary.by_kind.setdefault(r.kind, Tally()),
        ):
            tally.asked += 1
            tally.passed += r.passed
            tally.skipped += r.skipped
        summary.duration_s += r.duration_s or 0.0
    if duration_s is not None:
        summary.duration_s = duration_s
    summary.by_topic = dict(
        sorted(summary.by_topic.items(), key=lambda kv: (topic_order.get(kv[0], 99), kv[0]))
    )
    return summary


@dataclass(frozen=True)
class TopicAdvice:
    """A topic to study after a mock: how it went and which questions to revisit."""

    topic: str
    title: str
    asked: int
    passed: int
    missed_ids: tuple[str, ...]


@dataclass(frozen=True)
class MockReport:
    """What a mock interview says: the score, and the topics to study, weakest first."""

    summary: Summary
    study: tuple[TopicAdvice, ...]
    strong: tuple[str, ...]

    def to_markdown(self) -> str:
        """The report as Markdown, for the app's summary screen and the CLI."""
        t = self.summary.total
        lines = [f"**Score: {t.passed} / {t.asked}**", ""]
        if t.skipped:  # on screen when the time ran out
            lines += [f"{plural(t.skipped, 'question')} left unanswered.", ""]
        if self.summary.not_reached:
            n = self.summary.not_reached
            them = "it" if n == 1 else "them"
            lines += [f"{plural(n, 'question')} not reached (the mock ended before {them}); "
                      "not scored.", ""]  # fmt: skip
        if self.study:
            lines.append("**Study next:**")
            lines.append("")
            for a in self.study:
                ids = ", ".join(f"`{i}`" for i in a.missed_ids)
                lines.append(f"- {a.title}: {a.passed} / {a.asked} right; revisit {ids}")
            lines.append("")
        else:
            lines += ["Nothing missed: every topic asked was answered right.", ""]
        if self.strong:
            titles = ", ".join(TOPICS.get(s, s) for s in self.strong)
            lines.append(f"Solid: {titles}.")
        return "\n".join(lines).rstrip() + "\n"


def mock_report(
    results: Iterable[Result | dict[str, Any]], duration_s: float | None = None
) -> MockReport:
    """Name the topics to study after a mock: those with misses, lowest share right first.
    Questions not reached are no misses."""
    items = [_as_result(r) for r in results]
    summary = summarize(items, duration_s)
    missed: dict[str, list[str]] = defaultdict(list)
    for r in items:
        if r.reached and not r.passed:
            missed[r.topic].append(r.question_id)
    study = [
        TopicAdvice(
            topic, TOPICS.get(topic, topic), tally.asked, tally.passed, tuple(missed[topic])
        )
        for topic, tally in summary.by_topic.items()
        if missed[topic]
    ]
    order = {t: i for i, t in enumerate(summary.by_topic)}  # ties keep the bank's topic order
    study.sort(key=lambda a: (a.passed / a.asked, -a.asked, order[a.topic]))
    strong = tuple(t for t, tally in summary.by_topic.items() if not missed[t] and tally.asked)
    return MockReport(summary, tuple(study), strong)
