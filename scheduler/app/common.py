"""Steps every request shares: the config, the period, solving once and validating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from scheduler.app.progress import (
    CancelFlag,
    Progress,
    ProgressEvent,
    check_cancel,
    report,
    stage_callback,
)
from scheduler.app.resolve import as_date
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem, Team
from scheduler.core.run import command_started
from scheduler.core.validate import validate
from scheduler.district.build import Built
from scheduler.district.calendar import month_period, months_period, next_month
from scheduler.errors import DataError, InternalError

CONFIG_NAME = "jung-gu.toml"


def default_config_path() -> Path:
    """The district config used without ``--config``: ``./data/jung-gu.toml`` if it
    exists, else the Jung-gu config installed with the package (``scheduler.data``)."""
    here = Path.cwd() / "data" / CONFIG_NAME
    if here.exists():
        return here
    try:
        shipped = resources.files("scheduler.data") / CONFIG_NAME
    except ModuleNotFoundError:  # pragma: no cover - a build without the data package
        shipped = None
    if isinstance(shipped, Path) and shipped.is_file():  # an unpacked install, not a zip
        return shipped
    raise DataError(
        "no district config found",
        file=str(here),
        hint="pass --config PATH to a district TOML file",
        code="app.no_config",
        hint_code="app.hint.config",
    )


def config_path_of(path: Path | None) -> Path:
    """``path``, or the default district config."""
    return Path(path) if path is not None else default_config_path()


def resolve_period(
    month: str | None,
    months: int,
    start: dt.date | str | None,
    end: dt.date | str | None,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date, str]:
    """The period and its folder label from ``month``/``months`` or ``start``/``end``."""
    if start or end:
        if month:
            raise DataError(
                "give either --month or --start/--end, not both",
                column="--month",
                value=month,
                code="app.period_both",
            )
        if not (start and end):
            raise DataError(
                "--start and --end go together",
                column="--end" if start else "--start",
                value=str(start or end),
                code="app.period_pair",
                hint="give both, e.g. --start 2026-12-01 --end 2026-12-31",
                hint_code="app.hint.period_pair",
            )
        s = as_date(start, column="--start")
        e = as_date(end, column="--end")
        return s, e, f"{s.isoformat()}_{e.isoformat()}"
    month = month or next_month(today or dt.date.today())
    try:
        s, e = months_period(month, months) if months > 1 else month_period(month)
    except ValueError:
        raise DataError(
            "not a month",
            column="--month",
            value=month,
            code="app.month_bad",
            params={"value": month},
            hint="write it as YYYY-MM, e.g. 2026-12",
            hint_code="app.hint.month",
        ) from None
    label = month if months == 1 else f"{month}_{e.year}-{e.month:02d}"
    return s, e, label


def with_names(problem: Problem, names: Sequence[str]) -> Problem:
    """``problem`` with counselors renamed by position (an empty name keeps the old)."""
    if not any(names):
        return problem
    teams = tuple(
        replace(t, name=names[i]) if i < len(names) and names[i] else t
        for i, t in enumerate(problem.teams)
    )
    return replace(problem, teams=teams)


def named_teams(teams: Sequence[Team], names: Sequence[str]) -> list[Team]:
    """``teams`` renamed by position (for resolving names before a problem exists)."""
    return [
        replace(t, name=names[i]) if i < len(names) and names[i] else t for i, t in enumerate(teams)
    ]


def solve_checked(
    problem: Problem,
    *,
    time_limit_s: float,
    seed: int,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    validate_problem: Problem | None = None,
    **solve_kw: Any,
) -> Plan:
    """Solve ``problem`` and check the plan with the independent validator.

    The time limit runs from the start of the run in progress
    (:func:`~scheduler.core.run.command_started`: a CLI command's limit covers reading
    and building), else from now.

    The one place a plan is solved and validated: a plan the validator rejects is a
    bug (:class:`~scheduler.errors.InternalError`), never shown as a result.
    """
    from scheduler.solver import solve

    check_cancel(cancel)
    report(progress, ProgressEvent("phase", "solve"))
    plan = solve(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        on_stage=stage_callback(progress, cancel),
        started=command_started(),
        **solve_kw,
    )
    report(progress, ProgressEvent("phase", "validate"))
    broken = validate(validate_problem or problem, plan)
    if broken:
        raise InternalError(
            "the solver returned a plan that breaks rules: "
            + "; ".join(v.message for v in broken[:5])
        )
    return plan


def skipped_dicts(built: Built) -> list[dict[str, str]]:
    """The skipped weekdays as stored in ``summary.json``."""
    return [{"date": s.date.isoformat(), "reason": s.reason, "name": s.name} for s in built.skipped]


def boundaries_of(built: Built) -> dict[str, Any] | None:
    """The dong boundaries for the map, if the config names a readable file."""
    from scheduler.output.map import read_boundaries

    path = built.config.boundaries_path
    return read_boundaries(path) if path is not None and Path(path).is_file() else None


def public_of(built: Built):  # type: ignore[no-untyped-def]
    """The office's contact and how-to-apply text for posters and notices."""
    from scheduler.output.pdf import public_info

    return public_info(built.config)


def summary_extra(problem: Problem, built: Built, **more: Any) -> dict[str, Any]:
    """The keys ``summary.json`` has beside the metrics."""
    return {
        "visits_per_day": len(problem.days[0].sessions) if problem.days else 0,
        "weekdays": sorted({d.date.isoweekday() for d in problem.days}),
        "skipped_days": skipped_dicts(built),
        "validator_violations": 0,
        **more,
    }
