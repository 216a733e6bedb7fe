"""Trust, second round (issue 16): data loss, unbounded work, signals, odd option values,
calendar injection and files read back. Every test runs the real CLI (in-process or as a
``visitplan`` subprocess) on real files; nothing is mocked.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.output.folder import MANIFEST

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "data" / "bad" / "_base"
CONFIG = BASE / "jung-gu.toml"
VISITPLAN = Path(sys.executable).with_name("visitplan")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _plan_args(out: Path | str, *extra: str) -> list[str]:
    return [
        "plan",
        "--config",
        str(CONFIG),
        "--month",
        "2026-12",
        "--out",
        str(out),
        "--lang",
        "en",
        "--time-limit",
        "10",
        *extra,
    ]


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder``: files with their bytes, folders as ``None``."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _one_error_line(code: int, err: str) -> str:
    assert code == 2, f"exit {code}: {err!r}"
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr: {err!r}"
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan folder written by ``visitplan plan`` (copied by the tests that change it)."""
    out = tmp_path_factory.mktemp("plan") / "P"
    with pytest.raises(SystemExit) as exc:
        main(_plan_args(out))
    assert exc.value.code == 0
    return out


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


# ---------------------------------------------------------------------------
# Data loss: --force replaces only a folder that is entirely a plan we wrote
# ---------------------------------------------------------------------------
def test_force_on_a_folder_with_schedule_csv_documents_and_photos_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: schedule.csv + thesis.docx + photos/ with --force: exit 2, the
    foreign files named, every file byte-identical."""
    out = tmp_path / "work"
    (out / "photos").mkdir(parents=True)
    (out / "schedule.csv").write_bytes(b"date,center_id\n2026-11-03,sindang\n")
    (out / "thesis.docx").write_bytes(b"PK\x03\x04 my thesis")
    (out / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff photo")
    before = _snapshot(out)
    line = _one_error_line(*_run(_plan_args(out, "--force"), capsys)[::2])
    assert "not a plan written by visitplan" in line and "even with --force" in line
    assert "thesis.docx" in line and "photos/" in line and "schedule.csv" in line
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"], "no temporary folder may be left"


def test_force_on_a_published_plan_with_a_file_saved_into_it_refuses(
    tmp_path: Path, plan_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signed approval saved into a plan folder is not the program's: --force refuses and names
    it."""
    out = _copy(plan_dir, tmp_path / "P")
    (out / "approval-signed.pdf").write_bytes(b"%PDF-1.7 signed")
    before = _snapshot(out)
    line = _one_error_line(*_run(_plan_args(out, "--force"), capsys)[::2])
    assert "approval-signed.pdf" in line and "schedule.csv" not in line
    assert _snapshot(out) == before


def test_force_on_a_plan_whose_file_was_edited_refuses(
    tmp_path: Path, plan_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """schedule.csv edited after the plan was written (hash differs): it is the user's now."""
    out = _copy(plan_dir, tmp_path / "P")
    with open(out / "schedule.csv", "ab") as fh:
        fh.write(b"2026-12-31,tue,1,9,sogong,,,10:00,10:00,16:00,0\r\n")
    before = _snapshot(out)
    line = _one_error_line(*_run(_plan_args(out, "--force"), capsys)[::2])
    assert "schedule.csv" in line and "not a plan written by visitplan" in line
    assert _snapshot(out) == before


def test_force_on_a_plan_without_manifest_refuses(
    tmp_path: Path, plan_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that looks like a plan but has no manifest is not recognised as ours."""
    out = _copy(plan_dir, tmp_path / "P")
    (out / MANIFEST).unlink()
    before = _snapshot(out)
    line = _one_error_line(*_run(_plan_args(out, "--force"), capsys)[::2])
    assert "not a plan written by visitplan" in line
    assert _snapshot(out) == before


def test_force_replaces_an_untouched_plan_and_writes_a_manifest(
    tmp_path: Path, plan_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan exactly as written is replaced with --force; the new one lists every file with its
    SHA-256."""
    import hashlib
    import json

    out = _copy(plan_dir, tmp_path / "P")
    code, _, err = _run(_plan_args(out, "--force", "--counselors", "2"), capsys)
    assert code == 0, err
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} - {MANIFEST}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_out_dot_in_an_empty_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out .`` in an empty folder writes the plan there (the folder keeps its identity);
    a second run needs --force, and then replaces it."""
    here = tmp_path / "empty"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    code, _, err = _run(_plan_args("."), capsys)
    assert code == 0, err
    assert (here / "schedule.csv").is_file() and (here / MANIFEST).is_file()
    assert here.stat().st_ino == inode and Path.cwd().samefile(here)
    line = _one_error_line(*_run(_plan_args("."), capsys)[::2])
    assert "already holds a plan" in line and "--force" in line
    code, _, err = _run(_plan_args(".", "--force"), capsys)
    assert code == 0, err
    assert (Path.cwd() / "schedule.csv").is_file()


def _read_only(folder: Path) -> bool:
    """Make ``folder`` unwritable, also for root (immutable attribute); ``False`` if impossible."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    return (
        subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode
        == 0
    )


