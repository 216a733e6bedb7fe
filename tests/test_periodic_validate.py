"""The core validator catches each broken rule of a periodic routing plan.

Plans are built from 1-based ``(day, vehicle, customers)`` routes with
:func:`scheduler.periodic.plan_from_routes`, then checked by the project's one
validator, :func:`scheduler.core.validate.validate`, with no solver involved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pytest

from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.core.validate import validate
from scheduler.periodic import DAY_ZERO, plan_cost, plan_from_routes, read_cordeau


def tiny(
    max_duration: float | None = 30.0,
    vehicles: int = 1,
    capacity: int = 11,
    extra: tuple[str, ...] = (),
) -> Problem:
    """Two days, one vehicle of capacity 11 a day (by default), depot at (0, 0).

    1 at (3, 4): f = 1 on day 1 or 2; 2 at (-3, 4): f = 2 on both days;
    3 at (0, -5): optional (f = 0) on day 1 or 2. ``extra`` adds customer lines.
    """
    customers = ["1 3 4 1 4 1 2 2 1", "2 -3 4 1 4 2 1 3", "3 0 -5 0 3 0 2 2 1", *extra]
    limit = 0 if max_duration is None else max_duration
    text = (
        "\n".join(
            [
                f"1 {vehicles} {len(customers)} 2",
                f"{limit} {capacity}",
                f"{limit} {capacity}",
                "0 0 0 0 0 0 0",
                *customers,
            ]
        )
        + "\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny"
        path.write_text(text, encoding="utf-8")
        return read_cordeau(path)


def plan(problem: Problem, *spec: tuple[int, int, tuple[int, ...]]) -> Plan:
    return plan_from_routes(problem, spec)


def rules(problem: Problem, p: Plan) -> set[str]:
    return {v.rule for v in validate(problem, p)}


GOOD = ((1, 1, (1, 2)), (2, 1, (2,)))


def test_valid_plan_passes_and_cost_is_recomputed() -> None:
    problem = tiny()
    good = plan(problem, *GOOD)
    assert validate(problem, good) == []
    assert plan_cost(problem, good) == pytest.approx(5 + 6 + 5 + 10)


def test_optional_customer_may_be_visited_once_or_not_at_all() -> None:
    problem = tiny()
    visited = plan(problem, (1, 1, (1, 2)), (2, 1, (2, 3)))
    assert validate(problem, visited) == []
    twice = plan(problem, (1, 1, (3, 1, 2)), (2, 1, (2, 3)))
    violations = validate(problem, twice)
    assert {v.rule for v in violations} == {"day_pattern", "max_visits"}
    assert {v.site_id for v in violations} == {"3"}


def test_wrong_pattern() -> None:
    problem = tiny()
    bad = plan(problem, (1, 1, (1, 2)), (2, 1, (2, 1)))  # customer 1 on both days, f = 1
    violations = validate(problem, bad)
    assert {v.rule for v in violations} == {"day_pattern", "max_visits"}
    assert {v.site_id for v in violations} == {"1"}
    pattern = next(v for v in violations if v.rule == "day_pattern")
    assert pattern.message.startswith("1 is visited on")


def test_visit_on_a_day_outside_the_patterns() -> None:
    problem = tiny(extra=("4 1 1 0 1 1 1 2",))  # 4: f = 1, day 1 only
    assert validate(problem, plan(problem, (1, 1, (1, 2, 4)), (2, 1, (2,)))) == []
    moved = plan(problem, (1, 1, (1, 2)), (2, 1, (2, 4)))  # right count, wrong day
    violations = validate(problem, moved)
    assert [(v.rule, v.site_id) for v in violations] == [("day_pattern", "4")]
    assert "2001-01-02" in violations[0].message


def test_missing_visit() -> None:
    problem = tiny()
    bad = plan(problem, (1, 1, (1, 2)))  # customer 2 needs day 2 as well
    violations = validate(problem, bad)
    assert {v.rule for v in violations} == {"day_pattern", "min_visits"}
    assert {v.site_id for v in violations} == {"2"}


def test_never_visited_required_customer_is_missing() -> None:
    problem = tiny()
    violations = validate(problem, plan(problem, (1, 1, (2,)), (2, 1, (2,))))
    assert {v.rule for v in violations} == {"day_pattern", "min_visits"}
    assert {v.site_id for v in violations} == {"1"}
    assert "no day" in next(v for v in violations if v.rule == "day_pattern").message


def test_duplicate_visit_on_one_day() -> None:
    problem = tiny()
    bad = plan(problem, (1, 1, (1, 2)), (2, 1, (2, 2)))
    violations = validate(problem, bad)
    assert {v.rule for v in violations} == {"one_visit_per_center_day", "max_visits"}
    assert {v.site_id for v in violations} == {"2"}
    dup = next(v for v in violations if v.rule == "one_visit_per_center_day")
    assert dup.date == DAY_ZERO + dt.timedelta(days=1)


def test_duplicate_visit_across_two_routes_of_a_day() -> None:
    problem = tiny(vehicles=2)
    bad = plan(problem, (1, 1, (1, 2)), (1, 2, (2,)), (2, 1, (2,)))
    violations = validate(problem, bad)
    assert "one_visit_per_center_day" in {v.rule for v in violations}
    assert ("one_visit_per_center_day", "2", DAY_ZERO) in {
        (v.rule, v.site_id, v.date) for v in violations
    }


def test_capacity() -> None:
    spec = ((1, 1, (1, 2, 3)), (2, 1, (2,)))  # load 4 + 4 + 3 = 11 on day 1
    ok = tiny(capacity=11)
    assert validate(ok, plan(ok, *spec)) == []
    tight = tiny(capacity=10)
    violations = validate(tight, plan(tight, *spec))
    assert [v.rule for v in violations] == ["capacity"]
    assert "load of 11" in violations[0].message and "capacity 10" in violations[0].message
    assert (violations[0].date, violations[0].team_id) == (DAY_ZERO, "1")


def test_duration_includes_service_time() -> None:
    # day 1 route: travel 16 + service 2 = 18
    for limit in (18.0, None):
        problem = tiny(max_duration=limit)
        assert validate(problem, plan(problem, *GOOD)) == [], limit
    problem = tiny(max_duration=17.5)
    violations = validate(problem, plan(problem, *GOOD))
    assert [v.rule for v in violations] == ["route_duration"]
    assert violations[0].date == DAY_ZERO and "18" in violations[0].message


def test_vehicle_outside_the_fleet_is_refused() -> None:
    spec = ((1, 1, (1,)), (1, 2, (2,)), (2, 1, (2,)))
    with pytest.raises(ValueError, match="vehicle 2"):
        plan(tiny(vehicles=1), *spec)
    two = tiny(vehicles=2)
    assert validate(two, plan(two, *spec)) == []


def test_two_routes_on_one_vehicle_are_one_overlapping_route() -> None:
    problem = tiny(vehicles=2)
    bad = plan(problem, (1, 1, (1,)), (1, 1, (2,)), (2, 1, (2,)))
    found = rules(problem, bad)
    # both routes start at the depot at time 0: the merged route overlaps itself
    # and its second visit's recorded arrival, order and travel are wrong
    assert {"one_place_per_session", "recorded_arrival", "recorded_travel"} <= found
    assert validate(problem, plan(problem, (1, 1, (1, 2)), (2, 1, (2,)))) == []


def test_unknown_customer_and_bad_day() -> None:
    problem = tiny()
    with pytest.raises(ValueError, match=r"unknown customers \['9'\]"):
        plan(problem, (1, 1, (1, 2, 9)), (2, 1, (2,)))
    for day in (0, 3):
        with pytest.raises(ValueError, match=f"day {day}"):
            plan(problem, (day, 1, (1,)))
    # a plan built by other means is checked by the validator itself
    good = plan(problem, *GOOD)
    first, *rest = good.visits
    unknown = Plan((dataclasses.replace(first, site_id="9"), *rest))
    assert "unknown_center" in rules(problem, unknown)
    off_day = Plan(
        (*good.visits, dataclasses.replace(rest[-1], date=DAY_ZERO + dt.timedelta(days=5)))
    )
    assert "not_a_visit_day" in rules(problem, off_day)


def test_zero_length_route_of_a_customer_on_the_depot_counts_as_a_vehicle() -> None:
    on_depot = "4 0 0 0 11 1 1 2"  # a full vehicle's demand, on the depot, day 1 only
    two = tiny(vehicles=2, extra=(on_depot,))
    spec = ((1, 1, (4,)), (1, 2, (1, 2)), (2, 1, (2,)))
    good = plan(two, *spec)
    assert validate(two, good) == []
    assert plan_cost(two, good) == pytest.approx(26.0)
    one = tiny(vehicles=1, extra=(on_depot,))
    with pytest.raises(ValueError, match="vehicle 2"):  # one vehicle on day 1
        plan(one, *spec)
    merged = plan(one, (1, 1, (4, 1, 2)), (2, 1, (2,)))  # 11 + 4 + 4 > 11
    assert rules(one, merged) == {"capacity"}
