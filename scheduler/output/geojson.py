"""``plan.geojson``: the plan for GIS programs (QGIS, geojson.io, …).

A FeatureCollection (RFC 7946: WGS 84, ``[lon, lat]``) with

- one Point per center (``kind = "center"``): its id, names, address, population,
  the number of visits, the visit dates (ISO) and the counselors who visit it;
- one Point per home base (``kind = "base"``);
- one LineString per counselor-day (``kind = "route"``): base → centers in visit
  order → base, with the date, counselor, stops and travel minutes.

A place without coordinates (problems whose travel comes from a matrix) gets a
null geometry. Property values are plain JSON (strings, numbers, lists of strings), so every
program that reads GeoJSON can show them; text is kept as written (JSON escapes it).
"""

from __future__ import annotations

import json
from typing import Any

from scheduler.core.metrics import route_travel_min
from scheduler.core.plan import Plan
from scheduler.core.problem import Base, Problem
from scheduler.output.labels import format_hhmm
from scheduler.output.notice import problem_team_label

GEOJSON_FILE = "plan.geojson"


def _point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    """A Point, or ``None`` (GeoJSON's null geometry) for a place without coordinates."""
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _position(lon: float | None, lat: float | None) -> list[float] | None:
    return None if lon is None or lat is None else [round(lon, 6), round(lat, 6)]


def plan_geojson(problem: Problem, plan: Plan, lang: str = "ko") -> dict[str, Any]:
    """The plan as a GeoJSON FeatureCollection (a dict ready for ``json.dumps``)."""
    team_order = {t.id: i for i, t in enumerate(problem.teams)}
    by_site: dict[str, list] = {}
    for v in sorted(plan.visits, key=lambda v: (v.date, v.start_min, v.team_id)):
        by_site.setdefault(v.site_id, []).append(v)
    features: list[dict[str, Any]] = []
    for base in problem.bases:
        features.append(
            {
                "type": "Feature",
                "id": f"base:{base.id}",
                "geometry": _point(base.lon, base.lat),
                "properties": {
                    "kind": "base",
                    "id": base.id,
                    "name": base.name,
                    "address": base.address,
                },
            }
        )
    for site in problem.sites:
        visits = by_site.get(site.id, [])
        teams = sorted({v.team_id for v in visits}, key=lambda t: (team_order.get(t, 1 << 30), t))
        features.append(
            {
                "type": "Feature",
                "id": f"center:{site.id}",
                "geometry": _point(site.lon, site.lat),
                "properties": {
                    "kind": "center",
                    "id": site.id,
                    "name": site.name,
                    "name_en": site.name_en,
                    "address": site.address,
                    "population": site.weight,
                    "visits": len(visits),
                    "dates": [v.date.isoformat() for v in visits],
                    "times": [
                        f"{format_hhmm(v.start_min)}-{format_hhmm(v.end_min)}" for v in visits
                    ],
                    "counselors": teams,
                    "counselor_names": [problem_team_label(problem, t, lang) for t in teams],
                },
            }
        )
    sites = {s.id: s for s in problem.sites}
    teams_by_id = {t.id: t for t in problem.teams}

    def day_order(kv: tuple[tuple[str, Any], list[Any]]) -> tuple[Any, int, str]:
        (tid, day), _ = kv
        return (day, team_order.get(tid, 1 << 30), tid)

    for (tid, day), vs in sorted(plan.by_team_day().items(), key=day_order):
        stops = sorted(vs, key=lambda v: (v.order, v.start_min))
        points = [
            _position(sites[v.site_id].lon, sites[v.site_id].lat)
            for v in stops
            if v.site_id in sites
        ]
        coords = [p for p in points if p is not None]
        team = teams_by_id.get(tid)
        start: Base | None = next(
            (b for b in problem.bases if team is not None and b.id == team.base_id),
            problem.bases[0] if problem.bases else None,
        )
        home = _position(start.lon, start.lat) if start is not None else None
        if home is not None:
            coords = [home, *coords, home]
        if not coords:  # no coordinates at all (a travel-matrix problem): no line to draw
            continue
        if len(coords) < 2:  # a LineString needs two positions
            coords = coords * 2
        features.append(
            {
                "type": "Feature",
                "id": f"route:{day.isoformat()}:{tid}",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {
                    "kind": "route",
                    "date": day.isoformat(),
                    "counselor": tid,
                    "counselor_name": problem_team_label(problem, tid, lang),
                    "stops": [v.site_id for v in stops],
                    "travel_min": route_travel_min(problem, tid, stops),
                },
            }
        )
    return {"type": "FeatureCollection", "name": problem.label or "plan", "features": features}


def plan_geojson_bytes(problem: Problem, plan: Plan, lang: str = "ko") -> bytes:
    """``plan.geojson`` as UTF-8 bytes (same plan → same bytes)."""
    text = json.dumps(plan_geojson(problem, plan, lang), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
