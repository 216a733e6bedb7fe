"""The independent validator: re-checks every hard rule of a plan, with no solver.

It is the specification of a valid plan. ``validate`` returns every broken rule
as a :class:`Violation`; an empty list means the plan is valid. The arithmetic of
each rule is :mod:`scheduler.core.rules`, which the solver's models use too
(``docs/model.md`` has the table). Each violation carries its rule code (the catalog
sentence is ``rule.<rule>``, or ``code`` when a rule has several) and ``params``:
the ids, ISO dates, ``HH:MM`` times and numbers the sentence needs (``center``,
``counselor``, ``date``, ``minimum``, ``gap``, …); ``message`` stays the English
sentence for logs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from scheduler.core import rules
from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Day, Problem, tightest


@dataclass(frozen=True)
class Violation:
    """One broken rule: which, where, and a sentence for people."""

    rule: str
    date: dt.date | None
    site_id: str | None
    message: str
    team_id: str | None = None
    #: The catalog code (``rule.<rule>`` unless a rule has several sentences) and its
    #: parameters (ids, ISO dates, ``HH:MM`` times, numbers).
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @property
    def catalog_code(self) -> str:
        """The code of this violation's sentence in the message catalog."""
        return self.code or f"rule.{self.rule}"

    def param_dict(self) -> dict[str, object]:
        """``params`` as a dict."""
        return dict(self.params)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "rule": self.rule,
            "date": self.date.isoformat() if self.date else None,
            "center_id": self.site_id,
            "counselor": self.team_id,
            "message": self.message,
        }


def _v(
    rule: str,
    date: dt.date | None,
    site_id: str | None,
    message: str,
    team_id: str | None = None,
    /,
    **params: object,
) -> Violation:
    """A violation with its catalog parameters (``code=`` names another sentence than
    ``rule.<rule>``)."""
    code = str(params.pop("code", ""))
    return Violation(rule, date, site_id, message, team_id, code, tuple(params.items()))


#: Slack for comparisons of real-valued times (benchmark problems); district times are whole
#: minutes.
EPS = 1e-6


def _hhmm(m: float) -> str:
    if not float(m).is_integer():
        return f"{m:.2f} min"
    m = int(m)
    return f"{m // 60:02d}:{m % 60:02d}"


def check_references(problem: Problem, plan: Plan) -> list[Violation]:
    """Every visit names a known site and team, on a visit day, in one of its sessions."""
    out = []
    sites = {s.id for s in problem.sites}
    teams = {t.id for t in problem.teams}
    days = {d.date: d for d in problem.days}
    for v in plan.visits:
        if v.site_id not in sites:
            out.append(
                _v(
                    "unknown_center",
                    v.date,
                    v.site_id,
                    f"unknown center id {v.site_id!r}",
                    v.team_id,
                    center=v.site_id,
                )
            )
        if v.team_id not in teams:
            out.append(
                _v(
                    "unknown_counselor",
                    v.date,
                    v.site_id,
                    f"unknown counselor {v.team_id!r}",
                    v.team_id,
                    counselor=v.team_id,
                )
            )
        day = days.get(v.date)
        if day is None:
            out.append(
                _v(
                    "not_a_visit_day",
                    v.date,
                    v.site_id,
                    f"{v.date} is not a visit day",
                    v.team_id,
                    date=v.date.isoformat(),
                )
            )
            continue
        if day.free_flow:  # no sessions: times are checked along the route
            continue
        sess = next((s for s in day.sessions if s.index == v.session), None)
        if sess is None or (sess.start_min, sess.end_min) != (v.start_min, v.end_min):
            out.append(
                _v(
                    "session",
                    v.date,
                    v.site_id,
                    f"{_hhmm(v.start_min)}–{_hhmm(v.end_min)} is not a session of {v.date}",
                    v.team_id,
                    counselor=v.team_id,
                    center=v.site_id,
                    time=_hhmm(v.start_min),
                    end=_hhmm(v.end_min),
                    date=v.date.isoformat(),
                )
            )
    return out


def check_one_place_per_session(plan: Plan) -> list[Violation]:
    """A counselor is in one place per session (no overlapping visits)."""
    out = []
    for (team, date), route in plan.by_team_day().items():
        for a, b in pairwise(route):
            if b.start_min < a.end_min:
                out.append(
                    _v(
                        "one_place_per_session",
                        date,
                        b.site_id,
                        f"counselor {team} has overlapping visits at {a.site_id} and {b.site_id}",
                        team,
                        counselor=team,
                        center=b.site_id,
                        other=a.site_id,
                        date=date.isoformat(),
                    )
                )
    return out


