"""The solver on tiny hand-made problems: every hard rule, determinism, objectives.

Each hard rule gets a feasible instance (the plan keeps the rule and the validator
accepts it) and an infeasible one (``InfeasibleError`` with ``proven=True``). Where
the counting pre-checks would already reject the infeasible instance, it is solved
a second time with the pre-checks switched off, so that the *model* is shown to
enforce the rule too. No timing assertions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

import scheduler.solver as solver_pkg
from scheduler.core.plan import Plan
from scheduler.core.problem import Base, Day, Pin, Problem, Rules, Session, Site, Team, TravelMatrix
from scheduler.core.validate import validate
from scheduler.errors import InfeasibleError
from scheduler.solver import solve

TUE = dt.date(2026, 12, 1)  # a Tuesday

# Sessions: (start, end) minutes after midnight.
ONE = ((600, 960),)  # 10:00–16:00
TWO = ((600, 720), (840, 960))  # 10:00–12:00, 14:00–16:00


def day(
    date: dt.date, sessions: tuple[tuple[int, int], ...] = ONE, start: int = 540, end: int = 1080
) -> Day:
    return Day(date, tuple(Session(i + 1, a, b) for i, (a, b) in enumerate(sessions)), start, end)


def make(
    sites: dict[str, int],
    dates: list[dt.date],
    *,
    teams: int | list[Team] = 1,
    sessions: tuple[tuple[int, int], ...] = ONE,
    minutes: int = 10,
    travel: dict[tuple[str, str], int] | None = None,
    min_visits: int | dict[str, int] = 0,
    max_visits: int | dict[str, int | None] | None = None,
    gap: int = 7,
    buffer: int = 10,
    work: tuple[int, int] = (540, 1080),
    **extra: object,
) -> Problem:
    """A problem with the given sites (id → weight) on the given visit dates; travel
    is ``minutes`` between every two places unless ``travel`` says otherwise."""
    ids = ["base", *sites]
    tm = tuple(
        tuple(
            0 if a == b else (travel or {}).get((a, b), (travel or {}).get((b, a), minutes))
            for b in ids
        )
        for a in ids
    )
    lo = min_visits if isinstance(min_visits, dict) else dict.fromkeys(sites, min_visits)
    hi = max_visits if isinstance(max_visits, dict) else dict.fromkeys(sites, max_visits)
    team_list = (
        teams if isinstance(teams, list) else [Team(str(i + 1), "", "base") for i in range(teams)]
    )
    return Problem(
        start=min(dates),
        end=max(dates),
        sites=tuple(
            Site(s, s, 37.56, 126.99, w, min_visits=lo.get(s, 0), max_visits=hi.get(s))
            for s, w in sites.items()
        ),
        bases=(Base("base", "base", 37.56, 126.99),),
        teams=tuple(team_list),
        days=tuple(day(d, sessions, *work) for d in sorted(dates)),
        travel=TravelMatrix(tuple(ids), tm),
        rules=Rules(min_gap_days=gap, setup_buffer_min=buffer),
        **extra,  # type: ignore[arg-type]
    )


def weekly(n: int, start: dt.date = TUE) -> list[dt.date]:
    return [start + dt.timedelta(days=7 * i) for i in range(n)]


def solved(problem: Problem) -> Plan:
    """Solve and check the plan with the solver-free validator."""
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    assert plan.info.status == "OPTIMAL"
    assert [s.name for s in plan.info.stages] == ["demand", "travel", "balance"]
    return plan


@contextmanager
def model_only() -> Iterator[None]:
    """Switch the counting pre-checks off, so the CP-SAT models must find the conflict."""
    saved = solver_pkg.precheck
    solver_pkg.precheck = lambda problem: []  # type: ignore[assignment]
    try:
        yield
    finally:
        solver_pkg.precheck = saved  # type: ignore[assignment]


def assert_infeasible(problem: Problem, *, also_model: bool = True) -> None:
    """No plan, proven — by the pre-checks and, with them off, by the model."""
    with pytest.raises(InfeasibleError) as exc:
        solve(problem, time_limit_s=20)
    assert exc.value.proven and exc.value.conflicts
    if also_model:
        with model_only(), pytest.raises(InfeasibleError) as exc2:
            solve(problem, time_limit_s=20)
        assert exc2.value.proven


def visits_of(plan: Plan, site: str) -> list[dt.date]:
    return sorted(v.date for v in plan.visits if v.site_id == site)


# One place per counselor per session --------------------------------------------------


def test_one_place_per_session_feasible() -> None:
    """Two centers, one counselor, one day with two sessions: one center per session."""
    p = make({"a": 10, "b": 10}, [TUE], sessions=TWO, min_visits=1)
    plan = solved(p)
    assert sorted(v.session for v in plan.visits) == [1, 2]
    assert len({v.team_id for v in plan.visits}) == 1


def test_one_place_per_session_infeasible() -> None:
    """Two centers each needing a visit, one counselor, one session: impossible."""
    assert_infeasible(make({"a": 10, "b": 10}, [TUE], min_visits=1))


# At most one visit per center per day -------------------------------------------------


def test_one_visit_per_center_day_feasible() -> None:
    """Two counselors and one (valuable) center: still one visit a day, on both days."""
    p = make({"a": 100}, [TUE, TUE + dt.timedelta(days=1)], teams=2, gap=1)
    plan = solved(p)
    assert Counter(v.date for v in plan.visits) == {TUE: 1, TUE + dt.timedelta(days=1): 1}


def test_one_visit_per_center_day_infeasible() -> None:
    """A center that needs two visits on the only day: impossible even with two counselors."""
    assert_infeasible(make({"a": 100}, [TUE], teams=2, gap=1, min_visits=2))


# Visit counts within [min, max] ------------------------------------------------------


def test_visit_counts_feasible() -> None:
    """The maximum caps a heavy center; the minimum forces a light one in."""
    p = make(
        {"big": 1000, "small": 1},
        weekly(3),
        max_visits={"big": 1, "small": None},
        min_visits={"small": 2},
    )
    plan = solved(p)
    assert len(visits_of(plan, "big")) == 1
    assert len(visits_of(plan, "small")) == 2


def test_visit_counts_infeasible() -> None:
    """Two centers needing two visits each in two one-slot days: impossible."""
    assert_infeasible(make({"a": 1, "b": 1}, weekly(2), min_visits=2))


# Minimum days between visits ---------------------------------------------------------


def test_min_gap_feasible() -> None:
    """Visits exactly ``min_gap_days`` apart are allowed; closer ones are not taken."""
    dates = [TUE, TUE + dt.timedelta(days=2), TUE + dt.timedelta(days=7)]
    plan = solved(make({"a": 100}, dates, min_visits=2))
    assert visits_of(plan, "a") == [TUE, TUE + dt.timedelta(days=7)]


def test_min_gap_infeasible() -> None:
    """Two visits needed on days only two days apart."""
    assert_infeasible(make({"a": 100}, [TUE, TUE + dt.timedelta(days=2)], min_visits=2))


def test_min_gap_counts_the_last_visit_before_the_period() -> None:
    """A center visited three days before the period cannot be visited on its first day."""
    p = make(
        {"a": 10},
        [TUE],
        min_visits=1,
        last_visit={"a": TUE - dt.timedelta(days=3)},
        has_history=True,
    )
    with pytest.raises(InfeasibleError) as exc:
        solve(p, time_limit_s=20)
    assert exc.value.proven
    ok = replace(p, last_visit={"a": TUE - dt.timedelta(days=7)})
    assert visits_of(solved(ok), "a") == [TUE]


# Counselor leave and weekdays -------------------------------------------------------


def test_leave_and_weekdays_feasible() -> None:
    """A counselor on leave, or outside their weekdays, gets no visit that day."""
    thu = TUE + dt.timedelta(days=2)
    teams = [
        Team("1", "", "base", days_off=frozenset({TUE})),
        Team("2", "", "base", weekdays=frozenset({4})),
    ]
    p = make({"a": 10, "b": 10, "c": 10}, [TUE, thu], teams=teams)
    plan = solved(p)
    assert {(v.team_id, v.date) for v in plan.visits} == {("1", thu), ("2", thu)}
    assert Counter(v.date for v in plan.visits)[TUE] == 0


def test_leave_infeasible() -> None:
    """The only counselor is on leave on the only day, and a center needs a visit."""
    teams = [Team("1", "", "base", days_off=frozenset({TUE}))]
    assert_infeasible(make({"a": 10}, [TUE], teams=teams, min_visits=1))


def test_weekdays_infeasible() -> None:
    """A visit pinned to a counselor on a weekday they do not work."""
    teams = [Team("1", "", "base", weekdays=frozenset({4}))]  # Thursdays only
    assert_infeasible(make({"a": 10}, [TUE], teams=teams, pins=(Pin("a", TUE, "1"),)))


# Center closures ------------------------------------------------------------------


def test_closure_feasible() -> None:
    """A center closed on the first day is visited on the second."""
    p = make({"a": 10}, weekly(2), closures=frozenset({("a", TUE)}), min_visits=1)
    assert visits_of(solved(p), "a") == [TUE + dt.timedelta(days=7)]


def test_closure_infeasible() -> None:
    """A center closed on every visit day cannot get its minimum visit."""
    dates = weekly(2)
    assert_infeasible(
        make({"a": 10}, dates, closures=frozenset(("a", d) for d in dates), min_visits=1)
    )


# Every route fits the clock ---------------------------------------------------------


def test_clock_feasible_to_the_minute() -> None:
    """Base → center 20 min + 10 min set-up from 9:00 reaches a 9:30 session exactly;
    after a 16:40 end, 20 min back is 17:00 = end of work."""
    p = make({"a": 10}, [TUE], sessions=((570, 1000),), minutes=20, work=(540, 1020), min_visits=1)
    plan = solved(p)
    (v,) = plan.visits
    assert v.arrive_min == 560 and v.travel_min == 20


def test_clock_infeasible_arrival() -> None:
    """One minute too far: 9:00 + 21 + 10 > 9:30."""
    p = make({"a": 10}, [TUE], sessions=((570, 1000),), minutes=21, work=(540, 1100), min_visits=1)
    assert_infeasible(p)


def test_clock_infeasible_return() -> None:
    """Back at base one minute after the end of work."""
    p = make(
        {"a": 10},
        [TUE],
        sessions=((570, 1000),),
        minutes=20,
        work=(540, 1019),
        min_visits=1,
        buffer=0,
    )
    assert_infeasible(p)


def test_clock_between_sessions() -> None:
    """A 15-minute break fits 5 min of travel + 10 min set-up but not 6 + 10: the far
    pair needs two counselors."""
    sessions = ((600, 700), (715, 800))
    near = make({"a": 1, "b": 1}, [TUE], sessions=sessions, minutes=5, min_visits=1)
    assert len({v.team_id for v in solved(near).visits}) == 1
    far = make(
        {"a": 1, "b": 1}, [TUE], sessions=sessions, minutes=5, travel={("a", "b"): 6}, min_visits=1
    )
    assert_infeasible(far)
    two = replace(far, teams=(Team("1", "", "base"), Team("2", "", "base")))
    assert len({v.team_id for v in solved(two).visits}) == 2


# Pins --------------------------------------------------------------------------------


def test_pins_feasible() -> None:
    """A pinned visit happens as pinned (center, date, counselor, session), even
    though the center has little value."""
    wed = TUE + dt.timedelta(days=8)
    p = make(
        {"a": 1000, "low": 1}, [TUE, wed], teams=2, sessions=TWO, pins=(Pin("low", wed, "2", 2),)
    )
    plan = solved(p)
    assert any(
        v.site_id == "low" and v.date == wed and v.team_id == "2" and v.session == 2
        for v in plan.visits
    )


def test_pins_infeasible() -> None:
    """Two centers pinned to one counselor's only session."""
    pins = (Pin("a", TUE, "1", 1), Pin("b", TUE, "1", 1))
    assert_infeasible(make({"a": 1, "b": 1}, [TUE], pins=pins))


