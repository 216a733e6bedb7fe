"""The PVRP solver and the baseline give validator-clean solutions in time."""

from __future__ import annotations

import csv
import importlib
import random
import time
from pathlib import Path

import pytest
import pyvrp

from scheduler.periodic import SearchParams, read_cordeau, solve, validate
from scheduler.periodic.baseline import solve_baseline

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "pvrp"


def bks(name: str) -> float:
    with (DATA / "bks.csv").open(newline="") as fh:
        return next(float(r["bks"]) for r in csv.DictReader(fh) if r["instance"] == name)


def mixed_instance_text(seed: int = 7) -> str:
    """A 3-day instance with every kind of customer the format allows.

    Free f = 1, f = 1 restricted to two days, f = 2 with choices, f = 3 fixed,
    optional f = 0, a customer split into two fixed records, and one on the
    depot; 2 vehicles of capacity 30 a day, route duration limit 140.
    """
    rng = random.Random(seed)
    rows = []

    def add(x: float, y: float, service: int, demand: int, f: int, codes: list[int]) -> None:
        ident = len(rows) + 1
        rows.append(f"{ident} {x:.1f} {y:.1f} {service} {demand} {f} {len(codes)} "
                    + " ".join(map(str, codes)))

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


@pytest.fixture()
def mixed(tmp_path: Path):
    path = tmp_path / "mixed"
    path.write_text(mixed_instance_text(), encoding="utf-8")
    return read_cordeau(path)


def test_mixed_instance_is_solved_validly_within_the_time_limit(mixed) -> None:
    start = time.perf_counter()
    result = solve(mixed, 2.0, seed=3)
    wall = time.perf_counter() - start
    assert wall <= 2.0 + 0.3
    assert result.seconds <= 2.0
    report = validate(mixed, result.solution)
    assert report.ok, report.violations
    assert result.cost == pytest.approx(report.cost)
    assert result.iterations > 0  # the pattern search ran
    visited = {c for r in result.routes for c in r.customers}
    assert 13 not in visited  # the optional customer only costs distance


def test_same_seed_same_search_when_the_iteration_cap_binds(mixed) -> None:
    params = SearchParams(start_iterations=300, route_iterations=60, max_iterations=4)
    first = solve(mixed, 30.0, seed=11, params=params)
    second = solve(mixed, 30.0, seed=11, params=params)
    assert first.iterations == second.iterations == 4
    assert first.solution == second.solution


def test_unservable_customer_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "heavy"
    path.write_text("1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 11 1 2 1 2\n")
    with pytest.raises(ValueError, match="customer 1 cannot be served"):
        solve(read_cordeau(path), 1.0)


def test_only_optional_customers_gives_the_empty_solution(tmp_path: Path) -> None:
    path = tmp_path / "optional"
    path.write_text("1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 1 0 2 1 2\n")
    result = solve(read_cordeau(path), 1.0)
    assert result.cost == 0.0 and result.routes == ()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["p14", "p01", "pr01"])
def test_benchmark_instances_briefly(name: str) -> None:
    instance = read_cordeau(DATA / "instances" / name)
    result = solve(instance, 3.0, seed=0)
    report = validate(instance, result.solution)
    assert report.ok, report.violations
    assert result.seconds <= 3.0
    assert report.cost <= 1.05 * bks(name)  # loose: a few seconds only


def test_baseline_is_valid(mixed) -> None:
    result = solve_baseline(mixed, 1.0)
    assert result.solution is not None and not result.failed_days
    report = validate(mixed, result.solution)
    assert report.ok, report.violations
    assert result.cost == pytest.approx(report.cost)


def test_joint_model_keeps_fixed_visits_on_their_day(mixed) -> None:
    joint = importlib.import_module("scheduler.periodic._joint")
    node = {c.id: k for k, c in enumerate(mixed.customers, start=1)}
    fixed = {node[12]: frozenset({0, 1, 2})}
    free = [node[1]]
    model = joint.build_joint_model(mixed, fixed, free, joint.distance_matrix(mixed))
    right = [[[node[12], node[1]]], [[node[12]]], [[node[12]]]]
    solution = model.to_pyvrp(right)
    assert solution.is_feasible()
    assert model.from_pyvrp(solution, 3) == right
    moved_free = [[[node[12]]], [[node[12]]], [[node[12], node[1]]]]
    assert model.to_pyvrp(moved_free).is_feasible()  # free customers go on any day
    # the day-1 visit of customer 12 driven on a day-2 vehicle: a time-window violation
    data = model.data
    day_one = next(i for i, (n, d) in enumerate(zip(model.client_node, model.client_day))
                   if n == node[12] and d == 0)
    day_two = next(i for i, (n, d) in enumerate(zip(model.client_node, model.client_day))
                   if n == node[12] and d == 1)
    wrong = pyvrp.Solution(data, [pyvrp.Route(data, [day_two], 0),
                                  pyvrp.Route(data, [day_one], 1)])
    assert wrong.time_warp() > 0 and not wrong.is_feasible()
