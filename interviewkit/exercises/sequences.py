"""The sequence exercises: BPTT over a whole sequence, truncated BPTT, a masked sequence loss.

Time is the first axis (T, B, ...), as in torch.nn.RNN without `batch_first`.
"""

from __future__ import annotations

from typing import Any

from interviewkit.exercises.cells import B_, ROWS, W_H, W_X
from interviewkit.exercises.inputs import draw, normal
from interviewkit.exercises.spec import Exercise, Sizes, Value

_BPTT_ARGS = (
    Value("x", "T, B, m", "the inputs x_1 .. x_T, x[t] is one step's batch"),
    Value("h0", "B, n", "the initial state h_0"),
    W_H,
    W_X,
    B_,
    Value("g", "T, B, n", "g[t] = ∂L_t/∂h_t, the loss's own gradient at step t"),
)


def _bptt_inputs(rng: Any, sizes: Sizes) -> dict[str, Any]:
    return draw(rng, sizes, _BPTT_ARGS, {"W_h": 0.5, "W_x": 0.5, "b": 0.3})


RNN_BPTT = Exercise(
    name="rnn_bptt",
    title="RNN over a sequence, forward and backward (BPTT)",
    difficulty="hard",
    topic="bptt",
    summary="an RNN over T steps, then BPTT",
    task=f"""\
Run the RNN step

    h[t] = tanh(h[t-1] @ W_h.T + x[t] @ W_x.T + b)      (h[-1] is h0)

for t = 0 .. T-1 with the same weights at every step, then backpropagate through time. The loss
is L = sum over t of L_t, and g[t] = ∂L_t/∂h[t] is the direct gradient at step t (the loss's own,
before anything from later steps is added), so L acts as sum(g * h). The total ∂L/∂h[t] adds
what comes back from step t+1 to g[t]. Return the hidden states and the gradient of L with
respect to every input (each the shape of that input).

{ROWS}""",
    args=_BPTT_ARGS,
    returns=(
        Value("h", "T, B, n", "every hidden state, h[t] after step t"),
        Value("dx", "T, B, m", "∂L/∂x"),
        Value("dh0", "B, n", "∂L/∂h0"),
        Value("dW_h", "n, n", "∂L/∂W_h, summed over steps and examples"),
        Value("dW_x", "n, m", "∂L/∂W_x"),
        Value("db", "n", "∂L/∂b"),
    ),
    cases=(
        {"T": 4, "B": 3, "m": 2, "n": 5},
        {"T": 6, "B": 1, "m": 3, "n": 4},
        {"T": 3, "B": 2, "m": 5, "n": 3},
        {"T": 5, "B": 4, "m": 3, "n": 2},
    ),
    example={"T": 3, "B": 2, "m": 3, "n": 4},
    make_inputs=_bptt_inputs,
)

_TBPTT_P = Value(
    "p",
    about="the parameters: W_h (n, n), W_x (n, m), b (n,) and the readout W_y (q, n)",
    kind="params",
    keys=("W_h", "W_x", "b", "W_y"),
    key_shapes=("n, n", "n, m", "n", "q, n"),
)
_TBPTT_ARGS = (
    Value("x", "T, B, m", "the inputs, x[t] is one step's batch"),
    Value("y", "T, B, q", "the targets of the readout"),
    Value("h0", "B, n", "the state the sequence starts from"),
    _TBPTT_P,
    Value("k", kind="int", about="the chunk length (the truncation)"),
)


def _tbptt_inputs(rng: Any, sizes: Sizes) -> dict[str, Any]:
    out = draw(rng, sizes, _TBPTT_ARGS, {"W_h": 0.5, "W_x": 0.5, "b": 0.3, "W_y": 0.5})
    out["k"] = int(sizes["k"])
    return out


