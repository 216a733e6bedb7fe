"""Determinism: the same inputs and seed give the same files, whatever the output folder.

Through the CLI: two ``visitplan plan`` runs with the same seed into different
folders give byte-identical ``schedule.csv`` and ``map.html``, and ``summary.json``
identical apart from timings (``solve_seconds`` and each stage's ``seconds``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scheduler.cli import main

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "data" / "jung-gu.toml"  # with the dong boundaries, so the map draws them too
TIMING_KEYS = ("solve_seconds", "seconds")


def _plan(out: Path, *extra: str) -> None:
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
                "--time-limit",
                "20",
                *extra,
            ]
        )
    assert exc.value.code == 0


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


@pytest.mark.parametrize(
    "extra",
    [(), ("--counselors", "2", "--visits-per-day", "2", "--seed", "7")],
    ids=["default", "two-counselors-seed-7"],
)
def test_same_seed_same_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]
) -> None:
    """schedule.csv and map.html byte-identical; summary.json identical apart from timings."""
    a, b = tmp_path / "first", tmp_path / "elsewhere" / "second-run"
    _plan(a, *extra)
    _plan(b, *extra)
    capsys.readouterr()
    for name in ("schedule.csv", "map.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between runs"
    sa = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    sb = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    assert _without_timings(sa) == _without_timings(sb)
    assert sa["seed"] == sb["seed"]


def test_map_ids_are_numbered_not_random(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The map's element ids come from a counter (folium would otherwise use random hex)."""
    out = tmp_path / "p"
    _plan(out)
    capsys.readouterr()
    html = (out / "map.html").read_text(encoding="utf-8")
    assert not re.search(
        r"\b(map|marker|feature_group|poly_line|layer_control)_[0-9a-f]{32}\b", html
    )
    assert re.search(r"\bmap_vp1\b", html)
    assert str(out) not in html, "the output folder must not leak into the map"
