"""map.html as text: self-contained, deterministic, complete and escaped (no browser needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from branca.element import Element
from share_fixtures import DATA, hostile_case, load_boundaries, make_plan, make_problem, real_case

from scheduler.core.plan import Plan, SolveInfo
from scheduler.errors import DataError
from scheduler.output.map import (
    MAX_MAP_BYTES,
    NO_DATA_SHADE,
    SHADES,
    UNSERVED_SHADE,
    read_boundaries,
    render_map,
    residents_per_visit,
    shade_bins,
    shade_for,
    short_center_name,
    short_dates,
    split_fill,
    write_map,
)
from scheduler.output.offline import find_external_refs, leaflet_head


def _generated(html: str) -> str:
    """The page without the vendored Leaflet block: what this program generated."""
    return html.replace(leaflet_head(), "")


def _scripts(html: str) -> str:
    """The text of every generated <script> block."""
    return "\n".join(re.findall(r"<script>(.*?)</script>", _generated(html), re.DOTALL))


@pytest.fixture(scope="module")
def real_html() -> str:
    problem, plan = real_case()
    return render_map(problem, plan, boundaries=load_boundaries())


def test_same_plan_renders_byte_identical_html() -> None:
    """Two renders of the same plan are the same bytes (no random ids, no timestamps)."""
    problem, plan = real_case()
    first = render_map(problem, plan, boundaries=load_boundaries())
    second = render_map(problem, plan, boundaries=load_boundaries())
    assert first == second
    assert not re.search(r"_[0-9a-f]{32}\b", first), "a random folium id slipped through"


def test_render_restores_random_ids_for_other_folium_users(real_html: str) -> None:
    """The deterministic-id patch is undone after rendering."""
    assert re.fullmatch(r"[0-9a-f]{32}", Element()._id)


def test_page_has_no_external_reference_and_is_small(real_html: str) -> None:
    """No src/href/url() leaves the file, folium's CDN links are gone, and it is under 2 MB."""
    assert find_external_refs(real_html) == []
    for cdn in ("cdn.jsdelivr", "code.jquery", "bootstrap", "cdnjs", "font-awesome", "fontawesome"):
        assert cdn not in real_html.lower()
    assert len(real_html.encode("utf-8")) < MAX_MAP_BYTES


def test_no_timing_or_solve_time_in_page() -> None:
    """Solve seconds and other timings never reach the page."""
    problem, plan = real_case()
    slow = dataclasses.replace(
        plan, info=SolveInfo("OPTIMAL", 0.0, 0.0, 0.0, 987.654, time_limit_s=4321.0)
    )
    html = render_map(problem, slow, boundaries=load_boundaries())
    assert html == render_map(problem, plan, boundaries=load_boundaries())
    assert "987.654" not in html and "4321.0" not in html


def test_page_lists_every_visit_and_center(real_html: str) -> None:
    """One calendar row per visit, one center marker per center, one route per counselor-day."""
    problem, plan = real_case()
    assert real_html.count('class="vp-row"') == len(plan.visits)
    generated = _generated(real_html)
    assert len(re.findall(r'"className": "vp-center', generated)) == len(problem.sites)
    assert len(re.findall(r'"className": "vp-route"', generated)) == len(plan.by_team_day())
    for site in problem.sites:
        assert site.name in real_html


def test_korean_labels_by_default(real_html: str) -> None:
    """Dates use labels.format_date (12월 3일(목)) and the UI is Korean; the period is in the
    title."""
    assert "12월 3일(목)" in real_html
    assert '<html lang="ko">' in real_html
    assert "방문 일정표" in real_html and "2026년 12월 1일(화) ~ 12월 31일(목)" in real_html
    assert "방문 <b>40</b>회" in real_html


def test_english_labels_with_lang_en() -> None:
    """lang='en' switches dates, headings and center names to English."""
    problem, plan = real_case()
    html = render_map(problem, plan, lang="en", boundaries=load_boundaries())
    assert "Thu 3 Dec" in html and "Visit calendar" in html and '<html lang="en">' in html
    assert "Hoehyeon-dong Community Center" in html
    assert "방문 일정표" not in html


