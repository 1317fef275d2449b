"""`interviewkit serve`: a real server in a subprocess; who may use it (Host, Origin, token)."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import time
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest
from servehelpers import fetch, free_port, non_loopback_address, serving

from interviewkit.commands import serve

ANSI = re.compile(rb"\x1b(\[[0-9;?$<>=]*[A-Za-z]|\][^\x07]*\x07)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """`interviewkit serve` on a free loopback port, shared by the module's tests that only
    send requests; stopped with Ctrl+C (SIGINT) afterwards."""
    with serving(tmp_path_factory.mktemp("serve")) as served:
        yield served.port


def quiz_screen(url: str, origin: str | None, headers: dict[str, str] | None = None) -> bytes:
    """What a browser tab does: open the WebSocket and read until the quiz's home screen shows
    (its text, escape codes removed). A refused upgrade raises aiohttp's handshake error."""
    pytest.importorskip("interviewkit.commands.quiz")
    aiohttp = pytest.importorskip("aiohttp")

    async def session() -> bytes:
        received = b""
        async with (
            aiohttp.ClientSession(trust_env=False) as client,
            client.ws_connect(url, origin=origin, headers=headers) as ws,
        ):
            await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
            deadline = time.monotonic() + 20
            while b"Parameter counting" not in ANSI.sub(b"", received):
                if time.monotonic() > deadline:
                    break
                try:
                    msg = await ws.receive(timeout=1)
                except asyncio.TimeoutError:
                    continue
                if msg.type == aiohttp.WSMsgType.BINARY:
                    received += msg.data
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    received += msg.data.encode()
                else:
                    break
        return ANSI.sub(b"", received)

    return asyncio.run(session())


def refused_status(url: str, origin: str | None, headers: dict[str, str] | None = None) -> int:
    """The HTTP status with which the server refuses this WebSocket upgrade."""
    aiohttp = pytest.importorskip("aiohttp")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        quiz_screen(url, origin, headers)
    return refused.value.status


def test_the_page_is_served_on_loopback(server: int) -> None:
    status, headers, page = fetch(f"http://127.0.0.1:{server}/")
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{server}/ws"' in page
    assert "interviewkit quiz" in page
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, _, script = fetch(f"http://127.0.0.1:{server}/static/js/textual.js")
    assert status == 200 and len(script) > 1000  # xterm.js and the client ship with textual-serve


def test_a_browser_session_opens_the_quiz(server: int) -> None:
    """The page's own origin opens the WebSocket and receives the quiz's home screen."""
    screen = quiz_screen(f"ws://127.0.0.1:{server}/ws", f"http://127.0.0.1:{server}")
    assert b"interviewkit" in screen
    assert b"Parameter counting" in screen  # the home screen lists the topics


@pytest.mark.parametrize(
    "origin",
    [None, "http://127.0.0.1:1", "null", "http://localhost:{port}", "https://127.0.0.1:{port}"],
)
def test_a_websocket_from_another_origin_is_refused(server: int, origin: str | None) -> None:
    origin = origin and origin.format(port=server)
    assert refused_status(f"ws://127.0.0.1:{server}/ws", origin) == 403


@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "localhost:{port}", "127.0.0.1", "127.0.0.1:1", ""]
)
def test_a_request_for_another_host_is_refused(server: int, host: str) -> None:
    """DNS rebinding: a name the attacker controls, resolved to 127.0.0.1, sends its own Host."""
    host = host.format(port=server)
    status, _, body = fetch(f"http://127.0.0.1:{server}/", headers={"Host": host})
    assert status == 403
    assert body.count("\n") == 1 and "Host" in body
    origin = f"http://127.0.0.1:{server}"
    assert refused_status(f"ws://127.0.0.1:{server}/ws", origin, {"Host": host}) == 403


def test_a_page_request_from_another_origin_is_refused(server: int) -> None:
    status, _, body = fetch(
        f"http://127.0.0.1:{server}/static/js/textual.js",
        headers={"Origin": "http://evil.example"},
    )
    assert status == 403 and "'http://evil.example' may not use this server" in body


