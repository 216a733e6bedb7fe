"""``schedule.csv``: one row per visit in date order (UTF-8 with BOM for Excel).

Machine-readable: ISO dates, ``HH:MM`` times and ids; ``weekday`` follows ``--lang``.
Text cells from data are put on one line and get an apostrophe when they could
start a spreadsheet formula; ``lat``/``lon`` (WGS 84) locate the center for GIS.
"""

from __future__ import annotations

import csv
import io

from scheduler.core.plan import Plan, sort_visits
from scheduler.core.problem import Problem
from scheduler.output.labels import format_hhmm, format_weekday
from scheduler.output.safe import csv_cell

COLUMNS = (
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
    "lat",
    "lon",
)


def schedule_rows(problem: Problem, plan: Plan, lang: str = "ko") -> list[dict[str, str]]:
    """The rows of ``schedule.csv`` as text cells, in date order."""
    sites = {s.id: s for s in problem.sites}
    rows = []
    for v in sort_visits(plan.visits):
        s = sites.get(v.site_id)
        rows.append(
            {
                "date": v.date.isoformat(),
                "weekday": format_weekday(v.date, lang),
                "counselor": csv_cell(v.team_id),
                "order": str(v.order),
                "center_id": csv_cell(v.site_id),
                "center_name_ko": csv_cell(s.name if s else ""),
                "address_ko": csv_cell(s.address if s else ""),
                "arrive": format_hhmm(v.arrive_min),
                "start": format_hhmm(v.start_min),
                "end": format_hhmm(v.end_min),
                "travel_min": str(v.travel_min),
                "lat": f"{s.lat:.6f}" if s and s.lat is not None else "",
                "lon": f"{s.lon:.6f}" if s and s.lon is not None else "",
            }
        )
    return rows


def schedule_csv_bytes(problem: Problem, plan: Plan, lang: str = "ko") -> bytes:
    """``schedule.csv`` content: UTF-8 with BOM, ``\\r\\n`` line ends (as Excel writes)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(schedule_rows(problem, plan, lang))
    return buf.getvalue().encode("utf-8-sig")
