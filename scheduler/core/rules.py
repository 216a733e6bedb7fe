"""The arithmetic of every hard rule, in one place (no solver here).

The validator (:mod:`scheduler.core.validate`) checks plans with these functions and
the CP-SAT builders (``scheduler/solver/_rules.py``) turn the same functions into
constraints, so a rule cannot mean one thing to the solver and another to the
validator. ``docs/model.md`` has the table of each rule, its function here, its
builder and its validator check.

- **spacing**: two visits of a site at least ``min_gap_days`` apart, the last visit
  before the period included (:func:`too_close`, :func:`history_allows`,
  :func:`gap_windows`, :func:`max_spaced_days`, :func:`spacing_breaches`);
- **open days**: a site can be visited on a day unless it is closed, may get no
  visit at all, or was visited too recently before the period (:func:`site_open`,
  :func:`open_days`);
- **visit caps**: a site's visits lie in ``[min_visits, max_visits]``, and no more
  fit than the spacing allows (:func:`visit_bounds`, :func:`visit_cap`,
  :func:`count_breaches`);
- **availability**: a team works on its weekdays and not on leave; a site is not
  visited when closed (:func:`team_available`, :func:`site_closed`);
- **the clock**: a team reaches each visit, set-up time included, by its start, and
  is back at its base by the end of the working day; its day away from the base and
  its load stay within their limits (:func:`arrives_in_time`, :func:`home_in_time`,
  :func:`away_minutes`, :func:`load_fits`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise

from scheduler.core.problem import Problem, Site, SiteId, Team


# Spacing ---------------------------------------------------------------------
def too_close(a: dt.date, b: dt.date, gap_days: int) -> bool:
    """Whether visits on ``a`` and ``b`` (either order) break a minimum gap of ``gap_days``."""
    return abs((b - a).days) < gap_days


def history_allows(problem: Problem, site_id: SiteId, date: dt.date) -> bool:
    """Whether ``date`` is far enough from the site's last visit before the period."""
    last = problem.last_visit.get(site_id)
    return (
        last is None
        or last >= problem.start
        or not too_close(last, date, problem.rules.min_gap_days)
    )


def gap_windows(dates: Iterable[dt.date], gap_days: int) -> list[tuple[dt.date, ...]]:
    """The maximal runs of ``dates`` spanning fewer than ``gap_days`` days, in date
    order: a site is visited at most once in each (a date with no neighbour that
    close forms a window of its own). Every pair of dates too close together lies in
    one of them, so "at most one per window" is exactly the spacing rule."""
    ds = sorted(dates)
    out: list[tuple[dt.date, ...]] = []
    for i, d in enumerate(ds):
        window = tuple(e for e in ds[i:] if (e - d).days < gap_days)
        if not out or window[-1] > out[-1][-1]:
            out.append(window)
    return out


def max_spaced_days(dates: Iterable[dt.date], gap_days: int) -> int:
    """The most of ``dates`` that can be picked with consecutive picks at least
    ``gap_days`` apart (greedy earliest-first is optimal for this)."""
    n, last = 0, None
    for d in sorted(dates):
        if last is None or (d - last).days >= gap_days:
            n, last = n + 1, d
    return n


def spacing_breaches(
    problem: Problem, site_id: SiteId, dates: Iterable[dt.date]
) -> list[tuple[dt.date, dt.date]]:
    """Consecutive visits of a site (its last visit before the period first) that are
    closer than the minimum gap, as ``(earlier, later)`` date pairs."""
    seq = sorted(set(dates))
    last = problem.last_visit.get(site_id)
    if last is not None and last < problem.start:
        seq = [last, *seq]
    gap = problem.rules.min_gap_days
    return [(a, b) for a, b in pairwise(seq) if too_close(a, b, gap)]


# Availability and open days ----------------------------------------------------
def team_available(team: Team, date: dt.date) -> bool:
    """Whether the team works on ``date`` (its weekdays, not on leave)."""
    return team.works_on(date)


def site_closed(problem: Problem, site_id: SiteId, date: dt.date) -> bool:
    """Whether the site is closed on ``date``."""
    return (site_id, date) in problem.closures


def site_open(problem: Problem, site: Site, date: dt.date) -> bool:
    """Whether ``site`` may be visited on ``date``: not closed, allowed any visit at all,
    and far enough from its last visit before the period."""
    return (
        not site_closed(problem, site.id, date)
        and site.max_visits != 0
        and history_allows(problem, site.id, date)
    )


def open_days(problem: Problem, site: Site) -> list[dt.date]:
    """The visit days of the problem on which ``site`` is open, in date order."""
    return [d.date for d in problem.days if site_open(problem, site, d.date)]


# The clock -------------------------------------------------------------------
def arrives_in_time(
    ready_min: float, travel_min: float, buffer_min: float, start_min: float
) -> bool:
    """A team free at ``ready_min`` (the working day's start, or the end of its previous
    visit) that travels ``travel_min`` and sets up for ``buffer_min`` is ready by
    ``start_min``."""
    return ready_min + travel_min + buffer_min <= start_min


def home_in_time(end_min: float, travel_min: float, work_end_min: float) -> bool:
    """A visit ending at ``end_min``, ``travel_min`` from the base, leaves the team
    back at its base by the end of the working day."""
    return end_min + travel_min <= work_end_min


def away_minutes(
    first_arrive_min: float, first_leg_min: float, last_end_min: float, back_min: float
) -> float:
    """Minutes from leaving the base (to arrive at the first visit) to coming back."""
    return (last_end_min + back_min) - (first_arrive_min - first_leg_min)


def load_fits(load: int, capacity: int | float | None) -> bool:
    """Whether a day's summed load stays within a capacity (``None``: no limit)."""
    return capacity is None or load <= capacity


# Visit caps --------------------------------------------------------------------
def visit_bounds(site: Site) -> tuple[int, int | None]:
    """``(min_visits, max_visits)`` of the site in the period (``None``: no maximum)."""
    return site.min_visits, site.max_visits


def visit_cap(site: Site, dates: Iterable[dt.date], gap_days: int) -> int:
    """The most visits the site can get on ``dates`` (its open days, or the days some
    route reaches it): what the spacing allows, within its maximum."""
    cap = max_spaced_days(dates, gap_days)
    return cap if site.max_visits is None else min(cap, site.max_visits)


def count_breaches(site: Site, visits: int) -> tuple[bool, bool]:
    """``(below the minimum, above the maximum)`` for a site with ``visits`` visits."""
    lo, hi = visit_bounds(site)
    return visits < lo, hi is not None and visits > hi
