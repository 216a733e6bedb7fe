"""Why a center got its dates in a saved plan (``visitplan explain DIR --center ID``).

For each visit day of the period the center is either visited or not; for each we
name the rule that binds, from the plan itself:

- **gap** – a visit on that day would be closer than ``min_gap_days`` to another
  visit of the center (or its last visit before the period);
- **full** – every counselor-session of the day is taken, by visits worth more
  in the demand stage (or, when one is worth less, by visits that rules or travel
  keep there);
- **timing** – a session is free, but no counselor can reach the center and get
  back in time around the visits already on the route;
- **closed**, **maximum** – a closure, or the center's maximum reached.

The next-best alternative is measured by re-solving: once per visit date with the
center forbidden on it (a closure), keeping the alternative that costs least in
demand value and then travel minutes. Demand value uses the solver's own visit
values (:func:`scheduler.solver.objective.visit_values`), so the cost is in the
units the solver trades. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from scheduler.analysis.replan import compute_changes
from scheduler.core.metrics import compute_metrics
from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Pin, Problem, SiteId
from scheduler.demand.apply import explain_lines as demand_explain_lines
from scheduler.demand.apply import folder_demand, reapply
from scheduler.district.centers import known_id
from scheduler.district.replay import load_plan
from scheduler.errors import DataError, InfeasibleError
from scheduler.output.labels import format_date, format_hhmm, format_team
from scheduler.solver import solve
from scheduler.solver._graph import open_sites
from scheduler.solver._model import max_spaced_days
from scheduler.solver.objective import visit_values


def value_table(problem: Problem) -> dict[SiteId, tuple[int, ...]]:
    """The solver's value of the k-th visit to each center (``[k-1]``)."""
    gap = problem.rules.min_gap_days
    caps = {}
    for s in problem.sites:
        cap = max_spaced_days([d.date for d in problem.days if s.id in open_sites(problem, d)], gap)
        caps[s.id] = cap if s.max_visits is None else min(cap, s.max_visits)
    return visit_values(problem, caps).value


def demand_value(problem: Problem, plan: Plan, values: dict[SiteId, tuple[int, ...]]) -> int:
    """The demand value of ``plan`` (its k-th visits valued as the solver values them)."""
    counts = Counter(v.site_id for v in plan.visits)
    return sum(sum(values.get(sid, ())[:n]) for sid, n in counts.items())


@dataclass(frozen=True)
class DayReason:
    """Why the center is not visited on ``date``."""

    date: dt.date
    reason: str  # gap, history, full, timing, closed, maximum, free
    other: dt.date | None = None  # the visit that is too close (gap, history)
    slots: int = 0
    lowest: tuple[str, int, int] | None = (
        None  # (center, n, value): the visit that day cheapest to give up
    )


@dataclass(frozen=True)
class Alternative:
    """The best plan with the center forbidden on ``without``."""

    without: dt.date
    dates: tuple[dt.date, ...]
    demand_delta: int
    travel_delta: int
    count_changes: tuple[tuple[str, int], ...]  # (center, change in visits), other centers
    status: str
    changes_delta: int | None = None  # for a replanned plan: change in the number of changed visits


@dataclass
class Explanation:
    """Everything :func:`explain_center` found, for the CLI to print."""

    problem: Problem
    plan: Plan
    site_id: SiteId
    visits: list[Visit]
    values: dict[SiteId, tuple[int, ...]]
    next_value: int
    reasons: list[DayReason] = field(default_factory=list)
    bound_gaps: list[tuple[dt.date, dt.date]] = field(
        default_factory=list
    )  # consecutive visits exactly at the gap
    alternative: Alternative | None = None
    no_alternative: list[dt.date] = field(
        default_factory=list
    )  # dates whose removal leaves no plan
    replanned_from: str | None = None
    reference_found: bool = (
        False  # a replanned plan's old folder was found: alternatives keep changes few too
    )
    demand: dict[str, Any] | None = None  # summary.json's "demand" section (scheduler.demand.apply)


