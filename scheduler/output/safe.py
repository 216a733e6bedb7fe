"""Escaping and safe-writing helpers for everything that leaves the program.

Names, addresses, notes and counselor names are free text: they are accepted as
they are and escaped only where they land.

- :func:`html_text` for HTML text and (quoted) attribute values;
- :func:`js_string` for a JavaScript string literal inside an HTML ``<script>``
  (also safe inside a template literal: backticks and ``$`` are escaped);
- :func:`guard_formula` for CSV and spreadsheet cells;
- one normaliser per other format, for free text that lands there:
  :func:`csv_cell` (``schedule.csv``), :func:`xlsx_cell` (``schedule.xlsx``),
  :func:`ics_text` (calendar properties, before icalendar's own escaping),
  :func:`notice_line` (the plain-text notices) and :func:`pdf_text` (the PDFs);
  all of them drop control characters, so a CR/LF in a name can neither start a
  new line (an injected ICS property, a forged CSV row) nor crash a writer;
- :func:`safe_filename_part` for file names built from ids;
- :func:`atomic_write_bytes` / :func:`atomic_write_text` so that a reader never
  sees a half-written file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

# Characters that must never appear raw in a JS string embedded in HTML.
_JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "`": "\\u0060",
    "$": "\\u0024",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JS_ESCAPE_RE = re.compile("[" + re.escape("".join(_JS_ESCAPES)) + "]")

_HTML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#x60;",
}
_HTML_ESCAPE_RE = re.compile("[&<>\"'`]")

# Leading characters that make a spreadsheet treat a cell as a formula (OWASP list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_FILENAME_OK = re.compile(r"[^A-Za-z0-9_-]+")

# Line breaks of every kind (CR, LF, VT, FF, NEL, U+2028, U+2029).
_BREAKS_RE = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")
# Other C0/C1 controls, DEL, and the non-characters XML 1.0 forbids (openpyxl refuses them).
_CONTROLS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\t]")


def html_text(value: object) -> str:
    """Escape ``value`` for HTML text or a quoted attribute value (``& < > " ' ` ``)."""
    return _HTML_ESCAPE_RE.sub(lambda m: _HTML_ESCAPES[m.group(0)], str(value))


def js_string(value: str) -> str:
    """A JavaScript string literal (with quotes) for ``value``, safe inside ``<script>``.

    ``json.dumps`` handles quotes, backslashes and control characters; ``<``, ``>``
    and ``&`` are escaped so ``</script>`` and ``<!--`` cannot appear, U+2028/U+2029
    for old engines, and backtick and ``$`` so the literal is inert even when
    someone pastes it into a template literal.
    """
    return js_value(str(value))


def js_value(value: object) -> str:
    """Any JSON-ready value as a JavaScript expression, escaped like :func:`js_string`."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return _JS_ESCAPE_RE.sub(lambda m: _JS_ESCAPES[m.group(0)], text)


def guard_formula(text: str) -> str:
    """Prefix an apostrophe when a data cell would otherwise start a spreadsheet formula."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def one_line(value: object) -> str:
    """``value`` as one line of text: line breaks and tabs become spaces, other
    control characters go, runs of white space shrink to one space."""
    text = _BREAKS_RE.sub(" ", str(value))
    text = _CONTROLS_RE.sub(lambda m: " " if m.group(0) == "\t" else "", text)
    return " ".join(text.split())


def _multi_line(value: object) -> str:
    """Like :func:`one_line` per line, keeping ``\n`` between the lines."""
    lines = _BREAKS_RE.sub("\n", str(value).replace("\r\n", "\n")).split("\n")
    return "\n".join(one_line(line) for line in lines)


def csv_cell(value: object) -> str:
    """A data cell of ``schedule.csv``: one line, formula starts guarded."""
    return guard_formula(one_line(value))


def xlsx_cell(value: object) -> str:
    """A text cell of ``schedule.xlsx``: one line without the characters XML forbids,
    formula starts guarded."""
    return guard_formula(one_line(value))


def ics_text(value: object, *, multiline: bool = False) -> str:
    """Text for an iCalendar property value before icalendar escapes it.

    Control characters are dropped and line breaks become spaces (``multiline``:
    ``\n``, which icalendar writes as the escape ``\\n``), so no value can end its
    content line and start a property of its own."""
    return _multi_line(value) if multiline else one_line(value)


def notice_line(value: object) -> str:
    """Data text inside one line of a plain-text notice."""
    return one_line(value)


def pdf_text(value: object) -> str:
    """Data text for the PDFs: one line, no control characters."""
    return one_line(value)


def safe_filename_part(text: str) -> str:
    """A file-name fragment made of ``[A-Za-z0-9_-]`` only.

    Text that is already safe is kept as is; anything else is cleaned and gets a
    short hash of the original so that two different ids never share a file.
    """
    cleaned = _FILENAME_OK.sub("_", text).strip("_")[:40]
    if cleaned == text and cleaned:
        return cleaned
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else digest


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".tmp-{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (``\\n`` line ends) to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))
