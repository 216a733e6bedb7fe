"""``schedule.xlsx``: the plan as a spreadsheet (sheets calendar, by_counselor, by_center, summary;
일정, 상담사별, 센터별, 요약 in Korean mode), in 맑은 고딕, set up to print (landscape A4,
fit to the page width, header row repeated on every page).

Dates are real Excel dates and times real Excel times; text from data keeps its
Hangul and gets an apostrophe when it would start a formula (see
:func:`scheduler.output.safe.guard_formula`); columns are sized to their content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.core.metrics import compute_metrics, longest_wait_days
from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem
from scheduler.i18n import templates
from scheduler.output.labels import (
    check_lang,
    format_minutes,
    format_period,
    format_status,
    format_weekday,
)
from scheduler.output.notice import problem_site_label, problem_team_label, visits_in_date_order
from scheduler.output.safe import atomic_write_bytes, xlsx_cell

SHEETS = ("calendar", "by_counselor", "by_center", "summary")
# Sheet names by language (Korean mode: Korean names, in the order of SHEETS).
SHEET_NAMES = {"ko": ("일정", "상담사별", "센터별", "요약"), "en": SHEETS}
FONT_NAME = "맑은 고딕"  # Malgun Gothic, Windows' Korean UI font
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"


_HEADER_FONT = Font(name=FONT_NAME, bold=True)
_BODY_FONT = Font(name=FONT_NAME)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _text(value: str) -> str:
    """A data string for a cell: one line, no XML-illegal characters, formula-guarded."""
    return xlsx_cell(value)


def _clock(minutes: int) -> dt.time:
    """Minutes after midnight as an Excel time (24:00 becomes 23:59)."""
    minutes = min(max(minutes, 0), 24 * 60 - 1)
    return dt.time(minutes // 60, minutes % 60)


def display_width(value: object) -> int:
    """Approximate column width of a cell value: East Asian wide characters count double."""
    if isinstance(value, dt.datetime | dt.date):
        return 10
    if isinstance(value, dt.time):
        return 5
    text = str(value) if value is not None else ""
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(
            longest, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        )
    return longest


def _sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Fill a sheet: bold frozen header, typed cells, autofilter and sized columns."""
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        ws.append(list(row))
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, dt.date | dt.datetime):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, dt.time):
                cell.number_format = TIME_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl turn data text into a formula
            cell.font = _BODY_FONT
    ws.freeze_panes = "A2"
    # Print: landscape A4, all columns on one page width, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    for idx, column in enumerate(ws.iter_cols(), start=1):
        width = max((display_width(c.value) for c in column), default=4)
        ws.column_dimensions[get_column_letter(idx)].width = min(max(width + 2, 6), 60)


def _visit_row(problem: Problem, v: Visit, lang: str, sites: dict[str, object]) -> list[object]:
    site = sites.get(v.site_id)
    address = getattr(site, "address", "") if site is not None else ""
    return [
        v.date,
        format_weekday(v.date, lang),
        _text(v.team_id),
        _text(problem_team_label(problem, v.team_id, lang)),
        v.order,
        _text(v.site_id),
        _text(problem_site_label(problem, v.site_id, lang)),
        _text(address),
        _clock(v.start_min),
        _clock(v.end_min),
        v.travel_min,
    ]


