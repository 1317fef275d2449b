"""Study sheets of the bank: Markdown, and one self-contained HTML page that prints cleanly.

Both are grouped by topic (in syllabus order) and show each question with its answer and
explanation. The HTML page inlines KaTeX (see `katex.py`), so its math renders offline; a
"hide answers" switch turns it into a quiz sheet on screen and on paper.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from itertools import groupby

from interviewkit import __version__
from interviewkit.bank.numbers import params_text
from interviewkit.export.cards import ExportCard, fallback_answer
from interviewkit.export.katex import katex_bundle
from interviewkit.export.markup import inline_html, markdown_safe, math_inline, to_html
from interviewkit.wording import plural

DEFAULT_TITLE = "Recurrent networks: interview study sheet"


def _by_topic(cards: Sequence[ExportCard]) -> list[tuple[str, str, list[ExportCard]]]:
    """(slug, title, cards) per topic, in the order the cards come (already syllabus order)."""
    return [
        (slug, group[0].topic_title, group)
        for slug, grouped in groupby(cards, key=lambda c: c.topic)
        for group in [list(grouped)]
    ]


# --- Markdown ------------------------------------------------------------------------------------


def _md_answer(card: ExportCard) -> list[str]:
    md = markdown_safe
    if card.kind == "choice":
        lines = []
        for o in card.options:
            if o.correct:
                lines.append(f"- ✓ **{o.label}.** {md(o.text)}")
            else:
                why = f" *Why not:* {md(o.why_wrong)}" if o.why_wrong else ""
                lines.append(f"- ✗ {o.label}. {md(o.text)}{why}")
        return [f"**Answer: {card.answer}**", "", *lines]
    if card.kind == "derivation":
        if card.derived is None:
            return [f"**Answer:** {fallback_answer(card)}"]
        return [
            "**Answer:**",
            "",
            f"$$ {card.target_latex} = {card.derived.latex} $$",
            "",
            f"Typed for `interviewkit check`: `{card.derived.ascii}`",
        ]
    lines = [f"**Answer:** {md(card.answer)}"]
    if card.kind == "numeric" and card.params:
        lines += ["", f"*Drawn parameters:* {params_text(card.params)}"]
    if card.key_points:
        lines += ["", "Key points:", "", *[f"- {md(p)}" for p in card.key_points]]
    return lines


def _md_question(n: int, card: ExportCard) -> list[str]:
    md = markdown_safe
    lines = [f"### {n}. `{card.id}` · {card.kind} · {card.difficulty}", "", md(card.prompt), ""]
    if card.kind == "choice":
        lines += [*[f"- {o.label}. {md(o.text)}" for o in card.options], ""]
    if card.kind == "derivation":
        variant = f" (GRU variant: {card.variant})" if card.variant else ""
        lines += [f"Target: ${card.target_latex}${variant}", ""]
        lines += [*[f"> Hint: {md(h)}" for h in card.hints], ""] if card.hints else []
    lines += [*_md_answer(card), "", f"**Why.** {md(card.explanation)}", ""]
    return [*lines, f"*Source:* {md(card.source)}"]


def render_markdown(cards: Sequence[ExportCard], title: str = DEFAULT_TITLE) -> str:
    """The study sheet as Markdown (math left as `$...$` / `$$...$$` LaTeX)."""
    groups = _by_topic(cards)
    out = [
        f"# {title}",
        "",
        f"{plural(len(cards), 'question')}, exported by interviewkit {__version__}.",
    ]
    out += ["", "## Contents", ""]
    out += [f"- {topic_title} ({len(group)})" for _, topic_title, group in groups]
    n = 0
    for _, topic_title, group in groups:
        out += ["", f"## {topic_title}"]
        for card in group:
            n += 1
            out += ["", *_md_question(n, card)]
    return "\n".join(out) + "\n"


# --- HTML ----------------------------------------------------------------------------------------

SHEET_CSS = """\
:root { --fg: #1b1b1b; --muted: #5d6470; --line: #d8dce2; --accent: #1a7f37; --bg: #fff;
        --soft: #f5f7f9; }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --muted: #a3a9b3; --line: #3a3f47; --accent: #4ac26b; --bg: #16181c;
          --soft: #20242a; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem 4rem; color: var(--fg);
       background: var(--bg); font: 17px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 0.8rem; padding-bottom: 0.3rem;
     border-bottom: 2px solid var(--fg); }
