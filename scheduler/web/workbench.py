"""Working plans of the web page: stored, hand-edited, checked, re-optimized, published.

A working plan is the inputs of a run (the form of ``plan.json``) plus its visits as
*cards*: ``{uid, date, session, team, site, hand}``. A card names only where a visit
is (day, session, counselor, center); arrival, order and travel follow from the
problem (:func:`plan_of`). Every change is one step in ``web_edit``; the plan's
``revision`` goes up with each, and a change made against an older revision is
refused (:class:`StaleRevision`), so two browser tabs never overwrite each other.

Checking uses the one validator (:func:`scheduler.core.validate.validate`);
solving, re-optimizing and the files go through the application layer and the
output bundle, exactly as the command line does.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.core.plan import Plan, SolveInfo, StageResult, Visit, sort_visits
from scheduler.core.problem import Pin, Problem
from scheduler.core.validate import Violation, validate
from scheduler.district.build import Built, build_problem
from scheduler.district.config import load_config
from scheduler.district.replay import options_from_inputs
from scheduler.errors import DataError
from scheduler.i18n import text
from scheduler.output.labels import format_date, format_team
from scheduler.store.db import Store, utc_now
from scheduler.store.published import PublishedVersion, publish, published_files, published_versions

if TYPE_CHECKING:
    from scheduler.analysis.replan import Change

Card = dict[str, Any]


class StaleRevision(Exception):
    """A change made against an older revision of the plan (another tab changed it)."""

    def __init__(self, current: int, given: int) -> None:
        super().__init__(f"stale revision {given}, current {current}")
        self.current = current
        self.given = given


class NotFound(Exception):
    """No working plan (or version) with that id."""


class Flagged(Exception):
    """The plan breaks rules and so cannot be published."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} broken rule(s)")
        self.violations = violations


