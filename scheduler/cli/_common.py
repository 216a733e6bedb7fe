"""Shared CLI plumbing: options, language, and the error → exit-code translation."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

import click

from scheduler.errors import DataError, InfeasibleError, Interrupted, OutputError, SchedulerError

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_INTERRUPTED = 130


def current_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` given on the command line (for error messages), default ``ko``."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return "ko"


def error_prefix(lang: str) -> str:
    return "오류" if lang == "ko" else "error"


def run_guarded(group: click.Group, argv: Sequence[str]) -> int:
    """Run the click group and translate every failure into a message and exit code."""
    argv = list(argv)
    debug = "--debug" in argv or os.environ.get("VISITPLAN_DEBUG") == "1"
    if "--debug" in argv:
        argv.remove("--debug")
    lang = current_lang(argv)
    try:
        result = group.main(args=argv, prog_name="visitplan", standalone_mode=False)
        return int(result) if isinstance(result, int) else EXIT_OK
    except click.exceptions.Abort:
        click.echo("중단됨 (Ctrl-C)" if lang == "ko" else "interrupted (Ctrl-C)", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("중단됨 (Ctrl-C)" if lang == "ko" else "interrupted (Ctrl-C)", err=True)
        return EXIT_INTERRUPTED
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.ClickException as e:
        e.show()
        return EXIT_BAD_INPUT
    except InfeasibleError as e:
        if debug:
            traceback.print_exc()
        head = "계획 불가" if lang == "ko" else "no feasible plan"
        if not e.proven:
            head = "시간 안에 계획을 찾지 못함" if lang == "ko" else "no plan found within the time limit"
        click.echo(f"{head}: {e.message(lang)}", err=True)
        return EXIT_INFEASIBLE
    except Interrupted as e:
        click.echo(str(e) or ("중단됨 (Ctrl-C)" if lang == "ko" else "interrupted (Ctrl-C)"), err=True)
        return EXIT_INTERRUPTED
    except (DataError, OutputError, SchedulerError) as e:
        if debug:
            traceback.print_exc()
        click.echo(f"{error_prefix(lang)}: {e}", err=True)
        return e.exit_code
    except OSError as e:  # unreadable/unwritable files named by the user
        if debug:
            traceback.print_exc()
        name = getattr(e, "filename", None) or ""
        click.echo(f"{error_prefix(lang)}: {name}: {e.strerror or e}", err=True)
        return EXIT_BAD_INPUT


def lang_option(f):  # type: ignore[no-untyped-def]
    """``--lang ko|en`` (default ``ko``)."""
    return click.option(
        "--lang",
        type=click.Choice(["ko", "en"]),
        default="ko",
        show_default=True,
        help="Language of human-readable output / 출력 언어",
    )(f)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
