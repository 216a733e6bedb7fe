"""``visitplan replan --plan DIR --from DATE``: re-plan from a date with the fewest changes.

Visits before ``--from`` stay exactly as they were; later visits change only where
they must. The whole new plan (earlier visits included) goes into a new folder with
``changes.csv`` and ``change-notice.<lang>.txt``; the old folder is only read.
Counselors and centers may be named by id or name (``--closed 명동:2027-01-21``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.cli._run import center_label, progress_display, spans, team_label, time_limit_option
from scheduler.i18n import text


@cli.command("replan", help="cli.cmd.replan")
@click.option(
    "--plan",
    "plan_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="cli.opt.plan_dir",
)
@click.option("--from", "since", required=True, help="cli.opt.from")
@click.option(
    "--unavailable", multiple=True, metavar="COUNSELOR:DATE[..DATE]", help="cli.opt.unavailable"
)
@click.option("--closed", multiple=True, metavar="CENTER:DATE[..DATE]", help="cli.opt.closed")
@click.option(
    "--add-counselor", "add_counselor", multiple=True, metavar="NAME", help="cli.opt.add_counselor"
)
@click.option(
    "--out", "out", type=click.Path(path_type=Path), default=None, help="cli.opt.replan_out"
)
@click.option("--force", is_flag=True, help="cli.opt.replan_force")
@time_limit_option(30.0)
@lang_option
def replan_cmd(
    plan_dir: Path,
    since: str,
    unavailable: tuple[str, ...],
    closed: tuple[str, ...],
    add_counselor: tuple[str, ...],
    out: Path | None,
    force: bool,
    time_limit: float,
    lang: str,
) -> int:
    from scheduler import app
    from scheduler.app.replan import check_replan_out

    req = app.ReplanRequest(
        plan_dir=plan_dir,
        since=since,
        unavailable=spans(unavailable, "--unavailable", "1:2026-12-15..2026-12-17"),
        closed=spans(closed, "--closed", "명동:2026-12-10"),
        add_counselors=add_counselor,
        time_limit_s=time_limit,
        lang=lang,
    )
    target = check_replan_out(plan_dir, out)  # fail before solving
    with progress_display(lang) as progress:
        outcome = app.replan(req, progress=progress)
    folder = app.write_replan(outcome, target, force=force)
    _print_changes(outcome, folder, lang)
    return EXIT_OK


def _print_changes(outcome: Any, folder: Path, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from scheduler.output.labels import format_date, format_status

    result, problem = outcome.result, outcome.problem
    con = Console(highlight=False)
    later = sum(1 for v in result.old_plan.visits if v.date >= result.since)
    kinds = ("moved", "cancelled", "added", "reassigned")
    counts = {k: sum(1 for c in result.changes if c.change == k) for k in kinds}
    detail = ", ".join(f"{text(f'cli.replan.kind.{k}', lang)} {v}" for k, v in counts.items() if v)
    con.print(
        text(
            "cli.replan.head",
            lang,
            when=format_date(result.since, lang),
            n=len(result.changes),
            later=later,
        )
        + (f" ({detail})" if detail else "")
    )
    if result.changes:
        table = Table(show_header=True, header_style="bold")
        for c in text("cli.replan.columns", lang).split("|"):
            table.add_column(c)

        def when(v: Any) -> str:
            if v is None:
                return "–"
            return f"{format_date(v.date, lang)} {team_label(problem, v.team_id, lang)}"

        for c in result.changes:
            kind = f"cli.replan.kind.{c.change}"
            table.add_row(
                text(kind, lang) if kind in _KINDS else c.change,
                center_label(problem, c.center_id, lang),
                when(c.old),
                when(c.new),
            )
        con.print(table)
    if result.emptied:
        names = ", ".join(center_label(problem, s, lang) for s in result.emptied)
        con.print(f"[yellow]{text('cli.replan.emptied', lang, centers=names)}[/yellow]")
    info, summary = result.plan.info, outcome.summary
    con.print(
        text(
            "cli.replan.figures",
            lang,
            visits=summary["visits"],
            covered=summary["centers_covered"],
            centers=summary["centers"],
            status=format_status(info.status, lang),
            seconds=f"{info.seconds:.2f}",
        )
    )
    con.print(text("cli.replan.written", lang, folder=str(folder)))


_KINDS = {f"cli.replan.kind.{k}" for k in ("moved", "cancelled", "added", "reassigned")}
