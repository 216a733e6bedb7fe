"""``summary.json``: the plan's metrics, the solver's report and the inputs used."""

from __future__ import annotations

import json
import math
from typing import Any

from scheduler.core.metrics import Metrics
from scheduler.core.plan import Plan


def _num(x: float) -> float | None:
    return None if isinstance(x, float) and (math.isnan(x) or math.isinf(x)) else x


def summary_dict(
    metrics: Metrics, plan: Plan, *, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """All summary keys: metrics, then status, objective, bound, gap, timings."""
    info = plan.info
    out: dict[str, Any] = metrics.to_dict()
    out.update(
        {
            "status": info.status,
            "objective": _num(info.objective),
            "bound": _num(info.bound),
            "gap": _num(info.gap),
            "solve_seconds": info.seconds,
            "seed": info.seed,
            "time_limit_s": info.time_limit_s,
            "stages": [
                {
                    "name": s.name,
                    "status": s.status,
                    "objective": _num(s.objective),
                    "bound": _num(s.bound),
                    "seconds": round(s.seconds, 3),
                }
                for s in info.stages
            ],
        }
    )
    if extra:
        out.update(extra)
    return out


TIMING_KEYS = ("solve_seconds",)


def summary_json_bytes(summary: dict[str, Any]) -> bytes:
    """Pretty, stable JSON (UTF-8, Hangul kept readable)."""
    return (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8"
    )
