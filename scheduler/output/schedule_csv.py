"""``schedule.csv``: one row per visit in date order (UTF-8 with BOM for Excel).

Machine-readable: ISO dates, ``HH:MM`` times and ids; ``weekday`` follows ``--lang``.
Text cells from data are put on one line and get an apostrophe when they could
start a spreadsheet formula; ``lat``/``lon`` (WGS 84) locate the center for GIS.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scheduler.core.plan import Plan, SolveInfo, Visit, sort_visits
from scheduler.core.problem import Problem
from scheduler.district.centers import known_id
from scheduler.district.tables import read_table
from scheduler.errors import DataError
from scheduler.output.labels import format_hhmm, format_weekday, parse_hhmm
from scheduler.output.safe import csv_cell

COLUMNS = ("date", "weekday", "counselor", "order", "center_id", "center_name_ko", "address_ko",
           "arrive", "start", "end", "travel_min", "lat", "lon")


def schedule_rows(problem: Problem, plan: Plan, lang: str = "ko") -> list[dict[str, str]]:
    """The rows of ``schedule.csv`` as text cells, in date order."""
    sites = {s.id: s for s in problem.sites}
    rows = []
    for v in sort_visits(plan.visits):
        s = sites.get(v.site_id)
        rows.append({
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
            "lat": f"{s.lat:.6f}" if s else "",
            "lon": f"{s.lon:.6f}" if s else "",
        })
    return rows


def schedule_csv_bytes(problem: Problem, plan: Plan, lang: str = "ko") -> bytes:
    """``schedule.csv`` content: UTF-8 with BOM, ``\\r\\n`` line ends (as Excel writes)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(schedule_rows(problem, plan, lang))
    return buf.getvalue().encode("utf-8-sig")


def read_schedule(path: Path, problem: Problem) -> Plan:
    """A plan's ``schedule.csv`` back into a :class:`Plan` for ``problem``.

    Sessions are matched by start time; rows keep their recorded arrival and travel
    so the validator can check them.
    """
    site_ids = [s.id for s in problem.sites]
    visits = []
    for row in read_table(path, ("date", "counselor", "order", "center_id", "arrive", "start", "end", "travel_min"),
                          ("weekday", "center_name_ko", "address_ko"), what="schedule"):
        d = row.date("date")
        assert d is not None
        sid = known_id(site_ids, row.text("center_id"), file=row.file, row=row.line, column="center_id")
        times = {}
        for col in ("arrive", "start", "end"):
            try:
                times[col] = parse_hhmm(row.text(col))
            except ValueError:
                raise DataError("not a time", file=row.file, row=row.line, column=col, value=row.cells[col],
                                hint="write times as HH:MM") from None
        session = 0
        for day in problem.days:
            if day.date == d:
                session = next((s.index for s in day.sessions if s.start_min == times["start"]), 0)
        visits.append(Visit(d, session, row.text("counselor").lstrip("'"), sid,
                            int(row.number("order", kind=int, low=1) or 0), times["arrive"], times["start"],
                            times["end"], int(row.number("travel_min", kind=int, low=0) or 0)))
    return Plan(visits=sort_visits(visits), info=SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))
