"""Every file of a plan folder, as bytes, from one Plan (nothing is written here)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from scheduler.core.metrics import compute_metrics
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.output.ics import ics_filename, team_calendar
from scheduler.output.map import render_map
from scheduler.output.notice import NOTICE_FILES, notice_text
from scheduler.output.schedule_csv import schedule_csv_bytes
from scheduler.output.summary import summary_dict, summary_json_bytes
from scheduler.output.xlsx import xlsx_bytes

MAP_FILE = "map.html"
XLSX_FILE = "schedule.xlsx"


def share_files(
    problem: Problem,
    plan: Plan,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
    stamp: dt.datetime | None = None,
) -> dict[str, bytes]:
    """The files to share: ``map.html``, ``schedule.xlsx``, one ``counselor-<id>.ics``
    per counselor with visits, and both notices."""
    files = {
        MAP_FILE: render_map(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries).encode("utf-8"),
        XLSX_FILE: xlsx_bytes(problem, plan, lang),
    }
    with_visits = {v.team_id for v in plan.visits}
    team_ids = [t.id for t in problem.teams if t.id in with_visits]
    for tid in team_ids + sorted(with_visits - set(team_ids)):
        files[ics_filename(tid)] = team_calendar(problem, plan, tid, lang, stamp=stamp).to_ical()
    for notice_lang, name in NOTICE_FILES.items():
        files[name] = notice_text(problem, plan, notice_lang).encode("utf-8")
    return files


def plan_files(
    problem: Problem,
    plan: Plan,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
    summary_extra: dict[str, Any] | None = None,
    inputs: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """A whole plan folder: the shared files plus ``schedule.csv``, ``summary.json``
    and ``plan.json`` (the inputs, for ``export`` and ``replan``)."""
    metrics = compute_metrics(problem, plan)
    files = share_files(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries)
    files["schedule.csv"] = schedule_csv_bytes(problem, plan, lang)
    files["summary.json"] = summary_json_bytes(summary_dict(metrics, plan, extra=summary_extra))
    if inputs is not None:
        files["plan.json"] = (json.dumps(inputs, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
