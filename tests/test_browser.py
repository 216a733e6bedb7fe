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
    centers: document.querySelectorAll('.leaflet-marker-icon.vp-center').length,
    visited: document.querySelectorAll('.leaflet-marker-icon.vp-visited').length,
    split: document.querySelectorAll('.leaflet-marker-icon.vp-split').length,
    centerLabels: document.querySelectorAll('.vp-clabel').length,
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
    """Map, boundaries, markers, routes, legend and calendar are all there; no errors, no
    requests."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        counts = s.page.evaluate(COUNTS_JS)
        assert counts["centers"] == len(problem.sites) == 15
        assert counts["visited"] == 15
        assert counts["routes"] == len(plan.by_team_day())
        assert counts["stops"] == 0  # visit numbers come with a chosen week or day
        assert counts["centerLabels"] == 15
        assert counts["split"] == sum(
            1
            for s in problem.sites
            if len({v.team_id for v in plan.visits if v.site_id == s.id}) > 1
        )
        assert counts["dongs"] == 15 and counts["dongLabels"] == 15
        assert counts["bases"] == 1
        assert counts["rows"] == counts["shownRows"] == len(plan.visits)
        assert counts["layers"] == 2 + len(problem.teams)
        assert counts["legend"] and counts["tiles"] == 0
        assert counts["externalLinks"] == []
        for selector in (
            ".folium-map",
            ".vp-calendar",
            ".vp-legend",
            ".vp-header",
            "path.vp-dong",
            ".vp-clabel > div",
        ):
            w, h = _visible_size(s, selector)
            assert w > 10 and h > 10, selector
        assert s.page.locator("h1").inner_text() == "찾아가는 일자리 상담 방문 계획"
        assert s.page.title() == "찾아가는 일자리 상담 방문 계획"
        ARTIFACTS.mkdir(exist_ok=True)
        s.page.screenshot(path=str(ARTIFACTS / "map.png"))
        _assert_clean(s, path)


def test_filters_change_rows_and_routes(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """Choosing a counselor or a week hides the other rows and route lines; 'all' brings them
    back."""
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
        assert counts["stops"] == 0
        assert page.locator("#vp-count").inner_text() == f"{len(team1)} / {len(plan.visits)}"
        shown_teams = page.eval_on_selector_all(
            "tr.vp-row:not(.vp-hidden)", "rows => [...new Set(rows.map(r => r.dataset.team))]"
        )
        assert shown_teams == ["0"]

        page.select_option("#vp-filter-week", "0")
        counts = page.evaluate(COUNTS_JS)
        both = [v for v in first_week if v.team_id == "1"]
        assert counts["shownRows"] == len(both) and counts["routes"] == len({v.date for v in both})
        assert counts["stops"] == len(both)  # numbered in order within the chosen week

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
            "() => { const c = VP_DATA.map.getCenter(); "
            "return [c.lat, c.lng, VP_DATA.map.getZoom()]; }"
        )
        assert abs(center[0] - site.lat) < 1e-4 and abs(center[1] - site.lon) < 1e-4
        assert 15 <= center[2] <= 16 and center[2] >= min(zoom_before, 15)  # streets readable
        assert "vp-selected" in (row.get_attribute("class") or "")
        row2 = page.locator("tr.vp-row").nth(0)
        row2.focus()
        page.keyboard.press("Enter")
        other = problem.sites[int(row2.get_attribute("data-site") or "-1")]
        assert _popup(s).locator("h3").inner_text() == other.name
        _assert_clean(s, path)


def test_hostile_names_never_execute(tmp_path: Path) -> None:
    """Payloads in every text field stay text, even after every popup and tooltip has been
    opened."""
    problem, plan = hostile_case()
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        page = s.page
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        opened = page.evaluate(OPEN_EVERYTHING_JS)
        assert opened["popups"] >= len(problem.sites) + 1
        assert opened["tooltips"] >= len(problem.sites) + len(plan.by_team_day()) + 15
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
                "() => document.querySelectorAll("
                "'img:not(.leaflet-tile), svg image, script[src]').length"
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
    """In print media the filters go, the map is A4-sized, every row prints, and the PDF has the map
    page first."""
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
    """`visitplan plan --month 2026-12 --counselors 2 --visits-per-day 2` gives a map that renders
    completely offline."""
    out = tmp_path / "plan"
    write_plan(out, "--month", "2026-12", "--counselors", "2", "--visits-per-day", "2")
    path = out / "map.html"
    assert path.is_file()
    with open_page(path) as s:
        counts = s.page.evaluate(COUNTS_JS)
        assert counts["centers"] == 15
        assert counts["dongs"] == 15
        assert counts["rows"] > 0 and counts["routes"] > 0 and counts["stops"] == 0
        assert counts["legend"] and counts["externalLinks"] == []
        for selector in (
            ".folium-map",
            ".vp-calendar",
            "path.vp-dong",
            ".vp-center .vp-pin",
            "path.vp-route",
        ):
            w, h = _visible_size(s, selector)
            assert w > 0 and h > 0, selector
        ARTIFACTS.mkdir(exist_ok=True)
        s.page.screenshot(path=str(ARTIFACTS / "map-e2e.png"))
        if not DOCS_SCREENSHOT.exists() or os.environ.get("VISITPLAN_UPDATE_SCREENSHOT"):
            shutil.copyfile(ARTIFACTS / "map-e2e.png", DOCS_SCREENSHOT)
        _assert_clean(s, path)


# --------------------------------------------------------------------------
# The redesigned map: who, where and when, on every screen
# --------------------------------------------------------------------------
VIEWPORTS = [(390, 844), (800, 600), (1400, 900), (320, 568)]

CLICK_POINTS_JS = """() => {
    const map = VP_DATA.map;
    const box = map.getContainer().getBoundingClientRect();
    return VP_DATA.centers.map(m => {
        const p = map.latLngToContainerPoint(m.getLatLng());
        return [box.left + p.x, box.top + p.y];
    });
}"""

BROKEN_WORDS_JS = r"""(selector) => {
    // words (space-separated) of each cell whose text is laid out on more than one line
    const broken = [];
    for (const td of document.querySelectorAll(selector)) {
        const node = [...td.childNodes].find(n => n.nodeType === 3);
        if (!node || td.offsetParent === null) continue;
        // a word: letters up to a space or an opening bracket (breaking before "(" is fine)
        for (const m of node.textContent.matchAll(/[^\s(]+|\([^)\s]*\)?/g)) {
            const r = document.createRange();
            r.setStart(node, m.index);
            r.setEnd(node, m.index + m[0].length);
            const tops = new Set([...r.getClientRects()].map(c => Math.round(c.top)));
            if (tops.size > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""


def _click_every_center(session: PageSession, problem, zoom_in: bool = False) -> None:  # type: ignore[no-untyped-def]
    page = session.page
    for i, site in enumerate(problem.sites):
        if zoom_in:
            page.evaluate(
                f"() => VP_DATA.map.setView(VP_DATA.centers[{i}].getLatLng(), 16, "
                "{animate: false})"
            )
        page.evaluate("() => VP_DATA.map.closePopup()")
        x, y = page.evaluate(CLICK_POINTS_JS)[i]
        page.mouse.click(x, y)
        content = _popup(session)
        assert content.locator("h3").inner_text() == site.name, (i, site.name)
        outline = page.evaluate(
            "() => { const a = document.activeElement; return a && a !== document.body ? "
            "getComputedStyle(a).outlineStyle : 'none'; }"
        )
        assert outline == "none"  # no focus rectangle after a click


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_every_window_size_works_without_errors(
    tmp_path: Path,
    real: tuple,
    width: int,
    height: int,  # type: ignore[type-arg]
) -> None:
    """No console error from 320 px wide up; on a phone the legend starts folded and the
    calendar stacks below the map; Korean words never break inside."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path, width=width, height=height) as s:
        page = s.page
        page.wait_for_timeout(200)
        center = page.evaluate(
            "() => { const c = VP_DATA.map.getCenter(); return [c.lat, c.lng]; }"
        )
        assert all(v == v for v in center)  # not NaN
        legend_open = page.evaluate("() => document.querySelector('details.vp-legend').open")
        map_box = page.locator(".folium-map").bounding_box()
        panel_box = page.locator(".vp-panel").bounding_box()
        assert map_box is not None and panel_box is not None
        assert legend_open == (map_box["width"] >= 560)  # a narrow map starts with it folded
        if width <= 760:  # phone: the calendar below the map
            assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1
        else:
            assert panel_box["x"] + panel_box["width"] <= map_box["x"] + 1
        assert page.evaluate(BROKEN_WORDS_JS, "tr.vp-row td:nth-child(3)") == []
        # nothing wider than the window, every shown label inside the map frame
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert map_box["width"] <= width
        outside = page.evaluate("""() => {
            const f = document.querySelector('.folium-map').getBoundingClientRect();
            return [...document.querySelectorAll('.vp-clabel > div, .vp-dong-label > div')]
                .filter(e => getComputedStyle(e).visibility !== 'hidden')
                .map(e => e.getBoundingClientRect())
                .filter(r => r.width && (r.left < f.left - 1 || r.right > f.right + 1)).length;
        }""")
        assert outside == 0
        # every center is inside the map frame
        for x, y in page.evaluate(CLICK_POINTS_JS):
            assert map_box["x"] <= x <= map_box["x"] + map_box["width"]
            assert map_box["y"] <= y <= map_box["y"] + map_box["height"]
        page.set_viewport_size({"width": max(320, width // 2), "height": height})
        page.wait_for_timeout(250)  # the resize refit
        page.select_option("#vp-filter-week", "1")
        page.locator("tr.vp-row:not(.vp-hidden)").first.click()
        _popup(s)
        _assert_clean(s, path)


def test_every_popup_opens_on_a_click_at_its_marker(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """Markers sit above the route lines: a click at each center's centre opens its popup."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path) as s:
        _click_every_center(s, problem)
        _assert_clean(s, path)
    with open_page(path, width=390, height=844) as s:
        _click_every_center(s, problem, zoom_in=True)
        _assert_clean(s, path)


def test_labels_do_not_collide(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """Shown center and dong labels never overlap each other or another center's symbol."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    for width, height in ((1400, 900), (390, 844)):
        with open_page(path, width=width, height=height) as s:
            boxes = s.page.evaluate("""() => {
                const shown = [
                    ...document.querySelectorAll('.vp-clabel > div, .vp-dong-label > div'),
                ]
                    .filter(e => getComputedStyle(e).visibility !== 'hidden')
                    .map(e => e.getBoundingClientRect());
                return shown.map(r => [r.left, r.top, r.right, r.bottom]);
            }""")
            assert boxes
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    overlap = a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]
                    assert not overlap, (a, b)
            if width == 1400:  # on a desktop every center's dates are shown
                hidden = s.page.evaluate(
                    "() => [...document.querySelectorAll('.vp-clabel > div')]"
                    ".filter(e => getComputedStyle(e).visibility === 'hidden').length"
                )
                assert hidden == 0
            _assert_clean(s, path)


def test_a_day_shows_only_its_routes_numbered_in_order(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """The day selector: that day's routes and numbers only; a filter closes the open popup
    and refits the map to what it shows; 'all' brings every route back."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    day = dt.date(2026, 12, 10)
    todays = [v for v in plan.visits if v.date == day]
    with open_page(path) as s:
        page = s.page
        page.evaluate("() => VP_DATA.centers[0].openPopup()")
        _popup(s)
        zoom_all = page.evaluate("() => VP_DATA.map.getZoom()")
        page.select_option("#vp-filter-day", day.isoformat())
        page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")
        counts = page.evaluate(COUNTS_JS)
        assert counts["routes"] == len({v.team_id for v in todays})
        assert counts["shownRows"] == len(todays) and counts["stops"] == len(todays)
        numbers = page.eval_on_selector_all(".vp-stop-num", "ns => ns.map(n => n.textContent)")
        assert sorted(numbers) == sorted(str(v.order) for v in todays)
        assert page.evaluate("() => VP_DATA.map.getZoom()") >= zoom_all
        inside = page.evaluate(
            """(day) => {
            const b = VP_DATA.map.getBounds();
            return VP_DATA.routes.filter(r => r.day === day)
                .every(r => r.layers.every(l => b.contains(l.getBounds())));
        }""",
            day.isoformat(),
        )
        assert inside
        assert page.locator("#vp-filter-week").input_value() == ""
        page.select_option("#vp-filter-week", "0")
        assert page.locator("#vp-filter-day").input_value() == ""
        page.select_option("#vp-filter-week", "")
        counts = page.evaluate(COUNTS_JS)
        assert counts["routes"] == len(plan.by_team_day()) and counts["stops"] == 0
        _assert_clean(s, path)


def test_print_fits_the_district_on_the_map_page(tmp_path: Path, real: tuple) -> None:  # type: ignore[type-arg]
    """In print media every center and every dong polygon lies inside the map frame."""
    problem, plan = real
    path = _page_file(tmp_path, render_map(problem, plan, boundaries=load_boundaries()))
    with open_page(path, width=390, height=844) as s:
        page = s.page
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_timeout(200)
        frame = page.locator(".folium-map").bounding_box()
        assert frame is not None
        assert page.evaluate("() => document.querySelector('details.vp-legend').open")
        for x, y in page.evaluate(CLICK_POINTS_JS):
            assert frame["x"] <= x <= frame["x"] + frame["width"]
            assert frame["y"] <= y <= frame["y"] + frame["height"]
        dongs = page.eval_on_selector_all(
            "path.vp-dong",
            "ps => ps.map(p => { const r = p.getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; })",
        )
        for left, top, right, bottom in dongs:
            assert left >= frame["x"] - 1 and right <= frame["x"] + frame["width"] + 1
            assert top >= frame["y"] - 1 and bottom <= frame["y"] + frame["height"] + 1
        _assert_clean(s, path)


@pytest.mark.slow
def test_plan_command_map_on_three_screens(tmp_path: Path) -> None:
    """The issue's check: `plan --month 2026-12 --counselors 2 --visits-per-day 2` → map.html
    with zero console errors at 390×844, 800×600 and 1400×900 (network off), and every
    center's popup opening on a click at its marker's centre."""
    out = tmp_path / "plan"
    write_plan(out, "--month", "2026-12", "--counselors", "2", "--visits-per-day", "2")
    path = out / "map.html"
    names = [
        row.split(",")[5]
        for row in (out / "schedule.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    ]
    for width, height in ((390, 844), (800, 600), (1400, 900)):
        with open_page(path, width=width, height=height) as s:
            page = s.page
            page.wait_for_timeout(200)
            n = page.evaluate("() => VP_DATA.centers.length")
            assert n == 15
            for i in range(n):
                if width < 1400:
                    page.evaluate(
                        f"() => VP_DATA.map.setView(VP_DATA.centers[{i}].getLatLng(), "
                        "16, {animate: false})"
                    )
                page.evaluate("() => VP_DATA.map.closePopup()")
                x, y = page.evaluate(CLICK_POINTS_JS)[i]
                page.mouse.click(x, y)
                title = _popup(s).locator("h3").inner_text()
                assert title
            assert set(names) <= set(
                page.eval_on_selector_all(
                    "tr.vp-row td:nth-child(3)", "tds => tds.map(t => t.textContent)"
                )
            )
            _assert_clean(s, path)
