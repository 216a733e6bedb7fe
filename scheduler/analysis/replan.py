"""Replanning an existing plan folder from a date on, and telling what changed.

:func:`replan` rebuilds the old folder's problem from its ``plan.json``, adds the
new unavailability, closures and counselors, pins every visit before ``--from``
exactly as it was and re-solves with "fewest changed visits" as the first stage
(:mod:`scheduler.solver.changes`). :func:`compute_changes` compares the two plans
visit by visit; :func:`changes_csv_bytes` and :func:`change_notice_text` are the
``changes.csv`` and ``change-notice.<lang>.txt`` files. Nothing here prints or
writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scheduler.core.plan import Plan, StageResult, Visit
from scheduler.core.problem import Pin, Problem
from scheduler.core.run import command_started
from scheduler.core.validate import validate
from scheduler.demand.apply import folder_demand, reapply
from scheduler.district.build import Built, Options, build_problem
from scheduler.district.replay import load_plan, options_from_inputs, plan_inputs
from scheduler.district.tables import parse_date
from scheduler.errors import DataError, InternalError
from scheduler.i18n import text as catalog_text
from scheduler.output.labels import check_lang, format_date, format_hhmm, format_period
from scheduler.output.safe import guard_formula
from scheduler.solver import solve
from scheduler.solver.changes import visit_key

CHANGE_COLUMNS = ("change", "center_id", "old_date", "new_date", "old_counselor", "new_counselor")
CHANGE_KINDS = ("moved", "cancelled", "added", "reassigned")


@dataclass(frozen=True)
class Change:
    """One changed visit: ``old`` is the visit before (``None`` if added), ``new`` after
    (``None`` if cancelled)."""

    change: str  # moved, cancelled, added or reassigned
    center_id: str
    old: Visit | None
    new: Visit | None
    #: For a cancelled visit: the center's next visit in the new plan after it, so the
    #: notice can name the date residents should come instead.
    next_visit: Visit | None = None

    @property
    def date(self) -> dt.date:
        """The date the change is sorted by (the old one, else the new one)."""
        v = self.old or self.new
        assert v is not None
        return v.date

    @property
    def seen_by_residents(self) -> bool:
        """Whether residents notice it (a new counselor at the same time does not show)."""
        return self.change != "reassigned"


def parse_spans(
    values: tuple[str, ...] | list[str], option: str, what: str
) -> list[tuple[str, dt.date]]:
    """``ID:YYYY-MM-DD`` or ``ID:YYYY-MM-DD..YYYY-MM-DD`` → (id, date) for every day."""
    out = []
    for text in values:
        ident, sep, dates = text.rpartition(":")
        ident = ident.strip()
        if not sep or not ident or not dates.strip():
            raise DataError(
                f"write {what}:DATE or {what}:FROM..TO",
                column=option,
                value=text,
                hint=f"e.g. {option} {'1' if what == 'COUNSELOR' else 'myeong'}:"
                "2026-12-15..2026-12-17",
            )
        if ".." in dates:
            a_s, b_s = dates.split("..", 1)
            a, b = parse_date(a_s, column=option), parse_date(b_s, column=option)
            if b < a:
                raise DataError(
                    "a date range ends before it starts",
                    column=option,
                    value=text,
                    hint="write FROM..TO",
                )
        else:
            a = b = parse_date(dates, column=option)
        d = a
        while d <= b:
            out.append((ident, d))
            d += dt.timedelta(days=1)
    return out


# ---------------------------------------------------------------------------
# Comparing two plans
# ---------------------------------------------------------------------------
def _pair_by_date(old: list[Visit], new: list[Visit]) -> list[tuple[Visit, Visit]]:
    """Pairs of old and new visits (as many as the shorter list) with the least total
    distance in days; ties go to the earliest pairing."""
    if not old or not new:
        return []
    old, new = sorted(old, key=lambda v: v.date), sorted(new, key=lambda v: v.date)
    short, long_, flip = (old, new, False) if len(old) <= len(new) else (new, old, True)
    best: tuple[int, tuple[int, ...]] | None = None
    for combo in itertools.permutations(range(len(long_)), len(short)):
        cost = sum(abs((short[i].date - long_[j].date).days) for i, j in enumerate(combo))
        if best is None or (cost, combo) < best:
            best = (cost, combo)
    assert best is not None
    pairs = [(short[i], long_[j]) for i, j in enumerate(best[1])]
    return [(b, a) for a, b in pairs] if flip else pairs


def compute_changes(old: Plan, new: Plan, since: dt.date | None = None) -> list[Change]:
    """Every visit on or after ``since`` that differs between ``old`` and ``new``.

    A visit is unchanged when its center, date, counselor and session are. Per
    center, a lost and a new visit on the same date and session are *reassigned*,
    on the same date at another time or on another date *moved* (pairing the
    nearest dates); what is left is *cancelled* or *added*.
    """

    def later(p: Plan) -> list[Visit]:
        return [v for v in p.visits if since is None or v.date >= since]

    old_keys = {visit_key(v) for v in later(old)}
    new_keys = {visit_key(v) for v in later(new)}
    lost = [v for v in later(old) if visit_key(v) not in new_keys]
    added = [v for v in later(new) if visit_key(v) not in old_keys]
    out: list[Change] = []
    for sid in sorted({v.site_id for v in lost} | {v.site_id for v in added}):
        ls = [v for v in lost if v.site_id == sid]
        ns = [v for v in added if v.site_id == sid]
        for same_session in (True, False):
            for o in list(ls):
                match = next(
                    (
                        n
                        for n in ns
                        if n.date == o.date and (n.session == o.session or not same_session)
                    ),
                    None,
                )
                if match is not None:
                    kind = "reassigned" if match.session == o.session else "moved"
                    out.append(Change(kind, sid, o, match))
                    ls.remove(o)
                    ns.remove(match)
        for o, n in _pair_by_date(ls, ns):
            out.append(Change("moved", sid, o, n))
            ls.remove(o)
            ns.remove(n)
        remaining = sorted((v for v in later(new) if v.site_id == sid), key=lambda v: v.date)
        for o in ls:
            after = [v for v in remaining if v.date > o.date]
            out.append(Change("cancelled", sid, o, None, after[0] if after else None))
        out += [Change("added", sid, None, n) for n in ns]
    return sorted(out, key=lambda c: (c.date, c.center_id, CHANGE_KINDS.index(c.change)))


def changes_csv_bytes(changes: list[Change]) -> bytes:
    """``changes.csv``: UTF-8 with BOM, ``\\r\\n`` line ends, one row per change."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CHANGE_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for c in changes:
        w.writerow(
            {
                "change": c.change,
                "center_id": guard_formula(c.center_id),
                "old_date": c.old.date.isoformat() if c.old else "",
                "new_date": c.new.date.isoformat() if c.new else "",
                "old_counselor": guard_formula(c.old.team_id) if c.old else "",
                "new_counselor": guard_formula(c.new.team_id) if c.new else "",
            }
        )
    return buf.getvalue().encode("utf-8-sig")


