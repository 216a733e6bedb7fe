"""Analyses on top of the planner: what-if scenarios and evaluating an existing schedule.

Nothing here prints; :mod:`scheduler.cli.whatif` and :mod:`scheduler.cli.evaluate`
turn the results into terminal output and files.
"""
