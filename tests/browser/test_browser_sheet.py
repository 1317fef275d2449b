"""The HTML study sheet in Chromium: KaTeX typesets every formula offline, the "hide answers"
switch hides every answer on screen and on paper."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from interviewkit.cli import main

pytestmark = pytest.mark.browser

FIXTURE_BANK = Path(__file__).resolve().parents[1] / "export" / "bank"
#: Words that appear only inside answers and explanations of the fixture bank (and the sheet's
#: own Answer/Why headings), and words of its prompts, which stay on every sheet.
ANSWER_WORDS = ["Hold the gates", "Why not:", "Source:", "Typed for", "ANSWER"]
PROMPT_WORDS = ["constant error carousel", "Which gate decides"]


@pytest.fixture(scope="module")
def whole_bank_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheet") / "sheet.html"
    assert main(["export", "html", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def fixture_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheet") / "fixture.html"
    assert (
        main(["export", "html", "--bank", str(FIXTURE_BANK), "--bank-only", "--out", str(out)]) == 0
    )
    return out


def open_sheet(page: Any, offline: Any, sheet: Path) -> None:
    """Open the file with every other request blocked (and recorded)."""
    offline.allowed.append(sheet.as_uri())
    page.goto(sheet.as_uri())


def math_in_source(sheet: Path) -> int:
    """How many formulas the page's main part holds as `\\( \\)` or `\\[ \\]` before KaTeX."""
    main_part = sheet.read_text(encoding="utf-8").split("<main>")[1].split("</main>")[0]
    assert main_part.count("\\(") == main_part.count("\\)")
    return main_part.count("\\(") + main_part.count("\\[")


def test_every_formula_is_typeset_with_no_network(page, offline, whole_bank_sheet: Path) -> None:
    expected = math_in_source(whole_bank_sheet)
    assert expected > 500  # the bank is math-heavy; a broken split would count nothing
    open_sheet(page, offline, whole_bank_sheet)
    assert page.locator(".katex-error").count() == 0
    assert page.locator("main .katex").count() == expected
    text = page.locator("main").inner_text()
    assert "\\(" not in text and "\\[" not in text  # no formula left as raw LaTeX
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert {"KaTeX_Main", "KaTeX_Math"} <= {f.strip("\"'") for f in fonts}  # inlined, loaded
    assert offline.blocked == []
    assert offline.requested in ([], [whole_bank_sheet.as_uri()])


def visible(page: Any, selector: str) -> int:
    return page.locator(selector).evaluate_all("els => els.filter(e => e.checkVisibility()).length")


def test_the_switch_hides_and_shows_every_answer(page, offline, fixture_sheet: Path) -> None:
    open_sheet(page, offline, fixture_sheet)
    answers = page.locator(".answer, .why").count()
    assert answers == 14  # 7 questions, each an answer and a why
    assert visible(page, ".answer, .why") == answers
    page.get_by_label("Hide answers").check()
    assert visible(page, ".answer, .why") == 0
    assert visible(page, ".q-prompt") == 7
    page.get_by_label("Hide answers").uncheck()
    assert visible(page, ".answer, .why") == answers


def pdf_text(page: Any) -> str:
    """The page printed by Chromium (print CSS applies), as text without any white space
    (PDF text extractors differ in where they guess spaces)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def printed_words(printed: str, words: list[str]) -> list[str]:
    """Which of `words` the printed text holds."""
    return [w for w in words if re.sub(r"\s+", "", w) in printed]


def test_print_keeps_answers_unless_hidden(page, offline, fixture_sheet: Path) -> None:
    open_sheet(page, offline, fixture_sheet)
    printed = pdf_text(page)
    assert printed_words(printed, ANSWER_WORDS + PROMPT_WORDS) == ANSWER_WORDS + PROMPT_WORDS
    assert printed_words(printed, ["Hide answers"]) == []  # the switch is screen-only

    page.get_by_label("Hide answers").check()
    printed = pdf_text(page)
    assert printed_words(printed, ANSWER_WORDS + PROMPT_WORDS) == PROMPT_WORDS
    assert offline.blocked == []
