"""The home screen: decks and topics with their counts, the filters, and the modes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Header, Static

from interviewkit.bank.schema import TOPICS
from interviewkit.tui.context import Filters, StudyContext
from interviewkit.tui.widgets.deck_table import CardState, DeckTable
from interviewkit.tui.widgets.footer import KeyFooter
from interviewkit.wording import plural

MODE_BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("quiz", "Quiz", "q"),
    ("review", "Review", "r"),
    ("mock", "Mock", "m"),
    ("lab", "Lab", "l"),
    ("stats", "Stats", "s"),
)


class HomeScreen(Screen[None]):
    """Counts are refreshed every time the screen comes back (after a session)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.start('quiz')", "Quiz"),
        Binding("r", "app.start('review')", "Review"),
        Binding("m", "app.start('mock')", "Mock"),
        Binding("l", "app.start('lab')", "Lab"),
        Binding("s", "app.start('stats')", "Stats"),
        Binding("f", "filters", "Filters"),
        Binding("escape", "app.ask_quit", "Quit", show=False),
    ]

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self._counted_on_mount = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("", id="home-filters")
            yield DeckTable(id="decks")
            yield Static("", id="home-status")
            links = "   ".join(
                f"[@click=app.start('{mode}')] {label} ({key}) [/]"
                for mode, label, key in MODE_BUTTONS
            )
            yield Static(links, id="modes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_counts()  # before the first frame: the table is never drawn empty
        self._counted_on_mount = True
        self.query_one(DeckTable).focus()

    def on_screen_suspend(self) -> None:
        self._counted_on_mount = False  # a session may change the counts: re-read on resume

    def on_screen_resume(self) -> None:
        if not self._counted_on_mount:  # the first resume follows the mount: counted already
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Re-read the store: new, due and learned per topic, leeches and today's new cards."""
        from interviewkit.study.scheduler import State
        from interviewkit.study.store import day_end as end_of_day

        ctx = self.context
        now = ctx.now()
        store = ctx.store
        day_end = end_of_day(now)  # local midnight: a DST day lasts 23 or 25 hours
        try:
            cards = {
                c.question_id: CardState(c.due < day_end, c.state == int(State.Review))
                for c in store.cards()
            }
            due_now = store.due_ids(now)
            leeches = store.leeches()
            new_today = store.new_introduced_today(now)
        except Exception as exc:
            self.app.show_error(exc)  # type: ignore[attr-defined]
            cards, due_now, leeches, new_today = {}, set(), [], 0
        filters = ctx.filters
        by_kind = [
            q
            for q in ctx.questions
            if (filters.kind is None or q.kind == filters.kind)
            and (filters.difficulty is None or q.difficulty == filters.difficulty)
        ]
        self.query_one(DeckTable).fill(by_kind, cards)
        selected = ctx.selected()
        due_count = sum(q.id in due_now for q in selected)
        left = max(0, ctx.settings.new_limit - new_today)
        self.query_one("#home-filters", Static).update(
            f"Filters (f): {_describe(filters)} · {len(selected)} questions"
        )
        lines = [f"Due now {due_count} · new cards left today {left}/{ctx.settings.new_limit}"]
        known = {q.id for q in ctx.questions}
        flagged = [qid for qid in leeches if qid in known]
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
        f = self.context.filters
        self.set_filters(Filters(event.topic, f.kind, f.difficulty))


def _describe(filters: Filters) -> str:
    topic = TOPICS.get(filters.topic, filters.topic) if filters.topic else "all topics"
    kind = filters.kind or "all kinds"
    level = filters.difficulty or "any difficulty"
    return f"{topic} · {kind} · {level}"


def _topic_order(topic: str) -> int:
    from interviewkit.bank.schema import TOPICS

    order = list(TOPICS)
    return order.index(topic) if topic in order else len(order)
