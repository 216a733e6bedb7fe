"""The real ``visitplan serve`` in a subprocess on a free port, for the web tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/")


@dataclass
class Server:
    """A running server: its base URL, its process and its database file."""

    url: str
    port: int
    proc: subprocess.Popen[str]
    db: Path
    started_s: float  # from process start to the first answered request

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


def start_server(db: Path, *extra: str, timeout_s: float = 60.0) -> Server:
    """Start ``python -m scheduler serve --no-browser --port 0 --db DB`` and wait until
    it answers ``GET /plan``."""
    import httpx

    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scheduler",
            "serve",
            "--no-browser",
            "--port",
            "0",
            "--db",
            str(db),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = ADDRESS.search(line)
    if not match:
        proc.kill()
        raise AssertionError(
            f"serve printed no address: {line!r} {proc.stderr.read() if proc.stderr else ''}"
        )
    port = int(match.group(1))
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(url + "/plan", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.perf_counter() - t0 > timeout_s or proc.poll() is not None:
            proc.kill()
            raise AssertionError("the server never answered")
        time.sleep(0.05)
    return Server(url, port, proc, db, time.perf_counter() - t0)


@contextmanager
def running_server(db: Path, *extra: str) -> Iterator[Server]:
    """A server for the ``with`` block, stopped afterwards."""
    server = start_server(db, *extra)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.proc.terminate()
            try:
                server.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def csrf_of(html: str) -> str:
    """The CSRF token of a page."""
    match = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def make_plan(
    client: object,
    *,
    names: str = "",
    month: str = "2026-12",
    counselors: int = 2,
    visits_per_day: int = 2,
) -> int:
    """Plan a month through the page's form (HTTP) and return the working plan's id."""
    c = client  # an httpx.Client on the server's base URL
    token = csrf_of(c.get("/plan").text)  # type: ignore[attr-defined]
    r = c.post(
        "/plan",
        data={
            "csrf": token,
            "month": month,
            "counselors": str(counselors),  # type: ignore[attr-defined]
            "visits_per_day": str(visits_per_day),
            "weekdays": "tue,thu",
            "names": names,
            "min_visits": "0",
            "time_limit": "30",
        },
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    deadline = time.time() + 180
    while time.time() < deadline:
        s = c.get(f"/jobs/{job}/state").json()  # type: ignore[attr-defined]
        if s["done"]:
            assert not s["error"], s["error"]
            return int(s["redirect"].rsplit("/", 1)[-1])
        time.sleep(0.3)
    raise AssertionError("planning never finished")
