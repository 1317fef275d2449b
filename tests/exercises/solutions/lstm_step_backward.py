"""Reference solution (tests only)."""

import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def lstm_step_backward(x, h_prev, c_prev, p, g_h, g_c):
    def pre(k):
        return h_prev @ p["W_" + k].T + x @ p["U_" + k].T + p["b_" + k]

    f = sigmoid(pre("f"))
    i = sigmoid(pre("i"))
    o = sigmoid(pre("o"))
    c_tilde = np.tanh(pre("c"))
    c = f * c_prev + i * c_tilde
    tanh_c = np.tanh(c)
    d_c = g_c + g_h * o * (1 - tanh_c**2)
    d_a = {
        "f": d_c * c_prev * f * (1 - f),
        "i": d_c * c_tilde * i * (1 - i),
        "c": d_c * i * (1 - c_tilde**2),
        "o": g_h * tanh_c * o * (1 - o),
    }
    dx = sum(d_a[k] @ p["U_" + k] for k in "fico")
    dh_prev = sum(d_a[k] @ p["W_" + k] for k in "fico")
    dc_prev = d_c * f
    grads = {}
    for k in "fico":
        grads["W_" + k] = d_a[k].T @ h_prev
        grads["U_" + k] = d_a[k].T @ x
        grads["b_" + k] = d_a[k].sum(axis=0)
    return dx, dh_prev, dc_prev, grads
