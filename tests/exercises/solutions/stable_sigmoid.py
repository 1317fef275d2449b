"""Reference solution (tests only): a sigmoid that never exponentiates a large positive number."""

import numpy as np


def stable_sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
