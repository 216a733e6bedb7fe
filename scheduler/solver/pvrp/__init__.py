"""Periodic vehicle routing internals of the free-flow strategy (private to the solver).

:mod:`.instance` is the flat node-indexed view the search works on, built from a
core problem by :func:`scheduler.solver.free_flow.flat_instance`; :mod:`.search`
is the pattern search around PyVRP; :mod:`.bound` the LP lower bound.
"""
