"""Why a center got its dates in a saved plan."""

from __future__ import annotations

from scheduler.app.requests import ExplainRequest
from scheduler.app.resolve import resolve_center


def explain(req: ExplainRequest):  # type: ignore[no-untyped-def]
    """The :class:`~scheduler.analysis.why.Explanation` for ``req.center`` (id or name);
    :func:`scheduler.analysis.why.explanation_lines` turns it into sentences."""
    from scheduler.analysis.why import explain_center
    from scheduler.app.common import with_names
    from scheduler.app.export import load_saved

    built, _, _ = load_saved(req.plan_dir)
    sid = resolve_center(built.problem.sites, req.center, column="--center")
    ex = explain_center(
        req.plan_dir,
        sid,
        time_limit_s=req.time_limit_s,
        seed=req.seed,
        alternatives=req.alternatives,
    )
    names = [t.name for t in built.problem.teams]
    ex.problem = with_names(ex.problem, names)  # the names given to plan, for the sentences
    return ex
