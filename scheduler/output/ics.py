"""Calendar files: one ``counselor-<id>.ics`` per counselor and ``all-visits.ics`` for the office.

Each visit is a VEVENT in Asia/Seoul time (the files carry a VTIMEZONE) with the
center's name and address (LOCATION), its coordinates (GEO), and a description
giving the departure from the base and the travel from the previous stop.

The files are made to stay in sync with the calendars they were imported into:

- a visit's UID is derived from its date, counselor and center the first time it
  is published; when the plan is made again from a previous plan folder
  (``previous=``, e.g. by ``replan``), every visit that is still there keeps its
  UID, a visit that moved (another date, time or counselor) keeps its UID with a
  higher SEQUENCE, and a visit that was dropped stays in the file with
  ``STATUS:CANCELLED`` and a higher SEQUENCE, so calendar programs update or
  remove their copy instead of keeping a stale one;
- DTSTAMP is not the clock: it is the period's first day (00:00 UTC) for a new
  event, the previous stamp for an unchanged one and one minute after it for a
  changed one, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem
from scheduler.i18n import templates
from scheduler.output.labels import check_lang, format_hhmm, format_minutes
from scheduler.output.notice import problem_site_label, problem_team_label
from scheduler.output.safe import atomic_write_bytes, ics_text, safe_filename_part

TZ_NAME = "Asia/Seoul"
PRODID = "-//visitplan//Jung-gu job-counseling visits//KO"
UID_DOMAIN = "visitplan.jung-gu"
OFFICE_FILE = "all-visits.ics"
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"


def ics_filename(team_id: str) -> str:
    """``counselor-<id>.ics`` with the id made safe for a file name; an id of letters
    and digits of any script (a substitute named ``김대체``) stays as it is."""
    if team_id and all(ch.isalnum() or ch in "-_" for ch in team_id):
        return f"counselor-{team_id}.ics"
    return f"counselor-{safe_filename_part(team_id)}.ics"


def visit_uid(v: Visit, *, extra: str = "") -> str:
    """The UID a visit gets when it is first published (from its date, counselor and center)."""
    key = f"{v.date.isoformat()}\x1f{v.team_id}\x1f{v.site_id}\x1f{extra}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return f"visit-{v.date:%Y%m%d}-{digest}@{UID_DOMAIN}"


# --------------------------------------------------------------------------
# Events published before
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class PastEvent:
    """An event of a previously published calendar, as needed to continue it."""

    uid: str
    sequence: int
    stamp: dt.datetime
    team_id: str
    site_id: str
    date: dt.date
    start_min: int
    end_min: int
    status: str = CONFIRMED


def _utc(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=dt.UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _minutes_of(value: dt.datetime) -> int:
    local = value.astimezone(ZoneInfo(TZ_NAME)) if value.tzinfo else value
    return local.hour * 60 + local.minute


def _parse_calendar(data: bytes) -> list[PastEvent]:
    events = []
    for ev in Calendar.from_ical(data).walk("VEVENT"):
        team, site = ev.get("X-VISITPLAN-COUNSELOR"), ev.get("X-VISITPLAN-CENTER")
        if team is None or site is None or ev.get("UID") is None:
            continue
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        local = start.astimezone(ZoneInfo(TZ_NAME)) if isinstance(start, dt.datetime) else start
        events.append(
            PastEvent(
                uid=str(ev["UID"]),
                sequence=int(ev.get("SEQUENCE", 0)),
                stamp=_utc(ev.decoded("DTSTAMP")),
                team_id=str(team),
                site_id=str(site),
                date=local.date() if isinstance(local, dt.datetime) else local,
                start_min=_minutes_of(start),
                end_min=_minutes_of(end),
                status=str(ev.get("STATUS", CONFIRMED)).upper(),
            )
        )
    return events


def _legacy_events(folder: Path) -> list[PastEvent]:
    """Events of a plan folder written before the calendars carried ids: rebuilt from
    ``schedule.csv`` with the UIDs those calendars used."""
    path = folder / "schedule.csv"
    if not path.is_file():
        return []
    events: list[PastEvent] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                day = dt.date.fromisoformat(row["date"])
                start = int(row["start"][:2]) * 60 + int(row["start"][3:5])
                end = int(row["end"][:2]) * 60 + int(row["end"][3:5])
            except (KeyError, ValueError, TypeError):
                continue
            team = (row.get("counselor") or "").removeprefix("'")
            site = (row.get("center_id") or "").removeprefix("'")
            v = Visit(day, 0, team, site, 1, start, start, end, 0)
            uid = visit_uid(v)
            seen[uid] = seen.get(uid, 0) + 1
            if seen[uid] > 1:
                continue
            stamp = dt.datetime.combine(day.replace(day=1), dt.time(0), tzinfo=dt.UTC)
            events.append(PastEvent(uid, 0, stamp, team, site, day, start, end))
    return events


def previous_events(folder: str | Path) -> tuple[PastEvent, ...]:
    """The events a plan folder published: from its ``all-visits.ics``, else from its
    ``counselor-*.ics`` files, else (older folders) rebuilt from its ``schedule.csv``."""
    folder = Path(folder)
    office = folder / OFFICE_FILE
    if office.is_file():
        found = _parse_calendar(office.read_bytes())
    else:
        found = []
        for path in sorted(folder.glob("counselor-*.ics")):
            found += _parse_calendar(path.read_bytes())
    if not found:
        found = _legacy_events(folder)
    best: dict[str, PastEvent] = {}
    for ev in found:
        if ev.uid not in best or ev.sequence > best[ev.uid].sequence:
            best[ev.uid] = ev
    return tuple(sorted(best.values(), key=lambda e: (e.date, e.start_min, e.team_id, e.uid)))


# --------------------------------------------------------------------------
# Matching the plan's visits to the events published before
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarEvent:
    """One event to publish: a visit (``visit``) or a cancelled earlier event (``past``)."""

    uid: str
    sequence: int
    stamp: dt.datetime
    team_id: str
    visit: Visit | None
    past: PastEvent | None = None
    office: bool = True  # also in all-visits.ics (False: a moved visit's old counselor's copy)

    @property
    def cancelled(self) -> bool:
        """Whether this event is a cancellation."""
        return self.visit is None


def _same(past: PastEvent, v: Visit) -> bool:
    return (
        past.status == CONFIRMED
        and past.team_id == v.team_id
        and past.date == v.date
        and past.start_min == v.start_min
        and past.end_min == v.end_min
    )


def _match(visits: Sequence[Visit], pool: Sequence[PastEvent]) -> dict[int, PastEvent]:
    """Visit index → the earlier event it continues (see :func:`calendar_events`)."""
    taken: set[str] = set()
    match: dict[int, PastEvent] = {}
    keys = (
        lambda site, team, day: (site, team, day),
        lambda site, team, day: (site, team),
        lambda site, team, day: (site,),
    )
    for rank, key in enumerate(keys):
        free: dict[tuple[object, ...], list[PastEvent]] = {}
        for e in pool:
            if e.uid not in taken and (rank == 0 or e.status == CONFIRMED):
                free.setdefault(key(e.site_id, e.team_id, e.date), []).append(e)
        for i, v in enumerate(visits):
            cands = free.get(key(v.site_id, v.team_id, v.date)) if i not in match else None
            if cands:
                match[i] = cands.pop(0)
                taken.add(match[i].uid)
    return match


def plan_stamp(problem: Problem) -> dt.datetime:
    """The DTSTAMP of events published for the first time: the period's first day, 00:00 UTC."""
    return dt.datetime.combine(problem.start, dt.time(0), tzinfo=dt.UTC)


