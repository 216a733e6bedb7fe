"""Earlier schedules (``--history``) and measured travel matrices (``--travel-matrix``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.district.centers import known_id
from scheduler.district.tables import read_table
from scheduler.errors import DataError


def read_history(path: Path, site_ids: list[str], before: dt.date) -> dict[str, dt.date]:
    """Last visit date per center from any schedule with ``date`` and ``center_id``
    columns; only visits before ``before`` (the period start) count."""
    last: dict[str, dt.date] = {}
    for row in read_table(path, ("date", "center_id"), ("counselor", "start", "end"), what="history"):
        d = row.date("date")
        sid = known_id(site_ids, row.text("center_id"), file=row.file, row=row.line, column="center_id")
        assert d is not None
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
        minutes = row.number("minutes", kind=int, low=0, high=24 * 60,
                             hint="minutes must be a whole number from 0 to 1440")
        if (a, b) in seen:
            raise DataError("duplicate pair", file=row.file, row=row.line, column="to_id", value=f"{a}->{b}",
                            hint=f"the same pair is on row {seen[(a, b)]}")
        if a == b and minutes:
            raise DataError("travel from a place to itself must be 0", file=row.file, row=row.line,
                            column="minutes", value=row.cells["minutes"])
        seen[(a, b)] = row.line
        out[(a, b)] = int(minutes or 0)
    return out
