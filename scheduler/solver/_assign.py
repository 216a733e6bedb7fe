"""Stage 3: give each day's routes to that day's teams, balancing the workload.

The routing stages treat interchangeable teams as a pool; this stage decides who
drives which route. It minimises the spread (max − min) of visits per team, then
the spread of travel minutes per team, and proves it like any other stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.core.problem import TeamId
from scheduler.solver.interrupt import solve_model


@dataclass(frozen=True)
class RouteLoad:
    """A route to assign: its group's teams, its number of visits and its travel."""

    group: int
    date_ord: int
    team_ids: tuple[TeamId, ...]
    visits: int
    travel_min: int


@dataclass(frozen=True)
class Assignment:
    """Team of each route (same order as the input), and how the stage went."""

    team_of: tuple[TeamId, ...]
    status: str
    objective: float
    bound: float
    seconds: float


def round_robin(routes: list[RouteLoad]) -> tuple[TeamId, ...]:
    """A valid assignment: the k-th route of a group goes to its (k + day)-th team.

    Each group has at least as many teams as routes, so no team gets two routes on
    one day; rotating by day spreads the work. Used as the hint and as the fallback
    when the balance stage finds nothing in time.
    """
    seen: dict[tuple[int, tuple[TeamId, ...]], int] = {}
    out = []
    for r in routes:
        key = (r.date_ord, r.team_ids)
        k = seen.get(key, 0)
        seen[key] = k + 1
        out.append(r.team_ids[(k + r.date_ord) % len(r.team_ids)])
    return tuple(out)


def assign_routes(
    routes: list[RouteLoad], all_teams: list[TeamId], *, time_limit_s: float, seed: int, workers: int
) -> Assignment:
    """Assign every route to one of its group's teams, one route per team and day."""
    if not routes:
        return Assignment((), "OPTIMAL", 0.0, 0.0, 0.0)
    m = cp_model.CpModel()
    x: dict[tuple[int, TeamId], cp_model.IntVar] = {}
    for r_idx, r in enumerate(routes):
        opts = []
        for t in r.team_ids:
            x[(r_idx, t)] = m.new_bool_var(f"a_{r_idx}_{t}")
            opts.append(x[(r_idx, t)])
        m.add_exactly_one(opts)
    per_team_day: dict[tuple[TeamId, int], list[cp_model.IntVar]] = {}
    for (r_idx, t), var in x.items():
        per_team_day.setdefault((t, routes[r_idx].date_ord), []).append(var)
    for vs in per_team_day.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    total_visits = sum(r.visits for r in routes)
    total_travel = sum(r.travel_min for r in routes)
    vis = {t: m.new_int_var(0, total_visits, f"vis_{t}") for t in all_teams}
    trv = {t: m.new_int_var(0, total_travel, f"trv_{t}") for t in all_teams}
    for t in all_teams:
        m.add(vis[t] == sum(routes[r].visits * v for (r, tt), v in x.items() if tt == t))
        m.add(trv[t] == sum(routes[r].travel_min * v for (r, tt), v in x.items() if tt == t))
    vmax, vmin = m.new_int_var(0, total_visits, "vmax"), m.new_int_var(0, total_visits, "vmin")
    tmax, tmin = m.new_int_var(0, total_travel, "tmax"), m.new_int_var(0, total_travel, "tmin")
    m.add_max_equality(vmax, list(vis.values()))
    m.add_min_equality(vmin, list(vis.values()))
    m.add_max_equality(tmax, list(trv.values()))
    m.add_min_equality(tmin, list(trv.values()))
    m.minimize((total_travel + 1) * (vmax - vmin) + (tmax - tmin))
    start = round_robin(routes)
    for i, t in enumerate(start):
        m.add_hint(x[(i, t)], 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    status = solve_model(solver, m, stage="balance")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Assignment(start, "FEASIBLE", float("nan"), float("nan"), solver.wall_time)
    team_of = tuple(next(t for t in r.team_ids if solver.value(x[(i, t)])) for i, r in enumerate(routes))
    return Assignment(
        team_of,
        "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE",
        solver.objective_value,
        solver.best_objective_bound,
        solver.wall_time,
    )
