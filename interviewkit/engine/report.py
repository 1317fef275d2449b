"""How every demo shows its numbers: tables, wrapped sentences, numbers, and JSON or text + plot.

One place for the look of the output, so the four demos line up alike and a change of format
(a width, a number style) is made once. Stdlib only: torch never loads to print a table.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewkit.engine.device import DeviceChoice
    from interviewkit.engine.plotting import Figure


def fmt(v: float | None) -> str:
    """Three significant digits, scientific outside [1e-3, 1e4); `-` for a missing value."""
    if v is None:
        return "-"
    if v == 0:
        return "0"
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e4 else f"{v:.2e}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns two spaces apart (one when two would not fit the terminal, 80 columns piped), the
    first left-aligned, the rest right-aligned (numbers)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    room = shutil.get_terminal_size((80, 24)).columns - 1
    gap = "  " if sum(widths) + 2 * (len(widths) - 1) <= room else " "

    def line(cells: list[str]) -> str:
        return gap.join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def prose(sentences: list[str]) -> list[str]:
    """Wrap sentences to the terminal's width (80 when piped); a continuation is indented."""
    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    out: list[str] = []
    for text in sentences:
        out.extend(
            textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False) or [""]
        )
    return out


def run_doc(choice: DeviceChoice, seed: int) -> dict:
    """The keys every demo's JSON starts with: where it ran and with which seed."""
    return {"device": choice.name, "device_note": choice.note, "seed": seed}


def emit(args: argparse.Namespace, doc: dict, text: str, figure: Figure) -> None:
    """JSON (`--json`) or the text and a terminal plot (unless `--no-plot`); the PNG with
    `--save` either way."""
    from interviewkit.engine.plotting import render_terminal, save_png
    from interviewkit.jsonout import print_json
    from interviewkit.terminal import use_colour

    if args.save:
        save_png(figure, args.save)
    if args.json:
        print_json(doc)
        return
    print(text)
    if not args.no_plot:
        print()
        print(render_terminal(figure, color=use_colour(sys.stdout)))
    if args.save:
        print(f"figure written to {args.save}")
