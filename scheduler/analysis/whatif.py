"""What-if scenarios: the same period planned with other staffing and calendars.

One scenario per combination of counselors × visits per day × weekday set. Each is
solved in a worker process (:class:`concurrent.futures.ProcessPoolExecutor`); the
worker returns the scenario's figures (from :mod:`scheduler.core.metrics`, like
every other command) and its whole plan folder as bytes (:func:`plan_files`). The
main process gathers them into ``whatif.csv``, ``whatif.html`` and one sub-folder
per scenario, written at once by :func:`scheduler.output.folder.write_folder`.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import io
import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from scheduler.core.metrics import compute_metrics
from scheduler.core.problem import Problem
from scheduler.core.validate import validate
from scheduler.district.calendar import WEEKDAY_NAMES, SkippedDay, parse_weekday
from scheduler.errors import DataError, InfeasibleError
from scheduler.output.safe import guard_formula

MAX_WORKERS = 2
#: Default solver seconds per scenario: the 4-counselor, 2-visit December case needs 7–9 s alone.
DEFAULT_TIME_LIMIT_S = 15.0
SOLVED = ("OPTIMAL", "FEASIBLE")
INVALID = "INVALID_PLAN"
REASON_FILE = "no-plan.txt"
MAX_SCENARIOS = 60
_ABBR = {n: name for name, n in WEEKDAY_NAMES.items()}

#: Columns of ``whatif.csv``, in order.
CSV_COLUMNS = (
    "scenario",
    "counselors",
    "visits_per_day",
    "weekdays",
    "months",
    "period_start",
    "period_end",
    "slots",
    "visits",
    "centers_covered",
    "population_covered_pct",
    "max_days_between_visits",
    "travel_min_total",
    "travel_min_per_visit",
    "visits_per_counselor_max",
    "status",
    "gap",
    "solve_seconds",
    "folder",
    "note",
)
#: Figures taken from :class:`~scheduler.core.metrics.Metrics` (empty when no plan exists).
METRIC_COLUMNS = (
    "visits",
    "centers_covered",
    "population_covered_pct",
    "max_days_between_visits",
    "travel_min_total",
    "travel_min_per_visit",
    "visits_per_counselor_max",
)


# --------------------------------------------------------------------------
# Parsing the scenario options
# --------------------------------------------------------------------------
def parse_int_list(text: str, *, option: str, low: int = 1, high: int = 50) -> list[int]:
    """``1-4`` / ``1,2,4`` / ``1-3,6`` → sorted distinct integers in ``[low, high]``."""
    out: set[int] = set()
    for part in str(text).replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part.strip("-"):
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
                if hi < lo:
                    raise DataError(
                        "a range ends before it starts",
                        column=option,
                        value=part,
                        hint=f"write FROM-TO, e.g. {option} 1-4",
                        code="app.range_reversed",
                        params={"option": option},
                        hint_code="app.hint.range",
                    )
                out.update(range(lo, hi + 1))
            else:
                out.add(int(part))
        except ValueError:
            raise DataError(
                "not a whole number or range",
                column=option,
                value=part,
                hint=f"e.g. {option} 1-4 or {option} 1,2,4",
                code="app.count_bad",
                params={"option": option},
                hint_code="app.hint.counts",
            ) from None
    if not out:
        raise DataError(
            "no value given",
            column=option,
            value=text,
            hint=f"e.g. {option} 1-4",
            code="app.count_empty",
            params={"option": option},
            hint_code="app.hint.counts",
        )
    bad = sorted(n for n in out if not low <= n <= high)
    if bad:
        raise DataError(
            f"out of range: must be between {low} and {high}",
            column=option,
            value=bad[0],
            code="app.count_range",
            params={"low": low, "high": high},
        )
    return sorted(out)


def parse_weekday_sets(values: Iterable[str]) -> list[tuple[int, ...]]:
    """Weekday sets from ``--weekdays`` values: each value is one set (``tue,thu``);
    ``|`` or ``;`` separate several sets in one value (``"tue,thu|tue,wed,thu"``)."""
    sets: list[tuple[int, ...]] = []
    for value in values:
        for chunk in str(value).replace(";", "|").split("|"):
            if not chunk.strip():
                continue
            try:
                days = tuple(sorted({parse_weekday(w) for w in chunk.split(",") if w.strip()}))
            except ValueError as e:
                raise DataError(
                    str(e),
                    column="--weekdays",
                    value=chunk,
                    hint="e.g. --weekdays tue,thu",
                    code="app.weekday_bad",
                    hint_code="app.hint.weekdays",
                ) from None
            if days and days not in sets:
                sets.append(days)
    return sets


def weekday_code(days: Iterable[int]) -> str:
    """``(2, 4)`` → ``tue,thu`` (the form used in folder names and whatif.csv)."""
    return ",".join(_ABBR[d] for d in sorted(days))


# --------------------------------------------------------------------------
# Scenarios and their results
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """One combination of staffing and calendar."""

    counselors: int
    visits_per_day: int
    weekdays: tuple[int, ...]

    @property
    def name(self) -> str:
        """The sub-folder name, e.g. ``c2-v1-tue,thu``."""
        return f"c{self.counselors}-v{self.visits_per_day}-{weekday_code(self.weekdays)}"

    @property
    def series(self) -> str:
        """The scenario without its counselors (one line in the charts), e.g. ``v1-tue,thu``."""
        return f"v{self.visits_per_day}-{weekday_code(self.weekdays)}"


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to solve and render one scenario (all picklable)."""

    scenario: Scenario
    problem: Problem
    skipped: tuple[SkippedDay, ...]
    months: int
    time_limit_s: float
    seed: int
    lang: str
    tiles: str = "none"
    boundaries: dict[str, Any] | None = None
    inputs: dict[str, Any] | None = None


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's row of ``whatif.csv`` and, when a plan exists, its plan folder's files."""

    scenario: Scenario
    row: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    reason_ko: str = ""
    reason_en: str = ""

    @property
    def solved(self) -> bool:
        """Whether the scenario has a plan."""
        return self.row.get("status") in SOLVED

    def metric(self, key: str) -> float | None:
        """A figure of the row, ``None`` when the scenario has no plan."""
        value = self.row.get(key)
        return None if value in (None, "") else float(value)


def _base_row(job: Job) -> dict[str, Any]:
    sc, p = job.scenario, job.problem
    row: dict[str, Any] = dict.fromkeys(CSV_COLUMNS, "")
    row.update(
        {
            "scenario": sc.name,
            "counselors": sc.counselors,
            "visits_per_day": sc.visits_per_day,
            "weekdays": weekday_code(sc.weekdays),
            "months": job.months,
            "period_start": p.start.isoformat(),
            "period_end": p.end.isoformat(),
            "slots": p.slots(),
        }
    )
    return row


def run_job(job: Job) -> ScenarioResult:
    """Solve one scenario and render its plan folder (runs in a worker process)."""
    from scheduler.output.bundle import plan_files
    from scheduler.solver import solve

    row = _base_row(job)
    problem = job.problem
    try:
        plan = solve(problem, time_limit_s=job.time_limit_s, seed=job.seed, workers=1)
    except InfeasibleError as e:
        row["status"] = "INFEASIBLE" if e.proven else "NO_PLAN_IN_TIME"
        row["note"] = e.message("en")
        row["folder"] = job.scenario.name
        text = f"{job.scenario.name}: {row['status']}\n\n{e.message('ko')}\n\n{e.message('en')}\n"
        return ScenarioResult(
            job.scenario, row, {REASON_FILE: text.encode("utf-8")}, e.message("ko"), e.message("en")
        )
    broken = validate(problem, plan)
    if (
        broken
    ):  # the solver and the validator disagree: a solver bug, never show such a plan as a plan
        rules = sorted({v.rule for v in broken})
        row.update(
            {
                "status": INVALID,
                "solve_seconds": round(plan.info.seconds, 2),
                "folder": job.scenario.name,
                "note": f"the solver's plan breaks {len(broken)} rule(s) ({', '.join(rules)}): "
                + "; ".join(v.message for v in broken[:3]),
            }
        )
        text = (
            f"{job.scenario.name}: {INVALID}\n\n"
            + "\n".join(f"{v.rule} {v.date or ''} {v.site_id or ''}: {v.message}" for v in broken)
            + "\n"
        )
        return ScenarioResult(
            job.scenario,
            row,
            {REASON_FILE: text.encode("utf-8")},
            f"계산된 일정이 규칙 {len(broken)}건을 어깁니다(솔버 오류)",
            row["note"],
        )
    m = compute_metrics(problem, plan)
    md = m.to_dict()
    for key in METRIC_COLUMNS:
        row[key] = md[key]
    row.update(
        {
            "status": plan.info.status,
            "gap": round(plan.info.gap, 4),
            "solve_seconds": round(plan.info.seconds, 2),
            "folder": job.scenario.name,
        }
    )
    extra = {
        "scenario": job.scenario.name,
        "visits_per_day": job.scenario.visits_per_day,
        "weekdays": sorted({d.date.isoweekday() for d in problem.days}),
        "skipped_days": [
            {"date": s.date.isoformat(), "reason": s.reason, "name": s.name} for s in job.skipped
        ],
        "validator_violations": 0,
    }
    files = plan_files(
        problem,
        plan,
        lang=job.lang,
        tiles=job.tiles,
        boundaries=job.boundaries,
        summary_extra=extra,
        inputs=job.inputs,
        printables=False,
    )
    return ScenarioResult(job.scenario, row, files)


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is the cheapest start (no re-import of OR-Tools and pandas); the pool is
    # started before any thread of the progress display exists.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def default_workers() -> int:
    """``min(2, cores)``."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _terminate(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel queued scenarios and end the running worker processes."""
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if stop is not None:
        stop()
        return
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)


