"""The corpus of bad input files (tests/data/bad/): one clear line each, exit code 2.

``tests/data/bad/expected.csv`` names, per file, the option it is given to
(``centers``, ``config``, ``history``, ``travel-matrix`` or ``pins``) and what the
single stderr line must hold: the file name, ``row N``, ``column 'X'``, the value,
the hint and the message. Every case runs the real CLI (``scheduler.cli.main``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.output.safe import one_line

BAD = Path(__file__).resolve().parent / "data" / "bad"
BASE_CONFIG = BAD / "_base" / "jung-gu.toml"
WARN = Path(__file__).resolve().parent / "data" / "warn"


def _cases() -> list[dict[str, str]]:
    with open(BAD / "expected.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CASES = _cases()


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_corpus_is_large_and_every_file_is_listed() -> None:
    """At least 40 bad files, each listed once in expected.csv and present (unless it is the
    missing-file case)."""
    names = [c["file"] for c in CASES]
    assert len(names) >= 40 and len(set(names)) == len(names)
    on_disk = {p.name for p in BAD.iterdir() if p.is_file() and p.name != "expected.csv"}
    assert on_disk <= set(names), (
        f"files without an expected message: {sorted(on_disk - set(names))}"
    )
    for c in CASES:
        assert c["hint"], f"{c['file']}: every case must check a hint"
        assert c["message"], f"{c['file']}: every case must check the message"
    assert {c["option"] for c in CASES} == {"centers", "config", "history", "travel-matrix", "pins"}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_gives_one_line_and_exit_2(
    case: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI reports the bad file in exactly one stderr line naming file, row, column, value and
    hint."""
    path = BAD / case["file"]
    option = case["option"]
    config = path if option == "config" else BASE_CONFIG
    argv = [
        "plan",
        "--config",
        str(config),
        "--month",
        "2026-12",
        "--out",
        str(tmp_path / "out"),
        "--time-limit",
        "5",
        "--lang",
        "en",
    ]
    if option != "config":
        argv += [f"--{option}", str(path)]
    argv += case["extra"].split()
    code, out, err = _run(argv, capsys)
    lines = err.splitlines()
    assert code == 2, f"exit {code}; stderr: {err!r}"
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err!r}"
    line = lines[0]
    assert "Traceback" not in err and "Traceback" not in out
    assert line.startswith("error: ")
    assert case["file"] in line, line
    if case["row"]:
        assert f"row {case['row']}," in line or f"row {case['row']}:" in line, line
    else:
        assert ", row " not in line, line
    if case["column"]:
        assert f"column '{case['column']}'" in line, line
    if case["value"]:
        assert case["value"] in line.split(": ", 2)[-1], line
    assert case["message"] in line, line
    assert ". Hint: " in line and case["hint"] in line.split(". Hint: ", 1)[1], line
    assert not (tmp_path / "out").exists(), "nothing may be written for a bad input"


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--debug`` adds the traceback (and keeps the message and exit code)."""
    argv = [
        "plan",
        "--config",
        str(BAD / "config_weekdays_thurs.toml"),
        "--month",
        "2026-12",
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
        "--debug",
    ]
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert "Traceback" in err and "not a weekday" in err.splitlines()[-1]


def test_korean_messages_are_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the default --lang ko the prefix is Korean; still one line, exit 2."""
    argv = [
        "plan",
        "--config",
        str(BASE_CONFIG),
        "--month",
        "2026-12",
        "--out",
        str(tmp_path / "out"),
        "--history",
        str(BAD / "history_center_hoehyun.csv"),
    ]
    code, _, err = _run(argv, capsys)
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("오류: ")


def test_far_away_center_is_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A center inside Korea but far outside the district plans fine, with a warning naming row and
    column."""
    argv = [
        "plan",
        "--config",
        str(BASE_CONFIG),
        "--month",
        "2026-12",
        "--out",
        str(tmp_path / "out"),
        "--centers",
        str(WARN / "centers_far_away.csv"),
        "--lang",
        "en",
        "--time-limit",
        "10",
    ]
    code, out, err = _run(argv, capsys)
    assert code == 0, err
    flat = " ".join(out.split())  # the report wraps long lines to the terminal width
    assert flat.count("warning:") == 1
    warning = flat[flat.index("warning:") :]
    assert "centers_far_away.csv, row 5, column 'lat'" in warning
    assert "far outside the district" in warning and "Hint: check its coordinates" in warning


def test_free_text_is_accepted_as_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Names, addresses and notes take any characters: quotes, commas, line breaks, markup, emoji,
    formulas."""
    with open(BAD / "_base" / "dong_centers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    weird = '<script>alert(1)</script> "quoted", comma,\nnew line \U0001f642 =SUM(A1) \\ \u2028'
    for i, r in enumerate(rows):
        r["center_name_ko"] = f"{weird} {i}"
        r["address_ko"] = "'; DROP TABLE x; --\t\u00a0"
        r["notes"] = '"\n\n"'
    centers = tmp_path / "weird.csv"
    with open(centers, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "out"
    code, _, err = _run(
        [
            "plan",
            "--config",
            str(BASE_CONFIG),
            "--month",
            "2026-12",
            "--out",
            str(out),
            "--centers",
            str(centers),
            "--lang",
            "en",
            "--time-limit",
            "10",
        ],
        capsys,
    )
    assert code == 0, err
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    with open(out / "schedule.csv", encoding="utf-8-sig", newline="") as fh:
        names = {r["center_name_ko"] for r in csv.DictReader(fh)}
    # Line breaks and control characters become spaces in a CSV cell (one line per visit);
    # everything else stays as written.
    assert names and all(n.startswith(one_line(weird)) for n in names)
    assert not any("\n" in n or "\r" in n or "\u2028" in n for n in names)
