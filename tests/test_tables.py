"""CSV reading at the file boundary (scheduler.district.tables): encodings, rows, cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scheduler.district.tables import Row, parse_date, read_table
from scheduler.errors import DataError

TEXT = 'id,name,population\nsogong,소공동 주민센터,"2,178"\nhoehyeon,"회현동, 임시",4219\n'


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_encodings_read_alike(tmp_path: Path, encoding: str) -> None:
    """UTF-8 with or without BOM and CP949 (Excel's Korean 'CSV') read to the same rows."""
    rows = list(read_table(_write(tmp_path, TEXT.encode(encoding)), ("id", "name", "population")))
    assert [r.cells for r in rows] == [
        {"id": "sogong", "name": "소공동 주민센터", "population": "2,178"},
        {"id": "hoehyeon", "name": "회현동, 임시", "population": "4219"},
    ]
    assert rows[0].number("population", kind=int) == 2178


def test_row_is_the_line_of_the_file(tmp_path: Path) -> None:
    """Blank lines and quoted cells over several lines do not shift the reported line."""
    text = (
        "\r\n"  # 1 blank line before the header
        "id,notes,population\r\n"  # 2 header
        'a,"one\r\ntwo\r\nthree",1\r\n'  # 3-5
        "\r\n"  # 6 blank
        "   \r\n"  # 7 blank (spaces)
        "b,,2\r\n"  # 8
        'c,"x\ny",3\n'  # 9-10
        ",,\n"  # 11 empty cells only: skipped
        "d,plain,oops\n"
    )  # 12
    rows = list(read_table(_write(tmp_path, text.encode()), ("id", "population"), ("notes",)))
    assert [(r.cells["id"], r.line) for r in rows] == [("a", 3), ("b", 8), ("c", 9), ("d", 12)]
    assert rows[0].cells["notes"] == "one\r\ntwo\r\nthree"
    with pytest.raises(DataError) as e:
        rows[3].number("population", kind=int)
    assert e.value.row == 12 and e.value.column == "population" and e.value.value == "oops"


def test_header_is_matched_ignoring_case_and_spaces(tmp_path: Path) -> None:
    rows = list(read_table(_write(tmp_path, b" ID , Population \nx,5\n"), ("id", "population")))
    assert rows[0].cells == {"id": "x", "population": "5"}


def test_excel_trailing_empty_columns_and_short_rows(tmp_path: Path) -> None:
    """Excel's trailing ',,' and rows with fewer cells than the header are fine."""
    rows = list(
        read_table(
            _write(tmp_path, b"id,population,notes,,\nx,5,,,\ny,6\n"),
            ("id", "population"),
            ("notes",),
        )
    )
    assert [r.cells for r in rows] == [
        {"id": "x", "population": "5", "notes": ""},
        {"id": "y", "population": "6", "notes": ""},
    ]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("12,060", int, 12060),
        ("1,234,567", int, 1234567),
        ("+7", int, 7),
        (" 37.5 ", float, 37.5),
        ("1e2", float, 100.0),
    ],
)
def test_numbers_accepted(text: str, kind: type, expected: float) -> None:
    assert Row("f.csv", 2, {"n": text.strip()}).number("n", kind=kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("12,06", int, "ambiguous"),
        ("1,2060", int, "ambiguous"),
        ("12.060", int, "fraction"),
        ("37,56", float, "comma"),
        ("inf", float, "finite"),
        ("nan", float, "finite"),
        ("열둘", int, "not a whole number"),
        ("", int, "empty cell"),
    ],
)
def test_numbers_refused(text: str, kind: type, message: str) -> None:
    with pytest.raises(DataError) as e:
        Row("f.csv", 7, {"n": text}).number("n", kind=kind)
    assert (
        message in e.value.message and e.value.row == 7 and e.value.column == "n" and e.value.hint
    )


@pytest.mark.parametrize(
    "text", ["2026-12-03", "2026.12.03", "2026/12/3", "2026. 12. 3.", "2026-12-03 00:00:00"]
)
def test_dates_accepted(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-29", "impossible"),
        ("03/12/2026", "not a date"),
        ("next tuesday", "not a date"),
        ("2026-00-10", "impossible"),
    ],
)
def test_dates_refused(text: str, message: str) -> None:
    with pytest.raises(DataError) as e:
        parse_date(text, file="f.csv", row=3, column="date")
    assert message in e.value.message and e.value.hint


