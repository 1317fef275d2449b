"""`interviewkit serve`: the quiz in a browser tab, through textual-serve, on loopback by default.

textual-serve runs `interviewkit quiz` once per browser session and streams the terminal over a
websocket; xterm.js ships inside textual-serve, so the page works offline. It binds to 127.0.0.1
unless told otherwise, because anyone who can reach the port gets a quiz running as you.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys

from interviewkit.commands._common import add_bank_options, check_bank_args
from interviewkit.errors import InterviewkitError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(InterviewkitError):
    """The quiz cannot be served as asked (port taken, bad host, textual-serve missing)."""

    title = "serve error"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="open the quiz in a web browser (textual-serve), on 127.0.0.1 by default",
        description="Serve the quiz app over HTTP: open the printed address in a browser tab; "
        "each tab runs its own quiz. Stop with Ctrl+C.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    add_bank_options(parser)
    parser.set_defaults(func=run)


def quiz_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs per browser session (its options shell-quoted)."""
    parts = [sys.executable, "-m", "interviewkit", "quiz"]
    for path in args.bank:
        parts += ["--bank", path]
    if args.data_dir:
        parts += ["--data-dir", args.data_dir]
    return " ".join(shlex.quote(p) for p in parts)


def check_quiz_options(args: argparse.Namespace) -> None:
    """Refuse a bad --bank or --data-dir now, in one line: once serving, the quiz would only
    fail inside each browser tab, where the person at the terminal never sees why."""
    from interviewkit.study.store import ProgressStore

    check_bank_args(args)
    with ProgressStore.open(args.data_dir):
        pass  # creates or opens the database exactly as each tab's quiz will


def public_url(host: str, port: int) -> str:
    """The address the page tells the browser to use (IPv6 literals in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_port_free(host: str, port: int) -> None:
    """Bind and release the port first, so a taken port is one clear line before any banner."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host!r}: unknown host") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="is the port in use? pick another with --port",
            ) from exc


def check_options(args: argparse.Namespace) -> None:
    """Every option checked before anything listens: the port's range, --bank, --data-dir."""
    if not 1 <= args.port <= 65535:
        raise ServeError(
            f"port {args.port} is out of range", hint="use 1-65535; below 1024 needs root"
        )
    check_quiz_options(args)


def run(args: argparse.Namespace) -> int:
    from interviewkit.export.errors import require

    check_options(args)
    server_module = require("textual_serve.server", "serve", error=ServeError)
    check_port_free(args.host, args.port)
    if not _is_loopback(args.host):
        print(
            f"interviewkit: warning: serving on {args.host}: anyone who can reach this port can "
            "use the quiz as you (and change your progress)",
            file=sys.stderr,
        )
    server = server_module.Server(
        quiz_command(args),
        host=args.host,
        port=args.port,
        title="interviewkit quiz",
        public_url=public_url(args.host, args.port),
    )
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port after the check
        raise ServeError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            hint="is the port in use? pick another with --port",
        ) from exc
    return 0
