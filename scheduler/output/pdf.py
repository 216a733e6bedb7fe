"""Printable PDFs: ``month.pdf`` (the month grid, then a map) and one A4 poster per center.

Made with fpdf2, which embeds a subset of the vendored Pretendard font
(``scheduler/assets/fonts``, SIL OFL), so no system font is needed to view or
print them. The map page is drawn here from the plan and the dong boundaries
(no browser). The files do not depend on the clock: the same plan gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import string
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem, Site
from scheduler.i18n import text
from scheduler.i18n.catalog import catalog
from scheduler.output.labels import check_lang, format_date, format_hhmm, format_period
from scheduler.output.notice import problem_team_label, site_label
from scheduler.output.offline import assets_root
from scheduler.output.safe import pdf_text, safe_filename_part

FONT = "Pretendard"
MONTH_FILE = "month.pdf"
POSTER_DIR = "posters"
# Okabe-Ito based, the same order as the map's counselor colours.
TEAM_RGB = (
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (140, 86, 75),
    (106, 61, 154),
    (177, 89, 40),
    (27, 158, 119),
)
GREY = (158, 158, 158)
# Page position (mm) of a (lon, lat), None for a place without coordinates.
_XY = Callable[[float | None, float | None], tuple[float, float] | None]


@dataclass(frozen=True)
class PublicInfo:
    """What the public notices and posters say besides the plan (from the config).

    ``office``/``office_en``: the job center's name; ``phone``; ``web``: a web page
    (a QR code of it is printed on the posters); ``apply_ko``/``apply_en``: how to
    apply (``[notice]``), replacing the built-in sentence when given.
    """

    office: str = ""
    office_en: str = ""
    phone: str = ""
    web: str = ""
    apply_ko: str = ""
    apply_en: str = ""

    def office_name(self, lang: str) -> str:
        """The office's name in ``lang`` (the Korean one when no English is given)."""
        return self.office_en if lang == "en" and self.office_en else self.office

    def apply(self, lang: str) -> str:
        """The configured how-to-apply sentence in ``lang``, or ``""``."""
        return self.apply_en if lang == "en" else self.apply_ko


def public_info(config: Any) -> PublicInfo:
    """:class:`PublicInfo` from a district config (missing keys are empty)."""

    def get(name: str) -> str:
        return str(getattr(config, name, "") or "")

    return PublicInfo(
        office=get("contact_office"),
        office_en=get("contact_office_en"),
        phone=get("contact_phone"),
        web=get("contact_web"),
        apply_ko=get("apply_ko"),
        apply_en=get("apply_en"),
    )


def poster_filename(site_id: str) -> str:
    """``posters/<center id>.pdf`` with the id made safe for a file name."""
    return f"{POSTER_DIR}/{safe_filename_part(site_id)}.pdf"


def _team_rgb(index: int) -> tuple[int, int, int]:
    return TEAM_RGB[index % len(TEAM_RGB)]


# --------------------------------------------------------------------------
# Fonts: the vendored Pretendard cut down once to the characters a plan's PDFs use
# (a full Korean font takes fpdf2 most of a second per document to read).
# --------------------------------------------------------------------------
FONT_FILES = {"": "Pretendard-Regular.ttf", "B": "Pretendard-Bold.ttf"}
_BASE_CHARS = string.printable.strip() + " …·–—~■●○년월일시분화수목금토일()[]"
_FONT_CACHE: dict[frozenset[str], dict[str, Path]] = {}
_FONT_LOCK = threading.Lock()
_FONT_DIR: list[tempfile.TemporaryDirectory[str]] = []


def _plan_chars(
    problem: Problem, public: PublicInfo | None, boundaries: Mapping[str, Any] | None
) -> frozenset[str]:
    """Every character the PDFs of this plan can print."""
    texts: list[str] = [_BASE_CHARS, problem.label]
    for m in catalog().values():
        texts += [m.ko, m.en]
    for site in problem.sites:
        texts += [site.id, site.name, site.name_en, site.address]
    for team in problem.teams:
        texts += [team.id, team.name]
    for base in problem.bases:
        texts += [base.name, base.address]
    if public is not None:
        texts += [
            public.office,
            public.office_en,
            public.phone,
            public.web,
            public.apply_ko,
            public.apply_en,
        ]
    for feature in (boundaries or {}).get("features", []):
        props = (feature or {}).get("properties") or {}
        texts += [str(props.get("dong_ko", "")), str(props.get("dong_en", ""))]
    for lang in ("ko", "en"):
        texts += [format_date(dt.date(2026, 1, 5) + dt.timedelta(days=k), lang) for k in range(7)]
        texts.append(format_period(dt.date(2026, 1, 1), dt.date(2027, 12, 31), lang))
        texts += [problem_team_label(problem, t.id, lang) for t in problem.teams]
    return frozenset(c for t in texts for c in pdf_text(t)) | frozenset(" ")


