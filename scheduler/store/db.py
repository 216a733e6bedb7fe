"""The SQLite file: where it lives, opening it, migrations, transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Self

from scheduler.errors import DataError
from scheduler.store.migrations import CORE_MIGRATIONS, Migration, check_migrations
from scheduler.store.web_migrations import WEB_MIGRATIONS

DB_ENV = "VISITPLAN_DB"
DB_NAME = "visitplan.db"
APP_DIR = "visitplan"


def default_db_path(env: dict[str, str] | None = None) -> Path:
    """The database file: ``$VISITPLAN_DB`` if set, else ``visitplan.db`` in the user's
    data folder (``$XDG_DATA_HOME/visitplan`` or ``~/.local/share/visitplan`` on Linux,
    ``~/Library/Application Support/visitplan`` on macOS, ``%APPDATA%\\visitplan`` on
    Windows)."""
    env = dict(os.environ) if env is None else env
    if env.get(DB_ENV):
        return Path(env[DB_ENV]).expanduser()
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(env["XDG_DATA_HOME"]) if env.get("XDG_DATA_HOME") else home / ".local" / "share"
    return base / APP_DIR / DB_NAME


def all_migrations() -> list[Migration]:
    """The core migrations and every area's (:mod:`scheduler.store.migrations`), by number."""
    return sorted([*CORE_MIGRATIONS, *WEB_MIGRATIONS], key=lambda m: m[0])


def utc_now() -> str:
    """The current UTC time as an ISO timestamp with seconds (``2026-12-03T12:00:00Z``)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """An open database. Use :meth:`transaction` for every change; reads may use
    :attr:`conn` directly. Close with :meth:`close` or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (uncommitted changes are rolled back)."""
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any
        exception. A process killed inside leaves the database as it was before."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])


def _err(
    message: str, path: Path, code: str, hint: str, hint_code: str, **params: object
) -> DataError:
    return DataError(
        message,
        file=str(path),
        hint=hint,
        code=code,
        hint_code=hint_code,
        params={"file": str(path), **params},
    )


def connect(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode with foreign keys on and a busy timeout;
    transactions are explicit (``isolation_level=None``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    except (OSError, sqlite3.OperationalError) as e:
        raise _err(
            f"cannot open the database: {e}",
            path,
            "store.cannot_open",
            "check the folder exists and is writable, or pass --db PATH",
            "store.cannot_open.hint",
            reason=str(e),
        ) from None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # e.g. a file system without shared memory
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise _err(
            f"not a visitplan database: {e}",
            path,
            "store.not_a_database",
            "pass --db with the path of a visitplan database, or a new file name",
            "store.not_a_database.hint",
            reason=str(e),
        ) from None
    return conn


def migrate(conn: sqlite3.Connection, path: Path, migrations: list[Migration] | None = None) -> int:
    """Apply every migration above the database's ``user_version``; return the new version.

    Each migration runs in its own transaction together with the version bump, so a
    run killed in the middle leaves the schema at the last complete migration."""
    migs = all_migrations() if migrations is None else sorted(migrations, key=lambda m: m[0])
    check_migrations(migs)
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    newest = migs[-1][0] if migs else 0
    if current > newest:
        raise _err(
            f"the database was written by a newer visitplan (schema {current}, this one knows "
            f"{newest})",
            path,
            "store.too_new",
            "update visitplan, or pass --db with another file",
            "store.too_new.hint",
            schema=current,
            known=newest,
        )
    for number, _name, sql in migs:
        if number <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # One statement at a time: executescript() would commit our transaction.
            for stmt in _statements(sql):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        current = number
    return current


def _statements(sql: str) -> list[str]:
    """``sql`` split into complete statements (comments and semicolons in strings respected)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def open_store(path: Path | str | None = None) -> Store:
    """Open (creating if needed) and migrate the database at ``path`` (default
    :func:`default_db_path`)."""
    p = Path(path).expanduser() if path is not None else default_db_path()
    if p.is_dir():
        raise _err(
            "is a folder, not a database file",
            p,
            "store.is_folder",
            f"name a file, e.g. {p / DB_NAME}",
            "store.is_folder.hint",
            suggestion=str(p / DB_NAME),
        )
    conn = connect(p)
    try:
        migrate(conn, p)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise _err(
            f"not a visitplan database: {e}",
            p,
            "store.not_a_database",
            "pass --db with the path of a visitplan database, or a new file name",
            "store.not_a_database.hint",
            reason=str(e),
        ) from None
    except BaseException:
        conn.close()
        raise
    return Store(conn, p)
