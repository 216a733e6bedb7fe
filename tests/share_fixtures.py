"""Hand-made problems and plans for the map, export and browser tests (no solver)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

from scheduler.core.plan import Plan, SolveInfo, Visit
from scheduler.core.problem import Base, Day, Problem, Session, Site, Team, TravelMatrix

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"

# Jung-gu office (중구청), the counselors' home base.
BASE = Base("jung-gu-office", "중구청", 37.563656, 126.997620, "서울특별시 중구 창경궁로 17")
SESSIONS = ((600, 720), (840, 960))  # 10:00-12:00, 14:00-16:00
SETUP_BUFFER_MIN = 10

HOSTILE_TEAM_NAMES = (
    '<img src=x onerror="window.__pwned=1">',
    "`${window.__pwned=1}`\\",
)


def load_centers(path: Path = DATA / "dong_centers.csv") -> tuple[Site, ...]:
    """The 15 real Jung-gu community centers as sites."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Site(
                id=row["id"],
                name=row["center_name_ko"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                weight=int(row["population"]),
                address=row["address_ko"],
                name_en=f"{row['dong_en']} Community Center",
            )
            for row in csv.DictReader(fh)
        )


def load_hostile_centers(path: Path = TEST_DATA / "hostile_centers.csv") -> tuple[Site, ...]:
    """Sites whose every text field is an injection payload (tests/data/hostile_centers.csv)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Site(
                id=row["id"],
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                weight=int(row["population"]),
                address=row["address"],
                name_en=row["notes"],
            )
            for row in csv.DictReader(fh)
        )


def load_boundaries() -> dict:
    """The parsed dong boundary GeoJSON (data/jung_gu_dongs.geojson)."""
    return json.loads((DATA / "jung_gu_dongs.geojson").read_text(encoding="utf-8"))


def _minutes(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Travel minutes: straight-line distance at 15 km/h plus 5 minutes, at least 1."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * 6371.0 * math.asin(math.sqrt(h))
    return max(1, round(km / 15.0 * 60) + 5) if km > 0 else 0


def travel_matrix(sites: tuple[Site, ...], bases: tuple[Base, ...]) -> TravelMatrix:
    """A symmetric travel-minute matrix over sites and bases."""
    places = [(s.id, (s.lat, s.lon)) for s in sites] + [(b.id, (b.lat, b.lon)) for b in bases]
    ids = tuple(p[0] for p in places)
    minutes = tuple(tuple(_minutes(a[1], b[1]) for b in places) for a in places)
    return TravelMatrix(ids, minutes)


def visit_days(year: int, month: int, weekdays: tuple[int, ...] = (2, 4)) -> tuple[dt.date, ...]:
    """Every Tuesday and Thursday (ISO weekdays) of a month."""
    day = dt.date(year, month, 1)
    out = []
    while day.month == month:
        if day.isoweekday() in weekdays:
            out.append(day)
        day += dt.timedelta(days=1)
    return tuple(out)


def make_problem(
    sites: tuple[Site, ...] | None = None,
    *,
    counselors: int = 2,
    team_names: tuple[str, ...] | None = None,
    team_ids: tuple[str, ...] | None = None,
    year: int = 2026,
    month: int = 12,
    base: Base = BASE,
    label: str = "",
) -> Problem:
    """A one-month Tue/Thu problem over ``sites`` (default: the 15 real centers)."""
    sites = sites if sites is not None else load_centers()
    ids = team_ids or tuple(str(i + 1) for i in range(counselors))
    names = team_names or tuple(f"상담사 {tid}" for tid in ids)
    teams = tuple(Team(tid, name, base.id) for tid, name in zip(ids, names, strict=True))
    sessions = tuple(Session(i, a, b) for i, (a, b) in enumerate(SESSIONS))
    dates = visit_days(year, month)
    days = tuple(Day(d, sessions, 9 * 60, 18 * 60) for d in dates)
    start = dt.date(year, month, 1)
    end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
    return Problem(
        start=start,
        end=end,
        sites=sites,
        bases=(base,),
        teams=teams,
        days=days,
        travel=travel_matrix(sites, (base,)),
        label=label,
    )


def make_plan(problem: Problem, *, visits_per_day: int = 2, days: int | None = None) -> Plan:
    """Round-robin visits: each counselor fills ``visits_per_day`` sessions on each day."""
    visits: list[Visit] = []
    order = [s.id for s in problem.sites]
    k = 0
    for day in problem.days[: days if days is not None else len(problem.days)]:
        for team in problem.teams:
            prev = team.base_id
            for n, session in enumerate(day.sessions[:visits_per_day]):
                site = order[k % len(order)]
                k += 1
                travel = problem.travel(prev, site)
                visits.append(
                    Visit(
                        date=day.date,
                        session=session.index,
                        team_id=team.id,
                        site_id=site,
                        order=n + 1,
                        arrive_min=session.start_min - SETUP_BUFFER_MIN,
                        start_min=session.start_min,
                        end_min=session.end_min,
                        travel_min=travel,
                    )
                )
                prev = site
    visits.sort(key=lambda v: (v.date, v.team_id, v.start_min, v.site_id))
    return Plan(tuple(visits), SolveInfo("OPTIMAL", 0.0, 0.0, 0.0, 1.25))


def real_case() -> tuple[Problem, Plan]:
    """15 real centers, 2 counselors, December 2026, 2 visits a day."""
    problem = make_problem()
    return problem, make_plan(problem)


def hostile_case() -> tuple[Problem, Plan]:
    """Hostile center names, addresses, notes, counselor names and base name."""
    base = Base(
        "base<script>",
        '중구청 "</script><script>window.__pwned=1</script>',
        37.563656,
        126.99762,
        "`${1}`",
    )
    sites = load_hostile_centers()
    problem = make_problem(
        sites,
        counselors=2,
        team_names=HOSTILE_TEAM_NAMES,
        team_ids=("1", "../evil id"),
        base=base,
        label="<b>제목</b> ${window.__pwned=1}",
    )
    return problem, make_plan(problem, days=3)
