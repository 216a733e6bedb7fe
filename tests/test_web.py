"""The planner page over HTTP against the real server: start-up, security, edits,
version checks, publishing (also when the server is killed in the middle)."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from scheduler.store.published import content_hash
from tests.web_server import ROOT, csrf_of, make_plan, running_server, start_server

VENDOR = ROOT / "scheduler" / "web" / "static" / "vendor"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_vendored_assets_match_their_recorded_sha256():
    """Every vendored file is listed in VERSIONS.md with its SHA-256, and nothing else is there."""
    listed = {
        name: digest
        for digest, name in re.findall(
            r"^([0-9a-f]{64})  (\S+)$", (VENDOR / "VERSIONS.md").read_text(), re.M
        )
    }
    present = {
        p.relative_to(VENDOR).as_posix()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name != "VERSIONS.md"
    }
    assert present == set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_no_page_or_stylesheet_names_an_outside_origin():
    """Templates, CSS and JS load nothing from outside the server."""
    web = ROOT / "scheduler" / "web"
    for path in [
        *web.glob("templates/*.html"),
        web / "static" / "web.css",
        web / "static" / "web.js",
        VENDOR / "krds" / "css" / "component" / "output.css",
        VENDOR / "krds" / "css" / "token" / "krds_tokens.css",
    ]:
        body = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", body), path.name
        if path.suffix == ".html":
            assert (
                "<script>" not in body and "style=" not in body and " on" + "click=" not in body
            ), path.name


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("web") / "visitplan.db") as s:
        yield s


@pytest.fixture(scope="module")
def planned(server):
    """The December 2026 plan with 2 counselors × 2 visits, made through the form."""
    with httpx.Client(base_url=server.url) as c:
        return make_plan(c)


def test_serve_answers_on_loopback_and_says_where(server):
    """`visitplan serve --no-browser` listens on 127.0.0.1 and answers the plan page."""
    r = httpx.get(server.url + "/plan")
    assert r.status_code == 200 and "계획 만들기" in r.text
    print(f"server answered {server.started_s:.2f} s after the process started")


def test_the_plan_page_shows_all_40_visits(server, planned):
    """December 2026, 2 counselors × 2 visits a day: 40 cards in the calendar; its map is served."""
    r = httpx.get(f"{server.url}/plans/{planned}")
    assert r.status_code == 200
    assert len(re.findall(r'<article class="vp-visit ', r.text)) == 40
    rev = re.search(r'data-revision="(\d+)"', r.text).group(1)
    m = httpx.get(f"{server.url}/view/plans/{planned}/r{rev}/map.html")
    assert m.status_code == 200 and "sandbox allow-scripts" in m.headers["content-security-policy"]


def test_strict_csp_and_security_headers(server):
    """Every page carries a CSP without inline script or outside origins."""
    r = httpx.get(server.url + "/plan")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "http" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_foreign_host_is_refused(server):
    """A request whose Host is not the served one (DNS rebinding) gets 400."""
    r = httpx.get(server.url + "/plan", headers={"Host": f"evil.example:{server.port}"})
    assert r.status_code == 400
    assert "Host" in r.text


def test_post_without_token_is_refused(server):
    """A POST without the CSRF token, or from another origin, changes nothing."""
    with httpx.Client(base_url=server.url) as c:
        token = csrf_of(c.get("/plan").text)
        form = {"month": "2026-12", "counselors": "1", "visits_per_day": "1"}
        assert c.post("/plan", data=form).status_code == 403
        assert c.post("/plan", data={**form, "csrf": "0" * 64}).status_code == 403
        r = c.post("/plan", data={**form, "csrf": token}, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403
    # A cross-site form post carries no session cookie at all (SameSite=Strict): refused too.
    assert httpx.post(server.url + "/plan", data={**form, "csrf": token}).status_code == 403


def test_no_request_names_a_server_path(server, planned):
    """Downloads are looked up by file name among the plan's files; a path goes nowhere."""
    for name in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "plan.json%00"):
        r = httpx.get(f"{server.url}/plans/{planned}/files/{name}")
        assert r.status_code == 404, name