def _center(problem: Problem, sid: str, lang: str) -> str:
    site = next((s for s in problem.sites if s.id == sid), None)
    if site is None:
        return sid
    if lang == "en" and site.name_en.strip() and site.name_en != site.name:
        return f"{site.name_en} ({site.name})"
    return site.name


def _when(v: Visit, lang: str) -> str:
    sep = "~" if lang == "ko" else "–"
    return f"{format_date(v.date, lang)} {format_hhmm(v.start_min)}{sep}{format_hhmm(v.end_min)}"


def change_notice_text(problem: Problem, changes: list[Change], lang: str = "ko") -> str:
    """The residents' notice of what changed (moved, cancelled, added; no counselor
    names, so reassignments at the same time are left out). A moved visit names its
    new date, a cancelled one the center's next visit; when residents see no change
    (only counselors swapped) the notice says so and apologises for nothing."""
    lang = check_lang(lang)

    def t(code: str, **params: object) -> str:
        return catalog_text(f"replan.notice.{code}", lang, **params)

    shown = [c for c in changes if c.seen_by_residents]
    period = [t("period"), format_period(problem.start, problem.end, lang), ""]
    if not shown:
        return "\n".join([t("title"), "", *period, t("none")]) + "\n"
    lines = [t("title"), "", t("intro"), "", *period, t("list")]
    for c in shown:
        center = " ".join(_center(problem, c.center_id, lang).split())
        old = _when(c.old, lang) if c.old else ""
        new = _when(c.new, lang) if c.new else ""
        if c.change == "cancelled" and c.next_visit is not None:
            lines.append(
                "- " + t("cancelled_next", center=center, old=old, next=_when(c.next_visit, lang))
            )
        else:
            lines.append("- " + t(c.change, center=center, old=old, new=new))
    lines += ["", t("sorry")]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The replan itself
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Replan:
    """A finished replan: the new problem (as the new folder stores it), the plan,
    the changes from the old plan and the inputs for ``plan.json``."""

    built: Built
    options: Options
    old_problem: Problem
    old_plan: Plan
    plan: Plan
    since: dt.date
    changes: list[Change]
    inputs: dict[str, Any]
    emptied: list[str]  # centers the old plan visits and the new one cannot (coverage lost)


