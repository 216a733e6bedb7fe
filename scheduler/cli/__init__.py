"""The command line: the only place that prints, reads options and picks exit codes.

Each command lives in its own module and registers itself on :data:`cli`.
Errors from the :mod:`scheduler.errors` hierarchy become one clear message and an
exit code here, in :func:`main`, and nowhere else.
"""

from __future__ import annotations

import sys

import click

from scheduler.cli._common import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="visitplan")
def cli() -> None:
    """visitplan: visit calendars for job counselors (방문 일자리 상담 일정)."""


def _register() -> None:
    # Import for the side effect of registering each command on ``cli``.
    import importlib

    for name in ("plan", "export", "whatif", "evaluate", "replan", "explain", "serve", "record", "publish"):
        try:
            importlib.import_module(f"scheduler.cli.{name}")
        except ModuleNotFoundError as e:  # a command module not written yet
            if e.name != f"scheduler.cli.{name}":
                raise


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``visitplan`` and ``python -m scheduler``."""
    code = run_guarded(cli, argv if argv is not None else sys.argv[1:])
    sys.exit(code)
