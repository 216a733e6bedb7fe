"""The Korean visit calendar: weekdays, public holidays, closures, periods."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.district.calendar import (
    korean_holidays,
    month_period,
    months_period,
    next_month,
    parse_weekday,
    visit_dates,
)

TUE_THU = (2, 4)


def test_december_2026_has_ten_tuesdays_and_thursdays() -> None:
    """December 2026 has 10 Tue/Thu visit days and none of them is a holiday."""
    days, skipped = visit_dates(dt.date(2026, 12, 1), dt.date(2026, 12, 31), TUE_THU)
    assert len(days) == 10
    assert days[0] == dt.date(2026, 12, 1) and days[-1] == dt.date(2026, 12, 31)
    assert all(d.isoweekday() in TUE_THU for d in days)
    assert skipped == []


def test_chuseok_eve_thursday_is_skipped() -> None:
    """2026-09-24 (the day before Chuseok, a Thursday) is not a visit day."""
    days, skipped = visit_dates(dt.date(2026, 9, 1), dt.date(2026, 9, 30), TUE_THU)
    assert dt.date(2026, 9, 24) not in days
    assert [s.date for s in skipped] == [dt.date(2026, 9, 24)]
    assert skipped[0].reason == "holiday"


def test_substitute_holiday_tuesday_is_skipped() -> None:
    """2027-02-09 is the substitute holiday for Seollal, a Tuesday: skipped."""
    days, skipped = visit_dates(dt.date(2027, 2, 1), dt.date(2027, 2, 28), TUE_THU)
    assert dt.date(2027, 2, 9) not in days
    assert dt.date(2027, 2, 9) in {s.date for s in skipped}


def test_election_day_is_a_holiday() -> None:
    """The 2026 local election day (Wed 2026-06-03) is skipped when Wednesdays are allowed."""
    assert dt.date(2026, 6, 3) in korean_holidays(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    days, _ = visit_dates(dt.date(2026, 6, 1), dt.date(2026, 6, 7), (2, 3, 4))
    assert dt.date(2026, 6, 3) not in days and dt.date(2026, 6, 2) in days


def test_closure_dates_are_skipped() -> None:
    """An extra closure date is not a visit day and is reported as a closure."""
    days, skipped = visit_dates(
        dt.date(2026, 12, 1), dt.date(2026, 12, 31), TUE_THU, [dt.date(2026, 12, 3)]
    )
    assert dt.date(2026, 12, 3) not in days
    assert [(s.date, s.reason) for s in skipped] == [(dt.date(2026, 12, 3), "closure")]


def test_periods() -> None:
    """Month periods, multi-month periods and 'next month' wrap years correctly."""
    assert month_period("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert month_period("2028-02") == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert months_period("2026-12", 2) == (dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    assert next_month(dt.date(2026, 11, 28)) == "2026-12"
    assert next_month(dt.date(2026, 12, 5)) == "2027-01"
    with pytest.raises(ValueError, match=r"not a month of the form YYYY-MM: '2026-13'"):
        month_period("2026-13")


@pytest.mark.parametrize(
    ("text", "iso"), [("tue", 2), ("Thursday", 4), ("화", 2), ("목요일", 4), (" WED ", 3)]
)
def test_parse_weekday(text: str, iso: int) -> None:
    """Weekday names in English (short or long) and Korean are understood."""
    assert parse_weekday(text) == iso


def test_parse_weekday_rejects_typos() -> None:
    """A misspelled weekday is an error, not a silent default."""
    with pytest.raises(ValueError, match=r"not a weekday: 'thurs' \(did you mean 'thu'\?\)"):
        parse_weekday("thurs")
