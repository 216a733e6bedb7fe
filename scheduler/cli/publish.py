"""``visitplan publish PLAN_DIR --by NAME``: record a plan folder as a published version.

The next month's plan reads the published visits as its rotation history (no
``--history`` needed). ``--list`` shows the versions; ``--restore KEY VERSION --out DIR``
writes a published version's files back, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option
from scheduler.cli.record import db_option
from scheduler.errors import DataError
from scheduler.i18n import text
from scheduler.output.folder import MANIFEST, write_folder
from scheduler.store import (
    open_store,
    publish,
    published_files,
    published_versions,
    published_visits,
)


@cli.command("publish", help="cli.cmd.publish")
@click.argument("plan_dir", type=click.Path(path_type=Path), required=False)
@click.option("--by", "by", default=None, help="cli.opt.by")
@click.option("--note", default="", help="cli.opt.note")
@click.option("--list", "list_", is_flag=True, help="cli.opt.list_versions")
@click.option(
    "--restore",
    nargs=2,
    default=None,
    metavar="KEY VERSION",
    help="cli.opt.restore",
)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="cli.opt.restore_out")
@db_option
@lang_option
def publish_cmd(
    plan_dir: Path | None,
    by: str | None,
    note: str,
    list_: bool,
    restore: tuple[str, str] | None,
    out: Path | None,
    db: Path | None,
    lang: str,
) -> int:
    """Publish a plan folder as the next version of its plan (never overwrites one).

    계획 폴더를 게시 버전으로 기록합니다. 다음 달 계획은 게시된 방문을 이력으로 씁니다.
    """
    with open_store(db) as store:
        if list_:
            versions = published_versions(store)
            click.echo(text("publish.list_head", lang) if versions else text("publish.none", lang))
            for v in versions:
                click.echo(
                    text(
                        "publish.list_row",
                        lang,
                        key=v.plan_key,
                        version=v.version,
                        start=v.start.isoformat(),
                        end=v.end.isoformat(),
                        by=v.published_by,
                        at=v.published_at,
                        note=v.note,
                    )
                )
            return EXIT_OK
        if restore:
            key, number = restore
            if out is None:
                raise DataError(
                    "--restore needs --out",
                    column="--out",
                    code="publish.restore_needs_out",
                    hint="name a new folder, e.g. --out restored",
                    hint_code="publish.restore_out.hint",
                )
            if not number.isdigit():
                raise DataError(
                    "not a version number",
                    column="--restore",
                    value=number,
                    code="publish.bad_version",
                    hint="e.g. --restore 2026-12 2",
                    hint_code="publish.bad_version.hint",
                )
            files = dict(published_files(store, key, int(number)))
            files.pop(MANIFEST, None)  # write_folder writes the same manifest again
            folder = write_folder(out, files, force=False)
            click.echo(text("publish.restored", lang, key=key, version=number, folder=str(folder)))
            return EXIT_OK
        if plan_dir is None:
            raise DataError(
                "name the plan folder to publish",
                column="PLAN_DIR",
                code="publish.no_folder",
                hint="e.g. visitplan publish maps/2026-12 --by 'Kim Minji'",
                hint_code="publish.no_folder.hint",
            )
        if by is None:
            raise DataError(
                "say who publishes the plan",
                column="--by",
                code="store.publish_by_empty",
                hint="e.g. --by 'Kim Minji'",
                hint_code="store.publish_by_empty.hint",
            )
        v = publish(store, plan_dir, by=by, note=note)
        n_files = len(published_files(store, v.plan_key, v.version))
        n_visits = len(published_visits(store, plan_key=v.plan_key, version=v.version))
        where = str(store.path)
    if v.created:
        click.echo(
            text(
                "publish.done",
                lang,
                key=v.plan_key,
                version=v.version,
                by=v.published_by,
                at=v.published_at,
                files=n_files,
                visits=n_visits,
                db=where,
            )
        )
    else:
        click.echo(
            text(
                "publish.same",
                lang,
                key=v.plan_key,
                version=v.version,
                by=v.published_by,
                at=v.published_at,
            )
        )
    return EXIT_OK
