"""The home screen: decks and topics with their counts, the filters, and the modes."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Header, Static

from interviewkit.bank.vocabulary import TOPICS
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import Filters, StudyContext
from interviewkit.tui.widgets.deck_table import DeckTable
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.wording import plural

if TYPE_CHECKING:  # study.sessions is imported with the counts, not before the first frame
    from interviewkit.study.sessions import DeckCounts, HomeCounts
    from interviewkit.tui.app import QuizApp

MODE_BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("quiz", "Quiz", "q"),
    ("review", "Review", "r"),
    ("mock", "Mock", "m"),
    ("lab", "Lab", "l"),
    ("stats", "Stats", "s"),
    ("browse", "Browse", "b"),
)


class HomeScreen(Screen[None]):
    """Counts are refreshed every time the screen comes back (after a session)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # the modes' keys are in the line of modes under the table, not again in the footer:
        # each key there is a widget that costs ~4 ms before the first screen is drawn
        Binding("q", "app.start('quiz')", "Quiz", show=False),
        Binding("r", "app.start('review')", "Review", show=False),
        Binding("m", "app.start('mock')", "Mock", show=False),
        Binding("l", "app.start('lab')", "Lab", show=False),
        Binding("s", "app.start('stats')", "Stats", show=False),
        Binding("b", "app.start('browse')", "Browse", show=False),
        Binding("f", "filters", "Filters"),
        Binding("escape", "app.ask_quit", "Quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._counted_on_mount = False

    @property
    def context(self) -> StudyContext:
        """The app's (read in a thread after this screen's first frame, by the CLI)."""
        return cast("QuizApp", self.app).context

    @property
    def ready(self) -> bool:
        return cast("QuizApp", self.app).ready

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Reading your questions and progress…", id="home-filters", markup=False)
            yield DeckTable(id="decks")
            yield Static("", id="home-status", markup=False)
            links = "   ".join(
                f"[@click=app.start('{mode}')] {label} ({key}) [/]"
                for mode, label, key in MODE_BUTTONS
            )
            yield Static(links, id="modes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._counted_on_mount = True
        self.query_one(DeckTable).focus()
        if self.ready:  # after the first frame: the counts' thread would hold the GIL meanwhile
            self.call_after_refresh(self.refresh_counts)

    def context_ready(self) -> None:
        """The app has read the questions and opened the store: count (once mounted; before
        that, `on_mount` does)."""
        if self.is_mounted:
            self.refresh_counts()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.ready if action == "filters" else True

    def on_screen_suspend(self) -> None:
        self._counted_on_mount = False  # a session may change the counts: re-read on resume

    def on_screen_resume(self) -> None:
        # the first resume follows the mount: counted already (or about to be, once read)
        if not self._counted_on_mount and self.ready:
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Re-read the store in a thread (`study.sessions.home_counts`), then show the counts.

        The table counts the questions of the cell, kind and difficulty filtered on, each under
        the topic it is filed under; the lines around it count what the filters draw (a topic
        filter finds questions by what they are about: its tags too).
        """
        from interviewkit.bank.stats import filter_questions
        from interviewkit.study.sessions import home_counts

        ctx = self.context
        f = ctx.filters
        shown = filter_questions(ctx.questions, kind=f.kind, difficulty=f.difficulty, cell=f.cell)
        selected = ctx.selected()
        now = ctx.now()

        def count() -> tuple[HomeCounts, DeckCounts]:
            counts = home_counts(shown, ctx.store, now)
            drawn = counts if f.topic is None else home_counts(selected, ctx.store, now)
            return counts, drawn.all

        in_thread(self, count, self.show_counts, name="home-counts", exclusive=True)

    def show_counts(self, result: tuple[HomeCounts, DeckCounts]) -> None:
        counts, selected = result
        ctx = self.context
        filters = ctx.filters
        self.query_one(DeckTable).fill(counts)
        self.query_one("#home-filters", Static).update(
            f"Filters (f): {_describe(filters)} · {plural(selected.total, 'question')}"
        )
        lines = [review_plan(selected, counts.new_today, ctx.settings.new_limit)]
        flagged = counts.leeches
        if flagged:
            shown = ", ".join(flagged[:3]) + (" …" if len(flagged) > 3 else "")
            counted = plural(len(flagged), "leech", "leeches")
            lines.append(f"⚑ {counted}, failed 8+ times, worth rewriting: {shown}")
        status = self.query_one("#home-status", Static)
        status.update("\n".join(lines))
        status.set_class(bool(flagged), "-leeches")

    def action_filters(self) -> None:
        from interviewkit.tui.screens.filters import FilterScreen

        topics = sorted({q.topic for q in self.context.questions}, key=_topic_order)
        self.app.push_screen(FilterScreen(self.context.filters, topics), self.set_filters)

    def set_filters(self, filters: Filters | None) -> None:
        if filters is not None:
            self.context.filters = filters
            self.refresh_counts()

    @on(Click, "#home-filters")
    def filters_clicked(self) -> None:
        self.action_filters()

    @on(DeckTable.TopicChosen)
    def topic_chosen(self, event: DeckTable.TopicChosen) -> None:
        self.set_filters(replace(self.context.filters, topic=event.topic))


def review_plan(counts: DeckCounts, new_today: int, new_limit: int) -> str:
    """What Review (r) would serve now, in plain words, and what comes later today.

    Review serves the cards due now, then new cards up to the day's limit; only Review spends
    that limit (quizzes, mocks and the lab are practice). A card in its learning steps comes
    back in minutes: due later today, not yet now.
    """
    left = max(0, new_limit - new_today)
    new = min(left, counts.new)
    later = counts.due - counts.due_now
    plan = f"Review now: {counts.due_now} due + {new} new"
    plan += f" ({left} of today's {new_limit} new left)"
    if later:
        plan += f" · {later} more due later today"
    if counts.set_aside:
        plan += f" · {counts.set_aside} set aside"
    return plan


def _describe(filters: Filters) -> str:
    topic = TOPICS.get(filters.topic, filters.topic) if filters.topic else "all topics"
    cell = f" · {filters.cell} cell" if filters.cell else ""
    kind = filters.kind or "all kinds"
    level = filters.difficulty or "any difficulty"
    return f"{topic}{cell} · {kind} · {level}"


def _topic_order(topic: str) -> int:
    order = list(TOPICS)
    return order.index(topic) if topic in order else len(order)
