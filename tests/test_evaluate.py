"""``visitplan evaluate``: figures and broken rules of any schedule, through the real CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from scheduler.district.build import Options, build_problem
from scheduler.district.config import load_config
from tests.conftest import DATA, REPO, run_cli

CONFIG = DATA / "jung-gu.toml"
SEED = DATA / "seed_schedule_2022.csv"
FILES = REPO / "tests" / "data" / "evaluate"


def _json(stdout: str) -> dict[str, object]:
    """The whole stdout must be exactly one JSON object."""
    doc = json.loads(stdout)
    assert isinstance(doc, dict)
    return doc


def _travel(start: str, end: str, routes: list[list[str]]) -> int:
    """Minutes of base → centers → base routes under the project's travel model."""
    p = build_problem(
        load_config(CONFIG), Options(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    ).problem
    total = 0
    for route in routes:
        stops = ["base", *route, "base"]
        total += sum(p.travel(a, b) for a, b in itertools.pairwise(stops))
    return total


def test_seed_schedule_2022_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The district's 2022 schedule: 12 visits, 12 centers, no broken rule, travel from the
    model."""
    code, out, _ = run_cli(
        [
            "evaluate",
            str(SEED),
            "--json",
            "--config",
            str(CONFIG),
            "--start",
            "2022-06-07",
            "--end",
            "2022-07-14",
        ],
        capsys,
    )
    assert code == 0
    doc = _json(out)
    assert doc["visits"] == 12 and doc["centers_covered"] == 12 and doc["violations"] == []
    assert (doc["period_start"], doc["period_end"]) == ("2022-06-07", "2022-07-14")
    centers = [line.split(",")[1] for line in SEED.read_text(encoding="utf-8").splitlines()[1:]]
    assert doc["travel_min_total"] == _travel("2022-06-07", "2022-07-14", [[c] for c in centers])
    assert doc["travel_min_total"] == 442
    assert doc["status"] == "HAND-MADE" and doc["counselors"] == 1 and doc["slots"] == 12
    for key in (
        "population_covered_pct",
        "max_days_between_visits",
        "travel_min_per_visit",
        "visits_per_counselor_max",
        "visits_by_center",
    ):
        assert key in doc


def test_holiday_and_double_visit_are_both_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """A visit on New Year's Day and a center listed twice on one day give two violations and exit
    1."""
    code, out, _ = run_cli(
        [
            "evaluate",
            str(FILES / "holiday_and_double.csv"),
            "--json",
            "--lang",
            "en",
            "--config",
            str(CONFIG),
        ],
        capsys,
    )
    assert code == 1
    got = [(v["rule"], v["date"], v["center_id"]) for v in _json(out)["violations"]]  # type: ignore[union-attr]
    assert got == [
        ("public_holiday", "2026-01-01", "pil"),
        ("one_visit_per_center_day", "2026-01-08", "dasan"),
    ]
    messages = [v["message"] for v in _json(out)["violations"]]  # type: ignore[union-attr]
    assert "New Year" in messages[0] and "2 times" in messages[1]


def test_weekday_gap_and_unknown_center(capsys: pytest.CaptureFixture[str]) -> None:
    """A Wednesday visit, a revisit after two days and a misspelt center id are each reported, in
    Korean by default."""
    code, out, _ = run_cli(
        ["evaluate", str(FILES / "three_rules.csv"), "--config", str(CONFIG)], capsys
    )
    assert code == 1
    # each rule as a Korean sentence, never its code (the codes are in the JSON below)
    assert "min_days_between_visits" not in out and "not_a_visit_weekday" not in out
    assert "규칙 위반 3건" in out
    code, out, _ = run_cli(
        ["evaluate", str(FILES / "three_rules.csv"), "--json", "--config", str(CONFIG)], capsys
    )
    doc = _json(out)
    assert [(v["rule"], v["date"], v["center_id"]) for v in doc["violations"]] == [  # type: ignore[union-attr]
        ("min_days_between_visits", "2026-12-03", "pil"),
        ("not_a_visit_weekday", "2026-12-09", "yaksu"),
        ("unknown_center", "2026-12-10", "pill"),
    ]
    messages = [str(v["message"]) for v in doc["violations"]]  # type: ignore[union-attr]
    assert "7일보다 가깝습니다" in messages[0] and "방문 요일" in messages[1]
    assert "알 수 없는 센터 ID 'pill'" in messages[2]
    assert (
        doc["visits"] == 5 and doc["centers_covered"] == 3
    )  # the unknown id is a visit but not a center


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("no_date_column.csv", "missing column"),
        ("impossible_date.csv", "impossible date"),
        ("broken_encoding.csv", "UTF-8"),
    ],
)
def test_unreadable_schedule_is_bad_input(
    name: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that cannot be read as a schedule exits 2 with a message naming it, and prints nothing
    on stdout."""
    code, out, err = run_cli(
        ["evaluate", str(FILES / name), "--json", "--lang", "en", "--config", str(CONFIG)], capsys
    )
    assert code == 2
    assert out == ""
    assert name in err and words in err


def test_start_times_order_the_route(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Routes follow the start column (not file order); without start, file order gives the
    sessions."""
    with_start = tmp_path / "with_start.csv"
    with_start.write_text(
        "date,center_id,counselor,start\n"
        "2026-12-01,jungnim,1,15:30\n2026-12-01,pil,1,09:30\n2026-12-01,sogong,1,13:00\n"
        "2026-12-01,yaksu,2,09:30\n",
        encoding="utf-8",
    )  # every start is a 3-session start
    code, out, _ = run_cli(["evaluate", str(with_start), "--json", "--config", str(CONFIG)], capsys)
    assert code == 0
    doc = _json(out)
    by_start = _travel("2026-12-01", "2026-12-01", [["pil", "sogong", "jungnim"], ["yaksu"]])
    by_file = _travel("2026-12-01", "2026-12-01", [["jungnim", "pil", "sogong"], ["yaksu"]])
    assert by_start != by_file  # so the check below can tell the two orders apart
    assert doc["travel_min_total"] == by_start
    assert doc["counselors"] == 2 and doc["visits_per_day"] == 3
    assert doc["visits_by_counselor"] == {"1": 3, "2": 1}

    no_start = tmp_path / "no_start.csv"
    no_start.write_text(
        "date,center_id,counselor\n2026-12-01,jungnim,1\n2026-12-01,pil,1\n2026-12-01,sogong,1\n"
        "2026-12-01,yaksu,2\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["evaluate", str(no_start), "--json", "--config", str(CONFIG)], capsys)
    doc = _json(out)
    assert doc["travel_min_total"] == by_file
    # the clock is checked like any plan's: 중림동 first, at 09:30, cannot be reached from base
    assert code == 1
    assert [(v["rule"], v["center_id"]) for v in doc["violations"]] == [("route_fits", "jungnim")]


def test_a_plans_own_schedule_has_the_plans_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Evaluating a plan's schedule.csv breaks no rule and gives every figure of its
    summary.json."""
    folder = tmp_path / "plan"
    code, _, _ = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--visits-per-day",
            "2",
            "--time-limit",
            "10",
            "--out",
            str(folder),
            "--config",
            str(CONFIG),
        ],
        capsys,
    )
    assert code == 0
    code, out, _ = run_cli(
        ["evaluate", str(folder / "schedule.csv"), "--json", "--config", str(CONFIG)], capsys
    )
    assert code == 0
    doc = _json(out)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    shared = sorted(k for k in summary if k in doc and k != "status")
    assert {
        "visits",
        "travel_min_total",
        "max_days_between_visits",
        "population_covered_pct",
        "slots",
        "visits_by_counselor",
        "wait_days_by_center",
    } <= set(shared)
    assert {k: doc[k] for k in shared} == {k: summary[k] for k in shared}
    assert doc["violations"] == []


