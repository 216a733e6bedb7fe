"""End to end: ``visitplan plan`` on the real Jung-gu data, checked by the validator."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scheduler.core.validate import validate
from scheduler.district.replay import rebuild
from scheduler.district.schedule import read_schedule
from scheduler.output.schedule_csv import COLUMNS
from tests.conftest import DATA, run_cli

TOP10_BY_POPULATION = {
    "yaksu",
    "hwanghak",
    "dasan",
    "jungnim",
    "cheonggu",
    "sindang5",
    "donghwa",
    "sindang",
    "gwanghui",
    "jangchung",
}


def _rows(folder: Path) -> list[dict[str, str]]:
    raw = (folder / "schedule.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "schedule.csv must carry a UTF-8 BOM for Excel"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _revalidate(folder: Path) -> list[object]:
    built, _ = rebuild(folder)
    return validate(built.problem, read_schedule(folder / "schedule.csv", built.problem))


def test_one_counselor_december(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1 counselor, 1 visit a day: 10 visit days, 10 different centers chosen by population, proven
    optimal."""
    out = tmp_path / "plan"
    code, stdout, _ = run_cli(["plan", "--month", "2026-12", "--out", str(out)], capsys)
    assert code == 0
    rows = _rows(out)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 10
    assert {r["center_id"] for r in rows} == TOP10_BY_POPULATION
    assert sorted({r["date"] for r in rows}) == [r["date"] for r in rows]
    assert {r["weekday"] for r in rows} == {"화", "목"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "OPTIMAL" and summary["gap"] == 0
    assert summary["visits"] == 10 and summary["centers_covered"] == 10 and summary["slots"] == 10
    for key in (
        "period_start",
        "period_end",
        "counselors",
        "population_covered",
        "population_covered_pct",
        "travel_min_total",
        "objective",
        "bound",
        "solve_seconds",
    ):
        assert key in summary
    assert (out / "map.html").stat().st_size > 1000
    assert "최적" in stdout
    assert _revalidate(out) == []


def test_two_counselors_two_visits_cover_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """2 counselors × 2 visits a day cover all 15 centers with valid routes, proven optimal."""
    out = tmp_path / "plan"
    code, _, _ = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 0
    rows = _rows(out)
    assert {r["center_id"] for r in rows} >= TOP10_BY_POPULATION
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["centers_covered"] == 15 and summary["status"] == "OPTIMAL"
    assert {r["counselor"] for r in rows} == {"1", "2"}
    assert {r["weekday"] for r in rows} == {"Tue", "Thu"}
    # Second visits of a day start at 14:00 and record travel from the morning center.
    afternoon = [r for r in rows if r["order"] == "2"]
    assert afternoon and all(r["start"] == "14:00" and int(r["travel_min"]) > 0 for r in afternoon)
    # Travel total counts every leg, returns to base included.
    assert summary["travel_min_total"] > sum(int(r["travel_min"]) for r in rows)
    assert _revalidate(out) == []


def test_history_rotates_to_unvisited_centers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the 2022 schedule as history, the three centers it never visited come first."""
    out = tmp_path / "plan"
    code, _, _ = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--history",
            str(DATA / "seed_schedule_2022.csv"),
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0
    centers = {r["center_id"] for r in _rows(out)}
    assert {"sogong", "myeong", "euljiro"} <= centers  # absent from the 2022 schedule


def test_travel_matrix_override_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A measured travel time from the matrix file appears in the schedule."""
    matrix = tmp_path / "m.csv"
    matrix.write_text("from_id,to_id,minutes\nbase,yaksu,33\n", encoding="utf-8")
    out = tmp_path / "plan"
    code, _, _ = run_cli(
        ["plan", "--month", "2026-12", "--travel-matrix", str(matrix), "--out", str(out)], capsys
    )
    assert code == 0
    yaksu = [r for r in _rows(out) if r["center_id"] == "yaksu"]
    assert yaksu and all(r["travel_min"] == "33" for r in yaksu)


def test_existing_default_folder_gets_next_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out, a second run writes maps/<month>-v2 and leaves the first untouched."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(DATA)
    assert run_cli(["plan", "--month", "2026-12"], capsys)[0] == 0
    first = (tmp_path / "maps" / "2026-12" / "schedule.csv").read_bytes()
    assert run_cli(["plan", "--month", "2026-12", "--counselors", "2"], capsys)[0] == 0
    assert (tmp_path / "maps" / "2026-12-v2" / "schedule.csv").exists()
    assert (tmp_path / "maps" / "2026-12" / "schedule.csv").read_bytes() == first


def test_python_dash_m_runs_the_same_cli() -> None:
    """``python -m scheduler --help`` lists the plan command."""
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-m", "scheduler", "--help"], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0 and "plan" in res.stdout


CONFIG = DATA / "jung-gu.toml"


def test_bad_month_is_one_korean_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """``--month 2026-13``: one Korean line naming the option and the value, exit 2;
    ``--lang en`` gives the English one."""
    code, out, err = run_cli(["plan", "--month", "2026-13", "--config", str(CONFIG)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("오류: 옵션 --month")
    assert "'2026-13'" in err and "YYYY-MM" in err
    code, _, err = run_cli(
        ["plan", "--month", "2026-13", "--lang", "en", "--config", str(CONFIG)], capsys
    )
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error: option --month") and "not a month" in err and "'2026-13'" in err


@pytest.mark.parametrize(
    ("args", "ko", "en"),
    [
        (
            ["--counselors", "0"],
            "옵션 --counselors의 값 '0'",
            "option --counselors: '0' is not valid",
        ),
        (["--bogus"], "알 수 없는 옵션 '--bogus'", "no such option '--bogus'"),
        (["--month"], "옵션 --month에 값이 필요합니다", "option --month needs a value"),
        (["--tiles", "x", "extra"], "필요 없는 인수", "unexpected extra argument"),
    ],
)
def test_option_errors_are_one_line_in_the_language(
    args: list[str], ko: str, en: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """click's option errors: one line, no usage block, Korean by default, English with --lang
    en."""
    code, _, err = run_cli(["plan", *args], capsys)
    assert code == 2 and err.count("\n") == 1 and ko in err and "Usage" not in err, err
    code, _, err = run_cli(["plan", "--lang", "en", *args], capsys)
    assert code == 2 and err.count("\n") == 1 and en in err, err


def test_help_is_korean_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` in Korean (headings, commands, options); English with --lang en."""
    code, out, _ = run_cli(["--help"], capsys)
    assert code == 0 and "사용법:" in out and "명령" in out and "방문 일정을 계획" in out
    code, out, _ = run_cli(["plan", "--help"], capsys)
    assert code == 0 and "계획할 달" in out and "기본값" in out and "이 도움말을 보여 주고" in out
    code, out, _ = run_cli(["plan", "--help", "--lang", "en"], capsys)
    assert code == 0 and "Usage:" in out and "Month to plan" in out


def test_version_and_help_import_no_engine() -> None:
    """``--version`` and ``--help`` load neither the solver nor pandas or folium (fast start)."""
    import subprocess
    import sys

    script = (
        "import sys\nfrom scheduler.cli import main\n"
        "for args in (['--version'], ['--help'], ['plan', '--help']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('ortools', 'pandas', 'folium', 'rich', 'scheduler.solver')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_internal_error_is_one_line_exit_70(capsys: pytest.CaptureFixture[str]) -> None:
    """An unexpected exception (a bug) is one line and exit 70; --debug adds the traceback."""
    import click

    from scheduler.cli._common import run_guarded

    @click.group()
    def group() -> None:
        """A group with a command that fails unexpectedly."""

    @group.command("boom")
    def boom() -> None:
        raise RuntimeError("unexpected")

    assert run_guarded(group, ["boom"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("내부 오류: RuntimeError: unexpected")
    assert run_guarded(group, ["boom", "--debug"]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_names_and_korean_center_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Configured counselor names show in the terminal; a center closed by its Korean name is
    not visited that day; a counselor's leave by name is kept."""
    out_dir = tmp_path / "p"
    code, out, err = run_cli(
        [
            "plan",
            "--month",
            "2027-01",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--names",
            "김민지,이서준",
            "--closed",
            "명동:2027-01-21",
            "--leave",
            "이서준:2027-01-05",
            "--time-limit",
            "20",
            "--out",
            str(out_dir),
            "--config",
            str(CONFIG),
        ],
        capsys,
    )
    assert code == 0, err
    assert "김민지" in out and "이서준" in out and "명동주민센터" in out and "myeong" not in out
    rows = _rows(out_dir)
    assert not any(r["center_id"] == "myeong" and r["date"] == "2027-01-21" for r in rows)
    assert not any(r["counselor"] == "2" and r["date"] == "2027-01-05" for r in rows)
    inputs = json.loads((out_dir / "plan.json").read_text(encoding="utf-8"))
    assert ["myeong", "2027-01-21"] in inputs["extra_closures"] and inputs["counselor_names"][
        0
    ] == "김민지"
    code, _, err = run_cli(
        ["plan", "--month", "2027-01", "--closed", "없는동:2027-01-21", "--config", str(CONFIG)],
        capsys,
    )
    assert code == 2 and "알 수 없는 센터" in err and "없는동" in err
