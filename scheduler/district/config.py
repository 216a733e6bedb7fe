"""The district config (``data/jung-gu.toml``): home base, counselors, calendar and rules.

Paths inside a config resolve against the config file's folder. Unknown keys are
errors (with the closest known key as a hint), so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.core.clock import parse_hhmm
from scheduler.core.problem import Base
from scheduler.core.travel import MODES
from scheduler.district.calendar import WEEKDAY_NAMES, parse_weekday
from scheduler.district.parse import (
    MAX_COUNSELORS,
    MAX_INT,
    MAX_TOML_BYTES,
    MAX_TOML_DEPTH,
    MAX_VISITS_PER_DAY,
    ParseError,
    bad,
    read_capped,
)
from scheduler.district.tables import closest, nfc, parse_date
from scheduler.errors import DataError

DEFAULT_SESSIONS = {
    1: (("10:00", "16:00"),),
    2: (("10:00", "12:00"), ("14:00", "16:00")),
    3: (("09:30", "11:00"), ("13:00", "14:30"), ("15:30", "17:00")),
}


@dataclass(frozen=True)
class CounselorSpec:
    """A counselor as configured: leave dates and working weekdays (``None`` = all)."""

    id: str
    name: str
    leave: frozenset[dt.date] = frozenset()
    weekdays: frozenset[int] | None = None


@dataclass(frozen=True)
class PinSpec:
    """A pinned visit from the config."""

    center: str
    date: dt.date
    counselor: str | None = None
    session: int | None = None


@dataclass(frozen=True)
class DistrictConfig:
    """Everything a district config file says."""

    path: Path
    name_ko: str
    name_en: str
    centers_path: Path
    boundaries_path: Path | None
    base: Base
    base_name_en: str
    counselors: tuple[CounselorSpec, ...]
    weekdays: tuple[int, ...]
    visits_per_day: int
    sessions: dict[int, tuple[tuple[int, int], ...]]
    work_start_min: int
    work_end_min: int
    setup_buffer_min: int
    travel_mode: str
    closures: frozenset[dt.date]
    center_closures: frozenset[tuple[str, dt.date]]
    min_gap_days: int
    min_visits: int
    max_visits: int | None
    pins: tuple[PinSpec, ...] = ()
    # Minutes a counselor may be away from base in one day (None: the working day).
    max_away_min: int | None = None
    apply_ko: str = ""
    apply_en: str = ""
    # [contact]: the job center as the posters and notices name it.
    contact_office: str = ""
    contact_office_en: str = ""
    contact_phone: str = ""
    contact_web: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # City-wide planning (data/seoul.toml): one home base per district, and
    # counselors who each serve their own district.
    city_bases_path: Path | None = None
    counselors_per_district: int = 2


_SCHEMA: dict[str, set[str]] = {
    "": {
        "district",
        "base",
        "calendar",
        "sessions",
        "workday",
        "travel",
        "rules",
        "counselors",
        "center_closures",
        "pins",
        "notice",
        "city",
        "contact",
    },
    "city": {"bases", "counselors_per_district"},
    "district": {"name_ko", "name_en", "centers", "boundaries"},
    "base": {"id", "name_ko", "name_en", "address_ko", "lat", "lon"},
    "calendar": {"weekdays", "visits_per_day", "closures"},
    "workday": {"start", "end", "setup_buffer_min", "max_away_min"},
    "travel": {"mode"},
    "rules": {"min_days_between_visits", "min_visits", "max_visits"},
    "counselors": {"id", "name", "leave", "weekdays"},
    "center_closures": {"center", "dates"},
    "pins": {"center", "date", "counselor", "session"},
    "notice": {"apply_ko", "apply_en"},
    "contact": {"office", "office_en", "phone", "web"},
}


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def _split_key(text: str) -> list[str]:
    parts = re.findall(r""""[^"]*"|'[^']*'|[^.\s]+""", text)
    return [p.strip("\"'") for p in parts]