def test_year_typo_is_refused() -> None:
    with pytest.raises(DataError) as e:
        Row("f.csv", 4, {"date": "20226-12-03"}).date("date")
    assert e.value.row == 4
    with pytest.raises(DataError) as e:
        Row("f.csv", 4, {"date": "1926-12-03"}).date("date")
    assert "year" in e.value.message


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    with pytest.raises(DataError) as e:
        list(read_table(_write(tmp_path, b"\r\n  \r\n"), ("id",), what="centers"))
    assert "empty" in e.value.message and e.value.hint


def test_message_is_one_line_with_everything() -> None:
    """str(DataError) is the one line the CLI prints: file, row, column, value, hint."""
    e = DataError(
        "not a number", file="c.csv", row=5, column="lat", value="3\n7", hint="write 37.5"
    )
    text = str(e)
    assert "\n" not in text
    assert text == "c.csv, row 5, column 'lat': not a number (value: '3\\n7'). Hint: write 37.5"


# ---------------------------------------------------------------------------
# The shared parser (scheduler.district.parse), NFC, the formula guard
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("12_345", int, "input.number.underscore"),
        ("37.5_62", float, "input.number.underscore"),
        ("inf", float, "input.number.not_finite"),
        ("-Infinity", float, "input.number.not_finite"),
        ("nan", int, "input.number.not_finite"),
        ("1e999", float, "input.number.not_finite"),
        ("²", int, "input.number.not_whole"),
        ("١٢", int, "input.number.not_whole"),
        ("１２", float, "input.number.not_number"),
        ("12.5", int, "input.number.fraction"),
        ("1e4", int, "input.number.not_whole"),
        ("12,06", int, "input.number.ambiguous_comma"),
        ("37,5", float, "input.number.decimal_comma"),
        ("9" * 30, int, "input.number.range.max"),
    ],
)
def test_one_parser_refuses_what_python_would_take(text: str, kind: type, code: str) -> None:
    from scheduler.district.parse import ParseError, parse_number

    with pytest.raises(ParseError) as exc:
        parse_number(text, kind=kind, high=10**9)
    assert exc.value.problem.code == code


def test_the_parser_accepts_plain_numbers() -> None:
    from scheduler.district.parse import parse_number

    assert parse_number("12,060", kind=int) == 12060
    assert parse_number(" -3 ", kind=int) == -3
    assert parse_number("37.5634") == pytest.approx(37.5634)
    assert parse_number("1e-3") == pytest.approx(0.001)


def test_dates_outside_1990_2100_are_refused_everywhere() -> None:
    from scheduler.errors import DataError

    for text in ("1899-12-01", "2101-01-01", "٢٠٢٦-١١-٠٥"):
        with pytest.raises(DataError):
            parse_date(text)
    assert parse_date("2026. 12. 3.").isoformat() == "2026-12-03"


def test_cells_are_nfc_and_the_formula_guard_is_dropped(tmp_path: Path) -> None:
    import unicodedata

    path = tmp_path / "t.csv"
    nfd = unicodedata.normalize("NFD", "회현동")
    path.write_text(f"id,name\n'-x,{nfd}\n'=y,'plain\n", encoding="utf-8")
    rows = list(read_table(path, ("id", "name")))
    assert rows[0].text("id") == "-x" and rows[0].text("name") == "회현동"
    assert rows[1].text("id") == "=y" and rows[1].text("name") == "'plain"


def test_a_value_in_an_unnamed_column_is_refused(tmp_path: Path) -> None:
    from scheduler.errors import DataError

    path = tmp_path / "t.csv"
    path.write_text("a,b,\n1,2,\n3,4,x\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        list(read_table(path, ("a", "b")))
    assert exc.value.row == 3 and exc.value.code == "input.csv.unnamed_column"


def test_an_excel_workbook_is_read_like_the_csv_excel_would_save(tmp_path: Path) -> None:
    """Dates become ISO, whole numbers lose ``.0``, and each row keeps its sheet row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "center_id", "visitors"])
    sheet.append([dt.datetime(2026, 12, 3), "sogong", 12])
    sheet.append([dt.datetime(2026, 12, 8), "중림동", 7.0])
    path = tmp_path / "attendance.xlsx"
    book.save(path)
    rows = list(read_table(path, ("date", "center_id", "visitors")))
    assert [r.cells for r in rows] == [
        {"date": "2026-12-03", "center_id": "sogong", "visitors": "12"},
        {"date": "2026-12-08", "center_id": "중림동", "visitors": "7"},
    ]
    assert [r.line for r in rows] == [2, 3]


def test_an_unreadable_workbook_is_one_clear_error(tmp_path: Path) -> None:
    """A file called .xlsx that is not a workbook names the file, in the catalog's words."""
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError) as err:
        list(read_table(path, ("date",)))
    assert err.value.code == "input.xlsx.unreadable"
    assert "broken.xlsx" in str(err.value)
