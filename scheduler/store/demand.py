"""The demand step of a plan with the records and published visits of the database
(the store sits above the demand model in the layers, so the two meet here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.core.problem import Problem
from scheduler.demand.apply import Prepared, prepare
from scheduler.errors import DataError
from scheduler.store.attendance import attendance_records
from scheduler.store.db import default_db_path, open_store
from scheduler.store.published import published_visits


def prepare_from_db(
    problem: Problem,
    db: Path | None,
    *,
    mode: str | None = None,
    max_months_unvisited: int | None = None,
) -> Prepared:
    """:func:`prepare` with the records and published visits of the database ``db``
    (default :func:`scheduler.store.default_db_path`). A default database that does
    not exist yet means no records (nothing is created); a ``db`` named explicitly
    must exist."""
    path = db if db is not None else default_db_path()
    if not path.exists():
        if db is not None:
            raise DataError(
                "database not found",
                file=str(path),
                column="--db",
                code="demand.db_missing",
                params={"file": str(path)},
                hint="record attendance or publish a plan into it first, or leave out --db",
                hint_code="demand.db_missing.hint",
            )
        return prepare(problem, mode=mode, max_months_unvisited=max_months_unvisited)
    with open_store(path) as store:
        records = attendance_records(store, end=problem.start - dt.timedelta(days=1))
        published = [
            (v.date, v.center_id)
            for v in published_visits(store, end=problem.start - dt.timedelta(days=1))
        ]
    return prepare(
        problem,
        records=records,
        published=published,
        mode=mode,
        max_months_unvisited=max_months_unvisited,
    )
