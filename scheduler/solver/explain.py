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
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.core import rules as core_rules
from scheduler.core.clock import format_hhmm
from scheduler.core.problem import Pin, Problem, SiteId
from scheduler.errors import Conflict, InfeasibleError
from scheduler.i18n.dates import format_date
from scheduler.solver._cpsat import Settings, run
from scheduler.solver._graph import day_groups
from scheduler.solver._model import RuleGroup, Scope, VisitModel
from scheduler.solver._routes import TooManyRoutes, routes_by_group
from scheduler.solver._text import capitalized, conflict, say, site_name, slots_formula, word
from scheduler.solver.decompose import service_areas
from scheduler.solver.precheck import pin_gaps, pin_overload

__all__ = [
    "RuleGroup",
    "describe_core",
    "explain_infeasible",
    "minimal_core",
    "no_plan",
    "time_limit_conflict",
]


class _Model:
    """The route model (:class:`~scheduler.solver._model.VisitModel`, the same rule
    builders as a solve) with every rule group behind an enforcement literal."""

    def __init__(self, problem: Problem, settings: Settings | None = None) -> None:
        self.problem = problem
        self.settings = settings or Settings()
        groups = day_groups(problem)
        scope = Scope.build(problem, groups, routes_by_group(problem, groups))
        self.lits: list[tuple[cp_model.IntVar, RuleGroup]] = []
        self._lit_of: dict[RuleGroup, cp_model.IntVar] = {}
        self.vm = VisitModel(scope, switch=self._switch)
        self.model = self.vm.model
        self.count = self.vm.v.count
        # The literals in a stable order (per center: minimum, maximum, gap; then the
        # pins), the order in which the core is shrunk.
        order = {}
        for i, s in enumerate(problem.sites):
            for j, kind in enumerate(("min_visits", "max_visits", "min_gap")):
                order[RuleGroup(kind, s.id)] = (0, i, j)
        for i, pin in enumerate(problem.pins):
            order.setdefault(RuleGroup("pin", pin.site_id, pin), (1, i, 0))
        self.lits.sort(key=lambda item: order.get(item[1], (2, 0, 0)))

    def _switch(self, model: cp_model.CpModel, rule: RuleGroup) -> cp_model.IntVar:
        lit = self._lit_of.get(rule)
        if lit is None:
            lit = self._lit_of[rule] = model.new_bool_var(f"rule_{len(self.lits)}")
            self.lits.append((lit, rule))
        return lit

    def infeasible_core(self, lits: list[cp_model.IntVar], seconds: float) -> list[int] | None:
        """The indices (into ``self.lits``) of a sufficient core when ``lits`` cannot
        all hold, ``None`` when they can (or the time ran out)."""
        self.model.clear_assumptions()
        self.model.add_assumptions(lits)
        status, solver = run(
            self.model, self.settings, seconds=seconds, stage="explain", min_seconds=0.05
        )
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
        status, solver = run(m, self.settings, seconds=seconds, stage="explain", min_seconds=0.05)
        if status != cp_model.OPTIMAL:
            return None
        return round(solver.objective_value)


def minimal_core(
    problem: Problem, time_limit_s: float = 10.0, *, seed: int = 0
) -> tuple[_Model, list[int]] | None:
    """A minimal set of rule groups that cannot all hold, or ``None`` if none is found."""
    deadline = time.perf_counter() + time_limit_s
    try:
        em = _Model(problem, Settings(seed, 1))
    except TooManyRoutes:
        return None
    all_lits = [lit for lit, _ in em.lits]
    core = em.infeasible_core(all_lits, deadline - time.perf_counter())
    if core is None:
        return None
    i = 0
    while i < len(core) and time.perf_counter() < deadline:
        trial = core[:i] + core[i + 1 :]
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
def _pin_text(problem: Problem, p: Pin, lang: str) -> str:
    return say(
        "solver.pin.text",
        lang,
        {
            "date": format_date(p.date, lang),
            "session": say("solver.pin.session", lang, {"session": p.session}) if p.session else "",
            "who": say("solver.pin.who", lang, {"counselor": p.team_id}) if p.team_id else "",
            "center": site_name(problem, p.site_id, lang, with_id=True),
        },
    )


def _names(problem: Problem, sids: list[SiteId], lang: str, most: int = 5) -> str:
    names = [site_name(problem, sid, lang) for sid in sids]
    sep = say("solver.list.sep", lang)
    if len(names) > most:
        return say(
            "solver.names.more", lang, {"names": sep.join(names[:most]), "rest": len(names) - most}
        )
    return sep.join(names)


