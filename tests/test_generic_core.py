"""The generic periodic-visit core: day patterns, loads and capacity, daily duration
limits, service minutes and free-flow days, optional visits.

Each feature is shown on both strategies where it applies: the exact session-day
CP-SAT model and the free-flow route search. The solver must honour the rule (the
validator accepts the plan and the rule visibly binds), and the validator must
reject a plan that breaks it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.core.plan import Plan
from scheduler.core.problem import Base, Day, Problem, Rules, Site, Team, TravelMatrix
from scheduler.core.validate import validate
from scheduler.errors import DataError, InfeasibleError
from scheduler.solver import solve
from scheduler.solver.free_flow import flat_instance, route_visits
from tests.test_solver import TUE, make, weekly

# ----------------------------------------------------------------------------
# Session days (exact CP-SAT)


def test_day_patterns_on_session_days_pick_exactly_one_pattern() -> None:
    dates = weekly(4)  # days 0..3
    problem = make({"a": 10, "b": 5}, dates, teams=1, gap=1, min_visits=0)
    pats = (frozenset({0, 2}), frozenset({1, 3}))
    problem = replace(
        problem,
        sites=(
            replace(problem.sites[0], min_visits=2, max_visits=2, patterns=pats),
            problem.sites[1],
        ),
    )
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    a_days = frozenset(problem.day_index(v.date) for v in plan.visits if v.site_id == "a")
    assert a_days in pats


def test_day_patterns_exclude_other_days_even_when_demand_wants_them() -> None:
    # One team, one session a day, only site "a": without patterns it would be
    # visited on all 4 days (max 4); its only pattern is days {0, 3}.
    problem = make({"a": 10}, weekly(4), teams=1, gap=1)
    problem = replace(problem, sites=(replace(problem.sites[0], patterns=(frozenset({0, 3}),)),))
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    assert sorted(problem.day_index(v.date) for v in plan.visits) == [0, 3]


def test_pattern_on_a_closed_day_is_not_usable() -> None:
    dates = weekly(3)
    problem = make(
        {"a": 10}, dates, teams=1, gap=1, min_visits=1, closures=frozenset({("a", dates[0])})
    )
    problem = replace(
        problem, sites=(replace(problem.sites[0], patterns=(frozenset({0}), frozenset({1, 2}))),)
    )
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    assert sorted(problem.day_index(v.date) for v in plan.visits) == [1, 2]


def test_required_site_with_only_closed_patterns_is_infeasible() -> None:
    dates = weekly(2)
    problem = make(
        {"a": 10}, dates, teams=1, gap=1, min_visits=1, closures=frozenset({("a", dates[0])})
    )
    problem = replace(problem, sites=(replace(problem.sites[0], patterns=(frozenset({0}),)),))
    with pytest.raises(InfeasibleError) as err:
        solve(problem, time_limit_s=20)
    assert err.value.proven


def test_capacity_limits_the_sites_of_one_route() -> None:
    # Two sessions a day, one day: three sites of load 2, capacity 3 → one visit only.
    problem = make(
        {"a": 10, "b": 9, "c": 8},
        [TUE],
        teams=[Team("1", "", "base", capacity=3)],
        sessions=((600, 720), (840, 960)),
    )
    problem = replace(problem, sites=tuple(replace(s, load=2) for s in problem.sites))
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    assert [v.site_id for v in plan.visits] == ["a"]
    roomy = replace(problem, teams=(Team("1", "", "base", capacity=4),))
    assert len(solve(roomy, time_limit_s=20).visits) == 2


def test_duration_limit_counts_from_leaving_to_returning() -> None:
    # Sessions 10:00-12:00 and 14:00-16:00, 10 min travel, 10 min buffer: a one-visit
    # day takes 10+10+120+10 = 150 min, a two-visit day 9:40 → 16:10 = 390 min.
    sessions = ((600, 720), (840, 960))
    tight = make(
        {"a": 10, "b": 9},
        [TUE],
        teams=[Team("1", "", "base", max_route_min=389)],
        sessions=sessions,
    )
    plan = solve(tight, time_limit_s=20)
    assert validate(tight, plan) == [] and len(plan.visits) == 1
    enough = replace(tight, teams=(Team("1", "", "base", max_route_min=390),))
    assert len(solve(enough, time_limit_s=20).visits) == 2


def test_validator_rejects_broken_capacity_duration_and_pattern() -> None:
    sessions = ((600, 720), (840, 960))
    problem = make(
        {"a": 10, "b": 9}, weekly(2), teams=[Team("1", "", "base")], sessions=sessions, gap=1
    )
    plan = solve(problem, time_limit_s=20)
    assert len(plan.visits) == 4 and validate(problem, plan) == []
    loaded = replace(
        problem,
        sites=tuple(replace(s, load=2) for s in problem.sites),
        teams=(Team("1", "", "base", capacity=3),),
    )
    assert {v.rule for v in validate(loaded, plan)} == {"capacity"}
    short = replace(problem, teams=(Team("1", "", "base", max_route_min=200),))
    assert {v.rule for v in validate(short, plan)} == {"route_duration"}
    day_limited = replace(problem, days=tuple(replace(d, max_route_min=200) for d in problem.days))
    assert {v.rule for v in validate(day_limited, plan)} == {"route_duration"}
    patterned = replace(
        problem, sites=(replace(problem.sites[0], patterns=(frozenset({0}),)), problem.sites[1])
    )
    assert {v.rule for v in validate(patterned, plan)} == {"day_pattern"}


def test_pattern_naming_a_missing_day_is_rejected_when_the_problem_is_built() -> None:
    problem = make({"a": 10}, weekly(2))
    with pytest.raises(ValueError, match="names day 5"):
        replace(problem, sites=(replace(problem.sites[0], patterns=(frozenset({5}),)),))


def test_real_valued_travel_is_refused_on_session_days() -> None:
    problem = make({"a": 10}, [TUE])
    ids = problem.travel.ids
    fractional = TravelMatrix(ids, tuple(tuple(0.0 if a == b else 10.5 for b in ids) for a in ids))
    with pytest.raises(DataError, match="whole travel minutes"):
        solve(replace(problem, travel=fractional), time_limit_s=5)


# ----------------------------------------------------------------------------
# Free-flow days (route search + lower bound)

D0 = dt.date(2027, 3, 1)


def free_flow(
    points: dict[str, tuple[float, float]],
    days: int,
    *,
    teams: int = 1,
    min_visits: dict[str, int] | None = None,
    patterns: dict[str, tuple[frozenset[int], ...]] | None = None,
    load: dict[str, int] | None = None,
    service: float = 5.0,
    capacity: int | None = None,
    max_route_min: float | None = None,
    gap: int = 1,
) -> Problem:
    """A free-flow problem on a plane: travel minutes = Euclidean distance."""
    ids = ["base", *points]
    xy = {"base": (0.0, 0.0), **points}
    matrix = tuple(tuple(math.dist(xy[a], xy[b]) for b in ids) for a in ids)
    sites = tuple(
        Site(
            sid,
            sid,
            None,
            None,
            1,
            min_visits=(min_visits or {}).get(sid, 1),
            max_visits=max(1, (min_visits or {}).get(sid, 1)),
            patterns=(patterns or {}).get(sid, ()),
            service_min=service,
            load=(load or {}).get(sid, 1),
            xy=p,
        )
        for sid, p in points.items()
    )
    return Problem(
        start=D0,
        end=D0 + dt.timedelta(days=days - 1),
        sites=sites,
        bases=(Base("base", "base", None, None, xy=(0.0, 0.0)),),
        teams=tuple(
            Team(str(k), "", "base", capacity=capacity, max_route_min=max_route_min)
            for k in range(1, teams + 1)
        ),
        days=tuple(Day(D0 + dt.timedelta(days=k), (), 480, 1080) for k in range(days)),
        travel=TravelMatrix(tuple(ids), matrix),
        rules=Rules(min_gap_days=gap, setup_buffer_min=0),
    )


SQUARE = {"n": (0.0, 10.0), "e": (10.0, 0.0), "s": (0.0, -10.0), "w": (-10.0, 0.0)}


def test_free_flow_plan_is_valid_with_a_bound_and_service_minutes() -> None:
    problem = free_flow(SQUARE, 2, min_visits={"n": 2, "e": 1, "s": 1, "w": 1})
    plan = solve(problem, time_limit_s=3)
    assert validate(problem, plan) == []
    assert sorted(v.site_id for v in plan.visits) == ["e", "n", "n", "s", "w"]
    assert [s.name for s in plan.info.stages] == ["bound", "routes"]
    assert 0 < plan.info.bound <= plan.info.objective + 1e-9
    for v in plan.visits:
        assert v.end_min - v.start_min == pytest.approx(5.0)
        assert v.start_min == v.arrive_min


def test_free_flow_patterns_capacity_and_duration_bind() -> None:
    patterns = {"n": (frozenset({1}),), "s": (frozenset({0}),)}
    problem = free_flow(SQUARE, 2, teams=2, patterns=patterns, capacity=2, max_route_min=60)
    plan = solve(problem, time_limit_s=3)
    assert validate(problem, plan) == []
    days = {v.site_id: problem.day_index(v.date) for v in plan.visits}
    assert days["n"] == 1 and days["s"] == 0
    for route in plan.by_team_day().values():
        leave = route[0].arrive_min - route[0].travel_min
        back = route[-1].end_min + problem.travel(route[-1].site_id, "base")
        assert back - leave <= 60 + 1e-9
        assert len(route) <= 2


def test_free_flow_optional_sites_are_left_out() -> None:
    problem = free_flow(SQUARE, 1, min_visits={"n": 0, "e": 1, "s": 0, "w": 1})
    plan = solve(problem, time_limit_s=3)
    assert validate(problem, plan) == []
    assert sorted(v.site_id for v in plan.visits) == ["e", "w"]


def test_free_flow_patterns_are_derived_from_the_minimum_gap() -> None:
    problem = free_flow({"a": (3.0, 4.0)}, 5, min_visits={"a": 2}, gap=3)
    patterns = flat_instance(problem).customers[0].patterns
    assert frozenset({0, 3}) in patterns and frozenset({0, 2}) not in patterns
    assert all(max(p) - min(p) >= 3 for p in patterns)
    plan = solve(problem, time_limit_s=2)
    assert validate(problem, plan) == []


def test_free_flow_validator_catches_a_shortened_service_and_a_wrong_day() -> None:
    problem = free_flow(SQUARE, 2, patterns={"n": (frozenset({0}),)})
    plan = solve(problem, time_limit_s=2)
    assert validate(problem, plan) == []
    v = next(v for v in plan.visits if v.site_id == "n")
    short = Plan(tuple(replace(x, end_min=x.end_min - 1) if x == v else x for x in plan.visits))
    assert "service_time" in {x.rule for x in validate(problem, short)}
    moved = [x for x in plan.visits if x != v] + route_visits(
        problem, problem.days[1].date, "1", ["n"]
    )
    rules = {x.rule for x in validate(problem, Plan(tuple(moved)))}
    assert "day_pattern" in rules


def test_free_flow_unservable_site_is_a_proven_infeasibility() -> None:
    problem = free_flow({"far": (500.0, 0.0)}, 1, max_route_min=100)
    with pytest.raises(InfeasibleError) as err:
        solve(problem, time_limit_s=2)
    assert err.value.proven
    assert "far" in err.value.conflicts[0].message_en or "1" in err.value.conflicts[0].message_en


def test_mixed_session_and_free_flow_days_are_refused() -> None:
    problem = free_flow(SQUARE, 2)
    session_day = make({"a": 1}, [D0]).days[0]
    mixed = replace(problem, days=(replace(session_day, date=D0), problem.days[1]))
    with pytest.raises(DataError, match="cannot be mixed"):
        solve(mixed, time_limit_s=2)


@st.composite
def small_free_flow(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(1, 6))
    days = draw(st.integers(1, 3))
    points = {f"s{i}": (draw(st.floats(-50, 50)), draw(st.floats(-50, 50))) for i in range(n)}
    mins = {sid: draw(st.integers(0, days)) for sid in points}
    load = {sid: draw(st.integers(0, 3)) for sid in points}
    return free_flow(
        points,
        days,
        teams=draw(st.integers(1, 2)),
        min_visits=mins,
        load=load,
        capacity=draw(st.one_of(st.none(), st.integers(3, 8))),
        max_route_min=draw(st.one_of(st.none(), st.floats(150, 400))),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_free_flow())
def test_random_free_flow_problems_give_valid_plans_or_explained_infeasibility(
    problem: Problem,
) -> None:
    infeasible: InfeasibleError | None = None
    try:
        plan = solve(problem, time_limit_s=1.0)
    except InfeasibleError as err:
        infeasible = err
    if infeasible is not None:
        assert infeasible.conflicts and all(c.message_en for c in infeasible.conflicts)
        return
    assert validate(problem, plan) == []
    assert plan.info.bound <= plan.info.objective + 1e-6
    assert 0.0 <= plan.info.gap <= 1.0
    need = sum(s.min_visits for s in problem.sites)
    assert len(plan.visits) == need


# ----------------------------------------------------------------------------
# The district front end builds the same core


def test_district_daily_away_limit_reaches_the_core_and_binds(jungu_config, build_jungu) -> None:
    free = build_jungu(counselors=1, visits_per_day=2).problem
    plan = solve(free, time_limit_s=20)
    assert validate(free, plan) == []
    assert max(len(r) for r in plan.by_team_day().values()) == 2
    # Two sessions (10–12, 14–16) keep a counselor away well over 5 hours.
    limited_config = replace(jungu_config, max_away_min=300)
    from scheduler.district.build import Options, build_problem
    from scheduler.district.calendar import month_period

    start, end = month_period("2026-12")
    limited = build_problem(
        limited_config, Options(start, end, counselors=1, visits_per_day=2, label="x")
    ).problem
    assert {t.max_route_min for t in limited.teams} == {300}
    plan = solve(limited, time_limit_s=20)
    assert validate(limited, plan) == []
    assert max(len(r) for r in plan.by_team_day().values()) == 1
    assert {v.rule for v in validate(limited, solve(free, time_limit_s=20))} == {"route_duration"}


def test_long_runs_compute_the_bound_in_a_second_process() -> None:
    # From PARALLEL_FROM_S on, the bound runs beside the search in a spawned
    # process; p14's LP is solved to optimality either way, so both give one value.
    from pathlib import Path

    from scheduler.periodic import read_cordeau
    from scheduler.solver import free_flow

    problem = read_cordeau(
        Path(__file__).resolve().parents[1] / "benchmarks/data/pvrp/instances/p14"
    )
    plan = solve(problem, time_limit_s=free_flow.PARALLEL_FROM_S)
    assert validate(problem, plan) == []
    quick = solve(problem, time_limit_s=3)
    bound_stage = {s.name: s for s in plan.info.stages}["bound"]
    assert bound_stage.status == "OPTIMAL"
    assert bound_stage.objective == pytest.approx(
        {s.name: s for s in quick.info.stages}["bound"].objective
    )
    assert plan.info.bound <= plan.info.objective
    assert plan.info.seconds < free_flow.PARALLEL_FROM_S + 2


def test_optional_sites_and_a_non_metric_matrix_give_a_safe_bound() -> None:
    from scheduler.solver.free_flow import metric

    problem = free_flow(SQUARE, 1, min_visits={"n": 0, "e": 1, "s": 1, "w": 1})
    assert metric(problem.travel.minutes)
    ids = problem.travel.ids
    # A shortcut through the optional site "n": e → n → w is far shorter than e → w.
    m = {(a, b): problem.travel(a, b) for a in ids for b in ids}
    m[("e", "w")] = m[("w", "e")] = 100.0
    broken = replace(
        problem, travel=TravelMatrix(ids, tuple(tuple(m[(a, b)] for b in ids) for a in ids))
    )
    assert not metric(broken.travel.minutes)
    plan = solve(broken, time_limit_s=2)
    assert validate(broken, plan) == []
    assert plan.info.bound == 0.0
    assert solve(problem, time_limit_s=2).info.bound > 0


# ----------------------------------------------------------------------------
# Pooled teams from several bases: nearest-base warm start


def _pooled(jungu_config, build_jungu) -> Problem:
    """Jung-gu with three counselors at three different bases, all pooled."""
    from scheduler.core.travel import travel_matrix

    problem = build_jungu(counselors=3, visits_per_day=2).problem
    bases = (
        problem.bases[0],
        Base("west", "west", 37.5600, 126.9700),
        Base("east", "east", 37.5650, 127.0200),
    )
    teams = tuple(replace(t, base_id=b.id) for t, b in zip(problem.teams, bases, strict=True))
    travel = travel_matrix({p.id: (p.lat, p.lon) for p in [*problem.sites, *bases]}, mode="transit")
    return replace(problem, bases=bases, teams=teams, travel=travel)


def test_pooled_bases_get_a_warm_start_that_maps_onto_the_whole_model(
    jungu_config, build_jungu, monkeypatch
) -> None:
    import scheduler.solver as solver_pkg
    from scheduler.solver._graph import day_groups
    from scheduler.solver._model import Scope
    from scheduler.solver._routes import routes_by_group
    from scheduler.solver.decompose import nearest_base_areas

    problem = _pooled(jungu_config, build_jungu)
    areas = nearest_base_areas(problem)
    assert areas is not None and len(areas) == 3
    assert sorted(s.id for a in areas for s in a.sites) == sorted(s.id for s in problem.sites)
    clock = solver_pkg._Clock(10**9, 30.0, 0, 1)
    warm = solver_pkg._warm_start(problem, clock, 0, 1)
    assert warm is not None and validate(problem, warm) == []
    groups = day_groups(problem)
    scope = Scope.build(problem, groups, routes_by_group(problem, groups))
    keys = solver_pkg._route_keys(scope, warm)
    assert len(keys) == len(warm.by_team_day())  # every warm route exists in the whole model
    plan = solve(problem, time_limit_s=30)
    assert validate(problem, plan) == [] and plan.info.status == "OPTIMAL"
    monkeypatch.setattr(solver_pkg, "nearest_base_areas", lambda p: None)
    cold = solve(problem, time_limit_s=30)
    assert cold.info.status == "OPTIMAL"
    assert [s.objective for s in plan.info.stages[:2]] == [
        s.objective for s in cold.info.stages[:2]
    ]


def test_free_flow_service_areas_split_or_are_refused() -> None:
    problem = free_flow(SQUARE, 1, teams=2)
    north_south = {"n": "A", "s": "A", "e": "B", "w": "B"}
    split = replace(
        problem,
        sites=tuple(replace(s, group=north_south[s.id]) for s in problem.sites),
        teams=(replace(problem.teams[0], group="A"), replace(problem.teams[1], group="B")),
    )
    plan = solve(split, time_limit_s=2)
    assert validate(split, plan) == []
    assert {v.team_id for v in plan.visits if v.site_id in "ns"} == {"1"}
    loose = replace(split, sites=(replace(split.sites[0], group=""), *split.sites[1:]))
    with pytest.raises(DataError, match="service areas"):
        solve(loose, time_limit_s=2)


def test_too_many_routes_fall_back_to_the_areas_plan_without_claiming_a_bound(
    jungu_config, build_jungu, monkeypatch
) -> None:
    import scheduler.solver as solver_pkg
    from scheduler.solver._graph import day_groups
    from scheduler.solver._routes import routes_by_group

    pooled = _pooled(jungu_config, build_jungu)
    columns = sum(len(r) for r in routes_by_group(pooled, day_groups(pooled)))
    monkeypatch.setattr(solver_pkg, "MAX_ROUTE_COLUMNS", columns - 1)  # the areas stay below it
    plan = solve(pooled, time_limit_s=20)
    assert validate(pooled, plan) == []
    assert plan.visits
    assert (plan.info.status, plan.info.bound, plan.info.gap) == ("FEASIBLE", 0.0, 1.0)
    assert [s.name for s in plan.info.stages] == ["areas"]
    single = build_jungu(
        counselors=1, visits_per_day=2
    ).problem  # one base: no areas to fall back on
    monkeypatch.setattr(solver_pkg, "MAX_ROUTE_COLUMNS", 10)
    with pytest.raises(InfeasibleError) as err:
        solve(single, time_limit_s=5)
    assert not err.value.proven and err.value.conflicts[0].rule == "too_large"
