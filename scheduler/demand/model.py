"""Expected visitors per visit for each center: a gamma–Poisson model with population
as the prior (the formula and the reasons are in ``docs/demand.md``).

For a visit ``i`` to center ``c`` (population ``P_c``) the visitors are

    y_i ~ Poisson(θ_c · e_i),   e_i = P_c / 1000 · f(k_i) · g(weekday_i) · h(month_i)
    θ_c ~ Gamma(α, α / θ₀)      (mean θ₀: every center starts at the population rate)

``θ_c`` is the center's visitors per 1,000 residents per first visit; ``f(k)`` the
effect of the k-th visit to the same center within a month (``f(1) = 1``, not
increasing), ``g`` the weekday and ``h`` the calendar month. ``θ₀`` and ``α`` are
fitted by empirical Bayes (the marginal likelihood of all centers' records); each
center's posterior is then ``Gamma(α + Y_c, α/θ₀ + E_c)`` with ``Y_c`` its visitors
and ``E_c`` its exposures, older records counting less (half-life ``half_life_months``)
so that a center that changes is followed. The factors have ``Gamma(κ, κ)`` priors
(``κ`` visitors' worth of evidence for "no effect"), so they stay at 1 until the
records support them.

The weight a plan uses is ``P_c · E[θ_c] / θ₀``: residents, re-weighted by how many
job seekers per resident the center shows. Without records it is ``P_c`` exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scheduler.demand.records import Attendance
from scheduler.demand.stats import gamma_quantile, nbinom_logpmf, nbinom_quantile

HALF_LIFE_MONTHS = 12.0
FACTOR_PRIOR = 20.0  # κ: visitors' worth of evidence that a weekday/month/repeat has no effect
DEFAULT_ALPHA = 5.0  # prior shape when too few centers have records to fit it
MIN_CENTERS_FOR_ALPHA = 3
INTERVAL = 0.90
REPEAT_LEVELS = 3  # first, second, third-or-later visit of a month
_DAYS_PER_MONTH = 30.4375
_ALPHA_RANGE = (math.log(0.05), math.log(1e4))  # log α searched: near-pooled to near-free


@dataclass(frozen=True)
class Estimate:
    """One center's demand: ``mean`` expected visitors at a first visit of the month
    (``mean_low``–``mean_high`` its 90 % credible interval; ``visit_low``–``visit_high``
    the 90 % range of one visit's visitors), resting on ``records`` records with
    ``visitors`` visitors in all; ``weight`` the plan's integer weight."""

    center_id: str
    population: int
    records: int
    visitors: int
    mean: float
    mean_low: float
    mean_high: float
    visit_low: int
    visit_high: int
    ratio: float
    weight: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (for ``summary.json``)."""
        return {
            "center_id": self.center_id,
            "population": self.population,
            "records": self.records,
            "visitors": self.visitors,
            "mean": round(self.mean, 3),
            "mean_low": round(self.mean_low, 3),
            "mean_high": round(self.mean_high, 3),
            "visit_low": self.visit_low,
            "visit_high": self.visit_high,
            "ratio": round(self.ratio, 4),
            "weight": self.weight,
        }


@dataclass(frozen=True)
class Context:
    """Where a record sits: its center, repeat level, weekday (1–7) and month (1–12)."""

    center_id: str
    repeat: int
    weekday: int
    month: int


@dataclass(frozen=True)
class DemandModel:
    """A fitted model (see the module docstring); :meth:`estimate` and
    :meth:`predictive` answer questions about future visits."""

    theta0: float
    alpha: float
    repeat: tuple[float, ...]
    weekday: Mapping[int, float]
    month: Mapping[int, float]
    populations: Mapping[str, int]
    shape: Mapping[str, float]  # posterior α + Y_c
    rate: Mapping[str, float]  # posterior α/θ₀ + E_c
    records: Mapping[str, int]
    visitors: Mapping[str, int]
    total_records: int

    def exposure(self, ctx: Context) -> float:
        """``e = P/1000 · f(k) · g(weekday) · h(month)`` of a visit in ``ctx``."""
        f = self.repeat[min(ctx.repeat, len(self.repeat)) - 1]
        return (
            self.populations[ctx.center_id]
            / 1000.0
            * f
            * self.weekday.get(ctx.weekday, 1.0)
            * self.month.get(ctx.month, 1.0)
        )

    def expected(self, ctx: Context) -> float:
        """Expected visitors at a visit in ``ctx``."""
        return self.shape[ctx.center_id] / self.rate[ctx.center_id] * self.exposure(ctx)

    def logpmf(self, y: int, ctx: Context) -> float:
        """Predictive log-probability of ``y`` visitors at a visit in ``ctx``."""
        return nbinom_logpmf(
            y, self.shape[ctx.center_id], self.rate[ctx.center_id], self.exposure(ctx)
        )

    def estimate(self, center_id: str, month: int | None = None) -> Estimate:
        """The center's estimate for a first visit (weekday average; ``month``'s effect
        if given)."""
        pop = self.populations[center_id]
        shape, rate = self.shape[center_id], self.rate[center_id]
        scale = pop / 1000.0 * (self.month.get(month, 1.0) if month else 1.0)
        ratio = _ratio(self.alpha, self.theta0, shape - self.alpha, rate - self.alpha / self.theta0)
        tail = (1 - INTERVAL) / 2
        return Estimate(
            center_id=center_id,
            population=pop,
            records=self.records.get(center_id, 0),
            visitors=self.visitors.get(center_id, 0),
            mean=shape / rate * scale,
            mean_low=gamma_quantile(tail, shape, rate) * scale,
            mean_high=gamma_quantile(1 - tail, shape, rate) * scale,
            visit_low=nbinom_quantile(tail, shape, rate, scale),
            visit_high=nbinom_quantile(1 - tail, shape, rate, scale),
            ratio=ratio,
            weight=plan_weight(pop, ratio),
        )


def _ratio(alpha: float, theta0: float, y: float, e: float) -> float:
    """``E[θ_c] / θ₀ = (α + Y) / (α + θ₀·E)``: exactly 1.0 without records."""
    if y == 0 and e == 0:
        return 1.0
    return (alpha + y) / (alpha + theta0 * e)


def plan_weight(population: int, ratio: float) -> int:
    """The integer weight of a center in the plan: population × demand ratio."""
    return population if ratio == 1.0 else max(0, round(population * ratio))


def contexts(records: Iterable[Attendance]) -> list[tuple[Attendance, Context]]:
    """Each record with its context; the repeat level counts the center's earlier
    records in the same calendar month (by date; one per counselor on the same day)."""
    recs = sorted(records, key=lambda r: (r.center_id, r.date, r.counselor))
    seen: dict[tuple[str, int, int], int] = defaultdict(int)
    out = []
    for r in recs:
        key = (r.center_id, r.date.year, r.date.month)
        seen[key] += 1
        out.append(
            (
                r,
                Context(
                    r.center_id, min(seen[key], REPEAT_LEVELS), r.date.isoweekday(), r.date.month
                ),
            )
        )
    return out


def fit(
    records: Iterable[Attendance],
    populations: Mapping[str, int],
    *,
    as_of: dt.date | None = None,
    half_life_months: float = HALF_LIFE_MONTHS,
    factor_prior: float = FACTOR_PRIOR,
    iterations: int = 15,
) -> DemandModel:
    """Fit the model to ``records`` of the centers in ``populations`` (others are ignored).

    ``as_of`` (default: the day after the last record) is the day the estimates are
    for; only records before it count, weighted ``0.5 ** (age / half_life)``."""
    recs = [r for r in records if r.center_id in populations]
    if as_of is not None:
        recs = [r for r in recs if r.date < as_of]
    pops = {c: int(p) for c, p in populations.items()}
    if not recs:
        return _prior_only(pops)
    as_of = as_of or max(r.date for r in recs) + dt.timedelta(days=1)
    data = contexts(recs)
    decay = [0.5 ** ((as_of - r.date).days / _DAYS_PER_MONTH / half_life_months) for r, _ in data]
    ys = [float(r.visitors) for r, _ in data]
    base = [pops[c.center_id] / 1000.0 for _, c in data]
    repeat = [1.0] * REPEAT_LEVELS
    weekday: dict[int, float] = {}
    month: dict[int, float] = {}
    theta0, alpha = 1.0, DEFAULT_ALPHA
    centers = sorted({c.center_id for _, c in data})

    def exposures() -> list[float]:
        return [
            b * repeat[c.repeat - 1] * weekday.get(c.weekday, 1.0) * month.get(c.month, 1.0)
            for b, (_, c) in zip(base, data, strict=True)
        ]

    for _ in range(iterations):
        e = exposures()
        y_c: dict[str, float] = defaultdict(float)
        e_c: dict[str, float] = defaultdict(float)
        for (_, c), w, y, ei in zip(data, decay, ys, e, strict=True):
            y_c[c.center_id] += w * y
            e_c[c.center_id] += w * ei
        theta0, alpha = _empirical_bayes([y_c[c] for c in centers], [e_c[c] for c in centers])
        rate_c = {c: (alpha + y_c[c]) / (alpha / theta0 + e_c[c]) for c in centers}
        mu = [rate_c[c.center_id] * ei for (_, c), ei in zip(data, e, strict=True)]
        new = _update_levels(
            [c.repeat - 1 for _, c in data], decay, ys, mu, factor_prior, dict(enumerate(repeat))
        )
        repeat = [new.get(i, repeat[i]) for i in range(len(repeat))]
        repeat = _non_increasing([v / repeat[0] for v in repeat])
        mu = [rate_c[c.center_id] * ei for (_, c), ei in zip(data, exposures(), strict=True)]
        weekday = _normalised(
            _update_levels([c.weekday for _, c in data], decay, ys, mu, factor_prior, weekday),
            [c.weekday for _, c in data],
            decay,
        )
        mu = [rate_c[c.center_id] * ei for (_, c), ei in zip(data, exposures(), strict=True)]
        month = _normalised(
            _update_levels([c.month for _, c in data], decay, ys, mu, factor_prior, month),
            [c.month for _, c in data],
            decay,
        )
    e = exposures()
    y_c = defaultdict(float)
    e_c = defaultdict(float)
    n_c: dict[str, int] = defaultdict(int)
    v_c: dict[str, int] = defaultdict(int)
    for (r, c), w, ei in zip(data, decay, e, strict=True):
        y_c[c.center_id] += w * r.visitors
        e_c[c.center_id] += w * ei
        n_c[c.center_id] += 1
        v_c[c.center_id] += r.visitors
    theta0, alpha = _empirical_bayes([y_c[c] for c in centers], [e_c[c] for c in centers])
    return DemandModel(
        theta0=theta0,
        alpha=alpha,
        repeat=tuple(repeat),
        weekday=weekday,
        month=month,
        populations=pops,
        shape={c: alpha + y_c.get(c, 0.0) for c in pops},
        rate={c: alpha / theta0 + e_c.get(c, 0.0) for c in pops},
        records=dict(n_c),
        visitors=dict(v_c),
        total_records=len(data),
    )


def _prior_only(pops: dict[str, int]) -> DemandModel:
    # No records: every center at the prior. θ₀ = 1 is an arbitrary unit (nothing is
    # known about visitors); the weights are the populations exactly.
    return DemandModel(
        theta0=1.0,
        alpha=DEFAULT_ALPHA,
        repeat=(1.0,) * REPEAT_LEVELS,
        weekday={},
        month={},
        populations=pops,
        shape=dict.fromkeys(pops, DEFAULT_ALPHA),
        rate=dict.fromkeys(pops, DEFAULT_ALPHA),
        records={},
        visitors={},
        total_records=0,
    )


def _update_levels(
    levels: list[int],
    w: list[float],
    y: list[float],
    mu: list[float],
    kappa: float,
    old: Mapping[int, float],
) -> dict[int, float]:
    """New factor per level: ``(Σ w·y + κ) / (Σ w·μ/old + κ)`` (the posterior mean
    under a Gamma(κ, κ) prior, ``μ/old`` the expectation without this factor)."""
    num: dict[int, float] = defaultdict(float)
    den: dict[int, float] = defaultdict(float)
    for lv, wi, yi, mi in zip(levels, w, y, mu, strict=True):
        num[lv] += wi * yi
        den[lv] += wi * mi / old.get(lv, 1.0)
    return {lv: (num[lv] + kappa) / (den[lv] + kappa) for lv in num}


def _non_increasing(values: list[float]) -> list[float]:
    """Each later repeat at most the earlier one (a repeat visit finds fewer new people)."""
    out = list(values)
    for i in range(1, len(out)):
        out[i] = min(out[i], out[i - 1])
    return out


def _normalised(factors: dict[int, float], levels: list[int], w: list[float]) -> dict[int, float]:
    """Factors scaled so that their record-weighted mean is 1 (the level is in θ)."""
    total = sum(w)
    mean = (
        sum(wi * factors.get(lv, 1.0) for lv, wi in zip(levels, w, strict=True)) / total
        if total
        else 1.0
    )
    return {k: v / mean for k, v in factors.items()} if mean > 0 else dict(factors)


def _marginal(theta0: float, alpha: float, ys: list[float], es: list[float]) -> float:
    """Log marginal likelihood of the centers' totals under the gamma prior (up to a constant)."""
    beta = alpha / theta0
    return sum(
        math.lgamma(alpha + y)
        - math.lgamma(alpha)
        + alpha * math.log(beta)
        - (alpha + y) * math.log(beta + e)
        for y, e in zip(ys, es, strict=True)
    )


