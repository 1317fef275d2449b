"""Speed of `demo highway` for one LSTM against a plain fused `torch.nn.LSTM` of the same size.

The demo needs every per-step gradient, so it loops over `LSTMCell` with retained grads; the
baseline is one fused `nn.LSTM` forward and backward (loss on the last step), measured in the
same process, alternating with the demo, best of --repeat. The target is a ratio of at most 1.3.

    python benchmarks/highway_speed.py [--steps 1000 --hidden 128 --batch 32 --input 32]
"""

from __future__ import annotations

import argparse
import time

import torch

from interviewkit.engine.highway import measure


def fused(steps: int, hidden: int, batch: int, input_size: int, seed: int) -> None:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(steps, batch, input_size, generator=gen)
    readout = torch.randn(batch, hidden, generator=gen)
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(input_size, hidden)
    out, _ = lstm(x)
    (out[-1] * readout).sum().backward()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--input", type=int, default=32)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    size = dict(steps=a.steps, hidden=a.hidden, batch=a.batch, input_size=a.input)
    base, demo = [], []
    fused(**size, seed=0)  # warm-up: first-call allocations and kernel selection
    measure("lstm", **size, forget_bias=1.0)
    for i in range(a.repeat):
        t0 = time.perf_counter()
        fused(**size, seed=i)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        measure("lstm", **size, forget_bias=1.0, seed=i)
        demo.append(time.perf_counter() - t0)
    b, d = min(base), min(demo)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), size {size}")
    print(f"fused nn.LSTM forward+backward: best {b * 1000:.0f} ms of {a.repeat}")
    print(f"demo highway (one LSTM, all per-step grads): best {d * 1000:.0f} ms of {a.repeat}")
    print(f"ratio demo/fused: {d / b:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
