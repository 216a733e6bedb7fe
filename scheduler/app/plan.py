"""Plan a period: :func:`plan` solves and validates once; :func:`write_plan` writes."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.app.common import (
    boundaries_of,
    config_path_of,
    named_teams,
    public_of,
    resolve_period,
    solve_checked,
    summary_extra,
    with_names,
)
from scheduler.app.progress import CancelFlag, Progress, ProgressEvent, check_cancel, report
from scheduler.app.requests import PlanRequest
from scheduler.app.resolve import expand_spans, parse_weekdays, resolve_center, resolve_counselor
from scheduler.core.metrics import Metrics, compute_metrics
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.core.run import command_started
from scheduler.core.validate import Violation
from scheduler.demand.apply import demand_warnings
from scheduler.district.build import Built, Options, build_problem, counselor_teams
from scheduler.district.calendar import SkippedDay
from scheduler.district.centers import read_centers
from scheduler.district.config import DistrictConfig, load_config
from scheduler.district.replay import plan_inputs
from scheduler.store.demand import prepare_from_db


@dataclass(frozen=True)
class PlanOutcome:
    """A solved, validated plan and every file of its folder (nothing written yet).

    ``summary`` is the content of ``summary.json``; ``files`` maps file names to
    bytes; ``label`` is the default folder name under ``maps/``.
    """

    problem: Problem
    plan: Plan
    metrics: Metrics
    summary: dict[str, Any]
    violations: tuple[Violation, ...]
    skipped: tuple[SkippedDay, ...]
    warnings: tuple[str, ...]
    inputs: dict[str, Any]
    files: Mapping[str, bytes]
    label: str
    built: Built = field(repr=False)


def build(req: PlanRequest, config: DistrictConfig | None = None) -> tuple[Built, Options, Path]:
    """The problem a request describes (names resolved, nothing solved)."""
    config_path = config_path_of(req.config_path)
    cfg = config if config is not None else load_config(config_path)
    s, e, label = resolve_period(req.month, req.months, req.start, req.end, req.today)
    leave: list = []
    closures: list = []
    if req.leave:
        teams = named_teams(counselor_teams(cfg, req.counselors), req.counselor_names)
        leave = expand_spans(
            req.leave,
            column="--leave",
            resolve=lambda who: resolve_counselor(teams, who, column="--leave"),
        )
    if req.closures:
        sites = read_centers(req.centers_path or cfg.centers_path).sites
        closures = expand_spans(
            req.closures,
            column="--closed",
            resolve=lambda c: resolve_center(sites, c, column="--closed"),
        )
    options = Options(
        start=s,
        end=e,
        counselors=req.counselors,
        visits_per_day=req.visits_per_day,
        weekdays=parse_weekdays(req.weekdays),
        centers_path=req.centers_path,
        history_path=req.history_path,
        matrix_path=req.travel_matrix_path,
        min_visits=req.min_visits,
        max_visits=req.max_visits,
        label=label,
        pins_path=req.pins_path,
        extra_leave=tuple(sorted(set(leave))),
        extra_closures=tuple(sorted(set(closures))),
    )
    # The time limit covers building too (travel times for thousands of centers take
    # minutes): it runs from the command's start, else from here.
    started = command_started()
    began = time.perf_counter() if started is None else started
    built = build_problem(
        cfg, options, deadline=began + req.time_limit_s, time_limit_s=req.time_limit_s
    )
    if req.counselor_names:
        built = Built(
            with_names(built.problem, req.counselor_names),
            built.skipped,
            built.warnings,
            built.config,
        )
    return built, options, config_path


def plan(
    req: PlanRequest, progress: Progress | None = None, cancel: CancelFlag | None = None
) -> PlanOutcome:
    """Solve the period of ``req``, validate the plan and render every file.

    Raises :class:`~scheduler.errors.DataError` for bad input,
    :class:`~scheduler.errors.InfeasibleError` when no plan exists (or none was found
    in time), :class:`~scheduler.errors.Interrupted` when ``cancel`` is set.
    """
    from scheduler.output.bundle import plan_files

    report(progress, ProgressEvent("phase", "load"))
    built, options, config_path = build(req)
    prepared = prepare_from_db(
        built.problem, req.db_path, mode=req.demand, max_months_unvisited=req.max_months_unvisited
    )
    problem = prepared.problem  # demand weights, store history, rotation minimums
    result = solve_checked(
        problem, time_limit_s=req.time_limit_s, seed=req.seed, progress=progress, cancel=cancel
    )
    check_cancel(cancel)
    report(progress, ProgressEvent("phase", "render"))
    inputs = plan_inputs(
        options,
        config_path,
        seed=req.seed,
        time_limit_s=req.time_limit_s,
        lang=req.lang,
        tiles=req.tiles,
    )
    if req.counselor_names:
        inputs["counselor_names"] = list(req.counselor_names)
    problem = prepared.for_output()  # residents, not demand weights, in the outputs
    extra = summary_extra(problem, built)
    if prepared.problem is not built.problem or req.demand is not None:
        extra["demand"] = prepared.summary()
    files = plan_files(
        problem,
        result,
        lang=req.lang,
        tiles=req.tiles,
        boundaries=boundaries_of(built),
        public=public_of(built),
        summary_extra=extra,
        inputs=inputs,
    )
    return PlanOutcome(
        problem=problem,
        plan=result,
        metrics=compute_metrics(problem, result),
        summary=json.loads(files["summary.json"]),
        violations=(),
        skipped=built.skipped,
        warnings=(*built.warnings, *demand_warnings(prepared, result, req.lang)),
        inputs=inputs,
        files=files,
        label=options.label,
        built=built,
    )


def default_target(label: str, maps_dir: Path = Path("maps")) -> Path:
    """``maps/<label>``, or the next free ``-v2``, ``-v3`` … beside it."""
    from scheduler.output.folder import next_version

    return next_version(maps_dir / label)


def check_out(out: Path | None, force: bool = False) -> None:
    """Fail now, before a long solve, if ``out`` could not take a plan."""
    if out is not None:
        from scheduler.output.folder import check_target

        check_target(out, force=force)


def write_plan(outcome: PlanOutcome, out: Path | None = None, *, force: bool = False) -> Path:
    """Write ``outcome.files`` atomically to ``out`` (default: :func:`default_target`).

    An existing plan is replaced only with ``force``; returns the folder written.
    """
    from scheduler.output.folder import write_folder

    target = out if out is not None else default_target(outcome.label)
    return write_folder(target, outcome.files, force=force)
