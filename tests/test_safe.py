"""Escaping helpers, the formula guard, safe file names and atomic writes."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from share_fixtures import load_hostile_centers

from scheduler.output.safe import (
    atomic_write_bytes,
    atomic_write_text,
    guard_formula,
    html_text,
    js_string,
    js_value,
    safe_filename_part,
)

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "`;window.__pwned=1;`",
    "${window.__pwned=1}",
    "\\`);window.__pwned=1;//",
    "</script><script>window.__pwned=1</script>",
    "<!--",
    "'\"",
    "줄\u2028바꿈\u2029끝",
    "C:\\path\\",
]
JS_FORBIDDEN = ("<", ">", "&", "'", "`", "$", "\u2028", "\u2029")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_js_string_round_trips_and_hides_dangerous_characters(payload: str) -> None:
    """js_string gives a JSON/JS literal that decodes to the input and has no raw breakout
    characters."""
    literal = js_string(payload)
    assert json.loads(literal) == payload
    assert literal.startswith('"') and literal.endswith('"')
    for ch in JS_FORBIDDEN:
        assert ch not in literal, ch


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_round_trips_and_has_no_markup(payload: str) -> None:
    """html_text output unescapes to the input and contains no tag, quote or backtick."""
    out = html_text(payload)
    assert html.unescape(out) == payload
    for ch in "<>\"'`":
        assert ch not in out


@given(st.text())
def test_js_string_round_trips_any_text(text: str) -> None:
    """Any text survives js_string and never yields a script end tag."""
    literal = js_string(text)
    assert json.loads(literal) == text
    assert "</" not in literal


@given(st.text())
def test_html_text_round_trips_any_text(text: str) -> None:
    """Any text survives html_text."""
    assert html.unescape(html_text(text)) == text


def test_js_value_escapes_nested_strings() -> None:
    """Strings nested in lists and dicts are escaped too."""
    out = js_value({"a": ["</script>", "${x}"]})
    assert "</script>" not in out and "${" not in out
    assert json.loads(out) == {"a": ["</script>", "${x}"]}


@pytest.mark.parametrize(
    "text", ["=1+2", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']
)
def test_guard_formula_prefixes_formula_starts(text: str) -> None:
    """Cells that would start a formula get an apostrophe."""
    assert guard_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["", "회현동주민센터", "1+1", "a=b", " =1", "'=1"])
def test_guard_formula_keeps_ordinary_text(text: str) -> None:
    """Ordinary text (including one already guarded) is unchanged."""
    assert guard_formula(text) == text


def test_hostile_formula_rows_are_guarded() -> None:
    """The hostile fixture's formula-like names and addresses are caught."""
    sites = {s.id: s for s in load_hostile_centers()}
    assert guard_formula(sites["h-formula-eq"].name).startswith("'=")
    assert guard_formula(sites["h-formula-eq"].address) == "'+1+1"
    assert guard_formula(sites["h-formula-minus"].name).startswith("'-")
    assert guard_formula(sites["h-formula-minus"].address).startswith("'@")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", "1"), ("counselor_a-2", "counselor_a-2")],
)
def test_safe_filename_part_keeps_safe_ids(text: str, expected: str) -> None:
    """Safe ids are used as they are."""
    assert safe_filename_part(text) == expected


@pytest.mark.parametrize("text", ["../evil id", "a/b", "..", "", "상담사", "a b", "a_b\x00"])
def test_safe_filename_part_cleans_unsafe_ids(text: str) -> None:
    """Unsafe ids become [A-Za-z0-9_-] only, never empty, never a path."""
    out = safe_filename_part(text)
    assert out and all(c.isascii() and (c.isalnum() or c in "_-") for c in out)


def test_safe_filename_part_keeps_distinct_ids_distinct() -> None:
    """Two ids that clean to the same text still get different names."""
    assert safe_filename_part("a b") != safe_filename_part("a_b")
    assert safe_filename_part("a/b") != safe_filename_part("a b")


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    """An atomic write replaces the file and leaves only the target behind."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "새 내용\n")
    assert target.read_text(encoding="utf-8") == "새 내용\n"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_atomic_write_failure_keeps_old_file(tmp_path: Path) -> None:
    """A failed write leaves the old content and no temporary file."""
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["out.bin"]
