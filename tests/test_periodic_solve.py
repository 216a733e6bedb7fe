"""Solving Cordeau problems through the generic solver (free-flow strategy) and
the baseline gives plans the core validator accepts, in time, with a valid bound."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import random
import time
from pathlib import Path

import pytest
import pyvrp

from scheduler.core.problem import Problem, Team
from scheduler.core.validate import validate
from scheduler.errors import InfeasibleError
from scheduler.periodic import (
    DEPOT,
    plan_cost,
    plan_from_record,
    plan_from_routes,
    plan_record,
    read_cordeau,
)
from scheduler.periodic.baseline import solve_baseline
from scheduler.solver import solve
from scheduler.solver.free_flow import flat_instance
from scheduler.solver.pvrp.search import SearchParams, Unservable
from scheduler.solver.pvrp.search import solve as search

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "pvrp"


def bks(name: str) -> float:
    with (DATA / "bks.csv").open(newline="") as fh:
        return next(float(r["bks"]) for r in csv.DictReader(fh) if r["instance"] == name)


def mixed_instance_text(seed: int = 7) -> str:
    """A 3-day instance with every kind of customer the format allows.

    Free f = 1, f = 1 restricted to two days, f = 2 with choices, f = 3 fixed,
    optional f = 0, a customer split into two fixed records, and one on the
    depot; 2 vehicles of capacity 30 a day, route duration limit 140.
    Customers 6-7 are the restricted ones, 12 the every-day one, 13 the optional
    one, 14-15 the split one and 16 the one on the depot (day 3).
    """
    rng = random.Random(seed)
    rows = []

    def add(x: float, y: float, service: int, demand: int, f: int, codes: list[int]) -> None:
        ident = len(rows) + 1
        rows.append(
            f"{ident} {x:.1f} {y:.1f} {service} {demand} {f} {len(codes)} "
            + " ".join(map(str, codes))
        )

    for _ in range(5):  # free: any single day
        add(rng.uniform(-20, 20), rng.uniform(-20, 20), 2, rng.randint(2, 6), 1, [4, 2, 1])
    for _ in range(2):  # f = 1, day 1 or 3 only
        add(rng.uniform(-20, 20), rng.uniform(-20, 20), 2, rng.randint(2, 6), 1, [4, 1])
    for _ in range(4):  # f = 2, three patterns
        add(rng.uniform(-20, 20), rng.uniform(-20, 20), 1, rng.randint(1, 4), 2, [6, 5, 3])
    add(10.0, -10.0, 1, 3, 3, [7])  # every day
    add(-15.0, 5.0, 0, 5, 0, [4, 2, 1])  # optional
    add(5.0, 15.0, 1, 20, 1, [4])  # split customer: two records, fixed days
    add(5.0, 15.0, 1, 20, 1, [2])
    add(0.0, 0.0, 0, 30, 1, [1])  # on the depot, a full vehicle on day 3
    head = [f"1 2 {len(rows)} 3"] + ["140 30"] * 3 + ["0 0.0 0.0 0 0 0 0"]
    return "\n".join(head + rows) + "\n\n"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    path = tmp_path_factory.mktemp("pvrp") / "mixed"
    path.write_text(mixed_instance_text(), encoding="utf-8")
    return read_cordeau(path)


@pytest.fixture(scope="module")
def mixed_plan(mixed: Problem):
    """The mixed problem solved once (2 s), with the wall-clock time it took."""
    start = time.perf_counter()
    plan = solve(mixed, time_limit_s=2.0, seed=3)
    return plan, time.perf_counter() - start


def iterations(plan) -> int:
    return int(dict(plan.info.params)["iterations"])


def test_mixed_instance_is_solved_validly_within_the_time_limit(mixed, mixed_plan) -> None:
    plan, wall = mixed_plan
    assert wall <= 2.0 + 0.3
    assert plan.info.seconds <= 2.0
    assert validate(mixed, plan) == []
    assert plan.info.objective == pytest.approx(plan_cost(mixed, plan))
    assert iterations(plan) > 0  # the pattern search ran
    visited = {v.site_id for v in plan.visits}
    assert "13" not in visited  # the optional customer only costs distance
    assert {s.id for s in mixed.sites if s.min_visits} <= visited
    assert [s.name for s in plan.info.stages] == ["bound", "routes"]


def test_solved_plan_reports_a_valid_bound_and_gap(mixed, mixed_plan) -> None:
    plan, _ = mixed_plan
    info = plan.info
    assert info.status in ("OPTIMAL", "FEASIBLE")
    assert 0.0 <= info.bound <= info.objective + 1e-9
    assert 0.0 <= info.gap <= 1.0
    if info.status == "OPTIMAL":
        assert info.gap == 0.0 and info.bound == pytest.approx(info.objective)
    else:
        assert info.gap > 0.0
    # the bound is a lower bound on every plan, so also on the baseline's
    base = solve_baseline(mixed, 1.0)
    assert base.cost is not None and info.bound <= base.cost + 1e-9


def test_tiny_problem_is_solved_to_its_known_optimum(tmp_path: Path) -> None:
    # 1 at (3, 4) on day 1 or 2, 2 at (-3, 4) on both days: one vehicle, the best is 26
    path = tmp_path / "tiny"
    path.write_text("1 1 2 2\n30 11\n30 11\n0 0 0 0 0 0 0\n1 3 4 1 4 1 2 2 1\n2 -3 4 1 4 2 1 3\n")
    problem = read_cordeau(path)
    plan = solve(problem, time_limit_s=1.0, seed=0)
    assert validate(problem, plan) == []
    assert plan.info.objective == pytest.approx(26.0)
    assert plan_cost(problem, plan) == pytest.approx(26.0)
    assert plan.info.bound <= 26.0 + 1e-9
    assert plan.info.gap >= 0.0


def test_hand_broken_plans_are_rejected_by_the_validator(mixed, mixed_plan) -> None:
    plan, _ = mixed_plan
    record = plan_record(mixed, plan)
    assert validate(mixed, plan_from_record(mixed, record)) == []  # the record is the plan

    def without(customer: int, day: int) -> list[tuple[int, int, list[int]]]:
        return [
            (
                r["day"],
                r["vehicle"],
                [c for c in r["customers"] if not (c == customer and r["day"] == day)],
            )
            for r in record["routes"]
        ]

    # 1. a visit moved to a day outside the customer's patterns: customer 6 may go
    # on day 1 or 3 only; on day 2 it rides alone on an extra vehicle, so nothing
    # but its pattern is wrong
    day6 = next(r["day"] for r in record["routes"] if 6 in r["customers"])
    assert day6 in (1, 3)
    bigger = dataclasses.replace(
        mixed, teams=(*mixed.teams, Team(id="3", name="vehicle 3", base_id=DEPOT))
    )
    moved = plan_from_routes(bigger, [*without(6, day6), (2, 3, [6])])
    assert validate(bigger, plan_from_routes(bigger, [*without(6, day6), (day6, 3, [6])])) == []
    assert [(v.rule, v.site_id) for v in validate(bigger, moved)] == [("day_pattern", "6")]

    # 2. too few visits: the every-day customer 12 loses its day-2 visit
    dropped = plan_from_routes(mixed, without(12, 2))
    assert {(v.rule, v.site_id) for v in validate(mixed, dropped)} == {
        ("min_visits", "12"),
        ("day_pattern", "12"),
    }

    # 3. a capacity overflow: customer 16 fills a vehicle on day 3; add another day-3 visit to it
    full = next(r for r in record["routes"] if 16 in r["customers"])
    assert full["customers"] == [16] and full["day"] == 3
    other = next(
        c for r in record["routes"] if r["day"] == 3 and r is not full for c in r["customers"]
    )
    overfull = [
        (
            r["day"],
            r["vehicle"],
            [c for c in r["customers"] if c != other] if r["day"] == 3 else r["customers"],
        )
        for r in record["routes"]
        if r is not full
    ]
    overfull.append((3, full["vehicle"], [16, other]))
    violations = validate(mixed, plan_from_routes(mixed, overfull))
    assert [(v.rule, v.team_id) for v in violations] == [("capacity", str(full["vehicle"]))]

    # 4. a duration overflow: the same plan under a limit just below its longest route
    length = {
        (team, date): plan_cost(mixed, dataclasses.replace(plan, visits=tuple(route)))
        + sum(mixed.site(v.site_id).service_min for v in route)
        for (team, date), route in plan.by_team_day().items()
    }
    (team, date), longest = max(length.items(), key=lambda kv: kv[1])
    assert longest <= 140
    tight = dataclasses.replace(
        mixed,
        days=tuple(
            dataclasses.replace(d, max_route_min=longest - 0.01) if d.date == date else d
            for d in mixed.days
        ),
    )
    violations = validate(tight, plan)
    assert [(v.rule, v.team_id, v.date) for v in violations] == [("route_duration", team, date)]


def _plan_of(problem: Problem, routes: list[list[list[int]]]):  # type: ignore[no-untyped-def]
    """The core plan of the search's routes (customer k of the flat instance is site
    k - 1 of the problem)."""
    return plan_from_routes(
        problem,
        [
            (day + 1, vehicle, [problem.sites[k - 1].id for k in route])
            for day, routes_of_day in enumerate(routes)
            for vehicle, route in enumerate(routes_of_day, start=1)
        ],
    )


def test_same_seed_same_search_when_the_iteration_cap_binds(mixed) -> None:
    params = SearchParams(start_iterations=300, route_iterations=60, max_iterations=4)
    flat = flat_instance(mixed)
    first = search(flat, 30.0, seed=11, params=params)
    second = search(flat, 30.0, seed=11, params=params)
    assert first.iterations == second.iterations == 4
    assert first.routes == second.routes
    assert first.cost == second.cost
    plan = _plan_of(mixed, first.routes)
    assert validate(mixed, plan) == []
    assert plan_cost(mixed, plan) == pytest.approx(first.cost)


def test_unservable_customer_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "heavy"
    path.write_text("1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 11 1 2 1 2\n")
    problem = read_cordeau(path)
    with pytest.raises(InfeasibleError, match="customer 1 cannot be served") as info:
        solve(problem, time_limit_s=1.0)
    assert info.value.proven
    assert [c.rule for c in info.value.conflicts] == ["unservable"]
    with pytest.raises(Unservable, match="customer 1 cannot be served"):
        search(flat_instance(problem), 1.0)


def test_round_trip_longer_than_the_duration_limit_is_unservable(tmp_path: Path) -> None:
    path = tmp_path / "far"
    path.write_text("1 1 1 2\n10 10\n10 10\n0 0 0 0 0 0 0\n1 3 4 1 1 1 2 2 1\n")  # 5 + 5 + 1 > 10
    with pytest.raises(InfeasibleError, match="customer 1 cannot be served") as info:
        solve(read_cordeau(path), time_limit_s=1.0)
    assert [c.rule for c in info.value.conflicts] == ["unservable"]


def test_only_optional_customers_gives_the_empty_plan(tmp_path: Path) -> None:
    path = tmp_path / "optional"
    path.write_text("1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 1 0 2 1 2\n")
    problem = read_cordeau(path)
    plan = solve(problem, time_limit_s=1.0)
    assert plan.visits == ()
    assert plan.info.objective == 0.0 and plan.info.bound == 0.0 and plan.info.gap == 0.0
    assert validate(problem, plan) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["p14", "p01", "pr01"])
def test_benchmark_instances_briefly(name: str) -> None:
    problem = read_cordeau(DATA / "instances" / name)
    plan = solve(problem, time_limit_s=3.0, seed=0)
    assert validate(problem, plan) == []
    assert plan.info.seconds <= 3.0
    cost = plan_cost(problem, plan)
    assert cost == pytest.approx(plan.info.objective)
    assert cost <= 1.05 * bks(name)  # loose: a few seconds only
    # a valid lower bound never exceeds the best known value (>= the optimum)
    assert 0.0 <= plan.info.bound <= bks(name) + 1e-6
    assert plan.info.bound <= plan.info.objective and plan.info.gap >= 0.0


def test_baseline_is_valid(mixed) -> None:
    result = solve_baseline(mixed, 1.0)
    assert result.plan is not None and not result.failed_days
    assert validate(mixed, result.plan) == []
    assert result.cost == pytest.approx(plan_cost(mixed, result.plan))
    assert result.seconds <= 1.0 + 0.3


def test_joint_model_keeps_fixed_visits_on_their_day(mixed) -> None:
    joint = importlib.import_module("scheduler.solver.pvrp._joint")
    flat = flat_instance(mixed)
    node = {s.id: k for k, s in enumerate(mixed.sites, start=1)}
    fixed = {node["12"]: frozenset({0, 1, 2})}
    free = [node["1"]]
    model = joint.build_joint_model(flat, fixed, free, joint.distance_matrix(flat))
    right = [[[node["12"], node["1"]]], [[node["12"]]], [[node["12"]]]]
    solution = model.to_pyvrp(right)
    assert solution.is_feasible()
    assert model.from_pyvrp(solution, 3) == right
    moved_free = [[[node["12"]]], [[node["12"]]], [[node["12"], node["1"]]]]
    assert model.to_pyvrp(moved_free).is_feasible()  # free customers go on any day
    # the day-1 visit of customer 12 driven on a day-2 vehicle: a time-window violation
    data = model.data
    day_one = next(
        i
        for i, (n, d) in enumerate(zip(model.client_node, model.client_days, strict=True))
        if n == node["12"] and d == (0, 0)
    )
    day_two = next(
        i
        for i, (n, d) in enumerate(zip(model.client_node, model.client_days, strict=True))
        if n == node["12"] and d == (1, 1)
    )
    wrong = pyvrp.Solution(data, [pyvrp.Route(data, [day_two], 0), pyvrp.Route(data, [day_one], 1)])
    assert wrong.time_warp() > 0 and not wrong.is_feasible()


def test_joint_model_places_relaxed_visits_within_their_range(mixed) -> None:
    """A relaxed visit (``(first, last)`` days) fits a route of any day in its range,
    not outside it."""
    joint = importlib.import_module("scheduler.solver.pvrp._joint")
    flat = flat_instance(mixed)
    node = {s.id: k for k, s in enumerate(mixed.sites, start=1)}
    c = node["8"]  # f = 2 over three days: first visit day 1-2, second day 2-3
    model = joint.build_joint_model(
        flat, {}, [], joint.distance_matrix(flat), relaxed={c: [(0, 1), (1, 2)]}
    )
    assert sorted(model.client_days) == [(0, 1), (1, 2)]
    inconsistent = [[], [[c]], [[c]]]  # both on day 2 and day 3: fine for the relaxation
    assert model.to_pyvrp(inconsistent).is_feasible()
    with pytest.raises(KeyError):
        model.to_pyvrp([[[c]], [[c]], [[c]]])  # three visits, two clients


def test_relaxed_start_ends_on_allowed_patterns(mixed) -> None:
    """The relaxed-coupling start hands the search a routing in which every coupled
    customer is visited exactly on the days of one of its allowed patterns, once a
    day, and every other customer as before."""
    mod = importlib.import_module("scheduler.solver.pvrp.search")
    plan_mod = importlib.import_module("scheduler.solver.pvrp._plan")
    flat = flat_instance(mixed)
    state = mod._Search(flat, SearchParams(), 5, mod._Clock(30.0))
    out = state.relaxed_start(0.5)
    assert out is not None
    patterns, routes = out
    days = plan_mod.WorkPlan(state.ctx, routes).visit_days()
    assert state.split.options  # the instance has coupled customers
    for n, options in state.split.options.items():
        assert patterns[n] in options and days[n] == patterns[n]
        for d in patterns[n]:
            assert sum(r.count(n) for r in routes[d]) == 1
    for n, p in state.split.fixed.items():
        assert days[n] == p
    free_days = [days[n] for n in state.split.free]
    assert all(len(d) == 1 for d in free_days)


def test_large_instance_path_relaxed_start_then_one_run_is_valid_and_reproducible(mixed) -> None:
    """The path of the large instances (forced here with ``relaxed_from=0``): the relaxed
    start, then one PyVRP run on its patterns. The plan is valid, priced exactly, and
    with counted work the same for the same seed."""
    params = SearchParams(start_iterations=300, max_iterations=4, relaxed_from=0)
    flat = flat_instance(mixed)
    first = search(flat, 30.0, seed=4, params=params)
    second = search(flat, 30.0, seed=4, params=params)
    assert first.iterations == 0  # no pattern-search iterations on this path
    assert first.routes == second.routes and first.cost == second.cost
    plan = _plan_of(mixed, first.routes)
    assert validate(mixed, plan) == []
    assert plan_cost(mixed, plan) == pytest.approx(first.cost)