def run_jobs(
    jobs: list[Job],
    *,
    workers: int | None = None,
    on_submitted: Callable[[], None] | None = None,
    on_done: Callable[[ScenarioResult], None] | None = None,
) -> list[ScenarioResult]:
    """Solve every job in up to ``workers`` processes; results in the order of ``jobs``.

    The largest scenarios (most slots) are queued first, so that two workers finish
    close together. ``on_submitted`` runs once all jobs are queued (start a progress
    display there, not before: the workers are forked at the first submit);
    ``on_done`` runs in this process as each scenario finishes.
    """
    n = min(workers or default_workers(), len(jobs)) or 1
    results: dict[int, ScenarioResult] = {}
    pool = cf.ProcessPoolExecutor(max_workers=n, mp_context=_pool_context())
    order = sorted(range(len(jobs)), key=lambda i: (-jobs[i].problem.slots(), i))
    try:
        futures = {pool.submit(run_job, jobs[i]): i for i in order}
        if on_submitted:
            on_submitted()
        for fut in cf.as_completed(futures):
            res = fut.result()
            results[futures[fut]] = res
            if on_done:
                on_done(res)
    except (
        BaseException
    ):  # Ctrl-C or a failed scenario: stop the workers now, not after their solves
        _terminate(pool)
        raise
    pool.shutdown(wait=True)
    return [results[i] for i in range(len(jobs))]


