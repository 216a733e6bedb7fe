"""Back-test of the demand model: held-out months, predictive log-likelihood and MAE per visit.

Usage::

    python benchmarks/demand.py                     # the synthetic scenarios, 5 seeds each
    python benchmarks/demand.py --seeds 10 --holdout 6
    python benchmarks/demand.py --db PATH           # also the records in a visitplan database
    python benchmarks/demand.py --records FILE.csv  # also the records of an attendance CSV

For each held-out month ``t`` (the last ``--holdout`` months of a history) every method
is fitted on the records before ``t`` and scores each visit of month ``t``:

- ``model``: :func:`scheduler.demand.model.fit` (gamma–Poisson, empirical-Bayes
  shrinkage toward the population rate, repeat/weekday/month effects, time decay),
  scored by its negative-binomial predictive distribution;
- ``population``: one pooled rate per resident (the plan's weighting today), Poisson;
- ``center-avg``: each center's own mean visitors per visit, Poisson (0.1 for a mean of 0).

It prints, per scenario, the mean log-likelihood per visit (higher is better) and the
mean absolute error of the predicted mean per visit (lower is better) over all seeds,
and which method wins by how much. The synthetic histories come from
:mod:`scheduler.demand.synthetic` (Jung-gu's 15 dong populations, seasonality, weekday
and repeat effects, overdispersion) with these seeded scenarios:

- ``proportional``: job seekers exactly proportional to residents (population is right);
- ``heterogeneous``: each center's rate per resident × lognormal(0, 0.5);
- ``small-dong-3x``: the smallest dong has 3× the rate of the others;
- ``changing``: heterogeneous, and one center's rate doubles 12 months before the end;
- ``sparse``: heterogeneous, only 8 months of history, one visit a month.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running from a source checkout
    sys.path.insert(0, str(ROOT))

from scheduler.demand.model import Context, contexts, fit
from scheduler.demand.records import Attendance
from scheduler.demand.stats import poisson_logpmf
from scheduler.demand.synthetic import Scenario, generate

CENTERS = ROOT / "data" / "dong_centers.csv"
METHODS = ("model", "population", "center-avg")


def populations(path: Path = CENTERS) -> dict[str, int]:
    """Center id → residents, from a centers CSV."""
    with path.open(encoding="utf-8-sig") as f:
        return {r["id"]: int(r["population"].replace(",", "")) for r in csv.DictReader(f)}


def scenarios(pops: dict[str, int], seed: int, months: int) -> list[Scenario]:
    """The synthetic scenarios of the module docstring for one seed."""
    rng = np.random.default_rng(1000 + seed)
    hetero = {c: float(rng.lognormal(0.0, 0.5)) for c in sorted(pops)}
    smallest = min(pops, key=lambda c: pops[c])
    largest = max(pops, key=lambda c: pops[c])
    base = Scenario("proportional", pops, months=months, seed=seed)
    return [
        base,
        replace(base, name="heterogeneous", multipliers=hetero),
        replace(base, name="small-dong-3x", multipliers={smallest: 3.0}),
        replace(
            base,
            name="changing",
            multipliers=hetero,
            change_center=largest,
            change_month=months - 12,
            change_factor=2.0,
        ),
        replace(base, name="sparse", multipliers=hetero, months=8, visits=(1,)),
    ]


@dataclass
class Score:
    """Sums over scored visits."""

    loglik: float = 0.0
    abs_err: float = 0.0
    n: int = 0

    def add(self, ll: float, err: float) -> None:
        self.loglik += ll
        self.abs_err += err
        self.n += 1


def month_key(d: dt.date) -> tuple[int, int]:
    return (d.year, d.month)


def backtest(records: list[Attendance], pops: dict[str, int], holdout: int) -> dict[str, Score]:
    """Score every method on the last ``holdout`` months of ``records``."""
    months = sorted({month_key(r.date) for r in records})
    scores = {m: Score() for m in METHODS}
    ctx_of = dict(contexts(records))  # contexts within a month use that month's own visits
    for ym in months[-holdout:]:
        start = dt.date(ym[0], ym[1], 1)
        train = [r for r in records if r.date < start]
        test = [r for r in records if month_key(r.date) == ym]
        if not train or not test:
            continue
        model = fit(train, pops, as_of=start)
        pooled = sum(r.visitors for r in train) / sum(pops[r.center_id] / 1000 for r in train)
        by_center: dict[str, list[int]] = defaultdict(list)
        for r in train:
            by_center[r.center_id].append(r.visitors)
        for r in test:
            ctx: Context = ctx_of[r]
            mean = model.expected(ctx)
            scores["model"].add(model.logpmf(r.visitors, ctx), abs(r.visitors - mean))
            pop_mean = pooled * pops[r.center_id] / 1000
            scores["population"].add(
                poisson_logpmf(r.visitors, pop_mean), abs(r.visitors - pop_mean)
            )
            own = by_center.get(r.center_id)
            avg = max(statistics.fmean(own), 0.1) if own else pop_mean
            scores["center-avg"].add(poisson_logpmf(r.visitors, avg), abs(r.visitors - avg))
    return scores


def report(name: str, runs: list[dict[str, Score]]) -> None:
    """One block per scenario: per-visit log-likelihood and MAE of each method."""
    ll = {m: sum(r[m].loglik for r in runs) / max(1, sum(r[m].n for r in runs)) for m in METHODS}
    mae = {m: sum(r[m].abs_err for r in runs) / max(1, sum(r[m].n for r in runs)) for m in METHODS}
    n = sum(r["model"].n for r in runs)
    print(f"\n{name}  ({n} held-out visits over {len(runs)} run(s))")
    print(f"  {'method':<12} {'loglik/visit':>13} {'MAE/visit':>10}")
    for m in METHODS:
        print(f"  {m:<12} {ll[m]:>13.4f} {mae[m]:>10.4f}")
    best_ll = max(METHODS, key=lambda m: ll[m])
    best_mae = min(METHODS, key=lambda m: mae[m])
    for base in ("population", "center-avg"):
        gain = ll["model"] - ll[base]
        err = (mae[base] - mae["model"]) / mae[base] * 100 if mae[base] else 0.0
        word = "lower" if err >= 0 else "higher"
        print(
            f"  model vs {base}: loglik {gain:+.4f} per visit (likelihood ratio "
            f"×{math.exp(gain):.3f}), MAE {abs(err):.1f} % {word}"
        )
    print(f"  winner: loglik {best_ll}, MAE {best_mae}")


def user_records(db: Path | None, records_csv: Path | None, centers: Path) -> list[Attendance]:
    """Records from a database or an attendance CSV."""
    if db is not None:
        from scheduler.store import attendance_records, open_store

        with open_store(db) as store:
            return attendance_records(store)
    assert records_csv is not None
    from scheduler.demand.records import read_attendance
    from scheduler.district.centers import read_centers

    return [r.record for r in read_attendance(records_csv, read_centers(centers).sites)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seeds", type=int, default=5, help="seeds per synthetic scenario")
    ap.add_argument("--months", type=int, default=30, help="months of each synthetic history")
    ap.add_argument(
        "--holdout", type=int, default=6, help="held-out months at the end of each history"
    )
    ap.add_argument(
        "--db", type=Path, default=None, help="also back-test the records of this database"
    )
    ap.add_argument("--records", type=Path, default=None, help="also back-test this attendance CSV")
    ap.add_argument("--centers", type=Path, default=CENTERS, help="centers CSV (populations)")
    args = ap.parse_args(argv)
    pops = populations(args.centers)
    print(
        f"demand back-test: {args.seeds} seed(s), {args.months}-month histories, "
        f"last {args.holdout} month(s) held out one at a time"
    )
    names = [s.name for s in scenarios(pops, 0, args.months)]
    for i, name in enumerate(names):
        runs = []
        for seed in range(args.seeds):
            sc = scenarios(pops, seed, args.months)[i]
            runs.append(backtest(generate(sc), pops, min(args.holdout, sc.months - 2)))
        report(name, runs)
    if args.db or args.records:
        recs = [r for r in user_records(args.db, args.records, args.centers) if r.center_id in pops]
        if len({month_key(r.date) for r in recs}) < 2:
            print("\nuser records: fewer than two months, nothing to hold out")
        else:
            report("user records", [backtest(recs, pops, args.holdout)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
