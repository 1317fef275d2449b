"""Reference solution (tests only)."""

import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_step_backward(x, h_prev, p, g_h):
    z = sigmoid(h_prev @ p["W_z"].T + x @ p["U_z"].T + p["b_z"])
    r = sigmoid(h_prev @ p["W_r"].T + x @ p["U_r"].T + p["b_r"])
    inner = h_prev @ p["W_h"].T + p["b_hn"]
    h_tilde = np.tanh(x @ p["U_h"].T + p["b_h"] + r * inner)
    d_a_h = g_h * (1 - z) * (1 - h_tilde**2)
    d_a_z = g_h * (h_prev - h_tilde) * z * (1 - z)
    d_r = d_a_h * inner
    d_a_r = d_r * r * (1 - r)
    d_inner = d_a_h * r
    dx = d_a_z @ p["U_z"] + d_a_r @ p["U_r"] + d_a_h @ p["U_h"]
    dh_prev = g_h * z + d_a_z @ p["W_z"] + d_a_r @ p["W_r"] + d_inner @ p["W_h"]
    grads = {
        "W_z": d_a_z.T @ h_prev,
        "W_r": d_a_r.T @ h_prev,
        "W_h": d_inner.T @ h_prev,
        "U_z": d_a_z.T @ x,
        "U_r": d_a_r.T @ x,
        "U_h": d_a_h.T @ x,
        "b_z": d_a_z.sum(axis=0),
        "b_r": d_a_r.sum(axis=0),
        "b_h": d_a_h.sum(axis=0),
        "b_hn": d_inner.sum(axis=0),
    }
    return dx, dh_prev, grads
