"""What one run has done so far: the state of one CLI command (or one job), owned by it.

A Ctrl-C between two solver searches reports the best plan found so far, unless the run
has already written its plan folder. That needs two facts about *this* run: the latest
solution a search found (:mod:`scheduler.solver.interrupt`) and the folders written
(:mod:`scheduler.output.folder`). They live in a :class:`RunRecord` that the caller
creates for the run (:func:`run_record`, used by ``scheduler.cli._common.run_guarded``)
and drops at its end, not in module globals: two runs in one process (tests, the web
server's job threads) never see each other's record, and a thread that did not open a
record gets none (:func:`current_run` is then ``None`` and nothing is recorded).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RunRecord", "command_started", "current_run", "outside_run", "run_record"]

#: (stage, (visits, centers, travel minutes)) of a solution.
Figures = tuple[str, tuple[int, int, int]]


@dataclass
class RunRecord:
    """The latest solution a search of this run found, the plan folders it wrote, and
    when it began (``time.perf_counter()``): a command's time limit counts from
    ``started``, so reading and building the inputs use up the same budget as the
    search."""

    latest_solution: Figures | None = None
    written: list[Path] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)


_CURRENT: ContextVar[RunRecord | None] = ContextVar("visitplan_run", default=None)


def current_run() -> RunRecord | None:
    """The record of the run in progress in this context (``None`` outside a run)."""
    return _CURRENT.get()


def command_started() -> float | None:
    """When the run in progress began (``time.perf_counter()``), ``None`` outside a run."""
    run = _CURRENT.get()
    return None if run is None else run.started


@contextmanager
def run_record() -> Iterator[RunRecord]:
    """A fresh record for the run inside the ``with`` block, current until it ends."""
    record = RunRecord()
    token = _CURRENT.set(record)
    try:
        yield record
    finally:
        _CURRENT.reset(token)


@contextmanager
def outside_run() -> Iterator[None]:
    """No run is current inside the ``with`` block: for a long-lived server, whose
    requests and jobs are runs of their own (a job's time limit runs from the job's
    start, not from the server's)."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)
