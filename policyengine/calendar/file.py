"""Calendar files: a year's State Council schedule written by a clerk.

The format is described in ``docs/calendar.md``::

    2027:
      holidays:            # Monday–Friday days off; single dates or ranges
        - 2027-01-01
        - 2027-02-06..2027-02-12
      workdays:            # Saturdays and Sundays worked (调休上班)
        - 2027-02-14

A wrong calendar silently moves every deadline, so validation is strict and
reports every problem at once (each with the file, the line when the format
gives one, the year and the entry), instead of stopping at the first.

YAML is read from the parser's event stream, not constructed into Python
objects: scalars are kept as the text the clerk wrote, so ``2027-02-30`` is
reported with its line (PyYAML's own date constructor raises a bare
``ValueError``), ``20270101`` is not taken for an integer, aliases and tags are
refused before anything is built, and no object is ever constructed from a tag.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

import attrs
import yaml

from policyengine import inputs
from policyengine.calendar.table import WorkdayCalendar, YearSchedule
from policyengine.diagnostics import Diagnostic, Level, Text, os_reason, syntax_reason
from policyengine.errors import CalendarError

MAX_FILE_BYTES = 1 << 20

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
_YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Key = Literal["holidays", "workdays"]


# --------------------------------------------------------------------------- the tree

# A calendar document as a tree that remembers where each value was written, so
# that YAML (with lines), JSON (with duplicate keys kept) and plain Python data
# are validated by the same code.


@attrs.frozen
class _Scalar:
    value: object
    line: int | None


@attrs.frozen
class _Seq:
    items: tuple[_Node, ...]
    line: int | None


@attrs.frozen
class _Map:
    pairs: tuple[tuple[_Node, _Node], ...]
    line: int | None


_Node = _Scalar | _Seq | _Map

# Python data deeper than a calendar document is cut off here; the validator
# reports the container it finds at this depth without looking inside.
_MAX_DEPTH = 4


class _JsonObject(list[tuple[str, object]]):
    """A JSON object as its key/value pairs, so that a duplicate key is not lost."""


def _from_python(value: object, depth: int = 1) -> _Node:
    if isinstance(value, Mapping | _JsonObject):
        items = value.items() if isinstance(value, Mapping) else value
        if depth >= _MAX_DEPTH:
            return _Map((), None)
        return _Map(
            tuple((_Scalar(k, None), _from_python(v, depth + 1)) for k, v in items),
            None,
        )
    if isinstance(value, list | tuple):
        if depth >= _MAX_DEPTH:
            return _Seq((), None)
        return _Seq(tuple(_from_python(v, depth + 1) for v in value), None)
    return _Scalar(value, None)


# --------------------------------------------------------------------------- reading


class _Problems:
    """The diagnostics found in one calendar document (errors and warnings), and the
    line of each year's key."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.found: list[Diagnostic] = []
        self.year_lines: dict[int, int | None] = {}

    def errors(self) -> int:
        return sum(1 for d in self.found if d.level == "error")

    def where(self, line: int | None, column: int | None = None) -> str:
        if line is None:
            return self.source_name
        if column is None:
            return f"{self.source_name}:{line}"
        return f"{self.source_name}:{line}:{column}"

    def add(
        self,
        code: str,
        zh: str,
        en: str,
        line: int | None,
        *,
        help: Text | None = None,
        column: int | None = None,
        level: Level = "error",
    ) -> None:
        self.found.append(
            Diagnostic(
                code, Text(zh, en), location=self.where(line, column), help=help, level=level
            )
        )

    def raise_if_any(self) -> None:
        """Stop at the errors found so far (every diagnostic is listed, warnings too)."""
        if self.errors():
            raise CalendarError(self.found)

    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.found if d.level == "warning")


