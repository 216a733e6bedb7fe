"""``visitplan export PLAN_DIR``: re-render the map and the exports of a saved plan, without solving.

The plan folder's ``schedule.csv`` is read back against the problem rebuilt from
its ``plan.json``; the files are written as a new folder, which appears only when
complete (see :func:`scheduler.output.folder.write_folder`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scheduler.cli import cli
from scheduler.cli._common import lang_option
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.district.replay import load_plan
from scheduler.output.bundle import export_files
from scheduler.output.folder import write_folder
from scheduler.output.map import read_boundaries
from scheduler.output.pdf import public_info

def default_out_dir(plan_dir: Path) -> Path:
    """``<plan>-export`` beside the plan folder, or ``<plan>-export-2``, ``-3``… if taken."""
    first = plan_dir.parent / f"{plan_dir.name}-export"
    candidate, n = first, 2
    while candidate.exists():
        candidate = plan_dir.parent / f"{plan_dir.name}-export-{n}"
        n += 1
    return candidate


def load_plan_folder(plan_dir: Path) -> tuple[Problem, Plan, dict[str, Any] | None]:
    """The problem (rebuilt from ``plan.json``), the plan (``schedule.csv``) and the dong boundaries."""
    built, _, plan = load_plan(plan_dir)
    path = built.config.boundaries_path
    boundaries = read_boundaries(path) if path is not None and Path(path).is_file() else None
    return built.problem, plan, boundaries


@cli.command("export")
@click.argument("plan_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@lang_option
@click.option(
    "--tiles",
    default="none",
    show_default=True,
    help="Map background: osm, carto, none (works offline) or a tile URL template with {z}/{x}/{y}.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="New folder for the files (default: <PLAN_DIR>-export beside the plan folder).",
)
def export_command(plan_dir: Path, lang: str, tiles: str, out_dir: Path | None) -> None:
    """Re-render map.html, schedule.xlsx, calendars and notices from a plan folder (no solving)."""
    problem, plan, boundaries = load_plan_folder(plan_dir)
    target = out_dir if out_dir is not None else default_out_dir(plan_dir)
    public = public_info(load_plan(plan_dir)[0].config)
    files = export_files(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries, previous=plan_dir,
                         public=public)
    folder = write_folder(target, files)
    head = "내보냄" if lang == "ko" else "exported"
    click.echo(f"{head}: {folder}")
    for name in sorted(files):
        click.echo(f"  {name}")
