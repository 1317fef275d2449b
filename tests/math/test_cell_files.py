"""A learner's cell file: read by the notation's parser, one line per problem, usable everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewkit.cli import main
from interviewkit.math.cells import BUILTIN_DIR, cell_file, get_cell
from interviewkit.math.cellspec import CellError, parse_cell_text
from interviewkit.math.check import check

LEAKY = """[cell]
name = "leaky"
about = "a leaky RNN"
state = ["h"]
input = "x"
params = { W = "n,n", U = "n,m", b = "n", alpha = "n" }
equations = [
  "a = W @ h_prev + U @ x + b",
  "h = (1 - alpha) * h_prev + alpha * tanh(a)",
]
"""


def _file(tmp_path: Path, text: str, name: str = "cell.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_notation_md_example_reads_as_the_builtin_peephole() -> None:
    """NOTATION.md writes `params` as a multi-line inline table (TOML 1.1): it must load."""
    notation = Path(__file__).parents[3] / "shared" / "NOTATION.md"
    if not notation.exists():
        pytest.skip("the shared NOTATION.md is not next to this checkout")
    text = notation.read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    spec = parse_cell_text(block, "NOTATION.md")
    assert spec.digest == get_cell("peephole").digest


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("tanh(a)", "softplus(a)"),
            r'cell.toml:9: equation "h = .*": unknown function .softplus.',
        ),
        (('+ b"', '+ q"'), r"cell.toml:8: equation \"a = .*\": unknown name 'q'"),
        (("W @ h_prev", "W @ x"), r"cell.toml:8: .*cannot multiply 3×3 @ 2-vector"),
        (("W @ h_prev", "W @ h"), r"cell.toml:8: equation \"a = .*\": a cycle: a -> h -> a"),
        (('state = ["h"]', 'state = ["h", "c"]'), r"the state c is never assigned"),
        (('  "h = (1', '  "a = tanh(a)",\n  "h = (1'), r"a is assigned twice"),
        (("h_prev + U", "h_{t+1} + U"), r"h_\{t\+1\}: the notation has the steps|not part of"),
        (('name = "leaky"', 'name = "lstm"'), r"the name 'lstm' is a built-in cell's"),
        (('b = "n"', 'b = "n,n,n"'), r"the shape of b must be n, m, or two of them"),
        (("[cell]", "[cel]"), r"a cell file needs a \[cell\] table"),
        (("equations = [", "equashuns = ["), r"unknown key 'equashuns'"),
        (('alpha = "n" }', 'alpha = "n", h_prev = "n" }'), r"would read as a time index"),
        (("W @ h_prev", "diag(alpha) @ h_prev"), r"cell.toml:8: .*left side of @ must be a weight"),
        (("W @ h_prev", "W.T @ h_prev"), r"cell.toml:8: .*left side of @ must be a weight"),
        (("W @ h_prev", "I @ h_prev"), r"cell.toml:8: .*left side of @ must be a weight"),
        (("W @ h_prev", "W @ (W @ h_prev)"), r"cell.toml:8: .*a matrix product inside another"),
    ],
)
def test_every_problem_is_one_line_naming_file_line_and_equation(tmp_path, edit, message) -> None:
    import re

    path = _file(tmp_path, LEAKY.replace(*edit))
    with pytest.raises(CellError) as info:
        cell_file(path)
    line = info.value.one_line()
    assert "\n" not in line and re.search(message, line), line
    assert str(path) in line or "cell.toml" in line


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("g", "keeps for itself"),
        ("sum", "keeps for itself"),
        ("d_a", "keeps for itself"),
        ("n_t", "would read as a time index"),
    ],
)
def test_a_taken_name_on_the_left_names_its_equation_and_line(tmp_path, name, why) -> None:
    """`g = tanh(...)` is refused at its own line (8), not at the `params` line (6)."""
    text = LEAKY.replace('"a = W @', f'"{name} = W @').replace("tanh(a)", f"tanh({name})")
    with pytest.raises(CellError) as info:
        cell_file(_file(tmp_path, text))
    line = info.value.one_line()
    assert f'cell.toml:8: equation "{name} = W @ h_prev + U @ x + b": ' in line, line
    assert why in line, line


def test_a_projection_left_out_is_named(tmp_path) -> None:
    """A file's own matrix (a projection P) gets the generated 'weight missing' feedback."""
    text = LEAKY.replace('alpha = "n" }', 'alpha = "n", P = "n,n" }').replace(
        '  "h = (1 - alpha) * h_prev + alpha * tanh(a)",', '  "s = tanh(a)",\n  "h = P @ s",'
    )
    spec = cell_file(_file(tmp_path, text, "proj.toml"))
    jacobian = check("leaky.dh_dhprev", "diag(1 - s**2) @ W", cell=spec)
    assert jacobian.mistake == "missing_weight", jacobian.feedback
    assert jacobian.feedback.startswith("the weight P is missing"), jacobian.feedback
    back = check("leaky.dL_da", "g_h * (1 - s**2)", cell=spec)
    assert back.feedback.startswith("Pᵀ is missing"), back.feedback