@dataclass(frozen=True)
class Working:
    """A working plan as it stands (the step at its cursor)."""

    id: int
    plan_key: str
    inputs: dict[str, Any]
    solved: dict[str, Any]
    revision: int
    cursor: int
    steps: int
    cards: list[Card]
    created_at: str

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to go back to."""
        return self.cursor > 0

    @property
    def can_redo(self) -> bool:
        """Whether an undone step can be redone."""
        return self.cursor < self.steps


# ---------------------------------------------------------------------------
# Problems and plans from stored inputs
# ---------------------------------------------------------------------------
_BUILT: dict[str, Built] = {}


def built_of(inputs: dict[str, Any]) -> Built:
    """The problem of stored inputs (rebuilt once per server run, then cached)."""
    key = json.dumps(inputs, sort_keys=True)
    hit = _BUILT.get(key)
    if hit is None:
        if not inputs.get("config"):
            raise DataError(
                "the stored plan names no config", code="web.bad_request", params={"what": "config"}
            )
        from scheduler.app.common import with_names

        built = build_problem(load_config(Path(inputs["config"])), options_from_inputs(inputs))
        names = tuple(inputs.get("counselor_names") or ())
        if names:
            built = Built(
                with_names(built.problem, names), built.skipped, built.warnings, built.config
            )
        _BUILT[key] = hit = built
    return hit


def cards_of_plan(plan: Plan, hand: set[tuple[str, str]] | None = None) -> list[Card]:
    """Cards for the visits of ``plan`` (``hand``: (site, date) keys edited by hand)."""
    hand = hand or set()
    return [
        {
            "uid": i + 1,
            "date": v.date.isoformat(),
            "session": v.session,
            "team": v.team_id,
            "site": v.site_id,
            "hand": (v.site_id, v.date.isoformat()) in hand,
        }
        for i, v in enumerate(sort_visits(plan.visits))
    ]


def plan_of(problem: Problem, cards: list[Card], info: SolveInfo | None = None) -> Plan:
    """The plan the cards describe: each counselor-day in session order, leaving the
    base, arriving ``setup_buffer_min`` before the first session and going on from
    each visit's end, with travel from the problem's matrix."""
    days = {d.date: d for d in problem.days}
    base = {t.id: t.base_id for t in problem.teams}
    by_day: dict[tuple[str, dt.date], list[tuple[int, int, int, str]]] = defaultdict(list)
    for c in cards:
        d = dt.date.fromisoformat(c["date"])
        day = days.get(d)
        sess = next((s for s in day.sessions if s.index == c["session"]), None) if day else None
        start, end = (sess.start_min, sess.end_min) if sess else (0, 0)
        by_day[(c["team"], d)].append((start, end, int(c["session"]), c["site"]))
    visits = []
    buf = problem.rules.setup_buffer_min
    for (team, d), stops in by_day.items():
        stops.sort()
        prev, prev_end = base.get(team, ""), None
        for order, (start, end, session, site) in enumerate(stops, start=1):
            known = prev in problem.travel and site in problem.travel
            travel = int(problem.travel(prev, site)) if known else 0
            arrive = start - buf if prev_end is None else prev_end + travel
            visits.append(Visit(d, session, team, site, order, int(arrive), start, end, travel))
            prev, prev_end = site, end
    return Plan(visits=sort_visits(visits), info=info or SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))


def info_of(solved: dict[str, Any]) -> SolveInfo:
    """The solver report stored with a plan."""
    i = solved.get("info") or {}
    stages = tuple(StageResult(**s) for s in i.get("stages", ()))
    return SolveInfo(
        i.get("status", "HAND-MADE"),
        float(i.get("objective", 0)),
        float(i.get("bound", 0)),
        float(i.get("gap", 0)),
        float(i.get("seconds", 0)),
        int(i.get("seed", 0)),
        float(i.get("time_limit_s", 0)),
        stages,
    )


def _info_dict(info: SolveInfo) -> dict[str, Any]:
    return {
        "status": info.status,
        "objective": info.objective,
        "bound": info.bound,
        "gap": info.gap,
        "seconds": info.seconds,
        "seed": info.seed,
        "time_limit_s": info.time_limit_s,
        "stages": [s.__dict__ for s in info.stages],
    }


def current_plan(w: Working) -> tuple[Problem, Plan]:
    """The problem and the plan a working plan shows now."""
    problem = built_of(w.inputs).problem
    info = info_of(w.solved) if w.cursor == 0 else None
    return problem, plan_of(problem, w.cards, info)


# ---------------------------------------------------------------------------
# Rules on the cards
# ---------------------------------------------------------------------------
def _center_name(problem: Problem, sid: str | None, lang: str) -> str:
    site = next((s for s in problem.sites if s.id == sid), None)
    if site is None:
        return str(sid or "")
    return site.name_en or site.name if lang == "en" else site.name


def _team_name(problem: Problem, tid: str | None, lang: str) -> str:
    team = next((t for t in problem.teams if t.id == tid), None)
    if team is not None and team.name:
        return team.name
    return format_team(str(tid or ""), lang)


def describe(problem: Problem, plan: Plan, v: Violation, lang: str) -> str:
    """One broken rule as a sentence for the planner (the validator's rule code,
    worded from the catalog with dates and names of this plan)."""
    code = f"web.rule.{v.rule}"
    date = format_date(v.date, lang) if v.date else ""
    center = _center_name(problem, v.site_id, lang)
    counselor = _team_name(problem, v.team_id, lang)
    if v.rule == "min_days_between_visits" and v.date is not None:
        earlier = [x.date for x in plan.visits if x.site_id == v.site_id and x.date < v.date]
        last = problem.last_visit.get(v.site_id or "")
        if last is not None and last < problem.start:
            earlier.append(last)
        other = format_date(max(earlier), lang) if earlier else ""
        return text(code, lang, gap=problem.rules.min_gap_days, other=other)
    if v.rule in ("min_visits", "max_visits"):
        site = next((s for s in problem.sites if s.id == v.site_id), None)
        n = sum(1 for x in plan.visits if x.site_id == v.site_id)
        limit = (site.min_visits if v.rule == "min_visits" else site.max_visits) if site else ""
        return text(code, lang, center=center, n=n, limit=limit)
    try:
        return text(code, lang, date=date, center=center, counselor=counselor)
    except KeyError:
        return text("web.rule.other", lang, rule=v.rule, detail=v.message)


@dataclass(frozen=True)
class Check:
    """The validator's verdict on a plan: sentences per card uid, and for the plan."""

    violations: tuple[Violation, ...]
    on_card: dict[int, list[str]]
    general: list[str]

    @property
    def ok(self) -> bool:
        """Whether every rule holds."""
        return not self.violations


