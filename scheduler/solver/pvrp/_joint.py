"""All days of a PVRP as one PyVRP model, for a fixed choice of coupled patterns.

Every visit whose day is decided becomes a PyVRP client that only fits the
vehicles of that day; customers whose day is still *free* (``f = 1`` with every
day allowed) become a single client that fits any day's vehicles. PyVRP then
optimises routes and the day of free customers together.

Day separation uses time windows: day ``d`` vehicles work inside
``[d·P, d·P + B]`` with ``B`` longer than any feasible route and a gap of more
than ``10·B`` between days, and a day-``d`` visit has the same window, so a
visit on a wrong day costs a huge time warp, which PyVRP's penalties drive out
of every feasible solution.

Travel distances are scaled to integers (``SCALE`` units per distance unit):
rounded for the objective, rounded *up* for durations, so a route PyVRP deems
duration-feasible is feasible in exact arithmetic too. Demands are scaled so
that one unit of excess load weighs about as much as a short detour, which
keeps PyVRP's adaptive penalties within their range.

Customers are referred to by *node*: ``k`` is ``instance.customers[k - 1]``,
0 is the depot (the row/column of :func:`distance_matrix`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyvrp

from .instance import PeriodicInstance

__all__ = ["SCALE", "JointModel", "build_joint_model", "distance_matrix"]

SCALE = 1_000

DayRoutes = list[list[list[int]]]  # day -> routes -> nodes


@dataclass(frozen=True)
class JointModel:
    """A PyVRP problem plus the maps back to customers and days."""

    data: pyvrp.ProblemData
    client_node: tuple[int, ...]  # PyVRP client index -> node
    client_days: tuple[tuple[int, int], ...]  # PyVRP client index -> (first, last) day it fits
    vehicle_type_day: tuple[int, ...]  # PyVRP vehicle type index -> day

    def to_pyvrp(self, routes: DayRoutes) -> pyvrp.Solution:
        """Convert day routes (nodes) to a PyVRP solution of this model: each visit
        takes an unused client of its node whose days include the route's day, the
        narrowest first."""
        clients: dict[int, list[int]] = {}
        for idx, node in enumerate(self.client_node):
            clients.setdefault(node, []).append(idx)
        for options in clients.values():
            options.sort(key=lambda i: self.client_days[i][1] - self.client_days[i][0])
        used: set[int] = set()

        def client(node: int, day: int) -> int | None:
            for idx in clients.get(node, ()):
                lo, hi = self.client_days[idx]
                if idx not in used and lo <= day <= hi:
                    used.add(idx)
                    return idx
            return None

        out = []
        for vtype, day in enumerate(self.vehicle_type_day):
            for tour in routes[day]:
                if tour:
                    found = [client(c, day) for c in tour]
                    visits = [v for v in found if v is not None]
                    if len(visits) != len(found):
                        raise KeyError(
                            f"route on day {day} visits a customer this model "
                            f"does not place on that day: {tour}"
                        )
                    out.append(pyvrp.Route(self.data, visits, vtype))
        return pyvrp.Solution(self.data, out)

    def from_pyvrp(self, solution: pyvrp.Solution, num_days: int) -> DayRoutes:
        """Convert a PyVRP solution back to day routes of nodes."""
        routes: DayRoutes = [[] for _ in range(num_days)]
        for route in solution.routes():
            day = self.vehicle_type_day[route.vehicle_type()]
            tour = [self.client_node[a.idx] for a in route if a.is_client()]
            if tour:
                routes[day].append(tour)
        return routes


def distance_matrix(instance: PeriodicInstance) -> np.ndarray:
    """The instance's matrix, else unrounded Euclidean distances; row/column 0 is
    the depot, k is customers[k-1]."""
    if instance.matrix is not None:
        return np.array(instance.matrix, dtype=float)
    xy = np.array(
        [(instance.depot.x, instance.depot.y)] + [(c.x, c.y) for c in instance.customers],
        dtype=float,
    )
    diff = xy[:, None, :] - xy[None, :, :]
    return np.sqrt((diff**2).sum(axis=2))


def build_joint_model(
    instance: PeriodicInstance,
    fixed_days: Mapping[int, frozenset[int]],
    free: Sequence[int],
    dist: np.ndarray,
    relaxed: Mapping[int, Sequence[tuple[int, int]]] | None = None,
) -> JointModel:
    """Model all days at once.

    ``fixed_days`` maps node -> the days it is visited; ``free`` lists nodes of
    ``f = 1`` customers that may go on any day. ``relaxed`` maps node -> one
    ``(first, last)`` range of days per visit: each visit is a client that fits any
    day of its range (the *relaxed coupling* of :mod:`.search`, whose visit days
    need not form an allowed pattern). Nodes in none are not visited.
    ``dist`` is :func:`distance_matrix` of the instance.
    """
    customers = instance.customers
    distances = np.rint(dist * SCALE).astype(np.int64)
    durations = np.ceil(dist * SCALE - 1e-6).astype(np.int64)
    np.fill_diagonal(durations, 0)
    service = [0] + [math.ceil(c.service * SCALE - 1e-6) for c in customers]

    mean_demand = max(1.0, float(np.mean([c.demand for c in customers]))) if customers else 1.0
    load_scale = max(1, round(float(dist[0].mean()) * SCALE / (10 * mean_demand)))

    limits = [r.max_duration for r in instance.days]
    bounded = [limit for limit in limits if limit is not None]
    if len(bounded) == len(limits):
        span = max(math.floor(limit * SCALE + 1e-6) for limit in bounded) + 1
    else:  # no route is longer than serving everyone on separate trips
        span = int(2 * durations[0].sum() + sum(service)) + 1
    period = span + 10 * (span + int(durations.max()))  # wide gaps between days

    locations = [pyvrp.Location(x=instance.depot.x, y=instance.depot.y)]
    locations += [pyvrp.Location(x=c.x, y=c.y) for c in customers]

    clients: list[pyvrp.Client] = []
    client_node: list[int] = []
    client_days: list[tuple[int, int]] = []

    def add(node: int, lo: int, hi: int) -> None:
        early, late = lo * period, hi * period + span
        clients.append(
            pyvrp.Client(
                location=node,
                delivery=[customers[node - 1].demand * load_scale],
                service_duration=service[node],
                tw_early=early,
                tw_late=late,
            )
        )
        client_node.append(node)
        client_days.append((lo, hi))

    for node in sorted(fixed_days):
        for day in sorted(fixed_days[node]):
            add(node, day, day)
    for node in free:
        add(node, 0, instance.num_days - 1)
    for node in sorted(relaxed or {}):
        for lo, hi in (relaxed or {})[node]:
            add(node, lo, hi)

    vehicle_types = []
    for day, rules in enumerate(instance.days):
        shift = (
            math.floor(rules.max_duration * SCALE + 1e-6)
            if rules.max_duration is not None
            else span
        )
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=rules.vehicles,
                capacity=[rules.capacity * load_scale],
                tw_early=day * period,
                tw_late=day * period + span,
                start_late=day * period,
                shift_duration=shift,
                name=f"day{day + 1}",
            )
        )

    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=[pyvrp.Depot(location=0)],
        vehicle_types=vehicle_types,
        # pyvrp's stub spells the type np.ndarray[int], which numpy reads as a shape type.
        distance_matrices=[distances],
        duration_matrices=[durations],  # type: ignore[list-item]
    )
    return JointModel(
        data=data,
        client_node=tuple(client_node),
        client_days=tuple(client_days),
        vehicle_type_day=tuple(range(instance.num_days)),
    )
