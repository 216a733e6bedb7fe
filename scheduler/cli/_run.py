"""Steps shared by the commands: options → Problem, solving with progress, the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from scheduler.core.plan import Plan, StageResult
from scheduler.core.problem import Problem
from scheduler.district.build import Built, Options, build_problem
from scheduler.district.calendar import month_period, months_period, next_month, parse_weekday
from scheduler.district.config import load_config
from scheduler.district.tables import parse_date
from scheduler.errors import DataError
from scheduler.output.labels import (
    format_date,
    format_hhmm,
    format_minutes,
    format_period,
    format_status,
    format_team,
)
from scheduler.solver import solve

CONFIG_NAME = "jung-gu.toml"


def default_config_path() -> Path:
    """``./data/jung-gu.toml`` if it exists, else the Jung-gu config installed with the package."""
    here = Path.cwd() / "data" / CONFIG_NAME
    if here.exists():
        return here
    shipped = resources.files("scheduler.data") / CONFIG_NAME
    if isinstance(shipped, Path) and shipped.is_file():  # an unpacked install, not a zip
        return shipped
    raise DataError("no district config found", file=str(here), hint="pass --config PATH to a district TOML file")


def period_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--month``, ``--months``, ``--start``, ``--end``."""
    f = click.option("--end", default=None, help="Last day YYYY-MM-DD (with --start).")(f)
    f = click.option("--start", default=None, help="First day YYYY-MM-DD (instead of --month).")(f)
    f = click.option("--months", type=click.IntRange(1, 12), default=1, show_default=True,
                     help="Number of consecutive months to plan.")(f)
    f = click.option("--month", default=None, help="Month to plan, YYYY-MM (default: next month).")(f)
    return f


