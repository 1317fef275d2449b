"""`derive`: the SymPy derivation, its whiteboard form, its steps, its extras and the command."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from interviewkit.cli import main
from interviewkit.errors import NotationError
from interviewkit.math.cells import environment, get_cell
from interviewkit.math.check import check
from interviewkit.math.derive import derive, lstm_joint_jacobian, rnn_k_step
from interviewkit.math.evaluate import evaluate
from interviewkit.math.expr import BinOp, Call, Expr, Sym, children
from interviewkit.math.notation import parse
from interviewkit.math.printer import to_ascii
from interviewkit.math.targets import TARGETS

CELLS = [("rnn", None), ("lstm", None), ("gru", "cho"), ("gru", "chung"), ("gru", "pytorch")]

#: The "one correct form" column of NOTATION.md, typed in here only to compare with the derivation.
NOTATION_ANSWERS = {
    "rnn.dh_dhprev": "diag(1 - h**2) @ W_h",
    "rnn.dh_dx": "diag(1 - h**2) @ W_x",
    "lstm.dc_dcprev": "diag(f)",
    "lstm.dc_dhprev": "diag(c_prev*f*(1-f)) @ W_f + diag(c_tilde*i*(1-i)) @ W_i"
    " + diag(i*(1-c_tilde**2)) @ W_c",
    "lstm.dh_dc": "diag(o*(1 - tanh(c)**2))",
    "lstm.dh_dcprev": "diag(o*(1 - tanh(c)**2)*f)",
    "lstm.dh_dhprev": "diag(tanh(c)*o*(1-o)) @ W_o + diag(o*(1-tanh(c)**2)) @ ("
    "diag(c_prev*f*(1-f)) @ W_f + diag(c_tilde*i*(1-i)) @ W_i + diag(i*(1-c_tilde**2)) @ W_c)",
}


#: The backward-pass and BPTT rows of NOTATION.md, typed in only to grade them as answers.
NOTATION_GRADIENTS = {
    "rnn.dL_da": "(1 - h**2) * g_h",
    "rnn.dL_dhprev": "W_h.T @ ((1 - h**2) * g_h)",
    "rnn.dL_dx": "W_x.T @ ((1 - h**2) * g_h)",
    "rnn.dL_dW_h": "d_a @ h_prev.T",
    "rnn.dL_dW_x": "d_a @ x.T",
    "rnn.dL_db": "d_a",
    "lstm.dL_dc": "g_c + g_h * o * (1 - tanh(c)**2)",
    "lstm.dL_dcprev": "d_c * f",
    "lstm.dL_da_f": "d_c * c_prev * f * (1 - f)",
    "lstm.dL_dhprev": "W_f.T @ d_a_f + W_i.T @ d_a_i + W_c.T @ d_a_c + W_o.T @ d_a_o",
    "lstm.dL_dx": "U_f.T @ d_a_f + U_i.T @ d_a_i + U_c.T @ d_a_c + U_o.T @ d_a_o",
    "lstm.dL_dW_i": "d_a_i @ h_prev.T",
    "lstm.dL_dU_o": "d_a_o @ x.T",
    "lstm.dL_db_c": "d_a_c",
    "rnn.bptt_d_a": "(1 - h_t**2) * (g_t + W_h.T @ d_a_{t+1})",
    "rnn.bptt_dW_h": "sum_t(d_a_t @ h_{t-1}.T)",
    "rnn.bptt_dW_x": "sum_t(d_a_t @ x_t.T)",
    "rnn.bptt_db": "sum_t(d_a_t)",
    "lstm.bptt_d_h": "g_t + W_f.T @ d_a_f_{t+1} + W_i.T @ d_a_i_{t+1} + W_c.T @ d_a_c_{t+1}"
    " + W_o.T @ d_a_o_{t+1}",
    "lstm.bptt_d_c": "d_h_t * o_t * (1 - tanh(c_t)**2) + d_c_{t+1} * f_{t+1}",
    "lstm.bptt_dW_f": "sum_t(d_a_f_t @ h_{t-1}.T)",
}


@pytest.mark.parametrize("target", list(NOTATION_GRADIENTS))
def test_gradients_agree_with_notation_md(target: str) -> None:
    result = check(target, NOTATION_GRADIENTS[target])
    assert result.verdict == "correct", result.feedback


def _nodes(e: Expr) -> int:
    return 1 + sum(_nodes(c) for c in children(e))


def _calls(e: Expr) -> set[str]:
    own = {e.func} if isinstance(e, Call) else set()
    return own.union(*(_calls(c) for c in children(e)))


@pytest.mark.parametrize("target", list(NOTATION_ANSWERS))
def test_derivation_agrees_with_notation_md(target: str) -> None:
    [d] = derive(target.split(".")[0], target=target)
    for seed in (0, 1):
        env = environment(get_cell(TARGETS[target].cell), np.random.default_rng(seed), n=4, m=3)
        expected = evaluate(parse(NOTATION_ANSWERS[target]), env)
        np.testing.assert_allclose(evaluate(d.expr, env), expected, rtol=1e-12, atol=1e-14)


def test_whiteboard_forms_exactly() -> None:
    got = {d.target: to_ascii(d.expr) for c, v in CELLS[:2] for d in derive(c, v)}
    assert got["rnn.dh_dhprev"] == "diag(1 - h**2) @ W_h"
    assert got["lstm.dc_dcprev"] == "diag(f)"
    assert got["lstm.dh_dc"] == "diag(o * (1 - tanh(c)**2))"
    assert got["lstm.dh_dcprev"] == "diag(o * (1 - tanh(c)**2) * f)"
    assert got["lstm.dc_dhprev"] == (
        "diag(c_prev * f * (1 - f)) @ W_f + diag(c_tilde * i * (1 - i)) @ W_i"
        " + diag(i * (1 - c_tilde**2)) @ W_c"
    )
    pytorch = {d.target: to_ascii(d.expr) for d in derive("gru", "pytorch")}
    assert pytorch["gru.dh_dhprev"].startswith("diag(z) + diag((h_prev - h_tilde) * z * (1 - z))")
    chung = {d.target: to_ascii(d.expr) for d in derive("gru", "chung")}
    assert chung["gru.dh_dhprev"].startswith("diag(1 - z) + diag((h_tilde - h_prev) * z * (1 - z))")


@pytest.mark.parametrize(("cell", "variant"), CELLS)
def test_results_are_compact_gate_forms(cell: str, variant: str | None) -> None:
    for d in derive(cell, variant):
        # gate values stand for their formulas: no σ(a_f) or exp left, and a small tree
        assert not _calls(d.expr) & {"sigmoid", "exp", "sech", "log"}, to_ascii(d.expr)
        assert _nodes(d.expr) < 90, (d.target, _nodes(d.expr))
        assert d.shape == "×".join(TARGETS[d.target].shape)
        assert d.variant == variant
        assert parse(to_ascii(d.expr)) == d.expr


@pytest.mark.parametrize(("cell", "variant"), CELLS)
def test_ascii_output_round_trips_through_check(cell, variant, capsys) -> None:
    args = ["derive", cell, "--format", "ascii"] + (["--variant", variant] if variant else [])
    assert main(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(
        [t for t in TARGETS.values() if t.cell == cell and t.kind == "jacobian"]
    )
    for line in lines:
        target, _, answer = line.partition(" = ")
        result = check(
            target, answer
        )  # a line is graded as it stands: the suffix names the variant
        assert result.verdict == "correct", (line, result.feedback)


@pytest.mark.parametrize(("cell", "variant"), CELLS)
@pytest.mark.parametrize("flag", ["--backward", "--bptt"])
def test_gradient_lines_round_trip_through_check(cell, variant, flag, capsys) -> None:
    args = ["derive", cell, flag, "--format", "ascii"] + (["--variant", variant] if variant else [])
    assert main(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 3
    for line in lines:
        target, _, answer = line.partition(" = ")
        result = check(target, answer)
        assert result.verdict == "correct", (line, result.feedback)


def test_the_other_gru_convention_is_not_correct() -> None:
    [cho] = derive("gru", "cho", "dh_dhprev")
    assert check("gru.dh_dhprev", to_ascii(cho.expr), "chung").verdict == "incorrect"


def test_steps_follow_the_paths_of_lstm_dh_dhprev() -> None:
    [d] = derive("lstm", target="lstm.dh_dhprev")
    top = d.steps[0]
    assert top.node == Sym("h") and top.result == d.expr
    assert [p.via for p in top.paths] == [Sym("o"), Sym("c")]
    c_step = d.steps[top.paths[1].step]
    assert c_step.node == Sym("c")
    assert [p.via for p in c_step.paths] == [Sym("f"), Sym("i"), Sym("c_tilde")]
    assert to_ascii(top.paths[1].local) == "diag(o * (1 - tanh(c)**2))"
    f_step = d.steps[c_step.paths[0].step]
    assert to_ascii(f_step.paths[0].local) == "diag(f * (1 - f))"  # σ' in the gate's own name
    assert [s.depth for s in d.steps][:2] == [0, 1]


def test_gru_pytorch_steps_read_like_a_page(capsys) -> None:
    assert main(["derive", "gru", "--variant", "pytorch", "--steps"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("∂hₜ/∂hₜ₋₁ of the GRU, pytorch variant")
    assert set(lines[1]) == {"═"}
    assert "Equations" in lines and "1. h = z ⊙ hₜ₋₁ + (1 − z) ⊙ h̃ reaches hₜ₋₁" in out
    assert "through W_h · hₜ₋₁  diag(r) · W_h" in out
    assert "(step 5)" in out and "∂r/∂hₜ₋₁ = diag(r ⊙ (1 − r)) · W_r" in out
    from interviewkit.math.explain import width

    assert max(width(line) for line in lines) <= 80


def test_cho_steps_explain_the_reset_inside_the_product(capsys) -> None:
    assert main(["derive", "gru", "--target", "dh_dhprev", "--steps", "--format", "ascii"]) == 0
    out = capsys.readouterr().out
    assert "da_h/dh_prev = W_h @ d(r * h_prev)/dh_prev" in out
    assert "so d(r * h_prev)/dh_prev = diag(r) + diag(h_prev * r * (1 - r)) @ W_r" in out
    assert out.isascii()


def test_joint_state_blocks_and_total_against_a_two_step_computation() -> None:
    j = lstm_joint_jacobian()
    blocks = {(to_ascii(r), to_ascii(c)): to_ascii(j.blocks[i][k]) for i, r in enumerate(j.rows)
              for k, c in enumerate(j.cols)}  # fmt: skip
    assert blocks[("c", "c_prev")] == "diag(f)"
    assert blocks[("h", "c_prev")] == "diag(o * (1 - tanh(c)**2) * f)"
    # total dc_t/dc_{t-1} with h_{t-1} = o_prev * tanh(c_{t-1}): finite differences agree
    rng = np.random.default_rng(5)
    cell = get_cell("lstm")
    env = environment(cell, rng, n=4, m=3)
    o_prev = 1 / (1 + np.exp(-rng.standard_normal((4, 1))))

    def c_of(c_prev: np.ndarray) -> np.ndarray:
        e = {**env, "c@-1": c_prev, "h@-1": o_prev * np.tanh(c_prev)}
        for eq in cell.equations:
            e[eq.name] = evaluate(eq.rhs, e)
        return e["c"][:, 0]

    env = {**env, "h@-1": o_prev * np.tanh(env["c@-1"])}
    for eq in cell.equations:
        env[eq.name] = evaluate(eq.rhs, env)
    env["o@-1"] = o_prev
    total = evaluate(BinOp("+", j.direct, j.through_h), env)
    eps = 1e-6
    numeric = np.stack(
        [(c_of(env["c@-1"] + eps * e[:, None]) - c_of(env["c@-1"] - eps * e[:, None])) / (2 * eps)
         for e in np.eye(4)], axis=1)  # fmt: skip
    np.testing.assert_allclose(total, numeric, rtol=1e-6, atol=1e-8)
    assert not np.allclose(total, np.diag(env["f"][:, 0]), atol=1e-3)  # diag(f) alone is not it


def test_k_step_bound_holds_on_random_trajectories() -> None:
    k = rnn_k_step()
    assert to_ascii(k.one_step) == "diag(1 - h**2) @ W_h"
    assert k.activation == "tanh" and k.gamma == "1"
    gamma = float(k.gamma)
    cell = get_cell("rnn")
    rng = np.random.default_rng(11)
    for scale in (0.5, 1.0, 2.0):
        env = environment(cell, rng, n=4, m=3)
        env["W_h"] = env["W_h"] * scale
        product = np.eye(4)
        bound_base = gamma * np.linalg.norm(env["W_h"], 2)
        for steps in range(1, 7):
            env["x"] = rng.standard_normal((3, 1))
            for eq in cell.equations:
                env[eq.name] = evaluate(eq.rhs, env)
            product = evaluate(k.one_step, env) @ product
            assert np.linalg.norm(product, 2) <= bound_base**steps * (1 + 1e-12)
            env["h@-1"] = env["h"]


def test_extras_in_the_command(capsys) -> None:
    assert main(["derive", "rnn", "--extras"]) == 0
    out = capsys.readouterr().out
    assert "Pascanu, Mikolov and Bengio (2013)" in " ".join(out.split())
    assert "‖∂hₜ/∂hₜ₋ₖ‖₂ ≤ (γ · σ_max(W_h))ᵏ" in out
    assert main(["derive", "lstm", "--extras", "--target", "dc_dcprev"]) == 0
    out = capsys.readouterr().out
    assert "[[A, B], [C, D]]" in out and "only the direct block" in out
    assert "total ∂cₜ/∂cₜ₋₁ = diag(f) + C · diag(oₜ₋₁ ⊙ (1 − tanh(cₜ₋₁)²))" in out


def test_json_and_latex_formats(capsys) -> None:
    assert main(["derive", "gru", "--variant", "chung", "--format", "json", "--steps"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["target"] for d in data] == ["gru.dh_dhprev", "gru.dh_dx"]
    for d in data:
        assert {"target", "variant", "kind", "ascii", "unicode", "latex", "shape", "steps"} <= set(
            d
        )
        assert d["variant"] == "chung" and d["shape"] in ("n×n", "n×m")
        assert d["steps"][0]["node"] == "h" and d["steps"][0]["result"] == d["ascii"]
    assert main(["derive", "lstm", "--format", "latex", "--target", "dh_dc"]) == 0
    out = capsys.readouterr().out
    assert "\\frac{\\partial h_t}{\\partial c_t} = \\operatorname{diag}" in out


def test_user_errors() -> None:
    with pytest.raises(NotationError, match="belongs to the lstm cell"):
        derive("rnn", target="lstm.dh_dc")
    with pytest.raises(NotationError, match="unknown target"):
        derive("lstm", target="dh_dz")
    assert main(["derive", "lstm", "--variant", "cho"]) == 2
    with pytest.raises(SystemExit):
        main(["derive", "gru", "--steps", "--format", "latex"])
    with pytest.raises(SystemExit):
        main(["derive", "rnn", "--extras", "--format", "json"])


def test_latex_extras(capsys) -> None:
    assert main(["derive", "lstm", "--extras", "--format", "latex", "--target", "dh_dc"]) == 0
    out = capsys.readouterr().out
    assert "\\begin{pmatrix} A & B \\\\ C & D \\end{pmatrix}" in out
    assert (
        "D = \\frac{\\partial c_t}{\\partial c_{t-1}} = \\operatorname{diag}\\left(f_t\\right)"
        in out
    )
    assert main(["derive", "rnn", "--extras", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert "\\prod_{j=0}^{k-1}" in out and "\\gamma = \\max \\tanh' = 1" in out


def test_the_command_module_is_light() -> None:
    code = (
        "import sys, interviewkit.cli as c; c.build_parser();"
        "print(any(m in sys.modules for m in ('sympy', 'numpy', 'torch')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_docstring_examples_run() -> None:
    import doctest

    import interviewkit.math.derive as module

    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0


def test_a_new_cell_is_only_its_equations(tmp_path) -> None:
    """A coupled-gate LSTM (c = f*c_prev + (1 - f)*c_tilde), written as a file, derives as is."""
    from interviewkit.math.cellspec import load_cell_file
    from interviewkit.math.derive import jacobian

    path = tmp_path / "coupled.toml"
    path.write_text(
        """[cell]
