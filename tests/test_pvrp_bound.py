"""The PVRP lower bound: never above the optimum, reasonably tight, time-limited."""

from __future__ import annotations

import csv
import itertools
import math
import random
import time
from functools import cache
from pathlib import Path

import pytest

import scheduler.solver.pvrp.bound as bound_module
from scheduler.periodic import read_cordeau
from scheduler.solver.free_flow import flat_instance
from scheduler.solver.pvrp._joint import distance_matrix
from scheduler.solver.pvrp.bound import Bound, lower_bound

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "pvrp"


# -- brute force on tiny instances ---------------------------------------------


def random_instance(rng: random.Random) -> dict:
    n, t = rng.randint(1, 5), rng.randint(1, 3)
    xy = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(n + 1)]
    day_sets = [frozenset(s) for r in range(1, t + 1) for s in itertools.combinations(range(t), r)]
    return {
        "dist": [[math.dist(a, b) for b in xy] for a in xy],
        "demand": [0] + [rng.randint(0, 10) for _ in range(n)],
        "patterns": [()]
        + [tuple(rng.sample(day_sets, rng.randint(1, min(3, len(day_sets))))) for _ in range(n)],
        "required": [False] + [rng.random() < 0.8 for _ in range(n)],
        "vehicles": [rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(t)],
        "capacity": [rng.choice([0, *range(8, 26)]) for _ in range(t)],
    }


def brute_force(inst: dict) -> float:
    """The exact optimum (inf if infeasible): every pattern choice, then per day the
    best partition of its customers into at most ``vehicles[d]`` routes of load <=
    ``capacity[d]``, each route its best permutation. Optional customers are never
    visited: with the triangle inequality that never costs more."""
    dist, demand = inst["dist"], inst["demand"]

    @cache
    def tour(route: frozenset[int]) -> float:
        return min(
            sum(dist[a][b] for a, b in zip((0, *p), (*p, 0), strict=True))
            for p in itertools.permutations(route)
        )

    @cache
    def day_cost(d: int, left: frozenset[int], routes: int) -> float:
        if not left:
            return 0.0
        if routes == 0:
            return math.inf
        head, others = min(left), sorted(left - {min(left)})
        best = math.inf
        for r in range(len(others) + 1):
            for extra in itertools.combinations(others, r):
                route = frozenset((head, *extra))
                if sum(demand[i] for i in route) <= inst["capacity"][d]:
                    best = min(best, tour(route) + day_cost(d, left - route, routes - 1))
        return best

    customers = [i for i in range(1, len(dist)) if inst["required"][i]]
    t = len(inst["vehicles"])
    best = math.inf
    for choice in itertools.product(*(inst["patterns"][i] for i in customers)):
        days = [
            frozenset(i for i, p in zip(customers, choice, strict=True) if d in p) for d in range(t)
        ]
        best = min(best, sum(day_cost(d, days[d], inst["vehicles"][d]) for d in range(t)))
    return best


@pytest.fixture(params=["default", "sparse", "unpriced", "all-windows"])
def variant(request, monkeypatch) -> str:
    """``sparse``: one neighbour per customer, so pricing must add edges; ``unpriced``: no
    pricing at all, so the bound must rely on the Lagrangian term of the missing edges
    (the restricted LP value alone exceeds the optimum on some of these instances);
    ``all-windows``: every multi-day window is separated in every round."""
    if request.param in ("sparse", "unpriced"):
        monkeypatch.setattr(bound_module, "_K_NEAREST", 1)
    if request.param == "unpriced":
        monkeypatch.setattr(bound_module._LP, "price", lambda self, reduced: False)
    if request.param == "all-windows":
        separate = bound_module._LP.separate
        monkeypatch.setattr(
            bound_module._LP, "separate", lambda self, xs, all_windows: separate(self, xs, True)
        )
    return request.param


def test_bound_never_exceeds_brute_force_optimum(variant: str) -> None:
    rng = random.Random(20240611)
    feasible = 0
    for _ in range(120):
        inst = random_instance(rng)
        optimum = brute_force(inst)
        bound = lower_bound(**inst, time_limit_s=5.0)
        assert isinstance(bound, Bound) and math.isfinite(bound.value) and bound.value >= 0
        if math.isinf(optimum):
            continue
        feasible += 1
        assert bound.value <= optimum + 1e-6, (inst, optimum, bound)
        if any(inst["required"]):  # every generated pattern has a day: visits cost > 0
            assert bound.value > 0, (inst, bound)
        if variant == "default":
            assert bound.value >= 0.6 * optimum, (inst, optimum, bound)
    assert feasible >= 60


