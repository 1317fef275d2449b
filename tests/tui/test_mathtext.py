"""LaTeX to terminal Unicode: the constructs the bank uses, and every math span of the bank."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from interviewkit.bank import schema
from interviewkit.bank.loader import load_bank
from interviewkit.bank.mathtext import (
    _MATH,
    latex_to_unicode,
    render_math,
    render_math_markdown,
)
from interviewkit.bank.render import numeric_instance


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{\partial h_t}{\partial h_{t-1}}", "∂hₜ/∂hₜ₋₁"),
        (r"\frac{\partial \mathcal{L}}{\partial h_{t-1}}", "∂ℒ/∂hₜ₋₁"),
        (r"\frac{1}{1+e^{-x}}", "1/(1+e⁻ˣ)"),
        (r"\frac{\frac{a}{b}}{c}", "(a/b)/c"),
        (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ c̃ₜ"),
        (r"\operatorname{diag}(1 - h_t^2) W_h", "diag(1 − hₜ²) Wₕ"),
        (r"\sigma(W_f x_t + b_f)", "σ(W_f xₜ + b_f)"),
        (r"\|W\|_2 < 1/\gamma", "‖W‖₂ < 1/γ"),
        (r"W_{hh}^\top", "Wₕₕᵀ"),
        (r"v_t^{\top}", "vₜᵀ"),
        (r"h_t \in \mathbb{R}^H", "hₜ ∈ ℝᴴ"),
        (r"\mathbb{R}^{n \times m}", "ℝ^(n × m)"),
        (r"\alpha_{t,s}", "α_(t,s)"),
        (r"\lambda_{\max}", "λ_max"),
        (r"\tanh(z) \mathrm{softmax}(x)", "tanh(z) softmax(x)"),
        (r"\sqrt{n_1^2 + n_2^2}", "√(n₁² + n₂²)"),
        (r"\left(\frac{a}{b}\right)^{k}", "(a/b)ᵏ"),
        (r"\lceil T / k \rceil", "⌈ T / k ⌉"),
        (r"\text{clip}(g)", "clip(g)"),
    ],
)
def test_constructs(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_unbalanced_braces_do_not_raise() -> None:
    assert latex_to_unicode(r"\frac{a}{b") == "a/b"
    assert latex_to_unicode(r"x_{t") == "xₜ"
    assert latex_to_unicode("}{") == ""


def test_render_math_leaves_text_and_escaped_dollars() -> None:
    assert render_math(r"costs \$5; $h_t$ and $$c_t$$") == "costs $5; hₜ and cₜ"


def test_markdown_rendering_escapes_what_markdown_would_eat() -> None:
    out = render_math_markdown(r"**bold** and $W_{f} * x_{*}$")
    assert out.startswith("**bold** and ")
    assert r"W\_f \* x\_\*" in out


def _texts(q: schema.Question) -> Iterator[str]:
    if isinstance(q, schema.Numeric):
        yield numeric_instance(q, seed=0)[0]  # placeholders filled, `{{` become `{`
    else:
        yield q.prompt
    yield q.explanation
    for name in ("back", "model_answer"):
        if getattr(q, name, ""):
            yield getattr(q, name)
    for name in ("options", "key_points", "hints"):
        yield from getattr(q, name, ())
    yield from getattr(q, "why_wrong", {}).values()


def test_every_math_span_of_the_bank_renders_without_latex_left() -> None:
    bank = load_bank(include_user_decks=False)
    assert bank.questions
    spans = 0
    for q in bank.questions:
        for text in _texts(q):
            for match in _MATH.finditer(text):
                latex = match.group(1) or match.group(2)
                out = latex_to_unicode(latex)
                spans += 1
                where = f"{q.id}: {latex!r} -> {out!r}"
                assert "\\" not in out and "$" not in out, where
                if "\\{" not in latex:
                    assert "{" not in out and "}" not in out, where
                assert out.strip() or not latex.strip(), where
            assert not re.search(r"\\(?:frac|operatorname|mathrm)", render_math(text)), q.id
    assert spans > 0


def test_amsmath_ellipses_are_drawn() -> None:
    """`\\dots` is the ellipsis most authors type; unicodeit leaves it as written."""
    from interviewkit.bank.mathtext import latex_to_unicode

    assert latex_to_unicode(r"a_1, \dots, a_n") == "a₁, …, aₙ"
    assert latex_to_unicode(r"W_1 \dotsb W_k") == "W₁ ⋯ Wₖ"
