"""The CP-SAT models (private to the solver package).

Two models share one site-day layer: ``seen[d, c]`` (site c is visited on day d),
the minimum-gap windows, the visit counts with their ``kth`` indicators, and the
demand objective built on them.

- :class:`CapacityModel` is the stage-1 *relaxation*: ``seen`` is free up to each
  day's capacity (teams × visits a day), with no routes. It is tiny, and its optimum
  bounds the real one; when the day sets it picks can be routed, that bound is met
  and stage 1 is proven without the route model (see :mod:`scheduler.solver`).
- :class:`VisitModel` is the exact model: each day group runs at most one candidate
  route (:mod:`scheduler.solver._routes`) per team, and ``seen`` is the number of
  chosen routes through the site that day.

Every model of one solve is built from one :class:`Scope`, so that all use the same
candidate routes and the same visit values. Variables live in :class:`_Vars`; each
hard rule is one ``rule_*`` method and each objective one ``objective_*`` method, so
a rule is found by its name.

These rule methods are the *only* CP-SAT form of each rule: the replan model
(:mod:`scheduler.solver.changes`) is a :class:`VisitModel` over one day group per
counselor-day, and the explanation model (:mod:`scheduler.solver.explain`) is a
:class:`VisitModel` whose rule groups sit behind enforcement literals (``switch``,
one literal per :class:`RuleGroup`). The arithmetic behind the rules (spacing
windows, visit caps, open days) is :mod:`scheduler.core.rules`, which the validator
uses too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from scheduler.core.problem import Pin, Problem, SiteId
from scheduler.core.rules import gap_windows, max_spaced_days, visit_cap
from scheduler.solver._cuts import OddSetCut
from scheduler.solver._graph import START, DayGroup
from scheduler.solver._routes import Route
from scheduler.solver.objective import VisitValues, visit_values

__all__ = ["CapacityModel", "RouteKey", "RuleGroup", "Scope", "VisitModel", "max_spaced_days"]

RouteKey = tuple[int, int]  # (group index, route index in the group's list)


@dataclass(frozen=True)
class RuleGroup:
    """One group of constraints that can be switched on or off together (explain)."""

    kind: str  # "min_visits", "max_visits", "min_gap" or "pin"
    site_id: SiteId
    pin: Pin | None = None


#: Gives the enforcement literal of a rule group in a model (the same literal for the
#: same group).
Switch = Callable[[cp_model.CpModel, RuleGroup], cp_model.IntVar]


@dataclass(frozen=True)
class Scope:
    """What one solve works with: the day groups, their candidate routes, the
    (date, site) pairs some route covers, each site's visit cap and visit values."""

    problem: Problem
    groups: list[DayGroup]
    routes_of: list[list[Route]]
    open_days: dict[SiteId, list[dt.date]]
    max_visits: dict[SiteId, int]
    values: VisitValues

    @classmethod
    def build(cls, problem: Problem, groups: list[DayGroup], routes_of: list[list[Route]]) -> Scope:
        pairs = {
            (g.date, c)
            for g, routes in zip(groups, routes_of, strict=True)
            for r in routes
            for _, c in r.stops
        }
        open_days = {s.id: sorted(d for d, c in pairs if c == s.id) for s in problem.sites}
        max_visits = {
            s.id: visit_cap(s, open_days[s.id], problem.rules.min_gap_days) for s in problem.sites
        }
        return cls(
            problem, groups, routes_of, open_days, max_visits, visit_values(problem, max_visits)
        )

    def travel_of(self, chosen: Iterable[RouteKey]) -> int:
        """Total travel minutes of the routes ``chosen``."""
        return sum(self.routes_of[g][r].travel_min for g, r in chosen)


@dataclass
class _Vars:
    """Every CP-SAT variable of a model, by meaning."""

    route: dict[RouteKey, cp_model.IntVar] = field(default_factory=dict)
    visit_day: dict[tuple[dt.date, SiteId], list[cp_model.IntVar]] = field(default_factory=dict)
    seen: dict[tuple[dt.date, SiteId], cp_model.IntVar] = field(default_factory=dict)
    kth: dict[tuple[SiteId, int], cp_model.IntVar] = field(default_factory=dict)
    count: dict[SiteId, cp_model.IntVar] = field(default_factory=dict)


