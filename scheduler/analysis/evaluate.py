"""Evaluate any visit schedule (``date, center_id`` [, ``counselor``, ``start``]) against the rules.

The schedule is turned into a hand-made :class:`~scheduler.core.plan.Plan` for a
:class:`~scheduler.core.problem.Problem` over its own period (first to last date),
so :func:`scheduler.core.metrics.compute_metrics` gives exactly the figures a plan
gets. Every broken rule becomes a :class:`Finding`; a file that cannot be read as a
schedule at all is a :class:`~scheduler.errors.DataError` instead.

Routes: each counselor-day goes base → its centers in ``start`` order → base. When
the file has no ``start`` times, the visits of a counselor-day take the day's
sessions in file order (first row = first session).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import holidays

from scheduler.core.metrics import Metrics, compute_metrics
from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit
from scheduler.core.problem import Problem, Session, Team
from scheduler.core.validate import validate
from scheduler.district.build import Options, build_problem, counselor_teams
from scheduler.district.calendar import SkippedDay, korean_holidays
from scheduler.district.config import DistrictConfig
from scheduler.district.tables import closest, read_table
from scheduler.errors import DataError, SchedulerError
from scheduler.output.labels import format_weekday, parse_hhmm

DEFAULT_COUNSELOR = "1"
REQUIRED_COLUMNS = ("date", "center_id")
OPTIONAL_COLUMNS = ("counselor", "start")

#: Every rule ``evaluate`` checks, in the order findings of one date are listed.
RULES = (
    "unknown_center",
    "not_a_visit_weekday",
    "public_holiday",
    "closure_date",
    "center_closed",
    "counselor_unavailable",
    "one_visit_per_center_day",
    "min_days_between_visits",
    "too_many_visits_per_day",
    "min_visits",
    "max_visits",
    "pinned_visit",
)

#: Figures shown side by side by ``evaluate --compare`` (all from :class:`Metrics`).
COMPARE_KEYS = (
    "visits",
    "centers_covered",
    "population_covered_pct",
    "max_days_between_visits",
    "travel_min_total",
    "travel_min_per_visit",
    "visits_per_counselor_max",
    "slots",
)


@dataclass(frozen=True)
class ScheduleRow:
    """One row of a schedule file: its line number (header = 1) and its values."""

    line: int
    date: dt.date
    center_id: str
    counselor: str
    start_min: int | None


@dataclass(frozen=True)
class Finding:
    """One broken rule, with a sentence in Korean and in English."""

    rule: str
    date: dt.date | None
    center_id: str | None
    message_ko: str
    message_en: str
    counselor: str | None = None
    line: int | None = None

    def message(self, lang: str = "ko") -> str:
        """The sentence in ``lang``."""
        return self.message_ko if lang == "ko" else self.message_en

    def to_dict(self, lang: str = "ko") -> dict[str, object]:
        """JSON form: ``rule``, ``date``, ``center_id``, ``message`` (+ ``counselor``, ``row``)."""
        return {
            "rule": self.rule,
            "date": self.date.isoformat() if self.date else None,
            "center_id": self.center_id,
            "message": self.message(lang),
            "counselor": self.counselor,
            "row": self.line,
        }


@dataclass(frozen=True)
class Evaluation:
    """A schedule read, measured and checked."""

    source: str
    rows: tuple[ScheduleRow, ...]
    problem: Problem
    plan: Plan
    metrics: Metrics
    findings: tuple[Finding, ...]
    counselor_ids: tuple[str, ...]
    visits_per_day: int
    skipped: tuple[SkippedDay, ...]

    def summary(self, lang: str = "ko") -> dict[str, Any]:
        """The keys of a plan's ``summary.json`` that apply to a schedule, plus ``violations``."""
        out: dict[str, Any] = self.metrics.to_dict()
        out.update({
            "status": self.plan.info.status,
            "visits_per_day": self.visits_per_day,
            "weekdays": sorted({d.date.isoweekday() for d in self.problem.days}),
            "skipped_days": [{"date": s.date.isoformat(), "reason": s.reason, "name": s.name} for s in self.skipped],
            "validator_violations": len(self.findings),
            "source": self.source,
            "violations": [f.to_dict(lang) for f in self.findings],
        })
        return out


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
def read_schedule_rows(path: Path) -> list[ScheduleRow]:
    """The rows of a schedule file; a :class:`DataError` when it cannot be read as one.

    Needs ``date`` and ``center_id``; ``counselor`` (default ``1`` when the column is
    missing or entirely empty) and ``start`` (``HH:MM``) are optional; other columns
    are ignored, so a plan's own ``schedule.csv`` can be evaluated as well.
    """
    raw = list(read_table(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, what="schedule"))
    counselor_given = any(r.cells.get("counselor", "") for r in raw)
    rows = []
    for r in raw:
        d = r.date("date")
        assert d is not None
        center = r.text("center_id")
        counselor = r.text("counselor") if counselor_given else DEFAULT_COUNSELOR
        start_text = r.cells.get("start", "")
        start_min = None
        if start_text:
            try:
                start_min = parse_hhmm(start_text)
            except ValueError:
                raise DataError("not a time", file=r.file, row=r.line, column="start", value=start_text,
                                hint="write start times as HH:MM, e.g. 10:00") from None
        rows.append(ScheduleRow(r.line, d, center, counselor, start_min))
    return rows


