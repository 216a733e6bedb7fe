"""Typed requests of the application layer, constructible from plain values.

Every field is a plain value a web form or a command line can give: strings, numbers,
tuples, paths. ``None`` means "take the district config's value". Dates may be given
as ``datetime.date`` or ISO text; center and counselor references may be ids or names
(resolved by :mod:`scheduler.app.resolve`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

#: A date as a ``datetime.date`` or ISO text (``2027-01-05``).
DateLike = dt.date | str
#: ``(who, when)``: a counselor or center (id or name) and a date or ``FROM..TO`` span.
Span = tuple[str, DateLike | str]

DEFAULT_TIME_LIMIT_S = 30.0
EXPLAIN_TIME_LIMIT_S = 10.0
EVALUATE_TIME_LIMIT_S = 20.0


@dataclass(frozen=True)
class PlanRequest:
    """Plan a period (``visitplan plan``).

    ``counselor_names`` name counselors by position (the first name is counselor 1's);
    an empty name keeps the config's. ``leave`` holds ``(counselor, date or span)``
    pairs, ``closures`` ``(center, date or span)`` pairs; both accept names.
    ``weekdays`` is ``"tue,thu"`` or a tuple of weekdays (``2`` or ``"tue"``).
    """

    month: str | None = None
    months: int = 1
    start: DateLike | None = None
    end: DateLike | None = None
    counselors: int | None = None
    visits_per_day: int | None = None
    weekdays: str | tuple[int | str, ...] | None = None
    counselor_names: tuple[str, ...] = ()
    leave: tuple[Span, ...] = ()
    closures: tuple[Span, ...] = ()
    min_visits: int | None = None
    max_visits: int | None = None
    config_path: Path | None = None
    centers_path: Path | None = None
    history_path: Path | None = None
    travel_matrix_path: Path | None = None
    pins_path: Path | None = None
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    seed: int = 0
    lang: str = "ko"
    tiles: str = "none"
    today: dt.date | None = None  # "next month" is counted from this day (default: today)
    # scheduler.demand: "population" | "attendance" (None: attendance when records exist),
    # the database (None: $VISITPLAN_DB or the user's data folder), the rotation rule.
    demand: str | None = None
    db_path: Path | None = None
    max_months_unvisited: int | None = None


@dataclass(frozen=True)
class ReplanRequest:
    """Re-plan a saved plan folder from ``since`` on (``visitplan replan``)."""

    plan_dir: Path
    since: DateLike
    unavailable: tuple[Span, ...] = ()
    closed: tuple[Span, ...] = ()
    add_counselors: tuple[str, ...] = ()
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    seed: int | None = None  # None: the old plan's seed
    lang: str = "ko"


@dataclass(frozen=True)
class WhatIfRequest:
    """Compare staffing scenarios (``visitplan whatif``).

    ``counselors`` and ``visits_per_day`` are lists of counts (``(1, 2, 3)``) or text
    (``"1-4"``, ``"1,2"``); ``weekday_sets`` a tuple of weekday texts (``"tue,thu"``).
    """

    month: str | None = None
    months: int = 1
    start: DateLike | None = None
    end: DateLike | None = None
    counselors: str | tuple[int, ...] = "1-4"
    visits_per_day: str | tuple[int, ...] | None = None
    weekday_sets: tuple[str, ...] = ()
    min_visits: int | None = None
    max_visits: int | None = None
    config_path: Path | None = None
    centers_path: Path | None = None
    history_path: Path | None = None
    travel_matrix_path: Path | None = None
    time_limit_s: float = 10.0
    seed: int = 0
    workers: int | None = None
    lang: str = "ko"
    tiles: str = "none"
    today: dt.date | None = None


@dataclass(frozen=True)
class EvaluateRequest:
    """Measure a schedule file and list every broken rule (``visitplan evaluate``).

    The period defaults to the whole month(s) the schedule falls in; ``month`` or
    ``start``/``end`` set it. ``compare`` also solves the same period.
    """

    schedule_path: Path
    config_path: Path | None = None
    month: str | None = None
    months: int = 1
    start: DateLike | None = None
    end: DateLike | None = None
    counselors: int | None = None  # None: the counselors the schedule names
    compare: bool = False
    time_limit_s: float = EVALUATE_TIME_LIMIT_S
    seed: int = 0
    lang: str = "ko"


@dataclass(frozen=True)
class ExplainRequest:
    """Why a center got its dates in a saved plan (``visitplan explain``)."""

    plan_dir: Path
    center: str  # id or name
    time_limit_s: float = EXPLAIN_TIME_LIMIT_S
    alternatives: bool = True
    seed: int = 0
    lang: str = "ko"


@dataclass(frozen=True)
class ExportRequest:
    """Re-render the shared files of a saved plan without solving (``visitplan export``)."""

    plan_dir: Path
    lang: str = "ko"
    tiles: str = "none"
