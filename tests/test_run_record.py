"""A run's own record (latest solution, folders written): no state outlives or leaks out
of the run that made it."""

from __future__ import annotations

import threading
from pathlib import Path

from ortools.sat.python import cp_model

from scheduler.core.run import current_run, run_record
from scheduler.output.folder import write_folder, written
from scheduler.solver import interrupt


def _solve(stage: str) -> None:
    m = cp_model.CpModel()
    x = m.new_int_var(0, 5, "x")
    m.maximize(x)
    interrupt.solve_model(cp_model.CpSolver(), m, stage=stage, describe=lambda sv: (3, 2, 40))


def test_a_runs_solution_and_folders_stay_in_its_record(tmp_path: Path) -> None:
    assert current_run() is None
    with run_record() as first:
        _solve("demand")
        write_folder(tmp_path / "a", {"x.txt": b"1"})
        assert written() == [tmp_path / "a"]
        assert "3" in (interrupt.between_searches_message("en") or "")
    assert first.latest_solution == ("demand", (3, 2, 40))
    assert first.written == [tmp_path / "a"]
    # The next run starts empty: nothing of the first one reaches it.
    with run_record() as second:
        assert interrupt.between_searches_message("en") is None and written() == []
        _solve("travel")
    assert second.latest_solution == ("travel", (3, 2, 40)) and second.written == []
    assert first.latest_solution == ("demand", (3, 2, 40))
    # Outside a run nothing is recorded anywhere.
    _solve("balance")
    write_folder(tmp_path / "b", {"x.txt": b"1"})
    assert current_run() is None and written() == []
    assert interrupt.between_searches_message("en") is None


def test_another_thread_does_not_see_the_run() -> None:
    seen: list[object] = []
    with run_record():
        t = threading.Thread(target=lambda: seen.append(current_run()))
        t.start()
        t.join()
    assert seen == [None]
