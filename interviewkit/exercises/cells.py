"""The one-step exercises: RNN, LSTM and GRU (PyTorch convention), forward and backward.

Rows are examples: NOTATION.md writes one example as a column (`W_h @ h_prev`); a batch puts
one example in each row of `x` and `h_prev`, so the same product reads `h_prev @ W_h.T`. The
parameter names, shapes and equations are NOTATION.md's (a test compares the keys with
`math.cells`).
"""

from __future__ import annotations

from typing import Any

from interviewkit.exercises.inputs import draw
from interviewkit.exercises.spec import Exercise, Sizes, Value

#: Hidden cases: every size differs within a case, so a transposed or unsummed array shows in
#: its shape; B = 1 catches code that squeezes the batch away.
CELL_CASES: tuple[Sizes, ...] = (
    {"B": 3, "m": 4, "n": 5},
    {"B": 1, "m": 2, "n": 3},
    {"B": 4, "m": 6, "n": 2},
    {"B": 2, "m": 3, "n": 7},
)
CELL_EXAMPLE: Sizes = {"B": 2, "m": 3, "n": 4}

ROWS = (
    "Rows are examples: the notation's column `W_h @ h_prev` (docs/notation.md) is `h_prev @ W_h.T` here, one "
    "example per row."
)


def _params(gates: str, extra: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys = (
        tuple(f"W_{g}" for g in gates)
        + tuple(f"U_{g}" for g in gates)
        + tuple(f"b_{g}" for g in gates)
        + extra
    )
    shapes = tuple("n, n" if k[0] == "W" else "n, m" if k[0] == "U" else "n" for k in keys)
    return keys, shapes


LSTM_KEYS, LSTM_SHAPES = _params("fico")
GRU_KEYS, GRU_SHAPES = _params("zrh", ("b_hn",))

X = Value("x", "B, m", "the input x_t, one example per row")
H_PREV = Value("h_prev", "B, n", "the previous hidden state h_{t-1}")
C_PREV = Value("c_prev", "B, n", "the previous cell state c_{t-1}")
W_H = Value("W_h", "n, n", "recurrent weights (act on h_prev)")
W_X = Value("W_x", "n, m", "input weights (act on x)")
B_ = Value("b", "n", "bias")
G_H = Value("g_h", "B, n", "∂L/∂h_t: all that reaches h_t from above (output and later steps)")
G_C = Value("g_c", "B, n", "the part of ∂L/∂c_t that arrives from step t+1 through c_{t+1}")
LSTM_P = Value(
    "p",
    about="the parameters: W_f, W_i, W_c, W_o (n, n); U_f, U_i, U_c, U_o (n, m); "
    "b_f, b_i, b_c, b_o (n,)  (c is the candidate's block)",
    kind="params",
    keys=LSTM_KEYS,
    key_shapes=LSTM_SHAPES,
)
GRU_P = Value(
    "p",
    about="the parameters: W_z, W_r, W_h (n, n); U_z, U_r, U_h (n, m); b_z, b_r, b_h, b_hn (n,)",
    kind="params",
    keys=GRU_KEYS,
    key_shapes=GRU_SHAPES,
)


def _grads(keys: tuple[str, ...], shapes: tuple[str, ...]) -> Value:
    return Value(
        "grads",
        about="∂L/∂ each parameter, a dict with p's keys, each the shape of its parameter",
        kind="params",
        keys=keys,
        key_shapes=shapes,
    )


def _cell_inputs(args: tuple[Value, ...]) -> Any:
    def make(rng: Any, sizes: Sizes) -> dict[str, Any]:
        return draw(rng, sizes, args, {"W_h": 0.5, "W_x": 0.5, "b": 0.3, "W_": 0.5, "U_": 0.5})

    return make


_RNN_FWD_ARGS = (X, H_PREV, W_H, W_X, B_)
_RNN_BWD_ARGS = (*_RNN_FWD_ARGS, G_H)
_LSTM_FWD_ARGS = (X, H_PREV, C_PREV, LSTM_P)
_LSTM_BWD_ARGS = (*_LSTM_FWD_ARGS, G_H, G_C)
_GRU_FWD_ARGS = (X, H_PREV, GRU_P)
_GRU_BWD_ARGS = (*_GRU_FWD_ARGS, G_H)

LOSS = (
    "A scalar loss L sits downstream; g_h = ∂L/∂h arrives from above, so here L acts as "
    "sum(g_h * h){extra}. Return the gradient of L with respect to every input, each the shape "
    "of that input. L is a sum over the examples, not a mean: the weight gradients add up the "
    "rows."
)

RNN_STEP_FORWARD = Exercise(
    name="rnn_step_forward",
    title="RNN step, forward",
    difficulty="easy",
    topic="sequence-modelling",
    summary="one tanh RNN step on a batch",
    task=f"""\
One step of a vanilla RNN:

    a = h_prev @ W_h.T + x @ W_x.T + b
    h = tanh(a)

{ROWS}""",
    args=_RNN_FWD_ARGS,
    returns=(Value("h", "B, n", "the new hidden state h_t"),),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_RNN_FWD_ARGS),
)

