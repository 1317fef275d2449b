"""A separate process for the durability tests: writes answers, or just opens the store.

    python durability_worker.py write DATA_DIR TAG N QUESTIONS [START_FILE]
        answer N times (question ids q0..q{QUESTIONS-1}), printing each index once committed;
        with START_FILE, wait until it exists first (so two writers start together).
    python durability_worker.py open DATA_DIR
        open the store, answer once, print {"warnings": [...], "path": ...} as JSON.

A StoreError prints `StoreError: <one line>` and exits 2, like the CLI.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from interviewkit.errors import StoreError
from interviewkit.study.store import ProgressStore


def write(data_dir: str, tag: str, n: int, questions: int, start_file: str | None) -> None:
    if start_file:
        deadline = time.monotonic() + 20
        while not Path(start_file).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
    with ProgressStore.open(data_dir) as store:
        for i in range(n):
            store.record_answer(
                f"q{i % questions}",
                1 + i % 4,
                kind="flashcard",
                topic="lstm",
                mode="review",
                answer=f"{tag}-{i}",
            )
            print(i, flush=True)


def open_once(data_dir: str) -> None:
    with ProgressStore.open(data_dir) as store:
        store.record_answer("fresh", 3, kind="short", topic="gru", mode="quiz")
        print(json.dumps({"warnings": store.warnings, "path": str(store.path)}))


def main(argv: list[str]) -> int:
    try:
        if argv[0] == "write":
            write(argv[1], argv[2], int(argv[3]), int(argv[4]), argv[5] if len(argv) > 5 else None)
        else:
            open_once(argv[1])
    except StoreError as exc:
        print(f"StoreError: {exc.one_line()}")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
