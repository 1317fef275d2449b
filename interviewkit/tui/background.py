"""Store calls off the event loop: each runs in a thread worker and hands its result back to the
loop as a message, so a screen answers keys while SQLite waits for a lock another program holds
(up to the store's busy timeout) and the write still lands when the lock is released.

A message, not `App.call_from_thread`: that blocks the thread until the loop has run the
callback, and a thread waiting on a loop that is shutting down never ends. `post_message` is
thread-safe and returns at once; the app runs the callback on the loop (`QuizApp.finished`),
and drops it when the screen that asked has gone (a failure is then shown by the app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from interviewkit.tui.errors import show_error

T = TypeVar("T")

#: The worker group of every store call (tests wait for it: `app.workers.wait_for_complete()`).
GROUP = "store"


@dataclass
class Finished(Message):
    """A background call is over: `then` (its result handler) runs on the loop, if `node` is
    still on screen; if not, a failure (`error`) is still shown: an answer that was not saved
    must never go unsaid because the learner moved on."""

    node: DOMNode
    then: Callable[[], None]
    error: Exception | None = None


def in_thread(
    node: DOMNode,
    job: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[Exception], None] | None = None,
    *,
    name: str = "",
    exclusive: bool = False,
) -> Worker[None]:
    """Run `job` in a thread; then `done(result)` or `failed(error)` on the loop.

    `failed` defaults to the app's one error notification. With `exclusive`, an earlier call
    of the same `name` that has not finished yet is cancelled: its result is dropped.
    """
    app = node.app
    on_error = failed or partial(show_error, app)

    def run() -> None:
        then: Callable[[], None]
        error: Exception | None = None
        try:
            result = job()
        except Exception as exc:
            then, error = partial(on_error, exc), exc
        else:
            then = partial(done, result)
        # a screen's workers are cancelled when it goes; a failure is still worth saying
        if error is not None or not get_current_worker().is_cancelled:
            app.post_message(Finished(node, then, error))

    return node.run_worker(
        run,
        name=name,
        group=f"{GROUP}:{name}" if exclusive else GROUP,
        thread=True,
        exclusive=exclusive,
        exit_on_error=False,
    )
