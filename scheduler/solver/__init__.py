"""Solve a :class:`~scheduler.core.problem.Problem` into a :class:`~scheduler.core.plan.Plan`.

Three lexicographic stages, each solved by CP-SAT and each fixed before the next:

1. **demand** – maximise the value of the visits (coverage before repetition,
   history recency, population; see :mod:`scheduler.solver.objective`);
2. **travel** – minimise total travel minutes with stage 1 held at its optimum;
3. **balance** – give the routes to counselors, minimising the spread of visits,
   then of travel minutes, per counselor.

``solve`` never prints; progress goes through the ``on_stage`` callback.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit, sort_visits
from scheduler.core.problem import Problem
from scheduler.errors import Conflict, InfeasibleError
from scheduler.solver._assign import RouteLoad, assign_routes
from scheduler.solver._graph import day_groups
from scheduler.solver._model import VisitModel
from scheduler.solver.interrupt import route_figures, solve_model
from scheduler.solver.decompose import service_areas, solve_parts
from scheduler.solver.precheck import precheck

__all__ = ["solve", "DEFAULT_TIME_LIMIT_S"]

DEFAULT_TIME_LIMIT_S = 30.0
_STATUS = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE"}


def relative_gap(objective: float, bound: float) -> float:
    """CP-SAT's relative gap ``|bound − objective| / max(1, |objective|)``."""
    if math.isnan(objective) or math.isnan(bound):
        return float("nan")
    return abs(bound - objective) / max(1.0, abs(objective))


def _params(solver: cp_model.CpSolver, time_left: float, seed: int, workers: int) -> None:
    solver.parameters.max_time_in_seconds = max(0.01, time_left)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    # The flow and window constraints are tight in the LP; full linearization lets a
    # single (deterministic) worker prove optimality instead of only finding it.
    solver.parameters.linearization_level = 2


def _generic_conflict(problem: Problem) -> Conflict:
    return Conflict(
        rule="unknown",
        message_ko="주어진 규칙을 모두 지키는 일정이 없습니다(고정 방문, 휴무, 방문 간격, 최소 방문 조건을 확인하세요).",
        message_en="No schedule meets all the rules (check pinned visits, closures, the minimum days "
        "between visits and the minimum visits).",
        remedy_ko="최소 방문 횟수를 낮추거나 상담사·방문일을 늘리세요.",
        remedy_en="Lower the minimum visits, or add counselors or visit days.",
    )


def solve(
    problem: Problem,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    workers: int = 1,
    on_stage: Callable[[StageResult], None] | None = None,
    reference: Plan | None = None,
    frozen_before: dt.date | None = None,
) -> Plan:
    """Solve ``problem`` within ``time_limit_s`` seconds (all stages together).

    With a ``reference`` plan a first stage "changes" minimises the visits changed
    from it on or after ``frozen_before`` (earlier days keep only its visits); see
    :mod:`scheduler.solver.changes`.

    Raises :class:`InfeasibleError` with the reasons when no plan exists
    (``proven=True``) or none was found in time (``proven=False``).
    ``workers=1`` (the default) makes the search deterministic for a given seed.
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit_s
    conflicts = precheck(problem)
    if conflicts:
        raise InfeasibleError(conflicts, proven=True)
    parts = service_areas(problem)
    if reference is None and len(parts) > 1:  # independent service areas: exact to solve apart
        return solve_parts(parts, lambda q, limit: solve(q, time_limit_s=limit, seed=seed, workers=workers,
                                                          on_stage=on_stage),
                           time_limit_s=time_limit_s, relative_gap=relative_gap)
    if reference is not None:
        from scheduler.solver.changes import solve_with_reference

        return solve_with_reference(problem, reference, frozen_before=frozen_before, time_limit_s=time_limit_s,
                                    seed=seed, workers=workers, on_stage=on_stage)
    groups = day_groups(problem)
    vm = VisitModel(problem, groups)
    model = vm.model
    stages: list[StageResult] = []

    def run(name: str) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        _params(solver, deadline - time.perf_counter(), seed, workers)
        status = solve_model(solver, model, stage=name, describe=lambda sv: route_figures(vm.chosen(sv)))
        if status == cp_model.INFEASIBLE:
            from scheduler.solver.explain import explain_infeasible

            raise InfeasibleError(explain_infeasible(problem) or [_generic_conflict(problem)], proven=True)
        if status not in _STATUS:
            raise InfeasibleError(
                [Conflict("time_limit", "제한 시간 안에 일정을 찾지 못했습니다.",
                          f"No schedule was found within the time limit of {time_limit_s:g} s.",
                          "--time-limit 을 늘리세요.", "Raise --time-limit.")],
                proven=False,
            )
        res = StageResult(name, _STATUS[status], solver.objective_value, solver.best_objective_bound, solver.wall_time)
        stages.append(res)
        if on_stage:
            on_stage(res)
        return solver

    demand = vm.objective_demand()
    model.maximize(demand)
    s1 = run("demand")
    best_demand = int(round(s1.objective_value))
    vm.hint_from(s1)
    model.add(demand >= best_demand)
    model.minimize(vm.objective_travel())
    s2 = run("travel")
    routes = vm.chosen(s2)
    loads = [
        RouteLoad(g_idx, groups[g_idx].date.toordinal(), groups[g_idx].team_ids, len(r.stops), r.travel_min)
        for g_idx, r in routes
    ]
    assignment = assign_routes(
        loads, [t.id for t in problem.teams], time_limit_s=max(0.05, deadline - time.perf_counter()),
        seed=seed, workers=workers,
    )
    bal = StageResult("balance", assignment.status, assignment.objective, assignment.bound, assignment.seconds)
    stages.append(bal)
    if on_stage:
        on_stage(bal)

    visits = []
    for (g_idx, route), team_id in zip(routes, assignment.team_of, strict=True):
        g = groups[g_idx]
        prev = g.base_id
        prev_end = None
        for order, (pos, site_id) in enumerate(route.stops, start=1):
            sess = g.day.sessions[pos]
            travel = problem.travel(prev, site_id)
            arrive = sess.start_min - problem.rules.setup_buffer_min if prev_end is None else prev_end + travel
            visits.append(Visit(g.date, sess.index, team_id, site_id, order, arrive, sess.start_min, sess.end_min, travel))
            prev, prev_end = site_id, sess.end_min

    status = "OPTIMAL" if all(s.status == "OPTIMAL" for s in stages) else "FEASIBLE"
    gap = max(relative_gap(s.objective, s.bound) for s in stages[:2])
    info = SolveInfo(
        status=status,
        objective=s2.objective_value,
        bound=s2.best_objective_bound,
        gap=0.0 if status == "OPTIMAL" else gap,
        seconds=round(time.perf_counter() - t0, 3),
        seed=seed,
        time_limit_s=time_limit_s,
        stages=tuple(stages),
        params=(("workers", str(workers)),),
    )
    return Plan(visits=sort_visits(visits), info=info)
