"""The closed sets a question is checked against: kinds, difficulties, topics and cells.

Apart from `schema`'s dataclasses (~6 ms to build) so that the CLI's parsers, which offer
these as choices, and the quiz's first screen can name them without building those.
`schema` re-exports all of them.
"""

from __future__ import annotations

from typing import Literal, get_args

#: The kinds of question, one closed set: a type checker refuses any other string.
Kind = Literal["flashcard", "choice", "numeric", "derivation", "short", "code"]
KINDS: tuple[Kind, ...] = get_args(Kind)
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

#: Topic slug -> human title. A question's `topic` must be one of these.
TOPICS: dict[str, str] = {
    "sequence-modelling": "Sequence modelling and unrolling",
    "bptt": "Backpropagation through time",
    "vanishing-exploding": "Vanishing and exploding gradients",
    "orthogonal": "Orthogonal and unitary recurrences",
    "clipping": "Gradient clipping",
    "lstm": "LSTM gates and the cell state",
    "gru": "GRU",
    "cells": "Cell variants: peephole, CIFG, minGRU, minLSTM, IndRNN",
    "jacobians": "Jacobians of recurrent cells",
    "parameters": "Parameter counting",
    "truncated-bptt": "Truncated BPTT and stateful training",
    "architectures": "Stacked, bidirectional and regularised RNNs",
    "training": "Training and optimising recurrent models",
    "seq2seq": "Sequence-to-sequence, teacher forcing and attention",
    "decoding": "Decoding: greedy, beam search and sampling",
    "ctc-transducers": "CTC and RNN transducers",
    "attention": "Attention versus recurrence",
    "hardware": "Efficiency on hardware",
    "beyond-rnns": "What replaced or revived recurrence",
    "linear-recurrences": "Linear recurrences and state-space models",
    "state-limits": "What a fixed-size state cannot do",
    "debugging": "Debugging recurrent models in practice",
}

#: The cells a question can be about (`Question.cells`): a tag, a topic or a derivation
#: target's cell that names one of these makes it a question on that cell. The built-in cells
#: of `math.cells`, spelled out here so that the quiz starts without reading their files (a
#: test keeps the two lists equal).
CELLS: tuple[str, ...] = ("rnn", "lstm", "gru", "peephole", "cifg", "mingru", "minlstm", "indrnn")