def test_pin_against_min_gap_infeasible() -> None:
    """A pin two days after another pin to the same center (7-day rule)."""
    dates = [TUE, TUE + dt.timedelta(days=2)]
    pins = (Pin("a", dates[0]), Pin("a", dates[1]))
    assert_infeasible(make({"a": 1}, dates, teams=2, pins=pins))


# Determinism and tie-breaks -----------------------------------------------------------


def _tie_problem() -> Problem:
    """Many equal-valued, equally far centers and interchangeable counselors: lots of ties."""
    sites = dict.fromkeys("abcdefgh", 50)
    return make(
        sites, weekly(2) + [d + dt.timedelta(days=2) for d in weekly(2)], teams=3, sessions=TWO
    )


def test_two_solves_give_the_same_plan() -> None:
    p = _tie_problem()
    assert solve(p, time_limit_s=20).visits == solve(p, time_limit_s=20).visits


def test_same_plan_in_another_process() -> None:
    """Independent of Python's string-hash seed (set iteration order)."""
    p = _tie_problem()
    here = [
        [v.date.isoformat(), v.session, v.team_id, v.site_id]
        for v in solve(p, time_limit_s=20).visits
    ]
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); import test_solver as t; "
        "from scheduler.solver import solve; "
        "print(json.dumps([[v.date.isoformat(), v.session, v.team_id, v.site_id] "
        "for v in solve(t._tie_problem(), time_limit_s=20).visits]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == here


