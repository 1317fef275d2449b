"""`interviewkit check`: verdict and feedback lines, exit codes, --json, the --jsonl stream."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interviewkit.cli import main


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


def test_correct_exits_0(capsys) -> None:
    code, out = run(capsys, "rnn.dh_dhprev", "diag(1 - h**2) @ W_h")
    assert code == 0
    assert out == "correct\ncorrect: this is ∂h_t/∂h_{t-1}\n"


def test_incorrect_exits_1_with_one_feedback_line(capsys) -> None:
    code, out = run(capsys, "rnn.dh_dhprev", "W_h @ diag(1 - h**2)")
    assert code == 1
    verdict, feedback = out.rstrip("\n").split("\n")
    assert verdict == "incorrect"
    assert feedback.startswith("the product is in the wrong order")


def test_invalid_exits_2_with_a_caret(capsys) -> None:
    code, out = run(capsys, "rnn.dh_dhprev", "diag(1 - h**2) @ W_hh")
    assert code == 2
    assert out.split("\n")[:4] == [
        "invalid",
        "unknown name 'W_hh' (did you mean W_h?)",
        "diag(1 - h**2) @ W_hh",
        " " * 17 + "^",
    ]


def test_variant_and_json(capsys) -> None:
    code, out = run(capsys, "gru.dh_dx", "diag(z)", "--variant", "pytorch", "--json")
    data = json.loads(out)
    assert code == 1
    assert data["verdict"] == "incorrect" and data["variant"] == "pytorch"
    assert data["feedback"] == "your answer is 3×3; ∂h_t/∂x_t is 3×2"
    assert (data["shape"], data["expected_shape"]) == ("3×3", "3×2")


def test_unknown_target_is_invalid(capsys) -> None:
    code, out = run(capsys, "rnn.dh_dxx", "W_x")
    assert code == 2
    assert "did you mean rnn.dh_dx" in out


def test_missing_answer_is_a_usage_error(capsys) -> None:
    assert main(["check", "rnn.dh_dx"]) == 2
    assert "give a TARGET and an ANSWER" in capsys.readouterr().err


def test_list_targets(capsys) -> None:
    code, out = run(capsys, "--list-targets")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("rnn: ")
    assert lines[1] == "  Jacobians"
    assert lines[2].split()[:3] == ["rnn.dh_dhprev", "n×n", "∂h_t/∂h_{t-1}:"]
    for group in ("  backward pass", "  through time"):
        assert group in lines
    assert any("gru.dL_db_hn" in line and "[only :pytorch]" in line for line in lines)
    assert any(line.startswith("gru: ") and ":suffix" in line for line in lines)
    assert any(line.split()[:3] == ["peephole.dL_dp_f", "n", "∂L/∂p_f:"] for line in lines)


def test_help_describes_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    for option in ("--variant", "--json", "--jsonl", "--list-targets", "TARGET", "ANSWER"):
        assert option in out
    assert "Exit status: 0 correct, 1 incorrect, 2 invalid" in out


def test_jsonl_stream_one_process_in_order() -> None:
    lines = [
        {"target": "lstm.dc_dcprev", "answer": "diag(f)"},
        "not json at all",
        {"target": "gru.dh_dhprev", "answer": "diag(z)", "variant": "chung"},
        ["a", "list"],
        {"target": "rnn.dh_dx", "answer": 42},
        {"target": "rnn.dh_dx", "answer": "W_x @@ x"},
        {"target": "rnn.dh_dx", "answer": "diag(1-h^2) W_x", "variant": None},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "interviewkit", "check", "--jsonl"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["verdict"] for o in out] == [
        "correct",
        "invalid",
        "incorrect",
        "invalid",
        "invalid",
        "invalid",
        "correct",
    ]
    assert out[1]["feedback"].startswith("malformed line: not a JSON object")
    assert out[2]["variant"] == "chung"
    assert out[4]["feedback"].startswith('malformed line: "target" and "answer" must be strings')
    assert out[5]["position"] == 5
    assert all(list(o)[:2] == ["verdict", "feedback"] for o in out)
    assert all(list(o) == list(out[0]) for o in out)  # a malformed line has every field too


def test_jsonl_refuses_positional_arguments(capsys) -> None:
    assert main(["check", "--jsonl", "rnn.dh_dx"]) == 2
    assert "--jsonl reads targets and answers from stdin" in capsys.readouterr().err


def test_check_never_imports_sympy() -> None:
    code = (
        "import sys\n"
        "from interviewkit.cli import main\n"
        "main(['check', 'lstm.dh_dhprev', 'diag(f)'])\n"
        "from interviewkit.math.check import check, warm_up\n"
        "warm_up(); check('gru.dh_dx', 'U_z', 'pytorch')\n"
        "heavy = sorted(m for m in ('sympy', 'torch', 'textual') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def _doc_examples() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every `$ interviewkit check` in docs/notation.md."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "notation.md").read_text(encoding="utf-8")
    examples: list[tuple[str, list[str]]] = []
    for block in text.split("```console")[1:]:
        current: list[str] | None = None
        for line in block.split("```", 1)[0].splitlines():
            stripped = line.strip()
            if stripped.startswith("$ "):
                current = None
                if stripped.startswith("$ interviewkit check"):
                    current = []
                    examples.append((stripped[2:], current))
            elif current is not None and stripped:
                current.append(stripped)
    return examples


@pytest.mark.parametrize(("command", "expected"), _doc_examples())
def test_docs_examples_are_real(command: str, expected: list[str], capsys) -> None:
    import shlex

    argv = shlex.split(command)[1:]
    main(argv)
    out = capsys.readouterr().out.rstrip("\n").splitlines()
    assert [line.strip() for line in out] == [line.strip() for line in expected]


def test_docs_python_example() -> None:
    import doctest
    from pathlib import Path

    path = Path(__file__).parents[2] / "docs" / "notation.md"
    failures, tried = doctest.testfile(str(path), module_relative=False, verbose=False)
    assert tried >= 3 and failures == 0


def test_jsonl_survives_bad_bytes_and_blank_lines() -> None:
    stdin = (
        b'{"target": "lstm.dc_dcprev", "answer": "diag(f)"}\n'
        b"\xff\xfe not utf-8\n"
        b"\n"
        b'{"target": "lstm.dc_dcprev", "answer": "diag(\xff)"}\n'
        b'{"target": "lstm.dc_dcprev", "answer": "diag(\xcf\x83(a_f))"}\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "interviewkit", "check", "--jsonl"],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [o["verdict"] for o in out] == ["correct", "invalid", "invalid", "correct"]
    assert out[1]["feedback"].startswith("malformed line: not UTF-8 text (byte 0xff at byte 1)")


def test_answer_starting_with_minus(capsys) -> None:
    code, out = run(capsys, "rnn.dh_dhprev", "--", "-diag(1 - h**2) @ W_h")
    assert code == 1
    assert "the sign is flipped" in out


@pytest.mark.parametrize("extra", [["rnn.dh_dx"], ["rnn.dh_dx", "W_x"], ["--variant", "cho"]])
def test_list_targets_refuses_a_target_or_answer_it_would_ignore(capsys, extra) -> None:
    assert main(["check", "--list-targets", *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--list-targets lists every target and takes no TARGET" in captured.err
    assert captured.err.count("\n") == 1


def test_cell_takes_a_built_in_cell_by_name(capsys) -> None:
    """--cell peephole: the built-in cell's short target names and its own names list."""
    code, out = run(capsys, "--cell", "peephole", "dL_da_c_tilde", "d_c * i * (1 - c_tilde**2)")
    assert (code, out.splitlines()[0]) == (0, "correct")
    code, out = run(capsys, "--cell", "gru", "--variant", "chung", "dh_dhprev", "diag(1 - z)")
    assert code == 1 and "missing" in out
    code, out = run(capsys, "--cell", "mingru", "--names")
    assert code == 0 and out.startswith("Names of the mingru cell")
    assert "peephole" not in out


def test_cell_names_an_unknown_cell(capsys) -> None:
    assert main(["check", "--cell", "peephol", "--names"]) == 2
    assert "did you mean 'peephole'" in capsys.readouterr().err
