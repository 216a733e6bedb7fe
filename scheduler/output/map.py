"""The self-contained map page (``map.html``) of a plan, built with folium.

The page opens from a file with no network: Leaflet and this program's script
and stylesheet are inlined from ``scheduler/assets`` (folium's CDN links are
dropped), and markers are circle markers and ``DivIcon`` boxes, so no image or
font is fetched. Every data string is escaped where it lands (see
:mod:`scheduler.output.safe`), and element ids are numbered, not random, so the
same plan always renders to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import CustomPane
from folium.plugins import MarkerCluster
from folium.template import Template
from folium.utilities import JsCode

from scheduler.core.metrics import compute_metrics, route_travel_min
from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Base, Problem, Site
from scheduler.errors import DataError
from scheduler.i18n import templates
from scheduler.i18n import text as msg
from scheduler.output.labels import (
    check_lang,
    format_date,
    format_hhmm,
    format_minutes,
    format_period,
)
from scheduler.output.notice import site_label, team_label
from scheduler.output.offline import (
    LEAFLET_VERSION,
    cluster_css,
    cluster_js,
    find_external_refs,
    leaflet_head,
    markercluster_head,
    visitplan_css,
    visitplan_js,
)
from scheduler.output.safe import atomic_write_text, html_text, js_string, js_value

MAX_MAP_BYTES = 2 * 1024 * 1024
# City-wide maps (clustered, one layer per district) may be larger, up to this.
MAX_CITY_MAP_BYTES = 10 * 1024 * 1024
# Above this many centers, or with more than one base, the map clusters its centers.
CLUSTER_MIN_SITES = 60
# Numbered stops of clustered maps show from this zoom on (they crowd a city view).
STOPS_ZOOM = 14
CLUSTER_OPTIONS: dict[str, Any] = {
    "showCoverageOnHover": False,
    "maxClusterRadius": 50,
    "disableClusteringAtZoom": 15,
    "spiderfyOnMaxZoom": False,
}

# Okabe-Ito based, colour-blind friendly; grey is kept for unvisited centers.
TEAM_COLORS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#8C564B",
    "#6A3D9A",
    "#B15928",
    "#1B9E77",
)
UNVISITED_COLOR = "#9E9E9E"
NO_DATA_SHADE = "#FFFFFF"
# Residents per visit: light = well served, dark = many residents for each visit.
SHADES = ("#F2F0F7", "#CBC9E2", "#9E9AC8", "#756BB1")
UNSERVED_SHADE = "#54278F"  # no visit at all: the least served
# A calendar row zooms the map to this (about 1:15,000: streets and the next centers readable).
FOCUS_ZOOM = 15
CENTER_ICON_PX = 22  # the drawn center symbol
CENTER_HIT_PX = 32  # its click target (transparent ring around the symbol)

TILE_PRESETS: dict[str, tuple[str, str]] = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    "carto": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        (
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
            "contributors "
            '&copy; <a href="https://carto.com/attributions">CARTO</a>'
        ),
    ),
}


# --------------------------------------------------------------------------
# Deterministic element ids
# --------------------------------------------------------------------------
_ID_LOCK = threading.Lock()


@contextmanager
def deterministic_ids(prefix: str = "vp") -> Iterator[None]:
    """Number folium/branca element ids ``vp1, vp2, …`` instead of random hex, while active."""
    counter = itertools.count(1)
    with _ID_LOCK:
        original = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(lambda cls: f"{prefix}{next(counter)}")  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Element._generate_id = original  # type: ignore[method-assign]


# --------------------------------------------------------------------------
# Small folium elements that bind pre-escaped content
# --------------------------------------------------------------------------
class BindContent(MacroElement):
    """Bind a popup or tooltip whose HTML was escaped in Python, as a plain JS string."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.{{ this.method }}({{ this.content }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, method: str, html: str, options: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        if method not in ("bindPopup", "bindTooltip"):
            raise ValueError(f"unsupported bind method {method!r}")
        self._name = "Bind"
        self.method = method
        self.content = js_string(html)
        self.options = js_value(dict(options or {}))


