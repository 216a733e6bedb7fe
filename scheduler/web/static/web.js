/* visitplan planner page: live progress, dragging visit cards, edit buttons.
   Every POST carries the CSRF token from <meta name="csrf-token">. No inline script. */
(function () {
  "use strict";
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function post(url, body, form) {
    var opts = { method: "POST", headers: { "X-CSRF-Token": token, "Accept": "application/json" },
                 credentials: "same-origin" };
    if (form) { opts.body = form; } else {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body || {});
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return { error: r.statusText }; }).then(function (data) {
        data._status = r.status; return data;
      });
    });
  }

  function show(el, msg) { if (!el) { return; } el.textContent = msg || ""; el.hidden = !msg; }

  /* --- jobs: progress with stage, elapsed, gap; cancel ------------------------------- */
  /* Each finished solver stage as a line: its name and status, seconds, gap. */
  function showStages(stages) {
    var list = document.getElementById("p-stages");
    if (!list) { return; }
    while (list.children.length > stages.length) { list.removeChild(list.lastChild); }
    stages.forEach(function (st, i) {
      var li = list.children[i] || list.appendChild(document.createElement("li"));
      var gap = st.gap === null || st.gap === undefined ? "–" : String(st.gap);
      li.textContent = st.stage + " · " + String(st.seconds) + " s · " +
        (list.getAttribute("data-gap") || "gap") + " " + gap;
    });
  }
  function followJob(jobId) {
    var box = document.getElementById("progress");
    if (!box) { return; }
    box.hidden = false;
    var err = document.getElementById("p-error");
    var cancel = document.getElementById("p-cancel");
    cancel.hidden = false;
    cancel.onclick = function () { post("/jobs/" + jobId + "/cancel", {}); };
    function tick() {
      fetch("/jobs/" + jobId + "/state", { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          document.getElementById("p-stage").textContent = s.stage || "…";
          document.getElementById("p-elapsed").textContent = String(s.elapsed);
          document.getElementById("p-gap").textContent = s.gap === null || s.gap === undefined ? "–" : String(s.gap);
          showStages(s.stages || []);
          if (!s.done) { setTimeout(tick, 300); return; }
          cancel.hidden = true;
          if (s.error) { show(err, s.error); return; }
          if (s.redirect) { window.location.assign(s.redirect); }
        })
        .catch(function () { setTimeout(tick, 1000); });
    }
    tick();
  }

  document.querySelectorAll("form[data-job-form]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var err = document.getElementById("p-error");
      show(err, "");
      post(form.action, null, new FormData(form)).then(function (d) {
        if (d.job) { followJob(d.job); return; }
        var box = document.getElementById("progress");
        if (box) { box.hidden = false; }
        document.getElementById("p-cancel").hidden = true;
        show(err, d.error || String(d._status));
      });
    });
  });
  /* --- leave picked on a calendar: a date field per counselor, chips; the textarea
     (counselor:date, one a line) stays the form's field and the fallback ----------- */
  function leavePicker(box) {
    var area = document.getElementById("f-leave");
    var chips = document.getElementById("leave-chips");
    var count = document.getElementById("f-counselors");
    var names = document.getElementById("f-names");
    var month = document.getElementById("f-month");
    var configured = [];
    try { configured = JSON.parse(box.getAttribute("data-ids") || "[]"); } catch (e) { configured = []; }
    var weekdays = (box.getAttribute("data-weekdays") || "").split(",");
    var months = (box.getAttribute("data-months") || "").split(",");
    var ko = box.getAttribute("data-lang") !== "en";

    /* The counselors' ids as the server numbers them: the configured ones first, then
       the first free whole numbers (scheduler.district.build.counselor_teams). */
    function ids() {
      var n = Math.max(1, Math.min(20, parseInt(count.value, 10) || 1));
      var out = configured.slice(0, n), taken = {}, k = 1;
      out.forEach(function (id) { taken[id] = true; });
      while (out.length < n) {
        while (taken[String(k)]) { k += 1; }
        out.push(String(k)); taken[String(k)] = true;
      }
      return out;
    }
    function nameOf(i, id) {
      var given = (names.value || "").split(",")[i];
      given = given ? given.trim() : "";
      return given || box.getAttribute("data-counselor").replace("{n}", id);
    }
    function lines() {
      return area.value.split(/[\n,]+/).map(function (l) { return l.trim(); })
        .filter(function (l) { return l; });
    }
    function human(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      if (!m) { return iso; }
      var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      var wd = weekdays[(d.getDay() + 6) % 7] || "";
      return ko ? Number(m[2]) + "월 " + Number(m[3]) + "일(" + wd + ")"
                : wd + " " + Number(m[3]) + " " + (months[Number(m[2]) - 1] || m[2]);
    }
    function bounds(input) {
      var m = /^(\d{4})-(\d{2})$/.exec(month.value || "");
      if (!m) { input.removeAttribute("min"); input.removeAttribute("max"); return; }
      var last = new Date(Number(m[1]), Number(m[2]), 0).getDate();
      input.min = m[1] + "-" + m[2] + "-01";
      input.max = m[1] + "-" + m[2] + "-" + String(last);
    }
    function renderChips() {
      var list = ids();
      chips.textContent = "";
      lines().forEach(function (line) {
        var at = line.lastIndexOf(":");
        var who = at > 0 ? line.slice(0, at).trim() : line;
        var when = at > 0 ? line.slice(at + 1).trim() : "";
        var i = list.indexOf(who);
        var label = (i >= 0 ? nameOf(i, who) : who) + " · " +
          when.split("..").map(human).join("–");
        var li = document.createElement("li");
        li.className = "vp-chip";
        li.setAttribute("data-line", line);
        var span = document.createElement("span");
        span.textContent = label;
        var x = document.createElement("button");
        x.type = "button";
        x.className = "krds-btn xsmall tertiary";
        x.textContent = "×";
        x.setAttribute("aria-label", box.getAttribute("data-remove") + ": " + label);
        x.addEventListener("click", function () {
          var rest = lines().filter(function (l) { return l !== line; });
          area.value = rest.join("\n");
          renderChips();
        });
        li.appendChild(span);
        li.appendChild(x);
        chips.appendChild(li);
      });
    }
    function rows() {
      box.textContent = "";
      ids().forEach(function (id, i) {
        var row = document.createElement("div");
        row.className = "vp-leave-row";
        var input = document.createElement("input");
        input.type = "date";
        input.className = "krds-input";
        input.id = "leave-date-" + i;
        input.setAttribute("data-counselor", id);
        bounds(input);
        var label = document.createElement("label");
        label.htmlFor = input.id;
        label.textContent = box.getAttribute("data-date").replace("{name}", nameOf(i, id));
        var add = document.createElement("button");
        add.type = "button";
        add.className = "krds-btn small secondary";
        add.id = "leave-add-" + i;
        add.textContent = box.getAttribute("data-add");
        add.addEventListener("click", function () {
          if (!input.value) { return; }
          var line = id + ":" + input.value;
          var have = lines();
          if (have.indexOf(line) < 0) { have.push(line); }
          area.value = have.join("\n");
          input.value = "";
          renderChips();
        });
        row.appendChild(label);
        row.appendChild(input);
        row.appendChild(add);
        box.appendChild(row);
      });
    }
    function refresh() { rows(); renderChips(); }
    count.addEventListener("input", refresh);
    names.addEventListener("input", refresh);
    month.addEventListener("change", function () {
      box.querySelectorAll("input[type=date]").forEach(bounds);
    });
    area.addEventListener("input", renderChips);
    refresh();
    box.hidden = false;
  }
  var leaveBox = document.getElementById("leave-picker");
  if (leaveBox) { leavePicker(leaveBox); }

  var pending = document.querySelector("[data-job]");
  if (pending) { followJob(pending.getAttribute("data-job")); }

  /* --- the working plan: drag, remove, add, undo/redo, re-optimize, publish ---------- */
  var plan = document.getElementById("plan");
  if (!plan) { document.body.setAttribute("data-vp-ready", "1"); return; }
  var pid = plan.getAttribute("data-plan");
  var calendar = document.getElementById("calendar");
  var editError = document.getElementById("edit-error");

  var mapTimer = null;

  function revision() { return parseInt(plan.getAttribute("data-revision"), 10); }

  function steps() {
    var s = calendar.querySelector(".vp-summary");
    if (!s) { return; }
    document.querySelector('[data-action="undo"]').disabled = s.getAttribute("data-can-undo") !== "true";
    document.querySelector('[data-action="redo"]').disabled = s.getAttribute("data-can-redo") !== "true";
  }
  steps();

  function apply(d) {
    if (d.error) { show(editError, d.error); return d; }
    show(editError, "");
    calendar.innerHTML = d.html;
    steps();
    plan.setAttribute("data-revision", String(d.revision));
    var src = "/view/plans/" + pid + "/r" + d.revision + "/map.html";
    var open = document.getElementById("map-open");
    if (open) { open.href = src; }
    /* The map is re-drawn on the server: wait until the edits pause, so that a run of
       drags is checked at once and the map follows once. */
    clearTimeout(mapTimer);
    mapTimer = setTimeout(function () {
      var map = document.getElementById("map");
      if (map && plan.getAttribute("data-revision") === String(d.revision)) { map.src = src; }
    }, 1500);
    document.body.setAttribute("data-vp-revision", String(d.revision));
    return d;
  }

  function editPlan(op) {
    op.revision = revision();
    return post("/plans/" + pid + "/edit", op).then(apply);
  }
  window.vpEdit = editPlan;  /* for the drag benchmark and tests */

  var dragged = null;
  calendar.addEventListener("dragstart", function (ev) {
    var card = ev.target.closest && ev.target.closest(".vp-visit");
    if (!card) { return; }
    dragged = card.getAttribute("data-uid");
    ev.dataTransfer.setData("text/plain", dragged);
    ev.dataTransfer.effectAllowed = "move";
  });
  calendar.addEventListener("dragover", function (ev) {
    var slot = ev.target.closest && ev.target.closest(".vp-slot");
    if (!slot) { return; }
    ev.preventDefault();
    slot.classList.add("vp-over");
  });
  calendar.addEventListener("dragleave", function (ev) {
    var slot = ev.target.closest && ev.target.closest(".vp-slot");
    if (slot) { slot.classList.remove("vp-over"); }
  });
  calendar.addEventListener("drop", function (ev) {
    var slot = ev.target.closest && ev.target.closest(".vp-slot");
    if (!slot) { return; }
    ev.preventDefault();
    slot.classList.remove("vp-over");
    var uid = ev.dataTransfer.getData("text/plain") || dragged;
    if (!uid) { return; }
    editPlan({ kind: "move", uid: parseInt(uid, 10), date: slot.getAttribute("data-date"),
               session: parseInt(slot.getAttribute("data-session"), 10), team: slot.getAttribute("data-team") });
  });
  /* Keyboard: Enter on a card picks it up, Enter on a slot puts it there, Escape drops it. */
  var picked = null;
  function pick(uid) {
    picked = uid;
    calendar.querySelectorAll(".vp-slot").forEach(function (s) {
      if (uid) { s.setAttribute("tabindex", "0"); } else { s.removeAttribute("tabindex"); }
    });
    var live = document.getElementById("pick-status");
    if (live) { live.textContent = uid ? live.getAttribute("data-picked") : ""; }
  }
  calendar.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { pick(null); return; }
    if (ev.key !== "Enter" && ev.key !== " ") { return; }
    var slot = ev.target.classList && ev.target.classList.contains("vp-slot") ? ev.target : null;
    var card = ev.target.closest && ev.target.closest(".vp-visit");
    if (slot && picked) {
      ev.preventDefault();
      var uid = picked;
      pick(null);
      editPlan({ kind: "move", uid: parseInt(uid, 10), date: slot.getAttribute("data-date"),
                 session: parseInt(slot.getAttribute("data-session"), 10), team: slot.getAttribute("data-team") });
    } else if (card && ev.target === card) {
      ev.preventDefault();
      pick(card.getAttribute("data-uid"));
    }
  });

  calendar.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-remove]");
    if (btn) { editPlan({ kind: "remove", uid: parseInt(btn.getAttribute("data-remove"), 10) }); }
  });

  document.querySelectorAll("[data-action]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var action = btn.getAttribute("data-action");
      if (action === "reoptimize") {
        post("/plans/" + pid + "/reoptimize/start", { revision: revision() }).then(function (d) {
          if (d.job) { followJob(d.job); } else { show(editError, d.error); }
        });
        return;
      }
      post("/plans/" + pid + "/" + action, { revision: revision() }).then(apply);
    });
  });

  var add = document.getElementById("add-form");
  if (add) {
    add.addEventListener("submit", function (ev) {
      ev.preventDefault();
      editPlan({ kind: "add", site: add.site.value, date: add.date.value,
                 session: parseInt(add.session.value, 10), team: add.team.value });
    });
  }
  var pub = document.getElementById("publish-form");
  if (pub) {
    pub.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = document.getElementById("publish-result");
      post("/plans/" + pid + "/publish/now", { revision: revision(), who: pub.who.value, note: pub.note.value })
        .then(function (d) {
          out.textContent = d.error || d.message || "";
          out.className = d.error ? "vp-error" : "vp-ok";
          if (d.url && !d.error) {
            var a = document.createElement("a");
            a.href = d.url; a.textContent = " → " + d.url; a.id = "publish-link";
            out.appendChild(a);
          }
        });
    });
  }
  document.body.setAttribute("data-vp-ready", "1");
})();
