"""The catalogue of known mistakes, per derivation target (and per GRU variant).

In the spirit of STACK's potential-response trees: each entry is a wrong answer that learners
really write (a transpose too many, a product in the wrong order, a missing path, the other GRU
convention, `W` where `U` belongs, `h` where `tanh(c)` belongs, a sign error in `1 - z`, σ' written
as σ(1+σ), ...) with the one line of feedback that names it. `check` evaluates every example at the
same random points as the learner's answer, so any equivalent spelling of a mistake is recognised.

Examples are wrong answers, typed here on purpose; the right answers come only from
`interviewkit.math.reference`. A test proves each example is incorrect and is named by `check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewkit.errors import NotationError


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: `example` in NOTATION's ASCII syntax, `feedback` one line for learners."""

    name: str
    example: str
    feedback: str


# Reusable lines -----------------------------------------------------------------------------------

_SIGMA_SLOPE = "σ' is σ(1 − σ), not σ(1 + σ): check the slope of each sigmoid gate"
_TANH_SIGN = "sign error in the slope of tanh: tanh' = 1 − tanh², not 1 + tanh²"
_EXTRA_T = (
    "the weights should not be transposed: a row of the Jacobian belongs to an entry of h_t, and "
    "W h_{t-1} differentiates to W itself (Wᵀ appears only in the backward pass, δ_{t-1} = Jᵀ δ_t)"
)

# LSTM building blocks (mistakes only; never the reference) ----------------------------------------

_DC_F = "diag(c_prev * f * (1 - f)) @ W_f"
_DC_I = "diag(c_tilde * i * (1 - i)) @ W_i"
_DC_C = "diag(i * (1 - c_tilde**2)) @ W_c"
_DC = f"{_DC_F} + {_DC_I} + {_DC_C}"
_DH_O = "diag(tanh(c) * o * (1 - o)) @ W_o"
_DH_C = "diag(o * (1 - tanh(c)**2))"


def _lstm_dh_dhprev(dc: str, o_path: str = _DH_O, c_slope: str = _DH_C) -> str:
    return f"{o_path} + {c_slope} @ ({dc})"


# GRU building blocks -------------------------------------------------------------------------------
# The aggregation h = z*h_prev + (1-z)*h_tilde (cho, pytorch) or (1-z)*h_prev + z*h_tilde (chung)
# gives a direct path, a path through z, and a path through the candidate's pre-activation a_h.


def _gru_parts(
    aggregation: str,
    reset: str,
    *,
    bias: bool = True,
    sign_flip: bool = False,
    sigma_plus: bool = False,
) -> dict[str, str]:
    """Pieces of GRU Jacobians for mistake examples.

    `aggregation` is "cho" (z on h_prev) or "chung" (1 - z on h_prev); `reset` is "before" or
    "after" the recurrent matmul (after: PyTorch, with bias b_hn when `bias`). The flags plant a
    deliberate error: the sign of the z path, or σ(1 + σ) for each gate's slope.
    """
    one_minus = "(1 + {g})" if sigma_plus else "(1 - {g})"
    sz = "z * " + one_minus.format(g="z")
    sr = "r * " + one_minus.format(g="r")
    cho_like = aggregation == "cho"
    diff = "(h_prev - h_tilde)" if cho_like != sign_flip else "(h_tilde - h_prev)"
    if reset == "after":
        inner = "(W_h @ h_prev + b_hn)" if bias else "(W_h @ h_prev)"
        rec_h = f"(diag({inner} * {sr}) @ W_r + diag(r) @ W_h)"
        rec_x = f"(U_h + diag({inner} * {sr}) @ U_r)"
    else:
        rec_h = f"W_h @ (diag(r) + diag(h_prev * {sr}) @ W_r)"
        rec_x = f"(W_h @ diag(h_prev * {sr}) @ U_r + U_h)"
    return {
        "direct": "diag(z)" if cho_like else "diag(1 - z)",
        "z_h": f"diag({diff} * {sz}) @ W_z",
        "z_x": f"diag({diff} * {sz}) @ U_z",
        "slope": f"diag({'(1 - z)' if cho_like else 'z'} * (1 - h_tilde**2))",
        "rec_h": rec_h,
        "rec_x": rec_x,
    }


