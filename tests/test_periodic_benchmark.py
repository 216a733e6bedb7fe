"""The PVRP benchmark script: JSON output, table, exit codes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from scheduler.periodic import Solution, read_cordeau, validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "pvrp"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("pvrp_bench", ROOT / "benchmarks" / "pvrp.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_writes_json_and_table_with_bks_and_baseline(bench, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = bench.main([str(DATA / "instances" / "p14"), "--time-limit", "1.5",
                       "--out", str(out), "--bks", str(DATA / "bks.csv"), "--seed", "2"])
    assert code == 0
    record = json.loads((out / "p14.json").read_text())
    assert record["instance"] == "p14"
    assert {r["day"] for r in record["routes"]} <= {1, 2, 3, 4}
    assert all(r["vehicle"] in (1, 2) and 0 not in r["customers"] for r in record["routes"])
    instance = read_cordeau(DATA / "instances" / "p14")
    report = validate(instance, Solution.from_json(record))
    assert report.ok
    assert record["cost"] == pytest.approx(report.cost)

    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("p14"))
    assert "954.81" in row and f"{report.cost:.2f}" in row
    assert "ours/baseline" in table and "mean gap" in table


def test_without_bks_and_baseline_columns_stay_empty(bench, tmp_path: Path, capsys) -> None:
    code = bench.main([str(DATA / "instances" / "p14"), "--time-limit", "1",
                       "--out", str(tmp_path), "--no-baseline"])
    assert code == 0
    table = capsys.readouterr().out
    assert "baseline" not in table and "mean gap" not in table
    header, row = table.splitlines()[:2]
    assert header.split()[:4] == ["instance", "cost", "BKS", "gap"]
    assert len(row.split()) == 4  # instance, cost, seconds, valid: BKS and gap empty


def test_unreadable_instance_fails_loudly(bench, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken"
    broken.write_text("1 1 2 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 1 1 1 2\n")
    code = bench.main([str(broken), "--time-limit", "1", "--out", str(tmp_path / "o"),
                       "--no-baseline"])
    assert code == 1
    err = capsys.readouterr().err
    assert "broken" in err and "ends early" in err


def test_invalid_solution_makes_the_exit_code_nonzero(bench, tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    real_solve = bench.solve

    def sabotaged(instance, time_limit_s, seed=0):
        result = real_solve(instance, time_limit_s, seed=seed)
        first, *rest = result.solution.routes
        broken = Solution((first.__class__(first.day, first.vehicle, first.customers[1:]),
                           *rest))
        return result.__class__(cost=broken.cost(instance), solution=broken,
                                lower_bound=None, seconds=result.seconds,
                                iterations=result.iterations)

    monkeypatch.setattr(bench, "solve", sabotaged)
    code = bench.main([str(DATA / "instances" / "p14"), "--time-limit", "1",
                       "--out", str(tmp_path), "--no-baseline"])
    assert code == 1
    assert "VALIDATION FAILED" in capsys.readouterr().err
