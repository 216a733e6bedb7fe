"""Solve a :class:`~scheduler.core.problem.Problem` into a :class:`~scheduler.core.plan.Plan`.

Three lexicographic stages, each proven before the next and held fixed after it:

1. **demand** – maximise the value of the visits (coverage before repetition,
   history recency, population; see :mod:`scheduler.solver.objective`);
2. **travel** – minimise total travel minutes with stage 1 held at its optimum;
3. **balance** – give the routes to counselors, minimising the spread of visits,
   then of travel minutes, per counselor.

With ``prefer`` (a reference schedule, e.g. the district's own for ``evaluate
--compare``) a stage **prefer** runs between travel and balance: among the plans at
the demand and travel found, the most visits on the reference's (site, date) pairs.
It picks routes only (which sites on which days), so balance then assigns the
counselors as before; without ``prefer`` nothing of it runs.

How each stage is proven quickly (measured figures: ``docs/model.md``):

- Stage 1 first solves a route-free relaxation (:class:`~._model.CapacityModel`,
  per-day capacities instead of routes), whose optimum bounds the real one, then
  routes the day sets it picked with the exact model restricted to those sites. When
  that succeeds the bound is met and stage 1 is proven; otherwise the exact model is
  solved with the bound added.
- Stage 2 solves the LP relaxation of the exact model with GLOP, adds odd-set cuts
  over minimum-gap windows until the LP is tight (:mod:`._cuts`), solves the small
  model of the routes the LP prices at no extra cost for a good solution, fixes to 0
  every route the LP duals prove cannot beat it (:mod:`._lp`), and lets CP-SAT
  prove the rest.
- Stage 3 counts routes per class of identical days instead of choosing per day, and
  orders interchangeable counselors by workload (:mod:`._assign`).

With ``workers=1`` (the default) every step is deterministic, so the same problem and
seed always give the same plan; with more workers CP-SAT interleaves its subsolvers
deterministically. ``solve`` never prints; progress goes through ``on_stage``.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.core.plan import Plan, SolveInfo, StageResult, sort_visits
from scheduler.core.problem import Problem, SiteId
from scheduler.errors import Conflict, DataError, InfeasibleError
from scheduler.solver._assign import RouteLoad, assign_routes
from scheduler.solver._cpsat import STATUS as _STATUS
from scheduler.solver._cpsat import Settings, Stages, run
from scheduler.solver._cuts import OddSetCut, gap_windows, separate_odd_set_cuts
from scheduler.solver._graph import day_groups
from scheduler.solver._lp import LinearRelaxation, LpSolution, NotLinear
from scheduler.solver._model import CapacityModel, RouteKey, Scope, VisitModel
from scheduler.solver._routes import route_visits, routes_by_group
from scheduler.solver._text import conflict
from scheduler.solver.changes import solve_with_reference
from scheduler.solver.decompose import nearest_base_areas, service_areas, solve_parts
from scheduler.solver.explain import no_plan, time_limit_conflict
from scheduler.solver.interrupt import route_figures
from scheduler.solver.precheck import precheck

__all__ = ["DEFAULT_TIME_LIMIT_S", "MAX_ROUTE_COLUMNS", "solve"]

DEFAULT_TIME_LIMIT_S = 30.0
_MAX_CUT_ROUNDS = 10
_HELPER_SHARE = 0.2  # of the time limit, as deterministic seconds, for each helper solve
_MIN_STAGE_S = 0.05  # below this much time left, stage 2 keeps stage 1's routes
_WARM_SHARE = 0.3  # of the time limit, for the nearest-base warm start
_MIN_FREE_FLOW_S = 0.1  # the route search's least time, even past the deadline
#: Above this many route columns the exact model is not built (measured: 40k for
#: Seoul's 25 districts pooled with in-district travel; 9.2M with city-wide travel,
#: where building the model alone overran a 60 s limit threefold).
MAX_ROUTE_COLUMNS = 1_000_000


def _no_plan(problem: Problem) -> InfeasibleError:
    return no_plan(problem)


_time_limit_conflict = time_limit_conflict


@dataclass
class _Clock:
    """The shared deadline and the CP-SAT parameters of every solve."""

    deadline: float
    time_limit_s: float
    seed: int
    workers: int

    def left(self) -> float:
        return max(0.01, self.deadline - time.perf_counter())

    def helper_cap(self) -> float:
        """The cap of a helper solve, in deterministic seconds: a function of the time
        limit only (not of the time left), so that it never makes a plan depend on the
        machine's speed."""
        return max(1.0, _HELPER_SHARE * self.time_limit_s)

    def solve(
        self,
        model: cp_model.CpModel,
        stage: str,
        vm: VisitModel | None = None,
        cap_s: float | None = None,
    ) -> tuple[int, cp_model.CpSolver]:
        """Solve ``model`` (of ``vm``, if a route model) within the time left and
        ``cap_s`` (deterministic seconds): ``(status, solver)``. A Ctrl-C raises
        :class:`~scheduler.errors.Interrupted` with the best plan so far."""
        describe = None
        if vm is not None:
            routes = vm.scope.routes_of

            def describe(sv: cp_model.CpSolver) -> tuple[int, int, int]:
                return route_figures((g, routes[g][r]) for g, r in vm.chosen(sv))

        return run(
            model, self.settings, seconds=self.left(), stage=stage, cap_s=cap_s, describe=describe
        )

    @property
    def settings(self) -> Settings:
        return Settings(self.seed, self.workers)


