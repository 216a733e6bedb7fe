"""The solver-free validator catches every broken hard rule."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Base, Day, Pin, Problem, Rules, Session, Site, Team, TravelMatrix
from scheduler.core.validate import validate

D1, D2, D3 = dt.date(2026, 12, 1), dt.date(2026, 12, 3), dt.date(2026, 12, 8)
SESS = (Session(1, 600, 720), Session(2, 840, 960))


def _problem(**kw: object) -> Problem:
    ids = ("base", "a", "b", "c")
    minutes = ((0, 10, 20, 30), (10, 0, 15, 25), (20, 15, 0, 12), (30, 25, 12, 0))
    args: dict[str, object] = {
        "start": dt.date(2026, 12, 1),
        "end": dt.date(2026, 12, 31),
        "sites": (
            Site("a", "A", 37.5, 127.0, 100),
            Site("b", "B", 37.5, 127.0, 200),
            Site("c", "C", 37.5, 127.0, 300),
        ),
        "bases": (Base("base", "Base", 37.5, 127.0),),
        "teams": (Team("1", "", "base"), Team("2", "", "base", days_off=frozenset({D2}))),
        "days": tuple(Day(d, SESS, 540, 1080) for d in (D1, D2, D3)),
        "travel": TravelMatrix(ids, minutes),
        "rules": Rules(min_gap_days=7, setup_buffer_min=10),
    }
    args.update(kw)
    return Problem(**args)  # type: ignore[arg-type]


def _v(
    date: dt.date,
    session: int,
    team: str,
    site: str,
    order: int,
    travel: int,
    arrive: int | None = None,
) -> Visit:
    s = SESS[session - 1]
    return Visit(
        date,
        session,
        team,
        site,
        order,
        s.start_min - 10 if arrive is None else arrive,
        s.start_min,
        s.end_min,
        travel,
    )


GOOD = Plan(
    (_v(D1, 1, "1", "a", 1, 10), _v(D1, 2, "1", "b", 2, 15, arrive=735), _v(D1, 1, "2", "c", 1, 30))
)


def rules_of(problem: Problem, plan: Plan) -> set[str]:
    return {v.rule for v in validate(problem, plan)}


def test_valid_plan_has_no_violations() -> None:
    """A plan that respects every rule passes."""
    assert validate(_problem(), GOOD) == []


@pytest.mark.parametrize(
    ("visits", "rule"),
    [
        ((_v(D1, 1, "1", "a", 1, 10), _v(D1, 1, "2", "a", 1, 10)), "one_visit_per_center_day"),
        ((_v(D1, 1, "1", "a", 1, 10), _v(D2, 1, "1", "a", 1, 10)), "min_days_between_visits"),
        ((_v(D2, 1, "2", "a", 1, 10),), "counselor_unavailable"),
        ((_v(dt.date(2026, 12, 2), 1, "1", "a", 1, 10),), "not_a_visit_day"),
        ((_v(D1, 1, "1", "zz", 1, 10),), "unknown_center"),
        ((_v(D1, 1, "1", "a", 1, 99),), "recorded_travel"),
        ((_v(D1, 1, "1", "a", 1, 10), _v(D1, 1, "1", "b", 2, 15)), "one_place_per_session"),
    ],
)
def test_each_broken_rule_is_reported(visits: tuple[Visit, ...], rule: str) -> None:
    """Each kind of mistake is reported under its rule name."""
    assert rule in rules_of(_problem(), Plan(visits))


def test_route_that_cannot_reach_in_time() -> None:
    """A first session that cannot be reached from the base in time is reported."""
    late = _problem(days=tuple(Day(d, (Session(1, 560, 700),), 540, 1080) for d in (D1, D2, D3)))
    v = Visit(D1, 1, "1", "c", 1, 550, 560, 700, 30)
    assert "route_fits" in rules_of(late, Plan((v,)))


def test_back_at_base_after_work() -> None:
    """A route whose return ends after the working day is reported."""
    short = _problem(days=tuple(Day(d, SESS, 540, 970) for d in (D1, D2, D3)))
    assert "back_at_base" in rules_of(short, Plan((_v(D1, 2, "1", "c", 1, 30, arrive=830),)))


def test_counts_closures_and_pins() -> None:
    """Minimum/maximum visits, closures and pinned visits are checked."""
    strict = _problem(
        sites=tuple(dataclasses.replace(s, min_visits=1, max_visits=1) for s in _problem().sites),
        closures=frozenset({("a", D1)}),
        pins=(Pin("b", D3, "1"),),
    )
    found = rules_of(strict, Plan((_v(D1, 1, "1", "a", 1, 10), _v(D3, 1, "1", "a", 1, 10))))
    assert {
        "min_visits",
        "max_visits",
        "center_closed",
        "pinned_visit",
        "min_days_between_visits",
    } - found == {"min_days_between_visits"}


def test_history_counts_for_the_gap() -> None:
    """A visit too soon after the last visit in the history breaks the gap rule."""
    p = _problem(last_visit={"a": dt.date(2026, 11, 27)}, has_history=True)
    assert "min_days_between_visits" in rules_of(p, Plan((_v(D1, 1, "1", "a", 1, 10),)))


def test_every_violation_carries_its_catalog_parameters() -> None:
    """Each broken rule names its catalog sentence and the ids, dates and numbers the sentence
    needs."""
    strict = _problem(
        sites=tuple(dataclasses.replace(s, min_visits=1, max_visits=1) for s in _problem().sites),
        closures=frozenset({("a", D1)}),
        pins=(Pin("b", D3, "1"),),
    )
    bad = Plan(
        (
            _v(D1, 1, "1", "a", 1, 10),
            _v(D1, 1, "2", "a", 1, 99),
            _v(D2, 1, "2", "zz", 1, 10),
            _v(D3, 1, "1", "a", 1, 10),
        )
    )
    found = validate(strict, bad)
    assert len({v.rule for v in found}) >= 8
    for v in found:
        assert v.catalog_code == f"rule.{v.rule}" and v.params, v
        assert {"center", "counselor"} & set(v.param_dict()), v
    by_rule = {v.rule: v.param_dict() for v in found}
    assert by_rule["one_visit_per_center_day"] == {"center": "a", "n": 2, "date": "2026-12-01"}
    (gap,) = [
        v
        for v in validate(
            _problem(), Plan((_v(D1, 1, "1", "a", 1, 10), _v(D2, 1, "1", "a", 1, 10)))
        )
        if v.rule == "min_days_between_visits"
    ]
    assert gap.param_dict() == {
        "center": "a",
        "date": "2026-12-03",
        "previous": "2026-12-01",
        "days": 2,
        "gap": 7,
    }
    assert by_rule["max_visits"]["maximum"] == 1 and by_rule["pinned_visit"] == {
        "center": "b",
        "date": "2026-12-08",
    }
