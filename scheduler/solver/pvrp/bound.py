"""A simple valid lower bound: every required visit costs at least half its two
shortest edges (each visit is entered and left once). Weak; the LP bound replaces it."""
from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Bound:
    value: float
    seconds: float
    rounds: int
    lp_optimal: bool


def lower_bound(dist, demand, patterns, required, vehicles, capacity, time_limit_s: float) -> Bound:
    t0 = time.perf_counter()
    n = len(dist)
    total = 0.0
    for i in range(1, n):
        if not required[i]:
            continue
        two = sorted(dist[i][j] for j in range(n) if j != i)[:2]
        half = sum(two) / 2 if len(two) == 2 else 0.0
        total += half * min(len(p) for p in patterns[i])
    return Bound(total * (1 - 1e-9), time.perf_counter() - t0, 0, False)
