"""Small distribution helpers (no SciPy): log-densities and quantiles of the Poisson,
negative binomial and gamma distributions, written from their textbook definitions."""

from __future__ import annotations

import math


def poisson_logpmf(y: int, mean: float) -> float:
    """``log P(Y = y)`` for ``Y ~ Poisson(mean)``."""
    if mean <= 0:
        return 0.0 if y == 0 else -math.inf
    return y * math.log(mean) - mean - math.lgamma(y + 1)


def nbinom_logpmf(y: int, shape: float, rate: float, exposure: float) -> float:
    """``log P(Y = y)`` for the gamma–Poisson mixture ``Y | λ ~ Poisson(λ·exposure)``,
    ``λ ~ Gamma(shape, rate)``: a negative binomial with mean ``shape·exposure/rate``."""
    if exposure <= 0:
        return 0.0 if y == 0 else -math.inf
    p = rate / (rate + exposure)
    return (
        math.lgamma(shape + y)
        - math.lgamma(shape)
        - math.lgamma(y + 1)
        + shape * math.log(p)
        + y * math.log1p(-p)
    )


def nbinom_quantile(q: float, shape: float, rate: float, exposure: float) -> int:
    """The smallest ``y`` with ``P(Y <= y) >= q`` for the mixture of :func:`nbinom_logpmf`."""
    total = 0.0
    y = 0
    while y < 1_000_000:
        total += math.exp(nbinom_logpmf(y, shape, rate, exposure))
        if total >= q - 1e-12:
            return y
        y += 1
    return y


def gamma_cdf(x: float, shape: float, rate: float) -> float:
    """``P(X <= x)`` for ``X ~ Gamma(shape, rate)`` (the regularized lower incomplete gamma)."""
    if x <= 0:
        return 0.0
    a, z = shape, x * rate
    log_front = a * math.log(z) - z - math.lgamma(a)
    if z < a + 1:  # the series converges fast here
        term = total = 1.0 / a
        n = a
        for _ in range(10_000):
            n += 1
            term *= z / n
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return min(1.0, math.exp(log_front) * total)
    # Lentz's continued fraction for the upper tail
    tiny = 1e-300
    b = z + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return max(0.0, 1.0 - math.exp(log_front) * h)


def gamma_quantile(q: float, shape: float, rate: float) -> float:
    """The ``q`` quantile of ``Gamma(shape, rate)`` (bisection on :func:`gamma_cdf`)."""
    lo, hi = 0.0, max(1.0, shape / rate)
    while gamma_cdf(hi, shape, rate) < q:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if gamma_cdf(mid, shape, rate) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return (lo + hi) / 2
