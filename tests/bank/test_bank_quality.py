"""Quality of the built-in bank as a whole: it validates, it is big and varied enough, every choice
question is well formed, every question names a source, explanations are short and point onward,
and no text is carried over from the source handbook (the "own words" rule).

The size thresholds (300 questions over 18 topics; at least 50 numeric, 90 choice, 40 short and 60
derivation, of which 20 on the backward pass and BPTT and 10 on the new cells) are the bank's
targets; every topic has easy, medium and hard questions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from interviewkit.bank import schema
from interviewkit.bank.loader import load_bank
from interviewkit.paths import builtin_bank_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
HANDBOOK = REPO_ROOT.parent / "shared" / "handbook" / "rnn_lstm_handbook.txt"
RUN = 8  # the shortest run of identical words that counts as copied


@pytest.fixture(scope="module")
def bank() -> schema.Bank:
    return load_bank(include_user_decks=False)


def test_builtin_bank_dir_is_the_repo_questions_folder() -> None:
    assert builtin_bank_dir().resolve() == (REPO_ROOT / "questions").resolve()


def test_bank_validates_with_no_problems(bank: schema.Bank) -> None:
    assert [str(p) for p in bank.problems] == []


def test_bank_is_big_and_varied(bank: schema.Bank) -> None:
    kinds = Counter(q.kind for q in bank.questions)
    topics = Counter(q.topic for q in bank.questions)
    assert len(bank.questions) >= 300, f"only {len(bank.questions)} questions"
    assert set(kinds) == set(schema.KINDS), f"kinds present: {dict(kinds)}"
    assert len(topics) >= 18, f"topics present: {dict(topics)}"
    targets = {"numeric": 50, "choice": 90, "short": 40, "derivation": 60}
    short_of = {k: n for k, n in targets.items() if kinds[k] < n}
    assert short_of == {}, f"kinds below their targets: {dict(kinds)}"


#: The cells beyond rnn, lstm and gru that NOTATION.md builds from equations.
NEW_CELLS = ("peephole", "cifg", "mingru", "minlstm", "indrnn")


def test_derivations_cover_the_backward_pass_and_the_new_cells(bank: schema.Bank) -> None:
    """At least 20 derivations on the backward-pass and BPTT targets, at least 10 on the new
    cells, and every new cell asked at least twice."""
    from interviewkit.math.targets import BACKWARD, RECURSION, TARGETS, TOTAL

    derivations = [q for q in bank.questions if isinstance(q, schema.Derivation)]
    derivations = [q for q in derivations if not q.cell_file]  # a cell of the bank's own
    backward = [q.id for q in derivations if TARGETS[q.target].kind in (BACKWARD, RECURSION, TOTAL)]
    per_cell = Counter(TARGETS[q.target].cell for q in derivations)
    assert len(backward) >= 20, backward
    assert sum(per_cell[c] for c in NEW_CELLS) >= 10, dict(per_cell)
    assert {c: per_cell[c] for c in NEW_CELLS if per_cell[c] < 2} == {}


def test_every_topic_has_every_difficulty(bank: schema.Bank) -> None:
    levels: dict[str, set[str]] = {}
    for q in bank.questions:
        levels.setdefault(q.topic, set()).add(q.difficulty)
    missing = {t: sorted(set(schema.DIFFICULTIES) - got) for t, got in levels.items()}
    assert {t: m for t, m in missing.items() if m} == {}


def _choices(bank: schema.Bank) -> list[schema.Choice]:
    return [q for q in bank.questions if isinstance(q, schema.Choice)]


def test_choice_questions_are_well_formed(bank: schema.Bank) -> None:
    bad: list[str] = []
    for q in _choices(bank):
        labels = set(q.labels)
        if not q.correct or not set(q.correct) <= labels:
            bad.append(f"{q.id}: correct {q.correct} not among {sorted(labels)}")
        normalised = [" ".join(o.lower().split()) for o in q.options]
        if len(set(normalised)) != len(normalised):
            bad.append(f"{q.id}: duplicate options")
        for label in sorted(labels - set(q.correct)):
            if not q.why_wrong.get(label, "").strip():
                bad.append(f"{q.id}: wrong option {label} is not explained")
        if set(q.why_wrong) - (labels - set(q.correct)):
            bad.append(f"{q.id}: why_wrong names a correct or missing option")
    assert bad == []


def _single_answer(bank: schema.Bank) -> list[schema.Choice]:
    return [q for q in _choices(bank) if len(q.correct) == 1]


def key_is_longest(q: schema.Choice) -> bool:
    """The correct option is strictly longer than every other: a test-wise learner's pick."""
    lengths = [len(" ".join(o.split())) for o in q.options]
    key = q.labels.index(q.correct[0])
    return all(lengths[key] > n for i, n in enumerate(lengths) if i != key)