def test_unsupported_language_is_refused() -> None:
    """Only ko and en exist."""
    problem, plan = real_case()
    with pytest.raises(ValueError, match=r"unsupported language 'fr'; use one of ko, en"):
        render_map(problem, plan, lang="fr")


def test_boundaries_are_shaded_and_named(real_html: str) -> None:
    """Each dong polygon is embedded with its name; the legend explains the shading."""
    assert real_html.count('"type": "Feature"') == 15
    assert "방문 1회당 주민 수 (진할수록 부족)" in real_html
    assert real_html.count('"className": "vp-dong-label"') == 15
    for dong in ("소공동", "회현동", "황학동", "중림동"):
        label = json.dumps(f"<div>{dong}</div>").replace("<", "\\u003c").replace(">", "\\u003e")
        assert label in real_html


def test_map_without_boundaries_has_no_dong_layer() -> None:
    """Boundaries are optional."""
    problem, plan = real_case()
    html = render_map(problem, plan)
    assert '"type": "Feature"' not in html and "동 경계" not in html


def test_unvisited_centers_are_grey() -> None:
    """A center with no visit is drawn grey and says so in its popup."""
    problem = make_problem()
    plan = make_plan(problem, days=1)  # 2 counselors x 2 visits: 4 of 15 centers visited
    html = _generated(render_map(problem, plan))
    assert html.count("vp-center vp-unvisited") == 11
    assert html.count("vp-center vp-visited") == 4
    assert html.count('vp-pin\\" style=\\"background:#9E9E9E') == 11


def test_empty_plan_renders() -> None:
    """A plan with no visits still gives a page with every center and an empty calendar."""
    problem = make_problem()
    html = render_map(problem, Plan(()), boundaries=load_boundaries())
    assert 'class="vp-row"' not in html and "이 기간에 방문 일정이 없습니다." in html
    assert html.count("vp-center vp-unvisited") == len(problem.sites)


def test_shading_reads_the_right_way_round() -> None:
    """Residents per visit: the more residents share a visit, the darker; no visit is darkest."""
    assert residents_per_visit(2, 4000) == 2000.0
    assert residents_per_visit(1, 0) is None
    assert residents_per_visit(0, 500) == float("inf")
    bins = shade_bins([1000.0, 4000.0, float("inf"), None])
    assert bins == [1000.0, 2000.0, 3000.0, 4000.0]
    assert shade_for(500.0, bins) == SHADES[0]
    assert shade_for(4000.0, bins) == SHADES[-1]
    assert shade_for(float("inf"), bins) == UNSERVED_SHADE
    assert shade_for(None, bins) == NO_DATA_SHADE
    # a small dong visited as often as a large one is lighter (better served), not darker
    small, large = residents_per_visit(2, 3000), residents_per_visit(2, 30000)
    order = list(SHADES)
    assert order.index(shade_for(small, shade_bins([small, large]))) < order.index(
        shade_for(large, shade_bins([small, large]))
    )


def test_centers_show_their_dates_and_split_colours() -> None:
    """Each visited center is labelled `12/3 · 12/17`; two counselors give a split marker."""
    problem, plan = real_case()
    html = _generated(render_map(problem, plan, boundaries=load_boundaries()))
    for site in problem.sites:
        dates = sorted({v.date for v in plan.visits if v.site_id == site.id})
        label = short_dates(dates)
        assert json.dumps(label).strip('"') in html or label in html
    assert short_dates([dt.date(2026, 12, 17), dt.date(2026, 12, 3)]) == "12/3 · 12/17"
    assert split_fill(["#111111"]) == "#111111"
    assert split_fill(["#111111", "#222222"]) == "conic-gradient(#111111 0% 50%, #222222 50% 100%)"
    two = sum(
        1 for s in problem.sites if len({v.team_id for v in plan.visits if v.site_id == s.id}) == 2
    )
    assert two > 0 and html.count("vp-visited vp-split") == two
    assert short_center_name(problem.sites[0], "ko") == "소공동"
    assert short_center_name(problem.sites[0], "en") == "Sogong-dong"


