"""No data loss: plan folders are written atomically and never overwritten by accident.

- ``--out`` holding a plan: exit 2 with a hint, unless ``--force``;
- no ``--out``: the next free version ``maps/<month>-v2`` …;
- a run killed with SIGKILL at any point while it writes leaves the previous plan
  folder byte-identical or completely replaced, never a mix, never missing;
- Ctrl-C (SIGINT) while solving exits 130, reports the best plan so far on stderr
  and writes nothing.

The kill tests run real ``visitplan plan`` processes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.errors import OutputError
from scheduler.output.folder import (
    MANIFEST,
    holds_plan,
    manifest_bytes,
    next_version,
    recover,
    write_folder,
)

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "tests" / "data" / "bad" / "_base" / "jung-gu.toml"
VISITPLAN = Path(sys.executable).with_name("visitplan")
# Timings differ between runs; everything else of a plan folder is compared byte for byte
# where the writers are deterministic (see tests/test_determinism.py).
STABLE = ("schedule.csv", "map.html", "notice.ko.txt", "notice.en.txt")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _plan_args(month: str, out: Path) -> list[str]:
    return [
        "plan",
        "--config",
        str(CONFIG),
        "--month",
        month,
        "--out",
        str(out),
        "--lang",
        "en",
        "--time-limit",
        "10",
    ]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The previous plan (November) and a reference of the new one (December)."""
    root = tmp_path_factory.mktemp("ref")
    for month in ("2026-11", "2026-12"):
        with pytest.raises(SystemExit) as exc:
            main(_plan_args(month, root / month))
        assert exc.value.code == 0
    return {"old": _snapshot(root / "2026-11"), "new": _snapshot(root / "2026-12")}


def _assert_old_or_new(folder: Path, plans: dict[str, dict[str, bytes]], where: str) -> str:
    """``folder`` is byte-identical to the old plan, or a complete new plan; returns which."""
    assert folder.is_dir(), f"{where}: the plan folder is missing"
    snap = _snapshot(folder)
    if snap == plans["old"]:
        return "old"
    new = plans["new"]
    assert set(snap) == set(new), f"{where}: a mix of files: {sorted(set(snap) ^ set(new))}"
    for name in STABLE:
        assert snap[name] == new[name], f"{where}: {name} is not the new plan's"
    for name, data in snap.items():
        assert len(data) > 0, f"{where}: {name} is empty"
    summary = json.loads(snap["summary.json"])
    assert summary["period_start"] == "2026-12-01"
    return "new"


