"""Re-plan a saved plan from a date on; the new folder's files, including the changes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.app.common import boundaries_of, public_of, summary_extra, with_names
from scheduler.app.progress import (
    CancelFlag,
    Progress,
    ProgressEvent,
    check_cancel,
    report,
    stage_callback,
)
from scheduler.app.requests import ReplanRequest
from scheduler.app.resolve import as_date, expand_spans, resolve_center, resolve_counselor
from scheduler.core.problem import Problem
from scheduler.errors import OutputError


@dataclass(frozen=True)
class ReplanOutcome:
    """The new plan (``result``: :class:`scheduler.analysis.replan.Replan`), its summary
    and every file of its folder (nothing written yet)."""

    result: Any
    problem: Problem
    summary: dict[str, Any]
    files: Mapping[str, bytes]
    plan_dir: Path


def replan(
    req: ReplanRequest, progress: Progress | None = None, cancel: CancelFlag | None = None
) -> ReplanOutcome:
    """Re-plan ``req.plan_dir`` from ``req.since`` (centers and counselors by id or name)."""
    from scheduler.analysis.replan import change_notice_text, changes_csv_bytes
    from scheduler.analysis.replan import replan as run_replan
    from scheduler.app.export import load_saved
    from scheduler.output.bundle import plan_files

    report(progress, ProgressEvent("phase", "load"))
    since = as_date(req.since, column="--from")
    old, inp, _ = load_saved(req.plan_dir)
    teams = old.problem.teams
    unavailable = expand_spans(
        req.unavailable,
        column="--unavailable",
        resolve=lambda w: resolve_counselor(teams, w, column="--unavailable"),
    )
    closed = expand_spans(
        req.closed,
        column="--closed",
        resolve=lambda c: resolve_center(old.problem.sites, c, column="--closed"),
    )
    check_cancel(cancel)
    report(progress, ProgressEvent("phase", "solve"))
    result = run_replan(
        req.plan_dir,
        since,
        unavailable=unavailable,
        closed=closed,
        add_counselors=list(req.add_counselors),
        time_limit_s=req.time_limit_s,
        seed=req.seed,
        lang=req.lang,
        on_stage=stage_callback(progress, cancel),
    )
    check_cancel(cancel)
    report(progress, ProgressEvent("phase", "render"))
    names = list(inp.get("counselor_names") or ())
    problem = with_names(result.built.problem, names)
    inputs = dict(result.inputs)
    if names:
        inputs["counselor_names"] = names
    files = dict(
        plan_files(
            problem,
            result.plan,
            lang=req.lang,
            tiles=str(inputs.get("tiles") or "none"),
            boundaries=boundaries_of(result.built),
            previous=req.plan_dir,
            public=public_of(result.built),
            summary_extra=summary_extra(
                problem,
                result.built,
                replan_from=since.isoformat(),
                changes=len(result.changes),
                **_demand_of(req.plan_dir),
            ),
            inputs=inputs,
        )
    )
    files["changes.csv"] = changes_csv_bytes(result.changes)
    for code in ("ko", "en"):
        notice = change_notice_text(problem, result.changes, code)
        files[f"change-notice.{code}.txt"] = notice.encode("utf-8")
    return ReplanOutcome(result, problem, json.loads(files["summary.json"]), files, req.plan_dir)


def _demand_of(plan_dir: Path) -> dict[str, Any]:
    """The old plan's ``demand`` section, carried on so the next replan and explain see it."""
    from scheduler.demand.apply import folder_demand

    demand = folder_demand(plan_dir)
    return {"demand": demand} if demand else {}


def default_target(plan_dir: Path) -> Path:
    """The next free version beside the old folder (``maps/2026-12`` → ``maps/2026-12-v2``)."""
    from scheduler.analysis.replan import base_folder_name
    from scheduler.output.folder import next_version

    return next_version(base_folder_name(plan_dir))


def check_replan_out(plan_dir: Path, out: Path | None) -> Path:
    """The folder the new plan goes to; never the old plan folder or inside it."""
    target = out if out is not None else default_target(plan_dir)
    if target.resolve() == plan_dir.resolve() or plan_dir.resolve() in target.resolve().parents:
        raise OutputError(
            f"{target} is the old plan folder, which replan never modifies",
            hint="choose another --out",
            code="app.replan_old_folder",
            params={"target": str(target)},
            hint_code="app.hint.other_out",
        )
    return target


def write_replan(outcome: ReplanOutcome, out: Path | None = None, *, force: bool = False) -> Path:
    """Write the new plan folder (default :func:`default_target`); the old one is only read."""
    from scheduler.output.folder import write_folder

    return write_folder(check_replan_out(outcome.plan_dir, out), outcome.files, force=force)
