"""Travel minutes from coordinates: symmetric, plausible, overridable."""

from __future__ import annotations

import csv
import itertools

from scheduler.core.travel import MODES, distance_km, leg_minutes, travel_matrix
from tests.conftest import DATA


def _points() -> dict[str, tuple[float, float]]:
    with open(DATA / "dong_centers.csv", encoding="utf-8-sig") as fh:
        pts = {r["id"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    return {"base": (37.563808, 126.997555), **pts}


def test_matrix_is_symmetric_with_zero_diagonal() -> None:
    """Modelled travel is the same both ways and zero from a place to itself."""
    m = travel_matrix(_points(), "transit")
    for a, b in itertools.product(m.ids, repeat=2):
        assert m(a, b) == m(b, a)
    assert all(m(a, a) == 0 for a in m.ids)


def test_jung_gu_minutes_are_plausible() -> None:
    """Within Jung-gu (< 6 km across) transit legs take 5–45 minutes."""
    pts = _points()
    m = travel_matrix(pts, "transit")
    for a, b in itertools.combinations(m.ids, 2):
        assert 5 <= m(a, b) <= 45, (a, b, m(a, b))
    # Base to Jungnim (across the district, ~3 km) is longer than base to Euljiro (~0.6 km).
    assert m("base", "jungnim") > m("base", "euljiro")
    assert 2.5 < distance_km(pts["base"], pts["jungnim"]) < 3.5


def test_modes_order() -> None:
    """For a 3 km leg a car beats transit and transit beats walking."""
    assert (
        leg_minutes(3.0, MODES["car"])
        < leg_minutes(3.0, MODES["transit"])
        < leg_minutes(3.0, MODES["walk"])
    )


def test_transit_walks_short_legs() -> None:
    """Transit never takes longer than walking (a short hop is walked)."""
    for km in (0.1, 0.3, 0.6, 1.0, 2.0, 5.0):
        assert leg_minutes(km, MODES["transit"]) <= leg_minutes(km, MODES["walk"])


def test_overrides_replace_only_listed_pairs() -> None:
    """A measured pair overrides the model in its direction only; other pairs keep the model."""
    pts = _points()
    base = travel_matrix(pts, "transit")
    m = travel_matrix(pts, "transit", {("base", "sogong"): 42})
    assert m("base", "sogong") == 42
    assert m("sogong", "base") == base("sogong", "base")
    assert m("base", "pil") == base("base", "pil")
