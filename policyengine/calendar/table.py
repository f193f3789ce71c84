"""The working-day table: which days government offices in mainland China work.

A working day (工作日) is Monday to Friday, minus the public holidays the State
Council announces each year, plus the weekend days it declares working days
(调休上班). Each year is described by a :class:`YearSchedule`; the data for
2004–2026 comes from the ``chinese_calendar`` package, and a calendar file can add
or replace whole years (see ``docs/calendar.md``).

Rules count working days over long periods for many records, so every query must
be cheap. The table is built once per calendar, on first use: the known years are
grouped into *runs* of consecutive years, and each run keeps a cumulative count of
working days per day plus the sorted ordinals of its working days, holidays and
adjusted working days. A count is then two array look-ups, "the n-th working day
after d" one index, and a list of holidays one bisection. Because a run never
spans an unknown year, a query that reaches one stops at that year and names it:
the calendar never guesses.
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime

import attrs

from policyengine.arguments import bad_value, expect, wrong_type
from policyengine.calendar import messages as M
from policyengine.diagnostics import Diagnostic
from policyengine.errors import ArgumentError, CalendarError


class UnknownYearError(CalendarError):
    """A query reached a year the calendar has no schedule for (E501).

    The evaluator turns this into an ``indeterminate`` finding; the message tells
    the user how to supply the missing year.
    """

    def __init__(self, year: int, known_years: Collection[int] = ()) -> None:
        self.year = year
        help_text = None
        if known_years:
            help_text = M.KNOWN_YEARS(years=_describe_years(known_years))
        super().__init__([Diagnostic.of(M.UNKNOWN_YEAR, help=help_text, year=year)])


def _describe_years(years: Collection[int]) -> str:
    """``2004–2026, 2029``: the known years as ranges, for the help line."""
    parts: list[str] = []
    ordered = sorted(years)
    start = prev = ordered[0]
    for year in [*ordered[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


@attrs.frozen
class YearSchedule:
    """One year's State Council schedule: the deviations from Monday–Friday.

    ``holidays`` holds only the Monday–Friday days off (a weekend day inside a
    holiday period is off anyway), ``workdays`` only the Saturdays and Sundays
    worked. The constructor rejects anything else, so that a table built from
    schedules cannot disagree with the schedules it was built from.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __attrs_post_init__(self) -> None:
        if other := sorted(d for d in self.holidays | self.workdays if d.year != self.year):
            raise ArgumentError([Diagnostic.of(M.NOT_OF_THE_YEAR, day=other[0], year=self.year)])
        if weekend := sorted(d for d in self.holidays if _is_weekend(d)):
            raise ArgumentError([Diagnostic.of(M.HOLIDAY_ON_WEEKEND, day=weekend[0])])
        if weekday := sorted(d for d in self.workdays if not _is_weekend(d)):
            raise ArgumentError([Diagnostic.of(M.WORKDAY_ON_WEEKDAY, day=weekday[0])])


def _ordinals(days: Iterable[date]) -> array[int]:
    return array("i", sorted(d.toordinal() for d in days))


@attrs.frozen
class _Run:
    """Consecutive known years ``first_year..last_year`` and their counts.

    ``cumulative[i]`` is the number of working days among the ``i`` days before
    ordinal ``start + i``; ``workdays``, ``holidays`` and ``adjusted`` are sorted
    ordinals.
    """

    first_year: int
    last_year: int
    start: int
    cumulative: array[int]
    workdays: array[int]
    holidays: array[int]
    adjusted: array[int]

    @classmethod
    def build(cls, schedules: list[YearSchedule]) -> _Run:
        holidays = {d.toordinal() for s in schedules for d in s.holidays}
        adjusted = {d.toordinal() for s in schedules for d in s.workdays}
        start = date(schedules[0].year, 1, 1).toordinal()
        end = date(schedules[-1].year, 12, 31).toordinal()
        cumulative = array("i", [0])
        workdays = array("i")
        count = 0
        for ordinal in range(start, end + 1):
            # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday.
            weekday = (ordinal - 1) % 7 < 5
            if (weekday and ordinal not in holidays) or ordinal in adjusted:
                count += 1
                workdays.append(ordinal)
            cumulative.append(count)
        return cls(
            first_year=schedules[0].year,
            last_year=schedules[-1].year,
            start=start,
            cumulative=cumulative,
            workdays=workdays,
            holidays=array("i", sorted(holidays)),
            adjusted=array("i", sorted(adjusted)),
        )


def _build_runs(schedules: Mapping[int, YearSchedule]) -> dict[int, _Run]:
    """Map each known year to the run of consecutive known years holding it."""
    years = sorted(schedules)
    starts = [i for i, year in enumerate(years) if i == 0 or year != years[i - 1] + 1]
    by_year: dict[int, _Run] = {}
    for lo, hi in zip(starts, [*starts[1:], len(years)], strict=True):
        run = _Run.build([schedules[year] for year in years[lo:hi]])
        by_year.update(dict.fromkeys(years[lo:hi], run))
    return by_year


