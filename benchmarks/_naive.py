"""The naive baseline for ``benchmarks/jungu_grid.py``: one routing circuit per counselor-day.

This is the textbook CP-SAT formulation of the same problem, with the same rules and
the same three lexicographic objectives as :func:`scheduler.solver.solve`:

- per counselor and working day, ``AddCircuit`` over the base and the centers open
  that day; a center's self-loop means "not visited", the base's self-loop "stays
  home". Each visited center gets a session (``AddElement`` gives its start and end),
  and every arc used must fit the clock: base → first visit
  (``work start + travel + setup buffer ≤ session start``), visit → visit
  (``end + travel + buffer ≤ next start``, which also keeps one place per session) and
  last visit → base (``end + travel ≤ work end``);
- at most one visit per center and day; the minimum-gap windows, visit counts, ``kth``
  indicators, pins, leave and closures exactly as in :mod:`scheduler.solver._model`;
- stage 1 maximises the demand value (:func:`scheduler.solver.objective.visit_values`),
  stage 2 minimises travel with stage 1 held, stage 3 minimises
  ``(total travel + 1) × visit spread + travel spread`` over counselors with both held.

All three stages share one time cap (10 s a scenario in the benchmark). The status is
OPTIMAL only if every stage is proven. It is a baseline, not a planner: it returns
figures, not a plan.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass
from itertools import pairwise

from ortools.sat.python import cp_model

from scheduler.core.problem import Problem
from scheduler.solver._cuts import gap_windows
from scheduler.solver._graph import open_sites
from scheduler.solver._model import max_spaced_days
from scheduler.solver.objective import visit_values

_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
}


@dataclass(frozen=True)
class NaiveResult:
    """What the baseline reached: per stage (demand, travel, balance) objective and bound."""

    status: (
        str  # OPTIMAL (all stages proven), FEASIBLE, INFEASIBLE or UNKNOWN (no solution in time)
    )
    demand: float | None
    travel: float | None
    gap: float  # worst relative gap of the demand and travel stages solved (nan if none)
    seconds: float
    stages: tuple[tuple[str, str, float, float], ...]


def solve_naive(  # noqa: C901 - the baseline is kept as one naive model on purpose
    problem: Problem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2
) -> NaiveResult:
    """Solve ``problem`` with the circuit formulation within ``time_limit_s`` seconds."""
    t0 = time.perf_counter()
    m = cp_model.CpModel()
    tr = problem.travel
    buf = problem.rules.setup_buffer_min
    base_of = {t.id: t.base_id for t in problem.teams}
    visit: dict[tuple[str, dt.date, str], cp_model.IntVar] = {}  # (team, date, site)
    session: dict[tuple[str, dt.date, str], cp_model.IntVar] = {}
    travel_terms: dict[str, list[tuple[int, cp_model.IntVar]]] = {t.id: [] for t in problem.teams}
    for day in problem.days:
        sites = open_sites(problem, day)
        starts = [s.start_min for s in day.sessions]
        ends = [s.end_min for s in day.sessions]
        for team in problem.teams:
            if not team.works_on(day.date):
                continue
            base = base_of[team.id]
            nodes = [base, *sites]
            arcs = [(0, 0, m.new_bool_var(""))]  # stays at base
            start_of, end_of = {}, {}
            for i, c in enumerate(sites, start=1):
                skip = m.new_bool_var("")
                arcs.append((i, i, skip))
                v = m.new_bool_var(f"visit_{team.id}_{day.date}_{c}")
                m.add(v + skip == 1)
                visit[(team.id, day.date, c)] = v
                sess = m.new_int_var(0, len(starts) - 1, "")
                session[(team.id, day.date, c)] = sess
                start_of[i], end_of[i] = (
                    m.new_int_var(0, 24 * 60, ""),
                    m.new_int_var(0, 24 * 60, ""),
                )
                m.add_element(sess, starts, start_of[i])
                m.add_element(sess, ends, end_of[i])
            for i, a in enumerate(nodes):
                for j, b in enumerate(nodes):
                    if i == j:
                        continue
                    lit = m.new_bool_var("")
                    arcs.append((i, j, lit))
                    minutes = tr(a, b)
                    if minutes:
                        travel_terms[team.id].append((minutes, lit))
                    if i == 0:
                        m.add(start_of[j] >= day.work_start_min + minutes + buf).only_enforce_if(
                            lit
                        )
                    elif j == 0:
                        m.add(end_of[i] + minutes <= day.work_end_min).only_enforce_if(lit)
                    else:
                        m.add(start_of[j] >= end_of[i] + minutes + buf).only_enforce_if(lit)
            m.add_circuit(arcs)

    # The site-day layer, as in scheduler.solver._model.
    seen: dict[tuple[dt.date, str], cp_model.IntVar] = {}
    for day in problem.days:
        for site in problem.sites:
            vs = [v for (_, d, c), v in visit.items() if d == day.date and c == site.id]
            if vs:
                y = m.new_bool_var("")
                m.add(sum(vs) == y)  # at most one visit per center and day
                seen[(day.date, site.id)] = y
    min_gap = problem.rules.min_gap_days
    max_visits: dict[str, int] = {}
    kth: dict[tuple[str, int], cp_model.IntVar] = {}
    for s in problem.sites:
        dates = sorted(d for d, c in seen if c == s.id)
        for window in gap_windows(dates, min_gap):
            if len(window) >= 2:
                m.add(sum(seen[(d, s.id)] for d in window) <= 1)
        cap = max_spaced_days(dates, min_gap)
        hi = cap if s.max_visits is None else min(cap, s.max_visits)
        max_visits[s.id] = hi
        count = sum(seen[(d, s.id)] for d in dates)
        m.add(count <= hi)
        if s.min_visits:
            m.add(count >= s.min_visits)
        ks = [m.new_bool_var("") for _ in range(hi)]
        for z_prev, z_next in pairwise(ks):
            m.add(z_next <= z_prev)
        if dates:
            m.add(sum(ks) == count)
        for k, z in enumerate(ks, start=1):
            kth[(s.id, k)] = z
    for p in problem.pins:
        opts = []
        for (tid, d, c), v in visit.items():
            if d != p.date or c != p.site_id or (p.team_id is not None and tid != p.team_id):
                continue
            if p.session is None:
                opts.append(v)
            else:
                pos = [x.index for x in problem.day(d).sessions].index(p.session)
                both = m.new_bool_var("")
                m.add(session[(tid, d, c)] == pos).only_enforce_if(both)
                m.add_implication(both, v)
                opts.append(both)
        m.add(sum(opts) == 1) if opts else m.add_bool_or([])

    values = visit_values(problem, max_visits).value
    demand = sum(values[sid][k - 1] * z for (sid, k), z in kth.items())
    trv = {t: sum(a * lit for a, lit in terms) for t, terms in travel_terms.items()}
    travel = sum(trv.values())
    total_travel_ub = sum(a for terms in travel_terms.values() for a, _ in terms) or 1
    vis = {
        team.id: sum(v for (tid, _, _), v in visit.items() if tid == team.id)
        for team in problem.teams
    }
    vmax, vmin = m.new_int_var(0, len(visit), ""), m.new_int_var(0, len(visit), "")
    tmax, tmin = m.new_int_var(0, total_travel_ub, ""), m.new_int_var(0, total_travel_ub, "")
    for team in problem.teams:
        m.add(vmin <= vis[team.id])
        m.add(vis[team.id] <= vmax)
        m.add(tmin <= trv[team.id])
        m.add(trv[team.id] <= tmax)

    deadline = t0 + time_limit_s
    stages: list[tuple[str, str, float, float]] = []
    objectives = [
        ("demand", demand, True),
        ("travel", travel, False),
        ("balance", (total_travel_ub + 1) * (vmax - vmin) + (tmax - tmin), False),
    ]
    solver = None
    for name, expr, maximize in objectives:
        m.maximize(expr) if maximize else m.minimize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stages.append(
                (name, _STATUS.get(status, "UNKNOWN"), math.nan, solver.best_objective_bound)
            )
            break
        value = round(solver.objective_value)
        stages.append((name, _STATUS[status], float(value), solver.best_objective_bound))
        m.add(expr >= value) if maximize else m.add(expr <= value)
        m.clear_hints()
        for i in range(len(m.proto.variables)):
            var = m.get_int_var_from_proto_index(i)
            m.add_hint(var, solver.value(var))
    seconds = time.perf_counter() - t0
    done = [s for s in stages if s[1] in ("OPTIMAL", "FEASIBLE")]
    if len(done) == len(objectives) and all(s[1] == "OPTIMAL" for s in done):
        status_all = "OPTIMAL"
    elif stages and stages[0][1] == "INFEASIBLE":
        status_all = "INFEASIBLE"
    elif done:
        status_all = "FEASIBLE"
    else:
        status_all = "UNKNOWN"
    # Like the planner's SolveInfo.gap: the worst relative gap of the demand and travel stages.
    gaps = [abs(bd - v) / max(1.0, abs(v)) for name, _, v, bd in done if name != "balance"]
    gap = max(gaps) if gaps else math.nan
    by_name = {s[0]: s[2] for s in done}
    return NaiveResult(
        status_all, by_name.get("demand"), by_name.get("travel"), gap, seconds, tuple(stages)
    )
