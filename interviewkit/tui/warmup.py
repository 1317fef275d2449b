"""Build a derivation's tables of generated mistakes while the learner reads and types.

The first wrong answer to a target used to pay for them: the mistakes generated from its
reference (`math.check.known_mistakes`) and the pairs of slips on top of them
(`math.compound.warm`), up to ~0.5 s on the largest targets, and for a learner's cell file the
SymPy derivation of its references as well. `start` builds them in a thread worker as soon as a
derivation is on screen, so the verdict comes from warm tables.

The worker holds `compound`'s lock for `SLICE` seconds at a time and lets go in between, so an
answer checked meanwhile waits a fraction of a second at most, never for the whole table; it
stops when told (its question leaves the screen), when the app quits, and after `LIMIT`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from interviewkit.bank.schema import Derivation
    from interviewkit.math.cellspec import CellSpec

#: Seconds the worker builds before it lets a waiting check have the tables.
SLICE = 0.2
#: Seconds at most a warm-up may spend on one target (the largest take ~10 s on 2 cores).
LIMIT = 60.0
#: The workers' group.
GROUP = "warm-up"


def warm(
    target: str,
    variant: str | None,
    cell: CellSpec | None,
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Build the tables of `target` (in `cell`, a learner's cell file, when given); True once
    they are complete, False when cancelled or out of time."""
    from interviewkit.math import compound
    from interviewkit.math.check import known_mistakes, setting
    from interviewkit.math.targets import resolve

    t, spec = resolve(target, variant, cell)
    s = setting(t, spec)  # the random points and the reference (SymPy for a cell file)
    if cancelled():
        return False
    known_mistakes(s)
    deadline = time.monotonic() + LIMIT
    while not cancelled() and time.monotonic() < deadline:
        if compound.warm(s, SLICE):
            return True
        time.sleep(0.01)  # a check waiting for the lock gets it here
    return False


def start(node: DOMNode, question: Derivation, cell: CellSpec | None = None) -> Callable[[], None]:
    """Warm `question`'s tables in a thread worker; returns what stops it (the panel calls it
    when it goes). A problem is only a lost speed-up: the check of an answer reports it.

    The worker is the app's, not `node`'s: Textual cancels a removed widget's workers, and a
    cancelled worker fails whoever waits for the app's workers (the tests do); stopped by its
    own flag instead, it ends as done within a slice.
    """
    from textual.worker import get_current_worker

    stop = threading.Event()

    def job() -> bool:
        worker = get_current_worker()
        try:
            spec = cell
            if spec is None and question.cell_file:
                from interviewkit.bank.cellfiles import read_cell

                spec = read_cell(question.cell_file)
            return warm(
                question.target,
                question.variant,
                spec,
                lambda: stop.is_set() or worker.is_cancelled,
            )
        except Exception:
            return False

    node.app.run_worker(job, name="warm-up", group=GROUP, thread=True, exit_on_error=False)
    return stop.set
