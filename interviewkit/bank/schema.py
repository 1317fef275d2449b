"""The question types as plain dataclasses (the vocabularies they are checked against live in
`vocabulary`, re-exported here).

A question is data: the quiz, the exporters and the tests all read these objects, never the TOML.
Progress is keyed on `Question.id`, so ids are stable slugs that never change once published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard

# the vocabularies live apart (the CLI's parsers need them, not the dataclasses); here too
from interviewkit.bank.vocabulary import CELLS as CELLS
from interviewkit.bank.vocabulary import DIFFICULTIES as DIFFICULTIES
from interviewkit.bank.vocabulary import KINDS as KINDS
from interviewkit.bank.vocabulary import TOPICS as TOPICS
from interviewkit.bank.vocabulary import Kind as Kind

#: A question id (and a fact's name): a slug, since progress is keyed on it and it appears in
#: URLs, file names and the terminal. Use `is_slug`: `re.match` with `$` would let a "\n" end it.
SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
SLUG_RULE = "lowercase letters, digits, '-', '_', '.'"


def is_slug(value: object) -> bool:
    """`value` is a slug: text that `SLUG` matches whole."""
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


#: DERIVATION_TARGETS: the derivation targets of NOTATION.md, in its order, read from
#: `math.targets`, so a question can name exactly the targets `derive` and `check` know.
#: GRU_VARIANTS / DEFAULT_GRU_VARIANT: the GRU conventions a derivation question may ask for,
#: and the one it gets by default. All three are computed on first use (module __getattr__):
#: `math.cells` builds the cells' expression trees at import (~9 ms), which the quiz's first
#: screen, and every command that only reads questions, never needs.
_LAZY = ("DERIVATION_TARGETS", "GRU_VARIANTS", "DEFAULT_GRU_VARIANT")


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from interviewkit.math.cells import default_variants, variants
    from interviewkit.math.targets import TARGETS

    values = {
        "DERIVATION_TARGETS": tuple(TARGETS),
        "GRU_VARIANTS": variants("gru"),
        "DEFAULT_GRU_VARIANT": default_variants()["gru"],
    }
    globals().update(values)
    return values[name]


#: Choice options are labelled A, B, C, ...; keys 1-9 in the quiz pick them.
OPTION_LABELS = "ABCDEFGHI"


@dataclass(frozen=True)
class Origin:
    """Where a question was read from, so every message can name file and line."""

    path: str
    line: int
    deck: str = "builtin"


@dataclass(frozen=True)
class Question:
    """Fields every kind shares. Subclasses add what their kind needs."""

    id: str
    kind: Kind
    topic: str
    difficulty: str
    prompt: str
    explanation: str
    tags: tuple[str, ...]
    source: str
    origin: Origin = field(compare=False, default=Origin("<memory>", 0))
    #: slugs of the facts the question tests, so a test can see that none is asked too often
    facts: tuple[str, ...] = ()

    @property
    def topic_title(self) -> str:
        return TOPICS.get(self.topic, self.topic)

    def _named(self) -> tuple[str, ...]:
        """Its topic, its tags and (for a derivation) its target's cell: every name it is
        filed under or marked with, in that order."""
        return (self.topic, *self.tags)

    @property
    def topics(self) -> tuple[str, ...]:
        """Every topic the question is about: the one it is filed under first, then each topic
        its tags or its derivation target name (an LSTM Jacobian filed under `jacobians` is an
        `lstm` question too), so a topic filter finds questions by what they are about."""
        return tuple(dict.fromkeys(n for n in self._named() if n in TOPICS))

    @property
    def cells(self) -> tuple[str, ...]:
        """The cells (`CELLS`) the question is about, named by its topic, tags or target."""
        return tuple(dict.fromkeys(n for n in self._named() if n in CELLS))


@dataclass(frozen=True)
class Flashcard(Question):
    """Front is the prompt; the learner recalls, reveals the back and grades themselves."""

    back: str = ""


@dataclass(frozen=True)
class Choice(Question):
    """Options labelled A, B, ...; one or more correct; every wrong option says why it is wrong."""

    options: tuple[str, ...] = ()
    correct: tuple[str, ...] = ()  # labels, e.g. ("B",) or ("A", "C")
    why_wrong: dict[str, str] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(OPTION_LABELS[: len(self.options)])

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1


@dataclass(frozen=True)
class Numeric(Question):
    """A number: either a fixed `answer`, or a registered `compute` over drawn `params`.

    With `compute`, the prompt holds `{name}` placeholders filled from the drawn parameters and
    the reference answer is computed by the package (see `bank.computations`), never typed.
    """

    answer: float | None = None
    tolerance: float = 0.0  # absolute
    rel_tolerance: float = 0.0  # relative, e.g. 0.01 for 1 %
    unit: str = ""
    compute: str | None = None
    params: dict[str, tuple[float, float] | float] = field(default_factory=dict)


@dataclass(frozen=True)
class Derivation(Question):
    """A Jacobian or a gradient to type; `interviewkit check` grades it against the
    SymPy-derived reference. `cell_file` (the resolved path of a cell file kept next to the
    deck, `bank.cellfiles`) when the target is of a learner's own cell rather than a built-in."""

    target: str = ""
    variant: str | None = None
    hints: tuple[str, ...] = ()
    cell_file: str | None = None

    def _named(self) -> tuple[str, ...]:
        topic, *tags = super()._named()
        return (topic, self.target.split(".", 1)[0], *tags)


@dataclass(frozen=True)
class Short(Question):
    """A free-text answer the learner grades against a model answer and its key points."""

    model_answer: str = ""
    key_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Code(Question):
    """A function to write (a code exercise of `interviewkit.exercises`), graded on hidden
    cases against torch autograd; the quiz records the verdict like any answer."""

    exercise: str = ""


def is_kind(value: object) -> TypeGuard[Kind]:
    """`value` names a kind (the loader and the bank cache read kinds from files)."""
    return value in KINDS


KIND_CLASSES: dict[Kind, type[Question]] = {
    "flashcard": Flashcard,
    "choice": Choice,
    "numeric": Numeric,
    "derivation": Derivation,
    "short": Short,
    "code": Code,
}

COMMON_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "topic",
    "difficulty",
    "prompt",
    "explanation",
    "tags",
    "source",
    "facts",
)
#: Lists that may be left out (no tags, no facts named); every other common field is required.
OPTIONAL_LISTS: tuple[str, ...] = ("tags", "facts")
REQUIRED_COMMON: tuple[str, ...] = tuple(f for f in COMMON_FIELDS if f not in OPTIONAL_LISTS)
KIND_FIELDS: dict[Kind, tuple[str, ...]] = {
    "flashcard": ("back",),
    "choice": ("options", "correct", "why_wrong"),
    "numeric": ("answer", "tolerance", "rel_tolerance", "unit", "compute", "params"),
    "derivation": ("target", "variant", "hints", "cell_file"),
    "short": ("model_answer", "key_points"),
    "code": ("exercise",),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a question file, printed as `file:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Bank:
    """The loaded questions (good ones only) and every problem found on the way."""

    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: every cell file a question named (read or not), so a cache of the bank can tell when
    #: one changed, appeared or went away
    cell_files: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def get(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None
