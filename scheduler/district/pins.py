"""The pinned-visits file (``visitplan plan --pins PATH``): visits that must stay as given.

A CSV with the columns ``center_id`` and ``date`` and, optionally, ``counselor``
and ``session`` (1, 2, … in the day's order). A ``schedule.csv`` written by
``visitplan plan`` works too: without a ``session`` column the ``start`` time
(``HH:MM``) names the session. Empty ``counselor`` / ``session`` cells leave them
free. Rows outside the period are skipped with a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from scheduler.core.clock import format_hhmm, parse_hhmm
from scheduler.core.problem import Pin, Session, Team
from scheduler.district.centers import known_id
from scheduler.district.parse import bad
from scheduler.district.tables import read_table

REQUIRED = ("center_id", "date")
OPTIONAL = ("counselor", "session", "start")


def read_pins(
    path: Path,
    site_ids: list[str],
    team_ids: list[str],
    sessions: tuple[Session, ...],
    start: dt.date,
    end: dt.date,
) -> tuple[list[Pin], list[str]]:
    """The pins of ``path`` inside ``[start, end]``, and warnings for the rows skipped."""
    pins: list[Pin] = []
    skipped = 0
    seen: dict[tuple[str, dt.date], int] = {}
    by_start = {s.start_min: s.index for s in sessions}
    for row in read_table(path, REQUIRED, OPTIONAL, what="pinned visits"):
        sid = known_id(
            site_ids, row.text("center_id"), file=row.file, row=row.line, column="center_id"
        )
        day = row.date("date")
        assert day is not None
        team = row.text("counselor", required=False) or None
        if (
            team is not None
            and team not in team_ids
            and team.startswith("'")
            and team[1:] in team_ids
        ):
            team = team[1:]  # the guard schedule.csv puts before an id like '-1' or '=x'
        if team is not None and team not in team_ids:
            raise row.bad("input.pins.counselor", "counselor", team, ids=", ".join(team_ids))
        session: int | None = None
        if row.cells.get("session", "") != "":
            session = int(
                row.number(
                    "session",
                    kind=int,
                    low=1,
                    high=len(sessions),
                    hint_code="input.pins.session.hint",
                    count=len(sessions),
                )
                or 0
            )
        elif row.cells.get("start", "") != "":
            try:
                minutes = parse_hhmm(row.text("start"))
            except ValueError:
                raise row.bad("input.time.bad", "start", row.cells["start"]) from None
            if minutes not in by_start:
                starts = ", ".join(format_hhmm(s.start_min) for s in sessions)
                raise row.bad("input.pins.no_session", "start", row.cells["start"], starts=starts)
            session = by_start[minutes]
        if not (start <= day <= end):
            skipped += 1
            continue
        if (sid, day) in seen:
            raise row.bad("input.pins.twice", "date", day.isoformat(), line=seen[(sid, day)])
        seen[(sid, day)] = row.line
        pins.append(Pin(sid, day, team, session))
    warnings = (
        [f"{path.name}: {skipped} pinned visit(s) outside {start}..{end} skipped"]
        if skipped
        else []
    )
    return pins, warnings


def apply_options(
    opts: object,
    teams: list[Team],
    closures: frozenset[tuple[str, dt.date]],
    pins: list[Pin],
    site_ids: list[str],
    sessions: tuple[Session, ...],
) -> tuple[list[Team], frozenset[tuple[str, dt.date]], list[Pin], list[str]]:
    """Apply the options kept beside the config's: ``pins_path`` (``--pins``) and the
    replan's ``extra_counselors``, ``extra_leave`` and ``extra_closures``.

    ``opts`` is a :class:`scheduler.district.build.Options`. Returns the teams,
    closures, pins and warnings to build the problem from.
    """
    start: dt.date = opts.start  # type: ignore[attr-defined]
    end: dt.date = opts.end  # type: ignore[attr-defined]
    teams = list(teams)
    base_id, group = (teams[0].base_id, teams[0].group) if teams else ("", "")
    max_away = teams[0].max_route_min if teams else None
    for tid in getattr(opts, "extra_counselors", ()):
        if any(t.id == tid for t in teams):
            raise bad(
                "input.pins.counselor_exists",
                column="--add-counselor",
                value=tid,
                ids=", ".join(t.id for t in teams),
            )
        teams.append(Team(id=tid, name="", base_id=base_id, group=group, max_route_min=max_away))
    leave: dict[str, set[dt.date]] = {}
    for tid, day in getattr(opts, "extra_leave", ()):
        if not any(t.id == tid for t in teams):
            raise bad(
                "input.counselor.unknown",
                column="--unavailable",
                value=tid,
                ids=", ".join(t.id for t in teams),
            )
        leave.setdefault(tid, set()).add(day)
    teams = [
        replace(t, days_off=t.days_off | frozenset(leave[t.id])) if t.id in leave else t
        for t in teams
    ]
    extra = set()
    for sid, day in getattr(opts, "extra_closures", ()):
        known_id(site_ids, sid, file="--closed", row=None, column="center")
        if start <= day <= end:
            extra.add((sid, day))
    warnings: list[str] = []
    pins = list(pins)
    pins_path = getattr(opts, "pins_path", None)
    if pins_path is not None:
        more, warnings = read_pins(
            Path(pins_path), site_ids, [t.id for t in teams], sessions, start, end
        )
        pins += more
    return teams, closures | frozenset(extra), pins, warnings
