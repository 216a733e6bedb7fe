"""A solver-free checker for periodic routing solutions.

It re-derives everything from the instance and the routes: visit days form an
allowed pattern, every required visit happens exactly once, capacity, route
duration (travel plus service), vehicles per day, and the unrounded cost.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .instance import PeriodicInstance
from .solution import Solution, route_length

__all__ = ["ValidationReport", "Violation", "validate"]

#: Relative slack on capacity/duration comparisons, for floating-point noise.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``kind`` is a stable keyword, ``message`` human-readable.

    Kinds: ``route-index``, ``unknown-customer``, ``duplicate-visit``,
    ``missing-visit``, ``wrong-pattern``, ``capacity``, ``duration``, ``vehicles``.
    """

    kind: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`; ``cost`` is the recomputed total length."""

    violations: tuple[Violation, ...]
    cost: float

    @property
    def ok(self) -> bool:
        """True when no rule is broken."""
        return not self.violations

    def kinds(self) -> set[str]:
        """The set of violated rule kinds."""
        return {v.kind for v in self.violations}


def validate(instance: PeriodicInstance, solution: Solution) -> ValidationReport:
    """Check ``solution`` against every rule of ``instance``."""
    out: list[Violation] = []
    visits: dict[int, list[int]] = defaultdict(list)  # customer -> days (with repeats)
    used: dict[int, set[int]] = defaultdict(set)  # day -> vehicles with customers
    seen_slots: set[tuple[int, int]] = set()
    cost = 0.0

    for route in solution.routes:
        where = f"day {route.day + 1} vehicle {route.vehicle + 1}"
        if not 0 <= route.day < instance.num_days:
            out.append(Violation("route-index", f"{where}: day outside 1..{instance.num_days}"))
            continue
        rules = instance.days[route.day]
        if (route.day, route.vehicle) in seen_slots:
            out.append(Violation("vehicles", f"{where}: vehicle used by two routes"))
        seen_slots.add((route.day, route.vehicle))
        if not 0 <= route.vehicle < rules.vehicles:
            out.append(Violation("vehicles", f"{where}: vehicle number outside "
                                 f"1..{rules.vehicles}"))
        unknown = [c for c in route.customers if not instance.has_customer(c)]
        if unknown:
            out.append(Violation("unknown-customer", f"{where}: unknown customer ids {unknown}"))
            continue
        if not route.customers:
            continue
        used[route.day].add(route.vehicle)
        for c in route.customers:
            visits[c].append(route.day)
        _check_route(instance, route.day, route.customers, where, out)
        cost += route_length(instance, route.customers)

    for day, vehicles in sorted(used.items()):
        limit = instance.days[day].vehicles
        if len(vehicles) > limit:
            out.append(Violation("vehicles", f"day {day + 1}: {len(vehicles)} routes, "
                                 f"only {limit} vehicles"))

    for customer in instance.customers:
        _check_pattern(customer, visits.get(customer.id, []), out)
    return ValidationReport(violations=tuple(out), cost=cost)


def _check_route(instance: PeriodicInstance, day: int, customers: tuple[int, ...],
                 where: str, out: list[Violation]) -> None:
    rules = instance.days[day]
    load = sum(instance.customer(c).demand for c in customers)
    if load > rules.capacity:
        out.append(Violation("capacity", f"{where}: load {load} exceeds capacity "
                             f"{rules.capacity}"))
    if rules.max_duration is not None:
        duration = route_length(instance, customers) + sum(
            instance.customer(c).service for c in customers)
        if duration > rules.max_duration * (1 + TOLERANCE) + TOLERANCE:
            out.append(Violation("duration", f"{where}: duration {duration:.6f} exceeds "
                                 f"limit {rules.max_duration:g}"))


def _check_pattern(customer, days: list[int], out: list[Violation]) -> None:
    name = f"customer {customer.id}"
    distinct = frozenset(days)
    if len(distinct) < len(days):
        repeated = sorted({d + 1 for d in days if days.count(d) > 1})
        out.append(Violation("duplicate-visit", f"{name}: visited more than once on "
                             f"day(s) {repeated}"))
    if distinct in customer.patterns or (customer.optional and not distinct):
        return
    shown = sorted(d + 1 for d in distinct)
    if any(distinct < p for p in customer.patterns):
        out.append(Violation("missing-visit", f"{name}: visited on days {shown}, "
                             f"but every matching pattern needs more visits"))
    else:
        allowed = [sorted(d + 1 for d in p) for p in customer.patterns]
        out.append(Violation("wrong-pattern", f"{name}: visit days {shown} are not an "
                             f"allowed pattern {allowed}"))
