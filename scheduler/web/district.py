"""The district settings of the page: home base, sessions, working day, rules.

The planner edits them in a form; the values are laid over the district TOML, written
as a TOML file and read back by :func:`scheduler.district.config.load_config`, so the
page refuses exactly what the config file would, with the same one-line errors. Each
accepted set is kept in ``web_district`` (migration 101) with its TOML text; the file
the next plans name is content-addressed (``web-config/<sha256>.toml``) and so never
changes under a plan that was made with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from scheduler.district.config import DistrictConfig, decode_toml, load_config
from scheduler.errors import DataError
from scheduler.i18n import has
from scheduler.output.labels import format_hhmm
from scheduler.store.db import Store, utc_now

#: The form's fields: ``section.key`` and how its text becomes a TOML value.
FIELDS: tuple[tuple[str, str], ...] = (
    ("base.name_ko", "text"),
    ("base.address_ko", "text"),
    ("base.lat", "number"),
    ("base.lon", "number"),
    ("sessions.1", "sessions"),
    ("sessions.2", "sessions"),
    ("sessions.3", "sessions"),
    ("workday.start", "text"),
    ("workday.end", "text"),
    ("workday.setup_buffer_min", "int"),
    ("workday.max_away_min", "int"),
    ("rules.min_days_between_visits", "int"),
    ("rules.min_visits", "int"),
    ("rules.max_visits", "int"),
)
SETTING_KEY = "district_config"
_INT = re.compile(r"^-?[0-9]+$")


def _value(kind: str, raw: str) -> Any:
    """The TOML value of a form text; a text the kind cannot take is passed on as text,
    so that the config loader refuses it with its own message."""
    raw = raw.strip()
    if kind == "int":
        return int(raw) if _INT.match(raw) and len(raw) < 12 else raw
    if kind == "number":
        try:
            f = float(raw)
        except ValueError:
            return raw
        return f if math.isfinite(f) else raw
    if kind == "sessions":
        spans: list[list[str]] = []
        for part in re.split(r"[,/]+", raw):
            part = part.strip()
            if part:
                spans.append([p.strip() for p in re.split(r"\s*[-–~]\s*", part)])
        return spans
    return raw


def overlay_of(form: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The form as TOML sections (an empty field keeps the district file's value;
    an empty maximum of visits means no limit)."""
    out: dict[str, dict[str, Any]] = {}
    for name, kind in FIELDS:
        raw = form.get(name)
        if raw is None:
            continue
        section, key = name.split(".", 1)
        if not raw.strip():
            if name == "rules.max_visits":
                out.setdefault(section, {})[key] = "unlimited"
            elif name == "workday.max_away_min":
                out.setdefault(section, {})[key] = None  # no limit: drop the file's
            continue
        out.setdefault(section, {})[key] = _value(kind, raw)
    return out


def _absolute(folder: Path, value: Any) -> Any:
    return str(Path(value) if Path(str(value)).is_absolute() else folder / str(value))


