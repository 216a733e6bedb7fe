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
    from scheduler.output import folder
    from scheduler.solver import interrupt

    interrupt.reset()
    folder.reset_written()
    try:
        result = group.main(args=argv, prog_name="visitplan", standalone_mode=False)
        return int(result) if isinstance(result, int) else EXIT_OK
    except (click.exceptions.Abort, KeyboardInterrupt):
        # Outside a search (a search raises Interrupted with its own report, below).
        text = interrupt.between_searches_message(lang) if not folder.written() else None
        click.echo(text or ("중단됨 (Ctrl-C)" if lang == "ko" else "interrupted (Ctrl-C)"), err=True)
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
        text = getattr(e, "message_ko", None) if lang == "ko" else None
        click.echo(text or str(e) or ("중단됨 (Ctrl-C)" if lang == "ko" else "interrupted (Ctrl-C)"), err=True)
        return EXIT_INTERRUPTED
    except (DataError, OutputError, SchedulerError) as e:
        if debug:
            traceback.print_exc()
        if isinstance(e, DataError):
            _locate_toml(e)
        click.echo(one_line(f"{error_prefix(lang)}: {e}"), err=True)
        return e.exit_code
    except OSError as e:  # unreadable/unwritable files named by the user
        if debug:
            traceback.print_exc()
        name = getattr(e, "filename", None) or ""
        click.echo(one_line(f"{error_prefix(lang)}: {name}: {e.strerror or e}"), err=True)
        return EXIT_BAD_INPUT
    except Exception as e:  # noqa: BLE001 - a bug: one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        head = "내부 오류" if lang == "ko" else "internal error"
        click.echo(one_line(f"{head}: {type(e).__name__}: {e}. Hint: run again with --debug and report the "
                            "traceback"), err=True)
        return EXIT_VIOLATIONS


def one_line(text: str) -> str:
    """``text`` on one line: line breaks inside a message become `` / ``."""
    return " / ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _locate_toml(e: DataError) -> None:
    """Fill in the line of a TOML key when the code that raised ``e`` could not know it."""
    if e.row is not None or not e.file or not e.column or not str(e.file).endswith(".toml"):
        return
    try:
        from pathlib import Path

        from scheduler.district.config import decode_toml, key_line

        text = decode_toml(Path(e.file).read_bytes())
        e.row = key_line(text, e.column, e.value)
    except Exception:  # noqa: BLE001 - best effort: the message is right without a line too
        return


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
