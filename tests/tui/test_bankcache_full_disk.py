"""A full disk while the bank cache is written leaves no half file behind (issue 11): the
progress store needs that space more than the cache does."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from interviewkit.tui import bankcache


def test_a_cache_that_cannot_be_written_whole_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_text

    def half(self: Path, text: str, *args, **kwargs) -> int:
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", half)
    bank = bankcache.load_bank_cached(data_dir=tmp_path)
    assert bank.questions  # the bank itself is served all the same
    assert list((tmp_path / bankcache.CACHE_DIR).iterdir()) == []
