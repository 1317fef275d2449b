"""The rule `serve` applies to each request (Host, Origin, token), on its own, without a server."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewkit.commands.serve_access import Access, origin_of

LOCAL = Access.for_address("127.0.0.1", 8000)
PAGE = {"host": "127.0.0.1:8000", "origin": None, "websocket": False}
SOCKET = {"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000", "websocket": True}


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("http://localhost:8000", "http://localhost:8000"),
        ("HTTP://LocalHost:8000/", "http://localhost:8000"),
        ("http://quiz.example:80", "http://quiz.example"),
        ("https://quiz.example:443", "https://quiz.example"),
        ("https://quiz.example:8443", "https://quiz.example:8443"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_origins_are_written_as_browsers_send_them(text: str, origin: str) -> None:
    assert origin_of(text) == origin


@pytest.mark.parametrize(
    "text",
    ["", "localhost:8000", "ftp://x", "http://", "http://x:99999", "http://u@x", "http://x/a",
     "http://x/?q=1", "http://x/#f", "null", "http://[::1"],
)  # fmt: skip
def test_what_is_not_an_origin_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an origin"):
        origin_of(text)


def test_the_served_address_is_let_through() -> None:
    assert LOCAL.refusal(**PAGE) is None
    assert LOCAL.refusal(**SOCKET) is None
    assert LOCAL.refusal(**{**PAGE, "origin": "http://127.0.0.1:8000"}) is None
    assert LOCAL.refusal(**{**PAGE, "host": "127.0.0.1:8000".upper()}) is None


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"host": None}, "no Host header"),
        ({"host": "localhost:8000"}, "Host 'localhost:8000' is not the address"),
        ({"host": "127.0.0.1"}, "Host '127.0.0.1' is not the address"),
        ({"origin": None}, "WebSocket without an Origin"),
        ({"origin": "null"}, "pages from 'null' may not use this server"),
        ({"origin": "http://127.0.0.1:8001"}, "pages from 'http://127.0.0.1:8001'"),
        ({"origin": "https://127.0.0.1:8000"}, "pages from 'https://127.0.0.1:8000'"),
        ({"origin": "http://127.0.0.1:8000/"}, "may not use this server"),
    ],
)
def test_anything_else_is_refused_in_one_line(change: dict, why: str) -> None:
    reason = LOCAL.refusal(**{**SOCKET, **change})
    assert reason is not None and why in reason and "\n" not in reason


def test_allowed_origins_bring_their_hosts() -> None:
    access = Access.for_address("127.0.0.1", 8000, [origin_of("http://localhost:8000")])
    assert access.refusal(**{**SOCKET, "origin": "http://localhost:8000"}) is None
    assert access.refusal(**{**PAGE, "host": "localhost:8000"}) is None
    assert access.refusal(**{**PAGE, "host": "localhost:8001"}) is not None


def test_a_default_port_may_be_written_out_in_host() -> None:
    access = Access.for_address("quiz.example", 80, [origin_of("https://quiz.example")])
    assert access.origins == {"http://quiz.example", "https://quiz.example"}
    assert access.hosts == {"quiz.example", "quiz.example:80", "quiz.example:443"}
    ipv6 = Access.for_address("::1", 8000)
    assert ipv6.origins == {"http://[::1]:8000"} and ipv6.hosts == {"[::1]:8000"}


def test_a_token_is_needed_on_every_request_when_set() -> None:
    access = Access.for_address("192.168.1.4", 8000, token="s3cret-token")
    page = {**PAGE, "host": "192.168.1.4:8000"}
    assert "needs its token" in str(access.refusal(**page))
    assert "needs its token" in str(access.refusal(**page, token_param="s3cret-toke"))
    assert "needs its token" in str(access.refusal(**page, token_cookie=""))
    assert access.refusal(**page, token_param="s3cret-token") is None
    assert access.refusal(**page, token_cookie="s3cret-token") is None
    assert access.cookie == "interviewkit-token-8000"
    # the token does not excuse a wrong Origin
    foreign = {**page, "origin": "http://evil.example", "token_param": "s3cret-token"}
    assert "may not use this server" in str(access.refusal(**foreign))


@given(st.text(max_size=80))
def test_no_header_text_is_let_through_by_chance(text: str) -> None:
    token = {"token_param": "t" * 32}
    access = Access.for_address("127.0.0.1", 8000, token="t" * 32)
    host_ok = access.refusal(**{**SOCKET, "host": text}, **token) is None
    assert host_ok == (text.lower() == "127.0.0.1:8000")
    origin_ok = access.refusal(**{**SOCKET, "origin": text}, **token) is None
    assert origin_ok == (text == "http://127.0.0.1:8000")
    token_ok = access.refusal(**SOCKET, token_param=text, token_cookie=text) is None
    assert token_ok == (text == "t" * 32)