def check_one_visit_per_site_day(plan: Plan) -> list[Violation]:
    """At most one visit per center per day."""
    counts = Counter((v.date, v.site_id) for v in plan.visits)
    return [
        _v(
            "one_visit_per_center_day",
            d,
            s,
            f"{s} is visited {n} times on {d}",
            center=s,
            n=n,
            date=d.isoformat(),
        )
        for (d, s), n in sorted(counts.items())
        if n > 1
    ]


def check_visit_counts(problem: Problem, plan: Plan) -> list[Violation]:
    """Each center's visits lie within its [min, max]."""
    counts = Counter(v.site_id for v in plan.visits)
    out = []
    for s in problem.sites:
        n = counts.get(s.id, 0)
        below, above = rules.count_breaches(s, n)
        if below:
            out.append(
                _v(
                    "min_visits",
                    None,
                    s.id,
                    f"{s.id} has {n} visits, fewer than the minimum {s.min_visits}",
                    center=s.id,
                    n=n,
                    minimum=s.min_visits,
                )
            )
        if above:
            out.append(
                _v(
                    "max_visits",
                    None,
                    s.id,
                    f"{s.id} has {n} visits, more than the maximum {s.max_visits}",
                    center=s.id,
                    n=n,
                    maximum=s.max_visits,
                )
            )
    return out


def check_patterns(problem: Problem, plan: Plan) -> list[Violation]:
    """A site with allowed day patterns is visited on exactly the days of one of
    them (or on no day, when it is optional)."""
    index = {d.date: i for i, d in enumerate(problem.days)}
    days: dict[str, set[int]] = defaultdict(set)
    for v in plan.visits:
        if v.date in index:
            days[v.site_id].add(index[v.date])
    out = []
    for s in problem.sites:
        got = frozenset(days.get(s.id, set()))
        if not s.patterns or got in s.patterns or (not got and s.min_visits == 0):
            continue
        shown = sorted(problem.days[i].date.isoformat() for i in got)
        out.append(
            _v(
                "day_pattern",
                None,
                s.id,
                f"{s.id} is visited on {shown or 'no day'}, which is not one of its allowed day "
                f"patterns",
                center=s.id,
                days=", ".join(shown) or "–",
            )
        )
    return out


def check_capacity(problem: Problem, plan: Plan) -> list[Violation]:
    """The loads of a team's day stay within its capacity (and the day's)."""
    days = {d.date: d for d in problem.days}
    teams = {t.id: t for t in problem.teams}
    sites = {s.id: s for s in problem.sites}
    out = []
    for (team_id, date), route in plan.by_team_day().items():
        team, day = teams.get(team_id), days.get(date)
        cap = tightest(team.capacity if team else None, day.capacity if day else None)
        if cap is None:
            continue
        load = sum(sites[v.site_id].load for v in route if v.site_id in sites)
        if not rules.load_fits(load, cap):
            out.append(
                _v(
                    "capacity",
                    date,
                    route[-1].site_id,
                    f"counselor {team_id} carries a load of {load} on {date}, over the capacity "
                    f"{cap}",
                    team_id,
                    counselor=team_id,
                    load=load,
                    date=date.isoformat(),
                    cap=cap,
                )
            )
    return out


def check_route_duration(problem: Problem, plan: Plan) -> list[Violation]:
    """A team's day, from leaving its base to coming back, stays within its limit
    (and the day's)."""
    days = {d.date: d for d in problem.days}
    teams = {t.id: t for t in problem.teams}
    sites = {s.id for s in problem.sites}
    out = []
    for (team_id, date), route in plan.by_team_day().items():
        team, day = teams.get(team_id), days.get(date)
        if team is None or day is None or any(v.site_id not in sites for v in route):
            continue  # reported by check_references
        limit = tightest(team.max_route_min, day.max_route_min)
        if limit is None:
            continue
        away = rules.away_minutes(
            route[0].arrive_min,
            problem.travel(team.base_id, route[0].site_id),
            route[-1].end_min,
            problem.travel(route[-1].site_id, team.base_id),
        )
        if away > limit * (1 + EPS) + EPS:
            out.append(
                _v(
                    "route_duration",
                    date,
                    route[-1].site_id,
                    f"counselor {team_id} is away from base {away:g} min on {date}, "
                    f"over the limit {limit:g}",
                    team_id,
                    counselor=team_id,
                    minutes=f"{away:g}",
                    date=date.isoformat(),
                    limit=f"{limit:g}",
                )
            )
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
        for a, b in rules.spacing_breaches(problem, sid, ds):
            out.append(
                _v(
                    "min_days_between_visits",
                    b,
                    sid,
                    f"{sid} is visited on {a} and {b}, {(b - a).days} days apart (minimum {gap})",
                    center=sid,
                    date=b.isoformat(),
                    previous=a.isoformat(),
                    days=(b - a).days,
                    gap=gap,
                )
            )
    return out


