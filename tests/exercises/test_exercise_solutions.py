"""Every exercise: the reference solution passes, and typical wrong solutions get the right
diagnosis for the right output (each one a variant of the reference with a line changed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from exercisehelpers import SOLUTIONS, variant

from interviewkit.exercises.catalogue import EXERCISES, get
from interviewkit.exercises.grader import check_file

SEED = 3


@pytest.mark.parametrize("name", [e.name for e in EXERCISES])
def test_reference_solution_passes(name: str) -> None:
    report = check_file(get(name), SOLUTIONS / f"{name}.py", seed=SEED)
    assert report.passed, report.wrong
    assert len(report.cases) == len(get(name).cases)


SIGMOID = "z = np.exp(-np.abs(x))\n    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))"
LSE = "return (top + np.log(np.exp(x - top).sum(axis=-1, keepdims=True)))[..., 0]"
RNN = "return np.tanh(h_prev @ W_h.T + x @ W_x.T + b)"
CLIP = "return [g * scale for g in grads], total_norm"
GRU_H = 'r * (h_prev @ p["W_h"].T + p["b_hn"])'
D_C = "d_c = g_c + g_h * o * (1 - tanh_c**2)"
BPTT_D_A = "d_a = (g[t] + d_next) * (1 - h[t] ** 2)"

#: (exercise, edits, the output to look at, the diagnosis kind, words of its sentence)
WRONG = [
    (
        "stable_sigmoid",
        [(SIGMOID, "return np.exp(x) / (1 + np.exp(x))")],
        "s",
        "nan",
        "exp overflowed",
    ),
    (  # the textbook form: right values in float64, but exp(1000) overflows on the way
        "stable_sigmoid",
        [(SIGMOID, "return 1 / (1 + np.exp(-x))")],
        "s",
        "overflow",
        "exp overflowed on the way",
    ),
    (  # np.where computes both branches, so the unused one overflows
        "stable_sigmoid",
        [(SIGMOID, "return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))")],
        "s",
        "overflow",
        "use exp(-|x|)",
    ),
    (
        "stable_sigmoid",
        [(SIGMOID, "return 1 / (1 + np.exp(x))")],
        "s",
        "mistake",
        "sign is flipped",
    ),
    (
        "stable_sigmoid",
        [(SIGMOID, "return 1 / (1 + np.exp(-np.clip(x, -20, 20)))")],
        "s",
        "entries",
        "where x = -",
    ),
    (
        "stable_sigmoid",
        [
            (
                "return np.where(x >= 0, 1 / (1 + z), z / (1 + z))",
                "return np.where(x >= 0, 1 / (1 + z), z / (1 + z)).ravel()",
            )
        ],
        "s",
        "shape",
        "expected (B, K)",
    ),
    (
        "logsumexp",
        [(LSE, "return np.log(np.exp(x).sum(axis=-1))")],
        "lse",
        "inf",
        "subtract each row's max",
    ),
    (
        "logsumexp",
        [(LSE, "return np.log(np.exp(x - top).sum(axis=-1))")],
        "lse",
        "mistake",
        "not added back",
    ),
    (
        "logsumexp",
        [(LSE, "return top + np.log(np.exp(x - top).sum(axis=-1, keepdims=True))")],
        "lse",
        "shape",
        "keepdims",
    ),
    ("logsumexp", [(LSE, LSE.replace(".sum(", ".mean("))], "lse", "mistake", "log of the mean"),
    (
        "clip_by_global_norm",
        [
            (
                CLIP,
                "return [g * min(1.0, max_norm / (np.sqrt(np.sum(g**2)) "
                "+ 1e-6)) for g in grads], total_norm",
            )
        ],
        "clipped[0]",
        "mistake",
        "its own norm",
    ),
    (
        "clip_by_global_norm",
        [
            (
                "scale = min(1.0, max_norm / (total_norm + 1e-6))",
                "scale = max_norm / (total_norm + 1e-6)",
            )
        ],
        "clipped[0]",
        "mistake",
        "already below max_norm",
    ),
    (
        "clip_by_global_norm",
        [
            (
                "np.sqrt(sum(np.sum(g**2) for g in grads))",
                "sum(np.sqrt(np.sum(g**2)) for g in grads)",
            )
        ],
        "total_norm",
        "mistake",
        "not the sum of the arrays' norms",
    ),
    (
        "clip_by_global_norm",
        [("(total_norm + 1e-6)", "total_norm")],
        "clipped[0]",
        "mistake",
        "the 1e-6 is missing",
    ),
    (
        "clip_by_global_norm",
        [(CLIP, "return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm")],
        "clipped[0]",
        "mistake",
        "clipping by value",
    ),
    (
        "count_params",
        [("+ 2 * gates * hidden_size", "+ gates * hidden_size")],
        "count",
        "mistake",
        "Keras",
    ),
    (
        "count_params",
        [("x = input_size if layer == 0 else hidden_size * directions", "x = input_size")],
        "count",
        "mistake",
        "every layer was given input_size",
    ),
    (
        "count_params",
        [("directions = 2 if bidirectional else 1", "directions = 1")],
        "count",
        "mistake",
        "two directions",
    ),
    (
        "count_params",
        [("else hidden_size * directions", "else hidden_size")],
        "count",
        "mistake",
        "both its directions",
    ),
    (
        "rnn_step_forward",
        [(RNN, "return np.tanh(h_prev @ W_h.T + x @ W_x.T)")],
        "h",
        "mistake",
        "bias b is missing",
    ),
    (
        "rnn_step_forward",
        [(RNN, "return np.tanh(h_prev @ W_h + x @ W_x.T + b)")],
        "h",
        "mistake",
        "untransposed",
    ),
    (
        "rnn_step_forward",
        [(RNN, "return 1 / (1 + np.exp(-(h_prev @ W_h.T + x @ W_x.T + b)))")],
        "h",
        "mistake",
        "sigmoid where tanh belongs",
    ),
    ("rnn_step_forward", [(RNN, RNN + ".T")], "h", "shape", "transposed"),
    (
        "rnn_step_backward",
        [
            (
                "d_a = g_h * (1 - h**2)",
                "a = h_prev @ W_h.T + x @ W_x.T + b\n    d_a = g_h * (1 - a**2)",
            )
        ],
        "dx",
        "mistake",
        "not 1 - a**2",
    ),
    (
        "rnn_step_backward",
        [("d_a = g_h * (1 - h**2)", "d_a = g_h")],
        "dx",
        "mistake",
        "tanh slope is missing",
    ),
    (
        "rnn_step_backward",
        [("dh_prev = d_a @ W_h", "dh_prev = d_a @ W_h.T")],
        "dh_prev",
        "mistake",
        "dh_prev = d_a @ W_h",
    ),
    (
        "rnn_step_backward",
        [("dW_h = d_a.T @ h_prev", "dW_h = h_prev.T @ d_a")],
        "dW_h",
        "transposed",
        "return its .T",
    ),
    (
        "rnn_step_backward",
        [("db = d_a.sum(axis=0)", "db = d_a")],
        "db",
        "shape",
        "sum over the batch",
    ),
    (
        "rnn_step_backward",
        [("dW_x = d_a.T @ x", "dW_x = d_a.T @ x / x.shape[0]")],
        "dW_x",
        "factor",
        "batch size",
    ),
    (
        "rnn_step_backward",
        [("dW_h = d_a.T @ h_prev", "dW_h = d_a.T @ h")],
        "dW_h",
        "mistake",
        "uses h where h_prev belongs",
    ),
    (
        "lstm_step_forward",
        [("c = f * c_prev + i * c_tilde", "c = i * c_prev + f * c_tilde")],
        "c",
        "mistake",
        "gates are swapped",
    ),
    (
        "lstm_step_forward",
        [("h = o * np.tanh(c)", "h = o * c")],
        "h",
        "mistake",
        "tanh of the cell state is missing",
    ),
    (
        "lstm_step_forward",
        [('c_tilde = np.tanh(pre("c"))', 'c_tilde = sigmoid(pre("c"))')],
        "c",
        "mistake",
        "candidate uses sigmoid",
    ),
    (
        "lstm_step_forward",
        [("h = o * np.tanh(c)", "h = o * np.tanh(c_prev)")],
        "h",
        "mistake",
        "old cell state",
    ),
    (
        "lstm_step_backward",
        [("d_c = g_c + g_h", "d_c = g_h")],
        "dc_prev",
        "mistake",
        "g_c is left out",
    ),
    (
        "lstm_step_backward",
        [("dc_prev = d_c * f", "dc_prev = d_c")],
        "dc_prev",
        "mistake",
        "forget gate is missing",
    ),
    (
        "lstm_step_backward",
        [(D_C, "d_c = g_c + g_h * o * (1 - c**2)")],
        "dx",
        "mistake",
        "not 1 - c**2",
    ),
    (
        "lstm_step_backward",
        [(D_C, "d_c = g_c")],
        "dc_prev",
        "mistake",
        "path from h to c is missing",
    ),
    (
        "lstm_step_backward",
        [('"f": d_c * c_prev * f * (1 - f)', '"f": d_c * c_prev * f')],
        "grads['W_f']",
        "mistake",
        "sigmoid slope",
    ),
    (
        "lstm_step_backward",
        [('grads["W_" + k] = d_a[k].T @ h_prev', 'grads["W_" + k] = h_prev.T @ d_a[k]')],
        "grads['W_o']",
        "transposed",
        "return its .T",
    ),
    (
        "lstm_step_backward",
        [('d_a[k] @ p["W_" + k] for', 'd_a[k] @ p["W_" + k].T for')],
        "dh_prev",
        "mistake",
        "transposed W's",
    ),
    (
        "lstm_step_backward",
        [('"c": d_c * i * (1 - c_tilde**2)', '"c": d_c * i * (1 - pre("c") ** 2)')],
        "grads['U_c']",
        "mistake",
        "slope of the candidate",
    ),
    (
        "gru_step_forward",
        [(GRU_H, '(r * h_prev) @ p["W_h"].T + p["b_hn"]')],
        "h",
        "mistake",
        "before the matmul",
    ),
    (
        "gru_step_forward",
        [("return z * h_prev + (1 - z) * h_tilde", "return (1 - z) * h_prev + z * h_tilde")],
        "h",
        "mistake",
        "z and 1 - z are swapped",
    ),
    (
        "gru_step_forward",
        [(GRU_H, 'r * (h_prev @ p["W_h"].T) + p["b_hn"]')],
        "h",
        "mistake",
        "b_hn sits outside",
    ),
    (
        "gru_step_backward",
        [("dh_prev = g_h * z + ", "dh_prev = ")],
        "dh_prev",
        "mistake",
        "direct path is missing",
    ),
    (
        "gru_step_backward",
        [('"b_hn": d_inner.sum(axis=0)', '"b_hn": d_a_h.sum(axis=0)')],
        "grads['b_hn']",
        "mistake",
        "d_a_h * r",
    ),
    (
        "gru_step_backward",
        [("g_h * (h_prev - h_tilde)", "g_h * (h_tilde - h_prev)")],
        "dx",
        "mistake",
        "sign of d_z is flipped",
    ),
    (
        "gru_step_backward",
        [("d_r = d_a_h * inner", "d_r = 0 * inner")],
        "grads['W_r']",
        "mistake",
        "through the reset gate is missing",
    ),
    (
        "rnn_bptt",
        [(BPTT_D_A, "d_a = g[t] * (1 - h[t] ** 2)")],
        "dx",
        "mistake",
        "path through time is missing",
    ),
    (
        "rnn_bptt",
        [("dW_h += d_a.T @ before", "dW_h = d_a.T @ before")],
        "dW_h",
        "mistake",
        "first step's share only",
    ),
    (
        "rnn_bptt",
        [(BPTT_D_A, "d_a = ((g[t] if t == steps - 1 else 0) + d_next) * (1 - h[t] ** 2)")],
        "dx",
        "mistake",
        "only the last step's g",
    ),
    (
        "rnn_bptt",
        [("before = h[t - 1] if t > 0 else h0", "before = h[t]")],
        "dW_h",
        "mistake",
        "uses h[t] where h[t-1] belongs",
    ),
    (
        "truncated_bptt",
        [("h = h.detach()", "pass"), ("loss.backward()", "loss.backward(retain_graph=True)")],
        "grads['W_h']",
        "mistake",
        "not detached",
    ),
    (
        "truncated_bptt",
        [("h = h.detach()", "h = torch.as_tensor(h0)")],
        "grads['W_h']",
        "mistake",
        "not carried",
    ),
    (
        "truncated_bptt",
        [
            (
                "        loss.backward()",
                "        for v in w.values():\n            v.grad = None\n        loss.backward()",
            )
        ],
        "grads['W_x']",
        "mistake",
        "only the last chunk's gradient",
    ),
    (
        "truncated_bptt",
        [("range(0, x.shape[0], k)", "range(0, x.shape[0] - k + 1, k)")],
        "h_last",
        "mistake",
        "last, shorter chunk is missing",
    ),
    (
        "masked_sequence_loss",
        [
            (
                "mask = (np.arange(steps)[:, None] < lengths[None, :]).astype(float)",
                "mask = np.ones((steps, batch))",
            )
        ],
        "loss",
        "mistake",
        "padded steps count",
    ),
    (
        "masked_sequence_loss",
        [("tokens = mask.sum()", "tokens = mask.size")],
        "dlogits",
        "mistake",
        "all T*B positions",
    ),
    (
        "masked_sequence_loss",
        [("np.arange(steps)[:, None] < lengths", "np.arange(steps)[:, None] <= lengths")],
        "loss",
        "mistake",
        "off by one",
    ),
    (
        "masked_sequence_loss",
        [("log_z = top + np.log(np.exp(logits - top)", "log_z = np.log(np.exp(logits)")],
        "loss",
        "inf",
        "subtract each row's max",
    ),
]


def test_at_least_three_wrong_solutions_per_exercise() -> None:
    counts = {e.name: 0 for e in EXERCISES}
    for name, *_ in WRONG:
        counts[name] += 1
    assert min(counts.values()) >= 3, counts


@pytest.mark.parametrize(
    ("name", "edits", "label", "kind", "words"),
    WRONG,
    ids=[f"{w[0]}-{w[3]}-{i}" for i, w in enumerate(WRONG)],
)
def test_wrong_solution_is_diagnosed(
    tmp_path: Path, name: str, edits, label: str, kind: str, words: str
) -> None:
    report = check_file(get(name), variant(tmp_path, name, edits), seed=SEED)
    assert not report.passed
    assert label in report.wrong
    first = next(o for c in report.cases for o in c.outputs if o.label == label and not o.right)
    assert first.diagnosis is not None
    assert (first.diagnosis.kind, words in first.diagnosis.message) == (kind, True), first.diagnosis
