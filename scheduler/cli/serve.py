"""``visitplan serve``: the planner's web page on this computer."""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

import click

from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.core.run import outside_run
from scheduler.errors import DataError
from scheduler.i18n import text

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (anything but loopback is reachable from the network).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8750,
    show_default=True,
    help="Port (0 = any free port).",
)
@click.option(
    "--db",
    "db",
    type=click.Path(path_type=Path),
    default=None,
    help="Database file (default: visitplan.db in the user's data folder, or $VISITPLAN_DB).",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help="District config TOML (default data/jung-gu.toml).",
)
@click.option("--no-browser", "no_browser", is_flag=True, help="Do not open the browser.")
@lang_option
def serve_cmd(
    host: str, port: int, db: Path | None, config: Path | None, no_browser: bool, lang: str
) -> int:
    """Start the planner's web page (plan, edit, compare, publish, export).

    계획 화면(월 계획·수정·비교·게시·내보내기)을 엽니다.
    """
    import uvicorn

    from scheduler.web.app import build_app

    sock = _bind(host, port)
    port = sock.getsockname()[1]
    app, _web = build_app(db, host=host, port=port, lang=lang, config_path=config)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if host not in LOOPBACK:
        click.echo(text("web.host_warning", lang, host=host), err=True)
    click.echo(text("web.serving", lang, url=url))
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    with outside_run():  # each job is a run of its own, with its own time limit
        server.run(sockets=[sock])
    return EXIT_OK


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, or one clear line when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise DataError(
            f"port {port} is already in use",
            column="--port",
            value=port,
            code="web.port_busy",
            params={"port": port},
            hint="pass another --port, e.g. --port 8751",
            hint_code="web.port_busy.hint",
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