# ---------------------------------------------------------------------------
# Refusing to overwrite; versions
# ---------------------------------------------------------------------------
def test_out_holding_a_plan_stops_with_exit_2(
    tmp_path: Path, plans: dict[str, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    """An --out that holds a plan is left alone: one line, exit 2, hint to --force."""
    out = tmp_path / "X"
    write_folder(out, plans["old"])
    code, _, err = _run(_plan_args("2026-12", out), capsys)
    assert code == 2
    assert len(err.splitlines()) == 1, "the check comes before the solve: one line, no progress"
    assert (
        err.startswith("error: ")
        and "already holds a plan" in err
        and "Hint: " in err
        and "--force" in err
    )
    assert _snapshot(out) == plans["old"]


def test_force_replaces_the_plan(
    tmp_path: Path, plans: dict[str, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    """With --force the folder is replaced completely (no file of the old plan stays)."""
    out = tmp_path / "X"
    write_folder(out, {**plans["old"], "extra-old-file.txt": b"old"})
    code, _, err = _run([*_plan_args("2026-12", out), "--force"], capsys)
    assert code == 0, err
    assert _assert_old_or_new(out, plans, "after --force") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["X"], "no temporary folder may stay behind"


def test_force_never_replaces_a_folder_that_is_not_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--force on a folder of other files (say, ~/Documents) refuses: exit 2, nothing touched."""
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    code, _, err = _run([*_plan_args("2026-12", out), "--force"], capsys)
    assert code == 2 and "not a plan" in err
    assert (out / "thesis.docx").read_bytes() == b"precious" and len(list(out.iterdir())) == 1


def test_out_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out naming an existing file: exit 2, the file untouched."""
    out = tmp_path / "plan.txt"
    out.write_bytes(b"keep me")
    code, _, err = _run([*_plan_args("2026-12", out), "--force"], capsys)
    assert code == 2 and "not a folder" in err and out.read_bytes() == b"keep me"


def test_empty_out_folder_is_used(
    tmp_path: Path, plans: dict[str, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder made for the plan is not 'a plan': it is filled without --force."""
    out = tmp_path / "X"
    out.mkdir()
    code, _, err = _run(_plan_args("2026-12", out), capsys)
    assert code == 0, err
    assert _assert_old_or_new(out, plans, "empty folder") == "new"


def test_default_folder_gets_the_next_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out: maps/2026-12, then maps/2026-12-v2, then -v3; earlier ones untouched."""
    monkeypatch.chdir(tmp_path)
    argv = ["plan", "--config", str(CONFIG), "--month", "2026-12", "--lang", "en"]
    for _ in range(3):
        assert _run(argv, capsys)[0] == 0
    maps = tmp_path / "maps"
    assert sorted(p.name for p in maps.iterdir()) == ["2026-12", "2026-12-v2", "2026-12-v3"]
    first = _snapshot(maps / "2026-12")
    assert _snapshot(maps / "2026-12-v2")["schedule.csv"] == first["schedule.csv"]
    assert next_version(maps / "2026-12") == maps / "2026-12-v4"


def test_write_folder_unit_rules(tmp_path: Path) -> None:
    """write_folder: creates, refuses, replaces with force; bad names are refused."""
    t = tmp_path / "p"
    write_folder(t, {"schedule.csv": b"1", "sub/a.txt": b"a"})
    assert holds_plan(t) and (t / "sub" / "a.txt").read_bytes() == b"a"
    with pytest.raises(OutputError):
        write_folder(t, {"schedule.csv": b"2"})
    write_folder(t, {"schedule.csv": b"2"}, force=True)
    assert _snapshot(t) == {"schedule.csv": b"2", MANIFEST: manifest_bytes({"schedule.csv": b"2"})}
    for bad in ("../escape.txt", "/abs.txt", "a/../../b"):
        with pytest.raises(ValueError, match=r"not a plain relative file name: "):
            write_folder(tmp_path / "q", {bad: b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_recover_puts_back_a_plan_left_aside_and_sweeps_dead_temp_folders(tmp_path: Path) -> None:
    """The two-rename fallback: a plan set aside by a killed run comes back; dead temp folders
    go."""
    dead = _dead_pid()
    aside = tmp_path / f".tmp-old-X-{dead}"
    aside.mkdir()
    (aside / "schedule.csv").write_bytes(b"old")
    stale = tmp_path / f".tmp-X-{dead}-abcd1234"
    stale.mkdir()
    (stale / "map.html").write_bytes(b"half")
    mine = tmp_path / f".tmp-X-{os.getpid()}-abcd1234"
    mine.mkdir()
    recover(tmp_path / "X")
    assert (tmp_path / "X" / "schedule.csv").read_bytes() == b"old"
    assert not aside.exists() and not stale.exists() and mine.exists()


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# ---------------------------------------------------------------------------
# SIGKILL while writing
# ---------------------------------------------------------------------------
# The child is a real plan run whose write steps announce themselves on stdout and,
# at the chosen step, wait to be killed. Nothing of the program is replaced: the
# wrappers call the real functions.
DRIVER = textwrap.dedent(
    """
    import os, shutil, sys, time
    import scheduler.output.folder as folder

    kill_at = os.environ["KILL_AT"]
    seen = {}

    def point(name):
        n = seen[name] = seen.get(name, 0) + 1
        label = f"{name}:{n}"
        print(label, flush=True)
        if label == kill_at:
            time.sleep(600)

    real_fsync, real_rename2 = os.fsync, folder._renameat2
    real_rmtree, real_replace = shutil.rmtree, os.replace

    def fsync(fd):
        real_fsync(fd)
        point("fsync")

    def renameat2(src, dst, flags):
        point("before-rename")
        done = real_rename2(src, dst, flags)
        point("after-rename")
        return done

    def rmtree(path, *a, **kw):
        files = sorted(p for p in __import__("pathlib").Path(path).rglob("*") if p.is_file())
        for p in files[: len(files) // 2]:
            p.unlink()
        point("rmtree-half")
        return real_rmtree(path, *a, **kw)

    os.fsync = fsync
    folder._renameat2 = renameat2
    folder.shutil.rmtree = rmtree
    from scheduler.cli import main
    main(sys.argv[1:])
    """
)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _kill_at(point: str, out: Path, tmp_path: Path) -> str:
    """Run the plan, SIGKILL it when it reaches ``point``; the lines it printed."""
    env = {**_child_env(), "KILL_AT": point}
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, *_plan_args("2026-12", out), "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    seen = []
    assert proc.stdout is not None
    for line in proc.stdout:
        seen.append(line.strip())
        if line.strip() == point:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, f"the run ended before {point}: {seen[-3:]}"
    return point


# A one-counselor plan has 8 files and the manifest: fsync 10 is the folder's own sync.
KILL_POINTS = [
    *(f"fsync:{i}" for i in (1, 4, 8)),
    "fsync:10",
    "before-rename:1",
    "after-rename:1",
    "rmtree-half:1",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_while_writing_leaves_old_or_new_plan(
    point: str, tmp_path: Path, plans: dict[str, dict[str, bytes]]
) -> None:
    """SIGKILL at each step of the write: X is the old plan byte for byte, or the complete new
    one."""
    out = tmp_path / "X"
    write_folder(out, plans["old"])
    _kill_at(point, out, tmp_path)
    which = _assert_old_or_new(out, plans, f"killed at {point}")
    expected = "new" if point.startswith(("after-rename", "rmtree")) else "old"
    assert which == expected, f"killed at {point}: found the {which} plan"
    # The next run cleans up what the killed one left and replaces the plan normally.
    res = subprocess.run(
        [str(VISITPLAN), *_plan_args("2026-12", out), "--force"],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=tmp_path,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert _assert_old_or_new(out, plans, "after the next run") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["X"], (
        "stale temporary folders must be swept"
    )


def test_sigkill_at_random_moments_of_real_runs(
    tmp_path: Path, plans: dict[str, dict[str, bytes]]
) -> None:
    """The plain ``visitplan`` executable killed at many moments of its run: never a mix, never
    missing."""
    out = tmp_path / "X"
    write_folder(out, plans["old"])
    # How long a run takes here, to spread the kills over all of it.
    t0 = time.perf_counter()
    res = subprocess.run(
        [str(VISITPLAN), *_plan_args("2026-12", tmp_path / "probe")],
        capture_output=True,
        env=_child_env(),
        cwd=tmp_path,
        check=False,
    )
    total = time.perf_counter() - t0
    assert res.returncode == 0
    outcomes = set()
    for i in range(5):
        delay = total * (0.5 + 0.12 * i)
        proc = subprocess.Popen(
            [str(VISITPLAN), *_plan_args("2026-12", out), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_child_env(),
            cwd=tmp_path,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        outcomes.add(_assert_old_or_new(out, plans, f"killed after {delay:.2f} s"))
        if "new" in outcomes:  # from now on the new plan is the one to keep
            plans = {"old": _snapshot(out), "new": plans["new"]}
    assert outcomes <= {"old", "new"}


# ---------------------------------------------------------------------------
# Ctrl-C
# ---------------------------------------------------------------------------
def _heavy_args(out: Path, centers: Path) -> list[str]:
    """A run whose travel search takes many seconds: 25 centers, 3 counselors, 3 visits a day, 2
    months."""
    return [
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
    ]


def _many_centers(path: Path, n: int = 25) -> Path:
    rng = random.Random(1)
    lines = ["id,dong_ko,dong_en,center_name_ko,address_ko,lat,lon,population"]
    for i in range(n):
        lines.append(
            f"c{i},동{i},Dong {i},센터 {i},서울 중구,{37.55 + rng.random() * 0.02:.6f},"
            f"{126.96 + rng.random() * 0.07:.6f},{rng.randint(2000, 16000)}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(out: Path, tmp_path: Path) -> subprocess.Popen[str]:
    centers = _many_centers(tmp_path / "centers.csv")
    # SIGINT must not be inherited as ignored (as it is for background jobs of a shell).
    return subprocess.Popen(
        [str(VISITPLAN), *_heavy_args(out, centers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(),
        cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err, time.perf_counter() - t0


def _nothing_written(tmp_path: Path, out: Path) -> None:
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["centers.csv"], (
        "no temporary folder may stay"
    )


def test_ctrl_c_after_a_plan_was_found_reports_it(tmp_path: Path) -> None:
    """SIGINT once the first stage has found its plan (the travel stage is searching): exit 130
    within seconds, the best plan's headline figures on stderr, nothing written."""
    out = tmp_path / "X"
    proc = _start(out, tmp_path)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # "  demand: optimal (proven) (0.3s)": the travel stage runs now
    assert "demand:" in first, first
    time.sleep(1.5)
    code, err, took = _stop(proc)
    assert code != 0, (
        "the travel stage ended before the signal: choose a heavier problem in _heavy_args"
    )
    assert code == 130, err
    assert took < 10, f"stopping took {took:.1f} s"
    assert "Traceback" not in err
    assert "interrupted (Ctrl-C)" in err and "nothing was written" in err, err
    assert "Best plan so far" in err and " visits to " in err and " centers" in err, err
    _nothing_written(tmp_path, out)


def test_ctrl_c_early_in_the_run_writes_nothing(tmp_path: Path) -> None:
    """SIGINT a moment into the run: exit 130, no traceback, nothing written."""
    t0 = time.perf_counter()
    subprocess.run([str(VISITPLAN), "--help"], capture_output=True, env=_child_env(), check=True)
    startup = time.perf_counter() - t0
    out = tmp_path / "X"
    proc = _start(out, tmp_path)
    time.sleep(startup + 0.5)
    code, err, took = _stop(proc)
    assert code == 130, err
    assert took < 10, f"stopping took {took:.1f} s"
    assert "Traceback" not in err and "interrupted (Ctrl-C)" in err
    _nothing_written(tmp_path, out)


def test_sigint_inside_a_cp_sat_search_stops_it_with_the_best_solution() -> None:
    """A real SIGINT to this process while CP-SAT searches: the search stops at once and
    Interrupted carries the best solution's figures (CP-SAT's own handler is off)."""
    import threading

    from ortools.sat.python import cp_model

    from scheduler.errors import Interrupted
    from scheduler.solver import interrupt

    rng = random.Random(1)
    m = cp_model.CpModel()
    xs = [m.new_bool_var(f"x{i}") for i in range(400)]
    for _ in range(30):
        m.add(sum(rng.randint(1, 1000) * x for x in xs) <= 50000)
    m.maximize(sum(rng.randint(1, 1000) * x for x in xs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.parameters.num_workers = 1
    interrupt.reset()
    # Python's own Ctrl-C handler, whatever an earlier test or library left installed.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        t0 = time.perf_counter()
        with pytest.raises(Interrupted) as exc:
            interrupt.solve_model(solver, m, stage="demand", describe=lambda sv: (7, 5, 99))
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - t0 < 5
    assert "in the demand stage" in str(exc.value) and "7 visits to 5 centers, 99 min" in str(
        exc.value
    )
    assert "방문 7회" in exc.value.message_ko  # type: ignore[attr-defined]
    assert solver.parameters.catch_sigint_signal is False
