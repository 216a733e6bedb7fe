"""Small pure functions that turn values into human-readable labels, Korean first.

Every human-readable text goes through here so that ``--lang`` switches all of it.
"""

from __future__ import annotations

# Moved below the output layer (the solver and the district front end use them too);
# re-exported here so every label is still one import away.
from scheduler.core.clock import format_hhmm as format_hhmm
from scheduler.core.clock import parse_hhmm as parse_hhmm
from scheduler.i18n.catalog import LANGS as LANGS
from scheduler.i18n.catalog import check_lang as check_lang
from scheduler.i18n.dates import format_date as format_date
from scheduler.i18n.dates import format_date_long as format_date_long
from scheduler.i18n.dates import format_period as format_period
from scheduler.i18n.dates import format_weekday as format_weekday


def format_minutes(minutes: float, lang: str = "ko") -> str:
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
    ko = {
        "OPTIMAL": "최적(증명됨)",
        "FEASIBLE": "실행 가능(최적 미증명)",
        "HAND-MADE": "수작업 일정",
    }
    en = {
        "OPTIMAL": "optimal (proven)",
        "FEASIBLE": "feasible (optimality not proven)",
        "HAND-MADE": "hand-made schedule",
    }
    return (ko if check_lang(lang) == "ko" else en).get(status, status)
