"""An Anki package (`.apkg`) of the bank, made with genanki, that re-imports as updates.

Anki recognises a note again by its guid and a note type by its id, so both are fixed here: the
model and deck ids below were drawn once and must never change, and each note's guid is
`genanki.guid_for(question.id)`. Editing a question in the bank and importing a fresh export
therefore updates the learner's existing cards (and keeps their review history) instead of adding
duplicates. Fields are HTML; math is MathJax `\\( \\)` / `\\[ \\]`, which Anki renders natively.
"""

from __future__ import annotations

import html
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewkit.bank.numbers import params_text
from interviewkit.export.cards import ExportCard, fallback_answer
from interviewkit.export.errors import require
from interviewkit.export.markup import inline_html, math_display, math_inline, to_html
from interviewkit.export.output import write_atomically

#: Never change these: Anki matches an imported deck and note type on them.
DECK_ID = 1185315969
DECK_NAME = "interviewkit: recurrent networks"
MODEL_IDS: dict[str, int] = {
    "basic": 1518528543,
    "choice": 1878006704,
    "numeric": 1606072708,
    "derivation": 1573221073,
}
#: Which note type each question kind uses: flashcard and short answers share the basic one.
KIND_MODEL: dict[str, str] = {
    "flashcard": "basic",
    "short": "basic",
    "choice": "choice",
    "numeric": "numeric",
    "derivation": "derivation",
    "code": "basic",
}

CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 19px; line-height: 1.45;
        text-align: left; max-width: 46em; margin: 0 auto; color: #1b1b1b; background: #fff; }