def _pins_text(problem: Problem, pins: list[Pin], lang: str) -> str:
    """Pinned visits grouped by center: ``Dasan-dong: Tue 1 Dec, Tue 8 Dec; Yaksu-dong: …``."""
    parts = []
    for sid in sorted(
        {p.site_id for p in pins}, key=lambda x: min(p.date for p in pins if p.site_id == x)
    ):
        mine = sorted((p for p in pins if p.site_id == sid), key=lambda p: p.date)
        days = ", ".join(format_date(p.date, lang) for p in mine)
        parts.append(f"{site_name(problem, sid, lang)}: {days}")
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
    for code, groups in (("solver.core.rule.min", by_min), ("solver.core.rule.max", by_max)):
        for n, sids in sorted(groups.items()):
            out.append(
                say(
                    code,
                    lang,
                    {
                        "names": _names(problem, sids, lang),
                        "n": n,
                        "visit_word": word("visit", n, lang),
                    },
                )
            )
    gaps = [r.site_id for r in rules if r.kind == "min_gap"]
    if gaps:
        out.append(
            say("solver.core.rule.gap", lang, {"names": _names(problem, gaps, lang), "gap": gap})
        )
    pins = [r.pin for r in rules if r.pin is not None]
    if pins:
        out.append(
            say(
                "solver.core.rule.pins",
                lang,
                {
                    "n": len(pins),
                    "visit_word": word("visit", len(pins), lang),
                    "pins": _pins_text(problem, pins, lang),
                },
            )
        )
    return "; ".join(out)


def _single_pin(problem: Problem, p: Pin) -> Conflict:
    """Why one pinned visit cannot be made at all."""
    site = problem.site(p.site_id)
    gap = problem.rules.min_gap_days
    last = problem.last_visit.get(p.site_id)
    day = problem.day(p.date)

    def pin(lang: str) -> str:
        return capitalized(_pin_text(problem, p, lang))

    if site.max_visits == 0:
        return conflict(
            "pin_max_visits",
            "solver.core.pin_max_visits",
            "solver.remedy.pin_max_visits",
            {
                "center": lambda lang: site_name(problem, p.site_id, lang),
                "pin": lambda lang: _pin_text(problem, p, lang),
            },
            {"center": p.site_id, "date": p.date.isoformat()},
        )
    if last is not None and not core_rules.history_allows(problem, p.site_id, p.date):
        earliest = last + dt.timedelta(days=gap)
        days = (p.date - last).days
        return conflict(
            "pin_history_gap",
            "solver.core.pin_history_gap",
            "solver.remedy.core_pin_history_gap",
            {"pin": pin, "last": lambda lang: format_date(last, lang), "days": days, "gap": gap},
            {"center": p.site_id, "last_visit": last.isoformat(), "days": days, "min_gap": gap},
            remedy_params={"earliest": lambda lang: format_date(earliest, lang)},
        )
    # Otherwise the clock: no route reaches the center in that session and gets home in time.
    teams = [
        t
        for t in problem.teams
        if core_rules.team_available(t, p.date) and (p.team_id is None or t.id == p.team_id)
    ]
    base = teams[0].base_id if teams else problem.bases[0].id
    t_in, t_out = int(problem.travel(base, p.site_id)), int(problem.travel(p.site_id, base))
    sessions = [s for s in day.sessions if p.session is None or s.index == p.session]
    span = ", ".join(f"{format_hhmm(s.start_min)}–{format_hhmm(s.end_min)}" for s in sessions)
    work = f"{format_hhmm(int(day.work_start_min))}–{format_hhmm(int(day.work_end_min))}"
    return conflict(
        "pin_route_timing",
        "solver.core.pin_route_timing",
        "solver.remedy.pin_route_timing",
        {
            "pin": pin,
            "travel_in": t_in,
            "travel_out": t_out,
            "buffer": problem.rules.setup_buffer_min,
            "work": work,
            "session": span,
        },
        {"center": p.site_id, "date": p.date.isoformat(), "travel_min": t_in},
    )