def test_allow_origin_admits_that_origin_and_its_host(tmp_path: Path) -> None:
    port_holder = free_port()  # only a name; nothing listens there
    allowed = f"http://localhost:{port_holder}"
    with serving(tmp_path, "--allow-origin", allowed + "/") as served:
        ws = f"ws://127.0.0.1:{served.port}/ws"
        assert b"Parameter counting" in quiz_screen(ws, allowed)
        assert b"Parameter counting" in quiz_screen(ws, served.origin)  # its own stays
        assert refused_status(ws, f"http://localhost:{served.port}") == 403
        status, _, _ = fetch(f"{served.origin}/", headers={"Host": f"localhost:{port_holder}"})
        assert status == 200
    assert "refused /ws: pages from 'http://localhost:" in served.output()


@pytest.mark.parametrize("origin", ["localhost:8000", "http://localhost:8000/quiz"])
def test_a_bad_allow_origin_is_one_line(capsys, origin: str) -> None:
    """Refused before serving (the forms that are not origins: test_export_serve_access.py)."""
    from interviewkit.cli import main

    assert main(["serve", "--port", str(free_port()), "--allow-origin", origin]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: serve error: --allow-origin: ") and err.count("\n") == 1
    assert "is not an origin" in err


@pytest.mark.parametrize("host", ["0.0.0.0", "::", " "])
def test_a_wildcard_host_is_refused(capsys, host: str) -> None:
    from interviewkit.cli import main

    assert main(["serve", "--host", host, "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: serve error: cannot serve on ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("host", "means"),
    [
        ("0", "0.0.0.0"),
        ("0x0", "0.0.0.0"),
        ("000.0", "0.0.0.0"),
        ("0.0", "0.0.0.0"),
        ("::0", "::"),
        ("0:0::0", "::"),
        ("::ffff:0.0.0.0", "0.0.0.0"),
    ],
)
def test_every_spelling_of_a_wildcard_host_is_refused(host: str, means: str) -> None:
    """The socket reads `0` or `0x0` as 0.0.0.0 (inet_aton), so they would listen everywhere."""
    with pytest.raises(serve.ServeError) as refused:
        serve.check_host(host)
    line = refused.value.one_line()
    assert line.startswith(f"cannot serve on {host!r}: it means {means}, every address of")
    assert "\n" not in line


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "::1", "localhost", "no-such-host.invalid"])
def test_a_host_that_is_no_wildcard_passes_the_check(host: str) -> None:
    serve.check_host(host)  # an unknown name is named later, when the port is tried


