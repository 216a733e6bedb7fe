"""Every file of a plan folder, as bytes, from one Plan (nothing is written here)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scheduler.core.metrics import compute_metrics
from scheduler.core.plan import Plan
from scheduler.core.problem import Problem
from scheduler.output.geojson import GEOJSON_FILE, plan_geojson_bytes
from scheduler.output.ics import PastEvent, calendar_files, previous_events
from scheduler.output.map import render_map
from scheduler.output.notice import NOTICE_FILES, notice_text
from scheduler.output.pdf import PublicInfo, print_files
from scheduler.output.schedule_csv import schedule_csv_bytes
from scheduler.output.summary import summary_dict, summary_json_bytes
from scheduler.output.xlsx import xlsx_bytes

MAP_FILE = "map.html"
XLSX_FILE = "schedule.xlsx"

Previous = str | Path | Iterable[PastEvent] | None


def _previous(previous: Previous) -> tuple[PastEvent, ...]:
    if previous is None:
        return ()
    if isinstance(previous, str | Path):
        return previous_events(previous)
    return tuple(previous)


def share_files(
    problem: Problem,
    plan: Plan,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
    stamp: dt.datetime | None = None,
    previous: Previous = None,
    public: PublicInfo | None = None,
    printables: bool = True,
) -> dict[str, bytes]:
    """The files to share: ``map.html``, ``schedule.xlsx``, ``plan.geojson``, the calendars
    (``counselor-<id>.ics`` per counselor, ``all-visits.ics``), both notices and, with
    ``printables``, ``month.pdf`` and ``posters/<center>.pdf``.

    ``previous`` (a previous plan folder, or its :func:`previous_events`) makes the
    calendars continue the ones published from it (same UIDs, cancelled visits kept);
    ``public`` (:func:`scheduler.output.pdf.public_info` of the config) gives the contact
    and how-to-apply text of the notices and posters.
    """
    public = public or PublicInfo()
    html = render_map(problem, plan, lang=lang, tiles=tiles, boundaries=boundaries)
    files = {MAP_FILE: html.encode("utf-8"), XLSX_FILE: xlsx_bytes(problem, plan, lang)}
    files.update(calendar_files(problem, plan, lang, stamp=stamp, previous=_previous(previous)))
    for notice_lang, name in NOTICE_FILES.items():
        contact = (public.office_name(notice_lang), public.phone, public.web)
        files[name] = notice_text(
            problem, plan, notice_lang, apply=public.apply(notice_lang), contact=contact
        ).encode("utf-8")
    files[GEOJSON_FILE] = plan_geojson_bytes(problem, plan, lang)
    if printables:
        files.update(print_files(problem, plan, lang, boundaries=boundaries, public=public))
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
    previous: Previous = None,
    public: PublicInfo | None = None,
    printables: bool = True,
) -> dict[str, bytes]:
    """A whole plan folder: the shared files plus ``schedule.csv``, ``summary.json``
    and ``plan.json`` (the inputs, for ``export`` and ``replan``)."""
    metrics = compute_metrics(problem, plan)
    files = share_files(
        problem,
        plan,
        lang=lang,
        tiles=tiles,
        boundaries=boundaries,
        previous=previous,
        public=public,
        printables=printables,
    )
    files["schedule.csv"] = schedule_csv_bytes(problem, plan, lang)
    files["summary.json"] = summary_json_bytes(summary_dict(metrics, plan, extra=summary_extra))
    if inputs is not None:
        files["plan.json"] = (json.dumps(inputs, ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8"
        )
    return files


def export_files(
    problem: Problem,
    plan: Plan,
    *,
    lang: str = "ko",
    tiles: str = "none",
    boundaries: dict[str, Any] | None = None,
    stamp: dt.datetime | None = None,
    previous: Previous = None,
    public: PublicInfo | None = None,
    summary_extra: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """What ``visitplan export`` writes: the shared files plus ``schedule.csv`` and
    ``summary.json`` (metrics of the plan as read back)."""
    files = share_files(
        problem,
        plan,
        lang=lang,
        tiles=tiles,
        boundaries=boundaries,
        stamp=stamp,
        previous=previous,
        public=public,
    )
    files["schedule.csv"] = schedule_csv_bytes(problem, plan, lang)
    metrics = compute_metrics(problem, plan)
    files["summary.json"] = summary_json_bytes(summary_dict(metrics, plan, extra=summary_extra))
    return files