def _font_files(chars: Iterable[str]) -> dict[str, Path]:
    """Paths of the regular and bold fonts cut down to ``chars`` (made once per character set)."""
    key = frozenset(chars)
    with _FONT_LOCK:
        if key in _FONT_CACHE:
            return _FONT_CACHE[key]
        if not _FONT_DIR:
            _FONT_DIR.append(tempfile.TemporaryDirectory(prefix="visitplan-fonts-"))
        folder = Path(_FONT_DIR[0].name)
        paths: dict[str, Path] = {}
        for style, name in FONT_FILES.items():
            options = ft_subset.Options()
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            options.recalc_timestamp = False
            options.layout_features = []  # fpdf2 draws glyph by glyph: no shaping tables
            options.drop_tables += ["GSUB", "GPOS", "GDEF"]
            options.hinting = False
            font = TTFont(str(assets_root() / "fonts" / name), recalcTimestamp=False)
            sub = ft_subset.Subsetter(options)
            sub.populate(unicodes={ord(c) for c in key})
            sub.subset(font)
            path = folder / f"{len(_FONT_CACHE)}-{name}"
            font.save(str(path))
            paths[style] = path
        _FONT_CACHE[key] = paths
        return paths


def _document(problem: Problem, fonts: Mapping[str, Path], *, landscape: bool = False) -> FPDF:
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    for style, path in fonts.items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_creation_date(dt.datetime.combine(problem.start, dt.time(0), tzinfo=dt.UTC))
    pdf.set_creator("visitplan")
    pdf.set_auto_page_break(False)
    pdf.set_margins(12, 12, 12)
    return pdf


def _time_span(v: Visit, lang: str) -> str:
    sep = "~" if lang == "ko" else "–"
    return f"{format_hhmm(v.start_min)}{sep}{format_hhmm(v.end_min)}"


def _fit(pdf: FPDF, value: str, width: float) -> str:
    """``value`` cut (with …) to fit ``width`` mm in the current font."""
    if pdf.get_string_width(value) <= width:
        return value
    while value and pdf.get_string_width(value + "…") > width:
        value = value[:-1]
    return value + "…"


