"""The community-centers file (``data/dong_centers.csv``) → :class:`Site` objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scheduler.core.problem import Site
from scheduler.core.travel import distance_km
from scheduler.district.tables import Row, closest, read_table
from scheduler.errors import DataError

REQUIRED = ("id", "dong_ko", "dong_en", "center_name_ko", "address_ko", "lat", "lon", "population")
OPTIONAL = ("population_year", "adm_code", "confidence", "notes", "district", "center_name_en")
# South Korea, mainland and islands (generous box): outside it a point is an error.
KOREA_LAT = (33.0, 38.7)
KOREA_LON = (124.5, 131.9)
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Centers:
    """The sites read from a centers file, and warnings worth showing."""

    sites: tuple[Site, ...]
    warnings: tuple[str, ...]
    districts: dict[str, str]


MAX_POPULATION = 1_000_000  # no administrative dong in Korea comes near this


def _coords(row: Row) -> tuple[float, float]:
    lat = row.number("lat", hint="write the latitude in decimal degrees, e.g. 37.5634")
    lon = row.number("lon", hint="write the longitude in decimal degrees, e.g. 126.9975")
    assert lat is not None and lon is not None
    in_lat = KOREA_LAT[0] <= lat <= KOREA_LAT[1]
    in_lon = KOREA_LON[0] <= lon <= KOREA_LON[1]
    if not (in_lat and in_lon):
        if KOREA_LAT[0] <= lon <= KOREA_LAT[1] and KOREA_LON[0] <= lat <= KOREA_LON[1]:
            raise DataError("latitude and longitude are swapped", file=row.file, row=row.line, column="lat",
                            value=row.cells["lat"], hint=f"swap the lat ({lat}) and lon ({lon}) values")
        col = "lat" if not in_lat else "lon"
        box = f"{KOREA_LAT[0]}–{KOREA_LAT[1]}" if col == "lat" else f"{KOREA_LON[0]}–{KOREA_LON[1]}"
        raise DataError(f"the point lies outside South Korea ({col} must be within {box})", file=row.file,
                        row=row.line, column=col, value=row.cells[col],
                        hint="use WGS84 decimal degrees, e.g. lat 37.56, lon 126.99")
    return float(lat), float(lon)


def read_centers(path: Path, *, home: tuple[float, float] | None = None, warn_km: float = 15.0) -> Centers:
    """Read and check a centers file; ``home`` (the base) is used for far-away warnings."""
    sites: list[Site] = []
    warnings: list[str] = []
    seen: dict[str, tuple[str, int]] = {}
    districts: dict[str, str] = {}
    for row in read_table(path, REQUIRED, OPTIONAL, what="centers"):
        sid = row.text("id")
        if not ID_PATTERN.match(sid):
            raise DataError("an id may hold only letters, digits, '-', '_' and '.'", file=row.file, row=row.line,
                            column="id", value=sid, hint="use a short ASCII id such as 'sogong'")
        if sid.lower() in seen:
            other, line = seen[sid.lower()]
            same = "the same id" if other == sid else f"the id '{other}' (differing only in case)"
            raise DataError("duplicate id", file=row.file, row=row.line, column="id", value=sid,
                            hint=f"{same} is on row {line}; ids must be unique")
        seen[sid.lower()] = (sid, row.line)
        row.text("dong_ko")
        lat, lon = _coords(row)
        pop = row.number("population", kind=int, low=1, high=MAX_POPULATION,
                         hint=f"population must be a whole number from 1 to {MAX_POPULATION:,} (residents of the dong)")
        name = row.text("center_name_ko")
        dong_en = row.text("dong_en")
        name_en = row.cells.get("center_name_en") or f"{dong_en} Community Center"
        sites.append(
            Site(id=sid, name=name, lat=lat, lon=lon, weight=int(pop or 0), address=row.text("address_ko"),
                 name_en=name_en, group=row.cells.get("district", ""))
        )
        if row.cells.get("district"):
            districts[sid] = row.cells["district"]
        if home is not None:
            km = distance_km(home, (lat, lon))
            if km > warn_km:
                warnings.append(f"{row.file}, row {row.line}, column 'lat': {sid} lies {km:.1f} km from the home "
                                f"base, far outside the district (more than {warn_km:g} km) "
                                f"(value: {row.cells['lat']}, {row.cells['lon']}). Hint: check its coordinates")
    return Centers(tuple(sites), tuple(warnings), districts)


def known_id(site_ids: list[str], value: str, *, file: str, row: int, column: str) -> str:
    """``value`` if it is a known center id, else a DataError with the closest id as hint."""
    if value in site_ids:
        return value
    near = closest(value, site_ids)
    if near and near.lower() == value.strip().lower() and near != value:
        hint = f"ids are case- and space-sensitive: write '{near}'"
    elif near:
        hint = f"did you mean '{near}'?"
    else:
        shown = ", ".join(site_ids[:6]) + (", …" if len(site_ids) > 6 else "")
        hint = f"use an id from the centers file ({shown})"
    raise DataError("unknown center id", file=file, row=row, column=column, value=value, hint=hint)