class WorkdayCalendar:
    """Working days in mainland China for the years it has a schedule for.

    Immutable: :meth:`with_schedules` returns a new calendar. The table is built
    on the first query and kept with the calendar.
    """

    def __init__(self, schedules: Mapping[int, YearSchedule], source: str = "bundled") -> None:
        _expect_schedules(schedules, source, "WorkdayCalendar")
        for year, schedule in schedules.items():
            if schedule.year != year:
                raise ArgumentError(
                    [Diagnostic.of(M.FILED_UNDER_ANOTHER_YEAR, year=schedule.year, key=year)]
                )
        self._schedules: dict[int, YearSchedule] = dict(schedules)
        self._sources: dict[int, str] = dict.fromkeys(schedules, source)

    @classmethod
    def default(cls) -> WorkdayCalendar:
        """The calendar of the installed ``chinese_calendar`` data (one shared instance)."""
        return _default_calendar()

    def with_schedules(
        self, schedules: Mapping[int, YearSchedule], source: str = "file"
    ) -> WorkdayCalendar:
        """A new calendar in which each given year replaces (or adds) that whole year;
        ``source`` names where those years came from (a calendar file's path)."""
        _expect_schedules(schedules, source, "WorkdayCalendar.with_schedules")
        calendar = WorkdayCalendar({**self._schedules, **schedules})
        calendar._sources = {**self._sources, **dict.fromkeys(schedules, source)}
        return calendar

    def schedule(self, year: int) -> YearSchedule | None:
        """The schedule of ``year``, or None when the calendar does not know it."""
        expect(year, int, "WorkdayCalendar.schedule(year)", "an int")
        return self._schedules.get(year)

    def source(self, year: int) -> str | None:
        """Where a year's schedule came from: ``bundled`` (the ``chinese_calendar``
        package), what :meth:`with_schedules` was told (a file's path), or None."""
        expect(year, int, "WorkdayCalendar.source(year)", "an int")
        return self._sources.get(year)

    @functools.cached_property
    def file_years(self) -> Mapping[int, str]:
        """The years given by calendar files, each with its file (what
        :meth:`with_schedules` was told): a finding that read one says so."""
        return {year: source for year, source in self._sources.items() if source != "bundled"}

    @property
    def years(self) -> frozenset[int]:
        """The years this calendar has a schedule for; a count reaching another is
        indeterminate."""
        return frozenset(self._schedules)

    @functools.cached_property
    def _runs(self) -> dict[int, _Run]:
        return _build_runs(self._schedules)

    def _unknown(self, year: int) -> UnknownYearError:
        return UnknownYearError(year, self._schedules.keys())

    def _run(self, year: int) -> _Run:
        run = self._runs.get(year)
        if run is None:
            raise self._unknown(year)
        return run

    def _span(self, a: date, b: date) -> _Run:
        """The run holding every year of ``a..b`` (``a <= b``), or the first unknown year."""
        run = self._run(a.year)
        if b.year > run.last_year:
            raise self._unknown(run.last_year + 1)
        return run

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day (a weekday not off, or an adjusted working day)."""
        try:
            run = self._run(d.year)
            i = d.toordinal() - run.start
            return run.cumulative[i + 1] > run.cumulative[i]
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "is_workday", d=d) from None

    def workdays_between(self, a: date, b: date) -> int:
        """Working days from ``a`` to ``b``, both counted; 0 when ``b`` is before ``a``."""
        try:
            if b < a:
                return 0
            run = self._span(a, b)
            return (
                run.cumulative[b.toordinal() - run.start + 1]
                - run.cumulative[a.toordinal() - run.start]
            )
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "workdays_between", a=a, b=b) from None

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it when ``n`` is negative).

        ``d`` itself is never counted, so ``add_workdays(d, 1)`` is the next working
        day even when ``d`` is one; ``n == 0`` gives ``d`` unchanged.
        """
        try:
            if n == 0:
                return d.replace()
            run = self._run(d.year)
            i = d.toordinal() - run.start
            if n > 0:
                index = run.cumulative[i + 1] + n - 1
                if index >= len(run.workdays):
                    raise self._unknown(run.last_year + 1)
            else:
                index = run.cumulative[i] + n
                if index < 0:
                    raise self._unknown(run.first_year - 1)
            return date.fromordinal(run.workdays[index])
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "add_workdays", d=d, n=n) from None

    def nth_workday_from(self, d: date, n: int) -> date:
        """The ``n``-th working day counting from ``d`` itself (``n >= 1``): ``n == 1``
        gives ``d`` if it is a working day, else the first one after it — where the
        last day of a deadline moves when it is a weekend or a holiday (民法典
        第二百零三条)."""
        try:
            if n < 1:
                raise bad_value("WorkdayCalendar.nth_workday_from(n)", M.AT_LEAST_ONE, n)
            run = self._run(d.year)
            index = run.cumulative[d.toordinal() - run.start] + n - 1  # working days before d
            if index >= len(run.workdays):
                raise self._unknown(run.last_year + 1)
            return date.fromordinal(run.workdays[index])
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "nth_workday_from", d=d, n=n) from None

    def holidays_in(self, a: date, b: date) -> list[date]:
        """The Monday–Friday days in ``a..b`` that are not working days (public holidays)."""
        try:
            if b < a:
                return []
            return _dates_in(self._span(a, b).holidays, a, b)
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "holidays_in", a=a, b=b) from None

    def adjusted_workdays_in(self, a: date, b: date) -> list[date]:
        """The Saturdays and Sundays in ``a..b`` that are working days (调休上班)."""
        try:
            if b < a:
                return []
            return _dates_in(self._span(a, b).adjusted, a, b)
        except (AttributeError, TypeError) as exc:
            raise _misused(exc, "adjusted_workdays_in", a=a, b=b) from None