def _serve_without_the_port_check(*options: str) -> subprocess.CompletedProcess[str]:
    """`interviewkit serve` that skips the early port check, as when another program takes
    the port between that check and the server's own bind."""
    code = (
        "import sys; from interviewkit.commands import serve; from interviewkit.cli import main; "
        "serve.check_port_free = lambda host, port: None; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "serve", *options],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_address_is_printed_before_the_server_listens(server: int, tmp_path: Path) -> None:
    result = _serve_without_the_port_check("--port", str(server), "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "open http" not in result.stdout, result.stdout
    assert result.stderr == (
        f"interviewkit: serve error: cannot listen on 127.0.0.1:{server}: Address already in "
        "use (is the port in use? pick another with --port)\n"
    )


def test_an_address_that_cannot_be_used_is_not_blamed_on_the_port(tmp_path: Path) -> None:
    address = "203.0.113.9"  # TEST-NET-3: no machine's own address
    with socket.socket() as probe:
        try:
            probe.bind((address, 0))
            pytest.skip(f"this machine has {address}")
        except OSError:
            pass
    port = str(free_port())
    for run in (
        lambda: subprocess.run(
            [sys.executable, "-m", "interviewkit", "serve", "--host", address, "--port", port,
             "--data-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=60,
        ),
        lambda: _serve_without_the_port_check(
            "--host", address, "--port", port, "--data-dir", str(tmp_path)
        ),
    ):  # fmt: skip
        result = run()
        assert result.returncode == 2 and result.stdout == "", result.stdout
        assert result.stderr.startswith(f"interviewkit: serve error: cannot listen on {address}:")
        assert result.stderr.count("\n") == 1 and "port in use" not in result.stderr
        assert (
            ": Cannot assign requested address (the address cannot be used to listen on here; give an address of this machine)"
            in result.stderr
        ), result.stderr


@pytest.mark.parametrize("spelling", ["127.1", "0x7f.0.0.1", "2130706433"])
def test_a_short_spelling_of_loopback_is_served_as_the_address_it_means(
    tmp_path: Path, spelling: str
) -> None:
    """The socket reads 127.1 as 127.0.0.1 (inet_aton), and so does a browser's address bar:
    the printed address, the accepted origin and the loopback rule (no token) follow suit."""
    with serving(tmp_path, host=spelling) as served:
        assert re.fullmatch(rf"http://127\.0\.0\.1:{served.port}/?", served.url), served.url
        origin = f"http://127.0.0.1:{served.port}"
        assert fetch(f"{origin}/", {"Origin": origin})[0] == 200
        assert b"Parameter counting" in quiz_screen(f"ws://127.0.0.1:{served.port}/ws", origin)
    assert "warning" not in served.output()


def test_a_non_loopback_address_needs_the_printed_token(tmp_path: Path) -> None:
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to serve on")
    with serving(tmp_path, host=address) as served:
        assert re.fullmatch(rf"http://{re.escape(address)}:\d+/\?token=[\w-]{{32}}", served.url)
        token = served.url.partition("?token=")[2]
        status, _, body = fetch(f"{served.origin}/")
        assert status == 403 and "needs its token" in body
        assert fetch(f"{served.origin}/?token={token[:-1]}x")[0] == 403
        status, headers, page = fetch(served.url)
        assert status == 200 and "interviewkit quiz" in page
        cookie = headers["Set-Cookie"]
        assert cookie.startswith(f"interviewkit-token-{served.port}={token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        ws = f"ws://{address}:{served.port}/ws"
        assert refused_status(ws, served.origin) == 403
        jar = {"Cookie": f"interviewkit-token-{served.port}={token}"}
        assert b"Parameter counting" in quiz_screen(ws, served.origin, jar)
    assert "warning: serving on" in served.output()


def test_ctrl_c_stops_at_once_with_a_tab_open(tmp_path: Path) -> None:
    """The server closes the tabs' WebSockets when it stops (each quiz quits as on a closed
    tab) instead of waiting for the browser to hang up."""
    pytest.importorskip("interviewkit.commands.quiz")
    aiohttp = pytest.importorskip("aiohttp")

    async def tab(served) -> float:
        async with (
            aiohttp.ClientSession(trust_env=False) as client,
            client.ws_connect(f"ws://127.0.0.1:{served.port}/ws", origin=served.origin) as ws,
        ):
            await ws.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
            await ws.receive(timeout=20)  # the quiz is running
            served.proc.send_signal(signal.SIGINT)
            started = time.monotonic()
            while (await ws.receive(timeout=60)).type not in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
            ):
                pass
            await asyncio.to_thread(served.proc.wait, 60)
            return time.monotonic() - started

    with serving(tmp_path) as served:
        assert asyncio.run(tab(served)) < 5


def test_a_taken_port_is_one_line(server: int) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "serve", "--port", str(server)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"interviewkit: serve error: cannot listen on 127.0.0.1:{server}"
    )
    assert result.stderr.count("\n") == 1


def test_quiz_command_passes_bank_options_quoted() -> None:
    args = Namespace(bank=["my decks/rnn.toml"], data_dir="/tmp/ik data")
    command = serve.quiz_command(args)
    assert command.endswith(
        " -m interviewkit quiz --bank 'my decks/rnn.toml' --data-dir '/tmp/ik data'"
    )


def test_public_url_and_loopback() -> None:
    assert serve.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"
    assert serve._is_loopback("127.0.0.1") and serve._is_loopback("::1")
    assert serve._is_loopback("localhost")
    assert not serve._is_loopback("0.0.0.0") and not serve._is_loopback("192.168.1.4")


def test_default_host_is_loopback() -> None:
    from interviewkit.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--bank", "/no/such/deck.toml"], "bank error: --bank /no/such/deck.toml: no such file"),
        (["--data-dir", ""], "bank error: --data-dir is empty"),
        (["--port", "0"], "serve error: port 0 is out of range (use 1-65535"),
    ],
)
def test_bad_quiz_options_are_refused_before_serving(capsys, options, message) -> None:
    from interviewkit.cli import main

    assert main(["serve", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"interviewkit: {message}") and err.count("\n") == 1


def test_a_data_dir_that_is_a_file_is_refused_before_serving(tmp_path: Path, capsys) -> None:
    from interviewkit.cli import main

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert main(["serve", "--port", str(free_port()), "--data-dir", str(not_a_folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: progress store error: cannot create the data folder")
