"""Shared CLI plumbing: exit codes, the language, and every failure → one line + exit code."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import click

from scheduler.cli._group import LANG, lang_in
from scheduler.core.run import RunRecord, run_record
from scheduler.errors import (
    DataError,
    InfeasibleError,
    InternalError,
    Interrupted,
    OutputError,
    SchedulerError,
)
from scheduler.i18n import has, text

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def current_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` given on the command line (for error messages), default ``ko``."""
    return lang_in(argv)


def error_prefix(lang: str) -> str:
    """``오류`` / ``error``."""
    return text("error.prefix", lang)


EXIT_TERMINATED = 143  # 128 + SIGTERM, what a shell reports for a process it ended


def run_guarded(group: click.Group, argv: Sequence[str]) -> int:
    """:func:`_run_guarded` with SIGTERM (``kill``, a service manager) handled like Ctrl-C:
    the same report, nothing half-written left (``scheduler.output.folder``), exit 143."""
    import signal

    fired: list[int] = []

    def on_term(signum: int, frame: object) -> None:
        fired.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: signals are not ours to handle
        return _run_guarded(group, argv)
    try:
        code = _run_guarded(group, argv)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_TERMINATED if fired and code == EXIT_INTERRUPTED else code


def _run_guarded(group: click.Group, argv: Sequence[str]) -> int:
    """Run the click group and translate every failure into one line and an exit code."""
    argv = list(argv)
    debug = "--debug" in argv or os.environ.get("VISITPLAN_DEBUG") == "1"
    if "--debug" in argv:
        argv.remove("--debug")
    lang = current_lang(argv)
    LANG.set(lang)
    # This run's own record (latest solution, folders written): nothing of an earlier
    # command in the same process (tests run many) reaches it.
    with run_record() as record:
        return _run_command(group, argv, lang, debug, record)


def _run_command(
    group: click.Group, argv: list[str], lang: str, debug: bool, record: RunRecord
) -> int:
    try:
        result = group.main(args=argv, prog_name="visitplan", standalone_mode=False)
        return int(result) if isinstance(result, int) else EXIT_OK
    except (click.exceptions.Abort, KeyboardInterrupt):
        # Outside a search (a search raises Interrupted with its own report, below).
        click.echo(_between_searches(lang, record) or text("cli.interrupted", lang), err=True)
        return EXIT_INTERRUPTED
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else str(e))
        return EXIT_OK
    except click.ClickException as e:
        click.echo(one_line(f"{error_prefix(lang)}: {click_error_text(e, argv, lang)}"), err=True)
        return EXIT_BAD_INPUT
    except SchedulerError as e:
        if debug and not isinstance(e, Interrupted):
            traceback.print_exc()
        return _report_error(e, lang)
    except OSError as e:  # unreadable/unwritable files named by the user
        if debug:
            traceback.print_exc()
        name = getattr(e, "filename", None) or ""
        click.echo(one_line(f"{error_prefix(lang)}: {name}: {e.strerror or e}"), err=True)
        return EXIT_BAD_INPUT
    except Exception as e:  # a bug: one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        detail = f"{type(e).__name__}: {e}"
        click.echo(one_line(text("cli.internal", lang, detail=detail)), err=True)
        return EXIT_INTERNAL


def _report_error(e: SchedulerError, lang: str) -> int:
    """One of our own errors on stderr; its exit code."""
    if isinstance(e, InfeasibleError):
        head = text("cli.infeasible" if e.proven else "cli.no_plan_in_time", lang)
        click.echo(f"{head}: {e.message(lang)}", err=True)
        return EXIT_INFEASIBLE
    if isinstance(e, Interrupted):
        msg = getattr(e, "message_ko", None) if lang == "ko" else None
        click.echo(msg or str(e) or text("cli.interrupted", lang), err=True)
        return EXIT_INTERRUPTED
    if isinstance(e, InternalError):
        click.echo(one_line(text("cli.internal", lang, detail=str(e))), err=True)
        return EXIT_INTERNAL
    if isinstance(e, DataError):
        _locate_toml(e)
    click.echo(one_line(f"{error_prefix(lang)}: {error_text(e, lang)}"), err=True)
    return e.exit_code


def _between_searches(lang: str, record: RunRecord) -> str | None:
    """The best plan so far, for a Ctrl-C between two searches (only once a search found
    one, and not once the plan is written)."""
    if record.latest_solution is None or record.written:
        return None
    from scheduler.solver.interrupt import between_searches_message

    return between_searches_message(lang, record)


def _catalog(code: str | None, lang: str, params: dict[str, object]) -> str | None:
    if not code or not has(code):
        return None
    try:
        return text(code, lang, **params)
    except (KeyError, IndexError, ValueError):  # a template field the raiser did not give
        return None


