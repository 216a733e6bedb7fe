"""Explanations: why no plan exists (exit 3, counting checks and CP-SAT cores) and why a center got
its dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scheduler.solver.explain import explain_infeasible
from tests.conftest import run_cli


def test_min_visits_slot_shortage_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--min-visits 1 with one counselor: 15 centers, 10 slots, and a remedy, in English; nothing
    written."""
    out = tmp_path / "plan"
    code, _, err = run_cli(
        ["plan", "--month", "2026-12", "--min-visits", "1", "--lang", "en", "--out", str(out)],
        capsys,
    )
    assert code == 3
    assert "15 centers" in err and "10 slots" in err and "1 counselor × 10 days × 1 visit" in err
    assert "Add a counselor" in err and "lower the minimum" in err
    assert not out.exists()


def test_min_visits_slot_shortage_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same conflict in Korean by default."""
    code, _, err = run_cli(
        ["plan", "--month", "2026-12", "--min-visits", "1", "--out", str(tmp_path / "p")], capsys
    )
    assert code == 3
    assert "15개 센터" in err and "10회" in err and "상담사를 늘리거나" in err


def _pins(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pins.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_core_of_minimums_and_pins_names_rules_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten pinned repeat visits leave too few slots for the other centers' minimum: no counting
    check sees it, the assumption core does, with the numbers and a remedy."""
    rows = [f"dasan,2026-12-{d:02d},1" for d in (1, 8, 15, 22, 29)] + [
        f"yaksu,2026-12-{d:02d},1" for d in (3, 10, 17, 24, 31)
    ]
    pins = _pins(tmp_path, "center_id,date,counselor\n" + "\n".join(rows) + "\n")
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--counselors",
            "2",
            "--min-visits",
            "1",
            "--pins",
            str(pins),
            "--lang",
            "en",
            "--out",
            str(tmp_path / "p"),
        ],
        capsys,
    )
    assert code == 3
    m = re.search(
        r"(\d+) centers \(.*\) need at least (\d+) visits in total, "
        r"but at most (\d+) can be scheduled: "
        r"there are 20 slots \(2 counselors × 10 days × 1 visit\), "
        r"(\d+) of them taken by pinned visits",
        err,
    )
    assert m, err
    centers, need, most, pinned = map(int, m.groups())
    assert need == centers and most < need and most == 20 - pinned
    assert "Dasan-dong" in err and "lower the minimum visits" in err and "unpin" in err
    assert "route_g" not in err and "rule_" not in err  # planner's terms, never variable names


def test_core_from_problem_is_minimal(build_jungu) -> None:  # type: ignore[no-untyped-def]
    """explain_infeasible on a Problem returns one conflict whose numbers show the shortfall."""
    from dataclasses import replace

    from scheduler.core.problem import Pin
    from tests.conftest import dec

    built = build_jungu(counselors=2, visits_per_day=1, min_visits=1)
    pins = tuple(Pin("dasan", dec(d), "1") for d in (1, 8, 15, 22, 29)) + tuple(
        Pin("yaksu", dec(d), "1") for d in (3, 10, 17, 24, 31)
    )
    (conflict,) = explain_infeasible(replace(built.problem, pins=pins))
    n = conflict.numbers
    assert n["required_visits"] > n["schedulable"] and n["slots"] == 20  # type: ignore[operator]
    assert n["schedulable"] == 20 - n["pinned"]  # type: ignore[operator]
    assert "최소" in conflict.message_ko and conflict.remedy_ko


def test_pin_that_cannot_be_reached_in_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A far center pinned to the 09:30 session: the core is that pin, told with its travel minutes
    and session."""
    pins = _pins(tmp_path, "center_id,date,session\njungnim,2026-12-01,1\n")
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--visits-per-day",
            "3",
            "--pins",
            str(pins),
            "--lang",
            "en",
            "--out",
            str(tmp_path / "p"),
        ],
        capsys,
    )
    assert code == 3
    assert "Jungnim-dong" in err and "session 1" in err and "cannot be reached in time" in err
    assert re.search(r"it is \d+ min from the base", err) and "09:30–11:00" in err


def test_pins_closer_than_the_gap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two pins of one center two days apart: named, with both dates, the gap and a remedy."""
    pins = _pins(tmp_path, "center_id,date\npil,2026-12-01\npil,2026-12-03\n")
    code, _, err = run_cli(
        [
            "plan",
            "--month",
            "2026-12",
            "--pins",
            str(pins),
            "--lang",
            "en",
            "--out",
            str(tmp_path / "p"),
        ],
        capsys,
    )
    assert code == 3
    assert (
        "Pil-dong" in err
        and "Tue 1 Dec" in err
        and "Thu 3 Dec" in err
        and "only 2 days apart" in err
    )
    assert "at least 7 days" in err


def test_explain_center_names_the_binding_rules_and_the_cost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the one-counselor plan: a visited center's gap windows and next-best date with its cost;
    an unvisited center's full days, in a few lines."""
    out = tmp_path / "plan"
    code, _, err = run_cli(["plan", "--month", "2026-12", "--out", str(out)], capsys)
    assert code == 0, err
    code, text, err = run_cli(["explain", str(out), "--center", "dasan", "--lang", "en"], capsys)
    assert code == 0, err
    lines = text.strip().splitlines()
    assert 3 <= len(lines) <= 8
    assert lines[0].startswith("Dasan-dong Community Center (dasan") and "1 visit " in lines[0]
    assert any("within 7 days of another of its visits" in line for line in lines)
    nxt = next(line for line in lines if line.startswith("- Next best"))
    assert re.search(
        r"visits it on \w{3} \d+ Dec; demand value [+-][\d,]+, travel [+-]\d+ min", nxt
    )

    code, text, err = run_cli(
        ["explain", str(out), "--center", "hoehyeon", "--no-alternatives"], capsys
    )
    assert code == 0, err
    assert "방문 0회" in text and "모두 더 가치가 큰 방문으로 찼습니다" in text


def test_explain_unknown_center(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown center id is bad input with the closest id as hint."""
    out = tmp_path / "plan"
    assert run_cli(["plan", "--month", "2026-12", "--out", str(out)], capsys)[0] == 0
    code, _, err = run_cli(["explain", str(out), "--center", "dasann"], capsys)
    assert code == 2 and "다산동주민센터 (dasan)" in err


def test_explain_takes_korean_and_english_center_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--center 회현동 / Hoehyeon-dong explain the same center as --center hoehyeon."""
    out = tmp_path / "plan"
    assert run_cli(["plan", "--month", "2026-12", "--out", str(out)], capsys)[0] == 0
    texts = []
    for ref in ("hoehyeon", "회현동", "Hoehyeon-dong"):
        code, text, err = run_cli(
            ["explain", str(out), "--center", ref, "--no-alternatives"], capsys
        )
        assert code == 0, err
        texts.append(text)
    assert texts[0] == texts[1] == texts[2] and texts[0].startswith("회현동주민센터 (hoehyeon")
