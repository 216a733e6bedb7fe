"""Mutable working routes for the pattern search (internal).

Nodes are 1-based positions in ``instance.customers`` (0 is the depot), so the
distance matrix can be indexed directly. Only non-empty routes are kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .instance import PeriodicInstance

DayRoutes = list[list[list[int]]]

#: Slack on duration comparisons, so exact-arithmetic ties stay feasible.
EPS = 1e-7


@dataclass(frozen=True)
class Context:
    """Instance data in flat lists for fast pure-Python evaluation."""

    dist: list[list[float]]
    demand: list[int]  # by node; depot 0
    service: list[float]
    capacity: list[int]  # by day
    max_duration: list[float]  # by day, inf when unlimited
    vehicles: list[int]  # by day

    @classmethod
    def of(cls, instance: PeriodicInstance, dist: np.ndarray) -> Context:
        """Flatten ``instance`` and its distance matrix."""
        return cls(
            dist=dist.tolist(),
            demand=[0] + [c.demand for c in instance.customers],
            service=[0.0] + [c.service for c in instance.customers],
            capacity=[r.capacity for r in instance.days],
            max_duration=[
                math.inf if r.max_duration is None else r.max_duration for r in instance.days
            ],
            vehicles=[r.vehicles for r in instance.days],
        )

    def length(self, route: list[int]) -> float:
        """Length of depot → route → depot."""
        dist = self.dist
        total, prev = 0.0, 0
        for node in route:
            total += dist[prev][node]
            prev = node
        return total + dist[prev][0]


@dataclass(frozen=True)
class Insertion:
    """Where a node fits best on a day: cost increase, route index, position.

    ``route == len(routes of the day)`` means opening a new route.
    ``excess`` is the capacity/duration overflow (0 for a feasible insertion).
    """

    delta: float
    route: int
    position: int
    excess: float = 0.0


class WorkPlan:
    """Day routes with cached loads, lengths and durations."""

    def __init__(self, ctx: Context, routes: DayRoutes) -> None:
        self.ctx = ctx
        self.routes: DayRoutes = [[list(r) for r in day if r] for day in routes]
        self.load = [[sum(ctx.demand[n] for n in r) for r in day] for day in self.routes]
        self.length = [[ctx.length(r) for r in day] for day in self.routes]
        self.service = [[sum(ctx.service[n] for n in r) for r in day] for day in self.routes]

    def copy(self) -> WorkPlan:
        """An independent copy."""
        return WorkPlan(self.ctx, self.routes)

    def cost(self) -> float:
        """Total length of all routes."""
        return sum(sum(day) for day in self.length)

    def visit_days(self) -> dict[int, frozenset[int]]:
        """The days each routed node is visited on."""
        days: dict[int, set[int]] = {}
        for day, routes in enumerate(self.routes):
            for route in routes:
                for node in route:
                    days.setdefault(node, set()).add(day)
        return {node: frozenset(d) for node, d in days.items()}

    def locate(self, node: int, day: int) -> tuple[int, int]:
        """(route index, position) of ``node`` on ``day``; ValueError if absent."""
        for r, route in enumerate(self.routes[day]):
            if node in route:
                return r, route.index(node)
        raise ValueError(f"node {node} is not routed on day {day}")

    def removal_gain(self, node: int, day: int) -> float:
        """How much shorter ``day`` gets without ``node``."""
        r, k = self.locate(node, day)
        route = self.routes[day][r]
        prev = route[k - 1] if k > 0 else 0
        nxt = route[k + 1] if k + 1 < len(route) else 0
        d = self.ctx.dist
        return d[prev][node] + d[node][nxt] - d[prev][nxt]

    def remove(self, node: int, day: int) -> None:
        """Take ``node`` off its route on ``day`` (dropping the route if emptied)."""
        gain = self.removal_gain(node, day)
        r, k = self.locate(node, day)
        route = self.routes[day][r]
        del route[k]
        if not route:
            for table in (self.routes, self.load, self.length, self.service):
                del table[day][r]
            return
        self.load[day][r] -= self.ctx.demand[node]
        self.length[day][r] -= gain
        self.service[day][r] -= self.ctx.service[node]

    def best_insertion(
        self, node: int, day: int, *, allow_excess: bool = False, penalty: float = 0.0
    ) -> Insertion | None:
        """Cheapest position for ``node`` on ``day``.

        Feasible positions only unless ``allow_excess``; then overflows are
        allowed and cost ``penalty`` per unit (capacity + duration excess).
        """
        ctx = self.ctx
        d = ctx.dist
        dn = d[node]
        q, s = ctx.demand[node], ctx.service[node]
        cap, limit = ctx.capacity[day], ctx.max_duration[day]
        best: Insertion | None = None
        best_score = math.inf
        routes = self.routes[day]
        for r, route in enumerate(routes):
            over_load = self.load[day][r] + q - cap
            if over_load > 0 and not allow_excess:
                continue
            base = self.length[day][r] + self.service[day][r] + s - limit
            prev = 0
            for k in range(len(route) + 1):
                nxt = route[k] if k < len(route) else 0
                delta = dn[prev] + dn[nxt] - d[prev][nxt]
                prev = nxt
                if delta >= best_score:
                    continue
                over_time = base + delta
                if over_time > EPS and not allow_excess:
                    continue
                excess = max(over_load, 0) + max(over_time, 0.0)
                score = delta + penalty * excess
                if score < best_score:
                    best_score = score
                    best = Insertion(delta, r, k, excess)
        if len(routes) < ctx.vehicles[day]:
            delta = 2 * dn[0]
            excess = max(q - cap, 0) + max(delta + s - limit, 0.0)
            if (excess <= EPS or allow_excess) and delta + penalty * excess < best_score:
                best = Insertion(delta, len(routes), 0, excess)
        return best

    def insert(self, node: int, day: int, where: Insertion) -> None:
        """Put ``node`` where :meth:`best_insertion` said."""
        ctx = self.ctx
        if where.route == len(self.routes[day]):
            self.routes[day].append([node])
            self.load[day].append(ctx.demand[node])
            self.length[day].append(2 * ctx.dist[0][node])
            self.service[day].append(ctx.service[node])
            return
        self.routes[day][where.route].insert(where.position, node)
        self.load[day][where.route] += ctx.demand[node]
        self.length[day][where.route] += where.delta
        self.service[day][where.route] += ctx.service[node]
