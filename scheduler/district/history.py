"""Earlier schedules (``--history``) and measured travel matrices (``--travel-matrix``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.district.centers import known_id
from scheduler.district.tables import read_table
from scheduler.errors import DataError

MAX_TRAVEL_MIN = 24 * 60


def read_history(path: Path, site_ids: list[str], before: dt.date, *,
                 period_end: dt.date | None = None) -> dict[str, dt.date]:
    """Last visit date per center from any schedule with ``date`` and ``center_id``
    columns; only visits before ``before`` (the period start) count.

    A visit dated after the end of the period being planned (``period_end``,
    default: a year after ``before``) is a typo'd year and an error. The
    ``counselor`` column is informational and not checked: a history may name
    counselors who have since left.
    """
    last: dict[str, dt.date] = {}
    limit = period_end or before + dt.timedelta(days=366)
    for row in read_table(path, ("date", "center_id"), ("counselor", "start", "end", "weekday", "order"),
                          what="history"):
        d = row.date("date")
        assert d is not None
        if d > limit:
            raise DataError("a past visit dated after the period being planned", file=row.file, row=row.line,
                            column="date", value=row.cells["date"],
                            hint=f"a history holds visits before {before.isoformat()}; check the year")
        sid = known_id(site_ids, row.text("center_id").lstrip("'"), file=row.file, row=row.line,
                       column="center_id")
        if d < before and (sid not in last or d > last[sid]):
            last[sid] = d
    return last


def read_travel_matrix(path: Path, place_ids: list[str]) -> dict[tuple[str, str], int]:
    """``from_id,to_id,minutes`` rows: measured minutes that override the model."""
    out: dict[tuple[str, str], int] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in read_table(path, ("from_id", "to_id", "minutes"), what="travel matrix"):
        a = known_id(place_ids, row.text("from_id"), file=row.file, row=row.line, column="from_id")
        b = known_id(place_ids, row.text("to_id"), file=row.file, row=row.line, column="to_id")
        minutes = row.number("minutes", kind=int, low=0, high=MAX_TRAVEL_MIN,
                             hint=f"minutes must be a whole number from 0 to {MAX_TRAVEL_MIN}")
        if (a, b) in seen:
            raise DataError("duplicate pair", file=row.file, row=row.line, column="to_id", value=f"{a}->{b}",
                            hint=f"the same pair is on row {seen[(a, b)]}; keep one")
        if a == b and minutes:
            raise DataError("travel from a place to itself must be 0", file=row.file, row=row.line,
                            column="minutes", value=row.cells["minutes"], hint="write 0 or drop the row")
        seen[(a, b)] = row.line
        out[(a, b)] = int(minutes or 0)
    return out
