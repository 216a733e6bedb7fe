"""``visitplan plan``: solve a period's calendar and write the plan folder."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.cli._run import (
    period_options,
    print_plan_report,
    problem_options,
    progress_display,
    seed_option,
    spans,
    tiles_option,
    time_limit_option,
)
from scheduler.cli.record import demand_options


@cli.command("plan", help="cli.cmd.plan")
@period_options
@problem_options
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="cli.opt.out")
@click.option("--force", is_flag=True, help="cli.opt.force")
@time_limit_option(30.0)
@seed_option
@tiles_option
@demand_options
@lang_option
def plan_cmd(
    month: str | None,
    months: int,
    start: str | None,
    end: str | None,
    config: Path | None,
    centers: Path | None,
    counselors: int | None,
    names: str | None,
    visits_per_day: int | None,
    weekdays: str | None,
    leave: tuple[str, ...],
    closed: tuple[str, ...],
    history: Path | None,
    travel_matrix: Path | None,
    min_visits: int | None,
    max_visits: int | None,
    pins: Path | None,
    out: Path | None,
    force: bool,
    time_limit: float,
    seed: int,
    tiles: str,
    lang: str,
    demand: str | None = None,
    db: Path | None = None,
    max_months_unvisited: int | None = None,
) -> int:
    from scheduler import app

    req = app.PlanRequest(
        month=month,
        months=months,
        start=start,
        end=end,
        counselors=counselors,
        visits_per_day=visits_per_day,
        weekdays=weekdays,
        counselor_names=tuple(n.strip() for n in names.split(",")) if names else (),
        leave=spans(leave, "--leave", "김민지:2026-12-15..2026-12-17"),
        closures=spans(closed, "--closed", "명동:2026-12-10"),
        min_visits=min_visits,
        max_visits=max_visits,
        config_path=config,
        centers_path=centers,
        history_path=history,
        travel_matrix_path=travel_matrix,
        pins_path=pins,
        time_limit_s=time_limit,
        seed=seed,
        lang=lang,
        tiles=tiles,
        demand=demand,
        db_path=db,
        max_months_unvisited=max_months_unvisited,
    )
    app.check_out(out, force)  # fail before a long solve, not after it
    with progress_display(lang) as progress:
        outcome = app.plan(req, progress=progress)
    folder = app.write_plan(outcome, out, force=force)
    print_plan_report(outcome, folder, lang)
    return EXIT_OK