def test_key_is_longest_detects_the_giveaway() -> None:
    q = schema.Choice("q", "choice", "gru", "easy", "p", "e", (), "s", options=("a", "bbb", "cc"))
    assert key_is_longest(replace(q, correct=("B",)))
    assert not key_is_longest(replace(q, correct=("C",)))
    assert not key_is_longest(replace(q, options=("abc", "bbb", "cc"), correct=("B",)))


def test_the_longest_option_is_the_key_in_at_most_a_third(bank: schema.Bank) -> None:
    """Distractors as long and as specific as the key: picking the longest option must not pay."""
    single = _single_answer(bank)
    longest = sorted(q.id for q in single if key_is_longest(q))
    assert len(longest) <= len(single) / 3, f"{len(longest)} of {len(single)}: {longest}"


def test_the_key_is_not_always_the_second_longest_either(bank: schema.Bank) -> None:
    """Trimming keys just below one distractor would make "pick the second longest" pay: the
    key's length rank (how many options are longer) is spread, none holding 40 % of the keys."""
    ranks = Counter()
    for q in _single_answer(bank):
        lengths = [len(" ".join(o.split())) for o in q.options]
        key = lengths[q.labels.index(q.correct[0])]
        ranks[min(sum(n > key for n in lengths), 3)] += 1
    total = sum(ranks.values())
    assert max(ranks.values()) <= 0.40 * total, dict(ranks)


def test_the_key_letter_is_spread_over_a_to_d(bank: schema.Bank) -> None:
    """No letter holds more than 40 % of the single-answer keys, and each of A-D holds 10 %."""
    keys = Counter(q.correct[0] for q in _single_answer(bank) if len(q.options) >= 4)
    total = sum(keys.values())
    shares = {label: keys[label] / total for label in "ABCD"}
    assert max(shares.values()) <= 0.40, shares
    assert min(shares.values()) >= 0.10, shares


# --- each fact asked at most twice ------------------------------------------------------------


def facts_of(q: schema.Question) -> set[str]:
    """The facts a question names, plus its derivation target (with the GRU variant) if any."""
    found = set(q.facts)
    if isinstance(q, schema.Derivation):
        found.add(f"derive:{q.target}" + (f":{q.variant}" if q.variant else ""))
    return found


def test_facts_of_a_derivation_include_its_target() -> None:
    q = schema.Derivation("d", "derivation", "gru", "easy", "p", "e", (), "s", facts=("cec",))
    assert facts_of(replace(q, target="gru.dh_dx", variant="cho")) == {
        "cec",
        "derive:gru.dh_dx:cho",
    }


def test_no_fact_is_asked_more_than_twice(bank: schema.Bank) -> None:
    """A fact (a `facts` slug, or a derivation target) is asked once or twice, in two forms."""
    askers: dict[str, list[str]] = {}
    for q in bank.questions:
        for fact in facts_of(q):
            askers.setdefault(fact, []).append(q.id)
    repeated = {fact: ids for fact, ids in sorted(askers.items()) if len(ids) > 2}
    assert repeated == {}


_SOURCE = re.compile(
    r"\b(19|20)\d\d\b|documentation|docs\b|examples\b|derivation|derived", re.IGNORECASE
)


