"""Small wording helpers shared by the CLI, the TUI and the exporters, so messages read the same
everywhere and never say "question(s)"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, with `many` (default: `word` + "s") unless `n` is 1: "1 question",
    "2 leeches"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
