"""A solved (or hand-made) schedule: visits plus how the solver got there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scheduler.core.problem import SiteId, TeamId


@dataclass(frozen=True)
class Visit:
    """One visit: a team at a site for one session of one day.

    ``order`` is 1, 2, … within the team's day; ``travel_min`` the minutes from the
    previous stop (the base for the first visit); ``arrive_min`` the arrival time.
    """

    date: dt.date
    session: int
    team_id: TeamId
    site_id: SiteId
    order: int
    arrive_min: int
    start_min: int
    end_min: int
    travel_min: int


@dataclass(frozen=True)
class StageResult:
    """One lexicographic stage of the solve."""

    name: str
    status: str
    objective: float
    bound: float
    seconds: float


@dataclass(frozen=True)
class SolveInfo:
    """What the solver reports: status, objective, bound and gap of the last stage."""

    status: str  # OPTIMAL, FEASIBLE (or HAND-MADE for a schedule read from a file)
    objective: float
    bound: float
    gap: float
    seconds: float
    seed: int = 0
    time_limit_s: float = 0.0
    stages: tuple[StageResult, ...] = ()
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Plan:
    """Visits in (date, team, order) order, and the solve that produced them."""

    visits: tuple[Visit, ...]
    info: SolveInfo = field(default_factory=lambda: SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))

    def by_team_day(self) -> dict[tuple[TeamId, dt.date], list[Visit]]:
        """Visits grouped per (team, date), each group in visit order."""
        out: dict[tuple[TeamId, dt.date], list[Visit]] = {}
        for v in sorted(self.visits, key=lambda v: (v.date, v.team_id, v.start_min, v.order)):
            out.setdefault((v.team_id, v.date), []).append(v)
        return out


def sort_visits(visits: list[Visit] | tuple[Visit, ...]) -> tuple[Visit, ...]:
    """The canonical order of visits: date, team, start time, order in the route, site."""
    return tuple(sorted(visits, key=lambda v: (v.date, v.team_id, v.start_min, v.order, v.site_id)))
