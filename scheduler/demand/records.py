"""Attendance records: what happened at a visit (the demand model's data).

:class:`Attendance` is the domain object; :func:`read_attendance` reads a CSV of
them at the file boundary (``date, center_id`` or a center name, ``visitors``, and
optionally ``counseled``, ``placed``, ``counselor``, ``note``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Attendance:
    """One visit's attendance: ``visitors`` came, ``counseled`` of them were
    counselled and ``placed`` found work (``None`` = not recorded).

    A record is identified by ``(date, center_id, counselor)``; ``counselor`` is
    ``""`` when the file does not say.
    """

    date: dt.date
    center_id: str
    visitors: int
    counseled: int | None = None
    placed: int | None = None
    counselor: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.center_id:
            raise ValueError("an attendance record needs a center id")
        if self.visitors < 0:
            raise ValueError(f"visitors must be >= 0, got {self.visitors!r}")
        for name in ("counseled", "placed"):
            v = getattr(self, name)
            if v is not None and v < 0:
                raise ValueError(f"{name} must be >= 0, got {v!r}")

    @property
    def key(self) -> tuple[str, str, str]:
        """``(ISO date, center id, counselor)``: the record's identity."""
        return (self.date.isoformat(), self.center_id, self.counselor)
