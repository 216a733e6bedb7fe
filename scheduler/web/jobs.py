"""Long requests (plan, re-optimize, compare) run in a thread; the page polls them.

A job records its progress events (phase, finished solver stages with their status
and gap), the elapsed time, and at the end a result or an error sentence. Cancel
sets the job's flag; the application layer stops at the next stage boundary and
raises :class:`~scheduler.errors.Interrupted`, and nothing is saved.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scheduler.app.progress import ProgressEvent
from scheduler.core.run import run_record


@dataclass
class Job:
    """One running or finished request."""

    id: str
    kind: str
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    events: list[ProgressEvent] = field(default_factory=list)
    result: Any = None
    error: str | None = None
    cancelled: bool = False
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        """Whether the job has ended (result, error or cancelled)."""
        return self.finished is not None

    @property
    def elapsed(self) -> float:
        """Seconds since the job started (until it ended)."""
        return (self.finished or time.monotonic()) - self.started


class Jobs:
    """The jobs of one server run (kept in memory; a job's result is stored by its
    own code, so a lost job loses nothing but its progress display)."""

    def __init__(self, keep: int = 50) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._keep = keep

    def start(
        self,
        kind: str,
        work: Callable[[Job], Any],
        on_error: Callable[[BaseException], tuple[str, bool]],
    ) -> Job:
        """Run ``work(job)`` in a thread; ``on_error`` turns an exception into
        ``(sentence, cancelled)``."""
        job = Job(secrets.token_hex(8), kind)
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[: -self._keep]:
                self._jobs.pop(old, None)

        def run() -> None:
            try:
                with run_record():  # the job's own run: its time limit starts now
                    job.result = work(job)
            except BaseException as e:
                job.error, job.cancelled = on_error(e)
            finally:
                job.finished = time.monotonic()

        threading.Thread(target=run, name=f"vp-job-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with that id, if this server run has it."""
        with self._lock:
            return self._jobs.get(job_id)
