"""Counting checks that explain the common reasons a problem has no plan.

They run before the model is built and speak the planner's terms (centers, dates,
counselors, rules), in Korean and English.
"""

from __future__ import annotations

from itertools import pairwise

from scheduler.core.problem import Problem
from scheduler.errors import Conflict
from scheduler.output.labels import format_date


def _slots_formula(problem: Problem) -> tuple[str, str]:
    teams = len(problem.teams)
    days = len(problem.days)
    per_day = sorted({len(d.sessions) for d in problem.days})
    v = per_day[0] if len(per_day) == 1 else "/".join(map(str, per_day))
    en = f"{teams} counselor{'s' if teams != 1 else ''} × {days} days × {v} visit{'s' if v != 1 else ''}"
    ko = f"상담사 {teams}명 × {days}일 × 하루 {v}회"
    return ko, en


def slot_shortage(problem: Problem) -> list[Conflict]:
    """More required visits than counselor-sessions."""
    need = sum(s.min_visits for s in problem.sites)
    slots = problem.slots()
    if need <= slots:
        return []
    n_req = sum(1 for s in problem.sites if s.min_visits > 0)
    mins = sorted({s.min_visits for s in problem.sites if s.min_visits > 0})
    ko_f, en_f = _slots_formula(problem)
    if mins == [1]:
        en = f"{n_req} centers need at least one visit but there are only {slots} slots ({en_f})."
        ko = f"{n_req}개 센터가 최소 1회 방문이 필요하지만 방문 가능 회차는 {slots}회뿐입니다({ko_f})."
    else:
        en = f"The centers need at least {need} visits in total but there are only {slots} slots ({en_f})."
        ko = f"센터 최소 방문 합계는 {need}회이지만 방문 가능 회차는 {slots}회뿐입니다({ko_f})."
    return [
        Conflict(
            rule="min_visits",
            message_ko=ko,
            message_en=en,
            remedy_ko="상담사를 늘리거나, 하루 2회 방문을 허용하거나, 최소 방문 횟수를 낮추세요.",
            remedy_en="Add a counselor, allow 2 visits a day, or lower the minimum.",
            numbers={"centers": n_req, "required_visits": need, "slots": slots},
        )
    ]


def gap_limits(problem: Problem) -> list[Conflict]:
    """A center's minimum cannot fit in the period given the minimum days between visits."""
    from scheduler.solver._model import max_spaced_days  # local: keeps import graph flat

    out = []
    gap = problem.rules.min_gap_days
    for s in problem.sites:
        if not s.min_visits:
            continue
        dates = [d.date for d in problem.days if (s.id, d.date) not in problem.closures]
        cap = max_spaced_days(dates, gap)
        if cap < s.min_visits:
            out.append(
                Conflict(
                    rule="min_gap_days",
                    message_en=(
                        f"{s.name_en or s.id} needs {s.min_visits} visits, but with at least {gap} days "
                        f"between visits only {cap} fit on its {len(dates)} open visit days."
                    ),
                    message_ko=(
                        f"{s.name}은(는) {s.min_visits}회 방문이 필요하지만 방문 간격 최소 {gap}일 규칙으로 "
                        f"열린 방문일 {len(dates)}일 중 {cap}회만 가능합니다."
                    ),
                    remedy_en="Lower the minimum visits or the minimum days between visits, or lengthen the period.",
                    remedy_ko="최소 방문 횟수나 최소 방문 간격을 낮추거나 기간을 늘리세요.",
                    numbers={"center": s.id, "min_visits": s.min_visits, "fit": cap},
                )
            )
    return out


def pin_conflicts(problem: Problem) -> list[Conflict]:
    """Pinned visits on a day that is not a visit day, a closed center or a day off."""
    out = []
    days = {d.date: d for d in problem.days}
    for p in problem.pins:
        site = problem.site(p.site_id)
        when_ko, when_en = format_date(p.date, "ko"), format_date(p.date, "en")
        if p.date not in days:
            out.append(Conflict("pin_day", f"{site.name} 고정 방문일 {when_ko}은(는) 방문일이 아닙니다.",
                                f"The pinned visit to {site.name_en or site.id} on {p.date} is not on a visit day.",
                                "고정 방문을 방문일로 옮기세요.", "Move the pinned visit to a visit day."))
            continue
        if (p.site_id, p.date) in problem.closures:
            out.append(Conflict("pin_closed", f"{site.name}은(는) {when_ko}에 휴무인데 방문이 고정되어 있습니다.",
                                f"{site.name_en or site.id} is closed on {p.date} but has a pinned visit then.",
                                "고정 방문이나 휴무일을 바꾸세요.", "Move the pinned visit or the closure."))
        if p.team_id is not None and not problem.team(p.team_id).works_on(p.date):
            out.append(Conflict("pin_leave",
                                f"상담사 {p.team_id}은(는) {when_ko}에 근무하지 않는데 {site.name} 방문이 고정되어 있습니다.",
                                f"Counselor {p.team_id} is on leave on {p.date} ({when_en}) but is pinned to visit "
                                f"{site.name_en or site.id} ({site.id}) that day.",
                                "고정 방문의 상담사나 날짜를 바꾸세요.",
                                "Pin another counselor or another date."))
        if p.session is not None and p.session not in {s.index for s in days[p.date].sessions}:
            out.append(Conflict("pin_session", f"{site.name} 고정 방문의 회차 {p.session}이(가) {when_ko}에 없습니다.",
                                f"The pinned visit to {site.name_en or site.id} on {p.date} names session {p.session}, "
                                "which that day does not have.", "회차를 고치세요.", "Fix the session number."))
    return out


