"""The independent validator: re-checks every hard rule of a plan, with no solver.

It is the specification of a valid plan. ``validate`` returns every broken rule
as a :class:`Violation`; an empty list means the plan is valid.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem


@dataclass(frozen=True)
class Violation:
    """One broken rule: which, where, and a sentence for people."""

    rule: str
    date: dt.date | None
    site_id: str | None
    message: str
    team_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"rule": self.rule, "date": self.date.isoformat() if self.date else None,
                "center_id": self.site_id, "counselor": self.team_id, "message": self.message}


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def check_references(problem: Problem, plan: Plan) -> list[Violation]:
    """Every visit names a known site and team, on a visit day, in one of its sessions."""
    out = []
    sites = {s.id for s in problem.sites}
    teams = {t.id for t in problem.teams}
    days = {d.date: d for d in problem.days}
    for v in plan.visits:
        if v.site_id not in sites:
            out.append(Violation("unknown_center", v.date, v.site_id, f"unknown center id {v.site_id!r}", v.team_id))
        if v.team_id not in teams:
            out.append(Violation("unknown_counselor", v.date, v.site_id, f"unknown counselor {v.team_id!r}", v.team_id))
        day = days.get(v.date)
        if day is None:
            out.append(Violation("not_a_visit_day", v.date, v.site_id, f"{v.date} is not a visit day", v.team_id))
            continue
        sess = next((s for s in day.sessions if s.index == v.session), None)
        if sess is None or (sess.start_min, sess.end_min) != (v.start_min, v.end_min):
            out.append(Violation("session", v.date, v.site_id,
                                 f"{_hhmm(v.start_min)}–{_hhmm(v.end_min)} is not a session of {v.date}", v.team_id))
    return out


def check_one_place_per_session(plan: Plan) -> list[Violation]:
    """A counselor is in one place per session (no overlapping visits)."""
    out = []
    for (team, date), route in plan.by_team_day().items():
        for a, b in pairwise(route):
            if b.start_min < a.end_min:
                out.append(Violation("one_place_per_session", date, b.site_id,
                                     f"counselor {team} has overlapping visits at {a.site_id} and {b.site_id}", team))
    return out


def check_one_visit_per_site_day(plan: Plan) -> list[Violation]:
    """At most one visit per center per day."""
    counts = Counter((v.date, v.site_id) for v in plan.visits)
    return [Violation("one_visit_per_center_day", d, s, f"{s} is visited {n} times on {d}")
            for (d, s), n in sorted(counts.items()) if n > 1]


def check_visit_counts(problem: Problem, plan: Plan) -> list[Violation]:
    """Each center's visits lie within its [min, max]."""
    counts = Counter(v.site_id for v in plan.visits)
    out = []
    for s in problem.sites:
        n = counts.get(s.id, 0)
        if n < s.min_visits:
            out.append(Violation("min_visits", None, s.id, f"{s.id} has {n} visits, fewer than the minimum {s.min_visits}"))
        if s.max_visits is not None and n > s.max_visits:
            out.append(Violation("max_visits", None, s.id, f"{s.id} has {n} visits, more than the maximum {s.max_visits}"))
    return out


def check_min_gap(problem: Problem, plan: Plan) -> list[Violation]:
    """Two visits to one center are at least ``min_gap_days`` apart (the last visit
    before the period counts too)."""
    gap = problem.rules.min_gap_days
    dates: dict[str, set[dt.date]] = defaultdict(set)
    for v in plan.visits:
        dates[v.site_id].add(v.date)
    out = []
    for sid, ds in sorted(dates.items()):
        seq = sorted(ds)
        last = problem.last_visit.get(sid)
        if last is not None and last < problem.start:
            seq = [last, *seq]
        for a, b in pairwise(seq):
            if (b - a).days < gap:
                out.append(Violation("min_days_between_visits", b, sid,
                                     f"{sid} is visited on {a} and {b}, {(b - a).days} days apart (minimum {gap})"))
    return out