class _SiteDayModel:
    """The shared layer: ``seen``, the gap and count rules and the demand objective.
    Subclasses create ``seen``, then call :meth:`_site_rules` and add their own rules.

    With a ``switch`` (explain) the minimum and maximum visits, the gap windows of
    each site and each pin hold only under their rule group's literal; visit counts
    then carry no value ladder (``kth``), which needs the caps to hold.
    """

    def __init__(self, scope: Scope, switch: Switch | None = None) -> None:
        self.scope = scope
        self.problem = scope.problem
        self.model = cp_model.CpModel()
        self.v = _Vars()
        self.switch = switch

    def _site_rules(self) -> None:
        self.rule_min_gap()
        self.rule_visit_counts()
        self.rule_day_patterns()

    def _when(self, ct: cp_model.Constraint, rule: RuleGroup) -> None:
        """Make ``ct`` hold only under ``rule``'s literal (with a switch)."""
        if self.switch is not None:
            ct.only_enforce_if(self.switch(self.model, rule))

    def _seen_dates(self, site_id: SiteId) -> list[dt.date]:
        return [d for d in self.scope.open_days[site_id] if (d, site_id) in self.v.seen]

    # Hard rules -------------------------------------------------------------
    def rule_min_gap(self) -> None:
        """Two visits to one site are at least ``min_gap_days`` apart: at most one
        visit in every maximal run of its open days spanning fewer than that
        (:func:`scheduler.core.rules.gap_windows`)."""
        gap = self.problem.rules.min_gap_days
        for s in self.problem.sites:
            for window in gap_windows(self._seen_dates(s.id), gap):
                if len(window) >= 2:
                    ct = self.model.add(sum(self.v.seen[(d, s.id)] for d in window) <= 1)
                    self._when(ct, RuleGroup("min_gap", s.id))

    def rule_visit_counts(self) -> None:
        """Each site's visits lie in ``[min_visits, max_visits]``; ``kth[site, k]`` is
        1 iff the site gets at least k visits (the demand objective values each).
        The count's domain is the site's cap (:func:`scheduler.core.rules.visit_cap`),
        which the gap windows and the maximum imply."""
        m = self.model
        for s in self.problem.sites:
            xs = [self.v.seen[(d, s.id)] for d in self._seen_dates(s.id)]
            hi = len(xs) if self.switch is not None else min(self.scope.max_visits[s.id], len(xs))
            cnt = m.new_int_var(0, hi, f"count_{s.id}")
            m.add(cnt == sum(xs))
            self.v.count[s.id] = cnt
            if s.min_visits:
                self._when(m.add(cnt >= s.min_visits), RuleGroup("min_visits", s.id))
            if self.switch is not None:
                if s.max_visits is not None:
                    self._when(m.add(cnt <= s.max_visits), RuleGroup("max_visits", s.id))
                continue
            ks = [m.new_bool_var(f"kth_{s.id}_{k}") for k in range(1, hi + 1)]
            for a, b in pairwise(ks):
                m.add(b <= a)
            if ks:
                m.add(sum(ks) == cnt)
            for k, z in enumerate(ks, start=1):
                self.v.kth[(s.id, k)] = z

    def rule_day_patterns(self) -> None:
        """A site with allowed day patterns is visited on exactly the days of one of
        them (one ``pattern`` indicator each; none chosen = no visit, if optional).
        Patterns with a day the site cannot be visited on are left out."""
        m = self.model
        dates = [d.date for d in self.problem.days]
        for s in self.problem.sites:
            if not s.patterns:
                continue
            seen = {d: y for (d, c), y in self.v.seen.items() if c == s.id}
            usable = [p for p in s.patterns if all(dates[i] in seen for i in p)]
            chosen = [m.new_bool_var(f"pattern_{s.id}_{k}") for k in range(len(usable))]
            m.add(sum(chosen) == 1 if s.min_visits > 0 else sum(chosen) <= 1)
            for d, y in seen.items():
                i = dates.index(d)
                m.add(y == sum(b for b, p in zip(chosen, usable, strict=True) if i in p))

    def _pin_holds(self, pin: Pin, cands: list[cp_model.IntVar]) -> None:
        """``Σ cands == 1`` for a pinned visit (no candidate: the pin cannot hold)."""
        rule = RuleGroup("pin", pin.site_id, pin)
        if cands:
            self._when(self.model.add(sum(cands) == 1), rule)
        elif self.switch is not None:
            self.model.add_bool_or([self.switch(self.model, rule).Not()])
        else:
            self.model.add_bool_or([])

    # Objective --------------------------------------------------------------
    def objective_demand(self, upto: Mapping[SiteId, int] | None = None) -> cp_model.LinearExprT:
        """Stage 1: demand served (see :mod:`scheduler.solver.objective`); with
        ``upto``, only each site's first ``upto[site]`` visits count (replan: the
        demand of the plan being repaired, no more)."""
        value = self.scope.values.value
        return sum(
            value[sid][k - 1] * z
            for (sid, k), z in self.v.kth.items()
            if upto is None or k <= upto.get(sid, 0)
        )

    def demand_of(self, solver: cp_model.CpSolver) -> int:
        value = self.scope.values.value
        return sum(value[sid][k - 1] for (sid, k), z in self.v.kth.items() if solver.value(z))

    def sites_by_day(self, solver: cp_model.CpSolver) -> dict[dt.date, set[SiteId]]:
        """The sites visited on each day in the solution of ``solver``."""
        out: dict[dt.date, set[SiteId]] = {}
        for (d, c), y in self.v.seen.items():
            if solver.value(y):
                out.setdefault(d, set()).add(c)
        return out


