"""``visitplan record ATTENDANCE.csv``: store what happened at visits (idempotent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from scheduler.app.common import config_path_of
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.demand.records import Attendance, read_attendance
from scheduler.district.centers import read_centers
from scheduler.district.config import load_config
from scheduler.i18n import text
from scheduler.output.labels import format_date
from scheduler.store import open_store, record_attendance

MAX_LISTED = 5


def db_option(f):  # type: ignore[no-untyped-def]
    """``--db PATH``: the database file (default ``$VISITPLAN_DB`` or the user's data folder)."""
    return click.option(
        "--db",
        "db",
        type=click.Path(path_type=Path),
        default=None,
        help="cli.opt.db",
    )(f)


def visits_text(records: tuple[Attendance, ...], names: dict[str, str], lang: str) -> str:
    """``12월 3일(목) 소공동주민센터, …`` (the first few, then ``…``)."""
    parts = [
        f"{format_date(r.date, lang)} {names.get(r.center_id, r.center_id)}"
        for r in records[:MAX_LISTED]
    ]
    return ", ".join(parts) + (", …" if len(records) > MAX_LISTED else "")


@cli.command("record", help="cli.cmd.record")
@click.argument("attendance", type=click.Path(path_type=Path))
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    default=None,
    help="cli.opt.config",
)
@click.option(
    "--centers",
    type=click.Path(path_type=Path),
    default=None,
    help="cli.opt.centers",
)
@db_option
@lang_option
def record_cmd(
    attendance: Path, config: Path | None, centers: Path | None, db: Path | None, lang: str
) -> int:
    """Record attendance (date, center_id or name, visitors[, counseled, placed, counselor, note]).

    방문별 출석 기록을 데이터베이스에 저장합니다. 같은 파일을 다시 넣어도 바뀌지 않습니다.
    """
    cfg = load_config(config_path_of(config))
    sites = read_centers(centers or cfg.centers_path).sites
    rows = read_attendance(attendance, sites, today=dt.date.today())
    with open_store(db) as store:
        res = record_attendance(
            store, [r.record for r in rows], source=attendance.name, rows=[r.line for r in rows]
        )
        where = str(store.path)
    names = {s.id: (s.name if lang == "ko" else (s.name_en or s.name)) for s in sites}
    click.echo(
        text(
            "record.done",
            lang,
            file=attendance.name,
            added=res.added,
            updated=res.updated,
            unchanged=res.unchanged,
            db=where,
        )
    )
    warn = text("record.warning", lang)
    if res.unplanned:
        click.echo(
            f"{warn}: "
            + text(
                "record.unplanned",
                lang,
                n=len(res.unplanned),
                visits=visits_text(res.unplanned, names, lang),
            ),
            err=True,
        )
    if res.unpublished:
        click.echo(
            f"{warn}: "
            + text(
                "record.unpublished",
                lang,
                n=len(res.unpublished),
                visits=visits_text(res.unpublished, names, lang),
            ),
            err=True,
        )
    return EXIT_OK


def demand_options(f):  # type: ignore[no-untyped-def]
    """``--demand``, ``--db`` and ``--max-months-unvisited`` of ``plan``."""
    f = click.option(
        "--max-months-unvisited",
        "max_months_unvisited",
        type=click.IntRange(min=1),
        default=None,
        help="cli.opt.max_months_unvisited",
    )(f)
    f = db_option(f)
    return click.option(
        "--demand",
        "demand",
        type=click.Choice(["population", "attendance"]),
        default=None,
        help="cli.opt.demand",
    )(f)
