"""A multiple-choice question with its options in a new order each time it is shown.

Learners remember positions: the same question always showing its answer as B teaches "B". So
each showing draws an order (`seed`), and the options are lettered A, B, ... as shown; the
correct letters and the "why wrong" lines move with their options, so every line of feedback
names the letters on screen. The file stays the source of the letters: `to_file` turns letters
as shown back into the file's, which is what the progress store records.

>>> from interviewkit.bank.schema import Choice
>>> q = Choice("q", "choice", "gru", "easy", "?", "", (), "", options=("x", "y", "z"),
...            correct=("B",), why_wrong={"A": "not x"})
>>> shown = shuffled(q, seed=3)
>>> shown.choice.options, shown.choice.correct, shown.choice.why_wrong
(('y', 'z', 'x'), ('A',), {'C': 'not x'})
>>> shown.to_file(["A"])
('B',)
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

from interviewkit.bank.schema import Choice


@dataclass(frozen=True)
class ShownChoice:
    """The question as shown (`choice`, lettered in its new order) and the way back."""

    choice: Choice
    file_labels: tuple[str, ...]  # the file's letter of each option shown, in order

    def to_file(self, shown: Iterable[str]) -> tuple[str, ...]:
        """Letters as shown -> the file's letters, sorted (unknown letters are dropped)."""
        back = dict(zip(self.choice.labels, self.file_labels, strict=True))
        return tuple(sorted(back[s] for s in shown if s in back))


def shuffled(question: Choice, seed: int | None) -> ShownChoice:
    """`question` with its options in an order drawn from `seed` (None: any order)."""
    order = list(range(len(question.options)))
    random.Random(seed).shuffle(order)
    labels = question.labels
    file_labels = tuple(labels[i] for i in order)
    new = {old: labels[n] for n, old in enumerate(file_labels)}
    choice = replace(
        question,
        options=tuple(question.options[i] for i in order),
        correct=tuple(sorted(new[c] for c in question.correct if c in new)),
        why_wrong={new[k]: v for k, v in question.why_wrong.items() if k in new},
    )
    return ShownChoice(choice, file_labels)