def error_text(e: SchedulerError, lang: str) -> str:
    """A coded error as one sentence in ``lang``: where, what, the value and the hint.

    Without a catalog code the error's own (English) text is used.
    """
    code = getattr(e, "code", None)
    params = dict(getattr(e, "params", {}) or {})
    if isinstance(e, DataError):
        params.setdefault("value", e.value)
    message = _catalog(code, lang, params)
    if message is None:
        if lang == "en" or not isinstance(e, DataError | OutputError):
            return str(e)
        message = e.message
    hint = _catalog(getattr(e, "hint_code", None), lang, params) or getattr(e, "hint", None)
    if isinstance(e, DataError):
        where = []
        if e.file:
            where.append(str(e.file))
        if e.row is not None:
            where.append(text("cli.where.row", lang, row=e.row))
        if e.column:
            kind = "cli.where.option" if str(e.column).startswith("--") else "cli.where.column"
            where.append(text(kind, lang, column=e.column))
        out = f"{', '.join(where)}: {message}" if where else message
        if e.value == "":
            out += " " + text("cli.where.value_empty", lang)
        elif e.value is not None:
            out += " " + text("cli.where.value", lang, value=repr(e.value))
    else:
        out = message
    if hint:
        out += ". " + text("error.hint", lang, hint=hint)
    return out


def _option_name(e: click.ClickException) -> str:
    param = getattr(e, "param", None)
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        if opts:
            return opts[0]
        return str(getattr(param, "human_readable_name", param.name) or "")
    hint = getattr(e, "param_hint", None)
    if hint:
        return hint if isinstance(hint, str) else " / ".join(hint)
    return str(getattr(e, "option_name", "") or "")


def _argv_value(argv: Sequence[str], opts: Sequence[str]) -> str | None:
    for i, a in enumerate(argv):
        for o in opts:
            if a == o and i + 1 < len(argv):
                return argv[i + 1]
            if a.startswith(o + "="):
                return a.split("=", 1)[1]
    return None


def _type_hint(ptype: Any, lang: str) -> str | None:
    if isinstance(ptype, click.IntRange | click.FloatRange):
        lo, hi = ptype.min, ptype.max
        if lo is not None and hi is not None:
            return text("cli.type.range", lang, low=lo, high=hi)
        if lo is not None:
            return text("cli.type.at_least", lang, low=lo)
        return text("cli.type.at_most", lang, high=hi)
    if isinstance(ptype, click.Choice):
        return text("cli.type.choice", lang, choices=", ".join(map(str, ptype.choices)))
    if ptype is click.INT:
        return text("cli.type.int", lang)
    if ptype is click.FLOAT:
        return text("cli.type.float", lang)
    if isinstance(ptype, click.Path):
        return text("cli.type.path", lang)
    return None


def click_error_text(e: click.ClickException, argv: Sequence[str], lang: str) -> str:
    """A click option or usage error as one sentence naming the option and the value."""
    name = _option_name(e)
    if isinstance(e, click.NoSuchOption):
        near = ", ".join(e.possibilities or [])
        msg = text("cli.usage.no_such_option", lang, option=e.option_name)
        return msg + (" " + text("cli.usage.did_you_mean", lang, near=near) if near else "")
    if isinstance(e, click.exceptions.NoSuchCommand):
        near = ", ".join(e.possibilities or [])
        msg = text("cli.usage.no_such_command", lang, command=e.command_name)
        return msg + (" " + text("cli.usage.did_you_mean", lang, near=near) if near else "")
    if isinstance(e, click.MissingParameter):
        return text("cli.usage.missing", lang, option=name)
    if isinstance(e, click.BadOptionUsage) and "requires an argument" in e.message:
        return text("cli.usage.needs_value", lang, option=name)
    if isinstance(e, click.BadParameter):
        param = e.param
        opts = list(getattr(param, "opts", []) or [])
        value = _argv_value(argv, opts) if opts else None
        expected = _type_hint(getattr(param, "type", None), lang) if param is not None else None
        if isinstance(getattr(param, "type", None), click.Path):
            expected = None
            return text("cli.usage.bad_path", lang, option=name, detail=e.message)
        return text(
            "cli.usage.bad_value",
            lang,
            option=name,
            value=value if value is not None else "?",
            expected=expected or e.message,
        )
    if e.message.startswith("Got unexpected extra argument"):
        extra = e.message.split("(", 1)[-1].rstrip(")")
        return text("cli.usage.extra", lang, args=extra)
    return text("cli.usage.other", lang, detail=e.format_message())


def one_line(text_: str) -> str:
    """``text`` on one line: line breaks inside a message become `` / ``."""
    return " / ".join(part.strip() for part in str(text_).splitlines() if part.strip())


def _locate_toml(e: DataError) -> None:
    """Fill in the line of a TOML key when the code that raised ``e`` could not know it."""
    if e.row is not None or not e.file or not e.column or not str(e.file).endswith(".toml"):
        return
    try:
        from pathlib import Path

        from scheduler.district.config import decode_toml, key_line

        raw = decode_toml(Path(e.file).read_bytes())
        e.row = key_line(raw, e.column, e.value)
    except Exception:
        return


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang ko|en`` (default ``ko``)."""
    return click.option(
        "--lang",
        type=click.Choice(["ko", "en"]),
        default="ko",
        show_default=True,
        help="cli.opt.lang",
    )(f)


def stderr_is_tty() -> bool:
    """Whether stderr is a terminal."""
    return sys.stderr.isatty()
