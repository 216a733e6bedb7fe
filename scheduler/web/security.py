"""Safe by default: Host check, CSRF tokens, a strict Content-Security-Policy.

One pure ASGI middleware does all three, so no route can forget them:

- **Host** (DNS rebinding): a request whose ``Host`` header is not one of the served
  names (``127.0.0.1:PORT``, ``localhost:PORT``, the ``--host`` given) gets 400.
- **CSRF**: every request that is not ``GET``/``HEAD`` must carry the page's token in
  the ``X-CSRF-Token`` header or the ``csrf`` form field; the token is an HMAC of the
  browser's session cookie under a secret made at start-up. A request whose ``Origin``
  is present and not the served origin is refused as well.
- **Headers**: ``Content-Security-Policy`` with ``default-src 'self'`` and no inline
  script or external origin, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``, ``X-Frame-Options: SAMEORIGIN``.

Plan files such as ``map.html`` are self-contained pages with inline script; they are
served under :data:`SANDBOXED_PREFIX` with a policy of their own (inline script, no
network, ``sandbox`` so the page runs in an opaque origin and cannot reach the app).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

SESSION_COOKIE = "vp_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Paths under which a stored plan file is shown as a page of its own.
SANDBOXED_PREFIX = "/view/"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
#: For self-contained plan pages (the map): their own inline code, nothing from outside.
SANDBOX_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'unsafe-inline'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "frame-ancestors 'self'",
        "sandbox allow-scripts",
    ]
)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Any  # Starlette or any ASGI callable (scope, receive, send)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values the server answers to."""
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    if host in ("0.0.0.0", "::"):  # every interface: the loopback names still work
        names |= {"127.0.0.1", "localhost"}
    out = set()
    for n in names:
        shown = f"[{n}]" if ":" in n else n
        out |= {f"{shown}:{port}"}
        if port == 80:
            out.add(shown)
    return frozenset(out)


class Guard:
    """The secret behind the CSRF tokens of one server run."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def token(self, session: str) -> str:
        """The CSRF token of a session cookie."""
        return hmac.new(self.secret, session.encode("utf-8"), hashlib.sha256).hexdigest()

    def check(self, session: str | None, token: str | None) -> bool:
        """Whether ``token`` belongs to ``session``."""
        if not session or not token:
            return False
        return hmac.compare_digest(self.token(session), token)


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v.decode("latin-1")
    return None


def session_of(scope: Scope) -> str | None:
    """The session cookie of a request, if it has one."""
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is no session
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """Host check, CSRF check and security headers around ``app`` (see the module doc).

    ``messages`` gives the refusal sentences (``host``, ``csrf``, ``origin``) already
    in the page's language.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Iterable[str],
        guard: Guard,
        messages: Callable[[str], str],
        max_body: int,
    ) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.guard = guard
        self.messages = messages
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or "").lower()
        if host not in self.hosts:
            await _plain(send, 400, self.messages("host"))
            return
        session = session_of(scope)
        fresh = None
        if not session:
            fresh = session = secrets.token_urlsafe(24)
            scope.setdefault("state", {})
        scope["vp_session"] = session
        scope["vp_csrf"] = self.guard.token(session)
        if scope["method"] not in SAFE_METHODS:
            origin = _header(scope, b"origin")
            if origin is not None and origin.split("://", 1)[-1].lower() not in self.hosts:
                await _plain(send, 403, self.messages("origin"))
                return
            length = _header(scope, b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body:
                await _plain(send, 413, self.messages("too_large"))
                return
            body, receive = await _buffer(receive, self.max_body)
            if body is None:
                await _plain(send, 413, self.messages("too_large"))
                return
            token = _header(scope, CSRF_HEADER.encode()) or _form_token(scope, body)
            if fresh is not None or not self.guard.check(session, token):
                await _plain(send, 403, self.messages("csrf"))
                return
        sandboxed = scope["path"].startswith(SANDBOXED_PREFIX)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"content-security-policy"
                ]
                headers += [
                    (b"content-security-policy", (SANDBOX_CSP if sandboxed else CSP).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cache-control", b"no-store"),
                ]
                if fresh is not None:
                    headers.append(
                        (
                            b"set-cookie",
                            (
                                f"{SESSION_COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Strict"
                            ).encode(),
                        )
                    )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _buffer(receive: Receive, limit: int) -> tuple[bytes | None, Receive]:
    """Read the whole request body (``None`` past ``limit``) and a ``receive`` that
    replays it to the app."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None, receive
        chunks.append(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def _form_token(scope: Scope, body: bytes) -> str | None:
    """The ``csrf`` field of a form body (urlencoded or multipart)."""
    ctype = (_header(scope, b"content-type") or "").lower()
    if ctype.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD)
        return values[0] if values else None
    if ctype.startswith("multipart/form-data"):
        marker = f'name="{CSRF_FIELD}"'.encode()
        at = body.find(marker)
        if at < 0:
            return None
        start = body.find(b"\r\n\r\n", at)
        end = body.find(b"\r\n", start + 4)
        if start < 0 or end < 0:
            return None
        return body[start + 4 : end].decode("ascii", "replace").strip()
    return None
