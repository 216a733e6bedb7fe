"""Evaluate a schedule file with the core validator, optionally beside an optimized plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scheduler.app.common import config_path_of, resolve_period
from scheduler.app.progress import (
    CancelFlag,
    Progress,
    ProgressEvent,
    check_cancel,
    report,
    stage_callback,
)
from scheduler.app.requests import EvaluateRequest


@dataclass(frozen=True)
class EvaluateOutcome:
    """``evaluation`` (:class:`scheduler.analysis.evaluate.Evaluation`: problem, hand-made
    plan, metrics, findings) and, with ``compare``, the optimized ``comparison``."""

    evaluation: Any
    comparison: Any | None

    @property
    def violations(self) -> tuple[Any, ...]:
        """Every broken rule (:class:`scheduler.analysis.evaluate.Finding`)."""
        return tuple(self.evaluation.findings)


def evaluate(
    req: EvaluateRequest, progress: Progress | None = None, cancel: CancelFlag | None = None
) -> EvaluateOutcome:
    """Read ``req.schedule_path``, check it with the core validator and measure it.

    The period is the month(s) the schedule falls in unless ``req`` sets one.
    """
    from scheduler.analysis.evaluate import evaluate_file, optimize_same_period
    from scheduler.district.config import load_config

    report(progress, ProgressEvent("phase", "load"))
    cfg = load_config(config_path_of(req.config_path))
    start = end = None
    if req.month or req.start or req.end:
        start, end, _ = resolve_period(req.month, req.months, req.start, req.end)
    ev = evaluate_file(cfg, req.schedule_path, start=start, end=end, counselors=req.counselors)
    cmp = None
    if req.compare:
        check_cancel(cancel)
        report(progress, ProgressEvent("phase", "solve"))
        cmp = optimize_same_period(
            cfg,
            ev,
            time_limit_s=req.time_limit_s,
            seed=req.seed,
            on_stage=stage_callback(progress, cancel),
            # Where the optimum ties, the district's own dates: the comparison then
            # shows only the changes that gain something.
            prefer=ev.plan,
        )
    return EvaluateOutcome(ev, cmp)
