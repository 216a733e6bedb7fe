"""Periodic VRP solver: a pattern search around PyVRP's route optimiser.

Method (details and measurements in docs/pvrp.md):

1. Customers are split into *fixed* (one allowed pattern), *free* (``f = 1``
   with every day allowed: PyVRP picks the day itself, as all days' routes live
   in one model), *coupled* (several patterns: chosen by this module) and
   *skipped* (``f = 0``: a visit only adds distance and is never required).
2. Start: coupled customers get the pattern that balances daily load; PyVRP
   routes everything.
3. Until the time limit: perturb the patterns of a few related coupled
   customers and reinsert them greedily, run the pattern improvement local
   search (best pattern by removal gain + cheapest insertion), re-optimise all
   routes with one PyVRP local search descent, repeat both once, polish a
   promising candidate with a short warm-started PyVRP run, and accept it by a
   threshold that shrinks to zero.

Large instances (customers x days >= ``SearchParams.relaxed_from``) replace 2-3 by
the *relaxed coupling*: PyVRP first routes every coupled visit on any day of a range
(its patterns' earliest to latest j-th day), so it chooses days for all customers at
once; each customer then takes the allowed pattern nearest to where its visits went,
and one PyVRP run routes those patterns for the rest of the time.
"""

from __future__ import annotations

import random
import time
import warnings
from dataclasses import dataclass

import pyvrp
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.search import OPERATORS, LocalSearch, NeighbourhoodParams, compute_neighbours
from pyvrp.stop import MaxRuntime, MultipleCriteria

from ._joint import JointModel, build_joint_model, distance_matrix
from ._patterns import (
    Options,
    Patterns,
    balanced_patterns,
    improve_patterns,
    pattern_delta,
    perturb_patterns,
)
from ._plan import Context, DayRoutes, WorkPlan
from .instance import PeriodicInstance

__all__ = ["NoSolutionError", "Result", "SearchParams", "Unservable", "solve"]


class NoSolutionError(RuntimeError):
    """No feasible solution was found within the time limit."""


class Unservable(ValueError):
    """A customer cannot be served on any allowed pattern (demand or round trip)."""


@dataclass(frozen=True)
class SearchParams:
    """Tuning knobs of :func:`solve` (defaults chosen on the benchmark sample).

    ``max_iterations`` caps the pattern-search iterations (``None``: run until
    the time limit); with it, the acceptance threshold follows the iteration
    count instead of the clock, so a run is reproducible for its seed as long
    as the time limit does not bind first.
    """

    start_iterations: int = 3000  # PyVRP iterations for the first routing
    route_iterations: int = 100  # PyVRP iterations to polish a promising candidate
    screen_margin: float = 0.02  # polish candidates at most this much worse than current
    perturb_min: int = 2  # customers whose pattern is forced to change...
    perturb_max: int = 6  # ...per iteration, plus one per `stall_step` iterations
    stall_step: int = 50  # without a new best (0: fixed range)
    threshold_start: float = 0.01  # accept candidates up to this fraction worse,
    threshold_end: float = 0.0  # shrinking linearly to this one
    max_iterations: int | None = None
    # From this many customers x days on (pr06, p13, seoul427; none of the five small
    # samples): a relaxed-coupling start for `relaxed_share` of the time, then one PyVRP
    # run on its patterns instead of the pattern search (measured in docs/pvrp.md).
    relaxed_from: int = 600
    relaxed_share: float = 0.5


@dataclass(frozen=True)
class Result:
    """Outcome of :func:`solve`: the best routes and their exact cost.

    ``routes[day]`` lists that day's non-empty routes, each a list of customer
    ids in visit order (the depot implicit). The search proves no bound; the
    lower bound comes from :mod:`.bound`.
    """

    cost: float
    routes: list[list[list[int]]]
    seconds: float
    iterations: int


_INFEASIBLE = 2**62  # PyVRP prices infeasible solutions at the largest int64


