"""Calendars that stay in sync: UIDs kept across replans, SEQUENCE, CANCELLED, stable DTSTAMP."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from share_fixtures import make_plan, make_problem, real_case

from scheduler.core.plan import Plan
from scheduler.core.problem import Team
from scheduler.output.ics import (
    OFFICE_FILE,
    calendar_files,
    ics_filename,
    previous_events,
    visit_uid,
)
from scheduler.output.schedule_csv import schedule_csv_bytes
from tests.conftest import run_cli


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_reruns_are_byte_identical_and_continuing_an_unchanged_plan_changes_nothing(
    tmp_path: Path,
) -> None:
    """No clock in the files: the same plan gives the same bytes, also when continued."""
    problem, plan = real_case()
    first = calendar_files(problem, plan)
    assert calendar_files(problem, plan) == first
    old = _write(tmp_path / "a", first)
    assert calendar_files(problem, plan, previous=previous_events(old)) == first
    stamps = {str(e["dtstamp"].to_ical(), "ascii") for e in _events(first[OFFICE_FILE]).values()}
    assert stamps == {"20261201T000000Z"}


def test_a_moved_visit_keeps_its_uid_and_a_dropped_one_is_cancelled(tmp_path: Path) -> None:
    """Replanned: moved → same UID, new time, SEQUENCE 1, later DTSTAMP; dropped → CANCELLED."""
    problem, plan = real_case()
    old_files = calendar_files(problem, plan)
    old = previous_events(_write(tmp_path / "a", old_files))
    team1 = [v for v in plan.visits if v.team_id == "1"]
    moved_from, dropped, kept = team1[4], team1[5], team1[0]
    moved_to = dataclasses.replace(moved_from, date=moved_from.date + dt.timedelta(days=7))
    visits = [v for v in plan.visits if v not in (moved_from, dropped)] + [moved_to]
    new_files = calendar_files(problem, Plan(tuple(visits)), previous=old)

    before = _events(old_files[ics_filename("1")])
    after = _events(new_files[ics_filename("1")])
    assert set(after) == set(before)  # nothing vanished, nothing duplicated
    uid = visit_uid(moved_from)
    ev = after[uid]
    assert ev.decoded("dtstart").date() == moved_to.date
    assert int(ev["sequence"]) == 1 and str(ev["status"]) == "CONFIRMED"
    assert ev.decoded("dtstamp") > before[uid].decoded("dtstamp")
    gone = after[visit_uid(dropped)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    same = after[visit_uid(kept)]
    assert same.to_ical() == before[visit_uid(kept)].to_ical()
    # the office calendar says the same
    office = _events(new_files[OFFICE_FILE])
    assert int(office[uid]["sequence"]) == 1
    assert str(office[visit_uid(dropped)]["status"]) == "CANCELLED"

    # one more round without changes: the cancellation stays, nothing is bumped again
    again = calendar_files(
        problem, Plan(tuple(visits)), previous=previous_events(_write(tmp_path / "b", new_files))
    )
    assert again == new_files


def test_a_visit_given_to_another_counselor_leaves_a_cancellation_behind(tmp_path: Path) -> None:
    """The old counselor's file cancels the event; the new one's carries it; the office has it
    once."""
    problem, plan = real_case()
    old = previous_events(_write(tmp_path / "a", calendar_files(problem, plan)))
    v = next(v for v in plan.visits if v.team_id == "1" and v.date.day == 15)
    other = dataclasses.replace(v, team_id="2", date=v.date + dt.timedelta(days=2))
    files = calendar_files(
        problem, Plan((*(x for x in plan.visits if x != v), other)), previous=old
    )
    uid = visit_uid(v)
    assert str(_events(files[ics_filename("1")])[uid]["status"]) == "CANCELLED"
    ev = _events(files[ics_filename("2")])[uid]
    assert str(ev["status"]) == "CONFIRMED" and int(ev["sequence"]) == 1
    office = Calendar.from_ical(files[OFFICE_FILE]).walk("VEVENT")
    assert [str(e["status"]) for e in office if str(e["uid"]) == uid] == ["CONFIRMED"]


def test_folders_from_before_the_ids_continue_with_their_uids(tmp_path: Path) -> None:
    """A plan folder with only schedule.csv (older calendars carried no ids) still gives its
    UIDs."""
    problem, plan = real_case()
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "schedule.csv").write_bytes(schedule_csv_bytes(problem, plan))
    old = previous_events(folder)
    assert {e.uid for e in old} == {visit_uid(v) for v in plan.visits}
    assert calendar_files(problem, plan, previous=old) == calendar_files(problem, plan)


@pytest.mark.parametrize(
    "payload",
    [
        "센터\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT",
        "센터\nX-INJECTED:1",
        "센터\u2028SUMMARY:evil\x00\x1b",
        '센터;,\\\\ "quoted"',
    ],
)
def test_line_breaks_in_names_never_make_a_property(payload: str) -> None:
    """CR/LF, NUL and escapes in center, address and counselor names stay inside their values."""
    base = make_problem()
    sites = tuple(
        dataclasses.replace(s, name=payload, address=payload) if i < 3 else s
        for i, s in enumerate(base.sites)
    )
    problem = dataclasses.replace(
        base, sites=sites, teams=tuple(Team(t.id, payload, t.base_id) for t in base.teams)
    )
    plan = make_plan(problem)
    for name, data in calendar_files(problem, plan).items():
        cal = Calendar.from_ical(data)
        events = cal.walk("VEVENT")
        expected = (
            len(plan.visits)
            if name == OFFICE_FILE
            else len([v for v in plan.visits if ics_filename(v.team_id) == name])
        )
        assert len(events) == expected
        assert "evil" not in {str(e["uid"]) for e in events}
        lines = data.decode("utf-8").split("\r\n")
        assert not any(ln.startswith(("X-INJECTED", "SUMMARY:evil", "UID:evil")) for ln in lines)
        assert "\x00" not in data.decode("utf-8")
        assert "\r\n" not in str(cal["x-wr-calname"]) and "\n" not in str(cal["x-wr-calname"])


def _ics_events(folder: Path) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for path in sorted(folder.glob("counselor-*.ics")):
        for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            out.setdefault(str(e["uid"]), []).append(e)
    return out


def test_replan_moves_and_cancels_in_the_counselors_calendars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`replan` with a counselor away and a center closed: the counselors' .ics files show each
    moved visit under its old UID with a higher SEQUENCE and each cancelled one as CANCELLED."""
    a = tmp_path / "a"
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
    rows = list(csv.DictReader((a / "schedule.csv").read_text(encoding="utf-8-sig").splitlines()))
    closed = next(r["center_id"] for r in rows if r["date"] >= "2026-12-15")
    b = tmp_path / "b"
    code, _, err = run_cli(
        [
            "replan",
            "--plan",
            str(a),
            "--from",
            "2026-12-10",
            "--unavailable",
            "1:2026-12-15..2026-12-17",
            "--closed",
            f"{closed}:2026-12-10..2026-12-31",
            "--out",
            str(b),
            "--time-limit",
            "20",
        ],
        capsys,
    )
    assert code == 0, err
    changes = list(csv.DictReader((b / "changes.csv").read_text(encoding="utf-8-sig").splitlines()))
    kinds = {c["change"] for c in changes}
    assert "cancelled" in kinds and kinds & {"moved", "reassigned"}
    old = {(e.site_id, e.team_id, e.date.isoformat()): e for e in previous_events(a)}
    new = _ics_events(b)
    for c in changes:
        if c["change"] == "added":
            continue
        before = old[(c["center_id"], c["old_counselor"], c["old_date"])]
        events = new[before.uid]  # the old UID is still there
        if c["change"] == "cancelled":
            assert [str(e["status"]) for e in events] == ["CANCELLED"]
            assert int(events[0]["sequence"]) > before.sequence
        else:
            live = [e for e in events if str(e["status"]) == "CONFIRMED"]
            assert len(live) == 1 and int(live[0]["sequence"]) > before.sequence
            assert live[0].decoded("dtstart").date().isoformat() == c["new_date"]
            assert str(live[0]["x-visitplan-counselor"]) == c["new_counselor"]
    # visits before --from are untouched, byte for byte
    unchanged = [e for e in previous_events(a) if e.date < dt.date(2026, 12, 10)]
    for e in unchanged:
        assert int(new[e.uid][0]["sequence"]) == 0
