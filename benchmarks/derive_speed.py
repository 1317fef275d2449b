"""Cost of `interviewkit derive lstm` as a whole process, against `python -c "import sympy"`.

Both are run as fresh processes with the same interpreter, alternating, --repeat times each
(after one warm-up of each, so the file cache is equally hot); the medians and their ratio are
printed. The target (issue 4) is a ratio of at most 2.0. Extra commands can be timed beside it.

    python benchmarks/derive_speed.py [--repeat 9] [--also "derive gru --variant pytorch --steps"]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import time

TARGET_RATIO = 2.0


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=9)
    p.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="ARGS",
        help='another interviewkit command line to time, e.g. "derive rnn --extras"',
    )
    a = p.parse_args()
    baseline = [sys.executable, "-c", "import sympy"]
    commands = {"derive lstm": [sys.executable, "-m", "interviewkit", "derive", "lstm"]}
    for extra in a.also:
        commands[extra] = [sys.executable, "-m", "interviewkit", *shlex.split(extra)]
    runs: dict[str, list[float]] = {"import sympy": [], **{name: [] for name in commands}}
    timed(baseline)
    for argv in commands.values():
        timed(argv)
    for _ in range(a.repeat):
        runs["import sympy"].append(timed(baseline))
        for name, argv in commands.items():
            runs[name].append(timed(argv))
    base = statistics.median(runs["import sympy"])
    print(f"{'command':<40} {'median s':>9} {'ratio':>6}   ({a.repeat} runs each)")
    for name, times in runs.items():
        med = statistics.median(times)
        print(f"{name:<40} {med:9.3f} {med / base:6.2f}")
    ratio = statistics.median(runs["derive lstm"]) / base
    verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"derive lstm / import sympy = {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