class CapacityModel(_SiteDayModel):
    """Stage-1 relaxation: which sites each day, within the day's capacity; no routes."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(scope)
        for sid, dates in scope.open_days.items():
            for d in dates:
                self.v.seen[(d, sid)] = self.model.new_bool_var(f"seen_{d}_{sid}")
        self._site_rules()
        self.rule_day_capacity()
        self.rule_pins()

    def rule_day_capacity(self) -> None:
        """A day's visits fit its routes: for a set P of sites, at most
        ``Σ_groups teams × max_route |route ∩ P|`` of them are visited that day.

        P = all sites bounds the visits by teams × visits a day. P = the sites no team
        can reach by the first session (or get home from after the last one) adds
        what the relaxation most often gets wrong: a route has room for at most
        ``sessions − 1`` of those, so e.g. one counselor cannot take three far
        centers in one day. Both are valid for every solution of the route model.
        """
        by_day: dict[dt.date, list[int]] = {}
        for g_idx, g in enumerate(self.scope.groups):
            by_day.setdefault(g.date, []).append(g_idx)
        for d, g_ids in by_day.items():
            sites = {c for (dd, c) in self.v.seen if dd == d}
            late = set(sites)
            early = set(sites)
            for g_idx in g_ids:
                g = self.scope.groups[g_idx]
                last = len(g.day.sessions) - 1
                starts = {head for tail, head, _ in g.arcs if tail == START}
                early -= {c for pos, c in g.nodes if pos == 0 and (pos, c) in starts}
                late -= {c for pos, c in g.nodes if pos == last}
            for subset in (sites, early, late):
                if not subset:
                    continue
                cap = sum(
                    len(self.scope.groups[g_idx].team_ids)
                    * max((len(r.sites & subset) for r in self.scope.routes_of[g_idx]), default=0)
                    for g_idx in g_ids
                )
                if len(subset) > cap:
                    self.model.add(sum(self.v.seen[(d, c)] for c in sorted(subset)) <= cap)

    def rule_pins(self) -> None:
        """Pinned sites are visited on their dates (teams and sessions: see VisitModel)."""
        for p in self.problem.pins:
            y = self.v.seen.get((p.date, p.site_id))
            self._pin_holds(p, [] if y is None else [y])


class VisitModel(_SiteDayModel):
    """The exact model: which candidate route each day group runs.

    ``allowed`` restricts the candidates per group (route indices); the visit values
    stay those of the full scope so that demand means the same in every model.
    ``switch`` puts the rule groups behind literals (see :class:`_SiteDayModel`).
    """

    def __init__(
        self,
        scope: Scope,
        allowed: Mapping[int, Collection[int]] | None = None,
        switch: Switch | None = None,
    ) -> None:
        super().__init__(scope, switch)
        self._on_date: dict[dt.date, list[tuple[RouteKey, cp_model.IntVar]]] = {}
        self.rule_routes_per_group(allowed)
        self.rule_one_visit_per_site_day()
        self._site_rules()
        self.rule_pins()

    # Hard rules -------------------------------------------------------------
    def rule_routes_per_group(self, allowed: Mapping[int, Collection[int]] | None) -> None:
        """Each day group runs at most one route per team it has (a team is in one
        place per session, and each route fits the clock by construction)."""
        m = self.model
        for g_idx, (g, routes) in enumerate(
            zip(self.scope.groups, self.scope.routes_of, strict=True)
        ):
            keep = range(len(routes)) if allowed is None else sorted(allowed.get(g_idx, ()))
            us = []
            for r_idx in keep:
                u = m.new_bool_var(f"route_g{g_idx}_r{r_idx}")
                self.v.route[(g_idx, r_idx)] = u
                self._on_date.setdefault(g.date, []).append(((g_idx, r_idx), u))
                us.append(u)
                for _, site in routes[r_idx].stops:
                    self.v.visit_day.setdefault((g.date, site), []).append(u)
            if len(us) > len(g.team_ids):
                m.add(sum(us) <= len(g.team_ids))

    def rule_one_visit_per_site_day(self) -> None:
        """At most one visit per site per day (over sessions and teams); ``seen[d, c]``
        is 1 iff site c is visited on day d."""
        for (date, site), xs in sorted(self.v.visit_day.items()):
            y = self.model.new_bool_var(f"seen_{date}_{site}")
            # A linear equality (not an at-most-one) so the LP relaxation sees it.
            self.model.add(sum(xs) == y)
            self.v.seen[(date, site)] = y

    def rule_pins(self) -> None:
        """Pinned visits happen exactly as given (site, date; team and session if set)."""
        for p in self.problem.pins:
            cands = []
            for (g_idx, r_idx), u in self.v.route.items():
                g = self.scope.groups[g_idx]
                if g.date != p.date or (p.team_id is not None and g.team_ids != (p.team_id,)):
                    continue
                for pos, site in self.scope.routes_of[g_idx][r_idx].stops:
                    if site == p.site_id and (
                        p.session is None or g.day.sessions[pos].index == p.session
                    ):
                        cands.append(u)
            self._pin_holds(p, cands)

    def require_sites(self, by_day: dict[dt.date, set[SiteId]]) -> None:
        """Visit exactly the sites ``by_day`` (used to route a relaxed stage-1 solution)."""
        for (d, c), y in self.v.seen.items():
            self.model.add(y == int(c in by_day.get(d, ())))
        for d, sites in by_day.items():
            if any((d, c) not in self.v.seen for c in sites):
                self.model.add_bool_or([])

    def require_demand(self, best: int) -> None:
        """Hold stage 1 at its optimum (used by stage 2)."""
        self.model.add(self.objective_demand() >= best)

    def add_cut(self, cut: OddSetCut) -> int | None:
        """Add a valid odd-set inequality (see :mod:`scheduler.solver._cuts`); returns
        its constraint index (``None`` if no route of the model is in it)."""
        terms = []
        for d in cut.dates:
            for (g_idx, r_idx), u in self._on_date.get(d, ()):
                a = cut.coefficient(c for _, c in self.scope.routes_of[g_idx][r_idx].stops)
                if a:
                    terms.append(a * u)
        if not terms:
            return None
        return self.model.add(sum(terms) <= cut.rhs).index

    def require_travel(self, best: int) -> None:
        """Hold stage 2 at its value (used by the prefer stage)."""
        self.model.add(self.objective_travel() <= best)

    # Objective --------------------------------------------------------------
    def objective_prefer(self, pairs: Collection[tuple[SiteId, dt.date]]) -> cp_model.LinearExprT:
        """Prefer stage: the visits on a (site, date) pair of ``pairs`` (e.g. the dates
        of a reference schedule), to be maximised."""
        return sum(self.v.seen[(d, c)] for c, d in sorted(pairs) if (d, c) in self.v.seen)

    def objective_travel(self) -> cp_model.LinearExprT:
        """Stage 2: total travel minutes of every route, returns to base included."""
        return sum(
            self.scope.routes_of[g_idx][r_idx].travel_min * u
            for (g_idx, r_idx), u in self.v.route.items()
            if self.scope.routes_of[g_idx][r_idx].travel_min
        )

    # Solution ---------------------------------------------------------------
    def lp_support(
        self, x: tuple[float, ...], eps: float = 1e-6
    ) -> list[tuple[RouteKey, dt.date, tuple[SiteId, ...], float]]:
        """The routes with a positive value in the LP solution ``x`` (by proto index):
        ``(key, date, sites, value)``."""
        out = []
        for (g_idx, r_idx), u in self.v.route.items():
            val = x[u.index]
            if val > eps:
                route = self.scope.routes_of[g_idx][r_idx]
                out.append(
                    (
                        (g_idx, r_idx),
                        self.scope.groups[g_idx].date,
                        tuple(c for _, c in route.stops),
                        val,
                    )
                )
        return out

    def chosen(self, solver: cp_model.CpSolver) -> list[RouteKey]:
        """The routes run, as keys in canonical order."""
        return [key for key, u in sorted(self.v.route.items()) if solver.value(u)]

    def hint(self, chosen: Collection[RouteKey]) -> None:
        """Hint a complete solution: the routes ``chosen`` and what follows from them."""
        m = self.model
        m.clear_hints()
        on = set(chosen)
        for key, u in self.v.route.items():
            m.add_hint(u, key in on)
        visited = {
            (self.scope.groups[g].date, c)
            for g, r in on
            for _, c in self.scope.routes_of[g][r].stops
        }
        count: dict[SiteId, int] = {}
        for (d, c), y in self.v.seen.items():
            m.add_hint(y, (d, c) in visited)
            count[c] = count.get(c, 0) + ((d, c) in visited)
        for sid, cnt in self.v.count.items():
            m.add_hint(cnt, count.get(sid, 0))
        for (sid, k), z in self.v.kth.items():
            m.add_hint(z, count.get(sid, 0) >= k)
