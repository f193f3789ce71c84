"""Every message about working-day calendars, as the catalogue's variants of its codes.

Takes nothing; gives one :class:`~policyengine.codes.Message` per way a calendar file
or a calendar query is refused or warned about (E501–E519, and E609 for a schedule
built with impossible days), with its wording in Chinese and English with ``{name}``
fields and its help line, and the words the calendar's own texts are made of (the
festivals, the weekdays, the bounds of a deadline). :mod:`policyengine.calendar`
names a variant and passes the file's or the caller's words; it never spells a
sentence. Nothing here reads a calendar.
"""

from __future__ import annotations

from policyengine.codes import Words, message
from policyengine.text import Text

# -- a query (table.py)
UNKNOWN_YEAR = message(
    "E501",
    "工作日日历没有 {year} 年的节假日安排；"
    "请用 `--calendar FILE` 提供该年的安排（见 docs/calendar.md）",
    "the working-day calendar has no holiday schedule for {year}; "
    "supply it with `--calendar FILE` (see docs/calendar.md)",
)
KNOWN_YEARS = Words("已知的年份：{years}", "known years: {years}")
AT_LEAST_ONE = Text("不小于 1 的整数", "a whole number of at least 1")

# -- a schedule built by a program (table.py): an argument it cannot take (E609)
NOT_OF_THE_YEAR = message(
    "E609",
    "YearSchedule()：{day} 不属于 {year} 年的安排",
    "YearSchedule(): {day} does not belong to the schedule of {year}",
)
HOLIDAY_ON_WEEKEND = message(
    "E609",
    "YearSchedule()：holidays 只能是星期一至星期五：{day}",
    "YearSchedule(): holidays must be Monday to Friday: {day}",
    help=(
        "周末本来就不上班，只列星期一至星期五的放假日",
        "a weekend day is off anyway: list only the Monday–Friday days off",
    ),
)
WORKDAY_ON_WEEKDAY = message(
    "E609",
    "YearSchedule()：workdays 只能是星期六或星期日：{day}",
    "YearSchedule(): workdays must be Saturdays or Sundays: {day}",
    help=(
        "只列调休上班的星期六和星期日",
        "list only the Saturdays and Sundays worked",
    ),
)
FILED_UNDER_ANOTHER_YEAR = message(
    "E609",
    "WorkdayCalendar()：{year} 年的安排放在了 {key} 年之下",
    "WorkdayCalendar(): the schedule for {year} is filed under {key}",
    help=(
        "以每个安排自己的年份为键：`{{{year}: schedule}}`",
        "key each schedule by its own year: `{{{year}: schedule}}`",
    ),
)

# -- reading a calendar file (file.py, tree.py)
CANNOT_READ = message(
    "E502", "无法读取日历文件：{reason}", "cannot read the calendar file: {reason}"
)
NOT_UTF8 = message("E502", "日历文件不是 UTF-8 编码的文本", "the calendar file is not UTF-8 text")
TOO_LARGE = message(
    "E503", "日历文件超过 1 MiB 的上限", "the calendar file is larger than the 1 MiB limit"
)
NOT_JSON = message(
    "E504", "日历文件不是有效的 JSON：{reason}", "the calendar file is not valid JSON: {reason}"
)
JSON_CONSTANT = message(
    "E504",
    "日历文件不是有效的 JSON：不允许 `{name}`",
    "the calendar file is not valid JSON: `{name}` is not allowed",
)
NOT_YAML = message(
    "E504", "日历文件不是有效的 YAML：{reason}", "the calendar file is not valid YAML: {reason}"
)
YAML_CHARACTER = message(
    "E504",
    "日历文件不是有效的 YAML：不允许字符 {character}",
    "the calendar file is not valid YAML: the character {character} is not allowed",
)
TWO_DOCUMENTS = message(
    "E504",
    "日历文件只能包含一个 YAML 文档",
    "the calendar file must hold a single YAML document",
)
YAML_VERSION = message(
    "E504",
    "日历文件声明了 YAML {version}（`%YAML {version}`），而日历文件按 YAML 1.2 读取",
    "the calendar file declares YAML {version} (`%YAML {version}`), but is read as YAML 1.2",
    help=(
        "删除 `%YAML {version}` 这一行，并按 YAML 1.2 检查文件",
        "remove the `%YAML {version}` line and check the file as YAML 1.2",
    ),
)
YAML_ALIAS = message(
    "E505",
    "不允许使用 YAML 别名（`*{anchor}`）；请把内容直接写出来",
    "YAML aliases (`*{anchor}`) are not allowed; write the value out",
)
YAML_TAG = message(
    "E505",
    "不允许使用 YAML 标签（`{tag}`）；需要时请给值加引号",
    "YAML tags (`{tag}`) are not allowed; quote the value if needed",
)