class RawScript(MacroElement):
    """A piece of map script generated by this module (never from data text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self, code_factory: Callable[[], str]) -> None:
        super().__init__()
        self._name = "VpScript"
        self.code_factory = code_factory

    @property
    def code(self) -> str:
        """The script text, built at render time."""
        return str(self.code_factory())


def _popup(layer: Element, html: str) -> None:
    layer.add_child(BindContent("bindPopup", html, {"maxWidth": 320}))


def _tooltip(layer: Element, html: str, **options: Any) -> None:
    layer.add_child(BindContent("bindTooltip", html, options))


# --------------------------------------------------------------------------
# Plan facts the page needs
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Route:
    team_index: int
    date: dt.date
    visits: tuple[Visit, ...]


def needs_clustering(problem: Problem) -> bool:
    """Whether ``problem`` is large enough (city-wide) for clustered, per-district layers."""
    return len(problem.sites) > CLUSTER_MIN_SITES or len(problem.bases) > 1


@dataclass
class _District:
    """One district (``Site.group``) of a clustered map and what belongs to it."""

    key: str
    sites: list[int]
    teams: list[str]
    bases: list[str]
    group_var: str = ""
    cluster_var: str = ""


def _team_order(problem: Problem, plan: Plan) -> list[str]:
    ids = [t.id for t in problem.teams]
    extra = sorted({v.team_id for v in plan.visits} - set(ids))
    return ids + extra


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def residents_per_visit(visits: int, population: int) -> float | None:
    """Residents for each visit (``inf`` when there is no visit), ``None`` without a population.

    The dong shading uses it because it reads the right way round: the darker a dong,
    the more residents share each visit, so the worse it is served.
    """
    if population <= 0:
        return None
    if visits <= 0:
        return math.inf
    return population / visits


def shade_bins(values: Sequence[float | None]) -> list[float]:
    """Upper bounds of the four equal-width classes of the finite, positive values."""
    finite = [v for v in values if v is not None and math.isfinite(v) and v > 0]
    top = max(finite, default=0.0)
    if top <= 0:
        return []
    return [top * (i + 1) / len(SHADES) for i in range(len(SHADES))]


def shade_for(value: float | None, bins: Sequence[float]) -> str:
    """The fill colour of a dong for its residents per visit (see :func:`residents_per_visit`)."""
    if value is None:
        return NO_DATA_SHADE
    if not math.isfinite(value):
        return UNSERVED_SHADE
    if not bins:
        return SHADES[0]
    for color, upper in zip(SHADES, bins, strict=False):
        if value <= upper + 1e-9:
            return color
    return SHADES[-1]


def short_dates(dates: Sequence[dt.date]) -> str:
    """``12/3 · 12/17``: a center's visit dates, short enough for a map label."""
    return " · ".join(f"{d.month}/{d.day}" for d in sorted(set(dates)))


def short_center_name(site: Site, lang: str) -> str:
    """The center's name without the trailing "주민센터" / "Community Center" (for map labels)."""
    name = site_label(site, lang).strip()
    for tail in ("주민센터", " Community Center", " community center"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)].strip()
    cut = name.find("주민센터")
    return name[:cut].strip() if cut > 0 else name


def split_fill(colors: Sequence[str]) -> str:
    """A CSS background: one colour, or equal slices of a circle (a counselor each)."""
    if len(colors) == 1:
        return colors[0]
    step = 100 / len(colors)
    stops = ", ".join(f"{c} {i * step:.4g}% {(i + 1) * step:.4g}%" for i, c in enumerate(colors))
    return f"conic-gradient({stops})"


def _centroid(geometry: Mapping[str, Any]) -> tuple[float, float] | None:
    """Area-weighted centroid (lat, lon) of a Polygon/MultiPolygon's outer rings."""
    gtype = geometry.get("type")
    coords = geometry.get("coordinates") or []
    rings = [coords[0]] if gtype == "Polygon" and coords else []
    if gtype == "MultiPolygon":
        rings = [poly[0] for poly in coords if poly]
    area_sum = cx = cy = 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area_sum += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if abs(area_sum) < 1e-15:
        return None
    return (cy / (3 * area_sum), cx / (3 * area_sum))


def _ll(place: Site | Base) -> tuple[float, float]:
    """A drawn place's ``(lat, lon)``: the map's centers and bases have coordinates (only
    matrix-travel problems leave them ``None``); a static narrowing, no check added."""
    return cast(float, place.lat), cast(float, place.lon)


