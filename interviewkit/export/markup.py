"""The bank's Markdown-with-`$...$` text as safe HTML, math kept as LaTeX in `\\( \\)` / `\\[ \\]`.

Both Anki (MathJax) and the study sheet (KaTeX auto-render) read those delimiters, so one
converter serves both. Everything outside the markup it knows is HTML-escaped, including the
LaTeX itself (`a < b` becomes `a &lt; b`; MathJax and KaTeX read the decoded text). It knows what
the bank uses: paragraphs, soft line breaks, `-`/`*`/`1.` lists, fenced or indented code blocks,
`code` spans, **bold**, *italic*, `$inline$` and `$$display$$` math, and `\\$` for a literal dollar.
"""

from __future__ import annotations

import html
import re

_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_body>.+?)(?P=code)"
    r"|\$\$(?P<display>.+?)\$\$"
    r"|(?<!\\)\$(?P<math>[^$]+?)(?<!\\)\$"
    r"|(?<![\w)\]*])\*\*(?=[^\s*])(?P<bold>.+?)(?<=[^\s*])\*\*(?![\w(*])"
    r"|(?<![\w)\]*])\*(?=[^\s*])(?P<em>[^*]+?)(?<=[^\s*])\*(?![\w(*])",
    re.DOTALL,
)
# Emphasis needs clean flanks: `**` and `*` right after a word or `)` or before one are the ASCII
# notation's power and product (`tanh(a)**2`, `o*(1 - o)`), which the bank writes outside code.
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def math_inline(latex: str) -> str:
    """Inline math for MathJax/KaTeX, HTML-escaped."""
    return rf"\({html.escape(latex.strip(), quote=False)}\)"


def math_display(latex: str) -> str:
    """Display math for MathJax/KaTeX, HTML-escaped."""
    return rf"\[{html.escape(latex.strip(), quote=False)}\]"


def _text(raw: str) -> str:
    return html.escape(raw.replace("\\$", "$"), quote=False)


def inline_html(text: str) -> str:
    """One paragraph's inline markup as HTML (no block structure)."""
    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(_text(text[pos : match.start()]))
        if match.group("code"):
            out.append(f"<code>{html.escape(match.group('code_body').strip(), quote=False)}</code>")
        elif match.group("display") is not None:
            out.append(math_display(match.group("display")))
        elif match.group("math") is not None:
            out.append(math_inline(match.group("math")))
        elif match.group("bold") is not None:
            out.append(f"<strong>{inline_html(match.group('bold'))}</strong>")
        else:
            out.append(f"<em>{inline_html(match.group('em'))}</em>")
        pos = match.end()
    out.append(_text(text[pos:]))
    return "".join(out)


def _blocks(text: str) -> list[list[str]]:
    """Split into blocks at blank lines, keeping fenced code blocks whole."""
    blocks: list[list[str]] = [[]]
    fenced = False
    for line in text.strip("\n").splitlines():
        if line.strip().startswith("```"):
            if not fenced and blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
            fenced = not fenced
            if not fenced:
                blocks.append([])
            continue
        if not fenced and not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    return [b for b in blocks if b]


def _list_html(lines: list[str], numbered: bool) -> str:
    marker = _NUMBERED if numbered else _BULLET
    items: list[str] = []
    for line in lines:
        if marker.match(line):
            items.append(marker.sub("", line, count=1).strip())
        else:  # a continuation line of the previous item
            items[-1] = f"{items[-1]} {line.strip()}"
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{inline_html(i)}</li>" for i in items) + f"</{tag}>"


def to_html(text: str) -> str:
    """Markdown-ish bank text as an HTML fragment (paragraphs, lists, code blocks)."""
    parts: list[str] = []
    for block in _blocks(text):
        if block[0].strip().startswith("```"):
            body = "\n".join(block[1:-1] if block[-1].strip().startswith("```") else block[1:])
            parts.append(f"<pre><code>{html.escape(body, quote=False)}</code></pre>")
        elif all(line.startswith(("    ", "\t")) for line in block):
            body = "\n".join(line[4:] if line.startswith("    ") else line[1:] for line in block)
            parts.append(f"<pre><code>{html.escape(body, quote=False)}</code></pre>")
        elif _BULLET.match(block[0]):
            parts.append(_list_html(block, numbered=False))
        elif _NUMBERED.match(block[0]):
            parts.append(_list_html(block, numbered=True))
        else:
            parts.append(f"<p>{inline_html(' '.join(line.strip() for line in block))}</p>")
    return "".join(parts)


def markdown_safe(text: str) -> str:
    """Bank text for a Markdown file: outside code and math, `<` is escaped (so `<o_t>` is not
    swallowed as an HTML tag) and so is every `*` that is not emphasis (`tanh(a)**2` stays a
    power); code spans and `$...$` math are left exactly as they are."""

    def plain(raw: str) -> str:
        return raw.replace("<", "&lt;").replace("*", "\\*")

    out: list[str] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(plain(text[pos : match.start()]))
        if match.group("bold") is not None:
            out.append(f"**{markdown_safe(match.group('bold'))}**")
        elif match.group("em") is not None:
            out.append(f"*{markdown_safe(match.group('em'))}*")
        else:
            out.append(match.group(0))
        pos = match.end()
    out.append(plain(text[pos:]))
    return "".join(out)