# -- the file's shape (checks.py)
EMPTY_FILE = message(
    "E506",
    "日历文件是空的；应写出年份，例如 `2027:`",
    "the calendar file is empty; expected years such as `2027:`",
)
NOT_YEARS = message(
    "E506",
    "日历文件的顶层应是以年份为键的映射，例如 `2027:`",
    "the top level of a calendar file must map years to schedules, e.g. `2027:`",
)
NOT_A_YEAR = message(
    "E507",
    "`{shown}` 不是年份；顶层的键应是四位数的年份，例如 `2027`",
    "`{shown}` is not a year; top-level keys must be four-digit years such as `2027`",
)
YEAR_TWICE = message("E508", "{year} 年出现了两次", "the year {year} is given twice")
FIRST_AT = Words("第一次出现在第 {line} 行", "first given at line {line}")
YEAR_NOT_A_MAPPING = message(
    "E506",
    "{year} 年的内容应是包含 `holidays` 和 `workdays` 的映射",
    "the year {year} must be a mapping with `holidays` and `workdays`",
)
UNKNOWN_KEY = message(
    "E507",
    "{year} 年中有未知的键 `{shown}`；只允许 `holidays`（放假）和 `workdays`（调休上班）",
    "unknown key `{shown}` in {year}; only `holidays` and `workdays` are allowed",
)
DID_YOU_MEAN = Words("是不是想写 `{meant}`？", "did you mean `{meant}`?")
KEY_TWICE = message("E508", "{year} 年的 `{name}` 出现了两次", "`{name}` is given twice in {year}")
NO_HOLIDAYS = message(
    "E517",
    "{year} 年没有列出任何放假日期（`holidays`）；每年至少有元旦",
    "the year {year} lists no `holidays`; every year has at least New Year's Day",
)
PARTIAL_YEAR = message(
    "E518",
    "{year} 年的安排似乎不完整：没有{missing}的放假日",
    "the schedule of {year} looks partial: no day off for {missing}",
    help=(
        "文件中的一年整体替换该年，请照国务院办公厅的通知写出全年的放假和调休上班日期",
        "a year in a calendar file replaces that whole year: give every holiday and "
        "worked weekend of the State Council's notice",
    ),
)
# The holidays every year's notice gives, in its order.
NEW_YEAR = Text("元旦", "New Year's Day")
SPRING_FESTIVAL = Text("春节", "the Spring Festival")
QINGMING = Text("清明节", "Qingming")
LABOUR_DAY = Text("劳动节", "Labour Day")
DRAGON_BOAT = Text("端午节", "the Dragon Boat Festival")
MID_AUTUMN = Text("中秋节", "the Mid-Autumn Festival")
NATIONAL_DAY = Text("国庆节", "National Day")

