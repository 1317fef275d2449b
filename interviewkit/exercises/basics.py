"""The warm-up exercises: a stable sigmoid, log-sum-exp, clipping by global norm, and counting
the parameters of stacked and bidirectional layers."""

from __future__ import annotations

from typing import Any

from interviewkit.exercises.inputs import normal
from interviewkit.exercises.spec import Exercise, Sizes, Value

#: Values where a naive formula overflows, underflows or loses everything to cancellation.
EXTREMES = (-1000.0, -745.0, -40.0, -30.0, 0.0, 30.0, 40.0, 710.0, 1000.0)


def _with_extremes(rng: Any, sizes: Sizes) -> Any:
    x = normal(rng, sizes, "B, K", 3.0)
    flat = x.reshape(-1)
    count = min(len(EXTREMES), flat.size // 2)
    where = rng.choice(flat.size, size=count, replace=False)
    flat[where] = rng.choice(EXTREMES, size=count, replace=False)
    return x


STABLE_SIGMOID = Exercise(
    name="stable_sigmoid",
    title="A numerically stable sigmoid",
    difficulty="easy",
    topic="lstm",
    summary="sigmoid without overflow, for any x",
    task="""\
The logistic sigmoid, elementwise:

    sigmoid(x) = 1 / (1 + exp(-x))

It must stay finite and accurate for every float, including x = ±1000, where exp of a large
positive number overflows. Every LSTM and GRU gate is one of these.""",
    args=(Value("x", "B, K", "any real numbers (the pre-activation of a gate)"),),
    returns=(Value("s", "B, K", "sigmoid(x), each entry in [0, 1]"),),
    cases=({"B": 3, "K": 6}, {"B": 1, "K": 9}, {"B": 4, "K": 5}, {"B": 2, "K": 8}),
    example={"B": 1, "K": 5},
    make_inputs=lambda rng, sizes: {"x": _with_extremes(rng, sizes)},
    nan_hint="exp overflowed: use exp(-|x|), which never exceeds 1 (1 / (1 + exp(-x)) for "
    "x >= 0, exp(x) / (1 + exp(x)) for x < 0)",
    no_overflow=True,
    elementwise="x",
    example_lines=("x = np.array([[-1000.0, -1.0, 0.0, 1.0, 1000.0]])",),
    expected_example="[[0. 0.2689 0.5 0.7311 1.]]",
)


def _lse_inputs(rng: Any, sizes: Sizes) -> dict[str, Any]:
    x = normal(rng, sizes, "B, K", 2.0)
    x[0] += 1000.0  # exp overflows
    if x.shape[0] > 1:
        x[1] -= 1000.0  # exp underflows to 0, log(0) = -inf
    if x.shape[0] > 2:
        x[2, 0] = 800.0  # one entry dominates a row of ordinary ones
    return {"x": x}


LOGSUMEXP = Exercise(
    name="logsumexp",
    title="Log-sum-exp, stably",
    difficulty="easy",
    topic="sequence-modelling",
    summary="log(sum(exp(x))) per row, stably",
    task="""\
For each row of x, the log of the sum of the exponentials:

    logsumexp(x)[b] = log(sum over k of exp(x[b, k]))

Rows may hold values like 1000 (exp overflows) or -1000 (exp underflows to 0): the answer is
still finite. It is the normaliser of softmax, so every cross-entropy loss computes it.""",
    args=(Value("x", "B, K", "a batch of score vectors, one per row"),),
    returns=(Value("lse", "B", "one number per row"),),
    cases=({"B": 4, "K": 5}, {"B": 3, "K": 2}, {"B": 5, "K": 7}, {"B": 2, "K": 3}),
    example={"B": 2, "K": 3},
    make_inputs=_lse_inputs,
    nan_hint="exp overflowed, or log met 0: subtract each row's max before exp and add it "
    "back after the log",
    example_lines=("x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])",),
    expected_example="[3.4076 1001.0986]",
)


def _clip_inputs(rng: Any, sizes: Sizes) -> dict[str, Any]:
    scale = float(sizes["scale"])
    grads = [normal(rng, sizes, shape, scale) for shape in ("n, m", "n, n", "n")]
    return {"grads": grads, "max_norm": float(sizes["max_norm"])}


CLIP_BY_GLOBAL_NORM = Exercise(
    name="clip_by_global_norm",
    title="Gradient clipping by global norm",
    difficulty="easy",
    topic="clipping",
    summary="clip gradients by their global norm",
    task="""\
Clip a list of gradient arrays by their global norm, as torch.nn.utils.clip_grad_norm_ does:

    total_norm = sqrt(sum over every array and every entry of g**2)
    scale = min(1, max_norm / (total_norm + 1e-6))
    clipped[i] = scale * grads[i]

The norm is one number over all the arrays together; the direction of the whole gradient is
kept. Return the clipped arrays (a list as long as grads) and total_norm (before clipping).""",
    args=(
        Value("grads", kind="arrays", about="a list of gradient arrays of any shapes"),
        Value("max_norm", kind="number", about="the largest global norm allowed"),
    ),
    returns=(
        Value("clipped", kind="arrays", about="the scaled arrays", length_of="grads"),
        Value("total_norm", kind="number", about="the global norm before clipping"),
    ),
    cases=(
        {"n": 4, "m": 3, "scale": 2.0, "max_norm": 1.0},
        {"n": 3, "m": 5, "scale": 0.05, "max_norm": 1.0},
        {"n": 5, "m": 2, "scale": 3.0, "max_norm": 5.0},
        {"n": 2, "m": 4, "scale": 0.2, "max_norm": 0.1},
    ),
    example={"n": 2, "m": 3, "scale": 2.0, "max_norm": 1.0},
    make_inputs=_clip_inputs,
    example_lines=(
        "grads = [np.array([[3.0, 0.0], [0.0, 0.0]]), np.array([4.0, 0.0])]",
        "max_norm = 1.0",
    ),
    expected_example="clipped = [[[0.6, 0], [0, 0]], [0.8, 0]], total_norm = 5.0",
)

COUNT_PARAMS = Exercise(
    name="count_params",
    title="Parameters of stacked and bidirectional layers",
    difficulty="medium",
    topic="parameters",
    summary="parameters of stacked, bidirectional RNNs",
    task="""\
How many trainable parameters does torch.nn.RNN, torch.nn.LSTM or torch.nn.GRU have with
these arguments (and bias=True)? Count them from the shapes of the weights, as PyTorch builds
them: each layer and direction has an input matrix, a recurrent matrix and two bias vectors
(b_ih and b_hh) per gate block (RNN 1 block, LSTM 4, GRU 3). Layer 0 reads the input; every
later layer reads what the layer below emits, in both directions if it is bidirectional.

Plain Python is enough; do not build torch modules.""",
    args=(
        Value("cell", kind="str", about='"rnn", "lstm" or "gru"'),
        Value("input_size", kind="int", about="X, the size of each input vector"),
        Value("hidden_size", kind="int", about="H, the size of the hidden state"),
        Value("num_layers", kind="int", about="how many layers are stacked"),
        Value("bidirectional", kind="bool", about="whether each layer runs both ways"),
    ),
    returns=(Value("count", kind="int", about="the number of parameters"),),
    cases=(
        {
            "cell": "lstm",
            "input_size": 10,
            "hidden_size": 20,
            "num_layers": 2,
            "bidirectional": True,
        },
        {"cell": "gru", "input_size": 7, "hidden_size": 5, "num_layers": 3, "bidirectional": False},
        {"cell": "rnn", "input_size": 3, "hidden_size": 8, "num_layers": 1, "bidirectional": True},
        {"cell": "lstm", "input_size": 4, "hidden_size": 6, "num_layers": 3, "bidirectional": True},
        {"cell": "gru", "input_size": 6, "hidden_size": 4, "num_layers": 2, "bidirectional": True},
    ),
    example={
        "cell": "lstm",
        "input_size": 10,
        "hidden_size": 20,
        "num_layers": 1,
        "bidirectional": False,
    },
    make_inputs=lambda rng, sizes: dict(sizes),
    expected_example="2560",
)

EXERCISES = (STABLE_SIGMOID, LOGSUMEXP, CLIP_BY_GLOBAL_NORM, COUNT_PARAMS)
