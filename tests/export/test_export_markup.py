"""Bank text to HTML: math delimiters for MathJax/KaTeX, everything else escaped."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from interviewkit.export.markup import inline_html, markdown_safe, to_html

_OUR_TAGS = re.compile(r"</?(p|ul|ol|li|code|pre|strong|em)>")


def test_inline_math_becomes_paren_delimiters_and_is_escaped() -> None:
    assert inline_html("if $a < b$ then") == r"if \(a &lt; b\) then"


def test_display_math_becomes_bracket_delimiters() -> None:
    assert inline_html(r"$$\frac{a}{b}$$") == r"\[\frac{a}{b}\]"


def test_code_spans_keep_dollars_and_escape_html() -> None:
    assert inline_html("`$x<y$` and $z$") == r"<code>$x&lt;y$</code> and \(z\)"


def test_text_outside_markup_is_escaped() -> None:
    assert inline_html("<o_t> & co") == "&lt;o_t&gt; &amp; co"


def test_escaped_dollar_is_a_literal_dollar_not_math() -> None:
    assert inline_html(r"costs \$5 or \$6") == "costs $5 or $6"


def test_bold_may_hold_math() -> None:
    assert inline_html("**bold $x$**") == r"<strong>bold \(x\)</strong>"


def test_blocks_paragraphs_lists_and_code() -> None:
    text = (
        "first line\nsoft break\n\n- one\n- two\n  continued\n\n1. a\n2. b\n\n```\nx = 1 < 2\n```"
    )
    assert to_html(text) == (
        "<p>first line soft break</p>"
        "<ul><li>one</li><li>two continued</li></ul>"
        "<ol><li>a</li><li>b</li></ol>"
        "<pre><code>x = 1 &lt; 2</code></pre>"
    )


def test_indented_block_is_code() -> None:
    assert to_html("    h = tanh(a)\n    y = h") == "<pre><code>h = tanh(a)\ny = h</code></pre>"


def test_markdown_safe_escapes_tags_but_not_math_or_code() -> None:
    assert markdown_safe("<o_t> and $a < b$ and `x<y`") == "&lt;o_t> and $a < b$ and `x<y`"


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'$`*\\\n-1. {}")), max_size=60))
def test_to_html_never_lets_a_raw_tag_through(text: str) -> None:
    """Whatever the bank holds, the only tags in the output are the ones the converter writes."""
    out = _OUR_TAGS.sub("", to_html(text))
    assert "<" not in out and ">" not in out
    assert re.sub(r"&(lt|gt|amp);", "", out).count("&") == 0


def test_ascii_notation_stars_are_not_emphasis() -> None:
    """The bank writes powers and products outside code spans; they must survive as text."""
    hint = "the derivative of tanh(a) is 1 - tanh(a)**2, which is 1 - h**2; s*(1-s) and o*(1-o)"
    assert inline_html(hint) == hint
    assert markdown_safe("1 - tanh(a)**2 and s*(1-s)") == r"1 - tanh(a)\*\*2 and s\*(1-s)"


def test_italic() -> None:
    assert inline_html("you can *not* do that") == "you can <em>not</em> do that"
    assert markdown_safe("you can *not* do a*b") == r"you can *not* do a\*b"
