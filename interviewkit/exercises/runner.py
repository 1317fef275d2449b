"""Running a learner's file in a child process with a time and a memory limit.

The learner's code is their own, on their own machine, but a check must survive it: an endless
loop, a huge allocation, a syntax error, a missing function, an exception or a wrong return type
each end as one `RunError` line. The child (`exercises/child.py`) sets its own limits, so the
parent stays free of `preexec_fn` (unsafe in the threads the quiz checks from). A browser
session (`interviewkit serve`) never gets here: `start` refuses first.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewkit.errors import ExerciseError
from interviewkit.exercises import wire
from interviewkit.exercises.spec import Exercise, Sizes

#: Why the kind is off in a browser: textual-serve runs the quiz for whoever opens the page.
BROWSER_NOTE = (
    "code exercises run only in the terminal quiz: in a browser tab (interviewkit serve) "
    "they would run code on this machine for whoever has the page"
)


class RunError(ExerciseError):
    """The learner's file could not run to the end; `kind` says how (syntax, missing, exception,
    type, memory, time, torch, crash, browser)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Limits:
    """CPU seconds and memory (MiB) for the child; the wall clock allows twice the time."""

    seconds: float = 10.0
    memory_mb: int = 2048


@dataclass(frozen=True)
class Case:
    """One hidden case: its number (from 1), sizes and drawn arguments."""

    number: int
    sizes: Sizes
    inputs: dict[str, Any]


def in_browser() -> bool:
    """True inside `interviewkit serve` (textual-serve starts the quiz with its web driver)."""
    driver = os.environ.get("TEXTUAL_DRIVER", "")
    return "web_driver" in driver or "WebDriver" in driver


def make_cases(exercise: Exercise, seed: int) -> list[Case]:
    """The exercise's hidden cases, drawn from `seed` (the same seed, the same cases)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return [
        Case(number, sizes, exercise.make_inputs(rng, sizes))
        for number, sizes in enumerate(exercise.cases, 1)
    ]


class Running:
    """A started child; `collect()` waits for it and returns each case's outputs."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        folder: tempfile.TemporaryDirectory[str],
        path: Path,
        limits: Limits,
    ) -> None:
        self.process = process
        self.folder = folder
        self.path = path
        self.limits = limits
        self.stderr = _Tail(process.stderr)
        #: per case, whether a floating-point overflow happened in it (after `collect`)
        self.overflowed: list[bool] = []

    def collect(self) -> list[dict[str, Any]]:
        """`{label: array}` per case, or a RunError with the one line to show."""
        try:
            return self._collect()
        finally:  # also on Ctrl-C: the child is in a session of its own, the signal missed it
            self._end()
            self.folder.cleanup()

    def cancel(self) -> None:
        self._end()
        self.folder.cleanup()

    def _end(self) -> None:
        """Kill the child if it still runs and every process it left in its session (a
        background process holding stderr would otherwise hold the check too)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if hasattr(os, "killpg"):  # POSIX; an empty session raises ProcessLookupError
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.stderr.thread.join(timeout=1)

    def _collect(self) -> list[dict[str, Any]]:
        import numpy as np

        seconds = self.limits.seconds
        try:
            self.process.wait(timeout=2 * seconds + 3)
        except subprocess.TimeoutExpired:
            self._end()
            raise RunError("time", self._too_long()) from None
        self._end()
        err = self.stderr.text()
        folder = Path(self.folder.name)
        result_file = folder / wire.RESULT_JSON
        if not result_file.exists():
            code = self.process.returncode
            if code in (-signal.SIGXCPU, -signal.SIGKILL) or code == 128 + signal.SIGXCPU:
                raise RunError("time", self._too_long())
            last = next((line for line in reversed(err.splitlines()) if line), "")
            why = f": {last.strip()[:160]}" if last else ""
            raise RunError(
                "crash", f"{self.path.name} stopped the check process (exit {code}){why}"
            )
        try:  # the learner's code could have written these files too
            result = json.loads(result_file.read_text(encoding="utf-8"))
            if not result["ok"]:
                raise RunError(str(result["kind"]), str(result["message"]))
            self.overflowed = [bool(o) for o in result.get("overflowed", [])]
            with np.load(folder / wire.RESULT_NPZ, allow_pickle=False) as stored:
                return [
                    {str(label): stored[key] for label, key in case.items()}
                    for case in result["cases"]
                ]
        except RunError:
            raise
        except Exception:
            raise RunError("crash", self.unreadable()) from None

    def unreadable(self) -> str:
        """The line for a result the child did not write as the checker reads it."""
        return (
            f"{self.path.name} left the check's result unreadable: "
            "did it write into the folder it runs from?"
        )

    def _too_long(self) -> str:
        return (
            f"{self.path.name} ran past the time limit of {self.limits.seconds:g} s: "
            "an endless loop? (--time raises the limit)"
        )


class _Tail:
    """The last `keep` bytes of a pipe, read in a thread: a child that prints gigabytes costs
    CPU time (its limit), never the checker's memory, and a full pipe never blocks it."""

    def __init__(self, pipe: Any, keep: int = 8192) -> None:
        self.pipe = pipe
        self.keep = keep
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for chunk in iter(lambda: self.pipe.read1(65536), b""):
            self.data = (self.data + chunk)[-self.keep :]
        self.pipe.close()

    def text(self) -> str:
        return self.data.decode(errors="replace")


def start(exercise: Exercise, path: str | Path, cases: list[Case], limits: Limits) -> Running:
    """Write the cases and start the child on `path`; it runs while the caller computes the
    truth. Refuses in a browser session and for a file that is not there."""
    import numpy as np

    if in_browser():
        raise RunError("browser", BROWSER_NOTE)
    path = Path(path).expanduser()
    if not path.is_file():
        raise RunError("missing", f"{path}: no such file")
    folder = tempfile.TemporaryDirectory(prefix="interviewkit-check-")
    arrays: dict[str, Any] = {}
    job = {
        "file": str(path.resolve()),
        "function": exercise.name,
        "from_scratch": exercise.from_scratch,
        "no_overflow": exercise.no_overflow,
        "seconds": limits.seconds,
        "memory_mb": limits.memory_mb,
        "args": [a.name for a in exercise.args],
        "returns": [
            {"name": r.name, "kind": r.kind, "keys": list(r.keys), "length_of": r.length_of}
            for r in exercise.returns
        ],
        "cases": [
            {name: wire.pack(value, arrays) for name, value in case.inputs.items()}
            for case in cases
        ],
    }
    base = Path(folder.name)
    np.savez(base / wire.CASES_NPZ, **arrays)
    (base / wire.CASES_JSON).write_text(json.dumps(job), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "interviewkit.exercises.child", str(base)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=base,
        start_new_session=True,  # so that `_end` can end whatever the learner's code started
    )
    return Running(process, folder, path, limits)
