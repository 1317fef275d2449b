"""Bank questions as kind-neutral export cards: what every exporter shows, computed once.

Text fields stay Markdown with `$...$` LaTeX, exactly as in the bank; each exporter decides how
to write them (HTML with MathJax/KaTeX delimiters, or Markdown). Numeric questions with drawn
parameters are drawn once with a seed fixed per question id, so an export is reproducible and a
re-export shows the same numbers. Derivation answers come from the derivation engine's cached
reference (`interviewkit.math.reference`), never typed into the bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewkit.bank import schema
from interviewkit.bank.numbers import answer_text
from interviewkit.bank.render import numeric_instance, numeric_seed
from interviewkit.math.targets import TARGETS, latex_title


@dataclass(frozen=True)
class Option:
    """One choice option, with its label, whether it is correct, and why not when it is wrong."""

    label: str
    text: str
    correct: bool
    why_wrong: str = ""


@dataclass(frozen=True)
class Derived:
    """A derivation's reference answer: LaTeX for display, ASCII as `interviewkit check` reads it."""

    latex: str
    ascii: str


@dataclass(frozen=True)
class ExportCard:
    """Everything an exporter needs about one question; Markdown text with `$...$` math."""

    id: str
    kind: str
    topic: str
    topic_title: str
    difficulty: str
    prompt: str
    explanation: str
    source: str
    tags: tuple[str, ...]
    answer: str = ""  # flashcard back, short model answer, numeric value, choice labels
    options: tuple[Option, ...] = ()
    key_points: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    target_latex: str = ""  # derivation: e.g. \frac{\partial h_t}{\partial h_{t-1}}
    variant: str | None = None
    derived: Derived | None = None
    params: dict[str, float] = field(default_factory=dict)


def target_latex(q: schema.Derivation) -> str:
    """`lstm.dc_dcprev` -> `\\frac{\\partial c_t}{\\partial c_{t-1}}` (the target name otherwise);
    a target of a cell file is spelled from the file's cell."""
    if q.cell_file:
        from interviewkit.bank.cellfiles import question_cell

        return latex_title(q.target, question_cell(q))
    if q.target not in TARGETS:
        return rf"\mathrm{{{q.target}}}"
    return latex_title(q.target)


def derived_answer(q: schema.Derivation) -> Derived | None:
    """The reference answer, or None when the derivation engine is not installed."""
    try:
        import interviewkit.math.reference  # noqa: F401
        from interviewkit.math.printer import to_ascii, to_latex
    except ImportError:
        return None
    from interviewkit.bank.cellfiles import question_reference

    reference = question_reference(q)
    return Derived(latex=to_latex(reference.expr), ascii=to_ascii(reference.expr))


def to_card(q: schema.Question) -> ExportCard:
    """The export card of one question (numeric parameters drawn with `numeric_seed(q.id)`)."""
    common: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "topic": q.topic,
        "topic_title": q.topic_title,
        "difficulty": q.difficulty,
        "prompt": q.prompt.strip(),
        "explanation": q.explanation.strip(),
        "source": q.source.strip(),
        "tags": q.tags,
    }
    if isinstance(q, schema.Flashcard):
        return ExportCard(**common, answer=q.back.strip())
    if isinstance(q, schema.Short):
        return ExportCard(**common, answer=q.model_answer.strip(), key_points=q.key_points)
    if isinstance(q, schema.Choice):
        options = tuple(
            Option(label, text.strip(), label in q.correct, q.why_wrong.get(label, "").strip())
            for label, text in zip(q.labels, q.options, strict=True)
        )
        return ExportCard(**common, answer=", ".join(q.correct), options=options)
    if isinstance(q, schema.Numeric):
        prompt, value, params = numeric_instance(q, numeric_seed(q.id))
        common["prompt"] = prompt.strip()
        return ExportCard(**common, answer=answer_text(q, value), params=dict(params))
    if isinstance(q, schema.Derivation):
        return ExportCard(
            **common,
            hints=q.hints,
            target_latex=target_latex(q),
            variant=q.variant,
            derived=derived_answer(q),
        )
    if isinstance(q, schema.Code):
        return ExportCard(**common, answer=code_answer(q.exercise))
    raise TypeError(f"no export for question kind {q.kind!r}")  # a new kind needs a branch here


def code_answer(exercise: str) -> str:
    """What a code question's back says: the exercise is written and graded at the terminal."""
    return (
        f"Write it: `interviewkit code start {exercise}`; grade it on hidden cases: "
        f"`interviewkit code check {exercise}.py` (compared with torch autograd)."
    )


def fallback_answer(card: ExportCard) -> str:
    """What a derivation shows when the derivation engine is unavailable (Markdown)."""
    return "The reference answer comes from the derivation engine: see `interviewkit derive`."
