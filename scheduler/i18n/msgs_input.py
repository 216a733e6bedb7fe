"""Messages about input files, options and output folders (``scheduler/district/*``,
``scheduler/output/folder.py``, ``scheduler/cli/_types.py``).

Each code ``X`` may have a hint ``X.hint``; :func:`scheduler.district.parse.bad`
uses it when no other hint code is given. The value, file, row and column are shown
by the CLI around these sentences, so the templates do not repeat them.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- numbers (scheduler.district.parse.parse_number) ---------------------------------
    "input.number.empty": ("빈 칸", "empty cell"),
    "input.number.int.hint": ("'{col}'에 정수를 쓰세요", "write a whole number in '{col}'"),
    "input.number.float.hint": ("'{col}'에 숫자를 쓰세요", "write a number in '{col}'"),
    "input.number.underscore": ("숫자에 밑줄(_)이 있음", "a number with underscores"),
    "input.number.underscore.hint": (
        "구분 기호 없이 쓰세요. 예: {plain}",
        "write the number without separators, e.g. {plain}",
    ),
    "input.number.not_finite": ("유한한 숫자가 아님", "not a finite number"),
    "input.number.ambiguous_comma": (
        "모호한 숫자: 쉼표가 천 단위 구분 기호가 아님",
        "ambiguous number: the comma is not a thousands separator",
    ),
    "input.number.ambiguous_comma.hint": (
        "구분 기호 없이 쓰세요. 예: {plain}",
        "write the number without separators, e.g. {plain}",
    ),
    "input.number.decimal_comma": (
        "숫자에 쉼표가 있음 (소수점 쉼표?)",
        "a comma in a number (decimal comma?)",
    ),
    "input.number.decimal_comma.hint": (
        "소수점은 점(.)으로 쓰세요. 예: {dotted}",
        "use a dot as the decimal mark, e.g. {dotted}",
    ),
    "input.number.fraction": (
        "정수가 아님 (소수 부분이 있음)",
        "not a whole number (it has a fraction)",
    ),
    "input.number.not_whole": ("정수가 아님", "not a whole number"),
    "input.number.not_number": ("숫자가 아님", "not a number"),
    "input.number.range.both": (
        "범위를 벗어남: {low}에서 {high} 사이여야 함",
        "out of range: must be between {low} and {high}",
    ),
    "input.number.range.both.hint": (
        "{low}에서 {high} 사이의 값을 쓰세요",
        "write a value between {low} and {high}",
    ),
    "input.number.range.min": (
        "범위를 벗어남: {low} 이상이어야 함",
        "out of range: must be at least {low}",
    ),
    "input.number.range.min.hint": ("{low} 이상의 값을 쓰세요", "write a value of at least {low}"),
    "input.number.range.max": (
        "범위를 벗어남: {high} 이하여야 함",
        "out of range: must be at most {high}",
    ),
    "input.number.range.max.hint": ("{high} 이하의 값을 쓰세요", "write a value of at most {high}"),
    # -- dates ----------------------------------------------------------------------------
    "input.date.impossible": ("있을 수 없는 날짜", "impossible date"),
    "input.date.impossible.hint": (
        "일과 월을 확인하세요 (2월 30일, 11월 31일은 없습니다)",
        "check the day and month (e.g. 30 February and 31 November do not exist)",
    ),
    "input.date.not_date": ("날짜가 아님", "not a date"),
    "input.date.hint": (
        "날짜는 YYYY-MM-DD로 쓰세요. 예: 2026-12-03",
        "write dates as YYYY-MM-DD, e.g. 2026-12-03",
    ),
    "input.date.day_first.hint": (
        "연도를 먼저 YYYY-MM-DD로 쓰세요 (일·월 순서가 모호함). 예: 2026-12-03",
        "write the year first, as YYYY-MM-DD (day and month order is ambiguous), e.g. 2026-12-03",
    ),
    "input.date.year": (
        "있을 법하지 않은 연도 ({low}–{high} 이어야 함)",
        "implausible year (expected {low}–{high})",
    ),
    "input.date.year.hint": ("연도를 확인하세요", "check the year"),
    "input.month.bad": ("월이 아님", "not a month"),
    "input.month.hint": ("YYYY-MM으로 쓰세요. 예: 2026-12", "write it as YYYY-MM, e.g. 2026-12"),
    # -- files ----------------------------------------------------------------------------
    "input.file.not_found": ("파일이 없음", "file not found"),
    "input.file.not_found.hint": ("경로를 확인하세요", "check the path"),
    "input.file.did_you_mean": ("'{near}' 파일을 말씀하셨나요?", "did you mean '{near}'?"),
    "input.file.is_folder": ("파일이 아니라 폴더임", "is a folder, not a file"),
    "input.file.is_folder.hint": ("{what} 파일을 지정하세요", "name a {what} file"),
    "input.file.no_permission": (
        "파일을 읽을 수 없음 (권한 없음)",
        "cannot read the file (permission denied)",
    ),
    "input.file.no_permission.hint": ("파일 권한을 확인하세요", "check the file's permissions"),
    "input.file.too_big": (
        "파일이 너무 큼 ({limit}바이트 초과)",
        "the file is too large (more than {limit} bytes)",
    ),
    "input.file.too_big.hint": (
        "입력 파일은 최대 {mib} MiB입니다. 올바른 파일인지 확인하세요",
        "input files may hold at most {mib} MiB; check that this is the right file",
    ),
    # -- CSV tables (scheduler.district.tables) ---------------------------------------------
    "input.xlsx.unreadable": (
        "엑셀 통합 문서를 읽을 수 없음 ({detail})",
        "cannot read the Excel workbook ({detail})",
    ),
    "input.xlsx.unreadable.hint": (
        "엑셀에서 열어 .xlsx로 다시 저장하거나 CSV로 저장하세요",
        "open it in Excel and save it again as .xlsx, or save it as CSV",
    ),
    "input.csv.xlsx": (
        "CSV 파일이 아니라 엑셀 통합 문서(.xlsx)임",
        "this is an Excel workbook (.xlsx), not a CSV file",
    ),
    "input.csv.xlsx.hint": (
        "엑셀에서 파일 > 다른 이름으로 저장 > 'CSV UTF-8(쉼표로 분리)'를 고르세요",
        "in Excel use File > Save As > 'CSV UTF-8 (comma delimited)'",
    ),
    "input.csv.utf16": (
        "CSV가 아니라 UTF-16 텍스트(엑셀 '유니코드 텍스트')임",
        "the file is UTF-16 text (Excel 'Unicode Text'), not a CSV file",
    ),
    "input.csv.binary": (
        "CSV 텍스트가 아니라 이진 데이터(NUL 바이트)가 있음",
        "the file holds binary data (NUL bytes), not CSV text",
    ),
    "input.csv.binary.hint": ("표를 CSV 텍스트로 저장하세요", "save the table as CSV text"),
    "input.csv.encoding": (
        "텍스트를 읽을 수 없음: UTF-8도 CP949(EUC-KR)도 아님",
        "cannot read the text: it is neither UTF-8 nor CP949 (EUC-KR)",
    ),
    "input.csv.encoding.hint": (
        "엑셀에서 'CSV UTF-8(쉼표로 분리)'로 저장하세요",
        "save the file as 'CSV UTF-8 (comma delimited)' in Excel",
    ),
    "input.csv.empty": ("{what} 파일이 비어 있음", "the {what} file is empty"),
    "input.csv.empty.hint": (
        "{columns} 열이 있는 머리글 행이 필요합니다",
        "it needs a header row with {columns}",
    ),
    "input.csv.separated.semicolon": (
        "열이 쉼표가 아니라 세미콜론으로 구분됨",
        "the columns are separated by semicolons, not commas",
    ),
    "input.csv.separated.tab": (
        "열이 쉼표가 아니라 탭으로 구분됨",
        "the columns are separated by tabs, not commas",
    ),
    "input.csv.separated.bar": (
        "열이 쉼표가 아니라 '|'로 구분됨",
        "the columns are separated by '|', not commas",
    ),
    "input.csv.save_as.hint": (
        "'CSV UTF-8(쉼표로 분리)'로 저장하세요",
        "save the file as 'CSV UTF-8 (comma delimited)'",
    ),
    "input.csv.duplicate_column": ("열 이름이 중복됨", "duplicate column"),
    "input.csv.duplicate_column.hint": (
        "머리글의 각 열은 한 번만 쓸 수 있습니다",
        "each column may appear once in the header",
    ),
    "input.csv.missing_column": ("열이 없음", "missing column"),
    "input.csv.rename.hint": (
        "'{near}' 열의 이름을 '{col}'(으)로 바꾸세요",
        "rename the column '{near}' to '{col}'",
    ),
    "input.csv.needs.hint": (
        "머리글에 '{col}' 열이 필요합니다 (필수 열: {columns})",
        "the header needs '{col}' (required columns: {columns})",
    ),
    "input.csv.extra": (
        "이 행은 칸이 {cells}개인데 머리글은 {columns}열임",
        "the row has {cells} cells but the header has {columns} columns",
    ),
    "input.csv.extra.thousands.hint": (
        "'{a},{b}'는 천 단위 쉼표가 있는 숫자 하나로 보입니다: {a}{b}로 쓰세요 "
        "(또는 칸을 따옴표로 묶으세요)",
        "'{a},{b}' looks like one number with a thousands separator: write {a}{b} "
        "(or quote the cell)",
    ),
    "input.csv.extra.decimal.hint": (
        "'{a},{b}'는 소수점 쉼표가 있는 숫자로 보입니다: {a}.{b}로 쓰세요",
        "'{a},{b}' looks like a number with a decimal comma: write {a}.{b}",
    ),
    "input.csv.extra.hint": (
        "그 행의 쉼표를 확인하세요. 쉼표가 든 텍스트는 큰따옴표로 묶으세요",
        "check the commas of that row; put text that contains commas in double quotes",
    ),
    "input.csv.unnamed_column": (
        "이름 없는 {number}번째 열에 값이 있음",
        "a value in column {number}, which has no name in the header",
    ),
    "input.csv.unnamed_column.hint": (
        "머리글에 열 이름을 쓰거나 그 열의 값을 지우세요 (엑셀이 빈 열을 남겼을 수 있습니다)",
        "name the column in the header or delete its values (Excel may have kept a stray column)",
    ),
    "input.csv.too_many_rows": (
        "{what} 파일의 행이 너무 많음 (최대 {limit}행)",
        "the {what} file has too many rows (at most {limit})",
    ),
    "input.csv.too_many_rows.hint": (
        "올바른 파일인지 확인하세요",
        "check that this is the right file",
    ),
    "input.csv.cell_too_big": (
        "칸 하나가 너무 김 (최대 {limit}자)",
        "a cell is too long (at most {limit} characters)",
    ),
    "input.csv.cell_too_big.hint": (
        "그 칸을 줄이세요. 짧아야 할 칸이라면 앞쪽의 큰따옴표가 닫히지 않았는지 확인하세요",
        "shorten the cell; if it should be short, check for an unclosed double quote before it",
    ),
    "input.csv.malformed": ("CSV 형식이 잘못됨 ({detail})", "the CSV is malformed ({detail})"),
    "input.csv.malformed.hint": (
        '그 칸의 큰따옴표를 닫거나, 따옴표가 든 텍스트는 큰따옴표로 묶으세요 (안의 따옴표는 "")',
        'close the double quote of that cell, or put text with quotes in double quotes ("" inside)',
    ),
    "input.csv.no_rows": (
        "{what} 파일에 머리글만 있고 행이 없음",
        "the {what} file has a header but no rows",
    ),
    "input.csv.no_rows.hint": (
        "머리글 아래에 행을 하나 이상 추가하세요",
        "add at least one row below the header",
    ),
    "input.cell.empty": ("빈 칸", "empty cell"),
    "input.cell.empty.hint": ("'{column_name}' 칸을 채우세요", "fill in '{column_name}'"),
    # -- output folders (scheduler.output.folder) ---------------------------------------------
    "output.not_a_folder": (
        "{path}이(가) 이미 있고 폴더가 아님",
        "{path} exists and is not a folder",
    ),
    "output.not_a_folder.hint": ("다른 --out을 고르세요", "choose another --out"),
    "output.parent_file": (
        "{parent}이(가) 파일이라 {path} 폴더를 만들 수 없음",
        "{parent} is a file, so the folder {path} cannot be made",
    ),
    "output.foreign": (
        "{path}에 visitplan이 쓰지 않은 파일이 있어 --force로도 바꾸지 않음: {files}",
        "{path} holds files that are not a plan written by visitplan and will not be "
        "replaced, even with --force: {files}",
    ),
    "output.foreign.hint": (
        "그 파일을 다른 곳으로 옮기거나, --out에 새 폴더나 빈 폴더를 지정하세요",
        "move those files elsewhere, or choose a new or empty folder for --out",
    ),
    "output.exists": (
        "{path}에 이미 계획이 있어 덮어쓰지 않음",
        "{path} already holds a plan and will not be overwritten",
    ),
    "output.exists.hint": (
        "다른 --out을 고르거나, 바꾸려면 --force를 붙이세요",
        "choose another --out, or add --force to replace it",
    ),
    "output.read_only": (
        "{path}에 쓸 수 없음 (읽기 전용이거나 권한 없음)",
        "cannot write in {path} (read-only or no permission)",
    ),
    "output.read_only.hint": (
        "쓸 수 있는 폴더를 --out으로 지정하세요",
        "choose a folder you can write to for --out",
    ),
    "output.raced": (
        "계획을 쓰는 동안 다른 프로그램이 {path}을(를) 채움",
        "{path} was filled by another program while the plan was written",
    ),
    "output.raced.hint": ("다시 실행하세요", "run again"),
    # -- command-line options (scheduler.cli._types) -----------------------------------------
    "input.cli.weekdays_empty": (
        "요일이 하나도 없음; 예: tue,thu",
        "no weekday given; e.g. tue,thu",
    ),
    "input.cli.weekdays_blank": (
        "빈 요일이 있음 (쉼표가 겹침); 예: tue,thu",
        "an empty weekday between commas; e.g. tue,thu",
    ),
    "input.cli.weekday_bad": (
        "'{day}'은(는) 요일이 아님 (요일: {names})",
        "'{day}' is not a weekday (weekdays: {names})",
    ),
    # -- centers (scheduler.district.centers) -------------------------------------------------
    "input.centers.lat.hint": (
        "위도를 십진수 도 단위로 쓰세요. 예: 37.5634",
        "write the latitude in decimal degrees, e.g. 37.5634",
    ),
    "input.centers.lon.hint": (
        "경도를 십진수 도 단위로 쓰세요. 예: 126.9975",
        "write the longitude in decimal degrees, e.g. 126.9975",
    ),
    "input.centers.swapped": ("위도와 경도가 뒤바뀜", "latitude and longitude are swapped"),
    "input.centers.swapped.hint": (
        "lat({lat})과 lon({lon}) 값을 서로 바꾸세요",
        "swap the lat ({lat}) and lon ({lon}) values",
    ),
    "input.centers.outside": (
        "대한민국 밖의 지점 ({col}은(는) {box} 안이어야 함)",
        "the point lies outside South Korea ({col} must be within {box})",
    ),
    "input.centers.outside.hint": (
        "WGS84 십진수 도 단위를 쓰세요. 예: lat 37.56, lon 126.99",
        "use WGS84 decimal degrees, e.g. lat 37.56, lon 126.99",
    ),
    "input.centers.id_chars": (
        "id에는 영문자, 숫자, '-', '_', '.'만 쓸 수 있음",
        "an id may hold only letters, digits, '-', '_' and '.'",
    ),
    "input.centers.id_chars.hint": (
        "'sogong'처럼 짧은 영문 id를 쓰세요",
        "use a short ASCII id such as 'sogong'",
    ),
    "input.centers.duplicate_id": ("중복된 id", "duplicate id"),
    "input.centers.duplicate_id.hint": (
        "같은 id가 {line}행에 있습니다. id는 서로 달라야 합니다",
        "the same id is on row {line}; ids must be unique",
    ),
    "input.centers.duplicate_id_case.hint": (
        "대소문자만 다른 id '{other}'가 {line}행에 있습니다. id는 서로 달라야 합니다",
        "the id '{other}' (differing only in case) is on row {line}; ids must be unique",
    ),
    "input.centers.duplicate_name": (
        "같은 센터가 두 번 있음 (이름이 같거나 유니코드 표기만 다름)",
        "the same center twice (the names are equal or differ only in "
        "Unicode form, case or spacing)",
    ),
    "input.centers.duplicate_name.hint": (
        "{line}행의 '{other}'와 같은 센터입니다. 한 행만 남기세요",
        "it is the center '{other}' of row {line}; keep one row",
    ),
    "input.centers.population.hint": (
        "인구는 1에서 {max} 사이의 정수입니다 (동 주민 수)",
        "population must be a whole number from 1 to {max} (residents of the dong)",
    ),
    "input.id.unknown": ("알 수 없는 센터 id", "unknown center id"),
    "input.id.case.hint": (
        "id는 대소문자와 공백을 구분합니다: '{near}'로 쓰세요",
        "ids are case- and space-sensitive: write '{near}'",
    ),
    "input.id.near.hint": ("'{near}'을(를) 말씀하셨나요?", "did you mean '{near}'?"),
    "input.id.list.hint": (
        "센터 파일의 id를 쓰세요 ({ids})",
        "use an id from the centers file ({ids})",
    ),
    # -- history, travel matrix, pins, city, plan folders ---------------------------------------
    "input.history.future": (
        "계획 기간 뒤의 날짜가 적힌 과거 방문",
        "a past visit dated after the period being planned",
    ),
    "input.history.future.hint": (
        "이력에는 {before} 이전의 방문이 들어갑니다. 연도를 확인하세요",
        "a history holds visits before {before}; check the year",
    ),
    "input.matrix.minutes.hint": (
        "분은 0에서 {max} 사이의 정수입니다",
        "minutes must be a whole number from 0 to {max}",
    ),
    "input.matrix.duplicate": ("중복된 구간", "duplicate pair"),
    "input.matrix.duplicate.hint": (
        "같은 구간이 {line}행에 있습니다. 하나만 남기세요",
        "the same pair is on row {line}; keep one",
    ),
    "input.matrix.self": (
        "한 장소에서 같은 장소로의 이동은 0이어야 함",
        "travel from a place to itself must be 0",
    ),
    "input.matrix.self.hint": ("0을 쓰거나 그 행을 지우세요", "write 0 or drop the row"),
    "input.pins.counselor": (
        "고정 방문에 없는 상담사가 적힘",
        "pinned visit names an unknown counselor",
    ),
    "input.pins.counselor.hint": ("상담사: {ids}", "known counselors: {ids}"),
    "input.pins.session.hint": (
        "회차 번호는 1에서 {count}까지입니다",
        "sessions are numbered 1 to {count}",
    ),
    "input.time.bad": ("시각이 아님", "not a time"),
    "input.time.bad.hint": ("시각은 HH:MM으로 쓰세요", "write times as HH:MM"),
    "input.pins.no_session": ("이 시각에 시작하는 회차가 없음", "no session starts at this time"),
    "input.pins.no_session.hint": ("회차 시작 시각: {starts}", "sessions start at {starts}"),
    "input.pins.twice": (
        "같은 날 같은 센터가 두 번 고정됨",
        "the same center is pinned twice on one day",
    ),
    "input.pins.twice.hint": ("{line}행을 보세요", "see row {line}"),
    "input.pins.counselor_exists": ("이미 있는 상담사", "this counselor already exists"),
    "input.pins.counselor_exists.hint": ("상담사: {ids}", "counselors: {ids}"),
    "input.counselor.unknown": ("알 수 없는 상담사", "unknown counselor"),
    "input.counselor.unknown.hint": ("상담사: {ids}", "counselors: {ids}"),
    "input.city.no_base": (
        "출발지(구청)가 없는 구의 센터",
        "center in a district without a home base",
    ),
    "input.city.no_base.hint": (
        "센터 {center}: 구청 파일에 있는 구를 쓰세요",
        "center {center}: use one of the districts in the bases file",
    ),
    "input.plan.not_folder": ("계획 폴더가 아님", "not a plan folder"),
    "input.plan.hint": (
        "'visitplan plan'이 쓴 폴더를 지정하세요",
        "name a folder written by 'visitplan plan'",
    ),
    "input.plan.no_json": ("plan.json이 없음", "plan.json is missing"),
    "input.plan.damaged": ("plan.json이 손상됨: {detail}", "plan.json is damaged: {detail}"),
    "input.plan.no_config": ("plan.json에 설정 파일이 없음", "plan.json names no config"),
    "input.plan.no_schedule": (
        "계획 폴더에 schedule.csv가 없음",
        "no schedule.csv in the plan folder",
    ),
    # -- config (scheduler.district.config) -------------------------------------------------
    "input.config.unknown_key": ("알 수 없는 키", "unknown key"),
    "input.config.near.hint": ("'{near}'을(를) 말씀하셨나요?", "did you mean '{near}'?"),
    "input.config.keys.hint": ("쓸 수 있는 키: {keys}", "known keys: {keys}"),
    "input.config.table": ("표(table)여야 함", "must be a table"),
    "input.config.section.hint": ("[{name}] 절로 쓰세요", "write it as a [{name}] section"),
    "input.config.type.int": ("정수여야 함", "must be a whole number"),
    "input.config.type.int.hint": (
        "{name}을(를) 정수(으)로 쓰세요",
        "write {name} as a whole number",
    ),
    "input.config.type.float": ("숫자여야 함", "must be a number"),
    "input.config.type.float.hint": ("{name}을(를) 숫자(으)로 쓰세요", "write {name} as a number"),
    "input.config.type.str": ("따옴표 안의 텍스트여야 함", "must be text in quotes"),
    "input.config.type.str.hint": (
        "{name}을(를) 따옴표 안의 텍스트(으)로 쓰세요",
        "write {name} as text in quotes",
    ),
    "input.config.type.list": ("목록 [ … ]여야 함", "must be a list [ … ]"),
    "input.config.type.list.hint": (
        "{name}을(를) 목록 [ … ](으)로 쓰세요",
        "write {name} as a list [ … ]",
    ),
    "input.config.type.bool": ("true 또는 false여야 함", "must be true or false"),
    "input.config.type.bool.hint": (
        "{name}을(를) true 또는 false(으)로 쓰세요",
        "write {name} as true or false",
    ),
    "input.config.type.int+float": ("정수 또는 숫자여야 함", "must be a whole number or a number"),
    "input.config.type.int+float.hint": (
        "{name}을(를) 정수 또는 숫자(으)로 쓰세요",
        "write {name} as a whole number or a number",
    ),
    "input.config.type.int+str": (
        "정수 또는 따옴표 안의 텍스트여야 함",
        "must be a whole number or text in quotes",
    ),
    "input.config.type.int+str.hint": (
        "{name}을(를) 정수 또는 따옴표 안의 텍스트(으)로 쓰세요",
        "write {name} as a whole number or text in quotes",
    ),
    "input.config.unquote.hint": (
        "숫자를 따옴표 없이 쓰세요: {name} = {shown}",
        "write the number without quotes: {name} = {shown}",
    ),
    "input.config.quote.hint": (
        '텍스트를 큰따옴표로 묶으세요: {name} = "{shown}"',
        'put the text in double quotes: {name} = "{shown}"',
    ),
    "input.config.time": ("시각이 아님", "not a time"),
    "input.config.time.hint": (
        '시각은 "HH:MM"(24시간제)으로 쓰세요. 예: "09:30"',
        'write times as "HH:MM" (24-hour clock), e.g. "09:30"',
    ),
    "input.config.weekdays": ("요일 목록이어야 함", "must be a list of weekdays"),
    "input.config.weekdays.hint": ('예: ["tue", "thu"]', 'e.g. ["tue", "thu"]'),
    "input.config.weekday": ("요일이 아님", "not a weekday"),
    "input.config.weekday.hint": (
        "mon, tue, wed, thu, fri, sat, sun 중 하나를 쓰세요",
        "use mon, tue, wed, thu, fri, sat or sun",
    ),
    "input.config.weekday_near.hint": (
        "'{near}'을(를) 말씀하셨나요? (요일: mon, tue, wed, thu, fri, sat, sun)",
        "did you mean '{near}'? (weekdays: mon, tue, wed, thu, fri, sat, sun)",
    ),
    "input.config.not_found": ("설정 파일이 없음", "config file not found"),
    "input.config.not_found.hint": ("--config PATH를 지정하세요", "pass --config PATH"),
    "input.config.toml.hint": (
        "--config PATH에 .toml 파일을 지정하세요",
        "pass --config PATH to a .toml file",
    ),
    "input.config.empty": ("설정 파일이 비어 있음", "the config file is empty"),
    "input.config.empty.hint": (
        "data/jung-gu.toml을 복사해 다른 점만 고치세요",
        "start from data/jung-gu.toml and change what differs",
    ),
    "input.config.binary": (
        "설정 파일에 TOML 텍스트가 아닌 이진 데이터가 있음",
        "the config holds binary data, not TOML text",
    ),
    "input.config.encoding": (
        "설정 파일이 UTF-8도 CP949도 아님",
        "config is neither UTF-8 nor CP949 text",
    ),
    "input.config.encoding.hint": ("UTF-8로 저장하세요", "save it as UTF-8"),
    "input.config.too_deep": (
        "설정의 표·목록이 너무 깊이 중첩됨 (최대 {limit}단계)",
        "tables and lists are nested too deeply (at most {limit} levels)",
    ),
    "input.config.too_deep.hint": (
        "올바른 설정 파일인지 확인하세요",
        "check that this is the right config file",
    ),
    "input.config.syntax": ("올바른 TOML이 아님: {detail}", "not valid TOML: {detail}"),
    "input.config.syntax.hint": (
        "그 줄의 따옴표, 괄호, '='를 확인하세요. 텍스트 값은 큰따옴표로, 날짜는 YYYY-MM-DD로 씁니다",
        "check quotes, brackets and '=' on that line; text values need double quotes, dates are YYYY-MM-DD",
    ),
    "input.config.base_swapped": (
        "출발지의 위도와 경도가 뒤바뀜",
        "the home base's latitude and longitude are swapped",
    ),
    "input.config.base_swapped.hint": (
        "lat = {lat}, lon = {lon}로 쓰세요",
        "write lat = {lat} and lon = {lon}",
    ),
    "input.config.base_outside": (
        "출발지가 대한민국 밖에 있음",
        "the home base lies outside South Korea",
    ),
    "input.config.base_outside.hint": (
        "WGS84 십진수 도 단위를 쓰세요. 예: lat = 37.5638, lon = 126.9976",
        "use WGS84 decimal degrees, e.g. lat = 37.5638, lon = 126.9976",
    ),
    "input.config.base_id.hint": (
        '"base"처럼 짧은 영문 id를 쓰세요',
        'use a short ASCII id such as "base"',
    ),
    "input.config.visits_per_day": ("1에서 {high} 사이여야 함", "must be between 1 and {high}"),
    "input.config.visits_per_day.hint": ("예: visits_per_day = 1", "e.g. visits_per_day = 1"),
    "input.config.session_key": (
        "회차 키는 하루 방문 수(1에서 {high})임",
        "session keys are the visits per day (1 to {high})",
    ),
    "input.config.session_key.hint": (
        '예: "2" = [["10:00", "12:00"], ["14:00", "16:00"]]',
        'e.g. "2" = [["10:00", "12:00"], ["14:00", "16:00"]]',
    ),
    "input.config.session_pairs": (
        "[시작, 끝] 쌍이 정확히 {count}개 필요함",
        "needs exactly {count} [start, end] pairs",
    ),
    "input.config.session_pair": (
        "각 회차는 [시작, 끝] 쌍임",
        "each session is a [start, end] pair",
    ),
    "input.config.session_pair.hint": ('예: ["10:00", "12:00"]', 'e.g. ["10:00", "12:00"]'),
    "input.config.session_reversed": ("회차가 시작 전에 끝남", "a session ends before it starts"),
    "input.config.session_reversed.hint": (
        '시작과 끝을 바꾸세요: ["{a}", "{b}"]',
        'swap start and end: ["{a}", "{b}"]',
    ),
    "input.config.sessions_overlap": ("회차가 겹침", "sessions overlap"),
    "input.config.sessions_overlap.hint": (
        "각 회차가 다음 회차 시작 전에 끝나게 하세요",
        "make each session end before the next one starts",
    ),
    "input.config.workday_reversed": (
        "근무일이 시작 전에 끝남",
        "the working day ends before it starts",
    ),
    "input.config.workday_reversed.hint": (
        '끝은 start = "{start}"보다 늦어야 합니다',
        'the end must be after start = "{start}"',
    ),
    "input.config.at_least_0": ("0 이상이어야 함", "must be 0 or more"),
    "input.config.at_least_1": ("1 이상이어야 함", "must be at least 1"),
    "input.config.buffer.hint": (
        "회차 전 도착 여유 시간(분). 예: 10",
        "minutes of arrival before a session, e.g. 10",
    ),
    "input.config.max_away.hint": (
        "상담사가 하루에 출발지를 떠나 있을 수 있는 시간(분, 이동 포함). 예: 420",
        "minutes a counselor may be away from base in a day, travel included, e.g. 420",
    ),
    "input.config.mode": ("알 수 없는 이동 수단", "unknown travel mode"),
    "input.config.mode.hint": ("{modes} 중 하나를 쓰세요", "use one of {modes}"),
    "input.config.mode_near.hint": (
        "'{near}'을(를) 말씀하셨나요? {modes} 중 하나를 쓰세요",
        "did you mean '{near}'? use one of {modes}",
    ),
    "input.config.gap.hint": ("예: 7 (일주일)", "e.g. 7 (a week)"),
    "input.config.min_visits.hint": ("예: 0 (최소 없음) 또는 1", "e.g. 0 (no minimum) or 1"),
    "input.config.max_visits": (
        '정수 또는 "unlimited"여야 함',
        'must be a whole number or "unlimited"',
    ),
    "input.config.max_visits.hint": (
        '예: max_visits = 2 또는 max_visits = "unlimited"',
        'e.g. max_visits = 2 or max_visits = "unlimited"',
    ),
    "input.config.max_below_min": (
        "rules.min_visits({min})보다 작음",
        "is below rules.min_visits ({min})",
    ),
    "input.config.max_below_min.hint": (
        "max_visits를 {min} 이상으로 올리거나 min_visits를 낮추세요",
        "raise max_visits to {min} or more, or lower min_visits",
    ),
    "input.config.list_of": (
        "[[{name}]] 표의 목록이어야 함",
        "must be a list of [[{name}]] tables",
    ),
    "input.config.list_of.hint": (
        "각 항목을 [[{name}]] 표(대괄호 두 개)로 쓰세요",
        "write each entry as a [[{name}]] table (double brackets)",
    ),
    "input.config.too_many_counselors": (
        "상담사가 너무 많음: {count}명 (최대 {limit}명)",
        "too many counselors: {count} (at most {limit})",
    ),
    "input.config.too_many_counselors.hint": (
        "한 계획에 {limit}명까지 쓸 수 있습니다",
        "a plan may have at most {limit} counselors",
    ),
    "input.config.counselor_id": ("상담사에게 id가 필요함", "a counselor needs an id"),
    "input.config.counselor_id.hint": ('예: id = "1"', 'e.g. id = "1"'),
    "input.config.counselor_dup": ("중복된 상담사 id", "duplicate counselor id"),
    "input.config.counselor_dup.hint": (
        "상담사마다 다른 id를 주세요",
        "give each counselor its own id",
    ),
    "input.config.closure_center": ("휴관에 센터 id가 필요함", "a closure needs a center id"),
    "input.config.closure_center.hint": ('예: center = "myeong"', 'e.g. center = "myeong"'),
    "input.config.closure_dates": ("휴관에 날짜가 필요함", "a closure needs dates"),
    "input.config.closure_dates.hint": (
        '예: dates = ["2026-12-10", "2026-12-21..2026-12-24"]',
        'e.g. dates = ["2026-12-10", "2026-12-21..2026-12-24"]',
    ),
    "input.config.pin_center": ("고정 방문에 center가 필요함", "a pinned visit needs a center"),
    "input.config.pin_date": ("고정 방문에 date가 필요함", "a pinned visit needs a date"),
    "input.config.pin.hint": (
        '예: center = "myeong", date = 2026-12-10',
        'e.g. center = "myeong", date = 2026-12-10',
    ),
    "input.config.pin_session": ("회차 번호 1, 2, …여야 함", "must be a session number 1, 2, …"),
    "input.config.pin_session.hint": (
        "그날의 회차 번호를 따옴표 없이 쓰세요",
        "write the session's number in the day, without quotes",
    ),
    "input.config.dates": ("날짜 목록이어야 함", "must be a list of dates"),
    "input.config.dates.hint": (
        '예: ["2026-12-15", "2026-12-21..2026-12-24"]',
        'e.g. ["2026-12-15", "2026-12-21..2026-12-24"]',
    ),
    "input.config.range_reversed": (
        "날짜 범위가 시작 전에 끝남",
        "a date range ends before it starts",
    ),
    "input.config.range_reversed.hint": ("FROM..TO로 쓰세요", "write FROM..TO"),
    "input.config.range_long": ("날짜 범위가 10년보다 김", "a date range longer than ten years"),
    "input.config.range_long.hint": ("연도를 확인하세요", "check the years"),
    "input.config.int_too_big": (
        "너무 큰 수 (절댓값 최대 {limit})",
        "a number too large (at most {limit} either way)",
    ),
    "input.config.int_too_big.hint": ("값을 확인하세요", "check the value"),
    # -- building the problem (scheduler.district.build) ----------------------------------
    "input.build.counselors": (
        "상담사 수는 1에서 {limit}명 사이여야 함",
        "the number of counselors must be between 1 and {limit}",
    ),
    "input.build.counselors.hint": ("예: --counselors 2", "e.g. --counselors 2"),
    "input.build.travel_time_limit": (
        "제한 시간 {seconds}초 안에 이동 시간 계산이 끝나지 않았습니다 "
        "(장소 {places}곳, {done}% 완료).",
        "the travel times were not computed within the time limit of {seconds} s "
        "({places} places, {done}% done).",
    ),
    "input.build.travel_time_limit.hint": (
        "--time-limit 을 늘리거나 --travel-matrix 로 이동 시간표를 주세요.",
        "Raise --time-limit, or give the travel times with --travel-matrix.",
    ),
    "input.build.period_reversed": ("기간이 시작 전에 끝남", "the period ends before it starts"),
    "input.build.period_reversed.hint": (
        "--end는 --start({start}) 이후여야 합니다",
        "--end must be on or after --start ({start})",
    ),
    "input.build.period_long": ("기간이 1년보다 김", "the period is longer than a year"),
    "input.build.period_long.hint": (
        "한 번에 최대 12개월까지 계획하세요",
        "plan at most 12 months at a time",
    ),
    "input.build.base_clash": (
        "센터 id가 출발지 id와 같음",
        "a center has the same id as the home base",
    ),
    "input.build.base_clash.hint": (
        "센터 이름을 바꾸세요 (출발지 id는 설정 파일에 있습니다)",
        "rename the center (the base id is set in the config)",
    ),
    "input.build.max_below_min": (
        "최대 방문 수가 최소보다 작음",
        "maximum visits below the minimum",
    ),
    "input.build.max_below_min.hint": ("최소는 {min}입니다", "the minimum is {min}"),
    "input.build.no_sessions": (
        "하루 방문 수에 맞는 회차 설정이 없음",
        "no sessions are configured for this many visits a day",
    ),
    "input.build.no_sessions.hint": (
        '{known} 중 하나를 쓰거나 {config}에 [sessions] "{vpd}"를 추가하세요',
        'use one of {known} or add [sessions] "{vpd}" to {config}',
    ),
    "input.build.session_outside": (
        "회차가 근무 시간 밖에 있음",
        "a session lies outside the working day",
    ),
    "input.build.session_outside.hint": (
        "회차를 옮기거나 [workday]를 넓히세요",
        "move the session or widen [workday]",
    ),
    "input.config.counselor_id_chars": (
        "상담사 id에 줄바꿈이나 제어 문자가 있음",
        "a counselor id holds a line break or a control character",
    ),
    "input.config.counselor_id_chars.hint": (
        "id는 한 줄의 보이는 문자로 쓰세요 (이름은 자유롭게 쓸 수 있습니다)",
        "write the id as visible characters on one line (the name may hold anything)",
    ),
}
