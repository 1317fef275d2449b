"""Speed of `interviewkit check`: one process against `import sympy`, and answers in --jsonl mode.

Issue 4 asks for:
- a single `interviewkit check TARGET ANSWER` process costing at most 2× `python -c "import sympy"`
  (both run as fresh processes with the same interpreter, alternating, after one warm-up each);
- in `--jsonl` mode, the median answer under 20 ms and none over 200 ms. One `--jsonl` process is
  fed one line at a time and each answer is timed from writing its line to reading its result, so
  the pipe is included. The stream holds every reference answer, every catalogued mistake, wrong
  shapes, syntax errors and hostile input (which must also be refused within a second).

    python benchmarks/check_speed.py [--repeat 9] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

PROCESS_RATIO = 2.0
MEDIAN_MS = 20.0
MAX_MS = 200.0
HOSTILE_MS = 1000.0

HOSTILE = [
    "__import__('os').system('echo pwned')",
    "h.__class__.__bases__[0].__subclasses__()",
    "10**10**10",
    "(" * 5000 + "h" + ")" * 5000,
    "h + " * 25_000 + "h",  # 100 kB
    "h\x00W_h",
    r"\input{/etc/passwd}",
    r"\def\a{\a\a}\a",
    "-" * 1999 + "h",
    "diag(" * 300 + "h" + ")" * 300,
]


# valid answers near the limits (about 500 nodes or 150 deep): the slowest honest input
HEAVY = [
    "diag(1 - h**2)" + " * diag(1 - h**2)" * 60 + " * I",
    "I" + " @ I" * 140,
    " + ".join(["(" + " + ".join(["I"] * 80) + ")"] * 3),
    "diag(" + "tanh(" * 38 + "h" + ")" * 39 + " @ I",  # 39 of the 40 nesting levels
]


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def stream_items() -> list[tuple[str, dict]]:
    """(kind, request) pairs: references, mistakes, shapes, invalid answers, hostile input."""
    from interviewkit.math.mistakes import catalogue
    from interviewkit.math.reference import all_keys, reference_ascii

    items: list[tuple[str, dict]] = []
    for target, variant in all_keys():
        req = {"target": target, "variant": variant}
        items.append(("reference", {**req, "answer": reference_ascii(target, variant)}))
        for m in catalogue(target, variant):
            items.append(("mistake", {**req, "answer": m.example}))
        items.append(
            ("shape", {**req, "answer": "diag(1 - h**2)" if target.startswith("rnn") else "I"})
        )
        items.append(("syntax", {**req, "answer": "diag(1 - h**2 @ W_hh"}))
        for text in HOSTILE:
            items.append(("hostile", {**req, "answer": text}))
        for text in HEAVY:
            items.append(("heavy", {**req, "answer": text}))
    return items


def run_stream(items: list[tuple[str, dict]]) -> list[tuple[str, float, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewkit", "check", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin is not None and proc.stdout is not None
    out = []
    # the first answer also waits for the process to start and warm up: reported on its own
    items = [("startup", {"target": "lstm.dc_dcprev", "answer": "diag(f)"}), *items]
    for kind, req in items:
        line = json.dumps(req) + "\n"
        start = time.perf_counter()
        proc.stdin.write(line)
        proc.stdin.flush()
        result = json.loads(proc.stdout.readline())
        out.append((kind, (time.perf_counter() - start) * 1000, result["verdict"]))
    proc.stdin.close()
    proc.wait(timeout=60)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=9, help="process runs of each command")
    p.add_argument("--rounds", type=int, default=3, help="times the stream is fed (one process)")
    a = p.parse_args()

    baseline = [sys.executable, "-c", "import sympy"]
    single = [sys.executable, "-m", "interviewkit", "check", "lstm.dh_dhprev",
              "diag(tanh(c)*o*(1-o)) W_o + diag(o*(1-tanh(c)^2)) W_f"]  # fmt: skip
    timed(baseline)
    timed(single)
    base_runs, check_runs = [], []
    for _ in range(a.repeat):
        base_runs.append(timed(baseline))
        check_runs.append(timed(single))
    base, one = statistics.median(base_runs), statistics.median(check_runs)
    ratio = one / base

    items = stream_items() * a.rounds
    results = run_stream(items)
    startup = results.pop(0)[1]
    times = [ms for _, ms, _ in results]
    median, worst = statistics.median(times), max(times)
    hostile = [ms for kind, ms, _ in results if kind == "hostile"]
    hostile_ok = all(v == "invalid" for kind, _, v in results if kind == "hostile")

    print(f"import sympy (process)          median {base * 1000:8.1f} ms   ({a.repeat} runs)")
    print(f"interviewkit check (process)    median {one * 1000:8.1f} ms")
    print(f"  ratio check / import sympy    {ratio:8.2f}   (target <= {PROCESS_RATIO})")
    print(f"--jsonl: first answer after process start {startup:8.1f} ms (start-up, not counted)")
    print(f"--jsonl: {len(times)} answers in one process")
    print(f"  median per answer             {median:8.2f} ms (target < {MEDIAN_MS} ms)")
    print(f"  slowest answer                {worst:8.2f} ms (target < {MAX_MS} ms)")
    print(f"  slowest hostile answer        {max(hostile):8.2f} ms (target < {HOSTILE_MS} ms); "
          f"all refused as invalid: {hostile_ok}")  # fmt: skip
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _ in results:
        by_kind.setdefault(kind, []).append(ms)
    for kind, values in by_kind.items():
        print(f"    {kind:<10} n={len(values):4d}  median {statistics.median(values):7.2f} ms"
              f"  max {max(values):7.2f} ms")  # fmt: skip
    ok = (
        ratio <= PROCESS_RATIO
        and median < MEDIAN_MS
        and worst < MAX_MS
        and max(hostile) < HOSTILE_MS
        and hostile_ok
    )
    print("ok" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