@attrs.frozen
class CalendarFile:
    """A calendar file read: its years, the warnings about them (a year that looks
    partial, a holiday entry of weekend days only), each at the file and line, and
    the line of each year (None when the format gives no lines)."""

    name: str
    schedules: Mapping[int, YearSchedule]
    warnings: tuple[Diagnostic, ...] = ()
    year_lines: Mapping[int, int | None] = attrs.field(factory=dict)

    def onto(self, calendar: WorkdayCalendar) -> tuple[WorkdayCalendar, list[Diagnostic]]:
        """``calendar`` with this file's years, and every warning: the file's own, then
        one per year that replaces a different schedule of the same year (built in, or
        from an earlier file): the file wins, but not silently."""
        warnings = list(self.warnings)
        for year in sorted(self.schedules):
            before = calendar.schedule(year)
            if before is not None and before != self.schedules[year]:
                warnings.append(self._replaced(year, before, calendar.source(year) or ""))
        return calendar.with_schedules(self.schedules, source=self.name), warnings

    def _replaced(self, year: int, before: YearSchedule, source: str) -> Diagnostic:
        after = self.schedules[year]
        changed = sorted((before.holidays ^ after.holidays) | (before.workdays ^ after.workdays))
        first = changed[0]
        was, now = _status(before, first), _status(after, first)
        if source == "bundled":
            zh_from = "内置的（chinese_calendar 数据）"
            en_from = "the built-in (chinese_calendar data)"
        else:
            zh_from, en_from = f"日历文件 {source} 中的", f"the one in the calendar file {source}"
        line = self.year_lines.get(year)
        return Diagnostic(
            "E519",
            Text(
                f"本文件的 {year} 年安排替换了{zh_from} {year} 年安排，两者有 {len(changed)} "
                f"天不同，如 {first}（原为{was[0]}，现为{now[0]}）",
                f"the {year} schedule of this file replaces {en_from} {year} schedule; "
                f"they differ on {len(changed)} day(s), e.g. {first} ({was[1]} before, "
                f"{now[1]} now)",
            ),
            location=self.name if line is None else f"{self.name}:{line}",
            help=Text(
                "若内置数据有误，请核对国务院办公厅的通知；否则从文件中删除该年",
                "check the State Council's notice if the built-in data is wrong; "
                "otherwise remove the year from the file",
            ),
            level="warning",
        )


def _status(schedule: YearSchedule, d: date) -> tuple[str, str]:
    off = d in schedule.holidays or (d.weekday() >= 5 and d not in schedule.workdays)
    return ("放假", "a day off") if off else ("上班", "a working day")


def load_calendar_file(path: str | Path) -> dict[int, YearSchedule]:
    """Read a calendar file (``.json`` as JSON, anything else as YAML): its years.

    Raises :class:`CalendarError` with every problem found, each located by file
    and, for YAML, line. :func:`read_calendar_file` also gives the warnings.
    """
    return dict(read_calendar_file(path).schedules)


def read_calendar_file(path: str | Path) -> CalendarFile:
    """Read a calendar file as :func:`load_calendar_file` does, with its warnings
    (:meth:`CalendarFile.onto` adds the years it replaces)."""
    name = str(path)
    problems = _Problems(name)
    try:
        raw = inputs.read_limited(path, MAX_FILE_BYTES)
    except inputs.TooLarge:
        raw = b" " * (MAX_FILE_BYTES + 1)  # refused just below, as one over the limit
    except OSError as exc:
        reason = os_reason(exc)
        problems.add(
            "E502",
            f"无法读取日历文件：{reason.zh}",
            f"cannot read the calendar file: {reason.en}",
            None,
        )
        problems.raise_if_any()
    if len(raw) > MAX_FILE_BYTES:
        problems.add(
            "E503",
            "日历文件超过 1 MiB 的上限",
            "the calendar file is larger than the 1 MiB limit",
            None,
        )
        problems.raise_if_any()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(
            "E502", "日历文件不是 UTF-8 编码的文本", "the calendar file is not UTF-8 text", line
        )
        problems.raise_if_any()
    if Path(path).suffix.lower() == ".json":
        tree = _read_json(text, problems)
    else:
        tree = _read_yaml(text, problems)
    schedules = _validate(tree, problems)
    return CalendarFile(name, schedules, problems.warnings(), problems.year_lines)


def parse_calendar_document(data: object, source_name: str) -> dict[int, YearSchedule]:
    """Validate an already loaded calendar document (from ``json.load`` or ``yaml.safe_load``).

    Years may be ints or strings; dates may be ``datetime.date`` objects or
    ``YYYY-MM-DD`` strings. Locations name ``source_name`` (no lines are known).
    """
    return _validate(_from_python(data), _Problems(source_name))


class _JsonConstant(ValueError):
    pass


def _reject_constant(name: str) -> object:
    raise _JsonConstant(name)


