"""``visitplan record`` / ``publish`` and ``plan --demand``: end to end on real files."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from scheduler.demand.synthetic import Scenario, generate
from scheduler.district.build import Options, build_problem
from scheduler.district.config import load_config
from scheduler.output.schedule_csv import schedule_csv_bytes
from scheduler.solver import solve
from scheduler.store import DB_ENV
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CONFIG = DATA / "jung-gu.toml"


@pytest.fixture(autouse=True)
def _no_user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data folder: the default database is a fresh path."""
    monkeypatch.setenv(DB_ENV, str(tmp_path / "default.db"))


def populations() -> dict[str, int]:
    with (DATA / "dong_centers.csv").open(encoding="utf-8") as f:
        return {r["id"]: int(r["population"]) for r in csv.DictReader(f)}


def write_csv(
    path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_recording_the_same_file_twice_leaves_the_database_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Second run: 0 added, 0 updated, every row identical (center names, CP949)."""
    db = tmp_path / "v.db"
    f = write_csv(
        tmp_path / "a.csv",
        ["date", "center", "visitors", "counseled", "placed", "note"],
        [
            ["2026-11-03", "소공동", 5, 3, 1, "비"],
            ["2026-11-05", "Hoehyeon-dong", 2, "", "", ""],
            ["2026.11.10", "pil", 0, 0, "", ""],
        ],
        encoding="cp949",
    )
    code, out, _ = run_cli(
        ["record", str(f), "--db", str(db), "--config", str(CONFIG), "--lang", "en"], capsys
    )
    assert code == 0 and "3 added, 0 updated, 0 unchanged" in out
    before = dump(db)
    code, out, err = run_cli(
        ["record", str(f), "--db", str(db), "--config", str(CONFIG), "--lang", "en"], capsys
    )
    assert code == 0 and "0 added, 0 updated, 3 unchanged" in out
    assert dump(db) == before
    assert "3 visit(s) on days no published plan covers" in err


@pytest.mark.parametrize(
    ("rows", "expect"),
    [
        ([["2026-11-03", "sogongg", 5]], "row 2, column 'center_id': unknown center id"),
        ([["2026-11-03", "sogong", -1]], "row 2, column 'visitors'"),
        ([["2026-11-03", "sogong", "many"]], "row 2, column 'visitors'"),
        ([["2026-13-03", "sogong", 5]], "row 2, column 'date'"),
        (
            [["2099-11-03", "sogong", 5]],
            "row 2, column 'date': attendance recorded for a day that has not come",
        ),
        (
            [["2026-11-03", "sogong", 5], ["2026-11-03", "sogong", 6]],
            "row 3, column 'date': the same visit is recorded twice",
        ),
    ],
)
def test_a_bad_row_is_one_line_naming_file_row_column_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[list[object]], expect: str
) -> None:
    """Exit 2, one line, nothing stored."""
    db = tmp_path / "v.db"
    f = write_csv(tmp_path / "bad.csv", ["date", "center_id", "visitors"], rows)
    code, out, err = run_cli(
        ["record", str(f), "--db", str(db), "--config", str(CONFIG), "--lang", "en"], capsys
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "bad.csv" in err and expect in err, err
    assert not db.exists()


def test_more_counseled_than_visitors_and_unknown_names_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counts that cannot be, and a misspelled center name (with a suggestion)."""
    f = write_csv(
        tmp_path / "c.csv",
        ["date", "center_id", "visitors", "counseled"],
        [["2026-11-03", "sogong", 2, 5]],
    )
    code, _, err = run_cli(
        ["record", str(f), "--db", str(tmp_path / "v.db"), "--config", str(CONFIG), "--lang", "en"],
        capsys,
    )
    assert code == 2 and "column 'counseled'" in err and "'5'" in err
    f = write_csv(
        tmp_path / "n.csv", ["date", "center", "visitors"], [["2026-11-03", "소공동x", 2]]
    )
    code, _, err = run_cli(
        ["record", str(f), "--db", str(tmp_path / "v.db"), "--config", str(CONFIG)], capsys
    )
    assert code == 2 and "'center' 열" in err and "소공동" in err  # Korean by default


def history_csv(tmp_path: Path) -> Path:
    """Two years of synthetic records: every center visited twice a month on the same days;
    sogong (the smallest dong) has three times the job seekers per resident."""
    recs = generate(
        Scenario("small3x", populations(), {"sogong": 3.0}, same_days=True, visits=(2,), seed=0)
    )
    return write_csv(
        tmp_path / "history.csv",
        ["date", "center_id", "visitors"],
        [[r.date.isoformat(), r.center_id, r.visitors] for r in recs],
    )


def plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, *args: str
) -> tuple[Path, str]:
    out = tmp_path / name
    code, _, err = run_cli(
        [
            "plan",
            "--config",
            str(CONFIG),
            "--month",
            "2026-12",
            "--counselors",
            "1",
            "--visits-per-day",
            "1",
            "--time-limit",
            "20",
            "--out",
            str(out),
            "--lang",
            "en",
            *args,
        ],
        capsys,
    )
    assert code == 0, err
    return out, err


