"""``visitplan whatif``: plan one period under several staffing and calendar scenarios.

One scenario per combination of ``--counselors`` × ``--visits-per-day`` ×
``--weekdays``, solved in parallel worker processes (:func:`scheduler.app.whatif`).
Writes one plan folder per scenario (``c2-v1-tue,thu/``), ``whatif.csv`` and
``whatif.html``, and prints the comparison table. A scenario without a plan is a row
(status ``INFEASIBLE``), not an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scheduler.cli import _types as T
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, EXIT_VIOLATIONS, lang_option
from scheduler.cli._run import config_option, period_options, seed_option, tiles_option
from scheduler.i18n import text

#: The defaults of :mod:`scheduler.analysis.whatif` (kept here so that --help imports no solver).
DEFAULT_TIME_LIMIT_S = 15.0
MAX_WORKERS = 2
_STATUS = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "NO_PLAN_IN_TIME", "INVALID_PLAN")


def _print_table(results: list[Any], lang: str, folder: Path) -> None:
    """The comparison table on stdout (Korean by default)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from scheduler.analysis.report import status_text
    from scheduler.analysis.whatif import coverage_never_falls

    con = Console(highlight=False)
    first = results[0].row
    con.print(text("cli.whatif.head", lang, start=first["period_start"], end=first["period_end"]))
    cols = text("cli.whatif.columns", lang).split("|")
    table = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for i, c in enumerate(cols):
        table.add_column(
            c.replace("\\n", "\n"), justify="left" if i in (0, 7) else "right", no_wrap=i in (0, 7)
        )
    for r in results:
        row = r.row

        def v(key: str, row: dict[str, object] = row) -> str:
            value = row.get(key)
            return (
                "–"
                if value in (None, "")
                else (f"{value:g}" if isinstance(value, float) else str(value))
            )

        st = str(row["status"])
        status = text(f"cli.whatif.status.{st}", lang) if st in _STATUS else st
        table.add_row(
            r.scenario.name,
            v("visits"),
            v("centers_covered"),
            v("population_covered_pct"),
            v("max_days_between_visits"),
            v("travel_min_total"),
            v("travel_min_per_visit"),
            status,
            v("solve_seconds"),
        )
    con.print(table)
    con.print(text("cli.whatif.legend", lang), style="dim")
    if not coverage_never_falls(results):
        con.print(f"[yellow]{text('cli.whatif.coverage_falls', lang)}[/yellow]")
    for r in results:
        if not r.solved:
            reason = r.reason_ko if lang == "ko" else r.reason_en
            con.print(
                f"[yellow]{r.scenario.name}: {status_text(str(r.row['status']), lang)} – "
                f"{reason}[/yellow]"
            )
    con.print(text("cli.whatif.written", lang, folder=str(folder), n=len(results)))


@cli.command("whatif", help="cli.cmd.whatif")
@period_options
@config_option
@click.option(
    "--counselors", "counselors", default="1-4", show_default=True, help="cli.opt.wi_counselors"
)
@click.option("--visits-per-day", "visits_per_day", default=None, help="cli.opt.wi_visits_per_day")
@click.option("--weekdays", "weekdays", multiple=True, help="cli.opt.wi_weekdays")
@click.option("--centers", type=click.Path(path_type=Path), default=None, help="cli.opt.centers")
@click.option("--history", type=click.Path(path_type=Path), default=None, help="cli.opt.history")
@click.option(
    "--travel-matrix",
    "travel_matrix",
    type=click.Path(path_type=Path),
    default=None,
    help="cli.opt.travel_matrix",
)
@click.option(
    "--min-visits",
    "min_visits",
    type=T.VISIT_COUNT,
    default=None,
    help="cli.opt.min_visits",
)
@click.option(
    "--max-visits",
    "max_visits",
    type=T.VISIT_COUNT,
    default=None,
    help="cli.opt.max_visits",
)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="cli.opt.wi_out")
@click.option("--force", is_flag=True, help="cli.opt.wi_force")
@click.option(
    "--time-limit",
    "time_limit",
    type=T.TIME_LIMIT,
    default=DEFAULT_TIME_LIMIT_S,
    show_default=True,
    help="cli.opt.wi_time_limit",
)
@seed_option
@click.option(
    "--workers", type=click.IntRange(1, MAX_WORKERS), default=None, help="cli.opt.workers"
)
@tiles_option
@lang_option
def whatif_cmd(
    month: str | None,
    months: int,
    start: str | None,
    end: str | None,
    config: Path | None,
    counselors: str,
    visits_per_day: str | None,
    weekdays: tuple[str, ...],
    centers: Path | None,
    history: Path | None,
    travel_matrix: Path | None,
    min_visits: int | None,
    max_visits: int | None,
    out: Path | None,
    force: bool,
    time_limit: float,
    seed: int,
    workers: int | None,
    tiles: str,
    lang: str,
) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from scheduler import app
    from scheduler.analysis.report import status_text
    from scheduler.app.whatif import check_whatif_out, default_target, jobs_of
    from scheduler.output.labels import format_period

    req = app.WhatIfRequest(
        month=month,
        months=months,
        start=start,
        end=end,
        counselors=counselors,
        visits_per_day=visits_per_day,
        weekday_sets=weekdays,
        min_visits=min_visits,
        max_visits=max_visits,
        config_path=config,
        centers_path=centers,
        history_path=history,
        travel_matrix_path=travel_matrix,
        time_limit_s=time_limit,
        seed=seed,
        workers=workers,
        lang=lang,
        tiles=tiles,
    )
    jobs, label = jobs_of(req)  # bad options fail here, before any solving
    target = out if out is not None else default_target(label)
    check_whatif_out(target, force)
    err = Console(stderr=True, highlight=False)
    from scheduler.analysis.whatif import default_workers

    n_workers = min(workers or default_workers(), len(jobs))
    first = jobs[0].problem
    err.print(
        text(
            "cli.whatif.start",
            lang,
            n=len(jobs),
            period=format_period(first.start, first.end, lang),
            workers=n_workers,
            limit=f"{time_limit:g}",
        )
    )
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    task = progress.add_task(text("cli.whatif.solving", lang), total=len(jobs))

    def on_event(ev: Any) -> None:
        if ev.kind == "phase" and ev.name == "submitted":
            progress.start()  # after the workers are forked (no thread before the fork)
        elif ev.kind == "scenario":
            tail = f" ({ev.seconds:g}s)" if ev.seconds else ""
            progress.console.print(
                f"  {ev.name}: {status_text(ev.status, lang)}{tail}", highlight=False
            )
            progress.advance(task)

    try:
        outcome = app.whatif(req, progress=on_event, jobs=jobs)
    finally:
        progress.stop()
    folder = app.write_whatif(outcome, target, force=force)
    _print_table(outcome.results, lang, folder)
    if (
        outcome.invalid
    ):  # a solver bug: say so and exit 1 (rules broken), but keep every other scenario
        err.print(
            f"[red]{text('cli.whatif.invalid', lang, names=', '.join(outcome.invalid))}[/red]"
        )
        return EXIT_VIOLATIONS
    return EXIT_OK
