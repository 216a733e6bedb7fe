"""Reading CSV tables at the file boundary: encodings, columns, typed cells.

Every problem becomes one :class:`~scheduler.errors.DataError` that names the file,
the row (the line number in the file where the record starts, header = 1 when it
is the first line), the column and the value, with a hint.

The file is parsed with the standard :mod:`csv` module, record by record, so the
reported line is the real line of the file even with blank lines and quoted cells
that span several lines (a pandas index is not a file line). Rows leave this
module as plain Python strings; the typed accessors of :class:`Row` check them.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scheduler.errors import DataError

ENCODINGS = ("utf-8-sig", "cp949")

# Column names people write in Korean spreadsheets → the expected column (hints only).
KOREAN_ALIASES = {
    "아이디": "id", "식별자": "id", "위도": "lat", "경도": "lon", "인구": "population", "인구수": "population",
    "주소": "address_ko", "센터명": "center_name_ko", "동": "dong_ko", "동명": "dong_ko", "날짜": "date",
    "일자": "date", "방문일": "date", "센터": "center_id", "센터id": "center_id", "상담사": "counselor",
    "출발": "from_id", "도착": "to_id", "분": "minutes", "소요시간": "minutes", "시작": "start", "종료": "end",
    "회차": "session",
}

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_YEAR_RANGE = (1990, 2100)


def closest(name: str, options: Iterable[str], *, cutoff: float = 0.5) -> str | None:
    """The option most like ``name`` (for "did you mean" hints), or ``None``."""
    opts = [str(o) for o in options]
    key = str(name).strip().lower()
    by_lower = {o.lower(): o for o in opts}
    if key in by_lower:
        return by_lower[key]
    found = difflib.get_close_matches(key, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[found[0]] if found else None


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(path: Path) -> str:
    """File text as UTF-8 (with or without BOM) or, failing that, CP949."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        folder = path.parent if str(path.parent) else Path(".")
        near = None
        if folder.is_dir():
            near = closest(path.name, [p.name for p in folder.iterdir() if p.is_file()], cutoff=0.8)
        hint = f"did you mean '{folder / near}'?" if near else "check the path"
        raise DataError("file not found", file=name, hint=hint) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=name, hint="name a CSV file") from None
    except PermissionError:
        raise DataError("cannot read the file (permission denied)", file=name,
                        hint="check the file's permissions") from None
    if raw.startswith(b"PK\x03\x04"):
        raise DataError("this is an Excel workbook (.xlsx), not a CSV file", file=name,
                        hint="in Excel use File > Save As > 'CSV UTF-8 (comma delimited)'")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("the file is UTF-16 text (Excel 'Unicode Text'), not a CSV file", file=name,
                        hint="in Excel use File > Save As > 'CSV UTF-8 (comma delimited)'")
    if b"\x00" in raw:
        raise DataError("the file holds binary data (NUL bytes), not CSV text", file=name,
                        row=_line_of_offset(raw, raw.index(b"\x00")), hint="save the table as CSV text")
    utf8_error: UnicodeDecodeError | None = None
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError as e:
            utf8_error = utf8_error or e
    assert utf8_error is not None
    bad = raw[utf8_error.start:utf8_error.start + 4]
    raise DataError(
        "cannot read the text: it is neither UTF-8 nor CP949 (EUC-KR)",
        file=name, row=_line_of_offset(raw, utf8_error.start), value=bad.hex(" "),
        hint="save the file as 'CSV UTF-8 (comma delimited)' in Excel",
    )


def check_year(d: dt.date, *, file: str | None, row: int | None, column: str | None, text: str) -> dt.date:
    """``d`` if its year is plausible for a visit plan, else a DataError (a typo'd year)."""
    if not (_YEAR_RANGE[0] <= d.year <= _YEAR_RANGE[1]):
        raise DataError(f"implausible year (expected {_YEAR_RANGE[0]}–{_YEAR_RANGE[1]})", file=file, row=row,
                        column=column, value=text, hint="check the year")
    return d


