"""Ctrl-C during a CP-SAT solve: stop cleanly and say what the best plan so far was.

By default CP-SAT installs its own SIGINT handler while it solves: Ctrl-C then makes
``solve`` return its best solution as if the time limit had been reached, Python
never learns that the user interrupted (the program would go on and write a plan),
and the handler left behind afterwards kills the process on the next Ctrl-C.

:func:`solve_model` therefore turns CP-SAT's handler off
(``catch_sigint_signal = False``) and, in the main thread, runs the search in a
worker thread while the main thread waits. Python's own handler then raises
``KeyboardInterrupt`` in the main thread; we ask CP-SAT to stop
(``stop_search``), wait for it to return its best solution, and raise
:class:`~scheduler.errors.Interrupted` whose message gives the headline figures of
that solution. The CLI prints it on stderr and exits with 130, writing nothing.

The latest solution of the run is kept in the run's own
:class:`~scheduler.core.run.RunRecord` (no module state), so that a Ctrl-C in a search
that has no solution yet, or between two searches, still reports the best plan so far.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ortools.sat.python import cp_model

from scheduler.core.run import RunRecord, current_run
from scheduler.errors import Interrupted
from scheduler.i18n import has, text

_POLL_S = 0.05


def reset(record: RunRecord | None = None) -> None:
    """Forget the latest solution of ``record`` (default: the current run's)."""
    record = record or current_run()
    if record is not None:
        record.latest_solution = None


def solve_model(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    *,
    stage: str = "",
    describe: Callable[[cp_model.CpSolver], tuple[int, int, int]] | None = None,
    record: RunRecord | None = None,
) -> Any:
    """``solver.solve(model)`` that a Ctrl-C stops with :class:`Interrupted`.

    ``describe(solver)`` (called only when the search found a solution before it was
    interrupted) gives the best plan so far as (visits, centers, travel minutes); it is
    kept in ``record`` (default: the current run's, if any).
    """
    solver.parameters.catch_sigint_signal = False
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model)  # signals reach the main thread only
    done = threading.Event()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["status"] = solver.solve(model)
        except BaseException as e:
            result["error"] = e
        finally:
            done.set()

    t0 = time.perf_counter()
    worker = threading.Thread(target=work, name="cp-sat", daemon=True)
    worker.start()
    interrupted = False
    while True:
        try:
            # Event.wait, not Thread.join: a KeyboardInterrupt inside join() can leave
            # the thread looking finished while CP-SAT still runs (and then aborts).
            while not done.wait(_POLL_S):
                if interrupted:
                    solver.stop_search()  # again, in case the search had not started yet
            break
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    worker.join()
    if "error" in result:
        raise result["error"]
    status = result["status"]
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    figures = _figures(describe, solver) if found else None
    record = record or current_run()
    if figures is not None and record is not None:
        record.latest_solution = (stage, figures)
    if interrupted:
        seconds = time.perf_counter() - t0
        earlier = None if found or record is None else record.latest_solution
        err = Interrupted(_message(stage, solver, found, figures, earlier, seconds, "en"))
        err.message_ko = _message(stage, solver, found, figures, earlier, seconds, "ko")  # type: ignore[attr-defined]
        raise err
    return status


def _figures(
    describe: Callable[[cp_model.CpSolver], tuple[int, int, int]] | None, solver: cp_model.CpSolver
) -> tuple[int, int, int] | None:
    if describe is None:
        return None
    try:
        return describe(solver)
    except Exception:
        return None


def _stage_name(stage: str, lang: str) -> str:
    code = f"solver.stage.{stage}"
    return text(code, lang) if has(code) else stage


def _message(
    stage: str,
    solver: cp_model.CpSolver,
    found: bool,
    figures: tuple[int, int, int] | None,
    earlier: tuple[str, tuple[int, int, int]] | None,
    seconds: float,
    lang: str,
) -> str:
    in_stage = (
        text("solver.interrupt.in_stage", lang, stage=_stage_name(stage, lang)) if stage else ""
    )
    head = text("solver.interrupt.head", lang, stage=in_stage, seconds=f"{seconds:.1f}")
    tail = text("solver.interrupt.tail", lang)
    if not found:
        if earlier is None:
            return f"{head}\n" + text("solver.interrupt.none_yet", lang)
        st, (v, c, t) = earlier
        best = text(
            "solver.interrupt.earlier",
            lang,
            stage=_stage_name(st, lang),
            visits=v,
            centers=c,
            travel=t,
        )
        return f"{head}\n{best}\n{tail}"
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = abs(bound - value) / max(1.0, abs(value))
    fig = (
        text(
            "solver.interrupt.figures",
            lang,
            visits=figures[0],
            centers=figures[1],
            travel=figures[2],
        )
        if figures
        else ""
    )
    best = text(
        "solver.interrupt.best",
        lang,
        figures=fig,
        value=f"{value:g}",
        bound=f"{bound:g}",
        gap=f"{gap:.4f}",
    )
    return f"{head}\n{best}\n{tail}"


def between_searches_message(lang: str, record: RunRecord | None = None) -> str | None:
    """What to say for a Ctrl-C that fell outside a search (e.g. while a stage's model
    was being built), when the run of ``record`` (default: the current one) has found a
    plan; ``None`` if it has not."""
    record = record or current_run()
    if record is None or record.latest_solution is None:
        return None
    st, (v, c, t) = record.latest_solution
    best = text(
        "solver.interrupt.earlier", lang, stage=_stage_name(st, lang), visits=v, centers=c, travel=t
    )
    return "\n".join(
        [text("solver.interrupt.head_between", lang), best, text("solver.interrupt.tail", lang)]
    )


def route_figures(routes: Iterable[tuple[int, Any]]) -> tuple[int, int, int]:
    """Headline figures of chosen routes ``(group, route)``: visits, centers, travel minutes."""
    visits = 0
    centers: set[str] = set()
    travel = 0
    for _, route in routes:
        visits += len(route.stops)
        centers |= set(route.sites)
        travel += int(route.travel_min)
    return visits, len(centers), travel
