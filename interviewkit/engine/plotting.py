"""One figure description, drawn two ways: in the terminal (plotext) and as a PNG (matplotlib).

Demos build a `Figure` from their results; `show_terminal` and `save_png` render the same data,
so the picture on screen and the file written by `--save` never disagree. Neither needs torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewkit.errors import EngineError
from interviewkit.terminal import strip_escapes

MATPLOTLIB_MISSING = (
    "--save needs matplotlib, which is not installed; install the extra: "
    "pip install 'rnn-interviewkit[plot]'"
)


@dataclass
class Series:
    label: str
    x: list[float]
    y: list[float]


@dataclass
class Figure:
    """Curves sharing one pair of axes; `logy` drops values that are not positive."""

    title: str
    xlabel: str
    ylabel: str
    logy: bool = False
    series: list[Series] = field(default_factory=list)
    #: values below this are not drawn, so one steep curve cannot squash the others
    floor: float | None = None

    def add(self, label: str, x: Sequence[float], y: Sequence[float]) -> None:
        self.series.append(Series(label, list(x), list(y)))

    def drawable(self) -> list[Series]:
        """Each series with the points a log axis cannot show removed (0, negative, inf, nan)."""
        out = []
        for s in self.series:
            pts = [(a, b) for a, b in zip(s.x, s.y, strict=True) if math.isfinite(b)]
            if self.logy:
                pts = [(a, b) for a, b in pts if b > 0]
            if self.floor is not None:
                pts = [(a, b) for a, b in pts if b >= self.floor]
            if pts:
                out.append(Series(s.label, [a for a, _ in pts], [b for _, b in pts]))
        return out


#: without colour the curves are told apart by their marker
MARKERS = ("•", "x", "+", "*", "o", "#", "~", "%")


def render_terminal(fig: Figure, width: int = 100, height: int = 24, color: bool = False) -> str:
    """The figure as text (plotext): coloured braille lines for a terminal, or, without colour
    (a pipe, a file), one marker character per curve and no escape codes."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("pro" if color else "clear")
    for i, s in enumerate(fig.drawable()):
        # plotext's log axis labels tiny values as 0.000, so plot log10 on a linear axis instead
        y = [math.log10(v) for v in s.y] if fig.logy else s.y
        marker = "braille" if color else MARKERS[i % len(MARKERS)]
        plt.plot(s.x, y, label=s.label, marker=marker)
    plt.title(fig.title)
    plt.xlabel(fig.xlabel)
    plt.ylabel(f"log10 {fig.ylabel}" if fig.logy else fig.ylabel)
    text = plt.build()
    plt.clear_figure()
    return text if color else strip_escapes(text)


def save_png(fig: Figure, path: str) -> None:
    """Write the figure to `path` with matplotlib (the optional `plot` extra)."""
    try:
        import matplotlib
    except ImportError:
        raise EngineError(MATPLOTLIB_MISSING) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as mpl

    f, ax = mpl.subplots(figsize=(8, 5))
    for s in fig.drawable():
        ax.plot(s.x, s.y, label=s.label)
    if fig.logy:
        ax.set_yscale("log")
    ax.set_title(fig.title)
    ax.set_xlabel(fig.xlabel)
    ax.set_ylabel(fig.ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend()
    f.tight_layout()
    try:
        f.savefig(path, dpi=120)
    except OSError as exc:
        raise EngineError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        mpl.close(f)
