"""Enumerate the candidate routes of each day group.

A route is a sequence of (session position, site) stops that fits the clock (see
:mod:`scheduler.solver._graph` for the arc rules). Stage 1 only cares which sites a
route visits, and stage 2 wants the least travel for them, so for each set of sites
only the cheapest feasible sequence is kept (ties broken canonically). Pinned
sessions on a day keep the variants that honour them.

For a Jung-gu day (15 sites, ≤ 3 sessions) this gives at most a few hundred
routes per day (571 with three sessions), and the model becomes a set-packing
problem over routes whose LP relaxation, with the window cuts of
:mod:`scheduler.solver._cuts`, is tight or nearly so.
Days with the same graph and pins share one enumeration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scheduler.core import rules
from scheduler.core.plan import Visit
from scheduler.core.problem import Problem, SiteId
from scheduler.solver._graph import END, START, DayGroup, Node


@dataclass(frozen=True)
class Route:
    """A feasible team-day: its stops in order and total travel (returns included)."""

    stops: tuple[Node, ...]
    travel_min: int

    @property
    def sites(self) -> frozenset[SiteId]:
        return frozenset(c for _, c in self.stops)


class TooManyRoutes(Exception):
    """Raised when enumeration would exceed the cap; the caller falls back to flows."""


def enumerate_routes(problem: Problem, group: DayGroup, cap: int = 200_000) -> list[Route]:
    """The non-dominated routes of ``group`` (empty route excluded), in canonical order;
    routes that hold a pinned session of that day are kept apart."""
    pinned = {
        (p.site_id, p.session)
        for p in problem.pins
        if p.date == group.date and p.session is not None
    }
    pos_index = {s.index: i for i, s in enumerate(group.day.sessions)}
    pinned_nodes = frozenset((pos_index[sess], sid) for sid, sess in pinned if sess in pos_index)
    return cheapest_routes(group, pinned_nodes, cap)


def cheapest_routes(group: DayGroup, keep: frozenset[Node], cap: int = 200_000) -> list[Route]:
    """Per set of sites the cheapest feasible sequence, and per subset of the ``keep``
    nodes a route holds, the cheapest one holding exactly those; canonical order."""
    fits = _route_limits(group)
    succ: dict[object, list[tuple[object, int]]] = {}
    for tail, head, minutes in group.arcs:
        if not (tail == START and head == END):
            succ.setdefault(tail, []).append((head, minutes))
    best: dict[object, Route] = {}
    count = 0
    stack: list[tuple[tuple[Node, ...], int]] = [((), 0)]
    while stack:
        stops, travel = stack.pop()
        for head, minutes in succ.get(stops[-1] if stops else START, []):
            if head == END:
                if stops and fits(stops, minutes):
                    key = (frozenset(c for _, c in stops), frozenset(n for n in stops if n in keep))
                    route = Route(stops, travel + minutes)
                    old = best.get(key)
                    if old is None or (route.travel_min, route.stops) < (old.travel_min, old.stops):
                        best[key] = route
                continue
            node: Node = head  # type: ignore[assignment]
            if any(c == node[1] for _, c in stops):
                continue
            count += 1
            if count > cap:
                raise TooManyRoutes(f"more than {cap} partial routes on {group.date}")
            stack.append(((*stops, node), travel + minutes))
    return sorted(best.values(), key=lambda r: (len(r.stops), r.stops))


def _route_limits(group: DayGroup) -> Callable[[tuple[Node, ...], int], bool]:
    """A check ``fits(stops, minutes back to base)`` for the group's capacity and
    duration limit (always true without limits). The duration runs from leaving the
    base (travel plus setup buffer before the first session) to coming back."""
    cap, limit = group.capacity, group.max_route_min
    loads = dict(group.loads)
    if cap is None and limit is None:
        return lambda stops, back: True
    first_leg = {head: minutes for tail, head, minutes in group.arcs if tail == START}
    sessions = group.day.sessions

    def fits(stops: tuple[Node, ...], back: int) -> bool:
        if not rules.load_fits(sum(loads.get(c, 0) for _, c in stops), cap):
            return False
        if limit is not None:
            arrive = sessions[stops[0][0]].start_min - group.buffer
            if (
                rules.away_minutes(
                    arrive, first_leg[stops[0]], sessions[stops[-1][0]].end_min, back
                )
                > limit
            ):
                return False
        return True

    return fits


def routes_by_group(problem: Problem, groups: list[DayGroup]) -> list[list[Route]]:
    """:func:`enumerate_routes` for every group, computed once per distinct graph and
    pinned sessions (most days of a period share their graph)."""
    cache: dict[tuple[object, ...], list[Route]] = {}
    out = []
    for g in groups:
        pins = tuple(
            sorted(
                (p.site_id, p.session)
                for p in problem.pins
                if p.date == g.date and p.session is not None
            )
        )
        key = (g.arcs, g.day.sessions, pins, g.capacity, g.max_route_min, g.loads)
        if key not in cache:
            cache[key] = enumerate_routes(problem, g)
        out.append(cache[key])
    return out


def route_visits(problem: Problem, group: DayGroup, team_id: str, route: Route) -> list[Visit]:
    """The timed visits of ``route`` driven by ``team_id``: the first arrival is one
    setup buffer before its session, later ones when the previous session ends plus
    the travel; ``travel_min`` is from the previous stop (the base first)."""
    out = []
    prev, prev_end = group.base_id, None
    for order, (pos, site_id) in enumerate(route.stops, start=1):
        sess = group.day.sessions[pos]
        minutes = int(problem.travel(prev, site_id))  # whole minutes on session days
        arrive = (
            sess.start_min - problem.rules.setup_buffer_min
            if prev_end is None
            else prev_end + minutes
        )
        out.append(
            Visit(
                group.date,
                sess.index,
                team_id,
                site_id,
                order,
                arrive,
                sess.start_min,
                sess.end_min,
                minutes,
            )
        )
        prev, prev_end = site_id, sess.end_min
    return out