def merged_doc(config_path: Path, overlay: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The district file's document with ``overlay`` laid over its sections and every
    path in it made absolute (the merged file lives in another folder)."""
    doc = tomllib.loads(decode_toml(config_path.read_bytes()))
    folder = config_path.resolve().parent
    district = dict(doc.get("district") or {})
    district["centers"] = _absolute(folder, district.get("centers", "dong_centers.csv"))
    if district.get("boundaries"):
        district["boundaries"] = _absolute(folder, district["boundaries"])
    doc["district"] = district
    if isinstance(doc.get("city"), dict) and doc["city"].get("bases"):
        doc["city"] = {**doc["city"], "bases": _absolute(folder, doc["city"]["bases"])}
    for section, values in overlay.items():
        table = dict(doc.get(section) or {})
        table.update(values)
        doc[section] = {k: v for k, v in table.items() if v is not None}
    return doc


def _string(s: str) -> str:
    # JSON's escapes are TOML's, except that TOML wants DEL escaped too
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_string(str(k))} = {_scalar(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v).__name__)


def dump_toml(doc: dict[str, Any]) -> str:
    """A TOML document of ``doc`` (tables and arrays of tables one level deep, as a
    district config has them)."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for k, v in doc.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            arrays.append((k, v))
        else:
            lines.append(f"{_string(k)} = {_scalar(v)}")
    for k, table in tables:
        lines.append(f"\n[{_string(k)}]")
        lines.extend(f"{_string(str(kk))} = {_scalar(vv)}" for kk, vv in table.items())
    for k, items in arrays:
        for item in items:
            lines.append(f"\n[[{_string(k)}]]")
            lines.extend(f"{_string(str(kk))} = {_scalar(vv)}" for kk, vv in item.items())
    return "\n".join(lines) + "\n"


def check(toml_text: str, shown_as: str, folder: Path) -> DistrictConfig:
    """``toml_text`` read by the district config loader; its errors name ``shown_as``
    and the key (the line of a generated file would mean nothing to the planner)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "district.toml"
        path.write_text(toml_text, encoding="utf-8")
        try:
            return load_config(path)
        except DataError as e:
            e.file, e.row = shown_as, None
            e.params = {k: (shown_as if k == "file" else v) for k, v in e.params.items()}
            if e.hint_code == "input.config.unquote.hint" and e.code and has(f"{e.code}.hint"):
                e.hint_code = f"{e.code}.hint"  # a form has no quotes to take away
            raise


def save(
    store: Store, config_path: Path, form: dict[str, str], shown_as: str, folder: Path
) -> DistrictConfig:
    """Check the form's settings like the config file and keep them for the next plans."""
    from scheduler.web.workbench import audit

    overlay = overlay_of(form)
    text = dump_toml(merged_doc(config_path, overlay))
    cfg = check(text, shown_as, folder)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with store.transaction() as c:
        row = c.execute("SELECT id FROM web_district WHERE sha256 = ?", (digest,)).fetchone()
        if row is None:
            cur = c.execute(
                "INSERT INTO web_district (created_at, source, overlay, toml, sha256) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    utc_now(),
                    config_path.name,
                    json.dumps(overlay, ensure_ascii=False),
                    text,
                    digest,
                ),
            )
            rid = int(cur.lastrowid or 0)
        else:
            rid = int(row[0])
        c.execute(
            "INSERT INTO web_setting (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (SETTING_KEY, json.dumps(rid), utc_now()),
        )
        audit(c, "settings.district", overlay=overlay, sha256=digest)
    return cfg


def reset(store: Store) -> None:
    """Back to the district file's settings."""
    from scheduler.web.workbench import audit

    with store.transaction() as c:
        c.execute("DELETE FROM web_setting WHERE key = ?", (SETTING_KEY,))
        audit(c, "settings.district", overlay=None)


def current_path(store: Store, folder: Path) -> Path | None:
    """The config file of the saved settings (written from the database if missing),
    or ``None`` when the page uses the district file as it is."""
    row = store.conn.execute(
        "SELECT d.toml, d.sha256 FROM web_setting s JOIN web_district d "
        "ON d.id = CAST(s.value AS INTEGER) WHERE s.key = ?",
        (SETTING_KEY,),
    ).fetchone()
    if row is None:
        return None
    text, digest = row
    path = folder / f"{digest}.toml"
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as f:
            f.write(text.encode("utf-8"))
        Path(f.name).replace(path)
    return path


def form_values(cfg: DistrictConfig) -> dict[str, str]:
    """The form's fields filled from a config."""
    return {
        "base.name_ko": cfg.base.name,
        "base.address_ko": cfg.base.address,
        "base.lat": str(cfg.base.lat),
        "base.lon": str(cfg.base.lon),
        **{
            f"sessions.{n}": ", ".join(f"{format_hhmm(a)}-{format_hhmm(b)}" for a, b in spans)
            for n, spans in sorted(cfg.sessions.items())
            if n <= 3
        },
        "workday.start": format_hhmm(cfg.work_start_min),
        "workday.end": format_hhmm(cfg.work_end_min),
        "workday.setup_buffer_min": str(cfg.setup_buffer_min),
        "workday.max_away_min": "" if cfg.max_away_min is None else str(cfg.max_away_min),
        "rules.min_days_between_visits": str(cfg.min_gap_days),
        "rules.min_visits": str(cfg.min_visits),
        "rules.max_visits": "" if cfg.max_visits is None else str(cfg.max_visits),
    }
