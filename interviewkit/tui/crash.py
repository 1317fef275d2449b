"""Running the app so that a bug ends it with one line, and its traceback goes to `crash.log`.

Textual prints an unhandled exception's traceback to stderr as the app exits. No public hook
changes that, so the app runs with stderr captured (its screen is drawn on the terminal's own
stream, `sys.__stderr__`, and is not touched): when Textual reports the fatal error (return
code 1), the captured traceback is appended to `crash.log` beside the progress database and the
learner reads one line naming the error; anything else captured is passed on unchanged.
`interviewkit --debug quiz` leaves stderr alone, so Textual's full traceback is shown.
"""

from __future__ import annotations

import contextlib
import io
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewkit.tui.app import QuizApp

#: Textual's return code for an app that ended on an unhandled exception.
FATAL = 1


def run_app(app: QuizApp, *, debug: bool = False, headless: bool = False) -> int:
    """Run `app` to its end; returns its exit code (1 after a bug)."""
    if debug:
        app.run(headless=headless)
        return app.return_code or 0
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        app.run(headless=headless)
    text = captured.getvalue()
    if app.return_code == FATAL and text.strip():
        where = write_crash_log(app.crash_folder, text)
        print(
            f"interviewkit: internal error: {error_line(text)} "
            f"(the details are in {where}; please report it)",
            file=sys.stderr,
        )
    elif text:
        sys.stderr.write(text)
    return app.return_code or 0


def error_line(traceback: str) -> str:
    """`RuntimeError: kaboom`: the lines under the traceback's last frame box, joined as they
    were before the terminal width wrapped them."""
    lines = traceback.rstrip().splitlines()
    frames_end = max((n for n, line in enumerate(lines) if line.startswith("╰")), default=-1)
    tail = [line for line in lines[frames_end + 1 :] if line.strip()] or lines[-1:]
    return "".join(tail).strip()


def write_crash_log(folder: Path, traceback: str) -> str:
    """Append the traceback to `crash.log` in `folder`; returns where it went."""
    path = folder / "crash.log"
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now(timezone.utc).isoformat()}\n{traceback.rstrip()}\n")
    except OSError:
        return "nowhere (the data folder is not writable)"
    return str(path)
