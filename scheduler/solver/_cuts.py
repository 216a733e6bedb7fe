"""Odd-set cuts over minimum-gap windows: what makes the travel LP tight.

A *window* is a run of visit days that are all fewer than ``min_gap_days`` apart,
so each site is visited at most once in it. Over the routes run on the days of a
window, every site is therefore covered at most once, and for any set ``U`` of an
odd number of sites

    Σ_routes ⌊|route ∩ U| / 2⌋ · x_route  ≤  (|U| − 1) / 2

(a Chvátal–Gomory cut of the window rows: sum ``Σ_route |route ∩ U| · x ≤ |U|``,
halve, round down). With two sessions a day this is the blossom inequality of the
matching formed by the window's two-stop routes.

Without these cuts the LP relaxation of the travel stage is weak on Jung-gu: with a
Tuesday/Thursday calendar and a 7-day gap each Tuesday–Thursday pair is a window, and
the LP pairs up sites across its two days in odd cycles at ½ (e.g. 1722.5 against
an optimum of 1770 for 4 counselors × 2 visits). Cuts for the full site set and for
odd sets of 3 and 5 sites close all or nearly all of that gap on the December 2026
grid (1767.5 of 1770 with the separation below; ``docs/model.md`` has the figures),
after which reduced-cost fixing (:mod:`scheduler.solver._lp`) leaves CP-SAT only a
few routes per day to consider.

Separation is heuristic (any cut added is valid; missing one only weakens the LP):
per window, the candidate sets are the connected sets of 3 and 5 sites in the graph
of fractional routes, the odd connected components of that graph, and the set of
all sites the window covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from scheduler.core.problem import SiteId
from scheduler.core.rules import gap_windows

__all__ = ["OddSetCut", "gap_windows", "separate_odd_set_cuts"]

EPS = 1e-6
_MAX_SETS_PER_WINDOW = 5000


@dataclass(frozen=True)
class OddSetCut:
    """``Σ ⌊|route ∩ sites| / 2⌋ · x_route ≤ (|sites| − 1) / 2`` over the routes of ``dates``."""

    dates: tuple[dt.date, ...]
    sites: tuple[SiteId, ...]  # sorted; an odd number of them

    @property
    def rhs(self) -> int:
        return len(self.sites) // 2

    @cached_property
    def members(self) -> frozenset[SiteId]:
        return frozenset(self.sites)

    def coefficient(self, route_sites: Iterable[SiteId]) -> int:
        """The coefficient of a route visiting ``route_sites`` (on one of ``dates``)."""
        members = self.members
        return sum(1 for c in route_sites if c in members) // 2


def _connected_sets(
    nodes: list[SiteId], adj: dict[SiteId, set[SiteId]], sizes: set[int]
) -> list[frozenset[SiteId]]:
    """Connected node sets of the given sizes (capped, in a canonical order)."""
    out: list[frozenset[SiteId]] = []
    level = {frozenset([v]) for v in nodes}
    for size in range(2, max(sizes) + 1):
        nxt: set[frozenset[SiteId]] = set()
        for s in sorted(level, key=sorted):
            for v in sorted(set().union(*(adj[u] for u in s)) - s):
                nxt.add(s | {v})
            if len(nxt) > _MAX_SETS_PER_WINDOW:
                break
        level = nxt
        if size in sizes:
            out.extend(sorted(level, key=sorted))
    return out


def _components(nodes: list[SiteId], adj: dict[SiteId, set[SiteId]]) -> list[frozenset[SiteId]]:
    seen: set[SiteId] = set()
    out = []
    for v in nodes:
        if v in seen:
            continue
        comp, stack = set(), [v]
        while stack:
            u = stack.pop()
            if u in comp:
                continue
            comp.add(u)
            stack.extend(adj[u] - comp)
        seen |= comp
        out.append(frozenset(comp))
    return out


def separate_odd_set_cuts(
    windows: list[tuple[dt.date, ...]],
    support: list[tuple[dt.date, tuple[SiteId, ...], float]],
    limit: int = 300,
) -> list[OddSetCut]:
    """Violated odd-set cuts for the LP solution given as ``support``: the routes with
    a positive value, as ``(date, sites, value)``. Most violated first, at most ``limit``."""
    found: list[tuple[float, OddSetCut]] = []
    for window in windows:
        days = set(window)
        routes = [(set(sites), x) for d, sites, x in support if d in days and len(sites) >= 2]
        if not routes:
            continue
        frac = sorted({c for sites, x in routes if x < 1 - EPS for c in sites})
        if not frac:
            continue
        adj: dict[SiteId, set[SiteId]] = {c: set() for c in frac}
        for sites, _ in routes:
            inside = [c for c in sites if c in adj]
            for c in inside:
                adj[c].update(u for u in inside if u != c)
        covered = frozenset(c for sites, _ in routes for c in sites)
        candidates = {*_connected_sets(frac, adj, {3, 5}), *_components(frac, adj), covered}
        for u in sorted(candidates, key=lambda s: (len(s), sorted(s))):
            if len(u) < 3 or len(u) % 2 == 0:
                continue
            lhs = sum(x * (len(sites & u) // 2) for sites, x in routes)
            excess = lhs - len(u) // 2
            if excess > EPS:
                found.append((excess, OddSetCut(window, tuple(sorted(u)))))
    found.sort(key=lambda t: (-t[0], t[1].dates, len(t[1].sites), t[1].sites))
    return [cut for _, cut in found[:limit]]
