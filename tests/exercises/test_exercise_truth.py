"""The engine's truth: torch.nn cells and modules, and the explicit forwards that the known
mistakes are made from, agree; every exercise's labels are the spec's; the parameter counts of
real torch modules are those of paramcount.py; the specs' parameter names are the cells'."""

from __future__ import annotations

import numpy as np
import pytest

from interviewkit import paramcount
from interviewkit.engine import exercises as engine
from interviewkit.exercises.catalogue import BY_NAME, EXERCISES
from interviewkit.exercises.cells import GRU_KEYS, LSTM_KEYS
from interviewkit.exercises.diagnosis import is_right
from interviewkit.math.cells import get_cell

EXPLICIT = [n for n in BY_NAME if n not in ("stable_sigmoid", "logsumexp", "count_params")]


def draws(name: str, seed: int = 5):
    rng = np.random.default_rng(seed)
    exercise = BY_NAME[name]
    return [exercise.make_inputs(rng, sizes) for sizes in exercise.cases]


@pytest.mark.parametrize("name", [e.name for e in EXERCISES])
def test_truth_labels_follow_the_spec(name: str) -> None:
    assert set(engine.REFERENCES) == set(BY_NAME)
    for inputs in draws(name):
        truth = engine.truth(name, inputs)
        assert list(truth) == BY_NAME[name].labels(inputs)
        assert all(v.dtype == np.float64 for v in truth.values())


@pytest.mark.parametrize("name", EXPLICIT)
def test_explicit_forward_equals_torch_nn(name: str) -> None:
    """With no slip, the hand-written torch forward (the mistakes' base) is torch.nn's."""
    compute = engine.REFERENCES[name].compute
    for inputs in draws(name):
        truth, explicit = compute(inputs, None), compute(inputs, "exact")
        for label, value in truth.items():
            np.testing.assert_allclose(explicit[label], value, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name", [e.name for e in EXERCISES])
def test_every_mistake_changes_something(name: str) -> None:
    reference = engine.REFERENCES[name]
    for slip in reference.slips:
        changed = False
        for inputs in draws(name):
            right, wrong = reference.compute(inputs, None), reference.compute(inputs, slip)
            changed |= any(not is_right(wrong[k], v) for k, v in right.items())
        assert changed, f"{name}: the mistake {slip!r} gives the right answer"


def test_torch_module_counts_match_paramcount() -> None:
    for inputs in draws("count_params"):
        got = float(engine.truth("count_params", inputs)["count"])
        assert got == paramcount.count(
            inputs["cell"],
            inputs["input_size"],
            inputs["hidden_size"],
            layers=inputs["num_layers"],
            bidirectional=inputs["bidirectional"],
        )


def test_parameter_names_are_the_cells() -> None:
    lstm = set(get_cell("lstm").params)
    gru = set(get_cell("gru", "pytorch").params)
    assert set(LSTM_KEYS) == lstm
    assert set(GRU_KEYS) == gru
