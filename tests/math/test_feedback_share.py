"""The figure issue 13 asks for, over this repository's own wrong answers: how many get
feedback that names their mistake (a generated or catalogued mistake, a shape, an extra or
missing term: anything but a bare "not right"), and that no product-order or transpose slip
is described as a wrong elementwise factor.

The answers are the wrong ones pinned in `test_check.py` (Jacobians) and
`test_check_gradients.py` (backward pass, BPTT, new cells), typed as learners write them;
`pytest -s` prints the figure. A held-out set, kept out of the repository, is measured the
same way before a release.
"""

from __future__ import annotations

from test_check import ANSWERS as JACOBIAN_ANSWERS
from test_check_gradients import ANSWERS as GRADIENT_ANSWERS

from interviewkit.math.check import check

#: Feedback that says only that something is wrong, not what.
VAGUE = ("not equal to", "has the right weights but not", "is not right")
#: Mistakes about the order of products or a transpose, never "an elementwise factor".
ORDER_OR_TRANSPOSE = ("wrong_order", "outer_product_order", "transpose", "inner_for_outer")


def _wrong_answers() -> list[tuple[str, str | None, str]]:
    out = [(t, v, a) for t, v, a, verdict, *_ in JACOBIAN_ANSWERS if verdict == "incorrect"]
    out += [(t, None, a) for t, a, verdict, *_ in GRADIENT_ANSWERS if verdict == "incorrect"]
    return out


def test_at_least_95_percent_of_wrong_answers_get_their_mistake_named() -> None:
    answers = _wrong_answers()
    assert len(answers) >= 40
    results = [check(t, a, v) for t, v, a in answers]
    named = [r for r in results if not any(v in r.feedback for v in VAGUE)]
    share = len(named) / len(results)
    print(f"\nfeedback names the mistake for {len(named)} of {len(results)} wrong answers "
          f"({share:.1%})")  # fmt: skip
    unnamed = [(a, r.feedback) for (_, _, a), r in zip(answers, results, strict=True)
               if r not in named]  # fmt: skip
    assert share >= 0.95, unnamed


def test_no_order_or_transpose_slip_is_called_an_elementwise_factor() -> None:
    for target, variant, answer in _wrong_answers():
        result = check(target, answer, variant)
        if result.mistake and any(k in result.mistake for k in ORDER_OR_TRANSPOSE):
            assert "elementwise factor" not in result.feedback, (target, answer, result.feedback)