# --------------------------------------------------------------------------
# Derived figures and files
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Gain:
    """What going from ``from_c`` to ``to_c`` counselors changes (``None`` = a side has no plan)."""

    series: str
    from_c: int
    to_c: int
    population_covered_pct: float | None
    centers_covered: float | None
    visits: float | None
    max_days_between_visits: float | None
    travel_min_total: float | None


def marginal_gains(results: list[ScenarioResult]) -> list[Gain]:
    """For each series (visits per day × weekdays), the change from each counselor count to the
    next."""
    by_series: dict[str, list[ScenarioResult]] = {}
    for r in results:
        by_series.setdefault(r.scenario.series, []).append(r)
    out = []
    for series, rs in by_series.items():
        rs = sorted(rs, key=lambda r: r.scenario.counselors)
        for a, b in itertools.pairwise(rs):

            def d(key: str, a: ScenarioResult = a, b: ScenarioResult = b) -> float | None:
                va, vb = a.metric(key), b.metric(key)
                return None if va is None or vb is None else round(vb - va, 2)

            out.append(
                Gain(
                    series,
                    a.scenario.counselors,
                    b.scenario.counselors,
                    d("population_covered_pct"),
                    d("centers_covered"),
                    d("visits"),
                    d("max_days_between_visits"),
                    d("travel_min_total"),
                )
            )
    return out


def coverage_never_falls(results: list[ScenarioResult]) -> bool:
    """Whether, in every series, population coverage never drops as counselors are added."""
    return all(
        g.population_covered_pct is None or g.population_covered_pct >= 0
        for g in marginal_gains(results)
    )


def whatif_csv_bytes(results: list[ScenarioResult]) -> bytes:
    """``whatif.csv``: one row per scenario, UTF-8 with BOM (for Excel), ``\\r\\n`` line ends."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for r in results:
        w.writerow(
            {k: guard_formula(str(v)) if isinstance(v, str) else v for k, v in r.row.items()}
        )
    return buf.getvalue().encode("utf-8-sig")


def whatif_summary(
    results: list[ScenarioResult], *, time_limit_s: float, seed: int
) -> dict[str, Any]:
    """``summary.json`` of the what-if folder: every row, the marginal gains and the run's
    settings."""
    return {
        "format": "visitplan-whatif/1",
        "period_start": results[0].row["period_start"] if results else None,
        "period_end": results[0].row["period_end"] if results else None,
        "time_limit_s": time_limit_s,
        "seed": seed,
        "scenarios": [{k: (None if v == "" else v) for k, v in r.row.items()} for r in results],
        "marginal_gains": [asdict(g) for g in marginal_gains(results)],
        "coverage_never_falls": coverage_never_falls(results),
    }


def whatif_files(
    results: list[ScenarioResult], html: str, summary: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """Every file of the what-if folder: each scenario's plan folder, whatif.csv, whatif.html and
    ``summary.json`` (which also marks the folder as one ``--force`` may replace)."""
    files: dict[str, bytes] = {}
    for r in results:
        for name, data in r.files.items():
            files[f"{r.scenario.name}/{name}"] = data
    files["whatif.csv"] = whatif_csv_bytes(results)
    files["whatif.html"] = html.encode("utf-8")
    if summary is not None:
        files["summary.json"] = (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8"
        )
    return files
