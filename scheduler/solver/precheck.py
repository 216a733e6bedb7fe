"""Counting checks that explain the common reasons a problem has no plan.

They run before the model is built and speak the planner's terms (centers, dates,
counselors, rules), in Korean and English, from the catalog
(``scheduler/i18n/msgs_solver.py``). The arithmetic is the core's
(:mod:`scheduler.core.rules`).
"""

from __future__ import annotations

from scheduler.core import rules
from scheduler.core.problem import Problem
from scheduler.errors import Conflict
from scheduler.i18n.dates import format_date
from scheduler.solver._text import conflict, site_name, slots_formula, word


def _when(date):  # type: ignore[no-untyped-def]
    """A date for people, per language."""
    return lambda lang: format_date(date, lang)


def _iso_ko(date):  # type: ignore[no-untyped-def]
    """Korean: the date for people; English: the ISO date (as the messages always said)."""
    return lambda lang: format_date(date, "ko") if lang == "ko" else date.isoformat()


def slot_shortage(problem: Problem) -> list[Conflict]:
    """More required visits than counselor-sessions."""
    need = sum(s.min_visits for s in problem.sites)
    slots = problem.slots()
    if need <= slots:
        return []
    n_req = sum(1 for s in problem.sites if s.min_visits > 0)
    mins = sorted({s.min_visits for s in problem.sites if s.min_visits > 0})
    code = "solver.precheck.slots_first" if mins == [1] else "solver.precheck.slots_total"
    params = {
        "centers": n_req,
        "need": need,
        "slots": slots,
        "formula": lambda lang: slots_formula(problem, lang),
    }
    if mins == [1]:
        params.pop("need")
    else:
        params.pop("centers")
    return [
        conflict(
            "min_visits",
            code,
            "solver.remedy.slots",
            params,
            {"centers": n_req, "required_visits": need, "slots": slots},
        )
    ]


def gap_limits(problem: Problem) -> list[Conflict]:
    """A center's minimum cannot fit in the period given the minimum days between visits."""
    out = []
    gap = problem.rules.min_gap_days
    for s in problem.sites:
        if not s.min_visits:
            continue
        dates = [d.date for d in problem.days if not rules.site_closed(problem, s.id, d.date)]
        cap = rules.max_spaced_days(dates, gap)
        if cap < s.min_visits:
            out.append(
                conflict(
                    "min_gap_days",
                    "solver.precheck.gap_limit",
                    "solver.remedy.gap_limit",
                    {
                        "center": lambda lang, sid=s.id: site_name(problem, sid, lang),
                        "need": s.min_visits,
                        "gap": gap,
                        "fit": cap,
                        "open": len(dates),
                    },
                    {"center": s.id, "min_visits": s.min_visits, "fit": cap},
                )
            )
    return out


def pin_conflicts(problem: Problem) -> list[Conflict]:
    """Pinned visits on a day that is not a visit day, a closed center or a day off."""
    out = []
    days = {d.date: d for d in problem.days}
    for p in problem.pins:

        def center(lang: str, sid: str = p.site_id) -> str:
            return site_name(problem, sid, lang)

        if p.date not in days:
            out.append(
                conflict(
                    "pin_day",
                    "solver.precheck.pin_day",
                    "solver.remedy.pin_day",
                    {"center": center, "date": _iso_ko(p.date)},
                )
            )
            continue
        if rules.site_closed(problem, p.site_id, p.date):
            out.append(
                conflict(
                    "pin_closed",
                    "solver.precheck.pin_closed",
                    "solver.remedy.pin_closed",
                    {"center": center, "date": _iso_ko(p.date)},
                )
            )
        if p.team_id is not None and not rules.team_available(problem.team(p.team_id), p.date):
            date = p.date
            out.append(
                conflict(
                    "pin_leave",
                    "solver.precheck.pin_leave",
                    "solver.remedy.pin_leave",
                    {
                        "counselor": p.team_id,
                        "date": lambda lang, d=date: (
                            format_date(d, "ko")
                            if lang == "ko"
                            else f"{d.isoformat()} ({format_date(d, 'en')})"
                        ),
                        "center": lambda lang, sid=p.site_id: site_name(
                            problem, sid, lang, with_id=True
                        ),
                    },
                )
            )
        if p.session is not None and p.session not in {s.index for s in days[p.date].sessions}:
            out.append(
                conflict(
                    "pin_session",
                    "solver.precheck.pin_session",
                    "solver.remedy.pin_session",
                    {"center": center, "date": _iso_ko(p.date), "session": p.session},
                )
            )
    return out


