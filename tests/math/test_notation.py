"""The answer parser: every spelling of NOTATION.md, canonical names, errors with positions, limits."""

from __future__ import annotations

import builtins
import re

import pytest

from interviewkit.errors import NotationError
from interviewkit.math.expr import BinOp, Call, Neg, Num, Pow, Sym, Transpose
from interviewkit.math.notation import MAX_LENGTH, caret, parse

h, W_h = Sym("h"), Sym("W_h")


def _rnn_and_lstm():
    """A name table with the RNN's and the LSTM's names, for errors about names."""
    from interviewkit.math.cells import get_cell
    from interviewkit.math.names import table_from

    infos = [*get_cell("rnn").forward_names(), *get_cell("lstm").forward_names()]
    return table_from("test", infos)


SLOPE = Call("diag", BinOp("-", Num(1), Pow(h, 2)))
RNN = BinOp("@", SLOPE, W_h)


@pytest.mark.parametrize(
    "text",
    [
        "diag(1 - h**2) @ W_h",
        "diag(1 - h^2) W_h",
        "diag(1 - h ^ 2) · W_h",
        "diag(1 − h²) · W_h",
        "diag(1 - h_t**2) @ W_{h}",
        r"\operatorname{diag}(1-h^2)\,W_h",
        r"\mathrm{diag}\left(1 - h_t^{2}\right) W_h",
        r"$\operatorname{diag}(1-h_t^2)\;\mathbf{W}_h$",
        r"$$\text{diag}(1 - \boldsymbol{h}_t^{2}) \cdot W_{h}$$",
        "diag((1 - h**2)) @ (W_h)",
        "diag[1 - h**2] @ W_h",
    ],
)
def test_spellings_of_one_answer(text: str) -> None:
    assert parse(text) == RNN


@pytest.mark.parametrize(
    ("text", "name", "step"),
    [
        ("h_{t-1}", "h", -1),
        ("h_prev", "h", -1),
        ("hₜ₋₁", "h", -1),
        (r"\mathbf{h}_{t-1}", "h", -1),
        ("c_{t-1}", "c", -1),
        ("c_{t−1}", "c", -1),
        ("h_tm1", "h", -1),
        ("h_{t+1}", "h", 1),
        ("hₜ₊₁", "h", 1),
        ("g", "c_tilde", 0),
        ("g_t", "c_tilde", 0),
        (r"\tilde{c}_t", "c_tilde", 0),
        (r"\tilde c", "c_tilde", 0),
        ("c̃", "c_tilde", 0),
        ("c_tilde", "c_tilde", 0),
        ("ctilde", "c_tilde", 0),
        ("cprev", "c", -1),
        ("x_t", "x", 0),
        ("f_t", "f", 0),
        ("a_{f,t}", "a_f", 0),
        (r"a_{\text{f}}", "a_f", 0),
        (r"\boldsymbol{U_f}", "U_f", 0),
        ("I", "I", 0),
        ("d_a_f", "d_a_f", 0),
        ("δ_c_{t+1}", "d_c", 1),
        (r"\delta_{a_f,t+1}", "d_a_f", 1),
        ("δ_c̃", "d_c_tilde", 0),
    ],
)
def test_names_in_the_lstm_read_as_its_own(text: str, name: str, step: int) -> None:
    from interviewkit.math.cells import get_cell
    from interviewkit.math.targets import get_target, names_for

    lstm = get_cell("lstm")
    table = (
        names_for(get_target("lstm.bptt_dW_f"), lstm)
        if name.startswith("d_") or step == 1
        else lstm.names()
    )
    got = parse(text, table)
    assert (got.name, got.step) == (name, step)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (r"\widetilde{h}_{t}", "h_tilde"),
        ("h̃ₜ", "h_tilde"),
        ("n_t", "h_tilde"),
        ("z_{t}", "z"),
        ("b_{hn}", "b_hn"),
        (r"\boldsymbol{U_z}", "U_z"),
    ],
)
def test_names_in_the_pytorch_gru(text: str, name: str) -> None:
    from interviewkit.math.cells import get_cell

    assert parse(text, get_cell("gru", "pytorch").names()) == Sym(name)


