"""Re-solving against a reference plan with the fewest changed visits (``visitplan replan``).

``solve(problem, reference=plan, frozen_before=date)`` lands here. Four lexicographic
stages, each fixed before the next:

0. **changes** – minimise the number of changed visits on or after ``frozen_before``;
1. **demand** – the value of the visits (:func:`scheduler.solver.objective.visit_values`);
2. **travel** – total travel minutes;
3. **balance** – the spread of visits, then of travel minutes, per counselor.

The model is the route model of :mod:`scheduler.solver._model` with two
differences, which is why it is built here rather than reused:

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
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from ortools.sat.python import cp_model

from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit, sort_visits
from scheduler.core.problem import Problem, SiteId, TeamId
from scheduler.errors import Conflict, InfeasibleError
from scheduler.solver._graph import DayGroup, build_group
from scheduler.solver._model import max_spaced_days
from scheduler.solver._routes import Route, cheapest_routes, route_visits
from scheduler.solver.interrupt import solve_model
from scheduler.solver.objective import relative_gap, visit_values

_STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE"}

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
        self.groups = team_day_groups(problem)
        ref_nodes: dict[tuple[TeamId, dt.date], set[tuple[SiteId, int]]] = {}
        for v in reference.visits:
            ref_nodes.setdefault((v.team_id, v.date), set()).add((v.site_id, v.session))
        for p in problem.pins:
            if p.session is not None:
                for t in problem.teams:
                    if p.team_id in (None, t.id):
                        ref_nodes.setdefault((t.id, p.date), set()).add((p.site_id, p.session))
        self.routes_of: list[list[Route]] = []
        for g in self.groups:
            wanted = ref_nodes.get((g.team_ids[0], g.date), set())
            keep = frozenset(n for n in g.nodes if (n[1], g.day.sessions[n[0]].index) in wanted)
            self.routes_of.append(cheapest_routes(g, keep))
        m = self.model = cp_model.CpModel()
        self.route: dict[tuple[int, int], cp_model.IntVar] = {}
        visit_day: dict[tuple[dt.date, SiteId], list[cp_model.IntVar]] = {}
        for g_idx, (g, routes) in enumerate(zip(self.groups, self.routes_of, strict=True)):
            us = []
            for r_idx, r in enumerate(routes):
                u = m.new_bool_var(f"route_g{g_idx}_r{r_idx}")
                self.route[(g_idx, r_idx)] = u
                us.append(u)
                for _, site in r.stops:
                    visit_day.setdefault((g.date, site), []).append(u)
            if len(us) > 1:
                m.add_at_most_one(us)
        self.seen: dict[tuple[dt.date, SiteId], cp_model.IntVar] = {}
        for (date, site), xs in sorted(visit_day.items()):
            y = m.new_bool_var(f"seen_{date}_{site}")
            m.add(sum(xs) == y)  # at most one visit per center and day
            self.seen[(date, site)] = y
        self._min_gap()
        self.demand = self._counts_and_demand()
        self._pins()
        if frozen_before is not None:
            self._freeze(reference, frozen_before)
        # Changes residents see (a visit's center, date or session) weigh twice a
        # change of counselor alone, so a reassignment wins over a move.
        self.changes = 2 * self._changes(reference, frozen_before, match_team=False) + self._changes(
            reference, frozen_before, match_team=True)

    def _stops(self, g_idx: int, r_idx: int) -> list[tuple[SiteId, int]]:
        g = self.groups[g_idx]
        return [(site, g.day.sessions[pos].index) for pos, site in self.routes_of[g_idx][r_idx].stops]

    def _min_gap(self) -> None:
        gap = self.problem.rules.min_gap_days
        dates = [d.date for d in self.problem.days]
        for s in self.problem.sites:
            open_dates = [d for d in dates if (d, s.id) in self.seen]
            windows = set()
            for i, d in enumerate(open_dates):
                w = tuple(e for e in open_dates[i:] if (e - d).days < gap)
                if len(w) >= 2:
                    windows.add(w)
            for w in sorted(windows):
                self.model.add(sum(self.seen[(e, s.id)] for e in w) <= 1)

    def _counts_and_demand(self) -> cp_model.LinearExpr | int:
        m, p = self.model, self.problem
        caps = {}
        for s in p.sites:
            cap = max_spaced_days([d for (d, sid) in self.seen if sid == s.id], p.rules.min_gap_days)
            caps[s.id] = cap if s.max_visits is None else min(cap, s.max_visits)
        values = visit_values(p, caps)
        terms = []
        for s in p.sites:
            xs = [self.seen[(d.date, s.id)] for d in p.days if (d.date, s.id) in self.seen]
            count = sum(xs)
            if s.min_visits:
                m.add(count >= s.min_visits)
            if s.max_visits is not None:
                m.add(count <= s.max_visits)
            kth = [m.new_bool_var(f"kth_{s.id}_{k}") for k in range(1, caps[s.id] + 1)]
            for a, b in pairwise(kth):
                m.add(b <= a)
            if kth:
                m.add(sum(kth) == count)
            terms += [values.value[s.id][k] * z for k, z in enumerate(kth)]
        return sum(terms)

    def _pins(self) -> None:
        for p in self.problem.pins:
            cands = []
            for (g_idx, r_idx), u in self.route.items():
                g = self.groups[g_idx]
                if g.date != p.date or (p.team_id is not None and g.team_ids[0] != p.team_id):
                    continue
                if any(site == p.site_id and (p.session is None or sess == p.session)
                       for site, sess in self._stops(g_idx, r_idx)):
                    cands.append(u)
            if cands:
                self.model.add(sum(cands) == 1)
            else:
                self.model.add_bool_or([])

    def _freeze(self, reference: Plan, frozen_before: dt.date) -> None:
        allowed: dict[tuple[TeamId, dt.date], set[tuple[SiteId, int]]] = {}
        for v in reference.visits:
            allowed.setdefault((v.team_id, v.date), set()).add((v.site_id, v.session))
        for (g_idx, r_idx), u in self.route.items():
            g = self.groups[g_idx]
            if g.date < frozen_before:
                ok = allowed.get((g.team_ids[0], g.date), set())
                if any(stop not in ok for stop in self._stops(g_idx, r_idx)):
                    self.model.add(u == 0)

    def _changes(self, reference: Plan, since: dt.date | None, *, match_team: bool = True
                 ) -> cp_model.LinearExpr | int:
        """Per center ``max(lost, new)``: *lost* are reference visits not kept, *new*
        visits the reference does not have, both on or after ``since`` (a kept visit
        must keep its counselor too when ``match_team``)."""
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
        for s in self.problem.sites:
            n_ref = sum(1 for k in ref if k[0] == s.id)
            kept_s = sum(kept.get(s.id, []))
            count_s = sum(self.seen[(d, s.id)] for d in after if (d, s.id) in self.seen)
            r = m.new_int_var(0, n_ref + len(after), f"changes_{s.id}_{int(match_team)}")
            m.add(r >= n_ref - kept_s)
            m.add(r >= count_s - kept_s)
            rows.append(r)
        return sum(rows)

    def travel(self) -> cp_model.LinearExpr | int:
        """Total travel minutes, returns to base included."""
        return sum(self.routes_of[g][r].travel_min * u for (g, r), u in self.route.items())

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
        self.model.clear_hints()
        for u in self.route.values():
            self.model.add_hint(u, solver.value(u))

    def visits(self, solver: cp_model.CpSolver) -> list[Visit]:
        """The visits of the routes run in ``solver``'s solution."""
        out = []
        for (g_idx, r_idx), u in sorted(self.route.items()):
            if solver.value(u):
                g = self.groups[g_idx]
                out += route_visits(self.problem, g, g.team_ids[0], self.routes_of[g_idx][r_idx])
        return out