def _form(variant: str) -> tuple[str, str]:
    """(aggregation, reset) of a GRU variant."""
    return {"cho": ("cho", "before"), "chung": ("chung", "before"), "pytorch": ("cho", "after")}[
        variant
    ]


def _gru_h(aggregation: str, reset: str, **kw: bool) -> str:
    p = _gru_parts(aggregation, reset, **kw)
    return f"{p['direct']} + {p['z_h']} + {p['slope']} @ {p['rec_h']}"


def _gru_x(aggregation: str, reset: str, **kw: bool) -> str:
    p = _gru_parts(aggregation, reset, **kw)
    return f"{p['z_x']} + {p['slope']} @ {p['rec_x']}"


_OTHER_CONVENTION = {
    "cho": "that is the Chung et al. convention h = (1 − z) ⊙ h_{t-1} + z ⊙ h̃; the cho variant "
    "keeps z on the old state: h = z ⊙ h_{t-1} + (1 − z) ⊙ h̃",
    "chung": "that is the Cho et al. convention h = z ⊙ h_{t-1} + (1 − z) ⊙ h̃; the chung variant "
    "puts 1 − z on the old state: h = (1 − z) ⊙ h_{t-1} + z ⊙ h̃",
    "pytorch": "that is the Chung et al. aggregation; torch.nn.GRU uses h = z ⊙ h_{t-1} + "
    "(1 − z) ⊙ n",
}
_SIGN_Z = (
    "sign error in the path through z: the derivative of {agg} with respect to z is {diff}, "
    "because 1 − z brings a minus sign"
)
_SIGN_Z_ARGS = {
    "cho": ("z ⊙ h_{t-1} + (1 − z) ⊙ h̃", "h_{t-1} − h̃"),
    "chung": ("(1 − z) ⊙ h_{t-1} + z ⊙ h̃", "h̃ − h_{t-1}"),
    "pytorch": ("z ⊙ h_{t-1} + (1 − z) ⊙ n", "h_{t-1} − n"),
}
_RESET_TIMING = {
    "cho": (
        "reset_after_matmul",
        "that is the PyTorch/cuDNN candidate, with r applied after the matmul; the cho variant "
        "resets before it: tanh(W_h (r ⊙ h_{t-1}) + U_h x + b_h)",
    ),
    "chung": (
        "reset_after_matmul",
        "that is the PyTorch/cuDNN candidate, with r applied after the matmul; the chung variant "
        "resets before it: tanh(W_h (r ⊙ h_{t-1}) + U_h x + b_h)",
    ),
    "pytorch": (
        "reset_before_matmul",
        "that is the Cho et al. candidate, with r applied before W_h; PyTorch applies it after the "
        "matmul: n = tanh(U_h x + b_h + r ⊙ (W_h h_{t-1} + b_hn))",
    ),
}


