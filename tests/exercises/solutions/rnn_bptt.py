"""Reference solution (tests only)."""

import numpy as np


def rnn_bptt(x, h0, W_h, W_x, b, g):
    steps = x.shape[0]
    h = np.zeros((steps, *h0.shape))
    prev = h0
    for t in range(steps):
        prev = h[t] = np.tanh(prev @ W_h.T + x[t] @ W_x.T + b)
    dx = np.zeros_like(x)
    dW_h, dW_x, db = np.zeros_like(W_h), np.zeros_like(W_x), np.zeros_like(b)
    d_next = np.zeros_like(h0)
    for t in reversed(range(steps)):
        d_a = (g[t] + d_next) * (1 - h[t] ** 2)
        before = h[t - 1] if t > 0 else h0
        dW_h += d_a.T @ before
        dW_x += d_a.T @ x[t]
        db += d_a.sum(axis=0)
        dx[t] = d_a @ W_x
        d_next = d_a @ W_h
    return h, dx, d_next, dW_h, dW_x, db