RNN_STEP_BACKWARD = Exercise(
    name="rnn_step_backward",
    title="RNN step, backward",
    difficulty="medium",
    topic="bptt",
    summary="one RNN step's gradients, given g_h",
    task=f"""\
The backward pass of the RNN step

    a = h_prev @ W_h.T + x @ W_x.T + b
    h = tanh(a)

{LOSS.format(extra="")}

{ROWS}""",
    args=_RNN_BWD_ARGS,
    returns=(
        Value("dx", "B, m", "∂L/∂x"),
        Value("dh_prev", "B, n", "∂L/∂h_prev"),
        Value("dW_h", "n, n", "∂L/∂W_h"),
        Value("dW_x", "n, m", "∂L/∂W_x"),
        Value("db", "n", "∂L/∂b"),
    ),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_RNN_BWD_ARGS),
)

_LSTM_EQUATIONS = """\
    f = sigmoid(h_prev @ W_f.T + x @ U_f.T + b_f)     (forget gate)
    i = sigmoid(h_prev @ W_i.T + x @ U_i.T + b_i)     (input gate)
    o = sigmoid(h_prev @ W_o.T + x @ U_o.T + b_o)     (output gate)
    c_tilde = tanh(h_prev @ W_c.T + x @ U_c.T + b_c)  (the candidate)
    c = f * c_prev + i * c_tilde
    h = o * tanh(c)"""

LSTM_STEP_FORWARD = Exercise(
    name="lstm_step_forward",
    title="LSTM step, forward",
    difficulty="medium",
    topic="lstm",
    summary="one LSTM step: the gates, c and h",
    task=f"""\
One LSTM step (`*` is the elementwise product):

{_LSTM_EQUATIONS}

{ROWS}""",
    args=_LSTM_FWD_ARGS,
    returns=(
        Value("h", "B, n", "the new hidden state h_t"),
        Value("c", "B, n", "the new cell state c_t"),
    ),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_LSTM_FWD_ARGS),
)

LSTM_STEP_BACKWARD = Exercise(
    name="lstm_step_backward",
    title="LSTM step, backward",
    difficulty="hard",
    topic="lstm",
    summary="one LSTM step's gradients, given g_h, g_c",
    task=f"""\
The backward pass of the LSTM step

{_LSTM_EQUATIONS}

{LOSS.format(extra=" + sum(g_c * c)")} The total ∂L/∂c is d_c = g_c + g_h * o * (1 - tanh(c)**2).

{ROWS}""",
    args=_LSTM_BWD_ARGS,
    returns=(
        Value("dx", "B, m", "∂L/∂x"),
        Value("dh_prev", "B, n", "∂L/∂h_prev"),
        Value("dc_prev", "B, n", "∂L/∂c_prev"),
        _grads(LSTM_KEYS, LSTM_SHAPES),
    ),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_LSTM_BWD_ARGS),
)

_GRU_EQUATIONS = """\
    z = sigmoid(h_prev @ W_z.T + x @ U_z.T + b_z)      (update gate)
    r = sigmoid(h_prev @ W_r.T + x @ U_r.T + b_r)      (reset gate)
    h_tilde = tanh(x @ U_h.T + b_h + r * (h_prev @ W_h.T + b_hn))
    h = z * h_prev + (1 - z) * h_tilde"""

_GRU_CONVENTION = (
    "This is PyTorch's convention (torch.nn.GRU, cuDNN): the reset gate multiplies after the "
    "recurrent matmul, which has its own bias b_hn."
)

GRU_STEP_FORWARD = Exercise(
    name="gru_step_forward",
    title="GRU step, forward (PyTorch convention)",
    difficulty="medium",
    topic="gru",
    summary="one GRU step, reset after the matmul",
    task=f"""\
One GRU step:

{_GRU_EQUATIONS}

{_GRU_CONVENTION} {ROWS}""",
    args=_GRU_FWD_ARGS,
    returns=(Value("h", "B, n", "the new hidden state h_t"),),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_GRU_FWD_ARGS),
)

GRU_STEP_BACKWARD = Exercise(
    name="gru_step_backward",
    title="GRU step, backward (PyTorch convention)",
    difficulty="hard",
    topic="gru",
    summary="one GRU step's gradients (PyTorch form)",
    task=f"""\
The backward pass of the GRU step

{_GRU_EQUATIONS}

{LOSS.format(extra="")}

{_GRU_CONVENTION} {ROWS}""",
    args=_GRU_BWD_ARGS,
    returns=(
        Value("dx", "B, m", "∂L/∂x"),
        Value("dh_prev", "B, n", "∂L/∂h_prev"),
        _grads(GRU_KEYS, GRU_SHAPES),
    ),
    cases=CELL_CASES,
    example=CELL_EXAMPLE,
    make_inputs=_cell_inputs(_GRU_BWD_ARGS),
)

EXERCISES = (
    RNN_STEP_FORWARD,
    RNN_STEP_BACKWARD,
    LSTM_STEP_FORWARD,
    LSTM_STEP_BACKWARD,
    GRU_STEP_FORWARD,
    GRU_STEP_BACKWARD,
)
