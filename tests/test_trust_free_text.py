"""Random Unicode in every free-text field, and every output still parses back (issue 16).

Hypothesis writes text with control characters, combining marks, CR/LF, invisible and
bidi characters, formula prefixes and HTML/JS payloads into center names, dong names,
addresses and notes (the centers CSV), and into the district, base and counselor names
and the notice texts (the TOML config); counselor ids get any visible characters. A real
``visitplan plan`` run must exit 0 and then:

- every ``.ics`` parses with icalendar and holds no property a plain plan does not have,
  and no bare CR or LF;
- ``schedule.xlsx`` loads with openpyxl; ``schedule.csv`` parses with ``csv``, one line per
  visit, no cell starting a formula;
- the notices are lines of text without control characters; the PDFs are PDFs;
- ``map.html`` loads in Chromium (offline) and no injected script runs;
- ``evaluate`` reads ``schedule.csv`` back without a broken rule and ``export`` reads the
  folder back with the same visits.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scheduler.cli import main

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "data" / "bad" / "_base"
CONFIG = BASE / "jung-gu.toml"

PAYLOADS = [
    "",
    "<script>window.__vp_pwned=1</script>",
    '<img src=x onerror="window.__vp_pwned=1">',
    '"><svg onload=window.__vp_pwned=1>',
    "</script><script>window.__vp_pwned=1</script>",
    "${window.__vp_pwned=1}",
    "`;window.__vp_pwned=1;//",
    "'-alert(1)-'",
    "\r\nATTENDEE:mailto:x@example.com",
    "\nBEGIN:VEVENT\nSUMMARY:fake\nEND:VEVENT",
    '=HYPERLINK("http://example.com","x")',
    "@SUM(1)",
]
PREFIXES = [
    "",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "'",
    " ",
    "\u202e",
    "\ufeff",
    "\u0301",
]
SPECIAL = [
    "\r",
    "\n",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\x0b",
    "\x0c",
    "\u0301",
    "\u0308",
    "\u200b",
    "\u200d",
    "\u2028",
    "\u2029",
    "\u202e",
    "\ufeff",
    "\u1100",
    "\u1161",
    "\uffff",
    "\U0001f642",
    '"',
    ",",
    ";",
    "\\",
]
CHARS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL))


@st.composite
def free_text(draw: st.DrawFn, *, csv_cell: bool = False) -> str:
    body = draw(st.text(CHARS, max_size=10))
    text = draw(st.sampled_from(PREFIXES)) + body + draw(st.sampled_from(PAYLOADS)) + "가"
    return (
        text.replace("\x00", "") if csv_cell else text
    )  # a NUL makes a CSV binary: refused, rightly


@st.composite
def visible_id(draw: st.DrawFn) -> str:
    """A counselor id: any characters except line breaks, controls and white space."""
    chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Zl", "Zp", "Zs", "Cs"))
    return draw(st.sampled_from(["", "=", "-", "+", "@"])) + draw(
        st.text(chars, min_size=1, max_size=6)
    )


def _toml(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn") or ord(ch) > 0xFFFF:
            out.append(f"\\U{ord(ch):08X}" if ord(ch) > 0xFFFF else f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _set(text: str, pattern: str, line: str) -> str:
    """``text`` with the first line matching ``pattern`` replaced by ``line`` (taken literally)."""
    new, n = re.subn(pattern, lambda _: line, text, count=1, flags=re.M)
    assert n == 1, pattern
    return new


def _write_inputs(tmp: Path, texts: dict[str, str], ids: list[str]) -> Path:
    with open(BASE / "dong_centers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows):
        for col in ("dong_ko", "dong_en", "center_name_ko", "address_ko", "notes"):
            r[col] = texts[col] + f"{i:02d}"
        r["center_name_en"] = texts["center_name_en"] + f"{i:02d}"
    centers = tmp / "centers.csv"
    with open(centers, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[*rows[0].keys()], lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    text = CONFIG.read_text(encoding="utf-8")
    text = text.replace('centers = "dong_centers.csv"', f"centers = {_toml(str(centers))}")
    for key, field in (("name_ko", "district_ko"), ("name_en", "district_en")):
        text = _set(text, rf'^{key} = "[^"\n]*"$', f"{key} = {_toml(texts[field])}")
    text = text.replace(
        'name_ko = "중구청 (일자리플러스센터)"', f"name_ko = {_toml(texts['base_ko'])}"
    )
    text = text.replace(
        'name_en = "Jung-gu Office (job center)"', f"name_en = {_toml(texts['base_en'])}"
    )
    text = _set(text, r"^address_ko = .*$", f"address_ko = {_toml(texts['base_address'])}")
    text = _set(text, r"^apply_ko = .*$", f"apply_ko = {_toml(texts['apply_ko'])}")
    text = _set(text, r"^apply_en = .*$", f"apply_en = {_toml(texts['apply_en'])}")
    start, end = text.index("[[counselors]]"), text.index("# [[center_closures]]")
    block = "".join(
        f"[[counselors]]\nid = {_toml(cid)}\nname = {_toml(texts['counselor'] + str(n))}\n\n"
        for n, cid in enumerate(ids)
    )
    cfg = tmp / "weird.toml"
    cfg.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return cfg


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _ics_names(raw: bytes) -> set[str]:
    unfolded = raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return {re.match(r"[A-Z0-9-]+", line).group(0) for line in unfolded.split("\r\n") if line}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def plain_ics_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The iCalendar property names a plan with ordinary names has."""
    out = tmp_path_factory.mktemp("plain") / "p"
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "plan",
                "--config",
                str(CONFIG),
                "--month",
                "2026-12",
                "--out",
                str(out),
                "--lang",
                "en",
                "--counselors",
                "2",
                "--time-limit",
                "10",
            ]
        )
    assert exc.value.code == 0
    names: set[str] = set()
    for path in out.glob("*.ics"):
        names |= _ics_names(path.read_bytes())
    return names