def test_compare_solves_the_same_period(capsys: pytest.CaptureFixture[str]) -> None:
    """--compare shows the 2022 schedule beside the optimized plan for 2022-06-07..2022-07-14."""
    period = ["--start", "2022-06-07", "--end", "2022-07-14"]
    code, out, _ = run_cli(
        [
            "evaluate",
            str(SEED),
            "--compare",
            "--lang",
            "en",
            "--time-limit",
            "10",
            "--config",
            str(CONFIG),
            *period,
        ],
        capsys,
    )
    assert code == 0
    assert "This schedule" in out and "Optimized plan" in out and "Difference" in out
    assert "Tue 7 Jun 2022" in out and "Thu 14 Jul" in out
    assert "Day by day" in out
    code, out, _ = run_cli(
        [
            "evaluate",
            str(SEED),
            "--compare",
            "--json",
            "--time-limit",
            "10",
            "--config",
            str(CONFIG),
            *period,
        ],
        capsys,
    )
    doc = _json(out)
    opt = doc["compare"]["optimized"]  # type: ignore[index]
    assert (opt["period_start"], opt["period_end"]) == ("2022-06-07", "2022-07-14")
    assert (
        opt["counselors"] == 1 and opt["visits"] == 12 and opt["status"] in ("OPTIMAL", "FEASIBLE")
    )
    diff = doc["compare"]["difference"]  # type: ignore[index]
    assert diff["visits"] == opt["visits"] - doc["visits"]
    assert diff["travel_min_total"] == opt["travel_min_total"] - doc["travel_min_total"]
    assert len(doc["compare"]["optimized_visits"]) == 12  # type: ignore[index]


