"""The community-centers file (``data/dong_centers.csv``) → :class:`Site` objects."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from scheduler.core.problem import Site
from scheduler.core.travel import distance_km
from scheduler.district.parse import MAX_CENTERS, bad
from scheduler.district.tables import Row, closest, read_table

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
    lat = row.number("lat", hint_code="input.centers.lat.hint")
    lon = row.number("lon", hint_code="input.centers.lon.hint")
    assert lat is not None and lon is not None
    in_lat = KOREA_LAT[0] <= lat <= KOREA_LAT[1]
    in_lon = KOREA_LON[0] <= lon <= KOREA_LON[1]
    if not (in_lat and in_lon):
        if KOREA_LAT[0] <= lon <= KOREA_LAT[1] and KOREA_LON[0] <= lat <= KOREA_LON[1]:
            raise row.bad(
                "input.centers.swapped", "lat", row.cells["lat"], lat=f"{lat}", lon=f"{lon}"
            )
        col = "lat" if not in_lat else "lon"
        box = f"{KOREA_LAT[0]}–{KOREA_LAT[1]}" if col == "lat" else f"{KOREA_LON[0]}–{KOREA_LON[1]}"
        raise row.bad("input.centers.outside", col, row.cells[col], col=col, box=box)
    return float(lat), float(lon)


def read_centers(
    path: Path, *, home: tuple[float, float] | None = None, warn_km: float = 15.0
) -> Centers:
    """Read and check a centers file; ``home`` (the base) is used for far-away warnings."""
    sites: list[Site] = []
    warnings: list[str] = []
    seen: dict[str, tuple[str, int]] = {}
    districts: dict[str, str] = {}
    names: dict[tuple[str, str], tuple[str, int]] = {}
    for row in read_table(path, REQUIRED, OPTIONAL, what="centers", max_rows=MAX_CENTERS):
        sid = row.text("id")
        if not ID_PATTERN.match(sid):
            raise row.bad("input.centers.id_chars", "id", sid)
        if sid.lower() in seen:
            other, line = seen[sid.lower()]
            if other == sid:
                raise row.bad("input.centers.duplicate_id", "id", sid, line=line)
            raise row.bad(
                "input.centers.duplicate_id",
                "id",
                sid,
                hint="input.centers.duplicate_id_case.hint",
                line=line,
                other=other,
            )
        seen[sid.lower()] = (sid, row.line)
        key = (
            look_alike_key(row.cells.get("district", "")),
            look_alike_key(row.text("center_name_ko")),
        )
        if key in names:
            other, line = names[key]
            raise row.bad(
                "input.centers.duplicate_name",
                "center_name_ko",
                row.cells["center_name_ko"],
                line=line,
                other=other,
            )
        names[key] = (sid, row.line)
        row.text("dong_ko")
        lat, lon = _coords(row)
        pop = row.number(
            "population",
            kind=int,
            low=1,
            high=MAX_POPULATION,
            hint_code="input.centers.population.hint",
            max=f"{MAX_POPULATION:,}",
        )
        name = row.text("center_name_ko")
        dong_en = row.text("dong_en")
        name_en = row.cells.get("center_name_en") or f"{dong_en} Community Center"
        sites.append(
            Site(
                id=sid,
                name=name,
                lat=lat,
                lon=lon,
                weight=int(pop or 0),
                address=row.text("address_ko"),
                name_en=name_en,
                group=row.cells.get("district", ""),
            )
        )
        if row.cells.get("district"):
            districts[sid] = row.cells["district"]
        if home is not None:
            km = distance_km(home, (lat, lon))
            if km > warn_km:
                warnings.append(
                    f"{row.file}, row {row.line}, column 'lat': {sid} lies {km:.1f} km "
                    "from the home "
                    f"base, far outside the district (more than {warn_km:g} km) "
                    f"(value: {row.cells['lat']}, {row.cells['lon']}). Hint: check its coordinates"
                )
    return Centers(tuple(sites), tuple(warnings), districts)


def look_alike_key(text: str) -> str:
    """``text`` as a reader sees it: NFKC (full-width letters, compatibility jamo), case
    folded, without spaces and invisible format characters (zero-width space, …)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def known_id(site_ids: list[str], value: str, *, file: str, row: int | None, column: str) -> str:
    """``value`` if it is a known center id, else a DataError with the closest id as hint.

    The apostrophe this program's CSV files put before an id that starts like a
    spreadsheet formula (``'-x``) is not part of the id: ids never start with one.
    """
    if value in site_ids:
        return value
    if value.startswith("'") and value[1:] in site_ids:
        return value[1:]
    near = closest(value, site_ids)
    if near:
        only_case = near.lower() == value.strip().lower() and near != value
        raise bad(
            "input.id.unknown",
            file=file,
            row=row,
            column=column,
            value=value,
            hint="input.id.case.hint" if only_case else "input.id.near.hint",
            near=near,
        )
    shown = ", ".join(site_ids[:6]) + (", …" if len(site_ids) > 6 else "")
    raise bad(
        "input.id.unknown",
        file=file,
        row=row,
        column=column,
        value=value,
        hint="input.id.list.hint",
        ids=shown,
    )