def _read_json(text: str, problems: _Problems) -> _Node:
    try:
        data = json.loads(text, object_pairs_hook=_JsonObject, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        problems.add(
            "E504",
            f"日历文件不是有效的 JSON：{syntax_reason(exc.msg).zh}",
            f"the calendar file is not valid JSON: {exc.msg}",
            exc.lineno,
            column=exc.colno,
        )
    except _JsonConstant as exc:
        problems.add(
            "E504",
            f"日历文件不是有效的 JSON：不允许 `{exc}`",
            f"the calendar file is not valid JSON: `{exc}` is not allowed",
            None,
        )
    except (ValueError, RecursionError) as exc:
        problems.add(
            "E504",
            f"日历文件不是有效的 JSON：{exc}",
            f"the calendar file is not valid JSON: {exc}",
            None,
        )
    problems.raise_if_any()
    return _from_python(data)


def _read_yaml(text: str, problems: _Problems) -> _Node:
    """Build the tree from YAML events, refusing aliases and tags."""
    # Each open container: its kind, its children so far and its line.
    stack: list[tuple[type[_Seq] | type[_Map], list[_Node], int | None]] = []
    root: _Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line, column = _position(event.start_mark)
            node: _Node | None = None
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.add(
                        "E504",
                        "日历文件只能包含一个 YAML 文档",
                        "the calendar file must hold a single YAML document",
                        line,
                    )
            elif isinstance(event, yaml.AliasEvent):
                problems.add(
                    "E505",
                    f"不允许使用 YAML 别名（`*{event.anchor}`）；请把内容直接写出来",
                    f"YAML aliases (`*{event.anchor}`) are not allowed; write the value out",
                    line,
                    column=column,
                )
                node = _Scalar(None, line)
            elif isinstance(event, yaml.NodeEvent):
                tag = getattr(event, "tag", None)
                if tag is not None:
                    shown = _clip(tag)
                    problems.add(
                        "E505",
                        f"不允许使用 YAML 标签（`{shown}`）；需要时请给值加引号",
                        f"YAML tags (`{shown}`) are not allowed; quote the value if needed",
                        line,
                        column=column,
                    )
                if isinstance(event, yaml.ScalarEvent):
                    plain = event.implicit[0]
                    node = _Scalar(
                        None if plain and event.value in _YAML_NULLS else event.value, line
                    )
                elif isinstance(event, yaml.SequenceStartEvent):
                    stack.append((_Seq, [], line))
                elif isinstance(event, yaml.MappingStartEvent):
                    stack.append((_Map, [], line))
            elif isinstance(event, yaml.CollectionEndEvent):
                kind, children, start = stack.pop()
                if kind is _Seq:
                    node = _Seq(tuple(children), start)
                else:
                    node = _Map(tuple(zip(children[::2], children[1::2], strict=True)), start)
            if node is not None:
                if stack:
                    stack[-1][1].append(node)
                elif root is None:
                    root = node
    except yaml.MarkedYAMLError as exc:
        line, column = _position(exc.problem_mark or exc.context_mark)
        problem = exc.problem or exc.context or "syntax error"
        problems.add(
            "E504",
            f"日历文件不是有效的 YAML：{syntax_reason(problem).zh}",
            f"the calendar file is not valid YAML: {problem}",
            line,
            column=column,
        )
    except yaml.reader.ReaderError as exc:
        # Raised for a control character; it gives a character offset, not a mark.
        line = text.count("\n", 0, exc.position) + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "?"
        problems.add(
            "E504",
            f"日历文件不是有效的 YAML：不允许字符 {character}",
            f"the calendar file is not valid YAML: the character {character} is not allowed",
            line,
        )
    except yaml.YAMLError as exc:  # any other parser error PyYAML may add
        problems.add(
            "E504",
            f"日历文件不是有效的 YAML：{exc}",
            f"the calendar file is not valid YAML: {exc}",
            None,
        )
    problems.raise_if_any()
    return root if root is not None else _Scalar(None, None)


class _Mark(Protocol):
    """A position in YAML text, from the Python or the C parser (0-based)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _position(mark: _Mark | None) -> tuple[int | None, int | None]:
    """A YAML mark (0-based) as a 1-based line and column."""
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


# --------------------------------------------------------------------------- checking


def _validate(tree: _Node, problems: _Problems) -> dict[int, YearSchedule]:
    if not isinstance(tree, _Map) or not tree.pairs:
        if isinstance(tree, _Map) or (isinstance(tree, _Scalar) and tree.value is None):
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
        year = _year_of(key.value) if isinstance(key, _Scalar) else None
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


def _show(node: _Node) -> str:
    if isinstance(node, _Seq):
        return "[…]"
    if isinstance(node, _Map):
        return "{…}"
    return _clip(str(node.value))


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
    year: int, line: int | None, section: _Node, problems: _Problems
) -> YearSchedule | None:
    before = problems.errors()
    if not isinstance(section, _Map):
        problems.add(
            "E506",
            f"{year} 年的内容应是包含 `holidays` 和 `workdays` 的映射",
            f"the year {year} must be a mapping with `holidays` and `workdays`",
            section.line or line,
        )
        return None
    lists: dict[Key, list[_Entry]] = {}
    values: dict[Key, _Node] = {}
    lines: dict[Key, int | None] = {}
    for key_node, value in section.pairs:
        key = key_node.value if isinstance(key_node, _Scalar) else None
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


def _check_whole(schedule: YearSchedule, line: int | None, problems: _Problems) -> None:
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


def _is_empty(node: _Node) -> bool:
    return (isinstance(node, _Scalar) and node.value is None) or (
        isinstance(node, _Seq) and not node.items
    )


def _did_you_mean(key: str) -> Text | None:
    meant = _KEY_HINTS.get(key)
    if meant is None:
        close = difflib.get_close_matches(key.lower(), _KEYS, n=1, cutoff=0.6)
        meant = close[0] if close else None
    if meant is None:
        return None
    return Text(f"是不是想写 `{meant}`？", f"did you mean `{meant}`?")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_list(year: int, name: Key, value: _Node, problems: _Problems) -> list[_Entry]:
    """The valid entries of one list; every problem found goes to ``problems``."""
    if isinstance(value, _Scalar) and value.value is None:
        return []
    if not isinstance(value, _Seq):
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


def _check_holiday(year: int, entry: _Entry, problems: _Problems) -> None:
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


def _check_workday(year: int, entry: _Entry, problems: _Problems) -> None:
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
    year: int, holidays: list[_Entry], workdays: list[_Entry], problems: _Problems
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


def _parse_entry(year: int, name: Key, item: _Node, problems: _Problems) -> _Entry | None:
    """One list entry: a date or ``START..END``, in ``year``, in order."""
    if not isinstance(item, _Scalar) or item.value is None:
        what = "空的" if isinstance(item, _Scalar) else "列表或映射"
        what_en = "empty" if isinstance(item, _Scalar) else "a list or mapping"
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
        text = _clip(str(value).strip())
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


# --------------------------------------------------------------------------- writing


def export_year(schedule: YearSchedule) -> str:
    """One year's schedule as a calendar file (YAML), the starting point for the next
    year's file: each run of days off that holds a Monday–Friday holiday is one range
    (weekends inside it included, as the notices write them), each worked weekend day
    one date. :func:`parse_calendar_document` reads it back to the same schedule."""
    year, off = schedule.year, schedule.holidays
    worked = schedule.workdays

    def day_off(d: date) -> bool:
        return d.year == year and (d in off or (d.weekday() >= 5 and d not in worked))

    ranges: list[str] = []
    seen: set[date] = set()
    for d in sorted(off):
        if d in seen:
            continue
        first = last = d
        while day_off(first - timedelta(days=1)):
            first -= timedelta(days=1)
        while day_off(last + timedelta(days=1)):
            last += timedelta(days=1)
        seen.update(x for x in off if first <= x <= last)
        ranges.append(str(first) if first == last else f"{first}..{last}")
    lines = [
        f"# {year} 年节假日安排（由 policyengine calendar export 从内置日历导出）",
        f"{year}:",
        "  holidays:                # 放假：星期一至星期五的放假日所在的放假区间",
        *(f"    - {r}" for r in ranges),
        "  workdays:                # 调休上班的星期六、星期日",
        *(f"    - {d}" for d in sorted(worked)),
    ]
    if not worked:
        lines[-1] = "  workdays: []             # 调休上班的星期六、星期日"
    return "\n".join(lines) + "\n"