def _golden(f: object, lo: float, hi: float, steps: int = 60) -> float:
    """The maximiser of a unimodal ``f`` on ``[lo, hi]`` (golden-section search)."""
    g = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)  # type: ignore[operator]
    for _ in range(steps):
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = f(c)  # type: ignore[operator]
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = f(d)  # type: ignore[operator]
    return (a + b) / 2


def _empirical_bayes(ys: list[float], es: list[float]) -> tuple[float, float]:
    """``(θ₀, α)`` maximising the marginal likelihood (coordinate-wise, on log scales)."""
    total_e = sum(es)
    theta0 = max(sum(ys), 0.5) / total_e if total_e > 0 else 1.0
    if len(ys) < MIN_CENTERS_FOR_ALPHA:
        alpha = DEFAULT_ALPHA
        lt = _golden(
            lambda t: _marginal(math.exp(t), alpha, ys, es),
            math.log(theta0) - 5,
            math.log(theta0) + 5,
        )
        return math.exp(lt), alpha
    la = math.log(DEFAULT_ALPHA)
    lt = math.log(theta0)
    for _ in range(4):
        theta = math.exp(lt)
        la = _golden(lambda a, th=theta: _marginal(th, math.exp(a), ys, es), *_ALPHA_RANGE)
        alpha_now = math.exp(la)
        lt = _golden(lambda t, al=alpha_now: _marginal(math.exp(t), al, ys, es), lt - 3, lt + 3)
    return math.exp(lt), math.exp(la)
