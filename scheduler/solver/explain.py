"""Why no plan exists: a conflict set of rules found with CP-SAT assumptions.

The counting checks of :mod:`scheduler.solver.precheck` catch the common cases
before any model is built. For the rest, :func:`explain_infeasible` builds the
route model again with every *rule group* behind an enforcement literal:

- ``min_visits`` / ``max_visits`` of one center,
- ``min_gap`` – all minimum-gap windows of one center,
- ``pin`` – one pinned visit.

Solving under the assumption that all literals hold gives a core
(``sufficient_assumptions_for_infeasibility``), which is then shrunk by deletion
to a minimal one: drop any rule of it and the rest can be met. The core is told in
the planner's terms (centers, dates, counselors, rules, and the numbers behind
them), never in variable names, with what would make it feasible.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.core.problem import Pin, Problem, SiteId
from scheduler.errors import Conflict
from scheduler.output.labels import format_date, format_hhmm
from scheduler.solver._graph import day_groups, open_sites
from scheduler.solver._model import max_spaced_days
from scheduler.solver._routes import TooManyRoutes, enumerate_routes


@dataclass(frozen=True)
class RuleGroup:
    """One group of constraints that can be switched on or off together."""

    kind: str  # "min_visits", "max_visits", "min_gap" or "pin"
    site_id: SiteId
    pin: Pin | None = None


class _Model:
    """The route model with every rule group behind an enforcement literal."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        m = self.model = cp_model.CpModel()
        self._route_vars: list[list[cp_model.IntVar]] = []
        self.groups = day_groups(problem)
        self.routes_of = [enumerate_routes(problem, g) for g in self.groups]
        visit_day: dict[tuple[dt.date, SiteId], list[cp_model.IntVar]] = {}
        for g_idx, (g, routes) in enumerate(zip(self.groups, self.routes_of, strict=True)):
            us = []
            for r_idx, r in enumerate(routes):
                u = m.new_bool_var(f"route_g{g_idx}_r{r_idx}")
                us.append(u)
                for _, site in r.stops:
                    visit_day.setdefault((g.date, site), []).append(u)
            if len(us) > len(g.team_ids):
                m.add(sum(us) <= len(g.team_ids))
            self._route_vars.append(us)
        self.seen: dict[tuple[dt.date, SiteId], cp_model.LinearExpr | int] = {}
        for key, xs in visit_day.items():
            m.add(sum(xs) <= 1)
            self.seen[key] = sum(xs)
        self.count = {
            s.id: sum(self.seen[(d.date, s.id)] for d in problem.days if (d.date, s.id) in self.seen)
            for s in problem.sites
        }
        self.lits: list[tuple[cp_model.IntVar, RuleGroup]] = []
        self._add_rules()

    def _lit(self, rule: RuleGroup) -> cp_model.IntVar:
        lit = self.model.new_bool_var(f"rule_{len(self.lits)}")
        self.lits.append((lit, rule))
        return lit

    def _add_rules(self) -> None:
        p, m = self.problem, self.model
        gap = p.rules.min_gap_days
        dates = [d.date for d in p.days]
        for s in p.sites:
            cnt = self.count[s.id]
            if s.min_visits:
                m.add(cnt >= s.min_visits).only_enforce_if(self._lit(RuleGroup("min_visits", s.id)))
            if s.max_visits is not None:
                m.add(cnt <= s.max_visits).only_enforce_if(self._lit(RuleGroup("max_visits", s.id)))
            open_dates = [d for d in dates if (d, s.id) in self.seen]
            windows = set()
            for i, d in enumerate(open_dates):
                w = tuple(e for e in open_dates[i:] if (e - d).days < gap)
                if len(w) >= 2:
                    windows.add(w)
            if windows:
                lit = self._lit(RuleGroup("min_gap", s.id))
                for w in sorted(windows):
                    m.add(sum(self.seen[(e, s.id)] for e in w) <= 1).only_enforce_if(lit)
        for pin in p.pins:
            cands = []
            for g_idx, g in enumerate(self.groups):
                if g.date != pin.date or (pin.team_id is not None and g.team_ids != (pin.team_id,)):
                    continue
                for r_idx, r in enumerate(self.routes_of[g_idx]):
                    if any(site == pin.site_id and (pin.session is None or g.day.sessions[pos].index == pin.session)
                           for pos, site in r.stops):
                        cands.append(self._route_vars[g_idx][r_idx])
            lit = self._lit(RuleGroup("pin", pin.site_id, pin))
            if cands:
                m.add(sum(cands) == 1).only_enforce_if(lit)
            else:
                m.add_bool_or([lit.Not()])

    def infeasible_core(self, lits: list[cp_model.IntVar], seconds: float) -> list[int] | None:
        """The indices (into ``self.lits``) of a sufficient core when ``lits`` cannot
        all hold, ``None`` when they can (or the time ran out)."""
        self.model.clear_assumptions()
        self.model.add_assumptions(lits)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2  # the LP proves the counting cores fast
        status = solver.solve(self.model)
        if status != cp_model.INFEASIBLE:
            return None
        pos = {lit.index: i for i, (lit, _) in enumerate(self.lits)}
        return sorted(pos[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in pos)

    def most_visits(self, core: list[int], sites: list[SiteId], seconds: float) -> int | None:
        """The most visits towards the minimums of ``sites`` (each counted up to its
        minimum) while the other rules of ``core`` hold."""
        m = self.model
        need = {s.id: s.min_visits for s in self.problem.sites}
        ys = []
        for sid in sites:
            y = m.new_int_var(0, need[sid], f"toward_{sid}")
            m.add(y <= self.count[sid])
            ys.append(y)
        m.maximize(sum(ys))
        m.clear_assumptions()
        m.add_assumptions([self.lits[i][0] for i in core if self.lits[i][1].kind != "min_visits"])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2  # the LP proves the counting cores fast
        status = solver.solve(m)
        if status != cp_model.OPTIMAL:
            return None
        return round(solver.objective_value)


def minimal_core(problem: Problem, time_limit_s: float = 10.0) -> tuple[_Model, list[int]] | None:
    """A minimal set of rule groups that cannot all hold, or ``None`` if none is found."""
    deadline = time.perf_counter() + time_limit_s
    try:
        em = _Model(problem)
    except TooManyRoutes:
        return None
    all_lits = [lit for lit, _ in em.lits]
    core = em.infeasible_core(all_lits, deadline - time.perf_counter())
    if core is None:
        return None
    i = 0
    while i < len(core) and time.perf_counter() < deadline:
        trial = core[:i] + core[i + 1:]
        left = max(0.05, min(2.0, deadline - time.perf_counter()))
        smaller = em.infeasible_core([em.lits[j][0] for j in trial], left)
        if smaller is not None:
            core = [j for j in trial if j in set(smaller)] or trial
        else:
            i += 1
    return em, core


# ---------------------------------------------------------------------------
# Telling a core in the planner's terms
# ---------------------------------------------------------------------------
def _site(problem: Problem, sid: SiteId, lang: str) -> str:
    s = problem.site(sid)
    return s.name if lang == "ko" else f"{s.name_en or s.id} ({s.id})"


def _pin_text(problem: Problem, p: Pin, lang: str) -> str:
    who_ko = f" 상담사 {p.team_id}" if p.team_id else ""
    who_en = f" by counselor {p.team_id}" if p.team_id else ""
    sess_ko = f" {p.session}회차" if p.session else ""
    sess_en = f" in session {p.session}" if p.session else ""
    if lang == "ko":
        return f"{format_date(p.date, 'ko')}{sess_ko}{who_ko}의 {_site(problem, p.site_id, 'ko')} 고정 방문"
    return f"the pinned visit to {_site(problem, p.site_id, 'en')} on {format_date(p.date, 'en')}{sess_en}{who_en}"


def _names(problem: Problem, sids: list[SiteId], lang: str, most: int = 5) -> str:
    names = [_site(problem, sid, lang) if lang == "ko" else (problem.site(sid).name_en or sid) for sid in sids]
    if len(names) > most:
        rest = len(names) - most
        return ", ".join(names[:most]) + (f" 외 {rest}곳" if lang == "ko" else f" and {rest} more")
    return ", ".join(names)


def _pins_text(problem: Problem, pins: list[Pin], lang: str) -> str:
    """Pinned visits grouped by center: ``Dasan-dong: Tue 1 Dec, Tue 8 Dec; Yaksu-dong: …``."""
    parts = []
    for sid in sorted({p.site_id for p in pins}, key=lambda x: min(p.date for p in pins if p.site_id == x)):
        mine = sorted((p for p in pins if p.site_id == sid), key=lambda p: p.date)
        name = _site(problem, sid, "ko") if lang == "ko" else (problem.site(sid).name_en or sid)
        days = ", ".join(format_date(p.date, lang) for p in mine)
        parts.append(f"{name}: {days}")
    return "; ".join(parts)


def _rules_text(problem: Problem, rules: list[RuleGroup], lang: str) -> str:
    """The rules of a core, grouped by kind, as one phrase list."""
    gap = problem.rules.min_gap_days
    out = []
    by_min: dict[int, list[SiteId]] = {}
    by_max: dict[int, list[SiteId]] = {}
    for r in rules:
        s = problem.site(r.site_id)
        if r.kind == "min_visits":
            by_min.setdefault(s.min_visits, []).append(r.site_id)
        elif r.kind == "max_visits":
            by_max.setdefault(s.max_visits or 0, []).append(r.site_id)
    for n, sids in sorted(by_min.items()):
        out.append(f"{_names(problem, sids, lang)} 최소 {n}회 방문" if lang == "ko"
                   else f"at least {n} visit{'s' if n != 1 else ''} to {_names(problem, sids, lang)}")
    for n, sids in sorted(by_max.items()):
        out.append(f"{_names(problem, sids, lang)} 최대 {n}회 방문" if lang == "ko"
                   else f"at most {n} visit{'s' if n != 1 else ''} to {_names(problem, sids, lang)}")
    gaps = [r.site_id for r in rules if r.kind == "min_gap"]
    if gaps:
        out.append(f"{_names(problem, gaps, lang)} 방문 간격 최소 {gap}일" if lang == "ko"
                   else f"at least {gap} days between visits to {_names(problem, gaps, lang)}")
    pins = [r.pin for r in rules if r.pin is not None]
    if pins:
        out.append(f"고정 방문 {len(pins)}회({_pins_text(problem, pins, lang)})" if lang == "ko"
                   else f"{len(pins)} pinned visit{'s' if len(pins) != 1 else ''} ({_pins_text(problem, pins, lang)})")
    return "; ".join(out)


def _slots_text(problem: Problem, lang: str) -> str:
    teams, days = len(problem.teams), len(problem.days)
    per_day = sorted({len(d.sessions) for d in problem.days}) or [0]
    v = "/".join(map(str, per_day))
    if lang == "ko":
        return f"상담사 {teams}명 × {days}일 × 하루 {v}회"
    return f"{teams} counselor{'s' if teams != 1 else ''} × {days} days × {v} visit{'s' if per_day != [1] else ''}"


def _single_pin(problem: Problem, p: Pin) -> Conflict:
    """Why one pinned visit cannot be made at all."""
    site = problem.site(p.site_id)
    gap = problem.rules.min_gap_days
    last = problem.last_visit.get(p.site_id)
    day = problem.day(p.date)
    ko_pin, en_pin = _pin_text(problem, p, "ko"), _pin_text(problem, p, "en")
    if site.max_visits == 0:
        return Conflict("pin_max_visits", f"{site.name}은(는) 최대 방문 0회인데 {ko_pin}이 있습니다.",
                        f"{site.name_en or site.id} may get no visits (maximum 0), but {en_pin} is required.",
                        "최대 방문 횟수를 늘리거나 고정 방문을 지우세요.", "Raise its maximum or remove the pin.",
                        {"center": p.site_id, "date": p.date.isoformat()})
    if last is not None and last < problem.start and (p.date - last).days < gap:
        earliest = last + dt.timedelta(days=gap)
        return Conflict(
            "pin_history_gap",
            f"{ko_pin}은 지난 방문({format_date(last, 'ko')}) 뒤 {(p.date - last).days}일밖에 되지 않지만 "
            f"방문 간격은 최소 {gap}일이어야 합니다.",
            f"{en_pin[0].upper()}{en_pin[1:]} is only {(p.date - last).days} days after its last visit on "
            f"{format_date(last, 'en')}, but visits to a center must be at least {gap} days apart.",
            f"고정 방문을 {format_date(earliest, 'ko')} 이후로 옮기거나 최소 방문 간격을 줄이세요.",
            f"Move the pin to {format_date(earliest, 'en')} or later, or lower the minimum days between visits.",
            {"center": p.site_id, "last_visit": last.isoformat(), "days": (p.date - last).days, "min_gap": gap},
        )
    # Otherwise the clock: no route reaches the center in that session and gets home in time.
    teams = [t for t in problem.teams if t.works_on(p.date) and (p.team_id is None or t.id == p.team_id)]
    base = teams[0].base_id if teams else problem.bases[0].id
    t_in, t_out = problem.travel(base, p.site_id), problem.travel(p.site_id, base)
    sessions = [s for s in day.sessions if p.session is None or s.index == p.session]
    span = ", ".join(f"{format_hhmm(s.start_min)}–{format_hhmm(s.end_min)}" for s in sessions)
    buf = problem.rules.setup_buffer_min
    work = f"{format_hhmm(day.work_start_min)}–{format_hhmm(day.work_end_min)}"
    return Conflict(
        "pin_route_timing",
        f"{ko_pin}은 시간 안에 갈 수 없습니다: 근거지에서 {t_in}분(돌아오는 데 {t_out}분), 준비 {buf}분, "
        f"근무 {work}, 회차 {span}.",
        f"{en_pin[0].upper()}{en_pin[1:]} cannot be reached in time: it is {t_in} min from the base "
        f"({t_out} min back), visits need {buf} min to set up, the working day is {work} and the session is {span}.",
        "다른 회차로 고정하거나 회차를 비워 두세요.",
        "Pin another session, or leave the session free.",
        {"center": p.site_id, "date": p.date.isoformat(), "travel_min": t_in},
    )


def describe_core(em: _Model, core: list[int], seconds: float = 5.0) -> list[Conflict]:
    """The core as one conflict (both languages), with its numbers and a remedy."""
    from scheduler.solver.precheck import pin_gaps, pin_overload

    problem = em.problem
    rules = [em.lits[i][1] for i in core]
    kinds = {r.kind for r in rules}
    pins = [r.pin for r in rules if r.pin is not None]
    if kinds == {"pin"} and len(pins) == 1:
        return [_single_pin(problem, pins[0])]
    if kinds <= {"pin", "min_gap"} and pins:
        only = replace(problem, pins=tuple(pins))
        found = pin_gaps(only) + pin_overload(only)
        if found:
            return found
    gap = problem.rules.min_gap_days
    numbers: dict[str, object] = {"rules": [f"{r.kind}:{r.site_id}" for r in rules]}
    mins = [r.site_id for r in rules if r.kind == "min_visits"]
    if mins:
        need = sum(problem.site(s).min_visits for s in mins)
        most = em.most_visits(core, mins, seconds)
        slots = problem.slots()
        n = len(mins)
        en = (f"{n} center{'s' if n != 1 else ''} ({_names(problem, mins, 'en')}) need at least {need} visit"
              f"{'s' if need != 1 else ''} in total, but "
              + (f"at most {most} can be scheduled" if most is not None else "they cannot all be scheduled")
              + f": there are {slots} slots ({_slots_text(problem, 'en')})")
        ko = (f"{n}개 센터({_names(problem, mins, 'ko')})에 최소 {need}회 방문이 필요하지만 "
              + (f"최대 {most}회만 넣을 수 있습니다" if most is not None else "모두 넣을 수 없습니다")
              + f": 방문 가능 회차는 {slots}회({_slots_text(problem, 'ko')})")
        if pins:
            en += f", {len(pins)} of them taken by pinned visits ({_pins_text(problem, pins, 'en')})"
            ko += f"이고 그중 {len(pins)}회는 고정 방문({_pins_text(problem, pins, 'ko')})입니다"
        if "min_gap" in kinds:
            gaps = [r.site_id for r in rules if r.kind == "min_gap"]
            fits = [max_spaced_days([d.date for d in problem.days if s in open_sites(problem, d)], gap) for s in gaps]
            lo, hi = min(fits), max(fits)
            f_txt = str(lo) if lo == hi else f"{lo}–{hi}"
            en += (f", and with at least {gap} days between visits {_names(problem, gaps, 'en')} can get at most "
                   f"{f_txt} visit{'s' if hi != 1 else ''} each")
            ko += f". 방문 간격 최소 {gap}일 규칙으로 {_names(problem, gaps, 'ko')}은(는) 최대 {f_txt}회씩만 가능합니다"
        en += "."
        ko += "."
        numbers.update({"centers": n, "required_visits": need, "schedulable": most, "slots": slots,
                        "pinned": len(pins)})
    else:
        en = f"These rules cannot all hold together: {_rules_text(problem, rules, 'en')}."
        ko = f"다음 규칙을 함께 지킬 수 없습니다: {_rules_text(problem, rules, 'ko')}."
    remedy_en, remedy_ko = [], []
    if mins:
        remedy_en += ["lower the minimum visits", "add a counselor or allow more visits a day"]
        remedy_ko += ["최소 방문 횟수를 낮추기", "상담사나 하루 방문 횟수를 늘리기"]
    if pins:
        remedy_en.append("move or unpin some of these pinned visits")
        remedy_ko.append("이 고정 방문 일부를 옮기거나 풀기")
    if "min_gap" in kinds:
        remedy_en.append(f"lower the minimum days between visits (now {gap})")
        remedy_ko.append(f"최소 방문 간격(현재 {gap}일)을 줄이기")
    if "max_visits" in kinds:
        remedy_en.append("raise the maximum visits")
        remedy_ko.append("최대 방문 횟수를 늘리기")
    if len(remedy_en) > 1:
        rem_en = "Either " + ", ".join(remedy_en[:-1]) + ", or " + remedy_en[-1] + "."
        rem_ko = ", ".join(remedy_ko) + " 중 하나를 하세요."
    else:
        rem_en = remedy_en[0][0].upper() + remedy_en[0][1:] + "." if remedy_en else ""
        rem_ko = (remedy_ko[0] + " 하세요.") if remedy_ko else ""
    return [Conflict("rule_conflict", ko, en, rem_ko, rem_en, numbers)]


def explain_infeasible(problem: Problem, time_limit_s: float = 10.0) -> list[Conflict]:
    """Conflicts explaining why ``problem`` has no plan (empty if none is found)."""
    from scheduler.solver.decompose import service_areas

    deadline = time.perf_counter() + time_limit_s
    out: list[Conflict] = []
    for part in service_areas(problem):  # independent service areas are explained apart
        found = minimal_core(part, max(0.5, deadline - time.perf_counter()))
        if found is not None and found[1]:
            out += describe_core(*found)
    return out
