"""The public notice (``notice.ko.txt`` / ``notice.en.txt``) and display names shared by the
exports.

The notice lists every visit date with its weekday and center in date order
(``6월 7일(화) 회현동주민센터``), tells residents how to apply (come with an ID
card) and gives the hours. It names no counselor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.core.plan import Plan, Visit
from scheduler.core.problem import Problem, Site, Team
from scheduler.i18n import templates
from scheduler.output.labels import check_lang, format_date, format_hhmm, format_period, format_team
from scheduler.output.safe import atomic_write_text, notice_line

NOTICE_FILES = {"ko": "notice.ko.txt", "en": "notice.en.txt"}


# --------------------------------------------------------------------------
# Display names (map, spreadsheet, calendar files and notice all use these)
# --------------------------------------------------------------------------
def team_label(team: Team | None, team_id: str, lang: str = "ko") -> str:
    """A counselor's display name: the team's own name, else ``상담사 1`` / ``Counselor 1``."""
    if team is None or not team.name.strip():
        return format_team(team_id, lang)
    if team.name in (format_team(team_id, "ko"), format_team(team_id, "en")):
        return format_team(team_id, lang)
    return team.name


def site_label(site: Site, lang: str = "ko") -> str:
    """A center's display name: Korean name, or the English one (if any) with ``lang="en"``."""
    if lang == "en" and site.name_en.strip():
        return site.name_en
    return site.name


def problem_team_label(problem: Problem, team_id: str, lang: str = "ko") -> str:
    """:func:`team_label` for a team id of ``problem`` (unknown ids get the generic label)."""
    team = next((t for t in problem.teams if t.id == team_id), None)
    return team_label(team, team_id, lang)


def problem_site_label(problem: Problem, site_id: str, lang: str = "ko") -> str:
    """:func:`site_label` for a site id of ``problem`` (an unknown id is shown as is)."""
    site = next((s for s in problem.sites if s.id == site_id), None)
    return site_label(site, lang) if site is not None else site_id


def visits_in_date_order(plan: Plan) -> list[Visit]:
    """Visits by date, start time, counselor and center."""
    return sorted(plan.visits, key=lambda v: (v.date, v.start_min, v.team_id, v.site_id))


# --------------------------------------------------------------------------
# The notice
# --------------------------------------------------------------------------


def _time_span(start: int, end: int, lang: str) -> str:
    sep = "~" if lang == "ko" else "–"
    return f"{format_hhmm(start)}{sep}{format_hhmm(end)}"


def _notice_center(site: Site | None, site_id: str, lang: str) -> str:
    if site is None:
        return site_id
    if lang == "en" and site.name_en.strip() and site.name_en != site.name:
        return f"{site.name_en} ({site.name})"
    return site.name


def _one_line(text: str) -> str:
    """Data text on one line: line breaks (including U+2028/2029) become spaces."""
    return notice_line(text)


def notice_text(
    problem: Problem,
    plan: Plan,
    lang: str = "ko",
    *,
    apply: str = "",
    contact: tuple[str, ...] = (),
) -> str:
    """The public notice of ``plan`` as text (``\\n`` line ends, final newline).

    ``apply`` (the config's ``[notice] apply_ko``/``apply_en``) replaces the built-in
    how-to-apply sentence; ``contact`` lines (office, phone, web page) are listed last.
    """
    t = templates("notice.ui", check_lang(lang))
    sites = {s.id: s for s in problem.sites}
    visits = visits_in_date_order(plan)
    lines = [
        t["title"],
        "",
        t["intro"],
        "",
        t["period"],
        format_period(problem.start, problem.end, lang),
        "",
    ]
    lines.append(t["schedule"])
    seen: set[tuple[dt.date, str, int, int]] = set()
    for v in visits:
        key = (v.date, v.site_id, v.start_min, v.end_min)
        if key in seen:  # two counselors at one center and session: one line for the public
            continue
        seen.add(key)
        center = _one_line(_notice_center(sites.get(v.site_id), v.site_id, lang))
        lines.append(
            f"- {format_date(v.date, lang)} {center} {_time_span(v.start_min, v.end_min, lang)}"
        )
    if not visits:
        lines.append(t["none"])
    lines += ["", t["apply"], _one_line(apply) or t["apply_text"], "", t["hours"]]
    spans = sorted({(v.start_min, v.end_min) for v in visits}) or sorted(
        {(s.start_min, s.end_min) for d in problem.days for s in d.sessions}
    )
    times = ", ".join(_time_span(a, b, lang) for a, b in spans)
    lines.append(t["hours_line"].format(times=times))
    contact_lines = [_one_line(c) for c in contact if _one_line(c)]
    if contact_lines:
        lines += ["", t["contact"], *contact_lines]
    return "\n".join(lines) + "\n"


def write_notices(problem: Problem, plan: Plan, out_dir: str | Path) -> list[Path]:
    """Write ``notice.ko.txt`` and ``notice.en.txt`` (UTF-8) into ``out_dir``; return their
    paths."""
    folder = Path(out_dir)
    return [
        atomic_write_text(folder / name, notice_text(problem, plan, lang))
        for lang, name in NOTICE_FILES.items()
    ]
