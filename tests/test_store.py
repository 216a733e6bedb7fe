"""The database: migrations, WAL, idempotent attendance, published versions, atomicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scheduler.demand.records import Attendance
from scheduler.errors import DataError
from scheduler.store import (
    DB_ENV,
    attendance_records,
    default_db_path,
    open_store,
    publish,
    published_files,
    published_versions,
    published_visits,
    record_attendance,
)
from scheduler.store.db import all_migrations, migrate
from scheduler.store.migrations import check_migrations

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data folder."""
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.db"))


def dump(path: Path) -> list[str]:
    """Every row of every table, as text (to compare whole databases)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def recs() -> list[Attendance]:
    return [
        Attendance(dt.date(2026, 11, 3), "sogong", 5, 4, 1, "1", ""),
        Attendance(dt.date(2026, 11, 5), "hoehyeon", 2, None, None, "", "rain"),
    ]


def make_plan_folder(
    folder: Path,
    label: str = "2026-12",
    rows: list[tuple[str, str, str]] | None = None,
    extra: bytes = b"",
) -> Path:
    """A minimal plan folder: plan.json, schedule.csv, a binary-ish map file."""
    folder.mkdir(parents=True, exist_ok=True)
    y, m = (int(x) for x in label.split("-"))
    end = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    (folder / "plan.json").write_text(
        json.dumps({"label": label, "start": f"{label}-01", "end": end}), encoding="utf-8"
    )
    rows = (
        rows
        if rows is not None
        else [(f"{label}-01", "1", "sogong"), (f"{label}-03", "1", "'=evil")]
    )
    lines = [
        "date,weekday,counselor,order,center_id,center_name_ko,address_ko,arrive,start,end,travel_min"
    ]
    lines += [f"{d},화,{c},1,{s},x,y,09:40,10:00,16:00,20" for d, c, s in rows]
    (folder / "schedule.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    (folder / "map.html").write_bytes(b"<html>\x00\xff" + extra)
    return folder


def test_default_path_follows_env_and_xdg() -> None:
    """$VISITPLAN_DB wins; otherwise the platform's data folder."""
    assert default_db_path({DB_ENV: "/x/y.db"}) == Path("/x/y.db")
    if sys.platform.startswith("linux"):
        assert default_db_path({"XDG_DATA_HOME": "/d", "HOME": "/h"}) == Path(
            "/d/visitplan/visitplan.db"
        )
        assert default_db_path({"HOME": "/h"}) == Path("/h/.local/share/visitplan/visitplan.db")


def test_open_creates_migrates_and_uses_wal(tmp_path: Path) -> None:
    """A new file gets every migration and WAL journaling; reopening changes nothing."""
    path = tmp_path / "sub" / "v.db"
    with open_store(path) as st:
        assert st.schema_version == all_migrations()[-1][0]
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert st.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    before = dump(path)
    with open_store(path):
        pass
    assert dump(path) == before


def test_migrations_are_numbered_and_appendable(tmp_path: Path) -> None:
    """A later migration (as another area would append) applies once, on top."""
    check_migrations(all_migrations())
    with pytest.raises(ValueError, match="unique"):
        check_migrations([(1, "a", ""), (1, "b", "")])
    path = tmp_path / "m.db"
    open_store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    top = all_migrations()[-1][0] + 1
    extra = [
        *all_migrations(),
        (top, "t", "CREATE TABLE test_settings (k TEXT PRIMARY KEY, v TEXT);"),
    ]
    assert migrate(conn, path, extra) == top
    assert migrate(conn, path, extra) == top
    conn.execute("INSERT INTO test_settings VALUES ('a', 'b')")
    conn.close()


def test_newer_schema_and_non_database_are_refused(tmp_path: Path) -> None:
    """A database from a newer program, or a file that is not SQLite, is a DataError."""
    path = tmp_path / "new.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    with pytest.raises(DataError) as e:
        open_store(path)
    assert e.value.code == "store.too_new"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DataError) as e:
        open_store(junk)
    assert e.value.code == "store.not_a_database"
    with pytest.raises(DataError) as e:
        open_store(tmp_path)
    assert e.value.code == "store.is_folder"


def test_recording_the_same_records_twice_changes_nothing(tmp_path: Path) -> None:
    """The second import adds nothing, updates nothing and leaves every byte of every row."""
    path = tmp_path / "a.db"
    with open_store(path) as st:
        first = record_attendance(st, recs(), source="a.csv", rows=[2, 3])
        assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
        before = dump(path)
        again = record_attendance(st, recs(), source="a.csv", rows=[2, 3])
        assert (again.added, again.updated, again.unchanged, again.changed) == (0, 0, 2, False)
        assert dump(path) == before
        assert attendance_records(st) == sorted(recs(), key=lambda r: r.key)


def test_a_corrected_record_updates_in_place(tmp_path: Path) -> None:
    """Same visit, new numbers: one update, no duplicate."""
    with open_store(tmp_path / "a.db") as st:
        record_attendance(st, recs())
        fixed = Attendance(dt.date(2026, 11, 3), "sogong", 7, 4, 1, "1", "")
        res = record_attendance(st, [fixed])
        assert (res.added, res.updated) == (0, 1)
        got = attendance_records(st, center_ids=["sogong"])
        assert [r.visitors for r in got] == [7]


