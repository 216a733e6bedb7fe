"""plan.geojson: valid GeoJSON, a Point per center, a LineString per counselor-day."""

from __future__ import annotations

import json

from share_fixtures import hostile_case, real_case

from scheduler.core.plan import Plan
from scheduler.output.geojson import plan_geojson_bytes
from scheduler.output.schedule_csv import COLUMNS, schedule_csv_bytes


def _valid_position(p: list[float]) -> bool:
    return len(p) == 2 and -180 <= p[0] <= 180 and -90 <= p[1] <= 90


def test_geojson_has_a_point_per_center_and_a_line_per_counselor_day() -> None:
    """Parses as a FeatureCollection (RFC 7946, [lon, lat]); centers carry visits and counselors."""
    problem, plan = real_case()
    data = json.loads(plan_geojson_bytes(problem, plan))
    assert data["type"] == "FeatureCollection"
    feats = data["features"]
    assert all(f["type"] == "Feature" and isinstance(f["properties"], dict) for f in feats)
    centers = [f for f in feats if f["properties"]["kind"] == "center"]
    routes = [f for f in feats if f["properties"]["kind"] == "route"]
    assert len(centers) == len(problem.sites)
    assert all(f["geometry"]["type"] == "Point" for f in centers)
    assert len(routes) == len(plan.by_team_day())
    assert all(f["geometry"]["type"] == "LineString" for f in routes)
    assert all(len(f["geometry"]["coordinates"]) >= 2 for f in routes)
    for f in feats:
        g = f["geometry"]
        coords = [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]
        assert all(_valid_position(p) for p in coords)
    site = problem.sites[0]
    sogong = next(f for f in centers if f["properties"]["id"] == site.id)
    assert sogong["geometry"]["coordinates"] == [round(site.lon, 6), round(site.lat, 6)]
    mine = sorted(v.date.isoformat() for v in plan.visits if v.site_id == site.id)
    assert sogong["properties"]["dates"] == mine
    assert sogong["properties"]["visits"] == len(mine)
    assert sogong["properties"]["counselors"] == sorted(
        {v.team_id for v in plan.visits if v.site_id == site.id}
    )
    route = routes[0]["properties"]
    assert route["date"] == "2026-12-01" and route["counselor"] == "1" and route["stops"]
    assert plan_geojson_bytes(problem, plan) == plan_geojson_bytes(problem, plan)


def test_geojson_of_hostile_text_and_of_an_empty_plan() -> None:
    """Hostile text stays JSON text; an empty plan still has every center."""
    problem, plan = hostile_case()
    data = json.loads(plan_geojson_bytes(problem, plan))
    names = {f["properties"].get("name") for f in data["features"]}
    assert {s.name for s in problem.sites} <= names
    empty = json.loads(plan_geojson_bytes(problem, Plan(())))
    assert sum(f["properties"]["kind"] == "center" for f in empty["features"]) == len(problem.sites)


def test_schedule_csv_has_lat_lon_and_keeps_its_columns() -> None:
    """lat, lon come last; every earlier column is still there, in the same order."""
    problem, plan = real_case()
    head = schedule_csv_bytes(problem, plan).decode("utf-8-sig").splitlines()[0].split(",")
    assert head == list(COLUMNS)
    assert head[:11] == [
        "date",
        "weekday",
        "counselor",
        "order",
        "center_id",
        "center_name_ko",
        "address_ko",
        "arrive",
        "start",
        "end",
        "travel_min",
    ]
    assert head[11:] == ["lat", "lon"]
    first = schedule_csv_bytes(problem, plan).decode("utf-8-sig").splitlines()[1].split(",")
    site = next(s for s in problem.sites if s.id == first[4])
    assert (float(first[11]), float(first[12])) == (round(site.lat, 6), round(site.lon, 6))


def test_schedule_csv_keeps_each_visit_on_one_row() -> None:
    """A CR/LF in a name cannot forge a row."""
    problem, plan = hostile_case()
    text = schedule_csv_bytes(problem, plan).decode("utf-8-sig")
    assert len(text.split("\r\n")) == len(plan.visits) + 2
