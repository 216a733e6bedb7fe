"""Travel minutes between places from coordinates, with optional measured overrides.

``minutes = ceil(geodesic_km × detour ÷ speed_kmh × 60) + overhead_min`` (0 for the
same place). The parameters per mode and their basis:

========  ======  =========  ========  =====================================================
mode      detour  speed km/h overhead  basis
========  ======  =========  ========  =====================================================
walk      1.30    4.5        0         street network ≈ 1.3 × straight line in central Seoul's
                                       grid; 4.5 km/h is a usual adult walking pace.
transit   1.30    15.0       10        Seoul city-bus average operating speed in the central
                                       area is about 15–19 km/h (Seoul TOPIS reports); the
                                       10 min cover walking to and from stops and waiting.
                                       A walk is taken instead whenever it is faster.
car       1.40    18.0       5         central-Seoul weekday car speed about 18–20 km/h
                                       (TOPIS); 5 min to park and reach the door.
========  ======  =========  ========  =====================================================
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

from geopy.distance import geodesic

from scheduler.core.problem import TravelMatrix
from scheduler.errors import Conflict, InfeasibleError
from scheduler.i18n import text


@dataclass(frozen=True)
class TravelMode:
    """Parameters of one way of travelling."""

    name: str
    detour: float
    speed_kmh: float
    overhead_min: int
    walk_if_faster: bool = False


MODES: dict[str, TravelMode] = {
    "walk": TravelMode("walk", 1.30, 4.5, 0),
    "transit": TravelMode("transit", 1.30, 15.0, 10, walk_if_faster=True),
    "car": TravelMode("car", 1.40, 18.0, 5),
}


def point(lat: float | None, lon: float | None) -> tuple[float, float]:
    """``(lat, lon)`` of a place that must have coordinates (the district's centers and bases
    always do; only generic problems with a travel matrix may leave them out)."""
    if lat is None or lon is None:
        raise ValueError("a place without coordinates needs a travel matrix")
    return lat, lon


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic (WGS-84) distance in kilometres between two (lat, lon) points."""
    return float(geodesic(a, b).km)


def leg_minutes(km: float, mode: TravelMode) -> int:
    """Integer minutes for a leg of ``km`` straight-line kilometres (0 km → 0 min)."""
    if km <= 0:
        return 0
    minutes = math.ceil(km * mode.detour / mode.speed_kmh * 60) + mode.overhead_min
    if mode.walk_if_faster:
        walk = MODES["walk"]
        minutes = min(minutes, math.ceil(km * walk.detour / walk.speed_kmh * 60))
    return minutes


def travel_matrix(
    points: Mapping[str, tuple[float, float]],
    mode: str = "transit",
    overrides: Mapping[tuple[str, str], int] | None = None,
    *,
    deadline: float | None = None,
    time_limit_s: float | None = None,
) -> TravelMatrix:
    """Minutes between every pair of ``points`` (id → (lat, lon)).

    ``overrides`` (from a measured matrix) replace the model for the (from, to)
    pairs they list; the other pairs keep the model. The model is symmetric, so each
    unordered pair is measured once.

    ``deadline`` (a ``time.perf_counter()`` value, the end of the command's
    ``time_limit_s``): past it, :class:`~scheduler.errors.InfeasibleError` (not
    proven) says how far the computation got. Measured: 5,000–11,000 geodesic pairs a
    second, so a few thousand places need minutes.
    """
    m = MODES[mode]
    ids = tuple(points)
    model = [[0] * len(ids) for _ in ids]
    for i, a in enumerate(ids):
        if deadline is not None and time.perf_counter() > deadline:
            raise _out_of_time(len(ids), i, time_limit_s)
        for j in range(i + 1, len(ids)):
            model[i][j] = model[j][i] = leg_minutes(distance_km(points[a], points[ids[j]]), m)
    rows = tuple(
        tuple(
            int(overrides[(a, b)]) if overrides and (a, b) in overrides else model[i][j]
            for j, b in enumerate(ids)
        )
        for i, a in enumerate(ids)
    )
    return TravelMatrix(ids=ids, minutes=rows)


def _out_of_time(places: int, rows_done: int, time_limit_s: float | None) -> InfeasibleError:
    # Row i measures places - 1 - i pairs: the share of pairs done after `rows_done` rows.
    total = places * (places - 1) / 2
    done = rows_done * places - rows_done * (rows_done + 1) / 2
    params = {
        "seconds": f"{time_limit_s:g}" if time_limit_s is not None else "?",
        "places": f"{places:,}",
        "done": f"{100 * done / total:.0f}" if total else "100",
    }
    code = "input.build.travel_time_limit"
    return InfeasibleError(
        [
            Conflict(
                "time_limit",
                text(code, "ko", **params),
                text(code, "en", **params),
                text(code + ".hint", "ko"),
                text(code + ".hint", "en"),
                {"places": places, "rows_done": rows_done},
            )
        ],
        proven=False,
    )