def test_publish_stores_files_byte_for_byte_and_visits(tmp_path: Path) -> None:
    """A published version gives back the exact files and the schedule's visits."""
    folder = make_plan_folder(tmp_path / "plan")
    with open_store(tmp_path / "p.db") as st:
        v = publish(st, folder, by="김민지", note="첫 게시")
        assert (v.plan_key, v.version, v.created) == ("2026-12", 1, True)
        files = published_files(st, "2026-12", 1)
        assert set(files) == {"plan.json", "schedule.csv", "map.html"}
        for name, data in files.items():
            assert (
                hashlib.sha256(data).digest()
                == hashlib.sha256((folder / name).read_bytes()).digest()
            )
        visits = published_visits(st)
        assert [(x.date.isoformat(), x.center_id) for x in visits] == [
            ("2026-12-01", "sogong"),
            ("2026-12-03", "=evil"),
        ]
        same = publish(st, folder, by="someone else")
        assert (same.version, same.created) == (1, False)
        assert len(published_versions(st)) == 1


def test_a_new_version_replaces_the_old_ones_days_only(tmp_path: Path) -> None:
    """Version 2 (changed files) is added, version 1 stays; current visits come from v2."""
    with open_store(tmp_path / "p.db") as st:
        publish(st, make_plan_folder(tmp_path / "a"), by="a")
        v2 = publish(
            st,
            make_plan_folder(tmp_path / "b", rows=[("2026-12-08", "2", "pildong")]),
            by="b",
            note="repaired",
        )
        assert v2.version == 2 and v2.note == "repaired"
        assert [x.version for x in published_versions(st, "2026-12")] == [1, 2]
        assert [x.center_id for x in published_visits(st)] == ["pildong"]
        assert [x.center_id for x in published_visits(st, plan_key="2026-12", version=1)] == [
            "sogong",
            "=evil",
        ]
        publish(st, make_plan_folder(tmp_path / "c", label="2027-01"), by="a")
        jan = published_visits(st, start=dt.date(2027, 1, 1))
        assert {x.plan_key for x in jan} == {"2027-01"}


def test_publish_refuses_a_folder_without_a_plan(tmp_path: Path) -> None:
    """No plan.json / schedule.csv, or no publisher: a DataError with a catalog code."""
    (tmp_path / "empty").mkdir()
    with open_store(tmp_path / "p.db") as st:
        with pytest.raises(DataError) as e:
            publish(st, tmp_path / "empty", by="a")
        assert e.value.code == "store.plan_file_missing"
        with pytest.raises(DataError) as e:
            publish(st, make_plan_folder(tmp_path / "ok"), by=" ")
        assert e.value.code == "store.publish_by_empty"
        assert published_versions(st) == []


def test_an_exception_inside_a_transaction_rolls_it_back(tmp_path: Path) -> None:
    """Half a change never stays."""
    path = tmp_path / "t.db"
    with open_store(path) as st:
        record_attendance(st, recs()[:1])
        before = dump(path)

        def half_done() -> None:
            with st.transaction() as c:
                c.execute("DELETE FROM attendance")
                raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            half_done()
        assert dump(path) == before


KILLER = textwrap.dedent("""
    import datetime as dt, sys, time
    from scheduler.demand.records import Attendance
    from scheduler.store import open_store, record_attendance
    st = open_store(sys.argv[1])
    mode = sys.argv[2]
    if mode == "inside":
        with st.transaction() as c:
            for i in range(500):
                c.execute("INSERT INTO attendance (date, center_id, counselor, visitors, "
                          "recorded_at) VALUES (?, ?, '', 1, 'x')",
                          ("2026-10-%02d" % (1 + i % 28), "c%d" % i))
            print("inside", flush=True)
            time.sleep(60)
    else:
        recs = [Attendance(dt.date(2026, 10, 1 + i % 28), "n%d" % i, 3) for i in range(500)]
        record_attendance(st, recs)
        print("committed", flush=True)
        time.sleep(60)
""")


@pytest.mark.parametrize("mode", ["inside", "after"])
def test_killing_a_writer_leaves_old_or_new_complete(tmp_path: Path, mode: str) -> None:
    """SIGKILL inside a transaction: the old rows exactly; after commit: all the new rows."""
    path = tmp_path / "k.db"
    with open_store(path) as st:
        record_attendance(st, recs())
    before = dump(path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(path), mode], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line in ("inside", "committed")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with open_store(path) as st:
        n = len(attendance_records(st))
        assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if mode == "inside":
        assert n == 2 and dump(path) == before
    else:
        assert n == 502


def test_records_of_visits_no_published_plan_holds_are_kept_but_flagged(tmp_path: Path) -> None:
    """On a published day but not in the plan: unplanned; on a day no plan covers: unpublished."""
    with open_store(tmp_path / "f.db") as st:
        publish(st, make_plan_folder(tmp_path / "plan"), by="a")  # 12-01 sogong, 12-03 '=evil'
        res = record_attendance(
            st,
            [
                Attendance(dt.date(2026, 12, 1), "sogong", 4),
                Attendance(dt.date(2026, 12, 1), "pil", 2),
                Attendance(dt.date(2027, 1, 5), "sogong", 1),
            ],
        )
        assert res.added == 3
        assert [(r.date.isoformat(), r.center_id) for r in res.unplanned] == [("2026-12-01", "pil")]
        assert [r.date.isoformat() for r in res.unpublished] == ["2027-01-05"]
        assert len(attendance_records(st)) == 3
