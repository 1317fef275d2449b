"""Time to first screen of `interviewkit quiz` against a bare Textual app, both in tmux.

Each run starts a detached tmux session of 80×24 running one of the two programs and polls the
pane until the program's first screen is drawn (a marker text is visible). The two programs take
turns, in the same run and on the same machine, so the ratio is fair even on a busy machine.
Target: the quiz's median at most 1.2× the bare app's.

    python benchmarks/startup_tmux.py [--runs 9] [--timeout 30]
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""


#: A tmux server of our own (-L): sessions of other people on the default server are left
#: alone, and a session kept open for the whole run stops the server from exiting (and a new
#: session from racing its exit, "server exited unexpectedly") each time a measured one ends.
TMUX = ["tmux", "-L", f"ikbench-{uuid.uuid4().hex[:8]}"]


def first_screen_seconds(command: str, marker: str, timeout: float) -> float:
    """Seconds from starting `command` in a fresh tmux session to `marker` appearing on screen."""
    name = f"ikbench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True
    )
    pane = ""
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run(
                [*TMUX, "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if marker in pane:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} did not appear within {timeout:.0f} s:\n{pane}")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each program (default 9)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before giving up")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed", file=sys.stderr)
        return 2
    python = shlex.quote(sys.executable)
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keeper", "sleep 3600"], check=True)
    socket = subprocess.run(
        [*TMUX, "display-message", "-p", "#{socket_path}"], capture_output=True, text=True
    ).stdout.strip()
    try:
        return measure(python, args.runs, args.timeout)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)
        if socket:
            Path(socket).unlink(missing_ok=True)  # tmux leaves the socket file behind


def measure(python: str, runs: int, timeout: float) -> int:
    """Both programs in turn, `runs` times each, after one unmeasured run each."""
    with (
        tempfile.TemporaryDirectory() as data,
        tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as bare,
    ):
        bare.write(BARE_APP)
        bare.flush()
        programs = {
            "bare textual app": (f"{python} {shlex.quote(bare.name)}", "bare app ready"),
            "interviewkit quiz": (
                f"{python} -m interviewkit quiz --data-dir {shlex.quote(data)}",
                "Deck / topic",
            ),
        }
        # one unmeasured run each, so both start from warm file caches
        for command, marker in programs.values():
            first_screen_seconds(command, marker, timeout)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(runs):
            for name, (command, marker) in programs.items():
                times[name].append(first_screen_seconds(command, marker, timeout))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, ts in times.items():
        print(
            f"{name:18} median {medians[name] * 1000:7.0f} ms  (min {min(ts) * 1000:.0f}, "
            f"max {max(ts) * 1000:.0f}, {len(ts)} runs)"
        )
    ratio = medians["interviewkit quiz"] / medians["bare textual app"]
    # each quiz run against the bare run just before it: less sensitive to load that comes
    # and goes during the run than the ratio of the medians
    pairs = statistics.median(
        q / b for q, b in zip(times["interviewkit quiz"], times["bare textual app"], strict=True)
    )
    print(f"ratio quiz / bare: {ratio:.2f}x (target <= 1.2x); median of paired ratios {pairs:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
