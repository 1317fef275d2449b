"""Hostile or broken solutions end the check with one line and exit 2: an endless loop (time
limit), a huge allocation (memory limit), a syntax error, a missing function, an exception
(pointing at the learner's own line), a wrong return type, torch in a from-scratch exercise."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from exercisehelpers import write

from interviewkit.exercises.catalogue import get
from interviewkit.exercises.grader import check_file
from interviewkit.exercises.runner import Limits, RunError

HEAD = "import numpy as np\n\n\ndef rnn_step_forward(x, h_prev, W_h, W_x, b):\n"

HOSTILE = [
    ("loop", HEAD + "    while True:\n        pass\n", "time", "ran past the time limit of 1 s"),
    (
        "sleep",
        "import time\n\n\ndef rnn_step_forward(x, h_prev, W_h, W_x, b):\n    time.sleep(60)\n",
        "time",
        "ran past the time limit",
    ),
    (
        "memory",
        HEAD + "    return np.ones((100000, 100000))\n",
        "memory",
        "more memory than the limit of 512 MiB at sol.py:5 in rnn_step_forward",
    ),
    ("syntax", HEAD.replace("b):", "b:"), "syntax", "sol.py:4: syntax error"),
    (
        "missing",
        HEAD.replace("rnn_step_forward", "rnn_step_fwd") + "    return x\n",
        "missing",
        "has no function rnn_step_forward (it defines rnn_step_fwd",
    ),
    (
        "exception",
        HEAD + "    a = x @ W_x\n    return a\n",
        "exception",
        "case 1: sol.py:5 in rnn_step_forward (a = x @ W_x): ValueError: matmul",
    ),
    (
        "list",
        HEAD + "    return np.tanh(x @ W_x.T).tolist()\n",
        "type",
        "h is a list; expected a NumPy array",
    ),
    ("none", HEAD + "    np.tanh(x @ W_x.T)\n", "type", "h is None"),
    ("strings", HEAD + "    return np.array(['a'])\n", "type", "expected numbers"),
    (
        "torch",
        "import torch\n" + HEAD + "    return x\n",
        "torch",
        "sol.py:1 (import torch): torch is not available: this exercise is from scratch",
    ),
    (
        "starter",
        HEAD + '    raise NotImplementedError("write the function body")\n',
        "todo",
        "not written yet",
    ),
    (
        "exit",
        "import os\n\n\ndef rnn_step_forward(x, h_prev, W_h, W_x, b):\n    os._exit(3)\n",
        "crash",
        "stopped the check process (exit 3)",
    ),
    (
        "module-level",
        "import numpy as np\n\nnp.zeros(3)[5]\n",
        "exception",
        "sol.py:3 (np.zeros(3)[5]): IndexError",
    ),
]


@pytest.mark.parametrize(("case", "text", "kind", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_solution_is_one_line(
    tmp_path: Path, case: str, text: str, kind: str, words: str
) -> None:
    path = write(tmp_path, "sol.py", text)
    with pytest.raises(RunError) as caught:
        check_file(get("rnn_step_forward"), path, seed=1, limits=Limits(1, 512))
    line = caught.value.one_line()
    assert caught.value.kind == kind, line
    assert words in line
    assert "\n" not in line and len(line) < 300


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "lstm_step_backward",
            "def lstm_step_backward(x, h_prev, c_prev, p, g_h, g_c):\n    return x, x\n",
            "returned 2 values; expected 4: (dx, dh_prev, dc_prev, grads)",
        ),
        (
            "gru_step_backward",
            "def gru_step_backward(x, h_prev, p, g_h):\n"
            "    return x, h_prev, {k: v for k, v in p.items() if k != 'b_hn'}\n",
            "grads has no key 'b_hn'",
        ),
        (
            "clip_by_global_norm",
            "def clip_by_global_norm(grads, max_norm):\n    return grads[:1], 1.0\n",
            "clipped must be a list of 3 arrays",
        ),
    ],
)
def test_structure_of_the_return_value(tmp_path: Path, name: str, text: str, words: str) -> None:
    with pytest.raises(RunError) as caught:
        check_file(get(name), write(tmp_path, "s.py", text), seed=1)
    assert caught.value.kind == "type" and words in caught.value.one_line()


def test_torch_is_allowed_where_the_exercise_says_so(tmp_path: Path) -> None:
    text = (
        "import torch\n\n\ndef truncated_bptt(x, y, h0, p, k):\n"
        "    return {n: torch.zeros(v.shape) for n, v in p.items()}, torch.as_tensor(h0)\n"
    )
    report = check_file(get("truncated_bptt"), write(tmp_path, "s.py", text), seed=1)
    assert not report.passed  # graded (wrong), not refused


def test_no_file(tmp_path: Path) -> None:
    with pytest.raises(RunError, match="no such file"):
        check_file(get("logsumexp"), tmp_path / "nothing.py", seed=1)


def test_refused_in_a_browser_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    path = write(tmp_path, "s.py", HEAD + "    return x\n")
    with pytest.raises(RunError) as caught:
        check_file(get("rnn_step_forward"), path, seed=1)
    assert caught.value.kind == "browser"
    assert "would run code on this machine" in caught.value.one_line()


def test_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "rnn_step_forward.py", HEAD + "    while True:\n        pass\n")
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "code", "check", str(path), "--time", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("interviewkit: code: rnn_step_forward.py ran past the time")


GOOD_STEP = "    return np.tanh(x @ W_x.T + h_prev @ W_h.T + b)\n"

#: Runs one check's child on argv[1] (no truth, no torch) and prints the peak of the memory
#: that Python allocated meanwhile (tracemalloc: ru_maxrss would count the RSS a forked child
#: inherits from a big pytest worker).
PEAK = (
    "import sys, tracemalloc\n"
    "from interviewkit.exercises import runner\n"
    "from interviewkit.exercises.catalogue import get\n"
    "e = get('rnn_step_forward')\n"
    "cases = runner.make_cases(e, 1)\n"
    "tracemalloc.start()\n"
    "runner.start(e, sys.argv[1], cases, runner.Limits(30, 512)).collect()\n"
    "print(tracemalloc.get_traced_memory()[1])\n"
)


def test_a_flood_on_stderr_is_not_kept_in_memory(tmp_path: Path) -> None:
    """A solution that prints a gigabyte to stderr: the checker keeps only the tail of it (a
    check must never take the learner's memory with it)."""
    flood = "import sys\n\nfor _ in range(1024):\n    sys.stderr.write('x' * (1 << 20) + '\\n')\n"
    path = write(tmp_path, "sol.py", flood + HEAD + GOOD_STEP)
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    peak = int(result.stdout)
    assert peak < 64 << 20, f"peak {peak} bytes"  # far below the gigabyte printed


def test_a_process_left_running_does_not_hold_the_check(tmp_path: Path) -> None:
    """A right solution whose file starts a background process: the check ends when the
    child does (it is graded, not timed out) and the process left behind is ended with it."""
    marker = tmp_path / "still-running"
    later = f"import time, pathlib; time.sleep(20); pathlib.Path({str(marker)!r}).touch()"
    spawn = (
        f"import subprocess\nimport sys\n\nsubprocess.Popen([sys.executable, '-c', {later!r}])\n"
    )
    path = write(tmp_path, "sol.py", spawn + HEAD + GOOD_STEP)
    began = time.monotonic()
    report = check_file(get("rnn_step_forward"), path, seed=1, limits=Limits(2, 512))
    assert report.passed
    assert time.monotonic() - began < 15
    time.sleep(21)
    assert not marker.exists()


def test_torch_imported_past_the_refusal_is_reported(tmp_path: Path) -> None:
    """A from-scratch solution that takes the refusal out of the import system and returns the
    checker's own torch truth: reported as torch, never graded as passed."""
    text = (
        "import sys\n\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != '_Refuse']\n"
        "from interviewkit.engine.exercises import truth  # noqa: E402\n\n\n"
        "def rnn_step_forward(x, h_prev, W_h, W_x, b):\n"
        "    return truth('rnn_step_forward', dict(x=x, h_prev=h_prev, W_h=W_h, W_x=W_x, b=b))['h']\n"
    )
    with pytest.raises(RunError) as caught:
        check_file(get("rnn_step_forward"), write(tmp_path, "sol.py", text), seed=1)
    assert caught.value.kind == "torch"
    assert "from scratch" in caught.value.one_line()


@pytest.mark.parametrize(
    "forged",
    ["'not json'", "json.dumps({'ok': True, 'cases': [{'h': 'r9'}]})", "json.dumps([1])"],
    ids=["text", "missing-arrays", "list"],
)
def test_a_result_file_written_by_the_solution_is_one_line(tmp_path: Path, forged: str) -> None:
    """The solution overwrites the checker's result file and exits: one line, never a crash of
    the checker itself."""
    text = (
        "import json\nimport os\nimport sys\n\n\n"
        "def rnn_step_forward(x, h_prev, W_h, W_x, b):\n"
        f"    open(sys.argv[1] + '/result.json', 'w').write({forged})\n"
        "    os._exit(0)\n"
    )
    with pytest.raises(RunError) as caught:
        check_file(get("rnn_step_forward"), write(tmp_path, "sol.py", text), seed=1)
    assert caught.value.kind == "crash"
    assert "sol.py" in caught.value.one_line()


#: In a child with the check's limits: map a 3 GiB file read-only (as the dynamic loader maps a
#: library), then allocate 3 GiB; prints what happened to each.
_LIMITS_PROBE = (
    "import mmap, sys\n"
    "import numpy as np\n"
    "from interviewkit.exercises.child import set_limits\n"
    "set_limits(10, 2048)\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    try:\n"
    "        mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ).close(); print('mapped')\n"
    "    except OSError:\n"
    "        print('map refused')\n"
    "try:\n"
    "    np.ones(3 * 2**30 // 8); print('allocated')\n"
    "except MemoryError:\n"
    "    print('allocation refused')\n"
)


@pytest.mark.skipif(sys.platform != "linux", reason="the memory limit is Linux's RLIMIT_DATA")
def test_the_memory_limit_counts_allocations_not_mapped_libraries(tmp_path: Path) -> None:
    """A CUDA build of torch maps gigabytes of libraries: under a limit on the address space,
    `import torch` failed in the child ('failed to map segment'), so every torch exercise
    failed on such a machine. The limit is on memory the code allocates."""
    big = tmp_path / "library.so"
    with big.open("wb") as f:
        f.truncate(3 * 2**30)  # sparse: no disk used
    out = subprocess.run(
        [sys.executable, "-c", _LIMITS_PROBE, str(big)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.split() == ["mapped", "allocation", "refused"], out.stdout + out.stderr