# --------------------------------------------------------------------------
# Building the problem and the hand-made plan
# --------------------------------------------------------------------------
def _visits_per_day(config: DistrictConfig, need: int) -> int:
    """The configured visits-per-day closest to ``need`` from above (or the largest)."""
    keys = sorted(config.sessions)
    return next((k for k in keys if k >= need), keys[-1])


def _schedule_problem(config: DistrictConfig, rows: list[ScheduleRow], vpd: int,
                      counselor_ids: list[str], label: str) -> tuple[Problem, tuple[SkippedDay, ...]]:
    start, end = min(r.date for r in rows), max(r.date for r in rows)
    built = build_problem(config, Options(start=start, end=end, counselors=len(counselor_ids),
                                          visits_per_day=vpd, label=label))
    configured = {t.id: t for t in counselor_teams(config, None)}
    teams = tuple(configured.get(i) or Team(id=i, name="", base_id=config.base.id) for i in counselor_ids)
    ids = set(counselor_ids)
    pins = tuple(p if p.team_id is None or p.team_id in ids else replace(p, team_id=None)
                 for p in built.problem.pins)
    return replace(built.problem, teams=teams, pins=pins), built.skipped


def _hand_made_plan(problem: Problem, rows: list[ScheduleRow], sessions: tuple[Session, ...]) -> Plan:
    """Visits of ``rows``: each counselor-day ordered by ``start`` (file order without it)."""
    by_day: dict[tuple[str, dt.date], list[ScheduleRow]] = defaultdict(list)
    for r in rows:
        by_day[(r.counselor, r.date)].append(r)
    length = sessions[0].end_min - sessions[0].start_min
    base = {t.id: t.base_id for t in problem.teams}
    visits: list[Visit] = []
    for (team_id, date), day_rows in by_day.items():
        placed = []
        for k, r in enumerate(day_rows):
            if r.start_min is not None:
                sess = next((s for s in sessions if s.start_min == r.start_min), None)
                start = r.start_min
                end = sess.end_min if sess else min(start + length, 24 * 60)
                index = sess.index if sess else 0
            elif k < len(sessions):
                start, end, index = sessions[k].start_min, sessions[k].end_min, sessions[k].index
            else:  # more visits than sessions: keep file order after the last session
                start, end, index = sessions[-1].start_min + (k - len(sessions) + 1), sessions[-1].end_min, 0
            placed.append((start, end, index, r))
        placed.sort(key=lambda p: p[0])  # stable: equal start times keep file order
        prev, prev_end = base[team_id], None
        for order, (start, end, index, r) in enumerate(placed, start=1):
            known = prev in problem.travel and r.center_id in problem.travel
            travel = problem.travel(prev, r.center_id) if known else 0
            arrive = start - problem.rules.setup_buffer_min if prev_end is None else prev_end + travel
            visits.append(Visit(date, index, team_id, r.center_id, order, arrive, start, end, travel))
            if r.center_id in problem.travel:
                prev = r.center_id
            prev_end = end
    visits.sort(key=lambda v: (v.date, v.team_id, v.start_min))
    return Plan(visits=tuple(visits), info=SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))


