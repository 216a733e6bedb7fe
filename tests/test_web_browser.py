"""The planner page in Debian's headless Chromium against the real server (network off).

One flow, as a planner would go: plan December 2026 (2 counselors × 2 visits), drag a
visit onto a day that breaks the 7-day rule and read the message, fail to publish,
move it back, re-optimize, publish, edit, publish a second version, see the
difference, download the XLSX and an ICS and read them. No console errors on the way,
an axe-core scan of every page without serious or critical findings, and the phone
viewport.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.browser import CHROMIUM_ARGS, require_chromium
from tests.web_server import ROOT, running_server

pytestmark = pytest.mark.browser

AXE = ROOT / "scheduler" / "web" / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOT = ROOT / "docs" / "web-screenshot.png"
# Every host name still resolves to nothing; only the test server on loopback is reached.
ARGS = [
    a if not a.startswith("--host-resolver-rules=") else a + ", EXCLUDE 127.0.0.1"
    for a in CHROMIUM_ARGS
]

CARDS_JS = """() => Array.from(document.querySelectorAll('article.vp-visit')).map(c => ({
    uid: c.dataset.uid, site: c.dataset.site, date: c.dataset.date,
    session: c.dataset.session, team: c.dataset.team}))"""


def axe_findings(page: Any, console: list[str] | None = None) -> list[str]:
    """Serious and critical axe-core violations of the page (axe injected through the
    debugging protocol, so the page's CSP stays as it is). axe itself applies inline
    styles while it measures, which the CSP reports: those reports (appended to
    ``console`` during the scan) are the tool's, not the page's, and are dropped."""
    seen = len(console) if console is not None else 0
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {iframes: false, resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    if console is not None:
        page.wait_for_timeout(200)
        del console[seen:]
    return list(result)


class Browser:
    """A Chromium context that may reach the test server and nothing else."""

    def __init__(self, pw: Any, base: str, profile: str) -> None:
        self.base = base
        self.console: list[str] = []
        self.outside: list[str] = []
        self.context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=require_chromium(),
            headless=True,
            args=ARGS,
            viewport={"width": 1440, "height": 1000},
            locale="ko-KR",
            timezone_id="Asia/Seoul",
            accept_downloads=True,
        )

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith((base, "data:")) or url == "about:blank":
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        self.context.route("**/*", guard)

    def page(self, **viewport: int) -> Any:
        page = self.context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        page.on(
            "console",
            lambda m: (
                self.console.append(f"{m.text} @ {m.location.get('url')}")
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: self.console.append(str(e)))
        return page


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _rule_breaking_move(cards: list[dict[str, str]], days: list[str]) -> tuple[dict[str, str], str]:
    """A card and a visit day within 7 days of another visit to its center."""
    for card in cards:
        others = [c["date"] for c in cards if c["site"] == card["site"] and c["uid"] != card["uid"]]
        for day in days:
            if (
                day != card["date"]
                and day not in others
                and any(0 < abs((_date(day) - _date(o)).days) < 7 for o in others)
            ):
                return card, day
    raise AssertionError("no rule-breaking move found")


def _wait_revision(page: Any, before: str) -> str:
    page.wait_for_function(
        "r => document.getElementById('plan').dataset.revision !== r", arg=before, timeout=60_000
    )
    return page.get_attribute("#plan", "data-revision")


def test_planner_flow_in_the_browser(tmp_path):
    """Plan, break the 7-day rule by dragging, fix it, re-optimize, publish two versions,
    compare them, download XLSX and ICS; axe-clean pages; phone viewport; no console errors."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="vp-web-chromium-")
    findings: dict[str, list[str]] = {}
    try:
        with running_server(tmp_path / "visitplan.db") as server, sync_playwright() as pw:
            b = Browser(pw, server.url, profile)
            page = b.page()
            page.goto(server.url + "/plan")
            findings["/plan"] = axe_findings(page, b.console)
            page.fill("#f-month", "2026-12")
            page.fill("#f-counselors", "2")
            page.select_option("#f-vpd", "2")
            # Leave picked on a calendar: a date field per counselor; the chip and the
            # typed line it writes; removing the chip removes the line.
            page.wait_for_selector("#leave-date-1")
            assert page.locator("#leave-picker input[type=date]").count() == 2
            assert page.get_attribute("#leave-date-1", "min") == "2026-12-01"
            page.fill("#leave-date-1", "2026-12-15")
            page.click("#leave-add-1")
            assert page.input_value("#f-leave") == "2:2026-12-15"
            assert (
                page.locator("#leave-chips .vp-chip")
                .inner_text()
                .startswith("상담사 2 · 12월 15일(화)")
            )
            page.mouse.move(0, 0)  # scan the button at rest, not hovered
            page.locator("#f-month").focus()
            findings["/plan (leave chip)"] = axe_findings(page, b.console)
            page.click("#leave-chips .vp-chip button")
            assert page.input_value("#f-leave") == ""
            assert page.locator("#leave-chips .vp-chip").count() == 0
            page.click("#plan-submit")
            page.wait_for_selector("#progress:not([hidden])")
            page.wait_for_url("**/plans/*", timeout=180_000)
            page.wait_for_selector("body[data-vp-ready]")
            cards = page.evaluate(CARDS_JS)
            assert len(cards) == 40
            assert page.is_disabled('[data-action="undo"]') and page.is_disabled(
                '[data-action="redo"]'
            )
            frame = page.frame_locator("#map")
            frame.locator("body[data-vp-ready]").wait_for(state="attached", timeout=30_000)
            # The map beside it lists the same 40 visits and draws one route per counselor-day.
            assert frame.locator("tr.vp-row").count() == 40
            assert frame.locator("path.vp-route").count() == len(
                {(c["date"], c["team"]) for c in cards}
            )
            findings["/plans/N"] = axe_findings(page, b.console)
            page.screenshot(path=str(tmp_path / "plan.png"), full_page=False)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copy(tmp_path / "plan.png", SCREENSHOT)

            # Drag a visit onto a day within 7 days of another visit to the same center.
            days = sorted({c["date"] for c in cards})
            card, day = _rule_breaking_move(cards, days)
            rev = page.get_attribute("#plan", "data-revision")
            at = f'[data-session="{card["session"]}"][data-team="{card["team"]}"]'
            target = f'.vp-slot[data-date="{day}"]{at}'
            page.drag_and_drop(f'article.vp-visit[data-uid="{card["uid"]}"]', target)
            rev = _wait_revision(page, rev)
            moved = page.locator(f'article.vp-visit[data-uid="{card["uid"]}"]')
            assert moved.get_attribute("data-date") == day
            assert "7일 간격 규칙:" in moved.inner_text() and "에 이미 방문" in moved.inner_text()
            assert page.locator("#verdict").get_attribute("role") == "alert"

            # A flagged plan cannot be published.
            page.fill("#p-who", "김민지")
            page.click("#publish-btn")
            page.wait_for_function(
                "() => document.getElementById('publish-result').textContent.length > 0",
                timeout=120_000,
            )
            assert "게시할 수 없습니다" in page.inner_text("#publish-result")

            # Move it back: every rule holds again.
            back = f'.vp-slot[data-date="{card["date"]}"]{at}'
            page.drag_and_drop(f'article.vp-visit[data-uid="{card["uid"]}"]', back)
            rev = _wait_revision(page, rev)
            assert page.locator("article.vp-visit.vp-bad").count() == 0
            assert page.locator("#verdict").get_attribute("role") == "status"

            # The keyboard does the same: Enter on the card, Enter on the target slot, and undo.
            page.focus(f'article.vp-visit[data-uid="{card["uid"]}"]')
            page.keyboard.press("Enter")
            assert page.inner_text("#pick-status")
            page.focus(target)
            page.keyboard.press("Enter")
            rev = _wait_revision(page, rev)
            assert "7일 간격 규칙:" in moved.inner_text()
            page.click('[data-action="undo"]')
            rev = _wait_revision(page, rev)
            assert page.locator("article.vp-visit.vp-bad").count() == 0

            # Re-optimize the rest (the hand-placed visit is a pin).
            page.click('[data-action="reoptimize"]')
            page.wait_for_url("**/plans/*?note=*", timeout=180_000)
            page.wait_for_selector("body[data-vp-ready]")
            assert "다시 최적화로 바뀐 방문" in page.inner_text(".vp-note")
            assert page.locator("article.vp-visit").count() == 40

            # Publish version 1.
            page.fill("#p-who", "김민지")
            page.fill("#p-note", "12월 첫 안내")
            page.click("#publish-btn")
            page.wait_for_function(
                "() => document.getElementById('publish-result').textContent.length > 0",
                timeout=120_000,
            )
            assert page.locator("#publish-link").count() == 1, page.inner_text("#publish-result")
            assert "1판을 게시했습니다" in page.inner_text("#publish-result")

            # An edit (remove one visit), then version 2.
            rev = page.get_attribute("#plan", "data-revision")
            first = page.locator("article.vp-visit").first
            gone_site = first.get_attribute("data-site")
            first.locator("button.vp-remove").click()
            rev = _wait_revision(page, rev)
            assert page.locator("article.vp-visit").count() == 39
            page.fill("#p-who", "김민지")
            page.fill("#p-note", "센터 행사로 한 번 취소")
            page.click("#publish-btn")
            page.wait_for_function(
                "() => document.getElementById('publish-result').textContent.includes('2판')",
                timeout=120_000,
            )

            # The difference between the versions, the change notice, updated calendars.
            page.click("#publish-link")
            page.wait_for_selector("#diff")
            assert "1판 → 2판 바뀐 방문 1개" in page.inner_text("#diff-h")
            assert page.locator("#diff tbody tr").count() == 1
            assert gone_site in page.inner_text("#diff tbody")
            assert "방문 취소" in page.inner_text("#notice")
            findings["/publish/KEY"] = axe_findings(page, b.console)
            with page.expect_download() as dl:
                page.click('a[href$="/v2/schedule.xlsx"]')
            xlsx = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
            assert "calendar" in [s.lower() for s in xlsx.sheetnames] or len(xlsx.sheetnames) >= 3
            ics_links = page.locator('#diff a[href$=".ics"]')
            assert ics_links.count() >= 1
            with page.expect_download() as dl:
                ics_links.first.click()
            ics = Path(dl.value.path()).read_text(encoding="utf-8")
            assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") >= 1

            # The other pages: export, compare, settings, publish list.
            for path in ("/export", "/compare", "/settings", "/publish"):
                page.goto(server.url + path)
                page.wait_for_selector("body[data-vp-ready]")
                findings[path] = axe_findings(page, b.console)
            assert page.locator("a[href^='/publish/']").count() >= 1
            # The what-if grid with its SVG charts: drawn, and no CSP error in the console.
            page.goto(server.url + "/compare")
            page.fill("#c-month", "2026-12")
            page.fill("#c-c", "1-2")
            page.fill("#c-v", "1")
            page.click("form[data-job-form] button[type=submit]")
            page.wait_for_selector("#whatif-charts svg", timeout=180_000)
            assert page.locator("#whatif-charts figure").count() == 4
            box = page.locator("#whatif-charts svg[role=img]").first.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100
            findings["/compare (charts)"] = axe_findings(page, b.console)
            assert not [m for m in b.console if "Content Security Policy" in m], b.console
            page.goto(server.url + "/export")
            with page.expect_download() as dl:
                page.click('a[href$="/files/schedule.xlsx"]')
            assert Path(dl.value.path()).read_bytes()[:2] == b"PK"

            # The phone: one column, nothing wider than the screen.
            phone = b.page(width=390, height=844)
            phone.goto(page.url.split("/export")[0] + "/plan")
            phone.click("#plans a")
            phone.wait_for_selector("body[data-vp-ready]")
            assert phone.locator("article.vp-visit").count() == 39
            assert phone.evaluate(
                "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
            )
            findings["/plans/N (phone)"] = axe_findings(phone, b.console)
            phone.screenshot(path=str(tmp_path / "phone.png"))

            assert b.outside == []
            # The one refusal we asked for (publishing the flagged plan) is the only error logged.
            refused = [m for m in b.console if "409" in m and "/publish/now" in m]
            assert len(refused) == 1
            assert [m for m in b.console if m not in refused] == [], b.console
            b.context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert {k: v for k, v in findings.items() if v} == {}
