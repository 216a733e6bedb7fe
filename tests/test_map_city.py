"""City-wide maps: clustered centers, one layer per district, a district filter, still offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import open_page
from share_fixtures import SESSIONS, make_plan, real_case, travel_matrix, visit_days

from scheduler.core.plan import Plan
from scheduler.core.problem import Base, Day, Problem, Session, Site, Team
from scheduler.output.map import MAX_CITY_MAP_BYTES, needs_clustering, render_map
from scheduler.output.offline import asset_text, find_external_refs

# Three districts around their offices, 24 + 24 + 22 = 70 centers, two counselors each.
DISTRICTS = (
    ("jung", "중구", "중구청", 37.563656, 126.997620, 24),
    ("jongno", "종로구", "종로구청", 37.574724, 126.979022, 24),
    ("yongsan", "용산구", "용산구청", 37.532600, 126.990400, 22),
)


def city_case() -> tuple[Problem, Plan]:
    """A hand-built three-district problem (70 sites, 3 bases, 6 counselors) and a plan."""
    sites: list[Site] = []
    bases: list[Base] = []
    teams: list[Team] = []
    for base_id, group, office, lat, lon, n in DISTRICTS:
        bases.append(Base(base_id, office, lat, lon, f"서울특별시 {group}"))
        for i in range(n):
            sites.append(
                Site(
                    id=f"{base_id}-{i:02d}",
                    name=f"{group} 제{i + 1}동주민센터",
                    lat=lat + 0.0015 * ((i % 5) - 2),
                    lon=lon + 0.0018 * ((i // 5) - 2),
                    weight=10000 + 100 * i,
                    address=f"서울특별시 {group} {i + 1}",
                    name_en=f"{base_id.title()} {i + 1}-dong Community Center",
                    group=group,
                )
            )
        teams += [Team(f"{base_id}-{k}", "", base_id, group=group) for k in (1, 2)]
    sessions = tuple(Session(i, a, b) for i, (a, b) in enumerate(SESSIONS))
    days = tuple(Day(d, sessions, 9 * 60, 18 * 60) for d in visit_days(2026, 12))
    problem = Problem(
        start=days[0].date.replace(day=1),
        end=days[-1].date.replace(day=31),
        sites=tuple(sites),
        bases=tuple(bases),
        teams=tuple(teams),
        days=days,
        travel=travel_matrix(tuple(sites), tuple(bases)),
        label="2026-12 서울",
    )
    return problem, make_plan(problem)


@pytest.fixture(scope="module")
def city() -> tuple[Problem, Plan]:
    return city_case()


@pytest.fixture(scope="module")
def city_html(city: tuple[Problem, Plan]) -> str:
    return render_map(*city)


def test_only_large_problems_are_clustered(city: tuple[Problem, Plan]) -> None:
    """70 sites / 3 bases cluster; Jung-gu's 15 centers and one base do not."""
    assert needs_clustering(city[0])
    assert not needs_clustering(real_case()[0])
    small = render_map(*real_case())
    assert "markerClusterGroup" not in small and "vp-filter-district" not in small


def test_cluster_plugin_is_inlined(city_html: str) -> None:
    """Leaflet.markercluster's script and both stylesheets are in the page, without a source map."""
    script = asset_text("markercluster/leaflet.markercluster.js")
    assert script.split("//# sourceMappingURL=")[0].strip() in city_html
    assert "leaflet.markercluster.js.map" not in city_html
    assert ".marker-cluster-small" in city_html and ".leaflet-cluster-anim" in city_html
    assert city_html.index("L.MarkerClusterGroup=") > city_html.index("leaflet.js")
    assert "cdnjs" not in city_html and "unpkg" not in city_html


def test_one_overlay_and_cluster_group_per_district(
    city: tuple[Problem, Plan], city_html: str
) -> None:
    """The layer control lists the three districts (not the six counselors), each with a cluster."""
    assert len(re.findall(r"= L\.markerClusterGroup\(", city_html)) == len(DISTRICTS)
    overlays = re.search(r"overlays :\s*\{(.*?)\}", city_html, re.DOTALL)
    assert overlays is not None
    keys = re.findall(r'("(?:[^"\\]|\\.)*") : feature_group_', overlays.group(1))
    names = [json.loads(k) for k in keys]
    assert names == [f"{group} ({n})" for _, group, _, _, _, n in DISTRICTS]
    # every center is a marker of its district's cluster group
    assert len(re.findall(r"\)\.addTo\(marker_cluster_vp\d+\);", city_html)) == 70
    assert city_html.count("districts: [") == 1
    assert "centerDistrict: [" + ", ".join(["0"] * 24 + ["1"] * 24 + ["2"] * 22) + "]" in city_html


def test_calendar_has_a_district_filter(city_html: str) -> None:
    """A district filter, counselors grouped by district, and rows tagged with their district."""
    assert '<select id="vp-filter-district">' in city_html
    for k, (_, group, *_rest) in enumerate(DISTRICTS):
        assert f'<option value="{k}">{group}</option>' in city_html
        assert f'<optgroup label="{group}" data-district="{k}">' in city_html
        assert f'data-district="{k}" data-team=' in city_html


def test_city_page_is_offline_deterministic_and_small(
    city: tuple[Problem, Plan], city_html: str
) -> None:
    """No external reference, same bytes twice, well under the city-size limit."""
    assert find_external_refs(city_html) == []
    assert render_map(*city) == city_html
    assert len(city_html.encode("utf-8")) < MAX_CITY_MAP_BYTES


@pytest.mark.browser
def test_clustered_page_works_in_the_browser(tmp_path: Path, city: tuple[Problem, Plan]) -> None:
    """Clusters draw, the district filter narrows the calendar, a row opens its center; no
    errors."""
    problem, plan = city
    path = tmp_path / "map.html"
    path.write_text(render_map(problem, plan, lang="en"), encoding="utf-8")
    with open_page(path) as s:
        page = s.page
        counts = page.evaluate(
            """() => ({
                clusters: document.querySelectorAll('.marker-cluster').length,
                overlays: document
                    .querySelectorAll('.leaflet-control-layers-overlays label').length,
                rows: document.querySelectorAll('tr.vp-row').length,
            })"""
        )
        assert counts["clusters"] > 0
        assert counts["overlays"] == len(DISTRICTS)
        assert counts["rows"] == len(plan.visits)
        page.select_option("#vp-filter-district", "1")
        shown = page.locator("tr.vp-row:not(.vp-hidden)")
        assert shown.count() == sum(1 for v in plan.visits if v.team_id.startswith("jongno-"))
        assert page.locator("#vp-count").inner_text() == f"{shown.count()} / {len(plan.visits)}"
        center = shown.first.locator("td").nth(2).inner_text()
        shown.first.click()  # opens the row's center out of its cluster
        page.wait_for_selector(".leaflet-popup-content h3", timeout=5000)
        assert page.locator(".leaflet-popup-content h3").inner_text() == center
        page.select_option("#vp-filter-district", "")
        assert page.locator("tr.vp-row:not(.vp-hidden)").count() == len(plan.visits)
        assert s.errors() == [], s.errors()
        assert s.outside_requests(path.resolve().as_uri()) == []
