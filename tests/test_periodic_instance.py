"""Cordeau-format reader of :mod:`scheduler.periodic` (incl. the format's quirks)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scheduler.periodic import decode_pattern, read_cordeau

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
    with pytest.raises(ValueError):
        decode_pattern(32, 5)


def test_reads_header_days_depot_and_customers(tmp_path: Path) -> None:
    inst = read_cordeau(write(tmp_path, SMALL))
    assert inst.name == "inst"
    assert inst.num_days == 3
    assert all(d.vehicles == 2 and d.capacity == 10 and d.max_duration is None
               for d in inst.days)
    assert (inst.depot.x, inst.depot.y) == (0, 0)
    assert [c.id for c in inst.customers] == [1, 2, 3, 4]
    c1, c2, c3, _ = inst.customers
    assert set(c1.patterns) == {frozenset({2}), frozenset({1}), frozenset({0})}
    assert set(c2.patterns) == {frozenset({0, 2}), frozenset({0, 1})}  # 101, 110
    assert c2.service == 5 and c2.demand == 4 and c2.frequency == 2
    assert c3.patterns == (frozenset({0, 1, 2}),)
    assert inst.distance(0, 1) == pytest.approx(5.0)


def test_optional_customer_with_f_zero_keeps_single_day_patterns(tmp_path: Path) -> None:
    c4 = read_cordeau(write(tmp_path, SMALL)).customer(4)
    assert c4.optional and c4.frequency == 0
    assert set(c4.patterns) == {frozenset({0}), frozenset({2})}  # 100 and 001


def test_blank_lines_anywhere_are_ignored(tmp_path: Path) -> None:
    lines = SMALL.splitlines()
    spaced = "\n".join(lines[:2] + ["", "   "] + lines[2:6] + [""] + lines[6:]) + "\n\n\n \n"
    a = read_cordeau(write(tmp_path, spaced, "spaced"))
    b = read_cordeau(write(tmp_path, SMALL, "plain"))
    assert (a.depot, a.days, a.customers) == (b.depot, b.days, b.customers)


def test_customer_on_depot_with_full_vehicle_demand(tmp_path: Path) -> None:
    text = SMALL.replace("1 2 4 3", "1 2 5 3") + " 5  0  0 0 10 1 1 4\n"
    c5 = read_cordeau(write(tmp_path, text)).customer(5)
    assert (c5.x, c5.y, c5.demand) == (0, 0, 10)
    assert c5.patterns == (frozenset({0}),)


def test_split_customer_records_at_same_coordinates(tmp_path: Path) -> None:
    text = SMALL.replace("1 2 4 3", "1 2 6 3") + " 5 3 4 0 9 1 1 4\n 6 3 4 0 9 1 1 2\n"
    inst = read_cordeau(write(tmp_path, text))
    assert inst.distance(5, 6) == 0.0 and inst.distance(1, 5) == 0.0
    assert inst.customer(5).patterns == (frozenset({0}),)
    assert inst.customer(6).patterns == (frozenset({1}),)


def test_route_duration_limit_is_read(tmp_path: Path) -> None:
    text = SMALL.replace("0 10\n0 10\n0 10", "50 10\n50 10\n50 10")
    assert all(d.max_duration == 50 for d in read_cordeau(write(tmp_path, text)).days)


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
def test_format_errors_name_file_and_line(tmp_path: Path, old: str, new: str,
                                           line: int | None, words: str) -> None:
    assert old in SMALL
    path = write(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(ValueError) as info:
        read_cordeau(path)
    message = str(info.value)
    assert str(path) in message
    assert words in message
    if line is not None:
        assert f"line {line}:" in message


def test_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_cordeau(tmp_path / "nope")


def test_benchmark_sample_matches_bks_table() -> None:
    with (DATA / "bks.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5
    for row in rows:
        inst = read_cordeau(DATA / "instances" / row["instance"])
        assert len(inst.customers) == int(row["n_customers"])
        assert inst.num_days == int(row["n_days"])
        assert inst.days[0].vehicles == int(row["n_vehicles"])
        for c in inst.customers:
            assert all(len(p) == c.frequency for p in c.patterns)


def test_p01_quirk_customer_on_depot() -> None:
    inst = read_cordeau(DATA / "instances" / "p01")
    c51 = inst.customer(51)
    assert inst.distance(0, 51) == 0.0
    assert c51.demand == inst.days[0].capacity
    assert c51.patterns == (frozenset({0}),)