@dataclass(frozen=True)
class Row:
    """One data row: its file line number and its cells by column name (stripped text)."""

    file: str
    line: int
    cells: dict[str, str]

    def err(self, message: str, column: str, value: object = None, hint: str | None = None) -> DataError:
        """A DataError located at this row and ``column``."""
        return DataError(message, file=self.file, row=self.line, column=column, value=value, hint=hint)

    def text(self, column: str, *, required: bool = True) -> str:
        """The cell as text; empty cells raise when ``required``."""
        value = self.cells.get(column, "")
        if required and value == "":
            raise self.err("empty cell", column, "", f"fill in '{column}'")
        return value

    def number(self, column: str, *, kind: type = float, required: bool = True,
               low: float | None = None, high: float | None = None, hint: str | None = None) -> float | int | None:
        """The cell as ``kind`` (int or float) within ``[low, high]``.

        Whole numbers may carry thousands separators only in the exact ``12,060``
        form; anything else with a comma is ambiguous (``12,06``: a decimal comma?)
        and refused, as are decimal commas in other numbers.
        """
        text = self.text(column, required=required)
        if text == "":
            return None
        word = "whole number" if kind is int else "number"
        what = hint or f"write a {word} in '{column}'"
        if "," in text:
            if kind is int and _THOUSANDS.match(text):
                text_num = text.replace(",", "")
            elif kind is int:
                raise self.err("ambiguous number: the comma is not a thousands separator", column, text,
                               f"write the number without separators, e.g. {text.replace(',', '')}")
            else:
                raise self.err("a comma in a number (decimal comma?)", column, text,
                               f"use a dot as the decimal mark, e.g. {text.replace(',', '.', 1)}")
        else:
            text_num = text
        try:
            value: float | int = int(text_num) if kind is int else float(text_num)
        except ValueError:
            extra = ""
            if kind is int:
                try:
                    float(text_num)
                    extra = " (it has a fraction)"
                except ValueError:
                    pass
            raise self.err(f"not a {word}{extra}", column, text, what) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.err("not a finite number", column, text, what)
        if (low is not None and value < low) or (high is not None and value > high):
            lo, hi = _fmt(low), _fmt(high)
            rng = f"between {lo} and {hi}" if low is not None and high is not None else (
                f"at least {lo}" if low is not None else f"at most {hi}")
            raise self.err(f"out of range: must be {rng}", column, text, hint or f"write a {word} {rng}")
        return value

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        """The cell as an ISO date ``YYYY-MM-DD`` (``YYYY.MM.DD`` and ``YYYY/MM/DD`` too)."""
        text = self.text(column, required=required)
        if text == "":
            return None
        d = parse_date(text, file=self.file, row=self.line, column=column)
        return check_year(d, file=self.file, row=self.line, column=column, text=text)


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


_MIDNIGHT = re.compile(r"^(.*\d)[ T]0?0:00(:00)?$")


