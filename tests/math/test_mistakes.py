"""The mistake catalogue: every entry is wrong, recognised by `check`, and named with its feedback."""

from __future__ import annotations

import pytest

from interviewkit.errors import NotationError
from interviewkit.math.check import check
from interviewkit.math.mistakes import Mistake, catalogue
from interviewkit.math.notation import parse
from interviewkit.math.printer import to_ascii
from interviewkit.math.reference import all_keys

ENTRIES = [(t, v, m) for t, v in all_keys() for m in catalogue(t, v)]
#: The targets of the hand-written catalogue (NOTATION.md's first table).
CATALOGUED = sorted({(t, v) for t, v, _ in ENTRIES})


@pytest.mark.parametrize(("target", "variant"), CATALOGUED)
def test_at_least_three_distinct_hand_written_mistakes(target, variant) -> None:
    mistakes = catalogue(target, variant)
    assert len(mistakes) >= 3
    assert len({m.name for m in mistakes}) == len(mistakes)
    assert all(isinstance(m, Mistake) and m.feedback and "\n" not in m.feedback for m in mistakes)


@pytest.mark.parametrize(("target", "variant"), all_keys())
def test_every_target_has_generated_mistakes_that_check_names(target, variant) -> None:
    """Generated from the reference: at least three distinct, wrong, one-line mistakes, and
    each one, evaluated as an answer, gets its own sentence back."""
    from interviewkit.math.check import _mistake_values, setting
    from interviewkit.math.expr import count_nodes
    from interviewkit.math.targets import resolve

    s = setting(*resolve(target, variant))
    known = _mistake_values(s)
    # a tiny reference such as diag(f) has fewer places to slip: two there, three elsewhere
    least = 2 if count_nodes(s.reference) <= 6 else 3
    assert len(known) >= least, [k.name for k in known]
    assert all(k.feedback and "\n" not in k.feedback for k in known)


@pytest.mark.parametrize(
    ("target", "variant", "mistake"), ENTRIES, ids=[f"{t}:{v}:{m.name}" for t, v, m in ENTRIES]
)
def test_each_mistake_is_recognised(target, variant, mistake: Mistake) -> None:
    # the example is plain NOTATION ASCII, in the form `derive --format ascii` prints
    assert mistake.example.isascii()
    assert parse(to_ascii(parse(mistake.example))) == parse(mistake.example)
    result = check(target, mistake.example, variant)
    assert result.verdict == "incorrect"
    assert result.mistake == mistake.name
    assert mistake.feedback in result.feedback


@pytest.mark.parametrize(
    ("target", "variant", "other"),
    [
        ("gru.dh_dhprev", "cho", "chung"),
        ("gru.dh_dhprev", "chung", "cho"),
        ("gru.dh_dx", "cho", "chung"),
        ("gru.dh_dx", "chung", "cho"),
    ],
)
def test_other_convention_is_the_other_variants_answer(target, variant, other) -> None:
    example = next(m for m in catalogue(target, variant) if m.name == "other_convention").example
    assert check(target, example, other).verdict == "correct"


@pytest.mark.parametrize("target", ["gru.dh_dhprev", "gru.dh_dx"])
def test_reset_before_matmul_is_chos_answer(target) -> None:
    example = next(
        m for m in catalogue(target, "pytorch") if m.name == "reset_before_matmul"
    ).example
    assert check(target, example, "cho").verdict == "correct"


def test_issue_categories_are_covered() -> None:
    names = {m.name for _, _, m in ENTRIES}
    assert {
        "extra_transpose",
        "transposed",
        "wrong_order",
        "only_direct_cell_path",
        "other_convention",
        "input_weights",
        "recurrent_weights",
        "h_for_tanh_c",
        "sign_error_one_minus_z",
        "sigma_slope_plus",
    } <= names


def test_unknown_keys_are_refused() -> None:
    assert catalogue("rnn.nope") == []  # no hand-written entries: the generated ones serve
    with pytest.raises(NotationError, match="unknown GRU variant"):
        catalogue("gru.dh_dx", "keras")
    with pytest.raises(NotationError, match="no variants"):
        catalogue("rnn.dh_dx", "cho")