def test_aggregated_relaxation_never_exceeds_brute_force_optimum(monkeypatch) -> None:
    """The aggregated pattern–day relaxation (all days in one graph, multiplicities f_i),
    forced on tiny instances whose customers have patterns of one size."""
    monkeypatch.setattr(bound_module, "_AGGREGATE_FROM", 0)
    rng = random.Random(7)
    checked = tight = 0
    for _ in range(150):
        inst = random_instance(rng)
        t = len(inst["vehicles"])
        for i in range(1, len(inst["dist"])):  # one visit count per customer
            f = rng.randint(1, t)
            sets = [frozenset(s) for s in itertools.combinations(range(t), f)]
            inst["patterns"][i] = tuple(rng.sample(sets, rng.randint(1, min(3, len(sets)))))
        optimum = brute_force(inst)
        aggregated = bound_module._aggregated(
            *(bound_module.np.asarray(inst[k], dtype=float) for k in ("dist", "demand")),
            {
                i: tuple(
                    p
                    for p in inst["patterns"][i]  # the feasible ones, as lower_bound keeps
                    if all(
                        inst["vehicles"][d] and inst["demand"][i] <= inst["capacity"][d] for d in p
                    )
                )
                for i in range(1, len(inst["dist"]))
                if inst["required"][i]
            },
            inst["vehicles"],
            inst["capacity"],
        )
        if math.isinf(optimum) or aggregated is None or t < 2:
            continue
        checked += 1
        alone, _, _ = bound_module._cutting_planes(
            bound_module._LP(*aggregated), time.perf_counter() + 5.0
        )
        both = lower_bound(**inst, time_limit_s=5.0)
        assert alone <= optimum + 1e-6 and both.value <= optimum + 1e-6, (inst, optimum, alone)
        tight += alone >= 0.5 * optimum
    assert checked >= 40 and tight >= 0.8 * checked


def test_bound_is_exact_for_a_single_customer() -> None:
    bound = lower_bound(
        [[0.0, 5.0], [5.0, 0.0]],
        [0, 3],
        [(), (frozenset({0, 2}), frozenset({1, 2}))],
        [False, True],
        [1, 1, 1],
        [10, 10, 10],
        time_limit_s=5.0,
    )
    assert bound.lp_optimal
    assert bound.value == pytest.approx(20.0, rel=1e-5) and bound.value <= 20.0


def test_optional_customers_are_ignored() -> None:
    xy = [(0, 0), (10, 0), (50, 50)]
    dist = [[math.dist(a, b) for b in xy] for a in xy]
    pats = [(), (frozenset({0}),), (frozenset({0}),)]
    bound = lower_bound(dist, [0, 1, 1], pats, [False, True, False], [1], [10], time_limit_s=5.0)
    assert bound.value == pytest.approx(20.0, rel=1e-5) and bound.value <= 20.0


def test_rounded_capacity_and_vehicle_limits_count() -> None:
    # Two customers too heavy to share a route: two out-and-back trips, not one tour.
    xy = [(0, 0), (10, 0), (10, 1)]
    dist = [[math.dist(a, b) for b in xy] for a in xy]
    pats = [(), (frozenset({0}),), (frozenset({0}),)]
    bound = lower_bound(dist, [0, 6, 6], pats, [False, True, True], [2], [10], time_limit_s=5.0)
    assert bound.value == pytest.approx(2 * 10 + 2 * math.hypot(10, 1), rel=1e-5)
    # No feasible pattern at all: any number is a valid bound; 0 is returned.
    infeasible = lower_bound(
        dist, [0, 11, 6], pats, [False, True, True], [2], [10], time_limit_s=5.0
    )
    assert infeasible.value == 0.0


# -- benchmark instances -------------------------------------------------------


def instance_args(name: str) -> dict:
    """lower_bound's arguments for a benchmark file, as the free-flow strategy builds
    them: the core problem read by the project's reader, then its flat view."""
    inst = flat_instance(read_cordeau(DATA / "instances" / name))
    return {
        "dist": distance_matrix(inst),
        "demand": [0] + [c.demand for c in inst.customers],
        "patterns": [()] + [tuple(c.patterns) for c in inst.customers],
        "required": [False] + [not c.optional for c in inst.customers],
        "vehicles": [r.vehicles for r in inst.days],
        "capacity": [r.capacity for r in inst.days],
    }


def bks() -> dict[str, float]:
    with open(DATA / "bks.csv", newline="") as handle:
        return {row["instance"]: float(row["bks"]) for row in csv.DictReader(handle)}


# Fraction of the BKS the bound must reach in 3 s. Measured: 97.0, 94.3, 97.2, 97.1 and
# 96.2 % in 10 s, and still 97.0, 92.6, 96.9, 97.1 and 95.4 % in 1 s.
TIGHTNESS = {"p01": 0.95, "p02": 0.90, "p03": 0.95, "p14": 0.95, "pr01": 0.93}


@pytest.mark.parametrize("name", sorted(TIGHTNESS))
def test_benchmark_bound_is_valid_and_tight(name: str) -> None:
    best = bks()[name]
    bound = lower_bound(**instance_args(name), time_limit_s=3.0)
    assert TIGHTNESS[name] * best <= bound.value <= best, (name, bound)
    assert bound.seconds < 4.0
    if name == "p14":
        assert bound.lp_optimal and bound.rounds > 0


def test_tiny_time_limit_returns_quickly_with_a_valid_bound() -> None:
    args = instance_args("p01")
    start = time.perf_counter()
    quick = lower_bound(**args, time_limit_s=0.05)
    assert time.perf_counter() - start < 1.0
    assert 0 < quick.value <= bks()["p01"]
    assert not quick.lp_optimal
    none = lower_bound(**args, time_limit_s=0.0)  # the per-visit bound, no LP
    assert 0 < none.value <= quick.value and none.rounds == 0 and not none.lp_optimal
