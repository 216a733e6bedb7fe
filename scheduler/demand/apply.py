"""The demand model and the rotation history in a plan (the district front end's step
between building the Problem and solving it).

:func:`prepare` takes a built Problem (site weights = populations) and the records and
published visits (from the store) and returns the Problem the solver gets:

- ``mode="attendance"``: each site's weight becomes :attr:`Estimate.weight` (residents
  re-weighted by the job seekers per resident its records show); ``"population"``
  keeps the populations; ``None`` takes attendance when any of the sites has records;
- the rotation history: the last visit per site is the latest of ``--history``, the
  recorded visits and the published visits before the period (no ``--history`` needed
  once plans are published);
- ``max_months_unvisited=N``: a site whose last visit lies more than ``N − 1`` whole
  calendar months before the period (it went ``N`` months unvisited) must be visited
  at least once in the period (a per-site minimum, not a new solver rule).

With no records and no published visits the Problem is returned unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.demand.model import DemandModel, Estimate, fit
from scheduler.demand.records import Attendance
from scheduler.i18n import text

MODES = ("population", "attendance")


@dataclass(frozen=True)
class Prepared:
    """The Problem to solve and what demand and rotation did to it."""

    problem: Problem
    mode: str
    model: DemandModel | None
    estimates: tuple[Estimate, ...]
    records: int
    months_unvisited: dict[
        str, int
    ]  # whole months before the period without a visit (known history)
    forced: tuple[str, ...]  # sites given a minimum of one visit by max_months_unvisited
    max_months_unvisited: int | None

    populations: dict[str, int] | None = None  # the sites' weights before demand (residents)

    def for_output(self) -> Problem:
        """The solved Problem with the residents back as weights: the outputs print a
        site's weight as its population (metrics, map, workbook)."""
        pops = self.populations
        if not pops or all(s.weight == pops[s.id] for s in self.problem.sites):
            return self.problem
        sites = tuple(replace(s, weight=pops[s.id]) for s in self.problem.sites)
        return replace(self.problem, sites=sites)

    def summary(self) -> dict[str, object]:
        """The ``demand`` section of ``summary.json`` (read back by ``explain``)."""
        out: dict[str, object] = {
            "mode": self.mode,
            "records": self.records,
            "max_months_unvisited": self.max_months_unvisited,
            "forced": list(self.forced),
            "months_unvisited": self.months_unvisited,
        }
        if self.model is not None:
            out["model"] = {
                "theta0_per_1000": round(self.model.theta0, 5),
                "alpha": round(self.model.alpha, 4),
                "repeat": [round(x, 4) for x in self.model.repeat],
                "weekday": {str(k): round(v, 4) for k, v in sorted(self.model.weekday.items())},
                "month": {str(k): round(v, 4) for k, v in sorted(self.model.month.items())},
            }
        out["estimates"] = {e.center_id: e.as_dict() for e in self.estimates}
        # What the solver got, so that explain (and a rebuild) see the same problem.
        out["weights"] = {st.id: st.weight for st in self.problem.sites}
        out["last_visit"] = {k: d.isoformat() for k, d in sorted(self.problem.last_visit.items())}
        return out


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def last_visits(
    problem: Problem, records: Iterable[Attendance], published: Iterable[tuple[dt.date, str]]
) -> dict[str, dt.date]:
    """The latest visit before the period per site, from the Problem's history, the
    records and the published visits."""
    ids = {s.id for s in problem.sites}
    last = dict(problem.last_visit)
    dated = [(r.date, r.center_id) for r in records] + list(published)
    for d, sid in dated:
        if sid in ids and d < problem.start and (sid not in last or d > last[sid]):
            last[sid] = d
    return last


def months_unvisited(
    problem: Problem, last: dict[str, dt.date], known_from: dt.date | None
) -> dict[str, int]:
    """Whole calendar months right before the period in which each site had no visit,
    counted only as far back as the history reaches (``known_from``: the earliest
    known visit of any site)."""
    if known_from is None:
        return {}
    start_m = _month_index(problem.start)
    out = {}
    for s in problem.sites:
        since = _month_index(last[s.id]) + 1 if s.id in last else _month_index(known_from)
        out[s.id] = max(0, start_m - since)
    return out