class _FeasibleAfter:
    """PyVRP stopping criterion: ``iterations`` done and a feasible solution known."""

    def __init__(self, iterations: int) -> None:
        self.left = iterations

    def __call__(self, best_cost: float) -> bool:
        self.left -= 1
        return self.left < 0 and best_cost < _INFEASIBLE


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.start = time.perf_counter()
        self.end = self.start + seconds

    def left(self) -> float:
        return self.end - time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def over(self) -> bool:
        return time.perf_counter() >= self.end


@dataclass(frozen=True)
class _Split:
    fixed: dict[int, frozenset[int]]  # node -> its only pattern
    free: list[int]  # nodes PyVRP may put on any day
    options: Options  # node -> feasible patterns (two or more)


def _split(instance: PeriodicInstance, ctx: Context) -> _Split:
    """Classify customers; drop patterns with a day no vehicle can serve them on."""
    fixed: dict[int, frozenset[int]] = {}
    free: list[int] = []
    options: Options = {}
    for node, c in enumerate(instance.customers, start=1):
        if c.optional:
            continue
        trip = 2 * ctx.dist[0][node] + c.service
        servable = {
            d
            for d in range(instance.num_days)
            if ctx.vehicles[d] > 0
            and c.demand <= ctx.capacity[d]
            and trip <= ctx.max_duration[d] + 1e-7
        }
        patterns = tuple(p for p in c.patterns if p <= servable)
        if not patterns:
            raise Unservable(
                f"{instance.name}: customer {c.id} cannot be served on any "
                f"allowed pattern (demand {c.demand} or round trip too long)"
            )
        if c.frequency == 1 and len(patterns) == instance.num_days:
            free.append(node)
        elif len(patterns) == 1:
            fixed[node] = patterns[0]
        else:
            options[node] = patterns
    return _Split(fixed=fixed, free=free, options=options)