def test_one_counselor_in_two_places_is_a_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counselor 1 at 황학동 and at 중림동, both 10:00 on 2027-01-05: the core validator's
    one-place-per-session rule is broken, exit 1 (the old evaluator said "no rule broken")."""
    clash = tmp_path / "clash.csv"
    clash.write_text(
        "date,center_id,counselor,start\n2027-01-05,hwanghak,1,10:00\n2027-01-05,jungnim,1,10:00\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["evaluate", str(clash), "--json", "--config", str(CONFIG)], capsys)
    assert code == 1
    doc = _json(out)
    assert [(v["rule"], v["date"]) for v in doc["violations"]] == [  # type: ignore[union-attr]
        ("one_place_per_session", "2027-01-05")
    ]
    assert "황학동주민센터" in str(doc["violations"][0]["message"])  # type: ignore[index]
    assert (doc["period_start"], doc["period_end"]) == ("2027-01-01", "2027-01-31")  # its month
    code, out, _ = run_cli(["evaluate", str(clash), "--config", str(CONFIG)], capsys)
    assert code == 1 and "규칙 위반 1건" in out and "one_place_per_session" not in out


def test_a_start_time_matching_no_session_is_a_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A visit at 10:30 fits none of the configured sessions: one 'session' violation, not a
    new session count; the other visit's 10:00 picks the sessions."""
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "date,center_id,counselor,start\n2026-12-01,pil,1,10:00\n2026-12-03,yaksu,1,10:30\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        ["evaluate", str(odd), "--json", "--lang", "en", "--config", str(CONFIG)], capsys
    )
    assert code == 1
    doc = _json(out)
    rules = [(v["rule"], v["center_id"]) for v in doc["violations"]]  # type: ignore[union-attr]
    assert ("session", "yaksu") in rules and all(c == "yaksu" for _, c in rules)
    assert "10:30" in str(doc["violations"][0]["message"])  # type: ignore[index]


def test_period_option_and_outside_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--month sets the period; a row outside it is reported and not counted."""
    code, out, _ = run_cli(
        ["evaluate", str(SEED), "--json", "--month", "2022-06", "--config", str(CONFIG)], capsys
    )
    doc = _json(out)
    assert code == 1 and (doc["period_start"], doc["period_end"]) == ("2022-06-01", "2022-06-30")
    outside = [v for v in doc["violations"] if v["rule"] == "outside_period"]  # type: ignore[union-attr]
    assert outside and all(str(v["date"]).startswith("2022-07") for v in outside)
    assert doc["visits"] == 12 - len(outside)
