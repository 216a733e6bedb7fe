"""``visitplan evaluate SCHEDULE.csv``: the figures of any schedule and every rule it breaks.

Exit codes: 0 no rule broken, 1 rules broken (listed), 2 the file cannot be read
as a schedule, 3 ``--compare`` found no plan for the period.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from scheduler.analysis.evaluate import (
    COMPARE_KEYS,
    Comparison,
    Evaluation,
    center_differences,
    differences,
    evaluate_file,
    optimize_same_period,
)
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, EXIT_VIOLATIONS, lang_option
from scheduler.cli._run import default_config_path
from scheduler.core.plan import StageResult, Visit
from scheduler.district.config import load_config
from scheduler.output.labels import (
    format_date,
    format_hhmm,
    format_minutes,
    format_period,
    format_status,
)

LABELS = {
    "visits": ("방문 수", "Visits"),
    "centers_covered": ("방문한 센터", "Centers visited"),
    "population_covered_pct": ("인구 커버율(%)", "Residents covered (%)"),
    "max_days_between_visits": ("최장 방문 공백(일)", "Longest wait (days)"),
    "travel_min_total": ("총 이동(분)", "Travel, total (min)"),
    "travel_min_per_visit": ("방문당 이동(분)", "Travel per visit (min)"),
    "visits_per_counselor_max": ("상담사별 최대 방문", "Most visits per counselor"),
    "slots": ("가능한 방문 칸", "Slots available"),
}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _signed(value: float) -> str:
    if value == 0:
        return "0"
    return f"{value:+g}"


def _print_report(ev: Evaluation, cmp: Comparison | None, lang: str) -> None:
    ko = lang == "ko"
    con = Console(highlight=False)
    m = ev.metrics
    con.print(("[bold]일정 평가[/bold] " if ko else "[bold]Schedule evaluation[/bold] ") + ev.source)
    con.print(format_period(ev.problem.start, ev.problem.end, lang)
              + (f" · 상담사 {len(ev.counselor_ids)}명 · 하루 최대 {ev.visits_per_day}회" if ko
                 else f" · {len(ev.counselor_ids)} counselor(s) · up to {ev.visits_per_day} visit(s) a day"))
    table = Table(show_header=True, header_style="bold")
    table.add_column("지표" if ko else "Figure")
    table.add_column("이 일정" if ko else "This schedule", justify="right")
    if cmp is not None:
        table.add_column("최적화 계획" if ko else "Optimized plan", justify="right")
        table.add_column("차이" if ko else "Difference", justify="right")
        diff = differences(m, cmp.metrics)
    a, b = m.to_dict(), cmp.metrics.to_dict() if cmp else {}
    for key in COMPARE_KEYS:
        label = LABELS[key][0 if ko else 1]
        row = [label, _fmt(a[key])]
        if cmp is not None:
            row += [_fmt(b[key]), _signed(diff[key])]
        table.add_row(*row)
    con.print(table)
    con.print((f"총 이동 {format_minutes(m.travel_min_total, lang)} · 센터 {m.centers_covered}/{m.centers}곳 · "
               f"인구 커버 {m.population_covered_pct}%") if ko else
              (f"Travel {format_minutes(m.travel_min_total, lang)} · {m.centers_covered}/{m.centers} centers · "
               f"{m.population_covered_pct}% of residents"))
    if cmp is not None:
        only_a, only_b = center_differences(m, cmp.metrics)
        st = cmp.plan.info
        con.print((f"최적화 계획: {format_status(st.status, lang)} · 갭 {st.gap:.4f} · {st.seconds:.2f}초")
                  if ko else f"Optimized plan: {format_status(st.status, lang)} · gap {st.gap:.4f} · {st.seconds:.2f}s")
        if only_a:
            con.print(("이 일정에만 있는 센터: " if ko else "Centers only in this schedule: ") + ", ".join(only_a))
        if only_b:
            con.print(("최적화 계획에만 있는 센터: " if ko else "Centers only in the optimized plan: ") + ", ".join(only_b))
        if not only_a and not only_b:
            con.print("두 일정이 같은 센터를 방문합니다." if ko else "Both visit the same centers.")
        con.print(_calendar_table(ev, cmp, lang))
    if ev.findings:
        vt = Table(show_header=True, header_style="bold", title=("규칙 위반" if ko else "Broken rules"))
        for c in (("날짜", "센터", "규칙", "내용") if ko else ("Date", "Center", "Rule", "What")):
            vt.add_column(c)
        for f in ev.findings:
            vt.add_row(format_date(f.date, lang) if f.date else "–", f.center_id or "–", f.rule, f.message(lang))
        con.print(vt)
        con.print(f"[red]규칙 위반 {len(ev.findings)}건[/red]" if ko else f"[red]{len(ev.findings)} broken rule(s)[/red]")
    else:
        con.print("[green]규칙 위반 없음[/green]" if ko else "[green]No rule is broken[/green]")


def _day_text(visits: list[Visit], many: bool) -> str:
    return ", ".join(f"{v.team_id}:{v.site_id}" if many else v.site_id for v in visits)


def _calendar_table(ev: Evaluation, cmp: Comparison, lang: str) -> Table:
    """Both calendars date by date; ``≠`` marks dates whose centers differ."""
    ko = lang == "ko"
    table = Table(show_header=True, header_style="bold", title="날짜별 비교" if ko else "Day by day")
    for c in (("날짜", "이 일정", "최적화 계획", "") if ko else ("Date", "This schedule", "Optimized plan", "")):
        table.add_column(c)
    a: dict[dt.date, list[Visit]] = {}
    b: dict[dt.date, list[Visit]] = {}
    for v in ev.plan.visits:
        a.setdefault(v.date, []).append(v)
    for v in cmp.plan.visits:
        b.setdefault(v.date, []).append(v)
    many = len(ev.counselor_ids) > 1
    for d in sorted(set(a) | set(b)):
        va, vb = a.get(d, []), b.get(d, [])
        same = sorted(v.site_id for v in va) == sorted(v.site_id for v in vb)
        table.add_row(format_date(d, lang), _day_text(va, many) or "–", _day_text(vb, many) or "–",
                      "" if same else "≠")
    return table


def _visit_dicts(visits: tuple[Visit, ...]) -> list[dict[str, object]]:
    return [{"date": v.date.isoformat(), "center_id": v.site_id, "counselor": v.team_id,
             "start": format_hhmm(v.start_min)} for v in visits]


@cli.command("evaluate")
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="District config TOML (default data/jung-gu.toml).")
@click.option("--compare", is_flag=True, help="Also solve the same period under the same rules and show both.")
@click.option("--json", "as_json", is_flag=True, help="Print exactly one JSON object to stdout.")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds for the --compare solve.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed of the solver.")
@lang_option
def evaluate_cmd(schedule: Path, config: Path | None, compare: bool, as_json: bool, time_limit: float, seed: int,
                 lang: str) -> int:
    """Measure a schedule (date, center_id[, counselor, start]) and list every broken rule.

    기존 방문 일정(예: 2022년 구 일정)을 평가하고 규칙 위반을 찾습니다.
    """
    cfg = load_config(config if config is not None else default_config_path())
    ev = evaluate_file(cfg, schedule)
    cmp = None
    if compare:
        err = Console(stderr=True, highlight=False)
        names = {"demand": ("수요", "demand"), "travel": ("이동", "travel"), "balance": ("균형", "balance")}

        def on_stage(st: StageResult) -> None:
            label = names.get(st.name, (st.name, st.name))[0 if lang == "ko" else 1]
            err.print(f"  [dim]{label}: {format_status(st.status, lang)} ({st.seconds:.2f}s)[/dim]")

        cmp = optimize_same_period(cfg, ev, time_limit_s=time_limit, seed=seed, on_stage=on_stage)
    if as_json:
        out = ev.summary(lang)
        if cmp is not None:
            only_a, only_b = center_differences(ev.metrics, cmp.metrics)
            out["compare"] = {"optimized": cmp.summary(), "difference": differences(ev.metrics, cmp.metrics),
                              "centers_only_in_schedule": only_a, "centers_only_in_optimized": only_b,
                              "optimized_visits": _visit_dicts(cmp.plan.visits)}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_report(ev, cmp, lang)
    return EXIT_VIOLATIONS if ev.findings else EXIT_OK