def _fits(
    problem: Problem,
    route: list[Visit],
    team_id: str,
    day_date: dt.date,
    site_id: SiteId,
    session_index: int,
) -> bool:
    """Whether ``site_id`` can be inserted into ``route`` at ``session_index`` in time."""
    day = problem.day(day_date)
    sess = {s.index: s for s in day.sessions}[session_index]
    buf = problem.rules.setup_buffer_min
    base = problem.team(team_id).base_id
    stops = sorted(
        [(v.start_min, v.end_min, v.site_id) for v in route]
        + [(sess.start_min, sess.end_min, site_id)]
    )
    prev, free_at = base, day.work_start_min
    for start, end, sid in stops:
        if free_at + problem.travel(prev, sid) + buf > start:
            return False
        prev, free_at = sid, end
    return free_at + problem.travel(prev, base) <= day.work_end_min


def day_reasons(
    problem: Problem, plan: Plan, site_id: SiteId, values: dict[SiteId, tuple[int, ...]]
) -> list[DayReason]:
    """Why the center is not visited on each visit day it does not get."""
    gap = problem.rules.min_gap_days
    site = problem.site(site_id)
    mine = sorted(v.date for v in plan.visits if v.site_id == site_id)
    count = len(mine)
    counts = Counter(v.site_id for v in plan.visits)
    last = problem.last_visit.get(site_id)
    out = []
    for day in problem.days:
        d = day.date
        if d in mine:
            continue
        if (site_id, d) in problem.closures:
            out.append(DayReason(d, "closed"))
            continue
        if last is not None and last < problem.start and (d - last).days < gap:
            out.append(DayReason(d, "history", last))
            continue
        near = [e for e in mine if abs((e - d).days) < gap]
        if near:
            out.append(DayReason(d, "gap", min(near, key=lambda e: abs((e - d).days))))
            continue
        if site.max_visits is not None and count >= site.max_visits:
            out.append(DayReason(d, "maximum"))
            continue
        working = [t for t in problem.teams if t.works_on(d)]
        slots = len(working) * len(day.sessions)
        that_day = [v for v in plan.visits if v.date == d]
        if len(that_day) >= slots:
            # Giving up a visit of center c loses the value of c's last (n-th) visit.
            low = min(that_day, key=lambda v: (values[v.site_id][counts[v.site_id] - 1], v.site_id))
            n = counts[low.site_id]
            out.append(
                DayReason(
                    d, "full", slots=slots, lowest=(low.site_id, n, values[low.site_id][n - 1])
                )
            )
            continue
        fits = False
        for t in working:
            route = [v for v in that_day if v.team_id == t.id]
            used = {v.session for v in route}
            for s in day.sessions:
                if s.index not in used and _fits(problem, route, t.id, d, site_id, s.index):
                    fits = True
        out.append(DayReason(d, "free" if fits else "timing", slots=slots))
    return out


