"""`interviewkit serve` in Chromium: start screen, home screen, an answer typed and saved, and a page
from another origin that cannot open the quiz's WebSocket."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from servehelpers import Served, fetch, free_port, non_loopback_address, serving

pytestmark = pytest.mark.browser

#: Keeps what the page's WebSocket receives in `window.__quiz` (the terminal draws on a canvas,
#: so this stream is the readable form of what the tab shows), and counts opens and closes.
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  const log = (window.__quiz = { opened: 0, closed: [], text: "" });
  function Recorded(url, protocols) {
    const ws = new Native(url, protocols);
    const decoder = new TextDecoder();
    ws.addEventListener("open", () => { log.opened += 1; });
    ws.addEventListener("close", (e) => { log.closed.push(e.code); });
    ws.addEventListener("message", (e) => {
      if (typeof e.data !== "string") log.text += decoder.decode(e.data, { stream: true });
    });
    return ws;
  }
  Recorded.prototype = Native.prototype;
  window.WebSocket = Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})();
"""

QUESTION_ID = "browser-check-choice"
DECK = f"""\
topic = "lstm"

[[question]]
id = "{QUESTION_ID}"
kind = "choice"
difficulty = "easy"
prompt = "Browser check: which option is the third one?"
options = ["the first one", "the second one", "the third one"]
correct = ["C"]
why_wrong = {{ A = "A is the first one.", B = "B is the second one." }}
explanation = "Options are labelled A, B, C in order."
source = "interviewkit's browser test"
"""


def due_question(data_dir: Path) -> None:
    """A deck of one question in the data folder, answered wrongly ten days ago: due now, so
    Review shows it first whatever the built-in bank holds."""
    from interviewkit.study.store import ProgressStore

    (data_dir / "decks").mkdir(parents=True)
    (data_dir / "decks" / "browser.toml").write_text(DECK, encoding="utf-8")
    with ProgressStore.open(data_dir) as store:
        long_ago = datetime.now(timezone.utc) - timedelta(days=10)
        store.record_answer(QUESTION_ID, 1, kind="choice", topic="lstm", mode="quiz", now=long_ago)


def reviews_of(data_dir: Path, question_id: str) -> list[Any]:
    from interviewkit.study.store import ProgressStore

    with ProgressStore.open(data_dir) as store:
        return store.reviews(question_id)


def wait_for_text(page: Any, text: str) -> None:
    """Until `text` has come through the quiz's WebSocket (failing at once if it closed)."""
    page.wait_for_function(
        "text => window.__quiz.text.includes(text) || window.__quiz.closed.length", arg=text
    )
    quiz = page.evaluate("window.__quiz")
    assert text in quiz["text"], f"the quiz's WebSocket closed ({quiz['closed']}) before {text!r}"


def key_of(page: Any, option: str) -> str:
    """The number key of `option` as the quiz drew it ("3  C. the third one"): the quiz shows
    a choice's options in a new order each time."""
    plain = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", " ", page.evaluate("window.__quiz.text"))
    found = re.findall(rf"([1-9])\s+[A-I]\.\s+{re.escape(option)}", plain)
    assert found, f"no option {option!r} on the screen"
    return found[-1]


def open_quiz(page: Any, offline: Any, served: Served, url: str) -> None:
    """Load `url` (the served page) with the WebSocket recorder; only the server is reachable."""
    offline.allowed.append(f"{served.origin}/")
    page.add_init_script(RECORD_SOCKETS)
    page.goto(url)


def test_start_screen_home_screen_and_an_answer_saved(page, offline, tmp_path: Path) -> None:
    data = tmp_path / "data"
    due_question(data)
    with serving(tmp_path, data_dir=data) as served:
        open_quiz(page, offline, served, f"{served.url}?delay=1")
        start = page.locator("#start")
        start.wait_for(state="visible")
        assert page.evaluate("window.__quiz.opened") == 0  # the quiz waits for the click

        with page.expect_navigation():  # Start reloads the page without ?delay
            start.click()
        page.wait_for_function("document.body?.classList.contains('-first-byte')")
        wait_for_text(page, "Review now: 1 due")  # the home screen, with the seeded card due
        assert page.evaluate("window.__quiz.opened") == 1

        page.focus(".xterm-helper-textarea")  # keys go to xterm.js, as a person's would
        page.keyboard.press("r")
        wait_for_text(page, "Browser check: which option is the third one?")
        wait_for_text(page, "the third one")
        page.keyboard.press(key_of(page, "the third one"))  # the options come shuffled
        wait_for_text(page, "Correct: ")
        page.keyboard.press("Enter")  # the suggested rating, Good

        deadline = time.monotonic() + 15
        while len(reviews_of(data, QUESTION_ID)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        last = reviews_of(data, QUESTION_ID)[-1]
        assert (last.mode, last.rating, last.verdict) == ("review", 3, "correct")
    # nothing left the machine: textual-serve's web-font request is stopped by the page's CSP
    assert offline.blocked == []
    assert all(url.startswith(served.origin) for url in offline.requested)


FOREIGN_PAGE = """<!DOCTYPE html>
<title>waiting</title>
<script>
const ws = new WebSocket("{ws}?width=80&height=24");
ws.onopen = () => {{ document.title = "open"; }};
ws.onclose = (e) => {{ if (document.title !== "open") document.title = "refused " + e.code; }};
</script>
<iframe id="framed" src="{page}"></iframe>
"""


@pytest.fixture
def foreign_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A second local web server, on another port: another origin, like any site on the web.
    Yields its origin and the folder it serves."""
    root = tmp_path / "foreign"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_page_from_another_origin_cannot_open_the_quiz(
    page, offline, tmp_path: Path, foreign_site: tuple[str, Path]
) -> None:
    site, root = foreign_site
    offline.allowed.append(f"{site}/")
    with serving(tmp_path) as guarded, serving(tmp_path, "--allow-origin", site) as trusting:
        for served in guarded, trusting:
            offline.allowed.append(f"{served.origin}/")
            html = FOREIGN_PAGE.format(ws=f"ws://127.0.0.1:{served.port}/ws", page=served.url)
            (root / f"{served.port}.html").write_text(html, encoding="utf-8")

        page.goto(f"{site}/{guarded.port}.html")
        page.wait_for_function("document.title !== 'waiting'")
        assert page.title() == "refused 1006"  # the upgrade was answered 403
        framed = page.frame(name="framed")
        assert framed is not None
        framed.wait_for_load_state()
        assert framed.url.startswith("chrome-error:")  # frame-ancestors 'none': nor framed

        # the same page, once its origin is allowed, does open the quiz: the refusal above was
        # the origin check, not a broken test page
        page.goto(f"{site}/{trusting.port}.html")
        page.wait_for_function("document.title !== 'waiting'")
        assert page.title() == "open"
    assert re.search(rf"refused /ws: pages from '{site}' may not use", guarded.output())


def test_on_another_address_the_printed_token_opens_the_quiz(page, offline, tmp_path: Path):
    """The token arrives once in the URL; the page's scripts and WebSocket then carry it as a
    cookie (a browser is the only real test of that)."""
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to serve on")
    with serving(tmp_path, host=address) as served:
        open_quiz(page, offline, served, served.url.partition("?")[0])
        assert "needs its token" in page.content()

        page.goto(served.url)
        wait_for_text(page, "Parameter counting")  # the home screen
        page.goto(f"{served.origin}/")  # later visits: the cookie alone
        wait_for_text(page, "Parameter counting")
        assert fetch(f"{served.origin}/static/js/textual.js")[0] == 403  # no cookie, no token
    assert offline.blocked == []
