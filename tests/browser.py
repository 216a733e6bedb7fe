"""Open a local HTML file in Debian's headless Chromium, network off, via Playwright.

Playwright drives the system browser (``executable_path``); ``playwright install``
is never run. Every request other than the page's own ``file:`` URL is recorded and
aborted, and the browser context is offline, so a page that tries to fetch anything
shows up in :attr:`PageSession.requests` instead of reaching the network.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium_path() -> str | None:
    """The Chromium binary: $VISITPLAN_CHROMIUM, /usr/bin/chromium, or `chromium` on PATH."""
    for candidate in (
        os.environ.get("VISITPLAN_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_chromium() -> str:
    """Chromium's path; skip the test when it (or Playwright) is missing, but fail under CI."""
    path = chromium_path()
    problem = None
    if path is None:
        problem = "Chromium not found (run scripts/install-chromium.sh)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = (
                "the playwright package is not installed "
                "(pip install playwright; no browser download)"
            )
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run under CI: {problem}")
        pytest.skip(problem)
    assert path is not None
    return path


@dataclass
class PageSession:
    """An open page and what it logged: console messages, page errors and requests."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, as text."""
        return [text for kind, text in self.console if kind == "error"] + self.page_errors

    def outside_requests(self, own_url: str) -> list[str]:
        """Requests for anything other than the page itself (and inline data: URIs)."""
        return [u for u in self.requests if u != own_url and not u.startswith("data:")]


@contextmanager
def open_page(
    path: Path, *, width: int = 1400, height: int = 900, ready_selector: str = "body[data-vp-ready]"
) -> Iterator[PageSession]:
    """Open ``path`` in headless Chromium (fresh profile, offline) and wait for
    ``ready_selector``."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    profile = tempfile.mkdtemp(prefix="vp-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                offline=True,
                viewport={"width": width, "height": height},
                locale="ko-KR",
                timezone_id="Asia/Seoul",
            )
            try:
                page = context.new_page()
                session = PageSession(page)
                page.on("console", lambda m: session.console.append((m.type, m.text)))
                page.on("pageerror", lambda e: session.page_errors.append(str(e)))
                page.on("request", lambda r: session.requests.append(r.url))

                def guard(route: Any) -> None:
                    if route.request.url == url or route.request.url.startswith("data:"):
                        route.continue_()
                    else:
                        route.abort()

                context.route("**/*", guard)
                page.goto(url, wait_until="load")
                if ready_selector:
                    try:
                        page.wait_for_selector(ready_selector, state="attached", timeout=15000)
                    except Exception as e:  # say why the page never got ready
                        raise AssertionError(
                            f"{path.name} never became ready ({ready_selector}): "
                            f"errors={session.errors()} requests={session.requests}"
                        ) from e
                yield session
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
