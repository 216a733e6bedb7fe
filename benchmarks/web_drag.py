"""How fast a rule-breaking drag is flagged on the planner page, in the browser.

Starts the real server (``python -m scheduler serve``) on a free port with a fresh
database, plans December 2026 (2 counselors × 2 visits), then in headless Chromium
drags visit cards onto days that break the 7-day rule (and undoes each move) and
measures, per drag, the time from the drop to the card showing the message. The
baseline is the same round trip without an edit: the page fetching its calendar
fragment (render only, no validation, no database write).

    python benchmarks/web_drag.py [--drags 40]

Prints the server's start-up time (process start to first answered request), the
drag latencies (median, 95th percentile, max) and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx

from tests.browser import require_chromium
from tests.test_web_browser import ARGS, CARDS_JS, _rule_breaking_move
from tests.web_server import make_plan, running_server

DRAG_JS = """async ([uid, date, session, team]) => {
    const t0 = performance.now();
    const card = () => document.querySelector(`article.vp-visit[data-uid="${uid}"]`);
    const slot = document.querySelector(
        `.vp-slot[data-date="${date}"][data-session="${session}"][data-team="${team}"]`);
    const dt = new DataTransfer();
    card().dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
    const opts = {bubbles: true, cancelable: true, dataTransfer: dt};
    slot.dispatchEvent(new DragEvent('dragover', opts));
    slot.dispatchEvent(new DragEvent('drop', opts));
    while (!(card() && card().dataset.date === date && card().classList.contains('vp-bad'))) {
        if (performance.now() - t0 > 10000) { throw new Error('no flag after 10 s: ' +
            (document.getElementById('edit-error').textContent || 'no error shown')); }
        await new Promise(r => setTimeout(r, 1));
    }
    return performance.now() - t0;
}"""

UNDO_JS = """async () => {
    const rev = document.getElementById('plan').dataset.revision;
    document.querySelector('[data-action="undo"]').click();
    const t0 = performance.now();
    while (document.getElementById('plan').dataset.revision === rev) {
        if (performance.now() - t0 > 10000) { throw new Error('undo did not answer'); }
        await new Promise(r => setTimeout(r, 1));
    }
}"""

BASELINE_JS = """async (pid) => {
    const t0 = performance.now();
    const r = await fetch(`/plans/${pid}/calendar`, {headers: {Accept: 'application/json'}});
    const d = await r.json();
    document.getElementById('calendar').innerHTML = d.html;
    return performance.now() - t0;
}"""


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drags", type=int, default=40)
    args = ap.parse_args()
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="vp-web-bench-"))
    try:
        with running_server(tmp / "visitplan.db") as server, sync_playwright() as pw:
            print(f"server start-up (process start to first answer): {server.started_s:.2f} s")
            with httpx.Client(base_url=server.url, timeout=120) as c:
                t0 = time.perf_counter()
                pid = make_plan(c)
                print(
                    f"plan December 2026, 2 counselors x 2 visits, through the page: "
                    f"{time.perf_counter() - t0:.1f} s"
                )
            ctx = pw.chromium.launch_persistent_context(
                str(tmp / "profile"),
                executable_path=executable,
                headless=True,
                args=ARGS,
                viewport={"width": 1440, "height": 1000},
            )
            page = ctx.new_page()
            page.goto(f"{server.url}/plans/{pid}")
            page.wait_for_selector("body[data-vp-ready]")
            drags: list[float] = []
            base: list[float] = []
            for _ in range(args.drags):
                cards = page.evaluate(CARDS_JS)
                days = sorted({c["date"] for c in cards})
                card, day = _rule_breaking_move(cards, days)
                drags.append(
                    page.evaluate(DRAG_JS, [card["uid"], day, card["session"], card["team"]])
                )
                page.evaluate(UNDO_JS)
                base.append(page.evaluate(BASELINE_JS, pid))
            ctx.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"rule-breaking drag → message on the card, {len(drags)} drags: "
        f"median {statistics.median(drags):.0f} ms, p95 {pct(drags, 0.95):.0f} ms, "
        f"max {max(drags):.0f} ms"
    )
    print(
        f"baseline (fetch + show the calendar, no edit): median {statistics.median(base):.0f} ms, "
        f"p95 {pct(base, 0.95):.0f} ms"
    )
    print(
        f"ratio drag / baseline (median): {statistics.median(drags) / statistics.median(base):.2f}"
    )
    print(f"p95 within 200 ms: {'yes' if pct(drags, 0.95) <= 200 else 'NO'}")


if __name__ == "__main__":
    main()
