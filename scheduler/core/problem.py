"""The domain of a periodic-visit problem, as frozen dataclasses.

All times are integer minutes after midnight; all travel is integer minutes.
A :class:`Problem` is validated once, when it is built: ids are unique and every
reference resolves, so the solver and the validator can trust it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

SiteId = str
BaseId = str
TeamId = str


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


@dataclass(frozen=True)
class Site:
    """A place that can be visited (a community center).

    ``weight`` is the demand a visit serves (the resident population);
    ``min_visits`` / ``max_visits`` bound its visits in the period (``None`` = no upper bound).
    ``name`` (Korean), ``name_en``, ``address`` and ``group`` (e.g. the district)
    are free text for humans.
    """

    id: SiteId
    name: str
    lat: float
    lon: float
    weight: int
    address: str = ""
    name_en: str = ""
    min_visits: int = 0
    max_visits: int | None = None
    group: str = ""

    def __post_init__(self) -> None:
        _check(bool(self.id), "a site needs an id")
        _check(-90 <= self.lat <= 90 and -180 <= self.lon <= 180, f"site {self.id!r}: bad coordinates {(self.lat, self.lon)!r}")
        _check(self.weight >= 0, f"site {self.id!r}: weight must be >= 0, got {self.weight!r}")
        _check(self.min_visits >= 0, f"site {self.id!r}: min_visits must be >= 0, got {self.min_visits!r}")
        _check(
            self.max_visits is None or self.max_visits >= self.min_visits,
            f"site {self.id!r}: max_visits {self.max_visits!r} < min_visits {self.min_visits!r}",
        )


@dataclass(frozen=True)
class Base:
    """A home base where teams start and end each working day."""

    id: BaseId
    name: str
    lat: float
    lon: float
    address: str = ""


@dataclass(frozen=True)
class Session:
    """A visit session of a day: a visit fills it from ``start_min`` to ``end_min``."""

    index: int
    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        _check(0 <= self.start_min < self.end_min <= 24 * 60, f"session {self.index}: end must be after start")


@dataclass(frozen=True)
class Day:
    """A day on which visits may happen, with its sessions and working hours."""

    date: dt.date
    sessions: tuple[Session, ...]
    work_start_min: int
    work_end_min: int

    def __post_init__(self) -> None:
        _check(len(self.sessions) > 0, f"{self.date}: a day needs at least one session")
        starts = [s.start_min for s in self.sessions]
        _check(starts == sorted(starts), f"{self.date}: sessions must be in time order")
        for a, b in zip(self.sessions, self.sessions[1:], strict=False):
            _check(a.end_min <= b.start_min, f"{self.date}: sessions {a.index} and {b.index} overlap")
        _check(self.work_start_min < self.work_end_min, f"{self.date}: working day ends before it starts")


@dataclass(frozen=True)
class Team:
    """A counselor (or a team travelling together) working from one base.

    ``days_off`` are dates the team cannot work (leave); ``weekdays`` the ISO
    weekdays (1 = Monday) it works on, ``None`` = every visit day.
    """

    id: TeamId
    name: str
    base_id: BaseId
    days_off: frozenset[dt.date] = frozenset()
    weekdays: frozenset[int] | None = None
    group: str = ""

    def works_on(self, day: dt.date) -> bool:
        """Whether the team is available on ``day``."""
        if day in self.days_off:
            return False
        return self.weekdays is None or day.isoweekday() in self.weekdays


@dataclass(frozen=True)
class Rules:
    """Hard-rule parameters shared by all sites."""

    min_gap_days: int = 7
    setup_buffer_min: int = 10
    max_visits_per_site_day: int = 1

    def __post_init__(self) -> None:
        _check(self.min_gap_days >= 1, f"min_gap_days must be >= 1, got {self.min_gap_days!r}")
        _check(self.setup_buffer_min >= 0, f"setup_buffer_min must be >= 0, got {self.setup_buffer_min!r}")


@dataclass(frozen=True)
class TravelMatrix:
    """Integer travel minutes between every pair of place ids (sites and bases)."""

    ids: tuple[str, ...]
    minutes: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        n = len(self.ids)
        _check(len(set(self.ids)) == n, "travel matrix ids must be unique")
        _check(len(self.minutes) == n and all(len(r) == n for r in self.minutes), "travel matrix must be square")
        _check(all(m >= 0 for r in self.minutes for m in r), "travel minutes must be >= 0")
        object.__setattr__(self, "_pos", {pid: i for i, pid in enumerate(self.ids)})

    def __call__(self, a: str, b: str) -> int:
        """Minutes from ``a`` to ``b``."""
        pos: dict[str, int] = self._pos  # type: ignore[attr-defined]
        return self.minutes[pos[a]][pos[b]]

    def __contains__(self, place: str) -> bool:
        return place in self._pos  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Pin:
    """A visit that must stay exactly as given (team and session optional)."""

    site_id: SiteId
    date: dt.date
    team_id: TeamId | None = None
    session: int | None = None


@dataclass(frozen=True)
class Problem:
    """A whole periodic-visit problem over ``[start, end]``.

    ``days`` are the visit days only (holidays and closed weekdays already removed).
    ``closures`` are (site, date) pairs on which a site cannot be visited.
    ``last_visit`` gives, per site, the date of its latest visit before the period
    (from a history file); sites absent from it have never been visited.
    """

    start: dt.date
    end: dt.date
    sites: tuple[Site, ...]
    bases: tuple[Base, ...]
    teams: tuple[Team, ...]
    days: tuple[Day, ...]
    travel: TravelMatrix
    rules: Rules = field(default_factory=Rules)
    closures: frozenset[tuple[SiteId, dt.date]] = frozenset()
    last_visit: Mapping[SiteId, dt.date] = field(default_factory=dict)
    has_history: bool = False
    pins: tuple[Pin, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        _check(self.start <= self.end, f"period start {self.start} is after its end {self.end}")
        site_ids = [s.id for s in self.sites]
        base_ids = [b.id for b in self.bases]
        team_ids = [t.id for t in self.teams]
        for kind, ids in (("site", site_ids), ("base", base_ids), ("team", team_ids)):
            dup = {i for i in ids if ids.count(i) > 1}
            _check(not dup, f"duplicate {kind} ids: {sorted(dup)}")
        _check(not set(site_ids) & set(base_ids), "a base id is also a site id")
        for t in self.teams:
            _check(t.base_id in base_ids, f"team {t.id!r}: unknown base {t.base_id!r}")
        dates = [d.date for d in self.days]
        _check(dates == sorted(set(dates)), "days must be distinct and in date order")
        _check(all(self.start <= d <= self.end for d in dates), "every day must lie inside the period")
        for pid in (*site_ids, *base_ids):
            _check(pid in self.travel, f"travel matrix has no entry for {pid!r}")
        for sid, _ in self.closures:
            _check(sid in site_ids, f"closure for unknown site {sid!r}")
        for p in self.pins:
            _check(p.site_id in site_ids, f"pinned visit for unknown site {p.site_id!r}")
            _check(p.team_id is None or p.team_id in team_ids, f"pinned visit for unknown team {p.team_id!r}")

    # Convenience look-ups -------------------------------------------------
    def site(self, site_id: SiteId) -> Site:
        """The site with this id."""
        return next(s for s in self.sites if s.id == site_id)

    def team(self, team_id: TeamId) -> Team:
        """The team with this id."""
        return next(t for t in self.teams if t.id == team_id)

    def base(self, base_id: BaseId) -> Base:
        """The base with this id."""
        return next(b for b in self.bases if b.id == base_id)

    def day(self, date: dt.date) -> Day:
        """The visit day on this date."""
        return next(d for d in self.days if d.date == date)

    @property
    def period_days(self) -> int:
        """Calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def slots(self) -> int:
        """Team-sessions available: for each day, teams at work × sessions."""
        return sum(len(d.sessions) for d in self.days for t in self.teams if t.works_on(d.date))