def build_workbook(problem: Problem, plan: Plan, lang: str = "ko") -> Workbook:
    """The four-sheet workbook of ``plan``."""
    h = templates("xlsx.head", check_lang(lang))
    names = dict(zip(SHEETS, SHEET_NAMES[lang], strict=True))
    sites: dict[str, object] = {s.id: s for s in problem.sites}
    wb = Workbook()
    visit_head = [
        h["date"], h["weekday"], h["counselor_id"], h["counselor"], h["order"], h["center_id"],
        h["center"], h["address"], h["start"], h["end"], h["travel"],
    ]  # fmt: skip

    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = names["calendar"]
    ordered = visits_in_date_order(plan)
    _sheet(ws, visit_head, [_visit_row(problem, v, lang, sites) for v in ordered])

    team_order = {t.id: i for i, t in enumerate(problem.teams)}
    by_team = sorted(
        plan.visits,
        key=lambda v: (team_order.get(v.team_id, len(team_order)), v.team_id, v.date, v.order),
    )
    ws = wb.create_sheet(names["by_counselor"])
    _sheet(ws, visit_head, [_visit_row(problem, v, lang, sites) for v in by_team])

    ws = wb.create_sheet(names["by_center"])
    center_rows = []
    for s in problem.sites:
        dates = sorted(v.date for v in plan.visits if v.site_id == s.id)
        rate = round(len(dates) * 10000 / s.weight, 2) if s.weight else None
        center_rows.append(
            [
                _text(s.id),
                _text(problem_site_label(problem, s.id, lang)),
                _text(s.address),
                s.weight,
                len(dates),
                rate,
                dates[0] if dates else None,
                dates[-1] if dates else None,
                longest_wait_days(dates, problem.start, problem.end),
                ", ".join(d.isoformat() for d in dates),
            ]
        )
    _sheet(
        ws,
        [h["center_id"], h["center"], h["address"], h["population"], h["visits"], h["per10k"],
         h["first"], h["last"], h["gap"], h["dates"]],
        center_rows,
    )  # fmt: skip

    ws = wb.create_sheet(names["summary"])
    m = compute_metrics(problem, plan)
    values: dict[str, object] = dict(m.to_dict())
    values["period"] = format_period(problem.start, problem.end, lang)
    values["travel_total_text"] = format_minutes(m.travel_min_total, lang)
    values["status"] = format_status(plan.info.status, lang)
    rows: list[list[object]] = [
        [label, values[key]] for key, label in tuple(templates("xlsx.summary", lang).items())
    ]
    rows.append([])
    rows.append([h["counselor"], h["visits"], h["days"], h["centers"], h["travel_total"]])
    days_by_team: dict[str, set[dt.date]] = {}
    centers_by_team: dict[str, set[str]] = {}
    for v in plan.visits:
        days_by_team.setdefault(v.team_id, set()).add(v.date)
        centers_by_team.setdefault(v.team_id, set()).add(v.site_id)
    for tid, count in m.visits_by_counselor.items():
        rows.append(
            [
                _text(problem_team_label(problem, tid, lang)),
                count,
                len(days_by_team.get(tid, ())),
                len(centers_by_team.get(tid, ())),
                m.travel_min_by_counselor.get(tid, 0),
            ]
        )
    _sheet(ws, [h["item"], h["value"]], rows)
    for row in ws.iter_rows(
        min_row=len(tuple(templates("xlsx.summary", lang).items())) + 3,
        max_row=len(tuple(templates("xlsx.summary", lang).items())) + 3,
    ):
        for cell in row:
            cell.font = _HEADER_FONT
    ws.auto_filter.ref = None
    wb.properties.creator = "visitplan"
    # Not the clock: the same plan gives the same bytes.
    wb.properties.created = wb.properties.modified = dt.datetime.combine(problem.start, dt.time(0))
    return wb


def _fixed_zip_times(data: bytes, when: dt.date) -> bytes:
    """The same zip with every entry stamped ``when`` (openpyxl stamps the clock)."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                stamp_text = f"{when.isoformat()}T00:00:00Z".encode("ascii")
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp_text + rb"\g<2>",
                    body,
                )
            dst.writestr(fixed, body)
    return out.getvalue()


def xlsx_bytes(problem: Problem, plan: Plan, lang: str = "ko") -> bytes:
    """``schedule.xlsx`` as bytes (the same plan gives the same bytes)."""
    buf = io.BytesIO()
    build_workbook(problem, plan, lang).save(buf)
    return _fixed_zip_times(buf.getvalue(), problem.start)


def write_xlsx(problem: Problem, plan: Plan, path: str | Path, lang: str = "ko") -> Path:
    """Write ``schedule.xlsx`` to ``path`` atomically and return the path."""
    return atomic_write_bytes(path, xlsx_bytes(problem, plan, lang))
