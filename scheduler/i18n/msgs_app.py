"""Sentences of the application layer: resolving names, periods, outputs, and the rules
a schedule can break (one sentence per validator rule code)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.cancelled": ("취소됨. 아무 파일도 쓰지 않았습니다.", "cancelled; nothing was written"),
    "app.no_config": ("구 설정 파일을 찾을 수 없습니다", "no district config found"),
    "app.hint.config": (
        "--config 로 구 설정 TOML 파일을 지정하세요",
        "pass --config PATH to a district TOML file",
    ),
    "app.month_bad": ("달이 아닙니다", "not a month"),
    "app.hint.month": (
        "YYYY-MM 형식으로 쓰세요, 예: 2026-12",
        "write it as YYYY-MM, e.g. 2026-12",
    ),
    "app.period_both": (
        "--month 와 --start/--end 중 하나만 쓰세요",
        "give either --month or --start/--end, not both",
    ),
    "app.period_pair": ("--start 와 --end 는 함께 씁니다", "--start and --end go together"),
    "app.hint.period_pair": (
        "둘 다 쓰세요, 예: --start 2026-12-01 --end 2026-12-31",
        "give both, e.g. --start 2026-12-01 --end 2026-12-31",
    ),
    "app.center_unknown": ("알 수 없는 센터", "unknown center"),
    "app.center_ambiguous": ("이 이름의 센터가 여럿입니다", "more than one center has this name"),
    "app.counselor_unknown": ("알 수 없는 상담사", "unknown counselor"),
    "app.counselor_ambiguous": (
        "이 이름의 상담사가 여럿입니다",
        "more than one counselor has this name",
    ),
    "app.hint.did_you_mean": ("'{near}'을(를) 뜻했나요?", "did you mean '{near}'?"),
    "app.hint.center_names": (
        "센터 파일의 ID나 이름을 쓰세요(예: hoehyeon, 회현동)",
        "use a center id or name from the centers file (e.g. hoehyeon)",
    ),
    "app.hint.use_id": ("ID로 쓰세요: {ids}", "use the id: {ids}"),
    "app.hint.counselors": ("상담사: {counselors}", "counselors: {counselors}"),
    "app.span_form": (
        "이름:날짜 또는 이름:시작..끝 으로 쓰세요",
        "write NAME:DATE or NAME:FROM..TO",
    ),
    "app.span_reversed": (
        "날짜 범위가 시작보다 먼저 끝납니다",
        "a date range ends before it starts",
    ),
    "app.hint.span": ("시작..끝 순서로 쓰세요", "write FROM..TO"),
    "app.hint.example": ("예: {example}", "e.g. {example}"),
    "app.hint.range": (
        "시작-끝 으로 쓰세요, 예: {option} 1-4",
        "write FROM-TO, e.g. {option} 1-4",
    ),
    "app.range_reversed": ("범위가 시작보다 먼저 끝납니다", "a range ends before it starts"),
    "app.count_bad": ("정수나 범위가 아닙니다", "not a whole number or range"),
    "app.count_empty": ("값이 없습니다", "no value given"),
    "app.count_range": (
        "범위를 벗어났습니다: {low}에서 {high} 사이여야 합니다",
        "out of range: must be between {low} and {high}",
    ),
    "app.hint.counts": (
        "예: {option} 1-4 또는 {option} 1,2,4",
        "e.g. {option} 1-4 or {option} 1,2,4",
    ),
    "app.weekday_bad": ("요일이 아닙니다", "not a weekday"),
    "app.hint.weekdays": ("예: tue,thu 또는 화,목", "e.g. tue,thu"),
    "app.replan_old_folder": (
        "{target}은(는) 이전 계획 폴더입니다. 재계획은 이전 폴더를 바꾸지 않습니다",
        "{target} is the old plan folder, which replan never modifies",
    ),
    "app.hint.other_out": ("다른 --out 을 고르세요", "choose another --out"),
    "app.out_taken": (
        "{target}에는 이미 시나리오 비교나 계획이 있어 덮어쓰지 않습니다",
        "{target} already holds a what-if run or plan and will not be overwritten",
    ),
    "app.hint.out_force": (
        "다른 --out 을 고르거나 --force 를 붙이세요",
        "choose another --out, or add --force to replace it",
    ),
    "app.out_foreign": (
        "{target}에 계획이 아닌 파일이 있어 바꾸지 않습니다",
        "{target} holds files that are not a plan and will not be replaced",
    ),
    "app.hint.out_empty": (
        "새 폴더나 빈 폴더를 --out 으로 고르세요",
        "choose a new or empty folder for --out",
    ),
    # evaluate: reading a schedule
    "app.eval.empty": ("일정에 방문이 없습니다", "the schedule has no visits"),
    "app.hint.eval.empty": ("머리글 아래에 행을 추가하세요", "add rows below the header"),
    "app.eval.too_long": ("일정이 1년보다 깁니다", "the schedule spans more than a year"),
    "app.hint.eval.too_long": (
        "한 번에 1년까지 평가하세요",
        "evaluate at most one year at a time",
    ),
    "app.eval.bad_time": ("시각이 아닙니다", "not a time"),
    "app.hint.eval.bad_time": (
        "시작 시각은 HH:MM 으로 쓰세요, 예: 10:00",
        "write start times as HH:MM, e.g. 10:00",
    ),
    # rules a schedule breaks (codes of scheduler.core.validate and the evaluation)
    "rule.unknown_center": ("알 수 없는 센터 ID '{center}'", "unknown center id '{center}'"),
    "rule.unknown_counselor": (
        "알 수 없는 상담사 '{counselor}'",
        "unknown counselor '{counselor}'",
    ),
    "rule.not_a_visit_day": ("{date}은(는) 방문일이 아닙니다", "{date} is not a visit day"),
    "rule.not_a_visit_weekday": (
        "{date}은(는) 방문 요일({weekdays})이 아닙니다",
        "{date} is not a visit weekday ({weekdays})",
    ),
    "rule.public_holiday": (
        "{date}은(는) 공휴일({name})입니다",
        "{date} is a public holiday ({name})",
    ),
    "rule.closure_date": (
        "{date}은(는) 설정에서 방문하지 않는 날입니다",
        "{date} is a closure date in the config",
    ),
    "rule.outside_period": (
        "{date}은(는) 평가 기간({period}) 밖입니다",
        "{date} lies outside the period ({period})",
    ),
    "rule.session": (
        "{counselor}의 {center} 방문 {time}이(가) 설정된 상담 회차({sessions})에 맞지 않습니다",
        "{counselor}'s visit to {center} at {time} matches no configured session ({sessions})",
    ),
    "rule.one_place_per_session": (
        "{counselor}이(가) {date} 같은 시간에 두 곳({other}, {center})에 있습니다",
        "{counselor} is in two places at once on {date} ({other} and {center})",
    ),
    "rule.one_visit_per_center_day": (
        "{center}을(를) {date}에 {n}번 방문합니다(하루 최대 1번)",
        "{center} is visited {n} times on {date} (at most once a day)",
    ),
    "rule.min_visits": (
        "{center}: 방문이 최소 {minimum}회보다 적습니다",
        "{center} has fewer visits than the minimum {minimum}",
    ),
    "rule.max_visits": (
        "{center}: 방문이 최대 {maximum}회보다 많습니다",
        "{center} has more visits than the maximum {maximum}",
    ),
    "rule.day_pattern": (
        "{center}의 방문일이 허용된 요일 조합이 아닙니다",
        "{center} is visited on days that are not one of its allowed patterns",
    ),
    "rule.min_days_between_visits": (
        "{center}: {date} 방문이 앞 방문과 {gap}일보다 가깝습니다",
        "{center}: the visit on {date} is less than {gap} days after the one before",
    ),
    "rule.counselor_unavailable": (
        "{counselor}은(는) {date}에 근무하지 않습니다",
        "{counselor} does not work on {date}",
    ),
    "rule.center_closed": ("{center}은(는) {date}에 휴무입니다", "{center} is closed on {date}"),
    "rule.service_area": (
        "{counselor}이(가) 담당 구역 밖의 {center}을(를) 방문합니다",
        "{counselor} visits {center} outside their service area",
    ),
    "rule.route_fits": (
        "{counselor}이(가) {date} {center}에 제시간에 도착할 수 없습니다",
        "{counselor} cannot reach {center} in time on {date}",
    ),
    "rule.recorded_travel": (
        "{date} {center}: 기록된 순서나 이동 시간이 경로와 다릅니다",
        "{date} {center}: the recorded order or travel time differs from the route",
    ),
    "rule.recorded_arrival": (
        "{date} {center}: 기록된 도착 시각이 경로와 다릅니다",
        "{date} {center}: the recorded arrival differs from the route",
    ),
    "rule.service_time": (
        "{date} {center}: 방문 시간이 서비스 시간과 맞지 않습니다",
        "{date} {center}: the visit's times do not match its service minutes",
    ),
    "rule.back_at_base": (
        "{counselor}이(가) {date} 근무 시간 안에 출발지로 돌아올 수 없습니다",
        "{counselor} cannot be back at the home base by the end of {date}'s working day",
    ),
    "rule.capacity": (
        "{counselor}의 {date} 업무량이 한도를 넘습니다",
        "{counselor}'s load on {date} exceeds the capacity",
    ),
    "rule.route_duration": (
        "{counselor}이(가) {date} 출발지를 떠나 있는 시간이 한도를 넘습니다",
        "{counselor} is away from the home base longer than allowed on {date}",
    ),
    "rule.pinned_visit": (
        "고정 방문({center}, {date})이 일정에 없습니다",
        "the pinned visit to {center} on {date} is missing",
    ),
    "rule.other": ("규칙 위반: {detail}", "broken rule: {detail}"),
}