def key_line(text: str, key: str, value: object = None) -> int | None:  # noqa: C901 - a line scanner
    """The line of ``text`` (a TOML document) where ``key`` is set, best effort.

    ``key`` is dotted, with 1-based indices for arrays of tables, as this module
    names keys in its errors: ``calendar.weekdays``, ``counselors[2].leave``,
    ``sessions.2``, ``pins.center``. When ``value`` is given and the key spans
    several lines (or several array entries match), the line showing the value wins.
    Falls back to the line of the nearest enclosing table; ``None`` if none is found.
    """
    want = [
        (m.group(1).strip().strip("\"'"), int(m.group(2)) if m.group(2) else None)
        for m in _PATH_PART.finditer(key)
        if m.group(1).strip()
    ]
    if not want:
        return None
    lines = text.splitlines()
    current: list[tuple[str, int | None]] = []
    counts: dict[str, int] = {}
    best: tuple[int, int] | None = None  # (matched depth, line)
    candidates: list[int] = []
    needle = None if value is None or isinstance(value, (dict, list, tuple)) else str(value)
    starts: list[int] = []

    def matches(path: list[tuple[str, int | None]]) -> int:
        n = 0
        for (name, idx), (wname, widx) in zip(path, want, strict=False):
            if name != wname or (widx is not None and idx is not None and idx != widx):
                break
            n += 1
        return n

    for i, line in enumerate(lines, start=1):
        h = _HEADER.match(line)
        if h and not _KEY.match(line):
            names = _split_key(h.group(2))
            if h.group(1) == "[[":
                dotted = ".".join(names)
                counts[dotted] = counts.get(dotted, 0) + 1
                current = [(n, None) for n in names[:-1]] + [(names[-1], counts[dotted])]
            else:
                current = [(n, None) for n in names]
            starts.append(i)
            depth = matches(current)
            if depth == len(current) and (best is None or depth > best[0]):
                best = (depth, i)
            continue
        k = _KEY.match(line)
        if k:
            starts.append(i)
            path = current + [(n, None) for n in _split_key(k.group(1))]
            depth = matches(path)
            if depth == len(want) == len(path):
                candidates.append(i)
            elif depth == len(path) and (best is None or depth > best[0]):
                best = (depth, i)
    if candidates:
        if needle:
            for c in candidates:
                end = next((s for s in starts if s > c), len(lines) + 1)
                for j in range(c, end):
                    if needle in lines[j - 1]:
                        return j
        return candidates[0]
    return best[1] if best else None


