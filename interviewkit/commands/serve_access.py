"""Who may use `interviewkit serve`: the rule that lets a request through, from its headers alone.

textual-serve answers every request and upgrades every WebSocket, so any web page the learner
opens could drive the quiz on localhost, and a DNS-rebinding name that resolves to 127.0.0.1 could
reach it. A request gets through only when its Host is the served address, its Origin (which a
WebSocket must send) is that address or one given with --allow-origin, and, on a non-loopback
address, it carries the random token printed at start (in the URL once, then as a cookie).
Pure (no aiohttp), so the rule is tested on its own; `serve_app.py` applies it to each request.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from interviewkit.errors import shown

TOKEN_PARAM = "token"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _authority(host: str, port: int | None, default_port: int | None = None) -> str:
    """`host[:port]` as browsers write it in Host and Origin: IPv6 in brackets, lower case,
    and no port when it is the scheme's default."""
    host = host.lower()
    if ":" in host:
        host = f"[{host}]"
    return host if port in (None, default_port) else f"{host}:{port}"


def origin_of(text: str) -> str:
    """The origin `scheme://host[:port]` that `text` names, as a browser sends it; ValueError
    (a message for a person) when `text` is not an http(s) origin."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        port, parts = None, None
    if (
        parts is None
        or parts.scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValueError(
            f"{shown(text)} is not an origin (write it as a browser shows it, e.g. "
            "http://localhost:8000, with no path)"
        )
    return f"{parts.scheme}://{_authority(parts.hostname, port, _DEFAULT_PORTS[parts.scheme])}"


@dataclass(frozen=True)
class Access:
    """The addresses and the token one `serve` accepts; `refusal` applies them to a request."""

    port: int
    origins: frozenset[str]  # exact Origin header values
    hosts: frozenset[str]  # exact Host header values (lower case)
    token: str | None = None  # required on every request when set

    @classmethod
    def for_address(
        cls, host: str, port: int, allow_origins: Iterable[str] = (), token: str | None = None
    ) -> Access:
        """Accept the served `http://host:port` and each of `allow_origins` (already checked with
        `origin_of`): as Origin, and their `host:port` as Host (so a page reached by an allowed
        name loads too). A default port may also be written out in Host."""
        origins = {f"http://{_authority(host, port, 80)}", *allow_origins}
        hosts: set[str] = set()
        for origin in origins:
            parts = urlsplit(origin)
            assert parts.hostname is not None, origin  # every origin here passed origin_of
            default = _DEFAULT_PORTS[parts.scheme]
            hosts.add(_authority(parts.hostname, parts.port, default))
            hosts.add(_authority(parts.hostname, parts.port or default))
        return cls(port=port, origins=frozenset(origins), hosts=frozenset(hosts), token=token)

    @property
    def cookie(self) -> str:
        """The cookie that carries the token after the first page (named per port, because
        browsers share cookies between the ports of one host)."""
        return f"interviewkit-token-{self.port}"

    def token_matches(self, given: str | None) -> bool:
        """Whether `given` is this server's token (compared in constant time)."""
        if self.token is None or given is None:
            return False
        return hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("utf-8"))

    def refusal(
        self,
        *,
        host: str | None,
        origin: str | None,
        websocket: bool,
        token_param: str | None = None,
        token_cookie: str | None = None,
    ) -> str | None:
        """Why a request with these headers is refused (one line), or None to let it through.

        A page opened from the address bar sends no Origin, so only a WebSocket must send one;
        a browser always sends it there, and a page elsewhere cannot forge it.
        """
        if host is None:
            return "the request has no Host header"
        if host.lower() not in self.hosts:
            return (
                f"Host {shown(host)} is not the address this server was started on "
                "(open the address it printed, or see --allow-origin)"
            )
        if origin is None:
            if websocket:
                return "a WebSocket without an Origin header is refused"
        elif origin not in self.origins:
            return f"pages from {shown(origin)} may not use this server (see --allow-origin)"
        if self.token is not None and not (
            self.token_matches(token_param) or self.token_matches(token_cookie)
        ):
            return "this server needs its token: open the address with ?token= that it printed"
        return None
