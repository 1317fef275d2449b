"""The card browser's search: find questions by text, tag, topic, kind and state.

A query is words and `key:value` terms, all of which must match (`lstm forget is:due`):

- a word: in the question's id, prompt, options or answer, tags, topic title or the learner's
  note (any case);
- `tag:T`, `topic:T`, `kind:K`: the bank's own filters (`bank.stats.filter_questions`);
- `is:S`: `new`, `learning`, `review`, `relearning` (the card's state), `due` (now),
  `suspended`, `buried`, `flagged`, `noted`, `leech`.

Nothing a learner types is executed: the query is split into words and compared as text.

>>> parse_query("forget topic:lstm is:due")
Query(words=('forget',), tags=(), topics=('lstm',), kinds=(), states=('due',))
>>> parse_query("is:soon").problems
('unknown is:soon; try is:new, learning, review, relearning, due, suspended, buried, flagged, noted, leech',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from interviewkit.bank.schema import Choice, Flashcard, Question, Short
from interviewkit.bank.stats import filter_questions
from interviewkit.study.records import STATE_NAMES, CardInfo, Mark

#: What `is:` accepts: the card states, then what the learner or the schedule set.
IS_TERMS: tuple[str, ...] = (
    *STATE_NAMES.values(),
    "due",
    "suspended",
    "buried",
    "flagged",
    "noted",
    "leech",
)
KEYS = ("tag", "topic", "kind", "is")


@dataclass(frozen=True)
class Query:
    """A parsed search; `problems` says, in words, what was not understood (and ignored)."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), repr=False)


def parse_query(text: str) -> Query:
    """Split a search into words and `key:value` terms (see the module's docstring)."""
    words: list[str] = []
    terms: dict[str, list[str]] = {key: [] for key in KEYS}
    problems: list[str] = []
    for token in text.split():
        key, colon, value = token.partition(":")
        key = key.lower()
        if not colon:
            words.append(token.lower())
        elif key not in KEYS:
            problems.append(f"unknown {key}:; try {', '.join(k + ':' for k in KEYS)}")
        elif key == "is" and value.lower() not in IS_TERMS:
            problems.append(f"unknown is:{value}; try is:{', '.join(IS_TERMS)}")
        elif value:
            terms[key].append(value.lower())
    return Query(
        tuple(words),
        tuple(terms["tag"]),
        tuple(terms["topic"]),
        tuple(terms["kind"]),
        tuple(terms["is"]),
        tuple(problems),
    )


@dataclass(frozen=True)
class CardRow:
    """One question as the browser lists it: its card (None: never answered) and marks."""

    question: Question
    card: CardInfo | None
    mark: Mark | None

    @property
    def state(self) -> str:
        return "new" if self.card is None else STATE_NAMES.get(self.card.state, "?")


def search(
    questions: Sequence[Question],
    cards: dict[str, CardInfo],
    marks: dict[str, Mark],
    query: Query,
    now: datetime,
) -> list[CardRow]:
    """The questions matching every term of `query`, in bank order."""
    picked = filter_questions(questions, topic=query.topics or None, kind=query.kinds or None)
    rows = []
    for q in picked:
        row = CardRow(q, cards.get(q.id), marks.get(q.id))
        if query.tags and not set(query.tags) <= {t.lower() for t in q.tags}:
            continue
        if query.words and not _has_words(row, query.words):
            continue
        if all(_is(row, term, now) for term in query.states):
            rows.append(row)
    return rows


def _has_words(row: CardRow, words: tuple[str, ...]) -> bool:
    return all(word in _text(row) for word in words)


def _text(row: CardRow) -> str:
    """Everything a word may be found in: the question's text, its answer's, the note."""
    q = row.question
    parts = [q.id, q.prompt, *q.tags, q.topic, q.topic_title]
    if isinstance(q, Choice):
        parts += q.options
    elif isinstance(q, Flashcard):
        parts.append(q.back)
    elif isinstance(q, Short):
        parts.append(q.model_answer)
    if row.mark is not None:
        parts.append(row.mark.note)
    return " ".join(parts).lower()


def _is(row: CardRow, term: str, now: datetime) -> bool:
    card, mark = row.card, row.mark
    if term in STATE_NAMES.values():
        return row.state == term
    if term == "due":
        return card is not None and card.due <= now
    if term == "leech":
        return card is not None and card.is_leech
    if mark is None:
        return False
    return {
        "suspended": mark.suspended,
        "buried": mark.buried(now),
        "flagged": mark.flag > 0,
        "noted": bool(mark.note),
    }[term]
