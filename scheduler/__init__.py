"""visitplan: visit-route scheduling for district job-counseling outreach.

The pipeline is ``load → Problem → solve → Plan → validate → render / export``:

- :mod:`scheduler.core` is the generic periodic-visit core (sites, days, sessions,
  teams, travel, rules, plans, the validator and the metrics);
- :mod:`scheduler.solver` turns a :class:`~scheduler.core.problem.Problem` into a
  :class:`~scheduler.core.plan.Plan` with OR-Tools CP-SAT;
- :mod:`scheduler.district` is the Seoul district front end (config, centers,
  Korean calendar, history) that builds a Problem;
- :mod:`scheduler.output` writes maps and files from a Plan;
- :mod:`scheduler.app` takes typed requests and returns outcomes (solve and validate
  happen there once); :mod:`scheduler.cli` and :mod:`scheduler.web` call it;
- :mod:`scheduler.i18n` holds every sentence, Korean and English.

Which layer may import which is checked by import-linter (``docs/tooling.md``). This
module imports nothing, so ``visitplan --version`` stays fast; the version below is the
only place the version is written (``pyproject.toml`` reads it).
"""

__version__ = "0.1.0"
