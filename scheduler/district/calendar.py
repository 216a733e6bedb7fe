"""Visit days: allowed weekdays minus Korean public holidays and closure dates.

Holidays come from python-holidays (``holidays.KR``), which includes substitute
holidays and national election days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

WEEKDAY_NAMES = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_KO_WEEKDAYS = {"월": 1, "화": 2, "수": 3, "목": 4, "금": 5, "토": 6, "일": 7}


_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekday(text: str) -> int:
    """``tue`` / ``Tuesday`` / ``화`` / ``화요일`` → ISO weekday 2; ``ValueError`` otherwise."""
    t = text.strip().lower()
    t = t.removesuffix("요일")
    if t in _KO_WEEKDAYS:
        return _KO_WEEKDAYS[t]
    if t in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[t]
    if t in _FULL:
        return _FULL.index(t) + 1
    import difflib

    near = difflib.get_close_matches(t, [*WEEKDAY_NAMES, *_FULL], n=1, cutoff=0.5)
    if near:
        short = near[0][:3]
        raise ValueError(f"not a weekday: {text!r} (did you mean {short!r}?)")
    raise ValueError(f"not a weekday: {text!r} (use mon, tue, wed, thu, fri, sat, sun)")


@dataclass(frozen=True)
class SkippedDay:
    """A weekday that would have been a visit day, and why it is not."""

    date: dt.date
    reason: str  # "holiday" or "closure"
    name: str


def korean_holidays(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Korean public holidays (substitute and election days included) in ``[start, end]``."""
    kr = holidays.country_holidays("KR", years=range(start.year, end.year + 1), language="ko")
    return {d: str(n) for d, n in sorted(kr.items()) if start <= d <= end}


def visit_dates(
    start: dt.date, end: dt.date, weekdays: Iterable[int], closures: Iterable[dt.date] = ()
) -> tuple[list[dt.date], list[SkippedDay]]:
    """Dates in ``[start, end]`` on the allowed ISO ``weekdays`` that are neither a
    public holiday nor a closure date, and the allowed-weekday dates that were skipped."""
    allowed = set(weekdays)
    closed = set(closures)
    hol = korean_holidays(start, end)
    days, skipped = [], []
    d = start
    while d <= end:
        if d.isoweekday() in allowed:
            if d in hol:
                skipped.append(SkippedDay(d, "holiday", hol[d]))
            elif d in closed:
                skipped.append(SkippedDay(d, "closure", ""))
            else:
                days.append(d)
        d += dt.timedelta(days=1)
    return days, skipped


def month_period(month: str) -> tuple[dt.date, dt.date]:
    """``2026-12`` → (2026-12-01, 2026-12-31); ``ValueError`` on a bad month."""
    try:
        y, m = (int(p) for p in month.split("-"))
        first = dt.date(y, m, 1)
    except (ValueError, TypeError):
        raise ValueError(f"not a month of the form YYYY-MM: {month!r}") from None
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def months_period(month: str, months: int) -> tuple[dt.date, dt.date]:
    """``months`` consecutive months starting at ``month``."""
    start, end = month_period(month)
    for _ in range(months - 1):
        nxt = end + dt.timedelta(days=1)
        _, end = month_period(f"{nxt.year}-{nxt.month:02d}")
    return start, end


def next_month(today: dt.date) -> str:
    """The month after ``today`` as ``YYYY-MM``."""
    return f"{today.year + (today.month == 12)}-{today.month % 12 + 1:02d}"