def test_aliases_belong_to_their_cell() -> None:
    from interviewkit.math.cells import get_cell

    with pytest.raises(NotationError, match="unknown name 'n'"):
        parse("n * g", get_cell("lstm").names())
    assert parse("n * g") == BinOp("*", Sym("n"), Sym("g"))  # without a cell: names as spelled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("W_h.T", Transpose(W_h)),
        ("W_h^T", Transpose(W_h)),
        ("W_hᵀ", Transpose(W_h)),
        (r"W_h^\top", Transpose(W_h)),
        (r"W_h^{\top}", Transpose(W_h)),
        ("W_h^{T}", Transpose(W_h)),
        ("h ** 2", Pow(h, 2)),
        ("h^{2}", Pow(h, 2)),
        ("h**-1", Pow(h, -1)),
        ("h⁻¹", Pow(h, -1)),
        ("h * h", BinOp("*", h, h)),
        ("h ⊙ h", BinOp("*", h, h)),
        ("h .* h", BinOp("*", h, h)),
        (r"h \odot h", BinOp("*", h, h)),
        (r"W_h \cdot h", BinOp("@", W_h, h)),
        ("W_h h", BinOp("@", W_h, h)),
        ("σ(a)", Call("sigmoid", Sym("a"))),
        ("sigma(a)", Call("sigmoid", Sym("a"))),
        (r"\sigma(a_t)", Call("sigmoid", Sym("a"))),
        (r"\tanh c_t", Call("tanh", Sym("c"))),
        (r"\tanh^2(c)", Pow(Call("tanh", Sym("c")), 2)),
        (r"\frac{1}{h}", BinOp("/", Num(1), h)),
        ("-h**2", Neg(Pow(h, 2))),
        ("ln(h)", Call("log", h)),
        ("tanh'(a)", BinOp("-", Num(1), Pow(Call("tanh", Sym("a")), 2))),
    ],
)
def test_operators(text: str, expected: object) -> None:
    assert parse(text) == expected


def test_products_keep_python_precedence_and_order() -> None:
    # `*`, `/`, `@` share one level, left to right; `+`/`-` bind more loosely
    assert parse("W_h @ h * h") == BinOp("*", BinOp("@", W_h, h), h)
    assert parse("h + h @ h") == BinOp("+", h, BinOp("@", h, h))
    assert parse("-h @ W_h") == BinOp("@", Neg(h), W_h)


def test_sigma_prime_is_written_out() -> None:
    s = Call("sigmoid", Sym("a_f"))
    assert parse("σ'(a_f)") == BinOp("*", s, BinOp("-", Num(1), s))


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("diag(1 - h**2", r"the bracket '\(' is never closed", 4),
        ("diag(f))", r"unmatched closing bracket", 7),
        ("h +", "operand is missing", 3),
        ("W_hh @ h", r"unknown name 'W_hh'.*did you mean W_h", 0),
        ("h @ Wf", r"unknown name 'Wf'.*did you mean W_f", 4),
        ("h = 1", "without `=`", 2),
        ("h × W_h", "× is ambiguous", 2),
        ("tanh", "needs an argument", 4),
        ("", "the answer is empty", 0),
        ("h ** 0.5", "only small integer exponents", 5),
        ("h ** 9", r"the exponent 9 is too large.*from -8 to 8", 5),
        ("h**2**2", "a power of a power", 4),
        ("W_h'", "' is understood only after", 3),
        (r"\partial h", r"the LaTeX command \\partial is not part of the notation", 0),
        ("h @ ∞", "unexpected character '∞'", 4),
    ],
)
def test_errors_name_the_problem_and_position(text: str, message: str, position: int) -> None:
    with pytest.raises(NotationError) as info:
        parse(text, _rnn_and_lstm())
    assert re.search(message, info.value.one_line()), info.value.one_line()
    assert info.value.position == position


def test_caret_points_under_the_token() -> None:
    text = "diag(1 - h**2) @ W_hh"
    with pytest.raises(NotationError) as info:
        parse(text, _rnn_and_lstm())
    line, mark = caret(text, info.value).split("\n")
    assert line == text
    assert mark == " " * text.index("W_hh") + "^"


def test_caret_counts_combining_marks_as_zero_width() -> None:
    text = "c̃ + ?"
    with pytest.raises(NotationError) as info:
        parse(text)
    _line, mark = caret(text, info.value).split("\n")
    assert mark == "    ^"  # c̃ is one column on screen


def test_caret_windows_long_answers() -> None:
    text = "h + " * 100 + "?"
    with pytest.raises(NotationError) as info:
        parse(text)
    line, mark = caret(text, info.value).split("\n")
    assert line.startswith("…") and len(line) < 200
    assert line[len(mark) - 1] == "?"