def check_availability(problem: Problem, plan: Plan) -> list[Violation]:
    """Counselors work only on their days; centers are not visited when closed."""
    teams = {t.id: t for t in problem.teams}
    out = []
    for v in plan.visits:
        t = teams.get(v.team_id)
        if t is not None and not rules.team_available(t, v.date):
            out.append(
                _v(
                    "counselor_unavailable",
                    v.date,
                    v.site_id,
                    f"counselor {v.team_id} does not work on {v.date}",
                    v.team_id,
                    counselor=v.team_id,
                    date=v.date.isoformat(),
                )
            )
        if rules.site_closed(problem, v.site_id, v.date):
            out.append(
                _v(
                    "center_closed",
                    v.date,
                    v.site_id,
                    f"{v.site_id} is closed on {v.date}",
                    v.team_id,
                    center=v.site_id,
                    date=v.date.isoformat(),
                )
            )
    return out


def check_service_areas(problem: Problem, plan: Plan) -> list[Violation]:
    """A counselor with a service area visits only centers in it."""
    teams = {t.id: t for t in problem.teams}
    sites = {s.id: s for s in problem.sites}
    out = []
    for v in plan.visits:
        t, s = teams.get(v.team_id), sites.get(v.site_id)
        if t is not None and s is not None and t.group and s.group and t.group != s.group:
            out.append(
                _v(
                    "service_area",
                    v.date,
                    v.site_id,
                    f"counselor {v.team_id} ({t.group}) visits {v.site_id} in {s.group}",
                    v.team_id,
                    counselor=v.team_id,
                    area=t.group,
                    center=v.site_id,
                    center_area=s.group,
                )
            )
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
        if day.free_flow:
            out.extend(_check_free_flow_route(problem, day, team_id, team.base_id, route))
            continue
        prev, prev_end = team.base_id, None
        for order, v in enumerate(route, start=1):
            travel = problem.travel(prev, v.site_id)
            ready_from = day.work_start_min if prev_end is None else prev_end
            if not rules.arrives_in_time(ready_from, travel, buf, v.start_min):
                out.append(
                    _v(
                        "route_fits",
                        date,
                        v.site_id,
                        f"counselor {team_id} cannot reach {v.site_id} by "
                        f"{_hhmm(v.start_min - buf)} "
                        f"({travel} min from {prev})",
                        team_id,
                        counselor=team_id,
                        center=v.site_id,
                        date=date.isoformat(),
                        time=_hhmm(v.start_min - buf),
                        travel=travel,
                        origin=prev,
                    )
                )
            if v.travel_min != travel or v.order != order:
                out.append(
                    _v(
                        "recorded_travel",
                        date,
                        v.site_id,
                        f"recorded order {v.order} / travel {v.travel_min} min, expected {order} / "
                        f"{travel}",
                        team_id,
                        date=date.isoformat(),
                        center=v.site_id,
                        order=v.order,
                        travel=v.travel_min,
                        expected_order=order,
                        expected_travel=travel,
                    )
                )
            expected_arrive = v.start_min - buf if prev_end is None else prev_end + travel
            if v.arrive_min != expected_arrive:
                out.append(
                    _v(
                        "recorded_arrival",
                        date,
                        v.site_id,
                        f"recorded arrival {_hhmm(v.arrive_min)}, expected "
                        f"{_hhmm(expected_arrive)}",
                        team_id,
                        date=date.isoformat(),
                        center=v.site_id,
                        arrive=_hhmm(v.arrive_min),
                        expected=_hhmm(expected_arrive),
                    )
                )
            prev, prev_end = v.site_id, v.end_min
        back = route[-1].end_min + problem.travel(route[-1].site_id, team.base_id)
        if not rules.home_in_time(
            route[-1].end_min, problem.travel(route[-1].site_id, team.base_id), day.work_end_min
        ):
            out.append(
                _v(
                    "back_at_base",
                    date,
                    route[-1].site_id,
                    f"counselor {team_id} is back at base at {_hhmm(back)}, after "
                    f"{_hhmm(day.work_end_min)}",
                    team_id,
                    counselor=team_id,
                    date=date.isoformat(),
                    back=_hhmm(back),
                    work_end=_hhmm(day.work_end_min),
                )
            )
    return out