def _gru_catalogue(target: str, variant: str) -> list[Mistake]:
    build = _gru_h if target == "gru.dh_dhprev" else _gru_x
    agg, reset = _form(variant)
    other_agg = "chung" if agg == "cho" else "cho"
    other_reset = "after" if reset == "before" else "before"
    # a learner who resets after the matmul in the cho/chung cell has no b_hn to write
    timing = build(agg, other_reset, bias=False) if reset == "before" else build(agg, "before")
    timing_name, timing_feedback = _RESET_TIMING[variant]
    out = [
        Mistake("other_convention", build(other_agg, reset), _OTHER_CONVENTION[variant]),
        Mistake(
            "sign_error_one_minus_z",
            build(agg, reset, sign_flip=True),
            _SIGN_Z.format(agg=_SIGN_Z_ARGS[variant][0], diff=_SIGN_Z_ARGS[variant][1]),
        ),
        Mistake(timing_name, timing, timing_feedback),
        Mistake("sigma_slope_plus", build(agg, reset, sigma_plus=True), _SIGMA_SLOPE),
    ]
    p = _gru_parts(agg, reset)
    if target == "gru.dh_dhprev":
        no_reset = "diag(r) @ W_h" if reset == "after" else "W_h @ diag(r)"
        transposed = (
            build(agg, reset)
            .replace("W_z", "W_z.T")
            .replace("W_r", "W_r.T")
            .replace("W_h @ (", "W_h.T @ (")
            .replace("@ W_h)", "@ W_h.T)")
        )
        out += [
            Mistake(
                "missing_direct_path",
                f"{p['z_h']} + {p['slope']} @ {p['rec_h']}",
                "the direct path is missing: h_{t-1} also enters h_t directly, through the "
                "aggregation " + _SIGN_Z_ARGS[variant][0],
            ),
            Mistake(
                "missing_reset_path",
                f"{p['direct']} + {p['z_h']} + {p['slope']} @ {no_reset}",
                "the path through the reset gate r is missing: r depends on h_{t-1} too",
            ),
            Mistake("extra_transpose", transposed, _EXTRA_T),
        ]
    else:
        recurrent = (
            build(agg, reset)
            .replace("U_z", "W_z")
            .replace("U_r", "W_r")
            .replace("+ U_h)", "+ W_h)")
            .replace("(U_h +", "(W_h +")
        )
        out += [
            Mistake(
                "missing_reset_path",
                f"{p['z_x']} + {p['slope']} @ U_h",
                "the path through the reset gate r is missing: r depends on x_t too",
            ),
            Mistake(
                "recurrent_weights",
                recurrent,
                "W_z, W_r and W_h act on h_{t-1}; x_t enters through U_z, U_r and U_h",
            ),
        ]
    if variant == "pytorch":
        out.append(
            Mistake(
                "missing_b_hn",
                build(agg, reset, bias=False),
                "b_hn is missing: PyTorch's reset gate multiplies W_h h_{t-1} + b_hn, bias "
                "included",
            )
        )
    return out


