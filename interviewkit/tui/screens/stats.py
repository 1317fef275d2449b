"""Stats: reviews per day, retention, cards due over the next weeks, weakest topics.

The numbers come from `study.stats.compute_stats`, the same data `interviewkit stats --json`
prints, so the screen and the command never disagree.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.wording import plural

DAYS = 30


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number y ticks 0, step, ... up to at least `top`, at most `most` of them: plotext's
    own ticks are fractions (9.2, 7.3), which read oddly for counts of reviews and cards."""
    top = max(top, 1)
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):  # 1, 2, 5, 10, 20, 50, ...
            count = -(-top // step) + 1  # 0 and every step up to the first tick >= top
            if count <= most:
                return [n * step for n in range(count)]
        scale *= 10


def stats_lines(stats: dict[str, Any]) -> tuple[str, str]:
    """The totals and retention (above the plots), and the weakest topics (below), as text."""
    t = stats["totals"]
    window, all_time = stats["retention"]["window"], stats["retention"]["all_time"]
    head = [
        f"{t['questions']} questions: {t['new']} new, {t['due_now']} due now, "
        f"{t['learned']} learned · {plural(t['reviews'], 'review')}, {t['reviews_today']} today",
        f"Retention of learned cards: {_pct(window['rate'])} in {stats['days']} days "
        f"({plural(window['reviews'], 'review')}), {_pct(all_time['rate'])} all time",
    ]
    if t["leeches"]:
        head.append(f"⚑ {plural(t['leeches'], 'leech', 'leeches')}: cards failed 8 times or more")
    weakest = stats["weakest_topics"]
    if not weakest:
        return "\n".join(head), "No reviews yet: answer a few questions and come back."
    width = max(len(w["title"]) for w in weakest)
    tail = [f"{'Weakest topics':<{width}}  right  reviews"]
    tail += [f"{w['title']:<{width}}  {w['accuracy']:>5.0%}  {w['reviews']:>7}" for w in weakest]
    return "\n".join(head), "\n".join(tail)


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static("Stats", id="session-title")
            yield Static(f"the last {DAYS} days and the next 4 weeks", id="session-progress")
        with VerticalScroll(id="stats-scroll"):
            yield Static("", id="stats-head")
            yield Horizontal(id="stats-row")  # the plots, once the numbers are read
            yield Static("", id="stats-weakest")
        yield KeyFooter()

    def on_mount(self) -> None:
        from interviewkit.study.stats import compute_stats

        self.query_one("#stats-scroll").focus()
        ctx, now = self.context, self.context.now()
        in_thread(self, lambda: compute_stats(ctx.store, ctx.questions, now, DAYS), self.show)

    def show(self, stats: dict[str, Any]) -> None:
        """Fill the lines and the plots from `compute_stats`' data."""
        head, weakest = stats_lines(stats)
        self.query_one("#stats-head", Static).update(head)
        self.query_one("#stats-weakest", Static).update(weakest)
        per_day = stats["reviews_per_day"]
        reviews, due = PlotextPlot(classes="plot"), PlotextPlot(classes="plot")
        plt = reviews.plt
        x = list(range(-len(per_day) + 1, 1))
        plt.bar(x, [d["reviews"] for d in per_day], label="reviews")
        plt.bar(x, [d["again"] for d in per_day], label="again")
        plt.xticks([t for t in (-28, -21, -14, -7, 0) if t >= x[0]])  # plotext's own vary
        ticks: list[float] = [*count_ticks(max((d["reviews"] for d in per_day), default=0))]
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])
        plt.title("Reviews per day")
        plt.xlabel("days ago")
        forecast = stats["due_forecast"]
        plt = due.plt
        plt.bar(list(range(len(forecast))), [d["due"] for d in forecast])
        ticks = [*count_ticks(max((d["due"] for d in forecast), default=0))]
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])
        plt.xticks([0, 7, 14, 21, 27])
        plt.title("Cards due")
        plt.xlabel("days from today")
        # mounted with their data: a plot drawn before its bars takes other colours for them
        self.query_one("#stats-row").mount_all([reviews, due])
