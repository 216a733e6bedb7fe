"""City-wide planning: one home base per district, counselors serving their own district.

Used when a config has a ``[city]`` table (``data/seoul.toml``): the bases file lists
the district offices, each center's ``district`` column names its district, and every
district gets ``counselors_per_district`` counselors with city-wide unique ids such as
``jung-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.core.problem import Base, Site, Team, TravelMatrix
from scheduler.core.travel import point, travel_matrix
from scheduler.district.parse import bad
from scheduler.district.tables import read_table


@dataclass(frozen=True)
class DistrictBase:
    """A district office used as home base."""

    base: Base
    district_ko: str
    district_en: str


def read_bases(path: Path) -> list[DistrictBase]:
    """The district offices file:
    ``id, district_ko, district_en, office_name_ko, address_ko, lat, lon``."""
    out = []
    seen: dict[str, int] = {}
    for row in read_table(
        path,
        ("id", "district_ko", "district_en", "office_name_ko", "lat", "lon"),
        ("address_ko", "confidence"),
        what="district offices",
    ):
        bid = row.text("id")
        if bid in seen:
            raise row.bad("input.centers.duplicate_id", "id", bid, line=seen[bid])
        seen[bid] = row.line
        lat = float(row.number("lat", low=33.0, high=38.7) or 0)
        lon = float(row.number("lon", low=124.5, high=131.9) or 0)
        out.append(
            DistrictBase(
                Base(bid, row.text("office_name_ko"), lat, lon, row.cells.get("address_ko", "")),
                row.text("district_ko"),
                row.text("district_en"),
            )
        )
    return out


def city_teams(
    bases: list[DistrictBase], per_district: int, max_away_min: int | None = None
) -> list[Team]:
    """``per_district`` counselors per district office, ids ``<office id>-<n>``."""
    return [
        Team(
            id=f"{b.base.id}-{i}",
            name="",
            base_id=b.base.id,
            group=b.district_ko,
            max_route_min=max_away_min,
        )
        for b in bases
        for i in range(1, per_district + 1)
    ]


def check_districts(sites: tuple[Site, ...], bases: list[DistrictBase], file: str) -> None:
    """Every center names a district that has an office."""
    known = {b.district_ko for b in bases}
    for s in sites:
        if s.group not in known:
            raise bad(
                "input.city.no_base", file=file, column="district", value=s.group or "", center=s.id
            )


def city_travel(
    sites: tuple[Site, ...],
    bases: list[DistrictBase],
    mode: str,
    overrides: dict[tuple[str, str], int] | None,
    *,
    deadline: float | None = None,
    time_limit_s: float | None = None,
) -> TravelMatrix:
    """Travel minutes within each district (the only legs a counselor drives);
    ``deadline`` as in :func:`~scheduler.core.travel.travel_matrix`.

    Legs between districts are never driven (each counselor serves one district), so
    they are filled with the maximum minutes of a day, which no route can use.
    """
    ids: list[str] = []
    block: dict[str, dict[str, tuple[float, float]]] = {}
    for b in bases:
        block.setdefault(b.district_ko, {})[b.base.id] = point(b.base.lat, b.base.lon)
    for s in sites:
        block.setdefault(s.group, {})[s.id] = point(s.lat, s.lon)
    minutes: dict[tuple[str, str], float] = {}
    for pts in block.values():
        m = travel_matrix(pts, mode, overrides, deadline=deadline, time_limit_s=time_limit_s)
        for a in m.ids:
            ids.append(a)
            for c in m.ids:
                minutes[(a, c)] = m(a, c)
    far = 24 * 60
    rows = tuple(tuple(minutes.get((a, b), far) for b in ids) for a in ids)
    return TravelMatrix(ids=tuple(ids), minutes=rows)