# --------------------------------------------------------------------------
# month.pdf
# --------------------------------------------------------------------------
class _Month:
    def __init__(
        self,
        problem: Problem,
        plan: Plan,
        lang: str,
        boundaries: Mapping[str, Any] | None,
        fonts: Mapping[str, Path],
    ) -> None:
        self.problem, self.plan, self.lang = problem, plan, lang
        self.boundaries = boundaries
        self.sites = {s.id: s for s in problem.sites}
        self.team_ids = [t.id for t in problem.teams]
        self.team_ids += sorted({v.team_id for v in plan.visits} - set(self.team_ids))
        self.team_index = {tid: i for i, tid in enumerate(self.team_ids)}
        self.pdf = _document(problem, fonts, landscape=True)

    def name(self, site_id: str) -> str:
        site = self.sites.get(site_id)
        return pdf_text(site_label(site, self.lang) if site else site_id)

    def header(self, title: str) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        pdf.set_xy(12, 10)
        label = pdf_text(" ".join(self.problem.label.split()))
        pdf.cell(0, 8, f"{title} ({label})" if label else title)
        pdf.set_font(FONT, "", 10)
        pdf.set_xy(12, 18)
        pdf.cell(0, 5, format_period(self.problem.start, self.problem.end, self.lang))
        x = 150.0
        for tid in self.team_ids:
            if not any(v.team_id == tid for v in self.plan.visits):
                continue
            pdf.set_fill_color(*_team_rgb(self.team_index[tid]))
            pdf.rect(x, 19, 3.5, 3.5, style="F")
            label = pdf_text(problem_team_label(self.problem, tid, self.lang))
            pdf.set_xy(x + 4.5, 18)
            pdf.cell(0, 5, label)
            x += 10 + pdf.get_string_width(label)

    def grid(self) -> None:
        problem, lang, pdf = self.problem, self.lang, self.pdf
        weekdays = sorted(
            {d.date.weekday() for d in problem.days} | {v.date.weekday() for v in self.plan.visits}
        )
        if not weekdays:
            weekdays = [1, 3]
        monday = problem.start - dt.timedelta(days=problem.start.weekday())
        weeks = []
        while monday <= problem.end:
            weeks.append(monday)
            monday += dt.timedelta(days=7)
        by_day: dict[dt.date, list[Visit]] = {}

        def order(v: Visit) -> tuple[dt.date, int, int]:
            return (v.date, v.start_min, self.team_index.get(v.team_id, 0))

        for v in sorted(self.plan.visits, key=order):
            by_day.setdefault(v.date, []).append(v)
        left, top, width = 12.0, 27.0, 273.0
        col_w = width / len(weekdays)
        head_h, line_h = 7.0, 4.6
        pdf.set_font(FONT, "B", 10)
        for k, wd in enumerate(weekdays):
            pdf.set_fill_color(235, 235, 235)
            pdf.rect(left + k * col_w, top, col_w, head_h, style="DF")
            pdf.set_xy(left + k * col_w, top)
            day = dt.date(2024, 1, 1) + dt.timedelta(days=wd)  # a Monday + wd
            pdf.cell(
                col_w,
                head_h,
                format_date(day, lang).split("(")[-1].rstrip(")")
                if lang == "ko"
                else format_date(day, lang).split()[0],
                align="C",
            )
        rows_h = []
        for w in weeks:
            most = max(
                (len(by_day.get(w + dt.timedelta(days=wd), [])) for wd in weekdays), default=0
            )
            rows_h.append(6.0 + max(1, most) * line_h + 1.5)
        scale = min(1.0, (210 - 12 - top - head_h) / max(1.0, sum(rows_h)))
        y = top + head_h
        for w, h in zip(weeks, rows_h, strict=True):
            h *= scale
            for k, wd in enumerate(weekdays):
                day = w + dt.timedelta(days=wd)
                x = left + k * col_w
                inside = problem.start <= day <= problem.end
                pdf.set_fill_color(255, 255, 255) if inside else pdf.set_fill_color(245, 245, 245)
                pdf.rect(x, y, col_w, h, style="DF")
                if not inside:
                    continue
                pdf.set_font(FONT, "B", 9)
                pdf.set_xy(x + 1.5, y + 0.8)
                pdf.cell(col_w - 3, 4.5, format_date(day, lang))
                visits = by_day.get(day, [])
                pdf.set_font(FONT, "", 8.5 if scale > 0.8 else 7)
                if not visits:
                    pdf.set_text_color(130, 130, 130)
                    pdf.set_xy(x + 1.5, y + 5.5)
                    pdf.cell(col_w - 3, line_h * scale, text("output.month.no_visit", lang))
                    pdf.set_text_color(0, 0, 0)
                for n, v in enumerate(visits):
                    ly = y + 5.5 + n * line_h * scale
                    pdf.set_fill_color(*_team_rgb(self.team_index.get(v.team_id, 0)))
                    pdf.rect(x + 1.5, ly + 1.0, 2.5, 2.5, style="F")
                    pdf.set_xy(x + 5, ly)
                    team = pdf_text(problem_team_label(self.problem, v.team_id, lang))
                    line = f"{_time_span(v, lang)} {self.name(v.site_id)} · {team}"
                    pdf.cell(col_w - 6.5, line_h * scale, _fit(pdf, line, col_w - 6.5))
            y += h

    # --- the map page ------------------------------------------------------
    def polygons(self) -> list[tuple[str, list[list[tuple[float, float]]]]]:
        """The dongs as (name, outer rings of (lon, lat))."""
        lang = self.lang
        polygons: list[tuple[str, list[list[tuple[float, float]]]]] = []
        for feature in (self.boundaries or {}).get("features", []):
            geom = (feature or {}).get("geometry") or {}
            props = (feature or {}).get("properties") or {}
            name = str(
                props.get("dong_en")
                if lang == "en" and props.get("dong_en")
                else props.get("dong_ko", "")
            )
            polys = geom.get("coordinates") or []
            if geom.get("type") == "Polygon":
                polys = [polys]
            elif geom.get("type") != "MultiPolygon":
                continue
            rings = [[(float(x), float(y)) for x, y, *_ in poly[0]] for poly in polys if poly]
            polygons.append((pdf_text(name), rings))
        return polygons

    def map_page(self) -> None:
        pdf, lang = self.pdf, self.lang
        self.header(text("output.month.map_title", lang))
        polygons = self.polygons()
        places = [(x.lon, x.lat) for x in self.problem.sites]
        places += [(x.lon, x.lat) for x in self.problem.bases]
        points = [(lon, lat) for lon, lat in places if lon is not None and lat is not None]
        points += [p for _, rings in polygons for r in rings for p in r]
        if not points:
            return
        box = (12.0, 27.0, 273.0, 165.0)  # x, y, w, h in mm
        lon0 = min(p[0] for p in points)
        lon1 = max(p[0] for p in points)
        lat0 = min(p[1] for p in points)
        lat1 = max(p[1] for p in points)
        kx = math.cos(math.radians((lat0 + lat1) / 2))
        span_x = max(1e-9, (lon1 - lon0) * kx)
        span_y = max(1e-9, lat1 - lat0)
        s = min(box[2] / span_x, box[3] / span_y)
        ox = box[0] + (box[2] - span_x * s) / 2
        oy = box[1] + (box[3] - span_y * s) / 2

        def xy(lon: float | None, lat: float | None) -> tuple[float, float] | None:
            if lon is None or lat is None:  # a place known only by travel times
                return None
            return ox + (lon - lon0) * kx * s, oy + (lat1 - lat) * s

        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.25)
        pdf.set_fill_color(242, 242, 238)
        for _, rings in polygons:
            for ring in rings:
                pdf.polygon([q for q in (xy(*p) for p in ring) if q is not None], style="DF")
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(120, 120, 120)
        for name, rings in polygons:
            ring = max(rings, key=len)
            cx = sum(p[0] for p in ring) / len(ring)
            cy = sum(p[1] for p in ring) / len(ring)
            at = xy(cx, cy)
            if at is None:
                continue
            pdf.set_xy(at[0] - 15, at[1] + 2)
            pdf.cell(30, 3, name, align="C")
        pdf.set_text_color(0, 0, 0)
        self.draw_routes(xy)
        self.draw_centers(xy)
        # legend and attribution
        pdf.set_font(FONT, "", 8)
        pdf.set_xy(12, 195)
        pdf.cell(
            0,
            4,
            "■ "
            + text("output.month.legend_base", lang)
            + "    ● "
            + text("output.month.legend_unvisited", lang)
            + "    "
            + text("output.month.legend_route", lang),
        )
        if self.boundaries is not None:
            pdf.set_xy(12, 200)
            pdf.set_text_color(110, 110, 110)
            pdf.cell(0, 4, text("output.month.attribution", lang))
            pdf.set_text_color(0, 0, 0)

    def draw_routes(self, xy: _XY) -> None:
        """Each counselor-day: base → centers in order → base, in the counselor's colour."""
        pdf = self.pdf
        bases = {b.id: b for b in self.problem.bases}
        teams = {t.id: t for t in self.problem.teams}
        pdf.set_line_width(0.5)
        days = sorted(self.plan.by_team_day().items(), key=lambda kv: (kv[0][1], kv[0][0]))
        for (tid, _day), vs in days:
            ordered = sorted(vs, key=lambda v: v.order)
            stops = [self.sites[v.site_id] for v in ordered if v.site_id in self.sites]
            team = teams.get(tid)
            base = bases.get(team.base_id) if team is not None else None
            home = xy(base.lon, base.lat) if base is not None else None
            path = [home, *(xy(st.lon, st.lat) for st in stops), home]
            coords = [p for p in path if p is not None]
            if len(coords) >= 2:
                pdf.set_draw_color(*_team_rgb(self.team_index.get(tid, 0)))
                pdf.polyline(coords)

    def draw_centers(self, xy: _XY) -> None:
        """Centers (split circles where several counselors visit), names, dates and bases."""
        pdf = self.pdf
        pdf.set_line_width(0.3)
        pdf.set_draw_color(50, 50, 50)
        for site in self.problem.sites:
            visits = sorted(
                (v for v in self.plan.visits if v.site_id == site.id), key=lambda v: v.date
            )
            at = xy(site.lon, site.lat)
            if at is None:
                continue
            x, y = at
            r = 2.2
            tids = sorted({v.team_id for v in visits}, key=lambda t: self.team_index.get(t, 0))
            if not tids:
                pdf.set_fill_color(*GREY)
                pdf.circle(x, y, r, style="DF")
            else:
                step = 360.0 / len(tids)
                for k, tid in enumerate(tids):
                    pdf.set_fill_color(*_team_rgb(self.team_index.get(tid, 0)))
                    if len(tids) == 1:
                        pdf.circle(x, y, r, style="DF")
                    else:
                        pdf.solid_arc(
                            x - r, y - r, 2 * r, 90 + k * step, 90 + (k + 1) * step, style="DF"
                        )
            pdf.set_font(FONT, "B", 7.5)
            pdf.set_xy(x - 20, y + r + 0.3)
            pdf.cell(40, 3.2, self.name(site.id), align="C")
            if visits:
                pdf.set_font(FONT, "", 7)
                pdf.set_xy(x - 20, y + r + 3.4)
                dates = " · ".join(f"{v.date.month}/{v.date.day}" for v in visits)
                pdf.cell(40, 3, dates, align="C")
        for base in self.problem.bases:
            at = xy(base.lon, base.lat)
            if at is not None:
                pdf.set_fill_color(20, 20, 20)
                pdf.rect(at[0] - 1.8, at[1] - 1.8, 3.6, 3.6, style="F")

    def render(self) -> bytes:
        self.header(text("output.month.title", self.lang))
        self.grid()
        self.map_page()
        return bytes(self.pdf.output())


