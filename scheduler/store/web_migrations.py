"""The planner web page's tables (migrations 100-199; see :mod:`scheduler.store.migrations`).

- ``web_setting``: the page's settings (key → JSON value), e.g. counselor names, the
  centers file the next plans use.
- ``web_plan``: a working plan: the inputs of its run (``plan.json``'s form), the
  solver's visits, and ``revision``, bumped by every change so that a second browser
  tab holding an older revision is refused instead of silently merged.
- ``web_edit``: the hand edits of a working plan, one row per step with the visits as
  they stand after it; ``web_plan.cursor`` is the step shown (undo moves it back,
  redo forward, a new edit drops the steps after it).
- ``web_audit``: who did what and when (plan made, edit, publish, settings change).
- ``web_district`` (101): each accepted set of district settings (home base, sessions,
  working day, rules) with the whole config TOML the next plans read;
  ``web_setting['district_config']`` names the one in use.
"""

from __future__ import annotations

from scheduler.store.migrations import Migration

WEB_MIGRATIONS: list[Migration] = [
    (
        100,
        "web page: settings, working plans, hand edits, audit log",
        """
CREATE TABLE web_setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,             -- JSON
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE web_plan (
    id           INTEGER PRIMARY KEY,
    plan_key     TEXT NOT NULL,            -- the period label, e.g. '2026-12'
    created_at   TEXT NOT NULL,
    inputs       TEXT NOT NULL,            -- JSON, the form of plan.json
    solved       TEXT NOT NULL,            -- JSON: the solver's visits and report
    revision     INTEGER NOT NULL DEFAULT 1,
    cursor       INTEGER NOT NULL DEFAULT 0 -- the web_edit step shown (0 = as solved)
);

CREATE TABLE web_edit (
    plan_id     INTEGER NOT NULL REFERENCES web_plan (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL CHECK (step >= 1),
    op          TEXT NOT NULL,             -- JSON: what the planner did
    visits      TEXT NOT NULL,             -- JSON: the visits after this step
    created_at  TEXT NOT NULL,
    PRIMARY KEY (plan_id, step)
) WITHOUT ROWID;

CREATE TABLE web_audit (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    who      TEXT NOT NULL DEFAULT '',
    action   TEXT NOT NULL,
    plan_id  INTEGER,
    detail   TEXT NOT NULL DEFAULT ''      -- JSON
);
""",
    ),
    (
        101,
        "web page: district settings (home base, sessions, working day, rules)",
        """
CREATE TABLE web_district (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL,             -- the district file the settings lie over
    overlay     TEXT NOT NULL,             -- JSON: the sections the planner set
    toml        TEXT NOT NULL,             -- the whole config as the next plans read it
    sha256      TEXT NOT NULL UNIQUE       -- of toml; names its file web-config/<sha256>.toml
);
""",
    ),
]
