"""``visitplan whatif``: plan one period under several staffing and calendar scenarios.

One scenario per combination of ``--counselors`` × ``--visits-per-day`` ×
``--weekdays``, solved in parallel worker processes. Writes one plan folder per
scenario (``c2-v1-tue,thu/``), ``whatif.csv`` and ``whatif.html``, and prints the
comparison table. A scenario without a plan is a row (status ``INFEASIBLE``), not
an error.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from scheduler.analysis.report import render_whatif_html, status_text
from scheduler.analysis.whatif import (
    DEFAULT_TIME_LIMIT_S,
    INVALID,
    MAX_WORKERS,
    REASON_FILE,
    Job,
    Scenario,
    ScenarioResult,
    coverage_never_falls,
    default_workers,
    parse_int_list,
    parse_weekday_sets,
    run_jobs,
    whatif_files,
    whatif_summary,
)
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, EXIT_VIOLATIONS, lang_option
from scheduler.cli._run import default_config_path, period_options, resolve_period
from scheduler.core.metrics import months_touched
from scheduler.district.build import Options, build_problem
from scheduler.district.config import load_config
from scheduler.district.replay import plan_inputs
from scheduler.errors import OutputError
from scheduler.output.folder import holds_anything, holds_plan, next_version, write_folder
from scheduler.output.labels import format_period
from scheduler.output.map import read_boundaries

_SHORT_STATUS = {
    "ko": {"OPTIMAL": "최적", "FEASIBLE": "가능", "INFEASIBLE": "불가", "NO_PLAN_IN_TIME": "시간초과",
           INVALID: "오류"},
    "en": {"OPTIMAL": "optimal", "FEASIBLE": "feasible", "INFEASIBLE": "infeasible", "NO_PLAN_IN_TIME": "timeout",
           INVALID: "INVALID"},
}


def _print_table(results: list[ScenarioResult], lang: str, folder: Path) -> None:
    """The comparison table on stdout (Korean by default)."""
    ko = lang == "ko"
    con = Console(highlight=False)
    first = results[0].row
    con.print(("[bold]시나리오 비교[/bold] " if ko else "[bold]Scenario comparison[/bold] ")
              + f"{first['period_start']} ~ {first['period_end']}")
    cols = (("시나리오", "방문", "센터", "인구\n%", "최장\n공백", "이동\n(분)", "방문당\n(분)", "상태", "계산\n(초)")
            if ko else ("Scenario", "Vis-\nits", "Cen-\nters", "Pop.\n%", "Wait\ndays", "Trav.\nmin", "Min/\nvisit",
                        "Status", "Solve\ns"))
    table = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for i, c in enumerate(cols):
        table.add_column(c, justify="left" if i in (0, 7) else "right", no_wrap=i in (0, 7))
    for r in results:
        row = r.row

        def v(key: str, row: dict[str, object] = row) -> str:
            value = row.get(key)
            return "–" if value in (None, "") else (f"{value:g}" if isinstance(value, float) else str(value))

        status = _SHORT_STATUS[lang].get(str(row["status"]), str(row["status"]))
        table.add_row(r.scenario.name, v("visits"), v("centers_covered"), v("population_covered_pct"),
                      v("max_days_between_visits"), v("travel_min_total"), v("travel_min_per_visit"), status,
                      v("solve_seconds"))
    con.print(table)
    con.print(("시나리오 cN-vM-요일 = 상담사 N명, 하루 M회 방문. 인구% = 방문한 센터의 인구 비율, "
               "최장 공백 = 어느 센터든 방문 없이 지나는 가장 긴 일수, 이동 = 기지 출발·복귀 포함 총 이동 시간") if ko else
              ("Scenario cN-vM-days = N counselors, M visits a day. Pop.% = share of residents whose center is "
               "visited; Wait = longest run of days any center goes without a visit; Travel = total minutes "
               "including the legs from and to the base"), style="dim")
    if not coverage_never_falls(results):
        con.print("[yellow]" + ("주의: 상담사를 늘렸는데 인구 커버율이 떨어진 시나리오가 있습니다"
                                if ko else "note: coverage falls somewhere when a counselor is added") + "[/yellow]")
    for r in results:
        if not r.solved:
            con.print(f"[yellow]{r.scenario.name}: {status_text(str(r.row['status']), lang)} – "
                      f"{r.reason_ko if ko else r.reason_en}[/yellow]")
    con.print((f"저장 위치: {folder}/ (whatif.csv, whatif.html, 시나리오별 폴더 {len(results)}개)") if ko else
              f"Written to {folder}/ (whatif.csv, whatif.html, {len(results)} scenario folders)")


@cli.command("whatif")
@period_options
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="District config TOML (default data/jung-gu.toml).")
@click.option("--counselors", "counselors", default="1-4", show_default=True,
              help="Counselor counts to try: 1-4, or 1,2,4.")
@click.option("--visits-per-day", "visits_per_day", default=None,
              help="Visits per counselor-day to try, e.g. 1,2 (default: the config's).")
@click.option("--weekdays", "weekdays", multiple=True,
              help="Visit weekdays of one scenario set, e.g. tue,thu; repeat the option (or separate sets "
                   "with '|') to try several (default: the config's).")
@click.option("--centers", type=click.Path(path_type=Path), default=None, help="Centers CSV (overrides the config).")
@click.option("--history", type=click.Path(path_type=Path), default=None,
              help="Earlier schedule CSV (date, center_id) for rotation.")
@click.option("--travel-matrix", "travel_matrix", type=click.Path(path_type=Path), default=None,
              help="CSV from_id,to_id,minutes overriding the travel model.")
@click.option("--min-visits", "min_visits", type=click.IntRange(min=0), default=None,
              help="Minimum visits per center in the period.")
@click.option("--max-visits", "max_visits", type=click.IntRange(min=0), default=None,
              help="Maximum visits per center in the period.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default maps/whatif-<period>/, or the next free -v2 …).")
@click.option("--force", is_flag=True, help="Replace what is already in --out.")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0.1), default=DEFAULT_TIME_LIMIT_S,
              show_default=True,
              help="Seconds for each scenario's solve.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed of the solver.")
@click.option("--workers", type=click.IntRange(1, MAX_WORKERS), default=None,
              help=f"Worker processes (default min({MAX_WORKERS}, cores)).")
@click.option("--tiles", default="none", show_default=True,
              help="Map background of each scenario: osm, carto, none, or a tile URL template.")
@lang_option
def whatif_cmd(month: str | None, months: int, start: str | None, end: str | None, config: Path | None,
               counselors: str, visits_per_day: str | None, weekdays: tuple[str, ...], centers: Path | None,
               history: Path | None, travel_matrix: Path | None, min_visits: int | None, max_visits: int | None,
               out: Path | None, force: bool, time_limit: float, seed: int, workers: int | None, tiles: str,
               lang: str) -> int:
    """Compare staffing scenarios: one plan per combination, whatif.csv and whatif.html.

    상담사 수·하루 방문 수·방문 요일을 바꿔 가며 일정을 계획하고 비교합니다.
    """
    config_path = config if config is not None else default_config_path()
    cfg = load_config(config_path)
    s, e, label = resolve_period(month, months, start, end)
    counts = parse_int_list(counselors, option="--counselors")
    vpds = parse_int_list(visits_per_day, option="--visits-per-day", high=12) if visits_per_day else \
        [cfg.visits_per_day]
    day_sets = parse_weekday_sets(weekdays) or [tuple(cfg.weekdays)]
    boundaries = read_boundaries(cfg.boundaries_path) if cfg.boundaries_path else None

    jobs = []
    for days in day_sets:
        for vpd in vpds:
            for c in counts:
                sc = Scenario(c, vpd, days)
                options = Options(start=s, end=e, counselors=c, visits_per_day=vpd, weekdays=days,
                                  centers_path=centers, history_path=history, matrix_path=travel_matrix,
                                  min_visits=min_visits, max_visits=max_visits, label=f"{label}-{sc.name}")
                built = build_problem(cfg, options)  # bad options fail here, before any solving
                jobs.append(Job(sc, built.problem, built.skipped, months_touched(s, e), time_limit, seed, lang,
                                tiles, boundaries,
                                plan_inputs(options, config_path, seed=seed, time_limit_s=time_limit, lang=lang,
                                            tiles=tiles)))
    target = out if out is not None else next_version(Path("maps") / f"whatif-{label}")
    if holds_anything(target) and not (force and holds_plan(target)):  # fail before solving, not after
        if holds_plan(target):
            raise OutputError(f"{target} already holds a what-if run or plan and will not be overwritten",
                              hint="choose another --out, or add --force to replace it")
        raise OutputError(f"{target} holds files that are not a plan and will not be replaced",
                          hint="choose a new or empty folder for --out")

    ko = lang == "ko"
    err = Console(stderr=True, highlight=False)
    n_workers = min(workers or default_workers(), len(jobs))
    err.print((f"시나리오 {len(jobs)}개 · {format_period(s, e, lang)} · 작업 프로세스 {n_workers}개 · "
               f"시나리오당 제한 {time_limit:g}초") if ko else
              (f"{len(jobs)} scenario(s) · {format_period(s, e, lang)} · {n_workers} worker process(es) · "
               f"{time_limit:g} s limit per scenario"))
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=False)
    task = progress.add_task("계산 중" if ko else "Solving", total=len(jobs))

    def on_done(r: ScenarioResult) -> None:
        secs = r.row.get("solve_seconds")
        tail = f" ({secs}s)" if secs not in (None, "") else ""
        progress.console.print(f"  {r.scenario.name}: {status_text(str(r.row['status']), lang)}{tail}",
                               highlight=False)
        progress.advance(task)

    try:
        results = run_jobs(jobs, workers=n_workers, on_submitted=progress.start, on_done=on_done)
    finally:
        progress.stop()
    html = render_whatif_html(results, lang=lang, time_limit_s=time_limit, seed=seed)
    summary = whatif_summary(results, time_limit_s=time_limit, seed=seed)
    folder = write_folder(target, whatif_files(results, html, summary), force=force)
    _print_table(results, lang, folder)
    invalid = [r.scenario.name for r in results if r.row["status"] == INVALID]
    if invalid:  # a solver bug: say so and exit 1 (rules broken), but keep every other scenario
        err.print("[red]" + (f"오류: 솔버가 규칙을 어기는 일정을 냈습니다: {', '.join(invalid)} "
                             f"(각 폴더의 {REASON_FILE} 참고)" if ko else
                             f"error: the solver returned plans that break rules: {', '.join(invalid)} "
                             f"(see {REASON_FILE} in each folder)") + "[/red]")
        return EXIT_VIOLATIONS
    return EXIT_OK
