"""Rebuild the Problem of an existing plan folder from its ``plan.json``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from scheduler.core.plan import Plan
from scheduler.district.build import Built, Options, build_problem
from scheduler.district.config import load_config
from scheduler.district.parse import bad
from scheduler.district.schedule import read_schedule


def plan_inputs(
    options: Options, config_path: Path, *, seed: int, time_limit_s: float, lang: str, tiles: str
) -> dict[str, Any]:
    """The inputs of a run, as stored in ``plan.json``."""

    def p(path: Path | None) -> str | None:
        return str(path.resolve()) if path else None

    return {
        "format": "visitplan-plan/1",
        "config": p(config_path),
        "start": options.start.isoformat(),
        "end": options.end.isoformat(),
        "counselors": options.counselors,
        "visits_per_day": options.visits_per_day,
        "weekdays": list(options.weekdays) if options.weekdays else None,
        "centers": p(options.centers_path),
        "history": p(options.history_path),
        "travel_matrix": p(options.matrix_path),
        "min_visits": options.min_visits,
        "max_visits": options.max_visits,
        "label": options.label,
        "pins": p(options.pins_path),
        "extra_leave": [[t, d.isoformat()] for t, d in options.extra_leave],
        "extra_closures": [[c, d.isoformat()] for c, d in options.extra_closures],
        "extra_counselors": list(options.extra_counselors),
        "seed": seed,
        "time_limit_s": time_limit_s,
        "lang": lang,
        "tiles": tiles,
    }


def load_plan_inputs(folder: Path) -> dict[str, Any]:
    """``plan.json`` of a plan folder."""
    path = folder / "plan.json"
    if not folder.is_dir():
        raise bad("input.plan.not_folder", file=str(folder), hint="input.plan.hint")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise bad("input.plan.no_json", file=str(path), hint="input.plan.hint") from None
    except json.JSONDecodeError as e:
        raise bad("input.plan.damaged", file=str(path), row=e.lineno, detail=e.msg) from None


def rebuild(folder: Path) -> tuple[Built, dict[str, Any]]:
    """The Problem a plan folder was made from, and its stored inputs."""
    inp = load_plan_inputs(folder)
    cfg_path = Path(inp["config"]) if inp.get("config") else None
    if cfg_path is None:
        raise bad("input.plan.no_config", file=str(folder / "plan.json"), hint="input.plan.hint")
    return build_problem(load_config(cfg_path), options_from_inputs(inp)), inp


def load_plan(folder: Path) -> tuple[Built, dict[str, Any], Plan]:
    """A plan folder's problem (rebuilt from ``plan.json``), its inputs, and its plan
    (``schedule.csv``, read back against that problem)."""
    schedule = folder / "schedule.csv"
    if not schedule.is_file():
        raise bad("input.plan.no_schedule", file=str(folder), hint="input.plan.hint")
    built, inp = rebuild(folder)
    return built, inp, read_schedule(schedule, built.problem)


def options_from_inputs(inp: dict[str, Any]) -> Options:
    """The :class:`Options` stored in a ``plan.json`` (see :func:`plan_inputs`)."""

    def path(key: str) -> Path | None:
        return Path(inp[key]) if inp.get(key) else None

    def pairs(key: str) -> tuple[tuple[str, dt.date], ...]:
        return tuple((str(a), dt.date.fromisoformat(b)) for a, b in inp.get(key) or ())

    return Options(
        start=dt.date.fromisoformat(inp["start"]),
        end=dt.date.fromisoformat(inp["end"]),
        counselors=inp.get("counselors"),
        visits_per_day=inp.get("visits_per_day"),
        weekdays=tuple(inp["weekdays"]) if inp.get("weekdays") else None,
        centers_path=path("centers"),
        history_path=path("history"),
        matrix_path=path("travel_matrix"),
        min_visits=inp.get("min_visits"),
        max_visits=inp.get("max_visits"),
        label=inp.get("label", ""),
        pins_path=path("pins"),
        extra_leave=pairs("extra_leave"),
        extra_closures=pairs("extra_closures"),
        extra_counselors=tuple(str(t) for t in inp.get("extra_counselors") or ()),
    )
