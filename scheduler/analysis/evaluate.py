"""Evaluate any visit schedule (``date, center_id`` [, ``counselor``, ``start``]) with the
core validator.

The schedule becomes a hand-made :class:`~scheduler.core.plan.Plan` of a
:class:`~scheduler.core.problem.Problem` over its period, and the one validator of the
program (:func:`scheduler.core.validate.validate`) checks it like any plan: one place
per counselor per session, one visit per center a day, spacing, visit counts, leave,
closures, sessions, clock fit and travel. :func:`scheduler.core.metrics.compute_metrics`
gives exactly the figures a plan gets, so a ``schedule.csv`` written by ``plan`` has
its plan's ``summary.json`` figures.

Period: the whole month(s) the schedule falls in, unless given. Sessions: a start time
is matched to the configured sessions (the session count whose times match the most
rows is used); a start time matching no session is a violation, not a new session
count. Without start times the visits of a counselor-day take the sessions in file
order. Each broken rule becomes a :class:`Finding` whose sentence comes from the
message catalog (``rule.<code>``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from scheduler.core.metrics import Metrics, compute_metrics
from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit
from scheduler.core.problem import Problem, Session, Team
from scheduler.core.run import command_started
from scheduler.core.validate import Violation, validate
from scheduler.district.build import Options, build_problem, counselor_teams
from scheduler.district.calendar import SkippedDay, month_period
from scheduler.district.config import DistrictConfig
from scheduler.district.tables import read_table
from scheduler.errors import DataError, InternalError
from scheduler.i18n import has, text
from scheduler.output.labels import (
    format_date,
    format_hhmm,
    format_team,
    format_weekday,
    parse_hhmm,
)

DEFAULT_COUNSELOR = "1"
REQUIRED_COLUMNS = ("date", "center_id")
OPTIONAL_COLUMNS = ("counselor", "start")

#: The order findings of one date are listed in.
RULES = (
    "outside_period",
    "unknown_center",
    "unknown_counselor",
    "not_a_visit_weekday",
    "public_holiday",
    "closure_date",
    "not_a_visit_day",
    "center_closed",
    "counselor_unavailable",
    "service_area",
    "session",
    "one_place_per_session",
    "one_visit_per_center_day",
    "min_days_between_visits",
    "route_fits",
    "back_at_base",
    "route_duration",
    "capacity",
    "recorded_travel",
    "recorded_arrival",
    "min_visits",
    "max_visits",
    "day_pattern",
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
    """One broken rule: its code, where, and the fields of its catalog sentence."""

    rule: str
    date: dt.date | None
    center_id: str | None
    counselor: str | None = None
    line: int | None = None
    params: dict[str, dict[str, object]] = field(default_factory=dict)  # lang -> fields
    detail: str = ""  # the validator's own text

    def message(self, lang: str = "ko") -> str:
        """The sentence in ``lang``."""
        fields = self.params.get(lang, {})
        code = f"rule.{self.rule}"
        try:
            if has(code):
                return text(code, lang, **fields)
        except (KeyError, IndexError):
            pass
        return text("rule.other", lang, detail=self.detail or self.rule)

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
        out.update(
            {
                "status": self.plan.info.status,
                "visits_per_day": self.visits_per_day,
                "weekdays": sorted({d.date.isoweekday() for d in self.problem.days}),
                "skipped_days": [
                    {"date": s.date.isoformat(), "reason": s.reason, "name": s.name}
                    for s in self.skipped
                ],
                "validator_violations": len(self.findings),
                "source": self.source,
                "violations": [f.to_dict(lang) for f in self.findings],
            }
        )
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
        counselor = r.text("counselor").lstrip("'") if counselor_given else DEFAULT_COUNSELOR
        start_text = r.cells.get("start", "")
        start_min = None
        if start_text:
            try:
                start_min = parse_hhmm(start_text)
            except ValueError:
                raise DataError(
                    "not a time",
                    file=r.file,
                    row=r.line,
                    column="start",
                    value=start_text,
                    hint="write start times as HH:MM, e.g. 10:00",
                    code="app.eval.bad_time",
                    hint_code="app.hint.eval.bad_time",
                ) from None
        rows.append(ScheduleRow(r.line, d, center, counselor, start_min))
    return rows


# --------------------------------------------------------------------------
# Period, sessions, counselors
# --------------------------------------------------------------------------
def schedule_period(rows: list[ScheduleRow]) -> tuple[dt.date, dt.date]:
    """The whole months the schedule's dates fall in."""
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    return month_period(f"{first.year}-{first.month:02d}")[0], month_period(
        f"{last.year}-{last.month:02d}"
    )[1]


