"""map.html in headless Chromium with the network off: it renders, works, and never runs data."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from browser import PageSession, open_page
from share_fixtures import ROOT, hostile_case, load_boundaries, real_case

from scheduler.core.plan import Plan
from scheduler.output.map import render_map
from tests.conftest import write_plan

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "map-screenshot.png"

COUNTS_JS = """() => ({
    centers: document.querySelectorAll('path.vp-center').length,
    visited: document.querySelectorAll('path.vp-visited').length,
    routes: document.querySelectorAll('path.vp-route').length,
    stops: document.querySelectorAll('.vp-stop').length,
    dongs: document.querySelectorAll('path.vp-dong').length,
    dongLabels: document.querySelectorAll('.vp-dong-label').length,
    bases: document.querySelectorAll('.vp-base').length,
    rows: document.querySelectorAll('tr.vp-row').length,
    shownRows: document.querySelectorAll('tr.vp-row:not(.vp-hidden)').length,
    layers: document.querySelectorAll('.leaflet-control-layers-overlays label').length,
    legend: !!document.querySelector('.leaflet-bottom .leaflet-control.vp-legend'),
    tiles: document.querySelectorAll('img.leaflet-tile').length,
    externalLinks: Array.from(document.querySelectorAll('[href],[src]'))
        .map(e => e.getAttribute('href') || e.getAttribute('src'))
        .filter(u => u && !u.startsWith('#') && !u.startsWith('data:')),
})"""

OPEN_EVERYTHING_JS = """() => {
    const map = window.VP_DATA.map;
    const layers = [];
    map.eachLayer(l => layers.push(l));
    let popups = 0, tooltips = 0;
    for (const l of layers) {
        if (l.getPopup && l.getPopup()) { l.openPopup(); popups++; l.closePopup(); }
        if (l.getTooltip && l.getTooltip()) { l.openTooltip(); tooltips++; }
    }
    return {popups, tooltips};
}"""


def _page_file(tmp_path: Path, html: str, name: str = "map.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def _assert_clean(session: PageSession, path: Path) -> None:
    assert session.errors() == [], session.errors()
    assert session.outside_requests(path.resolve().as_uri()) == []


def _popup(session: PageSession):  # type: ignore[no-untyped-def]
    """The one open popup's content, once any closing popup has faded out."""
    session.page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 1")
    return session.page.locator(".leaflet-popup-content")


def _visible_size(session: PageSession, selector: str) -> tuple[float, float]:
    box = session.page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box["width"], box["height"]


@pytest.fixture(scope="module")
def real() -> tuple:  # type: ignore[type-arg]
    return real_case()