.sub { color: var(--muted); margin: 0 0 1rem; }
.toggle { display: inline-flex; gap: 0.4rem; align-items: center; cursor: pointer;
          color: var(--muted); font-size: 0.9rem; }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
          padding: 0.6rem 1.2rem; margin: 1rem 0 0; }
nav.toc h2 { font-size: 1rem; border: 0; margin: 0.3rem 0; }
nav.toc ol { margin: 0.2rem 0 0.4rem; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
nav.toc a { color: inherit; }
.count { color: var(--muted); font-size: 0.85em; }
article.q { border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1.1rem;
            margin: 0 0 1rem; }
.q-head { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: baseline;
          font-size: 0.82rem; color: var(--muted); }
.q-num { font-weight: 700; color: var(--fg); font-size: 1rem; }
.q-id { font-size: 0.8rem; }
.pill { border: 1px solid var(--line); border-radius: 999px; padding: 0 0.5rem; }
.q-prompt p:first-child { margin-top: 0.4rem; }
ol.options { list-style: none; padding-left: 0.2rem; margin: 0.4rem 0; }
ol.options li { margin: 0.25rem 0; }
.label { font-weight: 700; display: inline-block; min-width: 1.6rem; margin-right: 0.35rem; }
.answer { border-left: 4px solid var(--accent); background: var(--soft); padding: 0.3rem 0.9rem;
          margin: 0.7rem 0; }
.answer h3, .why h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em;
                      color: var(--muted); margin: 0.4rem 0 0.2rem; }