def test_every_question_names_a_source(bank: schema.Bank) -> None:
    """A paper with its year, a documentation page or official example, or a derivation."""
    missing = [q.id for q in bank.questions if not _SOURCE.search(q.source or "")]
    assert missing == []


_MATH = re.compile(r"\$\$.+?\$\$|\$.+?\$", re.DOTALL)
_ABBREV = re.compile(r"\b(?:et al|e\.g|i\.e|vs|cf|Fig|Sec|Eq|approx)\.", re.IGNORECASE)
_CODE = re.compile(r"`[^`]*`")


def sentence_count(text: str) -> int:
    """Sentences in prose, not counting dots inside math, code, numbers or abbreviations."""
    text = _CODE.sub("X", _MATH.sub("X", text))
    text = _ABBREV.sub("X", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "", text)
    return len(re.findall(r"[.!?](?:[\"')\]]*)(?=\s|$)", text.strip()))


def test_sentence_count_ignores_math_and_abbreviations() -> None:
    text = "Gates $f_t \\in (0, 1.5)$. Hochreiter et al. showed it, e.g. in 1997. Read next: v1.2."
    assert sentence_count(text) == 3


def test_explanations_say_why_briefly_and_point_onward(bank: schema.Bank) -> None:
    """Two to five sentences of why, plus a pointer to what to read next."""
    bad = []
    for q in bank.questions:
        n = sentence_count(q.explanation)
        if not 2 <= n <= 6:
            bad.append(f"{q.id}: {n} sentences")
        if not re.search(r"\bread\b|\bsee\b", q.explanation, re.IGNORECASE):
            bad.append(f"{q.id}: no pointer to what to read next")
    assert bad == []


# --- own words ----------------------------------------------------------------------------------


_FENCED = re.compile(r"```.*?```", re.DOTALL)


def words(text: str) -> list[str]:
    """Lower-case prose words, punctuation removed, for comparing wording. Code (`...` spans and
    fenced blocks) is left out: an API call such as `clip_grad_norm_(model.parameters(), ...)` is
    not a sentence, and quoting it is not copying prose."""
    text = _CODE.sub(" ", _FENCED.sub(" ", text))
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def ngrams(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def text_fields(q: schema.Question) -> dict[str, str]:
    """Every learner-facing text of a question, keyed by field name."""
    fields = {"prompt": q.prompt, "explanation": q.explanation, "source": q.source}
    if isinstance(q, schema.Flashcard):
        fields["back"] = q.back
    elif isinstance(q, schema.Choice):
        fields.update({f"options.{i}": o for i, o in enumerate(q.options)})
        fields.update({f"why_wrong.{k}": v for k, v in q.why_wrong.items()})
    elif isinstance(q, schema.Derivation):
        fields.update({f"hints.{i}": h for i, h in enumerate(q.hints)})
    elif isinstance(q, schema.Short):
        fields["model_answer"] = q.model_answer
        fields.update({f"key_points.{i}": p for i, p in enumerate(q.key_points)})
    return fields


def copied_runs(text: str, reference: set[tuple[str, ...]]) -> list[str]:
    return [" ".join(g) for g in sorted(ngrams(words(text)) & reference)]


def test_copied_runs_detects_a_carried_over_sentence() -> None:
    reference = ngrams(words("One two three four five six seven eight nine ten."))
    assert copied_runs("Zero. ONE two, three four five six seven EIGHT!", reference)
    assert not copied_runs("one two three four five six seven nine", reference)
    assert not copied_runs("`one two three four five six seven eight`", reference)


@pytest.mark.skipif(not HANDBOOK.is_file(), reason="the shared handbook is not present")
def test_no_run_of_eight_words_from_the_handbook(bank: schema.Bank) -> None:
    reference = ngrams(words(HANDBOOK.read_text(encoding="utf-8")))
    found = []
    for q in bank.questions:
        for name, text in text_fields(q).items():
            for run in copied_runs(text, reference):
                found.append(f"{q.id} {name}: '{run}'")
    assert found == [], "\n".join(found)
