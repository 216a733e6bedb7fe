"""The ``visitplan`` click group: commands loaded on first use, help in the chosen language.

Help texts and option help are catalog codes (``cli.cmd.plan``, ``cli.opt.month``)
turned into sentences when the help is shown, in the language of ``--lang`` (Korean
by default); a plain text (a command another module adds) is shown as it is.
Command modules are imported only when their command runs or its help is asked
for, so ``visitplan --version`` and ``visitplan --help`` import no solver.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

import click

from scheduler import __version__
from scheduler.i18n import has, text

#: The language help and option errors are shown in (set from ``--lang`` in argv).
LANG: ContextVar[str] = ContextVar("visitplan_lang", default="ko")

#: Command name → module that registers it (add a line for a new command; its
#: one-line help is the catalog code ``cli.cmd.<name>.short`` if there is one).
COMMANDS: dict[str, str] = {
    "plan": "scheduler.cli.plan",
    "export": "scheduler.cli.export",
    "whatif": "scheduler.cli.whatif",
    "evaluate": "scheduler.cli.evaluate",
    "replan": "scheduler.cli.replan",
    "explain": "scheduler.cli.explain",
    "serve": "scheduler.cli.serve",
    "record": "scheduler.cli.record",
    "publish": "scheduler.cli.publish",
}


def lang_in(argv: Sequence[str]) -> str:
    """The ``--lang`` given in ``argv`` (``ko`` when none or an unknown one)."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "ko"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1] == "en" else "ko"
    return "ko"


def tr(value: str | None) -> str | None:
    """``value`` translated if it is a catalog code, else unchanged."""
    if value and has(value):
        return text(value, LANG.get())
    return value


def _local(record: str) -> str:
    if LANG.get() != "ko":
        return record
    return (
        record.replace("[default: ", "[기본값: ")
        .replace("[required]", "[필수]")
        .replace("default: ", "기본값: ")
    )


class I18nCommand(click.Command):
    """A command whose help, option help and headings follow :data:`LANG`."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = "cli.opt.help"
        return opt

    def get_short_help_str(self, limit: int = 45) -> str:
        shown = copy.copy(self)
        shown.help = tr(self.help)
        shown.short_help = tr(self.short_help)
        return click.Command.get_short_help_str(shown, limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        shown = copy.copy(self)
        shown.help = tr(self.help)
        click.Command.format_help_text(shown, ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(
            ctx.command_path,
            " ".join(self.collect_usage_pieces(ctx)),
            prefix=text("cli.help.usage", LANG.get()) + " ",
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            shown = copy.copy(param)
            if isinstance(shown, click.Option):
                shown.help = tr(shown.help)
            rv = shown.get_help_record(ctx)
            if rv is not None:
                rows.append((rv[0], _local(rv[1])))
        if rows:
            with formatter.section(text("cli.help.options", LANG.get())):
                formatter.write_dl(rows)


class LazyGroup(I18nCommand, click.Group):
    """The top-level group: imports a command's module on first use."""

    command_class = I18nCommand

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        import sys

        LANG.set(lang_in(list(args) if args is not None else sys.argv[1:]))
        return super().main(args, *a, **kw)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(n for n in sorted(self.commands) if n not in COMMANDS)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            try:
                importlib.import_module(COMMANDS[name])
            except ModuleNotFoundError as e:  # a command whose module is not written yet
                if e.name != COMMANDS[name]:
                    raise
        return self.commands.get(name)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        I18nCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            code = f"cli.cmd.{name}.short"
            if has(code):
                rows.append((name, text(code, LANG.get())))
                continue
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(formatter.width - 20)))
        if rows:
            with formatter.section(text("cli.help.commands", LANG.get())):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup, help="cli.cmd.group", context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(version=__version__, message="%(prog)s %(version)s", help="cli.opt.version")
@click.option(
    "--lang", type=click.Choice(["ko", "en"]), default=None, expose_value=False, help="cli.opt.lang"
)
def cli() -> None:
    """visitplan."""