class _Search:
    """State of one :func:`solve` call."""

    def __init__(
        self, instance: PeriodicInstance, params: SearchParams, seed: int, clock: _Clock
    ) -> None:
        self.instance = instance
        self.params = params
        self.rng = random.Random(seed)
        self.clock = clock
        self.dist = distance_matrix(instance)
        self.ctx = Context.of(instance, self.dist)
        self.split = _split(instance, self.ctx)
        longest = max(max(row) for row in self.ctx.dist)
        self.penalty = 2 * longest / max(1, max(self.ctx.capacity))  # per unit of overflow

    def relaxed_start(self, seconds: float) -> tuple[Patterns, DayRoutes] | None:
        """The relaxed-coupling start: PyVRP routes every coupled customer's ``j``-th
        visit on any day between the earliest and the latest ``j``-th day of its
        patterns, ignoring that the days must form one pattern; each customer then
        takes the allowed pattern that shares most days with where its visits went
        (the cheaper to fix on a tie), and the visits are moved there (cheapest
        insertion, overflow priced: PyVRP repairs it). ``None`` if PyVRP found no
        feasible relaxed routing in ``seconds``."""
        split, inst = self.split, self.instance
        windows = {}
        for node, pats in split.options.items():
            days = [sorted(p) for p in pats]
            windows[node] = [
                (min(d[j] for d in days), max(d[j] for d in days)) for j in range(len(days[0]))
            ]
        model = build_joint_model(inst, split.fixed, split.free, self.dist, relaxed=windows)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PenaltyBoundWarning)
            criteria: list = [MaxRuntime(max(seconds, 0.0))]
            if self.params.max_iterations is not None:  # reproducible runs: counted work
                criteria.append(_FeasibleAfter(self.params.start_iterations))
            res = pyvrp.solve(
                model.data,
                MultipleCriteria(criteria),
                seed=self.rng.randrange(2**31),
                collect_stats=False,
            )
        if not res.best.is_feasible():
            return None
        plan = WorkPlan(self.ctx, model.from_pyvrp(res.best, inst.num_days))
        counts: dict[int, dict[int, int]] = {}
        for day, routes in enumerate(plan.routes):
            for route in routes:
                for node in route:
                    if node in split.options:
                        per_day = counts.setdefault(node, {})
                        per_day[day] = per_day.get(day, 0) + 1
        patterns: Patterns = {}
        for node in sorted(split.options):
            seen = counts.get(node, {})
            went = frozenset(seen)

            def fix_cost(p: frozenset[int], node: int = node, went: frozenset[int] = went) -> float:
                return pattern_delta(plan, node, went, p, penalty=self.penalty)[0]

            best = min(split.options[node], key=lambda p: (-len(p & went), fix_cost(p)))
            for day, times in sorted(seen.items()):
                for _ in range(times - (1 if day in best else 0)):
                    plan.remove(node, day)
            for day in sorted(best - went):
                where = plan.best_insertion(node, day, allow_excess=True, penalty=self.penalty)
                assert where is not None  # with overflow allowed there is always a place
                plan.insert(node, day, where)
            patterns[node] = best
        return patterns, plan.routes

    def model(self, patterns: Patterns) -> JointModel:
        """The joint PyVRP model for the coupled customers' patterns."""
        coupled = {n: p for n, p in patterns.items() if n in self.split.options}
        return build_joint_model(
            self.instance, {**self.split.fixed, **coupled}, self.split.free, self.dist
        )

    def route(
        self, patterns: Patterns, start: DayRoutes | None, iterations: int | None, seconds: float
    ) -> tuple[DayRoutes, bool]:
        """Optimise all routes for fixed patterns with PyVRP; (routes, feasible).

        Runs ``iterations`` PyVRP iterations, or on until a feasible solution is
        found, but never longer than ``seconds``. Infeasible routes may put a
        visit on a wrong day: use them for nothing but a retry.
        """
        model = self.model(patterns)
        criteria: list = [MaxRuntime(max(seconds, 0.0))]
        if iterations is not None:
            criteria.append(_FeasibleAfter(iterations))
        init = model.to_pyvrp(start) if start is not None else None
        with warnings.catch_warnings():  # a hard start is reported by NoSolutionError
            warnings.simplefilter("ignore", PenaltyBoundWarning)
            res = pyvrp.solve(
                model.data,
                MultipleCriteria(criteria),
                seed=self.rng.randrange(2**31),
                collect_stats=False,
                initial_solution=init,
            )
        return model.from_pyvrp(res.best, self.instance.num_days), res.best.is_feasible()

    def descend(self, patterns: Patterns, start: DayRoutes) -> tuple[DayRoutes, bool]:
        """One PyVRP local search descent (no perturbation) for fixed patterns."""
        model = self.model(patterns)
        data = model.data
        search = LocalSearch(
            data,
            pyvrp.RandomNumberGenerator(self.rng.randrange(2**31)),
            compute_neighbours(data, NeighbourhoodParams()),
        )
        for op in OPERATORS:
            if op.supports(data):
                search.add_operator(op(data))
        strong = 50_000.0  # PyVRP's midpoint penalty: overflows are driven out
        cost = pyvrp.CostEvaluator([strong] * data.num_load_dimensions, strong, strong)
        best = search(model.to_pyvrp(start), cost, exhaustive=True)
        return model.from_pyvrp(best, self.instance.num_days), best.is_feasible()

    def patterns(self, plan: WorkPlan) -> Patterns:
        """Current days of every coupled customer, read off the routes."""
        days = plan.visit_days()
        return {node: days[node] for node in self.split.options}

    def run(self) -> tuple[DayRoutes, int]:
        """The best routes found and the number of pattern iterations."""
        params, split, clock = self.params, self.split, self.clock
        day_capacity = [r.vehicles * r.capacity for r in self.instance.days]
        start = balanced_patterns(list(split.options), split.options, self.ctx.demand, day_capacity)
        size = len(self.instance.customers) * self.instance.num_days
        if split.options and size >= params.relaxed_from and params.relaxed_share > 0:
            relaxed = self.relaxed_start(clock.left() * params.relaxed_share)
            if relaxed is not None:
                limit = params.start_iterations if params.max_iterations is not None else None
                routes, ok = self.route(relaxed[0], None, limit, clock.left())
                if ok:
                    return routes, 0
        if split.options:
            routes, ok = self.route(start, None, params.start_iterations, clock.left() * 0.3)
            if not ok:  # a hard instance: take all the time there is to find a solution
                routes, ok = self.route(start, None, params.start_iterations, clock.left())
        else:  # routing is all there is to optimise
            limit = params.start_iterations if params.max_iterations is not None else None
            routes, ok = self.route(start, None, limit, clock.left())
        if not ok:
            raise NoSolutionError(f"{self.instance.name}: no feasible solution found in time")
        current = WorkPlan(self.ctx, routes)
        current_cost = current.cost()
        best, best_cost = current, current_cost

        iterations = last_best = 0
        loop_start, loop_budget = clock.elapsed(), max(clock.left(), 1e-9)
        while split.options and not clock.over():
            if params.max_iterations is not None and iterations >= params.max_iterations:
                break
            iterations += 1
            stall = iterations - last_best
            plan, ok = self.step(current, current_cost, stall)
            if not ok:
                continue
            cost = plan.cost()
            progress = min(1.0, (clock.elapsed() - loop_start) / loop_budget)
            if params.max_iterations is not None:  # keep the trajectory clock-free
                progress = iterations / params.max_iterations
            threshold = (
                params.threshold_start + (params.threshold_end - params.threshold_start) * progress
            )
            if cost < current_cost * (1 + threshold):
                current, current_cost = plan, cost
            if cost < best_cost - 1e-9:
                best, best_cost, last_best = plan, cost, iterations
        return best.routes, iterations

    def step(self, current: WorkPlan, current_cost: float, stall: int) -> tuple[WorkPlan, bool]:
        """Perturb → pattern search → descent → pattern search → descent, then
        polish with a short PyVRP run if the candidate looks promising."""
        params, options, clock, rng = self.params, self.split.options, self.clock, self.rng
        plan = current.copy()
        patterns = self.patterns(plan)
        extra = stall // params.stall_step if params.stall_step else 0
        count = rng.randint(params.perturb_min, params.perturb_max + extra)
        perturb_patterns(plan, patterns, options, count, rng, penalty=self.penalty)
        improve_patterns(plan, patterns, options, rng, stop=clock.over)
        routes, ok = self.descend(patterns, plan.routes)
        if not ok:
            return plan, False
        plan = WorkPlan(self.ctx, routes)
        patterns = self.patterns(plan)
        if improve_patterns(plan, patterns, options, rng, stop=clock.over):
            routes, ok = self.descend(patterns, plan.routes)
            if not ok:
                return plan, False
            plan = WorkPlan(self.ctx, routes)
        if plan.cost() >= current_cost * (1 + params.screen_margin):
            return plan, False
        routes, ok = self.route(
            self.patterns(plan), plan.routes, params.route_iterations, clock.left()
        )
        return WorkPlan(self.ctx, routes), ok


def solve(
    instance: PeriodicInstance,
    time_limit_s: float,
    seed: int = 0,
    params: SearchParams = SearchParams(),
) -> Result:
    """Solve ``instance`` within ``time_limit_s`` seconds of wall-clock time.

    Randomness comes from ``seed`` only, but the acceptance threshold follows
    the clock, so equal seeds can end differently; with
    ``SearchParams.max_iterations`` a run is reproducible. Raises ``ValueError``
    when a customer cannot be served on any allowed pattern and
    :class:`NoSolutionError` when no feasible solution was found in time.
    """
    clock = _Clock(max(0.0, time_limit_s * 0.98 - 0.05))
    if not any(not c.optional for c in instance.customers):
        return Result(
            cost=0.0, routes=[[] for _ in instance.days], seconds=clock.elapsed(), iterations=0
        )
    search = _Search(instance, params, seed, clock)
    routes, iterations = search.run()
    ids = [0] + [c.id for c in instance.customers]
    out = [[[ids[n] for n in r] for r in day if r] for day in routes]
    cost = sum(instance.route_length(r) for day in out for r in day)
    return Result(cost=cost, routes=out, seconds=clock.elapsed(), iterations=iterations)
