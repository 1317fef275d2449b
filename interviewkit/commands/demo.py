"""`interviewkit demo`: the torch engine's demonstrations (highway, spectral, clip, adding).

This file only declares the options and their help, then dispatches. Each demo is measured in
`interviewkit.engine.<demo>` and shown by `interviewkit.engine.<demo>_report` (options checked,
device set up, table, sentences, plot or JSON; schemas in docs/engine.md), imported only when
that demo runs, so registering the command costs nothing.
"""

from __future__ import annotations

import argparse
import importlib

from interviewkit.engine.cliargs import add_engine_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="watch the theory happen on real torch modules (highway, spectral, clip, adding)",
        description="Demonstrations on real torch modules, on CPU or CUDA.",
    )
    demos = parser.add_subparsers(dest="demo", metavar="DEMO", required=True)

    p = demos.add_parser(
        "highway",
        help="gradient norm against distance: RNN, LSTM (several forget biases), GRU",
        description="Run each cell T steps, take a loss at the last step, and read ‖∂L/∂h_{T-k}‖ "
        "(and ‖∂L/∂c_{T-k}‖ for the LSTM) for every k from one backward pass.",
    )
    p.add_argument(
        "--cells",
        default="rnn,lstm,gru",
        metavar="C1,C2,...",
        help="cells to compare (default %(default)s)",
    )
    p.add_argument(
        "--steps", default="100", metavar="T", help="sequence length (default %(default)s)"
    )
    p.add_argument("--hidden", default="32", metavar="H", help="hidden size (default %(default)s)")
    p.add_argument("--batch", default="8", metavar="B", help="batch size (default %(default)s)")
    p.add_argument("--input", default="8", metavar="X", help="input size (default %(default)s)")
    p.add_argument(
        "--forget-bias",
        default=None,
        metavar="B1,B2,...",
        help="LSTM forget-gate biases, one run each (default 0,1)",
    )
    p.add_argument(
        "--gain-bound",
        default=None,
        metavar="M",
        help="draw each gain on h_{t-1} (IndRNN's u) in [M^(-1/T), M^(1/T)], so |u|^T lies "
        "between 1/M and M (the IndRNN authors' code uses M = 2); without it, in ±1/√H like "
        "every weight",
    )
    add_engine_options(p)
    p.set_defaults(func=run)

    p = demos.add_parser(
        "spectral",
        help="σ_max versus spectral radius: when does ‖∏ ∂h_t/∂h_{t-1}‖ vanish or grow",
        description="Sweep the scale of a Gaussian W_h and add a non-normal W_h (ρ < 1, "
        "σ_max > 1); report σ_max, ρ, the measured Jacobian-product norm and the Pascanu bound.",
    )
    p.add_argument(
        "--scales",
        default="0.4,0.8,1.0,1.2",
        metavar="S1,S2,...",
        help="scales of W_h = s·G/√H (default %(default)s)",
    )
    p.add_argument(
        "--steps", default="150", metavar="T", help="steps of the product (default %(default)s)"
    )
    p.add_argument("--hidden", default="32", metavar="H", help="hidden size (default %(default)s)")
    p.add_argument(
        "--input-scale",
        default="1e-3",
        metavar="S",
        help="std of the input drive (default %(default)s: near-linear)",
    )
    add_engine_options(p)
    p.set_defaults(func=run)

    p = demos.add_parser(
        "clip",
        help="clipping an exploding RNN gradient by norm and by value",
        description="Clip an exploding tanh-RNN gradient with torch's clip_grad_norm_ and "
        "clip_grad_value_ and compare norms and directions with the raw gradient.",
    )
    p.add_argument(
        "--steps", default="30", metavar="T", help="sequence length (default %(default)s)"
    )
    p.add_argument("--hidden", default="32", metavar="H", help="hidden size (default %(default)s)")
    p.add_argument("--batch", default="8", metavar="B", help="batch size (default %(default)s)")
    p.add_argument("--input", default="4", metavar="X", help="input size (default %(default)s)")
    p.add_argument(
        "--scale", default="1.5", metavar="S", help="W_hh = S × orthogonal (default %(default)s)"
    )
    p.add_argument(
        "--input-scale", default="1e-6", metavar="S", help="std of the inputs (default %(default)s)"
    )
    p.add_argument(
        "--max-norm", default="1.0", metavar="TAU", help="τ for clip by norm (default %(default)s)"
    )
    p.add_argument(
        "--clip-value", default="0.1", metavar="V", help="v for clip by value (default %(default)s)"
    )
    add_engine_options(p)
    p.set_defaults(func=run)

    p = demos.add_parser(
        "adding",
        help="train on the adding problem (a real long-range dependency)",
        description="Train a recurrent net on the adding problem (Hochreiter & Schmidhuber "
        "1997): Adam, clipping by norm, forget-gate bias 1, a fixed held-out set. Predicting "
        "the mean scores MSE 0.167. The defaults (T=30, 3000 steps, the paper's early "
        "markers) take about 10 s on one CPU thread: the LSTM learns, while --cell rnn and "
        "--tbptt 10 (no gradient reaches a marker) stay at the baseline.",
    )
    p.add_argument(
        "--cell",
        choices=("lstm", "gru", "rnn"),
        default="lstm",
        help="the cell (default %(default)s)",
    )
    p.add_argument(
        "--seq-len", default="30", metavar="T", help="sequence length (default %(default)s)"
    )
    p.add_argument(
        "--iters", default="3000", metavar="N", help="training steps (default %(default)s)"
    )
    p.add_argument("--hidden", default="32", metavar="H", help="hidden size (default %(default)s)")
    p.add_argument("--batch", default="64", metavar="B", help="batch size (default %(default)s)")
    p.add_argument("--lr", default="1e-2", help="Adam learning rate (default %(default)s)")
    p.add_argument(
        "--clip", default="1.0", metavar="TAU", help="clip-by-norm τ (default %(default)s)"
    )
    p.add_argument(
        "--tbptt",
        default=None,
        metavar="K",
        help="truncated BPTT: detach the state every K steps (K < T)",
    )
    p.add_argument(
        "--markers",
        choices=("early", "anywhere"),
        default="early",
        help="early (default, as in the 1997 paper): first mark in steps 1-10, second in the "
        "first half; anywhere: one mark in each half, so with --tbptt the second mark can fall "
        "in the last K steps",
    )
    p.add_argument(
        "--eval-size", default="1000", metavar="N", help="held-out sequences (default %(default)s)"
    )
    p.add_argument(
        "--eval-every",
        default="100",
        metavar="N",
        help="evaluate on the held-out set every N steps (default %(default)s)",
    )
    add_engine_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Hand the parsed options to the demo's module, `interviewkit.engine.<demo>_report`; it is
    imported only now, so registering the command loads neither torch nor the demos."""
    module = importlib.import_module(f"interviewkit.engine.{args.demo}_report")
    return module.run(args)
