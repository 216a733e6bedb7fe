"""Property: recording is idempotent and order-independent, whatever the records."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.demand.records import Attendance
from scheduler.store import attendance_records, open_store, record_attendance

CENTERS = ("sogong", "pil", "yaksu")

records = st.lists(
    st.builds(
        Attendance,
        date=st.dates(dt.date(2025, 1, 1), dt.date(2026, 11, 30)),
        center_id=st.sampled_from(CENTERS),
        visitors=st.integers(0, 40),
        counseled=st.none() | st.integers(0, 5),
        placed=st.none() | st.integers(0, 3),
        counselor=st.sampled_from(("", "1", "2")),
        note=st.sampled_from(("", "비", "note, with comma")),
    ),
    max_size=25,
    unique_by=lambda r: r.key,
)


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT date, center_id, counselor, visitors, counseled, placed, note, recorded_at "
            "FROM attendance ORDER BY date, center_id, counselor"
        ).fetchall()
    finally:
        conn.close()


@settings(max_examples=40, deadline=None)
@given(recs=records, seed=st.integers(0, 1000))
def test_recording_twice_or_in_another_order_gives_the_same_database(
    recs: list[Attendance], seed: int
) -> None:
    """A second import changes no row (timestamps included); a shuffled import stores the same
    records."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.db", Path(tmp) / "b.db"
        with open_store(a) as store:
            first = record_attendance(store, recs)
            before = rows(a)
            again = record_attendance(store, recs)
            assert (first.added, again.added, again.updated, again.unchanged) == (
                len(recs),
                0,
                0,
                len(recs),
            )
            assert rows(a) == before
            stored_a = attendance_records(store)
        shuffled = list(recs)
        random.Random(seed).shuffle(shuffled)
        with open_store(b) as store:
            record_attendance(store, shuffled)
            assert attendance_records(store) == stored_a
        assert sorted(stored_a, key=lambda r: r.key) == sorted(recs, key=lambda r: r.key)