def _too_large_conflict(columns: int) -> Conflict:
    return conflict(
        "too_large",
        "solver.conflict.too_large",
        "solver.remedy.too_large",
        {"routes": f"{columns:,}"},
        {"routes": columns},
    )


def _areas_only(
    warm: Plan, columns: int, t0: float, seed: int, time_limit_s: float, workers: int
) -> Plan:
    """The nearest-base plan as the answer, when the whole model is too large. Its
    parts' bounds hold for the parts only, so no bound is claimed for the whole
    problem: bound 0, gap 1."""
    stage = StageResult("areas", "FEASIBLE", warm.info.objective, 0.0, warm.info.seconds)
    return Plan(
        visits=warm.visits,
        info=SolveInfo(
            status="FEASIBLE",
            objective=warm.info.objective,
            bound=0.0,
            gap=1.0,
            seconds=round(time.perf_counter() - t0, 3),
            seed=seed,
            time_limit_s=time_limit_s,
            stages=(stage,),
            params=(
                ("workers", str(workers)),
                ("strategy", f"nearest-base areas only ({columns} routes)"),
            ),
        ),
    )


def _warm_start(problem: Problem, clock: _Clock, seed: int, workers: int) -> Plan | None:
    """For pooled teams from several bases: a first plan from the exact solutions of
    the nearest-base areas (:func:`~.decompose.nearest_base_areas`), within a share
    of the time limit; ``None`` when there is nothing to split or no plan came out.

    Measured: with all 427 Seoul centers open to all 50 counselors of the 25
    district offices, CP-SAT on the whole problem found no first solution in 53 s;
    the areas are solved exactly in seconds and hint it a complete one.
    """
    areas = nearest_base_areas(problem)
    if areas is None:
        return None
    try:
        return solve_parts(
            areas,
            lambda q, limit: solve(q, time_limit_s=limit, seed=seed, workers=workers),
            # A share of the limit, never past the deadline (a long build ate it).
            time_limit_s=min(_WARM_SHARE * clock.time_limit_s, clock.left()),
        )
    except InfeasibleError:  # e.g. minimum visits one area cannot meet alone
        return None


def _route_keys(scope: Scope, plan: Plan) -> list[RouteKey]:
    """The routes of ``plan`` as keys of ``scope`` (visits of a team-day in order);
    routes the scope does not have are left out."""
    index: dict[tuple[int, tuple[object, ...]], int] = {}
    for g, routes in enumerate(scope.routes_of):
        for r, route in enumerate(routes):
            index.setdefault((g, route.stops), r)
    group_of = {(grp.date, t): g for g, grp in enumerate(scope.groups) for t in grp.team_ids}
    keys = []
    for (team, date), visits in plan.by_team_day().items():
        g_idx = group_of.get((date, team))
        if g_idx is None:
            continue
        pos = {s.index: i for i, s in enumerate(scope.groups[g_idx].day.sessions)}
        r_idx = index.get((g_idx, tuple((pos.get(v.session, -1), v.site_id) for v in visits)))
        if r_idx is not None:
            keys.append((g_idx, r_idx))
    return keys


