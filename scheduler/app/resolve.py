"""One resolver for every reference people type: center and counselor ids or names,
dates and ``FROM..TO`` spans, weekday lists.

Every command and the web page use these, so ``회현동``, ``회현동주민센터``,
``Hoehyeon-dong`` and ``hoehyeon`` name the same center everywhere, and a configured
counselor name (``김민지``) works wherever the counselor's id does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from scheduler.core.problem import Site, Team
from scheduler.district.calendar import parse_weekday
from scheduler.district.tables import closest, parse_date
from scheduler.errors import DataError

_PAREN = re.compile(r"\([^)]*\)|（[^）]*）")
_SUFFIXES_KO = ("주민센터", "행정복지센터", "동사무소")
_SUFFIXES_EN = ("community center", "community centre", "community service center")


def _key(text: str) -> str:
    """A name reduced to what tells centers apart: no brackets, spaces, case, or the
    words every center name shares (``주민센터``, ``-dong``, ``Community Center``)."""
    t = _PAREN.sub("", str(text)).strip().lower()
    for suf in (*_SUFFIXES_KO, *_SUFFIXES_EN):
        t = t.removesuffix(suf).strip()
    t = re.sub(r"[\s_]+", "", t)
    t = t.removesuffix("-dong").removesuffix("dong").rstrip("-")
    if len(t) > 1:
        t = t.removesuffix("동")
    return t


def _site_keys(site: Site) -> set[str]:
    keys = {_key(site.id), _key(site.name)}
    if site.name_en:
        keys.add(_key(site.name_en))
    keys.discard("")
    return keys


def resolve_center(sites: Sequence[Site], ref: str, *, column: str = "center") -> str:
    """The id of the center ``ref`` names: an id, or a Korean or English name.

    Raises a :class:`DataError` (with the closest name as hint) when no center or
    more than one matches.
    """
    ref = str(ref).strip()
    by_id = {s.id: s for s in sites}
    if ref in by_id:
        return ref
    key = _key(ref)
    found = [s for s in sites if key and key in _site_keys(s)]
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        shown = ", ".join(f"{s.id} ({s.name})" for s in found[:6])
        raise DataError(
            "more than one center has this name",
            column=column,
            value=ref,
            hint=f"use the id: {shown}",
            code="app.center_ambiguous",
            params={"value": ref, "ids": shown},
            hint_code="app.hint.use_id",
        )
    names = {k: f"{s.name} ({s.id})" for s in sites for k in _site_keys(s)}
    near_key = closest(key, names) if key else None
    near = names[near_key] if near_key else None
    hint = f"did you mean '{near}'?" if near else "use a center id or name from the centers file"
    raise DataError(
        "unknown center",
        column=column,
        value=ref,
        hint=hint,
        code="app.center_unknown",
        params={"value": ref, "near": near or ""},
        hint_code="app.hint.did_you_mean" if near else "app.hint.center_names",
    )


def resolve_counselor(teams: Sequence[Team], ref: str, *, column: str = "counselor") -> str:
    """The id of the counselor ``ref`` names: an id or a configured name."""
    ref = str(ref).strip()
    if any(t.id == ref for t in teams):
        return ref
    by_name = [t for t in teams if t.name and t.name.strip().lower() == ref.lower()]
    if len(by_name) == 1:
        return by_name[0].id
    shown = ", ".join(team_label(t) for t in teams[:8])
    if len(by_name) > 1:
        raise DataError(
            "more than one counselor has this name",
            column=column,
            value=ref,
            hint=f"use the id: {shown}",
            code="app.counselor_ambiguous",
            params={"value": ref, "ids": shown},
            hint_code="app.hint.use_id",
        )
    raise DataError(
        "unknown counselor",
        column=column,
        value=ref,
        hint=f"counselors: {shown}",
        code="app.counselor_unknown",
        params={"value": ref, "counselors": shown},
        hint_code="app.hint.counselors",
    )


def team_label(team: Team) -> str:
    """``김민지 (1)`` for a named counselor, else the id."""
    return f"{team.name} ({team.id})" if team.name else team.id


def as_date(value: dt.date | str, *, column: str) -> dt.date:
    """A date from a ``datetime.date`` or ISO text (a :class:`DataError` otherwise)."""
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value), column=column)


def span_dates(when: dt.date | str, *, column: str) -> list[dt.date]:
    """Every day of ``2027-01-05`` or ``2027-01-05..2027-01-08``."""
    if isinstance(when, dt.date):
        return [when]
    text = str(when).strip()
    if ".." in text:
        a_s, b_s = text.split("..", 1)
        a, b = as_date(a_s, column=column), as_date(b_s, column=column)
        if b < a:
            raise DataError(
                "a date range ends before it starts",
                column=column,
                value=text,
                hint="write FROM..TO",
                code="app.span_reversed",
                hint_code="app.hint.span",
            )
    else:
        a = b = as_date(text, column=column)
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def split_span(text: str, *, column: str, example: str) -> tuple[str, str]:
    """``WHO:DATE[..DATE]`` → ``(who, dates)`` (the text form of a command-line option)."""
    who, sep, when = str(text).rpartition(":")
    if not sep or not who.strip() or not when.strip():
        raise DataError(
            "write NAME:DATE or NAME:FROM..TO",
            column=column,
            value=text,
            hint=f"e.g. {column} {example}",
            code="app.span_form",
            params={"example": f"{column} {example}"},
            hint_code="app.hint.example",
        )
    return who.strip(), when.strip()


def expand_spans(
    spans: Iterable[tuple[str, dt.date | str]], *, column: str, resolve: object
) -> list[tuple[str, dt.date]]:
    """``(who, when)`` pairs → ``(id, date)`` for every day; ``resolve(who)`` gives the id."""
    out: list[tuple[str, dt.date]] = []
    for who, when in spans:
        ident = resolve(who)  # type: ignore[operator]
        out.extend((ident, d) for d in span_dates(when, column=column))
    return out


def parse_weekdays(
    value: str | Iterable[int | str] | None, *, column: str = "--weekdays"
) -> tuple[int, ...] | None:
    """``"tue,thu"`` / ``("화", "목")`` / ``(2, 4)`` → sorted ISO weekdays (``None`` stays)."""
    if value is None or value == "" or value == ():
        return None
    items = str(value).split(",") if isinstance(value, str) else list(value)
    out: set[int] = set()
    for w in items:
        if isinstance(w, int):
            if not 1 <= w <= 7:
                raise DataError(
                    "not a weekday",
                    column=column,
                    value=w,
                    hint="e.g. tue,thu",
                    code="app.weekday_bad",
                    params={"value": w},
                    hint_code="app.hint.weekdays",
                )
            out.add(w)
            continue
        if not str(w).strip():
            continue
        try:
            out.add(parse_weekday(str(w)))
        except ValueError:
            raise DataError(
                "not a weekday",
                column=column,
                value=str(value),
                hint="e.g. tue,thu",
                code="app.weekday_bad",
                params={"value": w},
                hint_code="app.hint.weekdays",
            ) from None
    return tuple(sorted(out)) or None