def calendar_events(
    problem: Problem,
    plan: Plan,
    previous: Iterable[PastEvent] = (),
    *,
    stamp: dt.datetime | None = None,
) -> list[CalendarEvent]:
    """Every event to publish for ``plan``, continuing the calendars of ``previous``.

    A visit takes over a previous event of its center, in this order: same counselor
    and date; same counselor (moved to another date); any counselor (given to
    another). Previous events left over are cancelled.
    """
    base_stamp = _utc(stamp) if stamp is not None else plan_stamp(problem)
    visits = sorted(plan.visits, key=lambda v: (v.date, v.start_min, v.team_id, v.site_id))
    pool = sorted(previous, key=lambda e: (e.date, e.start_min, e.team_id, e.uid))
    match = _match(visits, pool)
    taken = {e.uid for e in match.values()}

    def bumped(e: PastEvent) -> dt.datetime:
        return max(base_stamp, e.stamp + dt.timedelta(minutes=1))

    out: list[CalendarEvent] = []
    used = set(taken) | {e.uid for e in pool}
    for i, v in enumerate(visits):
        found = match.get(i)
        if found is None:
            uid, n = visit_uid(v), 1
            while uid in used:
                n += 1
                uid = visit_uid(v, extra=f"{n}")
            used.add(uid)
            out.append(CalendarEvent(uid, 0, base_stamp, v.team_id, v))
            continue
        e = found
        if _same(e, v):
            out.append(CalendarEvent(e.uid, e.sequence, e.stamp, v.team_id, v))
        else:
            out.append(CalendarEvent(e.uid, e.sequence + 1, bumped(e), v.team_id, v))
            if e.team_id != v.team_id:  # the old counselor's phone must drop its copy
                out.append(
                    CalendarEvent(
                        e.uid, e.sequence + 1, bumped(e), e.team_id, None, e, office=False
                    )
                )
    for e in pool:
        if e.uid in taken:
            continue
        if e.status == CANCELLED:
            out.append(CalendarEvent(e.uid, e.sequence, e.stamp, e.team_id, None, e))
        else:
            out.append(CalendarEvent(e.uid, e.sequence + 1, bumped(e), e.team_id, None, e))
    return out


