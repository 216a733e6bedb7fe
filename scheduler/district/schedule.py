"""A plan's ``schedule.csv`` read back into a :class:`~scheduler.core.plan.Plan`.

The writer is :mod:`scheduler.output.schedule_csv`; reading is input, so it lives in the
front end with the other readers (one-line errors naming file, row and column).
"""

from __future__ import annotations

from pathlib import Path

from scheduler.core.clock import parse_hhmm
from scheduler.core.plan import Plan, SolveInfo, Visit, sort_visits
from scheduler.core.problem import Problem
from scheduler.district.centers import known_id
from scheduler.district.tables import read_table


def read_schedule(path: Path, problem: Problem) -> Plan:
    """A plan's ``schedule.csv`` back into a :class:`Plan` for ``problem``.

    Sessions are matched by start time; rows keep their recorded arrival and travel
    so the validator can check them.
    """
    site_ids = [s.id for s in problem.sites]
    visits = []
    for row in read_table(
        path,
        ("date", "counselor", "order", "center_id", "arrive", "start", "end", "travel_min"),
        ("weekday", "center_name_ko", "address_ko"),
        what="schedule",
    ):
        d = row.date("date")
        assert d is not None
        sid = known_id(
            site_ids, row.text("center_id"), file=row.file, row=row.line, column="center_id"
        )
        times = {}
        for col in ("arrive", "start", "end"):
            try:
                times[col] = parse_hhmm(row.text(col))
            except ValueError:
                raise row.bad("input.time.bad", col, row.cells[col]) from None
        session = 0
        for day in problem.days:
            if day.date == d:
                session = next((s.index for s in day.sessions if s.start_min == times["start"]), 0)
        visits.append(
            Visit(
                d,
                session,
                row.ident("counselor"),
                sid,
                int(row.number("order", kind=int, low=1) or 0),
                times["arrive"],
                times["start"],
                times["end"],
                int(row.number("travel_min", kind=int, low=0) or 0),
            )
        )
    return Plan(visits=sort_visits(visits), info=SolveInfo("HAND-MADE", 0.0, 0.0, 0.0, 0.0))