def check(problem: Problem, plan: Plan, cards: list[Card], lang: str) -> Check:
    """Validate ``plan`` and put each broken rule on the card(s) it concerns: the
    visit it names, and for the spacing rule also the earlier visit it clashes with."""
    broken = validate(problem, plan)
    where: dict[tuple[str, str], list[Card]] = defaultdict(list)
    for c in cards:
        where[(c["site"], c["date"])].append(c)
    on_card: dict[int, list[str]] = defaultdict(list)
    general: list[str] = []
    for v in broken:
        sentence = describe(problem, plan, v, lang)
        targets = where.get((v.site_id or "", v.date.isoformat()), []) if v.date else []
        if v.team_id and len(targets) > 1:
            targets = [c for c in targets if c["team"] == v.team_id] or targets
        if not targets:
            general.append(sentence)
            continue
        for c in targets:
            if sentence not in on_card[c["uid"]]:
                on_card[c["uid"]].append(sentence)
        if v.rule == "min_days_between_visits" and v.date is not None:
            earlier = sorted(
                c["date"]
                for c in cards
                if c["site"] == v.site_id and c["date"] < v.date.isoformat()
            )
            if earlier:
                later = text(
                    "web.rule.min_days_between_visits",
                    lang,
                    gap=problem.rules.min_gap_days,
                    other=format_date(v.date, lang),
                )
                for c in where[(v.site_id or "", earlier[-1])]:
                    if later not in on_card[c["uid"]]:
                        on_card[c["uid"]].append(later)
    return Check(tuple(broken), dict(on_card), general)


# ---------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------
def _row(store: Store, plan_id: int) -> tuple[Any, ...]:
    row = store.conn.execute(
        "SELECT id, plan_key, inputs, solved, revision, cursor, created_at FROM web_plan "
        "WHERE id = ?",
        (plan_id,),
    ).fetchone()
    if row is None:
        raise NotFound(plan_id)
    return row


def load(store: Store, plan_id: int) -> Working:
    """The working plan ``plan_id`` as it stands."""
    pid, key, inputs, solved, revision, cursor, created = _row(store, plan_id)
    steps = store.conn.execute(
        "SELECT COALESCE(MAX(step), 0) FROM web_edit WHERE plan_id = ?", (pid,)
    ).fetchone()[0]
    solved_d = json.loads(solved)
    if cursor:
        cards = json.loads(
            store.conn.execute(
                "SELECT visits FROM web_edit WHERE plan_id = ? AND step = ?", (pid, cursor)
            ).fetchone()[0]
        )
    else:
        cards = solved_d["cards"]
    return Working(
        pid,
        key,
        json.loads(inputs),
        solved_d,
        int(revision),
        int(cursor),
        int(steps),
        cards,
        created,
    )


def list_plans(store: Store) -> list[tuple[int, str, str, int]]:
    """``(id, plan_key, created_at, revision)`` of every working plan, newest first."""
    return [
        tuple(r)
        for r in store.conn.execute(
            "SELECT id, plan_key, created_at, revision FROM web_plan ORDER BY id DESC"
        ).fetchall()
    ]