# --- limits and hostile input: refused as NotationError, and nothing runs --------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("h + " * 600 + "h", r"2,000 characters"),
        ("h" * 100_000, r"100,000 characters long; the limit is 2,000"),
        ("(" * 50 + "h" + ")" * 50, r"nested too deeply \(the limit is 40 levels"),
        ("-" * 60 + "h", r"nested too deeply"),
        ("10**10**10", r"exponent 10 is too large"),
        ("h ** 99999999999999999999", r"too large"),
        ("__import__('os').system('touch /tmp/pwned')", r"subscript `_` must follow a name"),
        ("h.__class__.__bases__", r"unexpected character '\.'"),
        ("().__class__", r"unexpected character '\.'"),
        ("exec('1')", r"' is understood only after σ or tanh"),
        ("eval", r"unknown name 'eval'"),
        ("lambda: 0", r"unexpected character ':'"),
        ("h\x00", r"control character U\+0000"),
        ("h\u202e", r"control character U\+202E"),
        (r"\input{/etc/passwd}", r"\\input is not part of the notation"),
        (r"\def\x{\x}\x", r"\\def is not part of the notation"),
        (r"\newcommand{\a}{\a}\a", r"\\newcommand is not part"),
        (r"\write18{ls}", r"\\write is not part"),
        (" + ".join(["(" + " + ".join(["h"] * 100) + ")"] * 3), r"more than 500 symbols"),
        ("h + " * 200 + "h", r"more than 150 operations deep \(the limit\)"),
        ("W_h" + ".T" * 400, r"more than 150 operations deep"),
        (r"\tilde{" * 240 + "c" + "}" * 240, r"too many commands wrapped around one name"),
        (r"\mathbf " * 200 + "W", r"too many commands wrapped around one name"),
    ],
    ids=lambda v: v[:24] if isinstance(v, str) else None,
)
def test_hostile_input_is_refused(text: str, message: str, monkeypatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("the parser tried to run code")

    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, forbidden)
    with pytest.raises(NotationError) as info:
        parse(text, _rnn_and_lstm())
    assert re.search(message, info.value.one_line()), info.value.one_line()


def test_length_limit_is_exact() -> None:
    ok = "h" + " " * (MAX_LENGTH - 1)
    assert parse(ok) == h
    with pytest.raises(NotationError, match="limit"):
        parse(ok + " ")


@pytest.mark.parametrize(
    "module",
    ["notation", "printer", "evaluate", "check", "mistakes"],
)
def test_module_doctests(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"interviewkit.math.{module}")
    failures, tried = doctest.testmod(mod, verbose=False)
    assert tried >= 1 and failures == 0


@pytest.mark.parametrize(
    ("text", "shown"),
    [("h**99999999", "99999999"), ("h^{12345678}", "12345678"), ("h**-1234567", "-1234567")],
)
def test_a_long_exponent_is_named_as_typed_not_cut_to_six_digits(text, shown) -> None:
    with pytest.raises(NotationError, match=f"the exponent {shown} is too large"):
        parse(text)


def test_side_by_side_binds_tighter_than_products() -> None:
    """On paper r ⊙ W_hᵀ (h ⊙ δ) is r ⊙ (W_hᵀ (h ⊙ δ)); written with an operator the products
    stay one level, left to right."""
    r, d = Sym("r"), Sym("d_a_h")
    inner = BinOp("@", Transpose(W_h), BinOp("*", h, d))
    assert parse("r ⊙ W_hᵀ (h ⊙ δ_a_h)") == BinOp("*", r, inner)
    assert parse("r * W_h.T (h * d_a_h)") == BinOp("*", r, inner)
    assert parse("r ⊙ W_hᵀ · (h ⊙ δ_a_h)") == BinOp(
        "@", BinOp("*", r, Transpose(W_h)), BinOp("*", h, d)
    )
    assert parse("2 W_h h") == BinOp("@", BinOp("@", Num(2), W_h), h)


@pytest.mark.parametrize("text", ["alpha * h_prev", r"\alpha \odot h_{t-1}", "α ⊙ hₜ₋₁"])
def test_greek_names_read_alike_in_every_spelling(text: str) -> None:
    """A cell's `alpha` (the leaky RNN's rate) is written alpha, \\alpha or α; σ and δ keep
    their meanings."""
    assert parse(text) == BinOp("*", Sym("alpha"), Sym("h", -1))


def test_greek_names_print_and_read_back() -> None:
    from interviewkit.math.printer import to_ascii, to_latex, to_unicode

    e = parse("diag(1 - alpha) + lambda_f * W_h")
    assert to_unicode(e) == "diag(1 − α) + λ_f ⊙ W_h"
    assert "\\alpha" in to_latex(e) and "\\lambda_{f}" in to_latex(e)
    assert to_ascii(e) == "diag(1 - alpha) + lambda_f * W_h"
    for printed in (to_unicode(e), to_latex(e), to_ascii(e)):
        assert parse(printed) == e
    assert parse("σ(a)") == Call("sigmoid", Sym("a"))