# --------------------------------------------------------------------------
# Writing the calendars
# --------------------------------------------------------------------------
def _at(day: dt.date, minutes: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz) + dt.timedelta(minutes=minutes)


def _location(problem: Problem, site_id: str, lang: str) -> str:
    site = next((s for s in problem.sites if s.id == site_id), None)
    name = problem_site_label(problem, site_id, lang)
    if site is None or not site.address:
        return name
    return f"{name}, {site.address}"


def _new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ics_text(name))
    cal.add("x-wr-timezone", TZ_NAME)
    return cal


class _Writer:
    """Turns :class:`CalendarEvent` records into VEVENTs (texts in one language)."""

    def __init__(self, problem: Problem, plan: Plan, lang: str) -> None:
        self.problem = problem
        self.lang = check_lang(lang)
        self.t = templates("ics.ui", lang)
        self.tz = ZoneInfo(TZ_NAME)
        self.sites = {s.id: s for s in problem.sites}
        self.routes = plan.by_team_day()

    def description(self, v: Visit) -> str:
        t, lang = self.t, self.lang
        team = next((x for x in self.problem.teams if x.id == v.team_id), None)
        base = next(
            (b for b in self.problem.bases if team is not None and b.id == team.base_id),
            self.problem.bases[0] if self.problem.bases else None,
        )
        route = sorted(
            self.routes.get((v.team_id, v.date), [v]), key=lambda x: (x.order, x.start_min)
        )
        pos = next((k for k, x in enumerate(route) if x == v), 0)
        lines = []
        travel = format_minutes(v.travel_min, lang)
        if pos == 0 and base is not None:
            leave = format_hhmm(v.arrive_min - v.travel_min)
            lines.append(t["depart"].format(base=base.name, time=leave, t=travel))
        elif pos > 0:
            prev = problem_site_label(self.problem, route[pos - 1].site_id, lang)
            lines.append(t["travel"].format(prev=prev, t=travel))
        team_name = problem_team_label(self.problem, v.team_id, lang)
        lines.append(
            t["order"].format(
                team=team_name,
                n=v.order,
                start=format_hhmm(v.start_min),
                end=format_hhmm(v.end_min),
            )
        )
        return "\n".join(lines)

    def event(self, rec: CalendarEvent, *, office: bool) -> Event:
        t, lang = self.t, self.lang
        if rec.visit is not None:
            team_id, site_id = rec.visit.team_id, rec.visit.site_id
            day, start, end = rec.visit.date, rec.visit.start_min, rec.visit.end_min
        else:
            assert rec.past is not None
            team_id, site_id = rec.past.team_id, rec.past.site_id
            day, start, end = rec.past.date, rec.past.start_min, rec.past.end_min
        center = problem_site_label(self.problem, site_id, lang)
        team = problem_team_label(self.problem, team_id, lang)
        summary = (t["summary_office"] if office else t["summary"]).format(center=center, team=team)
        if rec.cancelled:
            summary = f"{summary} ({t['cancelled']})"
        ev = Event()
        ev.add("uid", rec.uid)
        ev.add("sequence", rec.sequence)
        ev.add("dtstamp", rec.stamp)
        ev.add("dtstart", _at(day, start, self.tz))
        ev.add("dtend", _at(day, end, self.tz))
        ev.add("summary", ics_text(summary))
        ev.add("location", ics_text(_location(self.problem, site_id, lang)))
        site = self.sites.get(site_id)
        if site is not None and site.lat is not None and site.lon is not None:
            ev.add("geo", (round(site.lat, 6), round(site.lon, 6)))
        if rec.visit is not None:
            ev.add("description", ics_text(self.description(rec.visit), multiline=True))
            ev.add("status", CONFIRMED)
            ev.add("x-visitplan-travel-min", str(rec.visit.travel_min))
        else:
            ev.add("description", ics_text(t["cancel_note"]))
            ev.add("status", CANCELLED)
        ev.add("x-visitplan-counselor", ics_text(team_id))
        ev.add("x-visitplan-center", ics_text(site_id))
        return ev

    def calendar(self, name: str, records: Sequence[CalendarEvent], *, office: bool) -> Calendar:
        cal = _new_calendar(name)

        def key(r: CalendarEvent) -> tuple[object, ...]:
            src = r.visit if r.visit is not None else r.past
            assert src is not None
            return (src.date, src.start_min, r.cancelled, r.team_id, r.uid)

        for rec in sorted(records, key=key):
            cal.add_component(self.event(rec, office=office))
        cal.add_missing_timezones()
        return cal


