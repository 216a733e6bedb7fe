"""Stage 3: give each day's routes to that day's teams, balancing the workload.

The routing stages treat interchangeable teams as a pool; this stage decides who
drives which route. It minimises the spread (max − min) of visits per team, then
the spread of travel minutes per team, and proves it like any other stage.

Two reformulations make the proof fast:

- **Identical days are aggregated.** Only each team's totals matter, so days whose
  teams and route loads ``(visits, travel)`` are the same form one *day class*, and
  the model counts how often each team takes each kind of route in the class
  (``take[class, team, kind]``) instead of choosing per day. Any counts with the right
  row sums (one route or rest per team and day) and column sums (each kind as often
  as the days have it) split back into days (:func:`_split_days`: a regular bipartite
  multigraph has a perfect matching, so a day can be peeled off at a time). On a
  Tuesday/Thursday calendar stage 2 often repeats a week's routes, and the per-day
  model spent seconds (or its whole time limit) on relabelled copies of one answer.
- **Interchangeable teams are ordered.** Teams that can take exactly the same routes
  (same base and working days, no pinned visits of their own) are interchangeable:
  relabelling them maps every assignment to one of equal value. Their workloads,
  ``(visits, travel)`` lexicographically, must not increase along the class
  (:func:`rule_order_interchangeable`), which keeps one copy of each assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from ortools.sat.python import cp_model

from scheduler.core.problem import TeamId
from scheduler.solver._cpsat import Settings, run

_REST = (0, 0)  # the "kind" of a team's day off the road: no visits, no travel


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


@dataclass(frozen=True)
class DayClass:
    """Days with the same teams and the same route loads.

    ``kinds`` are the distinct loads ``(visits, travel)`` with ``need[k]`` routes of kind
    ``k`` a day (the rest kind fills the teams without a route); ``routes[d][k]`` the
    indices of the input routes of kind ``k`` on the class's ``d``-th day.
    """

    team_ids: tuple[TeamId, ...]
    kinds: tuple[tuple[int, int], ...]
    need: tuple[int, ...]
    routes: tuple[tuple[tuple[int, ...], ...], ...]

    @property
    def days(self) -> int:
        return len(self.routes)


def day_classes(routes: list[RouteLoad]) -> list[DayClass]:
    """Group the routes into day classes (in order of first day)."""
    days: dict[tuple[int, tuple[TeamId, ...]], list[int]] = {}
    for i, r in enumerate(routes):
        days.setdefault((r.date_ord, r.team_ids), []).append(i)
    Kinds = tuple[tuple[tuple[int, int], int], ...]  # (kind, routes of it a day), sorted
    by_key: dict[tuple[tuple[TeamId, ...], Kinds], list[dict[tuple[int, int], list[int]]]] = {}
    for (_, team_ids), idx in sorted(days.items()):
        of_kind: dict[tuple[int, int], list[int]] = {}
        for i in idx:
            of_kind.setdefault((routes[i].visits, routes[i].travel_min), []).append(i)
        rest = len(team_ids) - len(idx)
        if rest:
            of_kind.setdefault(_REST, [])
        key = (
            team_ids,
            tuple(sorted((k, len(v) + (rest if k == _REST else 0)) for k, v in of_kind.items())),
        )
        by_key.setdefault(key, []).append(of_kind)
    out = []
    for (team_ids, counted), day_list in by_key.items():
        kinds = tuple(k for k, _ in counted)
        need = tuple(n for _, n in counted)
        out.append(
            DayClass(
                team_ids,
                kinds,
                need,
                tuple(tuple(tuple(d.get(k, [])) for k in kinds) for d in day_list),
            )
        )
    return out


def least_loaded(routes: list[RouteLoad]) -> tuple[TeamId, ...]:
    """A valid, balanced assignment: day by day, the longest routes first, each route
    to the team of its group with the least work so far (``(visits, travel)``) that
    has no route yet that day. The hint of the balance stage, and its fallback."""
    total_travel = sum(r.travel_min for r in routes)
    load: dict[TeamId, int] = {}
    busy: set[tuple[int, TeamId]] = set()
    out: list[TeamId] = [""] * len(routes)
    order = sorted(
        range(len(routes)),
        key=lambda i: (routes[i].date_ord, -routes[i].visits, -routes[i].travel_min, i),
    )
    for i in order:
        r = routes[i]
        free = [t for t in r.team_ids if (r.date_ord, t) not in busy]
        t = min(free, key=lambda t: (load.get(t, 0), r.team_ids.index(t)))
        busy.add((r.date_ord, t))
        load[t] = load.get(t, 0) + r.visits * (total_travel + 1) + r.travel_min
        out[i] = t
    return tuple(out)


def interchangeable_classes(routes: list[RouteLoad], all_teams: list[TeamId]) -> list[list[TeamId]]:
    """Teams that are in exactly the same routes' groups, as classes of ≥ 2 teams
    (in input order)."""
    where: dict[TeamId, set[tuple[int, tuple[TeamId, ...]]]] = {t: set() for t in all_teams}
    for r in routes:
        for t in r.team_ids:
            where[t].add((r.date_ord, r.team_ids))
    classes: dict[frozenset[tuple[int, tuple[TeamId, ...]]], list[TeamId]] = {}
    for t in all_teams:
        classes.setdefault(frozenset(where[t]), []).append(t)
    return [c for c in classes.values() if len(c) >= 2]


def rule_order_interchangeable(
    m: cp_model.CpModel,
    classes: list[list[TeamId]],
    vis: dict[TeamId, cp_model.IntVar],
    trv: dict[TeamId, cp_model.IntVar],
    total_travel: int,
) -> None:
    """Symmetry breaking: within a class of interchangeable teams, the workload
    ``visits × (total travel + 1) + travel`` does not increase along the class."""
    for cls in classes:
        for a, b in pairwise(cls):
            m.add(vis[a] * (total_travel + 1) + trv[a] >= vis[b] * (total_travel + 1) + trv[b])


def _ordered(
    routes: list[RouteLoad], team_of: tuple[TeamId, ...], classes: list[list[TeamId]]
) -> tuple[TeamId, ...]:
    """``team_of`` relabelled within each class of interchangeable teams so that it
    meets :func:`rule_order_interchangeable` (and stays valid)."""
    total_travel = sum(r.travel_min for r in routes)
    load: dict[TeamId, int] = {}
    for r, t in zip(routes, team_of, strict=True):
        load[t] = load.get(t, 0) + r.visits * (total_travel + 1) + r.travel_min
    rename: dict[TeamId, TeamId] = {}
    for cls in classes:
        by_load = sorted(cls, key=lambda t: -load.get(t, 0))
        rename.update(zip(by_load, cls, strict=True))
    return tuple(rename.get(t, t) for t in team_of)


def _counts(dc: DayClass, team_of: tuple[TeamId, ...]) -> dict[tuple[TeamId, int], int]:
    """How often each team takes each kind of route in ``dc`` under ``team_of``."""
    out = {(t, k): 0 for t in dc.team_ids for k in range(len(dc.kinds))}
    rest = dc.kinds.index(_REST) if _REST in dc.kinds else None
    for day in dc.routes:
        busy = set()
        for k, idx in enumerate(day):
            for i in idx:
                out[(team_of[i], k)] += 1
                busy.add(team_of[i])
        if rest is not None:
            for t in dc.team_ids:
                if t not in busy:
                    out[(t, rest)] += 1
    return out


def _split_days(dc: DayClass, counts: dict[tuple[TeamId, int], int], team_of: list[TeamId]) -> None:
    """Turn a class's counts back into one route (or rest) per team and day, writing
    ``team_of`` for the class's routes.

    The counts form a bipartite multigraph teams × kinds in which every team has
    degree ``days`` and kind ``k`` degree ``days × need[k]``; a matching giving each
    team one kind and kind ``k`` exactly ``need[k]`` teams exists (the counts divided
    by ``days`` are a fractional one) and leaves such a graph with one day less.
    """
    left = dict(counts)
    slots = [k for k, n in enumerate(dc.need) for _ in range(n)]

    def augment(t: TeamId, holder: list[TeamId | None], tried: set[int]) -> bool:
        """Kuhn's augmenting path: give ``t`` a slot, moving other teams if needed."""
        for s, k in enumerate(slots):
            if s in tried or left[(t, k)] <= 0:
                continue
            tried.add(s)
            other = holder[s]
            if other is None or augment(other, holder, tried):
                holder[s] = t
                return True
        return False

    for day in dc.routes:
        holder: list[TeamId | None] = [None] * len(slots)
        for t in dc.team_ids:
            if not augment(t, holder, set()):  # cannot happen for counts of a valid solution
                raise ValueError("day class counts do not split into days")
        taken: dict[int, list[TeamId]] = {}
        for s, who in enumerate(holder):
            assert who is not None
            left[(who, slots[s])] -= 1
            taken.setdefault(slots[s], []).append(who)
        for k, idx in enumerate(day):
            for i, t in zip(idx, taken.get(k, []), strict=False):
                team_of[i] = t


