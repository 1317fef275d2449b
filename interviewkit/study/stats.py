"""Progress statistics as plain data, for the app's stats screen and `interviewkit stats`.

Days are the learner's local calendar days. Retention is the share of reviews of cards already
in the Review state that were not rated Again: the number FSRS aims at (90 % by default).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from interviewkit.bank.schema import TOPICS, Question
from interviewkit.study.records import CardInfo
from interviewkit.study.scheduler import Rating, State, iso, to_utc

if TYPE_CHECKING:
    from interviewkit.study.store import ProgressStore

FORECAST_DAYS = 28
WEAKEST = 5


def _local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def compute_stats(
    store: ProgressStore,
    questions: Sequence[Question],
    now: datetime | None = None,
    days: int = 30,
) -> dict[str, Any]:
    """Everything the stats screen shows, as JSON-able data.

    Keys: `generated_at`, `days`, `totals`, `reviews_per_day` (the last `days` local days,
    oldest first, zeros included), `retention` (in the window and all time), `due_forecast`
    (the next 28 days; today includes overdue cards), `weakest_topics`, `topics`, `leeches`.
    """
    when = to_utc(now)
    today = _local_date(when)
    days = max(1, int(days))
    bank_ids = {q.id for q in questions}
    bank_topic = {q.id: q.topic for q in questions}
    cards: list[CardInfo] = store.cards()
    reviews = store.reviews()

    first_day = today - timedelta(days=days - 1)
    per_day: dict[date, Counter[str]] = {
        first_day + timedelta(days=i): Counter() for i in range(days)
    }
    window_ret = Counter[str]()
    all_ret = Counter[str]()
    topic_reviews: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reviews:
        day = _local_date(r.reviewed_at)
        in_window = first_day <= day <= today
        if in_window:
            per_day[day]["reviews"] += 1
            per_day[day]["again"] += r.rating == Rating.Again
        if r.state_before == int(State.Review):
            all_ret["reviews"] += 1
            all_ret["passed"] += r.rating > Rating.Again
            if in_window:
                window_ret["reviews"] += 1
                window_ret["passed"] += r.rating > Rating.Again
        topic = bank_topic.get(r.question_id) or r.topic or "unknown"
        topic_reviews[topic]["reviews"] += 1
        topic_reviews[topic]["passed"] += r.rating > Rating.Again

    forecast = Counter[date]()
    horizon = today + timedelta(days=FORECAST_DAYS - 1)
    for c in cards:
        if c.question_id not in bank_ids:
            continue
        day = max(_local_date(c.due), today)
        if day <= horizon:
            forecast[day] += 1

    topics: list[dict[str, Any]] = []
    for topic, tally in topic_reviews.items():
        in_topic = [c for c in cards if (bank_topic.get(c.question_id) or c.topic) == topic]
        topics.append(
            {
                "topic": topic,
                "title": TOPICS.get(topic, topic),
                "reviews": tally["reviews"],
                "passed": tally["passed"],
                "accuracy": tally["passed"] / tally["reviews"],
                "cards": len(in_topic),
                "leeches": sum(c.is_leech for c in in_topic),
            }
        )
    topics.sort(key=lambda t: list(TOPICS).index(t["topic"]) if t["topic"] in TOPICS else 99)
    weakest = sorted(topics, key=lambda t: (t["accuracy"], -t["reviews"], t["topic"]))[:WEAKEST]

    # From the cards already read, not a second query: another app answering in between could
    # make a fresh leech that this snapshot of the cards does not hold (a KeyError before).
    leeches = [
        {
            "id": c.question_id,
            "again_count": c.again_count,
            "topic": bank_topic.get(c.question_id) or c.topic,
            "in_bank": c.question_id in bank_ids,
        }
        for c in sorted(cards, key=lambda c: (-c.again_count, c.question_id))
        if c.is_leech
    ]
    seen = {c.question_id for c in cards}
    due_now = {c.question_id for c in cards if c.due <= when} & bank_ids
    learned = {c.question_id for c in cards if c.state is State.Review} & bank_ids
    return {
        "generated_at": iso(when),
        "days": days,
        "totals": {
            "questions": len(bank_ids),
            "seen": len(seen & bank_ids),
            "new": len(bank_ids - seen),
            "due_now": len(due_now),
            "learned": len(learned),
            "reviews": len(reviews),
            "reviews_today": per_day[today]["reviews"],
            "reviews_in_window": sum(c["reviews"] for c in per_day.values()),
            "leeches": len(leeches),
            "not_in_bank": len(seen - bank_ids),
        },
        "reviews_per_day": [
            {"date": d.isoformat(), "reviews": c["reviews"], "again": c["again"]}
            for d, c in per_day.items()
        ],
        "retention": {
            "window": _rate(window_ret),
            "all_time": _rate(all_ret),
        },
        "due_forecast": [
            {
                "date": (today + timedelta(days=i)).isoformat(),
                "due": forecast[today + timedelta(days=i)],
            }
            for i in range(FORECAST_DAYS)
        ],
        "weakest_topics": weakest,
        "topics": topics,
        "leeches": leeches,
    }


def _rate(tally: Counter[str]) -> dict[str, Any]:
    n = tally["reviews"]
    return {"reviews": n, "passed": tally["passed"], "rate": tally["passed"] / n if n else None}
