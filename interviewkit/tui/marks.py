"""What a learner can set on a question (suspend, bury, flag, note), as store calls run in a
thread; the card menu in a session and the browser both act through these.

Each change is one store transaction (`ProgressStore.suspend`, `bury`, `set_flag`,
`set_note`); a key toggles: suspend a suspended question and it is back, press its own flag
again and the flag is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.dom import DOMNode

from interviewkit.study.records import FLAGS, Mark
from interviewkit.study.store import ProgressStore, day_end
from interviewkit.tui.background import in_thread
from interviewkit.tui.context import StudyContext

#: One change to one question's mark, as the thread runs it.
Change = Callable[[ProgressStore, datetime], Mark]


def toggle_suspended(question_id: str, mark: Mark | None) -> Change:
    on = not (mark is not None and mark.suspended)
    return lambda store, now: store.suspend(question_id, on, now)


def toggle_buried(question_id: str, mark: Mark | None) -> Change:
    """Bury until the end of the (local) day; unbury a buried question."""

    def change(store: ProgressStore, now: datetime) -> Mark:
        buried = mark is not None and mark.buried(now)
        return store.bury(question_id, None if buried else day_end(now), now)

    return change


def toggle_flag(question_id: str, mark: Mark | None, flag: int) -> Change:
    """Set `flag` (1-4); its own flag again, or 0, takes the flag off."""
    new = 0 if mark is not None and mark.flag == flag else flag
    return lambda store, now: store.set_flag(question_id, new, now)


def set_note(question_id: str, text: str) -> Change:
    return lambda store, now: store.set_note(question_id, text, now)


def apply(
    node: DOMNode, context: StudyContext, change: Change, then: Callable[[Mark], None]
) -> None:
    """Run `change` in a thread (the store may be busy); `then(new mark)` on the loop."""
    now = context.now()
    in_thread(node, lambda: change(context.store, now), then, name="mark")


def describe(mark: Mark | None, now: datetime) -> str:
    """The marks in a few words: "suspended · red flag · note"; "" for none."""
    if mark is None:
        return ""
    parts = []
    if mark.suspended:
        parts.append("suspended")
    if mark.buried(now):
        parts.append("buried until tomorrow")
    if mark.flag:
        parts.append(f"{FLAGS[mark.flag]} flag")
    if mark.note:
        parts.append("note")
    return " · ".join(parts)
