"""Cost of `interviewkit derive` as a whole process, against `python -c "import sympy"`.

Each is run as a fresh process with the same interpreter, alternating, --repeat times each
(after one warm-up of each, so the file cache is equally hot); the medians and their ratios are
printed. Targets: `derive lstm` and `derive lstm --backward` at most 2.0 (issues 4 and 12),
`derive peephole --backward` at most 3.0 (issue 13). Extra commands can be timed beside them.

    python benchmarks/derive_speed.py [--repeat 9] [--also "derive lstm --bptt --steps"]
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import time

TARGETS = {"derive lstm": 2.0, "derive lstm --backward": 2.0, "derive peephole --backward": 3.0}


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
    commands = {
        name: [sys.executable, "-m", "interviewkit", *shlex.split(name)] for name in TARGETS
    }
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
    ok = True
    for name, target in TARGETS.items():
        ratio = statistics.median(runs[name]) / base
        verdict = "ok" if ratio <= target else "TOO SLOW"
        ok = ok and ratio <= target
        print(f"{name} / import sympy = {ratio:.2f} (target <= {target}): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
