"""Reference solution (tests only): subtract each row's max, add it back after the log."""

import numpy as np


def logsumexp(x):
    top = x.max(axis=-1, keepdims=True)
    return (top + np.log(np.exp(x - top).sum(axis=-1, keepdims=True)))[..., 0]
