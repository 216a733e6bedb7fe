"""The solver-free PVRP validator catches each broken rule."""

from __future__ import annotations

import math

import pytest

from scheduler.periodic import (
    Customer,
    DayRules,
    Depot,
    PeriodicInstance,
    Route,
    Solution,
    validate,
)


def tiny(max_duration: float | None = 30.0, vehicles: int = 1,
         capacity: int = 11) -> PeriodicInstance:
    """Two days, one vehicle of capacity 11 a day (by default).

    1: f = 1 on day 1 or 2; 2: f = 2 on both days; 3: optional (f = 0).
    """
    day = DayRules(vehicles=vehicles, capacity=capacity, max_duration=max_duration)
    return PeriodicInstance(
        name="tiny",
        depot=Depot(0.0, 0.0),
        customers=(
            Customer(1, 3.0, 4.0, service=1.0, demand=4, frequency=1,
                     patterns=(frozenset({0}), frozenset({1}))),
            Customer(2, -3.0, 4.0, service=1.0, demand=4, frequency=2,
                     patterns=(frozenset({0, 1}),)),
            Customer(3, 0.0, -5.0, service=0.0, demand=3, frequency=0,
                     patterns=(frozenset({0}), frozenset({1}))),
        ),
        days=(day, day),
    )


def routes(*spec: tuple[int, int, tuple[int, ...]]) -> Solution:
    return Solution(tuple(Route(day=d, vehicle=v, customers=c) for d, v, c in spec))


GOOD = routes((0, 0, (1, 2)), (1, 0, (2,)))


def test_valid_solution_passes_and_cost_is_recomputed() -> None:
    report = validate(tiny(), GOOD)
    assert report.ok, report.violations
    assert report.cost == pytest.approx(5 + 6 + 5 + 10)
    assert GOOD.cost(tiny()) == pytest.approx(report.cost)


def test_optional_customer_may_be_visited_once_or_not_at_all() -> None:
    visited = routes((0, 0, (1, 2)), (1, 0, (2, 3)))
    assert validate(tiny(), visited).ok
    twice = routes((0, 0, (3, 1, 2)), (1, 0, (2, 3)))
    assert validate(tiny(), twice).kinds() == {"wrong-pattern"}


def test_wrong_pattern() -> None:
    bad = routes((0, 0, (1, 2)), (1, 0, (2, 1)))  # customer 1 on both days, f = 1
    report = validate(tiny(), bad)
    assert report.kinds() == {"wrong-pattern"}
    assert "customer 1" in report.violations[0].message


def test_missing_visit() -> None:
    bad = routes((0, 0, (1, 2)))  # customer 2 needs day 2 as well
    report = validate(tiny(), bad)
    assert report.kinds() == {"missing-visit"}
    assert "customer 2" in report.violations[0].message


def test_never_visited_required_customer_is_missing() -> None:
    report = validate(tiny(), routes((0, 0, (2,)), (1, 0, (2,))))
    assert report.kinds() == {"missing-visit"}
    assert "customer 1" in report.violations[0].message


def test_duplicate_visit_on_one_day() -> None:
    bad = routes((0, 0, (1, 2)), (1, 0, (2, 2)))
    report = validate(tiny(), bad)
    assert report.kinds() == {"duplicate-visit"}
    assert "customer 2" in report.violations[0].message


def test_duplicate_visit_across_two_routes_of_a_day() -> None:
    bad = routes((0, 0, (1, 2)), (0, 1, (2,)), (1, 0, (2,)))
    assert "duplicate-visit" in validate(tiny(vehicles=2), bad).kinds()


def test_capacity() -> None:
    bad = routes((0, 0, (1, 2, 3)), (1, 0, (2,)))  # load 4 + 4 + 3 = 11
    assert validate(tiny(capacity=11), bad).ok
    report = validate(tiny(capacity=10), bad)
    assert report.kinds() == {"capacity"}
    assert "load 11" in report.violations[0].message


def test_duration_includes_service_time() -> None:
    # day 1 route: travel 16 + service 2 = 18
    assert validate(tiny(max_duration=18.0), GOOD).ok
    assert validate(tiny(max_duration=17.5), GOOD).kinds() == {"duration"}
    assert validate(tiny(max_duration=None), GOOD).ok


def test_too_many_vehicles_on_a_day() -> None:
    bad = routes((0, 0, (1,)), (0, 1, (2,)), (1, 0, (2,)))
    assert validate(tiny(vehicles=1), bad).kinds() == {"vehicles"}
    assert validate(tiny(vehicles=2), bad).ok


def test_two_routes_on_one_vehicle() -> None:
    bad = routes((0, 0, (1,)), (0, 0, (2,)), (1, 0, (2,)))
    assert "vehicles" in validate(tiny(vehicles=2), bad).kinds()


def test_unknown_customer_and_bad_day() -> None:
    bad = routes((0, 0, (1, 2, 9)), (1, 0, (2,)), (5, 0, (1,)))
    kinds = validate(tiny(), bad).kinds()
    assert {"unknown-customer", "route-index"} <= kinds


def test_zero_length_route_of_a_customer_on_the_depot_counts_as_a_vehicle() -> None:
    base = tiny()
    on_depot = Customer(4, 0.0, 0.0, service=0.0, demand=11, frequency=1,
                        patterns=(frozenset({0}),))
    inst = PeriodicInstance(name="q", depot=base.depot, customers=base.customers + (on_depot,),
                            days=base.days)
    sol = routes((0, 0, (4,)), (0, 1, (1, 2)), (1, 0, (2,)))
    assert validate(inst, sol).kinds() == {"vehicles"}  # one vehicle on day 1
    report = validate(PeriodicInstance(name="q", depot=base.depot, customers=inst.customers,
                                       days=(DayRules(2, 11, 30.0),) * 2), sol)
    assert report.ok
    assert report.cost == pytest.approx(26.0)


def test_json_round_trip_uses_one_based_days() -> None:
    record = GOOD.to_json("tiny", tiny())
    assert record["routes"][0] == {"day": 1, "vehicle": 1, "customers": [1, 2]}
    assert math.isclose(record["cost"], 26.0)
    assert Solution.from_json(record) == GOOD