def problem_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options that shape the Problem."""
    opts = [
        click.option("--config", type=click.Path(path_type=Path), default=None,
                     help="District config TOML (default data/jung-gu.toml)."),
        click.option("--centers", type=click.Path(path_type=Path), default=None, help="Centers CSV (overrides the config)."),
        click.option("--counselors", type=click.IntRange(min=1), default=None, help="Number of counselors."),
        click.option("--visits-per-day", "visits_per_day", type=click.IntRange(min=1), default=None,
                     help="Visits (sessions) per counselor-day: 1, 2 or 3."),
        click.option("--weekdays", default=None, help="Visit weekdays, e.g. tue,thu."),
        click.option("--history", type=click.Path(path_type=Path), default=None,
                     help="Earlier schedule CSV (date, center_id) for rotation."),
        click.option("--travel-matrix", "travel_matrix", type=click.Path(path_type=Path), default=None,
                     help="CSV from_id,to_id,minutes overriding the travel model."),
        click.option("--min-visits", "min_visits", type=click.IntRange(min=0), default=None,
                     help="Minimum visits per center in the period."),
        click.option("--max-visits", "max_visits", type=click.IntRange(min=0), default=None,
                     help="Maximum visits per center in the period."),
        click.option("--pins", type=click.Path(path_type=Path), default=None,
                     help="CSV of pinned visits: center_id, date[, counselor, session]."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def resolve_period(month: str | None, months: int, start: str | None, end: str | None,
                   today: dt.date | None = None) -> tuple[dt.date, dt.date, str]:
    """The period and its label from the period options."""
    if start or end:
        if month:
            raise DataError("give either --month or --start/--end, not both", column="--month", value=month)
        if not (start and end):
            raise DataError("--start and --end go together", column="--end" if start else "--start",
                            value=start or end, hint="give both, e.g. --start 2026-12-01 --end 2026-12-31")
        s = parse_date(start, column="--start")
        e = parse_date(end, column="--end")
        return s, e, f"{s.isoformat()}_{e.isoformat()}"
    month = month or next_month(today or dt.date.today())
    try:
        s, e = months_period(month, months) if months > 1 else month_period(month)
    except ValueError:
        raise DataError("not a month", column="--month", value=month, hint="write it as YYYY-MM, e.g. 2026-12") from None
    label = month if months == 1 else f"{month}_{e.year}-{e.month:02d}"
    return s, e, label


def build_from_options(config_path: Path, kw: dict[str, Any]) -> tuple[Built, Options]:
    """Read the config and files named by the options into a Problem."""
    s, e, label = resolve_period(kw.get("month"), int(kw.get("months") or 1), kw.get("start"), kw.get("end"))
    weekdays = None
    if kw.get("weekdays"):
        try:
            weekdays = tuple(sorted({parse_weekday(w) for w in str(kw["weekdays"]).split(",") if w.strip()}))
        except ValueError as err:
            raise DataError(str(err), column="--weekdays", value=kw["weekdays"], hint="e.g. --weekdays tue,thu") from None
    options = Options(
        start=s, end=e, counselors=kw.get("counselors"), visits_per_day=kw.get("visits_per_day"),
        weekdays=weekdays, centers_path=kw.get("centers"), history_path=kw.get("history"),
        matrix_path=kw.get("travel_matrix"), min_visits=kw.get("min_visits"), max_visits=kw.get("max_visits"),
        label=label, pins_path=kw.get("pins"),
    )
    config = load_config(config_path)
    return build_problem(config, options), options


def solve_with_progress(problem: Problem, *, time_limit_s: float, seed: int, lang: str) -> Plan:
    """Solve with a spinner and one line per finished stage on stderr."""
    console = Console(stderr=True)
    names = {"demand": ("수요", "demand"), "travel": ("이동", "travel"), "balance": ("균형", "balance")}

    def on_stage(st: StageResult) -> None:
        label = names.get(st.name, (st.name, st.name))[0 if lang == "ko" else 1]
        console.print(f"  [dim]{label}: {format_status(st.status, lang)} ({st.seconds:.2f}s)[/dim]", highlight=False)

    msg = "최적 일정을 계산하는 중…" if lang == "ko" else "Solving…"
    with console.status(msg) if console.is_terminal else _null():
        return solve(problem, time_limit_s=time_limit_s, seed=seed, on_stage=on_stage)


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *a: object) -> None:
        return None


def print_plan_report(problem: Problem, plan: Plan, summary: dict[str, Any], built: Built, folder: Path,
                      files: list[str], lang: str) -> None:
    """A short summary, the calendar and where the files are (stdout)."""
    ko = lang == "ko"
    console = Console(highlight=False)
    vpd = len(problem.days[0].sessions) if problem.days else 0
    console.print(("[bold]방문 일정[/bold] " if ko else "[bold]Visit plan[/bold] ")
                  + format_period(problem.start, problem.end, lang)
                  + (f" · 상담사 {len(problem.teams)}명 · 하루 {vpd}회" if ko
                     else f" · {len(problem.teams)} counselor(s) · {vpd} visit(s) a day"))
    for w in built.warnings:
        console.print(f"[yellow]{'경고' if ko else 'warning'}: {w}[/yellow]")
    if built.skipped:
        sk = ", ".join(f"{format_date(s.date, lang)} {s.name}".strip() for s in built.skipped)
        console.print(("제외한 날(공휴일·휴무): " if ko else "Skipped (holidays, closures): ") + sk)
    table = Table(show_header=True, header_style="bold")
    cols = ("날짜", "상담사", "순서", "센터", "시간", "이동") if ko else ("Date", "Counselor", "Order", "Center", "Time", "Travel")
    for c in cols:
        table.add_column(c)
    sites = {s.id: s for s in problem.sites}
    for v in plan.visits:
        s = sites[v.site_id]
        table.add_row(format_date(v.date, lang), format_team(v.team_id, lang), str(v.order),
                      s.name if ko else (s.name_en or s.name),
                      f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}", format_minutes(v.travel_min, lang))
    console.print(table)
    cov = f"{summary['centers_covered']}/{summary['centers']}"
    if ko:
        console.print(f"방문 {summary['visits']}회 · 센터 {cov}곳 · 인구 커버 {summary['population_covered_pct']}% · "
                      f"총 이동 {format_minutes(summary['travel_min_total'], lang)}")
        console.print(f"상태: {format_status(plan.info.status, lang)} · 목적값 {plan.info.objective:g} · "
                      f"하한 {plan.info.bound:g} · 갭 {plan.info.gap:.4f} · {plan.info.seconds:.2f}초 · 검증 통과")
        console.print(f"저장 위치: {folder}/ ({', '.join(files)})")
    else:
        console.print(f"{summary['visits']} visits · {cov} centers · {summary['population_covered_pct']}% of residents · "
                      f"travel {format_minutes(summary['travel_min_total'], lang)}")
        console.print(f"Status: {format_status(plan.info.status, lang)} · objective {plan.info.objective:g} · "
                      f"bound {plan.info.bound:g} · gap {plan.info.gap:.4f} · {plan.info.seconds:.2f}s · validator clean")
        console.print(f"Written to {folder}/ ({', '.join(files)})")
