"""The application layer: plain-value requests, one function each, outcomes with files."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from scheduler import app
from scheduler.app.resolve import resolve_center, resolve_counselor
from scheduler.core.problem import Team
from scheduler.core.validate import validate
from scheduler.district.centers import read_centers
from scheduler.errors import DataError, Interrupted
from tests.conftest import DATA

CONFIG = DATA / "jung-gu.toml"


def test_plan_request_from_plain_values(tmp_path: Path) -> None:
    """A web form's values make a plan: files in memory, nothing written until write_plan."""
    events: list[app.ProgressEvent] = []
    req = app.PlanRequest(
        month="2026-12",
        counselors=2,
        visits_per_day=2,
        counselor_names=("김민지", ""),
        leave=(("김민지", "2026-12-15..2026-12-17"),),
        closures=(("Hoehyeon-dong", "2026-12-10"),),
        config_path=CONFIG,
        time_limit_s=20,
    )
    outcome = app.plan(req, progress=events.append)
    assert validate(outcome.problem, outcome.plan) == [] and outcome.violations == ()
    assert outcome.summary["visits"] == len(outcome.plan.visits) and "map.html" in outcome.files
    assert outcome.problem.teams[0].name == "김민지"
    assert not any(v.team_id == "1" and v.date.day in (15, 16, 17) for v in outcome.plan.visits)
    assert not any(v.site_id == "hoehyeon" and v.date.day == 10 for v in outcome.plan.visits)
    kinds = [(e.kind, e.name) for e in events]
    assert kinds[0] == ("phase", "load") and ("phase", "render") in kinds
    assert any(k == "stage" for k, _ in kinds)
    folder = app.write_plan(outcome, tmp_path / "plan")
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8")) == outcome.summary
    assert (folder / "schedule.csv").read_bytes() == outcome.files["schedule.csv"]


def test_cancel_stops_before_solving(tmp_path: Path) -> None:
    """A set cancel flag raises Interrupted and nothing is written."""
    flag = threading.Event()
    flag.set()
    with pytest.raises(Interrupted):
        app.plan(app.PlanRequest(month="2026-12", config_path=CONFIG), cancel=flag)
    assert list(tmp_path.iterdir()) == []


def test_evaluate_and_export_through_the_app(tmp_path: Path) -> None:
    """evaluate a plan's schedule.csv: no violation and the plan's figures; export re-renders it."""
    outcome = app.plan(
        app.PlanRequest(month="2026-12", counselors=2, config_path=CONFIG, time_limit_s=20)
    )
    folder = app.write_plan(outcome, tmp_path / "plan")
    ev = app.evaluate(
        app.EvaluateRequest(schedule_path=folder / "schedule.csv", config_path=CONFIG)
    )
    assert ev.violations == ()
    figures = ev.evaluation.metrics.to_dict()
    assert {k: figures[k] for k in figures if k in outcome.summary} == {
        k: outcome.summary[k] for k in figures if k in outcome.summary
    }
    exported = app.export(app.ExportRequest(plan_dir=folder, lang="en"))
    assert "map.html" in exported.files and exported.plan.visits == outcome.plan.visits


def test_center_resolver_takes_ids_and_names() -> None:
    """One resolver: id, Korean dong or center name, English name; an unknown name fails."""
    sites = read_centers(DATA / "dong_centers.csv").sites
    for ref in (
        "hoehyeon",
        "회현동",
        "회현동주민센터",
        "Hoehyeon-dong",
        "hoehyeon-dong community center",
    ):
        assert resolve_center(sites, ref) == "hoehyeon", ref
    assert resolve_center(sites, "명동") == "myeong"  # center name 명동주민센터(임시청사)
    with pytest.raises(DataError) as e:
        resolve_center(sites, "회헌동")
    assert e.value.code == "app.center_unknown" and e.value.params["near"]


def test_counselor_resolver_takes_ids_and_names() -> None:
    """A configured name names its counselor; an unknown one lists the counselors."""
    teams = [Team("1", "김민지", "base"), Team("2", "", "base")]
    assert resolve_counselor(teams, "김민지") == "1" and resolve_counselor(teams, "2") == "2"
    with pytest.raises(DataError) as e:
        resolve_counselor(teams, "박")
    assert e.value.code == "app.counselor_unknown" and "김민지 (1)" in str(e.value)


def test_replan_takes_center_and_counselor_names(tmp_path: Path) -> None:
    """replan --closed 명동:… and --unavailable by a counselor's name resolve to ids; the
    new folder has the changes and the old one is untouched."""
    first = app.plan(
        app.PlanRequest(
            month="2027-01",
            counselors=2,
            visits_per_day=2,
            counselor_names=("김민지", "이서준"),
            config_path=CONFIG,
            time_limit_s=20,
        )
    )
    old = app.write_plan(first, tmp_path / "2027-01")
    before = {p.name: p.read_bytes() for p in old.iterdir() if p.is_file()}
    out = app.replan(
        app.ReplanRequest(
            plan_dir=old,
            since="2027-01-15",
            closed=(("명동", "2027-01-21"),),
            unavailable=(("이서준", "2027-01-19"),),
            time_limit_s=20,
        )
    )
    plan = out.result.plan
    assert not any(
        v.site_id == "myeong" and v.date.isoformat() == "2027-01-21" for v in plan.visits
    )
    assert not any(v.team_id == "2" and v.date.isoformat() == "2027-01-19" for v in plan.visits)
    assert "changes.csv" in out.files and out.problem.teams[1].name == "이서준"
    folder = app.write_replan(out)
    assert (
        folder != old and {p.name: p.read_bytes() for p in old.iterdir() if p.is_file()} == before
    )
