"""`interviewkit serve`: the quiz in a browser tab, through textual-serve, on loopback by default.

textual-serve runs `interviewkit quiz` once per browser session and streams the terminal over a
websocket; xterm.js ships inside textual-serve, so the page works offline. It binds to 127.0.0.1
unless told otherwise, because anyone who can reach the port gets a quiz running as you; and it
answers only requests addressed to that address from its own pages (`serve_access.py`), plus a
random token on any other address, so no other web page and no stranger can drive the quiz.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import shlex
import socket
import sys

from interviewkit.commands._common import add_bank_options, check_bank_args
from interviewkit.commands.serve_access import Access, origin_of
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
    parser.add_argument(
        "--allow-origin",
        metavar="ORIGIN",
        action="append",
        default=[],
        help="also accept pages from ORIGIN, e.g. http://localhost:8000 (repeatable); by default "
        "only the served address itself may open the quiz",
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


def wildcard_meant(host: str) -> str | None:
    """The wildcard address (0.0.0.0 or ::) that `host` means to the socket, or None.

    Resolved as the listening socket will resolve it, so every spelling counts: the C library
    reads `0`, `0x0` and `0.0` as 0.0.0.0 (inet_aton), `0:0::0` is ::, and `::ffff:0.0.0.0`
    maps 0.0.0.0 into IPv6. An unknown name is no wildcard; the port check names it."""
    if not host.strip():
        return "0.0.0.0"
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        return None
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        mapped = getattr(address, "ipv4_mapped", None) or address
        if address.is_unspecified or mapped.is_unspecified:
            return str(mapped)
    return None


def check_host(host: str) -> None:
    """Refuse a wildcard address, however it is spelled: requests are checked against the
    address being served, and 0.0.0.0 is no address a browser can open (nor one that
    textual-serve's page could use)."""
    wildcard = wildcard_meant(host)
    if wildcard is not None:
        means = "that is" if host == wildcard else f"it means {wildcard},"
        raise ServeError(
            f"cannot serve on {host!r}: {means} every address of this machine; give the "
            "address that browsers will open",
            hint="e.g. --host 192.168.1.4 for this machine's address on your network",
        )


def canonical_host(host: str) -> str:
    """The address a numeric `host` means, as a browser writes it: the socket and the address
    bar both read `127.1` or `0x7f.0.0.1` as 127.0.0.1, and the server must print and accept
    the spelling the browser will send back. A name (localhost, a DNS name) stays as given."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return host
    return str(infos[0][4][0]) if infos else host


def access_for(args: argparse.Namespace) -> Access:
    """What this server accepts: its own address, the --allow-origin ones, and on a
    non-loopback address a fresh random token (like Jupyter's)."""
    try:
        extra = [origin_of(text) for text in args.allow_origin]
    except ValueError as exc:
        raise ServeError(f"--allow-origin: {exc}") from exc
    import secrets

    token = None if _is_loopback(args.host) else secrets.token_urlsafe(24)
    return Access.for_address(args.host, args.port, extra, token)


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
            raise cannot_listen(host, port, exc) from exc


def cannot_listen(host: str, port: int, exc: OSError) -> ServeError:
    """Why the server cannot listen, with a hint for that cause only: a port in use, a port
    that needs root, or an address that is not this machine's."""
    if exc.errno == errno.EADDRINUSE:
        hint = "is the port in use? pick another with --port"
    elif exc.errno == errno.EACCES:
        hint = "ports below 1024 need root; pick another with --port"
    else:
        hint = "the address cannot be used to listen on here; give an address of this machine"
    # asyncio's own text repeats the address ("error while attempting to bind on ...")
    why = os.strerror(exc.errno) if exc.errno else str(exc)
    return ServeError(f"cannot listen on {host}:{port}: {why}", hint=hint)


def check_options(args: argparse.Namespace) -> Access:
    """Every option checked before anything listens: the port's range, the host,
    --allow-origin, --bank, --data-dir; returns what the server will accept."""
    if not 1 <= args.port <= 65535:
        raise ServeError(
            f"port {args.port} is out of range", hint="use 1-65535; below 1024 needs root"
        )
    check_host(args.host)
    args.host = canonical_host(args.host)
    access = access_for(args)
    check_quiz_options(args)
    return access


def run(args: argparse.Namespace) -> int:
    from interviewkit.export.errors import require

    access = check_options(args)
    require("textual_serve.server", "serve", error=ServeError)
    from interviewkit.commands.serve_app import GuardedServer

    check_port_free(args.host, args.port)
    server = GuardedServer(
        quiz_command(args),
        access=access,
        host=args.host,
        port=args.port,
        title="interviewkit quiz",
        public_url=public_url(args.host, args.port),
    )
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port after the check
        raise cannot_listen(args.host, args.port, exc) from exc
    return 0
