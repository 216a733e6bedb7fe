"""City-wide data: all 427 Seoul dongs, 25 district bases, counselors per district."""

from __future__ import annotations

import csv
from pathlib import Path

from scheduler.district.build import Options, build_problem
from scheduler.district.calendar import month_period
from scheduler.district.config import load_config
from scheduler.solver.decompose import service_areas
from tests.conftest import DATA


def test_seoul_centers_file() -> None:
    """The Seoul file has 427 unique 10-digit dong codes, the Jung-gu columns and a district."""
    with open(DATA / "seoul" / "dong_centers.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 427
    assert len({r["id"] for r in rows}) == 427
    assert all(len(r["id"]) == 10 and r["id"].isdigit() for r in rows)
    assert all(r["center_name_ko"] == f"{r['dong_ko']}주민센터" for r in rows)
    assert len({r["district"] for r in rows}) == 25
    for col in ("dong_en", "address_ko", "lat", "lon", "population", "population_year", "adm_code"):
        assert all(r[col] for r in rows), col


def test_seoul_problem_has_district_teams(tmp_path: Path) -> None:
    """Each district gets 2 counselors with city-wide unique ids, based at its own office."""
    start, end = month_period("2026-12")
    p = build_problem(load_config(DATA / "seoul.toml"), Options(start, end)).problem
    assert len(p.sites) == 427 and len(p.bases) == 25 and len(p.teams) == 50
    assert {t.id for t in p.teams} >= {"jung-1", "jung-2", "gangnam-1"}
    jung = p.team("jung-1")
    assert jung.base_id == "jung" and jung.group == "중구"
    assert len(p.days[0].sessions) == 2


def test_service_areas_split_exactly() -> None:
    """The city problem splits into 25 district problems that share no site or team."""
    start, end = month_period("2026-12")
    p = build_problem(load_config(DATA / "seoul.toml"), Options(start, end)).problem
    parts = service_areas(p)
    assert len(parts) == 25
    assert sum(len(q.sites) for q in parts) == 427
    assert sum(len(q.teams) for q in parts) == 50
    for q in parts:
        assert {s.group for s in q.sites} == {t.group for t in q.teams}