name = "coupled"
state = ["h", "c"]
input = "x"
params = { W_f = "n,n", U_f = "n,m", b_f = "n", W_c = "n,n", U_c = "n,m", b_c = "n",
           W_o = "n,n", U_o = "n,m", b_o = "n" }
equations = [
  "a_f = W_f @ h_prev + U_f @ x + b_f",
  "a_c = W_c @ h_prev + U_c @ x + b_c",
  "a_o = W_o @ h_prev + U_o @ x + b_o",
  "f = sigmoid(a_f)",
  "c_tilde = tanh(a_c)",
  "o = sigmoid(a_o)",
  "c = f * c_prev + (1 - f) * c_tilde",
  "h = o * tanh(c)",
]
""",
        encoding="utf-8",
    )
    cell = load_cell_file(path)
    expr, _ = jacobian(cell, "c", Sym("h", -1))
    assert to_ascii(expr) == (
        "diag((c_prev - c_tilde) * f * (1 - f)) @ W_f + diag((1 - f) * (1 - c_tilde**2)) @ W_c"
    )
    env = environment(cell, np.random.default_rng(2), n=4, m=3)

    def c_of(h_prev: np.ndarray) -> np.ndarray:
        e = {**env, "h@-1": h_prev}
        for eq in cell.equations:
            e[eq.name] = evaluate(eq.rhs, e)
        return e["c"][:, 0]

    eps = 1e-6
    numeric = np.stack(
        [(c_of(env["h@-1"] + eps * e[:, None]) - c_of(env["h@-1"] - eps * e[:, None])) / (2 * eps)
         for e in np.eye(4)], axis=1)  # fmt: skip
    np.testing.assert_allclose(evaluate(expr, env), numeric, rtol=1e-6, atol=1e-8)


def test_derive_refuses_an_empty_target_and_cuts_a_huge_one(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["derive", "lstm", "--target", ""])
    assert exc.value.code == 2
    assert "--target is empty" in capsys.readouterr().err
    assert main(["derive", "lstm", "--target", "d" * 50_000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "(50,005 characters)" in err and len(err) < 400


NEW_CELLS = [(name, None) for name in ("peephole", "cifg", "mingru", "minlstm", "indrnn")]


@pytest.mark.parametrize(("cell", "variant"), CELLS + NEW_CELLS)
@pytest.mark.parametrize("flag", ["--backward", "--bptt", "--jacobians"])
def test_steps_pages_fit_80_columns_and_leave_no_item_empty(cell, variant, flag, capsys) -> None:
    """Every numbered item of a backward or BPTT page says something (a pre-activation's
    recursion once printed `1. δ_aₜ₋₁:` with nothing under it), within 80 columns."""
    from interviewkit.math.explain import width

    flags = [] if flag == "--jacobians" else [flag]
    args = ["derive", cell, *flags, "--steps"] + (["--variant", variant] if variant else [])
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(width(line) for line in lines) <= 80
    for k, line in enumerate(lines):
        if re.match(r"^\d+\. .*:$", line):
            follower = lines[k + 1] if k + 1 < len(lines) else ""
            assert follower.startswith("     "), (line, follower)


def test_a_pre_activation_recursion_shows_the_state_recursion(capsys) -> None:
    assert main(["derive", "rnn", "--bptt", "--steps", "--target", "bptt_d_a"]) == 0
    page = capsys.readouterr().out
    assert "δ_aₜ₋₁" not in page
    assert "δ_h through time:" in page and "W_hᵀ · δ_aₜ₊₁" in page


def test_a_backward_step_lines_up_from_above_with_the_paths(capsys) -> None:
    assert main(["derive", "lstm", "--backward", "--steps", "--target", "dL_dc"]) == 0
    lines = capsys.readouterr().out.splitlines()
    above = next(line for line in lines if line.startswith("     from above"))
    path = next(line for line in lines if line.startswith("     from h "))
    assert above.index("g_c") == path.index("δ_h")


def test_a_cell_file_without_a_title_is_named_by_its_name(tmp_path, capsys) -> None:
    cell = tmp_path / "gated.toml"
    cell.write_text(
        '[cell]\nname = "gated"\nstate = ["h"]\ninput = "x"\n'
        'params = { W = "n,n", U = "n,m", b = "n" }\n'
        'equations = ["h = tanh(W @ h_prev + U @ x + b)"]\n',
        encoding="utf-8",
    )
    assert main(["derive", str(cell), "--steps"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "∂hₜ/∂hₜ₋₁ of the gated cell"


@pytest.mark.parametrize("limit", [60, 66])
def test_every_steps_page_keeps_to_a_narrower_width(limit: int) -> None:
    """The quiz shows the steps page in a dialog narrower than 80 columns: every line of every
    target's page fits the width it is given (the '(step 5)' references once ran over)."""
    from interviewkit.math.derive import derive_target
    from interviewkit.math.explain import UNICODE, page, width
    from interviewkit.math.reference import all_keys
    from interviewkit.math.targets import resolve

    for name, variant in all_keys():
        target, _ = resolve(name, variant)
        lines = page(derive_target(target, variant), UNICODE, limit)
        too_wide = [line for line in lines if width(line) > limit]
        assert not too_wide, (name, variant, too_wide[:2])
