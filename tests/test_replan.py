"""``visitplan replan``: the past stays, later visits change only where they must, the old folder
is untouched."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from scheduler.analysis.replan import compute_changes
from scheduler.core.plan import Plan, Visit
from scheduler.core.validate import validate
from scheduler.district.replay import rebuild
from scheduler.district.schedule import read_schedule
from tests.conftest import run_cli

FROM = "2026-12-10"


def _rows(folder: Path, name: str = "schedule.csv") -> list[dict[str, str]]:
    raw = (folder / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name} must carry a UTF-8 BOM"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _plan_a(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    a = tmp_path / "maps" / "2026-12"
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--out",
            str(a),
            "--time-limit",
            "20",
        ],
        capsys,
    )
    assert code == 0, err
    return a


def test_replan_keeps_the_past_and_changes_few_visits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: counselor 1 off 15-17 Dec, replanned from 10 Dec, into B beside the
    untouched A."""
    a = _plan_a(tmp_path, capsys)
    before = _digest(a)
    b = tmp_path / "B"
    code, out, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            FROM,
            "--unavailable",
            "1:2026-12-15..2026-12-17",
            "--out",
            str(b),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 0, err
    assert _digest(a) == before  # the old folder is byte-identical

    old, new = _rows(a), _rows(b)

    def past(
        rows: list[dict[str, str]],
    ) -> list[dict[str, str]]:  # every cell but the weekday's language
        return [{k: v for k, v in r.items() if k != "weekday"} for r in rows if r["date"] < FROM]

    assert past(old) == past(new) and len(past(old)) == 12
    assert not [
        r
        for r in new
        if r["counselor"] == "1" and r["date"] in ("2026-12-15", "2026-12-16", "2026-12-17")
    ]
    later = [r for r in old if r["date"] >= FROM]
    changes = _rows(b, "changes.csv")
    assert list(changes[0]) == [
        "change",
        "center_id",
        "old_date",
        "new_date",
        "old_counselor",
        "new_counselor",
    ]
    lost = [r for r in later if r["counselor"] == "1" and r["date"] in ("2026-12-15", "2026-12-17")]
    assert len(lost) <= len(changes) < len(later) / 4
    assert {c["change"] for c in changes} <= {"moved", "cancelled", "added", "reassigned"}
    assert all(c["old_date"] >= FROM or c["old_date"] == "" for c in changes)

    built, inputs = rebuild(b)  # the new folder rebuilds with the leave recorded
    assert ["1", "2026-12-15"] in inputs["extra_leave"] and inputs["replan"]["from"] == FROM
    assert validate(built.problem, read_schedule(b / "schedule.csv", built.problem)) == []

    notice = (b / "change-notice.en.txt").read_text(encoding="utf-8")
    cancelled = [c for c in changes if c["change"] != "reassigned"]
    assert len([line for line in notice.splitlines() if line.startswith("- ")]) == len(cancelled)
    assert "Tue 15 Dec" in notice and "Tue 1 Dec 10:00" not in notice
    assert (b / "change-notice.ko.txt").exists() and (b / "map.html").exists()
    assert f"{len(changes)} of {len(later)} later visits changed" in out
    summary = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    assert summary["changes"] == len(changes) and summary["replan_from"] == FROM

    code, text, err = run_cli(["explain", str(b), "--center", "dasan", "--lang", "en"], capsys)
    assert code == 0, err  # the new folder explains itself, alternatives re-planned against A
    assert "changed visits +" in text and f"Replanned from {FROM}" in text


def test_replan_default_folder_new_counselor_and_chained_replan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out the new plan is the next version beside the old; a new counselor takes over
    the days off,
    and the new folder can itself be replanned with a closure."""
    a = _plan_a(tmp_path, capsys)
    code, _, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            FROM,
            "--unavailable",
            "1:2026-12-15..2026-12-17",
            "--add-counselor",
            "3",
        ],
        capsys,
    )
    assert code == 0, err
    v2 = a.with_name("2026-12-v2")
    changes = _rows(v2, "changes.csv")
    assert changes and {c["change"] for c in changes} == {"reassigned"}
    assert {(c["old_counselor"], c["new_counselor"]) for c in changes} == {("1", "3")}
    assert "바뀐 것이 없습니다" in (v2 / "change-notice.ko.txt").read_text(
        encoding="utf-8"
    )  # residents see none

    closed_visit = next(r for r in _rows(v2) if r["date"] == "2026-12-22")
    center = closed_visit["center_id"]
    code, _, err = run_cli(
        ["replan", "--plan", str(v2), "--from", "2026-12-22", "--closed", f"{center}:2026-12-22"],
        capsys,
    )
    assert code == 0, err
    v3 = a.with_name("2026-12-v3")
    assert not [r for r in _rows(v3) if r["center_id"] == center and r["date"] == "2026-12-22"]
    built, inputs = rebuild(v3)
    assert (
        inputs["extra_counselors"] == ["3"] and [center, "2026-12-22"] in inputs["extra_closures"]
    )
    assert validate(built.problem, read_schedule(v3 / "schedule.csv", built.problem)) == []
    assert (
        len(_rows(v3, "changes.csv")) == 1
    )  # only the closed visit: cancelled, nothing else moves


def test_replan_refuses_the_past_and_the_old_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Leave before --from and --out pointing at the old plan are both bad input, and nothing is
    written."""
    a = _plan_a(tmp_path, capsys)
    before = _digest(a)
    code, _, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            FROM,
            "--unavailable",
            "1:2026-12-08",
            "--out",
            str(tmp_path / "B"),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 2 and "before --from" in err
    code, _, err = run_cli(
        ["replan", "--plan", str(a), "--from", FROM, "--out", str(a), "--force"], capsys
    )
    assert code == 2
    assert _digest(a) == before and not (tmp_path / "B").exists()


