"""Solutions of a periodic routing instance: routes per day and vehicle."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .instance import PeriodicInstance

__all__ = ["Route", "Solution", "route_length"]


@dataclass(frozen=True)
class Route:
    """One vehicle's tour on one day: depot → ``customers`` in order → depot.

    ``day`` and ``vehicle`` are 0-based; ``customers`` are customer ids as in the
    instance file (the depot is implicit).
    """

    day: int
    vehicle: int
    customers: tuple[int, ...]


@dataclass(frozen=True)
class Solution:
    """A set of routes; routes with no customers may be omitted."""

    routes: tuple[Route, ...]

    @classmethod
    def from_day_routes(cls, day_routes: Iterable[Iterable[Iterable[int]]]) -> Solution:
        """Build from ``day_routes[day] = [route, ...]``, numbering vehicles per day.

        Empty routes are dropped.
        """
        routes = []
        for day, tours in enumerate(day_routes):
            vehicle = 0
            for tour in tours:
                tour = tuple(tour)
                if tour:
                    routes.append(Route(day=day, vehicle=vehicle, customers=tour))
                    vehicle += 1
        return cls(tuple(routes))

    def cost(self, instance: PeriodicInstance) -> float:
        """Total unrounded Euclidean length of all routes."""
        return sum(route_length(instance, r.customers) for r in self.routes)

    def to_json(self, instance_name: str, instance: PeriodicInstance) -> dict[str, Any]:
        """The benchmark output record (1-based days and vehicles)."""
        return {
            "instance": instance_name,
            "cost": self.cost(instance),
            "routes": [
                {"day": r.day + 1, "vehicle": r.vehicle + 1, "customers": list(r.customers)}
                for r in sorted(self.routes, key=lambda r: (r.day, r.vehicle))
            ],
        }

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> Solution:
        """Inverse of :meth:`to_json` (reads 1-based days and vehicles)."""
        return cls(tuple(
            Route(day=int(r["day"]) - 1, vehicle=int(r["vehicle"]) - 1,
                  customers=tuple(int(c) for c in r["customers"]))
            for r in record["routes"]
        ))


def route_length(instance: PeriodicInstance, customers: Iterable[int]) -> float:
    """Length of depot → customers → depot (0 for an empty route)."""
    total = 0.0
    previous = 0
    for c in customers:
        total += instance.distance(previous, c)
        previous = c
    return total + instance.distance(previous, 0) if previous != 0 else total