def _stage_demand(
    scope: Scope, clock: _Clock, warm: list[RouteKey] | None = None
) -> tuple[StageResult, list[RouteKey]]:
    """Stage 1: the best demand, and routes reaching it (to start stage 2 from).
    ``warm`` (routes of a known plan) is hinted to the exact model."""
    t0 = time.perf_counter()
    relax = CapacityModel(scope)
    relax.model.maximize(relax.objective_demand())
    status, s = clock.solve(relax.model, "demand")
    if status == cp_model.INFEASIBLE:  # even the relaxation has no solution
        raise no_plan(scope.problem, seed=clock.seed)
    bound = math.inf
    if status == cp_model.OPTIMAL:
        bound = relax.demand_of(s)
        by_day = relax.sites_by_day(s)
        allowed = {
            g_idx: [i for i, r in enumerate(routes) if r.sites <= by_day.get(g.date, set())]
            for g_idx, (g, routes) in enumerate(zip(scope.groups, scope.routes_of, strict=True))
        }
        routed = VisitModel(scope, allowed)
        routed.require_sites(by_day)
        routed.model.minimize(routed.objective_travel())
        r_status, r = clock.solve(routed.model, "demand", routed, cap_s=clock.helper_cap())
        if r_status in _STATUS:  # the relaxed optimum can be routed: it is the optimum
            res = StageResult(
                "demand", "OPTIMAL", float(bound), float(bound), time.perf_counter() - t0
            )
            return res, routed.chosen(r)
    # The relaxation's day sets cannot be routed: solve the exact model, bound added.
    exact = VisitModel(scope)
    demand = exact.objective_demand()
    exact.model.maximize(demand)
    if bound < math.inf:
        exact.model.add(demand <= int(bound))
    stage_clock = clock
    if warm:  # a large problem: keep half the time for the travel stage
        exact.hint(warm)
        now = time.perf_counter()
        stage_clock = replace(
            clock, deadline=min(clock.deadline, now + 0.5 * (clock.deadline - now))
        )
    status, s = stage_clock.solve(exact.model, "demand", exact)
    if status == cp_model.INFEASIBLE:
        raise no_plan(scope.problem, seed=clock.seed)
    if status not in _STATUS:
        raise InfeasibleError([_time_limit_conflict(clock.time_limit_s)], proven=False)
    res = StageResult(
        "demand",
        _STATUS[status],
        s.objective_value,
        min(bound, s.best_objective_bound),
        time.perf_counter() - t0,
    )
    return res, exact.chosen(s)


def _stage_travel(
    scope: Scope, best_demand: int, start: list[RouteKey], clock: _Clock
) -> tuple[StageResult, list[RouteKey]]:
    """Stage 2: the least travel with stage 1 held at ``best_demand``; ``start`` is a
    solution of stage 1 (an upper bound and the first hint)."""
    t0 = time.perf_counter()
    best, best_cost = start, scope.travel_of(start)
    if clock.deadline - t0 < _MIN_STAGE_S:  # no time left: keep stage 1's routes
        return StageResult("travel", "FEASIBLE", float(best_cost), 0.0, 0.0), best
    priced = _price_routes(scope, best_demand, best_cost, clock)
    if priced is None:  # no LP: CP-SAT on every route
        status, s, model = _solve_routes(scope, best_demand, None, [], best, clock)
        lp_bound = -math.inf
    else:
        cuts, lp_bound, bounds = priced
        if lp_bound <= best_cost - 1:
            # The routes the LP prices at (almost) no extra cost: a small model that
            # holds an optimal solution whenever the LP is tight.
            cheap = [k for k, b in bounds.items() if b < lp_bound + 1]
            status, s, model = _solve_routes(
                scope, best_demand, cheap, cuts, best, clock, cap_s=clock.helper_cap()
            )
            if status in _STATUS and s.objective_value < best_cost:
                best, best_cost = model.chosen(s), round(s.objective_value)
        # Reduced-cost fixing: keep only the routes that can be in a solution better
        # than ``best`` (LP bound at most best_cost − 1, travel being integral), and
        # those of ``best`` itself, so that CP-SAT proves ``best`` if nothing beats it.
        kept = [k for k, b in bounds.items() if b <= best_cost - 1]
        status, s, model = _solve_routes(scope, best_demand, kept, cuts, best, clock)
    lp_ceil = math.ceil(lp_bound) if lp_bound > -math.inf else -math.inf
    if status in _STATUS and (status == cp_model.OPTIMAL or s.objective_value <= best_cost):
        bound = max(s.best_objective_bound, lp_ceil)
        res = StageResult(
            "travel", _STATUS[status], s.objective_value, bound, time.perf_counter() - t0
        )
        return res, model.chosen(s)
    # Out of time: keep the best solution known.
    bound = max(s.best_objective_bound if status in _STATUS else 0.0, lp_ceil)
    return StageResult(
        "travel", "FEASIBLE", float(best_cost), bound, time.perf_counter() - t0
    ), best


