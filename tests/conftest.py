"""Shared fixtures: the project's real Jung-gu data and a CLI runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.district.build import Built, Options, build_problem
from scheduler.district.calendar import month_period
from scheduler.district.config import DistrictConfig, load_config

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def _own_database(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own empty database: never the developer's real one."""
    monkeypatch.setenv("VISITPLAN_DB", str(tmp_path_factory.mktemp("db") / "visitplan.db"))


@pytest.fixture(scope="session")
def jungu_config() -> DistrictConfig:
    """The district config shipped in data/."""
    return load_config(DATA / "jung-gu.toml")


@pytest.fixture(scope="session")
def build_jungu(jungu_config: DistrictConfig) -> Callable[..., Built]:
    """Build a Jung-gu problem for a month with the given staffing."""

    def make(
        month: str = "2026-12", counselors: int = 1, visits_per_day: int = 1, **kw: object
    ) -> Built:
        start, end = month_period(month)
        return build_problem(
            jungu_config,
            Options(
                start, end, counselors=counselors, visits_per_day=visits_per_day, label=month, **kw
            ),
        )  # type: ignore[arg-type]

    return make


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``visitplan ARGS`` in-process; return (exit code, stdout, stderr)."""
    from scheduler.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def dec(day: int) -> dt.date:
    """A date in December 2026."""
    return dt.date(2026, 12, day)


def write_plan(out: Path, *args: str) -> Path:
    """Run ``visitplan plan ARGS --out OUT`` in-process, assert it succeeded, return OUT."""
    from scheduler.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["plan", *args, "--out", str(out)])
    assert exc.value.code == 0
    return out
