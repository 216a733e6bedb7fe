"""The demand model: population as the prior, shrinkage, effects, intervals, no-record identity."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest

from scheduler.demand.apply import prepare
from scheduler.demand.model import contexts, fit
from scheduler.demand.records import Attendance
from scheduler.demand.stats import gamma_cdf, gamma_quantile, nbinom_logpmf, nbinom_quantile
from scheduler.demand.synthetic import Scenario, generate

DATA = Path(__file__).resolve().parents[1] / "data"


def populations() -> dict[str, int]:
    with (DATA / "dong_centers.csv").open(encoding="utf-8") as f:
        return {r["id"]: int(r["population"]) for r in csv.DictReader(f)}


def test_distribution_helpers_match_known_values() -> None:
    """Gamma(1, 1) is exponential; Gamma(10, 2)'s 5 % and 95 % points are χ²₂₀/4's; the
    negative binomial sums to 1 with the mixture's mean."""
    assert gamma_quantile(0.5, 1, 1) == pytest.approx(math.log(2), rel=1e-9)
    assert gamma_quantile(0.05, 10, 2) == pytest.approx(10.851 / 4, rel=1e-3)
    assert gamma_quantile(0.95, 10, 2) == pytest.approx(31.410 / 4, rel=1e-3)
    assert gamma_cdf(1.0, 1, 1) == pytest.approx(1 - math.exp(-1), rel=1e-12)
    probs = [math.exp(nbinom_logpmf(y, 3, 1.5, 2)) for y in range(300)]
    assert sum(probs) == pytest.approx(1, abs=1e-9)
    assert sum(y * p for y, p in enumerate(probs)) == pytest.approx(3 * 2 / 1.5, rel=1e-9)
    assert nbinom_quantile(0.5, 3, 1.5, 2) in (3, 4)


def test_without_records_the_weights_are_the_populations_exactly() -> None:
    """No records: ratio 1.0 and weight = population for every center."""
    pops = populations()
    model = fit([], pops)
    for c, p in pops.items():
        e = model.estimate(c)
        assert (e.ratio, e.weight, e.records) == (1.0, p, 0)
        assert e.mean_low < e.mean < e.mean_high


def test_a_center_without_records_keeps_its_population_among_others_with_records() -> None:
    """Records for some centers leave the others at their prior: weight = population."""
    pops = populations()
    recs = [r for r in generate(Scenario("s", pops, seed=1)) if r.center_id != "sogong"]
    e = fit(recs, pops).estimate("sogong")
    assert (e.records, e.weight, e.ratio) == (0, pops["sogong"], 1.0)


def test_repeat_level_counts_earlier_visits_in_the_month() -> None:
    """First, second and third-or-later visit of a center within a calendar month."""
    d = dt.date
    recs = [Attendance(d(2026, 11, x), "a", 1) for x in (3, 5, 10, 12)] + [
        Attendance(d(2026, 12, 1), "a", 1)
    ]
    assert [c.repeat for _, c in contexts(recs)] == [1, 2, 3, 3, 1]


def test_a_small_dong_with_three_times_the_job_seekers_outranks_bigger_ones() -> None:
    """Two years of records: sogong (the smallest dong, 3× the rate) gets a weight above
    several bigger dongs, with an interval that excludes its population-only value."""
    pops = populations()
    recs = generate(Scenario("small3x", pops, {"sogong": 3.0}, same_days=True, visits=(2,), seed=0))
    model = fit(recs, pops, as_of=dt.date(2026, 12, 1))
    est = {c: model.estimate(c) for c in pops}
    s = est["sogong"]
    assert s.records == 48 and s.ratio > 1.8
    assert sum(1 for c, p in pops.items() if p > pops["sogong"] and est[c].weight < s.weight) >= 5
    prior_mean = model.theta0 * pops["sogong"] / 1000
    assert s.mean_low > prior_mean  # the data moved it beyond the prior's value
    assert s.visit_low <= s.mean <= s.visit_high


def test_effects_are_recovered_where_the_data_supports_them() -> None:
    """Seasonality, weekday and repeat effects of the generator come back near their values."""
    pops = populations()
    recs = generate(
        Scenario("effects", pops, visits=(2,), seed=3, season_amp=0.3, weekday_amp=0.15)
    )
    m = fit(recs, pops)
    assert m.month[1] / m.month[7] == pytest.approx(1.3 / 0.7, rel=0.2)
    assert m.weekday[2] / m.weekday[4] == pytest.approx(1.15 / 0.85, rel=0.15)
    assert m.repeat[0] == 1.0 and m.repeat[1] == pytest.approx(0.6, abs=0.12)
    assert list(m.repeat) == sorted(m.repeat, reverse=True)


def test_little_data_leaves_the_effects_at_one() -> None:
    """A handful of records cannot move a month or weekday factor far from 1."""
    pops = populations()
    recs = generate(Scenario("few", pops, months=1, visits=(1,), seed=4))
    m = fit(recs, pops)
    assert all(abs(v - 1) < 0.35 for v in m.month.values())
    assert all(abs(v - 1) < 0.35 for v in m.weekday.values())


def test_the_estimate_follows_a_center_that_changes() -> None:
    """Older records count less: after a center's rate doubles, the estimate follows."""
    pops = populations()
    sc = Scenario("change", pops, change_center="yaksu", change_month=12, change_factor=2.0, seed=5)
    m = fit(generate(sc), pops)
    assert m.estimate("yaksu").ratio > 1.4


def test_prepare_without_records_returns_the_same_problem(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """No records, no published visits: the very same Problem object, population mode."""
    problem = build_jungu().problem
    prepared = prepare(problem)
    assert prepared.problem is problem and prepared.mode == "population"


def test_prepare_uses_records_as_history_and_forces_long_unvisited(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """Recorded visits become the last visits; --max-months-unvisited 1 requires the centers
    not visited last month."""
    problem = build_jungu().problem  # December 2026
    ids = [s.id for s in problem.sites]
    recs = [Attendance(dt.date(2026, 10, 6), sid, 3) for sid in ids]
    recs += [Attendance(dt.date(2026, 11, 3), sid, 3) for sid in ids[:5]]
    prepared = prepare(problem, records=recs, mode="population", max_months_unvisited=1)
    assert prepared.problem.has_history
    assert prepared.problem.last_visit[ids[0]] == dt.date(2026, 11, 3)
    assert prepared.problem.last_visit[ids[9]] == dt.date(2026, 10, 6)
    assert set(prepared.forced) == set(ids[5:])
    assert all(s.min_visits == 1 for s in prepared.problem.sites if s.id in prepared.forced)
    assert [s.weight for s in prepared.problem.sites] == [s.weight for s in problem.sites]
