"""The CP-SAT model (private to the solver package).

Variables live in :class:`_Vars`; each hard rule is one ``rule_*`` function and each
objective one ``objective_*`` function, so a rule is found by its name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.core.problem import Problem, SiteId
from scheduler.solver._graph import DayGroup
from scheduler.solver._routes import Route, enumerate_routes
from scheduler.solver.objective import visit_values


@dataclass
class _Vars:
    """Every CP-SAT variable of the model, by meaning."""

    route: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    visit_day: dict[tuple[dt.date, SiteId], list[cp_model.IntVar]] = field(default_factory=dict)
    seen: dict[tuple[dt.date, SiteId], cp_model.IntVar] = field(default_factory=dict)
    kth: dict[tuple[SiteId, int], cp_model.IntVar] = field(default_factory=dict)
    count: dict[SiteId, cp_model.IntVar] = field(default_factory=dict)


def max_spaced_days(dates: list[dt.date], gap: int) -> int:
    """The most dates that can be picked with consecutive picks ≥ ``gap`` days apart
    (greedy earliest-first is optimal for this)."""
    n, last = 0, None
    for d in sorted(dates):
        if last is None or (d - last).days >= gap:
            n, last = n + 1, d
    return n


class VisitModel:
    """CP-SAT model of one problem: which candidate route each day group runs."""

    def __init__(self, problem: Problem, groups: list[DayGroup]) -> None:
        self.problem = problem
        self.groups = groups
        self.routes_of = [enumerate_routes(problem, g) for g in groups]
        self.model = cp_model.CpModel()
        self.v = _Vars()
        self.rule_routes_per_group()
        self.max_visits = self._max_visits()
        self.values = visit_values(problem, self.max_visits)
        self.rule_one_visit_per_site_day()
        self.rule_min_gap()
        self.rule_visit_counts()
        self.rule_pins()

    # Variables ----------------------------------------------------------------
    def rule_routes_per_group(self) -> None:
        """Each day group runs at most one route per team it has."""
        m = self.model
        for g_idx, (g, routes) in enumerate(zip(self.groups, self.routes_of, strict=True)):
            us = []
            for r_idx, r in enumerate(routes):
                u = m.new_bool_var(f"route_g{g_idx}_r{r_idx}")
                self.v.route[(g_idx, r_idx)] = u
                us.append(u)
                for _, site in r.stops:
                    self.v.visit_day.setdefault((g.date, site), []).append(u)
            if len(us) > len(g.team_ids):
                m.add(sum(us) <= len(g.team_ids))

    def _max_visits(self) -> dict[SiteId, int]:
        """Upper bound on each site's visits: its max, and what the gap rule allows."""
        out = {}
        for s in self.problem.sites:
            dates = sorted({d for (d, sid) in self.v.visit_day if sid == s.id})
            cap = max_spaced_days(dates, self.problem.rules.min_gap_days)
            out[s.id] = cap if s.max_visits is None else min(cap, s.max_visits)
        return out

    def site_on_day(self, date: dt.date, site_id: SiteId) -> cp_model.LinearExpr | int:
        """1 if ``site_id`` is visited on ``date`` (by anyone), else 0."""
        xs = self.v.visit_day.get((date, site_id), [])
        return sum(xs) if xs else 0

    # Hard rules -------------------------------------------------------------
    def rule_one_visit_per_site_day(self) -> None:
        """At most one visit per site per day (over sessions and teams); ``seen[d, c]``
        is 1 iff site c is visited on day d."""
        for (date, site), xs in sorted(self.v.visit_day.items()):
            y = self.model.new_bool_var(f"seen_{date}_{site}")
            # A linear equality (not an at-most-one) so the LP relaxation sees it.
            self.model.add(sum(xs) == y)
            self.v.seen[(date, site)] = y

    def rule_min_gap(self) -> None:
        """Two visits to one site are at least ``min_gap_days`` apart: at most one
        visit in every window of ``min_gap_days`` consecutive calendar days."""
        gap = self.problem.rules.min_gap_days
        dates = sorted({d.date for d in self.problem.days})
        for s in self.problem.sites:
            open_dates = [d for d in dates if (d, s.id) in self.v.seen]
            seen: set[tuple[dt.date, ...]] = set()
            for i, d in enumerate(open_dates):
                window = tuple(e for e in open_dates[i:] if (e - d).days < gap)
                if len(window) < 2 or window in seen:
                    continue
                seen.add(window)
                self.model.add(sum(self.v.seen[(e, s.id)] for e in window) <= 1)

    def rule_visit_counts(self) -> None:
        """Each site's visits lie in ``[min_visits, max_visits]``; ``kth[site, k]`` is
        1 iff the site gets at least k visits."""
        m = self.model
        for s in self.problem.sites:
            xs = [self.v.seen[(d.date, s.id)] for d in self.problem.days if (d.date, s.id) in self.v.seen]
            hi = self.max_visits[s.id]
            cnt = m.new_int_var(0, hi, f"count_{s.id}")
            m.add(cnt == sum(xs))
            self.v.count[s.id] = cnt
            if s.min_visits:
                m.add(cnt >= s.min_visits)
            prev = None
            for k in range(1, hi + 1):
                z = m.new_bool_var(f"kth_{s.id}_{k}")
                self.v.kth[(s.id, k)] = z
                if prev is not None:
                    m.add(z <= prev)
                prev = z
            if hi:
                m.add(sum(self.v.kth[(s.id, k)] for k in range(1, hi + 1)) == cnt)

    def rule_pins(self) -> None:
        """Pinned visits happen exactly as given (site, date; team and session if set)."""
        for p in self.problem.pins:
            cands = []
            for g_idx, g in enumerate(self.groups):
                if g.date != p.date:
                    continue
                if p.team_id is not None and g.team_ids != (p.team_id,):
                    continue
                for r_idx, r in enumerate(self.routes_of[g_idx]):
                    for pos, site in r.stops:
                        if site == p.site_id and (p.session is None or g.day.sessions[pos].index == p.session):
                            cands.append(self.v.route[(g_idx, r_idx)])
            self.model.add(sum(cands) == 1) if cands else self.model.add_bool_or([])

    # Objectives -------------------------------------------------------------
    def objective_demand(self) -> cp_model.LinearExpr:
        """Stage 1: demand served (see :mod:`scheduler.solver.objective`)."""
        return sum(self.values.value[sid][k - 1] * z for (sid, k), z in self.v.kth.items())

    def objective_travel(self) -> cp_model.LinearExpr:
        """Stage 2: total travel minutes of every route, returns to base included."""
        return sum(
            self.routes_of[g_idx][r_idx].travel_min * u
            for (g_idx, r_idx), u in self.v.route.items()
            if self.routes_of[g_idx][r_idx].travel_min
        )

    # Solution ---------------------------------------------------------------
    def chosen(self, solver: cp_model.CpSolver) -> list[tuple[int, Route]]:
        """The routes run: ``(group index, route)`` in canonical order."""
        return [
            (g_idx, self.routes_of[g_idx][r_idx])
            for (g_idx, r_idx), u in sorted(self.v.route.items())
            if solver.value(u)
        ]

    def hint_from(self, solver: cp_model.CpSolver) -> None:
        """Use the current solution as the hint of the next stage."""
        self.model.clear_hints()
        for u in self.v.route.values():
            self.model.add_hint(u, solver.value(u))
