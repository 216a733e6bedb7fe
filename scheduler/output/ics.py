"""One iCalendar file per counselor (``counselor-<id>.ics``) with a VEVENT per visit.

Times are in Asia/Seoul with a VTIMEZONE; each UID is derived from the date,
the counselor and the center, so a re-exported plan updates the same events in
a calendar program instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem
from scheduler.output.labels import check_lang, format_hhmm, format_minutes
from scheduler.output.notice import problem_site_label, problem_team_label
from scheduler.output.safe import atomic_write_bytes, safe_filename_part

TZ_NAME = "Asia/Seoul"
PRODID = "-//visitplan//Jung-gu job-counseling visits//KO"
UID_DOMAIN = "visitplan.jung-gu"

_TEXT = {
    "ko": {
        "summary": "일자리 상담: {center}",
        "calname": "방문 일정 – {team}",
        "travel": "{prev}에서 이동 {t}",
        "order": "{team}의 {n}번째 방문, 상담 {start}~{end}",
    },
    "en": {
        "summary": "Job counseling: {center}",
        "calname": "Visits – {team}",
        "travel": "{t} travel from {prev}",
        "order": "Visit {n} of the day for {team}, counseling {start}–{end}",
    },
}


def ics_filename(team_id: str) -> str:
    """``counselor-<id>.ics`` with the id made safe for a file name."""
    return f"counselor-{safe_filename_part(team_id)}.ics"


def visit_uid(v: Visit, *, extra: str = "") -> str:
    """A stable UID for a visit, derived from its date, counselor and center."""
    key = f"{v.date.isoformat()}\x1f{v.team_id}\x1f{v.site_id}\x1f{extra}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return f"visit-{v.date:%Y%m%d}-{digest}@{UID_DOMAIN}"


def _at(day: dt.date, minutes: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz) + dt.timedelta(minutes=minutes)


def _location(problem: Problem, site_id: str, lang: str) -> str:
    site = next((s for s in problem.sites if s.id == site_id), None)
    name = problem_site_label(problem, site_id, lang)
    if site is None or not site.address:
        return name
    return f"{name}, {site.address}"


def team_calendar(
    problem: Problem,
    plan: Plan,
    team_id: str,
    lang: str = "ko",
    *,
    stamp: dt.datetime | None = None,
) -> Calendar:
    """The calendar of one counselor: a VEVENT per visit, with the Asia/Seoul VTIMEZONE."""
    t = _TEXT[check_lang(lang)]
    tz = ZoneInfo(TZ_NAME)
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    team = next((x for x in problem.teams if x.id == team_id), None)
    team_name = problem_team_label(problem, team_id, lang)
    base = next((b for b in problem.bases if team is not None and b.id == team.base_id), None)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t["calname"].format(team=team_name))
    cal.add("x-wr-timezone", TZ_NAME)

    routes = {day: vs for (tid, day), vs in plan.by_team_day().items() if tid == team_id}
    used: dict[str, int] = {}
    for day in sorted(routes):
        prev_name = base.name if base is not None else ""
        for v in routes[day]:
            uid = visit_uid(v)
            used[uid] = used.get(uid, 0) + 1
            if used[uid] > 1:  # the same center twice on one day: keep both, apart
                uid = visit_uid(v, extra=f"session-{v.session}")
            center = problem_site_label(problem, v.site_id, lang)
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", _at(v.date, v.start_min, tz))
            event.add("dtend", _at(v.date, v.end_min, tz))
            event.add("summary", t["summary"].format(center=center))
            event.add("location", _location(problem, v.site_id, lang))
            lines = []
            if prev_name:
                lines.append(
                    t["travel"].format(prev=prev_name, t=format_minutes(v.travel_min, lang))
                )
            lines.append(
                t["order"].format(
                    team=team_name,
                    n=v.order,
                    start=format_hhmm(v.start_min),
                    end=format_hhmm(v.end_min),
                )
            )
            event.add("description", "\n".join(lines))
            event.add("x-visitplan-travel-min", str(v.travel_min))
            cal.add_component(event)
            prev_name = center
    cal.add_missing_timezones()
    return cal


def write_ics_files(
    problem: Problem,
    plan: Plan,
    out_dir: str | Path,
    lang: str = "ko",
    *,
    stamp: dt.datetime | None = None,
) -> list[Path]:
    """Write ``counselor-<id>.ics`` for each counselor with visits into ``out_dir``; return the paths."""
    folder = Path(out_dir)
    with_visits = {v.team_id for v in plan.visits}
    team_ids = [t.id for t in problem.teams if t.id in with_visits]
    team_ids += sorted(with_visits - set(team_ids))
    paths = []
    for tid in team_ids:
        cal = team_calendar(problem, plan, tid, lang, stamp=stamp)
        paths.append(atomic_write_bytes(folder / ics_filename(tid), cal.to_ical()))
    return paths
