"""A calendar file's tree -> each year's :class:`~policyengine.calendar.table.YearSchedule`.

Takes the tree of :mod:`policyengine.calendar.tree`; gives the schedules, with every
problem at once (each at the file, the line when the format gives one, the year and
the entry), and warnings where a year looks partial or an entry covers weekend days
only. A wrong calendar silently moves every deadline, so nothing is guessed. Never:
stops at the first problem, or accepts a date that does not exist.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timedelta

import attrs

from policyengine.calendar.table import YearSchedule
from policyengine.calendar.tree import Key, Map, Node, Problems, Scalar, Seq, clip
from policyengine.diagnostics import Text
from policyengine.errors import CalendarError

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_RANGE_SEPARATOR = ".."
_KEYS = ("holidays", "workdays")
# What a clerk may write instead of a key, mapped to the key meant.
_KEY_HINTS = {
    "放假": "holidays",
    "假日": "holidays",
    "节假日": "holidays",
    "上班": "workdays",
    "调休上班": "workdays",
    "补班": "workdays",
    "工作日": "workdays",
}
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def validate(tree: Node, problems: Problems) -> dict[int, YearSchedule]:
    if not isinstance(tree, Map) or not tree.pairs:
        if isinstance(tree, Map) or (isinstance(tree, Scalar) and tree.value is None):
            problems.add(
                "E506",
                "日历文件是空的；应写出年份，例如 `2027:`",
                "the calendar file is empty; expected years such as `2027:`",
                tree.line,
            )
        else:
            problems.add(
                "E506",
                "日历文件的顶层应是以年份为键的映射，例如 `2027:`",
                "the top level of a calendar file must map years to schedules, e.g. `2027:`",
                tree.line,
            )
        raise CalendarError(problems.found)
    schedules: dict[int, YearSchedule] = {}
    seen: dict[int, int | None] = {}
    for key, section in tree.pairs:
        year = _year_of(key.value) if isinstance(key, Scalar) else None
        if year is None:
            shown = _show(key)
            problems.add(
                "E507",
                f"`{shown}` 不是年份；顶层的键应是四位数的年份，例如 `2027`",
                f"`{shown}` is not a year; top-level keys must be four-digit years such as `2027`",
                key.line,
            )
            continue
        if year in seen:
            problems.add(
                "E508",
                f"{year} 年出现了两次",
                f"the year {year} is given twice",
                key.line,
                help=_first_at(seen[year]),
            )
            continue
        seen[year] = problems.year_lines[year] = key.line
        schedule = _check_year(year, key.line, section, problems)
        if schedule is not None:
            schedules[year] = schedule
    problems.raise_if_any()
    # A file that will be used: does each year look whole?
    for year, schedule in schedules.items():
        _check_whole(schedule, problems.year_lines.get(year), problems)
    return schedules


def _year_of(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and _YEAR.fullmatch(value):
        year = int(value)
    else:
        return None
    return year if 1000 <= year <= 9999 else None


def _show(node: Node) -> str:
    if isinstance(node, Seq):
        return "[…]"
    if isinstance(node, Map):
        return "{…}"
    return clip(str(node.value))


def _first_at(line: int | None) -> Text | None:
    if line is None:
        return None
    return Text(f"第一次出现在第 {line} 行", f"first given at line {line}")


@attrs.frozen
class _Entry:
    """One entry of a list: the days it covers, in order."""

    text: str
    line: int | None
    days: tuple[date, ...]


def _check_year(
    year: int, line: int | None, section: Node, problems: Problems
) -> YearSchedule | None:
    before = problems.errors()
    if not isinstance(section, Map):
        problems.add(
            "E506",
            f"{year} 年的内容应是包含 `holidays` 和 `workdays` 的映射",
            f"the year {year} must be a mapping with `holidays` and `workdays`",
            section.line or line,
        )
        return None
    lists: dict[Key, list[_Entry]] = {}
    values: dict[Key, Node] = {}
    lines: dict[Key, int | None] = {}
    for key_node, value in section.pairs:
        key = key_node.value if isinstance(key_node, Scalar) else None
        if key != "holidays" and key != "workdays":
            shown = _show(key_node)
            problems.add(
                "E507",
                f"{year} 年中有未知的键 `{shown}`；"
                "只允许 `holidays`（放假）和 `workdays`（调休上班）",
                f"unknown key `{shown}` in {year}; only `holidays` and `workdays` are allowed",
                key_node.line,
                help=_did_you_mean(shown),
            )
            continue
        name: Key = "holidays" if key == "holidays" else "workdays"
        if name in values:
            problems.add(
                "E508",
                f"{year} 年的 `{name}` 出现了两次",
                f"`{name}` is given twice in {year}",
                key_node.line,
                help=_first_at(lines[name]),
            )
            continue
        values[name] = value
        lines[name] = key_node.line
        lists[name] = _check_list(year, name, value, problems)
    holidays_node = values.get("holidays")
    if holidays_node is None or _is_empty(holidays_node):
        problems.add(
            "E517",
            f"{year} 年没有列出任何放假日期（`holidays`）；每年至少有元旦",
            f"the year {year} lists no `holidays`; every year has at least New Year's Day",
            lines.get("holidays") or section.line or line,
        )
    holidays = lists.get("holidays", [])
    workdays = lists.get("workdays", [])
    _check_both(year, holidays, workdays, problems)
    if problems.errors() > before:
        return None
    return YearSchedule(
        year,
        frozenset(d for e in holidays for d in e.days if d.weekday() < 5),
        frozenset(d for e in workdays for d in e.days),
    )


# The holidays every year's notice gives, each with the days a Monday–Friday day off for
# it falls between (a festival on a weekend is made up on a weekday next to it), and the
# first year it was a public holiday (清明, 端午 and 中秋 from 2008). Every year of the
# built-in data has one in each window (tests/test_calendar_file.py checks it).
_FESTIVALS: tuple[tuple[str, str, tuple[int, int], tuple[int, int], int], ...] = (
    ("元旦", "New Year's Day", (1, 1), (1, 3), 0),
    ("春节", "the Spring Festival", (1, 20), (2, 21), 0),
    ("清明节", "Qingming", (4, 3), (4, 7), 2008),
    ("劳动节", "Labour Day", (4, 29), (5, 6), 0),
    ("端午节", "the Dragon Boat Festival", (5, 28), (6, 26), 2008),
    ("中秋节", "the Mid-Autumn Festival", (9, 7), (10, 8), 2008),
    ("国庆节", "National Day", (10, 1), (10, 8), 0),
)


def _check_whole(schedule: YearSchedule, line: int | None, problems: Problems) -> None:
    """A year in a file replaces the whole year: one without a day off for one of the
    public holidays is most likely only part of the notice (E518, a warning)."""
    year = schedule.year
    missing = [
        (zh, en)
        for zh, en, first, last, since in _FESTIVALS
        if year >= since
        and not any(date(year, *first) <= d <= date(year, *last) for d in schedule.holidays)
    ]
    if not missing:
        return
    problems.add(
        "E518",
        f"{year} 年的安排似乎不完整：没有{'、'.join(zh for zh, _ in missing)}的放假日",
        f"the schedule of {year} looks partial: no day off for "
        f"{', '.join(en for _, en in missing)}",
        line,
        help=Text(
            "文件中的一年整体替换该年，请照国务院办公厅的通知写出全年的放假和调休上班日期",
            "a year in a calendar file replaces that whole year: give every holiday and "
            "worked weekend of the State Council's notice",
        ),
        level="warning",
    )


def _is_empty(node: Node) -> bool:
    return (isinstance(node, Scalar) and node.value is None) or (
        isinstance(node, Seq) and not node.items
    )


def _did_you_mean(key: str) -> Text | None:
    meant = _KEY_HINTS.get(key)
    if meant is None:
        close = difflib.get_close_matches(key.lower(), _KEYS, n=1, cutoff=0.6)
        meant = close[0] if close else None
    if meant is None:
        return None
    return Text(f"是不是想写 `{meant}`？", f"did you mean `{meant}`?")


def _check_list(year: int, name: Key, value: Node, problems: Problems) -> list[_Entry]:
    """The valid entries of one list; every problem found goes to ``problems``."""
    if isinstance(value, Scalar) and value.value is None:
        return []
    if not isinstance(value, Seq):
        problems.add(
            "E506",
            f"{year} 年的 `{name}` 应是日期列表",
            f"`{name}` of {year} must be a list of dates",
            value.line,
            help=Text(
                "每个日期单独一行，以 `- ` 开头", "write each date on its own line after `- `"
            ),
        )
        return []
    entries = [entry for item in value.items if (entry := _parse_entry(year, name, item, problems))]
    seen: dict[date, int | None] = {}
    for entry in entries:
        again = next((d for d in entry.days if d in seen), None)
        if again is not None:
            problems.add(
                "E516",
                f"`{again}` 在 {year} 年的 `{name}` 中列了两次",
                f"`{again}` is listed twice in `{name}` of {year}",
                entry.line,
                help=_first_at(seen[again]),
            )
        for d in entry.days:
            seen.setdefault(d, entry.line)
        if name == "holidays":
            _check_holiday(year, entry, problems)
        else:
            _check_workday(year, entry, problems)
    return entries


def _check_holiday(year: int, entry: _Entry, problems: Problems) -> None:
    """A holiday entry should give at least one Monday–Friday day off (E513, a warning).

    A weekend day is off anyway, so a holiday that is only a weekend changes
    nothing. Older notices list the days of a holiday one by one, weekend days
    among them, so such a file is read; but the entry may also be a mistyped
    date, or a worked weekend filed in the wrong list, so it is pointed out.
    """
    if any(d.weekday() < 5 for d in entry.days):
        return
    if len(entry.days) == 1:
        d = entry.days[0]
        problems.add(
            "E513",
            f"{year} 年 `holidays` 中的 `{d}` 是{_WEEKDAYS_ZH[d.weekday()]}，本来就不上班；"
            "请删除它，或把它写进放假区间",
            f"`{d}` in `holidays` of {year} is a {_WEEKDAYS_EN[d.weekday()]}, a day off anyway; "
            "remove it or write the holiday as a range",
            entry.line,
            help=_WEEKEND_HELP,
            level="warning",
        )
    else:
        problems.add(
            "E513",
            f"{year} 年 `holidays` 中的区间 `{entry.text}` 只有星期六和星期日，本来就不上班",
            f"the range `{entry.text}` in `holidays` of {year} holds only weekend days, "
            "which are off anyway",
            entry.line,
            help=_WEEKEND_HELP,
            level="warning",
        )


_WEEKEND_HELP = Text(
    "它不改变任何一天；若它是调休上班日，应写在 `workdays` 中",
    "it changes no day; if it is a worked weekend day, it belongs under `workdays`",
)


def _check_workday(year: int, entry: _Entry, problems: Problems) -> None:
    d = next((d for d in entry.days if d.weekday() < 5), None)
    if d is None:
        return
    zh_day, en_day = _WEEKDAYS_ZH[d.weekday()], _WEEKDAYS_EN[d.weekday()]
    if len(entry.days) == 1:
        zh_what, en_what = f" `{d}` 是{zh_day}", f"`{d}`"
    else:
        zh_what, en_what = f"区间 `{entry.text}` 包含{zh_day} `{d}`", f"`{d}` (in `{entry.text}`)"
    problems.add(
        "E514",
        f"{year} 年 `workdays` 中的{zh_what}；`workdays` 只列调休上班的星期六和星期日",
        f"{en_what} in `workdays` of {year} is a {en_day}; "
        "`workdays` lists only the Saturdays and Sundays worked",
        entry.line,
    )


def _check_both(
    year: int, holidays: list[_Entry], workdays: list[_Entry], problems: Problems
) -> None:
    off: dict[date, int | None] = {}
    for entry in holidays:
        for d in entry.days:
            off.setdefault(d, entry.line)
    for entry in workdays:
        for d in entry.days:
            if d in off:
                problems.add(
                    "E515",
                    f"`{d}` 同时列在 {year} 年的 `holidays` 和 `workdays` 中",
                    f"`{d}` is listed in both `holidays` and `workdays` of {year}",
                    entry.line,
                    help=_first_at(off[d]) if off[d] is not None else None,
                )


def _parse_entry(year: int, name: Key, item: Node, problems: Problems) -> _Entry | None:
    """One list entry: a date or ``START..END``, in ``year``, in order."""
    if not isinstance(item, Scalar) or item.value is None:
        what = "空的" if isinstance(item, Scalar) else "列表或映射"
        what_en = "empty" if isinstance(item, Scalar) else "a list or mapping"
        problems.add(
            "E506",
            f"{year} 年的 `{name}` 中有一项是{what}，不是日期",
            f"an entry of `{name}` in {year} is {what_en}, not a date",
            item.line,
        )
        return None
    value = item.value
    parts: list[date | str | None]
    if isinstance(value, date) and not isinstance(value, datetime):
        text, parts = value.isoformat(), [value]
    else:
        text = clip(str(value).strip())
        if not isinstance(value, str):
            parts = [None]
        else:
            pieces = value.split(_RANGE_SEPARATOR, 1)
            parts = [_parse_date(p.strip()) for p in pieces]
    if any(p is None for p in parts):
        problems.add(
            "E509",
            f"{year} 年 `{name}` 中的 `{text}` 不是 YYYY-MM-DD 格式的日期，"
            "也不是 YYYY-MM-DD..YYYY-MM-DD 格式的区间",
            f"`{text}` in `{name}` of {year} is not a date written YYYY-MM-DD "
            "or a range written YYYY-MM-DD..YYYY-MM-DD",
            item.line,
        )
        return None
    bad = next((p for p in parts if isinstance(p, str)), None)
    if bad is not None:
        problems.add(
            "E510",
            f"{year} 年 `{name}` 中的 `{bad}` 不是真实存在的日期",
            f"`{bad}` in `{name}` of {year} is not a real date",
            item.line,
        )
        return None
    days = [p for p in parts if isinstance(p, date)]
    elsewhere = next((d for d in days if d.year != year), None)
    if elsewhere is not None:
        problems.add(
            "E511",
            f"`{elsewhere}` 是 {elsewhere.year} 年的日期，却写在 {year} 年的 `{name}` 中",
            f"`{elsewhere}` is listed under {year} but falls in {elsewhere.year}",
            item.line,
            help=Text(
                "每个日期写在它自己年份的部分中，而该部分须给出那一年的完整安排",
                "write each date under its own year, which must then give that year's "
                "whole schedule",
            ),
        )
        return None
    first, last = days[0], days[-1]
    if last < first:
        problems.add(
            "E512",
            f"{year} 年 `{name}` 中的区间 `{text}` 起止颠倒",
            f"the range `{text}` in `{name}` of {year} ends before it starts",
            item.line,
        )
        return None
    span = (last - first).days
    return _Entry(text, item.line, tuple(first + timedelta(days=i) for i in range(span + 1)))


def _parse_date(text: str) -> date | str | None:
    """A date; the text itself when it has the form but no such day exists; else None.

    The form is checked first because ``date.fromisoformat`` also accepts
    ``20240925`` and ``2024-W39-3``.
    """
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text
