"""The embedded district data, installed as the package ``scheduler.data``.

Read it with ``importlib.resources.files("scheduler.data")``; see ``README.md`` here for
what each file is and where it comes from.
"""
