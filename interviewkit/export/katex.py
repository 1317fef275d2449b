"""The KaTeX bundle shipped in `interviewkit/export/assets`, inlined for a self-contained page.

The stylesheet's fonts are rewritten to `data:` URLs (woff2 only: every browser that runs KaTeX
reads woff2), so a study sheet is one file that renders its math with no network and keeps
working when copied or mailed.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from interviewkit.export.errors import ExportError

ASSETS = "interviewkit.export.assets"
_FONT_SRC = re.compile(
    r'src:url\(fonts/(?P<name>[A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)'
    r'(?:,url\([^)]*\) format\("[a-z]+"\))*'
)


@dataclass(frozen=True)
class KatexBundle:
    css: str  # katex.min.css with every font inlined
    js: str  # katex.min.js followed by auto-render.min.js


def _read(name: str) -> bytes:
    try:
        return resources.files(ASSETS).joinpath(name).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ExportError(
            f"the packaged KaTeX file {name} is missing", hint="reinstall interviewkit"
        ) from exc


@cache
def katex_bundle() -> KatexBundle:
    """Read the shipped KaTeX once per process and inline its fonts."""

    def font(match: re.Match[str]) -> str:
        data = base64.b64encode(_read(f"{match.group('name')}.woff2")).decode("ascii")
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    css = _FONT_SRC.sub(font, _read("katex.min.css").decode("utf-8"))
    if "url(fonts/" in css:  # a KaTeX update changed the stylesheet's shape: fail loudly
        raise ExportError("the packaged KaTeX stylesheet refers to fonts that were not inlined")
    js = _read("katex.min.js").decode("utf-8") + "\n" + _read("auto-render.min.js").decode("utf-8")
    return KatexBundle(css=css, js=js)
