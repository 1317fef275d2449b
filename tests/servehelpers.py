"""A real `interviewkit serve` in a subprocess, for the serve tests and the browser tests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

START_LINE = re.compile(r"interviewkit quiz: open (?P<url>http://\S+) in a browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def non_loopback_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 5):
    """GET `url` directly (never through a proxy); returns (status, headers, body), 4xx too."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def _accepts(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


@dataclass
class Served:
    """A running server: where it listens, the address it printed, and its log."""

    host: str
    port: int
    url: str  # the printed address to open (with ?token= when there is one)
    log: Path
    proc: subprocess.Popen

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(
    tmp_path: Path, *options: str, host: str = "127.0.0.1", data_dir: Path | None = None
) -> Iterator[Served]:
    """`interviewkit serve` on a free port until the block ends; then stopped with Ctrl+C."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    data = data_dir or tmp_path / "data"
    command = [sys.executable, "-m", "interviewkit", "serve", "--host", host, "--port", str(port)]
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [*command, *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1", "INTERVIEWKIT_DATA": str(data)},
        )
    try:
        deadline = time.monotonic() + 30
        while not (match := START_LINE.search(log.read_text(errors="replace"))) or not _accepts(
            host, port
        ):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield Served(host=host, port=port, url=match["url"], log=log, proc=proc)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("server did not stop on Ctrl+C")
