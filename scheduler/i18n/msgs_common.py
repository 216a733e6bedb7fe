"""Words and sentences used across the program (the glossary's terms live here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "term.coverage": ("방문 센터 수", "coverage"),
    "term.longest_wait": ("최장 미방문 기간", "longest wait"),
    "term.home_base": ("출발지(일자리센터)", "home base"),
    "term.counselor": ("상담사", "counselor"),
    "term.center": ("주민센터", "community center"),
    "term.visit": ("방문", "visit"),
    "error.prefix": ("오류", "error"),
    "error.hint": ("도움말: {hint}", "Hint: {hint}"),
}
