"""Write a large PVRP instance in Cordeau's format from the real Seoul dong data.

The published large instances (up to 417 customers) are not in this project, so
this builds one of the same shape and size from facts the project already has, to
measure the free-flow strategy at scale (``benchmarks/pvrp.py`` takes any file of
the format):

- customers: the 427 administrative dongs of ``data/seoul/dong_centers.csv``,
  at their center coordinates projected to kilometres (equirectangular around the
  depot, accurate to well under 1 % inside Seoul);
- depot: Seoul City Hall (37.5663 N, 126.9779 E);
- demand: residents / 1,000, rounded up (a counseling load);
- frequency over a 6-day horizon (Mon–Sat of one week): 3 visits for the 10 %
  most populous dongs (patterns Mon–Wed–Fri or Tue–Thu–Sat), 2 for the next 30 %
  (Mon–Thu, Tue–Fri, Wed–Sat), 1 for the rest (any day) — the pattern families
  of Cordeau's p-instances with t = 6;
- ``m`` vehicles a day with capacity ``Q`` and no duration limit (``D = 0``).

Usage: ``python tools/make_seoul_pvrp.py OUT [--vehicles 12] [--capacity 300]``.
The output is deterministic (no randomness).
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CENTERS = ROOT / "data" / "seoul" / "dong_centers.csv"
DEPOT = (37.5663, 126.9779)  # Seoul City Hall
EARTH_KM = 6371.0088

DAYS = 6
PATTERNS = {  # frequency -> day sets (1-based), Cordeau's families for t = 6
    3: [(1, 3, 5), (2, 4, 6)],
    2: [(1, 4), (2, 5), (3, 6)],
    1: [(d,) for d in range(1, DAYS + 1)],
}


def code(days: tuple[int, ...]) -> int:
    """Cordeau's pattern number: leftmost of the t bits is day 1."""
    return sum(1 << (DAYS - d) for d in days)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Kilometres east and north of the depot."""
    x = math.radians(lon - DEPOT[1]) * math.cos(math.radians(DEPOT[0])) * EARTH_KM
    y = math.radians(lat - DEPOT[0]) * EARTH_KM
    return round(x, 3), round(y, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--vehicles", type=int, default=12)
    parser.add_argument("--capacity", type=int, default=300)
    args = parser.parse_args()

    with CENTERS.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_size = sorted(range(len(rows)), key=lambda i: (-int(rows[i]["population"]), rows[i]["id"]))
    freq = {}
    for rank, i in enumerate(by_size):
        freq[i] = 3 if rank < 0.1 * len(rows) else 2 if rank < 0.4 * len(rows) else 1

    lines = [f"1 {args.vehicles} {len(rows)} {DAYS}"]
    lines += [f"0 {args.capacity}"] * DAYS
    lines.append("0 0.000 0.000 0 0 0 0")
    for i, row in enumerate(rows, start=1):
        x, y = project(float(row["lat"]), float(row["lon"]))
        demand = math.ceil(int(row["population"]) / 1000)
        f = freq[i - 1]
        pats = [code(p) for p in PATTERNS[f]]
        lines.append(f"{i} {x:.3f} {y:.3f} 0 {demand} {f} {len(pats)} " + " ".join(map(str, pats)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = sum(math.ceil(int(r["population"]) / 1000) * freq[i] for i, r in enumerate(rows))
    print(
        f"{args.out}: {len(rows)} customers, {DAYS} days, demand {total} "
        f"over {DAYS} × {args.vehicles} × {args.capacity} = {DAYS * args.vehicles * args.capacity}"
    )


if __name__ == "__main__":
    main()