def _check_free_flow_route(
    problem: Problem, day: Day, team_id: str, base_id: str, route: list[Visit]
) -> list[Violation]:
    """A free-flow day: the team leaves its base no earlier than the working day
    starts, each visit starts on or after arrival and lasts the site's service
    minutes, the next arrival is the previous end plus the travel, and the team is
    back by the end of the working day."""
    out = []
    date = day.date
    prev, prev_end = base_id, None
    for order, v in enumerate(route, start=1):
        travel = problem.travel(prev, v.site_id)
        service = problem.site(v.site_id).service_min
        if prev_end is None:
            if v.arrive_min - travel < day.work_start_min - EPS:
                out.append(
                    _v(
                        "route_fits",
                        date,
                        v.site_id,
                        f"counselor {team_id} leaves the base before the working day starts",
                        team_id,
                        code="rule.route_fits",
                        counselor=team_id,
                        center=v.site_id,
                        date=date.isoformat(),
                    )
                )
        elif abs(v.arrive_min - (prev_end + travel)) > EPS * max(1.0, abs(v.arrive_min)):
            out.append(
                _v(
                    "recorded_arrival",
                    date,
                    v.site_id,
                    f"recorded arrival {_hhmm(v.arrive_min)}, expected {_hhmm(prev_end + travel)}",
                    team_id,
                    date=date.isoformat(),
                    center=v.site_id,
                    arrive=_hhmm(v.arrive_min),
                    expected=_hhmm(prev_end + travel),
                )
            )
        if v.start_min < v.arrive_min - EPS or abs(v.end_min - v.start_min - service) > EPS * max(
            1.0, service
        ):
            out.append(
                _v(
                    "service_time",
                    date,
                    v.site_id,
                    f"visit to {v.site_id} runs {_hhmm(v.start_min)}–{_hhmm(v.end_min)}, "
                    f"arriving {_hhmm(v.arrive_min)} with {service:g} min of service",
                    team_id,
                    center=v.site_id,
                    date=date.isoformat(),
                    start=_hhmm(v.start_min),
                    end=_hhmm(v.end_min),
                    arrive=_hhmm(v.arrive_min),
                    service=f"{service:g}",
                )
            )
        if abs(v.travel_min - travel) > EPS * max(1.0, travel) or v.order != order:
            out.append(
                _v(
                    "recorded_travel",
                    date,
                    v.site_id,
                    f"recorded order {v.order} / travel {v.travel_min:g}, expected {order} / "
                    f"{travel:g}",
                    team_id,
                    date=date.isoformat(),
                    center=v.site_id,
                    order=v.order,
                    travel=f"{v.travel_min:g}",
                    expected_order=order,
                    expected_travel=f"{travel:g}",
                )
            )
        prev, prev_end = v.site_id, v.end_min
    back = route[-1].end_min + problem.travel(route[-1].site_id, base_id)
    if back > day.work_end_min * (1 + EPS) + EPS:
        out.append(
            _v(
                "back_at_base",
                date,
                route[-1].site_id,
                f"counselor {team_id} is back at base at {_hhmm(back)}, after "
                f"{_hhmm(day.work_end_min)}",
                team_id,
                counselor=team_id,
                date=date.isoformat(),
                back=_hhmm(back),
                work_end=_hhmm(day.work_end_min),
            )
        )
    return out


def check_pins(problem: Problem, plan: Plan) -> list[Violation]:
    """Every pinned visit is in the plan exactly as pinned."""
    out = []
    for p in problem.pins:
        ok = any(
            v.site_id == p.site_id
            and v.date == p.date
            and (p.team_id is None or v.team_id == p.team_id)
            and (p.session is None or v.session == p.session)
            for v in plan.visits
        )
        if not ok:
            out.append(
                _v(
                    "pinned_visit",
                    p.date,
                    p.site_id,
                    f"pinned visit to {p.site_id} on {p.date} is missing",
                    p.team_id,
                    center=p.site_id,
                    date=p.date.isoformat(),
                )
            )
    return out


def validate(problem: Problem, plan: Plan) -> list[Violation]:
    """Every hard rule ``plan`` breaks, in a stable order (empty = valid)."""
    return [
        *check_references(problem, plan),
        *check_one_place_per_session(plan),
        *check_one_visit_per_site_day(plan),
        *check_visit_counts(problem, plan),
        *check_patterns(problem, plan),
        *check_min_gap(problem, plan),
        *check_availability(problem, plan),
        *check_service_areas(problem, plan),
        *check_routes(problem, plan),
        *check_capacity(problem, plan),
        *check_route_duration(problem, plan),
        *check_pins(problem, plan),
    ]


def visits_of(plan: Plan, site_id: str) -> list[Visit]:
    """The visits of one site, in date order."""
    return sorted((v for v in plan.visits if v.site_id == site_id), key=lambda v: v.date)
