"""textual-serve's server with `serve_access.Access` in front of every request it answers.

textual-serve builds a plain aiohttp application; this subclass adds one middleware (the access
rule, before any route runs, so a refused WebSocket never starts a quiz; it also turns a valid
`?token=` into a cookie) and one response hook (headers that keep the page from being framed or
leaking its URL); it prints the address to open and closes the tabs when the server stops.
Imported only by `serve`, once textual-serve is known to be installed.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSCloseCode, hdrs, web
from textual_serve.server import Server

from interviewkit.commands.serve_access import TOKEN_PARAM, Access

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: No framing (a page elsewhere could frame the quiz and steer clicks into it) and style sheets
#: only from here (textual-serve's page asks a font CDN for one; the quiz works offline without).
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'; style-src 'self' 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the first URL
}


def _is_websocket(request: web.Request) -> bool:
    return request.headers.get(hdrs.UPGRADE, "").lower() == "websocket" or request.path == "/ws"


def guard(access: Access) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """The aiohttp middleware that refuses, with 403 and one logged line, what `access` refuses."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        reason = access.refusal(
            host=request.headers.get(hdrs.HOST),
            origin=request.headers.get(hdrs.ORIGIN),
            websocket=_is_websocket(request),
            token_param=request.query.get(TOKEN_PARAM),
            token_cookie=request.cookies.get(access.cookie),
        )
        if reason is not None:
            print(f"interviewkit serve: refused {request.path}: {reason}", file=sys.stderr)
            raise web.HTTPForbidden(text=f"{reason}\n")
        response = await handler(request)
        token = request.query.get(TOKEN_PARAM)
        if token is not None and not response.prepared and access.token_matches(token):
            # the page's scripts, styles and WebSocket then carry the token without a URL
            response.set_cookie(access.cookie, token, httponly=True, samesite="Strict", path="/")
        return response

    return middleware


class GuardedServer(Server):
    """`textual_serve.server.Server` that lets through only what its `Access` allows."""

    def __init__(self, command: str, *, access: Access, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.access = access
        self._sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()

    async def _make_app(self) -> web.Application:
        # textual-serve's one place that builds the app; middlewares must be in before it runs
        app = await super()._make_app()
        app.middlewares.append(guard(self.access))  # type: ignore[arg-type]
        app.on_response_prepare.append(self._on_response_prepare)
        return app

    async def _on_response_prepare(
        self, request: web.Request, response: web.StreamResponse
    ) -> None:
        response.headers.update(SECURITY_HEADERS)
        if isinstance(response, web.WebSocketResponse):
            self._sockets.add(response)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close the open tabs' WebSockets, so each quiz quits as on a closed tab and Ctrl+C
        stops at once: aiohttp would otherwise wait for the browsers to hang up."""
        await asyncio.gather(
            *(
                ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
                for ws in list(self._sockets)
            )
        )

    def start_url(self) -> str:
        """The address to open: with the token, when there is one."""
        query = f"?{TOKEN_PARAM}={self.access.token}" if self.access.token else ""
        return f"{self.public_url}/{query}"

    async def on_startup(self, app: web.Application) -> None:
        """Nothing yet (textual-serve prints its banner here): aiohttp runs this before it
        binds, and an address that cannot be used must not follow an "open this" line."""

    def announce(self, *_: object) -> None:
        """The address to open, printed once the server listens (aiohttp's `print` hook), and
        on an address other machines reach, a warning of what its token gives."""
        if self.access.token is not None:
            print(
                f"interviewkit: warning: serving on {self.host}: anyone who can reach this port "
                "and has the address with its token can use the quiz as you (and change your "
                "progress)",
                file=sys.stderr,
            )
        print(f"interviewkit quiz: open {self.start_url()} in a browser", flush=True)
        print("Press Ctrl+C to stop.", flush=True)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, with `announce` as the hook aiohttp calls after binding."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # Windows: Ctrl+C stops the loop as KeyboardInterrupt
            pass
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=self.announce,
        )
