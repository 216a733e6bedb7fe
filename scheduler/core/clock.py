"""Times of day as minutes after midnight, and their ``HH:MM`` text (configs, machine files).

Every layer reads and writes ``HH:MM`` (the district config, pins, the solver's reasons,
the outputs), so it lives in the core.
"""

from __future__ import annotations


def format_hhmm(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hhmm(text: str) -> int:
    """``HH:MM`` as minutes after midnight; raises ``ValueError`` on anything else."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a time of the form HH:MM: {text!r}")
    h, m = int(parts[0]), int(parts[1])
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ValueError(f"not a time of day: {text!r}")
    return h * 60 + m