def centers_of(folder: Path) -> set[str]:
    with (folder / "schedule.csv").open(encoding="utf-8-sig") as f:
        return {r["center_id"] for r in csv.DictReader(f)}


def test_attendance_demand_visits_the_small_dong_with_many_job_seekers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1 counselor × 1 visit a day in December 2026: --demand attendance visits sogong,
    --demand population does not; the default is attendance once records exist; explain's
    data (summary.json) carries the estimate, its interval and the record count."""
    db = tmp_path / "v.db"
    code, _, _ = run_cli(
        ["record", str(history_csv(tmp_path)), "--db", str(db), "--config", str(CONFIG)], capsys
    )
    assert code == 0
    att, _ = plan(tmp_path, capsys, "att", "--db", str(db), "--demand", "attendance")
    pop, _ = plan(tmp_path, capsys, "pop", "--db", str(db), "--demand", "population")
    dflt, _ = plan(tmp_path, capsys, "default", "--db", str(db))
    assert "sogong" in centers_of(att)
    assert "sogong" not in centers_of(pop)
    assert centers_of(dflt) == centers_of(att)
    demand = json.loads((att / "summary.json").read_text(encoding="utf-8"))["demand"]
    assert (demand["mode"], demand["records"]) == ("attendance", 720)
    est = json.loads((att / "summary.json").read_text(encoding="utf-8"))["demand"]["estimates"][
        "sogong"
    ]
    assert est["records"] == 48 and est["mean_low"] < est["mean"] < est["mean_high"]
    assert est["weight"] > 2 * populations()["sogong"]
    summary = json.loads((att / "summary.json").read_text(encoding="utf-8"))
    assert summary["population_covered"] == sum(populations()[c] for c in centers_of(att))
    code, text, _ = run_cli(
        ["explain", str(att), "--center", "sogong", "--no-alternatives", "--lang", "en"], capsys
    )
    assert code == 0
    assert f"population {populations()['sogong']:,}" in text
    assert "Demand estimate (attendance-based estimate; 48 attendance records" in text
    assert "90 % interval" in text


def test_no_records_plans_are_identical_to_todays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty database and no database: the Jung-gu plan and the 2022 replay period give the
    same schedule.csv bytes as the pipeline without the demand step."""
    config = load_config(CONFIG)
    empty = tmp_path / "empty.db"
    from scheduler.store import open_store

    open_store(empty).close()
    cases = [
        (
            ["--month", "2026-12", "--counselors", "2", "--visits-per-day", "2"],
            Options(
                dt.date(2026, 12, 1),
                dt.date(2026, 12, 31),
                counselors=2,
                visits_per_day=2,
                label="2026-12",
            ),
        ),
        (
            ["--start", "2022-06-07", "--end", "2022-07-14"],
            Options(dt.date(2022, 6, 7), dt.date(2022, 7, 14), label="2022-06-07_2022-07-14"),
        ),
    ]
    for i, (args, options) in enumerate(cases):
        problem = build_problem(config, options).problem
        want = schedule_csv_bytes(problem, solve(problem, time_limit_s=20, seed=0), "en")
        for j, db_args in enumerate(([], ["--db", str(empty)])):
            out = tmp_path / f"p{i}-{j}"
            code, _, err = run_cli(
                [
                    "plan",
                    "--config",
                    str(CONFIG),
                    *args,
                    *db_args,
                    "--time-limit",
                    "20",
                    "--out",
                    str(out),
                    "--lang",
                    "en",
                ],
                capsys,
            )
            assert code == 0, err
            assert (out / "schedule.csv").read_bytes() == want
            assert "demand" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_publish_then_next_month_rotates_without_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """December published → January (no --history) puts December's unvisited centers first;
    with Tuesdays only (4 visits for 5 such centers) it warns about the one left out again;
    --max-months-unvisited 1 then has no plan (exit 3) and with Tuesdays and Thursdays
    visits them all."""
    db = tmp_path / "v.db"
    out = tmp_path / "dec"
    code, _, err = run_cli(
        [
            "plan",
            "--config",
            str(CONFIG),
            "--month",
            "2026-12",
            "--counselors",
            "1",
            "--visits-per-day",
            "1",
            "--time-limit",
            "20",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    code, text, _ = run_cli(
        ["publish", str(out), "--by", "김민지", "--note", "12월", "--db", str(db), "--lang", "en"],
        capsys,
    )
    assert code == 0 and "published 2026-12 version 1" in text
    code, text, _ = run_cli(
        ["publish", str(out), "--by", "x", "--db", str(db), "--lang", "en"], capsys
    )
    assert code == 0 and "no new version" in text
    unvisited = set(populations()) - centers_of(out)
    assert len(unvisited) == 5
    args = [
        "plan",
        "--config",
        str(CONFIG),
        "--month",
        "2027-01",
        "--counselors",
        "1",
        "--visits-per-day",
        "1",
        "--time-limit",
        "20",
        "--db",
        str(db),
        "--lang",
        "en",
    ]
    code, out_text, err = run_cli(
        [*args, "--weekdays", "tue", "--out", str(tmp_path / "jan")], capsys
    )
    assert code == 0, err
    said = " ".join((out_text + err).split())  # the report may wrap long lines
    january = centers_of(tmp_path / "jan")
    assert len(january) == 4 and january <= unvisited
    (left_out,) = unvisited - january
    assert f"({left_out}) goes unvisited again: 2 months in a row" in said
    assert said.count("goes unvisited again") == 1
    code, _, err = run_cli(
        [
            *args,
            "--weekdays",
            "tue",
            "--max-months-unvisited",
            "1",
            "--out",
            str(tmp_path / "jan-tue"),
        ],
        capsys,
    )
    assert code == 3, err
    code, _, err = run_cli(
        [*args, "--max-months-unvisited", "1", "--out", str(tmp_path / "jan-hard")], capsys
    )
    assert code == 0, err
    assert unvisited <= centers_of(tmp_path / "jan-hard")
    assert "goes unvisited again" not in err


def test_publish_list_and_restore_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restored version has exactly the published files."""
    db = tmp_path / "v.db"
    out = tmp_path / "dec"
    code, _, err = run_cli(
        [
            "plan",
            "--config",
            str(CONFIG),
            "--month",
            "2026-12",
            "--time-limit",
            "20",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    assert run_cli(["publish", str(out), "--by", "a", "--db", str(db)], capsys)[0] == 0
    code, text, _ = run_cli(["publish", "--list", "--db", str(db), "--lang", "en"], capsys)
    assert code == 0 and "2026-12 v1" in text
    back = tmp_path / "restored"
    code, _, err = run_cli(
        ["publish", "--restore", "2026-12", "1", "--out", str(back), "--db", str(db)], capsys
    )
    assert code == 0, err
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(back).as_posix() for p in back.rglob("*") if p.is_file())
    for n in names:
        assert (out / n).read_bytes() == (back / n).read_bytes(), n
    code, _, err = run_cli(
        [
            "publish",
            "--restore",
            "2026-12",
            "7",
            "--out",
            str(tmp_path / "x"),
            "--db",
            str(db),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 2 and "no such published version" in err
