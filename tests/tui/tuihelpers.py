"""Shared helpers for the UI tests: a frozen clock, a small fixture bank, an app factory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from interviewkit.tui.context import Filters, Settings
from interviewkit.tui.factory import build_app, open_context

BANK = Path(__file__).parent / "bank"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
RIGHT_DERIVATION = "diag(1 - h**2) @ W_h"


def make_app(
    data_dir: Path,
    *,
    mode: str | None = None,
    filters: Filters | None = None,
    settings: Settings | None = None,
    now: datetime = NOW,
    seed: int = 7,
    theme: str | None = None,
    bank: Path = BANK,
    lab_cell=None,
):
    """The real app over the fixture bank (or `bank`), a data folder in `data_dir`, time frozen
    at `now`; `lab_cell`: a cell file's spec for the lab (`quiz --mode lab --cell FILE`)."""
    context = open_context(
        bank_paths=[bank],
        include_builtin=False,
        data_dir=data_dir,
        filters=filters,
        settings=settings or Settings(quiz_size=10, mock_size=6, mock_minutes=10),
        mode=mode,
        clock=lambda: now,
        timer=lambda: 0.0,
        seed=seed,
        lab_cell=lab_cell,
    )
    return build_app(context, theme=theme)


def seed_history(data_dir: Path, now: datetime = NOW) -> None:
    """Two weeks of reviews, so that review has due cards and stats has something to plot."""
    from interviewkit.bank.loader import load_bank
    from interviewkit.study.store import ProgressStore

    bank = load_bank([BANK], include_builtin=False, include_user_decks=False)
    with ProgressStore.open(data_dir) as store:
        for day in range(14, 0, -1):
            when = now - timedelta(days=day, hours=1)
            for n, q in enumerate(bank.questions):
                if (day + n) % 3 == 0:
                    rating = 1 if (day + n) % 2 else 3
                    store.record_answer(
                        q.id, rating, kind=q.kind, topic=q.topic, mode="review", now=when
                    )


def run(coro_fn):
    """Run an async test body (no asyncio plugin is installed; this keeps it that way)."""
    import asyncio
    import functools

    @functools.wraps(coro_fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(coro_fn(*args, **kwargs))

    return wrapper


class Notes(list):
    """Every notification the app shows, caught on the way (`run_test(message_hook=notes)`),
    so tests read what the learner saw instead of the app's private list."""

    def __call__(self, message) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.append(message.notification)


def choice_keys(screen, *, right: bool) -> list[str]:
    """The number keys that pick the right options of the choice on screen (or one wrong one),
    in the order shown: the options are shuffled each time a question is shown."""
    from interviewkit.tui.widgets.choice import ChoicePanel

    shown = screen.query_one(ChoicePanel).choice
    labels = shown.correct if right else [lb for lb in shown.labels if lb not in shown.correct][:1]
    return [str(shown.labels.index(lb) + 1) for lb in labels]


async def settle(pilot) -> None:
    """Let the app finish what it started: its thread workers, then the messages they posted
    back (a store call's result arrives as a message after the worker ends; on a loaded machine
    one pause is not always enough)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def session_on_screen(pilot):
    """The session the app opened on (`make_app(mode=...)`), once its first question is up."""
    from interviewkit.tui.screens.session import SessionScreen

    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def answer_choice(pilot, screen, *, right: bool = True) -> None:
    """Pick the right options of the choice on screen (or one wrong one); Enter submits several."""
    await pilot.press(*choice_keys(screen, right=right))
    if screen.current.multiple:
        await pilot.press("enter")
