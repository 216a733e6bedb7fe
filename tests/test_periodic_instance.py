"""Cordeau-format reader of :mod:`scheduler.periodic` (incl. the format's quirks).

The reader builds the generic core :class:`~scheduler.core.problem.Problem`; the
flat node-indexed view the route search works on is
:func:`scheduler.solver.free_flow.flat_instance` of it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from scheduler.core.problem import Problem
from scheduler.periodic import DAY_ZERO, DEPOT, decode_pattern, read_cordeau
from scheduler.solver.free_flow import flat_instance

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "pvrp"

# t = 3 days, 2 vehicles, Q = 10, D = 0; pattern codes are 3-bit, day 1 leftmost.
SMALL = """\
1 2 4 3
0 10
0 10
0 10
 0  0  0 0  0 0 0
 1  3  4 0  2 1 3 1 2 4
 2 -3  4 5  4 2 2 5 6
 3  0  6 0  1 3 1 7
 4  1  1 0  3 0 2 4 1
"""


def write(tmp_path: Path, text: str, name: str = "inst") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_decode_pattern_leftmost_bit_is_day_one() -> None:
    assert decode_pattern(10, 5) == {1, 3}  # 01010 -> days 2 and 4 (1-based)
    assert decode_pattern(16, 5) == {0}
    assert decode_pattern(1, 5) == {4}
    assert decode_pattern(31, 5) == {0, 1, 2, 3, 4}
    with pytest.raises(ValueError, match="is not a 5-bit day pattern"):
        decode_pattern(32, 5)


def test_reads_header_days_depot_and_customers(tmp_path: Path) -> None:
    problem = read_cordeau(write(tmp_path, SMALL))
    assert isinstance(problem, Problem)
    assert problem.label == "inst"
    # t = 3 free-flow days, dated from DAY_ZERO, each with Q as capacity and no duration limit
    assert len(problem.days) == 3
    assert [d.date for d in problem.days] == [DAY_ZERO + dt.timedelta(days=k) for k in range(3)]
    assert (problem.start, problem.end) == (DAY_ZERO, DAY_ZERO + dt.timedelta(days=2))
    assert problem.free_flow and all(d.sessions == () for d in problem.days)
    assert all(d.capacity == 10 and d.max_route_min is None for d in problem.days)
    # m = 2 vehicles working from the depot every day
    assert [t.id for t in problem.teams] == ["1", "2"]
    assert all(
        t.base_id == DEPOT and t.capacity is None and t.max_route_min is None for t in problem.teams
    )
    assert all(t.works_on(d.date) for t in problem.teams for d in problem.days)
    assert [b.id for b in problem.bases] == [DEPOT]
    assert problem.bases[0].xy == (0, 0)
    # no gap rule (the patterns decide) and no setup buffer
    assert (problem.rules.min_gap_days, problem.rules.setup_buffer_min) == (1, 0)
    assert not problem.pins and not problem.closures

    assert [s.id for s in problem.sites] == ["1", "2", "3", "4"]
    c1, c2, c3, _ = problem.sites
    assert set(c1.patterns) == {frozenset({2}), frozenset({1}), frozenset({0})}
    assert (c1.min_visits, c1.max_visits, c1.weight, c1.xy) == (1, 1, 1, (3, 4))
    assert set(c2.patterns) == {frozenset({0, 2}), frozenset({0, 1})}  # 101, 110
    assert c2.service_min == 5 and c2.load == 4
    assert c2.min_visits == c2.max_visits == 2
    assert c3.patterns == (frozenset({0, 1, 2}),)
    assert c3.min_visits == c3.max_visits == 3
    assert problem.travel(DEPOT, "1") == pytest.approx(5.0)
    assert problem.travel("1", "2") == pytest.approx(6.0)
    assert problem.travel("2", DEPOT) == pytest.approx(5.0)


def test_travel_is_unrounded_euclidean(tmp_path: Path) -> None:
    problem = read_cordeau(write(tmp_path, SMALL))
    # customer 1 at (3, 4), customer 3 at (0, 6): sqrt(9 + 4), not rounded
    assert problem.travel("1", "3") == pytest.approx(13**0.5, abs=1e-12)
    assert problem.travel("3", "1") == problem.travel("1", "3")
    assert problem.travel(DEPOT, "4") == pytest.approx(2**0.5, abs=1e-12)
    assert not problem.travel.integral


def test_optional_customer_with_f_zero_keeps_single_day_patterns(tmp_path: Path) -> None:
    c4 = read_cordeau(write(tmp_path, SMALL)).site("4")
    assert c4.min_visits == 0 and c4.max_visits == 1 and c4.weight == 0
    assert set(c4.patterns) == {frozenset({0}), frozenset({2})}  # 100 and 001


def test_flat_instance_numbers_customers_by_site_position(tmp_path: Path) -> None:
    problem = read_cordeau(write(tmp_path, SMALL))
    flat = flat_instance(problem)
    assert flat.name == "inst"
    assert flat.num_days == 3
    assert all(d.vehicles == 2 and d.capacity == 10 and d.max_duration is None for d in flat.days)
    assert (flat.depot.x, flat.depot.y) == (0, 0)
    assert [c.id for c in flat.customers] == [1, 2, 3, 4]
    for k, (c, s) in enumerate(zip(flat.customers, problem.sites, strict=True), start=1):
        assert (c.x, c.y) == s.xy
        assert (c.service, c.demand, c.frequency) == (s.service_min, s.load, s.min_visits)
        assert flat.distance(0, k) == pytest.approx(problem.travel(DEPOT, s.id))
    assert set(flat.customer(2).patterns) == {frozenset({0, 2}), frozenset({0, 1})}
    assert flat.customer(4).optional and not flat.customer(1).optional


def test_blank_lines_anywhere_are_ignored(tmp_path: Path) -> None:
    lines = SMALL.splitlines()
    spaced = "\n".join([*lines[:2], "", "   ", *lines[2:6], "", *lines[6:]]) + "\n\n\n \n"
    a = read_cordeau(write(tmp_path, spaced, "spaced"))
    b = read_cordeau(write(tmp_path, SMALL, "plain"))
    assert (a.label, b.label) == ("spaced", "plain")
    assert (a.bases, a.days, a.sites, a.teams, a.travel) == (
        b.bases,
        b.days,
        b.sites,
        b.teams,
        b.travel,
    )
    assert dataclasses.replace(a, label="") == dataclasses.replace(b, label="")


def test_customer_on_depot_with_full_vehicle_demand(tmp_path: Path) -> None:
    text = SMALL.replace("1 2 4 3", "1 2 5 3") + " 5  0  0 0 10 1 1 4\n"
    problem = read_cordeau(write(tmp_path, text))
    c5 = problem.site("5")
    assert (c5.xy, c5.load) == ((0, 0), 10)
    assert c5.patterns == (frozenset({0}),)
    assert problem.travel(DEPOT, "5") == 0.0


def test_split_customer_records_at_same_coordinates(tmp_path: Path) -> None:
    text = SMALL.replace("1 2 4 3", "1 2 6 3") + " 5 3 4 0 9 1 1 4\n 6 3 4 0 9 1 1 2\n"
    problem = read_cordeau(write(tmp_path, text))
    assert problem.travel("5", "6") == 0.0 and problem.travel("1", "5") == 0.0
    assert problem.site("5").patterns == (frozenset({0}),)
    assert problem.site("6").patterns == (frozenset({1}),)


def test_route_duration_limit_is_read(tmp_path: Path) -> None:
    text = SMALL.replace("0 10\n0 10\n0 10", "50 10\n50 10\n50 10")
    problem = read_cordeau(write(tmp_path, text))
    assert all(d.max_route_min == 50 for d in problem.days)
    assert all(d.max_duration == 50 for d in flat_instance(problem).days)


def test_per_day_capacity_and_duration(tmp_path: Path) -> None:
    text = SMALL.replace("0 10\n0 10\n0 10", "0 10\n40 12\n25.5 10")
    problem = read_cordeau(write(tmp_path, text))
    assert [(d.capacity, d.max_route_min) for d in problem.days] == [
        (10, None),
        (12, 40),
        (10, 25.5),
    ]
    flat = flat_instance(problem)
    assert [(d.capacity, d.max_duration) for d in flat.days] == [(10, None), (12, 40), (10, 25.5)]


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("1 2 4 3", "2 2 4 3", 1, "type 2"),
        ("1 2 4 3", "1 2 4", 1, "header"),
        ("1 2 4 3", "1 2 5 3", None, "ends early"),
        ("1 2 4 3", "1 2 3 3", 9, "unexpected data"),
        ("0 10\n0 10\n0 10", "0 10\n0 x\n0 10", 3, "capacity Q"),
        (" 0  0  0 0  0 0 0", " 7  0  0 0  0 0 0", 5, "depot"),
        (" 2 -3  4 5  4 2 2 5 6", " 2 -3  4 5  4 2 2 5", 7, "2 patterns announced, 1 given"),
        (" 2 -3  4 5  4 2 2 5 6", " 2 -3  4 5  4 2 2 5 4", 7, "pattern 4 has 1 days"),
        (" 3  0  6 0  1 3 1 7", " 3  0  6 0  1 3 1 8", 8, "pattern 8"),
        (" 3  0  6 0  1 3 1 7", " 2  0  6 0  1 3 1 7", 8, "already used on line 7"),
        (" 3  0  6 0  1 3 1 7", " 3  0  6 0  1.5 3 1 7", 8, "demand q must be an integer"),
        (" 3  0  6 0  1 3 1 7", " 3  0  6 0  1 4 1 7", 8, "frequency"),
    ],
)
def test_format_errors_name_file_and_line(
    tmp_path: Path, old: str, new: str, line: int | None, words: str
) -> None:
    assert old in SMALL
    path = write(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(ValueError) as info:  # noqa: PT011 - the message is checked below
        read_cordeau(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message
    if line is not None:
        assert f"line {line}:" in message


def test_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):  # noqa: PT011 - any OSError is the contract
        read_cordeau(tmp_path / "nope")


def test_benchmark_sample_matches_bks_table() -> None:
    with (DATA / "bks.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 7  # the five small samples, pr06 and p13
    for row in rows:
        problem = read_cordeau(DATA / "instances" / row["instance"])
        assert problem.label == row["instance"]
        assert len(problem.sites) == int(row["n_customers"])
        assert len(problem.days) == int(row["n_days"])
        assert len(problem.teams) == int(row["n_vehicles"])
        assert flat_instance(problem).days[0].vehicles == int(row["n_vehicles"])
        for s in problem.sites:
            assert s.patterns
            assert all(len(p) == s.min_visits for p in s.patterns)


def test_p01_quirk_customer_on_depot() -> None:
    problem = read_cordeau(DATA / "instances" / "p01")
    c51 = problem.site("51")
    assert problem.travel(DEPOT, "51") == 0.0
    assert c51.load == problem.days[0].capacity
    assert c51.patterns == (frozenset({0}),)


def test_large_seoul_instance_is_the_tools_output_and_reads(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    committed = root / "benchmarks" / "data" / "pvrp" / "large" / "seoul427"
    out = tmp_path / "seoul427"
    subprocess.run(
        [sys.executable, str(root / "tools" / "make_seoul_pvrp.py"), str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == committed.read_bytes()
    problem = read_cordeau(committed)
    assert (len(problem.sites), len(problem.days), len(problem.teams)) == (427, 6, 12)
    assert {s.min_visits for s in problem.sites} == {1, 2, 3}
    assert all(len(p) == s.min_visits for s in problem.sites for p in s.patterns)


def test_optional_customer_with_a_two_day_pattern_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "f0"
    path.write_text(
        "1 1 1 2\n0 10\n0 10\n0 0 0 0 0 0 0\n1 3 4 0 1 0 1 3\n"
    )  # f = 0, pattern 3 = days {1, 2}
    with pytest.raises(ValueError, match=r"f0, line 5: .*pattern of 2 days"):
        read_cordeau(path)
