"""Periodic vehicle routing benchmark front end (Cordeau's PVRP format).

Like the district front end, it builds the generic core problem: :func:`read_cordeau`
turns a benchmark file into a :class:`~scheduler.core.problem.Problem` of free-flow
days, which :func:`scheduler.solver.solve` solves and
:func:`scheduler.core.validate.validate` checks. :mod:`.record` writes and reads the
benchmark's JSON solution records; :mod:`.baseline` is the straightforward method
the benchmark compares against.
"""

from .cordeau import DAY_ZERO, DEPOT, decode_pattern, read_cordeau
from .record import plan_cost, plan_from_record, plan_from_routes, plan_record

__all__ = [
    "DAY_ZERO",
    "DEPOT",
    "decode_pattern",
    "plan_cost",
    "plan_from_record",
    "plan_from_routes",
    "plan_record",
    "read_cordeau",
]
