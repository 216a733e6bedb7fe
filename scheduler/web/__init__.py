"""The planner's desk: a local web page over the same application layer as the CLI.

:mod:`scheduler.web.app` builds the ASGI app, :mod:`scheduler.web.security` guards it,
:mod:`scheduler.web.workbench` keeps working plans, hand edits and publishing in the
SQLite store, :mod:`scheduler.web.jobs` runs long requests with progress.
"""
