"""Move the progress of renamed questions to their new ids (the table is `bank.renames`).

Run inside the caller's write transaction, each time the store opens and after an import, so a
database or an export written before a rename finds its history under the new id. Nothing is
lost: every review row moves; when both ids already have a card, the one reviewed last is kept
and the counts are recomputed from the merged log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from interviewkit.bank.renames import RENAMES
from interviewkit.study.migrations import RECOUNT_SQL


def apply_renames(conn: sqlite3.Connection, renames: Mapping[str, str] | None = None) -> int:
    """Give every card and review of an old id its new id; returns how many old ids moved."""
    moved = 0
    for old, new in (RENAMES if renames is None else renames).items():
        old_card = _last_review(conn, old)
        has_reviews = conn.execute(
            "SELECT 1 FROM reviews WHERE question_id = ? LIMIT 1", (old,)
        ).fetchone()
        if old_card is None and has_reviews is None:
            continue
        conn.execute("UPDATE reviews SET question_id = ? WHERE question_id = ?", (new, old))
        if old_card is not None:
            new_card = _last_review(conn, new)
            # ISO-8601 UTC strings of one format sort in time order; a card never reviewed
            # (None) loses to any reviewed one.
            if new_card is not None and (new_card[0] or "") >= (old_card[0] or ""):
                conn.execute("DELETE FROM cards WHERE question_id = ?", (old,))
            else:
                conn.execute("DELETE FROM cards WHERE question_id = ?", (new,))
                conn.execute("UPDATE cards SET question_id = ? WHERE question_id = ?", (new, old))
        conn.execute(RECOUNT_SQL + " WHERE question_id = ?", (new,))
        moved += 1
    for old, new in (RENAMES if renames is None else renames).items():
        # the learner's marks follow too (the new id's own, if it has one, stays)
        conn.execute("UPDATE OR IGNORE marks SET question_id = ? WHERE question_id = ?", (new, old))
        conn.execute("DELETE FROM marks WHERE question_id = ?", (old,))
    return moved


def _last_review(conn: sqlite3.Connection, question_id: str) -> tuple[str | None] | None:
    """`(last_review,)` of the card of `question_id`, or None when it has no card."""
    row = conn.execute(
        "SELECT last_review FROM cards WHERE question_id = ?", (question_id,)
    ).fetchone()
    return None if row is None else (row[0],)