def explain_center(
    plan_dir: Path,
    center: str,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    alternatives: bool = True,
) -> Explanation:
    """Why ``center`` got its dates in the plan folder ``plan_dir``."""
    built, inp, plan = load_plan(plan_dir)
    demand = folder_demand(plan_dir)  # the demand weights and rotation the plan was solved with
    problem = reapply(built.problem, demand)
    sid = known_id(
        [s.id for s in problem.sites], center, file="--center", row=None, column="center"
    )
    values = value_table(problem)
    visits = sorted((v for v in plan.visits if v.site_id == sid), key=lambda v: v.date)
    k = len(visits)
    next_value = values[sid][k] if k < len(values[sid]) else 0
    ex = Explanation(
        problem,
        plan,
        sid,
        visits,
        values,
        next_value,
        replanned_from=(inp.get("replan") or {}).get("from"),
        demand=demand,
    )
    ex.reasons = day_reasons(problem, plan, sid, values)
    gap = problem.rules.min_gap_days
    ex.bound_gaps = [
        (a.date, b.date) for a, b in pairwise(visits) if (b.date - a.date).days < 2 * gap
    ]
    since, ref_plan = _replan_reference(inp)
    ex.reference_found = ref_plan is not None
    if alternatives and visits:
        base_value = demand_value(problem, plan, values)
        base_travel = compute_metrics(problem, plan).travel_min_total
        base_counts = Counter(v.site_id for v in plan.visits)
        base_changes = len(compute_changes(ref_plan, plan, since)) if ref_plan is not None else 0
        best: Alternative | None = None
        for v in visits:
            if since is not None and v.date < since:
                continue  # before the replan date: fixed
            alt_problem = replace(problem, closures=problem.closures | {(sid, v.date)})
            try:
                if ref_plan is not None and since is not None:
                    past = tuple(
                        Pin(x.site_id, x.date, x.team_id, x.session)
                        for x in ref_plan.visits
                        if x.date < since
                    )
                    alt = solve(
                        replace(alt_problem, pins=(*alt_problem.pins, *past)),
                        time_limit_s=time_limit_s,
                        seed=seed,
                        reference=ref_plan,
                        frozen_before=since,
                    )
                else:
                    alt = solve(alt_problem, time_limit_s=time_limit_s, seed=seed)
            except InfeasibleError:
                ex.no_alternative.append(v.date)
                continue
            counts = Counter(x.site_id for x in alt.visits)
            changes = tuple(
                sorted(
                    (s, counts[s] - base_counts[s])
                    for s in set(counts) | set(base_counts)
                    if s != sid and counts[s] != base_counts[s]
                )
            )
            cand = Alternative(
                without=v.date,
                dates=tuple(sorted(x.date for x in alt.visits if x.site_id == sid)),
                demand_delta=demand_value(problem, alt, values) - base_value,
                travel_delta=cast(
                    int, compute_metrics(problem, alt).travel_min_total - base_travel
                ),
                count_changes=changes,
                status=alt.info.status,
                changes_delta=(
                    len(compute_changes(ref_plan, alt, since)) - base_changes
                    if ref_plan is not None
                    else None
                ),
            )
            if best is None or _cost(cand) < _cost(best):
                best = cand
        ex.alternative = best
    return ex


def _cost(a: Alternative) -> tuple[int, int, int]:
    """What an alternative costs, in the solver's order: changes, demand lost, travel added."""
    return (a.changes_delta or 0, -a.demand_delta, a.travel_delta)


def _replan_reference(inp: dict[str, object]) -> tuple[dt.date | None, Plan | None]:
    """For a folder written by ``replan``: its ``--from`` date and the old plan, if that folder is
    still there."""
    info = inp.get("replan")
    if not isinstance(info, dict) or not info.get("from"):
        return None, None
    since = dt.date.fromisoformat(str(info["from"]))
    ref = Path(str(info.get("reference") or ""))
    if not (ref / "schedule.csv").is_file() or not (ref / "plan.json").is_file():
        return since, None
    try:
        return since, load_plan(ref)[2]
    except DataError:
        return since, None


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------
def _name(problem: Problem, sid: str, lang: str) -> str:
    s = problem.site(sid)
    return s.name if lang == "ko" else (s.name_en or s.id)


def _team(problem: Problem, tid: str, lang: str) -> str:
    """A counselor's configured name, else ``상담사 1`` / ``Counselor 1``."""
    team = next((t for t in problem.teams if t.id == tid), None)
    return team.name if team is not None and team.name else format_team(tid, lang)


def _dates(ds: list[dt.date], lang: str) -> str:
    return ", ".join(format_date(d, lang) for d in ds)


