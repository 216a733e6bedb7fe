"""Attendance records in the database: idempotent import and queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from scheduler.demand.records import Attendance
from scheduler.store.db import Store, utc_now

_VALUE_COLS = ("visitors", "counseled", "placed", "note")


@dataclass(frozen=True)
class RecordResult:
    """What an import did: rows ``added``, ``updated`` (same visit, new numbers) and
    ``unchanged``. Records are accepted even when no plan foresaw them, but flagged:
    ``unplanned`` are on days a published plan covers that does not hold the visit
    (a typo'd date or center?), ``unpublished`` on days no published plan covers."""

    added: int
    updated: int
    unchanged: int
    unplanned: tuple[Attendance, ...] = field(default=())
    unpublished: tuple[Attendance, ...] = field(default=())

    @property
    def changed(self) -> bool:
        """Whether the database changed."""
        return bool(self.added or self.updated)


def record_attendance(
    store: Store,
    records: Iterable[Attendance],
    *,
    source: str = "",
    rows: Iterable[int | None] | None = None,
) -> RecordResult:
    """Store ``records`` in one transaction; a record already stored with the same
    numbers and note is left untouched, so importing the same file twice changes
    nothing (not even timestamps). ``rows`` are the records' file lines (for the
    audit columns)."""
    recs = list(records)
    lines = list(rows) if rows is not None else [None] * len(recs)
    added = updated = unchanged = 0
    now = utc_now()
    with store.transaction() as c:
        for rec, line in zip(recs, lines, strict=True):
            old = c.execute(
                "SELECT visitors, counseled, placed, note FROM attendance "
                "WHERE date = ? AND center_id = ? AND counselor = ?",
                rec.key,
            ).fetchone()
            new = (rec.visitors, rec.counseled, rec.placed, rec.note)
            if old is None:
                c.execute(
                    "INSERT INTO attendance (date, center_id, counselor, visitors, counseled, "
                    "placed, "
                    "note, source, source_row, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*rec.key, *new, source, line, now),
                )
                added += 1
            elif tuple(old) != new:
                c.execute(
                    "UPDATE attendance SET visitors = ?, counseled = ?, placed = ?, note = ?, "
                    "source = ?, source_row = ?, recorded_at = ? "
                    "WHERE date = ? AND center_id = ? AND counselor = ?",
                    (*new, source, line, now, *rec.key),
                )
                updated += 1
            else:
                unchanged += 1
    planned = published_pairs(store, {r.date for r in recs})
    covered = covered_dates(store, {r.date for r in recs})
    unplanned = tuple(r for r in recs if r.date in covered and (r.date, r.center_id) not in planned)
    unpublished = tuple(r for r in recs if r.date not in covered)
    return RecordResult(added, updated, unchanged, unplanned, unpublished)


def attendance_records(
    store: Store,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    center_ids: Iterable[str] | None = None,
) -> list[Attendance]:
    """Stored records (optionally within ``[start, end]`` and for ``center_ids``), by
    date, center and counselor."""
    sql = (
        "SELECT date, center_id, counselor, visitors, counseled, placed, note "
        "FROM attendance WHERE 1=1"
    )
    args: list[object] = []
    if start is not None:
        sql += " AND date >= ?"
        args.append(start.isoformat())
    if end is not None:
        sql += " AND date <= ?"
        args.append(end.isoformat())
    rows = store.conn.execute(sql + " ORDER BY date, center_id, counselor", args).fetchall()
    wanted = set(center_ids) if center_ids is not None else None
    return [
        Attendance(dt.date.fromisoformat(d), cid, v, cs, pl, counselor, note or "")
        for d, cid, counselor, v, cs, pl, note in rows
        if wanted is None or cid in wanted
    ]


def published_pairs(store: Store, dates: Iterable[dt.date]) -> set[tuple[dt.date, str]]:
    """``(date, center)`` of the visits the current published plans hold on ``dates``."""
    from scheduler.store.published import published_visits

    ds = sorted(set(dates))
    if not ds:
        return set()
    return {(v.date, v.center_id) for v in published_visits(store, start=ds[0], end=ds[-1])}


def covered_dates(store: Store, dates: Iterable[dt.date]) -> set[dt.date]:
    """Those of ``dates`` that the period of some published version covers."""
    from scheduler.store.published import published_versions

    versions = published_versions(store)
    return {d for d in set(dates) if any(v.start <= d <= v.end for v in versions)}