def test_hand_edit_is_checked_at_once_and_a_stale_tab_is_refused(server, planned):
    """A move that breaks the 7-day rule is flagged in Korean on the card; the flagged plan
    cannot be published; an edit from a tab holding an older revision is refused."""
    with httpx.Client(base_url=server.url) as c:
        page = c.get(f"/plans/{planned}").text
        token = csrf_of(page)
        rev = int(re.search(r'data-revision="(\d+)"', page).group(1))
        cards = re.findall(r'data-uid="(\d+)" data-site="([^"]+)" data-date="([\d-]+)"', page)
        site_of = {u: s for u, s, _ in cards}
        visit_days = sorted(set(re.findall(r'class="vp-slot" data-date="([\d-]+)"', page)))
        move = None
        for uid, site, d in cards:
            others = [o for u, s, o in cards if s == site and u != uid]
            for target in visit_days:
                if target == d or target in others:
                    continue
                if any(0 < abs((_date(target) - _date(o)).days) < 7 for o in others):
                    move = (uid, target, others)
                    break
            if move:
                break
        assert move is not None
        uid, target, _others = move
        h = {"X-CSRF-Token": token, "Accept": "application/json"}
        r = c.post(
            f"/plans/{planned}/edit",
            json={
                "kind": "move",
                "uid": int(uid),
                "date": target,
                "session": 1,
                "team": "1",
                "revision": rev,
            },
            headers=h,
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert (
            body["ok"] is False
            and "7일 간격 규칙:" in body["html"]
            and "에 이미 방문" in body["html"]
        )
        r2 = c.post(
            f"/plans/{planned}/publish/now",
            json={"revision": body["revision"], "who": "테스트"},
            headers=h,
        )
        assert r2.status_code == 409 and "게시할 수 없습니다" in r2.json()["error"]
        stale = c.post(
            f"/plans/{planned}/edit",
            json={"kind": "remove", "uid": int(uid), "revision": rev},
            headers=h,
        )
        assert stale.status_code == 409 and "다른 창" in stale.json()["error"]
        back = c.post(f"/plans/{planned}/undo", json={"revision": body["revision"]}, headers=h)
        assert back.status_code == 200 and back.json()["ok"] is True
        assert site_of[uid]


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_hostile_names_are_inert(server):
    """Counselor and center names full of markup come back escaped on every page."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        token = csrf_of(c.get("/settings").text)
        good = (ROOT / "data" / "dong_centers.csv").read_bytes()
        hostile = good.replace("소공동주민센터".encode(), HOSTILE.replace(",", " ").encode())
        r = c.post(
            "/settings/centers",
            data={"csrf": token},
            files={"file": ("c.csv", hostile, "text/csv")},
            follow_redirects=True,
        )
        assert r.status_code == 200, r.text
        try:
            pid = make_plan(
                c, names=f"{HOSTILE.replace(',', ' ')},김민지", counselors=2, visits_per_day=1
            )
            for path in (
                f"/plans/{pid}",
                f"/export?plan={pid}",
                "/settings",
                "/plan",
                f"/plans/{pid}/calendar",
            ):
                page = c.get(path).text
                assert "<script>alert(1)</script>" not in page and "<img src=x" not in page, path
                if path in (f"/plans/{pid}", "/settings"):  # the pages that show the names
                    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
        finally:
            token = csrf_of(c.get("/settings").text)
            c.post(
                "/settings/centers",
                data={"csrf": token, "reset": "1"},
                files={"file": ("", b"", "text/csv")},
            )


def test_compare_runs_the_whatif_grid_and_opens_a_scenario(server):
    """The compare page solves each scenario (app layer) and links each to the plan form."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        token = csrf_of(c.get("/compare").text)
        r = c.post(
            "/compare",
            data={
                "csrf": token,
                "month": "2026-12",
                "counselors": "1-2",
                "visits_per_day": "1",
                "weekday_sets": "tue,thu",
            },
            headers={"Accept": "application/json"},
        )
        assert r.status_code == 202, r.text
        job = r.json()["job"]
        for _ in range(600):
            s = c.get(f"/jobs/{job}/state").json()
            if s["done"]:
                break
            time.sleep(0.3)
        assert not s["error"], s["error"]
        page = c.get(s["redirect"]).text
    assert page.count("/plan?month=2026-12&amp;counselors=") == 2
    assert "c1-v1-" in page and "c2-v1-" in page
    # The what-if report's SVG charts, inline: coverage, wait, travel, gain per counselor.
    charts = re.search(r'<div class="vp-charts" id="whatif-charts">(.*?)\n</div>', page, re.S)
    assert charts, "no charts on the compare page"
    body = charts.group(1)
    assert body.count('<svg width="520"') == 4 and "인구 커버율(%)" in body
    assert body.count("<polyline") >= 3 and "<rect" in body
    # nothing the page's policy would block: no script, no style attribute, no handler
    assert not re.search(r"<script|style=|\son[a-z]+=|javascript:", body, re.I)


def test_uploads_are_limited_and_parsed_by_the_centers_loader(server):
    """A wrong file type, a too large file and a bad centers CSV are refused with one line."""
    with httpx.Client(base_url=server.url) as c:
        token = csrf_of(c.get("/settings").text)
        r = c.post(
            "/settings/centers",
            data={"csrf": token},
            files={"file": ("x.exe", b"MZ", "application/x-msdownload")},
        )
        assert r.status_code == 400 and "CSV" in r.text
        big = b"id,dong_ko\n" + b"x" * (3 * 1024 * 1024)
        r = c.post(
            "/settings/centers", data={"csrf": token}, files={"file": ("c.csv", big, "text/csv")}
        )
        assert r.status_code == 413
        bad = (
            "id,dong_ko,dong_en,center_name_ko,address_ko,lat,lon,population\n"
            "sogong,소공동,Sogong,소공동주민센터,주소,999,126.9,100\n"
        )
        r = c.post(
            "/settings/centers",
            data={"csrf": token},
            files={"file": ("c.csv", bad.encode(), "text/csv")},
        )
        assert r.status_code == 400 and "\n" not in r.text.strip() and "999" in r.text
        assert r.text.startswith("c.csv, ") and tempfile_dir() not in r.text  # no server path shown
        good = (
            (ROOT / "data" / "dong_centers.csv")
            .read_bytes()
            .replace("소공동주민센터".encode(), HOSTILE.encode())
        )
        r = c.post(
            "/settings/centers",
            data={"csrf": token},
            files={"file": ("c.csv", good, "text/csv")},
            follow_redirects=True,
        )
        assert r.status_code == 200 and "&lt;script&gt;" in r.text and "<script>alert" not in r.text
        token = csrf_of(r.text)
        c.post(
            "/settings/centers",
            data={"csrf": token, "reset": "1"},
            files={"file": ("", b"", "text/csv")},
        )


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def _versions_complete(db: Path) -> list[int]:
    """Check every stored version is whole; return the version numbers."""
    conn = sqlite3.connect(db)
    try:
        out = []
        for vid, number, digest in conn.execute(
            "SELECT id, version, content_sha256 FROM plan_version ORDER BY id"
        ):
            files = {
                n: bytes(b)
                for n, b in conn.execute(
                    "SELECT name, content FROM plan_file WHERE version_id = ?", (vid,)
                )
            }
            assert {"schedule.csv", "plan.json", "schedule.xlsx"} <= set(files)
            assert content_hash(files) == digest
            visits = conn.execute(
                "SELECT COUNT(*) FROM plan_visit WHERE version_id = ?", (vid,)
            ).fetchone()[0]
            assert visits == files["schedule.csv"].decode("utf-8-sig").count("\n") - 1
            out.append(int(number))
        return out
    finally:
        conn.close()


@pytest.mark.slow
def test_killing_the_server_during_publish_keeps_old_versions_or_the_new_one_whole(tmp_path):
    """SIGKILL at several moments of a publish: the database holds the earlier versions
    only, or the new version complete, never a part of one."""
    db = tmp_path / "visitplan.db"
    server = start_server(db)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            pid = make_plan(c, counselors=1, visits_per_day=1)
        seen: list[int] = []
        for delay in (0.05, 0.25, 0.6, 1.2, 2.5):
            with httpx.Client(base_url=server.url, timeout=60) as c:
                page = c.get(f"/plans/{pid}").text
                token = csrf_of(page)
                rev = int(re.search(r'data-revision="(\d+)"', page).group(1))
                uid = re.search(r'data-uid="(\d+)"', page).group(1)
                h = {"X-CSRF-Token": token, "Accept": "application/json"}
                rev = c.post(
                    f"/plans/{pid}/edit",
                    json={"kind": "remove", "uid": int(uid), "revision": rev},
                    headers=h,
                ).json()["revision"]
                t = threading.Thread(
                    target=_post_quietly,
                    args=(c, f"/plans/{pid}/publish/now", {"revision": rev, "who": "kim"}, h),
                )
                t.start()
                time.sleep(delay)
                server.kill()
                t.join(timeout=30)
            versions = _versions_complete(db)
            assert versions == list(range(1, len(versions) + 1))
            assert len(versions) >= len(seen)
            seen = versions
            server = start_server(db)
        assert _versions_complete(db) == seen
        # A publish that has answered survives the next kill whole.
        with httpx.Client(base_url=server.url, timeout=600) as c:
            page = c.get(f"/plans/{pid}").text
            rev = int(re.search(r'data-revision="(\d+)"', page).group(1))
            r = c.post(
                f"/plans/{pid}/publish/now",
                json={"revision": rev, "who": "kim"},
                headers={"X-CSRF-Token": csrf_of(page), "Accept": "application/json"},
            )
            assert r.status_code == 200, r.text
        server.kill()
        server = start_server(db)
        assert _versions_complete(db) == [*seen, len(seen) + 1] or (
            "바뀐 것이 없어" in r.json()["message"] and _versions_complete(db) == seen
        )
    finally:
        server.kill()


def _post_quietly(c: httpx.Client, url: str, body: dict, headers: dict) -> None:
    # The server is killed under the request: that is the point.
    with contextlib.suppress(httpx.HTTPError):
        c.post(url, json=body, headers=headers)


def test_language_toggle_switches_the_page_to_english(server):
    """The toggle (a POST with the token) makes every sentence English."""
    with httpx.Client(base_url=server.url) as c:
        token = csrf_of(c.get("/plan").text)
        r = c.post(
            "/lang", data={"csrf": token, "to": "en", "back": "/plan"}, follow_redirects=True
        )
        assert r.status_code == 200 and "Make the plan" in r.text and '<html lang="en">' in r.text


def _publish(c: httpx.Client, pid: int, who: str = "kim") -> None:
    """Publish working plan ``pid`` at its current revision through the page's endpoint."""
    page = c.get(f"/plans/{pid}").text
    rev = int(re.search(r'data-revision="(\d+)"', page).group(1))
    r = c.post(
        f"/plans/{pid}/publish/now",
        json={"revision": rev, "who": who},
        headers={"X-CSRF-Token": csrf_of(page), "Accept": "application/json"},
    )
    assert r.status_code == 200, r.text


def test_the_next_month_continues_from_the_published_plan(server, planned):
    """After December is published, planning January uses December's visits as history."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        _publish(c, planned)
        pid = make_plan(c, month="2027-01")
    import json
    import sqlite3 as sq

    conn = sq.connect(server.db)
    inputs = json.loads(
        conn.execute("SELECT inputs FROM web_plan WHERE id = ?", (pid,)).fetchone()[0]
    )
    conn.close()
    assert inputs["history"] and Path(inputs["history"]).name == "before-2027-01-01.csv"
    assert "2026-12-" in Path(inputs["history"]).read_text(encoding="utf-8")


def test_centers_table_edit_is_checked_like_the_csv(server):
    """Editing the centers table goes through the centers loader: a bad latitude is refused
    with a one-line error naming the row and column; a good edit is kept."""
    with httpx.Client(base_url=server.url) as c:
        page = c.get("/settings").text
        token = csrf_of(page)
        r = c.post("/settings/centers/edit", data={"csrf": token, "c.sogong.lat": "999"})
        assert (
            r.status_code == 400
            and "lat" in r.text
            and "999" in r.text
            and "\n" not in r.text.strip()
        )
        r = c.post(
            "/settings/centers/edit",
            data={"csrf": token, "c.sogong.center_name_ko": "소공동 새 청사"},
            follow_redirects=True,
        )
        assert r.status_code == 200 and 'value="소공동 새 청사"' in r.text
        token = csrf_of(r.text)
        c.post(
            "/settings/centers",
            data={"csrf": token, "reset": "1"},
            files={"file": ("", b"", "text/csv")},
        )
        assert 'value="소공동주민센터"' in c.get("/settings").text


def test_cancel_stops_a_plan_and_saves_nothing(server):
    """The cancel button's POST stops the solve at the next stage; no working plan is stored."""
    with httpx.Client(base_url=server.url, timeout=60) as c:
        before = len(re.findall(r'href="/plans/\d+"', c.get("/plan").text))
        token = csrf_of(c.get("/plan").text)
        r = c.post(
            "/plan",
            data={"csrf": token, "month": "2026-12", "counselors": "2", "visits_per_day": "2"},
            headers={"Accept": "application/json"},
        )
        job = r.json()["job"]
        assert c.post(f"/jobs/{job}/cancel", headers={"X-CSRF-Token": token}).status_code == 200
        for _ in range(600):
            s = c.get(f"/jobs/{job}/state").json()
            if s["done"]:
                break
            time.sleep(0.2)
        assert (
            s["cancelled"] is True and s["error"] == "취소했습니다. 아무것도 저장하지 않았습니다."
        )
        assert len(re.findall(r'href="/plans/\d+"', c.get("/plan").text)) == before


def test_district_settings_are_checked_like_the_toml_and_used_by_the_next_plan(server):
    """Home base, sessions, working day and rules are edited on the settings page, checked
    by the district config loader (one-line Korean error naming the key and value), kept
    in the database, and a plan made afterwards uses them (its visits sit in the new
    session times)."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        page = c.get("/settings").text
        assert 'name="sessions.2" value="10:00-12:00, 14:00-16:00"' in page
        token = csrf_of(page)
        r = c.post("/settings/district", data={"csrf": token, "sessions.2": "14:00-12:00"})
        assert r.status_code == 400 and "sessions.2" in r.text and "14:00" in r.text
        assert "\n" not in r.text.strip() and re.search(r"[가-힣]", r.text)
        r = c.post("/settings/district", data={"csrf": token, "rules.min_days_between_visits": "x"})
        assert r.status_code == 400 and "min_days_between_visits" in r.text and "정수" in r.text
        r = c.post(
            "/settings/district",
            data={
                "csrf": token,
                "sessions.2": "09:30-11:30, 13:30-15:30",
                "rules.min_days_between_visits": "7",
            },
            follow_redirects=True,
        )
        assert r.status_code == 200 and 'value="09:30-11:30, 13:30-15:30"' in r.text
        db = sqlite3.connect(server.db)
        assert db.execute("SELECT COUNT(*) FROM web_district").fetchone()[0] >= 1
        db.close()
        try:
            pid = make_plan(c)
            plan_page = c.get(f"/plans/{pid}").text
            times = set(re.findall(r"\b(\d\d:\d\d–\d\d:\d\d)\b", plan_page))
            assert times == {"09:30–11:30", "13:30–15:30"}, times
        finally:
            token = csrf_of(c.get("/settings").text)
            c.post("/settings/district", data={"csrf": token, "reset": "1"})
        assert 'value="10:00-12:00, 14:00-16:00"' in c.get("/settings").text


def test_live_progress_shows_each_stage_with_its_gap(server):
    """The job state lists each finished solver stage with its seconds and gap (the app
    layer's stage events carry objective and bound), not only the final gap."""
    with httpx.Client(base_url=server.url, timeout=60) as c:
        token = csrf_of(c.get("/plan").text)
        r = c.post(
            "/plan",
            data={"csrf": token, "month": "2026-12", "counselors": "1", "visits_per_day": "1"},
            headers={"Accept": "application/json"},
        )
        job = r.json()["job"]
        seen = []
        for _ in range(900):
            s = c.get(f"/jobs/{job}/state").json()
            seen.append(s)
            if s["done"]:
                break
            time.sleep(0.2)
    assert not s["error"], s["error"]
    assert s["stages"], s
    for st in s["stages"]:
        assert isinstance(st["gap"], float | int) and st["gap"] >= 0 and st["seconds"] >= 0
        assert st["stage"]
    running = [x for x in seen if not x["done"] and x["stages"]]
    print(f"{len(running)} of {len(seen)} polls while solving showed finished stages")


def test_leave_is_picked_per_counselor_and_the_typed_lines_still_work(server):
    """The plan form carries the leave picker (the script builds a date field per
    counselor from the configured ids) and the typed `counselor:date` field it fills;
    a plan made with a typed leave day has no visit of that counselor on that day."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        page = c.get("/plan").text
        assert 'id="leave-picker"' in page and "data-ids='[\"1\"]'" in page
        assert '<textarea class="krds-input" id="f-leave" name="leave"' in page
        token = csrf_of(page)
        r = c.post(
            "/plan",
            data={
                "csrf": token,
                "month": "2026-12",
                "counselors": "1",
                "visits_per_day": "1",
                "weekdays": "tue,thu",
                "leave": "1:2026-12-01\n1:2026-12-03",
                "time_limit": "20",
            },
            headers={"Accept": "application/json"},
        )
        assert r.status_code == 202, r.text
        job = r.json()["job"]
        for _ in range(900):
            s = c.get(f"/jobs/{job}/state").json()
            if s["done"]:
                break
            time.sleep(0.2)
        assert not s["error"], s["error"]
        pid = int(s["redirect"].rsplit("/", 1)[-1])
        rows = c.get(f"/plans/{pid}/files/schedule.csv").content.decode("utf-8-sig")
    dates = {line.split(",")[0] for line in rows.splitlines()[1:] if line}
    assert "2026-12-08" in dates or "2026-12-10" in dates
    assert not dates & {"2026-12-01", "2026-12-03"}, sorted(dates)[:4]


def test_attendance_form_per_published_visit_records_once_and_checks_like_the_cli(tmp_path):
    """Publish a plan, record one visit's attendance through its form: the store holds
    exactly that record; the same post again changes nothing; a negative count is one
    Korean sentence and stores nothing."""
    with (
        running_server(tmp_path / "visitplan.db") as srv,
        httpx.Client(base_url=srv.url, timeout=120) as c,
    ):
        _publish(c, make_plan(c))
        assert "/attendance/2026-12/v1" in c.get("/publish/2026-12").text
        form_page = c.get("/attendance/2026-12/v1")
        assert form_page.status_code == 200
        assert re.search(r"12월 \d+일\([월화수목금]\)", form_page.text)
        first = re.search(
            r'name="date" value="([^"]+)">\s*<input type="hidden" name="center_id" '
            r'value="([^"]+)">\s*<input type="hidden" name="counselor" value="([^"]*)">',
            form_page.text,
        )
        assert first, form_page.text[:2000]
        date, center, counselor = first.groups()
        form = {
            "csrf": csrf_of(form_page.text),
            "date": date,
            "center_id": center,
            "counselor": counselor,
            "visitors": "12",
            "counseled": "8",
            "placed": "3",
            "note": "비 옴",
        }

        def stored() -> list[tuple]:
            conn = sqlite3.connect(srv.db)
            try:
                return conn.execute(
                    "SELECT date, center_id, counselor, visitors, counseled, placed, note "
                    "FROM attendance"
                ).fetchall()
            finally:
                conn.close()

        r1 = c.post("/attendance/2026-12/v1", data=form)
        assert r1.status_code == 303, r1.text
        assert stored() == [(date, center, counselor, 12, 8, 3, "비 옴")]
        r2 = c.post("/attendance/2026-12/v1", data=form, follow_redirects=True)
        assert r2.status_code == 200 and "그대로 1" in r2.text
        assert stored() == [(date, center, counselor, 12, 8, 3, "비 옴")]
        bad = c.post("/attendance/2026-12/v1", data={**form, "visitors": "-1"})
        assert bad.status_code == 400
        assert "\n" not in bad.text.strip() and "visitors" in bad.text
        assert re.search(r"[가-힣]", bad.text), bad.text
        assert stored() == [(date, center, counselor, 12, 8, 3, "비 옴")]
        other = c.post(
            "/attendance/2026-12/v1", data={**form, "center_id": "nowhere", "visitors": "1"}
        )
        assert other.status_code == 404 and len(stored()) == 1
