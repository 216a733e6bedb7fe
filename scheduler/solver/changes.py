"""Re-solving against a reference plan, coverage first (``visitplan replan``).

``solve(problem, reference=plan, frozen_before=date)`` lands here. Five lexicographic
stages, each held at its optimum before the next:

1. **coverage** – every center the reference visits keeps at least one visit (its
   first visit is worth more than any number of repeats, as in a normal solve), even
   when that takes a swap: a center's only visit moves into another center's repeat
   slot (two changes) rather than being cancelled;
2. **changes** – the fewest changes residents see (a visit's center, date or
   session), then the fewest changes of counselor alone (which residents do not see);
3. **demand** – the demand of the reference: the normal demand objective
   (:mod:`scheduler.solver.objective`), each center's visits counted only up to as
   many as the reference gives it, so nothing is added beyond the plan. Moving a
   cancelled visit to a free slot (another day, session or counselor) and cancelling
   it are one change each, so this stage moves it rather than drop it; a repeat
   visit whose move would push a second visit is cancelled (one change, not two);
4. **travel** – total travel minutes;
5. **balance** – the spread of visits, then of travel minutes, per counselor.

The model is the route model of :mod:`scheduler.solver._model` (the same rule
builders as a normal solve: routes, one visit per center and day, gap windows,
visit counts, day patterns, pins), over a :class:`~scheduler.solver._model.Scope`
with two differences:

- every counselor-day is its own day group (a normal solve pools interchangeable
  counselors and assigns them afterwards), so a reassigned visit can be told
  from a kept one;
- a day's candidate routes keep, besides the cheapest order of each set of
  centers, every variant that holds the reference's own visits in their own
  sessions (a normal solve keeps only the cheapest, which may put a kept visit
  in another session and so count as a change).

Counting changes per center as ``max(lost, new)`` makes a moved visit one change,
like a cancelled or an added one; a visit is kept when its center, date,
counselor and session are all unchanged. Days before ``frozen_before`` run no
route with a stop the reference does not have there (the caller pins the
reference visits themselves), so the past stays exactly as it was. The plan is
checked by :func:`scheduler.core.validate.validate` by the caller like any other.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.core.plan import Plan, StageResult, Visit, sort_visits
from scheduler.core.problem import Problem, SiteId, TeamId
from scheduler.errors import InfeasibleError
from scheduler.solver._cpsat import STATUS, Settings, Stages, run
from scheduler.solver._graph import DayGroup, build_group
from scheduler.solver._model import Scope, VisitModel
from scheduler.solver._routes import Route, cheapest_routes, route_visits
from scheduler.solver.decompose import service_areas, solve_parts
from scheduler.solver.explain import no_plan, time_limit_conflict
from scheduler.solver.interrupt import route_figures

VisitKey = tuple[SiteId, dt.date, TeamId, int]  # center, date, counselor, session


def visit_key(v: Visit) -> VisitKey:
    """What must stay equal for a visit to count as unchanged."""
    return (v.site_id, v.date, v.team_id, v.session)


def team_day_groups(problem: Problem) -> list[DayGroup]:
    """One day group per working counselor and day (no pooling)."""
    return [
        build_group(problem, day, t.base_id, (t.id,))
        for day in problem.days
        for t in problem.teams
        if t.works_on(day.date)
    ]


class ReferenceModel:
    """The route model over counselor-days, with the change count against a reference."""

    def __init__(self, problem: Problem, reference: Plan, frozen_before: dt.date | None) -> None:
        self.problem = problem
        self.since = frozen_before
        groups = team_day_groups(problem)
        ref_nodes: dict[tuple[TeamId, dt.date], set[tuple[SiteId, int]]] = {}
        for v in reference.visits:
            ref_nodes.setdefault((v.team_id, v.date), set()).add((v.site_id, v.session))
        for p in problem.pins:
            if p.session is not None:
                for t in problem.teams:
                    if p.team_id in (None, t.id):
                        ref_nodes.setdefault((t.id, p.date), set()).add((p.site_id, p.session))
        routes_of: list[list[Route]] = []
        for g in groups:
            wanted = ref_nodes.get((g.team_ids[0], g.date), set())
            keep = frozenset(n for n in g.nodes if (n[1], g.day.sessions[n[0]].index) in wanted)
            routes_of.append(cheapest_routes(g, keep))
        self.scope = Scope.build(problem, groups, routes_of)
        self.groups, self.routes_of = groups, routes_of
        self.vm = VisitModel(self.scope)
        self.model = self.vm.model
        self.route = self.vm.v.route
        self.seen = self.vm.v.seen
        if frozen_before is not None:
            self._freeze(reference, frozen_before)
        # Coverage: the first visit of every center the reference visits (worth more
        # than any number of repeats). Demand: each center's visits count up to the
        # reference's number of them, so nothing is added beyond the plan.
        planned = Counter(v.site_id for v in reference.visits)
        self.coverage = self.vm.objective_demand(upto=dict.fromkeys(planned, 1))
        self.demand = self.vm.objective_demand(upto=planned)
        seen_by_residents, _ = self._changes(reference, frozen_before, match_team=False)
        reassigned, top_team = self._changes(reference, frozen_before, match_team=True)
        # Lexicographic in one objective: any change residents see outweighs every
        # change of counselor alone.
        self.changes = (top_team + 1) * seen_by_residents + reassigned

    def _stops(self, g_idx: int, r_idx: int) -> list[tuple[SiteId, int]]:
        g = self.groups[g_idx]
        return [
            (site, g.day.sessions[pos].index) for pos, site in self.routes_of[g_idx][r_idx].stops
        ]

    def _freeze(self, reference: Plan, frozen_before: dt.date) -> None:
        """Days before ``frozen_before`` run no route with a stop the reference lacks."""
        allowed: dict[tuple[TeamId, dt.date], set[tuple[SiteId, int]]] = {}
        for v in reference.visits:
            allowed.setdefault((v.team_id, v.date), set()).add((v.site_id, v.session))
        for (g_idx, r_idx), u in self.route.items():
            g = self.groups[g_idx]
            if g.date < frozen_before:
                ok = allowed.get((g.team_ids[0], g.date), set())
                if any(stop not in ok for stop in self._stops(g_idx, r_idx)):
                    self.model.add(u == 0)

    def _changes(
        self, reference: Plan, since: dt.date | None, *, match_team: bool = True
    ) -> tuple[cp_model.LinearExpr | int, int]:
        """Per center ``max(lost, new)``: *lost* are reference visits not kept, *new*
        visits the reference does not have, both on or after ``since`` (a kept visit
        must keep its counselor too when ``match_team``). Returns the sum and its
        largest possible value."""
        m = self.model
        ref = {visit_key(v) for v in reference.visits if since is None or v.date >= since}
        if not match_team:
            ref = {(k[0], k[1], "", k[3]) for k in ref}
        kept: dict[SiteId, list[cp_model.IntVar]] = {}
        for (g_idx, r_idx), u in self.route.items():
            g = self.groups[g_idx]
            if since is not None and g.date < since:
                continue
            for site, session in self._stops(g_idx, r_idx):
                if (site, g.date, g.team_ids[0] if match_team else "", session) in ref:
                    kept.setdefault(site, []).append(u)
        after = [d.date for d in self.problem.days if since is None or d.date >= since]
        rows = []
        top = 0
        for s in self.problem.sites:
            n_ref = sum(1 for k in ref if k[0] == s.id)
            kept_s = sum(kept.get(s.id, []))
            count_s = sum(self.seen[(d, s.id)] for d in after if (d, s.id) in self.seen)
            r = m.new_int_var(0, n_ref + len(after), f"changes_{s.id}_{int(match_team)}")
            m.add(r >= n_ref - kept_s)
            m.add(r >= count_s - kept_s)
            rows.append(r)
            top += n_ref + len(after)
        return sum(rows), top

    def travel(self) -> cp_model.LinearExprT:
        """Total travel minutes, returns to base included."""
        return self.vm.objective_travel()

    def balance(self) -> cp_model.LinearExpr:
        """The spread (max − min) of visits per counselor, then of travel minutes."""
        m = self.model
        teams = [t.id for t in self.problem.teams]
        vis: dict[TeamId, list[cp_model.LinearExpr]] = {t: [] for t in teams}
        trv: dict[TeamId, list[cp_model.LinearExpr]] = {t: [] for t in teams}
        top_v = sum(max((len(r.stops) for r in rs), default=0) for rs in self.routes_of)
        top_t = sum(max((r.travel_min for r in rs), default=0) for rs in self.routes_of)
        for (g_idx, r_idx), u in self.route.items():
            r, tid = self.routes_of[g_idx][r_idx], self.groups[g_idx].team_ids[0]
            vis[tid].append(len(r.stops) * u)
            trv[tid].append(r.travel_min * u)
        tv = [m.new_int_var(0, top_v, f"vis_{t}") for t in teams]
        tt = [m.new_int_var(0, top_t, f"trv_{t}") for t in teams]
        for t, a, b in zip(teams, tv, tt, strict=True):
            m.add(a == sum(vis[t]))
            m.add(b == sum(trv[t]))
        vmax, vmin = m.new_int_var(0, top_v, "vmax"), m.new_int_var(0, top_v, "vmin")
        tmax, tmin = m.new_int_var(0, top_t, "tmax"), m.new_int_var(0, top_t, "tmin")
        m.add_max_equality(vmax, tv)
        m.add_min_equality(vmin, tv)
        m.add_max_equality(tmax, tt)
        m.add_min_equality(tmin, tt)
        return (top_t + 1) * (vmax - vmin) + (tmax - tmin)

    def hint_from(self, solver: cp_model.CpSolver) -> None:
        """Start the next stage from this solution."""
        self.vm.hint(self.vm.chosen(solver))

    def visits(self, solver: cp_model.CpSolver) -> list[Visit]:
        """The visits of the routes run in ``solver``'s solution."""
        out = []
        for g_idx, r_idx in self.vm.chosen(solver):
            g = self.groups[g_idx]
            out += route_visits(self.problem, g, g.team_ids[0], self.routes_of[g_idx][r_idx])
        return out


