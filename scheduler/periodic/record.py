"""Benchmark solution records: a plan of a Cordeau problem as the benchmark's JSON.

The record is ``{"instance": ..., "cost": ..., "routes": [{"day": 1, "vehicle": 1,
"customers": [...]}]}``: days and vehicles 1-based, customers as the file's ids
(the depot left out), ``cost`` the unrounded total length. :func:`plan_from_record`
reads one back into a timed :class:`~scheduler.core.plan.Plan`, so any solution
file can be checked by the core validator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scheduler.core.metrics import route_travel_min
from scheduler.core.plan import Plan, sort_visits
from scheduler.core.problem import Problem
from scheduler.solver.free_flow import route_visits

__all__ = ["plan_cost", "plan_from_record", "plan_from_routes", "plan_record"]


def plan_cost(problem: Problem, plan: Plan) -> float:
    """Total route length of ``plan``, recomputed from the travel matrix."""
    return sum(
        route_travel_min(problem, team, route) for (team, _), route in plan.by_team_day().items()
    )


def plan_record(problem: Problem, plan: Plan) -> dict[str, Any]:
    """The benchmark record of ``plan``."""
    day_no = {d.date: k for k, d in enumerate(problem.days, start=1)}
    vehicle_no = {t.id: k for k, t in enumerate(problem.teams, start=1)}
    routes = [
        {
            "day": day_no[date],
            "vehicle": vehicle_no[team],
            "customers": [int(v.site_id) for v in route],
        }
        for (team, date), route in plan.by_team_day().items()
    ]
    routes.sort(key=lambda r: (r["day"], r["vehicle"]))
    return {"instance": problem.label, "cost": plan_cost(problem, plan), "routes": routes}


def plan_from_routes(
    problem: Problem, routes: Iterable[tuple[int, int, Iterable[int | str]]]
) -> Plan:
    """A plan from ``(day, vehicle, customers)`` triples, days and vehicles 1-based."""
    visits = []
    known = {s.id for s in problem.sites}
    for day, vehicle, customers in routes:
        if not 1 <= day <= len(problem.days) or not 1 <= vehicle <= len(problem.teams):
            raise ValueError(
                f"route on day {day}, vehicle {vehicle}: outside the instance's "
                f"{len(problem.days)} days and {len(problem.teams)} vehicles"
            )
        ids = [str(c) for c in customers]
        unknown = [c for c in ids if c not in known]
        if unknown:
            raise ValueError(f"route on day {day}, vehicle {vehicle}: unknown customers {unknown}")
        visits += route_visits(
            problem, problem.days[day - 1].date, problem.teams[vehicle - 1].id, ids
        )
    return Plan(visits=sort_visits(visits))


def plan_from_record(problem: Problem, record: Mapping[str, Any]) -> Plan:
    """Inverse of :func:`plan_record` (the recorded cost is ignored: recompute it)."""
    return plan_from_routes(
        problem, ((int(r["day"]), int(r["vehicle"]), r["customers"]) for r in record["routes"])
    )
