"""The value of a visit in stage 1 ("demand served"), as integer weights.

Stage 1 maximises the sum of visit values. The values are built so that

1. every *first* visit to a center outranks any number of repeat visits
   (coverage before repetition): a first visit is worth at least ``tier``, and
   ``tier`` exceeds the value of all repeat visits the period could hold;
2. among first visits, a center absent from the history outranks every center
   present in it, and among those present the longer ago the higher
   (``recency_rank × (max_weight + 1)``); population breaks the remaining ties;
3. a k-th visit (k ≥ 2) is worth ``weight // k``: population-weighted with
   diminishing returns, so repeats go to the largest centers first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from scheduler.core.problem import Problem, SiteId


def recency_ranks(
    site_ids: list[SiteId], last_visit: Mapping[SiteId, dt.date], has_history: bool
) -> dict[SiteId, int]:
    """Rank each site by how long ago it was last visited (higher = longer ago).

    Without a history every rank is 0. With one, the most recently visited sites get
    rank 1, older last visits higher ranks, and sites absent from it the top rank.
    """
    if not has_history:
        return dict.fromkeys(site_ids, 0)
    distinct = sorted({last_visit[s] for s in site_ids if s in last_visit}, reverse=True)
    rank_of = {d: i + 1 for i, d in enumerate(distinct)}
    top = len(distinct) + 1
    return {s: rank_of[last_visit[s]] if s in last_visit else top for s in site_ids}


@dataclass(frozen=True)
class VisitValues:
    """``value[site][k-1]`` is the stage-1 value of the k-th visit to ``site``."""

    value: dict[SiteId, tuple[int, ...]]
    tier: int


def visit_values(problem: Problem, max_visits: Mapping[SiteId, int]) -> VisitValues:
    """Integer value of each possible k-th visit, for k = 1 … ``max_visits[site]``."""
    ids = [s.id for s in problem.sites]
    ranks = recency_ranks(ids, problem.last_visit, problem.has_history)
    span = max((s.weight for s in problem.sites), default=0) + 1
    repeat_total = sum(
        s.weight // k for s in problem.sites for k in range(2, max_visits.get(s.id, 0) + 1)
    )
    tier = repeat_total + 1
    value = {}
    for s in problem.sites:
        first = tier + ranks[s.id] * span + s.weight
        value[s.id] = tuple(
            [first] + [s.weight // k for k in range(2, max_visits.get(s.id, 0) + 1)]
        )
    return VisitValues(value=value, tier=tier)


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's relative gap ``|bound − objective| / max(1, |objective|)``."""
    if math.isnan(objective) or math.isnan(bound):
        return float("nan")
    return abs(bound - objective) / max(1.0, abs(objective))