def _price_routes(
    scope: Scope, best_demand: int, best_cost: int, clock: _Clock
) -> tuple[list[OddSetCut], float, dict[RouteKey, float]] | None:
    """The LP of stage 2 over every route, tightened with odd-set cuts: the cuts that
    bind at its optimum, its bound, and per route a bound on the travel of any
    solution using it. ``None`` if the LP cannot be built or solved."""
    vm = VisitModel(scope)
    vm.require_demand(best_demand)
    vm.model.minimize(vm.objective_travel())
    try:
        lp = LinearRelaxation(vm.model)
    except NotLinear:
        return None
    cuts, sol = _tighten(vm, lp, best_cost, clock)
    if sol is None:
        return None
    binding = [cut for cut, row in cuts if abs(sol.duals[row]) > 1e-9]
    keys = list(vm.v.route)
    bounds = dict(zip(keys, lp.bound_if_one(sol, [vm.v.route[k].index for k in keys]), strict=True))
    return binding, lp.bound(sol), bounds


def _tighten(
    vm: VisitModel, lp: LinearRelaxation, best_cost: int, clock: _Clock
) -> tuple[list[tuple[OddSetCut, int]], LpSolution | None]:
    """Solve the LP and add violated odd-set cuts (to the model and the LP) until none
    is found, the LP proves ``best_cost`` optimal or a round gains less than half a
    minute. Returns the cuts with their row and the last LP solution (``None`` if
    GLOP failed)."""
    problem = vm.problem
    windows = gap_windows([d.date for d in problem.days], problem.rules.min_gap_days)
    cuts: list[tuple[OddSetCut, int]] = []
    sol = lp.solve(clock.left())
    last = -math.inf
    for _ in range(_MAX_CUT_ROUNDS):
        if sol is None or sol.value > best_cost - 1 or sol.value < last + 0.5:
            break
        last = sol.value
        support = [(d, sites, x) for _, d, sites, x in vm.lp_support(sol.x)]
        new = separate_odd_set_cuts(windows, support)
        if not new:
            break
        for cut in new:
            row = vm.add_cut(cut)
            if row is not None:
                cuts.append((cut, row))
        lp.sync()
        sol = lp.solve(clock.left())
    return cuts, sol


class _NoPreferSolution(Exception):
    """The prefer stage found no solution in time (its hint notwithstanding)."""