def pin_gaps(problem: Problem) -> list[Conflict]:
    """Pinned visits to one center (or a pin and the center's last visit before the
    period) closer together than the minimum days between visits."""
    out = []
    gap = problem.rules.min_gap_days
    for site in problem.sites:
        dates = sorted({p.date for p in problem.pins if p.site_id == site.id})
        last = problem.last_visit.get(site.id)
        name_en = f"{site.name_en or site.id} ({site.id})"
        if dates and last is not None and last < problem.start and (dates[0] - last).days < gap:
            n = (dates[0] - last).days
            out.append(Conflict(
                "pin_gap",
                f"{site.name} 고정 방문 {format_date(dates[0], 'ko')}은(는) 지난 방문 {format_date(last, 'ko')} 뒤 "
                f"{n}일밖에 되지 않지만 방문 간격은 최소 {gap}일이어야 합니다.",
                f"The pinned visit to {name_en} on {format_date(dates[0], 'en')} is only {n} days after its last "
                f"visit on {format_date(last, 'en')}, but visits to a center must be at least {gap} days apart.",
                "고정 방문을 옮기거나 최소 방문 간격을 줄이세요.",
                "Move the pinned visit, or lower the minimum days between visits.",
                {"center": site.id, "dates": [last.isoformat(), dates[0].isoformat()], "days": n, "min_gap": gap}))
        for a, b in pairwise(dates):
            n = (b - a).days
            if n < gap:
                out.append(Conflict(
                    "pin_gap",
                    f"{site.name} 고정 방문 {format_date(a, 'ko')}과 {format_date(b, 'ko')}은(는) {n}일 간격이지만 "
                    f"방문 간격은 최소 {gap}일이어야 합니다.",
                    f"The pinned visits to {name_en} on {format_date(a, 'en')} and {format_date(b, 'en')} are only "
                    f"{n} days apart, but visits to a center must be at least {gap} days apart.",
                    f"고정 방문 하나를 다른 방문과 {gap}일 이상 떨어진 날로 옮기거나 최소 방문 간격을 줄이세요.",
                    f"Move one of them at least {gap} days away from the other, or lower the minimum days "
                    f"between visits (now {gap}).",
                    {"center": site.id, "dates": [a.isoformat(), b.isoformat()], "days": n, "min_gap": gap}))
    return out


def pin_overload(problem: Problem) -> list[Conflict]:
    """More pinned visits on a day than its slots (all counselors, or one named
    counselor), or one center pinned twice on a day."""
    out = []
    days = {d.date: d for d in problem.days}
    for date in sorted({p.date for p in problem.pins if p.date in days}):
        pins = [p for p in problem.pins if p.date == date]
        per_day = len(days[date].sessions)
        working = [t for t in problem.teams if t.works_on(date)]
        when_ko, when_en = format_date(date, "ko"), format_date(date, "en")
        for sid in sorted({p.site_id for p in pins}):
            same = [p for p in pins if p.site_id == sid]
            if len({(p.team_id, p.session) for p in same}) > 1:
                site = problem.site(sid)
                out.append(Conflict(
                    "pin_twice", f"{site.name}이(가) {when_ko}에 두 번 고정되어 있지만 센터는 하루 한 번만 방문합니다.",
                    f"{site.name_en or sid} ({sid}) is pinned twice on {when_en}, but a center gets at most one visit "
                    "a day.", "고정 방문 하나를 지우세요.", "Remove one of the two pins.", {"center": sid}))
        for t in working:
            mine = [p for p in pins if p.team_id == t.id]
            if len(mine) > per_day:
                out.append(Conflict(
                    "pin_overload",
                    f"상담사 {t.id}에게 {when_ko} 방문 {len(mine)}회가 고정되어 있지만 하루 {per_day}회만 방문합니다.",
                    f"Counselor {t.id} has {len(mine)} visits pinned on {when_en} but makes only {per_day} "
                    f"visit{'s' if per_day != 1 else ''} a day.",
                    "고정 방문을 다른 상담사나 날짜로 옮기세요.", "Move some of them to another counselor or day.",
                    {"counselor": t.id, "pinned": len(mine), "slots": per_day}))
        slots = len(working) * per_day
        if len({p.site_id for p in pins}) > slots:
            out.append(Conflict(
                "pin_overload",
                f"{when_ko}에 방문 {len(pins)}회가 고정되어 있지만 그날 방문 가능 회차는 {slots}회입니다"
                f"(상담사 {len(working)}명 × 하루 {per_day}회).",
                f"{len(pins)} visits are pinned on {when_en} but that day has only {slots} slots "
                f"({len(working)} counselor{'s' if len(working) != 1 else ''} × {per_day} visit"
                f"{'s' if per_day != 1 else ''}).",
                "고정 방문을 다른 날로 옮기거나 그날 상담사를 늘리세요.",
                "Move some pins to another day, or add a counselor that day.",
                {"date": date.isoformat(), "pinned": len(pins), "slots": slots}))
    return out


def precheck(problem: Problem) -> list[Conflict]:
    """Every counting conflict found, empty when none."""
    return [*pin_conflicts(problem), *pin_gaps(problem), *pin_overload(problem), *slot_shortage(problem),
            *gap_limits(problem)]
