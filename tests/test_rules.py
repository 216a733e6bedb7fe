"""The rule arithmetic of ``scheduler/core/rules.py``, and the models that share it.

Each rule's arithmetic is defined once; these tests pin it down on small cases and
show that the solve, replan and explain models, built from the same rule builders,
agree with the validator on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.core import rules
from scheduler.core.plan import Plan
from scheduler.core.problem import Pin
from scheduler.core.validate import validate
from scheduler.errors import InfeasibleError
from scheduler.solver import solve
from scheduler.solver._graph import day_groups, open_sites
from scheduler.solver._model import Scope
from scheduler.solver._routes import routes_by_group
from scheduler.solver.explain import explain_infeasible
from tests.test_solver import TUE, make, weekly

D0 = dt.date(2026, 12, 1)


@given(st.sets(st.integers(0, 40), max_size=12), st.integers(1, 9))
@settings(max_examples=80, deadline=None)
def test_gap_windows_are_exactly_the_spacing_rule(offsets: set[int], gap: int) -> None:
    """Every pair of dates closer than the gap lies in one window, no window holds a pair that is
    not, and
    the most dates one can pick with one per window is the greedy count."""
    dates = sorted(D0 + dt.timedelta(days=o) for o in offsets)
    windows = rules.gap_windows(dates, gap)
    for a, b in combinations(dates, 2):
        assert rules.too_close(a, b, gap) == any(a in w and b in w for w in windows)
    best = max(
        (
            len(pick)
            for n in range(len(dates) + 1)
            for pick in combinations(dates, n)
            if all(not rules.too_close(a, b, gap) for a, b in combinations(pick, 2))
        ),
        default=0,
    )
    assert rules.max_spaced_days(dates, gap) == best


def test_spacing_counts_the_last_visit_before_the_period() -> None:
    """A visit 3 days after the last one before the period breaks a 7-day gap; one in the period's
    own
    history does not count as before the period."""
    problem = make(
        {"a": 1}, weekly(3), last_visit={"a": TUE - dt.timedelta(days=3)}, has_history=True
    )
    assert rules.spacing_breaches(problem, "a", [TUE]) == [(TUE - dt.timedelta(days=3), TUE)]
    assert not rules.history_allows(problem, "a", TUE)
    assert rules.history_allows(problem, "a", TUE + dt.timedelta(days=7))
    assert rules.open_days(problem, problem.site("a")) == weekly(3)[1:]


def test_open_days_visit_caps_and_counts() -> None:
    """Closed days and a maximum of 0 close a site; its cap is what the spacing and its maximum
    allow."""
    problem = make(
        {"a": 1, "b": 1, "c": 1},
        weekly(4),
        max_visits={"a": None, "b": 2, "c": 0},
        closures=frozenset({("a", TUE)}),
    )
    a, b, c = problem.sites
    assert rules.open_days(problem, a) == weekly(4)[1:] and rules.open_days(problem, c) == []
    assert rules.visit_cap(a, rules.open_days(problem, a), 7) == 3
    assert rules.visit_cap(b, rules.open_days(problem, b), 7) == 2
    assert rules.visit_cap(a, weekly(4), 14) == 2
    assert rules.count_breaches(b, 3) == (False, True) and rules.count_breaches(
        replace(b, min_visits=1), 0
    ) == (True, False)
    for d in problem.days:  # the solver's open sites are the core's open days
        assert open_sites(problem, d) == [
            s.id for s in problem.sites if d.date in rules.open_days(problem, s)
        ]


def test_the_clock() -> None:
    """Arrival with set-up time, the way home and the day away, to the minute."""
    assert rules.arrives_in_time(540, 50, 10, 600) and not rules.arrives_in_time(540, 51, 10, 600)
    assert rules.home_in_time(960, 120, 1080) and not rules.home_in_time(960, 121, 1080)
    assert rules.away_minutes(590, 20, 720, 20) == 170  # leave 9:30, back 12:20
    assert rules.load_fits(3, None) and rules.load_fits(3, 3) and not rules.load_fits(4, 3)


def test_the_scope_caps_are_the_core_caps() -> None:
    """The solver's per-site caps come from the core's visit_cap over the days its routes reach."""
    problem = make({"a": 5, "b": 3}, weekly(5), max_visits={"a": 2, "b": None}, gap=14)
    groups = day_groups(problem)
    scope = Scope.build(problem, groups, routes_by_group(problem, groups))
    assert scope.max_visits == {
        s.id: rules.visit_cap(s, scope.open_days[s.id], 14) for s in problem.sites
    }
    assert scope.max_visits == {"a": 2, "b": 3}


def _patterned():  # type: ignore[no-untyped-def]
    """Two sites, one that must be visited on days {0, 2} or {1, 3} of four."""
    problem = make({"a": 10, "b": 5}, [TUE + dt.timedelta(days=2 * i) for i in range(4)], gap=1)
    a = replace(
        problem.site("a"),
        min_visits=2,
        max_visits=2,
        patterns=(frozenset({0, 2}), frozenset({1, 3})),
    )
    return replace(problem, sites=(a, problem.site("b")))


def test_replan_keeps_day_patterns() -> None:
    """The replan model is built from the same rule builders as a solve, day patterns included:
    with the
    first pattern's second day closed, the replan switches to the other pattern rather than keep
    half."""
    problem = _patterned()
    plan = solve(problem, time_limit_s=20)
    assert validate(problem, plan) == []
    days = sorted(v.date for v in plan.visits if v.site_id == "a")
    closed = replace(problem, closures=frozenset({("a", days[1])}))
    new = solve(closed, time_limit_s=20, reference=plan, frozen_before=problem.start)
    assert validate(closed, new) == []
    other = sorted(v.date for v in new.visits if v.site_id == "a")
    assert other != days and days[1] not in other and len(other) == 2
    assert [s.name for s in new.info.stages] == [
        "coverage",
        "changes",
        "demand",
        "travel",
        "balance",
    ]


def test_explain_uses_the_same_rules() -> None:
    """A pin against the day patterns (patterns are hard in the explanation model too) is named."""
    problem = _patterned()
    pins = (Pin("a", problem.days[0].date), Pin("a", problem.days[1].date))
    with_pins = replace(problem, pins=pins)
    with pytest.raises(InfeasibleError) as exc:
        solve(with_pins, time_limit_s=20)
    assert exc.value.proven
    (conflict,) = explain_infeasible(with_pins)
    assert conflict.rule == "rule_conflict" and "pinned" in conflict.message_en
    assert conflict.message_ko and conflict.remedy_ko and conflict.remedy_en


def test_history_site_never_offered_too_early() -> None:
    """The same history rule closes the site in the model and flags it in the validator."""
    last = TUE - dt.timedelta(days=2)
    problem = make({"a": 9}, weekly(2), min_visits=1, last_visit={"a": last}, has_history=True)
    plan = solve(problem, time_limit_s=20)
    assert [v.date for v in plan.visits] == [weekly(2)[1]]
    early = Plan((replace(plan.visits[0], date=TUE),))
    assert {v.rule for v in validate(problem, early)} >= {"min_days_between_visits"}