def _stage_prefer(
    scope: Scope,
    best_demand: int,
    routes: list[RouteKey],
    pairs: set[tuple[SiteId, dt.date]],
    clock: _Clock,
    stages: Stages,
) -> list[RouteKey]:
    """The prefer stage: with demand held at ``best_demand`` and travel at that of
    ``routes``, the most visits on ``pairs``; ``routes`` (a solution) is the hint and
    the answer when nothing better is found in time."""
    vm = VisitModel(scope)
    vm.require_demand(best_demand)
    vm.require_travel(scope.travel_of(routes))
    vm.hint(routes)

    def solve_one(name: str) -> tuple[int, cp_model.CpSolver]:
        status, s = clock.solve(vm.model, name, vm)
        if status not in _STATUS:
            raise _NoPreferSolution
        return status, s

    try:
        solver = stages.lexicographic(
            vm.model, [("prefer", vm.objective_prefer(pairs), True)], solve_one
        )
    except _NoPreferSolution:
        kept = sum(
            (c, scope.groups[g].date) in pairs
            for g, r in routes
            for _, c in scope.routes_of[g][r].stops
        )
        stages.report(StageResult("prefer", "FEASIBLE", float(kept), float(len(pairs)), 0.0))
        return routes
    return vm.chosen(solver)


def _solve_routes(
    scope: Scope,
    best_demand: int,
    candidates: list[RouteKey] | None,
    cuts: list[OddSetCut],
    best: list[RouteKey],
    clock: _Clock,
    cap_s: float | None = None,
) -> tuple[int, cp_model.CpSolver, VisitModel]:
    """CP-SAT on the stage-2 model over ``candidates`` and the routes of ``best``
    (``None``: every route), with ``cuts`` and ``best`` as the hint."""
    allowed: dict[int, set[int]] | None = None
    if candidates is not None:
        allowed = {}
        for g_idx, r_idx in [*candidates, *best]:
            allowed.setdefault(g_idx, set()).add(r_idx)
    vm = VisitModel(scope, allowed)
    vm.require_demand(best_demand)
    for cut in cuts:
        vm.add_cut(cut)
    vm.model.minimize(vm.objective_travel())
    vm.hint(best)
    status, s = clock.solve(vm.model, "travel", vm, cap_s=cap_s)
    return status, s, vm


def _solve_free_flow(
    problem: Problem,
    *,
    time_limit_s: float,
    seed: int,
    on_stage: Callable[[StageResult], None] | None,
    reference: Plan | None,
    started: float,
) -> Plan:
    """Free-flow days (no sessions): route search plus a lower bound, per service area.
    The search is clock-driven, so it simply gets the time left of the limit."""
    from scheduler.solver.free_flow import Unsupported, solve_free_flow
    from scheduler.solver.pvrp.search import NoSolutionError, Unservable

    if not problem.free_flow:
        raise DataError(
            "days with sessions and days without cannot be mixed in one problem",
            hint="give every day sessions, or none",
        )
    if reference is not None:
        raise DataError("replanning is supported on session days only")
    try:
        parts = service_areas(problem)
        if len(parts) > 1:
            return solve_parts(
                parts,
                lambda q, limit: solve_free_flow(
                    q, time_limit_s=limit, seed=seed, on_stage=on_stage
                ),
                time_limit_s=time_limit_s,
                started=started,
            )
        left = max(_MIN_FREE_FLOW_S, started + time_limit_s - time.perf_counter())
        return solve_free_flow(problem, time_limit_s=left, seed=seed, on_stage=on_stage)
    except Unsupported as exc:
        raise DataError(str(exc), hint="see docs/model.md, 'Free-flow days'") from None
    except NoSolutionError:
        raise InfeasibleError([_time_limit_conflict(time_limit_s)], proven=False) from None
    except Unservable as exc:  # a site no vehicle can serve on any pattern
        raise InfeasibleError(
            [
                conflict(
                    "unservable",
                    "solver.conflict.unservable",
                    "solver.remedy.unservable",
                    {"reason": str(exc)},
                )
            ],
            proven=True,
        ) from None


