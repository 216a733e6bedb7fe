"""Words and sentences used across the program: the glossary's terms (``docs/glossary.md``).

Every area's sentences use these words for these ideas; change a term here and in the
glossary together.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "term.coverage": ("방문 센터 수", "coverage"),
    "term.population_covered": ("인구 커버율", "residents covered"),
    "term.longest_wait": ("최장 미방문 기간", "longest wait"),
    "term.home_base": ("출발지(일자리센터)", "home base"),
    "term.home_base_short": ("출발지", "home base"),
    "term.counselor": ("상담사", "counselor"),
    "term.center": ("주민센터", "community center"),
    "term.visit": ("방문", "visit"),
    "term.visit_day": ("방문일", "visit day"),
    "term.session": ("회차", "session"),
    "term.slot": ("방문 가능 회차", "slot"),
    "term.travel": ("이동 시간", "travel"),
    "term.leave": ("휴가", "leave"),
    "term.closure": ("휴무", "closure"),
    "term.pin": ("고정 방문", "pinned visit"),
    "term.replan": ("재계획", "replan"),
    "term.change": ("변경", "change"),
    "term.objective": ("목적값", "objective"),
    "term.bound": ("하한", "bound"),
    "term.gap": ("갭", "gap"),
    "term.plan_folder": ("계획 폴더", "plan folder"),
    "term.scenario": ("시나리오", "scenario"),
    "term.violation": ("규칙 위반", "broken rule"),
    "error.prefix": ("오류", "error"),
    "error.hint": ("도움말: {hint}", "Hint: {hint}"),
}
