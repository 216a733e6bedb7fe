"""The time limit bounds the whole command: reading and building count, not only the solve.

A command's limit runs from the start of its run (``scheduler.core.run``); building the
travel times of thousands of centers is cut off at the deadline with a line saying how far
it got, and the solver's deadline counts from the same start while its deterministic work
caps stay functions of the limit alone.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from scheduler import app
from scheduler.core.run import command_started, current_run, outside_run, run_record
from scheduler.core.travel import travel_matrix
from scheduler.errors import InfeasibleError
from scheduler.solver import solve
from tests.conftest import DATA, REPO

CONFIG = DATA / "jung-gu.toml"


def _points(n: int, seed: int = 1) -> dict[str, tuple[float, float]]:
    rng = random.Random(seed)
    return {f"c{i}": (37.45 + 0.2 * rng.random(), 126.85 + 0.3 * rng.random()) for i in range(n)}


def test_a_run_record_knows_when_it_started() -> None:
    assert command_started() is None and current_run() is None
    before = time.perf_counter()
    with run_record() as record:
        assert before <= record.started <= time.perf_counter()
        assert command_started() == record.started
    assert command_started() is None


def test_a_server_is_no_run_its_jobs_are() -> None:
    """``visitplan serve`` runs its server outside the command's run, so a job started
    an hour later does not inherit the server's start (each job opens its own record;
    the web tests plan through such jobs)."""
    with run_record() as server_command:
        server_command.started -= 3600
        with outside_run():
            assert command_started() is None
            with run_record() as job:
                assert command_started() == job.started > server_command.started
        assert command_started() == server_command.started


def test_travel_matrix_past_its_deadline_says_how_far_it_got() -> None:
    with pytest.raises(InfeasibleError) as exc:
        travel_matrix(_points(50), deadline=time.perf_counter() - 1, time_limit_s=5)
    err = exc.value
    assert not err.proven and err.conflicts[0].rule == "time_limit"
    assert "50곳" in err.message("ko") and "5초" in err.message("ko")
    en = err.message("en")
    assert "50 places" in en and "0% done" in en and "--travel-matrix" in en


def test_a_deadline_in_time_changes_no_minute() -> None:
    pts = _points(40)
    later = time.perf_counter() + 3600
    assert travel_matrix(pts, "car", deadline=later) == travel_matrix(pts, "car")


def test_a_plan_whose_time_ran_out_before_building_is_refused_not_built() -> None:
    """The chain app → build → travel uses the run's start: a run that began an hour
    ago with a 5 s limit gets the time-limit answer before any minute is computed."""
    req = app.PlanRequest(month="2026-12", config_path=CONFIG, time_limit_s=5)
    with run_record() as record:
        record.started -= 3600
        with pytest.raises(InfeasibleError) as exc:
            app.plan(req)
    assert not exc.value.proven and "--time-limit" in exc.value.message("en")


def test_solver_deadline_from_an_earlier_start_keeps_the_plan(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """Only the deadline moves with ``started``: with time to spare, the plan is the
    same as when the limit starts at the solve (the work caps do not depend on it)."""
    problem = build_jungu("2026-12", counselors=2, visits_per_day=2).problem
    now = solve(problem, time_limit_s=30, seed=0)
    earlier = solve(problem, time_limit_s=30, seed=0, started=time.perf_counter() - 3)
    assert earlier.visits == now.visits
    assert replace(earlier.info, seconds=0, stages=()) == replace(now.info, seconds=0, stages=())
    assert [(s.name, s.status, s.objective) for s in earlier.info.stages] == [
        (s.name, s.status, s.objective) for s in now.info.stages
    ]


def test_thousands_of_centers_end_within_the_limit_with_one_line(tmp_path: Path) -> None:
    """The issue's case: a big centers file and ``--time-limit 2`` ends in about 2 s with
    one line naming the time limit and the way out, exit 3, and no plan folder."""
    centers = tmp_path / "centers.csv"
    rows = [
        f"c{i},동{i},Dong{i},센터{i},서울,{lat:.5f},{lon:.5f},1000"
        for i, (lat, lon) in enumerate(_points(2_000).values())
    ]
    centers.write_text(
        "id,dong_ko,dong_en,center_name_ko,address_ko,lat,lon,population\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "scheduler", "plan", "--config", str(CONFIG), "--month",
         "2027-01", "--centers", str(centers), "--time-limit", "2", "--out", str(out),
         "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "2,001 places" in lines[0] and "--time-limit" in lines[0]
    assert "--travel-matrix" in lines[0]
    assert not out.exists()
    # Unbounded, these 2 million pairs take minutes; the generous bound only catches that.
    assert wall < 30, wall
