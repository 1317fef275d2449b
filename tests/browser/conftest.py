"""Chromium through Playwright, for the tests of what the package shows in a browser.

Playwright drives the system's Chromium (Debian's `chromium` package): Playwright's own browser
downloads need a network that CI does not promise. Without Chromium or the `playwright` package
every test here is skipped with one line that says what to install; `.ci/run` installs both.
A failing test leaves a screenshot of its page in `browser-failures/` and names it in its report.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Headless Chromium as root in a closed network: without the background-networking flags it
#: keeps trying to reach Google's services, and QUIC probes bypass nothing but add noise.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
FAILURES = Path(__file__).resolve().parents[2] / "browser-failures"


def _missing() -> str | None:
    """What is missing to run the browser tests, as the one skip line, or None."""
    missing = []
    if shutil.which("chromium") is None:
        missing.append("Chromium (apt-get install chromium)")
    packages = [name for name in ("playwright", "pypdf") if importlib.util.find_spec(name) is None]
    if packages:
        missing.append(f"{' or '.join(packages)} (the dev extra: pip install -e '.[dev]')")
    return "browser tests skipped: no " + " and no ".join(missing) if missing else None


@pytest.fixture(scope="module", autouse=True)
def chromium() -> Iterator[Any]:
    """One headless Chromium per test module (Playwright gives each launch a fresh profile);
    autouse, so a missing browser skips a test before its other fixtures do any work.

    Per module, not per session: Playwright's sync API keeps an event loop running while it is
    open, and other test modules call `asyncio.run`, which refuses to start inside one.
    """
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Offline:
    """Every request the page makes, and those outside `allowed` aborted (the test asserts)."""

    def __init__(self, allowed: list[str]) -> None:
        self.allowed = allowed
        self.requested: list[str] = []
        self.blocked: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        self.requested.append(url)
        if any(url.startswith(prefix) for prefix in self.allowed):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")


@pytest.fixture
def offline() -> Offline:
    """Network rules for `page`: a test adds the URL prefixes its page may load."""
    return Offline(allowed=[])


@pytest.fixture
def page(chromium: Any, offline: Offline) -> Iterator[Any]:
    """A new page in a fresh context whose requests go through `offline`."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    context.route("**/*", offline.route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """On a failed test that has a page, save what the page showed and name the file; and
    report every skip for a missing browser at one place, so the summary shows it once."""
    report = yield
    reason = _missing()
    if report.skipped and reason and isinstance(report.longrepr, tuple):
        _, _, said = report.longrepr
        if said.endswith(reason):
            where = Path(__file__).relative_to(item.config.rootpath).as_posix()
            report.longrepr = (where, inspect.getsourcelines(_missing)[1], said)
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        FAILURES.mkdir(exist_ok=True)
        path = FAILURES / (re.sub(r"[^\w.-]+", "_", item.nodeid) + ".png")
        try:
            page.screenshot(path=str(path), full_page=True)
            report.sections.append(("screenshot", f"saved to {path}"))
        except Exception as exc:  # a crashed page: the report says so instead
            report.sections.append(("screenshot", f"none: {exc}"))
    return report