def _expect_schedules(schedules: object, source: object, function: str) -> None:
    """The arguments a calendar is made from: years mapped to their schedules."""
    expected = "a mapping of years to YearSchedule"
    expect(schedules, Mapping, f"{function}(schedules)", expected)
    assert isinstance(schedules, Mapping)  # for mypy: expect raised otherwise
    for year, schedule in schedules.items():
        expect(year, int, f"{function}(schedules)", expected)
        expect(schedule, YearSchedule, f"{function}(schedules)", expected)
    expect(source, str, f"{function}(source)", "a str")


def _misused(exc: Exception, method: str, **given: object) -> Exception:
    """A query that failed on its arguments' types (a query's fast path does not check
    them first): a TypeError naming the argument, or ``exc`` itself when every
    argument has the right type."""
    for name, value in given.items():
        if name == "n":
            if not isinstance(value, int) or isinstance(value, bool):
                return wrong_type(f"WorkdayCalendar.{method}(n)", "an int", value)
        elif not isinstance(value, date) or isinstance(value, datetime):
            return wrong_type(f"WorkdayCalendar.{method}({name})", "a datetime.date", value)
    return exc


def _dates_in(ordinals: array[int], a: date, b: date) -> list[date]:
    lo = bisect.bisect_left(ordinals, a.toordinal())
    hi = bisect.bisect_right(ordinals, b.toordinal())
    return [date.fromordinal(o) for o in ordinals[lo:hi]]


@attrs.frozen
class Correction:
    """A day the ``chinese_calendar`` data gets wrong, as the State Council's notice has it."""

    day: date
    workday: bool  # what the notice makes it: worked (True) or off (False)
    notice: str  # the notice that says so


# INVARIANT: each entry disagrees with the package's data (tests/test_calendar.py checks it,
# so an entry a newer package has fixed is noticed and removed).
CORRECTIONS: tuple[Correction, ...] = (
    # 2006 元旦: 1 月 1 日至 3 日放假，2005 年 12 月 31 日（星期六）上班.
    Correction(date(2005, 12, 31), True, "国办发明电〔2005〕35号"),
)


def chinese_calendar_schedules() -> dict[int, YearSchedule]:
    """The years of the installed ``chinese_calendar`` package as schedules.

    Read from its ``holidays`` and ``workdays`` dicts (its ``is_workday`` is too slow
    to call once per day of a table). Only the working/non-working status is used: the
    package's holiday names are inconsistent. Its holiday dict also lists the
    weekend days of each holiday period; those are off anyway and are dropped.
    Its covered years are those from the first to the last year of its holiday
    data, which is what ``chinese_calendar`` itself accepts. :data:`CORRECTIONS` are
    applied on top.
    """
    import chinese_calendar  # type: ignore[import-untyped]

    holidays: Iterable[date] = chinese_calendar.holidays
    workdays: Iterable[date] = chinese_calendar.workdays
    first = min(d.year for d in holidays)
    last = max(d.year for d in holidays)
    days_off: dict[int, set[date]] = {year: set() for year in range(first, last + 1)}
    days_on: dict[int, set[date]] = {year: set() for year in range(first, last + 1)}
    for d in holidays:
        if not _is_weekend(d):
            days_off[d.year].add(d)
    for d in workdays:
        # A worked weekend outside the covered years is ignored, as chinese_calendar does.
        if _is_weekend(d) and d.year in days_on:
            days_on[d.year].add(d)
    for c in CORRECTIONS:
        if c.day.year in days_on:
            worked_weekend, off_weekday = days_on[c.day.year], days_off[c.day.year]
            if _is_weekend(c.day):
                (worked_weekend.add if c.workday else worked_weekend.discard)(c.day)
            else:
                (off_weekday.discard if c.workday else off_weekday.add)(c.day)
    return {
        year: YearSchedule(year, frozenset(days_off[year]), frozenset(days_on[year]))
        for year in range(first, last + 1)
    }


@functools.cache
def _default_calendar() -> WorkdayCalendar:
    return WorkdayCalendar(chinese_calendar_schedules())
