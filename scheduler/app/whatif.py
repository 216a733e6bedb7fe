"""Compare staffing scenarios: one plan per combination, solved in worker processes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.app.common import boundaries_of, config_path_of, resolve_period
from scheduler.app.progress import CancelFlag, Progress, ProgressEvent, check_cancel, report
from scheduler.app.requests import WhatIfRequest
from scheduler.errors import OutputError


@dataclass(frozen=True)
class WhatIfOutcome:
    """Every scenario's result (:class:`scheduler.analysis.whatif.ScenarioResult`), the
    comparison page and every file of the what-if folder (nothing written yet)."""

    results: list[Any]
    summary: dict[str, Any]
    html: str
    files: Mapping[str, bytes]
    label: str
    invalid: tuple[str, ...]  # scenarios whose plan the validator rejected (a solver bug)
    workers: int


def _counts(value: str | tuple[int, ...], option: str, high: int = 50) -> list[int]:
    from scheduler.analysis.whatif import parse_int_list

    if isinstance(value, str):
        return parse_int_list(value, option=option, high=high)
    return parse_int_list(",".join(str(v) for v in value), option=option, high=high)


def jobs_of(req: WhatIfRequest) -> tuple[list[Any], str]:
    """The scenarios of ``req`` as solver jobs (bad options fail here, before solving)."""
    from scheduler.analysis.whatif import Job, Scenario, parse_weekday_sets
    from scheduler.core.metrics import months_touched
    from scheduler.district.build import Options, build_problem
    from scheduler.district.config import load_config
    from scheduler.district.replay import plan_inputs

    config_path = config_path_of(req.config_path)
    cfg = load_config(config_path)
    s, e, label = resolve_period(req.month, req.months, req.start, req.end, req.today)
    counts = _counts(req.counselors, "--counselors")
    vpds = (
        _counts(req.visits_per_day, "--visits-per-day", high=12)
        if req.visits_per_day
        else [cfg.visits_per_day]
    )
    day_sets = parse_weekday_sets(req.weekday_sets) or [tuple(cfg.weekdays)]
    boundaries = None
    jobs = []
    for days in day_sets:
        for vpd in vpds:
            for c in counts:
                sc = Scenario(c, vpd, days)
                options = Options(
                    start=s,
                    end=e,
                    counselors=c,
                    visits_per_day=vpd,
                    weekdays=days,
                    centers_path=req.centers_path,
                    history_path=req.history_path,
                    matrix_path=req.travel_matrix_path,
                    min_visits=req.min_visits,
                    max_visits=req.max_visits,
                    label=f"{label}-{sc.name}",
                )
                built = build_problem(cfg, options)
                if boundaries is None:
                    boundaries = boundaries_of(built)
                jobs.append(
                    Job(
                        sc,
                        built.problem,
                        built.skipped,
                        months_touched(s, e),
                        req.time_limit_s,
                        req.seed,
                        req.lang,
                        req.tiles,
                        boundaries,
                        plan_inputs(
                            options,
                            config_path,
                            seed=req.seed,
                            time_limit_s=req.time_limit_s,
                            lang=req.lang,
                            tiles=req.tiles,
                        ),
                    )
                )
    return jobs, label


def whatif(
    req: WhatIfRequest,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    jobs: list[Any] | None = None,
) -> WhatIfOutcome:
    """Solve every scenario of ``req`` (``jobs`` from :func:`jobs_of`, if already built).

    A scenario without a plan is a row (status ``INFEASIBLE``), not an error.
    ``progress`` gets a ``"scenario"`` event as each one finishes.
    """
    from scheduler.analysis.report import render_whatif_html
    from scheduler.analysis.whatif import (
        INVALID,
        default_workers,
        run_jobs,
        whatif_files,
        whatif_summary,
    )

    report(progress, ProgressEvent("phase", "load"))
    if jobs is None:
        jobs, label = jobs_of(req)
    else:
        label = resolve_period(req.month, req.months, req.start, req.end, req.today)[2]
    check_cancel(cancel)
    n_workers = min(req.workers or default_workers(), len(jobs))
    done = [0]

    def on_done(r: Any) -> None:
        done[0] += 1
        secs = r.row.get("solve_seconds")
        report(
            progress,
            ProgressEvent(
                "scenario",
                r.scenario.name,
                status=str(r.row["status"]),
                seconds=float(secs) if secs not in (None, "") else 0.0,
                done=done[0],
                total=len(jobs),
            ),
        )
        check_cancel(cancel)

    report(progress, ProgressEvent("phase", "solve", total=len(jobs)))
    # "submitted": the workers exist; a caller may start threads (a progress display) now.
    results = run_jobs(
        jobs,
        workers=n_workers,
        on_done=on_done,
        on_submitted=lambda: report(progress, ProgressEvent("phase", "submitted")),
    )
    html = render_whatif_html(results, lang=req.lang, time_limit_s=req.time_limit_s, seed=req.seed)
    summary = whatif_summary(results, time_limit_s=req.time_limit_s, seed=req.seed)
    invalid = tuple(r.scenario.name for r in results if r.row["status"] == INVALID)
    files = whatif_files(results, html, summary)
    return WhatIfOutcome(results, summary, html, files, label, invalid, n_workers)


def default_target(label: str, maps_dir: Path = Path("maps")) -> Path:
    """``maps/whatif-<label>``, or the next free ``-v2`` … beside it."""
    from scheduler.output.folder import next_version

    return next_version(maps_dir / f"whatif-{label}")


def check_whatif_out(target: Path, force: bool = False) -> None:
    """Fail before solving if ``target`` may not take a what-if run."""
    from scheduler.output.folder import holds_anything, holds_plan

    if holds_anything(target) and not (force and holds_plan(target)):
        if holds_plan(target):
            raise OutputError(
                f"{target} already holds a what-if run or plan and will not be overwritten",
                hint="choose another --out, or add --force to replace it",
                code="app.out_taken",
                params={"target": str(target)},
                hint_code="app.hint.out_force",
            )
        raise OutputError(
            f"{target} holds files that are not a plan and will not be replaced",
            hint="choose a new or empty folder for --out",
            code="app.out_foreign",
            params={"target": str(target)},
            hint_code="app.hint.out_empty",
        )


def write_whatif(outcome: WhatIfOutcome, out: Path | None = None, *, force: bool = False) -> Path:
    """Write the what-if folder (default :func:`default_target`)."""
    from scheduler.output.folder import write_folder

    target = out if out is not None else default_target(outcome.label)
    check_whatif_out(target, force)
    return write_folder(target, outcome.files, force=force)
