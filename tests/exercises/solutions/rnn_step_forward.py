"""Reference solution (tests only)."""

import numpy as np


def rnn_step_forward(x, h_prev, W_h, W_x, b):
    return np.tanh(h_prev @ W_h.T + x @ W_x.T + b)
