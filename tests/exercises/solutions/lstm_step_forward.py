"""Reference solution (tests only)."""

import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def lstm_step_forward(x, h_prev, c_prev, p):
    def pre(k):
        return h_prev @ p["W_" + k].T + x @ p["U_" + k].T + p["b_" + k]

    f = sigmoid(pre("f"))
    i = sigmoid(pre("i"))
    o = sigmoid(pre("o"))
    c_tilde = np.tanh(pre("c"))
    c = f * c_prev + i * c_tilde
    h = o * np.tanh(c)
    return h, c
