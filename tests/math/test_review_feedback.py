"""Feedback that names what the learner wrote: defects an outside review of `check` and
`derive --steps` found, each pinned by the answer that showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.math.cells import get_cell
from interviewkit.math.check import check


@pytest.mark.parametrize(
    ("answer", "position", "which"),
    [
        ("outer(W_h, h_prev)", 6, "its first argument is a 3×3 matrix"),
        ("outer(h_prev, W_h)", 14, "its second argument is a 3×3 matrix"),
        ("outer(d_a, h_prev.T)", 11, "its second argument is a 1×3 row"),
    ],
)
def test_outer_of_a_matrix_is_reported_as_outer(answer: str, position: int, which: str) -> None:
    """outer(W_h, h_prev) said `cannot multiply 3×3 @ 1×3 row`, a product the learner never
    wrote; outer(W_h, W_h) was even computed, as W_h @ W_hᵀ."""
    r = check("rnn.dL_dhprev", answer)
    assert r.verdict == "invalid"
    assert r.feedback.startswith(f"outer takes two vectors, but {which}"), r.feedback
    assert "@ 1×3" not in r.feedback
    assert r.position == position
    assert check("rnn.dL_dW_h", "outer(W_h, W_h)").feedback.startswith("outer takes two vectors")
    assert check("rnn.dL_dW_h", "outer(d_a, h_prev)").verdict == "correct"


@pytest.mark.parametrize("answer", ["d_a ⊗ h_prev", r"\delta_a \otimes h_{t-1}"])
def test_a_kronecker_sign_gets_the_outer_product_hint(answer: str) -> None:
    """`⊗` got only `unexpected character` (and `\\otimes` `not part of the notation`)."""
    r = check("rnn.dL_dW_h", answer)
    assert r.verdict == "invalid"
    assert r.feedback.startswith("⊗ is not in the notation"), r.feedback
    assert "u @ v.T or outer(u, v)" in r.feedback
    assert "Kronecker" in r.feedback
    assert r.position == answer.index("⊗" if "⊗" in answer else "\\otimes")


def test_a_single_letter_value_is_not_offered_a_function_name() -> None:
    """`n` in an LSTM answer was offered `did you mean ln?`: n is the state size."""
    answer = "d_c * i * (1 - c_tilde**2) * n"
    r = check("lstm.dL_da_c", answer)
    assert r.verdict == "invalid"
    assert "ln" not in r.feedback
    assert r.feedback.startswith("unknown name 'n' (n is the number of entries of each state"), (
        r.feedback
    )
    assert r.position == answer.index("n")
    assert "did you mean" not in check("lstm.dL_da_c", "d_c * i * l").feedback
    assert check("gru.dL_da_h", "g_h * (1 - z) * (1 - n**2)").verdict == "correct"  # n is h̃


@pytest.mark.parametrize("answer", ["diag(o * (1 - tahn(c)**2))", "diag(o * (1 - 2 tahn(c)**2))"])
def test_a_misspelt_function_applied_to_an_argument_is_still_named(answer: str) -> None:
    r = check("lstm.dh_dc", answer)
    assert "did you mean tanh?" in r.feedback, r.feedback
    assert r.position == answer.index("tahn")


@pytest.mark.parametrize(
    ("target", "answer", "typed"),
    [
        ("gru.dL_dW_r", "d_h @ h_prev.T", "δ_h"),
        ("gru.dL_dU_r", "δ_h @ x.T", "δ_h"),
        ("gru.dL_dW_r", "g_h @ h_prev.T", "g_h"),
        ("gru.dL_dW_r", "g_h @ (h_prev + 0 * d_h).T", "g_h"),
    ],
)
def test_a_one_step_total_of_the_output_is_named_as_typed(
    target: str, answer: str, typed: str
) -> None:
    """δ_h in a one-step answer was reported as `g_h stands where δ_a_r belongs`: they are
    one value at one step, but the learner wrote δ_h."""
    r = check(target, answer)
    assert r.verdict == "incorrect"
    assert r.feedback.startswith(f"{typed} stands where δ_a_r belongs"), r.feedback


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        ("gru.dL_dW_h:", "the variants are cho, chung, pytorch"),
        ("gru.dL_db_hn:", "it exists only in the pytorch variant"),
        ("rnn.dh_dhprev:", "rnn.dh_dhprev has no variants: leave out the colon"),
    ],
)
def test_an_empty_variant_suffix_is_an_error(target: str, hint: str) -> None:
    """`gru.dL_dW_h:` was graded as the default variant."""
    r = check(target, "d_a_h @ (r * h_prev).T")
    assert r.verdict == "invalid"
    assert r.feedback.startswith(f"'{target}' ends in a colon with no variant after it ({hint}")


def test_derive_refuses_an_empty_variant_suffix(capsys: pytest.CaptureFixture[str]) -> None:
    from interviewkit.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["derive", "gru", "--target", "dh_dx:", "--format", "ascii"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert not captured.out
    assert "ends in a colon with no variant after it (write one of cho, chung, pytorch" in (
        captured.err
    )


@pytest.mark.parametrize("style", ["unicode", "ascii"])
def test_the_from_lines_of_a_recursion_share_one_column(
    style: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`from a_z   …` / `from h   …`: the names differ in length, the expressions must not move."""
    from interviewkit.cli import main
    from interviewkit.math.explain import width

    args = ["derive", "gru", "--bptt", "--steps", "--target", "bptt_d_h", "--format", style]
    assert main(args) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("     from ")]
    assert {line.split()[1] for line in rows} >= {"a_z", "h"}, rows
    starts = {width(line) - width(line[5:].split(maxsplit=2)[2]) for line in rows}
    assert len(starts) == 1, rows


