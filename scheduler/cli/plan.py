"""``visitplan plan``: solve next month's calendar and write the plan folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.cli._run import (
    build_from_options,
    default_config_path,
    period_options,
    print_plan_report,
    problem_options,
    solve_with_progress,
)
from scheduler.cli.record import demand_options, demand_report
from scheduler.core.validate import validate
from scheduler.demand.apply import prepare_from_db
from scheduler.district.replay import plan_inputs
from scheduler.errors import SchedulerError
from scheduler.output.bundle import plan_files
from scheduler.output.folder import check_target, next_version, write_folder
from scheduler.output.map import read_boundaries
from scheduler.output.pdf import public_info


@cli.command("plan")
@period_options
@problem_options
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default maps/<period>/, or the next free -v2, -v3 …).")
@click.option("--force", is_flag=True, help="Replace the plan already in --out.")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for the whole solve.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed of the solver.")
@click.option("--tiles", default="none", show_default=True,
              help="Map background: osm, carto, none, or a tile URL template.")
@demand_options
@lang_option
def plan_cmd(out: Path | None, force: bool, time_limit: float, seed: int, tiles: str, lang: str,
             **kw: object) -> int:
    """Plan the visit calendar and write map.html, schedule.csv, summary.json and more.

    방문 일정을 계획하고 지도와 일정표를 만듭니다.
    """
    config_path = Path(kw.pop("config")) if kw.get("config") else default_config_path()  # type: ignore[arg-type]
    built, options = build_from_options(config_path, kw)
    prepared = prepare_from_db(built.problem, kw.get("db"), mode=kw.get("demand"),  # type: ignore[arg-type]
                               max_months_unvisited=kw.get("max_months_unvisited"))  # type: ignore[arg-type]
    demand_used = prepared.problem is not built.problem or kw.get("demand") is not None
    built = replace(built, problem=prepared.problem)
    problem = built.problem
    if out is not None:
        check_target(out, force=force)  # fail before a long solve, not after it
    plan = solve_with_progress(problem, time_limit_s=time_limit, seed=seed, lang=lang)
    violations = validate(problem, plan)
    if violations:  # the solver and the validator disagree: a bug, never hide it
        raise SchedulerError("internal error: the plan breaks rules: " + "; ".join(v.message for v in violations[:5]))
    boundaries = read_boundaries(built.config.boundaries_path) if built.config.boundaries_path else None
    skipped = [{"date": s.date.isoformat(), "reason": s.reason, "name": s.name} for s in built.skipped]
    files = plan_files(
        problem, plan, lang=lang, tiles=tiles, boundaries=boundaries, public=public_info(built.config),
        summary_extra={"visits_per_day": len(problem.days[0].sessions) if problem.days else 0,
                       "weekdays": sorted({d.date.isoweekday() for d in problem.days}),
                       "skipped_days": skipped, "validator_violations": len(violations),
                       **({"demand": prepared.summary()} if demand_used else {})},
        inputs=plan_inputs(options, config_path, seed=seed, time_limit_s=time_limit, lang=lang, tiles=tiles),
    )
    target = out if out is not None else next_version(Path("maps") / options.label)
    folder = write_folder(target, files, force=force)
    summary = json.loads(files["summary.json"])
    print_plan_report(problem, plan, summary, built, folder, sorted(files), lang)
    demand_report(prepared, plan, lang)
    return EXIT_OK
