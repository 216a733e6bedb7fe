"""Sentences of the solver: why no plan exists, Ctrl-C reports, stage names, replan notices.

The solver builds :class:`scheduler.errors.Conflict` objects from these codes
(``scheduler/solver/_text.py``); ``{counselor_word}``-style fields carry the
singular or plural word, which Korean does not inflect.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # Words --------------------------------------------------------------------
    "solver.word.counselor.one": ("상담사", "counselor"),
    "solver.word.counselor.many": ("상담사", "counselors"),
    "solver.word.visit.one": ("회", "visit"),
    "solver.word.visit.many": ("회", "visits"),
    "solver.word.center.one": ("센터", "center"),
    "solver.word.center.many": ("센터", "centers"),
    "solver.names.more": ("{names} 외 {rest}곳", "{names} and {rest} more"),
    "solver.slots": (
        "{counselor_word} {teams}명 × {days}일 × 하루 {per_day}{visit_word}",
        "{teams} {counselor_word} × {days} days × {per_day} {visit_word}",
    ),
    # Stages -------------------------------------------------------------------
    "solver.stage.coverage": ("방문 유지", "coverage"),
    "solver.stage.changes": ("변경", "changes"),
    "solver.stage.demand": ("수요", "demand"),
    "solver.stage.travel": ("이동", "travel"),
    "solver.stage.balance": ("균형", "balance"),
    "solver.stage.prefer": ("기존 날짜 유지", "district dates kept"),
    "solver.stage.areas": ("구역별", "areas"),
    # No plan ------------------------------------------------------------------
    "solver.conflict.unknown": (
        "주어진 규칙을 모두 지키는 일정이 없습니다(고정 방문, 휴무, 방문 간격, 최소 방문 조건을 "
        "확인하세요).",
        "No schedule meets all the rules (check pinned visits, closures, the minimum days between "
        "visits "
        "and the minimum visits).",
    ),
    "solver.remedy.unknown": (
        "최소 방문 횟수를 낮추거나 상담사·방문일을 늘리세요.",
        "Lower the minimum visits, or add counselors or visit days.",
    ),
    "solver.conflict.time_limit": (
        "제한 시간 {seconds}초 안에 일정을 찾지 못했습니다.",
        "No schedule was found within the time limit of {seconds} s.",
    ),
    "solver.remedy.time_limit": ("--time-limit 을 늘리세요.", "Raise --time-limit."),
    "solver.conflict.too_large": (
        "후보 경로가 {routes}개로 정확한 모델에 너무 많습니다.",
        "{routes} candidate routes are too many for the exact model.",
    ),
    "solver.remedy.too_large": (
        "상담사에게 담당 구역(자치구)을 정해 문제를 나누세요.",
        "Give counselors service areas (e.g. their district) to split the problem.",
    ),
    "solver.conflict.unservable": ("어느 팀도 방문할 수 없는 곳이 있습니다: {reason}", "{reason}"),
    "solver.remedy.unservable": (
        "수요·기간 제한을 확인하세요.",
        "Check loads and duration limits.",
    ),
    # Counting checks (precheck) -------------------------------------------------
    "solver.precheck.slots_first": (
        "{centers}개 센터가 최소 1회 방문이 필요하지만 방문 가능 회차는 "
        "{slots}회뿐입니다({formula}).",
        "{centers} centers need at least one visit but there are only {slots} slots ({formula}).",
    ),
    "solver.precheck.slots_total": (
        "센터 최소 방문 합계는 {need}회이지만 방문 가능 회차는 {slots}회뿐입니다({formula}).",
        "The centers need at least {need} visits in total but there are only {slots} slots "
        "({formula}).",
    ),
    "solver.remedy.slots": (
        "상담사를 늘리거나, 하루 2회 방문을 허용하거나, 최소 방문 횟수를 낮추세요.",
        "Add a counselor, allow 2 visits a day, or lower the minimum.",
    ),
    "solver.precheck.gap_limit": (
        "{center}은(는) {need}회 방문이 필요하지만 방문 간격 최소 {gap}일 규칙으로 열린 방문일 "
        "{open}일 중 "
        "{fit}회만 가능합니다.",
        "{center} needs {need} visits, but with at least {gap} days between visits only {fit} fit "
        "on its "
        "{open} open visit days.",
    ),
    "solver.remedy.gap_limit": (
        "최소 방문 횟수나 최소 방문 간격을 낮추거나 기간을 늘리세요.",
        "Lower the minimum visits or the minimum days between visits, or lengthen the period.",
    ),
    "solver.precheck.pin_day": (
        "{center} 고정 방문일 {date}은(는) 방문일이 아닙니다.",
        "The pinned visit to {center} on {date} is not on a visit day.",
    ),
    "solver.remedy.pin_day": (
        "고정 방문을 방문일로 옮기세요.",
        "Move the pinned visit to a visit day.",
    ),
    "solver.precheck.pin_closed": (
        "{center}은(는) {date}에 휴무인데 방문이 고정되어 있습니다.",
        "{center} is closed on {date} but has a pinned visit then.",
    ),
    "solver.remedy.pin_closed": (
        "고정 방문이나 휴무일을 바꾸세요.",
        "Move the pinned visit or the closure.",
    ),
    "solver.precheck.pin_leave": (
        "상담사 {counselor}은(는) {date}에 근무하지 않는데 {center} 방문이 고정되어 있습니다.",
        "Counselor {counselor} is on leave on {date} but is pinned to visit {center} that day.",
    ),
    "solver.remedy.pin_leave": (
        "고정 방문의 상담사나 날짜를 바꾸세요.",
        "Pin another counselor or another date.",
    ),
    "solver.precheck.pin_session": (
        "{center} 고정 방문의 회차 {session}이(가) {date}에 없습니다.",
        "The pinned visit to {center} on {date} names session {session}, which that day does not "
        "have.",
    ),
    "solver.remedy.pin_session": ("회차를 고치세요.", "Fix the session number."),
    "solver.precheck.pin_history_gap": (
        "{center} 고정 방문 {date}은(는) 지난 방문 {last} 뒤 {days}일밖에 되지 않지만 방문 간격은 "
        "최소 "
        "{gap}일이어야 합니다.",
        "The pinned visit to {center} on {date} is only {days} days after its last visit on "
        "{last}, but "
        "visits to a center must be at least {gap} days apart.",
    ),
    "solver.remedy.pin_history_gap": (
        "고정 방문을 옮기거나 최소 방문 간격을 줄이세요.",
        "Move the pinned visit, or lower the minimum days between visits.",
    ),
    "solver.precheck.pin_pair_gap": (
        "{center} 고정 방문 {first}과 {second}은(는) {days}일 간격이지만 방문 간격은 최소 "
        "{gap}일이어야 합니다.",
        "The pinned visits to {center} on {first} and {second} are only {days} days apart, but "
        "visits to a "
        "center must be at least {gap} days apart.",
    ),
    "solver.remedy.pin_pair_gap": (
        "고정 방문 하나를 다른 방문과 {gap}일 이상 떨어진 날로 옮기거나 최소 방문 간격을 줄이세요.",
        "Move one of them at least {gap} days away from the other, or lower the minimum days "
        "between "
        "visits (now {gap}).",
    ),
    "solver.precheck.pin_twice": (
        "{center}이(가) {date}에 두 번 고정되어 있지만 센터는 하루 한 번만 방문합니다.",
        "{center} is pinned twice on {date}, but a center gets at most one visit a day.",
    ),
    "solver.remedy.pin_twice": ("고정 방문 하나를 지우세요.", "Remove one of the two pins."),
    "solver.precheck.pin_overload_counselor": (
        "상담사 {counselor}에게 {date} 방문 {pinned}회가 고정되어 있지만 하루 "
        "{per_day}{visit_word}만 방문합니다.",
        "Counselor {counselor} has {pinned} visits pinned on {date} but makes only {per_day} "
        "{visit_word} "
        "a day.",
    ),
    "solver.remedy.pin_overload_counselor": (
        "고정 방문을 다른 상담사나 날짜로 옮기세요.",
        "Move some of them to another counselor or day.",
    ),
    "solver.precheck.pin_overload_day": (
        "{date}에 방문 {pinned}회가 고정되어 있지만 그날 방문 가능 회차는 {slots}회입니다"
        "({counselor_word} {working}명 × 하루 {per_day}{visit_word}).",
        "{pinned} visits are pinned on {date} but that day has only {slots} slots "
        "({working} {counselor_word} × {per_day} {visit_word}).",
    ),
    "solver.remedy.pin_overload_day": (
        "고정 방문을 다른 날로 옮기거나 그날 상담사를 늘리세요.",
        "Move some pins to another day, or add a counselor that day.",
    ),
    # Assumption cores (explain) -------------------------------------------------
    "solver.pin.text": (
        "{date}{session}{who}의 {center} 고정 방문",
        "the pinned visit to {center} on {date}{session}{who}",
    ),
    "solver.pin.session": (" {session}회차", " in session {session}"),
    "solver.pin.who": (" 상담사 {counselor}", " by counselor {counselor}"),
    "solver.core.pin_max_visits": (
        "{center}은(는) 최대 방문 0회인데 {pin}이 있습니다.",
        "{center} may get no visits (maximum 0), but {pin} is required.",
    ),
    "solver.remedy.pin_max_visits": (
        "최대 방문 횟수를 늘리거나 고정 방문을 지우세요.",
        "Raise its maximum or remove the pin.",
    ),
    "solver.core.pin_history_gap": (
        "{pin}은 지난 방문({last}) 뒤 {days}일밖에 되지 않지만 방문 간격은 최소 {gap}일이어야 "
        "합니다.",
        "{pin} is only {days} days after its last visit on {last}, but visits to a center must be "
        "at least "
        "{gap} days apart.",
    ),
    "solver.remedy.core_pin_history_gap": (
        "고정 방문을 {earliest} 이후로 옮기거나 최소 방문 간격을 줄이세요.",
        "Move the pin to {earliest} or later, or lower the minimum days between visits.",
    ),
    "solver.core.pin_route_timing": (
        "{pin}은 시간 안에 갈 수 없습니다: 출발지에서 {travel_in}분(돌아오는 데 {travel_out}분), "
        "준비 {buffer}분, "
        "근무 {work}, 회차 {session}.",
        "{pin} cannot be reached in time: it is {travel_in} min from the base ({travel_out} min "
        "back), visits "
        "need {buffer} min to set up, the working day is {work} and the session is {session}.",
    ),
    "solver.remedy.pin_route_timing": (
        "다른 회차로 고정하거나 회차를 비워 두세요.",
        "Pin another session, or leave the session free.",
    ),
    "solver.core.rule.min": (
        "{names} 최소 {n}{visit_word} 방문",
        "at least {n} {visit_word} to {names}",
    ),
    "solver.core.rule.max": (
        "{names} 최대 {n}{visit_word} 방문",
        "at most {n} {visit_word} to {names}",
    ),
    "solver.core.rule.gap": (
        "{names} 방문 간격 최소 {gap}일",
        "at least {gap} days between visits to {names}",
    ),
    "solver.core.rule.pins": (
        "고정 방문 {n}{visit_word}({pins})",
        "{n} pinned {visit_word} ({pins})",
    ),
    "solver.core.rules": (
        "다음 규칙을 함께 지킬 수 없습니다: {rules}.",
        "These rules cannot all hold together: {rules}.",
    ),
    "solver.core.min": (
        "{n}개 {center_word}({names})에 최소 {need}{visit_word} 방문이 필요하지만 {most}: 방문 "
        "가능 회차는 "
        "{slots}회({formula})",
        "{n} {center_word} ({names}) need at least {need} {visit_word} in total, but {most}: there "
        "are "
        "{slots} slots ({formula})",
    ),
    "solver.core.most": ("최대 {most}회만 넣을 수 있습니다", "at most {most} can be scheduled"),
    "solver.core.most_unknown": ("모두 넣을 수 없습니다", "they cannot all be scheduled"),
    "solver.core.min_pinned": (
        "이고 그중 {pinned}회는 고정 방문({pins})입니다",
        ", {pinned} of them taken by pinned visits ({pins})",
    ),
    "solver.core.min_gap": (
        ". 방문 간격 최소 {gap}일 규칙으로 {names}은(는) 최대 {fit}{visit_word}씩만 가능합니다",
        ", and with at least {gap} days between visits {names} can get at most {fit} {visit_word} "
        "each",
    ),
    "solver.core.end": (".", "."),
    "solver.remedy.item.lower_min": ("최소 방문 횟수를 낮추기", "lower the minimum visits"),
    "solver.remedy.item.add_staff": (
        "상담사나 하루 방문 횟수를 늘리기",
        "add a counselor or allow more visits a day",
    ),
    "solver.remedy.item.unpin": (
        "이 고정 방문 일부를 옮기거나 풀기",
        "move or unpin some of these pinned visits",
    ),
    "solver.remedy.item.lower_gap": (
        "최소 방문 간격(현재 {gap}일)을 줄이기",
        "lower the minimum days between visits (now {gap})",
    ),
    "solver.remedy.item.raise_max": ("최대 방문 횟수를 늘리기", "raise the maximum visits"),
    "solver.remedy.either": ("{items}, {last} 중 하나를 하세요.", "Either {items}, or {last}."),
    "solver.remedy.one": ("{item} 하세요.", "{item}."),
    "solver.list.sep": (", ", ", "),
    # Ctrl-C -------------------------------------------------------------------
    "solver.interrupt.head": (
        "중단됨 (Ctrl-C){stage}, {seconds}초 후. 아무 파일도 쓰지 않았습니다.",
        "interrupted (Ctrl-C){stage} after {seconds} s; nothing was written.",
    ),
    "solver.interrupt.head_between": (
        "중단됨 (Ctrl-C). 아무 파일도 쓰지 않았습니다.",
        "interrupted (Ctrl-C); nothing was written.",
    ),
    "solver.interrupt.in_stage": (" ({stage} 단계)", " in the {stage} stage"),
    "solver.interrupt.tail": (
        "빨리 찾은 일정을 저장하려면 --time-limit 을 줄여 다시 실행하세요.",
        "Run again with a shorter --time-limit to keep a plan found quickly.",
    ),
    "solver.interrupt.none_yet": ("아직 찾은 일정이 없었습니다.", "No plan had been found yet."),
    "solver.interrupt.earlier": (
        "지금까지 찾은 최선의 일정({stage} 단계): 방문 {visits}회, 센터 {centers}곳, 이동 "
        "{travel}분.",
        "Best plan so far (from the {stage} stage): {visits} visits to {centers} centers, {travel} "
        "min of "
        "travel.",
    ),
    "solver.interrupt.figures": (
        "방문 {visits}회, 센터 {centers}곳, 이동 {travel}분 ",
        "{visits} visits to {centers} centers, {travel} min of travel ",
    ),
    "solver.interrupt.best": (
        "지금까지 찾은 최선의 일정: {figures}(목적값 {value}, 하한 {bound}, 갭 {gap}).",
        "Best plan so far: {figures}(objective {value}, bound {bound}, gap {gap}).",
    ),
    # Replan change notice -------------------------------------------------------
    "replan.notice.title": (
        "[안내] 찾아가는 일자리 상담 일정 변경",
        "[Notice] Changes to the job counseling visits",
    ),
    "replan.notice.intro": (
        "찾아가는 일자리 상담의 아래 방문 일정이 바뀌었습니다. 나머지 일정은 그대로입니다.",
        "The visits below have changed. All other visits stay as announced.",
    ),
    "replan.notice.list": ("■ 바뀐 일정", "■ Changes"),
    "replan.notice.none": ("방문 일정에 바뀐 것이 없습니다.", "No visit has changed."),
    "replan.notice.moved": (
        "{center}: {old} → {new}(으)로 변경",
        "{center}: {old} → moved to {new}",
    ),
    "replan.notice.cancelled": ("{center}: {old} 방문 취소", "{center}: {old} cancelled"),
    "replan.notice.cancelled_next": (
        "{center}: {old} 방문 취소 (다음 방문: {next})",
        "{center}: {old} cancelled (next visit: {next})",
    ),
    "replan.notice.added": ("{center}: {new} 방문 추가", "{center}: {new} added"),
    "replan.notice.period": ("■ 기간", "■ Period"),
    "replan.notice.sorry": (
        "이용에 불편을 드려 죄송합니다. 전체 일정은 새 안내문을 확인해 주십시오.",
        "We apologise for the inconvenience. See the new notice for the full schedule.",
    ),
}
