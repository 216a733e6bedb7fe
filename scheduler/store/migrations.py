"""The database schema as a numbered list of migrations.

Each entry is ``(number, name, sql)``; :func:`scheduler.store.db.migrate` applies,
in one transaction each, every entry whose number is above the database's
``PRAGMA user_version`` and then sets ``user_version`` to that number. A migration is
never edited once committed: change the schema by appending a new entry.

Numbering (so that areas can append without colliding):

- ``1``–``99``: the store core (attendance, published plan versions);
- ``100``–``199``: the planner web page (settings, edits, audit log): append to
  :data:`WEB_MIGRATIONS` in :mod:`scheduler.store.web_migrations`;
- ``200`` and up: free.

The list must stay sorted; :func:`check_migrations` (run by the tests) says so.
"""

from __future__ import annotations

Migration = tuple[int, str, str]

CORE_MIGRATIONS: list[Migration] = [
    (
        1,
        "attendance and published plan versions",
        """
CREATE TABLE attendance (
    date         TEXT NOT NULL,            -- ISO date of the visit
    center_id    TEXT NOT NULL,
    counselor    TEXT NOT NULL DEFAULT '', -- '' when the record does not say
    visitors     INTEGER NOT NULL CHECK (visitors >= 0),
    counseled    INTEGER CHECK (counseled >= 0),
    placed       INTEGER CHECK (placed >= 0),
    note         TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '', -- file name or 'web'
    source_row   INTEGER,
    recorded_at  TEXT NOT NULL,            -- UTC ISO timestamp of the last change
    PRIMARY KEY (date, center_id, counselor)
) WITHOUT ROWID;
CREATE INDEX attendance_center ON attendance (center_id, date);

CREATE TABLE plan_version (
    id            INTEGER PRIMARY KEY,
    plan_key      TEXT NOT NULL,           -- the plan's label, e.g. '2026-12'
    version       INTEGER NOT NULL CHECK (version >= 1),
    start         TEXT NOT NULL,           -- ISO first day of the period
    end           TEXT NOT NULL,           -- ISO last day
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL,           -- UTC ISO timestamp
    note          TEXT NOT NULL DEFAULT '',
    content_sha256 TEXT NOT NULL,          -- over the sorted (file name, file sha256) list
    UNIQUE (plan_key, version)
);

CREATE TABLE plan_file (
    version_id  INTEGER NOT NULL REFERENCES plan_version (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,             -- path inside the plan folder, '/'-separated
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    PRIMARY KEY (version_id, name)
) WITHOUT ROWID;

CREATE TABLE plan_visit (
    version_id  INTEGER NOT NULL REFERENCES plan_version (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    counselor   TEXT NOT NULL,
    visit_order INTEGER NOT NULL,
    center_id   TEXT NOT NULL,
    start       TEXT NOT NULL,             -- HH:MM
    end         TEXT NOT NULL,
    PRIMARY KEY (version_id, date, counselor, visit_order)
) WITHOUT ROWID;
CREATE INDEX plan_visit_center ON plan_visit (center_id, date);
""",
    ),
]


def check_migrations(migrations: list[Migration]) -> None:
    """Raise ``ValueError`` unless the numbers are unique and positive."""
    numbers = [m[0] for m in migrations]
    if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
        raise ValueError(f"migration numbers must be unique and >= 1, got {numbers}")
