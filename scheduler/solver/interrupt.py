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
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from ortools.sat.python import cp_model

from scheduler.errors import Interrupted

_POLL_S = 0.05
_STAGE_KO = {"demand": "수요", "travel": "이동", "balance": "균형"}

# The stage and figures of the latest solution found in this run (see reset()), so that
# a Ctrl-C in a search that has no solution yet, or between two searches, still
# reports the best plan so far.
_LATEST: list[tuple[str, tuple[int, int, int]]] = []


def reset() -> None:
    """Forget the solutions of earlier runs (the CLI calls it when a command starts)."""
    _LATEST.clear()


def solve_model(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    *,
    stage: str = "",
    describe: Callable[[cp_model.CpSolver], tuple[int, int, int]] | None = None,
) -> Any:
    """``solver.solve(model)`` that a Ctrl-C stops with :class:`Interrupted`.

    ``describe(solver)`` (called only when the search found a solution before it was
    interrupted) gives the best plan so far as (visits, centers, travel minutes).
    """
    solver.parameters.catch_sigint_signal = False
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model)  # signals reach the main thread only
    done = threading.Event()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["status"] = solver.solve(model)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
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
    if figures is not None:
        _LATEST[:] = [(stage, figures)]
    if interrupted:
        seconds = time.perf_counter() - t0
        earlier = None if found else (_LATEST[0] if _LATEST else None)
        err = Interrupted(_message(stage, solver, found, figures, earlier, seconds, "en"))
        err.message_ko = _message(stage, solver, found, figures, earlier, seconds, "ko")  # type: ignore[attr-defined]
        raise err
    return status


def _figures(describe: Callable[[cp_model.CpSolver], tuple[int, int, int]] | None,
             solver: cp_model.CpSolver) -> tuple[int, int, int] | None:
    if describe is None:
        return None
    try:
        return describe(solver)
    except Exception:  # noqa: BLE001 - the report must never hide the interruption
        return None


def _message(stage: str, solver: cp_model.CpSolver, found: bool, figures: tuple[int, int, int] | None,
             earlier: tuple[str, tuple[int, int, int]] | None, seconds: float, lang: str) -> str:
    ko = lang == "ko"
    if ko:
        stage = _STAGE_KO.get(stage, stage)
        head = (f"중단됨 (Ctrl-C){f' ({stage} 단계)' if stage else ''}, {seconds:.1f}초 후. "
                "아무 파일도 쓰지 않았습니다.")
        tail = "빨리 찾은 일정을 저장하려면 --time-limit 을 줄여 다시 실행하세요."
    else:
        head = f"interrupted (Ctrl-C){f' in the {stage} stage' if stage else ''} after {seconds:.1f} s; nothing was written."
        tail = "Run again with a shorter --time-limit to keep a plan found quickly."
    if not found:
        if earlier is None:
            return f"{head}\n" + ("아직 찾은 일정이 없었습니다." if ko else "No plan had been found yet.")
        st, (v, c, t) = earlier
        st = _STAGE_KO.get(st, st) if ko else st
        best = (f"지금까지 찾은 최선의 일정({st} 단계): 방문 {v}회, 센터 {c}곳, 이동 {t}분." if ko
                else f"Best plan so far (from the {st} stage): {v} visits to {c} centers, {t} min of travel.")
        return f"{head}\n{best}\n{tail}"
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = abs(bound - value) / max(1.0, abs(value))
    if ko:
        obj = f"목적값 {value:g}, 하한 {bound:g}, 갭 {gap:.4f}"
        fig = f"방문 {figures[0]}회, 센터 {figures[1]}곳, 이동 {figures[2]}분 " if figures else ""
        return f"{head}\n지금까지 찾은 최선의 일정: {fig}({obj}).\n{tail}"
    obj = f"objective {value:g}, bound {bound:g}, gap {gap:.4f}"
    fig = f"{figures[0]} visits to {figures[1]} centers, {figures[2]} min of travel " if figures else ""
    return f"{head}\nBest plan so far: {fig}({obj}).\n{tail}"


def between_searches_message(lang: str) -> str | None:
    """What to say for a Ctrl-C that fell outside a search (e.g. while a stage's model
    was being built), when this run has found a plan; ``None`` if it has not."""
    if not _LATEST:
        return None
    ko = lang == "ko"
    st, (v, c, t) = _LATEST[0]
    if ko:
        return (f"중단됨 (Ctrl-C). 아무 파일도 쓰지 않았습니다.\n지금까지 찾은 최선의 일정({_STAGE_KO.get(st, st)} 단계): "
                f"방문 {v}회, 센터 {c}곳, 이동 {t}분.\n빨리 찾은 일정을 저장하려면 --time-limit 을 줄여 다시 실행하세요.")
    return (f"interrupted (Ctrl-C); nothing was written.\nBest plan so far (from the {st} stage): {v} visits to "
            f"{c} centers, {t} min of travel.\nRun again with a shorter --time-limit to keep a plan found quickly.")


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
