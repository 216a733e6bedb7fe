"""``whatif.html``: the what-if table, charts and marginal gains as one self-contained page.

The page follows the map's offline rules: no ``src``, no external ``href``, no
``url(...)``; the style sheet is inline and the charts are inline SVG drawn here.
The only links are relative ones to each scenario's ``map.html`` in its sub-folder.
Every data string passes through :func:`scheduler.output.safe.html_text`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from scheduler.analysis.whatif import ScenarioResult, marginal_gains
from scheduler.output.labels import format_period, format_status, format_weekday
from scheduler.output.safe import html_text as h

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
DASHES = ("", "6 3", "2 3", "8 3 2 3")

_T: dict[str, dict[str, Any]] = {
    "ko": {
        "title": "인력·일정 시나리오 비교 (what-if)",
        "period": "기간",
        "limit": "시나리오별 계산 제한",
        "table": "시나리오",
        "charts": "상담사 수에 따른 변화",
        "gains": "상담사 한 명을 더할 때의 효과",
        "metrics": "지표 정의",
        "map": "지도",
        "none": "계획 없음",
        "cols": (
            "시나리오",
            "상담사",
            "하루 방문",
            "요일",
            "가능한 칸",
            "방문",
            "방문 센터 수",
            "인구 커버율(%)",
            "최장 미방문 기간(일)",
            "총 이동(분)",
            "방문당 이동(분)",
            "상담사별 최대 방문",
            "상태",
            "갭",
            "계산(초)",
            "",
        ),
        "gain_cols": (
            "시리즈",
            "상담사",
            "인구 커버율(%p)",
            "방문 센터 수",
            "방문",
            "최장 미방문 기간(일)",
            "총 이동(분)",
        ),
        "c_pop": "인구 커버율(%)",
        "c_centers": "방문한 센터 수",
        "c_travel": "총 이동 시간(분)",
        "c_wait": "최장 미방문 기간(일)",
        "c_gain_pop": "상담사 1명 추가 시 인구 커버율 증가(%p)",
        "c_gain_visits": "상담사 1명 추가 시 방문 증가(회)",
        "x": "상담사 수",
        "series": lambda v, w: f"하루 {v}회 · {w}",
        "defs": (
            ("visits", "기간 안의 방문 수(상담사·날짜·센터 한 건이 1회)."),
            ("centers_covered", "한 번 이상 방문한 센터 수."),
            ("population_covered_pct", "한 번 이상 방문한 센터의 인구 합 ÷ 전체 인구 × 100."),
            (
                "max_days_between_visits",
                (
                    "어느 센터든 방문 없이 지나는 가장 긴 연속 일수(기간 시작과 끝까지 포함; "
                    "한 번도 방문하지 않은 센터는 기간 전체)."
                ),
            ),
            (
                "travel_min_total",
                "상담사·날짜별 경로(출발지 → 방문 순서대로 센터 → 출발지)의 이동 분 합계.",
            ),
            ("slots", "기간의 방문일 × 근무 상담사 × 하루 방문 칸 수."),
        ),
    },
    "en": {
        "title": "Staffing and calendar scenarios (what-if)",
        "period": "Period",
        "limit": "Solver time limit per scenario",
        "table": "Scenarios",
        "charts": "Against the number of counselors",
        "gains": "What one more counselor adds",
        "metrics": "Metric definitions",
        "map": "map",
        "none": "no plan",
        "cols": (
            "Scenario",
            "Counselors",
            "Visits/day",
            "Weekdays",
            "Slots",
            "Visits",
            "Centers visited",
            "Residents covered (%)",
            "Longest wait (days)",
            "Travel total (min)",
            "Travel/visit (min)",
            "Max visits/counselor",
            "Status",
            "Gap",
            "Solve (s)",
            "",
        ),
        "gain_cols": (
            "Series",
            "Counselors",
            "Residents covered (pp)",
            "Centers visited",
            "Visits",
            "Longest wait (days)",
            "Travel total (min)",
        ),
        "c_pop": "Residents covered (%)",
        "c_centers": "Centers visited",
        "c_travel": "Travel time, total (min)",
        "c_wait": "Longest wait without a visit (days)",
        "c_gain_pop": "Gain in residents covered per added counselor (pp)",
        "c_gain_visits": "Gain in visits per added counselor",
        "x": "Counselors",
        "series": lambda v, w: f"{v} visit(s)/day · {w}",
        "defs": (
            ("visits", "Visits in the period (one counselor at one center on one day = 1)."),
            ("centers_covered", "Centers visited at least once."),
            (
                "population_covered_pct",
                "Residents of the centers visited at least once ÷ all residents × 100.",
            ),
            (
                "max_days_between_visits",
                (
                    "The longest run of consecutive days any center goes without a visit, "
                    "counted from the period start and to its end; a center never visited "
                    "waits the whole period."
                ),
            ),
            (
                "travel_min_total",
                "Minutes of every counselor-day route: base → centers in visit order → base.",
            ),
            ("slots", "Visit days × counselors at work × sessions per day."),
        ),
    },
}

_EXTRA_STATUS = {
    "ko": {
        "INFEASIBLE": "계획 불가",
        "NO_PLAN_IN_TIME": "시간 내 계획 없음",
        "INVALID_PLAN": "규칙 위반 계획(솔버 오류)",
    },
    "en": {
        "INFEASIBLE": "infeasible",
        "NO_PLAN_IN_TIME": "no plan in time",
        "INVALID_PLAN": "plan breaks rules (solver bug)",
    },
}

CSS = """
body{font-family:system-ui,-apple-system,"Malgun Gothic","Apple SD Gothic Neo",sans-serif;margin:24px;color:#222;
max-width:1200px}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #ddd}
.meta{color:#555;margin:0 0 12px}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f3f3f3}td.t,th.t{text-align:left}td{white-space:nowrap}tr.nop td{color:#999}
td.note{white-space:normal;max-width:28em;font-size:.85em}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #ddd;padding:8px}
.chart h3{font-size:.95em;margin:0 0 4px}
.legend{font-size:.85em;margin:4px 0}.legend span{display:inline-block;margin-right:12px}
.sw{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
svg text{font-size:11px;fill:#333}
dl{font-size:.9em}dt{font-weight:bold;font-family:monospace}dd{margin:0 0 6px 16px}
@media print{.chart{break-inside:avoid}}
"""  # noqa: E501 - the stylesheet is written out byte for byte


def weekdays_text(code: str, lang: str) -> str:
    names = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
    ref = dt.date(2024, 1, 1)  # Monday
    return ",".join(
        format_weekday(ref + dt.timedelta(days=names[c] - 1), lang)
        for c in code.split(",")
        if c in names
    )


def status_text(status: str, lang: str) -> str:
    """A status for people, including the what-if only ones."""
    return _EXTRA_STATUS[lang].get(status) or format_status(status, lang)


def _num(value: object) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    return "0" if value == 0 else f"{value:+g}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * exp:
            return m * exp
    return 10 * exp  # pragma: no cover


def _series_style(i: int) -> tuple[str, str]:
    return COLORS[i % len(COLORS)], DASHES[(i // len(COLORS)) % len(DASHES)]


def line_chart(
    title: str,
    x_label: str,
    xs: Sequence[int],
    series: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    *,
    y_max: float | None = None,
    width: int = 520,
    height: int = 280,
) -> str:
    """An inline SVG line chart: one polyline per series of ``(x, y)`` points (``y=None`` = gap)."""
    left, right, top, bottom = 56, 16, 12, 40
    pw, ph = width - left - right, height - top - bottom
    ys = [y for _, pts in series for _, y in pts if y is not None]
    top_y = y_max if y_max is not None else _nice_max(max(ys, default=1.0))
    x_lo, x_hi = min(xs), max(xs)

    def px(x: float) -> float:
        return left + (pw / 2 if x_hi == x_lo else (x - x_lo) / (x_hi - x_lo) * pw)

    def py(y: float) -> float:
        return top + ph - (y / top_y * ph if top_y else 0)

    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        + f'aria-label="{h(title)}">'
    ]
    for k in range(6):
        tick = top_y * k / 5
        y = py(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#e5e5e5"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{h(f"{tick:g}")}</text>'
        )
    for x in xs:
        parts.append(
            f'<text x="{px(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{h(x)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>'
    )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888"/>')
    parts.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 6}" text-anchor="middle">{h(x_label)}</text>'
    )
    for i, (name, pts) in enumerate(series):
        color, dash = _series_style(i)
        run: list[str] = []
        runs: list[list[str]] = []
        for x, yv in sorted(pts, key=lambda p: p[0]):
            if yv is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{px(x):.1f},{py(yv):.1f}")
        if run:
            runs.append(run)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for r in runs:
            if len(r) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash_attr} '
                    f'points="{" ".join(r)}"/>'
                )
        for x, yv in pts:
            if yv is not None:
                parts.append(
                    f'<circle cx="{px(x):.1f}" cy="{py(yv):.1f}" r="3.5" fill="{color}">'
                    f"<title>{h(name)}: {h(x)} → {h(f'{yv:g}')}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    title: str,
    x_label: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 520,
    height: int = 280,
) -> str:
    """An inline SVG grouped bar chart; values may be negative; ``None`` draws nothing."""
    left, right, top, bottom = 56, 16, 12, 40
    pw, ph = width - left - right, height - top - bottom
    vals = [v for _, vs in series for v in vs if v is not None]
    hi = _nice_max(max([0.0, *vals]))
    lo = -_nice_max(-min([0.0, *vals])) if min([0.0, *vals]) < 0 else 0.0
    span = hi - lo or 1.0

    def py(v: float) -> float:
        return top + (hi - v) / span * ph

    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        + f'aria-label="{h(title)}">'
    ]
    for k in range(6):
        v = lo + span * k / 5
        y = py(v)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#e5e5e5"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{h(f"{v:g}")}</text>')
    n_groups, n_series = max(1, len(groups)), max(1, len(series))
    gw = pw / n_groups
    bw = gw * 0.8 / n_series
    for gi, g in enumerate(groups):
        parts.append(
            f'<text x="{left + gw * (gi + 0.5):.1f}" y="{top + ph + 16}"'
            f' text-anchor="middle">{h(g)}</text>'
        )
        for si, (name, vs) in enumerate(series):
            bar = vs[gi] if gi < len(vs) else None
            if bar is None:
                continue
            color, _ = _series_style(si)
            x = left + gw * gi + gw * 0.1 + bw * si
            y0, y1 = py(max(bar, 0.0)), py(min(bar, 0.0))
            parts.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bw:.1f}" height="{max(y1 - y0, 0.5):.1f}" '
                f'fill="{color}"><title>{h(name)}: {h(g)} → {h(_signed(bar))}</title></rect>'
            )
    parts.append(
        f'<line x1="{left}" y1="{py(0):.1f}" x2="{left + pw}" y2="{py(0):.1f}" stroke="#888"/>'
    )
    parts.append(
        f'<text x="{left + pw / 2:.1f}" y="{height - 6}" text-anchor="middle">{h(x_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: Sequence[str]) -> str:
    items = []
    for i, name in enumerate(names):
        color, _ = _series_style(i)
        items.append(f'<span><i class="sw" style="background:{color}"></i>{h(name)}</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def _chart_box(title: str, svg: str, legend: str) -> str:
    return f'<div class="chart"><h3>{h(title)}</h3>{svg}{legend}</div>'


def map_link(result: ScenarioResult) -> str:
    """The relative link to a scenario's map, URL-quoted (``c2-v1-tue,thu/map.html``)."""
    return quote(f"{result.scenario.name}/map.html", safe="/,-._")


def render_whatif_html(
    results: list[ScenarioResult],
    *,
    lang: str = "ko",
    title_extra: str = "",
    time_limit_s: float | None = None,
    seed: int | None = None,
) -> str:
    """The whole ``whatif.html`` page."""
    t = _T[lang]
    first = results[0]
    start = dt.date.fromisoformat(first.row["period_start"])
    end = dt.date.fromisoformat(first.row["period_end"])
    series_names: dict[str, str] = {}
    for r in results:
        series_names.setdefault(
            r.scenario.series,
            t["series"](r.scenario.visits_per_day, weekdays_text(r.row["weekdays"], lang)),
        )
    keys = list(series_names)
    labels = [series_names[k] for k in keys]
    xs = sorted({r.scenario.counselors for r in results})

    def pts(metric: str) -> list[tuple[str, list[tuple[int, float | None]]]]:
        out = []
        for k in keys:
            out.append(
                (
                    series_names[k],
                    [
                        (r.scenario.counselors, r.metric(metric))
                        for r in results
                        if r.scenario.series == k
                    ],
                )
            )
        return out

    centers_total = None
    for r in results:
        if r.files.get("summary.json"):
            centers_total = json.loads(r.files["summary.json"]).get("centers")
            break
    legend = _legend(labels)
    charts = [
        _chart_box(
            t["c_pop"],
            line_chart(t["c_pop"], t["x"], xs, pts("population_covered_pct"), y_max=100),
            legend,
        ),
        _chart_box(
            t["c_centers"],
            line_chart(
                t["c_centers"],
                t["x"],
                xs,
                pts("centers_covered"),
                y_max=float(centers_total) if centers_total else None,
            ),
            legend,
        ),
        _chart_box(
            t["c_travel"], line_chart(t["c_travel"], t["x"], xs, pts("travel_min_total")), legend
        ),
        _chart_box(
            t["c_wait"], line_chart(t["c_wait"], t["x"], xs, pts("max_days_between_visits")), legend
        ),
    ]

    gains = marginal_gains(results)
    steps = sorted({(g.from_c, g.to_c) for g in gains})
    groups = [f"{a}→{b}" for a, b in steps]

    def gain_series(attr: str) -> list[tuple[str, list[float | None]]]:
        out = []
        for k in keys:
            by_step = {(g.from_c, g.to_c): getattr(g, attr) for g in gains if g.series == k}
            out.append((series_names[k], [by_step.get(s) for s in steps]))
        return out

    gain_charts = []
    if steps:
        gain_charts = [
            _chart_box(
                t["c_gain_pop"],
                bar_chart(t["c_gain_pop"], t["x"], groups, gain_series("population_covered_pct")),
                legend,
            ),
            _chart_box(
                t["c_gain_visits"],
                bar_chart(t["c_gain_visits"], t["x"], groups, gain_series("visits")),
                legend,
            ),
        ]

    rows = []
    for r in results:
        row = r.row
        link = f'<a href="{h(map_link(r))}">{h(t["map"])}</a>' if r.solved else h(t["none"])
        cells = [
            f'<td class="t">{h(row["scenario"])}</td>',
            *(f"<td>{h(_num(row[k]))}</td>" for k in ("counselors", "visits_per_day")),
            f'<td class="t">{h(weekdays_text(row["weekdays"], lang))}</td>',
            *(
                f"<td>{h(_num(row[k]))}</td>"
                for k in (
                    "slots",
                    "visits",
                    "centers_covered",
                    "population_covered_pct",
                    "max_days_between_visits",
                    "travel_min_total",
                    "travel_min_per_visit",
                    "visits_per_counselor_max",
                )
            ),
            (
                f'<td class="t">{h(status_text(str(row["status"]), lang))}</td>'
                if r.solved
                else f'<td class="t note">{h(status_text(str(row["status"]), lang))}: '
                f"{h(r.reason_ko if lang == 'ko' else r.reason_en)}</td>"
            ),
            f"<td>{h(_num(row['gap']))}</td><td>{h(_num(row['solve_seconds']))}</td>",
            f'<td class="t">{link}</td>',
        ]
        cls = "" if r.solved else ' class="nop"'
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    head = "".join(
        f'<th class="t">{h(c)}</th>' if i in (0, 3, 12, 15) else f"<th>{h(c)}</th>"
        for i, c in enumerate(t["cols"])
    )

    gain_rows = []
    for g in gains:
        gain_rows.append(
            f'<tr><td class="t">{h(series_names[g.series])}</td><td>{h(g.from_c)}→{h(g.to_c)}</td>'
            + "".join(
                f"<td>{h(_signed(getattr(g, a)))}</td>"
                for a in (
                    "population_covered_pct",
                    "centers_covered",
                    "visits",
                    "max_days_between_visits",
                    "travel_min_total",
                )
            )
            + "</tr>"
        )
    gain_head = "".join(
        f'<th class="t">{h(c)}</th>' if i == 0 else f"<th>{h(c)}</th>"
        for i, c in enumerate(t["gain_cols"])
    )

    meta = f"{h(t['period'])}: {h(format_period(start, end, lang))}"
    if time_limit_s is not None:
        meta += f" · {h(t['limit'])}: {h(f'{time_limit_s:g}')} s"
    if seed is not None:
        meta += f" · seed {h(seed)}"
    if title_extra:
        meta += f" · {h(title_extra)}"
    defs = "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in t["defs"])
    gains_html = (
        (
            f"<table><thead><tr>{gain_head}</tr></thead><tbody>{''.join(gain_rows)}</tbody></table>"
            f'<div class="charts">{"".join(gain_charts)}</div>'
        )
        if gains
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{h(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(t['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<h1>{h(t["title"])}</h1>\n<p class="meta">{meta}</p>\n'
        f"<h2>{h(t['table'])}</h2>\n<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        f'<h2>{h(t["charts"])}</h2>\n<div class="charts">{"".join(charts)}</div>\n'
        f"<h2>{h(t['gains'])}</h2>\n{gains_html}\n"
        f"<h2>{h(t['metrics'])}</h2>\n<dl>{defs}</dl>\n</body>\n</html>\n"
    )
