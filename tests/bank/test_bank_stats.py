"""Counting and filtering the bank: one filter for `bank list`, the quiz and the exports."""

from __future__ import annotations

from interviewkit.bank import schema
from interviewkit.bank.stats import bank_stats, filter_questions


def _q(
    qid: str, kind: str, topic: str, difficulty: str, tags: tuple[str, ...] = (), **fields: str
) -> schema.Question:
    return schema.KIND_CLASSES[kind](
        id=qid,
        kind=kind,
        topic=topic,
        difficulty=difficulty,
        prompt="?",
        explanation="",
        tags=tags,
        source="",
        **fields,
    )


BANK = [
    _q("a", "flashcard", "lstm", "easy"),
    _q("b", "short", "gru", "hard"),
    _q("c", "flashcard", "gru", "easy"),
]


def ids(questions: list[schema.Question]) -> list[str]:
    return [q.id for q in questions]


def test_one_value_or_several() -> None:
    assert ids(filter_questions(BANK)) == ["a", "b", "c"]
    assert ids(filter_questions(BANK, topic="gru")) == ["b", "c"]
    assert ids(filter_questions(BANK, topic="gru", kind="flashcard")) == ["c"]
    assert ids(filter_questions(BANK, topic=["lstm", "gru"], difficulty=("easy",))) == ["a", "c"]
    assert ids(filter_questions(BANK, kind=[])) == ["a", "b", "c"]
    assert filter_questions(BANK, topic="") == []  # an empty name is a value, not "no filter"


def test_stats_keep_the_vocabulary_order() -> None:
    stats = bank_stats(BANK)
    assert stats["total"] == 3
    assert list(stats["by_kind"]) == ["flashcard", "short"]
    assert list(stats["by_topic"]) == ["lstm", "gru"]
    assert stats["by_difficulty"] == {"easy": 2, "hard": 1}


ABOUT = [
    *BANK,
    _q("jac-lstm", "derivation", "jacobians", "easy", target="lstm.dc_dcprev"),  # untagged
    _q("jac-rnn", "derivation", "jacobians", "easy", ("rnn",), target="rnn.dh_dhprev"),
    _q("clip-in-ve", "flashcard", "vanishing-exploding", "easy", ("clipping", "gru")),
]


def test_a_question_is_about_its_topic_its_tags_and_its_target_cell() -> None:
    by_id = {q.id: q for q in ABOUT}
    assert by_id["jac-lstm"].topics == ("jacobians", "lstm")
    assert by_id["jac-lstm"].cells == ("lstm",)
    assert by_id["jac-rnn"].cells == ("rnn",)
    assert by_id["clip-in-ve"].topics == ("vanishing-exploding", "clipping", "gru")
    assert by_id["clip-in-ve"].cells == ("gru",)
    assert by_id["a"].cells == ("lstm",)  # filed under the lstm topic


def test_topic_filters_find_what_a_question_is_about() -> None:
    """`--topic lstm --kind derivation` finds the LSTM Jacobians filed under `jacobians`."""
    assert ids(filter_questions(ABOUT, topic="lstm", kind="derivation")) == ["jac-lstm"]
    assert ids(filter_questions(ABOUT, topic="lstm")) == ["a", "jac-lstm"]
    assert ids(filter_questions(ABOUT, topic="clipping")) == ["clip-in-ve"]
    assert ids(filter_questions(ABOUT, topic="jacobians")) == ["jac-lstm", "jac-rnn"]


def test_cell_filter() -> None:
    assert ids(filter_questions(ABOUT, cell="rnn")) == ["jac-rnn"]
    assert ids(filter_questions(ABOUT, cell="gru")) == ["b", "c", "clip-in-ve"]
    assert ids(filter_questions(ABOUT, cell=["lstm", "rnn"], kind="derivation")) == [
        "jac-lstm",
        "jac-rnn",
    ]


def test_every_lstm_and_gru_derivation_of_the_bank_is_found_by_its_cell_topic() -> None:
    from interviewkit.bank.loader import load_bank

    questions = load_bank([], include_user_decks=False).questions
    for cell in ("lstm", "gru"):
        found = {q.id for q in filter_questions(questions, topic=cell, kind="derivation")}
        targets = {
            q.id
            for q in questions
            if isinstance(q, schema.Derivation) and q.target.startswith(f"{cell}.")
        }
        assert targets and targets <= found


def test_the_cell_filter_knows_every_built_in_cell() -> None:
    """`--cell peephole` filters the bank like `--cell lstm`: the schema's list is the math
    core's, spelled out so that the quiz need not read the cell files to start."""
    from interviewkit.bank.schema import CELLS
    from interviewkit.math.cells import cell_names

    assert cell_names() == CELLS