# --------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------
def _english_holiday_names(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    try:
        kr = holidays.country_holidays("KR", years=range(start.year, end.year + 1), language="en_US")
    except (NotImplementedError, ValueError):  # pragma: no cover - older python-holidays
        return {}
    return {d: str(n) for d, n in kr.items()}


def _weekday_list(days: tuple[int, ...] | list[int], lang: str) -> str:
    ref = dt.date(2024, 1, 1)  # a Monday
    return ", ".join(format_weekday(ref + dt.timedelta(days=d - 1), lang) for d in sorted(days))


def check_schedule(config: DistrictConfig, problem: Problem, rows: list[ScheduleRow]) -> list[Finding]:
    """Every rule the schedule breaks (see :data:`RULES`), sorted by date, center and rule."""
    out: list[Finding] = []
    site_ids = [s.id for s in problem.sites]
    known = set(site_ids)
    hol = korean_holidays(problem.start, problem.end)
    hol_en = _english_holiday_names(problem.start, problem.end) if hol else {}
    weekdays = set(config.weekdays)
    teams = {t.id: t for t in problem.teams}
    wd_ko, wd_en = _weekday_list(config.weekdays, "ko"), _weekday_list(config.weekdays, "en")

    for r in rows:
        d, c, iso = r.date, r.center_id, r.date.isoformat()
        if c not in known:
            near = closest(c, site_ids)
            out.append(Finding("unknown_center", d, c,
                               f"알 수 없는 센터 ID '{c}'" + (f" ('{near}'을(를) 뜻했나요?)" if near else ""),
                               f"unknown center id '{c}'" + (f" (did you mean '{near}'?)" if near else ""),
                               r.counselor, r.line))
        if d.isoweekday() not in weekdays:
            out.append(Finding("not_a_visit_weekday", d, c,
                               f"{iso}({format_weekday(d, 'ko')})은 방문 요일({wd_ko})이 아닙니다",
                               f"{iso} is a {format_weekday(d, 'en')}, not a visit weekday ({wd_en})",
                               r.counselor, r.line))
        if d in hol:
            out.append(Finding("public_holiday", d, c, f"{iso}은 공휴일({hol[d]})입니다",
                               f"{iso} is a public holiday ({hol_en.get(d, hol[d])})", r.counselor, r.line))
        if d in config.closures:
            out.append(Finding("closure_date", d, c, f"{iso}은 설정에서 방문하지 않는 날(calendar.closures)입니다",
                               f"{iso} is a closure date (calendar.closures in the config)", r.counselor, r.line))
        if (c, d) in config.center_closures:
            out.append(Finding("center_closed", d, c, f"{c}은(는) {iso}에 휴무입니다", f"{c} is closed on {iso}",
                               r.counselor, r.line))
        t = teams.get(r.counselor)
        if t is not None and not t.works_on(d):
            out.append(Finding("counselor_unavailable", d, c, f"상담사 {r.counselor}은(는) {iso}에 근무하지 않습니다",
                               f"counselor {r.counselor} does not work on {iso}", r.counselor, r.line))

    per_day = Counter((r.date, r.center_id) for r in rows if r.center_id in known)
    limit = problem.rules.max_visits_per_site_day
    first_line: dict[tuple[dt.date, str], int] = {}
    for r in rows:
        first_line.setdefault((r.date, r.center_id), r.line)
    for (d, c), n in sorted(per_day.items()):
        if n > limit:
            out.append(Finding("one_visit_per_center_day", d, c,
                               f"{c}을(를) {d.isoformat()}에 {n}번 방문합니다(하루 최대 {limit}번)",
                               f"{c} is visited {n} times on {d.isoformat()} (at most {limit} a day)",
                               None, first_line[(d, c)]))

    gap = problem.rules.min_gap_days
    dates: dict[str, set[dt.date]] = defaultdict(set)
    for r in rows:
        if r.center_id in known:
            dates[r.center_id].add(r.date)
    for c, ds in sorted(dates.items()):
        seq = sorted(ds)
        for a, b in itertools.pairwise(seq):
            n = (b - a).days
            if n < gap:
                out.append(Finding("min_days_between_visits", b, c,
                                   f"{c}: {a.isoformat()} 방문 후 {n}일 만인 {b.isoformat()}에 다시 방문합니다(최소 {gap}일)",
                                   f"{c} is visited on {a.isoformat()} and {b.isoformat()}, {n} days apart "
                                   f"(minimum {gap})", None, first_line[(b, c)]))

    most = max(config.sessions)
    per_counselor_day = Counter((r.counselor, r.date) for r in rows)
    for (t_id, d), n in sorted(per_counselor_day.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if n > most:
            out.append(Finding("too_many_visits_per_day", d, None,
                               f"상담사 {t_id}이(가) {d.isoformat()}에 {n}곳을 방문합니다(설정된 하루 최대 {most}회)",
                               f"counselor {t_id} has {n} visits on {d.isoformat()} (at most {most} a day are configured)",
                               t_id))

    counts = Counter(r.center_id for r in rows if r.center_id in known)
    for s in problem.sites:
        n = counts.get(s.id, 0)
        if n < s.min_visits:
            out.append(Finding("min_visits", None, s.id, f"{s.id}: 방문 {n}회로 최소 {s.min_visits}회보다 적습니다",
                               f"{s.id} has {n} visits, fewer than the minimum {s.min_visits}"))
        if s.max_visits is not None and n > s.max_visits:
            out.append(Finding("max_visits", None, s.id, f"{s.id}: 방문 {n}회로 최대 {s.max_visits}회보다 많습니다",
                               f"{s.id} has {n} visits, more than the maximum {s.max_visits}"))

    for p in problem.pins:
        ok = any(r.center_id == p.site_id and r.date == p.date and (p.team_id is None or r.counselor == p.team_id)
                 for r in rows)
        if not ok:
            out.append(Finding("pinned_visit", p.date, p.site_id,
                               f"고정 방문({p.site_id}, {p.date.isoformat()})이 일정에 없습니다",
                               f"pinned visit to {p.site_id} on {p.date.isoformat()} is missing", p.team_id))

    unique: dict[tuple[object, ...], Finding] = {}
    for f in out:
        unique.setdefault((f.rule, f.date, f.center_id, f.counselor), f)
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(unique.values(), key=lambda f: (f.date or dt.date.max, order[f.rule], f.center_id or "",
                                                  f.counselor or ""))


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------
def evaluate_rows(config: DistrictConfig, rows: list[ScheduleRow], *, source: str = "") -> Evaluation:
    """Measure and check already-read schedule rows against ``config``."""
    if not rows:
        raise DataError("the schedule has no visits", file=source or None, hint="add rows below the header")
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    if (last - first).days > 366:
        raise DataError("the schedule spans more than a year", file=source or None, column="date",
                        value=f"{first.isoformat()}..{last.isoformat()}", hint="evaluate at most one year at a time")
    counselor_ids = list(dict.fromkeys(r.counselor for r in rows))
    need = max(Counter((r.counselor, r.date) for r in rows).values())
    vpd = _visits_per_day(config, need)
    problem, skipped = _schedule_problem(config, rows, vpd, counselor_ids,
                                         label=f"evaluate {Path(source).name}" if source else "evaluate")
    sessions = tuple(Session(i + 1, a, b) for i, (a, b) in enumerate(config.sessions[vpd]))
    plan = _hand_made_plan(problem, rows, sessions)
    return Evaluation(
        source=source,
        rows=tuple(rows),
        problem=problem,
        plan=plan,
        metrics=compute_metrics(problem, plan),
        findings=tuple(check_schedule(config, problem, rows)),
        counselor_ids=tuple(counselor_ids),
        visits_per_day=min(need, max(config.sessions)),
        skipped=skipped,
    )


def evaluate_file(config: DistrictConfig, path: Path) -> Evaluation:
    """Read ``path`` and evaluate it (see :func:`evaluate_rows`)."""
    return evaluate_rows(config, read_schedule_rows(path), source=str(path))


@dataclass(frozen=True)
class Comparison:
    """The optimized plan for the schedule's period, under the same rules and staff."""

    problem: Problem
    plan: Plan
    metrics: Metrics

    def summary(self) -> dict[str, Any]:
        """Metrics plus how the solve went (as in ``summary.json``)."""
        from scheduler.output.summary import summary_dict

        out = summary_dict(self.metrics, self.plan)
        out["visits_per_day"] = len(self.problem.days[0].sessions) if self.problem.days else 0
        return out


def optimize_same_period(config: DistrictConfig, ev: Evaluation, *, time_limit_s: float, seed: int = 0,
                         solve_fn: Callable[..., Plan] | None = None,
                         on_stage: Callable[[StageResult], None] | None = None) -> Comparison:
    """Solve ``ev``'s period with as many counselors as it has and its visits per counselor-day.

    Raises :class:`~scheduler.errors.InfeasibleError` when the solver finds no plan.
    """
    if solve_fn is None:
        from scheduler.solver import solve

        solve_fn = solve
    opts = Options(start=ev.problem.start, end=ev.problem.end, counselors=len(ev.counselor_ids),
                   visits_per_day=_visits_per_day(config, ev.visits_per_day), label="evaluate-compare")
    problem = build_problem(config, opts).problem
    plan = solve_fn(problem, time_limit_s=time_limit_s, seed=seed, on_stage=on_stage)
    broken = validate(problem, plan)
    if broken:  # the solver and the validator disagree: a bug, never hide it
        raise SchedulerError("internal error: the plan breaks rules: " + "; ".join(v.message for v in broken[:5]))
    return Comparison(problem, plan, compute_metrics(problem, plan))


def differences(a: Metrics, b: Metrics) -> dict[str, float]:
    """``b − a`` for every figure of :data:`COMPARE_KEYS` (rounded like the figures)."""
    da, db = a.to_dict(), b.to_dict()
    out: dict[str, float] = {}
    for k in COMPARE_KEYS:
        va, vb = da[k], db[k]
        assert isinstance(va, (int, float)) and isinstance(vb, (int, float))
        out[k] = round(vb - va, 2) if isinstance(va, float) or isinstance(vb, float) else vb - va
    return out


def center_differences(a: Metrics, b: Metrics) -> tuple[list[str], list[str]]:
    """Centers visited only in ``a`` and only in ``b``."""
    va = {k for k, n in a.visits_by_center.items() if n}
    vb = {k for k, n in b.visits_by_center.items() if n}
    return sorted(va - vb), sorted(vb - va)
