"""Click parameter types on the shared parser (:mod:`scheduler.district.parse`).

An option is read by the same rules as a value in a file: ``--counselors 12_345``
and ``--time-limit inf`` are refused like ``12_345`` in a CSV cell, and CLI dates
are limited to 1990–2100 like dates in the config. Each type fails with one
sentence in the command's language (:data:`scheduler.cli._group.LANG`); the CLI
puts the option and the value in front of it.
"""

from __future__ import annotations

from typing import Any

import click

from scheduler.cli._group import LANG
from scheduler.district.parse import (
    MAX_COUNSELORS,
    MAX_SEED,
    MAX_TIME_LIMIT_S,
    MAX_VISITS_PER_DAY,
    MIN_TIME_LIMIT_S,
    ParseError,
    parse_date_text,
    parse_month_text,
    parse_number,
)
from scheduler.i18n import text


def _say(e: ParseError) -> str:
    """The parser's problem (and its hint) as one sentence in the command's language."""
    lang = LANG.get()
    pr = e.problem
    msg = text(pr.code, lang, **pr.params)
    if pr.hint:
        msg += "; " + text(pr.hint, lang, **pr.params)
    return msg


def _option(param: click.Parameter | None) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return opts[0] if opts else (param.name or "") if param is not None else ""


class Number(click.ParamType):
    """A whole number or a decimal in ``[low, high]`` (no ``_``, ``inf``, ``nan``, …)."""

    def __init__(self, kind: type, low: float | None, high: float | None) -> None:
        self.kind, self.low, self.high = kind, low, high
        self.name = "integer" if kind is int else "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.kind) and not isinstance(value, bool):
            value = str(value)
        try:
            return parse_number(
                str(value),
                kind=self.kind,
                low=self.low,
                high=self.high,
                thousands=False,
                column=_option(param),
            )
        except ParseError as e:
            self.fail(_say(e), param, ctx)


class IsoDate(click.ParamType):
    """``YYYY-MM-DD`` within 1990–2100; the value stays ISO text."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return parse_date_text(str(value)).isoformat()
        except ParseError as e:
            self.fail(_say(e), param, ctx)


class Month(click.ParamType):
    """``YYYY-MM`` within 1990–2100; the value stays text (``2026-12``)."""

    name = "month"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            y, m = parse_month_text(str(value))
        except ParseError as e:
            self.fail(_say(e), param, ctx)
        return f"{y}-{m:02d}"


class Weekdays(click.ParamType):
    """A comma-separated list of weekdays with at least one day (``''`` and ``,,`` are refused)."""

    name = "weekdays"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from scheduler.district.calendar import (  # holidays: slow import
            WEEKDAY_NAMES,
            parse_weekday,
        )

        lang = LANG.get()
        items = [w.strip() for w in str(value).split(",")]
        if not any(items):
            self.fail(text("input.cli.weekdays_empty", lang), param, ctx)
        if "" in items:
            self.fail(text("input.cli.weekdays_blank", lang), param, ctx)
        for w in items:
            try:
                parse_weekday(w)
            except ValueError:
                self.fail(
                    text("input.cli.weekday_bad", lang, day=w, names=", ".join(WEEKDAY_NAMES)),
                    param,
                    ctx,
                )
        return ",".join(items)


COUNSELORS = Number(int, 1, MAX_COUNSELORS)
VISITS_PER_DAY = Number(int, 1, MAX_VISITS_PER_DAY)
VISIT_COUNT = Number(int, 0, 1000)
SEED = Number(int, 0, MAX_SEED)
TIME_LIMIT = Number(float, MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S)
DATE = IsoDate()
MONTH = Month()
WEEKDAYS = Weekdays()
