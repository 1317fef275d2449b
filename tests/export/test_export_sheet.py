"""Study sheets: grouped by topic in syllabus order, answers shown, HTML self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interviewkit.cli import main
from interviewkit.export.katex import katex_bundle


@pytest.fixture
def markdown(tmp_path: Path, bank_args: list[str]) -> str:
    out = tmp_path / "sheet.md"
    assert main(["export", "markdown", *bank_args, "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_markdown_groups_by_topic_in_syllabus_order(markdown: str) -> None:
    headings = re.findall(r"(?m)^## (.+)$", markdown)
    assert headings == [
        "Contents",
        "LSTM gates and the cell state",
        "GRU",
        "Parameter counting",
    ]
    lstm = markdown.split("## LSTM gates and the cell state")[1].split("## GRU")[0]
    assert re.findall(r"`(fx-[\w-]+)`", lstm) == [
        "fx-lstm-forget-flash",
        "fx-lstm-choice",
        "fx-lstm-derive",
        "fx-lstm-short",
    ]


def test_markdown_has_answers_and_explanations(markdown: str) -> None:
    assert "- ✓ **B.** the forget gate $f_t$" in markdown
    assert (
        "- ✗ A. the input gate $i_t$ *Why not:* It scales the candidate $\\tilde{c}_t$." in markdown
    )
    assert "**Why.** Only $f_t$ multiplies $c_{t-1}$." in markdown
    assert "the output gate &lt;o_t>" in markdown  # not swallowed as an HTML tag
    assert "*Source:* Fixture: Hochreiter & Schmidhuber (1997)" in markdown
    assert markdown.count("**Why.**") == 7


def test_markdown_to_stdout_by_default(
    bank_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "markdown", *bank_args, "--topic", "gru"]) == 0
    out = capsys.readouterr().out
    assert "## GRU" in out and "## LSTM" not in out
    assert "(GRU variant: pytorch)" in out


def test_derivation_in_markdown_is_display_latex(markdown: str) -> None:
    printer = pytest.importorskip("interviewkit.math.printer")
    reference = pytest.importorskip("interviewkit.math.reference")
    latex = printer.to_latex(reference.reference_expr("lstm.dc_dcprev"))
    assert f"$$ \\frac{{\\partial c_t}}{{\\partial c_{{t-1}}}} = {latex} $$" in markdown


@pytest.fixture
def html_text(tmp_path: Path, bank_args: list[str]) -> str:
    out = tmp_path / "sheet.html"
    assert main(["export", "html", *bank_args, "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_html_needs_no_network(html_text: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html_text)
    assert "@import" not in html_text
    assert not re.search(r"url\(\s*['\"]?(https?:|//|fonts/)", html_text)
    # every KaTeX font is inlined
    assert html_text.count("url(data:font/woff2;base64,") == 20
    assert "renderMathInElement(document.body" in html_text
    assert katex_bundle().js in html_text


def test_html_groups_by_topic_and_shows_answers(html_text: str) -> None:
    sections = re.findall(r'<section class="topic" id="topic-([\w-]+)"><h2>([^<]+)</h2>', html_text)
    assert sections == [
        ("lstm", "LSTM gates and the cell state"),
        ("gru", "GRU"),
        ("parameters", "Parameter counting"),
    ]
    assert html_text.count('<article class="q"') == 7
    assert html_text.count('<section class="answer">') == 7
    assert html_text.count('<section class="why">') == 7
    assert (
        '<li class="correct"><span class="label">✓ B.</span>the forget gate \\(f_t\\)</li>'
        in html_text
    )
    assert "the output gate &lt;o_t&gt;" in html_text
    assert "<o_t>" not in html_text


def test_html_prints_cleanly(html_text: str) -> None:
    assert "@media print" in html_text
    css = html_text.split("@media print", 1)[1]
    assert "break-inside: avoid" in css
    assert ".toggle" in css  # the on-screen switch is not printed


def test_html_math_uses_katex_delimiters(html_text: str) -> None:
    assert "\\(c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde{c}_t\\)" in html_text
    body = html_text.split("<main>", 1)[1]
    assert "$" not in body.split("<script>")[0]
