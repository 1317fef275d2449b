"""Speed of `demo highway` for one LSTM against a plain fused `torch.nn.LSTM` of the same size.

The demo needs every per-step gradient, so it loops over `LSTMCell` with retained grads (and
flushes denormals while it runs); the baseline is one fused `nn.LSTM` forward and backward with
the loss on the last step. Everything is measured in this one run, alternating, best of --repeat:

1. in process: the demo's `measure()` against the plain fused module, and against the fused
   module with denormals flushed too (the fairest pairing);
2. whole process (--processes): `interviewkit demo highway` as a subprocess against a subprocess
   that imports torch and runs the fused module once.

The target is a ratio of at most 1.3.

    python benchmarks/highway_speed.py [--steps 1000 --hidden 128 --batch 32 --input 32]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import torch

from interviewkit.engine.highway import flush_denormals, measure

FUSED_SCRIPT = """
import torch, sys
torch.set_num_threads({threads}) if {threads} else None
T, H, B, X = {steps}, {hidden}, {batch}, {input}
g = torch.Generator().manual_seed(0)
x = torch.randn(T, B, X, generator=g); r = torch.randn(B, H, generator=g)
out, _ = torch.nn.LSTM(X, H)(x); (out[-1] * r).sum().backward()
"""


def fused(steps: int, hidden: int, batch: int, input_size: int, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(steps, batch, input_size, generator=gen)
    readout = torch.randn(batch, hidden, generator=gen)
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(input_size, hidden)
    out, _ = lstm(x)
    (out[-1] * readout).sum().backward()


def fused_flushed(**size) -> None:
    with flush_denormals():
        fused(**size)


def timed(fn, **kw) -> float:
    t0 = time.perf_counter()
    fn(**kw)
    return time.perf_counter() - t0


def in_process(size: dict, repeat: int) -> None:
    fused(**size, seed=0)  # warm-up: first-call allocations and kernel selection
    measure("lstm", **size, forget_bias=1.0)
    base, flushed, demo = [], [], []
    for i in range(repeat):
        base.append(timed(fused, **size, seed=i))
        flushed.append(timed(fused_flushed, **size, seed=i))
        demo.append(timed(measure, cell="lstm", **size, forget_bias=1.0, seed=i))
    b, f, d = min(base), min(flushed), min(demo)
    print(f"fused nn.LSTM forward+backward:             best {b * 1000:6.0f} ms of {repeat}")
    print(f"fused nn.LSTM, denormals flushed:           best {f * 1000:6.0f} ms of {repeat}")
    print(f"demo highway (one LSTM, all per-step grads): best {d * 1000:6.0f} ms of {repeat}")
    print(f"ratio demo / plain fused:            {d / b:.2f} (target <= 1.3)")
    print(f"ratio demo / fused, both flushed:    {d / f:.2f} (target <= 1.3)")


def whole_process(size: dict, repeat: int, threads: int) -> None:
    script = FUSED_SCRIPT.format(threads=threads, input=size["input_size"], **{
        k: size[k] for k in ("steps", "hidden", "batch")
    })  # fmt: skip
    demo_cmd = [
        sys.executable, "-m", "interviewkit", "demo", "highway", "--cells", "lstm",
        "--forget-bias", "1", "--steps", str(size["steps"]), "--hidden", str(size["hidden"]),
        "--batch", str(size["batch"]), "--input", str(size["input_size"]), "--device", "cpu",
        "--threads", str(threads), "--json",
    ]  # fmt: skip
    base, demo = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", script], check=True)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run(demo_cmd, check=True, stdout=subprocess.DEVNULL)
        demo.append(time.perf_counter() - t0)
    b, d = min(base), min(demo)
    print(f"process: python -c <fused nn.LSTM>:          best {b * 1000:6.0f} ms of {repeat}")
    print(f"process: interviewkit demo highway (lstm):   best {d * 1000:6.0f} ms of {repeat}")
    print(f"ratio whole process:                 {d / b:.2f} (target <= 1.3)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--input", type=int, default=32)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--processes", action="store_true", help="also time whole processes")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    size = dict(steps=a.steps, hidden=a.hidden, batch=a.batch, input_size=a.input)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), size {size}")
    in_process(size, a.repeat)
    if a.processes:
        whole_process(size, a.repeat, a.threads)


if __name__ == "__main__":
    main()