def infer_visits_per_day(config: DistrictConfig, rows: list[ScheduleRow]) -> int:
    """The configured session count that fits the schedule.

    With start times: the count whose session starts match the most rows (ties: one
    that holds the busiest counselor-day, then the config's, then the smallest).
    Without: the config's count if it holds the busiest counselor-day, else the
    smallest count that does (the largest if none does).
    """
    need = max(Counter((r.counselor, r.date) for r in rows).values())
    keys = sorted(config.sessions)
    starts = [r.start_min for r in rows if r.start_min is not None]
    if starts:

        def score(k: int) -> tuple[int, bool, bool, int]:
            own = {a for a, _ in config.sessions[k]}
            return (sum(1 for s in starts if s in own), k >= need, k == config.visits_per_day, -k)

        return max(keys, key=score)
    if config.visits_per_day >= need:
        return config.visits_per_day
    return next((k for k in keys if k >= need), keys[-1])


def _teams(config: DistrictConfig, ids: list[str], count: int | None) -> tuple[Team, ...]:
    """The configured counselors the schedule names (and ``count`` in all, if given)."""
    n = max(len(config.counselors), len(ids), count or 0)
    configured = {t.id: t for t in counselor_teams(config, n)}
    chosen = list(dict.fromkeys(ids))
    if count is not None:
        for tid in configured:
            if len(chosen) >= count:
                break
            if tid not in chosen:
                chosen.append(tid)
    return tuple(
        configured.get(i)
        or Team(id=i, name="", base_id=config.base.id, max_route_min=config.max_away_min)
        for i in chosen
    )


def _by_name(config: DistrictConfig, rows: list[ScheduleRow]) -> list[ScheduleRow]:
    """Rows whose counselor is a configured name get that counselor's id."""
    names = {s.name.strip().lower(): s.id for s in config.counselors if s.name}
    return [replace(r, counselor=names.get(r.counselor.strip().lower(), r.counselor)) for r in rows]


# --------------------------------------------------------------------------
# The hand-made plan
# --------------------------------------------------------------------------
def hand_made_plan(
    problem: Problem, rows: list[ScheduleRow], sessions: tuple[Session, ...]
) -> Plan:
    """Visits of ``rows``: each counselor-day ordered by ``start`` (file order without it),
    each start matched to a session; arrival and travel recorded as the route gives them."""
    by_day: dict[tuple[str, dt.date], list[ScheduleRow]] = defaultdict(list)
    for r in rows:
        by_day[(r.counselor, r.date)].append(r)
    days = {d.date: d for d in problem.days}
    length = sessions[0].end_min - sessions[0].start_min
    base = {t.id: t.base_id for t in problem.teams}
    visits: list[Visit] = []
    for (team_id, date), day_rows in by_day.items():
        own = days[date].sessions if date in days and days[date].sessions else sessions
        taken = {r.start_min for r in day_rows if r.start_min is not None}
        free = [s for s in own if s.start_min not in taken]
        placed = []
        extra = 0
        for r in day_rows:
            if r.start_min is not None:
                sess = next((s for s in own if s.start_min == r.start_min), None)
                start = r.start_min
                end = sess.end_min if sess else min(start + length, 24 * 60)
                index = sess.index if sess else 0
            elif free:
                s = free.pop(0)
                start, end, index = s.start_min, s.end_min, s.index
            else:  # more visits than sessions: after the last session, never a session
                extra += 1
                start, end, index = own[-1].start_min + extra, own[-1].end_min, 0
            placed.append((start, end, index, r))
        placed.sort(key=lambda p: p[0])  # stable: equal start times keep file order
        prev, prev_end = base[team_id], None
        for order, (start, end, index, r) in enumerate(placed, start=1):
            known = prev in problem.travel and r.center_id in problem.travel
            travel = problem.travel(prev, r.center_id) if known else 0
            arrive = (
                start - problem.rules.setup_buffer_min if prev_end is None else prev_end + travel
            )
            visits.append(
                # district travel minutes are integers (TravelMatrix allows reals in general)
                Visit(
                    date,
                    index,
                    team_id,
                    r.center_id,
                    order,
                    cast(int, arrive),
                    start,
                    end,
                    cast(int, travel),
                )
            )
            if r.center_id in problem.travel:
                prev = r.center_id
            prev_end = end
    visits.sort(key=lambda v: (v.date, v.team_id, v.start_min))
    return Plan(visits=tuple(visits), info=SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))


