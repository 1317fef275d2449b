"""The .apkg opened as Anki would: a zip holding an SQLite collection with our notes."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import sys
import zipfile
from pathlib import Path

import genanki
import pytest

from interviewkit.cli import main
from interviewkit.export import anki

FIELD_SEP = "\x1f"


def read_apkg(path: Path, tmp_path: Path) -> dict:
    """Notes by guid (fields by name, tags, model id), the note types and decks of a package."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        assert json.loads(archive.read("media")) == {}
        archive.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        models = json.loads(conn.execute("select models from col").fetchone()[0])
        decks = json.loads(conn.execute("select decks from col").fetchone()[0])
        notes = {}
        for guid, mid, tags, flds in conn.execute("select guid, mid, tags, flds from notes"):
            names = [f["name"] for f in models[str(mid)]["flds"]]
            values = flds.split(FIELD_SEP)
            assert len(values) == len(names)
            notes[guid] = {
                "mid": mid,
                "tags": tags.split(),
                "fields": dict(zip(names, values, strict=True)),
            }
        card_decks = {row[0] for row in conn.execute("select did from cards")}
        n_cards = conn.execute("select count(*) from cards").fetchone()[0]
    finally:
        conn.close()
    return {
        "notes": notes,
        "models": models,
        "decks": decks,
        "card_decks": card_decks,
        "n_cards": n_cards,
    }


@pytest.fixture
def exported(tmp_path: Path, bank_args: list[str]) -> dict:
    out = tmp_path / "deck.apkg"
    assert main(["export", "anki", *bank_args, "--out", str(out)]) == 0
    return read_apkg(out, tmp_path)


def note(exported: dict, question_id: str) -> dict:
    return exported["notes"][genanki.guid_for(question_id)]


def test_one_note_per_question_with_the_id_as_guid(exported: dict, fixture_bank) -> None:
    ids = [q.id for q in fixture_bank.questions]
    assert set(exported["notes"]) == {genanki.guid_for(i) for i in ids}
    assert exported["n_cards"] == len(ids)
    for qid in ids:
        assert note(exported, qid)["fields"]["Id"] == qid


def test_stable_model_and_deck_ids(exported: dict) -> None:
    assert {int(m) for m in exported["models"]} == set(anki.MODEL_IDS.values())
    assert str(anki.DECK_ID) in exported["decks"]
    assert exported["decks"][str(anki.DECK_ID)]["name"] == anki.DECK_NAME
    assert exported["card_decks"] == {anki.DECK_ID}


def test_note_type_per_kind(exported: dict, fixture_bank) -> None:
    for q in fixture_bank.questions:
        assert note(exported, q.id)["mid"] == anki.MODEL_IDS[anki.KIND_MODEL[q.kind]], q.id


def test_tags_from_topic_difficulty_kind_and_own_tags(exported: dict) -> None:
    tags = note(exported, "fx-lstm-forget-flash")["tags"]
    for tag in (
        "interviewkit",
        "interviewkit::topic::lstm",
        "interviewkit::difficulty::easy",
        "interviewkit::kind::flashcard",
        "gates",
        "cell_state",  # Anki tags cannot hold spaces
    ):
        assert tag in tags
    assert "interviewkit::topic::gru" in note(exported, "fx-gru-derive")["tags"]


def test_math_is_mathjax_and_html_is_escaped(exported: dict) -> None:
    fields = note(exported, "fx-lstm-forget-flash")["fields"]
    assert r"\(f_t\)" in fields["Front"]
    assert r"\(a &lt; b\)" in fields["Front"]
    assert "<code>x&lt;y</code>" in fields["Front"]
    assert "&amp;" in fields["Front"]
    assert r"\(c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t\)" in fields["Back"]
    assert "$" not in "".join(fields.values())
    assert "&lt;o_t&gt;" in note(exported, "fx-lstm-choice")["fields"]["Options"]


def test_choice_marks_the_correct_option_and_says_why_the_others_are_wrong(exported: dict) -> None:
    fields = note(exported, "fx-lstm-choice")["fields"]
    assert "ik-correct" not in fields["Options"]  # the front does not give it away
    marked = re.findall(
        r'<li class="ik-(correct|wrong)">[✓✗] <span class="ik-label">(\w)\.', fields["Answer"]
    )
    assert marked == [("wrong", "A"), ("correct", "B"), ("wrong", "C")]
    assert r"It scales the candidate \(\tilde{c}_t\)." in fields["Answer"]


