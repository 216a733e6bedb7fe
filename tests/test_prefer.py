"""The solver's "prefer" stage: ``evaluate --compare`` keeps the district's dates where the
optimum ties, without giving up demand or travel."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace

import pytest

from scheduler.analysis.evaluate import evaluate_file
from scheduler.core.plan import Plan
from scheduler.core.validate import validate
from scheduler.district.config import load_config
from scheduler.solver import solve
from tests.conftest import DATA, run_cli

CONFIG = DATA / "jung-gu.toml"
SEED = DATA / "seed_schedule_2022.csv"
START, END = dt.date(2022, 6, 7), dt.date(2022, 7, 14)


def _pairs(plan: Plan) -> set[tuple[str, dt.date]]:
    return {(v.site_id, v.date) for v in plan.visits}


def _stage(plan: Plan, name: str) -> float:
    return next(s.objective for s in plan.info.stages if s.name == name)


def test_compare_keeps_the_district_dates(capsys: pytest.CaptureFixture[str]) -> None:
    """Both plans visit the same 12 centers at the same travel; the optimized one now
    visits each on the district's date (before the prefer stage: 2 of 12)."""
    code, out, _ = run_cli(
        [
            "evaluate",
            str(SEED),
            "--compare",
            "--json",
            "--time-limit",
            "20",
            "--config",
            str(CONFIG),
            "--start",
            START.isoformat(),
            "--end",
            END.isoformat(),
        ],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    with SEED.open(encoding="utf-8-sig") as f:
        district = {(r["center_id"], r["date"]) for r in csv.DictReader(f)}
    optimized = {(v["center_id"], v["date"]) for v in doc["compare"]["optimized_visits"]}
    date_of = dict(district)
    both = {c for c, _ in optimized} & set(date_of)
    assert len(both) == 12
    assert {c: d for c, d in optimized if c in both} == {c: date_of[c] for c in both}
    opt = doc["compare"]["optimized"]
    assert opt["travel_min_total"] == doc["travel_min_total"] == 442
    stages = {s["name"]: s for s in opt["stages"]}
    assert list(stages) == ["demand", "travel", "prefer", "balance"]
    assert stages["prefer"]["objective"] == 12 and stages["prefer"]["status"] == "OPTIMAL"


def test_prefer_holds_demand_and_travel() -> None:
    """With and without ``prefer``: the same demand and travel; with it, at least as
    many visits on the reference's (site, date) pairs, and the plan is valid."""
    ev = evaluate_file(load_config(CONFIG), SEED, start=START, end=END)
    plain = solve(ev.problem, time_limit_s=20)
    kept = solve(ev.problem, time_limit_s=20, prefer=ev.plan)
    assert validate(ev.problem, kept) == []
    assert _stage(kept, "demand") == _stage(plain, "demand")
    assert _stage(kept, "travel") == _stage(plain, "travel")
    ref = _pairs(ev.plan)
    assert len(_pairs(kept) & ref) == 12 > len(_pairs(plain) & ref)
    assert "prefer" not in [s.name for s in plain.info.stages]


def test_prefer_shifted_by_a_week_still_holds_the_optimum() -> None:
    """A reference whose dates fit no optimal plan at all (every visit a day later,
    on Wednesdays and Fridays, no visit days) changes nothing: the plain plan's figures, 0 kept."""
    ev = evaluate_file(load_config(CONFIG), SEED, start=START, end=END)
    shifted = Plan(
        visits=tuple(replace(v, date=v.date + dt.timedelta(days=1)) for v in ev.plan.visits),
        info=ev.plan.info,
    )
    plain = solve(ev.problem, time_limit_s=20)
    kept = solve(ev.problem, time_limit_s=20, prefer=shifted)
    assert _stage(kept, "prefer") == 0
    assert _stage(kept, "travel") == _stage(plain, "travel")
    assert kept.visits == plain.visits