_STATIC: dict[str, list[Mistake]] = {
    "rnn.dh_dhprev": [
        Mistake(
            "missing_activation_slope",
            "W_h",
            "the slope of tanh is missing: h_t = tanh(a_t), so the chain rule puts "
            "diag(tanh'(a_t)) to the left of W_h",
        ),
        Mistake(
            "extra_transpose",
            "diag(1 - h**2) @ W_h.T",
            "W_h should not be transposed: a row of ∂h_t/∂h_{t-1} belongs to an entry of h_t, so "
            "W_h appears as it is (W_hᵀ belongs to the backward pass)",
        ),
        Mistake(
            "wrong_order",
            "W_h @ diag(1 - h**2)",
            "the product is in the wrong order: tanh acts after W_h, so its slope stands on the "
            "left (matrix products do not commute)",
        ),
        Mistake("tanh_slope_sign", "diag(1 + h**2) @ W_h", _TANH_SIGN),
        Mistake(
            "sigmoid_slope_for_tanh",
            "diag(h * (1 - h)) @ W_h",
            "h(1 − h) is the slope of a sigmoid; the RNN uses tanh, whose slope is 1 − h_t²",
        ),
        Mistake(
            "slope_at_previous_state",
            "diag(1 - h_prev**2) @ W_h",
            "the slope of tanh is taken at this step's pre-activation: 1 − h_t², not 1 − h_{t-1}²",
        ),
        Mistake(
            "input_weight",
            "diag(1 - h**2) @ W_x",
            "W_x carries the input x_t; h_{t-1} enters through W_h",
        ),
    ],
    "rnn.dh_dx": [
        Mistake(
            "recurrent_weight",
            "diag(1 - h**2) @ W_h",
            "W_h carries h_{t-1}; the input x_t enters through W_x",
        ),
        Mistake(
            "transposed",
            "W_x.T @ diag(1 - h**2)",
            "that is the transpose of ∂h_t/∂x_t (what backpropagation multiplies by); the "
            "Jacobian itself is n×m, with the slope of tanh on the left",
        ),
        Mistake(
            "missing_activation_slope",
            "W_x",
            "the slope of tanh is missing: h_t = tanh(a_t), so the chain rule puts "
            "diag(tanh'(a_t)) to the left of W_x",
        ),
        Mistake("tanh_slope_sign", "diag(1 + h**2) @ W_x", _TANH_SIGN),
        Mistake(
            "sigmoid_slope_for_tanh",
            "diag(h * (1 - h)) @ W_x",
            "h(1 − h) is the slope of a sigmoid; the RNN uses tanh, whose slope is 1 − h_t²",
        ),
    ],
    "lstm.dc_dcprev": [
        Mistake(
            "identity_carousel",
            "I",
            "the old cell state is scaled by the forget gate: ∂c_t/∂c_{t-1} is the identity only "
            "when f = 1",
        ),
        Mistake(
            "gate_slope",
            "diag(f * (1 - f))",
            "f(1 − f) is the forget gate's slope, but with h_{t-1} held fixed f does not depend "
            "on c_{t-1}: c_{t-1} enters linearly, multiplied by f",
        ),
        Mistake(
            "derivative_wrt_gate",
            "diag(c_prev)",
            "diag(c_{t-1}) is ∂c_t/∂f_t; differentiate f ⊙ c_{t-1} with respect to c_{t-1} instead",
        ),
        Mistake(
            "coupled_gate",
            "diag(1 - f)",
            "1 − f belongs to a coupled-gate (GRU-like) cell; the LSTM multiplies c_{t-1} by f",
        ),
        Mistake(
            "input_term",
            "diag(f + i)",
            "only f ⊙ c_{t-1} depends on c_{t-1}; i ⊙ c̃_t does not (h_{t-1} is held fixed)",
        ),
    ],
    "lstm.dh_dc": [
        Mistake(
            "missing_tanh_slope",
            "diag(o)",
            "the slope of tanh is missing: h_t = o ⊙ tanh(c_t), so 1 − tanh(c_t)² multiplies o",
        ),
        Mistake(
            "missing_output_gate",
            "diag(1 - tanh(c)**2)",
            "the output gate is missing: h_t = o ⊙ tanh(c_t), so o multiplies the slope of tanh",
        ),
        Mistake(
            "h_for_tanh_c",
            "diag(o * (1 - h**2))",
            "h_t appears where tanh(c_t) belongs: h_t = o ⊙ tanh(c_t), so the slope is "
            "1 − tanh(c_t)², not 1 − h_t²",
        ),
        Mistake("tanh_slope_sign", "diag(o * (1 + tanh(c)**2))", _TANH_SIGN),
        Mistake(
            "output_gate_slope",
            "diag(o * (1 - o) * tanh(c))",
            "o(1 − o) is the output gate's slope, but o depends on h_{t-1} and x_t, not on c_t",
        ),
    ],
    "lstm.dh_dcprev": [
        Mistake(
            "missing_forget_gate",
            "diag(o * (1 - tanh(c)**2))",
            "you stopped at c_t: chain on through ∂c_t/∂c_{t-1}, which multiplies by f",
        ),
        Mistake(
            "missing_output_path",
            "diag(f)",
            "that is ∂c_t/∂c_{t-1} only: chain on through h_t = o ⊙ tanh(c_t)",
        ),
        Mistake(
            "h_for_tanh_c",
            "diag(o * (1 - h**2) * f)",
            "h_t appears where tanh(c_t) belongs: h_t = o ⊙ tanh(c_t), so the slope is "
            "1 − tanh(c_t)², not 1 − h_t²",
        ),
        Mistake(
            "slope_at_previous_cell",
            "diag(o * (1 - tanh(c_prev)**2) * f)",
            "the slope of tanh is taken at c_t, not at c_{t-1}",
        ),
        Mistake("tanh_slope_sign", "diag(o * (1 + tanh(c)**2) * f)", _TANH_SIGN),
    ],
    "lstm.dc_dhprev": [
        Mistake(
            "missing_forget_path",
            f"{_DC_I} + {_DC_C}",
            "a path is missing: the one through the forget gate f (f ⊙ c_{t-1} depends on "
            "h_{t-1} through f)",
        ),
        Mistake(
            "missing_input_path",
            f"{_DC_F} + {_DC_C}",
            "a path is missing: the one through the input gate i",
        ),
        Mistake(
            "missing_candidate_path",
            f"{_DC_F} + {_DC_I}",
            "a path is missing: the one through the candidate c̃_t",
        ),
        Mistake(
            "only_direct_path",
            "diag(f)",
            "diag(f) is ∂c_t/∂c_{t-1}, the direct path; ∂c_t/∂h_{t-1} runs through the gates f, "
            "i and the candidate c̃",
        ),
        Mistake(
            "extra_transpose",
            _DC.replace(" W_f", " W_f.T").replace(" W_i", " W_i.T").replace(" W_c", " W_c.T"),
            _EXTRA_T,
        ),
        Mistake(
            "input_weights",
            _DC.replace("W_", "U_"),
            "U_f, U_i and U_c act on x_t; h_{t-1} enters the gates through W_f, W_i and W_c",
        ),
        Mistake(
            "sigma_slope_plus",
            _DC.replace("(1 - f)", "(1 + f)").replace("(1 - i)", "(1 + i)"),
            _SIGMA_SLOPE,
        ),
        Mistake(
            "wrong_order",
            "W_f @ diag(c_prev * f * (1 - f)) + W_i @ diag(c_tilde * i * (1 - i)) + "
            "W_c @ diag(i * (1 - c_tilde**2))",
            "the products are in the wrong order: each gate's slope acts after its weight "
            "matrix, so diag(...) stands on the left of W",
        ),
    ],
    "lstm.dh_dhprev": [
        Mistake(
            "missing_output_gate_path",
            f"{_DH_C} @ ({_DC})",
            "a path is missing: the one through the output gate o (h_t = o ⊙ tanh(c_t), and o "
            "depends on h_{t-1})",
        ),
        Mistake(
            "missing_cell_path",
            _DH_O,
            "a path is missing: the one through c_t, that is through the gates f, i and c̃",
        ),
        Mistake(
            "only_direct_cell_path",
            "diag(f)",
            "diag(f) is only the direct path ∂c_t/∂c_{t-1}; h_t depends on h_{t-1} through all "
            "four gates",
        ),
        Mistake(
            "h_for_tanh_c",
            _lstm_dh_dhprev(_DC, "diag(h * o * (1 - o)) @ W_o", "diag(o * (1 - h**2))"),
            "h_t appears where tanh(c_t) belongs: h_t = o ⊙ tanh(c_t)",
        ),
        Mistake(
            "extra_transpose",
            _lstm_dh_dhprev(
                _DC.replace(" W_f", " W_f.T").replace(" W_i", " W_i.T").replace(" W_c", " W_c.T"),
                _DH_O + ".T",
            ),
            _EXTRA_T,
        ),
        Mistake(
            "input_weights",
            _lstm_dh_dhprev(_DC.replace("W_", "U_"), _DH_O.replace("W_o", "U_o")),
            "U_f, U_i, U_c and U_o act on x_t; h_{t-1} enters the gates through the W matrices",
        ),
        Mistake(
            "sigma_slope_plus",
            _lstm_dh_dhprev(
                _DC.replace("(1 - f)", "(1 + f)").replace("(1 - i)", "(1 + i)"),
                _DH_O.replace("(1 - o)", "(1 + o)"),
            ),
            _SIGMA_SLOPE,
        ),
    ],
}


def catalogue(target: str, variant: str | None = None) -> list[Mistake]:
    """The hand-written mistakes for `target` (GRU targets: for `variant`, default cho); none
    for a target without a catalogue (the generated mistakes cover every target).

    >>> [m.name for m in catalogue("rnn.dh_dx")][:2]
    ['recurrent_weight', 'transposed']
    """
    if target in ("gru.dh_dhprev", "gru.dh_dx"):
        from interviewkit.math.cells import resolve_variant

        return _gru_catalogue(target, resolve_variant("gru", variant) or "cho")
    if variant is not None and target in _STATIC:
        raise NotationError(f"{target} has no variants (got {variant!r})")
    return list(_STATIC.get(target, ()))