TRUNCATED_BPTT = Exercise(
    name="truncated_bptt",
    title="Truncated BPTT: chunks, state carried and detached",
    difficulty="hard",
    topic="truncated-bptt",
    summary="chunked BPTT: carry the state, detach it",
    task="""\
Truncated backpropagation through time, as a training loop does it. The model is the RNN

    h[t] = tanh(h[t-1] @ W_h.T + x[t] @ W_x.T + b)      (h[-1] is h0)
    y_hat[t] = h[t] @ W_y.T
    L_t = 0.5 * sum((y_hat[t] - y[t])**2)               (summed over the batch and outputs)

Cut the T steps into chunks of k (the last chunk may be shorter). For each chunk, in order:
start from the state the previous chunk ended with (the first starts from h0), detached, so
that no gradient flows back into an earlier chunk; run the chunk; add the gradient of the
chunk's loss (the sum of its L_t) to the totals. The weights do not change between chunks (the
gradients are accumulated, as before one optimizer step). Return the accumulated gradients and
the final state h[T-1].

torch is allowed here (autograd and .detach() are the natural tools; convert the results to
NumPy arrays or return tensors), and NumPy works as well.""",
    args=_TBPTT_ARGS,
    returns=(
        Value(
            "grads",
            about="the accumulated gradients, a dict with p's keys",
            kind="params",
            keys=_TBPTT_P.keys,
            key_shapes=_TBPTT_P.key_shapes,
        ),
        Value("h_last", "B, n", "the state after the last step"),
    ),
    cases=(
        {"T": 7, "k": 3, "B": 2, "m": 3, "n": 4, "q": 2},
        {"T": 8, "k": 4, "B": 3, "m": 2, "n": 5, "q": 3},
        {"T": 5, "k": 2, "B": 1, "m": 4, "n": 3, "q": 2},
        {"T": 6, "k": 6, "B": 2, "m": 3, "n": 2, "q": 1},
    ),
    example={"T": 5, "k": 2, "B": 2, "m": 3, "n": 4, "q": 2},
    make_inputs=_tbptt_inputs,
    from_scratch=False,
)


_MASKED_ARGS = (
    Value("logits", "T, B, K", "the scores of K classes at every step"),
    Value("targets", "T, B", "the right class at every step (an int array)"),
    Value("lengths", "B", "sequence b is real for t < lengths[b], padding after (ints)"),
)


def _masked_inputs(rng: Any, sizes: Sizes) -> dict[str, Any]:
    T, B, K = int(sizes["T"]), int(sizes["B"]), int(sizes["K"])
    lengths = rng.integers(1, T + 1, size=B)
    lengths[0] = T  # one full sequence, and (with B > 1) one padded
    if B > 1:
        lengths[1] = min(int(lengths[1]), T - 1) or 1
    return {
        "logits": normal(rng, sizes, "T, B, K", float(sizes.get("scale", 2.0))),
        "targets": rng.integers(0, K, size=(T, B)),
        "lengths": lengths,
    }


MASKED_SEQUENCE_LOSS = Exercise(
    name="masked_sequence_loss",
    title="Masked sequence loss for a padded batch",
    difficulty="medium",
    topic="sequence-modelling",
    summary="cross-entropy of a padded batch, masked",
    task="""\
A batch of B sequences padded to T steps. Sequence b is real for t < lengths[b]; the steps
after are padding and must not count. The loss is the mean cross-entropy over the real tokens:

    L = sum over b and t < lengths[b] of -log softmax(logits[t, b])[targets[t, b]]
        / (the number of real tokens, sum(lengths))

Return L (a number) and dlogits = ∂L/∂logits (T, B, K), which is zero at the padded steps.
Logits can be large (hundreds): compute the log-softmax stably.""",
    args=_MASKED_ARGS,
    returns=(
        Value("loss", kind="number", about="the mean over the real tokens"),
        Value("dlogits", "T, B, K", "∂L/∂logits"),
    ),
    cases=(
        {"T": 5, "B": 3, "K": 4},
        {"T": 3, "B": 4, "K": 6, "scale": 300.0},
        {"T": 6, "B": 2, "K": 3},
        {"T": 4, "B": 5, "K": 2},
    ),
    example={"T": 4, "B": 2, "K": 3},
    make_inputs=_masked_inputs,
    example_lines=(
        "T, B, K = 4, 2, 3",
        "logits = rng.standard_normal((T, B, K))",
        "targets = rng.integers(0, K, size=(T, B))",
        "lengths = np.array([4, 2])",
    ),
    nan_hint="log-softmax overflowed: subtract each row's max from the logits before exp "
    "(log-softmax = z - max - log(sum(exp(z - max))))",
)

EXERCISES = (RNN_BPTT, TRUNCATED_BPTT, MASKED_SEQUENCE_LOSS)