# Objective properties --------------------------------------------------------------


def test_coverage_before_repetition() -> None:
    """Three weekly slots, one huge center and two tiny ones: every center once, not
    the huge one three times (a first visit outranks any repeat)."""
    plan = solved(make({"huge": 100_000, "tiny1": 1, "tiny2": 1}, weekly(3)))
    assert Counter(v.site_id for v in plan.visits) == {"huge": 1, "tiny1": 1, "tiny2": 1}


def test_repeats_go_to_the_largest_centers() -> None:
    """Coverage first, then repeats by population (weight / k)."""
    plan = solved(make({"big": 900, "mid": 500, "small": 10}, weekly(5)))
    counts = Counter(v.site_id for v in plan.visits)
    assert (
        counts["small"] == 1 and counts["big"] >= counts["mid"] >= 1 and sum(counts.values()) == 5
    )


def test_history_recency() -> None:
    """Never-visited centers first, then the longest ago, whatever their population."""
    hist = {"recent": TUE - dt.timedelta(days=10), "old": TUE - dt.timedelta(days=300)}
    sites = {"recent": 100_000, "old": 10, "never": 1}
    one = solved(make(sites, [TUE], last_visit=hist, has_history=True))
    assert [v.site_id for v in one.visits] == ["never"]
    two = solved(make(sites, weekly(2), last_visit=hist, has_history=True))
    assert sorted(v.site_id for v in two.visits) == ["never", "old"]