def test_a_learners_file_cannot_declare_a_variant(tmp_path) -> None:
    """`variant` belongs to the built-in GRU's files: in a learner's file `derive` printed
    `leaky.dh_dx:chung`, which `check --cell` then refused as 'has no variants'."""
    path = _file(tmp_path, LEAKY.replace('about = "', 'variant = "chung"\nabout = "'))
    with pytest.raises(CellError, match=r"cell.toml:3: unknown key 'variant' in \[cell\]"):
        cell_file(path)


def test_a_byte_order_mark_before_the_file_is_read_past(tmp_path) -> None:
    """Some Windows editors write U+FEFF first: the file was refused as 'Invalid statement'."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + LEAKY.encode("utf-8"))
    assert cell_file(path).name == "leaky"


def test_limits_are_errors_not_hangs(tmp_path) -> None:
    many = "\n".join(f'  "a{k} = tanh(a{k - 1})",' for k in range(1, 60))
    text = LEAKY.replace('  "a = W @ h_prev', many.replace("a0", "a") + '\n  "a = W @ h_prev')
    with pytest.raises(CellError, match="at most 40 equations"):
        cell_file(_file(tmp_path, text))
    long = LEAKY.replace('+ b"', "+ b" + " + b" * 200 + '"')
    with pytest.raises(CellError, match="longer than 400 characters"):
        cell_file(_file(tmp_path, long, "long.toml"))
    with pytest.raises(CellError, match="not valid TOML"):
        cell_file(_file(tmp_path, "[cell\nname=", "broken.toml"))
    assert cell_file.__name__  # the registry itself is untouched by refused files


def test_an_unused_parameter_is_a_warning(tmp_path, capsys) -> None:
    path = _file(tmp_path, LEAKY.replace('alpha = "n" }', 'alpha = "n", spare = "n" }'))
    spec = cell_file(path)
    assert spec.warnings and "spare is never used" in spec.warnings[0]
    assert main(["derive", str(path), "--target", "dh_dhprev"]) == 0
    assert "warning:" in capsys.readouterr().err


def test_a_cell_file_works_in_derive_and_check(tmp_path, capsys) -> None:
    path = _file(tmp_path, LEAKY)
    assert main(["derive", str(path), "--backward", "--format", "ascii"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith("leaky.dL_dalpha = ") for line in lines)
    spec = cell_file(path)
    for line in lines:
        target, _, answer = line.partition(" = ")
        assert check(target, answer, cell=spec).verdict == "correct", line
    # short target names mean the file's own; the CLI and the JSON Lines stream take --cell
    assert main(["check", "--cell", str(path), "dh_dhprev", "diag(1 - alpha)"]) == 1
    assert "a term is missing" in capsys.readouterr().out
    import io
    import sys

    stdin = io.StringIO(json.dumps({"target": "dL_db", "answer": "d_a"}) + "\n")
    old, sys.stdin = sys.stdin, stdin
    try:
        assert main(["check", "--jsonl", "--cell", str(path)]) == 0
    finally:
        sys.stdin = old
    assert json.loads(capsys.readouterr().out)["verdict"] == "correct"


def test_an_edit_is_read_afresh(tmp_path) -> None:
    import os

    path = _file(tmp_path, LEAKY)
    first = cell_file(path)
    path.write_text(LEAKY.replace("tanh(a)", "sigmoid(a)"), encoding="utf-8")
    os.utime(path, ns=(1, 2))  # a different stamp, whatever the clock's resolution
    second = cell_file(path)
    assert first.digest != second.digest
    assert check("leaky.dh_dhprev", "diag(1 - alpha)", cell=second).verdict == "incorrect"


def test_params_and_highway_take_cell_files(tmp_path, capsys) -> None:
    path = _file(tmp_path, LEAKY)
    assert main(["params", "--input", "3", "--hidden", "4", "--cells", f"mingru,{path}",
                 "--verify", "--json"]) == 0  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert doc["cells"]["leaky"]["count"] == 4 * 4 + 4 * 3 + 4 + 4
    assert doc["cells"]["mingru"]["count"] == 2 * 4 * 3 + 2 * 4
    assert all(c["verify"]["ok"] for c in doc["cells"].values())
    assert doc["pytorch"]["lstm"] == 4 * 4 * (3 + 4 + 2)  # the old counts stay as they are
    assert main(["demo", "highway", "--cells", f"mingru,indrnn,{path}", "--steps", "12",
                 "--hidden", "6", "--batch", "2", "--input", "3", "--json"]) == 0  # fmt: skip
    runs = json.loads(capsys.readouterr().out)["results"]
    assert [r["cell"] for r in runs] == ["mingru", "indrnn", "leaky"]
    assert all(len(r["fraction"]) == 12 for r in runs)
    assert runs[1]["gain_means"]["u"] > 0


def test_unknown_cells_are_one_line(capsys) -> None:
    assert main(["demo", "highway", "--cells", "lstm,mingruu", "--steps", "5"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean mingru" in err
    assert main(["params", "--input", "3", "--hidden", "4", "--cells", "nofile.toml"]) == 2
    assert "no such cell file" in capsys.readouterr().err


def test_builtins_are_cell_files_too() -> None:
    for path in BUILTIN_DIR.glob("*.toml"):
        spec = parse_cell_text(path.read_text(encoding="utf-8"), path.name, builtin=True)
        assert spec.equations, path.name


def test_hostile_files_are_refused_quickly(tmp_path) -> None:
    """A device, deep nesting and a key of thousands of dotted parts: one line each, at once
    (tomllib alone reads /dev/zero for ever, overflows the stack, and takes minutes)."""
    if Path("/dev/zero").exists():
        with pytest.raises(CellError, match="over 64,000 bytes"):
            cell_file("/dev/zero")
    deep = "[cell]\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(CellError, match=r"deep\.toml:2: not valid TOML: .*nested too deeply"):
        cell_file(_file(tmp_path, deep, "deep.toml"))
    dots = "[cell]\n" + ".".join(["a"] * 5000) + " = 1\n"
    with pytest.raises(CellError, match=r"dots\.toml:2: not valid TOML: a key of more than"):
        cell_file(_file(tmp_path, dots, "dots.toml"))
    with pytest.raises(CellError, match="ends inside"):
        cell_file(_file(tmp_path, '[cell]\nname = "x"\nstate = [\n', "open.toml"))


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--cell", "x" * 3000, "--names"],
        ["check", "--cell", "x" * 3000 + ".toml", "--names"],
        ["derive", "x" * 3000 + ".toml"],
        ["check", "rnn.dh_dhprev", "W_" + "h" * 1900],
    ],
)
def test_a_huge_name_gets_a_short_error(argv, capsys) -> None:
    from interviewkit.cli import main

    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own errors
        code = stop.code
    assert code == 2
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    assert lines and all(len(line) < 400 for line in lines), lines
    assert "internal error" not in captured.err


def test_equations_that_inline_too_deep_are_one_line(tmp_path, capsys) -> None:
    """Each equation shallow, the inlined whole deeper than Python's recursion limit: `derive
    --bptt` said "internal error: RecursionError" here; now it is the cell file's one line."""
    deep = " * ".join(["z{p}"] * 22)
    eqs = ['"z0 = tanh(W @ h_prev + U @ x + b)"']
    eqs += [f'"z{i} = tanh({deep.format(p=i - 1)})"' for i in range(1, 39)]
    eqs.append('"h = z38"')
    text = LEAKY.split("equations")[0].replace(', alpha = "n"', "")
    path = _file(tmp_path, text + "equations = [\n" + ",\n".join(eqs) + "\n]\n")
    assert main(["derive", str(path), "--bptt"]) == 2
    err = capsys.readouterr().err
    assert "nest too deeply once inlined" in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1
