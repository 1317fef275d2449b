"""Speed of `interviewkit code check` on a correct LSTM backward pass against `import torch`.

Issue 16 asks that checking a correct `lstm_step_backward` on the default hidden cases, process
start included, cost at most 2× `python -c "import torch"`. Both run as fresh processes with the
same interpreter, alternating, after one warm-up each; the medians are compared. The solution is
the tests' reference (tests/exercises/solutions/), copied to a temporary folder.

    python benchmarks/code_check_speed.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO = 2.0
SOLUTION = (
    Path(__file__).resolve().parent.parent / "tests/exercises/solutions/lstm_step_backward.py"
)


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, check=False, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {result.returncode}")
    return elapsed


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=7, help="runs of each command")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lstm_step_backward.py"
        shutil.copy(SOLUTION, path)
        baseline = [sys.executable, "-c", "import torch"]
        check = [sys.executable, "-m", "interviewkit", "code", "check", str(path), "--seed", "1"]
        timed(baseline)
        timed(check)
        base_runs, check_runs = [], []
        for _ in range(a.repeat):
            base_runs.append(timed(baseline))
            check_runs.append(timed(check))
    base, one = statistics.median(base_runs), statistics.median(check_runs)
    ratio = one / base
    print(f"import torch (process)               median {base * 1000:8.1f} ms   ({a.repeat} runs)")
    print(f"interviewkit code check (process)    median {one * 1000:8.1f} ms")
    print(f"  ratio check / import torch         {ratio:8.2f}   (target <= {RATIO})")
    print("ok" if ratio <= RATIO else "TARGET MISSED")
    return 0 if ratio <= RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