CHAINED = """[cell]
name = "chained"
about = "a state read through another state of the step"
state = ["h", "c"]
input = "x"
params = { W_f = "n,n", U_f = "n,m", b_f = "n", U_c = "n,m" }
equations = [
  "f = sigmoid(W_f @ h_prev + U_f @ x + b_f)",
  "c = f * c_prev + (1 - f) * tanh(U_c @ x)",
  "h = tanh(c)",
]
"""


@pytest.mark.parametrize(
    ("target", "answer", "feedback"),
    [
        (
            "cifg.dh_dcprev",
            "diag(f)",
            "that is ∂c_t/∂c_{t-1} only: chain on through h = o ⊙ tanh(c)",
        ),
        (
            "cifg.dh_dcprev",
            "diag(o * (1 - tanh(c)**2))",
            "that is ∂h_t/∂c_t only: chain on through ∂c_t/∂c_{t-1}",
        ),
        (
            "chained.dh_dcprev",
            "diag(f)",
            "that is ∂c_t/∂c_{t-1} only: chain on through h = tanh(c)",
        ),
        ("lstm.dh_dcprev", "diag(f)", "that is ∂c_t/∂c_{t-1} only: chain on through h_t = o"),
    ],
)
def test_a_jacobian_that_stops_at_another_state_says_so(
    target: str, answer: str, feedback: str, tmp_path: Path
) -> None:
    """cifg.dh_dcprev answered diag(f) (∂cₜ/∂cₜ₋₁, not chained through hₜ = o ⊙ tanh(cₜ)) got
    only a generic term message; the built-in LSTM's hand-written entry said what was wrong."""
    spec = None
    if target.startswith("chained."):
        (tmp_path / "chained.toml").write_text(CHAINED, encoding="utf-8")
        spec = get_cell(str(tmp_path / "chained.toml"))
    r = check(target, answer, cell=spec)
    assert r.verdict == "incorrect"
    assert r.feedback.startswith(feedback), r.feedback
    assert r.mistake in ("intermediate_only", "stopped_at_intermediate", "missing_output_path")


MGU = """[cell]
name = "mgu"
about = "a minimal gated unit: one gate, read by h and inside the candidate"
state = ["h"]
input = "x"
params = { W_f = "n,n", U_f = "n,m", b_f = "n", W_h = "n,n", U_h = "n,m", b_h = "n" }
equations = [
  "f = sigmoid(W_f @ h_prev + U_f @ x + b_f)",
  "h_tilde = tanh(W_h @ (f * h_prev) + U_h @ x + b_h)",
  "h = (1 - f) * h_prev + f * h_tilde",
]
"""
_MGU_GATE = "diag((h_tilde - h_prev) * f * (1 - f)) @ W_f"
_MGU_CANDIDATE = "diag(f * (1 - h_tilde**2)) @ W_h"


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        (f"diag(1 - f) + {_MGU_GATE} + {_MGU_CANDIDATE} @ diag(f)", "in a_h̃ = W_h · (f ⊙ hₜ₋₁)"),
        (
            f"diag(1 - f) + {_MGU_CANDIDATE} @ (diag(f) + diag(h_prev * f * (1 - f)) @ W_f)",
            "in h = (1 − f) ⊙ hₜ₋₁ + f ⊙ h̃",
        ),
    ],
)
def test_two_paths_through_one_gate_are_told_apart(answer: str, where: str, tmp_path: Path) -> None:
    """Both dropped paths of the MGU-like cell were `the path through W_f`: one runs through
    f in h's own equation, the other through f inside the candidate."""
    (tmp_path / "mgu.toml").write_text(MGU, encoding="utf-8")
    r = check("mgu.dh_dhprev", answer, cell=get_cell(str(tmp_path / "mgu.toml")))
    assert r.verdict == "incorrect"
    assert r.feedback.startswith(f"a term is missing: the path through W_f {where}"), r.feedback
