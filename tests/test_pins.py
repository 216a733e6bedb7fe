"""Pinned visits: a ``--pins`` CSV or ``[[pins]]`` config entries stay exactly as given."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from scheduler.core.validate import validate
from scheduler.district.replay import rebuild
from scheduler.district.schedule import read_schedule
from tests.conftest import DATA, run_cli


def _rows(folder: Path) -> list[dict[str, str]]:
    return list(
        csv.DictReader((folder / "schedule.csv").read_text(encoding="utf-8-sig").splitlines())
    )


def _config_with(tmp_path: Path, extra: str) -> Path:
    """A copy of the shipped config (its data files linked beside it) with ``extra`` TOML
    appended."""
    folder = tmp_path / "cfg"
    folder.mkdir()
    for f in DATA.iterdir():
        if f.is_file() and f.name != "jung-gu.toml":
            (folder / f.name).symlink_to(f)
    shutil.copy(DATA / "jung-gu.toml", folder / "jung-gu.toml")
    with open(folder / "jung-gu.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + extra)
    return folder / "jung-gu.toml"


def test_pins_file_keeps_each_pinned_visit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pins by session number and by start time (as in a schedule.csv) appear exactly so, and the
    folder revalidates."""
    pins = tmp_path / "pins.csv"
    pins.write_text(
        "center_id,date,counselor,session,start\n"
        "myeong,2026-12-01,2,1,\n"
        "pil,2026-12-03,,,14:00\n"
        "sogong,2027-01-05,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan"
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--pins",
            str(pins),
            "--out",
            str(out),
            "--time-limit",
            "20",
        ],
        capsys,
    )
    assert code == 0, err
    rows = _rows(out)
    assert any(
        r["center_id"] == "myeong"
        and r["date"] == "2026-12-01"
        and r["counselor"] == "2"
        and r["start"] == "10:00"
        for r in rows
    )
    assert any(
        r["center_id"] == "pil" and r["date"] == "2026-12-03" and r["start"] == "14:00"
        for r in rows
    )
    built, inputs = rebuild(out)
    assert inputs["pins"] == str(pins.resolve())
    assert len(built.problem.pins) == 2  # the January row is outside the period
    assert validate(built.problem, read_schedule(out / "schedule.csv", built.problem)) == []


def test_config_pins_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A [[pins]] entry of the config puts its center on its date with its counselor."""
    config = _config_with(
        tmp_path, '[[pins]]\ncenter = "hoehyeon"\ndate = "2026-12-22"\ncounselor = "2"\n'
    )
    out = tmp_path / "plan"
    code, _, err = run_cli(
        [
            "plan",
            "--config",
            str(config),
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    rows = _rows(out)
    assert [(r["date"], r["counselor"]) for r in rows if r["center_id"] == "hoehyeon"] == [
        ("2026-12-22", "2")
    ]


def test_pin_on_a_leave_day_exits_3_naming_counselor_center_and_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A visit pinned to counselor 2 on a day of their leave has no plan, and the message says
    who, where and when."""
    config = _config_with(
        tmp_path,
        '[[counselors]]\nid = "2"\nleave = ["2026-12-15"]\n\n'
        '[[pins]]\ncenter = "hoehyeon"\ndate = "2026-12-15"\ncounselor = "2"\n',
    )
    code, _, err = run_cli(
        [
            "plan",
            "--config",
            str(config),
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--out",
            str(tmp_path / "plan"),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 3
    assert "Counselor 2" in err and "hoehyeon" in err and "2026-12-15" in err
    assert not (tmp_path / "plan").exists()


def test_pins_file_with_unknown_center_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown center id in the pins file exits 2 naming the file, row and closest id."""
    pins = tmp_path / "pins.csv"
    pins.write_text("center_id,date\nmyeongg,2026-12-01\n", encoding="utf-8")
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--pins",
            str(pins),
            "--out",
            str(tmp_path / "p"),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 2
    assert "pins.csv" in err and "row 2" in err and "myeong" in err
    code, _, err = run_cli(  # Korean by default, with the same file, row and closest id
        ["plan", "--month", "2026-12", "--pins", str(pins), "--out", str(tmp_path / "p")], capsys
    )
    assert code == 2
    assert "pins.csv" in err and "2행" in err and "myeong" in err