def parse_date(text: str, *, file: str | None = None, row: int | None = None, column: str | None = None) -> dt.date:
    """An ISO date (``-``, ``.`` or ``/`` separated); a clear DataError otherwise.

    ``2026-12-03 00:00:00`` (as spreadsheets sometimes write dates) is accepted too.
    """
    t = str(text).strip()
    m = _MIDNIGHT.match(t)
    if m:
        t = m.group(1)
    t = t.replace(".", "-").replace("/", "-").rstrip("-")
    parts = t.split("-")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts) and len(parts[0].strip()) == 4:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise DataError("impossible date", file=file, row=row, column=column, value=text,
                            hint="check the day and month (e.g. 30 February and 31 November do not exist)") from None
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts) and len(parts[2].strip()) == 4:
        hint = "write the year first, as YYYY-MM-DD (day and month order is ambiguous), e.g. 2026-12-03"
    else:
        hint = "write dates as YYYY-MM-DD, e.g. 2026-12-03"
    raise DataError("not a date", file=file, row=row, column=column, value=text, hint=hint)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line of the record, cells)`` for every record of CSV ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise _CsvError(start, str(e)) from None
        yield start, cells


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _extra_cells_hint(header: list[str], cells: list[str]) -> tuple[str | None, str | None, str]:
    """(column, value, hint) for a row with more cells than the header."""
    for i in range(min(len(cells), len(header)) - 1):
        a, b = cells[i].strip(), cells[i + 1].strip()
        if re.fullmatch(r"[+-]?\d{1,3}", a) and re.fullmatch(r"\d{3}", b):
            return (header[i], f"{a},{b}",
                    f"'{a},{b}' looks like one number with a thousands separator: write {a}{b} (or quote the cell)")
        if re.fullmatch(r"[+-]?\d{1,3}", a) and re.fullmatch(r"\d+", b) and len(b) != 3:
            return (header[i], f"{a},{b}",
                    f"'{a},{b}' looks like a number with a decimal comma: write {a}.{b}")
    return None, None, "check the commas of that row; put text that contains commas in double quotes"


def read_table(path: Path, required: Iterable[str], optional: Iterable[str] = (), *,
               what: str = "table") -> Iterator[Row]:
    """Rows of a CSV file whose header has every ``required`` column.

    A misspelled column is reported with the closest expected name; a file with a
    header but no rows, or no header at all, is an error too. Column names are
    matched ignoring case and surrounding spaces. Blank lines are skipped, and
    every row carries the line of the file it starts on.
    """
    required = tuple(required)
    optional = tuple(optional)
    name = str(path)
    text = decode(path)
    if not text.strip():
        raise DataError(f"the {what} file is empty", file=name,
                        hint=f"it needs a header row with {', '.join(required)}")
    records = _records(text)
    try:
        header_line, header = 0, []
        for line, cells in records:
            if any(c.strip() for c in cells):
                header_line, header = line, cells
                break
        columns = [c.strip().lstrip("\ufeff").strip() for c in header]
        expected = [*required, *optional]
        by_lower = {e.lower(): e for e in expected}
        columns = [by_lower.get(c.lower(), c) for c in columns]
        if len([c for c in columns if c]) == 1:
            only = columns[0] if columns[0] else next(c for c in columns if c)
            for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
                if sep in only:
                    raise DataError(f"the columns are separated by {label}, not commas", file=name,
                                    row=header_line, value=only[:60],
                                    hint="save the file as 'CSV UTF-8 (comma delimited)'")
        seen: dict[str, int] = {}
        for c in columns:
            if c and c in seen:
                raise DataError("duplicate column", file=name, row=header_line, column=c,
                                hint="each column may appear once in the header")
            seen[c] = 1
        for col in required:
            if col not in columns:
                unknown = [c for c in columns if c and c not in expected]
                near = closest(col, unknown)
                alias = next((c for c in unknown if KOREAN_ALIASES.get(c.lower().replace(" ", "")) == col), None)
                near = near or alias
                if near:
                    hint = f"rename the column '{near}' to '{col}'"
                else:
                    hint = f"the header needs '{col}' (required columns: {', '.join(required)})"
                raise DataError("missing column", file=name, row=header_line, column=col, value=near, hint=hint)
        count = 0
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                x_col, x_val, x_hint = _extra_cells_hint(columns, cells)
                raise DataError(f"the row has {len(cells)} cells but the header has {len(columns)} columns",
                                file=name, row=line, column=x_col, value=x_val, hint=x_hint)
            row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns) if c}
            count += 1
            yield Row(file=name, line=line, cells=row)
    except _CsvError as e:
        hint = "close the double quote of that cell, or put text with quotes in double quotes (\"\" inside)"
        raise DataError(f"the CSV is malformed ({e.message})", file=name, row=e.line, hint=hint) from None
    if count == 0:
        raise DataError(f"the {what} file has a header but no rows", file=name, row=header_line + 1,
                        hint="add at least one row below the header")