def solve_with_reference(
    problem: Problem,
    reference: Plan,
    *,
    frozen_before: dt.date | None = None,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    on_stage: Callable[[StageResult], None] | None = None,
    started: float | None = None,
) -> Plan:
    """The plan for ``problem`` closest to ``reference`` (see the module docstring).
    The limit runs from ``started`` (``time.perf_counter()``; default: now)."""
    parts = service_areas(problem)
    if len(parts) > 1:  # independent service areas: exact to replan apart

        def one(part: Problem, limit: float) -> Plan:
            sites = {s.id for s in part.sites}
            ref = Plan(tuple(v for v in reference.visits if v.site_id in sites), reference.info)
            return solve_with_reference(
                part,
                ref,
                frozen_before=frozen_before,
                time_limit_s=limit,
                seed=seed,
                workers=workers,
                on_stage=on_stage,
            )

        return solve_parts(parts, one, time_limit_s=time_limit_s, started=started)
    t0 = time.perf_counter()
    deadline = (t0 if started is None else min(started, t0)) + time_limit_s
    settings = Settings(seed, workers)
    rm = ReferenceModel(problem, reference, frozen_before)

    def describe(sv: cp_model.CpSolver) -> tuple[int, int, int]:
        return route_figures((g, rm.routes_of[g][r]) for g, r in rm.vm.chosen(sv))

    def solve_one(name: str) -> tuple[int, cp_model.CpSolver]:
        status, solver = run(
            rm.model,
            settings,
            seconds=deadline - time.perf_counter(),
            stage=name,
            describe=describe,
        )
        if status == cp_model.INFEASIBLE:
            raise no_plan(problem, seed=seed)
        if status not in STATUS:
            raise InfeasibleError([time_limit_conflict(time_limit_s)], proven=False)
        return status, solver

    stages = Stages(on_stage)
    last = stages.lexicographic(
        rm.model,
        [
            ("coverage", rm.coverage, True),
            ("changes", rm.changes, False),
            ("demand", rm.demand, True),
            ("travel", rm.travel, False),
            ("balance", rm.balance, False),
        ],
        solve_one,
        after=rm.hint_from,
    )
    info = stages.info(
        t0=t0,
        settings=settings,
        time_limit_s=time_limit_s,
        objective="travel",
        params=(("reference", "1"),),
    )
    return Plan(visits=sort_visits(rm.visits(last)), info=info)
