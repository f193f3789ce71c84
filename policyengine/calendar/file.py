"""Calendar files: a year's State Council schedule written by a clerk.

The format is described in ``docs/calendar.md``::

    2027:
      holidays:            # Monday–Friday days off; single dates or ranges
        - 2027-01-01
        - 2027-02-06..2027-02-12
      workdays:            # Saturdays and Sundays worked (调休上班)
        - 2027-02-14

Takes a path (or data already loaded); gives each year's schedule, with the
warnings about them, or raises :class:`~policyengine.errors.CalendarError` with every
problem at once. The text becomes a tree in :mod:`policyengine.calendar.tree` and is
checked in :mod:`policyengine.calendar.checks`; :func:`export_year` writes a year
back in the same format. Never: reads more than :data:`MAX_FILE_BYTES`, or lets a
year through that has a problem (a wrong calendar silently moves every deadline).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import attrs

from policyengine import inputs
from policyengine.calendar.checks import validate
from policyengine.calendar.table import WorkdayCalendar, YearSchedule
from policyengine.calendar.tree import Problems, from_python, read_json, read_yaml
from policyengine.diagnostics import Diagnostic, Text, os_reason

MAX_FILE_BYTES = 1 << 20


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
    problems = Problems(name)
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
        tree = read_json(text, problems)
    else:
        tree = read_yaml(text, problems)
    schedules = validate(tree, problems)
    return CalendarFile(name, schedules, problems.warnings(), problems.year_lines)


def parse_calendar_document(data: object, source_name: str) -> dict[int, YearSchedule]:
    """Validate an already loaded calendar document (from ``json.load`` or ``yaml.safe_load``).

    Years may be ints or strings; dates may be ``datetime.date`` objects or
    ``YYYY-MM-DD`` strings. Locations name ``source_name`` (no lines are known).
    """
    return validate(from_python(data), Problems(source_name))


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