def _writable_again(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
    folder.chmod(0o755)


@pytest.mark.parametrize("where", ["inside", "as-target"])
def test_read_only_output_folder_is_reported_before_solving(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that cannot be written: one line naming it, exit 2, before any solve stage ran."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if not _read_only(ro):
        pytest.skip("cannot make a folder read-only here (chattr unavailable)")
    try:
        target = ro / "plan" if where == "inside" else ro
        code, _, err = _run(_plan_args(target), capsys)
        line = _one_error_line(code, err)
        assert "demand:" not in err, "the check must come before solving"
        assert "cannot write in" in line and str(ro) in line
    finally:
        _writable_again(ro)
    assert list(ro.iterdir()) == []


# ---------------------------------------------------------------------------
# Unbounded work: sizes refused up front, with the limit named
# ---------------------------------------------------------------------------
def test_ten_thousand_counselors_are_refused_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--counselors 10000 --time-limit 5``: refused at once (no stage ran), naming the limit."""
    code, _, err = _run(
        _plan_args(tmp_path / "p", "--counselors", "10000", "--time-limit", "5"), capsys
    )
    line = _one_error_line(code, err)
    assert "--counselors" in line and "10000" in line and "200" in line
    assert "demand:" not in err and not (tmp_path / "p").exists()


def test_ten_thousand_counselors_in_the_config_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "many.toml"
    text = CONFIG.read_text(encoding="utf-8").replace(
        'centers = "dong_centers.csv"', f'centers = "{BASE / "dong_centers.csv"}"'
    )
    cfg.write_text(
        text + "".join(f'\n[[counselors]]\nid = "c{i}"\n' for i in range(10_000)), encoding="utf-8"
    )
    line = _one_error_line(
        *_run(
            [
                "plan",
                "--config",
                str(cfg),
                "--month",
                "2026-12",
                "--out",
                str(tmp_path / "p"),
                "--lang",
                "en",
            ],
            capsys,
        )[::2]
    )
    assert "many.toml" in line and "too many counselors: 10001" in line and "200" in line


def _centers_rows(n: int) -> str:
    head = "id,dong_ko,dong_en,center_name_ko,address_ko,lat,lon,population\n"
    return head + "".join(f"c{i},동,Dong,센터{i},서울,37.56,126.99,100\n" for i in range(n))


def test_a_million_row_centers_file_is_refused_by_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "million.csv"
    big.write_text(_centers_rows(1_000_000), encoding="utf-8")
    line = _one_error_line(*_run(_plan_args(tmp_path / "p", "--centers", str(big)), capsys)[::2])
    assert "million.csv" in line and "too large" in line and "MiB" in line


def test_too_many_centers_are_refused_naming_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = tmp_path / "many.csv"
    many.write_text(_centers_rows(5_001), encoding="utf-8")
    line = _one_error_line(*_run(_plan_args(tmp_path / "p", "--centers", str(many)), capsys)[::2])
    assert "many.csv" in line and "row 5002" in line and "too many rows (at most 5,000)" in line


@pytest.mark.parametrize(
    "option", ["--config", "--centers", "--history", "--pins", "--travel-matrix"]
)
def test_an_endless_file_is_refused(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``/dev/zero`` never ends: it is read only up to the size limit, then refused."""
    argv = _plan_args(tmp_path / "p")
    if option == "--config":
        argv[argv.index("--config") + 1] = "/dev/zero"
    else:
        argv += [option, "/dev/zero"]
    line = _one_error_line(*_run(argv, capsys)[::2])
    assert "/dev/zero" in line and "too large" in line


def test_a_200_kb_cell_is_named_as_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cause is the cell's size, not a quote: the message says so."""
    text = (BASE / "dong_centers.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + ',"' + "x" * 200_000 + '"'
    text[0] = text[0]
    path = tmp_path / "big_cell.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    line = _one_error_line(*_run(_plan_args(tmp_path / "p", "--centers", str(path)), capsys)[::2])
    assert (
        "big_cell.csv" in line
        and "a cell is too long" in line
        and "unclosed quote" not in line.split("Hint")[0]
    )


# ---------------------------------------------------------------------------
# Odd option values: one line naming the option, exit 2, never a crash
# ---------------------------------------------------------------------------
OPTION_CASES = [
    (["--time-limit", "inf"], "--time-limit", "not a finite number"),
    (["--time-limit", "nan"], "--time-limit", "not a finite number"),
    (["--time-limit", "1e999"], "--time-limit", "not a finite number"),
    (["--time-limit", "0"], "--time-limit", "out of range"),
    (["--time-limit", "1_0"], "--time-limit", "underscores"),
    (["--seed", "2147483648"], "--seed", "out of range"),
    (["--seed", "99999999999999999999999"], "--seed", "out of range"),
    (["--seed", "-1"], "--seed", "out of range"),
    (["--weekdays", ""], "--weekdays", "no weekday"),
    (["--weekdays", ",,"], "--weekdays", "no weekday"),
    (["--weekdays", "tue,,thu"], "--weekdays", "empty weekday"),
    (["--weekdays", "tue,thurs"], "--weekdays", "not a weekday"),
    (["--month", "1899-12"], "--month", "implausible year"),
    (["--month", "2101-01"], "--month", "implausible year"),
    (["--month", "2026-13"], "--month", "not a month"),
    (["--start", "1900-01-02", "--end", "1900-01-30"], "--start", "implausible year"),
    (["--start", "2026-12-01", "--end", "2026-02-30"], "--end", "impossible date"),
    (["--counselors", "12_345"], "--counselors", "underscores"),
    (["--counselors", "0"], "--counselors", "out of range"),
    (["--counselors", "²"], "--counselors", "not a whole number"),
    (["--visits-per-day", "1.0"], "--visits-per-day", "not a whole number"),
    (["--min-visits", "١"], "--min-visits", "not a whole number"),
]


@pytest.mark.parametrize(
    ("extra", "option", "message"),
    OPTION_CASES,
    ids=[" ".join(c[0]) or "empty" for c in OPTION_CASES],
)
def test_odd_option_values_give_one_line_and_exit_2(
    extra: list[str], option: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a for a in _plan_args(tmp_path / "p") if a not in ("--time-limit", "10")] + extra
    code, out, err = _run(argv, capsys)
    line = _one_error_line(code, err)
    assert line.startswith("error: ") and option in line and message in line, line
    assert "Usage:" not in err and "Traceback" not in out
    assert not (tmp_path / "p").exists()


def test_option_errors_are_korean_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", "--config", str(CONFIG), "--month", "1899-12", "--out", str(tmp_path / "p")]
    line = _one_error_line(*_run(argv, capsys)[::2])
    assert line.startswith("오류: ") and "--month" in line and "연도" in line


def test_korean_mode_prints_korean_bodies_for_file_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The district messages are catalog codes: in Korean the message and the hint are Korean."""
    bad = REPO / "tests" / "data" / "bad" / "centers_population_underscore.csv"
    argv = [
        "plan",
        "--config",
        str(CONFIG),
        "--month",
        "2026-12",
        "--out",
        str(tmp_path / "p"),
        "--centers",
        str(bad),
    ]
    line = _one_error_line(*_run(argv, capsys)[::2])
    assert line.startswith("오류: ") and "숫자에 밑줄(_)이 있음" in line and "4219" in line
    assert "underscores" not in line


# ---------------------------------------------------------------------------
# SIGTERM behaves like Ctrl-C
# ---------------------------------------------------------------------------
def test_sigterm_reports_like_ctrl_c_exits_143_and_leaves_nothing(tmp_path: Path) -> None:
    centers = tmp_path / "centers.csv"
    import random

    rng = random.Random(1)
    lines = ["id,dong_ko,dong_en,center_name_ko,address_ko,lat,lon,population"]
    lines += [
        f"c{i},동{i},Dong {i},센터 {i},서울 중구,{37.55 + rng.random() * 0.02:.6f},"
        f"{126.96 + rng.random() * 0.07:.6f},{rng.randint(2000, 16000)}"
        for i in range(25)
    ]
    centers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "X"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [
            str(VISITPLAN),
            "plan",
            "--config",
            str(CONFIG),
            "--centers",
            str(centers),
            "--month",
            "2026-12",
            "--months",
            "2",
            "--counselors",
            "3",
            "--visits-per-day",
            "3",
            "--out",
            str(out),
            "--time-limit",
            "60",
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert "demand:" in first, first
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, (proc.returncode, err)
    assert "Traceback" not in err and "interrupted" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centers.csv"], "no .tmp- folder may stay"


# ---------------------------------------------------------------------------
# Calendar injection
# ---------------------------------------------------------------------------
INJECTED = "ATTENDEE:mailto:evil@example.com"


def _injection_config(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    text = CONFIG.read_text(encoding="utf-8").replace(
        'centers = "dong_centers.csv"', f'centers = "{BASE / "dong_centers.csv"}"'
    )
    start = text.index("[[counselors]]")
    end = text.index("# [[center_closures]]")
    people = [
        ("1", f"Kim\r{INJECTED}"),
        ("2", f"Lee\n{INJECTED}"),
        ("3", f"Park\r\n{INJECTED}"),
        ("4", f"Jung\r\nX-INJECTED:1\u2028{INJECTED}"),
        *extra,
    ]
    block = "".join(
        f"[[counselors]]\nid = {_toml_str(i)}\nname = {_toml_str(n)}\n\n" for i, n in people
    )
    cfg = tmp_path / "inject.toml"
    cfg.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return cfg


def _toml_str(s: str) -> str:
    return (
        '"'
        + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
        + '"'
    )


def test_counselor_names_and_ids_with_line_breaks_cannot_inject_calendar_properties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CR, LF and CRLF followed by ``ATTENDEE:`` in counselor names: the run exits 0 and no
    calendar holds an injected property (parsed with icalendar, and line by line)."""
    import icalendar

    out = tmp_path / "p"
    code, _, err = _run(
        [
            "plan",
            "--config",
            str(_injection_config(tmp_path)),
            "--month",
            "2026-12",
            "--out",
            str(out),
            "--lang",
            "en",
            "--time-limit",
            "10",
            "--visits-per-day",
            "2",
        ],
        capsys,
    )
    assert code == 0, err
    calendars = sorted(out.glob("*.ics"))
    assert len(calendars) >= 2
    for path in calendars:
        raw = path.read_bytes()
        cal = icalendar.Calendar.from_ical(raw)
        for comp in cal.walk():
            assert "ATTENDEE" not in comp and "X-INJECTED" not in comp, (path.name, comp.name)
        for line in raw.decode("utf-8").split("\r\n"):
            assert not line.startswith(("ATTENDEE", "X-INJECTED")), (path.name, line)
        assert b"\r" not in raw.replace(b"\r\n", b""), f"{path.name}: a bare CR"
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{path.name}: a bare LF"


# ---------------------------------------------------------------------------
# Round trips: every plan folder is read back by export and evaluate
# ---------------------------------------------------------------------------
def _visits(folder: Path) -> list[tuple[str, ...]]:
    with open(folder / "schedule.csv", encoding="utf-8-sig", newline="") as fh:
        return [
            (r["date"], r["counselor"], r["order"], r["center_id"], r["start"])
            for r in csv.DictReader(fh)
        ]


def _guarded_inputs(tmp_path: Path) -> Path:
    """Centers whose ids start like formulas (``-sogong``, ``+pil``? no: ids are [A-Za-z0-9_.-])
    and a counselor id ``-1``: schedule.csv guards them with an apostrophe."""
    rows = (BASE / "dong_centers.csv").read_text(encoding="utf-8").splitlines()
    rows = [rows[0]] + [("-" + r if i % 2 else r) for i, r in enumerate(rows[1:])]
    centers = tmp_path / "centers.csv"
    centers.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = CONFIG.read_text(encoding="utf-8").replace(
        'centers = "dong_centers.csv"', f'centers = "{centers}"'
    )
    text = text.replace('[[counselors]]\nid = "1"', '[[counselors]]\nid = "-1"')
    cfg = tmp_path / "guarded.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_every_written_plan_folder_is_read_back_with_the_same_visits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan, replan and export folders, with ids guarded by an apostrophe in schedule.csv:
    export reads plan and replan folders back, evaluate reads every schedule.csv, and the
    visits are the same."""
    cfg = _guarded_inputs(tmp_path)
    plan = tmp_path / "plan"
    code, _, err = _run(
        [
            "plan",
            "--config",
            str(cfg),
            "--month",
            "2026-12",
            "--out",
            str(plan),
            "--lang",
            "en",
            "--time-limit",
            "10",
        ],
        capsys,
    )
    assert code == 0, err
    visits = _visits(plan)
    assert any(v[3].startswith("'-") for v in visits) and all(v[1] == "'-1" for v in visits)
    replan = tmp_path / "replan"
    code, _, err = _run(
        [
            "replan",
            "--plan",
            str(plan),
            "--from",
            "2026-12-15",
            "--out",
            str(replan),
            "--lang",
            "en",
            "--time-limit",
            "10",
        ],
        capsys,
    )
    assert code == 0, err
    for folder in (plan, replan):
        export = tmp_path / f"{folder.name}-export"
        code, _, err = _run(["export", str(folder), "--out", str(export), "--lang", "en"], capsys)
        assert code == 0, err
        assert _visits(export) == _visits(folder)
        for target in (folder, export):
            code, out, err = _run(
                ["evaluate", str(target / "schedule.csv"), "--config", str(cfg), "--lang", "en"],
                capsys,
            )
            assert code == 0, (target.name, out, err)
            assert "No rule is broken" in out
    from scheduler.district.replay import load_plan

    _, _, read = load_plan(plan)
    assert [(v.date.isoformat(), v.site_id) for v in read.visits] == [
        (d, c.removeprefix("'")) for d, _, _, c, _ in visits
    ]


def test_an_export_folder_can_be_exported_again(
    tmp_path: Path, plan_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export folder carries the plan's inputs, so it is read back like a plan folder."""
    first = tmp_path / "e1"
    assert _run(["export", str(plan_dir), "--out", str(first), "--lang", "en"], capsys)[0] == 0
    code, _, err = _run(
        ["export", str(first), "--out", str(tmp_path / "e2"), "--lang", "en"], capsys
    )
    assert code == 0, err


@pytest.mark.parametrize(
    "cid", [f"5\r\n{INJECTED}", f"5\n{INJECTED}", f"5\r{INJECTED}"], ids=["crlf", "lf", "cr"]
)
def test_a_counselor_id_with_a_line_break_is_refused_naming_the_key(
    cid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id names files, calendar entries and schedule rows: a line break in it is a clear
    error."""
    cfg = _injection_config(tmp_path, (cid, "Choi"))
    line = _one_error_line(
        *_run(
            [
                "plan",
                "--config",
                str(cfg),
                "--month",
                "2026-12",
                "--out",
                str(tmp_path / "p"),
                "--lang",
                "en",
            ],
            capsys,
        )[::2]
    )
    assert "inject.toml" in line and "counselors[5].id" in line and "line break" in line
    assert not (tmp_path / "p").exists()
