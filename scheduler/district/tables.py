"""Reading CSV tables at the file boundary: encodings, columns, typed cells.

Every problem becomes one :class:`~scheduler.errors.DataError` that names the file,
the row (the line number in the file, header = 1), the column and the value.
pandas is used here only; rows leave this module as plain Python values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scheduler.errors import DataError

ENCODINGS = ("utf-8-sig", "cp949")


def closest(name: str, options: Iterable[str]) -> str | None:
    """The option most like ``name`` (for "did you mean" hints), or ``None``."""
    found = difflib.get_close_matches(str(name).strip().lower(), [str(o) for o in options], n=1, cutoff=0.5)
    return found[0] if found else None


def decode(path: Path) -> str:
    """File text as UTF-8 (with or without BOM) or, failing that, CP949."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path), hint="check the path") from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=str(path), hint="name a CSV file") from None
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(
        "cannot read the text: it is neither UTF-8 nor CP949",
        file=str(path),
        hint="save the file as 'CSV UTF-8' in Excel",
    )


@dataclass(frozen=True)
class Row:
    """One data row: its file line number and its cells by column name (stripped text)."""

    file: str
    line: int
    cells: dict[str, str]

    def text(self, column: str, *, required: bool = True) -> str:
        """The cell as text; empty cells raise when ``required``."""
        value = self.cells.get(column, "")
        if required and value == "":
            raise DataError("empty cell", file=self.file, row=self.line, column=column, value="",
                            hint=f"fill in '{column}'")
        return value

    def number(self, column: str, *, kind: type = float, required: bool = True,
               low: float | None = None, high: float | None = None, hint: str | None = None) -> float | int | None:
        """The cell as ``kind`` (int or float) within ``[low, high]``."""
        text = self.text(column, required=required)
        if text == "":
            return None
        try:
            value = kind(text.replace(",", "")) if kind is int else float(text)
        except ValueError:
            raise DataError(f"not a {'whole ' if kind is int else ''}number", file=self.file, row=self.line,
                            column=column, value=text, hint=hint or f"write a number in '{column}'") from None
        if kind is float and value != value:  # NaN
            raise DataError("not a number", file=self.file, row=self.line, column=column, value=text,
                            hint=hint or f"write a number in '{column}'")
        if (low is not None and value < low) or (high is not None and value > high):
            rng = f"between {low:g} and {high:g}" if low is not None and high is not None else (
                f"at least {low:g}" if low is not None else f"at most {high:g}")
            raise DataError(f"out of range: must be {rng}", file=self.file, row=self.line, column=column,
                            value=text, hint=hint)
        return value

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        """The cell as an ISO date ``YYYY-MM-DD`` (``YYYY.MM.DD`` and ``YYYY/MM/DD`` too)."""
        text = self.text(column, required=required)
        if text == "":
            return None
        return parse_date(text, file=self.file, row=self.line, column=column)


def parse_date(text: str, *, file: str | None = None, row: int | None = None, column: str | None = None) -> dt.date:
    """An ISO date (``-``, ``.`` or ``/`` separated); a clear DataError otherwise."""
    t = text.strip().replace(".", "-").replace("/", "-").rstrip("-")
    parts = t.split("-")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts) and len(parts[0].strip()) == 4:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise DataError("impossible date", file=file, row=row, column=column, value=text,
                            hint="check the day and month") from None
    raise DataError("not a date", file=file, row=row, column=column, value=text,
                    hint="write dates as YYYY-MM-DD, e.g. 2026-12-03")


def read_table(path: Path, required: Iterable[str], optional: Iterable[str] = (), *,
               what: str = "table") -> Iterator[Row]:
    """Rows of a CSV file whose header has every ``required`` column.

    A misspelled column is reported with the closest expected name; a file with a
    header but no rows, or no header at all, is an error too.
    """
    text = decode(path)
    name = str(path)
    if not text.strip():
        raise DataError(f"the {what} file is empty", file=name, hint=f"it needs a header row with {', '.join(required)}")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True,
                         skip_blank_lines=True)
    except pd.errors.ParserError as e:
        line = None
        msg = str(e)
        if "line" in msg:
            try:
                line = int(msg.split("line")[-1].split(",")[0].strip())
            except ValueError:
                line = None
        raise DataError("the CSV is malformed (a row has more cells than the header)", file=name, row=line,
                        hint="check the commas of that row; quote text that contains commas") from None
    columns = [str(c).strip() for c in df.columns]
    df.columns = columns
    dup = sorted({c for c in columns if columns.count(c) > 1})
    if dup:
        raise DataError("duplicate column", file=name, row=1, column=dup[0], hint="each column may appear once")
    expected = [*required, *optional]
    for col in required:
        if col not in columns:
            near = closest(col, [c for c in columns if c not in expected]) if columns else None
            hint = f"rename '{near}' to '{col}'" if near else f"the header needs '{col}' (columns: {', '.join(required)})"
            raise DataError("missing column", file=name, row=1, column=col, value=near, hint=hint)
    if df.empty:
        raise DataError(f"the {what} file has a header but no rows", file=name, row=2,
                        hint="add at least one row below the header")
    for i, rec in enumerate(df.to_dict("records")):
        cells = {str(k): str(v).strip() for k, v in rec.items()}
        if all(v == "" for v in cells.values()):
            continue
        yield Row(file=name, line=i + 2, cells=cells)