def _min_visits_sentence(
    em: _Model, core: list[int], rules: list[RuleGroup], lang: str, most: int | None
) -> str:
    problem = em.problem
    gap = problem.rules.min_gap_days
    mins = [r.site_id for r in rules if r.kind == "min_visits"]
    pins = [r.pin for r in rules if r.pin is not None]
    need = sum(problem.site(s).min_visits for s in mins)
    most_text = (
        say("solver.core.most", lang, {"most": most})
        if most is not None
        else say("solver.core.most_unknown", lang)
    )
    out = say(
        "solver.core.min",
        lang,
        {
            "n": len(mins),
            "center_word": word("center", len(mins), lang),
            "names": _names(problem, mins, lang),
            "need": need,
            "visit_word": word("visit", need, lang),
            "most": most_text,
            "slots": problem.slots(),
            "formula": slots_formula(problem, lang),
        },
    )
    if pins:
        out += say(
            "solver.core.min_pinned",
            lang,
            {"pinned": len(pins), "pins": _pins_text(problem, pins, lang)},
        )
    gaps = [r.site_id for r in rules if r.kind == "min_gap"]
    if gaps:
        fits = [
            core_rules.max_spaced_days(core_rules.open_days(problem, problem.site(s)), gap)
            for s in gaps
        ]
        lo, hi = min(fits), max(fits)
        out += say(
            "solver.core.min_gap",
            lang,
            {
                "gap": gap,
                "names": _names(problem, gaps, lang),
                "fit": str(lo) if lo == hi else f"{lo}–{hi}",
                "visit_word": word("visit", hi, lang),
            },
        )
    return out + say("solver.core.end", lang)


def _remedy(items: list[tuple[str, dict[str, object]]], lang: str) -> str:
    said = [say(code, lang, params) for code, params in items]
    if not said:
        return ""
    if len(said) == 1:
        return capitalized(say("solver.remedy.one", lang, {"item": said[0]}))
    return say("solver.remedy.either", lang, {"items": ", ".join(said[:-1]), "last": said[-1]})


def describe_core(em: _Model, core: list[int], seconds: float = 5.0) -> list[Conflict]:
    """The core as one conflict (both languages), with its numbers and a remedy."""
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
        most = em.most_visits(core, mins, seconds)
        ko, en = (_min_visits_sentence(em, core, rules, lang, most) for lang in ("ko", "en"))
        numbers.update(
            {
                "centers": len(mins),
                "required_visits": sum(problem.site(s).min_visits for s in mins),
                "schedulable": most,
                "slots": problem.slots(),
                "pinned": len(pins),
            }
        )
    else:
        ko, en = (
            say("solver.core.rules", lang, {"rules": _rules_text(problem, rules, lang)})
            for lang in ("ko", "en")
        )
    items: list[tuple[str, dict[str, object]]] = []
    if mins:
        items += [("solver.remedy.item.lower_min", {}), ("solver.remedy.item.add_staff", {})]
    if pins:
        items.append(("solver.remedy.item.unpin", {}))
    if "min_gap" in kinds:
        items.append(("solver.remedy.item.lower_gap", {"gap": gap}))
    if "max_visits" in kinds:
        items.append(("solver.remedy.item.raise_max", {}))
    return [Conflict("rule_conflict", ko, en, _remedy(items, "ko"), _remedy(items, "en"), numbers)]


def explain_infeasible(
    problem: Problem, time_limit_s: float = 10.0, *, seed: int = 0
) -> list[Conflict]:
    """Conflicts explaining why ``problem`` has no plan (empty if none is found)."""
    deadline = time.perf_counter() + time_limit_s
    out: list[Conflict] = []
    for part in service_areas(problem):  # independent service areas are explained apart
        found = minimal_core(part, max(0.5, deadline - time.perf_counter()), seed=seed)
        if found is not None and found[1]:
            out += describe_core(*found)
    return out


def no_plan(problem: Problem, *, seed: int = 0) -> InfeasibleError:
    """The proven-infeasible error, with the reasons :func:`explain_infeasible` can name."""
    return InfeasibleError(
        explain_infeasible(problem, seed=seed) or [_generic_conflict()], proven=True
    )


def _generic_conflict() -> Conflict:
    return conflict("unknown", "solver.conflict.unknown", "solver.remedy.unknown")


def time_limit_conflict(time_limit_s: float) -> Conflict:
    """No plan found within the time limit (not proven infeasible)."""
    return conflict(
        "time_limit",
        "solver.conflict.time_limit",
        "solver.remedy.time_limit",
        {"seconds": f"{time_limit_s:g}"},
    )
