"""Periodic VRP benchmark (Cordeau format) for the project's generic solver.

Usage::

    python benchmarks/pvrp.py benchmarks/data/pvrp/instances/* --time-limit 60 \\
        --bks benchmarks/data/pvrp/bks.csv --out /tmp/pvrp-out

For every instance file: read it into the core :class:`Problem`
(:func:`scheduler.periodic.read_cordeau`), solve it with the project solver
(:func:`scheduler.solver.solve`, which reports a valid lower bound), check the
plan with the core validator, write ``OUT/<file name>.json``, and (unless
``--no-baseline``) solve it again with the greedy-pattern + OR-Tools-per-day
baseline under the same time limit. Prints one table row per instance and the
mean gap. Exit code 1 if any file could not be read or any solution failed
validation.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running from a source checkout
    sys.path.insert(0, str(ROOT))

from scheduler.core.validate import validate
from scheduler.errors import SchedulerError
from scheduler.periodic.baseline import solve_baseline
from scheduler.periodic.cordeau import read_cordeau
from scheduler.periodic.record import plan_record
from scheduler.solver import solve


@dataclass(frozen=True)
class Row:
    """One instance's figures."""

    instance: str
    cost: float | None
    bks: float | None
    seconds: float | None
    valid: bool
    baseline: float | None = None
    baseline_note: str = ""
    bound: float | None = None
    customers: int = 0

    @property
    def own_gap(self) -> float | None:
        """The solver's own gap to its lower bound, in % of the cost."""
        if self.cost is None or self.bound is None:
            return None
        return 100.0 * (self.cost - self.bound) / max(1.0, self.cost)

    @property
    def gap(self) -> float | None:
        if self.cost is None or self.bks is None:
            return None
        return 100.0 * (self.cost - self.bks) / self.bks

    @property
    def ratio(self) -> float | None:
        if self.cost is None or not self.baseline:
            return None
        return self.cost / self.baseline


def read_bks(path: Path) -> dict[str, float]:
    """Best-known values by instance name from a CSV with ``instance`` and ``bks`` columns."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"instance", "bks"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: needs the columns 'instance' and 'bks'")
        return {row["instance"].strip(): float(row["bks"]) for row in reader}


def to_json_text(record: dict) -> str:
    """The solution record as JSON with one line per route."""
    routes = ",\n".join("    " + json.dumps(r) for r in record["routes"])
    return (
        f'{{\n  "instance": {json.dumps(record["instance"])},\n'
        f'  "cost": {json.dumps(record["cost"])},\n'
        f'  "routes": [\n{routes}\n  ]\n}}\n'
    )


def run_one(path: Path, args: argparse.Namespace, bks: dict[str, float]) -> Row:
    """Solve, validate, write JSON, and run the baseline for one file."""
    name = path.name
    try:
        problem = read_cordeau(path)
    except (OSError, ValueError) as exc:
        print(f"ERROR reading {path}: {exc}", file=sys.stderr)
        return Row(name, None, bks.get(name), None, valid=False)

    try:
        plan = solve(problem, time_limit_s=args.time_limit, seed=args.seed)
    except SchedulerError as exc:
        print(f"NO SOLUTION for {name}: {exc}", file=sys.stderr)
        return Row(name, None, bks.get(name), None, valid=False)
    violations = validate(problem, plan)
    for violation in violations:
        print(
            f"VALIDATION FAILED for {name}: {violation.rule}: {violation.message}", file=sys.stderr
        )
    record = plan_record(problem, plan)
    valid = not violations
    if abs(record["cost"] - plan.info.objective) > 1e-6 * max(1.0, record["cost"]):
        print(
            f"COST MISMATCH for {name}: solver says {plan.info.objective}, validator "
            f"{record['cost']}",
            file=sys.stderr,
        )
        valid = False

    args.out.mkdir(parents=True, exist_ok=True)
    record["instance"] = name
    (args.out / f"{name}.json").write_text(to_json_text(record), encoding="utf-8")

    baseline, note = None, ""
    if not args.no_baseline:
        base = solve_baseline(problem, args.time_limit)
        if base.plan is None:
            note = "no solution on day(s) " + ",".join(str(d + 1) for d in base.failed_days)
        else:
            base_violations = validate(problem, base.plan)
            if not base_violations:
                baseline = base.cost
            else:
                note = "baseline invalid: " + base_violations[0].message
                print(f"VALIDATION FAILED for the baseline on {name}: {note}", file=sys.stderr)
                valid = False
    return Row(
        name,
        record["cost"],
        bks.get(name),
        plan.info.seconds,
        valid,
        baseline,
        note,
        bound=plan.info.bound,
        customers=len(problem.sites),
    )


def _fmt(value: float | None, digits: int) -> str:
    if value is None:
        return ""
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text  # no "-0.00"


def print_table(rows: list[Row], with_baseline: bool) -> None:
    """The results table and the means."""
    head = ["instance", "cost", "BKS", "gap %", "seconds", "valid", "bound", "own gap %"]
    if with_baseline:
        head += ["baseline", "ours/baseline"]
    lines = []
    for r in rows:
        cells = [
            r.instance,
            _fmt(r.cost, 2),
            _fmt(r.bks, 2),
            _fmt(r.gap, 2),
            _fmt(r.seconds, 1),
            "yes" if r.valid else "NO",
            _fmt(r.bound, 2),
            _fmt(r.own_gap, 2),
        ]
        if with_baseline:
            cells += [_fmt(r.baseline, 2) or r.baseline_note, _fmt(r.ratio, 3)]
        lines.append(cells)
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for cells in lines:  # a cell per column
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    gaps = [r.gap for r in rows if r.gap is not None]
    if gaps:
        print(f"mean gap: {_fmt(sum(gaps) / len(gaps), 2)} % over {len(gaps)} instances")
    own = [r.own_gap for r in rows if r.own_gap is not None]
    if own:
        print(
            f"mean gap to the solver's own lower bound: {_fmt(sum(own) / len(own), 2)} % "
            f"over {len(own)} instances"
        )
    small = [r.own_gap for r in rows if r.own_gap is not None and r.customers <= 100]
    if small:
        print(
            f"mean gap to the own lower bound, instances up to 100 customers: "
            f"{_fmt(sum(small) / len(small), 2)} % over {len(small)} instances"
        )
    ratios = [r.ratio for r in rows if r.ratio is not None]
    if with_baseline and ratios:
        print(f"mean ours/baseline: {sum(ratios) / len(ratios):.3f} over {len(ratios)} instances")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="instance files in Cordeau's PVRP format",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds per instance and method (default 60)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for the <instance>.json solutions",
    )
    parser.add_argument("--bks", type=Path, metavar="CSV", help="best-known values")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)

    bks = read_bks(args.bks) if args.bks else {}
    load_before = os.getloadavg()
    rows = []
    for path in args.paths:
        print(f"solving {path.name} ...", file=sys.stderr, flush=True)
        rows.append(run_one(path, args, bks))
    print_table(rows, with_baseline=not args.no_baseline)
    print(
        (
            "load average (1, 5, 15 min) at start: {:.2f} {:.2f} {:.2f}, "
            "at end: {:.2f} {:.2f} {:.2f}"
        ).format(*load_before, *os.getloadavg())
    )
    failed = [r.instance for r in rows if not r.valid]
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
