"""A question as plain terminal text: its prompt (`bank list`), or all of it with its answer and
explanation (`bank show`)."""

from __future__ import annotations

import textwrap
import zlib

from interviewkit.bank import schema
from interviewkit.bank.cellfiles import cell_label
from interviewkit.bank.mathtext import render_math
from interviewkit.bank.numbers import answer_text, params_text


def numeric_instance(
    q: schema.Numeric, seed: int | None = None
) -> tuple[str, float, dict[str, float]]:
    """The prompt with drawn parameters filled in, the reference answer, and the parameters.

    Raises:
        BankError: this draw cannot be shown or computed (one line naming the question's file,
            line and id): `bank validate` refuses what it can foresee, this is the last guard.
    """
    if q.compute is None:
        return q.prompt, float(q.answer or 0.0), {}
    from interviewkit.bank.computations import draw_params, evaluate, fill_prompt
    from interviewkit.errors import BankError

    params = draw_params(q.params, seed)
    hint = "write each placeholder as a plain {name}"
    try:
        prompt = fill_prompt(q.prompt, params)
        hint = "its parameters reach a value the computation cannot take: narrow their ranges"
        return prompt, evaluate(q.compute, params), params
    except BankError as exc:
        where = f"{q.origin.path}:{q.origin.line}"
        message = f"question {q.id} ({where}) cannot be asked: {exc.message}"
        raise BankError(message, hint=hint) from None


def numeric_seed(question_id: str) -> int:
    """The fixed seed of a question's example draw (`bank list`, the exports): a checksum of
    its id, so the same numbers show on every run and every machine."""
    return zlib.crc32(question_id.encode("utf-8"))


def prompt_text(q: schema.Question, seed: int | None = None) -> str:
    """The prompt as a terminal shows it: a numeric question's `{placeholders}` filled with a
    draw (`seed`; the fixed example draw of `numeric_seed` when None) and its doubled braces
    undone, and `$...$` math as Unicode."""
    if isinstance(q, schema.Numeric):
        from interviewkit.errors import BankError

        draw = numeric_seed(q.id) if seed is None else seed
        try:
            return render_math(numeric_instance(q, draw)[0])
        except BankError:  # a draw that fails: a listing shows the prompt as written
            pass
    return render_math(q.prompt)


def reference_answer(q: schema.Derivation) -> str | None:
    """The derived reference in ASCII notation, or None if the derivation engine is unavailable."""
    try:
        import interviewkit.math.reference  # noqa: F401
    except ImportError:
        return None
    from interviewkit.bank.cellfiles import question_reference

    return question_reference(q).ascii


def working_text(compute: str, params: dict[str, float], seed: int | None) -> str:
    """How a computed answer is worked out, for the learner: the computation in words and the
    numbers of this draw, never the registry's name or a Python dict."""
    from interviewkit.bank.computations import REGISTRY

    again = f"`--seed {seed}` shows this draw again" if seed is not None else "`--seed N` fixes one"
    return (
        f"Worked out by the package: {REGISTRY[compute].description}, with "
        f"{params_text(params)}. The numbers are drawn afresh each time ({again})."
    )


#: First characters that make a line a list item or an answer line, kept on a line of its own.
_ITEM_MARKS = ("-", "*", "•", "✓", "✗")


def _fill(line: str, width: int) -> str:
    """Wrap one line, continuing under its own text (list items and indented notes too)."""
    lead = len(line) - len(line.lstrip())
    extra = 2 if line.lstrip()[:1] in _ITEM_MARKS or lead else 0
    return textwrap.fill(line, width, subsequent_indent=" " * (lead + extra))


def _block(title: str, body: str, width: int = 78) -> str:
    """Markdown-ish paragraphs: soft line breaks joined, list and answer lines kept as lines."""
    out: list[str] = []
    for para in render_math(body).strip().split("\n\n"):
        lines: list[str] = []
        for raw in para.strip().splitlines():
            line = raw.rstrip()
            starts = line.lstrip()
            if (
                not lines
                or starts[:1] in (*_ITEM_MARKS, "|")
                or raw.startswith("    ")
                or starts[:2].rstrip(".").isdigit()
            ):
                lines.append(line)
            else:
                lines[-1] = f"{lines[-1]} {line.strip()}"
        out.append("\n".join(_fill(line, width - 2) for line in lines))
    body_text = textwrap.indent("\n\n".join(out).rstrip(), "  ")
    return f"{title}\n{body_text}"


def render_question_text(q: schema.Question, *, seed: int | None = None) -> str:
    """Header, prompt, answer (by kind), explanation and source, ready to print."""
    head = f"{q.id}  [{q.kind} · {q.topic} · {q.difficulty}]"
    parts = [head + "\n" + "=" * min(len(head), 78)]
    prompt = q.prompt
    answer_lines: list[str] = []
    if isinstance(q, schema.Flashcard):
        answer_lines.append(q.back)
    elif isinstance(q, schema.Choice):
        for label, option in zip(q.labels, q.options, strict=True):
            mark = "✓" if label in q.correct else "✗"
            answer_lines.append(f"{mark} {label}. {option}")
            if label in q.why_wrong:
                answer_lines.append(f"     why not: {q.why_wrong[label]}")
    elif isinstance(q, schema.Numeric):
        prompt, value, params = numeric_instance(q, seed)
        answer_lines.append(answer_text(q, value))
        if q.compute:
            answer_lines.append(working_text(q.compute, params, seed))
    elif isinstance(q, schema.Derivation):
        label = q.target + (f":{q.variant}" if q.variant else "")  # as `check` takes it
        ref = reference_answer(q)
        answer_lines.append(f"{label} = {ref}" if ref else f"see `interviewkit derive` for {label}")
        if q.cell_file:
            cell = cell_label(q)
            answer_lines.append(
                f"the cell is in {cell}: `interviewkit check --cell {cell} {label} ANSWER` "
                f"grades an answer, `interviewkit derive {cell} --steps` shows the derivation"
            )
        answer_lines += [f"hint: {h}" for h in q.hints]
    elif isinstance(q, schema.Code):
        answer_lines.append(
            f"exercise {q.exercise}: `interviewkit code start {q.exercise}`, then "
            f"`interviewkit code check {q.exercise}.py` (graded against torch autograd)"
        )
    elif isinstance(q, schema.Short):
        answer_lines.append(q.model_answer)
        answer_lines += [f"• {p}" for p in q.key_points]
    parts.append(_block("Question", prompt))
    joiner = "\n" if isinstance(q, (schema.Choice, schema.Short)) else "\n\n"
    parts.append(_block("Answer", joiner.join(answer_lines)))
    parts.append(_block("Why", q.explanation))
    parts.append(_block("Source", q.source))
    if q.tags:
        tags = textwrap.fill(", ".join(q.tags), width=78, break_on_hyphens=False)
        parts.append("Tags\n" + textwrap.indent(tags, "  "))
    parts.append(f"File\n  {q.origin.path}:{q.origin.line}")  # last: a path may be long
    return "\n\n".join(parts)
