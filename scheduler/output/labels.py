"""Small pure functions that turn values into human-readable labels, Korean first.

Every human-readable text goes through here so that ``--lang`` switches all of it.
"""

from __future__ import annotations

import datetime as dt

LANGS = ("ko", "en")
_WEEKDAYS = {
    "ko": ("월", "화", "수", "목", "금", "토", "일"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def format_weekday(day: dt.date, lang: str = "ko") -> str:
    """``목`` / ``Thu``."""
    return _WEEKDAYS[check_lang(lang)][day.weekday()]


def format_date(day: dt.date, lang: str = "ko") -> str:
    """``12월 3일(목)`` in Korean, ``Thu 3 Dec`` in English."""
    if check_lang(lang) == "ko":
        return f"{day.month}월 {day.day}일({format_weekday(day, lang)})"
    return f"{format_weekday(day, lang)} {day.day} {_MONTHS_EN[day.month - 1]}"


def format_date_long(day: dt.date, lang: str = "ko") -> str:
    """``2026년 12월 3일(목)`` / ``Thu 3 Dec 2026``."""
    if check_lang(lang) == "ko":
        return f"{day.year}년 {format_date(day, lang)}"
    return f"{format_date(day, lang)} {day.year}"


def format_period(start: dt.date, end: dt.date, lang: str = "ko") -> str:
    """``2026년 12월 1일(화) ~ 12월 31일(목)`` / ``Tue 1 Dec 2026 – Thu 31 Dec 2026``."""
    if check_lang(lang) == "ko":
        tail = format_date(end, lang) if end.year == start.year else format_date_long(end, lang)
        return f"{format_date_long(start, lang)} ~ {tail}"
    return f"{format_date_long(start, lang)} – {format_date_long(end, lang)}"


def format_hhmm(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hhmm(text: str) -> int:
    """``HH:MM`` as minutes after midnight; raises ``ValueError`` on anything else."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a time of the form HH:MM: {text!r}")
    h, m = int(parts[0]), int(parts[1])
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ValueError(f"not a time of day: {text!r}")
    return h * 60 + m


def format_minutes(minutes: int, lang: str = "ko") -> str:
    """A duration: ``25분`` / ``25 min``; ``1시간 5분`` / ``1 h 5 min``."""
    h, m = divmod(int(minutes), 60)
    if check_lang(lang) == "ko":
        return f"{h}시간 {m}분" if h else f"{m}분"
    return f"{h} h {m} min" if h else f"{m} min"


def format_team(team_id: str, lang: str = "ko") -> str:
    """``상담사 1`` / ``Counselor 1``."""
    return f"상담사 {team_id}" if check_lang(lang) == "ko" else f"Counselor {team_id}"


def format_status(status: str, lang: str = "ko") -> str:
    """Solver status for people: ``최적(증명됨)`` / ``optimal (proven)``."""
    ko = {"OPTIMAL": "최적(증명됨)", "FEASIBLE": "실행 가능(최적 미증명)", "HAND-MADE": "수작업 일정"}
    en = {"OPTIMAL": "optimal (proven)", "FEASIBLE": "feasible (optimality not proven)", "HAND-MADE": "hand-made schedule"}
    return (ko if check_lang(lang) == "ko" else en).get(status, status)
