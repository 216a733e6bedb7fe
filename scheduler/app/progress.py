"""Progress reports and cancellation, passed in by the caller (no module state)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from scheduler.errors import Interrupted


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a request.

    ``kind`` is ``"phase"`` (``name`` = ``load``, ``solve``, ``validate``, ``render``),
    ``"stage"`` (a finished solver stage: ``name`` = ``demand``, ``travel``,
    ``balance``, ``changes``; ``status`` and ``seconds`` set, and the stage's
    ``objective``, ``bound`` and relative ``gap``) or ``"scenario"`` (a finished what-if
    scenario: ``name`` its name, ``done`` of ``total``).
    """

    kind: str
    name: str
    status: str = ""
    seconds: float = 0.0
    done: int = 0
    total: int = 0
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None


Progress = Callable[[ProgressEvent], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``, e.g. a :class:`threading.Event`."""

    def is_set(self) -> bool: ...


def report(progress: Progress | None, event: ProgressEvent) -> None:
    """Call ``progress`` with ``event`` if there is a callback."""
    if progress is not None:
        progress(event)


def check_cancel(cancel: CancelFlag | None) -> None:
    """Raise :class:`~scheduler.errors.Interrupted` when ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        from scheduler.i18n import text

        err = Interrupted(text("app.cancelled", "en"))
        err.message_ko = text("app.cancelled", "ko")  # type: ignore[attr-defined]
        raise err


def stage_callback(progress: Progress | None, cancel: CancelFlag | None):  # type: ignore[no-untyped-def]
    """An ``on_stage`` for :func:`scheduler.solver.solve` that reports each finished
    stage and stops between stages when ``cancel`` is set."""

    def on_stage(st) -> None:  # type: ignore[no-untyped-def]
        from scheduler.solver.objective import relative_gap

        report(
            progress,
            ProgressEvent(
                "stage",
                st.name,
                status=st.status,
                seconds=st.seconds,
                objective=st.objective,
                bound=st.bound,
                gap=0.0 if st.status == "OPTIMAL" else relative_gap(st.objective, st.bound),
            ),
        )
        check_cancel(cancel)

    return on_stage
