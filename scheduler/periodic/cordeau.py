"""Read a periodic vehicle routing instance (Cordeau's format) into a core Problem.

A PVRP asks for routes over ``t`` days: every customer needs ``f`` visits, on the
days of exactly one of its allowed *patterns*; each day ``m`` vehicles of capacity
``Q`` leave the depot, and a route's travel plus service time may not exceed ``D``
(``D = 0``: no limit). The objective is the total (unrounded Euclidean) length.

The reader builds the project's generic :class:`~scheduler.core.problem.Problem`:

- customer ``i`` → site ``"i"`` with its patterns, ``service_min = d``,
  ``load = q``, ``min_visits = max_visits = f`` and planar coordinates ``xy``;
  an ``f = 0`` customer is optional (``min_visits = 0``, ``max_visits = 1``,
  weight 0);
- the depot → base ``"depot"``; the ``m`` vehicles → teams ``"1"`` … ``"m"``;
- day ``k`` (1-based in the file) → a free-flow :class:`~scheduler.core.problem.Day`
  dated :data:`DAY_ZERO` + ``k - 1`` days, with the day's ``Q`` as its capacity and
  ``D`` as its duration limit;
- travel → the matrix of unrounded Euclidean distances (travel time = distance);
  no minimum gap between visits (patterns decide) and no setup buffer.

Distances and times are in the file's units; "minutes" in the core's field names
are just those units here.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from scheduler.core.problem import Base, Day, Problem, Rules, Site, Team, TravelMatrix

__all__ = ["DAY_ZERO", "DEPOT", "decode_pattern", "read_cordeau"]

#: The date of day 1: the format has no calendar, the core's days carry dates.
DAY_ZERO = dt.date(2001, 1, 1)
#: The base id of the depot.
DEPOT = "depot"


def decode_pattern(code: int, num_days: int) -> frozenset[int]:
    """Decode a Cordeau pattern: a t-bit number whose leftmost bit is day 1.

    Returns the set of 0-based days, e.g. ``decode_pattern(10, 5) == {1, 3}``
    (10 = 01010: days 2 and 4 in 1-based terms).
    """
    if code < 0 or code >= 1 << num_days:
        raise ValueError(f"pattern {code} is not a {num_days}-bit day pattern")
    return frozenset(k for k in range(num_days) if (code >> (num_days - 1 - k)) & 1)


class _Lines:
    """Non-blank lines of a file with their 1-based line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not a text file ({exc})") from None
        self.rows = [
            (number, line.split())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        self.pos = 0

    def next(self, what: str) -> tuple[int, list[str]]:
        if self.pos >= len(self.rows):
            last = self.rows[-1][0] if self.rows else 0
            raise ValueError(f"{self.path}: file ends early after line {last}, expected {what}")
        row = self.rows[self.pos]
        self.pos += 1
        return row

    def error(self, line: int, message: str) -> ValueError:
        return ValueError(f"{self.path}, line {line}: {message}")


def _number(lines: _Lines, line: int, token: str, what: str, *, integer: bool) -> float:
    try:
        value = float(token)
    except ValueError:
        raise lines.error(line, f"{what} must be a number, got {token!r}") from None
    if not math.isfinite(value):
        raise lines.error(line, f"{what} must be finite, got {token!r}")
    if integer and value != int(value):
        raise lines.error(line, f"{what} must be an integer, got {token!r}")
    return value


def read_cordeau(path: str | Path) -> Problem:
    """Read a PVRP instance in Cordeau's format (problem type 1).

    Layout: ``type m n t``; ``t`` lines ``D Q``; then ``n + 1`` node lines
    ``i x y d q f a pattern...`` with the depot first. Blank lines anywhere are
    ignored. Raises ``ValueError`` naming the file and line on any format error.
    """
    lines = _Lines(Path(path))
    name = lines.path.name

    number, head = lines.next("the header 'type m n t'")
    if len(head) != 4:
        raise lines.error(number, f"header must be 'type m n t' (4 numbers), got {len(head)}")
    kind, m, n, t = (
        int(_number(lines, number, tok, w, integer=True))
        for tok, w in zip(head, ("type", "m", "n", "t"), strict=True)  # len(head) == 4
    )
    if kind != 1:
        raise lines.error(number, f"problem type {kind} is not 1 (PVRP)")
    if m < 1 or n < 0 or t < 1:
        raise lines.error(number, f"need m >= 1, n >= 0, t >= 1; got m={m}, n={n}, t={t}")

    days = []
    for day in range(t):
        number, row = lines.next(f"the 'D Q' line of day {day + 1}")
        if len(row) != 2:
            raise lines.error(number, f"day {day + 1}: expected 'D Q', got {len(row)} values")
        limit = _number(lines, number, row[0], "route duration D", integer=False)
        capacity = int(_number(lines, number, row[1], "capacity Q", integer=True))
        if limit < 0 or capacity < 0:
            raise lines.error(number, f"day {day + 1}: D and Q must be >= 0")
        days.append((capacity, limit or None))

    number, row = lines.next("the depot line '0 x y 0 0 0 0'")
    if len(row) < 3:
        raise lines.error(number, "depot line needs at least 'i x y'")
    if _number(lines, number, row[0], "depot id", integer=True) != 0:
        raise lines.error(number, f"the first node must be the depot with id 0, got {row[0]!r}")
    depot = (
        _number(lines, number, row[1], "depot x", integer=False),
        _number(lines, number, row[2], "depot y", integer=False),
    )

    customers: list[Site] = []
    seen: dict[str, int] = {}  # customer id -> its line
    for _ in range(n):
        number, row = lines.next(f"{n} customer lines after the depot, found {len(customers)}")
        customer = _site(lines, number, row, t)
        if int(customer.id) < 1:
            raise lines.error(
                number, f"customer id must be >= 1 (0 is the depot), got {customer.id}"
            )
        if customer.id in seen:
            raise lines.error(
                number, f"customer id {customer.id} already used on line {seen[customer.id]}"
            )
        seen[customer.id] = number
        customers.append(customer)

    if lines.pos < len(lines.rows):
        number, _ = lines.rows[lines.pos]
        raise lines.error(
            number, f"unexpected data after the {n} customers announced in the header"
        )

    return _problem(name, depot, customers, days, m)


def _problem(
    name: str,
    depot: tuple[float, float],
    sites: list[Site],
    days: list[tuple[int, float | None]],
    vehicles: int,
) -> Problem:
    points = [depot]
    for s in sites:
        assert s.xy is not None  # _site always sets xy
        points.append(s.xy)
    ids = (DEPOT, *(s.id for s in sites))
    matrix = tuple(tuple(math.hypot(ax - bx, ay - by) for bx, by in points) for ax, ay in points)
    longest = (
        2 * max(max(row) for row in matrix) * (len(sites) + 1)
        + sum(s.service_min for s in sites)
        + 1
    )
    core_days = tuple(
        Day(
            date=DAY_ZERO + dt.timedelta(days=k),
            sessions=(),
            work_start_min=0,
            work_end_min=longest,
            capacity=capacity,
            max_route_min=limit,
        )
        for k, (capacity, limit) in enumerate(days)
    )
    return Problem(
        start=core_days[0].date,
        end=core_days[-1].date,
        sites=tuple(sites),
        bases=(Base(id=DEPOT, name="depot", lat=None, lon=None, xy=depot),),
        teams=tuple(
            Team(id=str(v), name=f"vehicle {v}", base_id=DEPOT) for v in range(1, vehicles + 1)
        ),
        days=core_days,
        travel=TravelMatrix(ids, matrix),
        rules=Rules(min_gap_days=1, setup_buffer_min=0),
        label=name,
    )


def _site(lines: _Lines, number: int, row: list[str], t: int) -> Site:
    """One customer line as a site: ``min_visits = max_visits = f`` (optional with
    ``max_visits = 1`` and no weight when ``f = 0``), its patterns, service, load."""
    if len(row) < 7:
        raise lines.error(number, f"customer line needs 'i x y d q f a ...', got {len(row)} values")
    ident = int(_number(lines, number, row[0], "customer id", integer=True))
    x = _number(lines, number, row[1], "x", integer=False)
    y = _number(lines, number, row[2], "y", integer=False)
    service = _number(lines, number, row[3], "service duration d", integer=False)
    demand = int(_number(lines, number, row[4], "demand q", integer=True))
    frequency = int(_number(lines, number, row[5], "frequency f", integer=True))
    count = int(_number(lines, number, row[6], "pattern count a", integer=True))
    if service < 0 or demand < 0:
        raise lines.error(number, f"customer {ident}: service duration and demand must be >= 0")
    if not 0 <= frequency <= t:
        raise lines.error(number, f"customer {ident}: frequency f={frequency} outside 0..{t}")
    if count < 1:
        raise lines.error(number, f"customer {ident}: needs at least one pattern (a={count})")
    if len(row) != 7 + count:
        raise lines.error(
            number, f"customer {ident}: a={count} patterns announced, {len(row) - 7} given"
        )
    patterns: list[frozenset[int]] = []
    for token in row[7:]:
        code = int(_number(lines, number, token, "pattern", integer=True))
        if not 0 < code < 1 << t:
            raise lines.error(
                number, f"customer {ident}: pattern {code} is not a non-empty {t}-bit day pattern"
            )
        days = decode_pattern(code, t)
        if frequency > 0 and len(days) != frequency:
            raise lines.error(
                number, f"customer {ident}: pattern {code} has {len(days)} days, but f={frequency}"
            )
        if days not in patterns:
            patterns.append(days)
    try:
        return Site(
            id=str(ident),
            name=f"customer {ident}",
            lat=None,
            lon=None,
            weight=1 if frequency else 0,
            min_visits=frequency,
            max_visits=frequency or 1,
            patterns=tuple(patterns),
            service_min=service,
            load=demand,
            xy=(x, y),
        )
    except ValueError as exc:  # e.g. an f = 0 pattern with more than one day
        raise lines.error(number, str(exc)) from None
