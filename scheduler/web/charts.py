"""The compare page's charts: the what-if report's own SVG charts, inline in the page.

The charts are drawn by :func:`scheduler.analysis.report.line_chart` and
:func:`~scheduler.analysis.report.bar_chart` (every text in them escaped there) with
the series of ``whatif.html``: one line per visits-a-day × weekday set over the number
of counselors. The SVG carries presentation attributes only (no ``style``, no script),
so the page's Content-Security-Policy stays strict.
"""

from __future__ import annotations

from html import escape
from typing import Any

from scheduler.i18n import text

_LINES = (
    ("population_covered_pct", "web.compare.chart.pop", 100.0),
    ("max_days_between_visits", "web.compare.chart.wait", None),
    ("travel_min_total", "web.compare.chart.travel", None),
)


def _legend(names: list[str]) -> str:
    """The series' colours and names as a small SVG (an HTML legend would need inline
    styles for the colours, which the page's policy refuses)."""
    from scheduler.analysis.report import _series_style

    rows = []
    for i, name in enumerate(names):
        color, dash = _series_style(i)
        y = 10 + 20 * i
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        rows.append(
            f'<line x1="0" y1="{y}" x2="24" y2="{y}" stroke="{color}" stroke-width="3"'
            f'{dash_attr}/><text x="32" y="{y + 4}">{escape(name)}</text>'
        )
    height = 20 * max(1, len(names))
    return (
        f'<svg class="vp-legend" width="320" height="{height}" viewBox="0 0 320 {height}" '
        f'aria-hidden="true">{"".join(rows)}</svg>'
    )


def whatif_charts(results: list[Any], lang: str) -> list[dict[str, str]]:
    """``[{title, svg, legend}]`` for the results of :func:`scheduler.app.whatif.whatif`."""
    from scheduler.analysis.report import bar_chart, line_chart, weekdays_text
    from scheduler.analysis.whatif import marginal_gains

    if not results:
        return []
    names: dict[str, str] = {}
    for r in results:
        names.setdefault(
            r.scenario.series,
            text(
                "web.compare.series",
                lang,
                vpd=r.scenario.visits_per_day,
                weekdays=weekdays_text(r.row["weekdays"], lang),
            ),
        )
    keys = list(names)
    by_series = {k: [r for r in results if r.scenario.series == k] for k in keys}
    legend = _legend([names[k] for k in keys])
    xs = sorted({r.scenario.counselors for r in results})
    x_label = text("web.compare.chart.x", lang)
    charts = []
    for metric, code, y_max in _LINES:
        series = [
            (names[k], [(r.scenario.counselors, r.metric(metric)) for r in by_series[k]])
            for k in keys
        ]
        title = text(code, lang)
        svg = line_chart(title, x_label, xs, series, y_max=y_max)
        charts.append({"title": title, "svg": svg, "legend": legend})
    gains = marginal_gains(results)
    steps = sorted({(g.from_c, g.to_c) for g in gains})
    if steps:
        series_g = []
        for k in keys:
            by_step = {(g.from_c, g.to_c): g.population_covered_pct for g in gains if g.series == k}
            series_g.append((names[k], [by_step.get(s) for s in steps]))
        title = text("web.compare.chart.gain", lang)
        svg = bar_chart(title, x_label, [f"{a}→{b}" for a, b in steps], series_g)
        charts.append({"title": title, "svg": svg, "legend": legend})
    return charts
