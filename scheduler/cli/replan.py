"""``visitplan replan --plan DIR --from DATE``: re-plan from a date with the fewest changes.

Visits before ``--from`` stay exactly as they were; later visits change only where
they must. The whole new plan (earlier visits included) goes into a new folder with
``changes.csv`` and ``change-notice.<lang>.txt``; the old folder is only read.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from scheduler.analysis.replan import (
    base_folder_name,
    change_notice_text,
    changes_csv_bytes,
    parse_spans,
    replan,
)
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.core.plan import StageResult
from scheduler.district.tables import parse_date
from scheduler.errors import OutputError
from scheduler.output.bundle import plan_files
from scheduler.output.pdf import public_info
from scheduler.output.folder import next_version, write_folder
from scheduler.output.labels import format_date, format_status, format_team
from scheduler.output.map import read_boundaries

_KIND = {
    "moved": ("이동", "moved"),
    "cancelled": ("취소", "cancelled"),
    "added": ("추가", "added"),
    "reassigned": ("상담사 변경", "reassigned"),
}


@cli.command("replan")
@click.option("--plan", "plan_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The plan folder to start from (never modified).")
@click.option("--from", "since", required=True, help="First date that may change, YYYY-MM-DD.")
@click.option("--unavailable", multiple=True, metavar="COUNSELOR:DATE[..DATE]",
              help="A counselor cannot work on these dates (repeatable).")
@click.option("--closed", multiple=True, metavar="CENTER:DATE[..DATE]",
              help="A center is closed on these dates (repeatable).")
@click.option("--add-counselor", "add_counselor", multiple=True, metavar="ID",
              help="A new counselor who works from the home base (repeatable).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="New plan folder (default: the next free version beside the old one, e.g. maps/2026-12-v2).")
@click.option("--force", is_flag=True, help="Replace a plan already in --out (never the old plan).")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds for the whole solve.")
@lang_option
def replan_cmd(plan_dir: Path, since: str, unavailable: tuple[str, ...], closed: tuple[str, ...],
               add_counselor: tuple[str, ...], out: Path | None, force: bool, time_limit: float, lang: str) -> int:
    """Re-plan a saved plan from a date on, changing as few visits as possible.

    저장된 일정을 주어진 날부터 최소한으로 바꿔 다시 계획합니다.
    """
    ko = lang == "ko"
    start = parse_date(since, column="--from")
    target = out if out is not None else next_version(base_folder_name(plan_dir))
    if target.resolve() == plan_dir.resolve() or plan_dir.resolve() in target.resolve().parents:
        raise OutputError(f"{target} is the old plan folder, which replan never modifies",
                          hint="choose another --out")
    console = Console(stderr=True)
    names = {"changes": ("변경", "changes"), "demand": ("수요", "demand"), "travel": ("이동", "travel"),
             "balance": ("균형", "balance")}

    def on_stage(st: StageResult) -> None:
        label = names.get(st.name, (st.name, st.name))[0 if ko else 1]
        console.print(f"  [dim]{label}: {format_status(st.status, lang)} ({st.seconds:.2f}s)[/dim]", highlight=False)

    result = replan(
        plan_dir, start,
        unavailable=parse_spans(unavailable, "--unavailable", "COUNSELOR"),
        closed=parse_spans(closed, "--closed", "CENTER"),
        add_counselors=list(add_counselor),
        time_limit_s=time_limit, lang=lang, on_stage=on_stage,
    )
    problem, plan, built = result.built.problem, result.plan, result.built
    boundaries = read_boundaries(built.config.boundaries_path) if built.config.boundaries_path else None
    skipped = [{"date": s.date.isoformat(), "reason": s.reason, "name": s.name} for s in built.skipped]
    files = plan_files(
        problem, plan, lang=lang, tiles=result.inputs.get("tiles", "none"), boundaries=boundaries,
        previous=plan_dir, public=public_info(built.config),
        summary_extra={"visits_per_day": len(problem.days[0].sessions) if problem.days else 0,
                       "weekdays": sorted({d.date.isoweekday() for d in problem.days}),
                       "skipped_days": skipped, "validator_violations": 0,
                       "replan_from": start.isoformat(), "changes": len(result.changes)},
        inputs=result.inputs,
    )
    files["changes.csv"] = changes_csv_bytes(result.changes)
    for code in ("ko", "en"):
        files[f"change-notice.{code}.txt"] = change_notice_text(problem, result.changes, code).encode("utf-8")
    folder = write_folder(target, files, force=force)
    _print_changes(result, folder, lang)
    return EXIT_OK


def _print_changes(result, folder: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    ko = lang == "ko"
    con = Console(highlight=False)
    sites = {s.id: s for s in result.built.problem.sites}
    later = sum(1 for v in result.old_plan.visits if v.date >= result.since)
    when = format_date(result.since, lang)
    n = len(result.changes)
    counts = {k: sum(1 for c in result.changes if c.change == k) for k in _KIND}
    detail = ", ".join(f"{_KIND[k][0 if ko else 1]} {v}" for k, v in counts.items() if v)
    if ko:
        con.print(f"[bold]일정 재계획[/bold] {when}부터: 이후 방문 {later}회 중 {n}회 변경" + (f" ({detail})" if detail else ""))
    else:
        con.print(f"[bold]Replan[/bold] from {when}: {n} of {later} later visits changed" + (f" ({detail})" if detail else ""))
    if result.changes:
        table = Table(show_header=True, header_style="bold")
        for c in (("변경", "센터", "이전", "이후") if ko else ("Change", "Center", "Before", "After")):
            table.add_column(c)
        for c in result.changes:
            s = sites.get(c.center_id)
            name = (s.name if ko else (s.name_en or s.name)) if s else c.center_id
            old = f"{format_date(c.old.date, lang)} {format_team(c.old.team_id, lang)}" if c.old else "–"
            new = f"{format_date(c.new.date, lang)} {format_team(c.new.team_id, lang)}" if c.new else "–"
            table.add_row(_KIND[c.change][0 if ko else 1], name, old, new)
        con.print(table)
    if result.emptied:
        names = ", ".join((sites[s].name if ko else (sites[s].name_en or s)) for s in result.emptied)
        con.print(f"[yellow]{'경고: 더 이상 방문이 없는 센터' if ko else 'warning: no visit left for'}: {names} "
                  + ("(변경 최소화가 우선입니다. 방문을 살리려면 --add-counselor 로 상담사를 추가해 보세요.)" if ko else
                     "(fewest changes come first; to keep its visit, try --add-counselor)") + "[/yellow]")
    info = result.plan.info
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    if ko:
        con.print(f"방문 {summary['visits']}회 · 센터 {summary['centers_covered']}/{summary['centers']}곳 · "
                  f"상태: {format_status(info.status, lang)} · {info.seconds:.2f}초 · 검증 통과")
        con.print(f"저장 위치: {folder}/ (changes.csv, change-notice.ko.txt …) · 이전 일정은 그대로입니다.")
    else:
        con.print(f"{summary['visits']} visits · {summary['centers_covered']}/{summary['centers']} centers · "
                  f"status: {format_status(info.status, lang)} · {info.seconds:.2f}s · validator clean")
        con.print(f"Written to {folder}/ (changes.csv, change-notice.en.txt …); the old plan is unchanged.")
