"""The one place where every figure of a plan is computed.

``plan``, ``whatif`` and ``evaluate`` all report these, so each figure means the
same everywhere. Travel includes every leg: base → first visit, between visits,
and last visit → base.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from itertools import pairwise

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem


@dataclass(frozen=True)
class Metrics:
    """Headline figures of a plan; each is defined in ``docs/whatif-evaluate.md`` ("Metrics").

    The fields after ``travel_min_by_counselor`` were added later and have defaults,
    so older callers that build a ``Metrics`` by hand keep working.
    """

    period_start: str
    period_end: str
    counselors: int
    slots: int
    visits: int
    centers: int
    centers_covered: int
    population_total: int
    population_covered: int
    population_covered_pct: float
    travel_min_total: float
    travel_min_per_visit: float
    visits_per_counselor_max: int
    visits_per_counselor_min: int
    max_days_between_visits: int
    visits_by_center: dict[str, int]
    visits_by_counselor: dict[str, int]
    travel_min_by_counselor: dict[str, float]
    period_days: int = 0
    months: int = 0
    wait_days_by_center: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def route_travel_min(problem: Problem, team_id: str, route: list[Visit]) -> float:
    """Minutes of one team-day route: base → visits in order → base.

    A float: free-flow days measure legs in fractional minutes.
    """
    base = (
        problem.team(team_id).base_id
        if team_id in {t.id for t in problem.teams}
        else problem.bases[0].id
    )
    stops = [base, *(v.site_id for v in route), base]
    known = [s for s in stops if s in problem.travel]
    return sum(problem.travel(a, b) for a, b in pairwise(known))


def longest_wait_days(visit_dates: list[dt.date], start: dt.date, end: dt.date) -> int:
    """The longest run of consecutive days in ``[start, end]`` with no visit.

    A site never visited waits the whole period.
    """
    days = sorted(d for d in set(visit_dates) if start <= d <= end)
    if not days:
        return (end - start).days + 1
    runs = [(days[0] - start).days, (end - days[-1]).days]
    runs += [(b - a).days - 1 for a, b in pairwise(days)]
    return max(runs)


def months_touched(start: dt.date, end: dt.date) -> int:
    """Calendar months that ``[start, end]`` touches (2026-12-01..2027-01-31 → 2)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def compute_metrics(problem: Problem, plan: Plan) -> Metrics:
    """Recompute every figure of ``plan`` from its visits and the problem's data."""
    site_ids = {s.id for s in problem.sites}
    by_center: dict[str, int] = {s.id: 0 for s in problem.sites}
    dates_by_center: dict[str, list[dt.date]] = {s.id: [] for s in problem.sites}
    for v in plan.visits:
        if v.site_id in site_ids:
            by_center[v.site_id] += 1
            dates_by_center[v.site_id].append(v.date)
    by_team: dict[str, int] = {t.id: 0 for t in problem.teams}
    travel_by_team: dict[str, float] = {t.id: 0 for t in problem.teams}
    for (team_id, _), route in plan.by_team_day().items():
        by_team[team_id] = by_team.get(team_id, 0) + len(route)
        travel_by_team[team_id] = travel_by_team.get(team_id, 0) + route_travel_min(
            problem, team_id, route
        )
    covered = [s for s in problem.sites if by_center[s.id] > 0]
    pop_total = sum(s.weight for s in problem.sites)
    pop_cov = sum(s.weight for s in covered)
    travel_total = sum(travel_by_team.values())
    n_visits = len(plan.visits)
    waits = {
        sid: longest_wait_days(d, problem.start, problem.end) for sid, d in dates_by_center.items()
    }
    return Metrics(
        period_start=problem.start.isoformat(),
        period_end=problem.end.isoformat(),
        counselors=len(problem.teams),
        slots=problem.slots(),
        visits=n_visits,
        centers=len(problem.sites),
        centers_covered=len(covered),
        population_total=pop_total,
        population_covered=pop_cov,
        population_covered_pct=round(100.0 * pop_cov / pop_total, 2) if pop_total else 0.0,
        travel_min_total=travel_total,
        travel_min_per_visit=round(travel_total / n_visits, 2) if n_visits else 0.0,
        visits_per_counselor_max=max(by_team.values(), default=0),
        visits_per_counselor_min=min(by_team.values(), default=0),
        max_days_between_visits=max(waits.values(), default=0),
        visits_by_center=by_center,
        visits_by_counselor=by_team,
        travel_min_by_counselor=travel_by_team,
        period_days=problem.period_days,
        months=months_touched(problem.start, problem.end),
        wait_days_by_center=waits,
    )
