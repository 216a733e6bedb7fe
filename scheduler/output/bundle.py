"""Every file of a plan folder, as bytes, from one Plan (nothing is written here)."""

from __future__ import annotations

from typing import Any

from scheduler.core.metrics import compute_metrics
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.output.ics import ics_filename, team_calendar
from scheduler.output.map import render_map
from scheduler.output.notice import notice_text
from scheduler.output.schedule_csv import schedule_csv_bytes
from scheduler.output.summary import summary_dict, summary_json_bytes
from scheduler.output.xlsx import xlsx_bytes


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
    """``map.html``, ``schedule.csv``, ``summary.json``, ``schedule.xlsx``, the
    ``counselor-<id>.ics`` files, the notices and ``plan.json`` (the inputs)."""
    import json

    metrics = compute_metrics(problem, plan)
    files = {
        "map.html": render_map(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries).encode("utf-8"),
        "schedule.csv": schedule_csv_bytes(problem, plan, lang),
        "summary.json": summary_json_bytes(summary_dict(metrics, plan, extra=summary_extra)),
        "schedule.xlsx": xlsx_bytes(problem, plan, lang),
        "notice.ko.txt": notice_text(problem, plan, "ko").encode("utf-8"),
        "notice.en.txt": notice_text(problem, plan, "en").encode("utf-8"),
    }
    for tid in sorted({v.team_id for v in plan.visits}):
        files[ics_filename(tid)] = team_calendar(problem, plan, tid, lang).to_ical()
    if inputs is not None:
        files["plan.json"] = (json.dumps(inputs, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
