"""The application layer: one typed request → one function → one outcome.

The command line (:mod:`scheduler.cli`) and the web page call these functions and
only render what they return; nothing here prints, reads options or exits.

================================  =====================================  =================
request (:mod:`.requests`)        function                               writes files with
================================  =====================================  =================
``PlanRequest``                   ``plan(req, progress, cancel)``        ``write_plan``
``ReplanRequest``                 ``replan(req, progress, cancel)``      ``write_replan``
``WhatIfRequest``                 ``whatif(req, progress, cancel)``      ``write_whatif``
``EvaluateRequest``               ``evaluate(req, progress, cancel)``    (no files)
``ExplainRequest``                ``explain(req)``                       (no files)
``ExportRequest``                 ``export(req)``                        ``write_export``
================================  =====================================  =================

Requests are frozen dataclasses of plain values (text, numbers, tuples, paths), so
a web form can build them: ``PlanRequest(month="2026-12", counselors=2,
visits_per_day=2, counselor_names=("김민지", "이서준"), leave=(("김민지",
"2026-12-15..2026-12-17"),), closures=(("명동", "2026-12-10"),))``; ``config_path``
``None`` takes the embedded Jung-gu config. Centers and counselors may be named by
id or name (:mod:`.resolve`).

Each outcome carries the problem, the plan, the figures (``metrics`` and the
``summary.json`` dict), the violations, skipped days, warnings, the inputs stored in
``plan.json`` and ``files`` (file name → bytes) — everything a caller needs to show
the result or keep the files in its own store. Writing a folder is a separate,
atomic step (``write_plan(outcome, out=None, force=False)``; the default folder is
``maps/<label>/`` or its next free ``-v2``).

Solving and validating happen once, in :func:`scheduler.app.common.solve_checked`:
a plan the independent validator rejects raises
:class:`~scheduler.errors.InternalError` (exit 70 on the command line).

``progress`` is a callable taking a :class:`~.progress.ProgressEvent` (phases, each
finished solver stage, each finished what-if scenario). ``cancel`` is anything with
``is_set()`` (a :class:`threading.Event`); it is checked between phases and solver
stages and raises :class:`~scheduler.errors.Interrupted` with nothing written. The
layer keeps no module-level state: two requests in two threads do not share anything
here.

Errors: :class:`~scheduler.errors.DataError` (bad input; ``code``/``params``/
``hint_code`` name a catalog sentence, :func:`scheduler.i18n.text`),
:class:`~scheduler.errors.OutputError`, :class:`~scheduler.errors.InfeasibleError`
(no plan; ``message(lang)``), :class:`~scheduler.errors.Interrupted`,
:class:`~scheduler.errors.InternalError`.
"""

from scheduler.app.evaluate import EvaluateOutcome, evaluate
from scheduler.app.explain import explain
from scheduler.app.export import ExportOutcome, export, write_export
from scheduler.app.plan import PlanOutcome, check_out, plan, write_plan
from scheduler.app.progress import ProgressEvent
from scheduler.app.replan import ReplanOutcome, replan, write_replan
from scheduler.app.requests import (
    EvaluateRequest,
    ExplainRequest,
    ExportRequest,
    PlanRequest,
    ReplanRequest,
    WhatIfRequest,
)
from scheduler.app.whatif import WhatIfOutcome, whatif, write_whatif

__all__ = [
    "EvaluateOutcome",
    "EvaluateRequest",
    "ExplainRequest",
    "ExportOutcome",
    "ExportRequest",
    "PlanOutcome",
    "PlanRequest",
    "ProgressEvent",
    "ReplanOutcome",
    "ReplanRequest",
    "WhatIfOutcome",
    "WhatIfRequest",
    "check_out",
    "evaluate",
    "explain",
    "export",
    "plan",
    "replan",
    "whatif",
    "write_export",
    "write_plan",
    "write_replan",
    "write_whatif",
]
