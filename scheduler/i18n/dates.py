"""Dates for people, Korean first: ``12월 3일(목)`` / ``Thu 3 Dec``.

Here, beside the message catalog, because every layer that words a sentence needs them
(the solver's reasons, the outputs, the terminal); :mod:`scheduler.output.labels`
re-exports them.
"""

from __future__ import annotations

import datetime as dt

from scheduler.i18n.catalog import check_lang

_WEEKDAYS = {
    "ko": ("월", "화", "수", "목", "금", "토", "일"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
