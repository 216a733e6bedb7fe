"""Option groups and terminal rendering shared by the commands.

Only click is imported here at load time; rich and the engine are imported inside
the functions, when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from scheduler.cli import _types as T
from scheduler.i18n import text


def period_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--month``, ``--months``, ``--start``, ``--end``."""
    f = click.option("--end", type=T.DATE, default=None, help="cli.opt.end")(f)
    f = click.option("--start", type=T.DATE, default=None, help="cli.opt.start")(f)
    f = click.option(
        "--months", type=click.IntRange(1, 12), default=1, show_default=True, help="cli.opt.months"
    )(f)
    f = click.option("--month", type=T.MONTH, default=None, help="cli.opt.month")(f)
    return f


def config_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--config PATH``."""
    return click.option(
        "--config", type=click.Path(path_type=Path), default=None, help="cli.opt.config"
    )(f)


def problem_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options that shape the Problem."""
    path = click.Path(path_type=Path)
    opts = [
        click.option("--config", type=path, default=None, help="cli.opt.config"),
        click.option("--centers", type=path, default=None, help="cli.opt.centers"),
        click.option("--counselors", type=T.COUNSELORS, default=None, help="cli.opt.counselors"),
        click.option("--names", default=None, help="cli.opt.names"),
        click.option(
            "--visits-per-day",
            "visits_per_day",
            type=T.VISITS_PER_DAY,
            default=None,
            help="cli.opt.visits_per_day",
        ),
        click.option("--weekdays", type=T.WEEKDAYS, default=None, help="cli.opt.weekdays"),
        click.option(
            "--leave", multiple=True, metavar="COUNSELOR:DATE[..DATE]", help="cli.opt.leave"
        ),
        click.option(
            "--closed", multiple=True, metavar="CENTER:DATE[..DATE]", help="cli.opt.closed"
        ),
        click.option("--history", type=path, default=None, help="cli.opt.history"),
        click.option(
            "--travel-matrix",
            "travel_matrix",
            type=path,
            default=None,
            help="cli.opt.travel_matrix",
        ),
        click.option(
            "--min-visits",
            "min_visits",
            type=T.VISIT_COUNT,
            default=None,
            help="cli.opt.min_visits",
        ),
        click.option(
            "--max-visits",
            "max_visits",
            type=T.VISIT_COUNT,
            default=None,
            help="cli.opt.max_visits",
        ),
        click.option("--pins", type=path, default=None, help="cli.opt.pins"),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def time_limit_option(default: float) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--time-limit S``."""
    return click.option(
        "--time-limit",
        "time_limit",
        type=T.TIME_LIMIT,
        default=default,
        show_default=True,
        help="cli.opt.time_limit",
    )


def seed_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--seed N``."""
    return click.option("--seed", type=T.SEED, default=0, show_default=True, help="cli.opt.seed")(f)


def tiles_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--tiles osm|carto|none|URL``."""
    return click.option("--tiles", default="none", show_default=True, help="cli.opt.tiles")(f)


def spans(values: tuple[str, ...], column: str, example: str) -> tuple[tuple[str, str], ...]:
    """``WHO:DATE[..DATE]`` option values → ``(who, dates)`` pairs for a request."""
    from scheduler.app.resolve import split_span

    return tuple(split_span(v, column=column, example=example) for v in values)


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------
def center_label(problem: Any, site_id: str, lang: str) -> str:
    """A center's name in ``lang`` (its id when the problem does not know it)."""
    try:
        s = problem.site(site_id)
    except (KeyError, StopIteration, ValueError):
        return site_id
    return s.name if lang == "ko" else (s.name_en or s.name)


def team_label(problem: Any, team_id: str, lang: str) -> str:
    """``김민지`` for a named counselor, else ``상담사 1`` / ``Counselor 1``."""
    from scheduler.output.labels import format_team

    team = next((t for t in problem.teams if t.id == team_id), None)
    if team is not None and team.name:
        return team.name
    return format_team(team_id, lang)


def stage_name(name: str, lang: str) -> str:
    """``demand`` → ``수요`` (a solver stage's name for people)."""
    code = f"cli.stage.{name}"
    from scheduler.i18n import has

    return text(code, lang) if has(code) else name


@contextmanager
def progress_display(lang: str, *, spinner: bool = True) -> Iterator[Callable[[Any], None]]:
    """A progress callback for the app layer: one dim line per finished solver stage on
    stderr, and a spinner while solving when stderr is a terminal."""
    from rich.console import Console

    from scheduler.output.labels import format_status

    console = Console(stderr=True, highlight=False)
    status = None

    def on_event(ev: Any) -> None:
        nonlocal status
        if (
            ev.kind == "phase"
            and ev.name == "solve"
            and spinner
            and console.is_terminal
            and status is None
        ):
            status = console.status(text("cli.solving", lang))
            status.start()
        elif ev.kind == "stage":
            console.print(
                f"  [dim]{stage_name(ev.name, lang)}: {format_status(ev.status, lang)} "
                f"({ev.seconds:.2f}s)[/dim]"
            )
        elif ev.kind == "phase" and ev.name in ("validate", "render") and status is not None:
            status.stop()
            status = None

    try:
        yield on_event
    finally:
        if status is not None:
            status.stop()


def print_plan_report(outcome: Any, folder: Path, lang: str) -> None:
    """A short summary, the calendar and where the files are (stdout)."""
    from rich.console import Console
    from rich.table import Table

    from scheduler.output.labels import format_date, format_hhmm, format_minutes, format_period

    problem, plan, summary = outcome.problem, outcome.plan, outcome.summary
    console = Console(highlight=False)
    vpd = len(problem.days[0].sessions) if problem.days else 0
    console.print(
        text(
            "cli.plan.head",
            lang,
            period=format_period(problem.start, problem.end, lang),
            counselors=len(problem.teams),
            vpd=vpd,
        )
    )
    for w in outcome.warnings:
        console.print(f"[yellow]{text('cli.warning', lang)}: {w}[/yellow]")
    if outcome.skipped:
        sk = ", ".join(f"{format_date(s.date, lang)} {s.name}".strip() for s in outcome.skipped)
        console.print(text("cli.plan.skipped", lang, days=sk))
    table = Table(show_header=True, header_style="bold")
    for c in text("cli.plan.columns", lang).split("|"):
        table.add_column(c)
    for v in plan.visits:
        table.add_row(
            format_date(v.date, lang),
            team_label(problem, v.team_id, lang),
            str(v.order),
            center_label(problem, v.site_id, lang),
            f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}",
            format_minutes(v.travel_min, lang),
        )
    console.print(table)
    console.print(
        text(
            "cli.plan.figures",
            lang,
            visits=summary["visits"],
            covered=summary["centers_covered"],
            centers=summary["centers"],
            pct=summary["population_covered_pct"],
            travel=format_minutes(summary["travel_min_total"], lang),
        )
    )
    info = plan.info
    console.print(
        text(
            "cli.plan.status",
            lang,
            status=_status(info.status, lang),
            objective=f"{info.objective:g}",
            bound=f"{info.bound:g}",
            gap=f"{info.gap:.4f}",
            seconds=f"{info.seconds:.2f}",
        )
    )
    console.print(text("cli.written", lang, folder=str(folder), files=file_list(outcome.files)))


def file_list(names: Any) -> str:
    """``map.html, schedule.csv, …, posters/ (15)``: top-level files, folders counted."""
    top = sorted(n for n in names if "/" not in n)
    sub: dict[str, int] = {}
    for n in names:
        if "/" in n:
            head = n.split("/", 1)[0]
            sub[head] = sub.get(head, 0) + 1
    return ", ".join([*top, *(f"{d}/ ({k})" for d, k in sorted(sub.items()))])


def _status(status: str, lang: str) -> str:
    from scheduler.output.labels import format_status

    return format_status(status, lang)