def test_least_travel_among_equal_demand() -> None:
    """Stage 2: two centers of equal value and one slot, so demand is equal either way;
    the nearer center is visited."""
    p = make({"near": 5, "far": 5}, [TUE], travel={("base", "far"): 40, ("base", "near"): 10})
    plan = solved(p)
    assert [v.site_id for v in plan.visits] == ["near"]
    assert plan.info.stages[1].objective == 20


def test_balance_spreads_visits() -> None:
    """Interchangeable counselors end with equal visits when the routes allow it."""
    plan = solved(make(dict.fromkeys("abcdef", 10), weekly(2), teams=3, sessions=TWO))
    assert len(plan.visits) == 12
    assert set(Counter(v.team_id for v in plan.visits).values()) == {4}


# The machinery behind the speed ------------------------------------------------------


def test_stages_are_reported_in_order() -> None:
    seen: list[str] = []
    solve(
        make({"a": 1, "b": 2}, weekly(2)), time_limit_s=20, on_stage=lambda s: seen.append(s.name)
    )
    assert seen == ["demand", "travel", "balance"]


@pytest.mark.parametrize(
    ("counselors", "visits", "travel"), [(1, 3, 622), (4, 2, 1770), (4, 3, 1460)]
)
def test_jungu_december_optimum(build_jungu, counselors: int, visits: int, travel: int) -> None:  # type: ignore[no-untyped-def]
    """Known optima of the Jung-gu December 2026 grid (proven by the earlier plain
    route model as well), reached and proven."""
    problem = build_jungu("2026-12", counselors, visits).problem
    plan = solve(problem, time_limit_s=30)
    assert plan.info.status == "OPTIMAL"
    assert plan.info.stages[1].objective == travel
    assert validate(problem, plan) == []


