"""Counting checks that explain the common reasons a problem has no plan.

They run before the model is built and speak the planner's terms (centers, dates,
counselors, rules), in Korean and English.
"""

from __future__ import annotations

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


def precheck(problem: Problem) -> list[Conflict]:
    """Every counting conflict found, empty when none."""
    return [*pin_conflicts(problem), *slot_shortage(problem), *gap_limits(problem)]
