"""Benchmark solution records: plan <-> ``{"instance", "cost", "routes"}`` JSON."""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from pathlib import Path

import pytest

from scheduler.core.problem import Problem
from scheduler.core.validate import validate
from scheduler.periodic import (
    DAY_ZERO,
    plan_cost,
    plan_from_record,
    plan_from_routes,
    plan_record,
    read_cordeau,
)

# Two days, 2 vehicles of capacity 11, D = 30; depot (0, 0).
# 1 at (3, 4): f = 1 on day 1 or 2, service 1; 2 at (-3, 4): f = 2, service 1;
# 3 at (0, -5): optional; 4 on the depot, a full vehicle on day 1.
TINY = """\
1 2 4 2
30 11
30 11
0 0 0 0 0 0 0
1 3 4 1 4 1 2 2 1
2 -3 4 1 4 2 1 3
3 0 -5 0 3 0 2 2 1
4 0 0 0 11 1 1 2
"""

ROUTES = [(1, 1, [4]), (1, 2, [1, 2]), (2, 1, [2])]


@pytest.fixture(scope="module")
def tiny() -> Problem:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny"
        path.write_text(TINY, encoding="utf-8")
        return read_cordeau(path)


def test_record_uses_one_based_days_and_vehicles(tiny: Problem) -> None:
    record = plan_record(tiny, plan_from_routes(tiny, ROUTES))
    assert record["instance"] == "tiny"
    assert record["routes"] == [
        {"day": 1, "vehicle": 1, "customers": [4]},  # zero length, still a route
        {"day": 1, "vehicle": 2, "customers": [1, 2]},
        {"day": 2, "vehicle": 1, "customers": [2]},
    ]
    assert math.isclose(record["cost"], 26.0)


def test_record_round_trip_through_json(tiny: Problem) -> None:
    plan = plan_from_routes(tiny, ROUTES)
    record = json.loads(json.dumps(plan_record(tiny, plan)))
    assert plan_from_record(tiny, record) == plan
    record["cost"] = 1.0  # the recorded cost is not trusted
    again = plan_from_record(tiny, record)
    assert again == plan and plan_cost(tiny, again) == pytest.approx(26.0)


def test_routes_are_timed_from_the_start_of_the_day(tiny: Problem) -> None:
    plan = plan_from_routes(tiny, [(2, 2, ["1", "2"])])
    first, second = plan.visits
    date = DAY_ZERO + dt.timedelta(days=1)
    assert (first.date, first.team_id, first.site_id, first.order) == (date, "2", "1", 1)
    assert (first.arrive_min, first.start_min, first.end_min, first.travel_min) == (5, 5, 6, 5)
    assert (second.site_id, second.order) == ("2", 2)
    assert (second.arrive_min, second.start_min, second.end_min, second.travel_min) == (
        12,
        12,
        13,
        6,
    )
    assert plan_cost(tiny, plan) == pytest.approx(16.0)


def test_empty_routes_make_no_visits(tiny: Problem) -> None:
    plan = plan_from_routes(tiny, [(1, 1, []), *ROUTES])
    assert plan == plan_from_routes(tiny, ROUTES)
    assert plan_from_routes(tiny, []).visits == ()
    assert plan_cost(tiny, plan_from_routes(tiny, [])) == 0.0


@pytest.mark.parametrize(("day", "vehicle"), [(0, 1), (3, 1), (1, 0), (1, 3)])
def test_day_or_vehicle_outside_the_instance(tiny: Problem, day: int, vehicle: int) -> None:
    with pytest.raises(ValueError, match=f"day {day}, vehicle {vehicle}: outside"):
        plan_from_routes(tiny, [(day, vehicle, [1])])


def test_unknown_customer_in_a_record(tiny: Problem) -> None:
    record = {
        "instance": "tiny",
        "cost": 0,
        "routes": [{"day": 1, "vehicle": 1, "customers": [1, 0]}],
    }
    with pytest.raises(ValueError, match=r"unknown customers \['0'\]"):  # 0 is the depot
        plan_from_record(tiny, record)


def test_record_of_a_broken_plan_still_validates_as_broken(tiny: Problem) -> None:
    broken = plan_from_routes(tiny, [(1, 1, [4, 1]), (1, 2, [2]), (2, 1, [2])])
    record = plan_record(tiny, broken)
    assert [v.rule for v in validate(tiny, plan_from_record(tiny, record))] == ["capacity"]


def test_zero_time_stops_keep_their_route_order(tmp_path: Path) -> None:
    # 1 and 2 share (3, 4) and have no service time: route 2, 1, 3 is valid as it stands
    path = tmp_path / "same-place"
    path.write_text(
        "1 1 3 1\n0 10\n0 0 0 0 0 0 0\n1 3 4 0 1 1 1 1\n2 3 4 0 1 1 1 1\n3 6 8 1 1 1 1 1\n"
    )
    problem = read_cordeau(path)
    plan = plan_from_routes(problem, [(1, 1, [2, 1, 3])])
    assert plan_record(problem, plan)["routes"][0]["customers"] == [2, 1, 3]
    assert validate(problem, plan) == []
