"""One parser for the numbers, dates and sizes read from files and from the command line.

The CSV tables (:mod:`scheduler.district.tables`), the TOML config and the click
parameter types (:mod:`scheduler.cli._types`) all read numbers and dates here, so a
value is accepted or refused the same way wherever it is written. Python's own
``int()``/``float()`` are too lenient for people's input: they take ``12_345``,
``inf``, ``nan``, surrounding spaces and non-ASCII digits such as ``²`` or ``١٢``.

The limits below bound the work a run can be asked to do; anything beyond them is
refused up front with the limit named (:data:`LIMITS`).

:func:`bad` builds a :class:`~scheduler.errors.DataError` from a catalog code
(``scheduler/i18n/msgs_input.py``): its English text is the catalog's, so the
message and its Korean version never drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from scheduler.errors import DataError
from scheduler.i18n import has, text

# Sizes beyond which an input is refused (what a district, or all of Korea, needs is
# far below each of them; they stop a typo or a wrong file from running for hours).
MAX_CSV_BYTES = 32 * 1024 * 1024  # a CSV table
MAX_TOML_BYTES = 1024 * 1024  # a config file
MAX_TOML_DEPTH = 16  # nested tables/arrays in a config
MAX_INT = 10**9  # any whole number in a config
MAX_CENTERS = 5_000  # Korea has about 3,500 administrative dongs
MAX_ROWS = 200_000  # rows of a history, travel matrix or pins file
MAX_COUNSELORS = 200  # counselors of one plan
MAX_VISITS_PER_DAY = 12
MAX_PERIOD_DAYS = 366
MAX_SEED = 2**31 - 1  # CP-SAT's random seed is a 32-bit signed integer
MAX_TIME_LIMIT_S = 24 * 3600.0
MIN_TIME_LIMIT_S = 0.1
YEARS = (1990, 2100)

LIMITS = {
    "csv_bytes": MAX_CSV_BYTES,
    "toml_bytes": MAX_TOML_BYTES,
    "toml_depth": MAX_TOML_DEPTH,
    "int": MAX_INT,
    "centers": MAX_CENTERS,
    "rows": MAX_ROWS,
    "counselors": MAX_COUNSELORS,
    "visits_per_day": MAX_VISITS_PER_DAY,
    "period_days": MAX_PERIOD_DAYS,
    "seed": MAX_SEED,
    "time_limit_s": MAX_TIME_LIMIT_S,
}

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def bad(
    code: str,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    hint: str | None = None,
    **params: object,
) -> DataError:
    """A :class:`DataError` for catalog ``code``; the hint is ``hint`` (a code) or ``code.hint``.

    ``params`` fill both templates; the English texts become the error's message and hint.
    """
    hint_code = hint if hint is not None else (f"{code}.hint" if has(f"{code}.hint") else None)
    return DataError(
        text(code, "en", **params),
        file=file,
        row=row,
        column=column,
        value=value,
        hint=text(hint_code, "en", **params) if hint_code else None,
        code=code,
        params=dict(params),
        hint_code=hint_code,
    )


@dataclass(frozen=True)
class Problem:
    """Why a text is not a valid value: a catalog code and its fields (no location yet)."""

    code: str
    hint: str | None
    params: dict[str, object]

    def at(
        self,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> DataError:
        """This problem as a DataError located at ``file``/``row``/``column``."""
        return bad(
            self.code, file=file, row=row, column=column, value=value, hint=self.hint, **self.params
        )


class ParseError(ValueError):
    """A value that cannot be read; ``problem`` says why (see :class:`Problem`)."""

    def __init__(self, code: str, hint: str | None = None, **params: object) -> None:
        self.problem = Problem(code, hint, params)
        super().__init__(text(code, "en", **params))


def _range(low: float | None, high: float | None) -> tuple[str, dict[str, str]]:
    """The catalog suffix (``both``, ``min``, ``max``) and fields for a range ``[low, high]``."""

    def f(x: float) -> str:
        return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"

    if low is not None and high is not None:
        return "both", {"low": f(low), "high": f(high)}
    return ("min", {"low": f(low)}) if low is not None else ("max", {"high": f(high)})  # type: ignore[arg-type]


def range_error(low: float | None, high: float | None) -> ParseError:
    """The :class:`ParseError` for a value outside ``[low, high]``."""
    which, fields = _range(low, high)
    return ParseError(f"input.number.range.{which}", f"input.number.range.{which}.hint", **fields)


def parse_number(
    raw: str,
    *,
    kind: type = float,
    low: float | None = None,
    high: float | None = None,
    thousands: bool = True,
    column: str = "",
) -> int | float:
    """``raw`` as ``kind`` (``int`` or ``float``) within ``[low, high]``, or :class:`ParseError`.

    Accepted: ASCII digits with an optional sign, a dot as the decimal mark, an
    exponent for decimals, and (``thousands``) the exact ``12,060`` form for whole
    numbers. Refused, each with its own message: underscores (``12_345``), ambiguous
    commas (``12,06``), decimal commas, fractions for whole numbers, ``NaN``/``inf``,
    non-ASCII digits, and anything else that is not a plain number.
    """
    t = str(raw).strip()
    hint = "input.number.int.hint" if kind is int else "input.number.float.hint"
    if not t:
        raise ParseError("input.number.empty", hint, col=column)
    if "_" in t:
        raise ParseError(
            "input.number.underscore", "input.number.underscore.hint", plain=t.replace("_", "")
        )
    if _NOT_FINITE.fullmatch(t):
        raise ParseError("input.number.not_finite", hint, col=column)
    if "," in t:
        if kind is int and thousands and _THOUSANDS.fullmatch(t):
            t = t.replace(",", "")
        elif kind is int:
            raise ParseError(
                "input.number.ambiguous_comma",
                "input.number.ambiguous_comma.hint",
                plain=t.replace(",", ""),
            )
        else:
            raise ParseError(
                "input.number.decimal_comma",
                "input.number.decimal_comma.hint",
                dotted=t.replace(",", ".", 1),
            )
    if kind is int:
        if not _INT.fullmatch(t):
            fraction = _FLOAT.fullmatch(t) and math.isfinite(float(t)) and not float(t).is_integer()
            code = "input.number.fraction" if fraction else "input.number.not_whole"
            raise ParseError(code, hint, col=column)
        if len(t.lstrip("+-")) > 18:
            raise range_error(low, high if high is not None else MAX_INT)
        value: int | float = int(t)
    else:
        if not _FLOAT.fullmatch(t):
            raise ParseError("input.number.not_number", hint, col=column)
        value = float(t)
        if not math.isfinite(value):
            raise ParseError("input.number.not_finite", hint, col=column)
    if (low is not None and value < low) or (high is not None and value > high):
        raise range_error(low, high)
    return value


_MIDNIGHT = re.compile(r"^(.*\d)[ T]0?0:00(:00)?$")
_DATE_PARTS = re.compile(r"[0-9]+")


def parse_date_text(raw: str) -> dt.date:
    """An ISO date (``-``, ``.`` or ``/`` separated, ``2026. 12. 3.`` too) in 1990–2100.

    ``2026-12-03 00:00:00`` (as spreadsheets sometimes write dates) is accepted.
    Raises :class:`ParseError` for impossible, day-first and out-of-range dates.
    """
    t = str(raw).strip()
    m = _MIDNIGHT.match(t)
    if m:
        t = m.group(1)
    t = t.replace(".", "-").replace("/", "-").rstrip("-")
    parts = [p.strip() for p in t.split("-")]
    digits = len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts)
    if digits and len(parts[0]) == 4 and all(1 <= len(p) <= 2 for p in parts[1:]):
        try:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise ParseError("input.date.impossible", "input.date.impossible.hint") from None
        return check_year_range(d)
    if digits and len(parts[2]) == 4:
        raise ParseError("input.date.not_date", "input.date.day_first.hint")
    raise ParseError("input.date.not_date", "input.date.hint")


def check_year_range(d: dt.date) -> dt.date:
    """``d`` if its year is within :data:`YEARS`, else :class:`ParseError` (a typo'd year)."""
    if not (YEARS[0] <= d.year <= YEARS[1]):
        raise ParseError("input.date.year", "input.date.year.hint", low=YEARS[0], high=YEARS[1])
    return d


def parse_month_text(raw: str) -> tuple[int, int]:
    """``2026-12`` → ``(2026, 12)`` within 1990–2100, or :class:`ParseError`."""
    t = str(raw).strip()
    m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", t)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ParseError("input.month.bad", "input.month.hint")
    y = int(m.group(1))
    if not YEARS[0] <= y <= YEARS[1]:
        raise ParseError("input.date.year", "input.date.year.hint", low=YEARS[0], high=YEARS[1])
    return y, int(m.group(2))


def read_capped(path: object, limit: int) -> bytes:
    """The bytes of file ``path``, reading at most ``limit + 1`` bytes.

    Never reads an endless file (``/dev/zero``, a pipe that keeps writing) to the end:
    :class:`OSError` from opening propagates; a file longer than ``limit`` raises
    :class:`ParseError` ``input.file.too_big``.
    """
    with open(path, "rb") as fh:  # type: ignore[call-overload]
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ParseError(
            "input.file.too_big",
            "input.file.too_big.hint",
            limit=f"{limit:,}",
            mib=f"{limit / 1024 / 1024:g}",
        )
    return data
