"""District files + options → a generic :class:`Problem`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.core.problem import Day, Pin, Problem, Rules, Session, Team
from scheduler.core.travel import point, travel_matrix
from scheduler.district.calendar import SkippedDay, visit_dates
from scheduler.district.centers import known_id, read_centers
from scheduler.district.city import check_districts, city_teams, city_travel, read_bases
from scheduler.district.config import CounselorSpec, DistrictConfig
from scheduler.district.history import read_history, read_travel_matrix
from scheduler.district.parse import MAX_COUNSELORS, MAX_PERIOD_DAYS, bad
from scheduler.district.pins import apply_options


@dataclass(frozen=True)
class Options:
    """Command-line choices that shape a problem (``None`` = take the config's)."""

    start: dt.date
    end: dt.date
    counselors: int | None = None
    visits_per_day: int | None = None
    weekdays: tuple[int, ...] | None = None
    centers_path: Path | None = None
    history_path: Path | None = None
    matrix_path: Path | None = None
    min_visits: int | None = None
    max_visits: int | None = None
    label: str = ""
    pins_path: Path | None = None  # --pins: a CSV of pinned visits (scheduler.district.pins)
    extra_leave: tuple[tuple[str, dt.date], ...] = ()  # replan --unavailable: (counselor, date)
    extra_closures: tuple[tuple[str, dt.date], ...] = ()  # replan --closed: (center, date)
    extra_counselors: tuple[str, ...] = ()  # replan --add-counselor


@dataclass(frozen=True)
class Built:
    """The problem, the weekdays skipped (holidays, closures) and warnings."""

    problem: Problem
    skipped: tuple[SkippedDay, ...]
    warnings: tuple[str, ...]
    config: DistrictConfig


def counselor_teams(config: DistrictConfig, count: int | None) -> list[Team]:
    """The config's counselors, or ``count`` of them: the first ``count`` configured,
    then ids continuing ``len+1 … count``."""
    specs = list(config.counselors)
    if count is not None:
        if not 1 <= count <= MAX_COUNSELORS:
            raise bad(
                "input.build.counselors", column="--counselors", value=count, limit=MAX_COUNSELORS
            )
        specs = specs[:count]
        taken = {s.id for s in specs}
        n = 1
        while len(specs) < count:
            while str(n) in taken:
                n += 1
            specs.append(CounselorSpec(str(n), ""))
            taken.add(str(n))
    return [
        Team(
            id=s.id,
            name=s.name,
            base_id=config.base.id,
            days_off=s.leave,
            weekdays=s.weekdays,
            max_route_min=config.max_away_min,
        )
        for s in specs
    ]


def build_problem(  # noqa: C901 - a flat sequence of input checks
    config: DistrictConfig,
    opts: Options,
    *,
    deadline: float | None = None,
    time_limit_s: float | None = None,
) -> Built:
    """Read the centers (and history, matrix) named by ``config``/``opts`` into a Problem.

    ``deadline`` (``time.perf_counter()``, the end of the command's ``time_limit_s``):
    computing travel times past it raises :class:`~scheduler.errors.InfeasibleError`.
    """
    if opts.end < opts.start:
        raise bad(
            "input.build.period_reversed",
            column="--end",
            value=opts.end.isoformat(),
            start=opts.start.isoformat(),
        )
    if (opts.end - opts.start).days > MAX_PERIOD_DAYS:
        raise bad("input.build.period_long", column="--end", value=opts.end.isoformat())
    base = config.base
    city_bases = read_bases(config.city_bases_path) if config.city_bases_path else None
    home = None if city_bases else point(base.lat, base.lon)
    centers = read_centers(opts.centers_path or config.centers_path, home=home)
    site_ids = [s.id for s in centers.sites]
    base_ids = {b.base.id for b in city_bases} if city_bases else {base.id}
    clash = sorted(base_ids & set(site_ids))
    if clash:
        raise bad(
            "input.build.base_clash",
            file=str(opts.centers_path or config.centers_path),
            column="id",
            value=clash[0],
        )
    min_v = config.min_visits if opts.min_visits is None else opts.min_visits
    max_v = config.max_visits if opts.max_visits is None else opts.max_visits
    if max_v is not None and max_v < min_v:
        raise bad("input.build.max_below_min", column="--max-visits", value=max_v, min=min_v)
    sites = tuple(replace(s, min_visits=min_v, max_visits=max_v) for s in centers.sites)

    vpd = opts.visits_per_day or config.visits_per_day
    if vpd not in config.sessions:
        raise bad(
            "input.build.no_sessions",
            column="--visits-per-day",
            value=vpd,
            known=", ".join(map(str, sorted(config.sessions))),
            vpd=vpd,
            config=config.path.name,
        )
    sessions = tuple(Session(i + 1, a, b) for i, (a, b) in enumerate(config.sessions[vpd]))
    for s in sessions:
        if s.start_min < config.work_start_min or s.end_min > config.work_end_min:
            raise bad(
                "input.build.session_outside",
                file=str(config.path),
                column="sessions",
                value=f"{s.start_min // 60:02d}:{s.start_min % 60:02d}",
            )
    weekdays = opts.weekdays or config.weekdays
    dates, skipped = visit_dates(opts.start, opts.end, weekdays, config.closures)
    days = tuple(Day(d, sessions, config.work_start_min, config.work_end_min) for d in dates)

    for sid, _ in config.center_closures:
        if sid not in site_ids:
            known_id(
                site_ids, sid, file=str(config.path), row=None, column="center_closures.center"
            )
    closures = frozenset(
        (sid, d) for sid, d in config.center_closures if opts.start <= d <= opts.end
    )

    if city_bases:
        check_districts(sites, city_bases, str(opts.centers_path or config.centers_path))
        bases = tuple(b.base for b in city_bases)
        points = [*(b.id for b in bases), *site_ids]
    else:
        bases = (base,)
        points = [base.id, *site_ids]
    overrides = read_travel_matrix(opts.matrix_path, points) if opts.matrix_path else None
    if city_bases:
        travel = city_travel(
            sites,
            city_bases,
            config.travel_mode,
            overrides,
            deadline=deadline,
            time_limit_s=time_limit_s,
        )
    else:
        coords = {base.id: point(base.lat, base.lon), **{s.id: point(s.lat, s.lon) for s in sites}}
        travel = travel_matrix(
            coords,
            config.travel_mode,
            overrides,
            deadline=deadline,
            time_limit_s=time_limit_s,
        )

    last_visit = read_history(opts.history_path, site_ids, opts.start) if opts.history_path else {}
    if city_bases:
        teams = city_teams(
            city_bases, opts.counselors or config.counselors_per_district, config.max_away_min
        )
    else:
        teams = counselor_teams(config, opts.counselors)
    if len(teams) > MAX_COUNSELORS:  # city-wide: counselors per district times districts
        raise bad(
            "input.build.counselors", column="--counselors", value=len(teams), limit=MAX_COUNSELORS
        )
    team_ids = [t.id for t in teams]
    pins = []
    for p in config.pins:
        if not (opts.start <= p.date <= opts.end):
            continue
        if p.center not in site_ids:
            known_id(site_ids, p.center, file=str(config.path), row=None, column="pins.center")
        if p.counselor is not None and p.counselor not in team_ids:
            raise bad(
                "input.pins.counselor",
                file=str(config.path),
                column="pins.counselor",
                value=p.counselor,
                ids=", ".join(team_ids),
            )
        pins.append(Pin(p.center, p.date, p.counselor, p.session))
    # --pins and the replan's extra leave, closures and counselors
    teams, closures, pins, extra_warnings = apply_options(
        opts, teams, closures, pins, site_ids, sessions
    )

    problem = Problem(
        start=opts.start,
        end=opts.end,
        sites=sites,
        bases=bases,
        teams=tuple(teams),
        days=days,
        travel=travel,
        rules=Rules(min_gap_days=config.min_gap_days, setup_buffer_min=config.setup_buffer_min),
        closures=closures,
        last_visit=last_visit,
        has_history=opts.history_path is not None,
        pins=tuple(pins),
        label=opts.label,
    )
    return Built(problem, tuple(skipped), (*centers.warnings, *extra_warnings), config)
