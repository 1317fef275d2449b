"""`check --jsonl` against hostile input: one verdict per non-blank line, whatever it holds.

The property tests are seeded (derandomized) and small, so the suite stays quick and a failure
repeats; the subprocess test runs the real command once over the known killers of issue 11.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit import jsonlines
from interviewkit.commands.check import _stream
from interviewkit.math.targets import TARGETS

VERDICTS = {"correct", "incorrect", "invalid"}

#: The lines that stopped the stream before (issue 11), and their neighbours.
KILLERS = [
    b'{"target": "\\ud800", "answer": "diag(f)"}',
    b'{"target": "lstm.dc_dcprev", "answer": "diag(f)", "variant": "\\udfff"}',
    b'{"target": "lstm.dc_dcprev", "answer": "\\ud800\\udc00\\ud800"}',
    b"1" * 5000,
    b'{"target": "rnn.dh_dx", "answer": "W_x", "n": ' + b"9" * 5000 + b"}",
    b"-" + b"1" * 4301,
    b"[" * 30_000,
    b'{"a":' * 10_000,
    b'{"target": "' + b"t" * 60_000 + b'", "answer": "x"}',
    b"x" * (jsonlines.MAX_LINE_BYTES + 10),
    b"\xff\xfe\xfd",
    b'{"target": "rnn.dh_dx", "answer": "W_x\xe2\x80\xa8"}',
    b"NaN",
    b'{"target": "rnn.dh_dx", "answer": "W_x", "x": 1e999999}',
    b'"just a string"',
    b"null",
    b'{"target": "rnn.dh_dx", "answer": "\\u0000"}',
]


def run_stream(data: bytes) -> list[dict]:
    """The results of `_stream` for `data`, each checked to be exactly one line of JSON."""
    out = io.BytesIO()
    _stream(io.BytesIO(data), SimpleNamespace(buffer=out))
    text = out.getvalue().decode("utf-8")
    assert text == "" or text.endswith("\n")
    results = [json.loads(line) for line in text.split("\n")[:-1]]
    for r in results:
        assert r["verdict"] in VERDICTS
        assert "\n" not in r["feedback"] and len(r["feedback"]) < 1000
        for name in ("target", "variant"):
            assert r[name] is None or len(r[name]) <= jsonlines.ECHO_LIMIT
    return results


def non_blank(lines: list[bytes]) -> int:
    return sum(1 for line in lines if line.strip())


def test_each_killer_gets_one_verdict_in_process() -> None:
    results = run_stream(b"\n".join(KILLERS) + b"\n")
    assert len(results) == len(KILLERS)
    by_line = dict(zip(KILLERS, results, strict=True))
    assert "5,000 digits is too long" in by_line[b"1" * 5000]["feedback"]
    assert "nested too deeply" in by_line[b"[" * 30_000]["feedback"]
    assert "bytes long; the limit is 65,536 bytes" in by_line[KILLERS[9]]["feedback"]
    assert "not UTF-8 text (byte 0xff at byte 1)" in by_line[b"\xff\xfe\xfd"]["feedback"]
    assert "no target is over 100" in by_line[KILLERS[8]]["feedback"]
    assert "4,301 digits" in by_line[KILLERS[5]]["feedback"]
    overflow = KILLERS.index(b'{"target": "rnn.dh_dx", "answer": "W_x", "x": 1e999999}')
    assert results[overflow]["verdict"] == "incorrect"  # a field it does not read: judged
    assert all(r["verdict"] == "invalid" for i, r in enumerate(results) if i != overflow)


def test_the_real_command_answers_every_killer_and_goes_on() -> None:
    good = b'{"target": "lstm.dc_dcprev", "answer": "diag(f)"}'
    stdin = b"\n".join([good, *KILLERS, b"", b"  \r", good]) + b"\n"
    proc = subprocess.run(
        [sys.executable, "-m", "interviewkit", "check", "--jsonl"],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()  # str.splitlines: U+2028 must be escaped
    verdicts = [json.loads(line)["verdict"] for line in lines]
    assert len(verdicts) == len(KILLERS) + 2
    assert verdicts[0] == verdicts[-1] == "correct"


def test_blank_lines_and_a_byte_order_mark_are_skipped() -> None:
    good = b'{"target": "lstm.dc_dcprev", "answer": "diag(f)"}'
    results = run_stream(b"\xef\xbb\xbf" + good + b"\r\n\n \t\n\r\n" + good)
    assert [r["verdict"] for r in results] == ["correct", "correct"]


def test_an_overlong_line_is_read_past_in_bounded_pieces() -> None:
    data = b"y" * 1000 + b"\n" + b'{"a": 1}\n' + b"z" * 50
    lines = list(jsonlines.read_lines(io.BytesIO(data), limit=100))
    assert [line.number for line in lines] == [1, 2, 3]
    assert lines[0].error == "line is 1,001 bytes long; the limit is 100 bytes"
    assert lines[1].value == {"a": 1} and lines[1].error is None
    assert lines[2].error == "not a JSON object (Expecting value)"


def test_dumps_escapes_what_would_split_or_break_a_line() -> None:
    assert jsonlines.dumps({"a": "x\u2028y\x85"}) == b'{"a": "x\\u2028y\\u0085"}\n'
    assert jsonlines.dumps({"a": "\ud800 σ"}) == b'{"a": "\\ud800 \\u03c3"}\n'
    assert jsonlines.dumps({"a": "σ"}) == '{"a": "σ"}\n'.encode()


@pytest.mark.parametrize(
    ("text", "expected"), [("abc", "abc"), ("a" * 80, "a" * 80), ("a" * 81, "a" * 79 + "…")]
)
def test_cut(text: str, expected: str) -> None:
    assert jsonlines.cut(text) == expected


# --------------------------------------------------------------------------- property tests

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(codec=None), max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_names = st.sampled_from(list(TARGETS)) | st.text(st.characters(codec=None), max_size=20)
_request = st.fixed_dictionaries(
    {"target": _names, "answer": st.text(st.characters(codec=None), max_size=60)},
    optional={"variant": st.none() | st.sampled_from(["cho", "chung", "pytorch"]) | st.text()},
)
_line = st.one_of(
    _request.map(lambda d: json.dumps(d).encode()),  # escapes lone surrogates as \\udXXX
    _request.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _json.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=80),
    st.integers(min_value=1, max_value=3000).map(lambda n: b"[" * n + b"]" * (n % 7)),
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(_line.map(lambda b: b.replace(b"\n", b" ").removeprefix(b"\xef\xbb\xbf")), max_size=8)
)
def test_any_lines_get_one_verdict_each(lines: list[bytes]) -> None:
    results = run_stream(b"\n".join(lines) + b"\n")
    assert len(results) == non_blank(lines)
