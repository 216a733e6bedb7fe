"""Earlier schedules (``--history``) and measured travel matrices (``--travel-matrix``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.district.centers import known_id
from scheduler.district.tables import read_table

MAX_TRAVEL_MIN = 24 * 60


def read_history(
    path: Path, site_ids: list[str], before: dt.date, *, period_end: dt.date | None = None
) -> dict[str, dt.date]:
    """Last visit date per center from any schedule with ``date`` and ``center_id``
    columns; only visits before ``before`` (the period start) count.

    A visit dated after the end of the period being planned (``period_end``,
    default: a year after ``before``) is a typo'd year and an error. The
    ``counselor`` column is informational and not checked: a history may name
    counselors who have since left.
    """
    last: dict[str, dt.date] = {}
    limit = period_end or before + dt.timedelta(days=366)
    for row in read_table(
        path,
        ("date", "center_id"),
        ("counselor", "start", "end", "weekday", "order"),
        what="history",
    ):
        d = row.date("date")
        assert d is not None
        if d > limit:
            raise row.bad(
                "input.history.future", "date", row.cells["date"], before=before.isoformat()
            )
        sid = known_id(
            site_ids, row.text("center_id"), file=row.file, row=row.line, column="center_id"
        )
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
        minutes = row.number(
            "minutes",
            kind=int,
            low=0,
            high=MAX_TRAVEL_MIN,
            hint_code="input.matrix.minutes.hint",
            max=MAX_TRAVEL_MIN,
        )
        if (a, b) in seen:
            raise row.bad("input.matrix.duplicate", "to_id", f"{a}->{b}", line=seen[(a, b)])
        if a == b and minutes:
            raise row.bad("input.matrix.self", "minutes", row.cells["minutes"])
        seen[(a, b)] = row.line
        out[(a, b)] = int(minutes or 0)
    return out
