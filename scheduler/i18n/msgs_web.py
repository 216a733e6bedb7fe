"""Sentences of the planner's web page (``visitplan serve``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # serve
    "web.serving": ("계획 화면: {url} (멈추려면 Ctrl-C)", "Planner page: {url} (Ctrl-C to stop)"),
    "web.host_warning": (
        "경고: {host}에서 접속을 받습니다. 같은 네트워크의 누구나 이 화면에 닿을 수 있습니다.",
        "warning: listening on {host}; anyone on the network can reach this page.",
    ),
    "web.port_busy": (
        "포트 {port}을(를) 이미 다른 프로그램이 쓰고 있습니다",
        "port {port} is already in use",
    ),
    "web.port_busy.hint": (
        "--port로 다른 번호를 주세요(예: --port 8751)",
        "pass another --port, e.g. --port 8751",
    ),
    # refusals
    "web.refused.host": (
        "이 주소로는 계획 화면에 접속할 수 없습니다(Host 헤더가 다릅니다).",
        "This address cannot reach the planner page (wrong Host header).",
    ),
    "web.refused.csrf": (
        "보안 토큰이 없거나 맞지 않아 요청을 거절했습니다. 화면을 새로 고친 뒤 다시 하세요.",
        "Request refused: the security token is missing or wrong. Reload the page and retry.",
    ),
    "web.refused.origin": (
        "다른 사이트에서 온 요청이라 거절했습니다.",
        "Request refused: it came from another site.",
    ),
    "web.refused.too_large": (
        "올린 파일이 너무 큽니다(최대 {limit}).",
        "The upload is too large (at most {limit}).",
    ),
    "web.stale": (
        "다른 창(탭)에서 이 계획이 먼저 바뀌었습니다(현재 수정 {current}번, 이 창은 {given}번). "
        "화면을 새로 고친 뒤 다시 하세요. 바뀐 내용은 합치지 않았습니다.",
        "This plan was changed in another window first (revision {current}, this window has "
        "{given}). Reload the page and try again; nothing was merged.",
    ),
    "web.internal": (
        "내부 오류입니다. 서버 기록을 확인하세요: {what}",
        "Internal error; see the server log: {what}",
    ),
    "web.not_found": ("찾는 계획이 없습니다.", "No such plan."),
    "web.bad_request": ("요청을 이해하지 못했습니다: {what}", "Bad request: {what}"),
    "web.upload_type": (
        "CSV 또는 XLSX 파일만 올릴 수 있습니다.",
        "Upload a CSV or XLSX file only.",
    ),
    # navigation and page titles
    "web.app_name": ("방문 상담 계획", "Visit planner"),
    "web.skip": ("본문 바로가기", "Skip to content"),
    "web.nav.plan": ("월 계획", "Month plan"),
    "web.nav.compare": ("비교", "Compare"),
    "web.nav.publish": ("게시", "Publish"),
    "web.nav.export": ("내보내기", "Export"),
    "web.nav.settings": ("설정", "Settings"),
    "web.lang_toggle": ("English", "한국어"),
    # plan form
    "web.form.title": ("새 월 계획", "New month plan"),
    "web.form.month": ("계획할 달", "Month"),
    "web.form.counselors": ("상담사 수", "Counselors"),
    "web.form.names": (
        "상담사 이름(쉼표로 구분, 비우면 번호)",
        "Counselor names (comma-separated; empty = numbers)",
    ),
    "web.form.vpd": ("하루 방문 수", "Visits a day"),
    "web.form.weekdays": ("방문 요일", "Visit weekdays"),
    "web.form.leave": (
        "휴가(상담사:날짜, 한 줄에 하나, 예: 1:2026-12-15)",
        "Leave (counselor:date, one a line, e.g. 1:2026-12-15)",
    ),
    "web.form.leave_counselor": ("상담사 {n}", "Counselor {n}"),
    "web.form.leave_date": ("{name} 휴가 날짜", "Leave date of {name}"),
    "web.form.leave_add": ("휴가 추가", "Add leave"),
    "web.form.leave_remove": ("빼기", "Remove"),
    "web.form.leave_list": ("고른 휴가", "Leave picked"),
    "web.form.weekday_names": ("월,화,수,목,금,토,일", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "web.form.month_names": (
        "1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월",
        "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    ),
    "web.form.closures": (
        "휴관(센터:날짜, 한 줄에 하나, 예: myeong:2026-12-10)",
        "Closures (center:date, one a line, e.g. myeong:2026-12-10)",
    ),
    "web.form.min": ("센터별 최소 방문", "Minimum visits per center"),
    "web.form.max": (
        "센터별 최대 방문(비우면 제한 없음)",
        "Maximum visits per center (empty = no limit)",
    ),
    "web.form.time_limit": ("계산 시간 한도(초)", "Time limit (seconds)"),
    "web.form.submit": ("계획 만들기", "Make the plan"),
    "web.job.title": ("계획을 계산하는 중", "Solving"),
    "web.job.stage": ("단계", "Stage"),
    "web.job.elapsed": ("경과", "Elapsed"),
    "web.job.gap": ("갭", "Gap"),
    "web.job.stages": ("끝난 계산 단계", "Finished solver stages"),
    "web.job.cancel": ("취소", "Cancel"),
    "web.job.cancelled": (
        "취소했습니다. 아무것도 저장하지 않았습니다.",
        "Cancelled; nothing was saved.",
    ),
    "web.job.failed": ("계획을 만들지 못했습니다: {message}", "No plan: {message}"),
    "web.job.phase.load": ("자료 읽기", "reading the data"),
    "web.job.phase.solve": ("최적화", "optimizing"),
    "web.job.phase.validate": ("검증", "validating"),
    "web.job.phase.render": ("파일 만들기", "rendering"),
    "web.job.phase.save": ("저장", "saving"),
    "web.job.stage.demand": ("수요 단계 {status}", "demand stage {status}"),
    "web.job.stage.travel": ("이동 단계 {status}", "travel stage {status}"),
    "web.job.stage.balance": ("균형 단계 {status}", "balance stage {status}"),
    "web.job.stage.changes": ("변경 최소화 단계 {status}", "fewest-changes stage {status}"),
    # plans list and plan page
    "web.plans.title": ("작업 중인 계획", "Working plans"),
    "web.plans.none": ("아직 계획이 없습니다.", "No plans yet."),
    "web.plan.title": ("{period} 방문 계획", "Visit plan, {period}"),
    "web.plan.figures": (
        "방문 {visits}회 · 센터 {covered}/{centers}곳 · 인구 커버 {pct}% · 총 이동 {travel}",
        "{visits} visits · {covered}/{centers} centers · {pct}% of residents · travel {travel}",
    ),
    "web.plan.status": (
        "계산: {status} · 갭 {gap} · {seconds}초",
        "Solver: {status} · gap {gap} · {seconds}s",
    ),
    "web.plan.revision": ("수정 {revision}번", "revision {revision}"),
    "web.plan.calendar": ("방문 달력", "Visit calendar"),
    "web.plan.map": ("지도", "Map"),
    "web.plan.open_map": ("지도를 새 창에서 열기", "Open the map in a new window"),
    "web.plan.valid": ("모든 규칙을 지킵니다.", "Every rule holds."),
    "web.plan.broken": (
        "지키지 않은 규칙 {n}개: 게시할 수 없습니다.",
        "{n} broken rule(s): cannot publish.",
    ),
    "web.plan.hand": ("손으로 고친 방문", "edited by hand"),
    "web.edit.undo": ("되돌리기", "Undo"),
    "web.edit.redo": ("다시 하기", "Redo"),
    "web.edit.reoptimize": ("나머지 다시 최적화", "Re-optimize the rest"),
    "web.edit.remove": ("방문 빼기: {center} {date}", "Remove visit: {center} {date}"),
    "web.edit.add": ("방문 추가", "Add a visit"),
    "web.edit.center": ("센터", "Center"),
    "web.edit.date": ("날짜", "Date"),
    "web.edit.session": ("시간", "Session"),
    "web.edit.counselor": ("상담사", "Counselor"),
    "web.edit.drop_here": ("{date} {session} {counselor}", "{date} {session} {counselor}"),
    "web.edit.help": (
        "방문 카드를 끌어(또는 카드에서 Enter, 칸에서 Enter) 다른 날짜·시간·상담사 칸에 놓으면 "
        "바로 규칙을 확인합니다.",
        "Drag a visit card (or Enter on a card, then Enter on a slot) onto another date, "
        "session or counselor: the rules are checked at once.",
    ),
    "web.edit.picked": (
        "방문을 골랐습니다. Tab으로 옮길 칸에 가서 Enter를 누르세요(취소: Esc).",
        "Visit picked: Tab to a slot and press Enter (Esc cancels).",
    ),
    "web.edit.changed": ("다시 최적화로 바뀐 방문 {n}개", "{n} visit(s) changed by re-optimizing"),
    "web.edit.nothing": ("되돌릴 것이 없습니다.", "Nothing to undo."),
    "web.edit.bad_slot": ("그 칸은 방문 칸이 아닙니다: {what}", "Not a visit slot: {what}"),
    # rules on the cards (from scheduler.core.validate rule codes)
    "web.rule.min_days_between_visits": (
        "{gap}일 간격 규칙: {other}에 이미 방문",
        "{gap}-day rule: already visited on {other}",
    ),
    "web.rule.one_visit_per_center_day": (
        "하루 한 번 규칙: 같은 날 이 센터에 방문이 또 있음",
        "Once a day: this center has another visit that day",
    ),
    "web.rule.one_place_per_session": (
        "한 곳씩 규칙: {counselor}의 같은 시간 방문이 겹침",
        "One place at a time: {counselor} has overlapping visits",
    ),
    "web.rule.counselor_unavailable": (
        "근무일 규칙: {counselor}은(는) {date}에 근무하지 않음",
        "Working days: {counselor} does not work on {date}",
    ),
    "web.rule.center_closed": (
        "휴관: {center}은(는) {date}에 문을 닫음",
        "Closed: {center} is closed on {date}",
    ),
    "web.rule.not_a_visit_day": ("방문일 아님: {date}", "Not a visit day: {date}"),
    "web.rule.session": (
        "시간 규칙: 이 날의 상담 시간이 아님",
        "Sessions: not a session of this day",
    ),
    "web.rule.route_fits": (
        "이동 규칙: 앞 방문에서 제시간에 올 수 없음",
        "Travel: cannot arrive in time from the previous stop",
    ),
    "web.rule.back_at_base": (
        "근무 시간 규칙: 근무 시간 안에 복귀할 수 없음",
        "Working day: cannot be back at base in time",
    ),
    "web.rule.route_duration": ("하루 이동 한도 초과", "Over the daily time away from base"),
    "web.rule.capacity": ("하루 용량 초과", "Over the day's capacity"),
    "web.rule.service_area": ("담당 구역 밖의 센터", "Outside the counselor's service area"),
    "web.rule.min_visits": (
        "최소 방문 규칙: {center} {n}회(최소 {limit}회)",
        "Minimum visits: {center} has {n} (at least {limit})",
    ),
    "web.rule.max_visits": (
        "최대 방문 규칙: {center} {n}회(최대 {limit}회)",
        "Maximum visits: {center} has {n} (at most {limit})",
    ),
    "web.rule.pinned_visit": (
        "고정 방문 빠짐: {center} {date}",
        "Pinned visit missing: {center} {date}",
    ),
    "web.rule.other": ("규칙 위반({rule}): {detail}", "Broken rule ({rule}): {detail}"),
    # publish
    "web.publish.title": ("게시", "Publish"),
    "web.publish.who": ("게시하는 사람", "Published by"),
    "web.publish.note": ("메모", "Note"),
    "web.publish.submit": ("이 계획 게시", "Publish this plan"),
    "web.publish.done": ("{key} {version}판을 게시했습니다.", "Published {key} version {version}."),
    "web.publish.same": (
        "바뀐 것이 없어 새 판을 만들지 않았습니다({key} {version}판 그대로).",
        "Nothing changed: no new version ({key} version {version} stays).",
    ),
    "web.publish.flagged": (
        "규칙을 어긴 계획은 게시할 수 없습니다({n}개). 먼저 고치세요.",
        "A plan that breaks rules cannot be published ({n}). Fix it first.",
    ),
    "web.publish.need_who": ("게시하는 사람을 적어 주세요.", "Say who publishes the plan."),
    "web.publish.versions": ("게시한 판", "Published versions"),
    "web.publish.none": ("아직 게시한 판이 없습니다.", "Nothing published yet."),
    "web.publish.version": ("{version}판", "v{version}"),
    "web.publish.by_at": ("{who} · {at}", "{who} · {at}"),
    "web.publish.diff": ("판 비교", "Compare versions"),
    "web.publish.diff_title": (
        "{a}판 → {b}판 바뀐 방문 {n}개",
        "v{a} → v{b}: {n} changed visit(s)",
    ),
    "web.publish.frozen": (
        "게시한 판은 바뀌지 않습니다. 고친 내용은 새 판이 됩니다.",
        "Published versions never change; later edits become a new version.",
    ),
    "web.change.moved": ("옮김", "moved"),
    "web.change.added": ("추가", "added"),
    "web.change.cancelled": ("취소", "cancelled"),
    "web.change.reassigned": ("상담사 바뀜", "reassigned"),
    "web.publish.notice": ("변경 안내문", "Change notice"),
    "web.publish.calendars": ("바뀐 달력(ICS)", "Updated calendars (ICS)"),
    # export
    "web.export.title": ("내보내기", "Export"),
    "web.export.working": ("작업 중인 계획의 파일", "Files of the working plan"),
    "web.export.zip": ("모두 묶어 받기(ZIP)", "Download all (ZIP)"),
    "web.export.flagged": (
        "규칙을 어긴 계획입니다. 파일은 참고용입니다.",
        "This plan breaks rules; the files are for reference only.",
    ),
    # compare
    "web.compare.title": ("인력 비교", "Staffing comparison"),
    "web.compare.counselors": ("상담사 수(예: 1-3)", "Counselors (e.g. 1-3)"),
    "web.compare.vpd": ("하루 방문 수(예: 1,2)", "Visits a day (e.g. 1,2)"),
    "web.compare.weekdays": (
        "요일 조합(한 줄에 하나, 예: tue,thu)",
        "Weekday sets (one a line, e.g. tue,thu)",
    ),
    "web.compare.run": ("비교하기", "Compare"),
    "web.compare.open": ("이 조건으로 계획 만들기", "Plan with this scenario"),
    "web.compare.scenario": ("조건", "Scenario"),
    "web.compare.series": ("하루 {vpd}회 · {weekdays}", "{vpd} a day · {weekdays}"),
    "web.compare.chart.x": ("상담사 수", "Counselors"),
    "web.compare.chart.pop": ("인구 커버율(%)", "Residents covered (%)"),
    "web.compare.chart.wait": ("최장 미방문 기간(일)", "Longest wait without a visit (days)"),
    "web.compare.chart.travel": ("총 이동 시간(분)", "Travel time, total (min)"),
    "web.compare.chart.gain": (
        "상담사 1명 추가 시 인구 커버율 증가(%p)",
        "Gain in residents covered per added counselor (pp)",
    ),
    # settings
    "web.settings.title": ("설정", "Settings"),
    "web.settings.centers": ("주민센터", "Community centers"),
    "web.settings.import": ("센터 파일 올리기(CSV·XLSX)", "Upload centers (CSV, XLSX)"),
    "web.settings.export_csv": ("센터 CSV 받기", "Download centers CSV"),
    "web.settings.imported": (
        "센터 {n}곳을 읽었습니다. 다음 계획부터 씁니다.",
        "Read {n} centers; the next plans use them.",
    ),
    "web.settings.district": (
        "출발지·상담 시간·근무 시간·규칙",
        "Home base, sessions, working day, rules",
    ),
    "web.settings.district_help": (
        "구 설정 파일 {file}과 같은 규칙으로 검사하고, 다음에 만드는 계획부터 씁니다. "
        "상담 시간은 '10:00-12:00, 14:00-16:00'처럼 씁니다.",
        "Checked like the district file {file}; the next plans use them. "
        "Write sessions as '10:00-12:00, 14:00-16:00'.",
    ),
    "web.settings.district_file": ("구 설정", "district settings"),
    "web.settings.district_save": (
        "설정 저장(구 설정 파일 규칙으로 검사)",
        "Save the settings (checked like the district file)",
    ),
    "web.settings.district_saved": (
        "설정을 저장했습니다. 다음 계획부터 씁니다.",
        "Settings saved; the next plans use them.",
    ),
    "web.settings.district_reset": ("{file} 값으로 되돌리기", "Back to the values of {file}"),
    "web.settings.f.base.name_ko": ("출발지 이름", "Home base name"),
    "web.settings.f.base.address_ko": ("출발지 주소", "Home base address"),
    "web.settings.f.base.lat": ("출발지 위도", "Home base latitude"),
    "web.settings.f.base.lon": ("출발지 경도", "Home base longitude"),
    "web.settings.f.sessions.1": ("하루 1회 방문 상담 시간", "Session, 1 visit a day"),
    "web.settings.f.sessions.2": ("하루 2회 방문 상담 시간", "Sessions, 2 visits a day"),
    "web.settings.f.sessions.3": ("하루 3회 방문 상담 시간", "Sessions, 3 visits a day"),
    "web.settings.f.workday.start": ("근무 시작", "Working day starts"),
    "web.settings.f.workday.end": ("근무 끝(출발지 도착)", "Working day ends (back at base)"),
    "web.settings.f.workday.setup_buffer_min": (
        "상담 전 준비 시간(분)",
        "Set-up before a session (minutes)",
    ),
    "web.settings.f.workday.max_away_min": (
        "하루 최대 외근 시간(분, 비우면 근무 시간)",
        "Most minutes away a day (empty = the working day)",
    ),
    "web.settings.f.rules.min_days_between_visits": (
        "같은 센터 방문 간격(일)",
        "Days between visits to a center",
    ),
    "web.settings.f.rules.min_visits": ("센터별 최소 방문", "Minimum visits per center"),
    "web.settings.f.rules.max_visits": (
        "센터별 최대 방문(비우면 제한 없음)",
        "Maximum visits per center (empty = no limit)",
    ),
    "web.settings.base": ("출발지", "Home base"),
    "web.settings.sessions": ("상담 시간", "Sessions"),
    "web.settings.workday": ("근무 시간", "Working day"),
    "web.settings.rules": ("규칙", "Rules"),
    "web.settings.gap": ("같은 센터 방문 간격(일)", "Days between visits to a center"),
    "web.settings.save": (
        "센터 표 저장(CSV 규칙으로 검사)",
        "Save the centers table (checked like the CSV)",
    ),
    "web.settings.upload": ("올리기", "Upload"),
    "web.settings.reset": ("기본 센터로 되돌리기", "Back to the default centers"),
    "web.attendance.title": ("방문별 출석 기록", "Attendance per visit"),
    "web.attendance.link": ("출석 기록", "Attendance"),
    "web.attendance.intro": (
        "게시한 방문마다 온 사람 수를 적습니다. 같은 값을 다시 저장해도 바뀌지 않습니다.",
        "Record who came to each published visit. Saving the same values again changes nothing.",
    ),
    "web.attendance.date": ("날짜", "Date"),
    "web.attendance.center": ("센터", "Center"),
    "web.attendance.counselor": ("상담사", "Counselor"),
    "web.attendance.visitors": ("방문자 수", "Visitors"),
    "web.attendance.counseled": ("상담 수", "Counseled"),
    "web.attendance.placed": ("취업 수", "Placed"),
    "web.attendance.note": ("메모", "Note"),
    "web.attendance.save": ("저장", "Save"),
    "web.attendance.form": ("출석 기록 양식", "attendance form"),
    "web.attendance.none": ("이 판에는 방문이 없습니다.", "This version has no visits."),
    "web.attendance.saved": (
        "저장했습니다: 추가 {added}, 변경 {updated}, 그대로 {unchanged}.",
        "Saved: {added} added, {updated} updated, {unchanged} unchanged.",
    ),
}
