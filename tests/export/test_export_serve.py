"""`interviewkit serve`: a real server in a subprocess, reached over loopback only."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewkit.commands import serve

ANSI = re.compile(rb"\x1b(\[[0-9;?$<>=]*[A-Za-z]|\][^\x07]*\x07)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    assert url.startswith("http://127.0.0.1:")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    with opener.open(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    """`interviewkit serve` on a free loopback port; stopped with Ctrl+C (SIGINT) afterwards."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewkit", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1", "INTERVIEWKIT_DATA": str(tmp_path / "data")},
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.1)
        yield port
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("server did not stop on Ctrl+C")
        log.close()


def test_the_page_is_served_on_loopback(server: int) -> None:
    status, page = fetch(f"http://127.0.0.1:{server}/")
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{server}/ws"' in page
    assert "interviewkit quiz" in page
    status, script = fetch(f"http://127.0.0.1:{server}/static/js/textual.js")
    assert status == 200 and len(script) > 1000  # xterm.js and the client ship with textual-serve


def test_a_browser_session_opens_the_quiz(server: int) -> None:
    """What a browser tab does: connect the websocket and receive the quiz's home screen."""
    pytest.importorskip("interviewkit.commands.quiz")
    aiohttp = pytest.importorskip("aiohttp")

    async def session() -> bytes:
        url = f"ws://127.0.0.1:{server}/ws?width=100&height=30"
        received = b""
        async with (
            aiohttp.ClientSession(trust_env=False) as client,
            client.ws_connect(url) as ws,
        ):
            await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
            deadline = time.monotonic() + 20
            # the topics come a moment after the first frame: the counts are read in a thread
            while (
                b"Parameter counting" not in ANSI.sub(b"", received) and time.monotonic() < deadline
            ):
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

    screen = asyncio.run(session())
    assert b"interviewkit" in screen
    assert b"Parameter counting" in screen  # the home screen lists the topics


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
