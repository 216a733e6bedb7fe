"""Attendance records, the demand model and the database (store)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the database
    "store.cannot_open": (
        "데이터베이스를 열 수 없습니다: {reason}",
        "cannot open the database: {reason}",
    ),
    "store.cannot_open.hint": (
        "폴더가 있고 쓸 수 있는지 확인하거나 --db 경로를 지정하세요",
        "check the folder exists and is writable, or pass --db PATH",
    ),
    "store.not_a_database": (
        "visitplan 데이터베이스가 아닙니다: {reason}",
        "not a visitplan database: {reason}",
    ),
    "store.not_a_database.hint": (
        "--db 로 visitplan 데이터베이스나 새 파일 이름을 지정하세요",
        "pass --db with the path of a visitplan database, or a new file name",
    ),
    "store.too_new": (
        "더 새로운 visitplan이 만든 데이터베이스입니다(스키마 {schema}, 이 버전은 {known}까지)",
        "the database was written by a newer visitplan (schema {schema}, this one knows {known})",
    ),
    "store.too_new.hint": (
        "visitplan을 업데이트하거나 --db 로 다른 파일을 지정하세요",
        "update visitplan, or pass --db with another file",
    ),
    "store.is_folder": (
        "데이터베이스 파일이 아니라 폴더입니다",
        "is a folder, not a database file",
    ),
    "store.is_folder.hint": (
        "파일 이름을 지정하세요. 예: {suggestion}",
        "name a file, e.g. {suggestion}",
    ),
    "store.plan_json_damaged": (
        "plan.json 이 손상되었습니다: {reason}",
        "plan.json is damaged: {reason}",
    ),
    "store.not_plan_folder": ("계획 폴더가 아닙니다", "not a plan folder"),
    "store.plan_file_missing": (
        "계획 폴더에 {name} 이(가) 없습니다",
        "{name} is missing from the plan folder",
    ),
    "store.publish_folder.hint": (
        "'visitplan plan' 이 만든 폴더를 게시하세요",
        "publish a folder written by 'visitplan plan'",
    ),
    "store.publish_by_empty": ("게시한 사람을 적어 주세요", "say who publishes the plan"),
    "store.publish_by_empty.hint": ("예: --by '김민지'", "e.g. --by 'Kim Minji'"),
    "store.no_version": (
        "게시된 버전이 없습니다: {key} v{version}",
        "no such published version: {key} v{version}",
    ),
    "store.no_version.hint": (
        "'visitplan publish --list' 로 버전을 확인하세요",
        "list the versions with 'visitplan publish --list'",
    ),
    "store.file_damaged": (
        "데이터베이스의 게시 파일이 손상되었습니다: {name}",
        "a published file is damaged in the database: {name}",
    ),
    "store.file_damaged.hint": ("계획 폴더를 다시 게시하세요", "publish the plan folder again"),
}
MESSAGES.update(
    {
        # attendance files
        "demand.record_future": (
            "아직 오지 않은 날의 출석 기록입니다",
            "attendance recorded for a day that has not come yet",
        ),
        "demand.record_future.hint": (
            "실제로 있었던 방문을 기록하세요(오늘 {today}). 연도를 확인하세요",
            "record visits that took place (today is {today}); check the year",
        ),
        "demand.record_more_than_visitors": (
            "{column} 이(가) 방문자 수보다 많습니다",
            "more {column} than visitors",
        ),
        "demand.record_more_than_visitors.hint": (
            "그 방문의 방문자 {visitors}명 이하여야 합니다. 열을 확인하세요",
            "at most the {visitors} visitors of that visit; check the columns",
        ),
        "demand.record_duplicate": (
            "같은 방문이 두 번 기록되었습니다",
            "the same visit is recorded twice",
        ),
        "demand.record_duplicate.hint": (
            "{other}행에도 같은 기록이 있습니다. 하나만 남기세요(또는 상담사를 적으세요)",
            "row {other} records it too; keep one (or name the counselor)",
        ),
        "demand.record_unknown_center": ("알 수 없는 센터입니다", "unknown center"),
        "demand.record_unknown_center.near": (
            "'{near}' 을(를) 뜻하셨나요?",
            "did you mean '{near}'?",
        ),
        "demand.record_unknown_center.hint": (
            "센터 파일에 있는 센터 id나 이름을 적으세요",
            "write the center id or its name as in the centers file",
        ),
        "demand.record_no_center": ("센터가 비어 있습니다", "the center is empty"),
        "demand.record_no_center.hint": (
            "센터 id나 이름을 적으세요",
            "write the center id or name",
        ),
        "demand.record_no_center_column": ("센터 열이 없습니다", "missing center column"),
        "demand.record_no_center_column.hint": (
            "머리글에 'center_id' 나 센터 이름 열('center')이 있어야 합니다",
            "the header needs 'center_id' or a center name column ('center')",
        ),
        # visitplan record
        "record.done": (
            "출석 기록 {file}: 추가 {added}건, 수정 {updated}건, 변경 없음 {unchanged}건 → {db}",
            "attendance {file}: {added} added, {updated} updated, {unchanged} unchanged → {db}",
        ),
        "record.unplanned": (
            "게시된 계획에 없는 방문 {n}건(그대로 기록함): {visits}",
            "{n} visit(s) not in any published plan (recorded anyway): {visits}",
        ),
        "record.unpublished": (
            "게시된 계획이 없는 날의 방문 {n}건(그대로 기록함): {visits}",
            "{n} visit(s) on days no published plan covers (recorded anyway): {visits}",
        ),
        "record.warning": ("경고", "warning"),
        # visitplan publish
        "publish.done": (
            "게시함: {key} 버전 {version} ({by}, {at}) 파일 {files}개, 방문 {visits}회 → {db}",
            "published {key} version {version} ({by}, {at}): {files} files, {visits} visits → {db}",
        ),
        "publish.same": (
            "이미 게시된 것과 같습니다: {key} 버전 {version} ({by}, {at}). "
            "새 버전을 만들지 않았습니다",
            "identical to the published {key} version {version} ({by}, {at}); no new version made",
        ),
        "publish.list_head": ("게시된 버전", "published versions"),
        "publish.list_row": (
            "{key} v{version} · {start}–{end} · {by} · {at} · {note}",
            "{key} v{version} · {start}–{end} · {by} · {at} · {note}",
        ),
        "publish.none": ("게시된 계획이 없습니다", "no plan has been published"),
        "publish.restored": (
            "{key} 버전 {version} 의 파일을 {folder} 에 썼습니다",
            "wrote the files of {key} version {version} to {folder}",
        ),
    }
)
MESSAGES.update(
    {
        "publish.restore_needs_out": (
            "--restore 에는 --out 이 필요합니다",
            "--restore needs --out",
        ),
        "publish.restore_out.hint": (
            "새 폴더를 지정하세요. 예: --out restored",
            "name a new folder, e.g. --out restored",
        ),
        "publish.bad_version": ("버전 번호가 아닙니다", "not a version number"),
        "publish.bad_version.hint": ("예: --restore 2026-12 2", "e.g. --restore 2026-12 2"),
        "publish.no_folder": ("게시할 계획 폴더를 지정하세요", "name the plan folder to publish"),
        "publish.no_folder.hint": (
            "예: visitplan publish maps/2026-12 --by '김민지'",
            "e.g. visitplan publish maps/2026-12 --by 'Kim Minji'",
        ),
    }
)
MESSAGES.update(
    {
        "demand.unvisited_again": (
            "{center}({id}): 이번 계획에서도 방문하지 않아 {months}개월 연속 미방문입니다 "
            "(--max-months-unvisited 로 필수로 만들 수 있습니다)",
            "{center} ({id}) goes unvisited again: {months} months in a row "
            "(--max-months-unvisited makes a visit required)",
        ),
        "demand.mode_line": (
            "수요: {mode} (출석 기록 {records}건)",
            "demand: {mode} ({records} attendance records)",
        ),
        "demand.mode.population": ("인구 기준", "population"),
        "demand.mode.attendance": ("출석 기록 기반 추정", "attendance-based estimate"),
        "demand.forced": (
            "{n}개 센터는 {months}개월 넘게 미방문이라 이번에 꼭 방문합니다: {centers}",
            "{n} center(s) unvisited for {months} month(s) or more must be visited: {centers}",
        ),
    }
)
MESSAGES.update(
    {
        "demand.db_missing": ("데이터베이스가 없습니다", "database not found"),
        "demand.db_missing.hint": (
            "먼저 출석을 기록하거나 계획을 게시하세요. 또는 --db 를 빼세요",
            "record attendance or publish a plan into it first, or leave out --db",
        ),
    }
)
MESSAGES.update(
    {
        "demand.explain": (
            "- 수요 추정({mode}; 출석 기록 {records}건, 방문자 {visitors}명): "
            "첫 방문 기대 방문자 {mean}명 "
            "(90% 구간 {low}–{high}명, 한 번 방문에 {visit_low}–{visit_high}명) · "
            "인구 기준의 {ratio}배 "
            "→ 가중치 {weight}",
            "- Demand estimate ({mode}; {records} attendance records, {visitors} visitors): {mean} "
            "expected visitors at a first visit (90 % interval {low}–{high}; one visit {visit_low}–"
            "{visit_high}) · {ratio}× the population rate → weight {weight}",
        ),
        "demand.explain_prior": (
            "- 수요 추정({mode}): 출석 기록이 없어 인구 기준 그대로 → 가중치 {weight}",
            "- Demand estimate ({mode}): no attendance records, the population "
            "prior → weight {weight}",
        ),
        "demand.explain_mode": ("- 수요: {mode}", "- Demand: {mode}"),
    }
)
MESSAGES.update(
    {
        # help of record / publish and the demand options (shown by scheduler.cli._group)
        "cli.cmd.record": (
            "방문별 출석 기록(date, center_id 또는 센터 이름, visitors[, counseled, placed, "
            "counselor, note])을 데이터베이스에 저장합니다. "
            "같은 파일을 다시 넣어도 바뀌지 않습니다.",
            "Record attendance (date, center_id or center name, visitors[, counseled, placed, "
            "counselor, note]) in the database. Recording the same file again changes nothing.",
        ),
        "cli.cmd.record.short": ("방문별 출석 기록 저장", "store attendance records"),
        "cli.cmd.publish": (
            "계획 폴더를 다음 게시 버전으로 기록합니다(이전 버전은 그대로). "
            "다음 달 계획은 게시된 방문을 이력으로 씁니다. --list 로 버전 목록, "
            "--restore KEY VERSION --out DIR 로 파일 복원.",
            "Record a plan folder as the next published version of its plan (earlier versions "
            "stay). The next month's plan uses the published visits as its history. --list shows "
            "the versions, --restore KEY VERSION --out DIR writes one back byte for byte.",
        ),
        "cli.cmd.publish.short": (
            "계획 폴더를 게시 버전으로 기록",
            "publish a plan folder as a version",
        ),
        "cli.opt.db": (
            "데이터베이스 파일(기본: $VISITPLAN_DB, 없으면 사용자 데이터 폴더의 visitplan.db)",
            "database file (default $VISITPLAN_DB, else visitplan.db in the user's data folder)",
        ),
        "cli.opt.demand": (
            "센터 가중치: population(인구) 또는 attendance(출석 기록 모델). "
            "기본: 기록이 있으면 attendance",
            "weigh centers by population or by the attendance model "
            "(default: attendance when records exist)",
        ),
        "cli.opt.max_months_unvisited": (
            "이 개월 수만큼 연속 미방문인 센터는 반드시 방문(필수 규칙)",
            "a center unvisited this many months in a row must be visited (hard rule)",
        ),
        "cli.opt.by": ("게시한 사람 이름", "who publishes the plan"),
        "cli.opt.note": ("버전 메모(예: 바뀐 이유)", "a note for the version, e.g. why it changed"),
        "cli.opt.list_versions": ("게시된 버전 목록", "list the published versions"),
        "cli.opt.restore": (
            "게시된 버전의 파일을 --out 에 씀",
            "write a published version's files to --out",
        ),
        "cli.opt.restore_out": ("--restore 가 쓸 새 폴더", "new folder for --restore"),
        "cli.opt.attendance_file": ("출석 기록 CSV", "attendance CSV"),
    }
)
MESSAGES.update(
    {
        "demand.visitors.hint": (
            "visitors 는 0부터 {top} 까지의 정수입니다",
            "visitors must be a whole number from 0 to {top}",
        ),
        "demand.count.hint": (
            "{name} 은(는) 0부터 {top} 까지의 정수이거나 비워 둡니다",
            "{name} must be a whole number from 0 to {top}, or empty",
        ),
    }
)