def test_gap_windows() -> None:
    from scheduler.solver._cuts import gap_windows

    d = [TUE + dt.timedelta(days=k) for k in (0, 2, 7, 9, 14)]
    assert gap_windows(d, 7) == [(d[0], d[1]), (d[1], d[2]), (d[2], d[3]), (d[3], d[4])]
    assert gap_windows([d[0], d[2]], 7) == [(d[0],), (d[2],)]


def test_odd_set_cut_separation() -> None:
    """The half-integral triangle over a Tuesday–Thursday window is cut off."""
    from scheduler.solver._cuts import separate_odd_set_cuts

    thu = TUE + dt.timedelta(days=2)
    support: list[tuple[dt.date, tuple[str, ...], float]] = [
        (TUE, ("a", "b"), 0.5),
        (thu, ("b", "c"), 0.5),
        (thu, ("a", "c"), 0.5),
        (TUE, ("d", "e"), 1.0),
    ]
    cuts = separate_odd_set_cuts([(TUE, thu)], support)
    assert cuts and cuts[0].sites == ("a", "b", "c") and cuts[0].rhs == 1
    assert cuts[0].coefficient(("a", "b", "x")) == 1 and cuts[0].coefficient(("a", "x")) == 0


def test_lp_bounds_are_valid() -> None:
    """The Lagrangian bound equals the LP optimum, and the bound with a variable at 1
    is never above the best solution that uses it."""
    from ortools.sat.python import cp_model

    from scheduler.solver._lp import LinearRelaxation

    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{i}") for i in range(4)]
    m.add(x[0] + x[1] + x[2] >= 1)
    m.add(x[1] + x[2] + x[3] >= 2)
    m.add(x[0] + x[3] <= 1)
    cost = [3, 5, 4, 2]
    m.minimize(sum(c * v for c, v in zip(cost, x, strict=True)))
    lp = LinearRelaxation(m)
    sol = lp.solve(5)
    assert sol is not None
    assert lp.bound(sol) == pytest.approx(sol.value, abs=1e-5)
    bounds = lp.bound_if_one(sol, [v.index for v in x])
    for v, b in zip(x, bounds, strict=True):
        fixed = m.clone()
        fixed.add(fixed.get_bool_var_from_proto_index(v.index) == 1)
        s = cp_model.CpSolver()
        assert s.solve(fixed) == cp_model.OPTIMAL
        assert b <= s.objective_value + 1e-6


def test_balance_splits_aggregated_days_back() -> None:
    """Identical days are solved as one class; the assignment still gives each
    counselor at most one route a day and every route a counselor of its day."""
    from scheduler.solver._assign import RouteLoad, assign_routes, day_classes

    teams = ("1", "2", "3", "4")
    week = [(2, 49), (2, 42), (2, 49), (2, 79)], [(1, 16), (2, 43), (2, 34)]
    routes = [RouteLoad(0, 740000 + d, teams, v, t) for d in range(9) for v, t in week[d % 2]]
    assert len(day_classes(routes)) == 2
    a = assign_routes(routes, list(teams), time_limit_s=10, seed=0, workers=1)
    assert a.status == "OPTIMAL"
    per_day = Counter((r.date_ord, t) for r, t in zip(routes, a.team_of, strict=True))
    assert max(per_day.values()) == 1
    visits: Counter[str] = Counter()
    for r, t in zip(routes, a.team_of, strict=True):
        visits[t] += r.visits
    assert set(visits.values()) == {15}  # 60 visits, each counselor rests one short day
