"""`check` on learner answers to the backward-pass and BPTT targets (issue 12) and to the new
cells: right answers in unusual forms, each mistake of the issue named, shapes, invalid input.

The verdict, the mistake's name and a phrase of the feedback are pinned for each answer; the
answers are typed here as learners write them, never taken from the mutations.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.math.check import check

# (target, answer, verdict, mistake, feedback pattern)
ANSWERS = [
    ("rnn.dL_da", "(1 - h_t^2) ⊙ g_h", "correct", None, "^correct: this is "),
    ("rnn.dL_da", "\\left(1-h_t^{2}\\right)\\odot g_{h}", "correct", None, "^correct: this is "),
    ("rnn.dL_dhprev", "W_hᵀ · ((1 − h²) ⊙ g_h)", "correct", None, "^correct: this is "),
    ("rnn.dL_dhprev", "W_h^\\top \\delta_{a}", "correct", None, "^correct: this is "),
    ("rnn.dL_dW_h", "outer(d_a, h_prev)", "correct", None, "^correct: this is "),
    ("rnn.dL_dW_h", "\\delta_{a} h_{t-1}^{\\top}", "correct", None, "^correct: this is "),
    ("rnn.dL_dW_h", "((1 - h**2) * g_h) @ h_{t-1}.T", "correct", None, "^correct: this is "),
    ("rnn.dL_db", "g_h * (1 - tanh(a)**2)", "correct", None, "^correct: this is "),
    (
        "rnn.bptt_dW_h",
        "\\sum_{t=1}^{T} \\delta_{a,t} h_{t-1}^\\top",
        "correct",
        None,
        "^correct: this is ",
    ),
    ("rnn.bptt_dW_h", "Σ_t(δ_a · hₜ₋₁ᵀ)", "correct", None, "^correct: this is "),
    (  # display-math LaTeX: the limits set under and over the Σ
        "rnn.bptt_dW_h",
        "\\sum\\limits_{t=1}^{T} \\delta_{a,t} h_{t-1}^\\top",
        "correct",
        None,
        "^correct: this is ",
    ),
    ("rnn.bptt_d_a", "(1 - h**2) * (g + W_h.T @ δ_{a,t+1})", "correct", None, "^correct: this is "),
    (
        "rnn.bptt_d_a",
        "(1-h_t^2)\\odot(g_t + W_h^\\top \\delta_{t+1})",
        "correct",
        None,
        "^correct: this is ",
    ),
    ("rnn.bptt_db", "sum_t(d_a)", "correct", None, "^correct: this is "),
    ("lstm.dL_dc", "g_c + g_h ⊙ o ⊙ sech(c)²", "correct", None, "^correct: this is "),
    ("lstm.dL_dcprev", "δ_c ⊙ f", "correct", None, "^correct: this is "),
    ("lstm.dL_da_f", "d_c * c_{t-1} * σ'(a_f)", "correct", None, "^correct: this is "),
    ("lstm.dL_da_c", "d_c * i * (1 - g**2)", "correct", None, "^correct: this is "),
    ("lstm.dL_dW_o", "d_a_o @ h_prev.T", "correct", None, "^correct: this is "),
    (
        "lstm.bptt_d_c",
        "d_h * o * (1 - tanh(c)**2) + d_c_{t+1} * f_{t+1}",
        "correct",
        None,
        "^correct: this is ",
    ),
    ("lstm.bptt_dU_f", "sum_t(d_a_f @ x.T)", "correct", None, "^correct: this is "),
    (
        "gru.dL_dhprev",
        "g_h * z + W_z.T @ d_a_z + W_r.T @ d_a_r + r * (W_h.T @ d_a_h)",
        "correct",
        None,
        "^correct: this is ",
    ),
    ("gru.dL_db_hn:pytorch", "d_a_h * r", "correct", None, "^correct: this is "),
    ("gru.dL_da_h:chung", "g_h * z * (1 - h_tilde**2)", "correct", None, "^correct: this is "),
    ("mingru.dh_dhprev", "I - diag(z)", "correct", None, "^correct: this is "),
    ("indrnn.dL_du", "d_a * h_prev", "correct", None, "^correct: this is "),
    ("rnn.dL_dhprev", "W_h @ d_a", "incorrect", "missing_transpose", "needs its transpose"),
    (
        "rnn.dL_dhprev",
        "W_h @ ((1 - h**2) * g_h)",
        "incorrect",
        "missing_transpose",
        "needs its transpose",
    ),
    (
        "rnn.dL_dW_h",
        "h_prev @ d_a.T",
        "incorrect",
        "outer_product_order",
        "outer product is the wrong way round",
    ),
    ("rnn.dL_dW_h", "d_a @ h.T", "incorrect", "wrong_step", "stands where"),
    (
        "rnn.dL_dW_x",
        "d_a @ h_prev.T",
        "incorrect",
        "wrong_input_vector",
        "so its gradient pairs the gradient with",
    ),
    ("rnn.dL_dhprev", "(1 - h**2) * g_h", "incorrect", "missing_weight", r"^W_hᵀ is missing"),
    (
        "lstm.dL_da_o",
        "g_h * c * o * (1 - o)",
        "incorrect",
        "argument_for_value",
        r"^c stands where tanh\(c\) belongs: the tanh is missing",
    ),
    ("rnn.dL_da", "g_h", "incorrect", "missing_activation_slope", "slope of tanh is missing"),
    (
        "rnn.dL_da",
        "g_h * h * (1 - h)",
        "incorrect",
        "sigmoid_slope_for_tanh",
        "is the slope of a sigmoid",
    ),
    (
        "rnn.dL_da",
        "g_h * (1 - h_prev**2)",
        "incorrect",
        "slope_at_previous_step",
        "taken at this step",
    ),
    ("lstm.dL_dc", "g_h * o * (1 - tanh(c)**2)", "incorrect", "missing_path", "missing"),
    ("lstm.dL_dc", "g_c + g_h * (1 - tanh(c)**2)", "incorrect", "missing_factor", "is missing"),
    (
        "lstm.dL_dhprev",
        "W_f.T @ d_a_f + W_i.T @ d_a_i + W_c.T @ d_a_c",
        "incorrect",
        "missing_path",
        "missing",
    ),
    (
        "lstm.dL_dhprev",
        "W_f.T @ d_a_f + W_i.T @ d_a_i + W_c.T @ d_a_c + W_o @ d_a_o",
        "incorrect",
        "missing_transpose",
        "needs its transpose",
    ),
    (
        "lstm.dL_dx",
        "W_f.T @ d_a_f + W_i.T @ d_a_i + W_c.T @ d_a_c + W_o.T @ d_a_o",
        "incorrect",
        "recurrent_weights",
        "act on the previous state",
    ),
    (
        "lstm.dL_da_f",
        "d_c * c_prev * i * (1 - i)",
        "incorrect",
        "slope_of_i",
        "slope of i stands where f's belongs",
    ),
    ("lstm.dL_da_f", "d_c * c_tilde * f * (1 - f)", "incorrect", "wrong_factor", "stands where"),
    ("lstm.dL_dcprev", "d_c * i", "incorrect", "wrong_factor", "stands where"),
    (
        "gru.dL_dhprev",
        "W_z.T @ d_a_z + W_r.T @ d_a_r + r * (W_h.T @ d_a_h)",
        "incorrect",
        "missing_path",
        "missing",
    ),
    (
        "gru.dL_dhprev",
        "g_h * (1 - z) + W_z.T @ d_a_z + W_r.T @ d_a_r + r * (W_h.T @ d_a_h)",
        "incorrect",
        "other_convention:gru (chung)",
        "chung convention",
    ),
    (
        "gru.dL_da_z",
        "g_h * (h_tilde - h_prev) * z * (1 - z)",
        "incorrect",
        "other_convention:gru (chung)",
        "chung convention",
    ),
    # chung and pytorch differ in h and in a_h: the feedback names the one this gradient goes
    # through (a_z and a_h reach L through h only), not the first that differs
    (
        "gru.dL_da_z:pytorch",
        "g_h * (h_tilde - h_prev) * z * (1 - z)",
        "incorrect",
        "other_convention:gru (chung)",
        "^that is the answer for the chung convention, h = [^;]*; the pytorch variant has h = "
        "[^;]*$",
    ),
    (
        "gru.dL_da_h:chung",
        "g_h * (1 - z) * (1 - h_tilde**2)",
        "incorrect",
        "other_convention:gru (cho)",
        "^that is the answer for the cho convention, h = ",
    ),
    (
        "gru.dL_da_h:pytorch",
        "g_h * z * (1 - h_tilde**2)",
        "incorrect",
        "other_convention:gru (chung)",
        "^that is the answer for the chung convention, h = [^;]*; the pytorch variant has h = "
        "[^;]*$",
    ),
    (
        "gru.dL_dhprev:pytorch",
        "W_z.T @ d_a_z + W_r.T @ d_a_r + r * (W_h.T @ d_a_h) + g_h * (1 - z)",
        "incorrect",
        "other_convention:gru (chung)",
        "chung convention, a_h = .*, h = .*; the pytorch variant has a_h = .*, h = ",
    ),
    # once the outer product is turned round, δ stands in the input's place: no second slip
    # may then say that the weight multiplies δ
    ("rnn.dL_dW_h", "h_prev @ h_prev.T", "incorrect", None, "^(?!.*W_h multiplies δ)"),
    ("rnn.dL_dW_h", "h_prev @ x.T", "incorrect", None, "^(?!.*W_h multiplies δ)"),
    ("lstm.bptt_dU_o", "sum_t(x_t @ x_t.T)", "incorrect", None, "^(?!.*U_o multiplies δ)"),
    ("rnn.bptt_dW_h", "d_a @ h_prev.T", "incorrect", "one_step_share", "one step's share"),
    ("rnn.bptt_d_a", "(1 - h**2) * (W_h.T @ d_a_{t+1})", "incorrect", "missing_path", "missing"),
    (
        "rnn.bptt_d_a",
        "(1 - h**2) * (g_t + W_h @ d_a_{t+1})",
        "incorrect",
        "missing_transpose",
        "needs its transpose",
    ),
    (
        "lstm.bptt_d_c",
        "d_h * o * (1 - tanh(c)**2) + d_c_{t+1} * f",
        "incorrect",
        "wrong_step",
        "stands where",
    ),
    ("lstm.bptt_d_c", "d_h * o * (1 - tanh(c)**2)", "incorrect", "missing_path", "missing"),
    (
        "lstm.bptt_d_h",
        "W_f.T @ d_a_f_{t+1} + W_i.T @ d_a_i_{t+1} + W_c.T @ d_a_c_{t+1} + W_o.T @ d_a_o_{t+1}",
        "incorrect",
        "missing_path",
        "missing",
    ),
    ("lstm.bptt_dW_f", "sum_t(d_a_f @ h.T)", "incorrect", "wrong_step", "stands where"),
    (
        "gru.bptt_d_h",
        "g_t + d_h_{t+1} * (1 - z_{t+1}) + W_z.T @ d_a_z_{t+1} + W_r.T @ d_a_r_{t+1} + r_{t+1} * (W_h.T @ d_a_h_{t+1})",
        "incorrect",
        "other_convention:gru (chung)",
        "chung convention",
    ),
    ("mingru.dL_dhprev", "g_h * z", "incorrect", "complement", "stands where 1 − z belongs"),
    ("indrnn.dh_dhprev", "diag(u)", "incorrect", "missing_relu_slope", "slope of relu"),
    ("peephole.dL_dcprev", "d_c * f", "incorrect", "missing_paths", "two terms are missing"),
    (
        "rnn.dL_dhprev",
        "(W_h.T @ d_a).T",
        "incorrect",
        None,
        "is a column: transpose the whole answer",
    ),
    ("rnn.dL_dW_h", "d_a", "incorrect", None, "outer product δ uᵀ"),
    (
        "lstm.dL_dU_f",
        "d_a_f @ h_prev.T",
        "incorrect",
        "wrong_input_vector",
        "so its gradient pairs the gradient with",
    ),
    (
        "rnn.bptt_d_a",
        "(1 - h**2) * (g_t + W_h.T @ d_a_{t+2})",
        "invalid",
        None,
        "steps t-1, t and t\\+1 only",
    ),
    ("rnn.bptt_dW_h", "sum_t(sum_t(d_a @ h_prev.T))", "invalid", None, "Σ_t inside Σ_t"),
    ("rnn.dL_dW_h", "sum_t(d_a @ h_prev.T)", "invalid", None, "has no meaning in this question"),
    ("rnn.dL_da", "d_a", "invalid", None, "the quantity asked for"),
    ("rnn.bptt_d_a", "d_a", "invalid", None, "the quantity asked for"),
    # the total of the previous step is named as written, not as this step's d_h (= g_h)
    ("rnn.dL_dhprev", "d_h_prev", "invalid", None, "^d_h_\\{t-1\\} is ∂L/∂h_\\{t-1\\} itself"),
    ("lstm.dL_dcprev", "δ_c_{t-1}", "invalid", None, "^d_c_\\{t-1\\} is ∂L/∂c_\\{t-1\\} itself"),
    ("rnn.dL_dW_h", "d_a @ h_{t+1}.T", "invalid", None, "is not part of this question"),
    ("rnn.dL_dhprev", "W_{h,t}.T @ d_a", "correct", None, "^correct: this is "),
    # slips on the new cells and on the backward pass, as learners made them in the quiz
    (
        "cifg.dL_da_f",
        "d_c * c_prev * f * (1 - f)",
        "incorrect",
        "missing_inner_term",
        "^−c̃ is missing from \\(cₜ₋₁ − c̃\\)$",
    ),
    (
        "lstm.dL_dhprev",
        "W_f.T @ d_f + W_i.T @ d_i + W_c.T @ d_c_tilde + W_o.T @ d_o",
        "incorrect",
        "gate_total",
        "^δ_c̃, δ_f, δ_i and δ_o stand where the pre-activations' totals belong",
    ),
    (
        "minlstm.dL_da_f",
        "g_h * (h_prev - h_tilde) * f * (1 - f)",
        "incorrect",
        "missing_normalisation+missing_factor",
        "normalisation by \\(f \\+ i\\)² is missing.*the factor i is missing",
    ),
    (
        "minlstm.dL_da_f",
        "g_h * i * (h_prev - h_tilde) / (f + i)**2 * f * (1 - f)",
        "correct",
        None,
        "^correct",
    ),
    (
        "indrnn.dh_dhprev",
        "diag(u * (1 - h**2))",
        "incorrect",
        "tanh_slope_for_relu",
        "h comes from relu, whose slope is step\\(a\\)",
    ),
    (
        "indrnn.bptt_d_a",
        "(g_t + u.T @ d_a_{t+1}) * step(a_t)",
        "incorrect",
        "dot_for_elementwise",
        "is one number, a dot product; u acts elementwise",
    ),
    (
        "gru.dL_da_r",
        "r ⊙ (1 − r) ⊙ W_hᵀ (h_prev ⊙ δ_a_h)",
        "incorrect",
        "factor_through_weight",
        "hₜ₋₁ multiplies after W_hᵀ brings the gradient back",
    ),
    ("gru.dL_da_r", "r ⊙ (1 − r) ⊙ h_prev ⊙ W_hᵀ δ_a_h", "correct", None, "^correct"),
    (
        "rnn.bptt_d_a",
        "d_h * (1 - h**2)",
        "correct",
        None,
        "leaves the recursion inside a total of step t.*W_hᵀ · δ_aₜ₊₁",
    ),
    ("peephole.dL_da_c_tilde", "d_c * i * (1 - c_tilde**2)", "correct", None, "∂L/∂a_c_tilde$"),
    # a factor from another path, σ' written with σ, a value left out inside a factor
    (
        "gru.dL_dx",
        "U_z.T @ d_a_z + U_r.T @ d_a_r + U_h.T @ (r * d_a_h)",
        "incorrect",
        "extra_factor",
        "^an extra factor r \\(in the path through U_h\\)",
    ),
    ("indrnn.dL_dx", "W_x.T @ (u * d_a)", "incorrect", "extra_factor", "^an extra factor u:"),
    (
        "minlstm.dh_dhprev",
        "diag(f / (f + i) * f * (1 - f))",
        "incorrect",
        "extra_factor",
        "^an extra factor f ⊙ \\(1 − f\\)",
    ),
    (
        "rnn.dL_da",
        "g_h * sigmoid(a) * (1 - sigmoid(a))",
        "incorrect",
        "sigmoid_slope_for_tanh",
        "slope of a sigmoid; h = tanh\\(a\\), whose slope is 1 − h²",
    ),
    (
        "lstm.dL_dc",
        "g_c + g_h * o * σ(c) ⊙ (1 − σ(c))",
        "incorrect",
        "sigmoid_slope_for_tanh",
        "this is tanh\\(c\\), whose slope is 1 − tanh\\(c\\)² \\(in the term with g_h\\)",
    ),
    (
        "gru.dL_da_r:pytorch",
        "r ⊙ (1 − r) ⊙ δ_a_h ⊙ (W_h hₜ₋₁)",
        "incorrect",
        "missing_inner_term",
        "^b_hn is missing from \\(W_h · hₜ₋₁ \\+ b_hn\\)$",
    ),
    (
        "mingru.dL_dhprev",
        "g_h * z",
        "incorrect",
        "complement",
        "1 − z",
    ),
    # a name of another kind of question, an alias of the asked quantity, brackets, shapes
    ("rnn.dL_dhprev", "W_h.T @ g_t", "invalid", None, "^g_t is not part of this question.*g_h"),
    ("lstm.bptt_d_c", "d_c_{t+1} * f_{t+1} + g_c", "invalid", None, "^g_c is not part of .*d_X"),
    ("rnn.dL_dhprev", "W_h.T @ zz", "invalid", None, "interviewkit check --cell rnn --names"),
    (
        "lstm.bptt_dW_c",
        "sum_t((d_c_t * i_t * (1 - g_t**2)) @ h_{t-1}.T)",
        "incorrect",
        "g_for_candidate",
        "^through time g_t is the loss's own gradient.*write c_tilde",
    ),
    ("cifg.dL_da_c", "d_c * (1 - f) * (1 - c_tilde**2)", "correct", None, "^correct"),
    (
        "rnn.dL_dW_h",
        "d_a.T @ h_prev",
        "incorrect",
        "inner_for_outer",
        "δ_aᵀ · hₜ₋₁ is one number, an inner product",
    ),
    # values swapped between paths, a slope for a value, a slope on a linear quantity, the
    # quotient rule, tanh's slope on a gate written as sech², two slips of different families
    (
        "lstm.dc_dx",
        "diag(c_tilde*f*(1-f)) @ U_f + diag(c_prev*i*(1-i)) @ U_i + diag(i*(1-c_tilde**2)) @ U_c",
        "incorrect",
        "swapped_values",
        "^cₜ₋₁ and c̃ are swapped",
    ),
    (
        "lstm.dh_dhprev",
        "diag((1-tanh(c)**2)*o*(1-o)) @ W_o + diag(o*(1-tanh(c)**2)) @ (diag(c_prev*f*(1-f)) @ W_f"
        " + diag(c_tilde*i*(1-i)) @ W_i + diag(i*(1-c_tilde**2)) @ W_c)",
        "incorrect",
        "slope_for_value",
        "^1 − tanh\\(c\\)² stands where tanh\\(c\\) belongs.*W_o",
    ),
    (
        "mingru.dL_dU_h",
        "(g_h * z * (1 - h_tilde**2)) @ x.T",
        "incorrect",
        "linear_slope",
        "h̃ comes from no tanh",
    ),
    (
        "minlstm.dL_da_i",
        "g_h * f * (h_tilde - h_prev) / (f + i) * i * (1 - i)",
        "incorrect",
        "quotient_power",
        "^the quotient rule gives \\(f \\+ i\\)² below",
    ),
    (
        "gru.dL_da_z",
        "g_h * (h_prev - h_tilde) * sech(a_z)**2",
        "incorrect",
        "tanh_slope_for_sigmoid",
        "^sech²\\(a_z\\) is the slope of tanh; z is a sigmoid gate",
    ),
    (
        "lstm.dL_da_i",
        "d_c * c_prev * (1 - i**2)",
        "incorrect",
        "wrong_factor+tanh_slope_for_sigmoid",
        "^two slips: cₜ₋₁ stands where c̃ belongs; and 1 − i² is the slope of tanh",
    ),
    (
        "rnn.dL_dhprev",
        "W_h.T**2 @ d_a",
        "incorrect",
        "powered_weight",
        "raises each entry of W_h to a power",
    ),
    (
        "rnn.dL_dW_h",
        "g_h @ h_prev.T",
        "incorrect",
        "wrong_total",
        "^g_h stands where δ_a belongs: δ_a is the state's total times the activation's slope$",
    ),
    (
        "peephole.dc_dcprev",
        "diag(f)",
        "incorrect",
        "missing_inner_terms",
        "^the path through p_f and the path through p_i are missing from",
    ),
    (
        "rnn.dL_dhprev",
        "W_h.T @ (1 - h**2) * g_h",
        "incorrect",
        "missing_brackets",
        "multiplies 1 − h² alone by W_hᵀ: going back, the elementwise factors act first",
    ),
]


def _id(case: tuple) -> str:
    return f"{case[0]}:{case[2]}:{case[1][:30]}"


def test_enough_answers_and_every_kind_of_target() -> None:
    assert len(ANSWERS) >= 60
    kinds = {t.split(".")[1].split("_")[0] for t, *_ in ANSWERS}
    assert {"dL", "bptt"} <= kinds
    assert {c[2] for c in ANSWERS} == {"correct", "incorrect", "invalid"}


@pytest.mark.parametrize("case", ANSWERS, ids=_id)
def test_learner_answer_to_a_gradient(case: tuple) -> None:
    target, answer, verdict, mistake, pattern = case
    result = check(target, answer)
    assert (result.verdict, result.mistake) == (verdict, mistake), result.feedback
    assert re.search(pattern, result.feedback), result.feedback
    assert "\n" not in result.feedback


# --- hypothesis: the new syntax never raises, always a verdict --------------------------------

PIECES = [
    "d_a",
    "d_a_{t+1}",
    "δ_c",
    "\\delta_{a,t+1}",
    "h_{t-1}",
    "h_{t+2}",
    "g_t",
    "g_h",
    "g",
    "W_h",
    "W_h.T",
    "Wᵀ",
    "sum_t(",
    "Σ_t(",
    "\\sum_{t=1}^{T}",
    "outer(",
    ",",
    ")",
    "(",
    " @ ",
    " * ",
    " + ",
    " - ",
    "ᵀ",
    ".T",
    "^\\top",
    "x_t",
    "f_{t+1}",
    "c_prev",
    "1",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    st.sampled_from(
        [
            "rnn.bptt_dW_h",
            "lstm.bptt_d_c",
            "lstm.dL_dhprev",
            "gru.dL_dx:pytorch",
            "rnn.dh_dhprev",
            "peephole.dL_dp_f",
        ]
    ),
)
def test_new_syntax_always_gets_a_verdict(pieces: list[str], target: str) -> None:
    result = check(target, "".join(pieces))
    assert result.verdict in ("correct", "incorrect", "invalid")
    assert result.feedback and "\n" not in result.feedback
    assert "please report it" not in result.feedback


def test_a_wrong_direct_term_names_what_it_carries_directly() -> None:
    """cifg's ∂hₜ/∂cₜ₋₁ has no weight matrix on its path: the term is "straight from cₜ₋₁",
    not "the input" (xₜ is the input, and no x is in it). (diag(f), ∂cₜ/∂cₜ₋₁ alone, is told
    to chain on through hₜ: test_review_feedback.)"""
    result = check("cifg.dh_dcprev", "diag(o)")
    assert result.verdict == "incorrect"
    assert "straight from cₜ₋₁" in result.feedback and "input" not in result.feedback, result
