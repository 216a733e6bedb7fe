"""``visitplan explain DIR --center ID``: why a center got its dates, in a few lines.

The rules that bind come from the plan itself; the next-best alternative and its
cost come from re-solving with the center forbidden on each of its dates
(:mod:`scheduler.analysis.why`). ``--center`` takes an id or a name (``회현동``).
"""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli import _types as T
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option


@cli.command("explain", help="cli.cmd.explain")
@click.argument("plan_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--center", required=True, help="cli.opt.center")
@click.option(
    "--time-limit",
    "time_limit",
    type=T.TIME_LIMIT,
    default=10.0,
    show_default=True,
    help="cli.opt.explain_time_limit",
)
@click.option("--no-alternatives", "no_alternatives", is_flag=True, help="cli.opt.no_alternatives")
@lang_option
def explain_cmd(
    plan_dir: Path, center: str, time_limit: float, no_alternatives: bool, lang: str
) -> int:
    from scheduler import app
    from scheduler.analysis.why import explanation_lines

    ex = app.explain(
        app.ExplainRequest(
            plan_dir=plan_dir,
            center=center,
            time_limit_s=time_limit,
            alternatives=not no_alternatives,
            lang=lang,
        )
    )
    for line in explanation_lines(ex, lang):
        click.echo(line)
    return EXIT_OK
