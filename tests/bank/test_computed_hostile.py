"""Computed questions from a hostile deck: refused by the validator with file:line and why, and
guarded when drawn, so that none can hang, crash or eat memory (issue 11)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.bank import computations
from interviewkit.bank.loader import load_file
from interviewkit.bank.render import numeric_instance, render_question_text
from interviewkit.bank.schema import Numeric, Origin
from interviewkit.errors import BankError

QUESTION = """\
[[question]]
id = "hostile"
kind = "numeric"
topic = "parameters"
difficulty = "easy"
prompt = '''{prompt}'''
compute = "{compute}"
params = {{ {params} }}
explanation = "Because."
source = "Nobody (2026)"
"""


def problems_of(tmp_path: Path, compute: str, params: str, prompt: str = "") -> list[str]:
    """`field: message` of each problem of one computed question (its line is checked too)."""
    path = tmp_path / "deck.toml"
    names = [p.split("=")[0].strip() for p in params.split(", ") if "=" in p]
    prompt = prompt or " ".join(f"{{{n}}}" for n in names)
    text = QUESTION.format(prompt=prompt, compute=compute, params=params)
    path.write_text(text, encoding="utf-8")
    questions, problems = load_file(path)
    lines = text.split("\n")
    for p in problems:
        assert lines[p.line - 1].startswith(p.field), (p, lines)
    assert not (questions and problems)
    return [f"{p.field}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    "prompt",
    [
        "{input:>900000000} {hidden}",
        "{input!r} {hidden}",
        "{input[0]} {hidden}",
        "{input.real} {hidden}",
        "{0} {input} {hidden}",
        "{input:{hidden}}",
    ],
)
def test_a_prompt_takes_plain_placeholders_only(tmp_path: Path, prompt: str) -> None:
    [problem] = problems_of(tmp_path, "lstm_params", "input = 3, hidden = 4", prompt)
    assert problem.startswith("prompt: '{") and "is not a plain {name} placeholder" in problem


@pytest.mark.parametrize(
    ("compute", "params", "expected"),
    [
        ("pascanu_bound", "gamma = 1.0, sigma = 0.9, k = 1000000000", "k = 1000000000 leaves"),
        ("tbptt_backward_steps", "steps = 1000000000000, k1 = 1, k2 = 1", "steps = 1000000000000"),
        ("lstm_params", "input = [1, 9223372036854775807], hidden = 4", "a whole number from 1"),
        ("steps_to_fraction", "rho = 1.0, eps = 0.01", "rho must be a number in (0, 1)"),
        ("steps_to_fraction", "rho = [0.9, 0.999], eps = 0.01", "rho = [0.9, 0.999] can draw 1.0"),
        (
            "value_clip_angle",
            "g1 = [-0.01, 0.01], g2 = [-0.01, 0.01], v = 1.0",
            "g1 = 0.0, g2 = 0.0, v",
        ),
        ("tbptt_backward_steps", "steps = 1000000, k1 = 1, k2 = [1, 1000000]", None),
        ("steps_to_fraction", "rho = 0.5, eps = 0.0", "eps must be a number in (0, 1)"),
        ("sigmoid_derivative", "a = -1000.0", "a must be a number in [-100, 100]"),
        ("gate_product", "gate = 0.9, k = 3.5", "k must be whole numbers"),
        ("gate_product", "gate = 0.9, k = [1.0, 9.0]", "k must be whole numbers"),
        ("clip_scale", "norm = 0.0, tau = 1.0", "norm must be a number in (0, 1e+12]"),
        ("value_clip_angle", "g1 = 0.0, g2 = 0.0, v = 1.0", "gives a division by zero"),
        ("clipped_group_norm", "n1 = [0.0, 1.0], n2 = 0.0, tau = 1.0", "division by zero"),
        ("pascanu_bound", "gamma = 100.0, sigma = 1e6, k = [1, 10000]", "too large for a float"),
        ("nonnormal_power_norm", "a = 1000.0, b = 1.0, k = 9000", "too large for a float"),
        ("lstm_proj_params", "input = 4, hidden = 8, proj = [4, 8]", "must be smaller than"),
        ("forget_bias_product", "bias = [-100, 100], k = [0, 10000]", None),
        # a singularity inside the range, where one parameter equals the others: no end, no
        # 0 or ±1 and most seeded draws miss it
        (
            "layer_norm_first",
            "a = [2.99, 3.01], b = 3.0, c = 3.0, d = 3.0",
            "a = 3.0, b = 3.0, c = 3.0, d = 3.0 gives a division by zero",
        ),
        ("layer_norm_first", "a = [2, 1000], b = 3, c = 3, d = 3", "a = 3, b = 3"),
        ("layer_norm_first", "a = [2, 1000], b = [5, 9], c = 7, d = 7", "a = 7, b = 7, c = 7"),
    ],
)
def test_parameters_outside_the_domain_are_problems(
    tmp_path: Path, compute: str, params: str, expected: str | None
) -> None:
    found = problems_of(tmp_path, compute, params)
    if expected is None:
        assert found == []  # at the edge of every domain, and still computable
    else:
        assert len(found) == 1 and found[0].startswith("params: ") and expected in found[0], found


def test_evaluate_refuses_outside_the_domain_before_computing() -> None:
    with pytest.raises(BankError, match="steps = an integer of 4,983 bits must be a whole number"):
        computations.evaluate("tbptt_backward_steps", {"steps": 10**1500, "k1": 1, "k2": 1})
    with pytest.raises(BankError, match="k = True must be a whole number"):
        computations.evaluate("gate_product", {"gate": 0.5, "k": True})
    with pytest.raises(BankError, match="gives a division by zero"):
        computations.evaluate("clipped_group_norm", {"n1": 0.0, "n2": 0.0, "tau": 1.0})


def hostile(**changes) -> Numeric:
    """A computed question as if a deck had bypassed the validator (an old cache, an API user)."""
    base = Numeric(
        id="bad",
        kind="numeric",
        topic="parameters",
        difficulty="easy",
        prompt="{input} {hidden}",
        explanation="e",
        tags=(),
        source="s",
        origin=Origin("decks/bad.toml", 12, "bad"),
        compute="lstm_params",
        params={"input": 3, "hidden": 4},
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    "question",
    [
        hostile(prompt="{input:>900000000}"),
        hostile(prompt="{__class__}"),
        hostile(params={"input": 10**18, "hidden": 4}),
        hostile(compute="steps_to_fraction", prompt="{rho}", params={"rho": 1.0, "eps": 0.01}),
        hostile(compute="sigmoid_derivative", prompt="{a}", params={"a": (-1e6, -1e5)}),
    ],
)
def test_a_draw_that_fails_is_one_line_naming_the_question(question: Numeric) -> None:
    with pytest.raises(BankError) as caught:
        numeric_instance(question, seed=1)
    line = caught.value.one_line()
    assert line.startswith("question bad (decks/bad.toml:12) cannot be asked: ") and len(line) < 300
    with pytest.raises(BankError):
        render_question_text(question, seed=1)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_any_parameters_are_refused_or_computed(tmp_path: Path, data) -> None:
    """Random values (finite or not, huge, negative, decimal) for a random computation: the
    validator refuses them in one line, or every draw gives a finite number."""
    name = data.draw(st.sampled_from(sorted(computations.REGISTRY)))
    number = (
        st.integers(-(2**63), 2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False, width=64)
        | st.sampled_from([0, 1, -1, 0.5, 0.999, 1e-300, 1e300, 10**6])
    )
    params = {}
    for arg in computations.REGISTRY[name].arguments:
        value = data.draw(number | st.tuples(number, number).map(sorted))
        params[arg] = value
    text = ", ".join(
        f"{k} = [{v[0]!r}, {v[1]!r}]" if isinstance(v, list) else f"{k} = {v!r}"
        for k, v in params.items()
    )
    found = problems_of(tmp_path, name, text.replace("inf", "1e999"))
    if found:
        assert all(p.startswith("params: ") and "\n" not in p for p in found)
        return
    spec = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
    for seed in range(3):
        drawn = computations.draw_params(spec, seed)
        try:
            assert math.isfinite(computations.evaluate(name, drawn))
        except BankError as exc:  # a corner of the domain the ends and seeds did not hit
            assert "\n" not in exc.one_line()


def test_every_domain_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "computations.md").read_text(encoding="utf-8")
    for name, comp in computations.REGISTRY.items():
        assert f"| `{name}` | {comp.domains_text} | {comp.description} |" in doc, name


def test_a_listing_shows_a_question_whose_draw_fails_as_written() -> None:
    from interviewkit.bank.render import prompt_text

    assert prompt_text(hostile(prompt="X {input:>900000000}")) == "X {input:>900000000}"