def _boundary_points(boundaries: Mapping[str, Any] | None) -> list[tuple[float, float]]:
    """The (lat, lon) corners of the boundaries' bounding box, or nothing."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(node: Any) -> None:
        if (
            isinstance(node, list | tuple)
            and len(node) >= 2
            and all(isinstance(x, int | float) for x in node[:2])
        ):
            lons.append(float(node[0]))
            lats.append(float(node[1]))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)

    for feature in (boundaries or {}).get("features", []):
        walk(((feature or {}).get("geometry") or {}).get("coordinates", []))
    if not lats:
        return []
    return [(min(lats), min(lons)), (max(lats), max(lons))]


# --------------------------------------------------------------------------
# Tiles
# --------------------------------------------------------------------------
_TEMPLATE_RE = re.compile(r"^https?://[^\s\"'<>`]+$")


def tile_layer(tiles: str, attribution: str | None = None) -> folium.TileLayer | None:
    """The base tile layer for ``tiles`` = ``osm`` | ``carto`` | ``none`` | a URL template.

    ``attribution`` (plain text) credits a URL template's tiles; presets carry their own.
    """
    key = tiles.strip()
    if key.lower() == "none":
        return None
    if key.lower() in TILE_PRESETS:
        url, attr = TILE_PRESETS[key.lower()]
    else:
        if not _TEMPLATE_RE.match(key) or not all(p in key for p in ("{z}", "{x}", "{y}")):
            raise DataError(
                "unknown tiles option",
                column="--tiles",
                value=tiles,
                hint="use osm, carto, none or an http(s) URL template with {z}, {x} and {y}",
            )
        url = key
        attr = html_text(attribution or f"Tiles: {urlsplit(key).hostname or key}")
    return folium.TileLayer(tiles=url, attr=attr, name="tiles", control=False, max_zoom=19)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------
class _Page:
    """Builds the folium map and the surrounding HTML for one plan."""

    def __init__(
        self, problem: Problem, plan: Plan, lang: str, boundaries: Mapping[str, Any] | None
    ) -> None:
        self.problem = problem
        self.plan = plan
        self.lang = lang
        self.t = templates("map.ui", lang)
        self.boundaries = boundaries
        self.metrics = compute_metrics(problem, plan)
        self.sites = list(problem.sites)
        self.site_index = {s.id: i for i, s in enumerate(self.sites)}
        self.team_ids = _team_order(problem, plan)
        self.team_index = {tid: i for i, tid in enumerate(self.team_ids)}
        self.teams = {t.id: t for t in problem.teams}
        self.visits = sorted(
            plan.visits,
            key=lambda v: (v.date, v.start_min, self.team_index.get(v.team_id, 0), v.site_id),
        )
        self.weeks = sorted({_week_start(v.date) for v in plan.visits})
        self.week_index = {w: i for i, w in enumerate(self.weeks)}
        self.routes = [
            _Route(
                self.team_index[tid], day, tuple(sorted(vs, key=lambda v: (v.order, v.start_min)))
            )
            for (tid, day), vs in sorted(
                plan.by_team_day().items(), key=lambda kv: (kv[0][1], self.team_index[kv[0][0]])
            )
        ]
        self.visits_by_site: dict[str, list[Visit]] = {}
        for v in self.visits:
            self.visits_by_site.setdefault(v.site_id, []).append(v)
        # JS names filled while building
        self.center_vars: list[str] = []
        self.route_entries: list[tuple[int, int, str, str, list[str], list[str]]] = []
        self.layer_control_var = "null"
        self.centers_group_var = ""
        self.map_var = ""
        self.clustered = needs_clustering(problem)
        self.districts: list[_District] = []
        self.site_district: list[int] = []
        self.team_district: dict[str, int] = {}
        if self.clustered:
            self._split_districts()

    def _split_districts(self) -> None:
        """Group sites, counselors and bases by district (``group``), in first-seen order."""
        index: dict[str, int] = {}

        def district(key: str) -> int:
            if key not in index:
                index[key] = len(self.districts)
                self.districts.append(_District(key, [], [], []))
            return index[key]

        for i, site in enumerate(self.sites):
            k = district(site.group)
            self.site_district.append(k)
            self.districts[k].sites.append(i)
        for tid in self.team_ids:
            team = self.teams.get(tid)
            key = team.group if team is not None else ""
            if not key:
                first = next((v for v in self.visits if v.team_id == tid), None)
                i = self.site_index.get(first.site_id, -1) if first is not None else -1
                key = self.sites[i].group if i >= 0 else ""
            k = district(key)
            self.team_district[tid] = k
            self.districts[k].teams.append(tid)
        for base in self.problem.bases:
            owner = next((t.id for t in self.problem.teams if t.base_id == base.id), None)
            k = self.team_district[owner] if owner is not None else district("")
            self.districts[k].bases.append(base.id)

    def district_label(self, k: int) -> str:
        """A district's name (plain text), or the centers' layer name when sites have no group."""
        return self.districts[k].key or self.t["layer_centers"]

    # --- labels -----------------------------------------------------------
    def team_name(self, team_id: str) -> str:
        """Display name of a counselor."""
        return team_label(self.teams.get(team_id), team_id, self.lang)

    def color(self, team_id: str) -> str:
        """The colour of a counselor."""
        return TEAM_COLORS[self.team_index.get(team_id, 0) % len(TEAM_COLORS)]

    def site_name(self, site_id: str) -> str:
        """A site's name, or its id when the problem does not know it."""
        i = self.site_index.get(site_id)
        return site_label(self.sites[i], self.lang) if i is not None else site_id

    def time_range(self, v: Visit) -> str:
        """``10:00–12:00``."""
        return f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}"

    def week_label(self, monday: dt.date) -> str:
        """The week from its Monday to its Sunday."""
        sunday = monday + dt.timedelta(days=6)
        return self.t["week_label"].format(
            a=format_date(monday, self.lang), b=format_date(sunday, self.lang)
        )

    def rate(self, site: Site) -> float | None:
        """Residents per visit at a site (``inf``: no visit; ``None``: no population)."""
        return residents_per_visit(len(self.visits_by_site.get(site.id, [])), site.weight)

    def rate_text(self, site: Site) -> str:
        """``방문 1회당 주민 4,200명`` (plain text), or ``""``."""
        rate = self.rate(site)
        if rate is None:
            return ""
        if not math.isfinite(rate):
            return msg("output.map.legend_shade_none", self.lang)
        return msg("output.map.per_visit", self.lang, n=f"{round(rate):,}")

    def site_teams(self, site_id: str) -> list[str]:
        """The counselors who visit a site, in counselor order."""
        tids = {v.team_id for v in self.visits_by_site.get(site_id, [])}
        return sorted(tids, key=lambda tid: self.team_index.get(tid, 0))

    # --- HTML pieces (all data text goes through html_text) ---------------
    def title(self) -> str:
        """The page title (plain text, not yet escaped)."""
        label = " ".join(self.problem.label.split())
        return f"{self.t['title']} ({label})" if label else self.t["title"]

    def header_html(self) -> str:
        """The title bar with the period and headline figures."""
        m = self.metrics
        t = self.t
        figures = [
            t["fig_visits"].format(n=m.visits),
            t["fig_counselors"].format(n=m.counselors),
            t["fig_centers"].format(n=m.centers_covered, total=m.centers),
            t["fig_population"].format(pct=f"{m.population_covered_pct:g}"),
            t["fig_travel"].format(t=html_text(format_minutes(m.travel_min_total, self.lang))),
            t["fig_travel_per_visit"].format(
                t=html_text(format_minutes(round(m.travel_min_per_visit), self.lang))
            ),
            t["fig_gap"].format(n=m.max_days_between_visits),
        ]
        items = "".join(f"<li>{f}</li>" for f in figures)
        period = html_text(format_period(self.problem.start, self.problem.end, self.lang))
        return (
            '<header class="vp-header">'
            f"<h1>{html_text(self.title())}</h1>"
            f'<p class="vp-period">{period}</p>'
            f'<ul class="vp-figures">{items}</ul>'
            "</header>"
        )

    def panel_html(self) -> str:
        """The side panel: filters and the calendar in date order."""
        t = self.t
        team_opts = "".join(
            f'<option value="{i}">{html_text(self.team_name(tid))}</option>'
            for i, tid in enumerate(self.team_ids)
            if any(v.team_id == tid for v in self.plan.visits) or tid in self.teams
        )
        district_filter = ""
        if self.clustered:
            team_opts = "".join(
                f'<optgroup label="{html_text(self.district_label(k))}" data-district="{k}">'
                + "".join(
                    f'<option value="{self.team_index[tid]}">'
                    f"{html_text(self.team_name(tid))}</option>"
                    for tid in d.teams
                )
                + "</optgroup>"
                for k, d in enumerate(self.districts)
                if d.teams
            )
            district_opts = "".join(
                f'<option value="{k}">{html_text(self.district_label(k))}</option>'
                for k in range(len(self.districts))
            )
            district_filter = (
                f'<label>{t["filter_district"]} <select id="vp-filter-district">'
                f'<option value="">{t["all"]}</option>{district_opts}</select></label>'
            )
        week_opts = "".join(
            f'<option value="{i}">{html_text(self.week_label(w))}</option>'
            for i, w in enumerate(self.weeks)
        )
        day_opts = "".join(
            f'<option value="{d.isoformat()}">{html_text(format_date(d, self.lang))}</option>'
            for d in sorted({v.date for v in self.visits})
        )
        filters = (
            '<div class="vp-filters">'
            f"{district_filter}"
            f'<label>{t["filter_team"]} <select id="vp-filter-team">'
            f'<option value="">{t["all"]}</option>'
            f"{team_opts}</select></label>"
            f'<label>{t["filter_week"]} <select id="vp-filter-week">'
            f'<option value="">{t["all"]}</option>'
            f"{week_opts}</select></label>"
            f'<label>{t["filter_day"]} <select id="vp-filter-day">'
            f'<option value="">{t["all"]}</option>'
            f"{day_opts}</select></label>"
            f'<span id="vp-count" class="vp-count">{len(self.visits)} / {len(self.visits)}</span>'
            "</div>"
        )
        head = "".join(
            f"<th>{t[k]}</th>"
            for k in ("col_date", "col_team", "col_center", "col_time", "col_travel")
        )
        rows = []
        for i, v in enumerate(self.visits):
            site = self.site_index.get(v.site_id, -1)
            district = ""
            if self.clustered:
                k = self.team_district.get(v.team_id)
                if k is None:
                    k = self.site_district[site] if site >= 0 else 0
                district = f' data-district="{k}"'
            rows.append(
                f'<tr class="vp-row" tabindex="0" data-row="{i}"{district}'
                f' data-team="{self.team_index.get(v.team_id, 0)}"'
                f' data-week="{self.week_index[_week_start(v.date)]}" data-site="{site}"'
                f' data-date="{v.date.isoformat()}">'
                f'<td class="vp-nowrap">{html_text(format_date(v.date, self.lang))}</td>'
                f'<td class="vp-team" title="{html_text(self.team_name(v.team_id))}">'
                f'<span class="vp-swatch" style="background:{self.color(v.team_id)}"></span>'
                f"{html_text(self.team_name(v.team_id))}</td>"
                f"<td>{html_text(self.site_name(v.site_id))}</td>"
                f'<td class="vp-nowrap">{self.time_range(v)}</td>'
                f'<td class="vp-nowrap">{html_text(format_minutes(v.travel_min, self.lang))}</td>'
                "</tr>"
            )
        body = "".join(rows)
        empty = "" if rows else f'<p class="vp-empty">{t["no_visits"]}</p>'
        return (
            f'<aside class="vp-panel" aria-label="{html_text(t["calendar"])}">'
            f'<h2 class="vp-panel-title">{t["calendar"]}</h2>'
            f"{filters}"
            f'<table class="vp-calendar"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
            f"{empty}</aside>"
        )

    def legend_html(self, bins: Sequence[float], with_boundaries: bool) -> str:
        """The legend (moved into a map control by map.js)."""
        t = self.t
        teams = "".join(
            f'<li><span class="vp-swatch" style="background:{self.color(tid)}"></span>'
            f"{html_text(self.team_name(tid))}</li>"
            for tid in self.team_ids
        )
        centers = (
            f'<li><span class="vp-swatch" style="background:{UNVISITED_COLOR}"></span>'
            f"{t['legend_unvisited']}</li>"
            '<li><span class="vp-swatch" style="background:#222;border-radius:0"></span>'
            f"{t['legend_base']}</li>"
            f"<li>{t['legend_route']}</li>"
        )
        if not self.clustered:
            centers += (
                f"<li>{html_text(msg('output.map.legend_split', self.lang))}</li>"
                f"<li>{html_text(msg('output.map.legend_dates', self.lang))}</li>"
            )
        shade = ""
        if with_boundaries:
            items = []
            lower: float | None = None
            for color, upper in zip(SHADES, bins, strict=False):
                span = (
                    t["up_to"].format(x=f"{round(upper):,}")
                    if lower is None
                    else f"{round(lower):,}–{round(upper):,}"
                )
                items.append(
                    f'<li><span class="vp-box" style="background:{color}"></span>{span}</li>'
                )
                lower = upper
            items.append(
                f'<li><span class="vp-box" style="background:{UNSERVED_SHADE}"></span>'
                f"{html_text(msg('output.map.legend_shade_none', self.lang))}</li>"
            )
            items.append(
                f'<li><span class="vp-box" style="background:{NO_DATA_SHADE}"></span>'
                f"{t['no_data']}</li>"
            )
            shade = (
                f"<h2>{html_text(msg('output.map.legend_shade', self.lang))}</h2>"
                f"<ul>{''.join(items)}</ul>"
            )
        if self.clustered:  # the counselors are listed per district in the calendar filter
            centers += f"<li>{t['legend_clusters']}</li><li>{t['legend_stops']}</li>"
            body = f"<h2>{t['legend_centers']}</h2><ul>{centers}</ul>{shade}"
        else:
            body = (
                f"<h2>{t['legend_counselors']}</h2><ul>{teams}</ul>"
                f"<h2>{t['legend_centers']}</h2><ul>{centers}</ul>{shade}"
            )
        toggle = html_text(msg("output.map.legend_toggle", self.lang))
        return (
            '<div id="vp-legend-source"><details class="vp-legend" open>'
            f'<summary>{toggle}</summary><div class="vp-legend-body">{body}</div>'
            "</details></div>"
        )

    def center_popup(self, site: Site) -> str:
        """Popup HTML of a center: name, address, population and its visits."""
        t = self.t
        name = site_label(site, self.lang)
        parts = [f'<div class="vp-popup"><h3>{html_text(name)}</h3>']
        if name != site.name:
            parts.append(f"<p>{html_text(site.name)}</p>")
        if site.address:
            parts.append(f"<p>{html_text(site.address)}</p>")
        facts = [t["population"].format(n=f"{site.weight:,}")]
        if self.rate_text(site):
            facts.append(self.rate_text(site))
        parts.append(f"<p>{html_text(' · '.join(facts))}</p>")
        visits = self.visits_by_site.get(site.id, [])
        if visits:
            items = "".join(
                f"<li>{html_text(format_date(v.date, self.lang))} {self.time_range(v)} · "
                f"{html_text(self.team_name(v.team_id))}</li>"
                for v in visits
            )
            parts.append(f"<b>{t['visits_heading']}</b><ul>{items}</ul>")
        else:
            parts.append(f"<p>{t['no_visit_popup']}</p>")
        parts.append("</div>")
        return "".join(parts)

    # --- map layers -------------------------------------------------------
    def build(self, tiles: str, tiles_attribution: str | None) -> folium.Map:
        """The folium map with every layer, control and the page script data."""
        points = [_ll(s) for s in self.sites] + [_ll(b) for b in self.problem.bases]
        points += _boundary_points(self.boundaries)
        if not points:
            points = [(37.5636, 126.9976)]  # Jung-gu office
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]

        # Leaflet.markercluster needs the map's own maxZoom (there may be no tile layer).
        extra: dict[str, Any] = {"maxZoom": 19} if self.clustered else {}
        m = folium.Map(
            location=center,
            zoom_start=14,
            tiles=None,
            control_scale=True,
            zoom_snap=0.25,
            **extra,
        )
        # Only Leaflet is needed; it is inlined by render_map, so drop folium's CDN links.
        m.default_js = []
        m.default_css = []
        self.map_var = m.get_name()
        layer = tile_layer(tiles, tiles_attribution)
        if layer is not None:
            m.add_child(layer)

        m.add_child(CustomPane("vp-routes", z_index=420, pointer_events=True))
        m.add_child(CustomPane("vp-labels", z_index=640, pointer_events=False))
        m.add_child(CustomPane("vp-stops", z_index=650, pointer_events=False))
        bins = self.add_boundaries(m)
        if self.clustered:
            self.add_districts(m)
        else:
            self.add_centers(m)
            self.add_routes(m)
        control = folium.LayerControl(collapsed=False, position="topright")
        control.add_to(m)
        self.layer_control_var = control.get_name()
        m.add_child(RawScript(lambda: self.registry_js(bounds)))

        figure = m.get_root()
        assert isinstance(figure, Figure)
        figure.title = html_text(self.title())
        figure.html.add_child(Element(self.header_html()), name="vp_header")
        figure.html.add_child(Element(self.panel_html()), name="vp_panel")
        figure.html.add_child(
            Element(self.legend_html(bins, with_boundaries=self.boundaries is not None)),
            name="vp_legend",
        )
        return m

    def add_boundaries(self, m: folium.Map) -> list[float]:
        """Dong polygons shaded by visits per 10,000 residents, with dong names."""
        if self.boundaries is None:
            return []
        rates = [self.rate(s) for s in self.sites]
        bins = shade_bins(rates)
        m.add_child(CustomPane("vp-dongs", z_index=350, pointer_events=True))
        m.add_child(CustomPane("vp-dong-labels", z_index=360, pointer_events=False))
        group = folium.FeatureGroup(
            name=html_text(self.t["layer_boundaries"]), overlay=True, control=True
        )
        features = []
        labels: list[tuple[tuple[float, float], str]] = []
        for feature in self.boundaries.get("features", []):
            props = feature.get("properties") or {}
            geometry = feature.get("geometry") or {}
            sid = str(props.get("id", ""))
            name = str(
                props.get("dong_en")
                if self.lang == "en" and props.get("dong_en")
                else props.get("dong_ko", sid)
            )
            i = self.site_index.get(sid)
            rate = self.rate(self.sites[i]) if i is not None else None
            tip = html_text(name)
            if i is not None and self.rate_text(self.sites[i]):
                tip += "<br>" + html_text(self.rate_text(self.sites[i]))
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "vp_tip": tip,
                        "style": {
                            "color": "#777777",
                            "weight": 1,
                            "fillColor": shade_for(rate, bins),
                            "fillOpacity": 0.55,
                        },
                    },
                    "geometry": geometry,
                }
            )
            c = _centroid(geometry)
            if c is not None:
                labels.append((c, name))
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name="dongs",
            control=False,
            on_each_feature=JsCode(
                "function(feature, layer) {"
                " layer.bindTooltip(feature.properties.vp_tip, {sticky: true}); }"
            ),
            pane="vp-dongs",
            className="vp-dong",
        ).add_to(group)
        for (lat, lon), name in labels:
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(
                    html=f"<div>{html_text(name)}</div>",
                    icon_size=(0, 0),
                    class_name="vp-dong-label",
                ),
                interactive=False,
                keyboard=False,
                pane="vp-dong-labels",
            ).add_to(group)
        group.add_to(m)
        return bins

    def add_centers(self, m: folium.Map) -> None:
        """The home bases and one circle marker per center."""
        group = folium.FeatureGroup(
            name=html_text(self.t["layer_centers"]), overlay=True, control=True
        )
        self.centers_group_var = group.get_name()
        for base in self.problem.bases:
            self.base_marker(base).add_to(group)
        for site in self.sites:
            self.center_marker(site).add_to(group)
        for site in self.sites:
            self.center_label(site).add_to(group)
        group.add_to(m)

    def base_marker(self, base: Base) -> folium.Marker:
        """A home base's square marker with its popup and tooltip."""
        marker = folium.Marker(
            list(_ll(base)),
            icon=folium.DivIcon(
                html='<div class="vp-base-icon"></div>',
                icon_size=(18, 18),
                icon_anchor=(9, 9),
                class_name="vp-base",
            ),
        )
        html = f'<div class="vp-popup"><h3>{html_text(base.name)}</h3>'
        if base.address:
            html += f"<p>{html_text(base.address)}</p>"
        html += f"<p>{self.t['legend_base']}</p></div>"
        _popup(marker, html)
        _tooltip(marker, f"{self.t['base']}: {html_text(base.name)}")
        return marker

    def center_marker(self, site: Site) -> folium.Marker:
        """A center's marker: a circle in its counselor's colour, split into slices when
        several counselors visit it (grey: no visit), with a larger transparent click
        target around it; registered for map.js."""
        teams = self.site_teams(site.id)
        fill = split_fill([self.color(t) for t in teams]) if teams else UNVISITED_COLOR
        kind = "vp-visited" if teams else "vp-unvisited"
        split = " vp-split" if len(teams) > 1 else ""
        marker = folium.Marker(
            list(_ll(site)),
            icon=folium.DivIcon(
                html=f'<div class="vp-pin" style="background:{fill}"></div>',
                icon_size=(CENTER_HIT_PX, CENTER_HIT_PX),
                icon_anchor=(CENTER_HIT_PX // 2, CENTER_HIT_PX // 2),
                popup_anchor=(0, -CENTER_ICON_PX // 2),
                class_name=f"vp-center {kind}{split}",
            ),
            keyboard=False,
        )
        _popup(marker, self.center_popup(site))
        _tooltip(
            marker,
            html_text(site_label(site, self.lang)),
            direction="top",
            offset=[0, -CENTER_ICON_PX // 2],
        )
        self.center_vars.append(marker.get_name())
        return marker

    def center_label(self, site: Site) -> folium.Marker:
        """The label under a center: its short name and visit dates (``12/3 · 12/17``)."""
        dates = short_dates([v.date for v in self.visits_by_site.get(site.id, [])])
        html = f'<span class="vp-cname">{html_text(short_center_name(site, self.lang))}</span>'
        if dates:
            html += f'<span class="vp-cdates">{html_text(dates)}</span>'
        return folium.Marker(
            list(_ll(site)),
            icon=folium.DivIcon(
                html=f"<div>{html}</div>", icon_size=(0, 0), class_name="vp-clabel"
            ),
            interactive=False,
            keyboard=False,
            pane="vp-labels",
        )

    def add_districts(self, m: folium.Map) -> None:
        """Clustered maps: one layer per district with its base, clustered centers and routes."""
        groups: dict[int, folium.FeatureGroup] = {}
        markers: dict[int, folium.Marker] = {}
        for k, d in enumerate(self.districts):
            label = f"{html_text(self.district_label(k))} ({len(d.sites)})"
            group = folium.FeatureGroup(name=label, overlay=True, control=True)
            cluster = MarkerCluster(control=False, options=dict(CLUSTER_OPTIONS))
            cluster.default_js = []  # inlined by render_map instead of folium's CDN links
            cluster.default_css = []
            cluster.add_to(group)
            d.group_var = group.get_name()
            d.cluster_var = cluster.get_name()
            for base_id in d.bases:
                self.base_marker(self.problem.base(base_id)).add_to(group)
            for i in d.sites:
                markers[i] = self.center_marker(self.sites[i])
                markers[i].add_to(cluster)
            groups[k] = group
        # map.js indexes centers by site: keep problem order
        self.center_vars = [markers[i].get_name() for i in range(len(self.sites))]
        self.centers_group_var = groups[0].get_name() if groups else "null"
        by_team = {
            self.team_index[tid]: groups[k] for tid, k in self.team_district.items() if k in groups
        }
        self.add_routes(m, by_team)
        for k in sorted(groups):
            groups[k].add_to(m)

    def district_bounds(self, d: _District) -> list[list[float]]:
        """The box around a district's centers and bases (a little padded)."""
        points = [_ll(self.sites[i]) for i in d.sites]
        for base_id in d.bases:
            b = self.problem.base(base_id)
            points.append(_ll(b))
        if not points:
            return []
        pad = 0.002
        return [
            [min(p[0] for p in points) - pad, min(p[1] for p in points) - pad],
            [max(p[0] for p in points) + pad, max(p[1] for p in points) + pad],
        ]

    def add_routes(
        self, m: folium.Map, into: Mapping[int, folium.FeatureGroup] | None = None
    ) -> None:
        """One layer per counselor: each day's route line and numbered stops.

        ``into`` (clustered maps) puts each counselor's routes into the given layer
        (its district's) instead, and those layers are added to the map by the caller.
        """
        groups: dict[int, folium.FeatureGroup] = {}
        for tid in self.team_ids:
            idx = self.team_index[tid]
            if into is not None:
                if idx not in into:  # a counselor outside every district: its own layer
                    label = (
                        f'<span class="vp-swatch" style="background:{self.color(tid)}"></span>'
                        f"{html_text(self.team_name(tid))}"
                    )
                    groups[idx] = folium.FeatureGroup(name=label, overlay=True, control=True)
                continue
            label = (
                f'<span class="vp-swatch" style="background:{self.color(tid)}"></span>'
                f"{html_text(self.team_name(tid))}"
            )
            groups[idx] = folium.FeatureGroup(name=label, overlay=True, control=True)
        target = {**groups, **(into or {})}
        for route in self.routes:
            tid = self.team_ids[route.team_index]
            team = self.teams.get(tid)
            base = (
                self.problem.base(team.base_id)
                if team is not None
                else (self.problem.bases[0] if self.problem.bases else None)
            )
            stops = [v for v in route.visits if v.site_id in self.site_index]
            coords = [
                (
                    self.sites[self.site_index[v.site_id]].lat,
                    self.sites[self.site_index[v.site_id]].lon,
                )
                for v in stops
            ]
            if base is not None:
                coords = [(base.lat, base.lon), *coords, (base.lat, base.lon)]
            group = target[route.team_index]
            color = self.color(tid)
            layer_vars: list[str] = []
            stop_vars: list[str] = []
            if len(coords) >= 2:
                line = folium.PolyLine(
                    coords,
                    color=color,
                    weight=3,
                    opacity=0.85,
                    className="vp-route",
                    pane="vp-routes",
                )
                seq = " → ".join(f"{v.order}. {self.site_name(v.site_id)}" for v in route.visits)
                travel = route_travel_min(self.problem, tid, list(route.visits))
                tip = (
                    f"<b>{html_text(format_date(route.date, self.lang))} · "
                    f"{html_text(self.team_name(tid))}</b><br>"
                    f"{html_text(seq)}<br>"
                    + html_text(self.t["route_travel"].format(t=format_minutes(travel, self.lang)))
                )
                _tooltip(line, tip, sticky=True)
                line.add_to(group)
                layer_vars.append(line.get_name())
            shift = route.team_index % 4
            for v in stops:
                site = self.sites[self.site_index[v.site_id]]
                marker = folium.Marker(
                    list(_ll(site)),
                    icon=folium.DivIcon(
                        html=f'<div class="vp-stop-num" style="background:{color}">'
                        f"{int(v.order)}</div>",
                        icon_size=(18, 18),
                        icon_anchor=(-4 - 18 * shift, 22),
                        class_name="vp-stop",
                    ),
                    keyboard=False,
                    interactive=False,
                    pane="vp-stops",
                )
                marker.add_to(group)
                stop_vars.append(marker.get_name())
            week = self.week_index[_week_start(route.date)]
            self.route_entries.append(
                (
                    route.team_index,
                    week,
                    route.date.isoformat(),
                    group.get_name(),
                    layer_vars,
                    stop_vars,
                )
            )
        for idx in sorted(groups):
            groups[idx].add_to(m)

    def registry_js(self, bounds: list[list[float]]) -> str:
        """``window.VP_DATA``: the Leaflet objects map.js works with (variable names only)."""
        routes = ",\n".join(
            f"  {{team: {team}, week: {week}, day: {js_string(day)}, group: {group}, "
            f"layers: [{', '.join(layers)}], stops: [{', '.join(stops)}]}}"
            for team, week, day, group, layers, stops in self.route_entries
        )
        attribution = (
            html_text(msg("output.map.attribution", self.lang))
            if self.boundaries is not None
            else ""
        )
        return (
            "var VP_DATA = {\n"
            f"  map: {self.map_var},\n"
            f"  centersGroup: {self.centers_group_var},\n"
            f"  centers: [{', '.join(self.center_vars)}],\n"
            f"  routes: [\n{routes}\n  ],\n"
            f"{self.districts_js()}"
            f"  bounds: {js_value(bounds)},\n"
            f"  focusZoom: {FOCUS_ZOOM},\n"
            f"  layerControl: {self.layer_control_var},\n"
            f"  attribution: {js_string(attribution)},\n"
            f"  prefix: {js_string('Leaflet ' + LEAFLET_VERSION)}\n"
            "};\n"
        )

    def districts_js(self) -> str:
        """Clustered maps' extra ``VP_DATA`` entries for cluster.js (nothing otherwise)."""
        if not self.clustered:
            return ""
        districts = ",\n".join(
            f"    {{group: {d.group_var}, cluster: {d.cluster_var}, "
            f"bounds: {js_value(self.district_bounds(d))}}}"
            for d in self.districts
        )
        return (
            f"  districts: [\n{districts}\n  ],\n"
            f"  centerDistrict: {js_value(self.site_district)},\n"
            f"  stopsZoom: {STOPS_ZOOM},\n"
        )


def render_map(
    problem: Problem,
    plan: Plan,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
    tiles_attribution: str | None = None,
) -> str:
    """The self-contained ``map.html`` text of ``plan`` (same plan and options → same bytes)."""
    check_lang(lang)
    page = _Page(problem, plan, lang, boundaries)
    with deterministic_ids():
        m = page.build(tiles, tiles_attribution)
        html = m.get_root().render()
    if page.clustered:
        inline = (
            f"{leaflet_head()}\n{markercluster_head()}\n{visitplan_css()}\n{cluster_css()}\n"
            f"{visitplan_js()}\n{cluster_js()}"
        )
    else:
        inline = f"{leaflet_head()}\n{visitplan_css()}\n{visitplan_js()}"
    html = html.replace("</head>", inline + "\n</head>", 1)
    html = html.replace("<html>", f'<html lang="{lang}">', 1)
    refs = find_external_refs(html)
    if refs:  # a folium change could bring back CDN links: fail loudly, never ship them
        raise RuntimeError(f"map.html would load external resources: {refs[:5]}")
    return html


def write_map(
    problem: Problem,
    plan: Plan,
    path: str | Path,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
) -> Path:
    """Render ``map.html`` and write it to ``path`` atomically; return the path."""
    html = render_map(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries)
    return atomic_write_text(path, html)


def read_boundaries(path: str | Path) -> dict[str, Any]:
    """Parse a dong-boundary GeoJSON file (features with ``id`` and ``dong_ko`` properties)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataError(f"not valid GeoJSON: {e.msg}", file=str(path), row=e.lineno) from e
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise DataError(
            "not a GeoJSON FeatureCollection", file=str(path), hint="expected a 'features' list"
        )
    return data
