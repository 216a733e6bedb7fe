"""The PVRP benchmark script: JSON output, table, exit codes."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from scheduler.core.plan import Plan
from scheduler.core.validate import validate
from scheduler.errors import Conflict, InfeasibleError
from scheduler.periodic import plan_cost, plan_from_record, plan_record, read_cordeau
from scheduler.periodic.baseline import BaselineResult

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "pvrp"
P14 = DATA / "instances" / "p14"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("pvrp_bench", ROOT / "benchmarks" / "pvrp.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def spy_on_solve(bench, monkeypatch) -> list[Plan]:
    """Let the benchmark solve as usual, keeping the plans it got."""
    plans: list[Plan] = []
    real_solve = bench.solve

    def spied(problem, **kw):
        plans.append(real_solve(problem, **kw))
        return plans[-1]

    monkeypatch.setattr(bench, "solve", spied)
    return plans


def fmt(value: float) -> str:
    """Two decimals, as the table prints them (no "-0.00")."""
    text = f"{value:.2f}"
    return text.lstrip("-") if float(text) == 0 else text


def drop_first_visit(problem, plan: Plan) -> Plan:
    """``plan`` without the first customer of its first route (times recomputed)."""
    record = plan_record(problem, plan)
    first, *rest = record["routes"]
    first = {**first, "customers": first["customers"][1:]}
    return plan_from_record(problem, {**record, "routes": [first, *rest]})


def test_writes_json_and_table_with_bks_and_baseline(
    bench, tmp_path: Path, capsys, monkeypatch
) -> None:
    plans = spy_on_solve(bench, monkeypatch)
    out = tmp_path / "out"
    code = bench.main(
        [
            str(P14),
            "--time-limit",
            "1.5",
            "--out",
            str(out),
            "--bks",
            str(DATA / "bks.csv"),
            "--seed",
            "2",
        ]
    )
    assert code == 0
    record = json.loads((out / "p14.json").read_text())
    assert record["instance"] == "p14"
    assert {r["day"] for r in record["routes"]} <= {1, 2, 3, 4}
    assert all(r["vehicle"] in (1, 2) and 0 not in r["customers"] for r in record["routes"])
    problem = read_cordeau(P14)
    plan = plan_from_record(problem, record)
    assert validate(problem, plan) == []
    cost = plan_cost(problem, plan)
    assert record["cost"] == pytest.approx(cost)

    (solved,) = plans
    assert plan == dataclasses.replace(solved, info=plan.info)  # the JSON is the solver's plan
    bound = solved.info.bound
    assert 0.0 <= bound <= cost + 1e-9

    table = capsys.readouterr().out
    header = table.splitlines()[0]
    assert header.split() == [
        "instance",
        "cost",
        "BKS",
        "gap",
        "%",
        "seconds",
        "valid",
        "bound",
        "own",
        "gap",
        "%",
        "baseline",
        "ours/baseline",
    ]
    row = next(line for line in table.splitlines() if line.startswith("p14"))
    cells = row.split()
    cost = record["cost"]  # exactly what the table shows
    assert cells[:4] == ["p14", f"{cost:.2f}", "954.81", fmt(100 * (cost - 954.81) / 954.81)]
    assert cells[5:8] == ["yes", fmt(bound), fmt(100 * (cost - bound) / cost)]
    assert "ours/baseline" in table and "mean gap:" in table
    assert "mean gap to the solver's own lower bound" in table and "mean ours/baseline" in table
    own = fmt(100 * (cost - bound) / cost)  # p14 has 20 customers: it is in the small set
    assert f"instances up to 100 customers: {own} % over 1 instances" in table
    assert "load average (1, 5, 15 min) at start: " in table.splitlines()[-1]


def test_without_bks_and_baseline_columns_stay_empty(bench, tmp_path: Path, capsys) -> None:
    code = bench.main([str(P14), "--time-limit", "1", "--out", str(tmp_path), "--no-baseline"])
    assert code == 0
    table = capsys.readouterr().out
    assert "baseline" not in table and "mean gap:" not in table
    assert "mean gap to the solver's own lower bound" in table
    header, row = table.splitlines()[:2]
    assert header.split()[:4] == ["instance", "cost", "BKS", "gap"]
    # instance, cost, seconds, valid, bound, own gap: BKS and gap empty
    assert len(row.split()) == 6
    assert row.split()[3] == "yes"


def test_unreadable_instance_fails_loudly(bench, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken"
    broken.write_text("1 1 2 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 1 1 0 1 1 1 2\n")
    code = bench.main(
        [str(broken), "--time-limit", "1", "--out", str(tmp_path / "o"), "--no-baseline"]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "broken" in captured.err and "ends early" in captured.err
    assert "FAILED: broken" in captured.err
    assert "NO" in next(line for line in captured.out.splitlines() if line.startswith("broken"))
    assert not (tmp_path / "o").exists()


def test_invalid_solution_makes_the_exit_code_nonzero(
    bench, tmp_path: Path, monkeypatch, capsys
) -> None:
    real_solve = bench.solve

    def sabotaged(problem, **kw):
        plan = real_solve(problem, **kw)
        broken = drop_first_visit(problem, plan)  # a required visit goes missing
        info = dataclasses.replace(plan.info, objective=plan_cost(problem, broken))
        return Plan(visits=broken.visits, info=info)

    monkeypatch.setattr(bench, "solve", sabotaged)
    code = bench.main([str(P14), "--time-limit", "1", "--out", str(tmp_path), "--no-baseline"])
    assert code == 1
    err = capsys.readouterr().err
    assert "VALIDATION FAILED for p14: min_visits" in err
    assert "COST MISMATCH" not in err  # the cost matches the sabotaged plan
    assert "FAILED: p14" in err


def test_cost_mismatch_makes_the_exit_code_nonzero(
    bench, tmp_path: Path, monkeypatch, capsys
) -> None:
    real_solve = bench.solve

    def misreported(problem, **kw):
        plan = real_solve(problem, **kw)
        return dataclasses.replace(
            plan, info=dataclasses.replace(plan.info, objective=plan.info.objective - 1)
        )

    monkeypatch.setattr(bench, "solve", misreported)
    code = bench.main([str(P14), "--time-limit", "1", "--out", str(tmp_path), "--no-baseline"])
    assert code == 1
    err = capsys.readouterr().err
    assert "COST MISMATCH for p14" in err and "VALIDATION FAILED" not in err


def test_no_solution_is_reported_and_fails(bench, tmp_path: Path, monkeypatch, capsys) -> None:
    def infeasible(problem, **kw):
        raise InfeasibleError(
            [Conflict("time_limit", "없음", "No schedule was found in time.")], proven=False
        )

    monkeypatch.setattr(bench, "solve", infeasible)
    code = bench.main(
        [str(P14), "--time-limit", "1", "--out", str(tmp_path / "o"), "--no-baseline"]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "NO SOLUTION for p14: No schedule was found in time." in captured.err
    assert not (tmp_path / "o").exists()


def test_invalid_baseline_makes_the_exit_code_nonzero(
    bench, tmp_path: Path, monkeypatch, capsys
) -> None:
    real_baseline = bench.solve_baseline

    def sabotaged(problem, time_limit_s):
        result = real_baseline(problem, time_limit_s)
        broken = drop_first_visit(problem, result.plan)
        return dataclasses.replace(result, plan=broken, cost=plan_cost(problem, broken))

    monkeypatch.setattr(bench, "solve_baseline", sabotaged)
    code = bench.main([str(P14), "--time-limit", "1", "--out", str(tmp_path)])
    assert code == 1
    captured = capsys.readouterr()
    assert "VALIDATION FAILED for the baseline on p14: baseline invalid:" in captured.err
    row = next(line for line in captured.out.splitlines() if line.startswith("p14"))
    assert "NO" in row.split() and "baseline invalid:" in row


def test_failed_baseline_days_are_noted_but_not_a_failure(
    bench, tmp_path: Path, monkeypatch, capsys
) -> None:
    def failing(problem, time_limit_s):
        return BaselineResult(cost=None, plan=None, seconds=0.0, failed_days=(0, 2))

    monkeypatch.setattr(bench, "solve_baseline", failing)
    code = bench.main([str(P14), "--time-limit", "1", "--out", str(tmp_path)])
    assert code == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("p14"))
    assert "no solution on day(s) 1,3" in row