FIELDS = ("dong_ko", "dong_en", "center_name_ko", "center_name_en", "address_ko", "notes")
CONFIG_FIELDS = (
    "district_ko",
    "district_en",
    "base_ko",
    "base_en",
    "base_address",
    "apply_ko",
    "apply_en",
    "counselor",
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@example(
    csv_texts={
        f: "=\r\n" + "".join(SPECIAL).replace("\x00", "") + PAYLOADS[i % len(PAYLOADS) or 1]
        for i, f in enumerate(FIELDS)
    },
    toml_texts={
        f: "\r" + "".join(SPECIAL) + PAYLOADS[(i + 3) % len(PAYLOADS) or 1]
        for i, f in enumerate(CONFIG_FIELDS)
    },
    ids=["=1\u202e", "-2\u0301"],
)
@given(
    csv_texts=st.fixed_dictionaries({f: free_text(csv_cell=True) for f in FIELDS}),
    toml_texts=st.fixed_dictionaries({f: free_text() for f in CONFIG_FIELDS}),
    ids=st.lists(visible_id(), min_size=2, max_size=2, unique_by=lambda s: s.strip()),
)
def test_random_unicode_in_every_free_text_field_keeps_every_output_readable(
    csv_texts: dict[str, str],
    toml_texts: dict[str, str],
    ids: list[str],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    plain_ics_names: set[str],
) -> None:
    import icalendar
    import openpyxl

    from tests.browser import open_page

    tmp = tmp_path_factory.mktemp("weird")
    cfg = _write_inputs(tmp, {**csv_texts, **toml_texts}, ids)
    out = tmp / "plan"
    code, _, err = _run(
        [
            "plan",
            "--config",
            str(cfg),
            "--month",
            "2026-12",
            "--out",
            str(out),
            "--lang",
            "ko",
            "--counselors",
            "2",
            "--time-limit",
            "10",
        ],
        capsys,
    )
    assert code == 0, err

    with open(out / "schedule.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        for value in r.values():
            assert "\r" not in value and "\n" not in value, value
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value

    book = openpyxl.load_workbook(out / "schedule.xlsx")
    cells = [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert cells and not any(_CONTROL.search(v) for v in cells)

    calendars = sorted(out.glob("*.ics"))
    assert calendars
    for path in calendars:
        raw = path.read_bytes()
        icalendar.Calendar.from_ical(raw)
        assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b""), (
            path.name
        )
        assert _ics_names(raw) <= plain_ics_names, (path.name, _ics_names(raw) - plain_ics_names)

    for path in out.glob("notice.*.txt"):
        for line in path.read_text(encoding="utf-8").split("\n"):
            assert not _CONTROL.search(line), (path.name, line)
    for path in out.rglob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF"), path.name

    with open_page(out / "map.html") as session:
        assert session.page.evaluate("typeof window.__vp_pwned") == "undefined"
        assert not session.page_errors, session.page_errors

    code, report, err = _run(
        ["evaluate", str(out / "schedule.csv"), "--config", str(cfg), "--lang", "en"], capsys
    )
    assert code == 0, (report, err)
    export = tmp / "export"
    code, _, err = _run(["export", str(out), "--out", str(export), "--lang", "en"], capsys)
    assert code == 0, err
    with open(export / "schedule.csv", encoding="utf-8-sig", newline="") as fh:
        again = list(csv.DictReader(fh))
    keys = ("date", "counselor", "order", "center_id", "start", "end")
    assert [[r[k] for k in keys] for r in again] == [[r[k] for k in keys] for r in rows]
