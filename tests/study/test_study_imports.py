"""The study layer stays light: no torch, SymPy or Textual, and the store is thread-safe."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from interviewkit.study.store import ProgressStore


def test_study_modules_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import interviewkit.study.store, interviewkit.study.sessions, interviewkit.study.stats\n"
        "import interviewkit.study.grading, interviewkit.study.scheduler\n"
        "import interviewkit.commands.stats\n"
        "print(sorted(m for m in ('torch', 'sympy', 'textual') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_store_shared_between_threads(tmp_path: Path) -> None:
    """The UI answers from worker threads: one store, several threads, no lost review."""
    errors: list[BaseException] = []
    with ProgressStore.open(tmp_path) as store:

        def work(tag: str) -> None:
            try:
                for i in range(40):
                    store.record_answer(
                        f"q{i % 3}", 3, kind="short", topic="gru", mode="quiz", answer=f"{tag}{i}"
                    )
                    store.due_ids()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(t,)) for t in "abcd"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(store.reviews()) == 160
        assert sum(c.reps for c in store.cards()) == 160