def solve(
    problem: Problem,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    workers: int = 1,
    on_stage: Callable[[StageResult], None] | None = None,
    reference: Plan | None = None,
    frozen_before: dt.date | None = None,
    prefer: Plan | None = None,
    started: float | None = None,
) -> Plan:
    """Solve ``problem`` within ``time_limit_s`` seconds (all stages together).

    ``started`` (a ``time.perf_counter()`` value, default: now) is when the time
    limit began to run: a command passes its own start, so that the limit bounds
    reading and building too (``scheduler.core.run.command_started``). Only the
    deadline moves; the deterministic work caps of the helper solves stay functions
    of ``time_limit_s`` alone, so a plan does not depend on how long building took
    unless the deadline itself binds.

    With a ``reference`` plan a first stage "changes" minimises the visits changed
    from it on or after ``frozen_before`` (earlier days keep only its visits); see
    :mod:`scheduler.solver.changes`. Independent service areas are solved apart
    (:mod:`scheduler.solver.decompose`).

    Raises :class:`InfeasibleError` with the reasons when no plan exists
    (``proven=True``) or none was found in time (``proven=False``).
    ``workers=1`` (the default) makes the search deterministic for a given seed.

    ``prefer`` (session days, without ``reference``): after demand and travel, keep
    as many of its (site, date) visits as those two stages' values allow (stage
    "prefer"); ignored on free-flow days.
    """
    t0 = time.perf_counter()
    origin = t0 if started is None else min(started, t0)
    if any(d.free_flow for d in problem.days):
        return _solve_free_flow(
            problem,
            time_limit_s=time_limit_s,
            seed=seed,
            on_stage=on_stage,
            reference=reference,
            started=origin,
        )
    if not problem.travel.integral:
        raise DataError(
            "the session-day solver needs whole travel minutes",
            hint="round the travel matrix, or use days without sessions",
        )
    clock = _Clock(origin + time_limit_s, time_limit_s, seed, workers)
    conflicts = precheck(problem)
    if conflicts:
        raise InfeasibleError(conflicts, proven=True)
    parts = service_areas(problem)
    if reference is None and len(parts) > 1:  # independent service areas: exact to solve apart
        return solve_parts(
            parts,
            lambda q, limit: solve(
                q,
                time_limit_s=limit,
                seed=seed,
                workers=workers,
                on_stage=on_stage,
                prefer=prefer,
            ),
            time_limit_s=time_limit_s,
            started=origin,
        )
    if reference is not None:
        if prefer is not None:
            raise DataError("a replan cannot also prefer a reference schedule")
        return solve_with_reference(
            problem,
            reference,
            frozen_before=frozen_before,
            time_limit_s=time_limit_s,
            seed=seed,
            workers=workers,
            on_stage=on_stage,
            started=origin,
        )
    warm = _warm_start(problem, clock, seed, workers)
    groups = day_groups(problem)
    routes_of = routes_by_group(problem, groups)
    columns = sum(len(r) for r in routes_of)
    if columns > MAX_ROUTE_COLUMNS:  # too large for the exact model to even start
        if warm is None:
            raise InfeasibleError([_too_large_conflict(columns)], proven=False)
        return _areas_only(warm, columns, t0, seed, time_limit_s, workers)
    scope = Scope.build(problem, groups, routes_of)
    stages = Stages(on_stage)
    demand, start = _stage_demand(scope, clock, _route_keys(scope, warm) if warm else None)
    stages.report(demand)
    travel, routes = _stage_travel(scope, round(demand.objective), start, clock)
    stages.report(travel)
    if prefer is not None:
        pairs = {(v.site_id, v.date) for v in prefer.visits}
        routes = _stage_prefer(scope, round(demand.objective), routes, pairs, clock, stages)
    loads = [
        RouteLoad(
            g,
            groups[g].date.toordinal(),
            groups[g].team_ids,
            len(scope.routes_of[g][r].stops),
            scope.routes_of[g][r].travel_min,
        )
        for g, r in routes
    ]
    assignment = assign_routes(
        loads, [t.id for t in problem.teams], time_limit_s=clock.left(), seed=seed, workers=workers
    )
    stages.report(
        StageResult(
            "balance", assignment.status, assignment.objective, assignment.bound, assignment.seconds
        )
    )

    visits = [
        v
        for (g_idx, r_idx), team_id in zip(routes, assignment.team_of, strict=True)
        for v in route_visits(problem, groups[g_idx], team_id, scope.routes_of[g_idx][r_idx])
    ]
    info = stages.info(
        t0=t0,
        settings=clock.settings,
        time_limit_s=time_limit_s,
        objective="travel",
        gap_of=("demand", "travel", "prefer"),
    )
    return Plan(visits=sort_visits(visits), info=info)
