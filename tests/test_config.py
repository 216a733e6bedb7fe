"""The district config (TOML): unknown keys refused, encodings, line numbers in errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.district.config import key_line, load_config
from scheduler.errors import DataError

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "data" / "bad" / "_base" / "jung-gu.toml"

DOC = """\
# comment
[district]
name_ko = "중구"

[calendar]
weekdays = ["tue",
            "thurs"]
visits_per_day = 1

[sessions]
"2" = [["10:00", "12:00"], ["14:00", "16:00"]]

[[counselors]]
id = "1"
leave = ["2026-12-15"]

[[counselors]]
id = "2"
leave = [
  "2026-12-01",
  "2026-02-30",
]
rules.extra = 1
"""


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("calendar.weekdays", None, 6),
        ("calendar.weekdays", "thurs", 7),
        ("calendar.visits_per_day", None, 8),
        ("sessions.2", None, 11),
        ("counselors[1].leave", None, 15),
        ("counselors[2].id", None, 18),
        ("counselors[2].leave", "2026-02-30", 21),
        ("counselors.leave", "2026-02-30", 21),
        ("calendar.closures", None, 5),  # not set: the table's header
        ("calendar", None, 5),
        ("counselors[2].rules.extra", None, 23),
        ("nowhere.at_all", None, None),
    ],
)
def test_key_line(key: str, value: object, line: int | None) -> None:
    assert key_line(DOC, key, value) == line


def test_shipped_config_loads() -> None:
    cfg = load_config(REPO / "data" / "jung-gu.toml")
    assert cfg.weekdays == (2, 4) and cfg.counselors[0].id == "1"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_bom_and_cp949_configs_read_like_utf8(tmp_path: Path, encoding: str) -> None:
    """Notepad's UTF-8 with BOM and 'ANSI' (CP949) saves read the same as plain UTF-8."""
    text = BASE.read_text(encoding="utf-8").replace(
        "dong_centers.csv", str(BASE.parent / "dong_centers.csv")
    )
    p = tmp_path / "c.toml"
    p.write_bytes(text.encode(encoding))
    q = tmp_path / "u.toml"
    q.write_bytes(text.encode("utf-8"))
    a, b = load_config(p), load_config(q)
    assert (a.name_ko, a.base, a.sessions, a.apply_ko) == (
        b.name_ko,
        b.base,
        b.sessions,
        b.apply_ko,
    )


@pytest.mark.parametrize(
    ("old", "new", "key", "hint"),
    [
        ("[travel]", "[travle]", "travle", "did you mean 'travel'?"),
        ('mode = "transit"', 'mode = "transit"\nspeed = 4', "travel.speed", "known keys"),
        ('id = "1"', 'id = "1"\nleav = []', "counselors[1].leav", "did you mean 'leave'?"),
    ],
)
def test_unknown_keys_are_refused_with_the_line(
    tmp_path: Path, old: str, new: str, key: str, hint: str
) -> None:
    text = BASE.read_text(encoding="utf-8").replace(old, new, 1)
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_config(p)
    assert e.value.column == key and hint in (e.value.hint or "")
    assert e.value.row == key_line(text, key) and e.value.row is not None
    assert key.rsplit(".", 1)[-1].split("]")[-1].lstrip(".") in text.splitlines()[e.value.row - 1]


def test_pin_session_must_be_a_number(tmp_path: Path) -> None:
    text = (
        BASE.read_text(encoding="utf-8")
        + '\n[[pins]]\ncenter = "myeong"\ndate = 2026-12-10\nsession = "two"\n'
    )
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_config(p)
    assert e.value.column == "pins[1].session" and e.value.row == len(text.splitlines())