NOT_A_LIST = message(
    "E506",
    "{year} 年的 `{name}` 应是日期列表",
    "`{name}` of {year} must be a list of dates",
    help=("每个日期单独一行，以 `- ` 开头", "write each date on its own line after `- `"),
)
LISTED_TWICE = message(
    "E516",
    "`{day}` 在 {year} 年的 `{name}` 中列了两次",
    "`{day}` is listed twice in `{name}` of {year}",
)
WEEKDAYS = tuple(
    Text(zh, en)
    for zh, en in zip(
        ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
WEEKEND_HELP = Text(
    "它不改变任何一天；若它是调休上班日，应写在 `workdays` 中",
    "it changes no day; if it is a worked weekend day, it belongs under `workdays`",
)
HOLIDAY_ON_A_WEEKEND_DAY = message(
    "E513",
    "{year} 年 `holidays` 中的 `{day}` 是{weekday}，本来就不上班；请删除它，或把它写进放假区间",
    "`{day}` in `holidays` of {year} is a {weekday}, a day off anyway; "
    "remove it or write the holiday as a range",
)
HOLIDAYS_ON_WEEKENDS_ONLY = message(
    "E513",
    "{year} 年 `holidays` 中的区间 `{range}` 只有星期六和星期日，本来就不上班",
    "the range `{range}` in `holidays` of {year} holds only weekend days, which are off anyway",
)
WORKDAY_ON_A_WEEKDAY = message(
    "E514",
    "{year} 年 `workdays` 中的 `{day}` 是{weekday}；`workdays` 只列调休上班的星期六和星期日",
    "`{day}` in `workdays` of {year} is a {weekday}; "
    "`workdays` lists only the Saturdays and Sundays worked",
)
WORKDAYS_WITH_A_WEEKDAY = message(
    "E514",
    "{year} 年 `workdays` 中的区间 `{range}` 包含{weekday} `{day}`；"
    "`workdays` 只列调休上班的星期六和星期日",
    "`{day}` (in `{range}`) in `workdays` of {year} is a {weekday}; "
    "`workdays` lists only the Saturdays and Sundays worked",
)
IN_BOTH_LISTS = message(
    "E515",
    "`{day}` 同时列在 {year} 年的 `holidays` 和 `workdays` 中",
    "`{day}` is listed in both `holidays` and `workdays` of {year}",
)
ENTRY_NOT_A_DATE = message(
    "E506",
    "{year} 年的 `{name}` 中有一项是{what}，不是日期",
    "an entry of `{name}` in {year} is {what}, not a date",
)
EMPTY = Text("空的", "empty")
A_LIST_OR_MAPPING = Text("列表或映射", "a list or mapping")
NOT_A_DATE_OR_RANGE = message(
    "E509",
    "{year} 年 `{name}` 中的 `{text}` 不是 YYYY-MM-DD 格式的日期，"
    "也不是 YYYY-MM-DD..YYYY-MM-DD 格式的区间",
    "`{text}` in `{name}` of {year} is not a date written YYYY-MM-DD "
    "or a range written YYYY-MM-DD..YYYY-MM-DD",
)
NOT_A_REAL_DATE = message(
    "E510",
    "{year} 年 `{name}` 中的 `{text}` 不是真实存在的日期",
    "`{text}` in `{name}` of {year} is not a real date",
)
IN_ANOTHER_YEAR = message(
    "E511",
    "`{day}` 是 {its_year} 年的日期，却写在 {year} 年的 `{name}` 中",
    "`{day}` is listed under {year} but falls in {its_year}",
    help=(
        "每个日期写在它自己年份的部分中，而该部分须给出那一年的完整安排",
        "write each date under its own year, which must then give that year's whole schedule",
    ),
)
REVERSED_RANGE = message(
    "E512",
    "{year} 年 `{name}` 中的区间 `{text}` 起止颠倒",
    "the range `{text}` in `{name}` of {year} ends before it starts",
)

# -- a file's year over another schedule of the year (file.py)
REPLACES = message(
    "E519",
    "本文件的 {year} 年安排替换了{before} {year} 年安排，两者有 {count} "
    "天不同，如 {first}（原为{was}，现为{now}）",
    "the {year} schedule of this file replaces {before} {year} schedule; "
    "they differ on {count} day(s), e.g. {first} ({was} before, {now} now)",
    help=(
        "若内置数据有误，请核对国务院办公厅的通知；否则从文件中删除该年",
        "check the State Council's notice if the built-in data is wrong; "
        "otherwise remove the year from the file",
    ),
)
BUILT_IN = Text("内置的（chinese_calendar 数据）", "the built-in (chinese_calendar data)")
IN_FILE = Words("日历文件 {path} 中的", "the one in the calendar file {path}")
DAY_OFF = Text("放假", "a day off")
WORKING_DAY = Text("上班", "a working day")

# -- a deadline the known years do not settle (periods.py): a clause ending in a separator
ENDS_BETWEEN = Words(
    "期限的最后一日不早于 {low}，最晚不晚于 {high}；",
    "the deadline ends on {low} at the earliest and on {high} at the latest; ",
)
WORKDAYS_BETWEEN = Words(
    "至少 {low}、至多 {high} 个工作日；",
    "at least {low} and at most {high} working days; ",
)
# ... and the value inside a message
BETWEEN = Words(
    "{low}～{high}（{year} 年安排未知）", "{low}–{high} (the {year} schedule is unknown)"
)

# -- `policyengine calendar export` (file.py): the comments of the file it writes
EXPORT_TITLE = "# {year} 年节假日安排（由 policyengine calendar export 从内置日历导出）"
EXPORT_HOLIDAYS = "  holidays:                # 放假：星期一至星期五的放假日所在的放假区间"
EXPORT_WORKDAYS = "  workdays:                # 调休上班的星期六、星期日"
EXPORT_NO_WORKDAYS = "  workdays: []             # 调休上班的星期六、星期日"