def pin_gaps(problem: Problem) -> list[Conflict]:
    """Pinned visits to one center (or a pin and the center's last visit before the
    period) closer together than the minimum days between visits."""
    out = []
    gap = problem.rules.min_gap_days
    for site in problem.sites:
        dates = sorted({p.date for p in problem.pins if p.site_id == site.id})

        def center(lang: str, sid: str = site.id) -> str:
            return site_name(problem, sid, lang, with_id=True)

        for a, b in rules.spacing_breaches(problem, site.id, dates):
            n = (b - a).days
            numbers = {
                "center": site.id,
                "dates": [a.isoformat(), b.isoformat()],
                "days": n,
                "min_gap": gap,
            }
            if a < problem.start:  # the last visit before the period
                if b != dates[0]:
                    continue
                out.append(
                    conflict(
                        "pin_gap",
                        "solver.precheck.pin_history_gap",
                        "solver.remedy.pin_history_gap",
                        {
                            "center": center,
                            "date": _when(b),
                            "last": _when(a),
                            "days": n,
                            "gap": gap,
                        },
                        numbers,
                    )
                )
            else:
                out.append(
                    conflict(
                        "pin_gap",
                        "solver.precheck.pin_pair_gap",
                        "solver.remedy.pin_pair_gap",
                        {
                            "center": center,
                            "first": _when(a),
                            "second": _when(b),
                            "days": n,
                            "gap": gap,
                        },
                        numbers,
                        remedy_params={"gap": gap},
                    )
                )
    return out


def pin_overload(problem: Problem) -> list[Conflict]:
    """More pinned visits on a day than its slots (all counselors, or one named
    counselor), or one center pinned twice on a day."""
    out = []
    days = {d.date: d for d in problem.days}
    for date in sorted({p.date for p in problem.pins if p.date in days}):
        pins = [p for p in problem.pins if p.date == date]
        per_day = len(days[date].sessions)
        working = [t for t in problem.teams if rules.team_available(t, date)]
        for sid in sorted({p.site_id for p in pins}):
            same = [p for p in pins if p.site_id == sid]
            if len({(p.team_id, p.session) for p in same}) > 1:
                out.append(
                    conflict(
                        "pin_twice",
                        "solver.precheck.pin_twice",
                        "solver.remedy.pin_twice",
                        {
                            "center": lambda lang, s=sid: site_name(problem, s, lang, with_id=True),
                            "date": _when(date),
                        },
                        {"center": sid},
                    )
                )
        for t in working:
            mine = [p for p in pins if p.team_id == t.id]
            if len(mine) > per_day:
                out.append(
                    conflict(
                        "pin_overload",
                        "solver.precheck.pin_overload_counselor",
                        "solver.remedy.pin_overload_counselor",
                        {
                            "counselor": t.id,
                            "date": _when(date),
                            "pinned": len(mine),
                            "per_day": per_day,
                            "visit_word": lambda lang, n=per_day: word("visit", n, lang),
                        },
                        {"counselor": t.id, "pinned": len(mine), "slots": per_day},
                    )
                )
        slots = len(working) * per_day
        staff = len(working)
        if len({p.site_id for p in pins}) > slots:
            out.append(
                conflict(
                    "pin_overload",
                    "solver.precheck.pin_overload_day",
                    "solver.remedy.pin_overload_day",
                    {
                        "date": _when(date),
                        "pinned": len(pins),
                        "slots": slots,
                        "working": len(working),
                        "per_day": per_day,
                        "counselor_word": lambda lang, n=staff: word("counselor", n, lang),
                        "visit_word": lambda lang, n=per_day: word("visit", n, lang),
                    },
                    {"date": date.isoformat(), "pinned": len(pins), "slots": slots},
                )
            )
    return out


def precheck(problem: Problem) -> list[Conflict]:
    """Every counting conflict found, empty when none."""
    return [
        *pin_conflicts(problem),
        *pin_gaps(problem),
        *pin_overload(problem),
        *slot_shortage(problem),
        *gap_limits(problem),
    ]