def prepare(
    problem: Problem,
    *,
    records: Iterable[Attendance] = (),
    published: Iterable[tuple[dt.date, str]] = (),
    mode: str | None = None,
    max_months_unvisited: int | None = None,
) -> Prepared:
    """The Problem with demand weights, the automatic history and the rotation minimums."""
    if mode is not None and mode not in MODES:
        raise ValueError(f"demand mode must be one of {MODES}, got {mode!r}")
    ids = {s.id for s in problem.sites}
    recs = [r for r in records if r.center_id in ids and r.date < problem.start]
    pubs = [(d, sid) for d, sid in published if sid in ids and d < problem.start]
    use = mode or ("attendance" if recs else "population")
    sites = problem.sites
    model = None
    estimates: tuple[Estimate, ...] = ()
    pops = {s.id: s.weight for s in sites}
    if recs or use == "attendance":
        model = fit(recs, pops, as_of=problem.start)
        estimates = tuple(model.estimate(s.id, problem.start.month) for s in sites)
    if use == "attendance" and estimates:
        weight = {e.center_id: e.weight for e in estimates}
        sites = tuple(replace(s, weight=weight[s.id]) for s in sites)
    last = last_visits(problem, recs, pubs)
    dates = [*last.values(), *(r.date for r in recs), *(d for d, _ in pubs)]
    known_from = min(dates) if dates else None
    gaps = months_unvisited(problem, last, known_from)
    forced: list[str] = []
    if max_months_unvisited is not None and gaps:
        new_sites = []
        for s in sites:
            if (
                gaps.get(s.id, 0) >= max_months_unvisited
                and s.min_visits < 1
                and (s.max_visits or 1) >= 1
            ):
                s = replace(s, min_visits=1)
                forced.append(s.id)
            new_sites.append(s)
        sites = tuple(new_sites)
    changed_history = last != dict(problem.last_visit)
    new = problem
    if sites != problem.sites or changed_history:
        new = replace(
            problem, sites=sites, last_visit=last, has_history=problem.has_history or bool(last)
        )
    return Prepared(
        new, use, model, estimates, len(recs), gaps, tuple(forced), max_months_unvisited, pops
    )


def unvisited_warnings(prepared: Prepared, plan: Plan, lang: str = "ko") -> list[str]:
    """One line per site that the plan leaves unvisited for a second month in a row."""
    visited = {v.site_id for v in plan.visits}
    out = []
    for s in prepared.problem.sites:
        gap = prepared.months_unvisited.get(s.id)
        if gap is not None and gap >= 1 and s.id not in visited:
            name = s.name if lang == "ko" else (s.name_en or s.name)
            out.append(text("demand.unvisited_again", lang, center=name, id=s.id, months=gap + 1))
    return out


def reapply(problem: Problem, demand: dict[str, Any] | None) -> Problem:
    """``problem`` (rebuilt from a plan folder's ``plan.json``) with the weights, rotation
    minimums and last visits its plan was solved with (``summary.json``'s ``demand``)."""
    if not demand:
        return problem
    weights = demand.get("weights") or {}
    forced = set(demand.get("forced") or ())
    sites = tuple(
        replace(
            s,
            weight=int(weights.get(s.id, s.weight)),
            min_visits=max(s.min_visits, 1) if s.id in forced else s.min_visits,
        )
        for s in problem.sites
    )
    last = dict(problem.last_visit)
    for sid, d in (demand.get("last_visit") or {}).items():
        last[sid] = dt.date.fromisoformat(d)
    return replace(
        problem, sites=sites, last_visit=last, has_history=problem.has_history or bool(last)
    )


def folder_demand(folder: Path) -> dict[str, Any] | None:
    """The ``demand`` section of a plan folder's ``summary.json`` (``None`` when absent)."""
    import json

    try:
        doc = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    section = doc.get("demand") if isinstance(doc, dict) else None
    return section if isinstance(section, dict) else None


def explain_lines(demand: dict[str, Any] | None, site_id: str, lang: str = "ko") -> list[str]:
    """``explain``'s lines on a center's demand: estimate, interval, records behind it."""
    if not demand:
        return []
    est = (demand.get("estimates") or {}).get(site_id)
    mode = text(f"demand.mode.{demand.get('mode', 'population')}", lang)
    if not est:
        return [text("demand.explain_mode", lang, mode=mode)]
    if not est["records"]:
        return [text("demand.explain_prior", lang, mode=mode, weight=f"{est['weight']:,}")]
    return [
        text(
            "demand.explain",
            lang,
            mode=mode,
            records=est["records"],
            visitors=est["visitors"],
            mean=f"{est['mean']:.1f}",
            low=f"{est['mean_low']:.1f}",
            high=f"{est['mean_high']:.1f}",
            visit_low=est["visit_low"],
            visit_high=est["visit_high"],
            ratio=f"{est['ratio']:.2f}",
            weight=f"{est['weight']:,}",
        )
    ]


def demand_warnings(prepared: Prepared, plan: Plan, lang: str = "ko") -> list[str]:
    """The plan's warnings from rotation: the centers a rule forced in, then those it
    leaves unvisited for a second month in a row."""
    out = []
    if prepared.forced:
        out.append(
            text(
                "demand.forced",
                lang,
                n=len(prepared.forced),
                months=prepared.max_months_unvisited,
                centers=", ".join(prepared.forced),
            )
        )
    return out + unvisited_warnings(prepared, plan, lang)