# --------------------------------------------------------------------------
# Violations → findings
# --------------------------------------------------------------------------
def _weekday_list(days: tuple[int, ...] | list[int], lang: str) -> str:
    ref = dt.date(2024, 1, 1)  # a Monday
    return ", ".join(format_weekday(ref + dt.timedelta(days=d - 1), lang) for d in sorted(days))


def _english_holiday_names(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    import holidays

    try:
        kr = holidays.country_holidays(
            "KR", years=range(start.year, end.year + 1), language="en_US"
        )
    except (NotImplementedError, ValueError):  # pragma: no cover - older python-holidays
        return {}
    return {d: str(n) for d, n in kr.items()}


class _Words:
    """Names of centers, counselors and dates for the sentences, in both languages."""

    def __init__(self, problem: Problem, config: DistrictConfig) -> None:
        self.problem = problem
        self.config = config
        self.sites = {s.id: s for s in problem.sites}
        self.teams = {t.id: t for t in problem.teams}

    def center(self, sid: str | None, lang: str) -> str:
        s = self.sites.get(sid or "")
        if s is None:
            return sid or "–"
        return s.name if lang == "ko" else (s.name_en or s.name)

    def counselor(self, tid: str | None, lang: str) -> str:
        t = self.teams.get(tid or "")
        if t is not None and t.name:
            return t.name
        return format_team(tid or "?", lang)

    def fields(self, v: Violation, lang: str, **more: object) -> dict[str, object]:
        return {
            "center": self.center(v.site_id, lang),
            "counselor": self.counselor(v.team_id, lang),
            "date": format_date(v.date, lang) if v.date else "–",
            **more,
        }


def _both(**fields: object) -> dict[str, dict[str, object]]:
    return {"ko": dict(fields), "en": dict(fields)}


def _why_not_a_visit_day(
    config: DistrictConfig,
    v: Violation,
    skip: dict[dt.date, SkippedDay],
    hol_en: dict[dt.date, str],
) -> tuple[str, dict[str, dict[str, object]]]:
    """``not_a_visit_day`` made precise: wrong weekday, public holiday or closure date."""
    assert v.date is not None
    s = skip.get(v.date)
    if v.date.isoweekday() not in config.weekdays:
        return "not_a_visit_weekday", {
            lang: {"weekdays": _weekday_list(config.weekdays, lang)} for lang in ("ko", "en")
        }
    if s is not None and s.reason == "holiday":
        return "public_holiday", {
            "ko": {"name": s.name},
            "en": {"name": hol_en.get(v.date, s.name)},
        }
    if s is not None:
        return "closure_date", _both()
    return "not_a_visit_day", _both()


def _rule_fields(
    v: Violation, problem: Problem, plan: Plan, words: _Words
) -> dict[str, dict[str, object]]:
    """The fields a rule's sentence needs beyond center, counselor and date."""
    rule = v.rule
    if rule == "session":
        visit = next(
            (
                x
                for x in plan.visits
                if x.date == v.date and x.site_id == v.site_id and x.team_id == v.team_id
            ),
            None,
        )
        day = next((d for d in problem.days if d.date == v.date), None)
        own = ", ".join(
            f"{format_hhmm(s.start_min)}–{format_hhmm(s.end_min)}"
            for s in (day.sessions if day else ())
        )
        return _both(time=format_hhmm(visit.start_min) if visit else "?", sessions=own)
    if rule == "one_place_per_session":
        route = plan.by_team_day().get((v.team_id or "", v.date)) if v.date else None
        other = ""
        if route:
            i = next((k for k, x in enumerate(route) if x.site_id == v.site_id), 0)
            other = route[i - 1].site_id if i > 0 else ""
        return {lang: {"other": words.center(other, lang)} for lang in ("ko", "en")}
    if rule == "one_visit_per_center_day":
        return _both(n=sum(1 for x in plan.visits if x.date == v.date and x.site_id == v.site_id))
    if rule == "min_days_between_visits":
        return _both(gap=problem.rules.min_gap_days)
    if rule in ("min_visits", "max_visits"):
        s = words.sites.get(v.site_id or "")
        return _both(minimum=s.min_visits if s else 0, maximum=(s.max_visits if s else None) or 0)
    return _both()


def _findings(
    config: DistrictConfig,
    problem: Problem,
    plan: Plan,
    skipped: tuple[SkippedDay, ...],
    broken: list[Violation],
    lines: dict[tuple[dt.date, str, str], int],
) -> list[Finding]:
    """The validator's violations as findings with the fields of their sentences."""
    words = _Words(problem, config)
    skip = {s.date: s for s in skipped}
    holidays_skipped = any(s.reason == "holiday" for s in skipped)
    hol_en = _english_holiday_names(problem.start, problem.end) if holidays_skipped else {}
    overlapping = {
        (v.date, v.site_id, v.team_id) for v in broken if v.rule == "one_place_per_session"
    }
    by_line = sorted(lines.items(), key=lambda kv: kv[1])
    out: list[Finding] = []
    for v in broken:
        if v.rule == "route_fits" and (v.date, v.site_id, v.team_id) in overlapping:
            continue  # the overlap says it already
        if v.rule == "not_a_visit_day" and v.date is not None:
            rule, extra = _why_not_a_visit_day(config, v, skip, hol_en)
        else:
            rule, extra = v.rule, _rule_fields(v, problem, plan, words)
        line = lines.get((v.date, v.site_id or "", v.team_id or "")) if v.date else None
        if line is None and v.date:
            line = next((ln for (d, c, _), ln in by_line if d == v.date and c == v.site_id), None)
        params = {lang: words.fields(v, lang, **extra[lang]) for lang in ("ko", "en")}
        out.append(Finding(rule, v.date, v.site_id, v.team_id, line, params, v.message))
    return out


def _outside(config: DistrictConfig, problem: Problem, rows: list[ScheduleRow]) -> list[Finding]:
    words = _Words(problem, config)
    out = []
    for r in rows:
        if problem.start <= r.date <= problem.end:
            continue
        params: dict[str, dict[str, object]] = {
            lang: {
                "date": format_date(r.date, lang),
                "center": words.center(r.center_id, lang),
                "counselor": words.counselor(r.counselor, lang),
                "period": f"{problem.start.isoformat()}..{problem.end.isoformat()}",
            }
            for lang in ("ko", "en")
        }
        out.append(Finding("outside_period", r.date, r.center_id, r.counselor, r.line, params))
    return out


def _sorted(findings: list[Finding]) -> list[Finding]:
    unique: dict[tuple[object, ...], Finding] = {}
    for f in findings:
        unique.setdefault((f.rule, f.date, f.center_id, f.counselor), f)
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(
        unique.values(),
        key=lambda f: (
            f.date or dt.date.max,
            order.get(f.rule, len(order)),
            f.center_id or "",
            f.counselor or "",
        ),
    )


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------
def evaluate_rows(
    config: DistrictConfig,
    rows: list[ScheduleRow],
    *,
    source: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    counselors: int | None = None,
) -> Evaluation:
    """Measure and check already-read schedule rows against ``config`` (see the module)."""
    if not rows:
        raise DataError(
            "the schedule has no visits",
            file=source or None,
            hint="add rows below the header",
            code="app.eval.empty",
            hint_code="app.hint.eval.empty",
        )
    rows = _by_name(config, rows)
    first, last = schedule_period(rows)
    start, end = start or first, end or last
    if (end - start).days > 366:
        raise DataError(
            "the schedule spans more than a year",
            file=source or None,
            column="date",
            value=f"{start.isoformat()}..{end.isoformat()}",
            hint="evaluate at most one year at a time",
            code="app.eval.too_long",
            hint_code="app.hint.eval.too_long",
        )
    vpd = infer_visits_per_day(config, rows)
    ids = list(dict.fromkeys(r.counselor for r in rows))
    label = f"evaluate {Path(source).name}" if source else "evaluate"
    built = build_problem(config, Options(start=start, end=end, visits_per_day=vpd, label=label))
    teams = _teams(config, ids, counselors)
    team_ids = {t.id for t in teams}
    pins = tuple(
        p if p.team_id is None or p.team_id in team_ids else replace(p, team_id=None)
        for p in built.problem.pins
    )
    problem = replace(built.problem, teams=teams, pins=pins)
    inside = [r for r in rows if start <= r.date <= end]
    sessions = tuple(Session(i + 1, a, b) for i, (a, b) in enumerate(config.sessions[vpd]))
    plan = hand_made_plan(problem, inside, sessions)
    lines: dict[tuple[dt.date, str, str], int] = {}
    for r in inside:
        lines.setdefault((r.date, r.center_id, r.counselor), r.line)
    findings = _findings(config, problem, plan, built.skipped, validate(problem, plan), lines)
    findings += _outside(config, problem, rows)
    return Evaluation(
        source=source,
        rows=tuple(rows),
        problem=problem,
        plan=plan,
        metrics=compute_metrics(problem, plan),
        findings=tuple(_sorted(findings)),
        counselor_ids=tuple(t.id for t in teams),
        visits_per_day=vpd,
        skipped=built.skipped,
    )


def evaluate_file(
    config: DistrictConfig,
    path: Path,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    counselors: int | None = None,
) -> Evaluation:
    """Read ``path`` and evaluate it (see :func:`evaluate_rows`)."""
    return evaluate_rows(
        config,
        read_schedule_rows(path),
        source=str(path),
        start=start,
        end=end,
        counselors=counselors,
    )


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


def optimize_same_period(
    config: DistrictConfig,
    ev: Evaluation,
    *,
    time_limit_s: float,
    seed: int = 0,
    on_stage: Callable[[StageResult], None] | None = None,
    prefer: Plan | None = None,
) -> Comparison:
    """Solve ``ev``'s period with its counselors and its visits per counselor-day.

    ``prefer`` (usually ``ev.plan``): where the optimum ties, keep its dates (the
    solver's "prefer" stage).

    Raises :class:`~scheduler.errors.InfeasibleError` when the solver finds no plan and
    :class:`~scheduler.errors.InternalError` when the validator rejects the plan.
    """
    from scheduler.solver import solve

    problem = replace(ev.problem, label="evaluate-compare")
    extra: dict[str, Any] = {} if prefer is None else {"prefer": prefer}
    plan = solve(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        on_stage=on_stage,
        started=command_started(),  # the command's limit covers reading the schedule
        **extra,
    )
    broken = validate(problem, plan)
    if broken:  # the solver and the validator disagree: a bug, never hide it
        raise InternalError("the plan breaks rules: " + "; ".join(v.message for v in broken[:5]))
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
