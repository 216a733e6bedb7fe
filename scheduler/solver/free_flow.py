"""Free-flow days: the large-instance strategy of the solver.

When no day has sessions, a team's day is an open route (visits follow each other,
each lasting its site's service minutes) and the problem is a periodic vehicle
routing problem (PVRP). Routes of many stops cannot be enumerated the way the exact
session-day model does (:mod:`scheduler.solver._routes`), so these problems go to a
pattern search around PyVRP (:mod:`scheduler.solver.pvrp.search`), and a linear
relaxation with cutting planes and edge pricing (:mod:`scheduler.solver.pvrp.bound`)
gives a valid lower bound, so the plan reports an honest gap. With a time limit of
10 s or more the bound runs in a second process while the search runs, so each
gets (nearly) the whole limit.

This module only translates: a core :class:`~scheduler.core.problem.Problem` into
the flat node-indexed view the search works on (:func:`flat_instance`), and the
search's routes back into a :class:`~scheduler.core.plan.Plan`.

What the strategy takes and what it refuses (:class:`Unsupported`): one home base
for every team, the same limits for every team, no pinned visits. Its objective is
the total travel; an optional site (``min_visits == 0``) only adds travel (with a
travel matrix that obeys the triangle inequality, as distances and shortest paths
do), so it is left out, whatever its weight, and a site gets exactly ``min_visits``
visits. The bound leaves optional sites out too; for a matrix that breaks the
triangle inequality it then falls back to a bound without any site (0).
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit, sort_visits
from scheduler.core.problem import Problem, Site, SiteId, TeamId, tightest
from scheduler.solver.objective import relative_gap
from scheduler.solver.pvrp.bound import Bound, lower_bound
from scheduler.solver.pvrp.instance import Customer, DayRules, Depot, PeriodicInstance
from scheduler.solver.pvrp.search import solve as search

__all__ = ["MAX_PATTERNS", "Unsupported", "flat_instance", "route_visits", "solve_free_flow"]

#: Most day patterns derived for a site without patterns of its own.
MAX_PATTERNS = 500
#: From this time limit on, the bound runs in a second process beside the search
#: (the machine has 2 cores; the search and the LP solver each use one). Below it, starting
#: a process costs too large a share, and the bound runs first with BOUND_SHARE.
PARALLEL_FROM_S = 10.0
#: Share of the time limit for the bound when it runs first (the search gets the rest).
BOUND_SHARE = 0.2
#: Share of the time limit for the bound in its own process (spawning it takes ~1 s).
PARALLEL_BOUND_SHARE = 0.9
#: After the search, the bound process gets until the limit, and at least this share
#: of it (+ 0.5 s) to finish; then its latest reported bound is taken and it is stopped.
BOUND_GRACE = 0.02


class Unsupported(ValueError):
    """The problem has a feature the free-flow strategy does not handle."""


def _patterns(problem: Problem, site: Site) -> tuple[frozenset[int], ...]:
    """The site's allowed day sets, without closed days and honouring the minimum
    gap (also to the last visit before the period); derived when not given."""
    dates = [d.date for d in problem.days]
    gap = problem.rules.min_gap_days
    last = problem.last_visit.get(site.id)
    open_days = [
        i
        for i, d in enumerate(dates)
        if (site.id, d) not in problem.closures
        and (last is None or last >= problem.start or (d - last).days >= gap)
    ]

    def spaced(days: tuple[int, ...]) -> bool:
        return all((dates[b] - dates[a]).days >= gap for a, b in itertools.pairwise(sorted(days)))

    if site.patterns:
        allowed = set(open_days)
        return tuple(p for p in site.patterns if p <= allowed and spaced(tuple(p)))
    out = []
    for days in itertools.combinations(open_days, site.min_visits):
        if spaced(days):
            out.append(frozenset(days))
            if len(out) > MAX_PATTERNS:
                raise Unsupported(
                    f"site {site.id!r} has more than {MAX_PATTERNS} possible day patterns; "
                    "give it explicit patterns"
                )
    return tuple(out)


def flat_instance(problem: Problem) -> PeriodicInstance:
    """The node-indexed view of a free-flow problem: node 0 the base, node k the
    site ``problem.sites[k - 1]`` (customer id k), day d ``problem.days[d]``."""
    if not problem.free_flow:
        raise Unsupported("the free-flow strategy needs days without sessions")
    if problem.pins:
        raise Unsupported("pinned visits are supported on session days only")
    bases = {t.base_id for t in problem.teams}
    if len(bases) != 1:
        raise Unsupported(
            "the free-flow strategy needs one home base for every team "
            "(give teams service areas to split the problem)"
        )
    areas = {t.group for t in problem.teams}
    if areas != {""} and any(s.group not in areas for s in problem.sites):
        raise Unsupported(
            "service areas must split the problem: give every site the area of its teams"
        )
    if len({(t.capacity, t.max_route_min) for t in problem.teams}) > 1:
        raise Unsupported(
            "the free-flow strategy needs the same capacity and duration limit for every team"
        )
    base = problem.base(bases.pop())
    team = problem.teams[0]
    ids = [base.id, *(s.id for s in problem.sites)]
    matrix = tuple(tuple(float(problem.travel(a, b)) for b in ids) for a in ids)
    total_load = sum(s.load * max(1, s.min_visits) for s in problem.sites)
    # No route lasts longer than serving every site on a trip of its own: a working
    # day at least that long limits nothing.
    longest = sum(
        matrix[0][k] + matrix[k][0] + s.service_min for k, s in enumerate(problem.sites, start=1)
    )
    days = []
    for day in problem.days:
        cap = tightest(team.capacity, day.capacity)
        window = day.work_end_min - day.work_start_min
        days.append(
            DayRules(
                vehicles=sum(t.works_on(day.date) for t in problem.teams),
                capacity=int(cap) if cap is not None else total_load,
                max_duration=tightest(
                    team.max_route_min, day.max_route_min, window if window < longest else None
                ),
            )
        )
    customers = []
    for k, s in enumerate(problem.sites, start=1):
        required = s.min_visits > 0
        patterns = _patterns(problem, s) if required else ()
        if required and not patterns:
            raise Unsupported(
                f"site {s.id!r} has no allowed day pattern left (closures, minimum gap)"
            )
        # A site has both coordinates or neither (Site validates it).
        x, y = s.xy or ((s.lon, s.lat) if s.lat is not None and s.lon is not None else (0.0, 0.0))
        customers.append(
            Customer(
                id=k,
                x=float(x),
                y=float(y),
                service=float(s.service_min),
                demand=s.load,
                frequency=s.min_visits,
                patterns=patterns or (frozenset({0}),),
            )
        )
    bx, by = base.xy or ((base.lon, base.lat) if base.lat is not None else (0.0, 0.0))
    return PeriodicInstance(
        name=problem.label or "problem",
        # Base does not check that lon comes with lat: a lat without a lon fails here,
        # as it always has.
        depot=Depot(float(bx), float(by)),  # type: ignore[arg-type]
        customers=tuple(customers),
        days=tuple(days),
        matrix=matrix,
    )


def metric(matrix: tuple[tuple[float, ...], ...] | list[list[float]]) -> bool:
    """Whether the travel matrix obeys the triangle inequality (to 1e-9)."""
    d = np.asarray(matrix, dtype=float)
    if d.size == 0:
        return True
    # d[i, j] <= d[i, k] + d[k, j] for every i, j
    return all(not (d > d[:, k : k + 1] + d[k : k + 1, :] + 1e-9).any() for k in range(len(d)))


def route_visits(
    problem: Problem, date: dt.date, team_id: TeamId, site_ids: list[SiteId]
) -> list[Visit]:
    """The timed visits of one free-flow route: the team leaves its base when the
    working day starts, starts each visit on arrival and stays its service minutes."""
    day, team = problem.day(date), problem.team(team_id)
    out = []
    prev, clock = team.base_id, day.work_start_min
    for order, site_id in enumerate(site_ids, start=1):
        travel = problem.travel(prev, site_id)
        arrive = clock + travel
        clock = arrive + problem.site(site_id).service_min
        # Visit's minute fields are typed int (core/plan.py), but free-flow days carry
        # fractional minutes (the travel matrix and service_min are floats).
        out.append(Visit(date, 0, team_id, site_id, order, arrive, arrive, clock, travel))  # type: ignore[arg-type]
        prev = site_id
    return out


def _visits(problem: Problem, day_routes: list[list[list[int]]]) -> list[Visit]:
    """Visits of the search's routes (customer ids are site positions + 1): the
    k-th route of a day goes to the k-th team at work that day."""
    out = []
    for d, routes in enumerate(day_routes):
        day = problem.days[d]
        teams = [t for t in problem.teams if t.works_on(day.date)]
        if len(routes) > len(teams):
            raise AssertionError(f"{len(routes)} routes on {day.date} for {len(teams)} teams")
        for team, route in zip(teams, routes, strict=False):
            out += route_visits(
                problem, day.date, team.id, [problem.sites[node - 1].id for node in route]
            )
    return out


_BoundArgs = tuple[
    list[list[float]],
    list[int],
    list[tuple[frozenset[int], ...]],
    list[bool],
    list[int],
    list[int],
]  # the positional arguments of lower_bound


def _bound_worker(shared: Any, args: _BoundArgs, time_limit_s: float) -> None:
    """The bound in its own process, each better value written to ``shared``."""

    def store(bound: Bound) -> None:
        with shared.get_lock():
            shared[:] = [bound.value, bound.seconds, bound.rounds, float(bound.lp_optimal)]

    lower_bound(*args, time_limit_s=time_limit_s, report=store)


def solve_free_flow(
    problem: Problem,
    *,
    time_limit_s: float,
    seed: int = 0,
    on_stage: Callable[[StageResult], None] | None = None,
) -> Plan:
    """Routes for a free-flow problem, with a valid lower bound and the gap.

    Raises :class:`Unsupported` for a problem outside the strategy and
    :class:`~scheduler.solver.pvrp.search.NoSolutionError` when no feasible
    routes were found in time.
    """
    t0 = time.perf_counter()
    inst = flat_instance(problem)
    stages = []

    def report(res: StageResult) -> None:
        stages.append(res)
        if on_stage:
            on_stage(res)

    args: _BoundArgs = (
        [list(row) for row in inst.matrix or ()],
        [0, *(c.demand for c in inst.customers)],
        [(), *(c.patterns for c in inst.customers)],
        [False, *(not c.optional for c in inst.customers)],
        [r.vehicles for r in inst.days],
        [r.capacity for r in inst.days],
    )
    if any(c.optional for c in inst.customers) and not metric(inst.matrix or ()):
        # The bound leaves optional sites out, which is safe only when a detour never
        # shortens a route: without the triangle inequality, report the trivial bound.
        args = (args[0], args[1], args[2], [False] * len(args[3]), args[4], args[5])
    if time_limit_s >= PARALLEL_FROM_S:
        context = multiprocessing.get_context("spawn")  # no fork of a process with solver state
        shared = context.Array("d", 4)  # the latest bound: value, seconds, rounds, LP optimal
        worker = context.Process(
            target=_bound_worker,
            daemon=True,
            args=(shared, args, PARALLEL_BOUND_SHARE * time_limit_s),
        )
        worker.start()
        try:
            res = search(inst, max(0.1, time_limit_s - (time.perf_counter() - t0)), seed=seed)
            # A loaded machine can slow the LP past its own clock: wait to the limit at
            # most, then take the latest bound it reported (each one is valid).
            worker.join(
                timeout=max(
                    time_limit_s - (time.perf_counter() - t0), BOUND_GRACE * time_limit_s + 0.5
                )
            )
        finally:
            if worker.is_alive():
                worker.terminate()
                worker.join()
        with shared.get_lock():
            value, seconds, rounds, optimal = shared[:]
        bound = Bound(value, seconds, int(rounds), bool(optimal))
    else:
        bound = lower_bound(*args, time_limit_s=BOUND_SHARE * time_limit_s)
        res = search(inst, max(0.1, time_limit_s - (time.perf_counter() - t0)), seed=seed)
    report(
        StageResult(
            "bound",
            "OPTIMAL" if bound.lp_optimal else "FEASIBLE",
            bound.value,
            bound.value,
            round(bound.seconds, 3),
        )
    )
    visits = _visits(problem, res.routes)
    cost = res.cost
    best_bound = min(bound.value, cost)
    proven = cost - best_bound <= 1e-9 * max(1.0, cost)
    report(
        StageResult(
            "routes", "OPTIMAL" if proven else "FEASIBLE", cost, best_bound, round(res.seconds, 3)
        )
    )
    info = SolveInfo(
        status="OPTIMAL" if proven else "FEASIBLE",
        objective=cost,
        bound=best_bound,
        gap=0.0 if proven else relative_gap(cost, best_bound),
        seconds=round(time.perf_counter() - t0, 3),
        seed=seed,
        time_limit_s=time_limit_s,
        stages=tuple(stages),
        params=(("strategy", "free-flow route search"), ("iterations", str(res.iterations))),
    )
    return Plan(visits=sort_visits(visits), info=info)
