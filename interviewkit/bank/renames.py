"""Question ids that were renamed, old -> new, so a learner's progress follows the question.

An id is a promise: the progress store keys every card and review on it. An id that came to say
something other than its question (a slug written for an earlier draft) is renamed here, never
silently: the store moves the old id's history to the new one when it opens
(`study.id_renames`), and an old id is never reused for another question (a test checks both
that every new id exists in the bank and that no old id does).
"""

from __future__ import annotations

#: old id -> new id. Append only; a new id is never itself renamed (no chains).
RENAMES: dict[str, str] = {
    # asks for the limit z -> 1 (the copy limit), not z -> 0
    "jac-gru-cho-dh-dhprev-gate-zero": "jac-gru-cho-dh-dhprev-copy-limit",
    # computes z^k along the GRU's direct path, not the GRU/LSTM parameter ratio
    "gru-lstm-param-ratio": "gru-update-gate-decay",
    # computes the sigmoid's slope at the forget bias, not a product over steps
    "lstm-forget-bias-product": "lstm-forget-gate-slope",
    # counts a Keras GRU with its defaults, not a random torch.nn.GRU
    "params-gru-random": "params-gru-keras-default",
    # asks what a falling GradScaler scale means, not where clipping goes
    "dbg-amp-clipping-order": "dbg-amp-scale-backoff",
    # asks for the shape of weight_ih_l1, not for a parameter count
    "arch-bilstm-params": "arch-bilstm-upper-input-shape",
}


def current_id(question_id: str) -> str:
    """The id a question has now: its new id if it was renamed, else itself."""
    return RENAMES.get(question_id, question_id)
