"""A seeded generator of attendance histories from known rates (for tests and the back-test).

For each month of the history, each center gets ``visits`` visits on distinct visit
days (Tuesdays and Thursdays; ``same_days=True`` puts every center on the same days,
as a team of counselors would), and a visit's visitors are drawn as

    y ~ Poisson(λ),  λ = base_rate · P/1000 · mult_c(t) · season(month) · weekday · repeat(k) · ε,
    ε ~ Gamma(noise_shape, noise_shape)  (visit-to-visit overdispersion, mean 1)

with ``season(m) = 1 + season_amp · cos(2π (m − 1) / 12)`` (more job seekers in
winter, fewer in summer), ``weekday`` = ``1 + weekday_amp`` on Tuesdays and
``1 − weekday_amp`` on Thursdays, ``repeat = (1, 0.6, 0.4)`` for the first, second and
later visit of a month, and ``mult_c(t)`` the center's job seekers per resident
relative to the others: ``multipliers`` (default 1), times ``change_factor`` from
month ``change_month`` on for ``change_center`` (a center that changes over time).
The same seed gives the same history.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from scheduler.demand.records import Attendance

REPEAT_EFFECT = (1.0, 0.6, 0.4)


@dataclass(frozen=True)
class Scenario:
    """The generator's parameters (see the module docstring)."""

    name: str
    populations: Mapping[str, int]
    multipliers: Mapping[str, float] = field(default_factory=dict)
    base_rate: float = 0.6  # visitors per 1,000 residents at a first visit
    months: int = 24
    first_month: tuple[int, int] = (2024, 12)
    visits: tuple[int, ...] = (1, 2)  # visits per center and month, drawn uniformly
    same_days: bool = False
    season_amp: float = 0.25
    weekday_amp: float = 0.1
    noise_shape: float = 8.0
    change_center: str | None = None
    change_month: int = 12
    change_factor: float = 1.0
    seed: int = 0

    def true_rate(self, center: str, month_index: int) -> float:
        """``base_rate · mult_c(t)``: the center's visitors per 1,000 residents in month ``t``."""
        m = self.multipliers.get(center, 1.0)
        if center == self.change_center and month_index >= self.change_month:
            m *= self.change_factor
        return self.base_rate * m


def month_days(year: int, month: int) -> list[dt.date]:
    """The Tuesdays and Thursdays of a month."""
    n = calendar.monthrange(year, month)[1]
    return [
        dt.date(year, month, d)
        for d in range(1, n + 1)
        if dt.date(year, month, d).isoweekday() in (2, 4)
    ]


def generate(s: Scenario) -> list[Attendance]:
    """The attendance history of scenario ``s``, by date and center."""
    rng = np.random.default_rng(s.seed)
    out: list[Attendance] = []
    year, month = s.first_month
    centers = sorted(s.populations)
    for t in range(s.months):
        days = month_days(year, month)
        shared = (
            sorted(rng.choice(len(days), size=max(s.visits), replace=False))
            if s.same_days
            else None
        )
        season = 1 + s.season_amp * math.cos(2 * math.pi * (month - 1) / 12)
        for c in centers:
            k = int(rng.choice(s.visits))
            picks = (
                shared[:k]
                if shared is not None
                else sorted(rng.choice(len(days), size=k, replace=False))
            )
            for rep, i in enumerate(picks):
                d = days[int(i)]
                wd = 1 + s.weekday_amp if d.isoweekday() == 2 else 1 - s.weekday_amp
                lam = (
                    s.true_rate(c, t)
                    * s.populations[c]
                    / 1000
                    * season
                    * wd
                    * REPEAT_EFFECT[min(rep, len(REPEAT_EFFECT) - 1)]
                    * rng.gamma(s.noise_shape, 1 / s.noise_shape)
                )
                out.append(Attendance(d, c, int(rng.poisson(lam))))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return sorted(out, key=lambda r: r.key)
