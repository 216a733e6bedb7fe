"""The one metrics module: each figure's definition, checked on hand-made plans of the real data."""

from __future__ import annotations

import datetime as dt

from scheduler.core.metrics import compute_metrics, longest_wait_days, months_touched
from scheduler.core.plan import Plan, Visit
from tests.conftest import dec

#: Keys summary.json had before what-if/evaluate; they must stay.
ORIGINAL_KEYS = {
    "period_start",
    "period_end",
    "counselors",
    "slots",
    "visits",
    "centers",
    "centers_covered",
    "population_total",
    "population_covered",
    "population_covered_pct",
    "travel_min_total",
    "travel_min_per_visit",
    "visits_per_counselor_max",
    "visits_per_counselor_min",
    "max_days_between_visits",
    "visits_by_center",
    "visits_by_counselor",
    "travel_min_by_counselor",
}


def _visit(day: dt.date, team: str, site: str, start: int) -> Visit:
    return Visit(day, 1, team, site, 1, start - 10, start, start + 120, 0)


def test_longest_wait_counts_from_start_and_to_end() -> None:
    """The wait is the longest run of visit-free days, including before the first and after the last
    visit."""
    start, end = dec(1), dec(31)
    assert longest_wait_days([], start, end) == 31
    assert longest_wait_days([dec(1)], start, end) == 30
    assert longest_wait_days([dec(31)], start, end) == 30
    assert longest_wait_days([dec(16)], start, end) == 15
    assert longest_wait_days([dec(1), dec(8), dec(15), dec(22), dec(29)], start, end) == 6
    assert longest_wait_days([dec(3), dec(3), dec(20)], start, end) == 16
    assert (
        longest_wait_days([dt.date(2026, 11, 30)], start, end) == 31
    )  # outside the period: ignored


def test_months_touched() -> None:
    """Calendar months a period touches: whole months and partial ones alike."""
    assert months_touched(dec(1), dec(31)) == 1
    assert months_touched(dec(1), dt.date(2027, 1, 31)) == 2
    assert months_touched(dt.date(2022, 6, 7), dt.date(2022, 7, 14)) == 2
    assert months_touched(dt.date(2026, 1, 15), dt.date(2026, 12, 15)) == 12


def test_metrics_of_a_hand_made_plan(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """Travel includes the base legs, coverage is by population, waits per center match the
    maximum."""
    problem = build_jungu(counselors=2, visits_per_day=2).problem
    t = problem.travel
    visits = (
        _visit(dec(1), "1", "pil", 600),
        _visit(dec(1), "1", "yaksu", 840),
        _visit(dec(3), "2", "dasan", 600),
        _visit(dec(8), "1", "pil", 600),
    )
    m = compute_metrics(problem, Plan(visits=visits))
    expected_travel = (
        t("base", "pil")
        + t("pil", "yaksu")
        + t("yaksu", "base")
        + 2 * t("base", "dasan")
        + 2 * t("base", "pil")
    )
    assert m.travel_min_total == expected_travel
    assert m.travel_min_by_counselor == {
        "1": expected_travel - 2 * t("base", "dasan"),
        "2": 2 * t("base", "dasan"),
    }
    assert m.travel_min_per_visit == round(expected_travel / 4, 2)
    assert (m.visits, m.centers, m.centers_covered) == (4, 15, 3)
    pops = {s.id: s.weight for s in problem.sites}
    assert m.population_covered == pops["pil"] + pops["yaksu"] + pops["dasan"]
    assert m.population_covered_pct == round(100 * m.population_covered / sum(pops.values()), 2)
    assert (m.visits_per_counselor_max, m.visits_per_counselor_min) == (3, 1)
    assert m.wait_days_by_center["pil"] == 23  # 9..31 December after the visit on the 8th
    assert m.wait_days_by_center["sogong"] == 31  # never visited: the whole period
    assert m.max_days_between_visits == max(m.wait_days_by_center.values()) == 31
    assert (m.period_days, m.months, m.slots) == (31, 1, problem.slots())


def test_metrics_keep_every_original_key(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """Extending the metrics only adds keys: every key summary.json had is still there."""
    problem = build_jungu().problem
    d = compute_metrics(problem, Plan(visits=())).to_dict()
    assert set(d) >= ORIGINAL_KEYS
    assert {"period_days", "months", "wait_days_by_center"} <= set(d)
    assert (
        d["visits"] == 0 and d["travel_min_per_visit"] == 0.0 and d["max_days_between_visits"] == 31
    )