def _no_plan(problem: Problem) -> InfeasibleError:
    from scheduler.solver.explain import explain_infeasible

    conflicts = explain_infeasible(problem) or [Conflict(
        "unknown",
        "주어진 규칙을 모두 지키는 일정이 없습니다(고정 방문, 휴무, 방문 간격, 최소 방문 조건을 확인하세요).",
        "No schedule meets all the rules (check pinned visits, closures, the minimum days between visits "
        "and the minimum visits).",
        "최소 방문 횟수를 낮추거나 상담사·방문일을 늘리세요.",
        "Lower the minimum visits, or add counselors or visit days.",
    )]
    return InfeasibleError(conflicts, proven=True)


def _solve(solver: cp_model.CpSolver, model: cp_model.CpModel, stage: str) -> Any:
    """CP-SAT's solve through the Ctrl-C-aware runner."""
    return solve_model(solver, model, stage=stage)


def solve_with_reference(
    problem: Problem,
    reference: Plan,
    *,
    frozen_before: dt.date | None = None,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    on_stage: Callable[[StageResult], None] | None = None,
) -> Plan:
    """The plan for ``problem`` closest to ``reference`` (see the module docstring)."""
    from scheduler.solver.decompose import service_areas, solve_parts

    parts = service_areas(problem)
    if len(parts) > 1:  # independent service areas: exact to replan apart

        def one(part: Problem, limit: float) -> Plan:
            sites = {s.id for s in part.sites}
            ref = Plan(tuple(v for v in reference.visits if v.site_id in sites), reference.info)
            return solve_with_reference(part, ref, frozen_before=frozen_before, time_limit_s=limit, seed=seed,
                                        workers=workers, on_stage=on_stage)

        return solve_parts(parts, one, time_limit_s=time_limit_s)
    t0 = time.perf_counter()
    deadline = t0 + time_limit_s
    rm = ReferenceModel(problem, reference, frozen_before)
    model = rm.model
    stages: list[StageResult] = []

    def run(name: str) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = workers
        solver.parameters.linearization_level = 2
        status = _solve(solver, model, name)
        if status == cp_model.INFEASIBLE:
            raise _no_plan(problem)
        if status not in _STATUS:
            raise InfeasibleError(
                [Conflict("time_limit", "제한 시간 안에 일정을 찾지 못했습니다.",
                          f"No schedule was found within the time limit of {time_limit_s:g} s.",
                          "--time-limit 을 늘리세요.", "Raise --time-limit.")],
                proven=False,
            )
        res = StageResult(name, _STATUS[status], solver.objective_value, solver.best_objective_bound,
                          solver.wall_time)
        stages.append(res)
        if on_stage:
            on_stage(res)
        rm.hint_from(solver)
        return solver

    model.minimize(rm.changes)
    s0 = run("changes")
    model.add(rm.changes <= round(s0.objective_value))
    model.maximize(rm.demand)
    s1 = run("demand")
    model.add(rm.demand >= round(s1.objective_value))
    travel = rm.travel()
    model.minimize(travel)
    s2 = run("travel")
    model.add(travel <= round(s2.objective_value))
    model.minimize(rm.balance())
    s3 = run("balance")

    status = "OPTIMAL" if all(s.status == "OPTIMAL" for s in stages) else "FEASIBLE"
    gap = max(relative_gap(s.objective, s.bound) for s in stages)
    info = SolveInfo(
        status=status,
        objective=s2.objective_value,
        bound=s2.best_objective_bound,
        gap=0.0 if status == "OPTIMAL" else gap,
        seconds=round(time.perf_counter() - t0, 3),
        seed=seed,
        time_limit_s=time_limit_s,
        stages=tuple(stages),
        params=(("workers", str(workers)), ("reference", "1")),
    )
    return Plan(visits=sort_visits(rm.visits(s3)), info=info)
