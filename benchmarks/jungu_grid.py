"""Jung-gu scenario grid: is every staffing scenario of a month proven optimal, and how fast?

Usage::

    python benchmarks/jungu_grid.py                  # December 2026, both formulations
    python benchmarks/jungu_grid.py --month 2027-03 --no-naive

For 1–4 counselors × 1–3 visits a day it builds the problem from ``data/jung-gu.toml``
(and nothing outside this repository's ``data/``), solves it with
:func:`scheduler.solver.solve`, checks the plan with the solver-free validator, and
then solves it again, in the same process, with the naive circuit formulation of
``benchmarks/_naive.py`` (one ``AddCircuit`` per counselor-day, same rules and
objectives, capped at ``--naive-limit`` seconds). One row per scenario: status,
demand and travel objectives, relative gap and wall-clock seconds of each, and the
ratio of their times; then the medians.

Exit code 1 if any plan of ours is not OPTIMAL or breaks a rule.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running from a source checkout
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ortools
from _naive import NaiveResult, solve_naive

from scheduler.core.problem import Problem
from scheduler.core.validate import validate
from scheduler.district.build import Options, build_problem
from scheduler.district.calendar import month_period
from scheduler.district.config import load_config
from scheduler.errors import InfeasibleError
from scheduler.solver import solve

CONFIG = ROOT / "data" / "jung-gu.toml"


def build(month: str, counselors: int, visits: int) -> Problem:
    """The Jung-gu problem of ``month`` from the repository's own data files."""
    start, end = month_period(month)
    return build_problem(
        load_config(CONFIG), Options(start, end, counselors=counselors, visits_per_day=visits)
    ).problem


@dataclass(frozen=True)
class Ours:
    """One scenario solved by :func:`scheduler.solver.solve`."""

    status: str
    demand: float | None
    travel: float | None
    gap: float
    seconds: float
    valid: bool


def run_ours(problem: Problem, time_limit: float, workers: int) -> Ours:
    """Solve, time and validate one scenario."""
    t0 = time.perf_counter()
    try:
        plan = solve(problem, time_limit_s=time_limit, workers=workers)
    except InfeasibleError as e:
        status = "INFEASIBLE" if e.proven else "UNKNOWN"
        return Ours(status, None, None, math.nan, time.perf_counter() - t0, True)
    seconds = time.perf_counter() - t0
    broken = validate(problem, plan)
    for v in broken:
        print(f"  RULE BROKEN: {v.message}", file=sys.stderr)
    stages = {s.name: s for s in plan.info.stages}
    return Ours(
        plan.info.status,
        stages["demand"].objective,
        stages["travel"].objective,
        plan.info.gap,
        seconds,
        not broken,
    )


def _num(x: float | None, fmt: str) -> str:
    """``x`` formatted, or a dash as wide (``fmt`` is ``"<width>.<digits>f"``)."""
    if x is None or math.isnan(x):
        return "-".rjust(int(fmt.split(".")[0]))
    return format(x, fmt)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--month", default="2026-12", help="YYYY-MM (default 2026-12)")
    ap.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds per scenario for ours (default 30)"
    )
    ap.add_argument(
        "--workers", type=int, default=1, help="CP-SAT workers for ours (default 1: deterministic)"
    )
    ap.add_argument(
        "--naive-limit",
        type=float,
        default=10.0,
        help="seconds per scenario for the baseline (default 10)",
    )
    ap.add_argument(
        "--naive-workers", type=int, default=2, help="CP-SAT workers for the baseline (default 2)"
    )
    ap.add_argument("--no-naive", action="store_true", help="skip the baseline")
    args = ap.parse_args(argv)

    print(
        f"Jung-gu, {args.month}; ortools {getattr(ortools, '__version__', '?')}; "
        f"{os.cpu_count()} cores"
    )
    print(f"ours: scheduler.solver.solve, workers={args.workers}, limit {args.time_limit:g} s")
    if not args.no_naive:
        print(
            f"naive: AddCircuit per counselor-day, workers={args.naive_workers}, "
            f"limit {args.naive_limit:g} s"
        )
    head = f"{'K':>2} {'V':>2} | {'status':9} {'demand':>9} {'travel':>6} {'gap':>7} {'s':>6}"
    if not args.no_naive:
        head += (
            f" | {'naive':9} {'demand':>9} {'travel':>6} {'gap':>7} {'s':>6} | {'naive/ours':>10}"
        )
    print(head)
    print("-" * len(head))
    ours_s: list[float] = []
    naive_s: list[float] = []
    ok = True
    for k in (1, 2, 3, 4):
        for v in (1, 2, 3):
            problem = build(args.month, k, v)
            o = run_ours(problem, args.time_limit, args.workers)
            ok &= o.status == "OPTIMAL" and o.valid
            ours_s.append(o.seconds)
            line = (
                f"{k:>2} {v:>2} | {o.status:9} {_num(o.demand, '9.0f')} {_num(o.travel, '6.0f')} "
                f"{_num(o.gap, '7.4f')} {o.seconds:6.2f}"
            )
            if not args.no_naive:
                n: NaiveResult = solve_naive(
                    problem, time_limit_s=args.naive_limit, workers=args.naive_workers
                )
                naive_s.append(n.seconds)
                ratio = n.seconds / max(o.seconds, 1e-9)
                line += (
                    f" | {n.status:9} {_num(n.demand, '9.0f')} {_num(n.travel, '6.0f')} "
                    f"{_num(n.gap, '7.4f')} "
                    f"{n.seconds:6.2f} | {ratio:10.1f}"
                )
            print(line, flush=True)
    print("-" * len(head))
    med = statistics.median(ours_s)
    summary = f"median seconds: ours {med:.2f}"
    if naive_s:
        med_n = statistics.median(naive_s)
        summary += f", naive {med_n:.2f} (ratio of medians {med_n / max(med, 1e-9):.1f}×)"
    print(summary)
    print(
        f"ours: {sum(1 for _ in ours_s)} scenarios, all OPTIMAL and valid: {'yes' if ok else 'NO'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
