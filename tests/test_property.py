"""Property tests: random small problems give a valid plan or a proven, explained infeasibility.

Problems are built directly from the :mod:`scheduler.core.problem` dataclasses, with
centers, dates, counselors, leave, weekdays, closures, history, rules, pins and
sessions all drawn at random (travel minutes too, not necessarily metric). For each:

- ``solve`` returns a plan that the solver-free validator accepts, or raises
  :class:`InfeasibleError` with ``proven=True`` and at least one conflict that
  explains it in both languages;
- the solve takes no longer than its time limit plus a small margin.
"""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scheduler.core.problem import Base, Day, Pin, Problem, Rules, Session, Site, Team, TravelMatrix
from scheduler.core.validate import validate
from scheduler.errors import InfeasibleError
from scheduler.solver import solve

TIME_LIMIT_S = 2.0
# Wall-clock slack over the limit: model building, the last stage's minimum time
# (50 ms) and thread start-up. Generous because CI machines are shared.
MARGIN_S = 1.0
PERIOD_START = dt.date(2026, 12, 1)
SESSION_TEMPLATES = (
    ((600, 960),),
    ((600, 720), (840, 960)),
    ((570, 660), (780, 870), (930, 1020)),
    ((540, 600), (610, 670)),  # back-to-back sessions: travel must fit in 10 minutes
)


@st.composite
def problems(draw: st.DrawFn, max_sites: int = 5, max_days: int = 6) -> Problem:
    n_sites = draw(st.integers(1, max_sites))
    site_ids = [f"s{i}" for i in range(n_sites)]
    period_days = draw(st.integers(7, 28))
    end = PERIOD_START + dt.timedelta(days=period_days - 1)
    all_dates = [PERIOD_START + dt.timedelta(days=i) for i in range(period_days)]
    dates = sorted(draw(st.sets(st.sampled_from(all_dates), min_size=0, max_size=max_days)))
    min_gap = draw(st.integers(1, 10))

    sites = []
    for sid in site_ids:
        lo = draw(st.sampled_from([0, 0, 0, 1, 1, 2]))
        hi = draw(st.one_of(st.none(), st.integers(lo, lo + 2)))
        sites.append(
            Site(
                id=sid,
                name=f"센터 {sid}",
                lat=37.55 + draw(st.floats(0, 0.02)),
                lon=126.98 + draw(st.floats(0, 0.04)),
                weight=draw(st.integers(0, 20000)),
                min_visits=lo,
                max_visits=hi,
            )
        )

    work_start = draw(st.sampled_from([480, 540, 560]))
    work_end = draw(st.sampled_from([1000, 1080, 1140]))
    days = []
    for d in dates:
        template = draw(st.sampled_from(SESSION_TEMPLATES))
        sessions = tuple(Session(i + 1, a, b) for i, (a, b) in enumerate(template))
        days.append(Day(d, sessions, work_start, work_end))

    n_teams = draw(st.integers(1, 3))
    teams = []
    for i in range(n_teams):
        off = frozenset(draw(st.sets(st.sampled_from(dates), max_size=2))) if dates else frozenset()
        wd = draw(st.one_of(st.none(), st.frozensets(st.integers(1, 7), min_size=1, max_size=7)))
        teams.append(
            Team(id=str(i + 1), name=f"상담사 {i + 1}", base_id="base", days_off=off, weekdays=wd)
        )

    ids = ["base", *site_ids]
    minutes = []
    for a in ids:
        row = []
        for b in ids:
            row.append(0 if a == b else draw(st.integers(1, 60)))
        minutes.append(tuple(row))
    travel = TravelMatrix(tuple(ids), tuple(minutes))

    closures = (
        frozenset(
            draw(st.sets(st.tuples(st.sampled_from(site_ids), st.sampled_from(dates)), max_size=3))
        )
        if dates
        else frozenset()
    )
    last_visit = {}
    for sid in site_ids:
        if draw(st.booleans()):
            last_visit[sid] = PERIOD_START - dt.timedelta(days=draw(st.integers(1, 40)))

    pins = []
    pin_dates = dates or all_dates
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        pin_date = draw(st.sampled_from(all_dates if draw(st.integers(0, 3)) == 0 else pin_dates))
        team = draw(st.one_of(st.none(), st.sampled_from([t.id for t in teams])))
        session = draw(st.one_of(st.none(), st.integers(1, 3)))
        pins.append(Pin(draw(st.sampled_from(site_ids)), pin_date, team, session))

    return Problem(
        start=PERIOD_START,
        end=end,
        sites=tuple(sites),
        bases=(Base("base", "기지", 37.5638, 126.9975),),
        teams=tuple(teams),
        days=tuple(days),
        travel=travel,
        rules=Rules(min_gap_days=min_gap, setup_buffer_min=draw(st.sampled_from([0, 5, 10, 20]))),
        closures=closures,
        last_visit=last_visit,
        has_history=bool(last_visit),
        pins=tuple(pins),
    )


def _check(problem: Problem, limit: float, *, allow_unproven: bool) -> None:
    t0 = time.perf_counter()
    infeasible: InfeasibleError | None = None
    try:
        plan = solve(problem, time_limit_s=limit, seed=0)
    except InfeasibleError as e:
        infeasible = e
    if infeasible is not None:
        took = time.perf_counter() - t0
        assert took <= limit + MARGIN_S, f"infeasibility took {took:.2f} s (limit {limit} s)"
        assert infeasible.conflicts, "an infeasibility must come with at least one conflict"
        for c in infeasible.conflicts:
            assert c.rule and c.message_en and c.message_ko
        if not infeasible.proven:
            assert allow_unproven, f"not proven within {limit} s: {infeasible}"
            event("no plan within the time limit")
            return
        event(f"proven infeasible: {sorted({c.rule for c in infeasible.conflicts})}")
        return
    took = time.perf_counter() - t0
    assert took <= limit + MARGIN_S, f"solve took {took:.2f} s (limit {limit} s)"
    violations = validate(problem, plan)
    assert violations == [], [v.message for v in violations]
    assert plan.info.status in ("OPTIMAL", "FEASIBLE")
    event(f"plan ({plan.info.status}, {'no visits' if not plan.visits else 'visits'})")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems())
def test_random_problem_gives_valid_plan_or_proven_infeasibility(problem: Problem) -> None:
    """A plan the validator accepts, or a proven infeasibility with reasons; always within the
    time limit."""
    _check(problem, TIME_LIMIT_S, allow_unproven=False)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(max_sites=15, max_days=20))
def test_tight_time_limit_never_gives_a_broken_plan(problem: Problem) -> None:
    """With a very short limit on larger problems: still a valid plan, a proven infeasibility or an
    honest "not found in time" (proven=False), and the limit is kept."""
    _check(problem, 0.3, allow_unproven=True)


def test_balance_fallback_keeps_one_route_per_counselor_day() -> None:
    """assign_routes with no time left must still give each counselor at most one route a day."""
    import random
    from collections import Counter

    from scheduler.solver._assign import RouteLoad, assign_routes

    rng = random.Random(0)
    teams = ["1", "2", "3"]
    routes = [
        RouteLoad(g, 740000 + g // 3, tuple(teams), rng.randint(1, 3), rng.randint(20, 90))
        for g in range(600)
    ]  # 200 days × 3 routes
    a = assign_routes(routes, teams, time_limit_s=0.0, seed=0, workers=1)
    per_team_day = Counter((r.date_ord, t) for r, t in zip(routes, a.team_of, strict=True))
    assert max(per_team_day.values()) == 1
