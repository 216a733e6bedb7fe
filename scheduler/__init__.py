"""visitplan: visit-route scheduling for district job-counseling outreach.

The pipeline is ``load → Problem → solve → Plan → validate → render / export``:

- :mod:`scheduler.core` is the generic periodic-visit core (sites, days, sessions,
  teams, travel, rules, plans, the validator and the metrics);
- :mod:`scheduler.solver` turns a :class:`~scheduler.core.problem.Problem` into a
  :class:`~scheduler.core.plan.Plan` with OR-Tools CP-SAT;
- :mod:`scheduler.district` is the Seoul district front end (config, centers,
  Korean calendar, history) that builds a Problem;
- :mod:`scheduler.output` writes maps and files from a Plan;
- :mod:`scheduler.cli` is the only place that talks to the terminal.
"""

__version__ = "0.1.0"