.nightMode.card, .night_mode .card { color: #e8e8e8; background: #1f1f1f; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; }
pre { background: rgba(127,127,127,0.12); padding: 0.5em; overflow-x: auto; }
.ik-meta { font-size: 0.7em; opacity: 0.6; margin-bottom: 0.6em; }
.ik-options { list-style: none; padding-left: 0; }
.ik-options li { margin: 0.3em 0; }
.ik-label { font-weight: bold; margin-right: 0.4em; }
.ik-correct { color: #1a7f37; font-weight: 600; }
.ik-wrong { opacity: 0.75; }
.ik-whynot { display: block; font-size: 0.85em; margin-left: 1.6em; }
.ik-answer { border-left: 4px solid #1a7f37; padding-left: 0.7em; }
.ik-why { margin-top: 1em; }
.ik-source { margin-top: 1em; font-size: 0.75em; opacity: 0.6; }
"""

_META = '<div class="ik-meta">{{Topic}} · {{Difficulty}}</div>'
_BACK_TAIL = (
    '{{#Explanation}}<div class="ik-why"><b>Why.</b> {{Explanation}}</div>{{/Explanation}}'
    '<div class="ik-source">{{Source}} · {{Id}}</div>'
)


@dataclass(frozen=True)
class NoteType:
    """A note type's fields and its single card template (front, back)."""

    name: str
    fields: tuple[str, ...]
    front: str
    back: str


NOTE_TYPES: dict[str, NoteType] = {
    "basic": NoteType(
        "interviewkit: basic",
        ("Front", "Back", "KeyPoints", "Explanation", "Source", "Topic", "Difficulty", "Id"),
        _META + "{{Front}}",
        "{{FrontSide}}<hr id=answer>"
        '<div class="ik-answer">{{Back}}{{#KeyPoints}}<b>Key points</b>{{KeyPoints}}{{/KeyPoints}}</div>'
        + _BACK_TAIL,
    ),
    "choice": NoteType(
        "interviewkit: choice",
        ("Question", "Options", "Answer", "Explanation", "Source", "Topic", "Difficulty", "Id"),
        _META + "{{Question}}{{Options}}",
        "{{Question}}<hr id=answer>" + '<div class="ik-answer">{{Answer}}</div>' + _BACK_TAIL,
    ),
    "numeric": NoteType(
        "interviewkit: numeric",
        ("Question", "Answer", "Parameters", "Explanation", "Source", "Topic", "Difficulty", "Id"),
        _META + "{{Question}}",
        "{{FrontSide}}<hr id=answer>"
        '<div class="ik-answer">{{Answer}}</div>'
        '{{#Parameters}}<div class="ik-meta">{{Parameters}}</div>{{/Parameters}}' + _BACK_TAIL,
    ),
    "derivation": NoteType(
        "interviewkit: derivation",
        (
            "Question",
            "Target",
            "Answer",
            "Typed",
            "Hints",
            "Explanation",
            "Source",
            "Topic",
            "Difficulty",
            "Id",
        ),
        _META + "{{Question}}<p>{{Target}}</p>{{#Hints}}{{hint:Hints}}{{/Hints}}",
        "{{Question}}<hr id=answer>"
        '<div class="ik-answer">{{Answer}}'
        "{{#Typed}}<p>Typed for <code>interviewkit check</code>: {{Typed}}</p>{{/Typed}}</div>"
        + _BACK_TAIL,
    ),
}


def note_tags(card: ExportCard) -> list[str]:
    """Anki tags (no spaces allowed): topic, difficulty and kind as hierarchical tags, then the
    question's own tags."""
    own = ["_".join(t.split()) for t in card.tags]
    base = [
        "interviewkit",
        f"interviewkit::topic::{card.topic}",
        f"interviewkit::difficulty::{card.difficulty}",
        f"interviewkit::kind::{card.kind}",
    ]
    return base + [t for t in own if t not in base]


def _options_front(card: ExportCard) -> str:
    items = "".join(
        f'<li><span class="ik-label">{o.label}.</span>{inline_html(o.text)}</li>'
        for o in card.options
    )
    return f'<ul class="ik-options">{items}</ul>'


def _options_back(card: ExportCard) -> str:
    items = []
    for o in card.options:
        if o.correct:
            items.append(
                f'<li class="ik-correct">✓ <span class="ik-label">{o.label}.</span>'
                f"{inline_html(o.text)}</li>"
            )
        else:
            why = (
                f'<span class="ik-whynot">{inline_html(o.why_wrong)}</span>' if o.why_wrong else ""
            )
            items.append(
                f'<li class="ik-wrong">✗ <span class="ik-label">{o.label}.</span>'
                f"{inline_html(o.text)}{why}</li>"
            )
    return f'<ul class="ik-options">{"".join(items)}</ul>'


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + "</ul>" if items else ""


def note_fields(card: ExportCard) -> list[str]:
    """The HTML field values of `card`, in its note type's field order."""
    tail = [
        to_html(card.explanation),
        to_html(card.source),
        html.escape(card.topic_title),
        html.escape(card.difficulty),
        html.escape(card.id),
    ]
    prompt = to_html(card.prompt)
    model = KIND_MODEL[card.kind]
    if model == "basic":
        return [prompt, to_html(card.answer), _list(card.key_points), *tail]
    if model == "choice":
        return [prompt, _options_front(card), _options_back(card), *tail]
    if model == "numeric":
        return [prompt, to_html(card.answer), html.escape(params_text(card.params)), *tail]
    target = math_inline(card.target_latex + " = \\;?")
    if card.variant:  # the GRU conventions have different answers: say which one is asked
        target += f" (GRU variant: {html.escape(card.variant)})"
    if card.derived is not None:
        answer = math_display(f"{card.target_latex} = {card.derived.latex}")
        typed = f"<code>{html.escape(card.derived.ascii)}</code>"
    else:
        answer, typed = to_html(fallback_answer(card)), ""
    return [prompt, target, answer, typed, _list(card.hints), *tail]


def build_deck(cards: Sequence[ExportCard]) -> Any:  # genanki.Deck; genanki is optional
    """A genanki Deck holding one note per card (imports genanki; see `require`)."""
    genanki = require("genanki", "export")
    models = {
        key: genanki.Model(
            MODEL_IDS[key],
            nt.name,
            fields=[{"name": f} for f in nt.fields],
            templates=[{"name": "Card 1", "qfmt": nt.front, "afmt": nt.back}],
            css=CSS,
        )
        for key, nt in NOTE_TYPES.items()
    }
    deck = genanki.Deck(
        DECK_ID, DECK_NAME, description="Interview questions on recurrent networks (interviewkit)."
    )
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=models[KIND_MODEL[card.kind]],
                fields=note_fields(card),
                tags=note_tags(card),
                guid=genanki.guid_for(card.id),
            )
        )
    return deck


def write_apkg(cards: Sequence[ExportCard], path: str | os.PathLike[str]) -> Path:
    """Write the `.apkg` to `path` atomically; returns the path. Raises ExportError if it cannot.

    Does what `genanki.Package.write_to_file` does, but keeps the SQLite scratch file in a
    temporary folder that is removed afterwards (genanki leaves it in /tmp).
    """
    genanki = require("genanki", "export")
    package = genanki.Package(build_deck(cards))
    timestamp = time.time()  # notes newer than the learner's copy, so Anki updates them

    def write(target: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="interviewkit-anki-") as scratch:
            db_path = Path(scratch) / "collection.anki2"
            conn = sqlite3.connect(db_path)
            try:
                ids = itertools.count(int(timestamp * 1000))
                package.write_to_db(conn.cursor(), timestamp, ids)
                conn.commit()
            finally:
                conn.close()
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                out.write(db_path, "collection.anki2")
                out.writestr("media", "{}")  # no media files

    return write_atomically(path, write)
