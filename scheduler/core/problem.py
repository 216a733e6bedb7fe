"""The domain of a periodic-visit problem, as frozen dataclasses.

This is the generic core every front end builds: sites with a weight (priority),
visit counts, allowed day patterns or a minimum spacing, service minutes and an
optional load; days with sessions (fixed visit slots) or without (free-flow days:
visits follow each other, each lasting its site's service minutes); teams with a
home base, an optional capacity and an optional daily duration limit; and a travel
matrix. The Jung-gu front end (:mod:`scheduler.district`) builds one from its data
files and calendar; the benchmark reader (:mod:`scheduler.periodic`) from a Cordeau
PVRP file. Calendars, holidays and notices stay out of it.

Times are minutes after midnight. The district builds integer minutes; a problem
read from a benchmark file may carry real-valued travel and service times.
A :class:`Problem` is validated once, when it is built: ids are unique and every
reference resolves, so the solver and the validator can trust it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

SiteId = str
BaseId = str
TeamId = str


def tightest(*limits: float | None) -> float | None:
    """The smallest of the given limits, ignoring ``None`` and infinite ones (no
    limit); ``None`` when none is left. Team and day limits combine this way."""
    given = [v for v in limits if v is not None and math.isfinite(v)]
    return min(given) if given else None


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


@dataclass(frozen=True)
class Site:
    """A place that can be visited (a community center).

    ``weight`` is the value (priority) of a visit, e.g. the resident population a
    visit serves; ``min_visits`` / ``max_visits`` bound its visits in the period
    (``None`` = no upper bound); a site with ``min_visits == 0`` is optional.
    ``patterns``, when given, are the allowed sets of visit days (0-based positions
    in :attr:`Problem.days`): the site is visited on exactly the days of one of them
    (or on none, when optional). Without patterns, :attr:`Rules.min_gap_days`
    spaces the visits. ``service_min`` is the time on site on a free-flow day (a
    session day fixes it by the session); ``load`` what one visit takes from a
    team's daily capacity. ``lat``/``lon`` may be ``None`` when travel comes from
    a matrix only (no map then); ``xy`` are planar coordinates (a benchmark's),
    which routing heuristics may use as hints (travel still comes from the matrix).
    ``name`` (Korean), ``name_en``, ``address`` and ``group`` (e.g. the district, a
    service area) are free text for humans.
    """

    id: SiteId
    name: str
    lat: float | None
    lon: float | None
    weight: int
    address: str = ""
    name_en: str = ""
    min_visits: int = 0
    max_visits: int | None = None
    group: str = ""
    patterns: tuple[frozenset[int], ...] = ()
    service_min: float = 0
    load: int = 0
    xy: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        _check(bool(self.id), "a site needs an id")
        if self.lat is not None or self.lon is not None:
            _check(
                self.lat is not None
                and self.lon is not None
                and -90 <= self.lat <= 90
                and -180 <= self.lon <= 180,
                f"site {self.id!r}: bad coordinates {(self.lat, self.lon)!r}",
            )
        _check(
            self.service_min >= 0,
            f"site {self.id!r}: service minutes must be >= 0, got {self.service_min!r}",
        )
        _check(self.load >= 0, f"site {self.id!r}: load must be >= 0, got {self.load!r}")
        for p in self.patterns:
            _check(
                bool(p) and min(p) >= 0,
                f"site {self.id!r}: a pattern must be a non-empty set of day positions",
            )
            _check(
                len(p) >= self.min_visits
                and (self.max_visits is None or len(p) <= self.max_visits),
                f"site {self.id!r}: pattern of {len(p)} days outside its visit bounds",
            )
        _check(self.weight >= 0, f"site {self.id!r}: weight must be >= 0, got {self.weight!r}")
        _check(
            self.min_visits >= 0,
            f"site {self.id!r}: min_visits must be >= 0, got {self.min_visits!r}",
        )
        _check(
            self.max_visits is None or self.max_visits >= self.min_visits,
            f"site {self.id!r}: max_visits {self.max_visits!r} < min_visits {self.min_visits!r}",
        )


@dataclass(frozen=True)
class Base:
    """A home base where teams start and end each working day."""

    id: BaseId
    name: str
    lat: float | None
    lon: float | None
    address: str = ""
    xy: tuple[float, float] | None = None


@dataclass(frozen=True)
class Session:
    """A visit session of a day: a visit fills it from ``start_min`` to ``end_min``."""

    index: int
    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        _check(
            0 <= self.start_min < self.end_min <= 24 * 60,
            f"session {self.index}: end must be after start",
        )


@dataclass(frozen=True)
class Day:
    """A day on which visits may happen, with its sessions and working hours.

    A day without sessions is a *free-flow* day: a team's visits follow each other,
    each starting on arrival and lasting its site's ``service_min``.
    ``capacity`` / ``max_route_min`` limit every team on this day in addition to the
    team's own limits (``None``: no limit of the day's own).
    """

    date: dt.date
    sessions: tuple[Session, ...]
    work_start_min: float
    work_end_min: float
    capacity: int | None = None
    max_route_min: float | None = None

    @property
    def free_flow(self) -> bool:
        """True for a day without sessions."""
        return not self.sessions

    def __post_init__(self) -> None:
        starts = [s.start_min for s in self.sessions]
        _check(starts == sorted(starts), f"{self.date}: sessions must be in time order")
        for a, b in zip(self.sessions, self.sessions[1:], strict=False):
            _check(
                a.end_min <= b.start_min, f"{self.date}: sessions {a.index} and {b.index} overlap"
            )
        _check(
            self.work_start_min < self.work_end_min,
            f"{self.date}: working day ends before it starts",
        )


@dataclass(frozen=True)
class Team:
    """A counselor (or a team travelling together, a vehicle) working from one base.

    ``days_off`` are dates the team cannot work (leave); ``weekdays`` the ISO
    weekdays (1 = Monday) it works on, ``None`` = every visit day. ``group`` is its
    service area: it visits only sites of that group (empty: any site).
    ``capacity`` bounds the summed site loads of one day's route and
    ``max_route_min`` the minutes from leaving the base to returning to it
    (travel, service and waiting), ``None`` = no limit.
    """

    id: TeamId
    name: str
    base_id: BaseId
    days_off: frozenset[dt.date] = frozenset()
    weekdays: frozenset[int] | None = None
    group: str = ""
    capacity: int | None = None
    max_route_min: float | None = None

    def __post_init__(self) -> None:
        _check(
            self.capacity is None or self.capacity >= 0, f"team {self.id!r}: capacity must be >= 0"
        )
        _check(
            self.max_route_min is None or self.max_route_min >= 0,
            f"team {self.id!r}: max_route_min must be >= 0",
        )

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
        _check(
            self.setup_buffer_min >= 0,
            f"setup_buffer_min must be >= 0, got {self.setup_buffer_min!r}",
        )


@dataclass(frozen=True)
class TravelMatrix:
    """Travel minutes between every pair of place ids (sites and bases).

    Integers for the district; real numbers are allowed (a benchmark's Euclidean
    distances), but the exact session-day solver needs integers.
    """

    ids: tuple[str, ...]
    minutes: tuple[tuple[float, ...], ...]

    def __post_init__(self) -> None:
        n = len(self.ids)
        _check(len(set(self.ids)) == n, "travel matrix ids must be unique")
        _check(
            len(self.minutes) == n and all(len(r) == n for r in self.minutes),
            "travel matrix must be square",
        )
        _check(all(m >= 0 for r in self.minutes for m in r), "travel minutes must be >= 0")
        object.__setattr__(self, "_pos", {pid: i for i, pid in enumerate(self.ids)})

    @property
    def integral(self) -> bool:
        """True when every entry is a whole number."""
        return all(float(m).is_integer() for r in self.minutes for m in r)

    def __call__(self, a: str, b: str) -> float:
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
        _check(
            all(self.start <= d <= self.end for d in dates), "every day must lie inside the period"
        )
        for pid in (*site_ids, *base_ids):
            _check(pid in self.travel, f"travel matrix has no entry for {pid!r}")
        for sid, _ in self.closures:
            _check(sid in site_ids, f"closure for unknown site {sid!r}")
        for p in self.pins:
            _check(p.site_id in site_ids, f"pinned visit for unknown site {p.site_id!r}")
            _check(
                p.team_id is None or p.team_id in team_ids,
                f"pinned visit for unknown team {p.team_id!r}",
            )
        for s in self.sites:
            for pattern in s.patterns:
                _check(
                    max(pattern) < len(self.days),
                    f"site {s.id!r}: a pattern names day {max(pattern)}, "
                    f"but there are only {len(self.days)} days",
                )

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

    def day_index(self, date: dt.date) -> int:
        """The 0-based position of ``date`` in :attr:`days` (the numbering of patterns)."""
        return next(i for i, d in enumerate(self.days) if d.date == date)

    @property
    def free_flow(self) -> bool:
        """True when no day has sessions: a pure routing problem."""
        return all(d.free_flow for d in self.days)

    @property
    def period_days(self) -> int:
        """Calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def slots(self) -> int:
        """Team-sessions available: for each day, teams at work × sessions."""
        return sum(len(d.sessions) for d in self.days for t in self.teams if t.works_on(d.date))
