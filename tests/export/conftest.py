"""Shared fixtures of the export tests: a small bank in tests/export/bank covering every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_BANK = Path(__file__).resolve().parent / "bank"


@pytest.fixture(scope="session")
def fixture_bank():
    from interviewkit.bank.loader import load_bank

    bank = load_bank([FIXTURE_BANK], include_builtin=False, include_user_decks=False)
    assert bank.problems == []
    return bank


@pytest.fixture
def bank_args() -> list[str]:
    """CLI options that export exactly the fixture bank."""
    return ["--bank", str(FIXTURE_BANK), "--bank-only"]
