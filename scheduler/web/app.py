"""The ASGI application of ``visitplan serve``: routes, templates, static files.

Pages are rendered on the server with Jinja2 (autoescape on: every data string is
escaped); a small script (``static/web.js``, no inline script anywhere) adds the live
progress, dragging cards and the buttons that post edits. Every state change is a
POST that carries the page's CSRF token (:mod:`scheduler.web.security`). The page
calls the application layer (:mod:`scheduler.app`), the one validator and the output
bundle exactly as the command line does; the routes only translate HTTP.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
import threading
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from scheduler.app.progress import ProgressEvent
from scheduler.app.requests import PlanRequest, WhatIfRequest
from scheduler.errors import DataError, InfeasibleError, Interrupted, SchedulerError
from scheduler.i18n import has, text
from scheduler.output.labels import (
    format_date,
    format_hhmm,
    format_minutes,
    format_period,
    format_status,
)
from scheduler.store.db import Store, open_store
from scheduler.web import district as district_form
from scheduler.web import workbench as wb
from scheduler.web.jobs import Job, Jobs
from scheduler.web.security import CSRF_FIELD, Guard, SecurityMiddleware, allowed_hosts

HERE = Path(__file__).parent
LANG_COOKIE = "vp_lang"
MAX_UPLOAD = 2 * 1024 * 1024
#: File names a plan folder may hold (downloads are looked up by name, never by path).
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}(/[A-Za-z0-9][A-Za-z0-9._-]{0,80}){0,3}$")
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".zip": "application/zip",
}


def error_text(e: BaseException, lang: str) -> str:
    """One sentence for a failure in ``lang``: where, what, the value and the hint, from
    the catalog codes the error carries (the same codes the command line renders)."""
    if isinstance(e, InfeasibleError):
        return e.message(lang)
    if isinstance(e, Interrupted):
        return text("web.job.cancelled", lang)
    if not isinstance(e, SchedulerError):
        return f"{type(e).__name__}: {e}"
    params = dict(getattr(e, "params", {}) or {})
    if isinstance(e, DataError):
        params.setdefault("value", e.value)
    message = _catalog(getattr(e, "code", None), lang, params)
    if message is None:
        return str(e)
    hint = _catalog(getattr(e, "hint_code", None), lang, params) or getattr(e, "hint", None)
    out = message
    if isinstance(e, DataError):
        where = [str(e.file)] if e.file else []
        if e.row is not None:
            where.append(text("cli.where.row", lang, row=e.row))
        if e.column:
            kind = "cli.where.option" if str(e.column).startswith("--") else "cli.where.column"
            where.append(text(kind, lang, column=e.column))
        out = f"{', '.join(where)}: {message}" if where else message
        if e.value == "":
            out += " " + text("cli.where.value_empty", lang)
        elif e.value is not None:
            out += " " + text("cli.where.value", lang, value=repr(e.value))
    if hint:
        out += ". " + text("error.hint", lang, hint=hint)
    return " / ".join(line.strip() for line in out.splitlines() if line.strip())


def _catalog(code: str | None, lang: str, params: dict[str, Any]) -> str | None:
    if not code or not has(code):
        return None
    try:
        return text(code, lang, **params)
    except (KeyError, IndexError, ValueError):
        return None


class WebApp:
    """State of one server run: the database, the jobs, the templates."""

    def __init__(
        self,
        db_path: Path | None,
        *,
        host: str,
        port: int,
        lang: str = "ko",
        config_path: Path | None = None,
    ) -> None:
        self._local = threading.local()
        self._db_arg = db_path
        self.db_path = self.store.path
        self.lang = lang
        self.config_path = config_path
        self.jobs = Jobs()
        self.guard = Guard()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(fdate=format_date, fhhmm=format_hhmm)
        self.hosts = allowed_hosts(host, port)
        self._maps: dict[tuple[int, int, str], bytes] = {}
        self._files: dict[tuple[int, int, str], dict[str, bytes]] = {}

    @property
    def store(self) -> Store:
        """This thread's connection to the database (SQLite connections stay in the
        thread that opened them; WAL lets the request and job threads work together)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self._db_arg)
            # Hand edits: WAL with NORMAL survives a killed server (only a power cut may
            # drop the last edits, never corrupt); publishing switches to FULL itself.
            store.conn.execute("PRAGMA synchronous = NORMAL")
            self._db_arg = store.path
        return store

    def files(self, w: wb.Working, lang: str) -> dict[str, bytes]:
        """The plan files of a working plan at its revision (the latest kept per plan)."""
        key = (w.id, w.revision, lang)
        hit = self._files.get(key)
        if hit is None:
            hit = wb.files_of(w, lang)
            self._files = {k: v for k, v in self._files.items() if k[0] != w.id}
            self._files[key] = hit
        return hit

    # -- helpers -----------------------------------------------------------
    def lang_of(self, request: Request) -> str:
        """The page language: the cookie, else the server's default."""
        value = request.cookies.get(LANG_COOKIE)
        return value if value in ("ko", "en") else self.lang

    def render(
        self, request: Request, name: str, http_status: int = 200, **ctx: Any
    ) -> HTMLResponse:
        """A page from ``templates/name`` with the language, CSRF token and nav."""
        lang = self.lang_of(request)

        def t(code: str, **params: Any) -> str:
            return text(code, lang, **params)

        html = self.env.get_template(name).render(
            t=t,
            lang=lang,
            csrf=request.scope.get("vp_csrf", ""),
            csrf_field=CSRF_FIELD,
            path=request.url.path,
            **ctx,
        )
        return HTMLResponse(html, status_code=http_status)

    def refuse(self, request: Request, status: int, sentence: str) -> Response:
        """A refusal: JSON for the page's script, plain text otherwise."""
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"error": sentence}, status_code=status)
        return PlainTextResponse(sentence, status_code=status)

    def security_message(self, key: str) -> str:
        """Refusal sentences of the middleware (server language)."""
        if key == "too_large":
            return text(
                "web.refused.too_large", self.lang, limit=f"{MAX_UPLOAD // (1024 * 1024)} MB"
            )
        return text(f"web.refused.{key}", self.lang)

    # -- the plan view -----------------------------------------------------
    def plan_context(self, w: wb.Working, lang: str, note: str = "") -> dict[str, Any]:
        """Everything the plan page and its calendar fragment show."""
        from scheduler.core.metrics import compute_metrics
        from scheduler.output.map import TEAM_COLORS

        built = wb.built_of(w.inputs)
        problem, plan = wb.current_plan(w)
        verdict = wb.check(problem, plan, w.cards, lang)
        metrics = compute_metrics(problem, plan)
        sites = {s.id: s for s in problem.sites}
        team_index = {t.id: i for i, t in enumerate(problem.teams)}
        by_slot: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
        times = {(v.date.isoformat(), v.team_id, v.session, v.site_id): v for v in plan.visits}
        for c in sorted(w.cards, key=lambda c: (c["date"], c["team"], c["session"], c["site"])):
            site = sites.get(c["site"])
            v = times.get((c["date"], c["team"], c["session"], c["site"]))
            by_slot.setdefault((c["date"], c["session"], c["team"]), []).append(
                {
                    "uid": c["uid"],
                    "hand": bool(c.get("hand")),
                    "center": (site.name_en or site.name)
                    if site and lang == "en"
                    else (site.name if site else c["site"]),
                    "site": c["site"],
                    "time": f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}" if v else "",
                    "team": c["team"],
                    "team_class": f"team-{team_index.get(c['team'], 0) % len(TEAM_COLORS)}",
                    "team_name": wb._team_name(problem, c["team"], lang),
                    "errors": verdict.on_card.get(c["uid"], []),
                }
            )
        weekdays = sorted({d.date.weekday() for d in problem.days})
        skipped = {s.date: s for s in built.skipped}
        weeks: dict[tuple[int, int], dict[int, Any]] = {}
        for d in problem.days:
            weeks.setdefault(d.date.isocalendar()[:2], {})[d.date.weekday()] = d
        for s in built.skipped:
            if s.date.weekday() in weekdays:
                weeks.setdefault(s.date.isocalendar()[:2], {}).setdefault(s.date.weekday(), s)
        rows = []
        for key in sorted(weeks):
            cells: list[dict[str, Any] | None] = []
            for wd in weekdays:
                day = weeks[key].get(wd)
                if day is None:
                    cells.append(None)
                    continue
                if day.date in skipped and not hasattr(day, "sessions"):
                    cells.append({"date": day.date, "skipped": day.name or day.reason})
                    continue
                slots = [
                    {
                        "session": s.index,
                        "team": t.id,
                        "team_name": wb._team_name(problem, t.id, lang),
                        "label": f"{format_hhmm(s.start_min)}",
                        "cards": by_slot.get((day.date.isoformat(), s.index, t.id), []),
                    }
                    for s in day.sessions
                    for t in problem.teams
                ]
                cells.append({"date": day.date, "skipped": None, "slots": slots})
            rows.append(cells)
        info = wb.info_of(w.solved)
        return {
            "w": w,
            "problem": problem,
            "verdict": verdict,
            "metrics": metrics,
            "rows": rows,
            "weekday_names": [
                format_date(dt.date(2026, 11, 30) + dt.timedelta(days=wd), lang)
                .split("(")[-1]
                .rstrip(")")
                if lang == "ko"
                else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[wd]
                for wd in weekdays
            ],
            "period": format_period(problem.start, problem.end, lang),
            "travel": format_minutes(metrics.travel_min_total, lang),
            "status": format_status(info.status if w.cursor == 0 else "HAND-MADE", lang),
            "info": info,
            "note": note,
            "teams": [
                {
                    "id": t.id,
                    "name": wb._team_name(problem, t.id, lang),
                    "cls": f"team-{i % len(TEAM_COLORS)}",
                }
                for i, t in enumerate(problem.teams)
            ],
            "sites": sorted(problem.sites, key=lambda s: s.name),
            "days": problem.days,
            "sessions": problem.days[0].sessions if problem.days else (),
        }