def audit(
    conn: sqlite3.Connection,
    action: str,
    *,
    who: str = "",
    plan_id: int | None = None,
    **detail: Any,
) -> None:
    """One line of the audit log (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO web_audit (at, who, action, plan_id, detail) VALUES (?, ?, ?, ?, ?)",
        (utc_now(), who, action, plan_id, json.dumps(detail, ensure_ascii=False)),
    )


def create(store: Store, inputs: dict[str, Any], plan: Plan, label: str) -> int:
    """Store a freshly solved plan as a new working plan; return its id."""
    solved = {"cards": cards_of_plan(plan), "info": _info_dict(plan.info)}
    with store.transaction() as c:
        cur = c.execute(
            "INSERT INTO web_plan (plan_key, created_at, inputs, solved) VALUES (?, ?, ?, ?)",
            (label, utc_now(), json.dumps(inputs, ensure_ascii=False), json.dumps(solved)),
        )
        pid = int(cur.lastrowid or 0)
        audit(c, "plan", plan_id=pid, visits=len(plan.visits), status=plan.info.status)
    return pid


def _expect(c: sqlite3.Connection, plan_id: int, revision: int) -> tuple[int, int]:
    row = c.execute("SELECT revision, cursor FROM web_plan WHERE id = ?", (plan_id,)).fetchone()
    if row is None:
        raise NotFound(plan_id)
    if int(row[0]) != int(revision):
        raise StaleRevision(int(row[0]), int(revision))
    return int(row[0]), int(row[1])


def _push(store: Store, plan_id: int, revision: int, op: dict[str, Any], cards: list[Card]) -> int:
    with store.transaction() as c:
        rev, cursor = _expect(c, plan_id, revision)
        c.execute("DELETE FROM web_edit WHERE plan_id = ? AND step > ?", (plan_id, cursor))
        c.execute(
            "INSERT INTO web_edit (plan_id, step, op, visits, created_at) VALUES (?, ?, ?, ?, ?)",
            (plan_id, cursor + 1, json.dumps(op, ensure_ascii=False), json.dumps(cards), utc_now()),
        )
        c.execute(
            "UPDATE web_plan SET revision = ?, cursor = ? WHERE id = ?",
            (rev + 1, cursor + 1, plan_id),
        )
        audit(c, "edit", plan_id=plan_id, op=op)
    return rev + 1


def _slot(problem: Problem, date: str, session: int, team: str) -> str | None:
    """Why (date, session, team) is not a slot of the problem, or ``None`` when it is."""
    try:
        d = dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        return f"date {date!r}"
    day = next((x for x in problem.days if x.date == d), None)
    if day is None:
        return f"date {date}"
    if not any(s.index == session for s in day.sessions):
        return f"session {session}"
    if not any(t.id == team for t in problem.teams):
        return f"counselor {team!r}"
    return None


def edit(store: Store, plan_id: int, revision: int, op: dict[str, Any]) -> int:
    """Apply one hand edit and return the new revision.

    ``op`` is ``{"kind": "move", "uid", "date", "session", "team"}``,
    ``{"kind": "remove", "uid"}`` or ``{"kind": "add", "site", "date", "session",
    "team"}``. A slot that does not exist (a date that is no visit day, an unknown
    session or counselor) is refused with :class:`DataError`; a slot that breaks a
    rule is accepted and flagged by :func:`check`.
    """
    w = load(store, plan_id)
    if w.revision != revision:
        raise StaleRevision(w.revision, revision)
    problem = built_of(w.inputs).problem
    cards = [dict(c) for c in w.cards]
    kind = op.get("kind")
    if kind in ("move", "remove"):
        uid = int(op.get("uid", -1))
        card = next((c for c in cards if c["uid"] == uid), None)
        if card is None:
            raise DataError("no such visit", code="web.bad_request", params={"what": f"uid {uid}"})
        if kind == "remove":
            cards.remove(card)
        else:
            bad = _slot(
                problem, str(op.get("date")), int(op.get("session", -1)), str(op.get("team"))
            )
            if bad:
                raise DataError("not a visit slot", code="web.edit.bad_slot", params={"what": bad})
            card.update(
                date=str(op["date"]), session=int(op["session"]), team=str(op["team"]), hand=True
            )
    elif kind == "add":
        site = str(op.get("site"))
        if not any(s.id == site for s in problem.sites):
            raise DataError(
                "unknown center", code="web.bad_request", params={"what": f"center {site!r}"}
            )
        bad = _slot(problem, str(op.get("date")), int(op.get("session", -1)), str(op.get("team")))
        if bad:
            raise DataError("not a visit slot", code="web.edit.bad_slot", params={"what": bad})
        uid = max((c["uid"] for c in w.cards), default=0) + 1
        uid = max(uid, max((c["uid"] for c in w.solved["cards"]), default=0) + 1)
        cards.append(
            {
                "uid": uid,
                "date": str(op["date"]),
                "session": int(op["session"]),
                "team": str(op["team"]),
                "site": site,
                "hand": True,
            }
        )
    else:
        raise DataError("unknown edit", code="web.bad_request", params={"what": str(kind)})
    return _push(store, plan_id, revision, {k: op[k] for k in sorted(op) if k != "revision"}, cards)


def step(store: Store, plan_id: int, revision: int, delta: int) -> int:
    """Undo (``delta=-1``) or redo (``+1``); return the new revision."""
    with store.transaction() as c:
        rev, cursor = _expect(c, plan_id, revision)
        steps = c.execute(
            "SELECT COALESCE(MAX(step), 0) FROM web_edit WHERE plan_id = ?", (plan_id,)
        ).fetchone()[0]
        target = cursor + delta
        if not 0 <= target <= steps:
            return rev
        c.execute(
            "UPDATE web_plan SET revision = ?, cursor = ? WHERE id = ?", (rev + 1, target, plan_id)
        )
        audit(c, "undo" if delta < 0 else "redo", plan_id=plan_id, step=target)
    return rev + 1


def removed_keys(w: Working) -> set[tuple[str, str]]:
    """(site, date) of solver visits the planner removed and did not put back."""
    now = {(c["site"], c["date"]) for c in w.cards}
    return {(c["site"], c["date"]) for c in w.solved["cards"] if (c["site"], c["date"]) not in now}


def reoptimize(
    store: Store,
    plan_id: int,
    revision: int,
    *,
    time_limit_s: float = 30.0,
    progress: Any = None,
    cancel: Any = None,
) -> tuple[int, list[Change]]:
    """Re-solve everything not edited by hand: the hand-placed visits are pins, the
    removed ones closures, and the fewest other visits change (the current plan is
    the reference). Returns the new revision and the changes."""
    from scheduler.analysis.replan import compute_changes
    from scheduler.app.common import solve_checked

    w = load(store, plan_id)
    if w.revision != revision:
        raise StaleRevision(w.revision, revision)
    problem, current = current_plan(w)
    pins = tuple(
        Pin(c["site"], dt.date.fromisoformat(c["date"]), c["team"], int(c["session"]))
        for c in w.cards
        if c.get("hand")
    )
    closures = frozenset((s, dt.date.fromisoformat(d)) for s, d in removed_keys(w))
    solve_problem = replace(
        problem, pins=(*problem.pins, *pins), closures=problem.closures | closures
    )
    new = solve_checked(
        solve_problem,
        time_limit_s=time_limit_s,
        seed=int(w.inputs.get("seed") or 0),
        progress=progress,
        cancel=cancel,
        reference=current,
        frozen_before=problem.start,
    )
    hand = {(c["site"], c["date"]) for c in w.cards if c.get("hand")}
    cards = cards_of_plan(new, hand)
    top = max((c["uid"] for c in w.cards), default=0)
    for c in cards:  # keep uids of unchanged visits so the page can point at what moved
        same = next(
            (
                o
                for o in w.cards
                if (o["site"], o["date"], o["team"], o["session"])
                == (c["site"], c["date"], c["team"], c["session"])
            ),
            None,
        )
        if same is not None:
            c["uid"] = same["uid"]
        else:
            top += 1
            c["uid"] = top
    changes = compute_changes(current, new)
    rev = _push(store, plan_id, revision, {"kind": "reoptimize", "changes": len(changes)}, cards)
    return rev, changes


# ---------------------------------------------------------------------------
# Files and publishing
# ---------------------------------------------------------------------------
def files_of(w: Working, lang: str = "ko") -> dict[str, bytes]:
    """Every file ``visitplan plan`` writes, for the plan as it stands now."""
    from scheduler.app.common import boundaries_of, summary_extra
    from scheduler.output.bundle import plan_files

    built = built_of(w.inputs)
    problem, plan = current_plan(w)
    return plan_files(
        problem,
        plan,
        lang=lang,
        tiles=str(w.inputs.get("tiles") or "none"),
        boundaries=boundaries_of(built),
        summary_extra=summary_extra(problem, built),
        inputs=w.inputs,
    )


def publish_working(
    store: Store, plan_id: int, revision: int, *, by: str, note: str, lang: str = "ko"
) -> PublishedVersion:
    """Publish the plan as it stands as the next version of its period.

    Refused (:class:`Flagged`) when the validator finds a broken rule. The files are
    written to a temporary folder and published from there by
    :func:`scheduler.store.published.publish`, in one transaction: a server killed
    meanwhile leaves the earlier versions only."""
    w = load(store, plan_id)
    if w.revision != revision:
        raise StaleRevision(w.revision, revision)
    problem, plan = current_plan(w)
    broken = validate(problem, plan)
    if broken:
        raise Flagged(broken)
    files = files_of(w, lang)
    from scheduler.output.folder import write_folder

    mode = store.conn.execute("PRAGMA synchronous").fetchone()[0]
    store.conn.execute("PRAGMA synchronous = FULL")  # a published version survives a power cut
    try:
        with tempfile.TemporaryDirectory(prefix="vp-publish-") as tmp:
            folder = write_folder(Path(tmp) / "plan", files)
            version = publish(store, folder, by=by, note=note)
    finally:
        store.conn.execute(f"PRAGMA synchronous = {int(mode)}")
    with store.transaction() as c:
        audit(
            c,
            "publish",
            who=by,
            plan_id=plan_id,
            key=version.plan_key,
            version=version.version,
            created=version.created,
        )
    return version


def versions_of(store: Store, plan_key: str) -> list[PublishedVersion]:
    """The published versions of a period, oldest first."""
    return published_versions(store, plan_key)


def version_plan(
    store: Store, plan_key: str, version: int
) -> tuple[Problem, Plan, dict[str, bytes]]:
    """A published version's problem (from its ``plan.json``), plan and files."""
    from scheduler.district.schedule import read_schedule

    files = published_files(store, plan_key, version)
    inputs = json.loads(files["plan.json"].decode("utf-8"))
    problem = built_of(inputs).problem
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schedule.csv"
        path.write_bytes(files["schedule.csv"])
        plan = read_schedule(path, problem)
    return problem, plan, files


@dataclass(frozen=True)
class Diff:
    """What changed between two published versions, with the notice for residents."""

    a: int
    b: int
    changes: list[Change]
    notice_ko: str
    notice_en: str
    calendars: dict[str, bytes]


def diff(store: Store, plan_key: str, a: int, b: int) -> Diff:
    """Moved, added and cancelled visits from version ``a`` to ``b``, the change
    notices and the new version's counselor calendars whose visits changed."""
    from scheduler.analysis.replan import change_notice_text, compute_changes

    _, plan_a, _ = version_plan(store, plan_key, a)
    problem_b, plan_b, files_b = version_plan(store, plan_key, b)
    changes = compute_changes(plan_a, plan_b)
    teams = {v.team_id for c in changes for v in (c.old, c.new) if v is not None}
    calendars = {
        n: d
        for n, d in files_b.items()
        if n.endswith(".ics") and n.removeprefix("counselor-").removesuffix(".ics") in teams
    }
    return Diff(
        a,
        b,
        changes,
        change_notice_text(problem_b, changes, "ko"),
        change_notice_text(problem_b, changes, "en"),
        calendars,
    )