def test_boundary_attribution_is_on_the_map(real_html: str) -> None:
    """The admdongkor boundaries are credited (CC BY 4.0) in the map's attribution."""
    assert "admdongkor (vuski), CC BY 4.0" in real_html
    problem, plan = real_case()
    assert "admdongkor" not in render_map(problem, plan)  # no boundaries, no credit


@pytest.mark.parametrize(
    ("tiles", "needle"),
    [
        ("osm", "tile.openstreetmap.org"),
        ("carto", "basemaps.cartocdn.com"),
        ("https://tiles.example.invalid/{z}/{x}/{y}.png", "Tiles: tiles.example.invalid"),
    ],
)
def test_tiles_are_selectable_with_attribution(tiles: str, needle: str) -> None:
    """osm, carto and a URL template add a tile layer with its attribution."""
    problem, plan = real_case()
    html = render_map(problem, plan, tiles=tiles)
    assert "L.tileLayer(" in html and needle in html
    assert "attribution" in html


def test_no_tiles_by_default(real_html: str) -> None:
    """The default map has no tile layer: it works offline."""
    assert "L.tileLayer(" not in real_html


@pytest.mark.parametrize(
    "tiles",
    ["google", "ftp://x/{z}/{x}/{y}", "https://x.invalid/tile.png", 'https://x/{z}/{x}/{y}"<'],
)
def test_bad_tiles_option_is_a_data_error(tiles: str) -> None:
    """An unknown tiles value is refused with a hint."""
    problem, plan = real_case()
    with pytest.raises(DataError, match="tiles"):
        render_map(problem, plan, tiles=tiles)


def test_hostile_text_is_escaped_everywhere() -> None:
    """Payloads in names, addresses, counselor and base names never appear as live markup or
    code."""
    problem, plan = hostile_case()
    html = render_map(problem, plan, boundaries=load_boundaries())
    generated = _generated(html)
    lowered = generated.lower()
    assert "<img" not in lowered and "<svg" not in lowered
    assert "<script>window" not in lowered
    scripts = _scripts(html)
    # no template literal exists in any generated script, so a "${" in a plain string is inert
    assert "`" not in scripts and "__pwned" in scripts
    assert "\u2028" not in scripts and "\u2029" not in scripts
    # every <script> opened is closed exactly once: nothing broke out of a block
    assert lowered.count("<script") == lowered.count("</script>")
    assert lowered.count("</script") == lowered.count("</script>")
    # the text is still all there, escaped
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;센터" in generated
    assert "&amp;lt;b&amp;gt;엔티티" in generated
    assert find_external_refs(html) == []


def test_write_map_writes_atomically(tmp_path: Path) -> None:
    """write_map saves the same text render_map returns, and nothing else."""
    problem, plan = real_case()
    path = write_map(problem, plan, tmp_path / "map.html", boundaries=load_boundaries())
    assert path.read_text(encoding="utf-8") == render_map(
        problem, plan, boundaries=load_boundaries()
    )
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_read_boundaries(tmp_path: Path) -> None:
    """The boundary file parses; a broken one is a DataError naming the file."""
    assert len(read_boundaries(DATA / "jung_gu_dongs.geojson")["features"]) == 15
    bad = tmp_path / "bad.geojson"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.geojson"):
        read_boundaries(bad)
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(DataError, match="FeatureCollection"):
        read_boundaries(bad)


def test_title_names_the_plan_label() -> None:
    """A problem label (the plan's name) follows the title, escaped, in <h1> and <title>."""
    problem = make_problem(label="2026-12 <초안>")
    html = render_map(problem, make_plan(problem))
    assert "<h1>찾아가는 일자리 상담 방문 계획 (2026-12 &lt;초안&gt;)</h1>" in html
    assert "<title>찾아가는 일자리 상담 방문 계획 (2026-12 &lt;초안&gt;)</title>" in html


def test_custom_tile_attribution_is_escaped() -> None:
    """A custom attribution is shown as text, not markup."""
    problem, plan = real_case()
    html = render_map(
        problem,
        plan,
        tiles="https://t.example.invalid/{z}/{x}/{y}.png",
        tiles_attribution="<b>구청</b> 지도",
    )
    expected = json.dumps("&lt;b&gt;구청&lt;/b&gt; 지도").replace("&", "\\u0026")
    assert f'"attribution": {expected}' in html
