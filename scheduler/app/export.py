"""Re-render a saved plan's shared files (map, xlsx, calendars, notices) without solving."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.app.common import boundaries_of, public_of, with_names
from scheduler.app.requests import ExportRequest
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.district.build import Built


@dataclass(frozen=True)
class ExportOutcome:
    """The saved plan and its re-rendered files (nothing written yet)."""

    problem: Problem
    plan: Plan
    files: Mapping[str, bytes]
    plan_dir: Path


def load_saved(plan_dir: Path) -> tuple[Built, dict, Plan]:
    """A plan folder's problem (counselor names applied), inputs and plan."""
    from scheduler.district.replay import load_plan

    built, inp, saved = load_plan(plan_dir)
    names = inp.get("counselor_names") or ()
    if names:
        built = Built(
            with_names(built.problem, list(names)), built.skipped, built.warnings, built.config
        )
    return built, inp, saved


def export(req: ExportRequest) -> ExportOutcome:
    """The shared files of the plan folder ``req.plan_dir``, re-rendered in ``req.lang``."""
    from scheduler.output.bundle import export_files

    built, _, saved = load_saved(req.plan_dir)
    files = export_files(
        built.problem,
        saved,
        lang=req.lang,
        tiles=req.tiles,
        boundaries=boundaries_of(built),
        previous=req.plan_dir,
        public=public_of(built),
    )
    # The inputs travel with the export so that an export folder is a plan folder too
    # (export, evaluate and replan read it back like the original).
    inputs = req.plan_dir / "plan.json"
    if inputs.is_file():
        files = {**files, "plan.json": inputs.read_bytes()}
    return ExportOutcome(built.problem, saved, files, req.plan_dir)


def default_export_dir(plan_dir: Path) -> Path:
    """``<plan>-export`` beside the plan folder, or ``<plan>-export-2``, ``-3``… if taken."""
    first = plan_dir.parent / f"{plan_dir.name}-export"
    candidate, n = first, 2
    while candidate.exists():
        candidate = plan_dir.parent / f"{plan_dir.name}-export-{n}"
        n += 1
    return candidate


def write_export(outcome: ExportOutcome, out: Path | None = None) -> Path:
    """Write the files as a new folder (default :func:`default_export_dir`)."""
    from scheduler.output.folder import write_folder

    target = out if out is not None else default_export_dir(outcome.plan_dir)
    return write_folder(target, outcome.files)