def explanation_lines(ex: Explanation, lang: str = "ko") -> list[str]:  # noqa: C901 - one branch per reason, read top to bottom
    """The explanation in a few lines of text."""
    ko = lang == "ko"
    p, sid = ex.problem, ex.site_id
    site = p.site(sid)
    gap = p.rules.min_gap_days
    lines = []
    when = "; ".join(
        f"{format_date(v.date, lang)} {format_hhmm(v.start_min)} {_team(p, v.team_id, lang)}"
        for v in ex.visits
    )
    # With demand weights the site's weight is not its population; the estimate keeps it.
    population = int(
        ((ex.demand or {}).get("estimates") or {}).get(sid, {}).get("population", site.weight)
    )
    if ko:
        lines.append(
            f"{site.name} ({sid}, 인구 {population:,}명): 방문 {len(ex.visits)}회"
            + (f" – {when}" if when else "")
        )
    else:
        lines.append(
            f"{site.name_en or sid} ({sid}, population {population:,}): {len(ex.visits)} visit"
            f"{'s' if len(ex.visits) != 1 else ''}" + (f" – {when}" if when else "")
        )
    lines += demand_explain_lines(ex.demand, sid, lang)
    vals = ex.values[sid]
    shown = ", ".join(f"{v:,}" for v in vals[: len(ex.visits) + 1])
    if len(ex.visits) >= len(vals):  # at the cap: the gap rule (or its maximum) allows no more
        lines.append(
            f"- 방문 가치(1회차부터): {shown} · 이 기간에 방문 간격 {gap}일로 넣을 수 있는 최대 "
            f"{len(vals)}회를 이미 받았습니다."
            if ko
            else f"- Value of its 1st, 2nd, … visit: {shown} · it already has the most visits "
            "that fit "
            f"in the period with {gap} days between visits ({len(vals)})."
        )
    else:
        lines.append(
            f"- 방문 가치(1회차부터): {shown} · 한 번 더 방문하면 가치 {ex.next_value:,}"
            if ko
            else f"- Value of its 1st, 2nd, … visit: {shown} · a further visit would be worth "
            f"{ex.next_value:,}"
        )
    if ex.bound_gaps:
        unit = "일" if ko else " days"
        pairs = ", ".join(
            f"{format_date(a, lang)}→{format_date(b, lang)} ({(b - a).days}{unit})"
            for a, b in ex.bound_gaps
        )
        lines.append(
            f"- 방문 간격 최소 {gap}일 규칙이 묶습니다: {pairs} 사이에는 방문을 더 넣을 수 "
            "없습니다."
            if ko
            else f"- The minimum-gap windows bind ({gap} days): no visit fits between {pairs}."
        )
    by: dict[str, list[DayReason]] = {}
    for r in ex.reasons:
        by.setdefault(r.reason, []).append(r)
    for reason in ("gap", "history", "full", "timing", "closed", "maximum", "free"):
        rs = by.get(reason)
        if not rs:
            continue
        ds = _dates([r.date for r in rs], lang)
        if reason == "gap":
            lines.append(
                f"- {ds}: 다른 방문과 {gap}일 미만으로 가까움(방문 간격 규칙)."
                if ko
                else f"- {ds}: within {gap} days of another of its visits (minimum days between "
                "visits)."
            )
        elif reason == "history":
            last = cast(dt.date, rs[0].other)  # set for every "history" reason
            lines.append(
                f"- {ds}: 지난 방문({format_date(last, lang)})과 {gap}일 미만."
                if ko
                else f"- {ds}: within {gap} days of its last visit on {format_date(last, lang)}."
            )
        elif reason == "full":
            low = min(rs, key=lambda r: r.lowest[2] if r.lowest else 0)
            assert low.lowest is not None
            lsite, lk, lval = low.lowest
            higher = lval >= ex.next_value
            sign = "≥" if higher else "<"
            if ko:
                what = "더 가치가 큰 방문으로" if higher else "다른 방문으로(규칙·이동 때문에)"
                lines.append(
                    f"- {ds}: 그날 회차 {rs[0].slots}개가 모두 {what} 찼습니다"
                    f"(가장 작은 것: {_name(p, lsite, lang)}의 {lk}번째 방문 가치 {lval:,} {sign} "
                    f"이 센터 추가 방문 {ex.next_value:,})."
                )
            else:
                what = (
                    "visits worth more"
                    if higher
                    else "other visits (kept there by the rules and travel)"
                )
                lines.append(
                    f"- {ds}: all {rs[0].slots} slot{'s' if rs[0].slots != 1 else ''} of the day "
                    f"are taken by {what} (least: "
                    f"{_name(p, lsite, lang)}'s visit no. {lk}, worth {lval:,} {sign} "
                    f"{ex.next_value:,} "
                    "for a further visit here)."
                )
        elif reason == "timing":
            lines.append(
                f"- {ds}: 빈 회차가 있지만 경로 시간상 갈 수 없습니다(이동·준비 시간)."
                if ko
                else f"- {ds}: a session is free but no counselor's route can reach it in time "
                "(travel, setup)."
            )
        elif reason == "closed":
            lines.append(f"- {ds}: 휴무." if ko else f"- {ds}: closed.")
        elif reason == "maximum":
            lines.append(
                f"- {ds}: 최대 방문 횟수에 도달."
                if ko
                else f"- {ds}: its maximum number of visits is reached."
            )
        else:
            lines.append(
                f"- {ds}: 빈 회차가 있으나 쓰이지 않았습니다(추가 방문 가치 {ex.next_value:,})."
                if ko
                else f"- {ds}: a slot is free but unused (a further visit would add "
                f"{ex.next_value:,})."
            )
    alt = ex.alternative
    if alt is not None:
        where = _dates(list(alt.dates), lang) or ("방문 없음" if ko else "no visit")
        others = ", ".join(f"{_name(p, s, lang)} {d:+d}" for s, d in alt.count_changes[:4])
        free = alt.demand_delta >= 0 and alt.travel_delta <= 0 and not alt.changes_delta
        if ko:
            lines.append(
                f"- 차선책: {format_date(alt.without, lang)} 방문을 빼고 다시 계산하면 이 센터는 "
                f"{where}에 방문하고 "
                + (f"변경 {alt.changes_delta:+d}건, " if alt.changes_delta is not None else "")
                + f"수요 가치 {alt.demand_delta:+,}, 이동 {alt.travel_delta:+d}분"
                + (f", 다른 센터 방문 수 {others}" if others else "")
                + (" – 손실이 없으므로 이 날짜는 동점 중 하나입니다." if free else "입니다.")
            )
        else:
            lines.append(
                f"- Next best: re-solved without its visit on {format_date(alt.without, lang)}, "
                "the best plan "
                f"visits it on {where}; "
                + (
                    f"changed visits {alt.changes_delta:+d}, "
                    if alt.changes_delta is not None
                    else ""
                )
                + f"demand value {alt.demand_delta:+,}, travel {alt.travel_delta:+d} min"
                + (f"; other centers' visits: {others}" if others else "")
                + (" – no loss, so this date is one of equally good ones." if free else ".")
            )
    if ex.no_alternative:
        ds = _dates(ex.no_alternative, lang)
        lines.append(
            f"- {ds} 방문을 빼면 계획이 불가능합니다(고정 방문·최소 방문)."
            if ko
            else f"- Without its visit on {ds} no plan exists (pins or minimum visits)."
        )
    if ex.replanned_from:
        if ex.reference_found:
            lines.append(
                f"(이 일정은 {ex.replanned_from}부터 변경을 최소화해 재계획되었습니다. 그 전 "
                "방문은 고정이며, "
                "차선책도 같은 방식으로 계산했습니다.)"
                if ko
                else f"(Replanned from {ex.replanned_from} with the fewest changes: earlier visits "
                "are fixed, "
                "and the alternative is planned the same way.)"
            )
        else:
            lines.append(
                f"(이 일정은 {ex.replanned_from}부터 재계획되었지만 이전 일정 폴더가 없어 차선책은 "
                "처음부터 "
                "계산했습니다.)"
                if ko
                else f"(Replanned from {ex.replanned_from}, but the old plan folder is gone: the "
                "alternative "
                "is planned from scratch.)"
            )
    return lines
