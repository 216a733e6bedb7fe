"""Per-day route graphs: which moves between sessions fit the clock.

A team-day is a path ``start → (session, site) → … → end`` in a small DAG whose
nodes are the (session, site) pairs of that day. An arc exists only if it fits:

- start → (s, c): ``work_start + travel(base, c) + buffer ≤ start(s)``
- (s, c) → (s', c'), s < s', c ≠ c': ``end(s) + travel(c, c') + buffer ≤ start(s')``
- (s, c) → end: ``end(s) + travel(c, base) ≤ work_end``

Teams that work from one base on a day, with the same capacity and duration limit,
and have no pinned visit of their own that day are interchangeable there: they form one
:class:`DayGroup` and the model picks
up to ``len(team_ids)`` routes for the group, not one route per team, which removes
their symmetry. Stage 3 (:mod:`scheduler.solver._assign`) names the teams.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.core import rules
from scheduler.core.problem import Day, Problem, SiteId, TeamId, tightest

START = "__start__"
END = "__end__"
Node = tuple[int, SiteId]  # (session position in the day, site)
Arc = tuple[object, object, int]  # (tail, head, travel minutes)


@dataclass(frozen=True)
class DayGroup:
    """Teams that work from one base on one day and are interchangeable there."""

    day: Day
    base_id: str
    team_ids: tuple[TeamId, ...]
    nodes: tuple[Node, ...]
    arcs: tuple[Arc, ...]
    capacity: int | None = None  # of each team's route (with the day's own)
    max_route_min: float | None = None  # base to base (with the day's own)
    loads: tuple[tuple[SiteId, int], ...] = ()  # sites with a non-zero load
    buffer: int = 0  # setup minutes before a session

    @property
    def date(self) -> dt.date:
        return self.day.date


def _group(
    problem: Problem,
    day: Day,
    base_id: str,
    team_ids: tuple[TeamId, ...],
    graph: tuple[tuple[Node, ...], tuple[Arc, ...]],
) -> DayGroup:
    """A day group with its graph and its route limits (its teams share them)."""
    team = problem.team(team_ids[0])
    cap = tightest(team.capacity, day.capacity)
    return DayGroup(
        day=day,
        base_id=base_id,
        team_ids=team_ids,
        nodes=graph[0],
        arcs=graph[1],
        capacity=None if cap is None else int(cap),
        max_route_min=tightest(team.max_route_min, day.max_route_min),
        loads=tuple((s.id, s.load) for s in problem.sites if s.load),
        buffer=problem.rules.setup_buffer_min,
    )


def open_sites(problem: Problem, day: Day) -> list[SiteId]:
    """Sites that may be visited on ``day`` (:func:`scheduler.core.rules.site_open`:
    not closed, and far enough from their last visit before the period)."""
    return [s.id for s in problem.sites if rules.site_open(problem, s, day.date)]


def _graph(
    problem: Problem, day: Day, base_id: str, sites: tuple[SiteId, ...]
) -> tuple[tuple[Node, ...], tuple[Arc, ...]]:
    """Nodes and feasible arcs of one day for teams from ``base_id`` (the date itself
    plays no part, so days with the same sessions, hours and open sites share it)."""

    def tr(a: str, b: str) -> int:
        # Session days have whole travel minutes (``solve`` refuses any other).
        return int(problem.travel(a, b))

    buf = problem.rules.setup_buffer_min
    sess = day.sessions
    nodes: list[Node] = []
    arcs: list[Arc] = []
    for i, s in enumerate(sess):
        for c in sites:
            t_in = tr(base_id, c)
            t_out = tr(c, base_id)
            reach = rules.arrives_in_time(day.work_start_min, t_in, buf, s.start_min)
            home = rules.home_in_time(s.end_min, t_out, day.work_end_min)
            if not home:
                continue
            nodes.append((i, c))
            if reach:
                arcs.append((START, (i, c), t_in))
            arcs.append(((i, c), END, t_out))
    node_set = set(nodes)
    for i, s in enumerate(sess):
        for j in range(i + 1, len(sess)):
            s2 = sess[j]
            for c in sites:
                if (i, c) not in node_set:
                    continue
                for c2 in sites:
                    if c2 == c or (j, c2) not in node_set:
                        continue
                    t = tr(c, c2)
                    if rules.arrives_in_time(s.end_min, t, buf, s2.start_min):
                        arcs.append(((i, c), (j, c2), t))
    # Nodes that cannot be reached from the start at all are useless.
    reachable: set[object] = {START}
    for tail, head, _ in sorted(arcs, key=lambda a: -1 if a[0] == START else a[0][0]):  # type: ignore[index]
        if tail in reachable:
            reachable.add(head)
    nodes = [n for n in nodes if n in reachable]
    keep = set(nodes) | {START, END}
    arcs = [a for a in arcs if a[0] in keep and a[1] in keep]
    arcs.append((START, END, 0))  # an idle team
    return tuple(nodes), tuple(arcs)


def build_group(problem: Problem, day: Day, base_id: str, team_ids: tuple[TeamId, ...]) -> DayGroup:
    """The feasible-arc graph of one day for teams from ``base_id``."""
    graph = _graph(problem, day, base_id, tuple(open_sites(problem, day)))
    return _group(problem, day, base_id, team_ids, graph)


def day_groups(problem: Problem) -> list[DayGroup]:
    """All day groups: per day, per base, the pooled teams, and separately each team
    that has a pinned visit of its own that day. Graphs are built once per distinct
    (sessions, working hours, base, open sites) and shared by the days that have it."""
    pinned_team_days = {(p.team_id, p.date) for p in problem.pins if p.team_id is not None}
    cache: dict[tuple[object, ...], tuple[tuple[Node, ...], tuple[Arc, ...]]] = {}

    def group(day: Day, base_id: str, team_ids: tuple[TeamId, ...]) -> DayGroup:
        sites = tuple(open_sites(problem, day))
        key = (day.sessions, day.work_start_min, day.work_end_min, base_id, sites)
        if key not in cache:
            cache[key] = _graph(problem, day, base_id, sites)
        return _group(problem, day, base_id, team_ids, cache[key])

    groups = []
    for day in problem.days:
        working = [t for t in problem.teams if t.works_on(day.date)]
        by_kind: dict[tuple[str, str, str], list[TeamId]] = {}
        for t in working:
            if (t.id, day.date) in pinned_team_days:
                groups.append(group(day, t.base_id, (t.id,)))
            else:
                kind = (t.base_id, repr(t.capacity), repr(t.max_route_min))
                by_kind.setdefault(kind, []).append(t.id)
        for (base_id, _, _), ids in sorted(by_kind.items()):
            groups.append(group(day, base_id, tuple(ids)))
    return groups
