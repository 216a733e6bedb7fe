"""Texts of the shared files: the month PDF, the posters, the map's new labels."""

MESSAGES: dict[str, tuple[str, str]] = {
    # month.pdf
    "output.month.title": ("찾아가는 일자리 상담 방문 일정", "Job-counseling outreach visits"),
    "output.month.no_visit": ("방문 없음", "no visit"),
    "output.month.map_title": ("방문 지도", "Map of the visits"),
    "output.month.legend_base": ("출발지", "base"),
    "output.month.legend_unvisited": ("회색: 방문 없음", "grey: not visited"),
    "output.month.legend_route": ("선: 상담사의 하루 경로", "line: a counselor's day"),
    "output.month.page": ("{n}/{total}쪽", "page {n} of {total}"),
    "output.month.attribution": (
        "동 경계: admdongkor (vuski), CC BY 4.0",
        "Dong boundaries: admdongkor (vuski), CC BY 4.0",
    ),
    # posters/<center>.pdf
    "output.poster.kicker": ("찾아가는 일자리 상담", "Job counseling at your community center"),
    "output.poster.lead": (
        "일자리 상담사가 주민센터로 찾아갑니다. 취업·일자리 1:1 상담, 무료입니다.",
        "A job counselor comes to your community center: free one-to-one advice on jobs.",
    ),
    "output.poster.dates": ("상담 날짜", "Dates"),
    "output.poster.bring": ("준비물: 신분증", "Please bring: an ID card"),
    "output.poster.bring_detail": (
        "주민등록증, 운전면허증 등 본인 확인이 되는 신분증",
        "resident registration card, driver's license or passport",
    ),
    "output.poster.apply": (
        "예약 없이 상담 시간에 오시면 됩니다.",
        "No appointment needed: come during the counseling hours.",
    ),
    "output.poster.contact": ("문의", "Contact"),
    "output.poster.qr": ("자세한 안내", "More information"),
    "output.poster.none": (
        "이 기간에는 방문 일정이 없습니다.",
        "There are no visits in this period.",
    ),
    # map.html
    "output.map.period": ("기간", "Period"),
    "output.map.day": ("날짜", "Day"),
    "output.map.legend_shade": (
        "방문 1회당 주민 수 (진할수록 부족)",
        "Residents per visit (darker = less served)",
    ),
    "output.map.legend_shade_none": ("방문 없음 (가장 부족)", "no visit (least served)"),
    "output.map.per_visit": ("방문 1회당 주민 {n}명", "{n} residents per visit"),
    "output.map.legend_toggle": ("범례", "Legend"),
    "output.map.legend_split": ("두 색: 상담사 두 명이 방문", "two colours: two counselors visit"),
    "output.map.legend_dates": ("센터 아래: 방문 날짜", "below a center: its visit dates"),
    "output.map.attribution": (
        "동 경계: admdongkor (vuski), CC BY 4.0",
        "Dong boundaries: admdongkor (vuski), CC BY 4.0",
    ),
}
