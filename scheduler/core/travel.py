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
from collections.abc import Mapping
from dataclasses import dataclass

from geopy.distance import geodesic

from scheduler.core.problem import TravelMatrix


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
) -> TravelMatrix:
    """Minutes between every pair of ``points`` (id → (lat, lon)).

    ``overrides`` (from a measured matrix) replace the model for the (from, to)
    pairs they list; the other pairs keep the model.
    """
    m = MODES[mode]
    ids = tuple(points)
    rows = []
    for a in ids:
        row = []
        for b in ids:
            if overrides and (a, b) in overrides:
                row.append(int(overrides[(a, b)]))
            elif a == b:
                row.append(0)
            else:
                row.append(leg_minutes(distance_km(points[a], points[b]), m))
        rows.append(tuple(row))
    return TravelMatrix(ids=ids, minutes=tuple(rows))
