"""Keep the mistake tables out of the garbage collector's full passes.

A process that checks many answers holds a million or more objects that live until it ends:
the trees and values of every target's generated mistakes (`check`) and of its pairs of slips
(`compound`). They hold no reference cycles, so reference counting frees them when a table lets
them go, but CPython's full collection walks all of them each time the heap grows by a quarter:
a 0.6 s pause in the middle of an unlucky answer of a `check --jsonl` stream. Once enough new
ones are built, `grew` collects the young garbage and freezes what is left (`gc.freeze`), so the
full passes skip them.
"""

from __future__ import annotations

import gc
import threading

#: Mistakes or pairs built between two freezes (each some tens of objects).
EVERY = 2_000

_built = 0
_lock = threading.Lock()


def grew(n: int) -> None:
    """`n` long-lived entries were just added to a table; freeze once `EVERY` have been."""
    global _built
    with _lock:
        _built += n
        if _built < EVERY:
            return
        _built = 0
    gc.collect(1)  # the young garbage, so that none of it is frozen for good
    gc.freeze()
