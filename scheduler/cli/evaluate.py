"""``visitplan evaluate SCHEDULE.csv``: the figures of any schedule and every rule it breaks.

The schedule is checked by the core validator (:func:`scheduler.app.evaluate`); its
period is the month(s) it falls in unless ``--month`` or ``--start/--end`` set it.
Exit codes: 0 no rule broken, 1 rules broken (listed), 2 the file cannot be read
as a schedule, 3 ``--compare`` found no plan for the period.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from scheduler.cli import _types as T
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, EXIT_VIOLATIONS, lang_option
from scheduler.cli._run import (
    center_label,
    config_option,
    period_options,
    progress_display,
    seed_option,
    team_label,
    time_limit_option,
)
from scheduler.i18n import text


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _signed(value: float) -> str:
    return "0" if value == 0 else f"{value:+g}"


def _print_report(ev: Any, cmp: Any | None, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from scheduler.analysis.evaluate import COMPARE_KEYS, center_differences, differences
    from scheduler.output.labels import format_date, format_minutes, format_period, format_status

    con = Console(highlight=False)
    m, p = ev.metrics, ev.problem
    con.print(text("cli.eval.head", lang, source=ev.source))
    con.print(
        text(
            "cli.eval.setup",
            lang,
            period=format_period(p.start, p.end, lang),
            counselors=", ".join(team_label(p, t, lang) for t in ev.counselor_ids),
            vpd=ev.visits_per_day,
        )
    )
    table = Table(show_header=True, header_style="bold")
    heads = text("cli.eval.columns", lang).split("|")
    table.add_column(heads[0])
    table.add_column(heads[1], justify="right")
    if cmp is not None:
        table.add_column(heads[2], justify="right")
        table.add_column(heads[3], justify="right")
        diff = differences(m, cmp.metrics)
    a, b = m.to_dict(), cmp.metrics.to_dict() if cmp else {}
    for key in COMPARE_KEYS:
        row = [text(f"cli.eval.figure.{key}", lang), _fmt(a[key])]
        if cmp is not None:
            row += [_fmt(b[key]), _signed(diff[key])]
        table.add_row(*row)
    con.print(table)
    con.print(
        text(
            "cli.eval.figures",
            lang,
            travel=format_minutes(m.travel_min_total, lang),
            covered=m.centers_covered,
            centers=m.centers,
            pct=m.population_covered_pct,
        )
    )
    if cmp is not None:
        only_a, only_b = center_differences(m, cmp.metrics)
        st = cmp.plan.info
        con.print(
            text(
                "cli.eval.optimized",
                lang,
                status=format_status(st.status, lang),
                gap=f"{st.gap:.4f}",
                seconds=f"{st.seconds:.2f}",
            )
        )

        def names(ids: list[str]) -> str:
            return ", ".join(center_label(p, s, lang) for s in ids)

        if only_a:
            con.print(text("cli.eval.only_schedule", lang, centers=names(only_a)))
        if only_b:
            con.print(text("cli.eval.only_optimized", lang, centers=names(only_b)))
        if not only_a and not only_b:
            con.print(text("cli.eval.same_centers", lang))
        con.print(_calendar_table(ev, cmp, lang))
    if ev.findings:
        vt = Table(show_header=True, header_style="bold", title=text("cli.eval.broken_title", lang))
        for c in text("cli.eval.broken_columns", lang).split("|"):
            vt.add_column(c)
        for f in ev.findings:
            vt.add_row(
                format_date(f.date, lang) if f.date else "–",
                center_label(p, f.center_id, lang) if f.center_id else "–",
                f.message(lang),
                str(f.line) if f.line else "–",
            )
        con.print(vt)
        con.print(f"[red]{text('cli.eval.broken_count', lang, n=len(ev.findings))}[/red]")
    else:
        con.print(f"[green]{text('cli.eval.clean', lang)}[/green]")


def _calendar_table(ev: Any, cmp: Any, lang: str) -> Any:
    """Both calendars date by date; ``≠`` marks dates whose centers differ."""
    from rich.table import Table

    from scheduler.output.labels import format_date

    table = Table(show_header=True, header_style="bold", title=text("cli.eval.by_day", lang))
    for c in text("cli.eval.by_day_columns", lang).split("|"):
        table.add_column(c)
    table.add_column("")
    a: dict[dt.date, list[Any]] = {}
    b: dict[dt.date, list[Any]] = {}
    for v in ev.plan.visits:
        a.setdefault(v.date, []).append(v)
    for v in cmp.plan.visits:
        b.setdefault(v.date, []).append(v)
    many = len(ev.counselor_ids) > 1
    p = ev.problem

    def day(visits: list[Any]) -> str:
        return (
            ", ".join(
                f"{team_label(p, v.team_id, lang)}: {center_label(p, v.site_id, lang)}"
                if many
                else center_label(p, v.site_id, lang)
                for v in visits
            )
            or "–"
        )

    for d in sorted(set(a) | set(b)):
        va, vb = a.get(d, []), b.get(d, [])
        same = sorted(v.site_id for v in va) == sorted(v.site_id for v in vb)
        table.add_row(format_date(d, lang), day(va), day(vb), "" if same else "≠")
    return table


def _visit_dicts(visits: tuple[Any, ...]) -> list[dict[str, object]]:
    from scheduler.output.labels import format_hhmm

    return [
        {
            "date": v.date.isoformat(),
            "center_id": v.site_id,
            "counselor": v.team_id,
            "start": format_hhmm(v.start_min),
        }
        for v in visits
    ]


@cli.command("evaluate", help="cli.cmd.evaluate")
@click.argument("schedule", type=click.Path(path_type=Path))
@config_option
@period_options
@click.option("--counselors", type=T.COUNSELORS, default=None, help="cli.opt.eval_counselors")
@click.option("--compare", is_flag=True, help="cli.opt.compare")
@click.option("--json", "as_json", is_flag=True, help="cli.opt.json")
@time_limit_option(20.0)
@seed_option
@lang_option
def evaluate_cmd(
    schedule: Path,
    config: Path | None,
    month: str | None,
    months: int,
    start: str | None,
    end: str | None,
    counselors: int | None,
    compare: bool,
    as_json: bool,
    time_limit: float,
    seed: int,
    lang: str,
) -> int:
    from scheduler import app
    from scheduler.analysis.evaluate import center_differences, differences

    req = app.EvaluateRequest(
        schedule_path=schedule,
        config_path=config,
        month=month,
        months=months,
        start=start,
        end=end,
        counselors=counselors,
        compare=compare,
        time_limit_s=time_limit,
        seed=seed,
        lang=lang,
    )
    with progress_display(lang) as progress:
        outcome = app.evaluate(req, progress=progress)
    ev, cmp = outcome.evaluation, outcome.comparison
    if as_json:
        out = ev.summary(lang)
        if cmp is not None:
            only_a, only_b = center_differences(ev.metrics, cmp.metrics)
            out["compare"] = {
                "optimized": cmp.summary(),
                "difference": differences(ev.metrics, cmp.metrics),
                "centers_only_in_schedule": only_a,
                "centers_only_in_optimized": only_b,
                "optimized_visits": _visit_dicts(cmp.plan.visits),
            }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_report(ev, cmp, lang)
    return EXIT_VIOLATIONS if ev.findings else EXIT_OK