def check_availability(problem: Problem, plan: Plan) -> list[Violation]:
    """Counselors work only on their days; centers are not visited when closed."""
    teams = {t.id: t for t in problem.teams}
    out = []
    for v in plan.visits:
        t = teams.get(v.team_id)
        if t is not None and not t.works_on(v.date):
            out.append(Violation("counselor_unavailable", v.date, v.site_id,
                                 f"counselor {v.team_id} does not work on {v.date}", v.team_id))
        if (v.site_id, v.date) in problem.closures:
            out.append(Violation("center_closed", v.date, v.site_id, f"{v.site_id} is closed on {v.date}", v.team_id))
    return out


def check_service_areas(problem: Problem, plan: Plan) -> list[Violation]:
    """A counselor with a service area visits only centers in it."""
    teams = {t.id: t for t in problem.teams}
    sites = {s.id: s for s in problem.sites}
    out = []
    for v in plan.visits:
        t, s = teams.get(v.team_id), sites.get(v.site_id)
        if t is not None and s is not None and t.group and s.group and t.group != s.group:
            out.append(Violation("service_area", v.date, v.site_id,
                                 f"counselor {v.team_id} ({t.group}) visits {v.site_id} in {s.group}", v.team_id))
    return out


def check_routes(problem: Problem, plan: Plan) -> list[Violation]:
    """Every route fits the clock and its recorded times and travel are right."""
    out = []
    days = {d.date: d for d in problem.days}
    teams = {t.id: t for t in problem.teams}
    sites = {s.id for s in problem.sites}
    buf = problem.rules.setup_buffer_min
    for (team_id, date), route in plan.by_team_day().items():
        day, team = days.get(date), teams.get(team_id)
        if day is None or team is None or any(v.site_id not in sites for v in route):
            continue  # reported by check_references
        prev, prev_end = team.base_id, None
        for order, v in enumerate(route, start=1):
            travel = problem.travel(prev, v.site_id)
            ready = (day.work_start_min if prev_end is None else prev_end) + travel + buf
            if ready > v.start_min:
                out.append(Violation("route_fits", date, v.site_id,
                                     f"counselor {team_id} cannot reach {v.site_id} by {_hhmm(v.start_min - buf)} "
                                     f"({travel} min from {prev})", team_id))
            if v.travel_min != travel or v.order != order:
                out.append(Violation("recorded_travel", date, v.site_id,
                                     f"recorded order {v.order} / travel {v.travel_min} min, expected {order} / {travel}",
                                     team_id))
            expected_arrive = v.start_min - buf if prev_end is None else prev_end + travel
            if v.arrive_min != expected_arrive:
                out.append(Violation("recorded_arrival", date, v.site_id,
                                     f"recorded arrival {_hhmm(v.arrive_min)}, expected {_hhmm(expected_arrive)}",
                                     team_id))
            prev, prev_end = v.site_id, v.end_min
        back = route[-1].end_min + problem.travel(route[-1].site_id, team.base_id)
        if back > day.work_end_min:
            out.append(Violation("back_at_base", date, route[-1].site_id,
                                 f"counselor {team_id} is back at base at {_hhmm(back)}, after {_hhmm(day.work_end_min)}",
                                 team_id))
    return out


def check_pins(problem: Problem, plan: Plan) -> list[Violation]:
    """Every pinned visit is in the plan exactly as pinned."""
    out = []
    for p in problem.pins:
        ok = any(v.site_id == p.site_id and v.date == p.date
                 and (p.team_id is None or v.team_id == p.team_id)
                 and (p.session is None or v.session == p.session) for v in plan.visits)
        if not ok:
            out.append(Violation("pinned_visit", p.date, p.site_id, f"pinned visit to {p.site_id} on {p.date} is missing",
                                 p.team_id))
    return out


def validate(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard rule ``plan`` breaks, in a stable order (empty = valid)."""
    return [
        *check_references(problem, plan),
        *check_one_place_per_session(plan),
        *check_one_visit_per_site_day(plan),
        *check_visit_counts(problem, plan),
        *check_min_gap(problem, plan),
        *check_availability(problem, plan),
        *check_service_areas(problem, plan),
        *check_routes(problem, plan),
        *check_pins(problem, plan),
    ]


def visits_of(plan: Plan, site_id: str) -> list[Visit]:
    """The visits of one site, in date order."""
    return sorted((v for v in plan.visits if v.site_id == site_id), key=lambda v: v.date)
