"""The command line: the only place that prints, reads options and picks exit codes.

Each command lives in its own module, listed in :data:`scheduler.cli._group.COMMANDS`
(one line per command) and imported only when it runs. Errors from the
:mod:`scheduler.errors` hierarchy become one clear line and an exit code in
:func:`scheduler.cli._common.run_guarded`, and nowhere else.

This module stays tiny and imports nothing at load time, so that a Ctrl-C while the
program starts gives no traceback and ``visitplan --version`` is fast; ``cli`` (the
click group) is loaded on first access.
"""

from __future__ import annotations

import sys
from typing import Any


def __getattr__(name: str) -> Any:
    if name == "cli":
        from scheduler.cli._group import cli

        return cli
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``visitplan`` and ``python -m scheduler``."""
    args = argv if argv is not None else sys.argv[1:]
    try:
        from scheduler.cli._common import run_guarded
        from scheduler.cli._group import cli
    except KeyboardInterrupt:
        sys.stderr.write("interrupted (Ctrl-C)\n" if "en" in args else "중단됨 (Ctrl-C)\n")
        sys.exit(130)
    sys.exit(run_guarded(cli, args))