.answer .correct { color: var(--accent); font-weight: 600; }
.answer .wrong { color: var(--muted); }
.why-not { display: block; margin-left: 1.9rem; font-size: 0.9em; }
.hint { color: var(--muted); font-size: 0.92em; }
.source { color: var(--muted); font-size: 0.82rem; margin: 0.5rem 0 0.2rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.88em; }
pre { background: var(--soft); padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
.katex-display { margin: 0.6rem 0; overflow-x: auto; overflow-y: hidden; }
.derived { line-height: 2.6; overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; }
.derived .katex { font-size: 1.02em; }
body.hide-answers .answer, body.hide-answers .why { display: none; }
@media print {
  @page { margin: 15mm 14mm; }
  :root { --fg: #000; --muted: #444; --line: #bbb; --accent: #000; --bg: #fff; --soft: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .toggle, .no-print { display: none; }
  nav.toc { border: 0; padding: 0; }
  nav.toc a { text-decoration: none; }
  h2 { break-after: avoid; }
  article.q { break-inside: avoid; border: 0; border-top: 1px solid var(--line); border-radius: 0;
              padding: 0.5rem 0 0; }
  .answer { border-left: 2px solid #000; }
  .katex-display, .derived { overflow: visible; }
}
"""

_RENDER_MATH = r"""
renderMathInElement(document.body, {
  delimiters: [{left: "\\[", right: "\\]", display: true}, {left: "\\(", right: "\\)", display: false}],
  throwOnError: false
});
document.getElementById("hide-answers").addEventListener("change", function (e) {
  document.body.classList.toggle("hide-answers", e.target.checked);
});
"""


def _pill(text: str, cls: str = "") -> str:
    return f'<span class="pill {cls}">{html.escape(text)}</span>'


def _html_options(card: ExportCard, *, marked: bool) -> str:
    items = []
    for o in card.options:
        text = inline_html(o.text)
        if not marked:
            items.append(f'<li><span class="label">{o.label}.</span>{text}</li>')
        elif o.correct:
            items.append(f'<li class="correct"><span class="label">✓ {o.label}.</span>{text}</li>')
        else:
            why = (
                f'<span class="why-not">Why not: {inline_html(o.why_wrong)}</span>'
                if o.why_wrong
                else ""
            )
            items.append(
                f'<li class="wrong"><span class="label">✗ {o.label}.</span>{text}{why}</li>'
            )
    return f'<ol class="options">{"".join(items)}</ol>'


def _html_answer(card: ExportCard) -> str:
    if card.kind == "choice":
        return _html_options(card, marked=True)
    if card.kind == "derivation":
        if card.derived is None:
            return to_html(fallback_answer(card))
        # inline + \displaystyle, not display math: KaTeX breaks long inline math at top-level
        # + and =, so a long GRU Jacobian wraps on screen and on paper instead of being cut off
        latex = f"\\displaystyle {card.target_latex} = {card.derived.latex}"
        return f'<p class="derived">{math_inline(latex)}</p>' + (
            f"<p>Typed for <code>interviewkit check</code>: "
            f"<code>{html.escape(card.derived.ascii)}</code></p>"
        )
    body = to_html(card.answer)
    if card.kind == "numeric" and card.params:
        body += f'<p class="hint">Drawn parameters: {html.escape(params_text(card.params))}</p>'
    if card.key_points:
        body += "<p><strong>Key points</strong></p><ul>"
        body += "".join(f"<li>{inline_html(p)}</li>" for p in card.key_points) + "</ul>"
    return body


def _html_question(n: int, card: ExportCard) -> str:
    head = (
        f'<header class="q-head"><span class="q-num">{n}.</span>'
        f"{_pill(card.kind)}{_pill(card.difficulty)}"
        f'<code class="q-id">{html.escape(card.id)}</code></header>'
    )
    prompt = to_html(card.prompt)
    if card.kind == "choice":
        prompt += _html_options(card, marked=False)
    if card.kind == "derivation":
        variant = f" (GRU variant: {html.escape(card.variant)})" if card.variant else ""
        target = html.escape(card.target_latex, quote=False)
        prompt += f"<p>Target: \\(\\displaystyle {target}\\){variant}</p>"
        prompt += "".join(f'<p class="hint">Hint: {inline_html(h)}</p>' for h in card.hints)
    return (
        f'<article class="q" id="q-{html.escape(card.id)}">{head}'
        f'<div class="q-prompt">{prompt}</div>'
        f'<section class="answer"><h3>Answer</h3>{_html_answer(card)}</section>'
        f'<section class="why"><h3>Why</h3>{to_html(card.explanation)}'
        f'<p class="source">Source: {inline_html(card.source)}</p></section></article>'
    )


def render_html(cards: Sequence[ExportCard], title: str = DEFAULT_TITLE) -> str:
    """The study sheet as one HTML document with KaTeX inlined (no network needed to view it)."""
    katex = katex_bundle()
    groups = _by_topic(cards)
    toc = "".join(
        f'<li><a href="#topic-{slug}">{html.escape(t)}</a> <span class="count">({len(g)})</span></li>'
        for slug, t, g in groups
    )
    body: list[str] = []
    n = 0
    for slug, topic_title, group in groups:
        body.append(f'<section class="topic" id="topic-{slug}"><h2>{html.escape(topic_title)}</h2>')
        for card in group:
            n += 1
            body.append(_html_question(n, card))
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="interviewkit {__version__}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{katex.css}</style>\n<style>\n{SHEET_CSS}</style>\n"
        f"<script>{katex.js}</script>\n</head>\n<body>\n"
        f"<header><h1>{html.escape(title)}</h1>"
        f'<p class="sub">{plural(len(cards), "question")} in {plural(len(groups), "topic")}, with answers and '
        f"explanations. Exported by interviewkit {__version__}.</p>"
        '<label class="toggle"><input type="checkbox" id="hide-answers"> Hide answers '
        "(quiz yourself; also applies when printing)</label></header>\n"
        f'<nav class="toc"><h2>Contents</h2><ol>{toc}</ol></nav>\n'
        f"<main>\n{chr(10).join(body)}\n</main>\n"
        f"<script>{_RENDER_MATH}</script>\n</body>\n</html>\n"
    )
