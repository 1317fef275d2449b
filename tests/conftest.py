"""Test-wide settings: keep the real home directory out of every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own empty INTERVIEWKIT_DATA, so no test reads or writes real progress."""
    monkeypatch.setenv("INTERVIEWKIT_DATA", str(tmp_path_factory.mktemp("ikdata")))
