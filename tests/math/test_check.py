"""`check` on learner answers: every target and variant, every notation, mistakes, shapes, invalid."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.math.check import CheckResult, check
from interviewkit.math.reference import all_keys, reference_ascii

CHO_H = (
    "diag(z) + diag((h_prev - h_tilde) * z * (1 - z)) @ W_z + diag((1 - z) * (1 - h_tilde**2)) "
    "@ W_h @ (diag(r) + diag(h_prev * r * (1 - r)) @ W_r)"
)
LSTM_DC = "diag(c_prev*f*(1-f)) @ W_f + diag(c_tilde*i*(1-i)) @ W_i + diag(i*(1-c_tilde**2)) @ W_c"

# (target, variant, answer, verdict, mistake, feedback pattern)
ANSWERS = [
    # --- correct, in every notation --------------------------------------------------------------
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - h**2) @ W_h",
        "correct",
        None,
        r"^correct: this is ∂h_t/∂h_\{t-1\}$",
    ),
    ("rnn.dh_dhprev", None, "diag(1 - tanh(a)^2) · W_h", "correct", None, "correct"),
    ("rnn.dh_dhprev", None, "diag(sech(a)^2) W_h", "correct", None, "correct"),
    ("rnn.dh_dhprev", None, r"\operatorname{diag}(1-h^2)\,W_h", "correct", None, "correct"),
    ("rnn.dh_dhprev", None, "diag(1 - h*h) W_h", "correct", None, "correct"),
    ("rnn.dh_dhprev", None, "diag(1 − hₜ²) · W_h", "correct", None, "correct"),
    ("rnn.dh_dhprev", None, "diag(tanh'(a)) W_h", "correct", None, "correct"),
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - tanh(W_h h_{t-1} + W_x x_t + b)^2) W_h",
        "correct",
        None,
        "correct",
    ),
    ("rnn.dh_dhprev", None, "(W_h.T @ diag(1 - h**2)).T", "correct", None, "correct"),
    ("rnn.dh_dx", None, "diag(1-h^2) W_x", "correct", None, r"correct: this is ∂h_t/∂x_t"),
    (
        "rnn.dh_dx",
        None,
        r"$\mathrm{diag}(1-\tanh^2(a_t))\,\mathbf{W}_x$",
        "correct",
        None,
        "correct",
    ),
    ("lstm.dc_dcprev", None, "diag(f)", "correct", None, "correct"),
    ("lstm.dc_dcprev", None, r"\operatorname{diag}(\sigma(a_{f}))", "correct", None, "correct"),
    ("lstm.dc_dcprev", None, "diag(σ(W_f hₜ₋₁ + U_f x + b_f))", "correct", None, "correct"),
    ("lstm.dc_dcprev", None, "diag(1 / (1 + exp(-a_f)))", "correct", None, "correct"),
    ("lstm.dh_dc", None, "diag(o * (1 - tanh(c)**2))", "correct", None, "correct"),
    ("lstm.dh_dc", None, "diag(o ⊙ sech(c)²)", "correct", None, "correct"),
    (
        "lstm.dh_dc",
        None,
        r"\operatorname{diag}(o_t \odot (1-\tanh^2 c_t))",
        "correct",
        None,
        "correct",
    ),
    ("lstm.dh_dc", None, "diag(o) @ diag(1 - tanh(c)^2)", "correct", None, "correct"),
    ("lstm.dh_dc", None, "diag(o - h*tanh(c))", "correct", None, "correct"),
    ("lstm.dh_dcprev", None, "diag(o*(1-tanh(c)**2)*f)", "correct", None, "correct"),
    ("lstm.dh_dcprev", None, "diag(f) diag(o) diag(1 - tanh(c_t)^2)", "correct", None, "correct"),
    ("lstm.dc_dhprev", None, LSTM_DC, "correct", None, "correct"),
    (
        "lstm.dc_dhprev",
        None,
        r"\operatorname{diag}(c_{t-1} \odot \sigma'(a_f)) W_f + \operatorname{diag}(\tilde{c}_t "
        r"\odot i_t \odot (1-i_t)) W_i + \operatorname{diag}(i_t \odot (1-\tilde{c}_t^2)) W_c",
        "correct",
        None,
        "correct",
    ),
    (
        "lstm.dc_dhprev",
        None,
        "diag(i ⊙ (1 − g²)) · W_c + diag(cₜ₋₁ ⊙ f ⊙ (1 − f)) · W_f + diag(g ⊙ i ⊙ (1 − i)) · W_i",
        "correct",
        None,
        "correct",
    ),
    (
        "lstm.dh_dhprev",
        None,
        f"diag(h*(1-o)) @ W_o + diag(o*(1-tanh(c)**2)) @ ({LSTM_DC})",
        "correct",
        None,
        "correct",
    ),
    (
        "lstm.dh_dhprev",
        None,
        "diag(tanh(c)*o*(1-o)) W_o + diag(o*(1-tanh(c)^2)*c_prev*f*(1-f)) W_f"
        " + diag(o*(1-tanh(c)^2)*c_tilde*i*(1-i)) W_i + diag(o*(1-tanh(c)^2)*i*(1-c_tilde^2)) W_c",
        "correct",
        None,
        "correct",
    ),
    ("gru.dh_dhprev", "cho", CHO_H, "correct", None, "correct"),
    ("gru.dh_dhprev", None, CHO_H.replace("z * (1 - z)", "σ'(a_z)"), "correct", None, "correct"),
    (
        "gru.dh_dhprev",
        "chung",
        "diag(1 - z) + diag((h̃ - hₜ₋₁) ⊙ z ⊙ (1 − z)) · W_z + diag(z ⊙ (1 − h̃²)) · W_h · "
        "(diag(r) + diag(hₜ₋₁ ⊙ r ⊙ (1 − r)) · W_r)",
        "correct",
        None,
        "correct",
    ),
    (
        "gru.dh_dhprev",
        "pytorch",
        "diag(z) + diag((h_prev - n) * z * (1 - z)) @ W_z + diag((1 - z) * (1 - n**2)) @ "
        "(diag(r) @ W_h + diag((W_h @ h_prev + b_hn) * r * (1 - r)) @ W_r)",
        "correct",
        None,
        "correct",
    ),
    (
        "gru.dh_dx",
        "cho",
        "diag((h_prev - h_tilde)*z*(1-z)) U_z + diag((1-z)*(1-h_tilde^2)) (U_h + W_h diag(h_prev*r*(1-r)) U_r)",
        "correct",
        None,
        "correct",
    ),
    (
        "gru.dh_dx",
        "chung",
        r"\operatorname{diag}((\tilde{h}_t - h_{t-1}) \odot z_t \odot (1-z_t)) U_z + "
        r"\operatorname{diag}(z_t \odot (1 - \tilde{h}_t^2)) (U_h + W_h \operatorname{diag}(h_{t-1}"
        r" \odot r_t \odot (1 - r_t)) U_r)",
        "correct",
        None,
        "correct",
    ),
    (
        "gru.dh_dx",
        "pytorch",
        "diag((h_prev - h_tilde)*z*(1-z)) @ U_z + diag((1-z)*(1-h_tilde**2)) @ U_h"
        " + diag((1-z)*(1-h_tilde**2)*(W_h @ h_prev + b_hn)*r*(1-r)) @ U_r",
        "correct",
        None,
        "correct",
    ),
    # --- catalogued mistakes, spelled differently from the catalogue ------------------------------
    ("rnn.dh_dhprev", None, "W_h · diag(1 − h²)", "incorrect", "wrong_order", r"wrong order"),
    (
        "rnn.dh_dhprev",
        None,
        r"\operatorname{diag}(1-h_t^2) W_h^\top",
        "incorrect",
        "extra_transpose",
        r"should not be transposed",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 + tanh(a)^2) W_h",
        "incorrect",
        "tanh_slope_sign",
        r"1 − tanh², not 1 \+ tanh²",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "W_h",
        "incorrect",
        "missing_activation_slope",
        r"slope of tanh is missing",
    ),
    (
        "rnn.dh_dx",
        None,
        "diag(h - h^2) W_x",
        "incorrect",
        "sigmoid_slope_for_tanh",
        r"slope of a sigmoid",
    ),
    ("lstm.dc_dcprev", None, "I", "incorrect", "identity_carousel", r"identity only when f = 1"),
    (
        "lstm.dh_dc",
        None,
        r"\operatorname{diag}(o_t \odot (1 - h_t^2))",
        "incorrect",
        "h_for_tanh_c",
        r"h_t appears where tanh\(c_t\) belongs",
    ),
    (
        "lstm.dh_dcprev",
        None,
        "diag(f)",
        "incorrect",
        "missing_output_path",
        r"chain on through h_t",
    ),
    (
        "lstm.dc_dhprev",
        None,
        "diag(c_prev*f*(1+f)) W_f + diag(c_tilde*i*(1+i)) W_i + diag(i*(1-c_tilde^2)) W_c",
        "incorrect",
        "sigma_slope_plus",
        r"σ\(1 − σ\), not σ\(1 \+ σ\)",
    ),
    (
        "lstm.dh_dhprev",
        None,
        "diag(f)",
        "incorrect",
        "only_direct_cell_path",
        r"only the direct path",
    ),
    ("gru.dh_dhprev", "chung", CHO_H, "incorrect", "other_convention", r"Cho et al\. convention"),
    (
        "gru.dh_dhprev",
        "cho",
        CHO_H.replace("(h_prev - h_tilde)", "(h_tilde - h_prev)"),
        "incorrect",
        "sign_error_one_minus_z",
        r"sign error in the path through z",
    ),
    (
        "gru.dh_dx",
        "pytorch",
        "diag((h_prev - h_tilde)*z*(1-z)) @ U_z + diag((1-z)*(1-h_tilde**2)) @ (W_h @ diag(h_prev*r*(1-r)) @ U_r + U_h)",
        "incorrect",
        "reset_before_matmul",
        r"Cho et al\. candidate",
    ),
    # --- wrong shapes -----------------------------------------------------------------------------
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - h**2) @ W_x",
        "incorrect",
        "input_weight",
        r"^your answer is 3×2; ∂h_t/∂h_\{t-1\} is 3×3: W_x carries",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "1 - h**2",
        "incorrect",
        None,
        r"^your answer is a 3-vector; ∂h_t/∂h_\{t-1\} is 3×3: put elementwise factors in diag",
    ),
    (
        "rnn.dh_dx",
        None,
        "W_x.T @ diag(1 - h**2)",
        "incorrect",
        "transposed",
        r"^your answer is 2×3; ∂h_t/∂x_t is 3×2: that is the transpose",
    ),
    ("gru.dh_dx", None, "diag(z)", "incorrect", None, r"^your answer is 3×3; ∂h_t/∂x_t is 3×2$"),
    ("lstm.dh_dc", None, "o * (1 - tanh(c)**2)", "incorrect", None, r"^your answer is a 3-vector"),
    # --- generic slips and term-level feedback ------------------------------------------------------
    ("rnn.dh_dhprev", None, "-diag(1 - h**2) @ W_h", "incorrect", "sign", r"the sign is flipped"),
    (
        "rnn.dh_dhprev",
        None,
        "2 diag(1 - h**2) @ W_h",
        "incorrect",
        "scaled",
        r"off by a constant factor: your answer is 2 ×",
    ),
    (
        "lstm.dh_dc",
        None,
        "diag(o*(1-tanh(c)^2)).T + diag(f) @ diag(f) - diag(f)**2",
        "correct",
        None,
        "correct",
    ),
    (
        "lstm.dh_dhprev",
        None,
        "diag(tanh(c)*o*(1-o)) @ W_o + diag(o*(1-tanh(c)**2)) @ (diag(c_prev*f*(1-f)) @ W_f + diag(i*(1-c_tilde**2)) @ W_c)",
        "incorrect",
        "missing_path",
        r"^a term is missing: the path through W_i$",
    ),
    (
        "lstm.dc_dhprev",
        None,
        LSTM_DC + " + diag(f)",
        "incorrect",
        None,
        r"^extra term: `diag\(f\)` is not part of ∂c_t/∂h_\{t-1\}",
    ),
    (
        "lstm.dc_dhprev",
        None,
        LSTM_DC.replace("+ diag(i", "- diag(i"),
        "incorrect",
        "sign",
        r"^one term has the wrong sign: it is `diag\(i ⊙ \(1 − c̃²\)\) · W_c` \(the path through W_c\); the other terms are right$",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - h_prev) @ W_h",
        "incorrect",
        None,
        r"has the right weights but not the right elementwise factor \(the path through W_h\)$",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "diag(h) @ W_x @ W_x.T",
        "incorrect",
        None,
        r"^not equal to ∂h_t/∂h_\{t-1\} at the test points",
    ),
    (
        "gru.dh_dx",
        "chung",
        "U_z",
        "incorrect",
        None,
        r"interviewkit derive gru --variant chung --steps",
    ),
    # --- invalid ------------------------------------------------------------------------------------
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - h**2) * W_h",
        "incorrect",
        "elementwise_for_matrix_product",
        r"^\* between two matrices is elementwise; for the matrix product write @",
    ),
    (  # the slip is found under any node, here a power (the old walker stopped there)
        "rnn.dh_dhprev",
        None,
        "(diag(1 - h**2) * W_h)**1",
        "incorrect",
        "elementwise_for_matrix_product",
        r"^\* between two matrices is elementwise; for the matrix product write @",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "(1 - h**2) * W_h",
        "invalid",
        None,
        r"elementwise \(write diag\(v\) @ W\)",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "diag(1 - h**2 @ W_h",
        "invalid",
        None,
        r"the bracket '\(' is never closed",
    ),
    (
        "rnn.dh_dhprev",
        None,
        "diag(f) @ W_h",
        "invalid",
        None,
        r"^f is not part of the rnn cell \(it belongs to the lstm, peephole, cifg and minlstm cells\)",
    ),
    (
        "gru.dh_dhprev",
        "cho",
        "diag(z) + b_hn",
        "invalid",
        None,
        r"b_hn is not part of the gru \(cho\) cell \(it belongs to the gru \(pytorch\) cell\)",
    ),
    ("rnn.dh_dhprev", None, "W_hh", "invalid", None, r"did you mean W_h\?"),
    ("rnn.dh_dhprev", None, "10**10**10", "invalid", None, r"exponent 10 is too large"),
    ("rnn.dh_dhprev", None, "", "invalid", None, r"the answer is empty"),
    (
        "rnn.dh_dxx",
        None,
        "W_x",
        "invalid",
        None,
        r"unknown target 'rnn.dh_dxx' \(did you mean rnn.dh_dx",
    ),
    # --- a weight, or the bracket of the reset gate's paths, left out of a product ---------------
    ("rnn.dh_dhprev", None, "diag(1 - h**2)", "incorrect", "missing_weight", r"^the weight W_h is"),
    (
        "lstm.dc_dhprev",
        None,
        "diag(c_prev*f*(1-f)) @ W_f + diag(c_tilde*i*(1-i)) @ W_i + diag(i*(1-c_tilde**2))",
        "incorrect",
        "missing_weight",
        r"^the weight W_c is missing",
    ),
    (
        "gru.dh_dhprev",
        None,
        "diag(z) + diag((h_prev - h_tilde)*z*(1-z)) @ W_z + diag((1-z)*(1-h_tilde**2)) @ W_h",
        "incorrect",
        "missing_weight",
        r"^the factor \(diag\(r\) \+ .*\) is missing \(in the path through W_h and W_r\)$",
    ),
    ("gru.dh_dx", "keras", "U_z", "invalid", None, r"unknown GRU variant 'keras'"),
    ("rnn.dh_dx", "cho", "W_x", "invalid", None, r"rnn.dh_dx has no variants"),
]


def _id(case: tuple) -> str:
    return f"{case[0]}:{case[1] or '-'}:{case[3]}:{case[2][:30]}"


def test_enough_answers_over_every_target_and_variant() -> None:
    assert len(ANSWERS) >= 60
    covered = {(t, v or ("cho" if t.startswith("gru") else None)) for t, v, *_ in ANSWERS}
    jacobians = {"rnn.dh_dhprev", "rnn.dh_dx", "lstm.dc_dcprev", "lstm.dc_dhprev", "lstm.dh_dc",
                 "lstm.dh_dcprev", "lstm.dh_dhprev", "gru.dh_dhprev", "gru.dh_dx"}  # fmt: skip
    assert {k for k in all_keys() if k[0] in jacobians} <= covered
    assert {c[3] for c in ANSWERS} == {"correct", "incorrect", "invalid"}


@pytest.mark.parametrize("case", ANSWERS, ids=_id)
def test_learner_answer(case: tuple) -> None:
    target, variant, answer, verdict, mistake, pattern = case
    result = check(target, answer, variant)
    assert (result.verdict, result.mistake) == (verdict, mistake), result.feedback
    assert re.search(pattern, result.feedback), result.feedback
    assert "\n" not in result.feedback


@pytest.mark.parametrize(("target", "variant"), all_keys())
def test_reference_ascii_checks_correct(target: str, variant: str | None) -> None:
    """What `derive --format ascii` prints, checked, is correct (the round trip of the issue)."""
    assert check(target, reference_ascii(target, variant), variant).verdict == "correct"


def test_result_fields() -> None:
    r = check("rnn.dh_dx", "W_x.T", None)
    assert r.to_dict() == {
        "verdict": "incorrect",
        "feedback": r.feedback,
        "target": "rnn.dh_dx",
        "variant": None,
        "mistake": None,
        "shape": "2×3",
        "expected_shape": "3×2",
        "parsed_unicode": "W_xᵀ",
        "position": None,
    }
    assert list(r.to_dict())[:2] == ["verdict", "feedback"]
    bad = check("rnn.dh_dx", "W_x @@ x")
    assert bad.verdict == "invalid" and bad.position == 5


def test_gru_variant_defaults_to_cho() -> None:
    assert check("gru.dh_dhprev", CHO_H).variant == "cho"
    assert check("gru.dh_dhprev", "diag(z").variant == "cho"  # invalid answers too


@pytest.mark.parametrize("bad", [None, 3, b"diag(f)", ["diag(f)"]])
def test_non_text_is_invalid(bad) -> None:
    assert check("lstm.dc_dcprev", bad).verdict == "invalid"
    assert check(bad, "diag(f)").verdict == "invalid"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_random_text_always_gets_a_verdict(text: str) -> None:
    result = check("lstm.dh_dhprev", text)
    assert isinstance(result, CheckResult)
    assert result.verdict in ("correct", "incorrect", "invalid")
    assert result.feedback and "\n" not in result.feedback
    assert "please report it" not in result.feedback  # no internal error reached the boundary


ALPHABET = [
    *"hcfizoxrWUIab_{}()[]^*@+-/.T 12'σ⊙·ᵀ²\\$",
    "diag", "tanh", "sigma", "exp", r"\left(", r"\right)", r"\frac", r"\operatorname{diag}",
    "h_prev", "c_tilde", "W_f", "U_z", "h_{t-1}", "**",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=25).map("".join))
def test_notation_like_text_always_gets_a_verdict(text: str) -> None:
    for target, variant in (("rnn.dh_dhprev", None), ("gru.dh_dx", "pytorch")):
        result = check(target, text, variant)
        assert result.verdict in ("correct", "incorrect", "invalid")
        assert "please report it" not in result.feedback


def test_threads_fill_the_mistake_cache_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The TUI checks from worker threads: the catalogue is evaluated once, not once per thread."""
    import threading
    import time

    from interviewkit.math import check as check_module
    from interviewkit.math import mistakes

    calls: list[str] = []
    real = mistakes.catalogue

    def slow_catalogue(target: str, variant: str | None = None):
        calls.append(target)
        time.sleep(0.05)  # widen the window in which a second thread could start filling too
        return real(target, variant)

    monkeypatch.setattr(mistakes, "catalogue", slow_catalogue)
    check_module._MISTAKES.clear()
    results: list[CheckResult] = []
    threads = [
        threading.Thread(target=lambda: results.append(check("rnn.dh_dx", "W_h"))) for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check_module._MISTAKES.clear()  # later tests refill it with the real catalogue
    assert [r.verdict for r in results] == ["incorrect"] * 6
    assert calls == ["rnn.dh_dx"]


def test_shared_random_points_cannot_be_written() -> None:
    """The points and reference values are cached and read by every thread: all read-only."""
    from interviewkit.math import check as check_module

    check("lstm.dh_dc", "diag(o * (1 - tanh(c)**2))")
    from interviewkit.math.targets import resolve

    setting = check_module.setting(*resolve("lstm.dh_dc"))
    arrays = [*setting.ref_values, *(v for env in setting.envs for v in env.values())]
    assert arrays and not any(a.flags.writeable for a in arrays)
    assert check("lstm.dh_dc", "diag(o * (1 - tanh(c)**2))").verdict == "correct"


def test_an_answer_that_overflows_is_graded_without_a_numpy_warning() -> None:
    """`exp(1000 h)` overflowed in a norm: numpy printed a RuntimeWarning on stderr in the
    middle of a `check --jsonl` stream (and, as an error, "could not check this answer")."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check("cifg.bptt_d_h", "exp(1000 * h)")
    assert result.verdict == "incorrect", result.feedback