def month_pdf(
    problem: Problem,
    plan: Plan,
    lang: str = "ko",
    *,
    boundaries: Mapping[str, Any] | None = None,
    fonts: Mapping[str, Path] | None = None,
) -> bytes:
    """``month.pdf``: A4 landscape, the month grid (a column per visit weekday), then the map."""
    check_lang(lang)
    fonts = fonts or _font_files(_plan_chars(problem, None, boundaries))
    return _Month(problem, plan, lang, boundaries, fonts).render()


# --------------------------------------------------------------------------
# posters/<center>.pdf
# --------------------------------------------------------------------------
def _qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """A QR code of ``data`` drawn as vector squares (quiet zone included in ``size``)."""
    code = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=2)]
    cell = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for j, row in enumerate(rows):
        i = 0
        while i < len(row):
            if row[i]:
                k = i
                while k < len(row) and row[k]:
                    k += 1
                pdf.rect(x + i * cell, y + j * cell, (k - i) * cell + 0.01, cell + 0.01, style="F")
                i = k
            else:
                i += 1


def poster_pdf(
    problem: Problem,
    plan: Plan,
    site: Site,
    lang: str = "ko",
    public: PublicInfo | None = None,
    *,
    fonts: Mapping[str, Path] | None = None,
) -> bytes:
    """An A4 poster for one center: name, visit dates and hours, what to bring, contact."""
    check_lang(lang)
    public = public or PublicInfo()
    pdf = _document(problem, fonts or _font_files(_plan_chars(problem, public, None)))
    pdf.add_page()
    w = 186.0
    pdf.set_fill_color(0, 114, 178)
    pdf.rect(0, 0, 210, 34, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 30)
    pdf.set_xy(12, 8)
    pdf.cell(w, 18, text("output.poster.kicker", lang), align="C")
    pdf.set_text_color(0, 0, 0)
    name = pdf_text(site_label(site, lang))
    size = 44.0
    pdf.set_font(FONT, "B", size)
    while pdf.get_string_width(name) > w and size > 20:
        size -= 2
        pdf.set_font(FONT, "B", size)
    pdf.set_xy(12, 42)
    pdf.multi_cell(w, size * 0.45, name, align="C")
    y = pdf.get_y() + 2
    if lang == "en" and site.name_en.strip() and site.name_en != site.name:
        pdf.set_font(FONT, "", 18)
        pdf.set_xy(12, y)
        pdf.cell(w, 9, pdf_text(site.name), align="C")
        y += 10
    pdf.set_font(FONT, "", 14)
    pdf.set_xy(12, y)
    pdf.multi_cell(w, 7, text("output.poster.lead", lang), align="C")
    y = pdf.get_y() + 6
    visits = sorted(
        (v for v in plan.visits if v.site_id == site.id), key=lambda v: (v.date, v.start_min)
    )
    seen: list[tuple[dt.date, int, int]] = []
    for v in visits:
        if (v.date, v.start_min, v.end_min) not in seen:
            seen.append((v.date, v.start_min, v.end_min))
    pdf.set_font(FONT, "B", 20)
    pdf.set_xy(12, y)
    pdf.cell(w, 10, text("output.poster.dates", lang))
    y += 12
    line_h = 15.0 if len(seen) <= 6 else max(8.0, 90.0 / len(seen))
    font_size = 30.0 if len(seen) <= 6 else max(16.0, line_h * 2.0)
    pdf.set_draw_color(0, 114, 178)
    pdf.set_line_width(0.6)
    if not seen:
        pdf.set_font(FONT, "", 20)
        pdf.set_xy(12, y)
        pdf.cell(w, 12, text("output.poster.none", lang))
        y += 14
    for day, start, end in seen:
        pdf.set_font(FONT, "B", font_size)
        pdf.set_xy(16, y)
        label = format_date(day, lang)
        pdf.cell(100, line_h, label)
        pdf.set_font(FONT, "", font_size * 0.85)
        sep = "~" if lang == "ko" else "–"
        pdf.set_xy(110, y)
        pdf.cell(84, line_h, f"{format_hhmm(start)}{sep}{format_hhmm(end)}", align="R")
        pdf.line(14, y + line_h, 196, y + line_h)
        y += line_h + 1.5
    y += 6
    pdf.set_fill_color(255, 244, 214)
    pdf.rect(12, y, w, 28, style="F")
    pdf.set_font(FONT, "B", 24)
    pdf.set_xy(16, y + 3)
    pdf.cell(w - 8, 12, text("output.poster.bring", lang))
    pdf.set_font(FONT, "", 13)
    pdf.set_xy(16, y + 16)
    pdf.cell(w - 8, 8, text("output.poster.bring_detail", lang))
    y += 34
    pdf.set_font(FONT, "", 14)
    pdf.set_xy(12, y)
    pdf.multi_cell(w, 7, pdf_text(public.apply(lang)) or text("output.poster.apply", lang))
    y = pdf.get_y() + 4
    contact = [
        pdf_text(p) for p in (public.office_name(lang), public.phone, public.web) if p.strip()
    ]
    bottom = 285.0
    qr_size = 40.0 if public.web.strip() else 0.0
    if contact:
        top = max(y, bottom - max(qr_size, 10 + 9 * len(contact)))
        pdf.set_draw_color(180, 180, 180)
        pdf.line(12, top - 3, 198, top - 3)
        pdf.set_font(FONT, "B", 16)
        pdf.set_xy(12, top)
        pdf.cell(100, 9, text("output.poster.contact", lang))
        pdf.set_font(FONT, "", 16)
        for k, line in enumerate(contact):
            pdf.set_xy(12, top + 10 + 9 * k)
            pdf.cell(w - qr_size - 6, 8, _fit(pdf, line, w - qr_size - 6))
        if qr_size:
            _qr(pdf, public.web.strip(), 198 - qr_size, top - 1, qr_size)
            pdf.set_font(FONT, "", 9)
            pdf.set_xy(198 - qr_size, top - 1 + qr_size)
            pdf.cell(qr_size, 4, text("output.poster.qr", lang), align="C")
    return bytes(pdf.output())


def poster_files(
    problem: Problem,
    plan: Plan,
    lang: str = "ko",
    public: PublicInfo | None = None,
    *,
    fonts: Mapping[str, Path] | None = None,
) -> dict[str, bytes]:
    """``posters/<center>.pdf`` for every center with a visit in the plan."""
    visited = {v.site_id for v in plan.visits}
    fonts = fonts or _font_files(_plan_chars(problem, public, None))
    return {
        poster_filename(s.id): poster_pdf(problem, plan, s, lang, public, fonts=fonts)
        for s in problem.sites
        if s.id in visited
    }


def print_files(
    problem: Problem,
    plan: Plan,
    lang: str = "ko",
    *,
    boundaries: Mapping[str, Any] | None = None,
    public: PublicInfo | None = None,
) -> dict[str, bytes]:
    """``month.pdf`` and the posters."""
    fonts = _font_files(_plan_chars(problem, public, boundaries))
    files = {MONTH_FILE: month_pdf(problem, plan, lang, boundaries=boundaries, fonts=fonts)}
    files.update(poster_files(problem, plan, lang, public, fonts=fonts))
    return files