def test_short_answer_has_model_answer_and_key_points(exported: dict) -> None:
    fields = note(exported, "fx-lstm-short")["fields"]
    assert "gradient flows through" in fields["Back"]
    assert (
        fields["KeyPoints"]
        == r"<ul><li>additive update</li><li>no squashing on the \(c\) path</li></ul>"
    )


def test_numeric_with_drawn_parameters_has_the_computed_answer(exported: dict) -> None:
    fields = note(exported, "fx-params-gru")["fields"]
    x, h = map(
        int, re.search(r"input size (\d+) and hidden size (\d+)", fields["Question"]).groups()
    )
    assert fields["Answer"] == f"<p>{3 * h * (x + h + 2)} parameters</p>"
    assert fields["Parameters"] == f"input = {x}, hidden = {h}"
    fixed = note(exported, "fx-params-fixed")["fields"]
    assert fixed["Answer"] == "<p>0.348678 (± 1 %)</p>"


def test_derivation_answer_is_the_reference_in_latex(exported: dict) -> None:
    printer = pytest.importorskip("interviewkit.math.printer")
    reference = pytest.importorskip("interviewkit.math.reference")
    expr = reference.reference_expr("gru.dh_dhprev", "pytorch")
    fields = note(exported, "fx-gru-derive")["fields"]
    expected = r"\frac{\partial h_t}{\partial h_{t-1}} = " + printer.to_latex(expr)
    assert fields["Answer"] == r"\[" + html.escape(expected, quote=False) + r"\]"
    assert fields["Typed"] == f"<code>{html.escape(printer.to_ascii(expr))}</code>"
    assert fields["Target"] == (
        r"\(\frac{\partial h_t}{\partial h_{t-1}} = \;?\) (GRU variant: pytorch)"
    )
    assert note(exported, "fx-lstm-derive")["fields"]["Target"] == (
        r"\(\frac{\partial c_t}{\partial c_{t-1}} = \;?\)"
    )
    assert "Only one term of" in note(exported, "fx-lstm-derive")["fields"]["Hints"]


def test_without_the_derivation_engine_the_export_still_works(
    tmp_path: Path, bank_args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "interviewkit.math.reference", None)  # import fails
    out = tmp_path / "deck.apkg"
    assert main(["export", "anki", *bank_args, "--out", str(out)]) == 0
    fields = note(read_apkg(out, tmp_path), "fx-lstm-derive")["fields"]
    assert "interviewkit derive" in fields["Answer"]
    assert fields["Typed"] == ""


def test_reexport_keeps_guids_and_content(tmp_path: Path, bank_args: list[str]) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert main(["export", "anki", *bank_args, "--out", str(first)]) == 0
    assert main(["export", "anki", *bank_args, "--out", str(second)]) == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = read_apkg(first, tmp_path / "a"), read_apkg(second, tmp_path / "b")
    assert a["notes"] == b["notes"]


def test_filters_by_topic_and_kind(tmp_path: Path, bank_args: list[str]) -> None:
    out = tmp_path / "deck.apkg"
    args = ["export", "anki", *bank_args, "--topic", "lstm", "--kind", "choice", "--kind", "short"]
    assert main([*args, "--out", str(out)]) == 0
    notes = read_apkg(out, tmp_path)["notes"]
    assert set(notes) == {genanki.guid_for("fx-lstm-choice"), genanki.guid_for("fx-lstm-short")}


@pytest.mark.parametrize(
    ("question_id", "argv"),
    [
        ("fx-lstm-derive", ["lstm", "--target", "dc_dcprev"]),
        ("fx-gru-derive", ["gru", "--variant", "pytorch", "--target", "dh_dhprev"]),
    ],
)
def test_derive_latex_output_is_what_the_deck_shows(
    exported: dict, question_id: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`interviewkit derive ... --format latex` drops straight into the exports."""
    pytest.importorskip("interviewkit.commands.derive")
    capsys.readouterr()
    assert main(["derive", *argv, "--format", "latex"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln and not ln.startswith("%")]
    assert len(lines) == 1
    answer = note(exported, question_id)["fields"]["Answer"]
    assert answer == r"\[" + html.escape(lines[0], quote=False) + r"\]"