def _v(day: int, site: str, team: str = "1", session: int = 1) -> Visit:
    return Visit(dt.date(2026, 12, day), session, team, site, session, 590, 600, 720, 10)


def test_compute_changes_kinds() -> None:
    """Same time by another counselor is reassigned, another date or time is moved, the rest
    cancelled or added."""
    old = Plan((_v(1, "a"), _v(10, "b"), _v(15, "c"), _v(17, "d"), _v(22, "e"), _v(24, "f")))
    new = Plan(
        (
            _v(1, "a"),
            _v(10, "b", team="2"),
            _v(22, "c"),
            _v(17, "d", session=2),
            _v(24, "f"),
            _v(29, "g"),
        )
    )
    got = [
        (
            c.change,
            c.center_id,
            c.old.date.day if c.old else None,
            c.new.date.day if c.new else None,
        )
        for c in compute_changes(old, new, dt.date(2026, 12, 10))
    ]
    assert got == [
        ("reassigned", "b", 10, 10),
        ("moved", "c", 15, 22),
        ("moved", "d", 17, 17),
        ("cancelled", "e", 22, None),
        ("added", "g", None, 29),
    ]


def _plan_jan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    a = tmp_path / "A"
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2027-01",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--out",
            str(a),
            "--time-limit",
            "20",
        ],
        capsys,
    )
    assert code == 0, err
    return a


def test_replan_keeps_every_center_covered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: 명동 closed on the day of its only January visit. Coverage comes first: it
    is moved (a
    swap with another center's slot), not cancelled, and the notice names its new date."""
    a = _plan_jan(tmp_path, capsys)
    old = _rows(a)
    assert [r["date"] for r in old if r["center_id"] == "myeong"] == [
        "2027-01-21"
    ]  # the case is as stated
    b = tmp_path / "B"
    code, _, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            "2027-01-15",
            "--closed",
            "myeong:2027-01-21",
            "--out",
            str(b),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 0, err
    new = _rows(b)
    assert {r["center_id"] for r in old} <= {
        r["center_id"] for r in new
    }  # every center still visited
    assert not [r for r in new if r["center_id"] == "myeong" and r["date"] == "2027-01-21"]
    (moved,) = [c for c in _rows(b, "changes.csv") if c["center_id"] == "myeong"]
    assert moved["change"] == "moved" and moved["new_date"] > "2027-01-15"
    built, _ = rebuild(b)
    assert validate(built.problem, read_schedule(b / "schedule.csv", built.problem)) == []
    new_day = dt.date.fromisoformat(moved["new_date"])
    notice = (b / "change-notice.en.txt").read_text(encoding="utf-8")
    line = next(x for x in notice.splitlines() if x.startswith("- Myeong-dong"))
    assert f"moved to {new_day:%a} {new_day.day} Jan" in line
    summary = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in summary["stages"]][:2] == ["coverage", "changes"]


def test_substitute_counselor_is_no_change_for_residents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A substitute added by name takes over the days off: only reassignments, a notice without
    apology, and a
    calendar file named after the substitute."""
    a = _plan_jan(tmp_path, capsys)
    b = tmp_path / "B"
    code, _, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            "2027-01-15",
            "--unavailable",
            "1:2027-01-19..2027-01-21",
            "--add-counselor",
            "김대체",
            "--out",
            str(b),
        ],
        capsys,
    )
    assert code == 0, err
    changes = _rows(b, "changes.csv")
    assert changes and {(c["change"], c["new_counselor"]) for c in changes} == {
        ("reassigned", "김대체")
    }
    notice = (b / "change-notice.ko.txt").read_text(encoding="utf-8")
    assert "바뀐 것이 없습니다" in notice and "죄송" not in notice
    assert (b / "counselor-김대체.ics").exists()


def test_change_notice_names_the_next_visit_of_a_cancelled_one() -> None:
    """A cancelled visit's line gives the center's next visit; a notice with only reassignments
    apologises
    for nothing."""
    from scheduler.analysis.replan import change_notice_text
    from tests.test_solver import make

    problem = make({"a": 10, "b": 5}, [dt.date(2026, 12, d) for d in (1, 10, 22)])
    old = Plan((_v(1, "a"), _v(10, "a"), _v(22, "a"), _v(22, "b")))
    new = Plan((_v(1, "a"), _v(22, "a"), _v(22, "b", team="2")))
    changes = compute_changes(old, new, dt.date(2026, 12, 5))
    assert [c.change for c in changes] == ["cancelled", "reassigned"]
    assert changes[0].next_visit is not None and changes[0].next_visit.date == dt.date(2026, 12, 22)
    text = change_notice_text(problem, changes, "en")
    assert "- a: Thu 10 Dec 10:00–12:00 cancelled (next visit: Tue 22 Dec 10:00–12:00)" in text
    assert "apologise" in text
    quiet = change_notice_text(problem, [c for c in changes if c.change == "reassigned"], "en")
    assert "No visit has changed." in quiet and "apologise" not in quiet
