"""Published plan versions: a plan folder's files (byte for byte) and its visits.

A version is append-only: publishing never changes an earlier version. Publishing
a folder whose files are identical to the latest version of the same plan returns
that version instead of a duplicate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.errors import DataError
from scheduler.store.db import Store, utc_now

PLAN_FILES_REQUIRED = ("schedule.csv", "plan.json")


@dataclass(frozen=True)
class PublishedVersion:
    """One published version of a plan (``plan_key`` is the plan's label, e.g. ``2026-12``)."""

    id: int
    plan_key: str
    version: int
    start: dt.date
    end: dt.date
    published_by: str
    published_at: str
    note: str
    content_sha256: str
    created: bool = True  # False when :func:`publish` found the same files already published


@dataclass(frozen=True)
class PublishedVisit:
    """A visit of a published version."""

    date: dt.date
    center_id: str
    counselor: str
    order: int
    start: str
    end: str
    plan_key: str
    version: int


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` by ``/``-separated relative path (hidden
    files and folders, e.g. temporary ones, left out)."""
    out: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        out[rel.as_posix()] = p.read_bytes()
    return out


def content_hash(files: dict[str, bytes]) -> str:
    """SHA-256 over the sorted ``name\\0sha256\\n`` lines: equal iff every file is equal."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\0{hashlib.sha256(files[name]).hexdigest()}\n".encode())
    return h.hexdigest()


def _visits_from_schedule(data: bytes, file: str) -> list[tuple[str, str, int, str, str, str]]:
    """``(date, counselor, order, center_id, start, end)`` rows of a ``schedule.csv``."""
    import tempfile

    from scheduler.district.tables import read_table

    # read_table reads a path (its error messages name it): give it the stored bytes.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schedule.csv"
        path.write_bytes(data)
        out = []
        for row in read_table(
            path,
            ("date", "counselor", "order", "center_id", "start", "end"),
            ("weekday", "center_name_ko", "address_ko", "arrive", "travel_min"),
            what="schedule",
        ):
            try:
                d = row.date("date")
                order = int(row.number("order", kind=int, low=1) or 1)
            except DataError as e:
                e.file = file
                raise
            assert d is not None
            out.append(
                (
                    d.isoformat(),
                    _unguard(row.text("counselor")),
                    order,
                    _unguard(row.text("center_id")),
                    row.text("start"),
                    row.text("end"),
                )
            )
    return out


def _unguard(text: str) -> str:
    # schedule.csv guards formula-like cells with an apostrophe (scheduler.output.safe).
    return text.removeprefix("'")


def _plan_period(files: dict[str, bytes], folder: Path) -> tuple[str, dt.date, dt.date]:
    path = str(folder / "plan.json")
    try:
        inp = json.loads(files["plan.json"].decode("utf-8"))
        start = dt.date.fromisoformat(inp["start"])
        end = dt.date.fromisoformat(inp["end"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise DataError(
            f"plan.json is damaged: {e}",
            file=path,
            code="store.plan_json_damaged",
            params={"file": path, "reason": str(e)},
            hint="publish a folder written by 'visitplan plan'",
            hint_code="store.publish_folder.hint",
        ) from None
    key = str(inp.get("label") or f"{start.isoformat()}_{end.isoformat()}")
    return key, start, end


def publish(store: Store, folder: Path, *, by: str, note: str = "") -> PublishedVersion:
    """Record the plan folder ``folder`` as the next published version of its plan.

    The files are stored whole (the version can be written back byte for byte), the
    visits from its ``schedule.csv``. Raises :class:`DataError` for a folder that
    holds no plan or an empty ``by``."""
    if not by.strip():
        raise DataError(
            "say who publishes the plan",
            column="--by",
            value=by,
            code="store.publish_by_empty",
            hint="e.g. --by 'Kim Minji'",
            hint_code="store.publish_by_empty.hint",
        )
    if not folder.is_dir():
        raise DataError(
            "not a plan folder",
            file=str(folder),
            code="store.not_plan_folder",
            params={"file": str(folder)},
            hint="publish a folder written by 'visitplan plan'",
            hint_code="store.publish_folder.hint",
        )
    files = folder_files(folder)
    for name in PLAN_FILES_REQUIRED:
        if name not in files:
            raise DataError(
                f"{name} is missing from the plan folder",
                file=str(folder / name),
                code="store.plan_file_missing",
                params={"file": str(folder / name), "name": name},
                hint="publish a folder written by 'visitplan plan'",
                hint_code="store.publish_folder.hint",
            )
    key, start, end = _plan_period(files, folder)
    visits = _visits_from_schedule(files["schedule.csv"], str(folder / "schedule.csv"))
    digest = content_hash(files)
    with store.transaction() as c:
        last = c.execute(
            "SELECT id, version, content_sha256 FROM plan_version WHERE plan_key = ? "
            "ORDER BY version DESC LIMIT 1",
            (key,),
        ).fetchone()
        if last is not None and last[2] == digest:
            existing = _version_by_id(store, int(last[0]))
            return PublishedVersion(**{**existing.__dict__, "created": False})
        number = 1 if last is None else int(last[1]) + 1
        cur = c.execute(
            "INSERT INTO plan_version (plan_key, version, start, end, published_by, published_at, "
            "note, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, number, start.isoformat(), end.isoformat(), by.strip(), utc_now(), note, digest),
        )
        vid = int(cur.lastrowid or 0)
        c.executemany(
            "INSERT INTO plan_file (version_id, name, sha256, size, content) "
            "VALUES (?, ?, ?, ?, ?)",
            [(vid, n, hashlib.sha256(b).hexdigest(), len(b), b) for n, b in sorted(files.items())],
        )
        c.executemany(
            "INSERT INTO plan_visit "
            "(version_id, date, counselor, visit_order, center_id, start, end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(vid, *v) for v in visits],
        )
    return _version_by_id(store, vid)


_VERSION_COLS = (
    "id, plan_key, version, start, end, published_by, published_at, note, content_sha256"
)


def _version(row: tuple[Any, ...]) -> PublishedVersion:
    vid, key, number, start, end, by, at, note, digest = row
    return PublishedVersion(
        int(vid),
        str(key),
        int(number),
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        str(by),
        str(at),
        str(note),
        str(digest),
    )


def _version_by_id(store: Store, vid: int) -> PublishedVersion:
    return _version(
        store.conn.execute(
            f"SELECT {_VERSION_COLS} FROM plan_version WHERE id = ?", (vid,)
        ).fetchone()
    )


def published_versions(store: Store, plan_key: str | None = None) -> list[PublishedVersion]:
    """Every published version (of ``plan_key``), oldest first."""
    sql = f"SELECT {_VERSION_COLS} FROM plan_version"
    args: tuple[str, ...] = ()
    if plan_key is not None:
        sql += " WHERE plan_key = ?"
        args = (plan_key,)
    return [_version(r) for r in store.conn.execute(sql + " ORDER BY id", args).fetchall()]


def published_files(store: Store, plan_key: str, version: int) -> dict[str, bytes]:
    """The files of one published version, exactly as published (checked against
    their stored SHA-256)."""
    rows = store.conn.execute(
        "SELECT f.name, f.sha256, f.content FROM plan_file f "
        "JOIN plan_version v ON v.id = f.version_id "
        "WHERE v.plan_key = ? AND v.version = ? ORDER BY f.name",
        (plan_key, version),
    ).fetchall()
    if not rows:
        raise DataError(
            "no such published version",
            value=f"{plan_key} v{version}",
            code="store.no_version",
            params={"key": plan_key, "version": version},
            hint="list the versions with 'visitplan publish --list'",
            hint_code="store.no_version.hint",
        )
    out = {}
    for name, digest, content in rows:
        data = bytes(content)
        if hashlib.sha256(data).hexdigest() != digest:
            raise DataError(
                "a published file is damaged in the database",
                value=name,
                code="store.file_damaged",
                params={"name": name},
                hint="publish the plan folder again",
                hint_code="store.file_damaged.hint",
            )
        out[name] = data
    return out


def published_visits(
    store: Store,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    plan_key: str | None = None,
    version: int | None = None,
) -> list[PublishedVisit]:
    """The visits of the current published plans in ``[start, end]``, by date.

    On each date the newest published version whose period covers that date counts
    (a later, repaired version replaces the earlier one's days). With ``plan_key``
    and ``version``: that version's visits only."""
    versions = published_versions(store, plan_key)
    if version is not None:
        versions = [v for v in versions if v.version == version]
    if start is not None:
        versions = [v for v in versions if v.end >= start]
    if end is not None:
        versions = [v for v in versions if v.start <= end]
    if not versions:
        return []
    newest_first = sorted(versions, key=lambda v: v.id, reverse=True)
    out = []
    for v in versions:
        rows = store.conn.execute(
            "SELECT date, center_id, counselor, visit_order, start, end FROM plan_visit "
            "WHERE version_id = ?",
            (v.id,),
        ).fetchall()
        for d_text, cid, counselor, order, s, e in rows:
            d = dt.date.fromisoformat(d_text)
            if (start is not None and d < start) or (end is not None and d > end):
                continue
            owner = next(w for w in newest_first if w.start <= d <= w.end)
            if owner.id != v.id:
                continue
            out.append(PublishedVisit(d, cid, counselor, int(order), s, e, v.plan_key, v.version))
    return sorted(out, key=lambda x: (x.date, x.counselor, x.order))


def visit_dates(visits: Iterable[PublishedVisit]) -> dict[str, list[dt.date]]:
    """Visit dates by center (sorted)."""
    out: dict[str, list[dt.date]] = {}
    for v in visits:
        out.setdefault(v.center_id, []).append(v.date)
    return {k: sorted(set(ds)) for k, ds in out.items()}