def test_map_renders_completely_offline(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """Map, boundaries, markers, routes, legend and calendar are all there; no errors, no requests."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        counts = s.page.evaluate(COUNTS_JS)
        assert counts["centers"] == len(problem.sites) == 15
        assert counts["visited"] == 15
        assert counts["routes"] == len(plan.by_team_day())
        assert counts["stops"] == len(plan.visits)
        assert counts["dongs"] == 15 and counts["dongLabels"] == 15
        assert counts["bases"] == 1
        assert counts["rows"] == counts["shownRows"] == len(plan.visits)
        assert counts["layers"] == 2 + len(problem.teams)
        assert counts["legend"] and counts["tiles"] == 0
        assert counts["externalLinks"] == []
        for selector in (".folium-map", ".vp-calendar", ".vp-legend", ".vp-header", "path.vp-dong"):
            w, h = _visible_size(s, selector)
            assert w > 10 and h > 10, selector
        assert s.page.locator("h1").inner_text() == "찾아가는 일자리 상담 방문 계획"
        assert s.page.title() == "찾아가는 일자리 상담 방문 계획"
        ARTIFACTS.mkdir(exist_ok=True)
        s.page.screenshot(path=str(ARTIFACTS / "map.png"))
        _assert_clean(s, path)


def test_filters_change_rows_and_routes(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """Choosing a counselor or a week hides the other rows and route lines; 'all' brings them back."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    team1 = [v for v in plan.visits if v.team_id == "1"]
    first_week = [v for v in plan.visits if v.date <= dt.date(2026, 12, 6)]
    with open_page(path) as s:
        page = s.page
        page.select_option("#vp-filter-team", "0")
        counts = page.evaluate(COUNTS_JS)
        assert counts["shownRows"] == len(team1)
        assert counts["routes"] == len({v.date for v in team1})
        assert counts["stops"] == len(team1)
        assert page.locator("#vp-count").inner_text() == f"{len(team1)} / {len(plan.visits)}"
        shown_teams = page.eval_on_selector_all(
            "tr.vp-row:not(.vp-hidden)", "rows => [...new Set(rows.map(r => r.dataset.team))]"
        )
        assert shown_teams == ["0"]

        page.select_option("#vp-filter-week", "0")
        counts = page.evaluate(COUNTS_JS)
        both = [v for v in first_week if v.team_id == "1"]
        assert counts["shownRows"] == len(both) and counts["routes"] == len({v.date for v in both})

        page.select_option("#vp-filter-team", "")
        counts = page.evaluate(COUNTS_JS)
        assert counts["shownRows"] == len(first_week)
        assert counts["routes"] == len({(v.team_id, v.date) for v in first_week})

        page.select_option("#vp-filter-week", "")
        counts = page.evaluate(COUNTS_JS)
        assert counts["shownRows"] == len(plan.visits) and counts["routes"] == len(
            plan.by_team_day()
        )
        assert counts["centers"] == 15  # centers never disappear with the filters
        _assert_clean(s, path)


def test_clicking_a_row_zooms_to_the_center_and_opens_its_popup(
    tmp_path: Path, real: tuple
) -> None:  # type: ignore[type-arg]
    """A calendar row click centres the map on its center and opens that center's popup."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        page = s.page
        row = page.locator("tr.vp-row").nth(5)
        site_index = int(row.get_attribute("data-site") or "-1")
        site = problem.sites[site_index]
        zoom_before = page.evaluate("() => VP_DATA.map.getZoom()")
        row.click()
        popup = _popup(s)
        assert popup.locator("h3").inner_text() == site.name
        assert "12월" in popup.inner_text()
        center = page.evaluate(
            "() => { const c = VP_DATA.map.getCenter(); return [c.lat, c.lng, VP_DATA.map.getZoom()]; }"
        )
        assert abs(center[0] - site.lat) < 1e-4 and abs(center[1] - site.lon) < 1e-4
        assert center[2] >= max(zoom_before, 16)
        assert "vp-selected" in (row.get_attribute("class") or "")
        row2 = page.locator("tr.vp-row").nth(0)
        row2.focus()
        page.keyboard.press("Enter")
        other = problem.sites[int(row2.get_attribute("data-site") or "-1")]
        assert _popup(s).locator("h3").inner_text() == other.name
        _assert_clean(s, path)


def test_hostile_names_never_execute(tmp_path: Path) -> None:
    """Payloads in every text field stay text, even after every popup and tooltip has been opened."""
    problem, plan = hostile_case()
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        page = s.page
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        opened = page.evaluate(OPEN_EVERYTHING_JS)
        assert opened["popups"] >= len(problem.sites) + 1
        assert opened["tooltips"] >= len(problem.sites) + len(plan.visits) + 15
        # each center's popup shows its name and address exactly as written
        for i, site in enumerate(problem.sites):
            page.evaluate(f"() => VP_DATA.centers[{i}].openPopup()")
            content = _popup(s)
            assert content.locator("h3").inner_text() == site.name
            text = content.text_content() or ""
            assert " ".join(site.address.split()) in " ".join(text.split())
        # the calendar, layer control and legend show the names as text
        cells = page.eval_on_selector_all(
            "tr.vp-row td:nth-child(3)", "tds => tds.map(t => t.textContent)"
        )
        names = {site.name for site in problem.sites}
        assert set(cells) <= names and len(set(cells)) >= len(names) - 1
        layer_labels = page.eval_on_selector_all(
            ".leaflet-control-layers-overlays label", "ls => ls.map(l => l.textContent.trim())"
        )
        for name in (t.name for t in problem.teams):
            assert name.strip() in layer_labels
        for selector in ("tr.vp-row", ".leaflet-interactive"):
            for i in range(min(page.locator(selector).count(), 40)):
                page.locator(selector).nth(i).hover(force=True)
        page.locator("tr.vp-row").first.click()
        page.wait_for_timeout(300)  # let any image error handler fire
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert (
            page.evaluate(
                "() => document.querySelectorAll('img:not(.leaflet-tile), svg image, script[src]').length"
            )
            == 0
        )
        _assert_clean(s, path)


def test_english_map(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """lang='en' renders English labels with the same content."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, lang="en", boundaries=load_boundaries()))
    with open_page(path) as s:
        page = s.page
        assert page.locator(".vp-calendar th").first.inner_text() == "Date"
        assert page.locator("tr.vp-row td").first.inner_text() == "Tue 1 Dec"
        assert page.evaluate(COUNTS_JS)["rows"] == len(plan.visits)
        s.page.screenshot(path=str(tmp_path / "map-en.png"))
        _assert_clean(s, path)


def test_empty_plan_map(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """A plan with no visits renders grey centers and an empty calendar without errors."""
    problem, _ = real
    path = _page_file(tmp_path, render_map(problem, Plan(()), boundaries=load_boundaries()))
    with open_page(path) as s:
        counts = s.page.evaluate(COUNTS_JS)
        assert (
            counts["centers"] == 15
            and counts["visited"] == 0
            and counts["rows"] == 0
            and counts["routes"] == 0
        )
        _assert_clean(s, path)


def test_print_layout_is_a4_with_map_and_calendar(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """In print media the filters go, the map is A4-sized, every row prints, and the PDF has the map page first."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        page = s.page
        page.select_option("#vp-filter-team", "")
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        assert not page.locator(".vp-filters").is_visible()
        assert not page.locator(".leaflet-control-layers").is_visible()
        w, h = _visible_size(s, ".folium-map")
        mm = 96 / 25.4
        assert abs(w - 186 * mm) < 3 and abs(h - 205 * mm) < 3
        map_top = page.locator(".folium-map").bounding_box()["y"]  # type: ignore[index]
        table_top = page.locator(".vp-calendar").bounding_box()["y"]  # type: ignore[index]
        assert map_top < table_top
        assert page.locator("tr.vp-row:visible").count() == len(plan.visits)
        ARTIFACTS.mkdir(exist_ok=True)
        pdf = page.pdf(path=str(ARTIFACTS / "map-print.pdf"), format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        assert pages >= 2
        _assert_clean(s, path)


@pytest.mark.slow
def test_end_to_end_plan_command_map(tmp_path: Path) -> None:
    """`visitplan plan --month 2026-12 --counselors 2 --visits-per-day 2` gives a map that renders completely offline."""
    out = tmp_path / "plan"
    write_plan(out, "--month", "2026-12", "--counselors", "2", "--visits-per-day", "2")
    path = out / "map.html"
    assert path.is_file()
    with open_page(path) as s:
        counts = s.page.evaluate(COUNTS_JS)
        assert counts["centers"] == 15
        assert counts["dongs"] == 15
        assert counts["rows"] > 0 and counts["routes"] > 0 and counts["stops"] == counts["rows"]
        assert counts["legend"] and counts["externalLinks"] == []
        for selector in (
            ".folium-map",
            ".vp-calendar",
            "path.vp-dong",
            "path.vp-center",
            "path.vp-route",
        ):
            w, h = _visible_size(s, selector)
            assert w > 0 and h > 0, selector
        ARTIFACTS.mkdir(exist_ok=True)
        s.page.screenshot(path=str(ARTIFACTS / "map-e2e.png"))
        if not DOCS_SCREENSHOT.exists() or os.environ.get("VISITPLAN_UPDATE_SCREENSHOT"):
            shutil.copyfile(ARTIFACTS / "map-e2e.png", DOCS_SCREENSHOT)
        _assert_clean(s, path)
