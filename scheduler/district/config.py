"""The district config (``data/jung-gu.toml``): home base, counselors, calendar and rules.

Paths inside a config resolve against the config file's folder. Unknown keys are
errors (with the closest known key as a hint), so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.core.clock import parse_hhmm
from scheduler.core.problem import Base
from scheduler.core.travel import MODES
from scheduler.district.calendar import WEEKDAY_NAMES, parse_weekday
from scheduler.district.tables import closest, parse_date
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
    "": {"district", "base", "calendar", "sessions", "workday", "travel", "rules", "counselors",
         "center_closures", "pins", "notice", "city", "contact"},
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
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def _split_key(text: str) -> list[str]:
    parts = re.findall(r""""[^"]*"|'[^']*'|[^.\s]+""", text)
    return [p.strip("\"'") for p in parts]


def key_line(text: str, key: str, value: object = None) -> int | None:
    """The line of ``text`` (a TOML document) where ``key`` is set, best effort.

    ``key`` is dotted, with 1-based indices for arrays of tables, as this module
    names keys in its errors: ``calendar.weekdays``, ``counselors[2].leave``,
    ``sessions.2``, ``pins.center``. When ``value`` is given and the key spans
    several lines (or several array entries match), the line showing the value wins.
    Falls back to the line of the nearest enclosing table; ``None`` if none is found.
    """
    want = [(m.group(1).strip().strip("\"'"), int(m.group(2)) if m.group(2) else None)
            for m in _PATH_PART.finditer(key) if m.group(1).strip()]
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

    def err(self, key: str, message: str, value: object = None, hint: str | None = None) -> DataError:
        line = key_line(self.text, key, value) if self.text else None
        return DataError(message, file=str(self.path), row=line, column=key, value=value, hint=hint)

    def check_keys(self, section: str, table: dict[str, Any], prefix: str) -> None:
        allowed = _SCHEMA[section]
        for k in table:
            if k not in allowed:
                near = closest(k, allowed)
                raise self.err(f"{prefix}{k}", "unknown key", k,
                               f"did you mean '{near}'?" if near else f"known keys: {', '.join(sorted(allowed))}")

    def table(self, key: str) -> dict[str, Any]:
        value = self.doc.get(key, {})
        if not isinstance(value, dict):
            raise self.err(key, "must be a table", value, f"write it as a [{key}] section")
        if key in _SCHEMA:
            self.check_keys(key, value, f"{key}.")
        return value

    def get(self, table: dict[str, Any], section: str, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        value = table.get(key, default)
        if value is None:
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        words = {int: "a whole number", float: "a number", str: "text in quotes", list: "a list [ … ]",
                 bool: "true or false"}
        names = " or ".join(words.get(k, k.__name__) for k in kinds)
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            if isinstance(value, str) and (int in kinds or float in kinds):
                hint = f"write the number without quotes: {key} = {value.strip()}"
            elif str in kinds and not isinstance(value, str):
                hint = f'put the text in double quotes: {key} = "{value}"'
            else:
                hint = f"write {key} as {names}"
            raise self.err(f"{section}.{key}", f"must be {names}", value, hint)
        return value

    def time(self, section: str, key: str, text: Any) -> int:
        try:
            return parse_hhmm(str(text))
        except ValueError:
            raise self.err(f"{section}.{key}", "not a time", text,
                           "write times as \"HH:MM\" (24-hour clock), e.g. \"09:30\"") from None

    def date(self, key: str, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            d = value
        else:
            try:
                d = parse_date(str(value), file=str(self.path), column=key)
            except DataError as e:
                raise self.err(key, e.message, value, e.hint) from None
        if not (1990 <= d.year <= 2100):
            raise self.err(key, "implausible year (expected 1990–2100)", str(value), "check the year")
        return d

    def weekdays(self, key: str, value: Any) -> tuple[int, ...]:
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not value:
            raise self.err(key, "must be a list of weekdays", value, 'e.g. ["tue", "thu"]')
        out = []
        for v in value:
            try:
                out.append(parse_weekday(str(v)))
            except ValueError:
                near = closest(str(v), WEEKDAY_NAMES)
                hint = (f"did you mean '{near}'? (weekdays: mon, tue, wed, thu, fri, sat, sun)" if near
                        else "use mon, tue, wed, thu, fri, sat or sun")
                raise self.err(key, "not a weekday", v, hint) from None
        return tuple(sorted(set(out)))


def _resolve(base_dir: Path, value: str) -> Path:
    p = Path(value)
    return p if p.is_absolute() else base_dir / p


def load_config(path: Path) -> DistrictConfig:
    """Read and check a district config file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("config file not found", file=str(path), hint="pass --config PATH") from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=str(path), hint="pass --config PATH to a .toml file") from None
    if not raw.strip():
        raise DataError("the config file is empty", file=str(path),
                        hint="start from data/jung-gu.toml and change what differs")
    if b"\x00" in raw:
        raise DataError("the config holds binary data, not TOML text", file=str(path),
                        hint="pass --config PATH to a .toml file")
    try:
        text = decode_toml(raw)
    except UnicodeDecodeError as e:
        raise DataError("config is neither UTF-8 nor CP949 text", file=str(path),
                        row=raw.count(b"\n", 0, e.start) + 1, hint="save it as UTF-8") from None
    try:
        doc = tomllib.loads(text)
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
        bad = text.splitlines()[line - 1].strip() if line and 0 < line <= len(text.splitlines()) else None
        raise DataError(f"not valid TOML: {msg}", file=str(path), row=line, value=bad,
                        hint="check quotes, brackets and '=' on that line; text values need double quotes, "
                        "dates are YYYY-MM-DD") from None
    r = _Reader(path, doc, text)
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
            raise r.err("base.lat", "the home base's latitude and longitude are swapped", base_lat,
                        f"write lat = {base_lon} and lon = {base_lat}")
        key = "base.lat" if not 33.0 <= base_lat <= 38.7 else "base.lon"
        raise r.err(key, "the home base lies outside South Korea", base_lat if key == "base.lat" else base_lon,
                    "use WGS84 decimal degrees, e.g. lat = 37.5638, lon = 126.9976")
    base_id = r.get(b, "base", "id", str, "base")
    if not re.match(r"^[A-Za-z0-9_.-]+$", base_id):
        raise r.err("base.id", "an id may hold only letters, digits, '-', '_' and '.'", base_id,
                    'use a short ASCII id such as "base"')
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
    if visits_per_day < 1:
        raise r.err("calendar.visits_per_day", "must be at least 1", visits_per_day, "e.g. visits_per_day = 1")
    closures = frozenset(r.date("calendar.closures", v) for v in r.get(cal, "calendar", "closures", list, []))

    sess_doc = r.doc.get("sessions", {})
    if not isinstance(sess_doc, dict):
        raise r.err("sessions", "must be a table", sess_doc, "write it as [sessions]")
    sessions: dict[int, tuple[tuple[int, int], ...]] = {}
    for n, spans in DEFAULT_SESSIONS.items():
        sessions[n] = tuple((parse_hhmm(a), parse_hhmm(b_)) for a, b_ in spans)
    for key, spans in sess_doc.items():
        if not str(key).isdigit() or int(key) < 1:
            raise r.err(f"sessions.{key}", "session keys are the visits per day (1, 2, 3, …)", key,
                        'e.g. "2" = [["10:00", "12:00"], ["14:00", "16:00"]]')
        if not isinstance(spans, list) or len(spans) != int(key):
            raise r.err(f"sessions.{key}", f"needs exactly {key} [start, end] pairs", spans,
                        'e.g. "2" = [["10:00", "12:00"], ["14:00", "16:00"]]')
        parsed = []
        for span in spans:
            if not isinstance(span, list) or len(span) != 2:
                raise r.err(f"sessions.{key}", "each session is a [start, end] pair", span,
                            'e.g. ["10:00", "12:00"]')
            a, b_ = r.time("sessions", str(key), span[0]), r.time("sessions", str(key), span[1])
            if b_ <= a:
                raise r.err(f"sessions.{key}", "a session ends before it starts", f"{span[0]}–{span[1]}",
                            f'swap start and end: ["{span[1]}", "{span[0]}"]')
            parsed.append((a, b_))
        parsed.sort()
        for (_, e1), (s2, _) in itertools.pairwise(parsed):
            if s2 < e1:
                raise r.err(f"sessions.{key}", "sessions overlap", spans,
                            "make each session end before the next one starts")
        sessions[int(key)] = tuple(parsed)

    wd = r.table("workday")
    work_start = r.time("workday", "start", r.get(wd, "workday", "start", str, "09:00"))
    work_end = r.time("workday", "end", r.get(wd, "workday", "end", str, "18:00"))
    if work_end <= work_start:
        raise r.err("workday.end", "the working day ends before it starts", wd.get("end"),
                    f"the end must be after start = \"{wd.get('start', '09:00')}\"")
    buffer = r.get(wd, "workday", "setup_buffer_min", int, 10)
    if buffer < 0:
        raise r.err("workday.setup_buffer_min", "must be 0 or more", buffer, "minutes of arrival before a session, e.g. 10")
    max_away = r.get(wd, "workday", "max_away_min", int, None)
    if max_away is not None and max_away < 1:
        raise r.err("workday.max_away_min", "must be at least 1", max_away,
                    "minutes a counselor may be away from base in a day, travel included, e.g. 420")

    tr = r.table("travel")
    mode = r.get(tr, "travel", "mode", str, "transit")
    if mode not in MODES:
        near = closest(mode, MODES)
        raise r.err("travel.mode", "unknown travel mode", mode,
                    (f"did you mean '{near}'? " if near else "") + f"use one of {', '.join(MODES)}")

    rules = r.table("rules")
    gap = r.get(rules, "rules", "min_days_between_visits", int, 7)
    if gap < 1:
        raise r.err("rules.min_days_between_visits", "must be at least 1", gap, "e.g. 7 (a week)")
    min_v = r.get(rules, "rules", "min_visits", int, 0)
    if min_v < 0:
        raise r.err("rules.min_visits", "must be 0 or more", min_v, "e.g. 0 (no minimum) or 1")
    max_v = r.get(rules, "rules", "max_visits", (int, str), "unlimited")
    if isinstance(max_v, str):
        if max_v.strip().lower() not in ("unlimited", "none", ""):
            raise r.err("rules.max_visits", "must be a whole number or \"unlimited\"", max_v,
                        'e.g. max_visits = 2 or max_visits = "unlimited"')
        max_v = None
    elif max_v < min_v:
        raise r.err("rules.max_visits", f"is below rules.min_visits ({min_v})", max_v,
                    f"raise max_visits to {min_v} or more, or lower min_visits")

    counselors = []
    c_doc = doc.get("counselors", [{"id": "1"}])
    if not isinstance(c_doc, list):
        raise r.err("counselors", "must be a list of [[counselors]] tables", None,
                    "write each counselor as a [[counselors]] table (double brackets)")
    seen: set[str] = set()
    for i, c in enumerate(c_doc, start=1):
        if not isinstance(c, dict):
            raise r.err(f"counselors[{i}]", "must be a table", c, "write each counselor as a [[counselors]] table")
        r.check_keys("counselors", c, f"counselors[{i}].")
        cid = str(c.get("id", "")).strip()
        if not cid:
            raise r.err(f"counselors[{i}].id", "a counselor needs an id", c.get("id"), 'e.g. id = "1"')
        if cid in seen:
            raise r.err(f"counselors[{i}].id", "duplicate counselor id", cid, "give each counselor its own id")
        seen.add(cid)
        leave = frozenset(_leave_dates(r, f"counselors[{i}].leave", c.get("leave", [])))
        wdays = frozenset(r.weekdays(f"counselors[{i}].weekdays", c["weekdays"])) if "weekdays" in c else None
        counselors.append(CounselorSpec(cid, str(c.get("name", "")), leave, wdays))

    cc = []
    cc_doc = doc.get("center_closures", [])
    if not isinstance(cc_doc, list):
        raise r.err("center_closures", "must be a list of [[center_closures]] tables", None,
                    "write each closure as a [[center_closures]] table with center and dates")
    for i, c in enumerate(cc_doc, start=1):
        if not isinstance(c, dict):
            raise r.err(f"center_closures[{i}]", "must be a table", c, "write each closure as a [[center_closures]] table")
        r.check_keys("center_closures", c, f"center_closures[{i}].")
        center = str(c.get("center", "")).strip()
        if not center:
            raise r.err(f"center_closures[{i}].center", "a closure needs a center id", c.get("center"),
                        'e.g. center = "myeong"')
        if not c.get("dates"):
            raise r.err(f"center_closures[{i}].dates", "a closure needs dates", "",
                        'e.g. dates = ["2026-12-10", "2026-12-21..2026-12-24"]')
        for d in _leave_dates(r, f"center_closures[{i}].dates", c.get("dates", [])):
            cc.append((center, d))

    pins = []
    p_doc = doc.get("pins", [])
    if not isinstance(p_doc, list):
        raise r.err("pins", "must be a list of [[pins]] tables", None,
                    "write each pinned visit as a [[pins]] table with center and date")
    for i, p in enumerate(p_doc, start=1):
        if not isinstance(p, dict):
            raise r.err(f"pins[{i}]", "must be a table", p, "write each pinned visit as a [[pins]] table")
        r.check_keys("pins", p, f"pins[{i}].")
        if "center" not in p or "date" not in p:
            missing = "center" if "center" not in p else "date"
            raise r.err(f"pins[{i}].{missing}", f"a pinned visit needs a {missing}", None,
                        'e.g. center = "myeong", date = 2026-12-10')
        sess = p.get("session")
        if sess is not None and (isinstance(sess, bool) or not isinstance(sess, int) or sess < 1):
            raise r.err(f"pins[{i}].session", "must be a session number 1, 2, …", sess,
                        "write the session's number in the day, without quotes")
        pins.append(PinSpec(str(p["center"]), r.date(f"pins[{i}].date", p["date"]),
                            str(p["counselor"]) if "counselor" in p else None,
                            int(sess) if sess is not None else None))

    notice = r.table("notice")
    contact = r.table("contact")
    city = r.table("city")
    city_bases = r.get(city, "city", "bases", str, None)
    per_district = r.get(city, "city", "counselors_per_district", int, 2)
    if per_district < 1:
        raise r.err("city.counselors_per_district", "must be at least 1", per_district)
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
        raise r.err(key, "must be a list of dates", value, 'e.g. ["2026-12-15", "2026-12-21..2026-12-24"]')
    out = []
    for v in value:
        if isinstance(v, str) and ".." in v:
            a_s, b_s = v.split("..", 1)
            a, b = r.date(key, a_s), r.date(key, b_s)
            if b < a:
                raise r.err(key, "a date range ends before it starts", v, "write FROM..TO")
            d = a
            while d <= b:
                out.append(d)
                d += dt.timedelta(days=1)
        else:
            out.append(r.date(key, v))
    return out
