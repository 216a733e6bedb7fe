"""schedule.xlsx, counselor-<id>.ics, the notices and the export command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from share_fixtures import hostile_case, load_boundaries, make_plan, make_problem, real_case

from scheduler.core.plan import Plan
from scheduler.output.ics import ics_filename, write_ics_files
from scheduler.output.map import render_map
from scheduler.output.notice import notice_text, write_notices
from scheduler.output.xlsx import FONT_NAME, SHEET_NAMES, SHEETS, display_width, write_xlsx
from tests.conftest import run_cli, write_plan

STAMP = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
SEOUL = ZoneInfo("Asia/Seoul")


# --------------------------------------------------------------------------
# schedule.xlsx
# --------------------------------------------------------------------------
def test_xlsx_has_the_four_sheets_with_real_dates(tmp_path: Path) -> None:
    """Sheets calendar, by_counselor, by_center, summary; dates and times are typed cells."""
    problem, plan = real_case()
    path = write_xlsx(problem, plan, tmp_path / "schedule.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEET_NAMES["ko"]) == ["일정", "상담사별", "센터별", "요약"]
    cal = wb["일정"]
    assert cal.max_row == len(plan.visits) + 1
    first = [c.value for c in cal[2]]
    assert first[0] == dt.datetime(2026, 12, 1) and cal["A2"].number_format == "yyyy-mm-dd"
    assert first[1] == "화"
    assert first[8] == dt.time(10, 0) and cal["I2"].number_format == "hh:mm"
    assert cal.freeze_panes == "A2"
    assert [c.value for c in cal[1]][:4] == ["날짜", "요일", "상담사 ID", "상담사"]


def test_xlsx_keeps_hangul_and_sizes_columns(tmp_path: Path) -> None:
    """Korean text is intact and each column is at least as wide as its longest text."""
    problem, plan = real_case()
    wb = load_workbook(write_xlsx(problem, plan, tmp_path / "s.xlsx"))
    ws = wb["일정"]
    centers = {ws.cell(row=r, column=7).value for r in range(2, ws.max_row + 1)}
    assert "회현동주민센터" in centers
    width_g = ws.column_dimensions["G"].width
    assert width_g >= display_width("을지로동주민센터(임시청사)")
    assert ws.column_dimensions["B"].width < width_g


def test_xlsx_by_counselor_and_by_center(tmp_path: Path) -> None:
    """by_counselor groups visits per counselor; by_center counts every center's visits."""
    problem, plan = real_case()
    wb = load_workbook(write_xlsx(problem, plan, tmp_path / "s.xlsx"))
    ids = [r[2] for r in wb["상담사별"].iter_rows(min_row=2, values_only=True)]
    assert ids == sorted(ids) and len(ids) == len(plan.visits)
    rows = list(wb["센터별"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(problem.sites)
    assert sum(r[4] for r in rows) == len(plan.visits)
    summary = {r[0]: r[1] for r in wb["요약"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert summary["방문 수"] == len(plan.visits)
    assert summary["계획 상태"] == "최적(증명됨)"


def test_xlsx_english_headers(tmp_path: Path) -> None:
    """lang='en' gives English headers and center names."""
    problem, plan = real_case()
    wb = load_workbook(write_xlsx(problem, plan, tmp_path / "s.xlsx", "en"))
    assert wb.sheetnames == list(SHEETS)
    assert [c.value for c in wb["calendar"][1]][:2] == ["Date", "Weekday"]
    assert wb["calendar"]["B2"].value == "Tue"
    assert "Sogong-dong Community Center" in [c.value for c in wb["calendar"]["G"]]


def test_xlsx_guards_formulas_and_keeps_hostile_text(tmp_path: Path) -> None:
    """Data text that starts a formula gets an apostrophe; no cell is a formula."""
    problem, plan = hostile_case()
    wb = load_workbook(write_xlsx(problem, plan, tmp_path / "h.xlsx"))
    values = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in values)
    texts = {c.value for c in values}
    assert '\'=HYPERLINK("http://example.invalid","클릭")' in texts
    assert "'+1+1" in texts and "'-2+3 센터" in texts and "'@SUM(A1:A2)" in texts
    assert "<script>window.__pwned=1</script>센터" in texts
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)


def test_xlsx_prints_landscape_fit_to_width_in_malgun_gothic(tmp_path: Path) -> None:
    """Every sheet: 맑은 고딕, landscape A4, one page wide, header row on every page;
    the same plan gives the same bytes."""
    problem, plan = real_case()
    path = write_xlsx(problem, plan, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.name == FONT_NAME == "맑은 고딕" and ws["A1"].font.bold
        assert ws["A2"].font.name == FONT_NAME
    time.sleep(1.1)  # openpyxl stamps zip entries and "modified" with the clock: never shipped
    again = write_xlsx(problem, plan, tmp_path / "t.xlsx")
    assert again.read_bytes() == path.read_bytes()


def test_xlsx_of_empty_plan(tmp_path: Path) -> None:
    """An empty plan still gives all four sheets."""
    problem = make_problem()
    wb = load_workbook(write_xlsx(problem, Plan(()), tmp_path / "e.xlsx"))
    assert wb.sheetnames == list(SHEET_NAMES["ko"]) and wb["일정"].max_row == 1


# --------------------------------------------------------------------------
# counselor-<id>.ics
# --------------------------------------------------------------------------
def _events(path: Path) -> list:  # type: ignore[type-arg]
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def test_one_ics_per_counselor_with_one_event_per_visit(tmp_path: Path) -> None:
    """counselor-1.ics and counselor-2.ics hold exactly their counselor's visits."""
    problem, plan = real_case()
    paths = write_ics_files(problem, plan, tmp_path, stamp=STAMP)
    assert [p.name for p in paths] == ["counselor-1.ics", "counselor-2.ics", "all-visits.ics"]
    for path, tid in zip(paths[:2], ("1", "2"), strict=True):
        events = _events(path)
        assert len(events) == sum(1 for v in plan.visits if v.team_id == tid)
    office = _events(paths[2])
    assert len(office) == len(plan.visits)
    assert {str(e["uid"]) for e in office} == {str(e["uid"]) for p in paths[:2] for e in _events(p)}
    assert "(상담사 1)" in str(office[0]["summary"])
    assert "전체 방문 일정" in str(Calendar.from_ical(paths[2].read_bytes())["x-wr-calname"])


def test_ics_times_are_seoul_with_vtimezone(tmp_path: Path) -> None:
    """DTSTART/DTEND are the session times in Asia/Seoul and the file carries a VTIMEZONE."""
    problem, plan = real_case()
    path = write_ics_files(problem, plan, tmp_path, stamp=STAMP)[0]
    text = path.read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Seoul" in text
    assert "DTSTART;TZID=Asia/Seoul:20261201T100000" in text
    first = _events(path)[0]
    start = first.decoded("dtstart")
    assert start == dt.datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert first.decoded("dtend") == dt.datetime(2026, 12, 1, 12, 0, tzinfo=SEOUL)


def test_ics_location_and_travel_description(tmp_path: Path) -> None:
    """LOCATION is name and address, GEO the center's point; DESCRIPTION gives the departure
    from the base and the minutes from the previous stop."""
    problem, plan = real_case()
    events = _events(write_ics_files(problem, plan, tmp_path, stamp=STAMP)[0])
    first, second = events[0], events[1]
    assert str(first["location"]) == "소공동주민센터, 서울특별시 중구 남대문로1길 31-5"
    sogong = problem.sites[0]
    geo = first["geo"]
    assert (round(geo.latitude, 6), round(geo.longitude, 6)) == (
        round(sogong.lat, 6),
        round(sogong.lon, 6),
    )
    v1, v2 = [v for v in plan.visits if v.team_id == "1"][:2]
    leave = v1.arrive_min - v1.travel_min
    assert f"중구청에서 {leave // 60:02d}:{leave % 60:02d} 출발, 이동 {v1.travel_min}분" in str(
        first["description"]
    )
    assert str(first["status"]) == "CONFIRMED" and int(first["sequence"]) == 0
    assert f"소공동주민센터에서 이동 {v2.travel_min}분" in str(second["description"])


def test_ics_uids_are_stable_and_unique(tmp_path: Path) -> None:
    """UIDs depend only on date, counselor and center: the same across runs and stamps."""
    problem, plan = real_case()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_ics_files(problem, plan, tmp_path / "a", stamp=STAMP)
    b = write_ics_files(problem, plan, tmp_path / "b", stamp=STAMP + dt.timedelta(days=3))
    uids_a = [str(e["uid"]) for p in a[:-1] for e in _events(p)]
    uids_b = [str(e["uid"]) for p in b[:-1] for e in _events(p)]
    assert uids_a == uids_b
    assert len(set(uids_a)) == len(plan.visits)
    assert a[0].read_bytes() != b[0].read_bytes()  # only DTSTAMP differs
    assert a[0].read_bytes().replace(b"20261120T090000Z", b"") == b[0].read_bytes().replace(
        b"20261123T090000Z", b""
    )


def test_ics_same_center_twice_a_day_keeps_uids_unique(tmp_path: Path) -> None:
    """Two sessions at one center on one day still get two distinct UIDs."""
    problem = make_problem(counselors=1)
    plan = make_plan(problem, days=1)
    v1, v2 = plan.visits
    twice = Plan((v1, dataclasses.replace(v2, site_id=v1.site_id)))
    events = _events(write_ics_files(problem, twice, tmp_path, stamp=STAMP)[0])
    assert len({str(e["uid"]) for e in events}) == 2


def test_ics_hostile_text_round_trips_and_ids_make_safe_file_names(tmp_path: Path) -> None:
    """Payload text comes back unchanged; a counselor id like '../evil id' stays inside the
    folder."""
    problem, plan = hostile_case()
    paths = write_ics_files(problem, plan, tmp_path, stamp=STAMP)
    assert all(p.parent == tmp_path for p in paths)
    assert paths[1].name == ics_filename("../evil id") and "/" not in paths[1].name[1:]
    events = [e for p in paths[:-1] for e in _events(p)]
    assert len(events) == len(plan.visits)
    summaries = {str(e["summary"]) for e in events}
    assert "일자리 상담: <script>window.__pwned=1</script>센터" in summaries
    locations = {str(e["location"]) for e in events}
    assert '"><svg onload=window.__pwned=1>, "; window.__pwned=1; "' in locations


def test_no_ics_for_counselor_without_visits(tmp_path: Path) -> None:
    """A counselor with no visit gets no file."""
    problem = make_problem(counselors=3)
    plan = Plan(tuple(v for v in make_plan(problem).visits if v.team_id != "3"))
    assert [p.name for p in write_ics_files(problem, plan, tmp_path, stamp=STAMP)] == [
        "counselor-1.ics",
        "counselor-2.ics",
        "all-visits.ics",
    ]


# --------------------------------------------------------------------------
# notices
# --------------------------------------------------------------------------
def test_korean_notice_lists_dates_in_order_with_id_card_and_hours(tmp_path: Path) -> None:
    """notice.ko.txt: `12월 1일(화) 소공동주민센터` lines in date order, ID card, hours."""
    problem, plan = real_case()
    paths = write_notices(problem, plan, tmp_path)
    assert [p.name for p in paths] == ["notice.ko.txt", "notice.en.txt"]
    text = paths[0].read_bytes().decode("utf-8")
    assert "12월 1일(화) 소공동주민센터" in text
    lines = [ln for ln in text.splitlines() if ln.startswith("- ")]
    assert len(lines) == len(plan.visits)
    days = [int(ln.split("월 ")[1].split("일")[0]) for ln in lines]
    assert days == sorted(days)
    assert "신분증" in text and "10:00~12:00, 14:00~16:00" in text
    assert "상담사 1" not in text  # the public notice names no counselor


def test_english_notice(tmp_path: Path) -> None:
    """notice.en.txt is English with the Korean name beside the English one."""
    problem, plan = real_case()
    text = write_notices(problem, plan, tmp_path)[1].read_text(encoding="utf-8")
    assert "Tue 1 Dec Sogong-dong Community Center (소공동주민센터)" in text
    assert "ID card" in text and "10:00–12:00" in text


def test_notice_keeps_each_visit_on_one_line() -> None:
    """A name with line breaks (even U+2028) cannot add lines to the notice."""
    problem, plan = hostile_case()
    text = notice_text(problem, plan)
    assert "\u2028" not in text and "\u2029" not in text
    assert len([ln for ln in text.splitlines() if ln.startswith("- ")]) == len(plan.visits)


def test_notice_without_visits() -> None:
    """An empty plan says there are no visits."""
    assert "방문 일정이 없습니다" in notice_text(make_problem(), Plan(()))


# --------------------------------------------------------------------------
# the export command
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real plan folder written by `visitplan plan` (December 2026, 2 counselors, 2 visits a
    day)."""
    out = tmp_path_factory.mktemp("plans") / "2026-12"
    write_plan(out, "--month", "2026-12", "--counselors", "2", "--visits-per-day", "2")
    return out


def test_export_files_has_every_export() -> None:
    """export_files gives every shared file plus schedule.csv and summary.json."""
    from scheduler.output.bundle import export_files

    problem, plan = real_case()
    files = export_files(problem, plan, boundaries=load_boundaries(), stamp=STAMP)
    names = sorted({name.split("/")[0] for name in files})
    assert names == [
        "all-visits.ics",
        "counselor-1.ics",
        "counselor-2.ics",
        "map.html",
        "month.pdf",
        "notice.en.txt",
        "notice.ko.txt",
        "plan.geojson",
        "posters",
        "schedule.csv",
        "schedule.xlsx",
        "summary.json",
    ]
    assert sorted(n for n in files if n.startswith("posters/")) == sorted(
        f"posters/{s.id}.pdf" for s in problem.sites
    )
    assert files["map.html"] == render_map(problem, plan, boundaries=load_boundaries()).encode(
        "utf-8"
    )


def test_export_rerenders_a_plan_folder_without_solving(
    plan_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`visitplan export PLAN_DIR --out DIR` rebuilds every file; the Korean map equals the plan's
    own."""
    out = tmp_path / "again"
    code, stdout, err = run_cli(["export", str(plan_dir), "--out", str(out)], capsys)
    assert code == 0, err
    assert "내보냄" in stdout
    listed = sorted(p.name for p in out.iterdir() if p.name != "visitplan-manifest.json")
    assert listed == [
        "all-visits.ics",
        "counselor-1.ics",
        "counselor-2.ics",
        "map.html",
        "month.pdf",
        "notice.en.txt",
        "notice.ko.txt",
        "plan.geojson",
        "plan.json",  # the inputs travel along: an export folder exports again
        "posters",
        "schedule.csv",
        "schedule.xlsx",
        "summary.json",
    ]
    # the calendars continue the plan's own: same bytes (same UIDs, sequences, stamps)
    for name in ("counselor-1.ics", "all-visits.ics", "plan.geojson", "schedule.csv"):
        assert (out / name).read_bytes() == (plan_dir / name).read_bytes(), name
    assert (out / "map.html").read_bytes() == (plan_dir / "map.html").read_bytes()
    assert (out / "notice.ko.txt").read_bytes() == (plan_dir / "notice.ko.txt").read_bytes()
    wb = load_workbook(out / "schedule.xlsx")
    assert wb["일정"].max_row == load_workbook(plan_dir / "schedule.xlsx")["일정"].max_row


def test_export_switches_language_and_tiles(
    plan_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang en and --tiles osm change the re-rendered map."""
    out = tmp_path / "en"
    code, stdout, err = run_cli(
        ["export", str(plan_dir), "--lang", "en", "--tiles", "osm", "--out", str(out)], capsys
    )
    assert code == 0, err
    html = (out / "map.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "tile.openstreetmap.org" in html
    assert "exported" in stdout


def test_export_default_folder_is_new(plan_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out the files go to <PLAN_DIR>-export (then -export-2), never into the plan
    folder."""
    before = sorted(p.name for p in plan_dir.iterdir())
    first = plan_dir.parent / f"{plan_dir.name}-export"
    second = plan_dir.parent / f"{plan_dir.name}-export-2"
    for expected in (first, second):
        code, _, err = run_cli(["export", str(plan_dir)], capsys)
        assert code == 0, err
        assert expected.is_dir() and (expected / "map.html").is_file()
    assert sorted(p.name for p in plan_dir.iterdir()) == before


def test_export_refuses_non_empty_out(
    plan_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing non-empty --out is refused (exit 2) and left untouched."""
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = run_cli(["export", str(plan_dir), "--out", str(out)], capsys)
    assert code == 2 and "--out" in err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_export_bad_tiles_writes_nothing(
    plan_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad --tiles is a clear error (exit 2) and no folder appears."""
    code, _, err = run_cli(
        ["export", str(plan_dir), "--tiles", "google", "--out", str(tmp_path / "x")], capsys
    )
    assert code == 2 and "tiles" in err
    assert list(tmp_path.iterdir()) == []


def test_export_of_a_folder_without_schedule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that holds no plan is a clear error (exit 2)."""
    code, _, err = run_cli(["export", str(tmp_path)], capsys)
    assert code == 2 and "schedule.csv" in err


def test_default_out_dir_never_reuses_a_folder(tmp_path: Path) -> None:
    """The default output folder is new: -export, then -export-2, …"""
    from scheduler.cli.export import default_out_dir

    plan = tmp_path / "2026-12"
    plan.mkdir()
    assert default_out_dir(plan) == tmp_path / "2026-12-export"
    (tmp_path / "2026-12-export").mkdir()
    assert default_out_dir(plan) == tmp_path / "2026-12-export-2"


def test_notice_uses_the_configs_apply_text_and_contact(plan_dir: Path) -> None:
    """[notice] apply_ko/apply_en replace the built-in sentence; [contact] is listed last."""
    problem, plan = real_case()
    text = notice_text(
        problem, plan, apply="신분증을 가지고\r\n오세요", contact=("중구청", "", "02-1")
    )
    lines = text.splitlines()
    assert "신분증을 가지고 오세요" in lines
    assert lines[-3:] == ["■ 문의", "중구청", "02-1"]
    ko = (plan_dir / "notice.ko.txt").read_text(encoding="utf-8")
    assert "사전 예약 없이 현장 접수합니다." in ko  # data/jung-gu.toml [notice] apply_ko
    assert "중구 일자리플러스센터" in ko and "https://www.junggu.seoul.kr" in ko
    en = (plan_dir / "notice.en.txt").read_text(encoding="utf-8")
    assert "No appointment needed." in en and "Jung-gu Job Plus Center" in en
