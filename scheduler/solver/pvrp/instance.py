"""The flat, node-indexed view of a free-flow problem that the route search uses.

A periodic vehicle routing problem (PVRP) asks for routes over ``t`` days:
every customer needs ``f`` visits, on the days of exactly one of its allowed
*patterns*; each day ``m`` vehicles of capacity ``Q`` leave the depot, and a
route's travel plus service time may not exceed ``D`` (``None``: no limit).
The objective is the total route length. Built from a core problem by
:func:`scheduler.solver.free_flow.flat_instance`; days are 0-based.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "Customer",
    "DayRules",
    "Depot",
    "PeriodicInstance",
]


@dataclass(frozen=True)
class Depot:
    """The single depot every route starts and ends at."""

    x: float
    y: float


@dataclass(frozen=True)
class Customer:
    """One customer record.

    ``patterns`` are the allowed visit-day sets (0-based days). A customer with
    ``frequency == 0`` is optional: it is visited on the days of one pattern or
    not at all.
    """

    id: int
    x: float
    y: float
    service: float
    demand: int
    frequency: int
    patterns: tuple[frozenset[int], ...]

    @property
    def optional(self) -> bool:
        """True for an ``f = 0`` customer, which may be left unvisited."""
        return self.frequency == 0


@dataclass(frozen=True)
class DayRules:
    """Per-day fleet rules: vehicle count, capacity and route duration limit.

    ``max_duration`` is ``None`` when routes are unlimited (``D = 0`` in the file);
    otherwise it bounds travel plus service time of every route.
    """

    vehicles: int
    capacity: int
    max_duration: float | None


@dataclass(frozen=True)
class PeriodicInstance:
    """A complete PVRP instance (immutable)."""

    name: str
    depot: Depot
    customers: tuple[Customer, ...]
    days: tuple[DayRules, ...]
    #: Travel distances, row/column 0 the depot and k customers[k - 1]; ``None``:
    #: Euclidean distances between the coordinates.
    matrix: tuple[tuple[float, ...], ...] | None = None
    _index: dict[int, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[int, int] = {}
        for pos, customer in enumerate(self.customers):
            if customer.id in index or customer.id == 0:
                raise ValueError(f"{self.name}: duplicate or reserved customer id {customer.id}")
            index[customer.id] = pos
        object.__setattr__(self, "_index", index)

    @property
    def num_days(self) -> int:
        """Number of days ``t`` in the planning horizon."""
        return len(self.days)

    def customer(self, customer_id: int) -> Customer:
        """The customer with this id (as written in the file); KeyError if unknown."""
        return self.customers[self._index[customer_id]]

    def has_customer(self, customer_id: int) -> bool:
        """Whether ``customer_id`` names a customer of this instance."""
        return customer_id in self._index

    def distance(self, a: int, b: int) -> float:
        """Distance between two nodes (0 is the depot): from the matrix if there is
        one, else unrounded Euclidean."""
        if self.matrix is not None:
            return self.matrix[0 if a == 0 else self._index[a] + 1][
                0 if b == 0 else self._index[b] + 1
            ]
        ax, ay = self._xy(a)
        bx, by = self._xy(b)
        return math.hypot(ax - bx, ay - by)

    def route_length(self, customers: list[int] | tuple[int, ...]) -> float:
        """Length of depot → customers (ids) → depot; 0 for an empty route."""
        total, previous = 0.0, 0
        for c in customers:
            total += self.distance(previous, c)
            previous = c
        return total + self.distance(previous, 0) if customers else 0.0

    def _xy(self, node: int) -> tuple[float, float]:
        if node == 0:
            return self.depot.x, self.depot.y
        c = self.customers[self._index[node]]
        return c.x, c.y
