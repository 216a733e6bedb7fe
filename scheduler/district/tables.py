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
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scheduler.district.parse import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    ParseError,
    bad,
    parse_date_text,
    parse_number,
    read_capped,
)
from scheduler.errors import DataError

ENCODINGS = ("utf-8-sig", "cp949")

# Column names people write in Korean spreadsheets → the expected column (hints only).
KOREAN_ALIASES = {
    "아이디": "id",
    "식별자": "id",
    "위도": "lat",
    "경도": "lon",
    "인구": "population",
    "인구수": "population",
    "주소": "address_ko",
    "센터명": "center_name_ko",
    "동": "dong_ko",
    "동명": "dong_ko",
    "날짜": "date",
    "일자": "date",
    "방문일": "date",
    "센터": "center_id",
    "센터id": "center_id",
    "상담사": "counselor",
    "출발": "from_id",
    "도착": "to_id",
    "분": "minutes",
    "소요시간": "minutes",
    "시작": "start",
    "종료": "end",
    "회차": "session",
}

# First characters that make a spreadsheet read a cell as a formula; the writers put an
# apostrophe before them (tab and CR cannot survive the stripping of cells).
_GUARDED = ("=", "+", "-", "@")
FIELD_LIMIT = csv.field_size_limit()  # characters a cell may hold (the csv module's limit)


def nfc(value: str) -> str:
    """``value`` in Unicode normal form C: Hangul typed as jamo (NFD, as macOS file names
    and some exports have it) becomes the same text as precomposed syllables."""
    return unicodedata.normalize("NFC", value)


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


def read_input_bytes(path: Path, *, limit: int = MAX_CSV_BYTES, what: str = "CSV") -> bytes:
    """The bytes of an input file, at most ``limit``; a clear DataError for every way it fails."""
    name = str(path)
    try:
        return read_capped(path, limit)
    except ParseError as e:
        raise e.problem.at(file=name) from None
    except FileNotFoundError:
        folder = path.parent if str(path.parent) else Path(".")
        near = None
        if folder.is_dir():
            near = closest(path.name, [p.name for p in folder.iterdir() if p.is_file()], cutoff=0.8)
        if near:
            raise bad(
                "input.file.not_found",
                file=name,
                hint="input.file.did_you_mean",
                near=str(folder / near),
            ) from None
        raise bad("input.file.not_found", file=name, near="") from None
    except IsADirectoryError:
        raise bad("input.file.is_folder", file=name, what=what) from None
    except PermissionError:
        raise bad("input.file.no_permission", file=name) from None


