"""Pattern moves: change the visit days of customers on fixed routes (internal).

The *pattern improvement* move takes a customer off the days its current
pattern has and the new one lacks, and inserts it at the cheapest feasible
place on the days the new pattern adds; it is applied when the total length
drops. *Perturbation* forces new patterns on a few related customers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from ._plan import Insertion, WorkPlan

Patterns = dict[int, frozenset[int]]  # node -> chosen days
Options = dict[int, tuple[frozenset[int], ...]]  # node -> allowed patterns


def pattern_delta(
    plan: WorkPlan,
    node: int,
    current: frozenset[int],
    new: frozenset[int],
    *,
    penalty: float | None = None,
) -> tuple[float, dict[int, Insertion]]:
    """Length change of switching ``node`` from ``current`` to ``new`` days.

    Returns ``(inf, {})`` when some added day has no feasible position. With a
    ``penalty`` overflow is allowed and costs ``penalty`` per unit instead.
    """
    delta = -sum(plan.removal_gain(node, day) for day in current - new)
    places: dict[int, Insertion] = {}
    for day in sorted(new - current):
        if penalty is None:
            where = plan.best_insertion(node, day)
        else:
            where = plan.best_insertion(node, day, allow_excess=True, penalty=penalty)
        if where is None:
            return math.inf, {}
        delta += where.delta + (penalty or 0.0) * where.excess
        places[day] = where
    return delta, places


def apply_pattern(
    plan: WorkPlan,
    node: int,
    current: frozenset[int],
    new: frozenset[int],
    places: dict[int, Insertion],
) -> None:
    """Carry out a switch priced by :func:`pattern_delta` (days are disjoint)."""
    for day in current - new:
        plan.remove(node, day)
    for day, where in places.items():
        plan.insert(node, day, where)


def improve_patterns(
    plan: WorkPlan,
    chosen: Patterns,
    options: Options,
    rng: random.Random,
    *,
    stop: Callable[[], bool] = lambda: False,
    min_gain: float = 1e-6,
) -> int:
    """Best-pattern search, customer by customer, until no switch shortens the plan.

    ``chosen`` is updated in place; returns the number of switches made. ``stop``
    is polled between customers (for the time limit).
    """
    moves = 0
    nodes = [n for n in chosen if len(options[n]) > 1]
    improved = True
    while improved:
        improved = False
        rng.shuffle(nodes)
        for node in nodes:
            if stop():
                return moves
            current = chosen[node]
            best: tuple[float, frozenset[int] | None, dict[int, Insertion]] = (-min_gain, None, {})
            for days in options[node]:
                if days == current:
                    continue
                delta, places = pattern_delta(plan, node, current, days)
                if delta < best[0]:
                    best = (delta, days, places)
            if best[1] is not None:
                apply_pattern(plan, node, current, best[1], best[2])
                chosen[node] = best[1]
                moves += 1
                improved = True
    return moves


def perturb_patterns(
    plan: WorkPlan,
    chosen: Patterns,
    options: Options,
    count: int,
    rng: random.Random,
    *,
    penalty: float,
) -> list[int]:
    """Give ``count`` related customers a different pattern, reinserting greedily.

    Customers are picked around a random seed customer by distance. Insertions
    may overflow a route (priced at ``penalty`` per unit); the route optimiser
    repairs that. Returns the perturbed nodes.
    """
    movable = [n for n in chosen if len(options[n]) > 1]
    if not movable:
        return []
    seed = rng.choice(movable)
    dist = plan.ctx.dist[seed]
    movable.sort(key=lambda n: dist[n])
    picked = movable[: max(1, min(count, len(movable)))]
    for node in picked:
        current = chosen[node]
        others = [p for p in options[node] if p != current]
        new = rng.choice(others)
        for day in current - new:
            plan.remove(node, day)
        for day in sorted(new - current):
            where = plan.best_insertion(node, day, allow_excess=True, penalty=penalty)
            assert where is not None  # with overflow allowed there is always a place
            plan.insert(node, day, where)
        chosen[node] = new
    return picked


def balanced_patterns(
    nodes: Sequence[int], options: Options, demand: Sequence[int], day_capacity: Sequence[float]
) -> Patterns:
    """Greedy start: biggest daily demand first, each on the pattern whose days
    are least loaded relative to that day's fleet capacity."""
    load = [0.0] * len(day_capacity)
    chosen: Patterns = {}
    order = sorted(
        nodes, key=lambda n: (len(options[n]) > 1, -demand[n] * max(len(p) for p in options[n]), n)
    )
    for node in order:
        q = demand[node]
        scores = []
        for days in options[node]:
            ratios = [(load[d] + q) / max(day_capacity[d], 1e-9) for d in days]
            scores.append((max(ratios), sum(ratios)))
        best = options[node][scores.index(min(scores))]
        for d in best:
            load[d] += q
        chosen[node] = best
    return chosen
