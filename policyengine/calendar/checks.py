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

from policyengine.calendar import messages as M
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


def validate(tree: Node, problems: Problems) -> dict[int, YearSchedule]:
    if not isinstance(tree, Map) or not tree.pairs:
        if isinstance(tree, Map) or (isinstance(tree, Scalar) and tree.value is None):
            problems.add(M.EMPTY_FILE, tree.line)
        else:
            problems.add(M.NOT_YEARS, tree.line)
        raise CalendarError(problems.found)
    schedules: dict[int, YearSchedule] = {}
    seen: dict[int, int | None] = {}
    for key, section in tree.pairs:
        year = _year_of(key.value) if isinstance(key, Scalar) else None
        if year is None:
            problems.add(M.NOT_A_YEAR, key.line, shown=_show(key))
            continue
        if year in seen:
            problems.add(M.YEAR_TWICE, key.line, help=_first_at(seen[year]), year=year)
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
    return M.FIRST_AT(line=line)


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
        problems.add(M.YEAR_NOT_A_MAPPING, section.line or line, year=year)
        return None
    lists: dict[Key, list[_Entry]] = {}
    values: dict[Key, Node] = {}
    lines: dict[Key, int | None] = {}
    for key_node, value in section.pairs:
        key = key_node.value if isinstance(key_node, Scalar) else None
        if key != "holidays" and key != "workdays":
            shown = _show(key_node)
            problems.add(
                M.UNKNOWN_KEY, key_node.line, help=_did_you_mean(shown), year=year, shown=shown
            )
            continue
        name: Key = "holidays" if key == "holidays" else "workdays"
        if name in values:
            help = _first_at(lines[name])
            problems.add(M.KEY_TWICE, key_node.line, help=help, year=year, name=name)
            continue
        values[name] = value
        lines[name] = key_node.line
        lists[name] = _check_list(year, name, value, problems)
    holidays_node = values.get("holidays")
    if holidays_node is None or _is_empty(holidays_node):
        problems.add(M.NO_HOLIDAYS, lines.get("holidays") or section.line or line, year=year)
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
_FESTIVALS: tuple[tuple[Text, tuple[int, int], tuple[int, int], int], ...] = (
    (M.NEW_YEAR, (1, 1), (1, 3), 0),
    (M.SPRING_FESTIVAL, (1, 20), (2, 21), 0),
    (M.QINGMING, (4, 3), (4, 7), 2008),
    (M.LABOUR_DAY, (4, 29), (5, 6), 0),
    (M.DRAGON_BOAT, (5, 28), (6, 26), 2008),
    (M.MID_AUTUMN, (9, 7), (10, 8), 2008),
    (M.NATIONAL_DAY, (10, 1), (10, 8), 0),
)


def _check_whole(schedule: YearSchedule, line: int | None, problems: Problems) -> None:
    """A year in a file replaces the whole year: one without a day off for one of the
    public holidays is most likely only part of the notice (E518, a warning)."""
    year = schedule.year
    missing = [
        name
        for name, first, last, since in _FESTIVALS
        if year >= since
        and not any(date(year, *first) <= d <= date(year, *last) for d in schedule.holidays)
    ]
    if not missing:
        return
    problems.add(M.PARTIAL_YEAR, line, year=year, missing=Text.listing(missing))


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
    return M.DID_YOU_MEAN(meant=meant)


def _check_list(year: int, name: Key, value: Node, problems: Problems) -> list[_Entry]:
    """The valid entries of one list; every problem found goes to ``problems``."""
    if isinstance(value, Scalar) and value.value is None:
        return []
    if not isinstance(value, Seq):
        problems.add(M.NOT_A_LIST, value.line, year=year, name=name)
        return []
    entries = [entry for item in value.items if (entry := _parse_entry(year, name, item, problems))]
    seen: dict[date, int | None] = {}
    for entry in entries:
        again = next((d for d in entry.days if d in seen), None)
        if again is not None:
            help = _first_at(seen[again])
            problems.add(M.LISTED_TWICE, entry.line, help=help, day=again, year=year, name=name)
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
            M.HOLIDAY_ON_A_WEEKEND_DAY, entry.line, help=M.WEEKEND_HELP,
            year=year, day=d, weekday=M.WEEKDAYS[d.weekday()],
        )  # fmt: skip
    else:
        problems.add(
            M.HOLIDAYS_ON_WEEKENDS_ONLY, entry.line, help=M.WEEKEND_HELP,
            year=year, range=entry.text,
        )  # fmt: skip


def _check_workday(year: int, entry: _Entry, problems: Problems) -> None:
    d = next((d for d in entry.days if d.weekday() < 5), None)
    if d is None:
        return
    weekday = M.WEEKDAYS[d.weekday()]
    if len(entry.days) == 1:
        problems.add(M.WORKDAY_ON_A_WEEKDAY, entry.line, year=year, day=d, weekday=weekday)
    else:
        problems.add(
            M.WORKDAYS_WITH_A_WEEKDAY, entry.line,
            year=year, day=d, weekday=weekday, range=entry.text,
        )  # fmt: skip


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
                help = _first_at(off[d]) if off[d] is not None else None
                problems.add(M.IN_BOTH_LISTS, entry.line, help=help, day=d, year=year)


def _parse_entry(year: int, name: Key, item: Node, problems: Problems) -> _Entry | None:
    """One list entry: a date or ``START..END``, in ``year``, in order."""
    if not isinstance(item, Scalar) or item.value is None:
        what = M.EMPTY if isinstance(item, Scalar) else M.A_LIST_OR_MAPPING
        problems.add(M.ENTRY_NOT_A_DATE, item.line, year=year, name=name, what=what)
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
        problems.add(M.NOT_A_DATE_OR_RANGE, item.line, year=year, name=name, text=text)
        return None
    bad = next((p for p in parts if isinstance(p, str)), None)
    if bad is not None:
        problems.add(M.NOT_A_REAL_DATE, item.line, year=year, name=name, text=bad)
        return None
    days = [p for p in parts if isinstance(p, date)]
    elsewhere = next((d for d in days if d.year != year), None)
    if elsewhere is not None:
        problems.add(
            M.IN_ANOTHER_YEAR, item.line,
            day=elsewhere, its_year=elsewhere.year, year=year, name=name,
        )  # fmt: skip
        return None
    first, last = days[0], days[-1]
    if last < first:
        problems.add(M.REVERSED_RANGE, item.line, year=year, name=name, text=text)
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
