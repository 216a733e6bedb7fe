"""The Seoul district front end: config, centers, the Korean calendar, history.

It reads files and builds a generic :class:`~scheduler.core.problem.Problem`.
"""
