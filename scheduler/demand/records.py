"""Attendance records: what happened at a visit (the demand model's data).

:class:`Attendance` is the domain object; :func:`read_attendance` reads a CSV of
them at the file boundary (``date, center_id`` or a center name, ``visitors``, and
optionally ``counseled``, ``placed``, ``counselor``, ``note``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scheduler.core.problem import Site
from scheduler.district.centers import known_id
from scheduler.district.tables import Row, closest, read_table
from scheduler.errors import DataError


@dataclass(frozen=True)
class Attendance:
    """One visit's attendance: ``visitors`` came, ``counseled`` of them were
    counselled and ``placed`` found work (``None`` = not recorded).

    A record is identified by ``(date, center_id, counselor)``; ``counselor`` is
    ``""`` when the file does not say.
    """

    date: dt.date
    center_id: str
    visitors: int
    counseled: int | None = None
    placed: int | None = None
    counselor: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.center_id:
            raise ValueError("an attendance record needs a center id")
        if self.visitors < 0:
            raise ValueError(f"visitors must be >= 0, got {self.visitors!r}")
        for name in ("counseled", "placed"):
            v = getattr(self, name)
            if v is not None and v < 0:
                raise ValueError(f"{name} must be >= 0, got {v!r}")

    @property
    def key(self) -> tuple[str, str, str]:
        """``(ISO date, center id, counselor)``: the record's identity."""
        return (self.date.isoformat(), self.center_id, self.counselor)


CENTER_COLUMNS = ("center_id", "center", "center_name_ko", "dong_ko")
OPTIONAL_COLUMNS = ("counseled", "placed", "counselor", "note", "weekday")
MAX_VISITORS = 10_000  # far above any one visit's attendance: a larger number is a typo


@dataclass(frozen=True)
class AttendanceRow:
    """A record read from a file, with the file line it came from."""

    record: Attendance
    line: int


def center_lookup(sites: Iterable[Site]) -> dict[str, str]:
    """Center id by every name a planner may write: id, Korean and English center name,
    and the dong name (the center name without ``주민센터`` / ``Community Center``)."""
    out: dict[str, str] = {}
    for s in sites:
        names = [
            s.id,
            s.name,
            s.name_en,
            s.name.removesuffix("주민센터"),
            s.name_en.removesuffix(" Community Center"),
        ]
        for n in names:
            key = _norm(n)
            if key:
                out.setdefault(key, s.id)
    return out


def _norm(name: str) -> str:
    return "".join(str(name).split()).lower()


def read_attendance(
    path: Path, sites: Iterable[Site], *, today: dt.date | None = None
) -> list[AttendanceRow]:
    """Attendance records from a CSV (UTF-8 with or without BOM, or CP949).

    Columns: ``date``; ``center_id`` or a center name (``center``, ``center_name_ko``
    or ``dong_ko``); ``visitors``; optionally ``counseled``, ``placed``, ``counselor``,
    ``note``. Every bad cell is one :class:`DataError` naming file, row, column and value.
    """
    sites = list(sites)
    ids = [s.id for s in sites]
    lookup = center_lookup(sites)
    today = today or dt.date.today()
    out: list[AttendanceRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in read_table(
        path, ("date", "visitors"), (*CENTER_COLUMNS, *OPTIONAL_COLUMNS), what="attendance"
    ):
        d = row.date("date")
        assert d is not None
        if d > today:
            raise DataError(
                "attendance recorded for a day that has not come yet",
                file=row.file,
                row=row.line,
                column="date",
                value=row.cells["date"],
                code="demand.record_future",
                params={"today": today.isoformat()},
                hint=f"record visits that took place (today is {today}); check the year",
                hint_code="demand.record_future.hint",
            )
        cid = _center(row, ids, lookup)
        visitors = int(
            row.number(
                "visitors",
                kind=int,
                low=0,
                high=MAX_VISITORS,
                hint_code="demand.visitors.hint",
                top=f"{MAX_VISITORS:,}",
            )
            or 0
        )
        extra: dict[str, int | None] = {}
        for col in ("counseled", "placed"):
            value = row.number(
                col,
                kind=int,
                required=False,
                low=0,
                high=MAX_VISITORS,
                hint_code="demand.count.hint",
                name=col,
                top=f"{MAX_VISITORS:,}",
            )
            if value is not None and value > visitors:
                raise DataError(
                    f"more {col} than visitors",
                    file=row.file,
                    row=row.line,
                    column=col,
                    value=row.cells[col],
                    code="demand.record_more_than_visitors",
                    params={"column": col, "visitors": visitors},
                    hint=f"at most the {visitors} visitors of that visit; check the columns",
                    hint_code="demand.record_more_than_visitors.hint",
                )
            extra[col] = None if value is None else int(value)
        rec = Attendance(
            d,
            cid,
            visitors,
            extra["counseled"],
            extra["placed"],
            row.cells.get("counselor", "").removeprefix("'"),
            row.cells.get("note", ""),
        )
        if rec.key in seen:
            raise DataError(
                "the same visit is recorded twice",
                file=row.file,
                row=row.line,
                column="date",
                value=f"{rec.date.isoformat()} {cid}",
                code="demand.record_duplicate",
                params={"other": seen[rec.key]},
                hint=f"row {seen[rec.key]} records it too; keep one (or name the counselor)",
                hint_code="demand.record_duplicate.hint",
            )
        seen[rec.key] = row.line
        out.append(AttendanceRow(rec, row.line))
    return out


def _center(row: Row, ids: list[str], lookup: dict[str, str]) -> str:
    """The center id a row names, by id or by name."""
    if row.cells.get("center_id"):
        return known_id(
            ids,
            row.text("center_id").removeprefix("'"),
            file=row.file,
            row=row.line,
            column="center_id",
        )
    for col in CENTER_COLUMNS[1:]:
        if row.cells.get(col):
            name = row.cells[col]
            found = lookup.get(_norm(name))
            if found:
                return found
            near = closest(_norm(name), list(lookup))
            hint = (
                f"did you mean '{near}'?"
                if near
                else "write the center id or its name as in the centers file"
            )
            raise DataError(
                "unknown center",
                file=row.file,
                row=row.line,
                column=col,
                value=name,
                code="demand.record_unknown_center",
                hint=hint,
                hint_code="demand.record_unknown_center.near"
                if near
                else "demand.record_unknown_center.hint",
                params={"near": near or ""},
            )
    present = [c for c in CENTER_COLUMNS if c in row.cells]
    col = present[0] if present else "center_id"
    if present:
        raise DataError(
            "empty cell",
            file=row.file,
            row=row.line,
            column=col,
            value="",
            code="demand.record_no_center",
            hint="write the center id or name",
            hint_code="demand.record_no_center.hint",
        )
    raise DataError(
        "missing column",
        file=row.file,
        row=1,
        column="center_id",
        code="demand.record_no_center_column",
        hint="the header needs 'center_id' or a center name column ('center')",
        hint_code="demand.record_no_center_column.hint",
    )