def _teams_with_events(problem: Problem, events: Sequence[CalendarEvent]) -> list[str]:
    have = {e.team_id for e in events}
    ids = [t.id for t in problem.teams if t.id in have]
    return ids + sorted(have - set(ids))


def team_calendar(
    problem: Problem,
    plan: Plan,
    team_id: str,
    lang: str = "ko",
    *,
    stamp: dt.datetime | None = None,
    previous: Iterable[PastEvent] = (),
) -> Calendar:
    """The calendar of one counselor: a VEVENT per visit (and per cancelled earlier visit)."""
    events = calendar_events(problem, plan, previous, stamp=stamp)
    writer = _Writer(problem, plan, lang)
    name = templates("ics.ui", lang)["calname"].format(
        team=problem_team_label(problem, team_id, lang)
    )
    return writer.calendar(name, [e for e in events if e.team_id == team_id], office=False)


def calendar_files(
    problem: Problem,
    plan: Plan,
    lang: str = "ko",
    *,
    stamp: dt.datetime | None = None,
    previous: Iterable[PastEvent] = (),
) -> dict[str, bytes]:
    """``counselor-<id>.ics`` for every counselor with events and ``all-visits.ics``, as bytes."""
    events = calendar_events(problem, plan, tuple(previous), stamp=stamp)
    writer = _Writer(problem, plan, lang)
    files: dict[str, bytes] = {}
    for tid in _teams_with_events(problem, events):
        name = templates("ics.ui", lang)["calname"].format(
            team=problem_team_label(problem, tid, lang)
        )
        cal = writer.calendar(name, [e for e in events if e.team_id == tid], office=False)
        files[ics_filename(tid)] = cal.to_ical()
    if events:
        office = writer.calendar(
            templates("ics.ui", lang)["calname_office"],
            [e for e in events if e.office],
            office=True,
        )
        files[OFFICE_FILE] = office.to_ical()
    return files


def write_ics_files(
    problem: Problem,
    plan: Plan,
    out_dir: str | Path,
    lang: str = "ko",
    *,
    stamp: dt.datetime | None = None,
    previous: Iterable[PastEvent] = (),
) -> list[Path]:
    """Write the calendar files (see :func:`calendar_files`) into ``out_dir``; return the paths."""
    folder = Path(out_dir)
    files = calendar_files(problem, plan, lang, stamp=stamp, previous=previous)
    return [atomic_write_bytes(folder / name, data) for name, data in files.items()]
