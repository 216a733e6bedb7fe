"""The straightforward PVRP approach, kept as a benchmark baseline.

What a user would write without a periodic solver: choose each customer's
pattern greedily so that daily load stays balanced, then solve every day as a
separate capacitated VRP (with route duration) using OR-Tools' routing solver
with guided local search, splitting the time limit evenly over the days.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.solver.free_flow import flat_instance
from scheduler.solver.pvrp._joint import distance_matrix
from scheduler.solver.pvrp._patterns import balanced_patterns
from scheduler.solver.pvrp.instance import PeriodicInstance

from .record import plan_cost, plan_from_routes

__all__ = ["BaselineResult", "solve_baseline"]

_SCALE = 1000  # OR-Tools needs integer arc costs


@dataclass(frozen=True)
class BaselineResult:
    """Baseline outcome; ``plan`` is ``None`` when some day found no routes."""

    cost: float | None
    plan: Plan | None
    seconds: float
    failed_days: tuple[int, ...]  # 0-based days OR-Tools found no solution for


def solve_baseline(problem: Problem, time_limit_s: float) -> BaselineResult:
    """Greedy balanced patterns, then OR-Tools (GLS) day by day."""
    start = time.perf_counter()
    instance = flat_instance(problem)
    dist = distance_matrix(instance)
    demand = [0] + [c.demand for c in instance.customers]
    required = {
        node: c.patterns for node, c in enumerate(instance.customers, start=1) if not c.optional
    }
    capacity = [r.vehicles * r.capacity for r in instance.days]
    chosen = balanced_patterns(list(required), required, demand, capacity)

    per_day = max(0.1, time_limit_s * 0.98 - 0.05) / max(1, instance.num_days)
    day_routes: list[list[list[int]]] = []
    failed = []
    for day in range(instance.num_days):
        nodes = sorted(n for n, days in chosen.items() if day in days)
        routes = _route_day(instance, day, nodes, dist, per_day)
        if routes is None:
            failed.append(day)
            routes = []
        day_routes.append(routes)

    seconds = time.perf_counter() - start
    if failed:
        return BaselineResult(cost=None, plan=None, seconds=seconds, failed_days=tuple(failed))
    plan = plan_from_routes(
        problem,
        (
            (day + 1, vehicle, [problem.sites[n - 1].id for n in route])
            for day, routes in enumerate(day_routes)
            for vehicle, route in enumerate(routes, start=1)
        ),
    )
    return BaselineResult(cost=plan_cost(problem, plan), plan=plan, seconds=seconds, failed_days=())


def _route_day(
    instance: PeriodicInstance, day: int, nodes: list[int], dist: np.ndarray, seconds: float
) -> list[list[int]] | None:
    """One day's CVRP with OR-Tools; routes of nodes, or None if none found."""
    if not nodes:
        return []
    rules = instance.days[day]
    points = [0, *nodes]  # OR-Tools index -> node
    cost = [[round(dist[a][b] * _SCALE) for b in points] for a in points]
    manager = pywrapcp.RoutingIndexManager(len(points), rules.vehicles, 0)
    model = pywrapcp.RoutingModel(manager)

    def arc(i: int, j: int) -> int:
        return cost[manager.IndexToNode(i)][manager.IndexToNode(j)]

    arc_index = model.RegisterTransitCallback(arc)
    model.SetArcCostEvaluatorOfAllVehicles(arc_index)

    loads = [0] + [instance.customers[n - 1].demand for n in nodes]
    load_index = model.RegisterUnaryTransitCallback(lambda i: loads[manager.IndexToNode(i)])
    model.AddDimensionWithVehicleCapacity(
        load_index, 0, [rules.capacity] * rules.vehicles, True, "load"
    )
    if rules.max_duration is not None:
        service = [0] + [math.ceil(instance.customers[n - 1].service * _SCALE) for n in nodes]
        travel = [[math.ceil(dist[a][b] * _SCALE - 1e-6) for b in points] for a in points]

        def duration(i: int, j: int) -> int:
            a, b = manager.IndexToNode(i), manager.IndexToNode(j)
            return travel[a][b] + service[a]

        duration_index = model.RegisterTransitCallback(duration)
        model.AddDimension(duration_index, 0, int(rules.max_duration * _SCALE), True, "duration")

    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    search.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    search.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    assignment = model.SolveWithParameters(search)
    if assignment is None:
        return None
    routes = []
    for vehicle in range(rules.vehicles):
        index = model.Start(vehicle)
        route = []
        index = assignment.Value(model.NextVar(index))
        while not model.IsEnd(index):
            route.append(points[manager.IndexToNode(index)])
            index = assignment.Value(model.NextVar(index))
        if route:
            routes.append(route)
    return routes