def assign_routes(
    routes: list[RouteLoad],
    all_teams: list[TeamId],
    *,
    time_limit_s: float,
    seed: int,
    workers: int,
) -> Assignment:
    """Assign every route to one of its group's teams, one route per team and day."""
    if not routes:
        return Assignment((), "OPTIMAL", 0.0, 0.0, 0.0)
    m = cp_model.CpModel()
    classes = day_classes(routes)
    take: dict[tuple[int, TeamId, int], cp_model.IntVar] = {}
    for c, dc in enumerate(classes):
        for t in dc.team_ids:
            row = []
            for k in range(len(dc.kinds)):
                take[(c, t, k)] = m.new_int_var(0, dc.days * dc.need[k], f"take_{c}_{t}_{k}")
                row.append(take[(c, t, k)])
            m.add(sum(row) == dc.days)  # one route (or rest) a day
        for k, n in enumerate(dc.need):
            m.add(sum(take[(c, t, k)] for t in dc.team_ids) == dc.days * n)  # every route taken
    total_visits = sum(r.visits for r in routes)
    total_travel = sum(r.travel_min for r in routes)
    vis = {t: m.new_int_var(0, total_visits, f"vis_{t}") for t in all_teams}
    trv = {t: m.new_int_var(0, total_travel, f"trv_{t}") for t in all_teams}
    for t in all_teams:
        terms = [(classes[c].kinds[k], var) for (c, tt, k), var in take.items() if tt == t]
        m.add(vis[t] == sum(kind[0] * var for kind, var in terms))
        m.add(trv[t] == sum(kind[1] * var for kind, var in terms))
    # Redundant for the rules, but they give the LP the averages that bound the spreads.
    m.add(sum(vis.values()) == total_visits)
    m.add(sum(trv.values()) == total_travel)
    interchangeable = interchangeable_classes(routes, all_teams)
    rule_order_interchangeable(m, interchangeable, vis, trv, total_travel)
    vmax, vmin = m.new_int_var(0, total_visits, "vmax"), m.new_int_var(0, total_visits, "vmin")
    tmax, tmin = m.new_int_var(0, total_travel, "tmax"), m.new_int_var(0, total_travel, "tmin")
    for t in all_teams:  # bounds, not max/min equalities: the objective pulls them tight
        m.add(vmin <= vis[t])
        m.add(vis[t] <= vmax)
        m.add(tmin <= trv[t])
        m.add(trv[t] <= tmax)
    m.minimize((total_travel + 1) * (vmax - vmin) + (tmax - tmin))

    # A complete hint (CP-SAT often drops a partial one): the least-loaded assignment.
    start = _ordered(routes, least_loaded(routes), interchangeable)
    for c, dc in enumerate(classes):
        for (t, k), n in _counts(dc, start).items():
            m.add_hint(take[(c, t, k)], n)
    v = {
        t: sum(r.visits for r, tt in zip(routes, start, strict=True) if tt == t) for t in all_teams
    }
    w = {
        t: sum(r.travel_min for r, tt in zip(routes, start, strict=True) if tt == t)
        for t in all_teams
    }
    for t in all_teams:
        m.add_hint(vis[t], v[t])
        m.add_hint(trv[t], w[t])
    for var, value in (
        (vmax, max(v.values())),
        (vmin, min(v.values())),
        (tmax, max(w.values())),
        (tmin, min(w.values())),
    ):
        m.add_hint(var, value)
    status, solver = run(
        m,
        Settings(seed, workers),
        seconds=time_limit_s,
        stage="balance",
        linearization=None,
        min_seconds=0.05,
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Assignment(start, "FEASIBLE", float("nan"), float("nan"), solver.wall_time)
    team_of: list[TeamId] = [""] * len(routes)
    for c, dc in enumerate(classes):
        counts = {
            (t, k): solver.value(take[(c, t, k)]) for t in dc.team_ids for k in range(len(dc.kinds))
        }
        _split_days(dc, counts, team_of)
    return Assignment(
        tuple(team_of),
        "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE",
        solver.objective_value,
        solver.best_objective_bound,
        solver.wall_time,
    )