def decode_toml(raw: bytes) -> str:
    """TOML text: UTF-8 (with or without BOM) or, as Windows Notepad may save it, CP949."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp949")


class _Reader:
    """Typed access to a parsed TOML document with errors naming the key and its line."""

    def __init__(self, path: Path, doc: dict[str, Any], text: str = "") -> None:
        self.path = path
        self.doc = doc
        self.text = text

    def err(
        self, key: str, message: str, value: object = None, hint: str | None = None
    ) -> DataError:
        """A DataError at ``key`` with free English text (no catalog code)."""
        line = key_line(self.text, key, value) if self.text else None
        return DataError(message, file=str(self.path), row=line, column=key, value=value, hint=hint)

    def bad(
        self,
        key: str,
        code: str,
        value: object = None,
        *,
        hint: str | None = None,
        **params: object,
    ) -> DataError:
        """A catalog DataError (:func:`scheduler.district.parse.bad`) at ``key`` and its line."""
        line = key_line(self.text, key, value) if self.text else None
        return bad(
            code, file=str(self.path), row=line, column=key, value=value, hint=hint, **params
        )

    def check_keys(self, section: str, table: dict[str, Any], prefix: str) -> None:
        allowed = _SCHEMA[section]
        for k in table:
            if k not in allowed:
                near = closest(k, allowed)
                if near:
                    raise self.bad(
                        f"{prefix}{k}",
                        "input.config.unknown_key",
                        k,
                        hint="input.config.near.hint",
                        near=near,
                    )
                raise self.bad(
                    f"{prefix}{k}",
                    "input.config.unknown_key",
                    k,
                    hint="input.config.keys.hint",
                    keys=", ".join(sorted(allowed)),
                )

    def table(self, key: str) -> dict[str, Any]:
        value = self.doc.get(key, {})
        if not isinstance(value, dict):
            raise self.bad(
                key, "input.config.table", value, hint="input.config.section.hint", name=key
            )
        if key in _SCHEMA:
            self.check_keys(key, value, f"{key}.")
        return value

    def get(
        self,
        table: dict[str, Any],
        section: str,
        key: str,
        kind: type | tuple[type, ...],
        default: Any,
    ) -> Any:
        value = table.get(key, default)
        if value is None:
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        words = {
            int: "a whole number",
            float: "a number",
            str: "text in quotes",
            list: "a list [ … ]",
            bool: "true or false",
        }
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            what = "+".join(k.__name__ for k in kinds if k in words)
            if isinstance(value, str) and (int in kinds or float in kinds):
                hint, shown = "input.config.unquote.hint", value.strip()
            elif str in kinds and not isinstance(value, str):
                hint, shown = "input.config.quote.hint", str(value)
            else:
                hint, shown = f"input.config.type.{what}.hint", ""
            raise self.bad(
                f"{section}.{key}",
                f"input.config.type.{what}",
                value,
                hint=hint,
                name=key,
                shown=shown,
            )
        return value

    def time(self, section: str, key: str, text: Any) -> int:
        try:
            return parse_hhmm(str(text))
        except ValueError:
            raise self.bad(f"{section}.{key}", "input.config.time", text) from None

    def date(self, key: str, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            d = value
        else:
            try:
                d = parse_date(str(value), file=str(self.path), column=key)
            except DataError as e:
                e.row = key_line(self.text, key, value) if self.text else None
                raise
        from scheduler.district.parse import check_year_range

        try:
            return check_year_range(d)
        except ParseError as e:
            raise self.bad(
                key, e.problem.code, str(value), hint=e.problem.hint, **e.problem.params
            ) from None

    def weekdays(self, key: str, value: Any) -> tuple[int, ...]:
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not value:
            raise self.bad(key, "input.config.weekdays", value)
        out = []
        for v in value:
            try:
                out.append(parse_weekday(str(v)))
            except ValueError:
                near = closest(str(v), WEEKDAY_NAMES)
                if near:
                    raise self.bad(
                        key,
                        "input.config.weekday",
                        v,
                        hint="input.config.weekday_near.hint",
                        near=near,
                    ) from None
                raise self.bad(key, "input.config.weekday", v) from None
        return tuple(sorted(set(out)))


def _resolve(base_dir: Path, value: str) -> Path:
    p = Path(value)
    return p if p.is_absolute() else base_dir / p


def load_config(path: Path) -> DistrictConfig:  # noqa: C901 - one check per config key, in file order
    """Read and check a district config file."""
    name = str(path)
    try:
        raw = read_capped(path, MAX_TOML_BYTES)
    except ParseError as e:
        raise e.problem.at(file=name) from None
    except FileNotFoundError:
        raise bad("input.config.not_found", file=name) from None
    except IsADirectoryError:
        raise bad("input.file.is_folder", file=name, hint="input.config.toml.hint") from None
    except PermissionError:
        raise bad("input.file.no_permission", file=name) from None
    if not raw.strip():
        raise bad("input.config.empty", file=name)
    if b"\x00" in raw:
        raise bad("input.config.binary", file=name, hint="input.config.toml.hint")
    try:
        text = decode_toml(raw)
    except UnicodeDecodeError as e:
        raise bad(
            "input.config.encoding", file=name, row=raw.count(b"\n", 0, e.start) + 1
        ) from None
    try:
        doc = tomllib.loads(text)
    except RecursionError:
        raise bad("input.config.too_deep", file=name, limit=MAX_TOML_DEPTH) from None
    except tomllib.TOMLDecodeError as e:
        msg = str(getattr(e, "msg", e))
        line = getattr(e, "lineno", None)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            line = line or int(m.group(1))
            msg = msg[: m.start()].strip()
        elif "(at end of document)" in msg:
            line = line or len(text.splitlines())
            msg = msg.replace("(at end of document)", "").strip()
        shown = (
            text.splitlines()[line - 1].strip()
            if line and 0 < line <= len(text.splitlines())
            else None
        )
        raise bad("input.config.syntax", file=name, row=line, value=shown, detail=msg) from None
    r = _Reader(path, doc, text)
    _check_shape(r, doc)
    doc = _nfc_strings(doc)
    r.doc = doc
    r.check_keys("", doc, "")
    folder = path.parent

    dist = r.table("district")
    centers_rel = r.get(dist, "district", "centers", str, "dong_centers.csv")
    boundaries_rel = r.get(dist, "district", "boundaries", str, None)

    b = r.table("base")
    base_lat = float(r.get(b, "base", "lat", (int, float), 37.563808))
    base_lon = float(r.get(b, "base", "lon", (int, float), 126.997555))
    if not (33.0 <= base_lat <= 38.7 and 124.5 <= base_lon <= 131.9):
        if 33.0 <= base_lon <= 38.7 and 124.5 <= base_lat <= 131.9:
            raise r.bad(
                "base.lat",
                "input.config.base_swapped",
                base_lat,
                lat=f"{base_lon}",
                lon=f"{base_lat}",
            )
        key = "base.lat" if not 33.0 <= base_lat <= 38.7 else "base.lon"
        raise r.bad(key, "input.config.base_outside", base_lat if key == "base.lat" else base_lon)
    base_id = r.get(b, "base", "id", str, "base")
    if not re.match(r"^[A-Za-z0-9_.-]+$", base_id):
        raise r.bad("base.id", "input.centers.id_chars", base_id, hint="input.config.base_id.hint")
    base = Base(
        id=base_id,
        name=r.get(b, "base", "name_ko", str, "중구청"),
        lat=base_lat,
        lon=base_lon,
        address=r.get(b, "base", "address_ko", str, ""),
    )

    cal = r.table("calendar")
    weekdays = r.weekdays("calendar.weekdays", cal.get("weekdays", ["tue", "thu"]))
    visits_per_day = r.get(cal, "calendar", "visits_per_day", int, 1)
    if not 1 <= visits_per_day <= MAX_VISITS_PER_DAY:
        raise r.bad(
            "calendar.visits_per_day",
            "input.config.visits_per_day",
            visits_per_day,
            high=MAX_VISITS_PER_DAY,
        )
    closures = frozenset(
        r.date("calendar.closures", v) for v in r.get(cal, "calendar", "closures", list, [])
    )

    sess_doc = r.doc.get("sessions", {})
    if not isinstance(sess_doc, dict):
        raise r.bad(
            "sessions",
            "input.config.table",
            sess_doc,
            hint="input.config.section.hint",
            name="sessions",
        )
    sessions: dict[int, tuple[tuple[int, int], ...]] = {}
    for n, spans in DEFAULT_SESSIONS.items():
        sessions[n] = tuple((parse_hhmm(a), parse_hhmm(b_)) for a, b_ in spans)
    for key, spans in sess_doc.items():
        # isdecimal and isascii: "²" is a digit to str.isdigit but not a number to int()
        if (
            not (str(key).isascii() and str(key).isdecimal())
            or not 1 <= int(key) <= MAX_VISITS_PER_DAY
        ):
            raise r.bad(f"sessions.{key}", "input.config.session_key", key, high=MAX_VISITS_PER_DAY)
        if not isinstance(spans, list) or len(spans) != int(key):
            raise r.bad(
                f"sessions.{key}",
                "input.config.session_pairs",
                spans,
                hint="input.config.session_key.hint",
                count=key,
                high=MAX_VISITS_PER_DAY,
            )
        parsed = []
        for span in spans:
            if not isinstance(span, list) or len(span) != 2:
                raise r.bad(f"sessions.{key}", "input.config.session_pair", span)
            a, b_ = r.time("sessions", str(key), span[0]), r.time("sessions", str(key), span[1])
            if b_ <= a:
                raise r.bad(
                    f"sessions.{key}",
                    "input.config.session_reversed",
                    f"{span[0]}–{span[1]}",
                    a=str(span[1]),
                    b=str(span[0]),
                )
            parsed.append((a, b_))
        parsed.sort()
        for (_, e1), (s2, _) in itertools.pairwise(parsed):
            if s2 < e1:
                raise r.bad(f"sessions.{key}", "input.config.sessions_overlap", spans)
        sessions[int(key)] = tuple(parsed)

    wd = r.table("workday")
    work_start = r.time("workday", "start", r.get(wd, "workday", "start", str, "09:00"))
    work_end = r.time("workday", "end", r.get(wd, "workday", "end", str, "18:00"))
    if work_end <= work_start:
        raise r.bad(
            "workday.end",
            "input.config.workday_reversed",
            wd.get("end"),
            start=str(wd.get("start", "09:00")),
        )
    buffer = r.get(wd, "workday", "setup_buffer_min", int, 10)
    if buffer < 0:
        raise r.bad(
            "workday.setup_buffer_min",
            "input.config.at_least_0",
            buffer,
            hint="input.config.buffer.hint",
        )
    max_away = r.get(wd, "workday", "max_away_min", int, None)
    if max_away is not None and max_away < 1:
        raise r.bad(
            "workday.max_away_min",
            "input.config.at_least_1",
            max_away,
            hint="input.config.max_away.hint",
        )

    tr = r.table("travel")
    mode = r.get(tr, "travel", "mode", str, "transit")
    if mode not in MODES:
        near = closest(mode, MODES)
        raise r.bad(
            "travel.mode",
            "input.config.mode",
            mode,
            hint="input.config.mode_near.hint" if near else "input.config.mode.hint",
            near=near or "",
            modes=", ".join(MODES),
        )

    rules = r.table("rules")
    gap = r.get(rules, "rules", "min_days_between_visits", int, 7)
    if gap < 1:
        raise r.bad(
            "rules.min_days_between_visits",
            "input.config.at_least_1",
            gap,
            hint="input.config.gap.hint",
        )
    min_v = r.get(rules, "rules", "min_visits", int, 0)
    if min_v < 0:
        raise r.bad(
            "rules.min_visits",
            "input.config.at_least_0",
            min_v,
            hint="input.config.min_visits.hint",
        )
    max_v = r.get(rules, "rules", "max_visits", (int, str), "unlimited")
    if isinstance(max_v, str):
        if max_v.strip().lower() not in ("unlimited", "none", ""):
            raise r.bad("rules.max_visits", "input.config.max_visits", max_v)
        max_v = None
    elif max_v < min_v:
        raise r.bad("rules.max_visits", "input.config.max_below_min", max_v, min=min_v)

    counselors = []
    c_doc = doc.get("counselors", [{"id": "1"}])
    if not isinstance(c_doc, list):
        raise r.bad(
            "counselors",
            "input.config.list_of",
            None,
            hint="input.config.list_of.hint",
            name="counselors",
        )
    if len(c_doc) > MAX_COUNSELORS:
        raise r.bad(
            "counselors",
            "input.config.too_many_counselors",
            None,
            count=len(c_doc),
            limit=MAX_COUNSELORS,
        )
    seen: set[str] = set()
    for i, c in enumerate(c_doc, start=1):
        if not isinstance(c, dict):
            raise r.bad(
                f"counselors[{i}]",
                "input.config.table",
                c,
                hint="input.config.list_of.hint",
                name="counselors",
            )
        r.check_keys("counselors", c, f"counselors[{i}].")
        cid = str(c.get("id", "")).strip()
        if not cid:
            raise r.bad(f"counselors[{i}].id", "input.config.counselor_id", c.get("id"))
        if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in cid):
            # an id names files and calendar entries and is read back from schedule.csv
            raise r.bad(f"counselors[{i}].id", "input.config.counselor_id_chars", cid)
        if cid in seen:
            raise r.bad(f"counselors[{i}].id", "input.config.counselor_dup", cid)
        seen.add(cid)
        leave = frozenset(_leave_dates(r, f"counselors[{i}].leave", c.get("leave", [])))
        wdays = (
            frozenset(r.weekdays(f"counselors[{i}].weekdays", c["weekdays"]))
            if "weekdays" in c
            else None
        )
        counselors.append(CounselorSpec(cid, str(c.get("name", "")), leave, wdays))

    cc = []
    cc_doc = doc.get("center_closures", [])
    if not isinstance(cc_doc, list):
        raise r.bad(
            "center_closures",
            "input.config.list_of",
            None,
            hint="input.config.list_of.hint",
            name="center_closures",
        )
    for i, c in enumerate(cc_doc, start=1):
        if not isinstance(c, dict):
            raise r.bad(
                f"center_closures[{i}]",
                "input.config.table",
                c,
                hint="input.config.list_of.hint",
                name="center_closures",
            )
        r.check_keys("center_closures", c, f"center_closures[{i}].")
        center = str(c.get("center", "")).strip()
        if not center:
            raise r.bad(
                f"center_closures[{i}].center", "input.config.closure_center", c.get("center")
            )
        if not c.get("dates"):
            raise r.bad(f"center_closures[{i}].dates", "input.config.closure_dates", "")
        for d in _leave_dates(r, f"center_closures[{i}].dates", c.get("dates", [])):
            cc.append((center, d))

    pins = []
    p_doc = doc.get("pins", [])
    if not isinstance(p_doc, list):
        raise r.bad(
            "pins", "input.config.list_of", None, hint="input.config.list_of.hint", name="pins"
        )
    for i, p in enumerate(p_doc, start=1):
        if not isinstance(p, dict):
            raise r.bad(
                f"pins[{i}]", "input.config.table", p, hint="input.config.list_of.hint", name="pins"
            )
        r.check_keys("pins", p, f"pins[{i}].")
        if "center" not in p or "date" not in p:
            missing = "center" if "center" not in p else "date"
            raise r.bad(
                f"pins[{i}].{missing}",
                f"input.config.pin_{missing}",
                None,
                hint="input.config.pin.hint",
            )
        sess = p.get("session")
        if sess is not None and (isinstance(sess, bool) or not isinstance(sess, int) or sess < 1):
            raise r.bad(f"pins[{i}].session", "input.config.pin_session", sess)
        pins.append(
            PinSpec(
                str(p["center"]),
                r.date(f"pins[{i}].date", p["date"]),
                str(p["counselor"]) if "counselor" in p else None,
                int(sess) if sess is not None else None,
            )
        )

    notice = r.table("notice")
    contact = r.table("contact")
    city = r.table("city")
    city_bases = r.get(city, "city", "bases", str, None)
    per_district = r.get(city, "city", "counselors_per_district", int, 2)
    if per_district < 1:
        raise r.bad("city.counselors_per_district", "input.config.at_least_1", per_district)
    if per_district > MAX_COUNSELORS:
        raise r.bad(
            "city.counselors_per_district",
            "input.config.too_many_counselors",
            per_district,
            count=per_district,
            limit=MAX_COUNSELORS,
        )
    return DistrictConfig(
        city_bases_path=_resolve(folder, city_bases) if city_bases else None,
        counselors_per_district=per_district,
        path=path,
        name_ko=r.get(dist, "district", "name_ko", str, ""),
        name_en=r.get(dist, "district", "name_en", str, ""),
        centers_path=_resolve(folder, centers_rel),
        boundaries_path=_resolve(folder, boundaries_rel) if boundaries_rel else None,
        base=base,
        base_name_en=r.get(b, "base", "name_en", str, base.name),
        counselors=tuple(counselors),
        weekdays=weekdays,
        visits_per_day=visits_per_day,
        sessions=sessions,
        work_start_min=work_start,
        work_end_min=work_end,
        setup_buffer_min=buffer,
        max_away_min=max_away,
        travel_mode=mode,
        closures=closures,
        center_closures=frozenset(cc),
        min_gap_days=gap,
        min_visits=min_v,
        max_visits=max_v,
        pins=tuple(pins),
        apply_ko=r.get(notice, "notice", "apply_ko", str, ""),
        apply_en=r.get(notice, "notice", "apply_en", str, ""),
        contact_office=r.get(contact, "contact", "office", str, ""),
        contact_office_en=r.get(contact, "contact", "office_en", str, ""),
        contact_phone=r.get(contact, "contact", "phone", str, ""),
        contact_web=r.get(contact, "contact", "web", str, ""),
    )


def _leave_dates(r: _Reader, key: str, value: Any) -> list[dt.date]:
    """Dates from a list of ``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD`` ranges."""
    if not isinstance(value, list):
        raise r.bad(key, "input.config.dates", value)
    out = []
    for v in value:
        if isinstance(v, str) and ".." in v:
            a_s, b_s = v.split("..", 1)
            a, b = r.date(key, a_s), r.date(key, b_s)
            if b < a:
                raise r.bad(key, "input.config.range_reversed", v)
            if (b - a).days > 3660:
                raise r.bad(key, "input.config.range_long", v)
            d = a
            while d <= b:
                out.append(d)
                d += dt.timedelta(days=1)
        else:
            out.append(r.date(key, v))
    return out


def _check_shape(r: _Reader, doc: dict[str, Any]) -> None:
    """Refuse tables nested deeper than :data:`MAX_TOML_DEPTH` and whole numbers beyond
    :data:`MAX_INT` (a config needs neither; both stop a bad file from running away)."""
    # (key, value, depth, the key named in a message: its first two levels, as a person wrote it)
    stack: list[tuple[str, Any, int, str]] = [("", doc, 0, "")]
    while stack:
        key, value, depth, shown = stack.pop()
        if depth > MAX_TOML_DEPTH:
            raise r.bad(shown, "input.config.too_deep", None, limit=MAX_TOML_DEPTH)
        if isinstance(value, dict):
            for k, v in value.items():
                sub = f"{key}.{k}" if key else str(k)
                stack.append((sub, v, depth + 1, sub if depth < 2 else shown))
        elif isinstance(value, list):
            for i, v in enumerate(value, start=1):
                sub = f"{key}[{i}]"
                stack.append((sub, v, depth + 1, shown if depth >= 1 else sub))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise r.bad(key, "input.config.int_too_big", value, limit=f"{MAX_INT:,}")


def _nfc_strings(value: Any) -> Any:
    """``value`` (a parsed TOML document) with every key and string in Unicode NFC (after
    parsing: composing the raw text could change an escape such as ``\\u000C`` + U+0301)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k): _nfc_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_strings(v) for v in value]
    return value
