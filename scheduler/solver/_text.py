"""Sentences of the solver from the one catalog (``scheduler/i18n/msgs_solver.py``).

The solver's reasons are :class:`~scheduler.errors.Conflict` objects carrying both
languages; :func:`conflict` fills them from catalog codes. A parameter may be a
function of the language (a date, a center's name), called once per language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scheduler.core.problem import Problem, SiteId
from scheduler.errors import Conflict
from scheduler.i18n import text

Param = object | Callable[[str], object]


def localize(params: Mapping[str, Param] | None, lang: str) -> dict[str, object]:
    """``params`` with every function of the language called for ``lang``."""
    return {k: (v(lang) if callable(v) else v) for k, v in (params or {}).items()}


def say(code: str, lang: str, params: Mapping[str, Param] | None = None) -> str:
    """The catalog sentence ``code`` in ``lang`` with ``params`` filled in."""
    return text(code, lang, **localize(params, lang))


def conflict(
    rule: str,
    code: str,
    remedy_code: str | None = None,
    params: Mapping[str, Param] | None = None,
    numbers: dict[str, object] | None = None,
    remedy_params: Mapping[str, Param] | None = None,
) -> Conflict:
    """A conflict in both languages from catalog codes."""
    rp = params if remedy_params is None else remedy_params
    return Conflict(
        rule,
        say(code, "ko", params),
        say(code, "en", params),
        say(remedy_code, "ko", rp) if remedy_code else "",
        say(remedy_code, "en", rp) if remedy_code else "",
        dict(numbers or {}),
    )


def word(kind: str, n: int, lang: str) -> str:
    """``counselor`` / ``counselors`` (``visit``, ``center``) for ``n`` things."""
    return text(f"solver.word.{kind}.{'one' if n == 1 else 'many'}", lang)


def site_name(problem: Problem, sid: SiteId, lang: str, *, with_id: bool = False) -> str:
    """A center's name for people: Korean name, or English name (with its id if asked)."""
    s = problem.site(sid)
    if lang == "ko":
        return s.name
    name = s.name_en or s.id
    return f"{name} ({s.id})" if with_id else name


def capitalized(sentence: str) -> str:
    """The sentence with its first letter capitalized (no-op for Korean)."""
    return sentence[:1].upper() + sentence[1:]


def slots_formula(problem: Problem, lang: str) -> str:
    """``2 counselors × 10 days × 1 visit`` (``상담사 2명 × 10일 × 하루 1회``)."""
    teams, days = len(problem.teams), len(problem.days)
    per_day = sorted({len(d.sessions) for d in problem.days}) or [0]
    return text(
        "solver.slots",
        lang,
        teams=teams,
        days=days,
        per_day="/".join(map(str, per_day)),
        counselor_word=word("counselor", teams, lang),
        visit_word=word("visit", per_day[0] if len(per_day) == 1 else 2, lang),
    )