def replan(
    plan_dir: Path,
    since: dt.date,
    *,
    unavailable: list[tuple[str, dt.date]] = (),  # type: ignore[assignment]
    closed: list[tuple[str, dt.date]] = (),  # type: ignore[assignment]
    add_counselors: list[str] = (),  # type: ignore[assignment]
    time_limit_s: float = 30.0,
    seed: int | None = None,
    lang: str = "ko",
    on_stage: Callable[[StageResult], None] | None = None,
) -> Replan:
    """Replan the folder ``plan_dir`` from ``since`` on (see the module docstring)."""
    old_built, inp, old_plan = load_plan(plan_dir)
    old_problem = old_built.problem
    config = old_built.config
    config_path = Path(inp["config"])
    old_options = options_from_inputs(inp)
    if not (old_problem.start <= since <= old_problem.end):
        raise DataError(
            "--from lies outside the plan's period",
            column="--from",
            value=since.isoformat(),
            hint=f"the plan runs from {old_problem.start} to {old_problem.end}",
        )
    for option, pairs in (("--unavailable", unavailable), ("--closed", closed)):
        for ident, d in pairs:
            if d < since:
                raise DataError(
                    "visits before --from never change",
                    column=option,
                    value=f"{ident}:{d}",
                    hint=f"give dates on or after {since}",
                )
            if d > old_problem.end:
                raise DataError(
                    "the date lies after the plan's period",
                    column=option,
                    value=f"{ident}:{d}",
                    hint=f"the plan ends on {old_problem.end}",
                )
    options = replace(
        old_options,
        extra_leave=tuple(sorted(set(old_options.extra_leave) | set(unavailable))),
        extra_closures=tuple(sorted(set(old_options.extra_closures) | set(closed))),
        extra_counselors=(*old_options.extra_counselors, *add_counselors),
    )
    built = build_problem(config, options)
    # Solve with the demand weights and rotation minimums the old plan was solved with
    # (its summary.json); the outputs keep the residents of ``built``.
    problem = reapply(built.problem, folder_demand(plan_dir))
    past = tuple(
        Pin(v.site_id, v.date, v.team_id, v.session) for v in old_plan.visits if v.date < since
    )
    solve_problem = replace(problem, pins=(*problem.pins, *past))
    seed = int(inp.get("seed") or 0) if seed is None else seed
    plan = solve(
        solve_problem,
        time_limit_s=time_limit_s,
        seed=seed,
        on_stage=on_stage,
        reference=old_plan,
        frozen_before=since,
        started=command_started(),  # the command's limit covers reading the old plan
    )
    broken = validate(solve_problem, plan)
    if broken:  # the solver and the validator disagree: a bug, never hide it
        raise InternalError(
            "internal error: the new plan breaks rules: " + "; ".join(v.message for v in broken[:5])
        )
    before_old = sorted((v for v in old_plan.visits if v.date < since), key=visit_key)
    before_new = sorted((v for v in plan.visits if v.date < since), key=visit_key)
    if before_old != before_new:
        raise InternalError("internal error: a visit before --from changed")
    changes = compute_changes(old_plan, plan, since)
    inputs = plan_inputs(
        options,
        config_path,
        seed=seed,
        time_limit_s=time_limit_s,
        lang=lang,
        tiles=str(inp.get("tiles") or "none"),
    )
    inputs["replan"] = {
        "from": since.isoformat(),
        "reference": str(plan_dir.resolve()),
        "changes": len(changes),
        "unavailable": [[t, d.isoformat()] for t, d in unavailable],
        "closed": [[c, d.isoformat()] for c, d in closed],
        "added_counselors": list(add_counselors),
    }
    had = {v.site_id for v in old_plan.visits}
    has = {v.site_id for v in plan.visits}
    emptied = sorted(had - has)
    return Replan(built, options, old_problem, old_plan, plan, since, changes, inputs, emptied)


def base_folder_name(plan_dir: Path) -> Path:
    """The folder a new version is numbered after: ``maps/2026-12-v2`` → ``maps/2026-12``."""
    import re

    return plan_dir.with_name(re.sub(r"-v\d+$", "", plan_dir.name) or plan_dir.name)
