"""Periodic vehicle routing (PVRP): instances, solutions, validator and solver.

A generic core, independent of the district front end: customers need ``f``
visits over ``t`` days on one of their allowed day patterns, each day's fleet
has a capacity and an optional route duration limit, and the objective is the
total travel distance. :func:`read_cordeau` reads the standard benchmark format,
:func:`solve` finds good solutions (PyVRP inside a pattern search), and
:func:`validate` checks any solution without using a solver.
"""

from .instance import Customer, DayRules, Depot, PeriodicInstance, decode_pattern, read_cordeau
from .solution import Route, Solution, route_length
from .solve import NoSolutionError, Result, SearchParams, solve
from .validate import ValidationReport, Violation, validate

__all__ = [
    "Customer",
    "DayRules",
    "Depot",
    "NoSolutionError",
    "PeriodicInstance",
    "Result",
    "Route",
    "SearchParams",
    "Solution",
    "ValidationReport",
    "Violation",
    "decode_pattern",
    "read_cordeau",
    "route_length",
    "solve",
    "validate",
]