def decode(path: Path) -> str:
    """File text as UTF-8 (with or without BOM) or, failing that, CP949."""
    name = str(path)
    raw = read_input_bytes(path)
    if raw.startswith(b"PK\x03\x04"):
        raise bad("input.csv.xlsx", file=name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise bad("input.csv.utf16", file=name, hint="input.csv.xlsx.hint")
    if b"\x00" in raw:
        raise bad("input.csv.binary", file=name, row=_line_of_offset(raw, raw.index(b"\x00")))
    utf8_error: UnicodeDecodeError | None = None
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError as e:
            utf8_error = utf8_error or e
    assert utf8_error is not None
    badbytes = raw[utf8_error.start : utf8_error.start + 4]
    raise bad(
        "input.csv.encoding",
        file=name,
        row=_line_of_offset(raw, utf8_error.start),
        value=badbytes.hex(" "),
    )


def check_year(
    d: dt.date, *, file: str | None, row: int | None, column: str | None, text: str
) -> dt.date:
    """``d`` if its year is plausible for a visit plan, else a DataError (a typo'd year)."""
    from scheduler.district.parse import check_year_range

    try:
        return check_year_range(d)
    except ParseError as e:
        raise e.problem.at(file=file, row=row, column=column, value=text) from None


@dataclass(frozen=True)
class Row:
    """One data row: its file line number and its cells by column name (stripped text)."""

    file: str
    line: int
    cells: dict[str, str]

    def err(
        self, message: str, column: str, value: object = None, hint: str | None = None
    ) -> DataError:
        """A DataError located at this row and ``column`` (free English text, no catalog code)."""
        return DataError(
            message, file=self.file, row=self.line, column=column, value=value, hint=hint
        )

    def bad(
        self,
        code: str,
        column: str,
        value: object = None,
        *,
        hint: str | None = None,
        **params: object,
    ) -> DataError:
        """A catalog DataError (:func:`scheduler.district.parse.bad`) located at this row."""
        return bad(
            code, file=self.file, row=self.line, column=column, value=value, hint=hint, **params
        )

    def text(self, column: str, *, required: bool = True) -> str:
        """The cell as text; empty cells raise when ``required``.

        The apostrophe this program's own CSV files put before a cell that would start
        a spreadsheet formula (``'-sogong``, ``'=x``) is removed, so every file the
        program writes reads back as it was meant (``scheduler.output.safe.guard_formula``).
        """
        value = self.cells.get(column, "")
        if value.startswith("'") and value[1:2] in _GUARDED:
            value = value[1:]
        if required and value == "":
            raise self.bad("input.cell.empty", column, "", column_name=column)
        return value

    def ident(self, column: str, *, required: bool = True) -> str:
        """An id cell (as :meth:`text`: without the formula guard of the program's own files)."""
        return self.text(column, required=required)

    def number(
        self,
        column: str,
        *,
        kind: type = float,
        required: bool = True,
        low: float | None = None,
        high: float | None = None,
        hint: str | None = None,
        hint_code: str | None = None,
        **hint_params: object,
    ) -> float | int | None:
        """The cell as ``kind`` (int or float) within ``[low, high]`` (see
        :func:`scheduler.district.parse.parse_number`).

        ``hint_code`` (with ``hint_params``) replaces the parser's hint; ``hint`` is
        the older free-English form of the same and gives no Korean version.
        """
        text = self.text(column, required=required)
        if text == "":
            return None
        try:
            return parse_number(text, kind=kind, low=low, high=high, column=column)
        except ParseError as e:
            pr = e.problem
            keep = pr.code in (
                "input.number.ambiguous_comma",
                "input.number.decimal_comma",
                "input.number.underscore",
            )
            if hint_code and not keep:
                raise bad(
                    pr.code,
                    file=self.file,
                    row=self.line,
                    column=column,
                    value=text,
                    hint=hint_code,
                    **{**pr.params, **hint_params},
                ) from None
            err = pr.at(file=self.file, row=self.line, column=column, value=text)
            if hint and not keep:
                err.hint, err.hint_code = hint, None
            raise err from None

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        """The cell as an ISO date ``YYYY-MM-DD`` (``YYYY.MM.DD`` and ``YYYY/MM/DD`` too)."""
        text = self.text(column, required=required)
        if text == "":
            return None
        return parse_date(text, file=self.file, row=self.line, column=column)


def parse_date(
    text: str, *, file: str | None = None, row: int | None = None, column: str | None = None
) -> dt.date:
    """An ISO date (``-``, ``.`` or ``/`` separated) in 1990–2100; a clear DataError otherwise.

    ``2026-12-03 00:00:00`` (as spreadsheets sometimes write dates) is accepted too.
    The same rules hold for dates in CSV cells, the config and command-line options.
    """
    try:
        return parse_date_text(text)
    except ParseError as e:
        raise e.problem.at(file=file, row=row, column=column, value=text) from None


def _xlsx_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(sheet row, cells)`` of the first sheet of an Excel workbook, as CSV-like text.

    pandas reads the workbook (the file boundary); every cell becomes the text a CSV
    saved from Excel would hold, so the same row checks apply to both.
    """
    import pandas as pd  # type: ignore[import-untyped]

    raw = read_input_bytes(path)
    try:
        frame = pd.read_excel(io.BytesIO(raw), sheet_name=0, header=None, dtype=object)
    except Exception as e:  # any reader failure is a bad file, named
        raise bad("input.xlsx.unreadable", file=str(path), detail=str(e)[:120]) from None
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        yield i, [_xlsx_text(v) for v in values]


def xlsx_as_csv(path: Path) -> bytes:
    """The first sheet of a workbook as a UTF-8 CSV (with BOM) that :func:`read_table` reads."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for _, cells in _xlsx_records(path):
        writer.writerow(cells)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_text(value: object) -> str:
    """One workbook cell as text: dates ISO, whole numbers without ``.0``, blanks empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.datetime):  # pandas' Timestamp is a datetime too
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def _extra_cells_hint(
    header: list[str], cells: list[str]
) -> tuple[str | None, str | None, str, dict[str, str]]:
    """(column, value, hint code, hint fields) for a row with more cells than the header."""
    for i in range(min(len(cells), len(header)) - 1):
        a, b = cells[i].strip(), cells[i + 1].strip()
        if re.fullmatch(r"[+-]?\d{1,3}", a) and re.fullmatch(r"\d{3}", b):
            return header[i], f"{a},{b}", "input.csv.extra.thousands.hint", {"a": a, "b": b}
        if re.fullmatch(r"[+-]?\d{1,3}", a) and re.fullmatch(r"\d+", b) and len(b) != 3:
            return header[i], f"{a},{b}", "input.csv.extra.decimal.hint", {"a": a, "b": b}
    return None, None, "input.csv.extra.hint", {}


def read_table(  # noqa: C901 - the row checks of every table, in one pass
    path: Path,
    required: Iterable[str],
    optional: Iterable[str] = (),
    *,
    what: str = "table",
    max_rows: int = MAX_ROWS,
) -> Iterator[Row]:
    """Rows of a CSV file whose header has every ``required`` column.

    A misspelled column is reported with the closest expected name; a file with a
    header but no rows, or no header at all, is an error too. Column names are
    matched ignoring case and surrounding spaces. Blank lines are skipped, and
    every row carries the line of the file it starts on. Every cell is in Unicode
    NFC (see :func:`nfc`). A value under a column without a name (a trailing
    column Excel kept) is an error, and so are more than ``max_rows`` rows.
    """
    required = tuple(required)
    optional = tuple(optional)
    name = str(path)
    if Path(path).suffix.lower() == ".xlsx":
        records = _xlsx_records(Path(path))
    else:
        text = decode(path)
        if not text.strip():
            raise bad("input.csv.empty", file=name, what=what, columns=", ".join(required))
        records = _records(text)
    try:
        header_line, header = 0, []
        for line, cells in records:
            if any(c.strip() for c in cells):
                header_line, header = line, cells
                break
        columns = [nfc(c.strip().lstrip("\ufeff").strip()) for c in header]
        expected = [*required, *optional]
        by_lower = {e.lower(): e for e in expected}
        columns = [by_lower.get(c.lower(), c) for c in columns]
        if len([c for c in columns if c]) == 1:
            only = columns[0] if columns[0] else next(c for c in columns if c)
            for sep, label in ((";", "semicolon"), ("\t", "tab"), ("|", "bar")):
                if sep in only:
                    raise bad(
                        f"input.csv.separated.{label}",
                        file=name,
                        row=header_line,
                        value=only[:60],
                        hint="input.csv.save_as.hint",
                    )
        seen: dict[str, int] = {}
        for c in columns:
            if c and c in seen:
                raise bad("input.csv.duplicate_column", file=name, row=header_line, column=c)
            seen[c] = 1
        for col in required:
            if col not in columns:
                unknown = [c for c in columns if c and c not in expected]
                near = closest(col, unknown)
                alias = next(
                    (c for c in unknown if KOREAN_ALIASES.get(c.lower().replace(" ", "")) == col),
                    None,
                )
                near = near or alias
                if near:
                    raise bad(
                        "input.csv.missing_column",
                        file=name,
                        row=header_line,
                        column=col,
                        value=near,
                        hint="input.csv.rename.hint",
                        near=near,
                        col=col,
                    )
                raise bad(
                    "input.csv.missing_column",
                    file=name,
                    row=header_line,
                    column=col,
                    hint="input.csv.needs.hint",
                    col=col,
                    columns=", ".join(required),
                )
        count = 0
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                x_col, x_val, x_hint, x_params = _extra_cells_hint(columns, cells)
                raise bad(
                    "input.csv.extra",
                    file=name,
                    row=line,
                    column=x_col,
                    value=x_val,
                    hint=x_hint,
                    cells=len(cells),
                    columns=len(columns),
                    **x_params,
                )
            for i, c in enumerate(columns):
                if not c and i < len(cells) and cells[i].strip():
                    raise bad(
                        "input.csv.unnamed_column",
                        file=name,
                        row=line,
                        value=cells[i].strip()[:60],
                        number=i + 1,
                    )
            count += 1
            if count > max_rows:
                raise bad(
                    "input.csv.too_many_rows", file=name, row=line, what=what, limit=f"{max_rows:,}"
                )
            # NFC per cell, not on the whole text: composing across a quote or an escape
            # would change the file's structure.
            row = {
                c: (nfc(cells[i].strip()) if i < len(cells) else "")
                for i, c in enumerate(columns)
                if c
            }
            yield Row(file=name, line=line, cells=row)
    except _CsvError as e:
        if "field larger than field limit" in e.message:
            raise bad(
                "input.csv.cell_too_big", file=name, row=e.line, limit=f"{FIELD_LIMIT:,}"
            ) from None
        raise bad("input.csv.malformed", file=name, row=e.line, detail=e.message) from None
    if count == 0:
        raise bad("input.csv.no_rows", file=name, row=header_line + 1, what=what)
