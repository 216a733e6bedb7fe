"""The one place that configures and runs CP-SAT, and the staged-objective driver.

Every CP-SAT solve of the package (solve, replan, explain, the balance stage) goes
through :func:`run`: the same seed, the same worker setting (one worker, or an
interleaved portfolio, both deterministic), an optional cap in *deterministic*
seconds (so a helper solve never depends on the machine's speed), full
linearization for the route models, and Ctrl-C through
:func:`scheduler.solver.interrupt.solve_model`.

:class:`Stages` is the lexicographic driver shared by ``solve`` and ``replan``: it
records each stage's result, reports it through ``on_stage``, and turns the stages
into one :class:`~scheduler.core.plan.SolveInfo` (``OPTIMAL`` only when every stage
is proven). :meth:`Stages.lexicographic` runs a list of objectives on one model,
each held at its optimum before the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.core.plan import SolveInfo, StageResult
from scheduler.solver.interrupt import solve_model
from scheduler.solver.objective import relative_gap

STATUS: dict[Any, str] = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE"}


@dataclass(frozen=True)
class Settings:
    """The solver settings of one run: seed and workers (``1``: deterministic)."""

    seed: int = 0
    workers: int = 1


def run(
    model: cp_model.CpModel,
    settings: Settings,
    *,
    seconds: float,
    stage: str = "",
    cap_s: float | None = None,
    linearization: int | None = 2,
    min_seconds: float = 0.01,
    describe: Callable[[cp_model.CpSolver], tuple[int, int, int]] | None = None,
) -> tuple[int, cp_model.CpSolver]:
    """Solve ``model`` within ``seconds`` (and ``cap_s`` deterministic seconds, if
    given): ``(status, solver)``. A Ctrl-C raises
    :class:`~scheduler.errors.Interrupted` with the best plan so far (``describe``
    gives its figures)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(min_seconds, seconds)
    if cap_s is not None:
        p.max_deterministic_time = cap_s
    p.random_seed = settings.seed
    p.num_workers = settings.workers
    # Parallel workers race and are not reproducible; interleaved they are.
    p.interleave_search = settings.workers > 1
    if linearization is not None:
        # The route and window rows are tight in the LP; full linearization lets a
        # single (deterministic) worker prove optimality instead of only finding it.
        p.linearization_level = linearization
    return solve_model(solver, model, stage=stage, describe=describe), solver


@dataclass
class Stages:
    """The lexicographic stages of one solve, as they finish."""

    on_stage: Callable[[StageResult], None] | None = None
    results: list[StageResult] = field(default_factory=list)

    def report(self, res: StageResult) -> StageResult:
        """Record a finished stage and pass it to ``on_stage``."""
        self.results.append(res)
        if self.on_stage:
            self.on_stage(res)
        return res

    def lexicographic(
        self,
        model: cp_model.CpModel,
        steps: Sequence[tuple[str, Any, bool]],
        solve_one: Callable[[str], tuple[int, cp_model.CpSolver]],
        *,
        after: Callable[[cp_model.CpSolver], None] | None = None,
    ) -> cp_model.CpSolver:
        """Optimise each ``(name, objective, maximise)`` of ``steps`` in turn on
        ``model``, holding each at its optimum before the next. ``solve_one(name)``
        solves the model and must raise when it finds nothing; ``after(solver)``
        runs after each stage (e.g. to hint the next one). Returns the last solver."""
        solver: cp_model.CpSolver | None = None
        for i, (name, objective, maximise) in enumerate(steps):
            # A callable builds its objective only when its stage comes (its helper
            # variables then stay out of the earlier stages' models).
            expr = objective() if callable(objective) else objective
            model.maximize(expr) if maximise else model.minimize(expr)
            t0 = time.perf_counter()
            status, solver = solve_one(name)
            self.report(
                StageResult(
                    name,
                    STATUS[status],
                    solver.objective_value,
                    solver.best_objective_bound,
                    time.perf_counter() - t0,
                )
            )
            if i + 1 < len(steps):
                best = round(solver.objective_value)
                model.add(expr >= best) if maximise else model.add(expr <= best)
            if after is not None:
                after(solver)
        assert solver is not None
        return solver

    def info(
        self,
        *,
        t0: float,
        settings: Settings,
        time_limit_s: float,
        objective: str,
        gap_of: Sequence[str] | None = None,
        params: tuple[tuple[str, str], ...] = (),
    ) -> SolveInfo:
        """The whole solve's report: ``objective`` names the stage whose objective and
        bound it carries; the gap (when not proven) is the worst of the stages
        ``gap_of`` (all by default)."""
        stages = self.results
        status = "OPTIMAL" if all(s.status == "OPTIMAL" for s in stages) else "FEASIBLE"
        named = {s.name: s for s in stages}
        gap = max(
            (
                relative_gap(s.objective, s.bound)
                for s in stages
                if gap_of is None or s.name in gap_of
            ),
            default=0.0,
        )
        main = named[objective]
        return SolveInfo(
            status=status,
            objective=main.objective,
            bound=main.bound,
            gap=0.0 if status == "OPTIMAL" else gap,
            seconds=round(time.perf_counter() - t0, 3),
            seed=settings.seed,
            time_limit_s=time_limit_s,
            stages=tuple(stages),
            params=(("workers", str(settings.workers)), *params),
        )
