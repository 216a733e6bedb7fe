"""``visitplan export PLAN_DIR``: re-render the map and exports of a saved plan, without solving.

The plan folder's ``schedule.csv`` is read back against the problem rebuilt from
its ``plan.json`` (:func:`scheduler.app.export`); the files are written as a new
folder, which appears only when complete.
"""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli import cli
from scheduler.cli._common import lang_option
from scheduler.cli._run import tiles_option
from scheduler.i18n import text


def default_out_dir(plan_dir: Path) -> Path:
    """``<plan>-export`` beside the plan folder, or ``<plan>-export-2``, ``-3``… if taken."""
    from scheduler.app.export import default_export_dir

    return default_export_dir(plan_dir)


@cli.command("export", help="cli.cmd.export")
@click.argument("plan_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@lang_option
@tiles_option
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=None, help="cli.opt.export_out"
)
def export_command(plan_dir: Path, lang: str, tiles: str, out_dir: Path | None) -> None:
    from scheduler import app

    outcome = app.export(app.ExportRequest(plan_dir=plan_dir, lang=lang, tiles=tiles))
    folder = app.write_export(outcome, out_dir)
    click.echo(text("cli.exported", lang, folder=str(folder)))
    for name in sorted(outcome.files):
        click.echo(f"  {name}")
