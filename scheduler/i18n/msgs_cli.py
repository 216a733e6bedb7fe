"""Sentences of the terminal: help, option errors, reports (``visitplan`` commands)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # help headings and commands
    "cli.help.usage": ("사용법:", "Usage:"),
    "cli.help.options": ("옵션", "Options"),
    "cli.help.commands": ("명령", "Commands"),
    "cli.cmd.group": (
        "visitplan: 찾아가는 일자리 상담 방문 일정을 계획합니다. 영어는 --lang en.",
        "visitplan: visit calendars for job counselors. Korean is the default; --lang en for "
        "English.",
    ),
    "cli.cmd.plan": (
        "방문 일정을 계획하고 지도(map.html), 일정표(schedule.csv), 요약(summary.json) 등을 "
        "만듭니다.",
        "Plan the visit calendar and write map.html, schedule.csv, summary.json and more.",
    ),
    "cli.cmd.plan.short": (
        "방문 일정을 계획하고 계획 폴더를 만듭니다",
        "Plan a period and write the plan folder",
    ),
    "cli.cmd.export": (
        "저장된 계획 폴더에서 지도·엑셀·달력·안내문을 다시 만듭니다(다시 계산하지 않음).",
        "Re-render map.html, schedule.xlsx, calendars and notices from a plan folder (no solving).",
    ),
    "cli.cmd.export.short": (
        "저장된 계획의 파일을 다시 만듭니다",
        "Re-render a saved plan's files",
    ),
    "cli.cmd.whatif": (
        "상담사 수·하루 방문 수·방문 요일을 바꿔 가며 계획하고 비교합니다(whatif.csv, "
        "whatif.html).",
        "Compare staffing scenarios: one plan per combination, whatif.csv and whatif.html.",
    ),
    "cli.cmd.whatif.short": ("인력 시나리오를 비교합니다", "Compare staffing scenarios"),
    "cli.cmd.evaluate": (
        "기존 방문 일정(date, center_id[, counselor, start])을 평가하고 어긴 규칙을 모두 보여 "
        "줍니다.",
        "Measure a schedule (date, center_id[, counselor, start]) and list every broken rule.",
    ),
    "cli.cmd.evaluate.short": (
        "기존 일정을 평가하고 규칙 위반을 찾습니다",
        "Score a schedule and list broken rules",
    ),
    "cli.cmd.replan": (
        "저장된 일정을 주어진 날부터 최소한으로 바꿔 다시 계획합니다(이전 폴더는 그대로 둡니다).",
        "Re-plan a saved plan from a date on, changing as few visits as possible.",
    ),
    "cli.cmd.replan.short": (
        "발표된 일정을 최소 변경으로 다시 계획합니다",
        "Repair a plan with the fewest changes",
    ),
    "cli.cmd.explain": (
        "저장된 일정에서 센터가 그 날짜를 받은 이유를 설명합니다.",
        "Explain why a center got its dates in a saved plan.",
    ),
    "cli.cmd.explain.short": (
        "센터가 그 날짜를 받은 이유를 설명합니다",
        "Why a center got its dates",
    ),
    # options
    "cli.opt.help": ("이 도움말을 보여 주고 끝냅니다.", "Show this message and exit."),
    "cli.opt.version": ("버전을 보여 주고 끝냅니다.", "Show the version and exit."),
    "cli.opt.lang": ("출력 언어 (ko: 한국어, en: 영어)", "Language of human-readable output"),
    "cli.opt.month": (
        "계획할 달, YYYY-MM (기본: 다음 달)",
        "Month to plan, YYYY-MM (default: next month).",
    ),
    "cli.opt.months": ("이어서 계획할 달 수", "Number of consecutive months to plan."),
    "cli.opt.start": (
        "첫날 YYYY-MM-DD (--month 대신, --end 와 함께)",
        "First day YYYY-MM-DD (instead of --month).",
    ),
    "cli.opt.end": (
        "마지막 날 YYYY-MM-DD (--start 와 함께)",
        "Last day YYYY-MM-DD (with --start).",
    ),
    "cli.opt.config": (
        "구 설정 TOML (기본: 중구 설정)",
        "District config TOML (default: the Jung-gu config).",
    ),
    "cli.opt.centers": ("주민센터 CSV (설정의 것 대신)", "Centers CSV (overrides the config)."),
    "cli.opt.counselors": ("상담사 수", "Number of counselors."),
    "cli.opt.names": (
        "상담사 이름, 순서대로 쉼표로 (예: 김민지,이서준)",
        "Counselor names in order, comma-separated (e.g. 김민지,이서준).",
    ),
    "cli.opt.visits_per_day": (
        "상담사 한 명의 하루 방문 수(회차): 1, 2, 3",
        "Visits (sessions) per counselor-day: 1, 2 or 3.",
    ),
    "cli.opt.weekdays": ("방문 요일, 예: tue,thu 또는 화,목", "Visit weekdays, e.g. tue,thu."),
    "cli.opt.leave": (
        "상담사 휴가: 상담사(번호나 이름):날짜[..날짜] (반복 가능)",
        "A counselor's leave: COUNSELOR (id or name):DATE[..DATE] (repeatable).",
    ),
    "cli.opt.closed": (
        "센터 휴무: 센터(ID나 이름):날짜[..날짜] (반복 가능)",
        "A center is closed: CENTER (id or name):DATE[..DATE] (repeatable).",
    ),
    "cli.opt.history": (
        "이전 방문 기록 CSV (date, center_id): 오래 방문하지 않은 센터 먼저",
        "Earlier schedule CSV (date, center_id) for rotation.",
    ),
    "cli.opt.travel_matrix": (
        "이동 시간 CSV (from_id,to_id,minutes): 이동 모델 대신 사용",
        "CSV from_id,to_id,minutes overriding the travel model.",
    ),
    "cli.opt.min_visits": (
        "기간 중 센터별 최소 방문 수",
        "Minimum visits per center in the period.",
    ),
    "cli.opt.max_visits": (
        "기간 중 센터별 최대 방문 수",
        "Maximum visits per center in the period.",
    ),
    "cli.opt.pins": (
        "고정 방문 CSV: center_id, date[, counselor, session]",
        "CSV of pinned visits: center_id, date[, counselor, session].",
    ),
    "cli.opt.out": (
        "출력 폴더 (기본: maps/<기간>/, 이미 있으면 -v2, -v3 …)",
        "Output folder (default maps/<period>/, or the next free -v2, -v3 …).",
    ),
    "cli.opt.force": ("--out 의 기존 계획을 바꿉니다", "Replace the plan already in --out."),
    "cli.opt.time_limit": (
        "명령 전체의 시간 제한(초, 입력 읽기와 이동 시간 계산 포함)",
        "Seconds for the whole command (reading inputs and travel times included).",
    ),
    "cli.opt.seed": (
        "솔버 난수 시드 (같은 입력과 시드 → 같은 일정)",
        "Random seed of the solver.",
    ),
    "cli.opt.tiles": (
        "지도 배경: osm, carto, none(오프라인) 또는 타일 URL",
        "Map background: osm, carto, none (offline) or a tile URL template.",
    ),
    "cli.opt.export_out": (
        "새 폴더 (기본: 계획 폴더 옆 <PLAN_DIR>-export)",
        "New folder for the files (default: <PLAN_DIR>-export beside the plan).",
    ),
    "cli.opt.plan_dir": (
        "시작할 계획 폴더 (바꾸지 않습니다)",
        "The plan folder to start from (never modified).",
    ),
    "cli.opt.from": ("바뀔 수 있는 첫날, YYYY-MM-DD", "First date that may change, YYYY-MM-DD."),
    "cli.opt.unavailable": (
        "상담사가 근무할 수 없는 날: 상담사(번호나 이름):날짜[..날짜] (반복 가능)",
        "A counselor cannot work: COUNSELOR (id or name):DATE[..DATE] (repeatable).",
    ),
    "cli.opt.add_counselor": (
        "출발지에서 일하는 상담사 추가 (이름, 반복 가능)",
        "A new counselor who works from the home base (repeatable).",
    ),
    "cli.opt.replan_out": (
        "새 계획 폴더 (기본: 이전 폴더 옆 다음 버전, 예: maps/2026-12-v2)",
        "New plan folder (default: the next free version beside the old one).",
    ),
    "cli.opt.replan_force": (
        "--out 의 기존 계획을 바꿉니다(이전 계획은 절대 아님)",
        "Replace a plan already in --out (never the old plan).",
    ),
    "cli.opt.center": (
        "센터 ID나 이름, 예: hoehyeon 또는 회현동",
        "Center id or name, e.g. hoehyeon or 회현동.",
    ),
    "cli.opt.explain_time_limit": (
        "대안 하나를 재는 계산의 시간 제한(초)",
        "Seconds for each re-solve that measures an alternative.",
    ),
    "cli.opt.no_alternatives": (
        "다시 계산하지 않고 규칙만 봅니다(즉시)",
        "Skip the re-solves (rules only, instant).",
    ),
    "cli.opt.compare": (
        "같은 기간·규칙으로 최적 계획도 계산해 나란히 보여 줍니다",
        "Also solve the same period under the same rules and show both.",
    ),
    "cli.opt.json": ("JSON 객체 하나만 출력합니다", "Print exactly one JSON object to stdout."),
    "cli.opt.eval_counselors": (
        "상담사 수 (기본: 일정에 나온 상담사 수)",
        "Counselors (default: those in the schedule).",
    ),
    "cli.opt.wi_counselors": (
        "시험할 상담사 수: 1-4 또는 1,2,4",
        "Counselor counts to try: 1-4, or 1,2,4.",
    ),
    "cli.opt.wi_visits_per_day": (
        "시험할 하루 방문 수, 예: 1,2 (기본: 설정값)",
        "Visits per counselor-day to try, e.g. 1,2 (default: the config's).",
    ),
    "cli.opt.wi_weekdays": (
        "시나리오의 방문 요일, 예: tue,thu; 여러 번 쓰거나 '|'로 나눠 여러 벌",
        "Visit weekdays of one scenario set, e.g. tue,thu; repeat (or use '|') for several.",
    ),
    "cli.opt.wi_out": (
        "출력 폴더 (기본: maps/whatif-<기간>/)",
        "Output folder (default maps/whatif-<period>/).",
    ),
    "cli.opt.wi_force": ("--out 에 있는 것을 바꿉니다", "Replace what is already in --out."),
    "cli.opt.wi_time_limit": (
        "시나리오 하나의 계산 시간 제한(초)",
        "Seconds for each scenario's solve.",
    ),
    "cli.opt.workers": (
        "작업 프로세스 수 (기본: min(2, 코어 수))",
        "Worker processes (default min(2, cores)).",
    ),
    # option errors (one line)
    "cli.usage.no_such_option": ("알 수 없는 옵션 '{option}'", "no such option '{option}'"),
    "cli.usage.no_such_command": ("알 수 없는 명령 '{command}'", "no such command '{command}'"),
    "cli.usage.did_you_mean": ("('{near}'을(를) 뜻했나요?)", "(did you mean '{near}'?)"),
    "cli.usage.missing": ("필수 옵션 {option}이(가) 없습니다", "missing option {option}"),
    "cli.usage.needs_value": ("옵션 {option}에 값이 필요합니다", "option {option} needs a value"),
    "cli.usage.bad_value": (
        "옵션 {option}의 값 '{value}'이(가) 올바르지 않습니다: {expected}",
        "option {option}: '{value}' is not valid: {expected}",
    ),
    "cli.usage.bad_path": (
        "{option}: 파일이나 폴더를 찾을 수 없습니다 ({detail})",
        "{option}: no such file or folder ({detail})",
    ),
    "cli.usage.extra": (
        "필요 없는 인수가 있습니다: {args}",
        "unexpected extra argument(s): {args}",
    ),
    "cli.usage.other": ("명령을 잘못 썼습니다: {detail}", "{detail}"),
    "cli.type.range": (
        "{low}에서 {high} 사이의 수를 쓰세요",
        "give a number from {low} to {high}",
    ),
    "cli.type.at_least": ("{low} 이상의 수를 쓰세요", "give a number of at least {low}"),
    "cli.type.at_most": ("{high} 이하의 수를 쓰세요", "give a number of at most {high}"),
    "cli.type.choice": ("다음 중 하나를 쓰세요: {choices}", "use one of: {choices}"),
    "cli.type.int": ("정수를 쓰세요", "give a whole number"),
    "cli.type.float": ("수를 쓰세요", "give a number"),
    "cli.type.path": ("있는 파일이나 폴더를 쓰세요", "name an existing file or folder"),
    # failures
    "cli.interrupted": ("중단됨 (Ctrl-C)", "interrupted (Ctrl-C)"),
    "cli.infeasible": ("계획 불가", "no feasible plan"),
    "cli.no_plan_in_time": ("시간 안에 계획을 찾지 못함", "no plan found within the time limit"),
    "cli.internal": (
        "내부 오류: {detail}. 도움말: --debug 를 붙여 다시 실행하고 그 내용을 알려 주세요",
        "internal error: {detail}. Hint: run again with --debug and report the traceback",
    ),
    "cli.where.row": ("{row}행", "row {row}"),
    "cli.where.column": ("'{column}' 열", "column '{column}'"),
    "cli.where.option": ("옵션 {column}", "option {column}"),
    "cli.where.value": ("(값: {value})", "(value: {value})"),
    "cli.where.value_empty": ("(값: 비어 있음)", "(value: empty)"),
    "cli.warning": ("경고", "warning"),
    # progress
    "cli.solving": ("최적 일정을 계산하는 중…", "Solving…"),
    "cli.stage.demand": ("수요", "demand"),
    "cli.stage.travel": ("이동", "travel"),
    "cli.stage.balance": ("균형", "balance"),
    "cli.stage.prefer": ("기존 날짜 유지", "district dates kept"),
    "cli.stage.changes": ("변경", "changes"),
    "cli.stage.coverage": ("방문 유지", "coverage"),
    # plan report
    "cli.plan.head": (
        "[bold]방문 일정[/bold] {period} · 상담사 {counselors}명 · 하루 {vpd}회",
        "[bold]Visit plan[/bold] {period} · {counselors} counselor(s) · {vpd} visit(s) a day",
    ),
    "cli.plan.skipped": ("제외한 날(공휴일·휴무): {days}", "Skipped (holidays, closures): {days}"),
    "cli.plan.columns": (
        "날짜|상담사|순서|센터|시간|이동",
        "Date|Counselor|Order|Center|Time|Travel",
    ),
    "cli.plan.figures": (
        "방문 {visits}회 · 방문 센터 {covered}/{centers}곳 · 인구 커버율 {pct}% · 총 이동 {travel}",
        "{visits} visits · {covered}/{centers} centers visited · {pct}% of residents covered · "
        "travel {travel}",
    ),
    "cli.plan.status": (
        "상태: {status} · 목적값 {objective} · 하한 {bound} · 갭 {gap} · {seconds}초 · 검증 통과",
        "Status: {status} · objective {objective} · bound {bound} · gap {gap} · {seconds}s · "
        "validator clean",
    ),
    "cli.written": ("저장 위치: {folder}/ ({files})", "Written to {folder}/ ({files})"),
    "cli.exported": ("내보냄: {folder}", "exported: {folder}"),
    # replan report
    "cli.replan.kind.moved": ("이동", "moved"),
    "cli.replan.kind.cancelled": ("취소", "cancelled"),
    "cli.replan.kind.added": ("추가", "added"),
    "cli.replan.kind.reassigned": ("상담사 변경", "reassigned"),
    "cli.replan.head": (
        "[bold]일정 재계획[/bold] {when}부터: 이후 방문 {later}회 중 {n}회 변경",
        "[bold]Replan[/bold] from {when}: {n} of {later} later visits changed",
    ),
    "cli.replan.columns": ("변경|센터|이전|이후", "Change|Center|Before|After"),
    "cli.replan.emptied": (
        "경고: 더 이상 방문이 없는 센터: {centers} (방문을 살리려면 --add-counselor 로 상담사를 "
        "추가해 보세요.)",
        "warning: no visit left for: {centers} (to keep its visit, try --add-counselor)",
    ),
    "cli.replan.figures": (
        "방문 {visits}회 · 방문 센터 {covered}/{centers}곳 · 상태: {status} · {seconds}초 · 검증 "
        "통과",
        "{visits} visits · {covered}/{centers} centers visited · status: {status} · {seconds}s · "
        "validator clean",
    ),
    "cli.replan.written": (
        "저장 위치: {folder}/ (changes.csv, change-notice.ko.txt …) · 이전 일정은 그대로입니다.",
        "Written to {folder}/ (changes.csv, change-notice.en.txt …); the old plan is unchanged.",
    ),
    # what-if report
    "cli.whatif.head": (
        "[bold]시나리오 비교[/bold] {start} ~ {end}",
        "[bold]Scenario comparison[/bold] {start} ~ {end}",
    ),
    "cli.whatif.columns": (
        "시나리오|방문|방문\\n센터|인구\\n커버%|최장\\n미방문|이동\\n(분)|방문당\\n(분)|상태|계산\\n(초)",
        "Scenario|Vis-\\nits|Cen-\\nters|Resid.\\n%|Long.\\nwait|Trav.\\nmin|Min/\\nvisit|Status|Solve\\ns",
    ),
    "cli.whatif.legend": (
        "시나리오 cN-vM-요일 = 상담사 N명, 하루 M회 방문. 인구 커버% = 방문한 센터의 인구 비율, "
        "최장 미방문 = 어느 센터든 방문 없이 지나는 가장 긴 일수, 이동 = 출발지 출발·복귀 포함 총 "
        "이동 시간",
        "Scenario cN-vM-days = N counselors, M visits a day. Resid.% = share of residents whose "
        "center is visited; Long. wait = longest run of days any center goes without a visit; "
        "Travel = total minutes including the legs from and to the home base",
    ),
    "cli.whatif.coverage_falls": (
        "주의: 상담사를 늘렸는데 인구 커버율이 떨어진 시나리오가 있습니다",
        "note: coverage falls somewhere when a counselor is added",
    ),
    "cli.whatif.written": (
        "저장 위치: {folder}/ (whatif.csv, whatif.html, 시나리오별 폴더 {n}개)",
        "Written to {folder}/ (whatif.csv, whatif.html, {n} scenario folders)",
    ),
    "cli.whatif.start": (
        "시나리오 {n}개 · {period} · 작업 프로세스 {workers}개 · 시나리오당 제한 {limit}초",
        "{n} scenario(s) · {period} · {workers} worker process(es) · {limit} s limit per scenario",
    ),
    "cli.whatif.solving": ("계산 중", "Solving"),
    "cli.whatif.invalid": (
        "오류: 솔버가 규칙을 어기는 일정을 냈습니다: {names} (각 폴더의 no-plan.txt 참고)",
        "error: the solver returned plans that break rules: {names} (see no-plan.txt in each "
        "folder)",
    ),
    "cli.whatif.status.OPTIMAL": ("최적", "optimal"),
    "cli.whatif.status.FEASIBLE": ("가능", "feasible"),
    "cli.whatif.status.INFEASIBLE": ("불가", "infeasible"),
    "cli.whatif.status.NO_PLAN_IN_TIME": ("시간초과", "timeout"),
    "cli.whatif.status.INVALID_PLAN": ("오류", "INVALID"),
    # evaluate report
    "cli.eval.head": (
        "[bold]일정 평가[/bold] {source}",
        "[bold]Schedule evaluation[/bold] {source}",
    ),
    "cli.eval.setup": (
        "{period} · 상담사: {counselors} · 하루 {vpd}회차",
        "{period} · counselors: {counselors} · {vpd} session(s) a day",
    ),
    "cli.eval.columns": (
        "지표|이 일정|최적화 계획|차이",
        "Figure|This schedule|Optimized plan|Difference",
    ),
    "cli.eval.figure.visits": ("방문 수", "Visits"),
    "cli.eval.figure.centers_covered": ("방문 센터 수", "Centers visited"),
    "cli.eval.figure.population_covered_pct": ("인구 커버율(%)", "Residents covered (%)"),
    "cli.eval.figure.max_days_between_visits": ("최장 미방문 기간(일)", "Longest wait (days)"),
    "cli.eval.figure.travel_min_total": ("총 이동(분)", "Travel, total (min)"),
    "cli.eval.figure.travel_min_per_visit": ("방문당 이동(분)", "Travel per visit (min)"),
    "cli.eval.figure.visits_per_counselor_max": (
        "상담사별 최대 방문",
        "Most visits per counselor",
    ),
    "cli.eval.figure.slots": ("방문 가능 회차", "Slots available"),
    "cli.eval.figures": (
        "총 이동 {travel} · 방문 센터 {covered}/{centers}곳 · 인구 커버율 {pct}%",
        "Travel {travel} · {covered}/{centers} centers visited · {pct}% of residents covered",
    ),
    "cli.eval.optimized": (
        "최적화 계획: {status} · 갭 {gap} · {seconds}초",
        "Optimized plan: {status} · gap {gap} · {seconds}s",
    ),
    "cli.eval.only_schedule": (
        "이 일정에만 있는 센터: {centers}",
        "Centers only in this schedule: {centers}",
    ),
    "cli.eval.only_optimized": (
        "최적화 계획에만 있는 센터: {centers}",
        "Centers only in the optimized plan: {centers}",
    ),
    "cli.eval.same_centers": ("두 일정이 같은 센터를 방문합니다.", "Both visit the same centers."),
    "cli.eval.by_day": ("날짜별 비교", "Day by day"),
    "cli.eval.by_day_columns": ("날짜|이 일정|최적화 계획", "Date|This schedule|Optimized plan"),
    "cli.eval.broken_title": ("규칙 위반", "Broken rules"),
    "cli.eval.broken_columns": ("날짜|센터|내용|행", "Date|Center|What|Row"),
    "cli.eval.broken_count": ("규칙 위반 {n}건", "{n} broken rule(s)"),
    "cli.eval.clean": ("규칙 위반 없음", "No rule is broken"),
}