def _finite(value: float | None) -> float | None:
    """``value`` unless it is missing or not a finite number (JSON has no NaN)."""
    import math

    return value if value is not None and math.isfinite(value) else None


def _json_body(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DataError("not JSON", code="web.bad_request", params={"what": "JSON"}) from None
    if not isinstance(value, dict):
        raise DataError("not an object", code="web.bad_request", params={"what": "JSON"})
    return value


def _int(value: Any, what: str, low: int | None = None, high: int | None = None) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise DataError(
            f"not a whole number: {what}",
            code="web.bad_request",
            params={"what": f"{what} = {value!r}"},
        ) from None
    if (low is not None and n < low) or (high is not None and n > high):
        raise DataError(
            f"out of range: {what}", code="web.bad_request", params={"what": f"{what} = {n}"}
        )
    return n


def _spans(raw: str) -> tuple[tuple[str, str], ...]:
    """``WHO:DATE`` lines (or comma-separated) into ``(who, date)`` pairs."""
    out = []
    for part in re.split(r"[\n,]+", raw or ""):
        part = part.strip()
        if not part:
            continue
        who, sep, when = part.rpartition(":")
        if not sep or not who.strip() or not when.strip():
            raise DataError("write WHO:DATE", code="web.bad_request", params={"what": part})
        out.append((who.strip(), when.strip()))
    return tuple(out)


def plan_request(
    form: dict[str, str], lang: str, config_path: Path | None, centers_path: Path | None
) -> PlanRequest:
    """The :class:`PlanRequest` of the plan form (never a server path from the form)."""
    names = (
        tuple(n.strip() for n in (form.get("names") or "").split(",")) if form.get("names") else ()
    )
    max_raw = (form.get("max_visits") or "").strip()
    return PlanRequest(
        month=(form.get("month") or "").strip() or None,
        counselors=_int(form.get("counselors", 1), "counselors", 1, 20),
        visits_per_day=_int(form.get("visits_per_day", 1), "visits_per_day", 1, 3),
        weekdays=(form.get("weekdays") or "").strip() or None,
        counselor_names=names,
        leave=_spans(form.get("leave", "")),
        closures=_spans(form.get("closures", "")),
        min_visits=_int(form.get("min_visits") or 0, "min_visits", 0, 31),
        max_visits=_int(max_raw, "max_visits", 0, 31) if max_raw else None,
        time_limit_s=float(_int(form.get("time_limit") or 30, "time_limit", 1, 600)),
        config_path=config_path,
        centers_path=centers_path,
        lang=lang,
    )


def build_app(
    db_path: Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8750,
    lang: str = "ko",
    config_path: Path | None = None,
) -> tuple[Any, WebApp]:
    """The ASGI app (wrapped in the security middleware) and its state."""
    web = WebApp(db_path, host=host, port=port, lang=lang, config_path=config_path)
    routes = _routes(web)
    star = Starlette(routes=routes)
    app = SecurityMiddleware(
        star,
        hosts=web.hosts,
        guard=web.guard,
        messages=web.security_message,
        max_body=MAX_UPLOAD + 64 * 1024,
    )
    return app, web


def _guarded(web: WebApp, handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """Turn the errors a handler raises into refusals in the page's language."""

    async def wrapped(request: Request) -> Response:
        lang = web.lang_of(request)
        try:
            return await handler(request)
        except wb.NotFound:
            return web.refuse(request, 404, text("web.not_found", lang))
        except wb.StaleRevision as e:
            return web.refuse(
                request, 409, text("web.stale", lang, current=e.current, given=e.given)
            )
        except wb.Flagged as e:
            return web.refuse(request, 409, text("web.publish.flagged", lang, n=len(e.violations)))
        except (SchedulerError, ValueError) as e:
            return web.refuse(request, 400, error_text(e, lang))
        except Exception as e:  # a bug: say so on the page and keep the traceback in the log
            traceback.print_exc()
            return web.refuse(
                request, 500, text("web.internal", lang, what=f"{type(e).__name__}: {e}")
            )

    return wrapped


def _routes(web: WebApp) -> list[Any]:  # noqa: C901 - one table of routes reads best
    async def home(request: Request) -> Response:
        return RedirectResponse("/plan", status_code=303)

    async def teams_css(request: Request) -> Response:
        from scheduler.output.map import TEAM_COLORS

        css = "".join(f".team-{i}{{--team:{c}}}\n" for i, c in enumerate(TEAM_COLORS))
        return Response(css, media_type="text/css")

    async def set_lang(request: Request) -> Response:
        form = await request.form()
        to = str(form.get("to") or "")
        back = str(form.get("back") or "/plan")
        if not back.startswith("/") or back.startswith("//"):
            back = "/plan"
        resp = RedirectResponse(back, status_code=303)
        if to in ("ko", "en"):
            resp.set_cookie(LANG_COOKIE, to, httponly=True, samesite="strict")
        return resp

    # -- month plan --------------------------------------------------------
    async def plan_page(request: Request) -> Response:
        lang = web.lang_of(request)
        today = dt.date.today()
        nxt = (today.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
        prefill = {
            k: request.query_params.get(k, "")
            for k in ("month", "counselors", "visits_per_day", "weekdays")
        }
        from scheduler.app.common import config_path_of
        from scheduler.district.config import load_config

        ids = [c.id for c in load_config(config_path_of(config_of(web))).counselors]
        return web.render(
            request,
            "plan.html",
            counselor_ids=ids,
            plans=wb.list_plans(web.store),
            next_month=nxt,
            prefill=prefill,
            lang_=lang,
        )

    def progress_of(job: Job) -> Callable[[ProgressEvent], None]:
        return job.events.append

    def job_error(lang: str) -> Callable[[BaseException], tuple[str, bool]]:
        def on_error(e: BaseException) -> tuple[str, bool]:
            if isinstance(e, Interrupted):
                return text("web.job.cancelled", lang), True
            return text("web.job.failed", lang, message=error_text(e, lang)), False

        return on_error

    async def plan_start(request: Request) -> Response:
        from scheduler.app.plan import plan as app_plan

        lang = web.lang_of(request)
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        req = plan_request(form, lang, config_of(web), centers_override(web))
        req = replace(req, history_path=published_history(web, req))
        app_plan_build_check(req)

        def work(job: Job) -> Any:
            outcome = app_plan(req, progress=progress_of(job), cancel=job.cancel)
            job.events.append(ProgressEvent("phase", "save"))
            pid = wb.create(web.store, outcome.inputs, outcome.plan, outcome.label)
            return {"redirect": f"/plans/{pid}", "gap": round(outcome.plan.info.gap, 4)}

        job = web.jobs.start("plan", work, job_error(lang))
        return _job_started(request, job)

    def _job_started(request: Request, job: Job) -> Response:
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"job": job.id, "url": f"/jobs/{job.id}"}, status_code=202)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def job_page(request: Request) -> Response:
        job = web.jobs.get(request.path_params["job"])
        if job is None:
            raise wb.NotFound(0)
        return web.render(request, "job.html", job=job)

    async def job_json(request: Request) -> Response:
        lang = web.lang_of(request)
        job = web.jobs.get(request.path_params["job"])
        if job is None:
            raise wb.NotFound(0)
        stage, gap = "", None
        stages: list[dict[str, Any]] = []
        for ev in job.events:
            if ev.kind == "phase":
                stage = (
                    text(f"web.job.phase.{ev.name}", lang)
                    if has(f"web.job.phase.{ev.name}")
                    else ev.name
                )
            elif ev.kind == "stage":
                code = f"web.job.stage.{ev.name}"
                status = format_status(ev.status, lang)
                stage = text(code, lang, status=status) if has(code) else f"{ev.name} {status}"
                # each finished stage with its own gap, so the gap shows while solving
                stage_gap = _finite(ev.gap)
                if stage_gap is not None:
                    gap = round(stage_gap, 4)
                stages.append({"stage": stage, "seconds": round(ev.seconds, 1), "gap": gap})
            elif ev.kind == "scenario":
                stage = f"{ev.name} ({ev.done}/{ev.total})"
        result = job.result if isinstance(job.result, dict) else {}
        if job.done and not job.error and result.get("gap") is not None:
            gap = result.get("gap")
        return JSONResponse(
            {
                "done": job.done,
                "elapsed": round(job.elapsed, 1),
                "stage": stage,
                "gap": gap,
                "stages": stages,
                "error": job.error,
                "cancelled": job.cancelled,
                "redirect": result.get("redirect"),
            }
        )

    async def job_cancel(request: Request) -> Response:
        job = web.jobs.get(request.path_params["job"])
        if job is None:
            raise wb.NotFound(0)
        job.cancel.set()
        return JSONResponse({"ok": True})

    # -- a working plan ----------------------------------------------------
    def _pid(request: Request) -> int:
        return _int(request.path_params["pid"], "plan", 1)

    async def plan_view(request: Request) -> Response:
        lang = web.lang_of(request)
        w = wb.load(web.store, _pid(request))
        ctx = web.plan_context(w, lang, note=request.query_params.get("note", "")[:200])
        return web.render(request, "working.html", **ctx)

    def _fragment(request: Request, w: wb.Working, note: str = "") -> Response:
        lang = web.lang_of(request)
        ctx = web.plan_context(w, lang, note)
        lang_t = lambda code, **p: text(code, lang, **p)  # noqa: E731
        html = web.env.get_template("_calendar.html").render(t=lang_t, lang=lang, **ctx)
        return JSONResponse(
            {
                "revision": w.revision,
                "html": html,
                "ok": ctx["verdict"].ok,
                "broken": len(ctx["verdict"].violations),
            }
        )

    async def plan_fragment(request: Request) -> Response:
        return _fragment(request, wb.load(web.store, _pid(request)))

    async def plan_edit(request: Request) -> Response:
        pid = _pid(request)
        body = _json_body(await request.body())
        wb.edit(web.store, pid, _int(body.get("revision"), "revision"), body)
        return _fragment(request, wb.load(web.store, pid))

    async def plan_step(request: Request) -> Response:
        pid = _pid(request)
        body = _json_body(await request.body())
        how = request.path_params["how"]
        if how not in ("undo", "redo"):
            raise wb.NotFound(pid)
        delta = -1 if how == "undo" else 1
        wb.step(web.store, pid, _int(body.get("revision"), "revision"), delta)
        return _fragment(request, wb.load(web.store, pid))

    async def plan_reoptimize(request: Request) -> Response:
        lang = web.lang_of(request)
        pid = _pid(request)
        body = _json_body(await request.body())
        revision = _int(body.get("revision"), "revision")
        w = wb.load(web.store, pid)
        if w.revision != revision:
            raise wb.StaleRevision(w.revision, revision)
        limit = float(w.inputs.get("time_limit_s") or 30.0)

        def work(job: Job) -> Any:
            _, changes = wb.reoptimize(
                web.store,
                pid,
                revision,
                time_limit_s=limit,
                progress=progress_of(job),
                cancel=job.cancel,
            )
            note = text("web.edit.changed", lang, n=len(changes))
            from urllib.parse import quote

            return {"redirect": f"/plans/{pid}?note={quote(note)}"}

        job = web.jobs.start("reoptimize", work, job_error(lang))
        return JSONResponse({"job": job.id, "url": f"/jobs/{job.id}"}, status_code=202)

    async def plan_map(request: Request) -> Response:
        lang = web.lang_of(request)
        pid, rev = _pid(request), _int(request.path_params["rev"], "revision", 0)
        w = wb.load(web.store, pid)
        key = (pid, rev, lang)
        if key not in web._maps:
            if rev != w.revision:
                raise wb.NotFound(pid)
            from scheduler.app.common import boundaries_of
            from scheduler.output.map import render_map

            problem, plan = wb.current_plan(w)
            web._maps = {k: v for k, v in web._maps.items() if k[0] != pid}
            bounds = boundaries_of(wb.built_of(w.inputs))
            html = await run_in_threadpool(
                lambda: render_map(problem, plan, lang=lang, tiles="none", boundaries=bounds)
            )
            web._maps[key] = html.encode("utf-8")
        return Response(web._maps[key], media_type="text/html; charset=utf-8")

    async def plan_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name != "files.zip" and not _SAFE_NAME.match(name):
            raise wb.NotFound(0)
        w = wb.load(web.store, _pid(request))
        files = await run_in_threadpool(web.files, w, web.lang_of(request))
        if name == "files.zip":
            return _zip(files, f"plan-{w.plan_key}-r{w.revision}.zip")
        if name not in files:
            raise wb.NotFound(0)
        return _download(name, files[name])

    async def plan_publish(request: Request) -> Response:
        lang = web.lang_of(request)
        pid = _pid(request)
        body = _json_body(await request.body())
        who = str(body.get("who") or "").strip()[:80]
        note = str(body.get("note") or "").strip()[:500]
        if not who:
            return web.refuse(request, 400, text("web.publish.need_who", lang))
        revision = _int(body.get("revision"), "revision")
        version = await run_in_threadpool(
            lambda: wb.publish_working(web.store, pid, revision, by=who, note=note, lang=lang)
        )
        code = "web.publish.done" if version.created else "web.publish.same"
        return JSONResponse(
            {
                "message": text(code, lang, key=version.plan_key, version=version.version),
                "url": f"/publish/{version.plan_key}",
            }
        )

    # -- publish -----------------------------------------------------------
    async def publish_page(request: Request) -> Response:
        keys = [
            r[0]
            for r in web.store.conn.execute(
                "SELECT DISTINCT plan_key FROM plan_version ORDER BY plan_key"
            ).fetchall()
        ]
        return web.render(request, "publish.html", keys=keys, versions=None, key=None, diff=None)

    async def publish_key(request: Request) -> Response:
        key = request.path_params["key"]
        versions = wb.versions_of(web.store, key)
        if not versions:
            raise wb.NotFound(0)
        diff = None
        a, b = request.query_params.get("a"), request.query_params.get("b")
        if a is None and len(versions) >= 2:
            a, b = str(versions[-2].version), str(versions[-1].version)
        if a is not None and b is not None:
            va, vb = _int(a, "a", 1), _int(b, "b", 1)
            diff = await run_in_threadpool(lambda: wb.diff(web.store, key, va, vb))
        plans = [r for r in wb.list_plans(web.store) if r[1] == key]
        return web.render(
            request, "publish.html", keys=[key], versions=versions, key=key, diff=diff, plans=plans
        )

    async def publish_file(request: Request) -> Response:
        from scheduler.store.published import published_files

        key, name = request.path_params["key"], request.path_params["name"]
        version = _int(request.path_params["version"], "version", 1)
        if name.startswith("change-notice."):
            a = _int(request.query_params.get("a"), "a", 1)
            d = wb.diff(web.store, key, a, version)
            body = d.notice_en if name.endswith(".en.txt") else d.notice_ko
            return _download(name, body.encode("utf-8"))
        try:
            files = published_files(web.store, key, version)
        except DataError:
            raise wb.NotFound(0) from None
        if name == "files.zip":
            return _zip(files, f"{key}-v{version}.zip")
        if name not in files:
            raise wb.NotFound(0)
        return _download(name, files[name])

    # -- attendance --------------------------------------------------------
    async def attendance_page(request: Request) -> Response:
        key = request.path_params["key"]
        version = _int(request.path_params["version"], "version", 1)
        lang = web.lang_of(request)
        visits = await run_in_threadpool(lambda: attendance_rows(web, key, version, lang))
        note = request.query_params.get("note", "")[:200]
        return web.render(
            request, "attendance.html", key=key, version=version, visits=visits, note=note
        )

    async def attendance_post(request: Request) -> Response:
        from urllib.parse import quote

        key = request.path_params["key"]
        version = _int(request.path_params["version"], "version", 1)
        lang = web.lang_of(request)
        form = {k: str(v) for k, v in (await request.form(max_fields=20)).items()}
        res = await run_in_threadpool(lambda: record_form(web, key, version, form, lang))
        note = text(
            "web.attendance.saved",
            lang,
            added=res.added,
            updated=res.updated,
            unchanged=res.unchanged,
        )
        url = f"/attendance/{quote(key)}/v{version}?note={quote(note)}"
        return RedirectResponse(url, status_code=303)

    # -- export ------------------------------------------------------------
    async def export_page(request: Request) -> Response:
        plans = wb.list_plans(web.store)
        pid = request.query_params.get("plan")
        chosen = None
        names: list[str] = []
        flagged = False
        if plans:
            chosen = wb.load(web.store, _int(pid, "plan", 1) if pid else plans[0][0])
            problem, plan = wb.current_plan(chosen)
            flagged = bool(wb.validate(problem, plan))
            names = sorted(await run_in_threadpool(web.files, chosen, web.lang_of(request)))
        return web.render(
            request, "export.html", plans=plans, chosen=chosen, names=names, flagged=flagged
        )

    # -- compare -----------------------------------------------------------
    async def compare_page(request: Request) -> Response:
        job = web.jobs.get(request.query_params.get("job", ""))
        result = job.result if job is not None and isinstance(job.result, dict) else {}
        return web.render(
            request,
            "compare.html",
            rows=result.get("rows"),
            charts=result.get("charts") or [],
            month=request.query_params.get("month", ""),
        )

    async def compare_start(request: Request) -> Response:
        from scheduler.app.whatif import whatif

        lang = web.lang_of(request)
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        sets = tuple(s.strip() for s in (form.get("weekday_sets") or "").splitlines() if s.strip())
        req = WhatIfRequest(
            month=(form.get("month") or "").strip() or None,
            counselors=(form.get("counselors") or "1-3").strip(),
            visits_per_day=(form.get("visits_per_day") or "").strip() or None,
            weekday_sets=sets,
            time_limit_s=10.0,
            config_path=config_of(web),
            centers_path=centers_override(web),
            lang=lang,
            workers=1,
        )

        def work(job: Job) -> Any:
            out = whatif(req, progress=progress_of(job), cancel=job.cancel)
            rows = []
            top = (
                max([float(r.row.get("population_covered_pct") or 0) for r in out.results] or [1.0])
                or 1.0
            )
            for r in out.results:
                sc = r.scenario
                pct = r.row.get("population_covered_pct")
                rows.append(
                    {
                        "name": sc.name,
                        "counselors": sc.counselors,
                        "vpd": sc.visits_per_day,
                        "weekdays": ",".join(
                            ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d - 1]
                            if 1 <= d <= 7
                            else str(d)
                            for d in sc.weekdays
                        ),
                        "visits": r.row.get("visits"),
                        "pct": pct,
                        "bar": round(10 * float(pct or 0) / top) * 10,
                        "wait": r.row.get("max_days_between_visits"),
                        "travel": r.row.get("travel_min_per_visit"),
                        "status": r.row.get("status"),
                        "month": out.label,
                    }
                )
            from scheduler.web.charts import whatif_charts

            charts = whatif_charts(out.results, lang)
            return {"rows": rows, "charts": charts, "redirect": f"/compare?job={job.id}"}

        job = web.jobs.start("compare", work, job_error(lang))
        return _job_started(request, job)

    # -- settings ----------------------------------------------------------
    async def settings_page(request: Request) -> Response:
        from scheduler.app.common import config_path_of
        from scheduler.district.centers import read_centers
        from scheduler.district.config import load_config

        cfg_path = config_path_of(web.config_path)
        saved = config_of(web)
        cfg = load_config(Path(saved) if saved else cfg_path)
        source = centers_override(web) or cfg.centers_path
        centers = read_centers(source).sites
        return web.render(
            request,
            "settings.html",
            cfg=cfg,
            cfg_name=cfg_path.name,
            district=district_form.form_values(cfg),
            district_fields=[f for f, _ in district_form.FIELDS],
            district_custom=saved is not None and saved != web.config_path,
            centers=centers,
            rows=_csv_rows(Path(source)),
            edit_columns=EDIT_COLUMNS,
            custom=centers_override(web) is not None,
            note=request.query_params.get("note", "")[:200],
        )

    async def settings_centers(request: Request) -> Response:
        from urllib.parse import quote

        from scheduler.district.centers import read_centers

        lang = web.lang_of(request)
        form = await request.form(max_files=1, max_fields=10)
        if form.get("reset"):
            _set_centers(web, None)
            return RedirectResponse("/settings", status_code=303)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return web.refuse(request, 400, text("web.upload_type", lang))
        name = (upload.filename or "").lower()
        suffix = ".xlsx" if name.endswith(".xlsx") else ".csv" if name.endswith(".csv") else ""
        if not suffix:
            return web.refuse(request, 400, text("web.upload_type", lang))
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return web.refuse(request, 413, web.security_message("too_large"))
        folder = web.db_path.parent / "web-centers"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            path = Path(tmp) / f"centers{suffix}"
            path.write_bytes(data)
            try:
                csv_path = _as_centers_csv(path)
                centers = read_centers(csv_path)  # the CLI's loader: same checks, same errors
            except DataError as e:  # name the file as the planner knows it, not our copy
                e.file = Path(upload.filename or "centers").name
                e.params = {k: (e.file if k == "file" else v) for k, v in e.params.items()}
                raise
            final = folder / "centers.csv"
            final.write_bytes(csv_path.read_bytes())
        _set_centers(web, final)
        note = text("web.settings.imported", lang, n=len(centers.sites))
        return RedirectResponse(f"/settings?note={quote(note)}", status_code=303)

    async def settings_centers_edit(request: Request) -> Response:
        from urllib.parse import quote

        from scheduler.app.common import config_path_of
        from scheduler.district.centers import read_centers
        from scheduler.district.config import load_config

        lang = web.lang_of(request)
        form = await request.form(max_fields=2000)
        source = Path(
            centers_override(web) or load_config(config_path_of(web.config_path)).centers_path
        )
        rows = _csv_rows(source)
        header = list(rows[0].keys()) if rows else []
        for row in rows:
            for col in EDIT_COLUMNS:
                value = form.get(f"c.{row['id']}.{col}")
                if isinstance(value, str):
                    row[col] = value.strip()
        folder = web.db_path.parent / "web-centers"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            path = Path(tmp) / "centers.csv"
            _write_csv(path, header, rows)
            try:
                centers = read_centers(path)  # the CLI's loader: same checks, same errors
            except DataError as e:
                e.file = "centers"
                e.params = {k: ("centers" if k == "file" else v) for k, v in e.params.items()}
                raise
            final = folder / "centers.csv"
            final.write_bytes(path.read_bytes())
        _set_centers(web, final)
        note = text("web.settings.imported", lang, n=len(centers.sites))
        return RedirectResponse(f"/settings?note={quote(note)}", status_code=303)

    async def settings_district(request: Request) -> Response:
        from urllib.parse import quote

        from scheduler.app.common import config_path_of

        lang = web.lang_of(request)
        form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
        if form.get("reset"):
            district_form.reset(web.store)
            return RedirectResponse("/settings", status_code=303)
        await run_in_threadpool(
            lambda: district_form.save(
                web.store,
                config_path_of(web.config_path),
                form,
                text("web.settings.district_file", lang),
                web.db_path.parent / "web-config",
            )
        )
        note = text("web.settings.district_saved", lang)
        return RedirectResponse(f"/settings?note={quote(note)}", status_code=303)

    async def settings_centers_csv(request: Request) -> Response:
        from scheduler.app.common import config_path_of
        from scheduler.district.config import load_config

        path = centers_override(web) or load_config(config_path_of(web.config_path)).centers_path
        data = Path(path).read_bytes()
        if not data.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        return _download("centers.csv", data)

    g = lambda h: _guarded(web, h)  # noqa: E731
    return [
        Route("/", home),
        Route("/teams.css", teams_css),
        Route("/lang", g(set_lang), methods=["POST"]),
        Route("/plan", g(plan_page)),
        Route("/plan", g(plan_start), methods=["POST"]),
        Route("/jobs/{job:str}", g(job_page)),
        Route("/jobs/{job:str}/state", g(job_json)),
        Route("/jobs/{job:str}/cancel", g(job_cancel), methods=["POST"]),
        Route("/plans/{pid:int}", g(plan_view)),
        Route("/plans/{pid:int}/calendar", g(plan_fragment)),
        Route("/plans/{pid:int}/edit", g(plan_edit), methods=["POST"]),
        Route("/plans/{pid:int}/{how:str}", g(plan_step), methods=["POST"]),
        Route("/plans/{pid:int}/reoptimize/start", g(plan_reoptimize), methods=["POST"]),
        Route("/plans/{pid:int}/publish/now", g(plan_publish), methods=["POST"]),
        Route("/plans/{pid:int}/files/{name:path}", g(plan_file)),
        Route("/view/plans/{pid:int}/r{rev:int}/map.html", g(plan_map)),
        Route("/publish", g(publish_page)),
        Route("/publish/{key:str}", g(publish_key)),
        Route("/publish/{key:str}/v{version:int}/{name:path}", g(publish_file)),
        Route("/attendance/{key:str}/v{version:int}", g(attendance_page)),
        Route("/attendance/{key:str}/v{version:int}", g(attendance_post), methods=["POST"]),
        Route("/export", g(export_page)),
        Route("/compare", g(compare_page)),
        Route("/compare", g(compare_start), methods=["POST"]),
        Route("/settings", g(settings_page)),
        Route("/settings/centers", g(settings_centers), methods=["POST"]),
        Route("/settings/centers.csv", g(settings_centers_csv)),
        Route("/settings/centers/edit", g(settings_centers_edit), methods=["POST"]),
        Route("/settings/district", g(settings_district), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def app_plan_build_check(req: PlanRequest) -> None:
    """Fail on bad form input now (one sentence), before a job starts."""
    from scheduler.app.plan import build

    build(req)


#: Columns of the centers table the settings page edits (the rest are kept as they are).
EDIT_COLUMNS = ("center_name_ko", "address_ko", "lat", "lon", "population")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a centers CSV as text (UTF-8 with or without BOM, or CP949)."""
    import csv

    raw = path.read_bytes()
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        body = raw.decode("cp949")
    return [dict(r) for r in csv.DictReader(io.StringIO(body))]


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)


def published_history(web: WebApp, req: PlanRequest) -> Path | None:
    """The visits of the published plans before the requested period, as the history
    file of the next plan (``date, center_id``), so the rotation goes on from what was
    announced; ``None`` when nothing was published before it."""
    from scheduler.app.common import resolve_period
    from scheduler.store.published import published_visits

    start, _end, _label = resolve_period(req.month, req.months, req.start, req.end, req.today)
    visits = published_visits(web.store, end=start - dt.timedelta(days=1))
    if not visits:
        return None
    path = web.db_path.parent / "web-history" / f"before-{start.isoformat()}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["date,center_id,counselor"] + [
        f"{v.date.isoformat()},{v.center_id},{v.counselor}" for v in visits
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sites_of(web: WebApp) -> list[Any]:
    """The centers the next plans read (the settings page's table, else the config's)."""
    from scheduler.app.common import config_path_of
    from scheduler.district.centers import read_centers
    from scheduler.district.config import load_config

    path = centers_override(web) or load_config(config_path_of(config_of(web))).centers_path
    return list(read_centers(Path(path)).sites)


def attendance_rows(web: WebApp, key: str, version: int, lang: str) -> list[dict[str, Any]]:
    """The visits of one published version with what is recorded for each so far."""
    from scheduler.store.attendance import attendance_records
    from scheduler.store.published import published_versions, published_visits

    if not any(v.version == version for v in published_versions(web.store, key)):
        raise wb.NotFound(0)
    visits = published_visits(web.store, plan_key=key, version=version)
    names = {s.id: (s.name_en or s.name) if lang == "en" else s.name for s in _sites_of(web)}
    stored = {r.key: r for r in attendance_records(web.store)} if visits else {}
    out = []
    for v in visits:
        rec = stored.get((v.date.isoformat(), v.center_id, v.counselor))
        out.append(
            {
                "date": v.date,
                "center_id": v.center_id,
                "center": names.get(v.center_id, v.center_id),
                "counselor": v.counselor,
                "visitors": "" if rec is None else rec.visitors,
                "counseled": "" if rec is None or rec.counseled is None else rec.counseled,
                "placed": "" if rec is None or rec.placed is None else rec.placed,
                "note": "" if rec is None else rec.note,
            }
        )
    return out


def record_form(web: WebApp, key: str, version: int, form: dict[str, str], lang: str) -> Any:
    """Record one visit's attendance from its form: the row goes through the CLI's
    reader (:func:`read_attendance`: the same checks and one-line errors as
    ``visitplan record``), then the one store call; the same values change nothing."""
    import csv

    from scheduler.demand.records import read_attendance
    from scheduler.store.attendance import record_attendance
    from scheduler.store.published import published_visits

    visit = (form.get("date", ""), form.get("center_id", ""), form.get("counselor", ""))
    held = {
        (v.date.isoformat(), v.center_id, v.counselor)
        for v in published_visits(web.store, plan_key=key, version=version)
    }
    if visit not in held:
        raise wb.NotFound(0)
    cols = ("date", "center_id", "counselor", "visitors", "counseled", "placed", "note")
    label = text("web.attendance.form", lang)
    folder = web.db_path.parent / "web-attendance"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "attendance.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            # a leading apostrophe keeps an id or name a text (the reader removes it)
            w.writerow(
                [
                    ("'" + form.get(c, "").strip())
                    if c in ("center_id", "counselor")
                    else form.get(c, "").strip()
                    for c in cols
                ]
            )
        try:
            rows = read_attendance(path, _sites_of(web), today=dt.date.today())
        except DataError as e:  # name the form, not our copy of it (nor its line)
            e.file, e.row = label, None
            e.params = {k: (label if k == "file" else v) for k, v in e.params.items()}
            raise
    return record_attendance(
        web.store, [r.record for r in rows], source=f"web:{key}-v{version}", rows=[None]
    )


def config_of(web: WebApp) -> Path | None:
    """The district config the next plans read: the settings saved on the page (a
    file checked by the config loader), else the server's ``--config``."""
    return district_form.current_path(web.store, web.db_path.parent / "web-config") or (
        web.config_path
    )


def centers_override(web: WebApp) -> Path | None:
    """The centers file uploaded in the settings page, if any."""
    row = web.store.conn.execute(
        "SELECT value FROM web_setting WHERE key = 'centers_path'"
    ).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return Path(value) if value and Path(value).is_file() else None


def _set_centers(web: WebApp, path: Path | None) -> None:
    from scheduler.store.db import utc_now

    with web.store.transaction() as c:
        if path is None:
            c.execute("DELETE FROM web_setting WHERE key = 'centers_path'")
        else:
            c.execute(
                "INSERT INTO web_setting (key, value, updated_at) VALUES ('centers_path', ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (json.dumps(str(path)), utc_now()),
            )
        wb.audit(c, "settings.centers", path=str(path) if path else None)


def _as_centers_csv(path: Path) -> Path:
    """An uploaded XLSX as the CSV the centers loader reads (first sheet; CSV as is)."""
    if path.suffix != ".xlsx":
        return path
    from scheduler.district.tables import xlsx_as_csv

    out = path.with_suffix(".csv")
    out.write_bytes(xlsx_as_csv(path))  # the loaders' one workbook reader
    return out


def _download(name: str, data: bytes) -> Response:
    if not _SAFE_NAME.match(name):
        raise wb.NotFound(0)
    ctype = _CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
    return Response(
        data,
        media_type=ctype,
        headers={"content-disposition": f'attachment; filename="{name.rsplit("/", 1)[-1]}"'},
    )


def _zip(files: dict[str, bytes], name: str) -> Response:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in sorted(files):
            z.writestr(zipfile.ZipInfo(n, date_time=(2026, 1, 1, 0, 0, 0)), files[n])
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name.rsplit("/", 1)[-1]}"'},
    )
