"""Split a problem into independent parts and merge their plans.

When every counselor serves one service area (``Team.group``) and every site lies
in one (``Site.group``), areas share nothing: no site, team, or rule links them.
Solving each area on its own is then exact, and the whole plan's objective and
bound are the sums of the parts' (so the gap of the sum is a valid gap).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from scheduler.core.plan import Plan, SolveInfo, StageResult, sort_visits
from scheduler.core.problem import Problem
from scheduler.solver.objective import relative_gap


def service_areas(problem: Problem) -> list[Problem]:
    """One sub-problem per service area, or ``[problem]`` when it does not split."""
    groups = {t.group for t in problem.teams}
    if len(groups) < 2 or "" in groups or any(not s.group for s in problem.sites):
        return [problem]
    parts = []
    for g in sorted(groups):
        teams = tuple(t for t in problem.teams if t.group == g)
        sites = tuple(s for s in problem.sites if s.group == g)
        site_ids = {s.id for s in sites}
        base_ids = {t.base_id for t in teams}
        parts.append(
            replace(
                problem,
                sites=sites,
                teams=teams,
                bases=tuple(b for b in problem.bases if b.id in base_ids),
                closures=frozenset(c for c in problem.closures if c[0] in site_ids),
                last_visit={k: v for k, v in problem.last_visit.items() if k in site_ids},
                pins=tuple(p for p in problem.pins if p.site_id in site_ids),
                label=f"{problem.label}:{g}" if problem.label else g,
            )
        )
    return parts


def nearest_base_areas(problem: Problem) -> list[Problem] | None:
    """A heuristic split of pooled teams by home base: each site goes to the base it
    is quickest to reach from (ties by base id), each team to its own base's area.

    Unlike :func:`service_areas` this is not exact (a site may be better served from
    another base), so its plan is only a *start*: the whole problem is still solved,
    from it. ``None`` when there is nothing to split (one base, service areas given,
    or pinned visits, which could fall into another base's area).
    """
    bases = sorted({t.base_id for t in problem.teams})
    if len(bases) < 2 or any(t.group for t in problem.teams) or problem.pins:
        return None
    area = {s.id: min(bases, key=lambda b: (problem.travel(b, s.id), b)) for s in problem.sites}
    labelled = replace(
        problem,
        sites=tuple(replace(s, group=area[s.id]) for s in problem.sites),
        teams=tuple(replace(t, group=t.base_id) for t in problem.teams),
    )
    return service_areas(labelled)


def merge_plans(plans: list[Plan], *, seconds: float) -> Plan:
    """One plan from the parts: visits together, objectives and bounds summed per stage."""
    visits = sort_visits([v for p in plans for v in p.visits])
    names = [s.name for s in plans[0].info.stages] if plans else []
    stages = []
    for i, name in enumerate(names):
        parts = [p.info.stages[i] for p in plans]
        stages.append(
            StageResult(
                name,
                "OPTIMAL" if all(s.status == "OPTIMAL" for s in parts) else "FEASIBLE",
                sum(s.objective for s in parts),
                sum(s.bound for s in parts),
                sum(s.seconds for s in parts),
            )
        )
    status = "OPTIMAL" if all(p.info.status == "OPTIMAL" for p in plans) else "FEASIBLE"
    objective = sum(p.info.objective for p in plans)
    bound = sum(p.info.bound for p in plans)
    first = plans[0].info if plans else SolveInfo("OPTIMAL", 0.0, 0.0, 0.0, 0.0)
    return Plan(
        visits,
        SolveInfo(
            status=status,
            objective=objective,
            bound=bound,
            gap=0.0 if status == "OPTIMAL" else relative_gap(objective, bound),
            seconds=round(seconds, 3),
            seed=first.seed,
            time_limit_s=first.time_limit_s,
            stages=tuple(stages),
            params=(*first.params, ("parts", str(len(plans)))),
        ),
    )


def solve_parts(
    parts: list[Problem],
    solve_one: Callable[[Problem, float], Plan],
    *,
    time_limit_s: float,
    started: float | None = None,
) -> Plan:
    """Solve each part in turn and merge the plans.

    A part may use all the time left except a small reserve for each part still to
    come, so quick parts leave their unused time to slower ones. The limit runs
    from ``started`` (``time.perf_counter()``; default: now).
    """
    t0 = time.perf_counter()
    deadline = (t0 if started is None else min(started, t0)) + time_limit_s
    plans = []
    for i, part in enumerate(parts):
        reserve = 0.25 * (len(parts) - i - 1)
        share = max(0.25, deadline - time.perf_counter() - reserve)
        plans.append(solve_one(part, share))
    return merge_plans(plans, seconds=time.perf_counter() - t0)
