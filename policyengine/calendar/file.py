"""Calendar files: a year's State Council schedule written by a clerk.

The format is described in ``docs/calendar.md``::

    2027:
      holidays:            # Monday–Friday days off; single dates or ranges
        - 2027-01-01
        - 2027-02-06..2027-02-12
      workdays:            # Saturdays and Sundays worked (调休上班)
        - 2027-02-14

Takes a path (or data already loaded); gives each year's schedule, with the
warnings about them (E513, E518, and E519 when a year replaces another schedule of
it), or raises :class:`~policyengine.errors.CalendarError` with every problem at once,
each at the file and line, worded by :mod:`policyengine.calendar.messages`. The text
becomes a tree in :mod:`policyengine.calendar.tree` and is checked in
:mod:`policyengine.calendar.checks`; :func:`export_year` writes a year back in the
same format. Never: reads more than :data:`MAX_FILE_BYTES`, reads YAML other than
1.2, or lets a year through that has a problem (a wrong calendar silently moves
every deadline).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import attrs

from policyengine import inputs
from policyengine.calendar import messages as M
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
        line = self.year_lines.get(year)
        return Diagnostic.of(
            M.REPLACES,
            location=self.name if line is None else f"{self.name}:{line}",
            year=year,
            before=M.BUILT_IN if source == "bundled" else M.IN_FILE(path=source),
            count=len(changed),
            first=first,
            was=_status(before, first),
            now=_status(after, first),
        )


def _status(schedule: YearSchedule, d: date) -> Text:
    off = d in schedule.holidays or (d.weekday() >= 5 and d not in schedule.workdays)
    return M.DAY_OFF if off else M.WORKING_DAY


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
        problems.add(M.CANNOT_READ, None, reason=os_reason(exc))
        problems.raise_if_any()
    if len(raw) > MAX_FILE_BYTES:
        problems.add(M.TOO_LARGE, None)
        problems.raise_if_any()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(M.NOT_UTF8, line)
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
        M.EXPORT_TITLE.format(year=year),
        f"{year}:",
        M.EXPORT_HOLIDAYS,
        *(f"    - {r}" for r in ranges),
        M.EXPORT_WORKDAYS,
        *(f"    - {d}" for d in sorted(worked)),
    ]
    if not worked:
        lines[-1] = M.EXPORT_NO_WORKDAYS
    return "\n".join(lines) + "\n"
