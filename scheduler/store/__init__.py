"""The embedded database: attendance records and published plan versions.

One SQLite file (default :func:`default_db_path`: ``$VISITPLAN_DB``, else
``visitplan.db`` in the user's data folder; ``--db PATH`` on the command line) in
WAL mode, so the web page can read while a command writes. Every change runs in one
transaction (:meth:`Store.transaction`): a process killed at any instant leaves the
old state or the new one, complete.

API::

    store = open_store(path)                      # creates and migrates
    record_attendance(store, records, source=...) # idempotent upsert -> RecordResult
    attendance_records(store, start=..., end=...)
    publish(store, plan_folder, by=..., note=...) # -> PublishedVersion (append-only)
    published_versions(store, plan_key=None)
    published_visits(store, start=..., end=...)   # the current published visits
    published_files(store, plan_key, version)     # the files, byte for byte

Adding tables (e.g. the planner web page's settings, edits and audit log): append
``(number, name, sql)`` entries with numbers 100–199 to ``WEB_MIGRATIONS`` in a new
module ``scheduler/store/web_migrations.py`` (picked up by
:func:`scheduler.store.db.all_migrations`); never edit a committed migration.
Open the store with :func:`open_store` and write inside ``with store.transaction() as c:``.
"""

from scheduler.store.attendance import RecordResult, attendance_records, record_attendance
from scheduler.store.db import DB_ENV, Store, default_db_path, open_store
from scheduler.store.published import (
    PublishedVersion,
    PublishedVisit,
    publish,
    published_files,
    published_versions,
    published_visits,
)

__all__ = [
    "DB_ENV",
    "PublishedVersion",
    "PublishedVisit",
    "RecordResult",
    "Store",
    "attendance_records",
    "default_db_path",
    "open_store",
    "publish",
    "published_files",
    "published_versions",
    "published_visits",
    "record_attendance",
]
