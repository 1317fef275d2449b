"""LaTeX to terminal text, and the one Markdown escaper the quiz uses for literal text."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from interviewkit.bank import mathtext
from interviewkit.bank.mathtext import markdown_escape, render_math, render_math_markdown


def test_module_doctests() -> None:
    assert doctest.testmod(mathtext).failed == 0


@given(st.text(alphabet="\\`*_[]<>#|ab x"))
def test_escaped_text_has_no_bare_markup_character(text: str) -> None:
    escaped = markdown_escape(text)
    assert escaped.replace("\\", "").replace(" ", "") == text.replace("\\", "").replace(" ", "")
    for i, ch in enumerate(escaped):
        if ch in "`*_[]<>#|":
            assert escaped[i - 1] == "\\"


def test_math_in_markdown_is_escaped_and_the_rest_is_left_alone() -> None:
    assert render_math_markdown("**Why:** $W_f x_t$") == "**Why:** W\\_f xₜ"


def test_absurdly_deep_nesting_is_shown_as_written_not_a_crash() -> None:
    deep = "{" * 3000 + "x" + "}" * 3000
    assert render_math(f"before ${deep}$ after") == f"before {deep} after"
    assert render_math_markdown(f"${deep}$").endswith("x" + "}" * 3000)
