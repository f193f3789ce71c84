"""Periods as the Civil Code counts them (民法典 第二百条–第二百零四条).

Takes a date, a length and its unit; gives the last day of the period, or the
working days of a stated period. Two conventions exist and are kept apart by name
(``docs/language.md``, section 7):

* a **deadline or interval after an act** (:func:`deadline_after`): the day of
  the act is not counted (第二百零一条); a period in months or years ends on the
  corresponding day of its last month, or that month's last day when it has none
  (第二百零二条); a last day that is not a working day moves to the next working
  day (第二百零三条);
* the **minimum length of a stated period** (an announcement from A to B): both A
  and B count (:func:`period_workdays`).

A year the calendar lacks is never guessed. Where the known years alone do not
give the answer, the ``*_bounds`` functions give what they do settle: a
:class:`Bounds`, the least and the greatest value any lawful schedule of the missing
years could give. The value that needs no law at all is the first: as if every
missing day were worked. The other rests on what the law fixes about every year's
schedule, whatever the State Council's notice for it will say (``docs/calendar.md``,
"How late a deadline in an unknown year can end"):

* 《国务院关于职工工作时间的规定》第七条: government offices work Monday to Friday;
  Saturday and Sunday are the weekly rest days;
* 《全国年节及纪念日放假办法》(revised 2024-11-10, in force from 2025-01-01) 第二条: the
  public holidays of all citizens are 元旦 (1 day), 春节 (农历除夕至初三, 4 days), 清明节 (1),
  劳动节 (May 1–2), 端午节 (1), 中秋节 (1) and 国庆节 (October 1–3), each on its own day of
  the solar or lunar year (:data:`FESTIVALS`); a holiday on a weekend is made up on a
  working day (补假, 第六条), and the notice may move weekend days to join them into a
  longer holiday (调休, 第七条, added by that revision). So a weekday is a day off only in
  the run of days off around a festival;
* no run of days off, weekends included, is longer than :data:`LONGEST_REST` days.
  The law states no number; the longest run ever ordered is 10 days (春节 2020,
  extended by 国办发明电〔2020〕1号 against the epidemic, an extraordinary measure), the
  longest ordinary one 9 (春节 2026). 15 is half as long again as the extraordinary one.

By 民法典第二百零三条 a last day that is a day off moves to the next working day: at most
:data:`LONGEST_REST` days later. ``n`` working days after a day end at the latest where
the fewest working days a lawful schedule can leave (:func:`_fewest_workdays`) reach
``n``. Both bounds are what every lawful schedule gives, not a forecast of one: these
functions never read a schedule the calendar does not hold.
"""

from __future__ import annotations

import calendar as _gregorian
import functools
import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

import attrs

from policyengine.calendar import messages as M
from policyengine.calendar.table import UnknownYearError, WorkdayCalendar
from policyengine.diagnostics import Text

Unit = Literal["days", "workdays", "months", "years"]
UNITS: tuple[Unit, ...] = ("days", "workdays", "months", "years")
_ONE_DAY = timedelta(days=1)

LONGEST_REST = 15
"""The most consecutive days off (weekends, holidays, 补假 and 调休 together) any lawful
schedule of a year the calendar lacks is taken to make (see the module docstring)."""
WEEKDAYS_OFF = LONGEST_REST // 7 * 5 + min(LONGEST_REST % 7, 5)
"""The most weekdays one run of days off can hold: 11 in 15 days."""
FESTIVALS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("元旦", (1, 1), (1, 1)),
    ("春节", (1, 20), (2, 22)),  # 除夕 to 初三: 正月初一 falls on 01-21..02-20
    ("清明节", (4, 4), (4, 6)),  # the solar term
    ("劳动节", (5, 1), (5, 2)),
    ("端午节", (5, 27), (6, 25)),  # 农历五月初五
    ("中秋节", (9, 7), (10, 7)),  # 农历八月十五
    ("国庆节", (10, 1), (10, 3)),
)
"""The public holidays of 《全国年节及纪念日放假办法》第二条, each with the first and the last
(month, day) its holidays can fall on in the years 1950–2099."""


def add_months(d: date, n: int) -> date:
    """The corresponding day ``n`` months after ``d`` (before it when ``n < 0``), or
    that month's last day when it has no such day: 2024-01-31 + 1 month is
    2024-02-29 (第二百零二条)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    last = _gregorian.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def add_years(d: date, n: int) -> date:
    """The corresponding day ``n`` years after ``d``; 02-29 goes to 02-28 in a year
    without it. Always ``add_months(d, 12 * n)``."""
    return add_months(d, 12 * n)


def period_end(d: date, n: int, unit: Unit) -> date:
    """The last day of a period of ``n`` calendar units after ``d``, before any move
    to a working day: ``d`` itself is not counted, so 1 day after 05-01 ends on 05-02."""
    if unit == "days":
        return d + timedelta(days=n)
    if unit == "months":
        return add_months(d, n)
    assert unit == "years"  # INVARIANT: working days are counted by the calendar
    return add_years(d, n)


def deadline_after(cal: WorkdayCalendar, d: date, n: int, unit: Unit) -> date | None:
    """The last day of a deadline or interval of ``n`` units after the act on ``d``.

    The act's day is not counted (第二百零一条). In working days the deadline is the
    ``n``-th working day after ``d``; in days, months or years it is the period's end
    (:func:`period_end`), moved to the next working day when that is not one
    (第二百零三条). ``n == 0`` is no period: the act's own day, never moved. A
    negative length is no deadline at all: unknown (``None``). Raises
    :class:`UnknownYearError` when the answer needs a year the calendar lacks.
    """
    if n < 0:
        return None
    if n == 0:
        return d
    if unit == "workdays":
        return cal.add_workdays(d, n)
    return cal.nth_workday_from(period_end(d, n, unit), 1)


def period_workdays(cal: WorkdayCalendar, start: date, end: date) -> int:
    """Working days of the stated period from ``start`` to ``end``, both counted."""
    return cal.workdays_between(start, end)


# --------------------------------------------------------------------------- bounds


@attrs.frozen
class Bounds:
    """A value the known years settle only within limits: some value from ``low`` to
    ``high`` (both included), depending on the schedule of ``year`` (the first year the
    calendar lacks) and any later missing year."""

    low: int | date
    high: int | date
    year: int

    def decide(self, op: str, other: object) -> bool | None:
        """``self op other`` if every possible value gives the same answer, else None."""
        return _decide(op, (self.low, self.high), _limits(other))

    def decide_reversed(self, op: str, other: object) -> bool | None:
        """``other op self`` if every possible value gives the same answer, else None."""
        return _decide(op, _limits(other), (self.low, self.high))

    def evidence(self) -> dict[str, object]:
        """The bounds for a finding's evidence (JSON values)."""
        if isinstance(self.low, date):
            assert isinstance(self.high, date)  # INVARIANT: both ends are of one kind
            return {"earliest": self.low.isoformat(), "latest": self.high.isoformat()}
        return {"at_least": self.low, "at_most": self.high}

    def describe(self) -> Text:
        """What the known years settle, as a clause ending in a separator:
        ``至少 9、至多 15 个工作日；``,
        ``期限的最后一日不早于 2027-01-05，最晚不晚于 2027-01-20；``."""
        if isinstance(self.low, date):
            return M.ENDS_BETWEEN(low=self.low, high=self.high)
        return M.WORKDAYS_BETWEEN(low=self.low, high=self.high)

    def shown(self, lang: str) -> str:
        """The value inside a message: ``4～12（2027 年安排未知）``,
        ``2027-01-05～2027-01-20（2027 年安排未知）``."""
        text = M.BETWEEN(low=self.low, high=self.high, year=self.year)
        return text.zh if lang == "zh" else text.en


def _limits(value: object) -> tuple[object, object]:
    if isinstance(value, Bounds):
        return value.low, value.high
    return value, value


def _decide(op: str, x: tuple[object, object], y: tuple[object, object]) -> bool | None:
    """``a op b`` for every a in ``x`` and b in ``y`` (``(low, high)``)."""
    (xlo, xhi), (ylo, yhi) = x, y
    if op in (">", ">="):
        op, (xlo, xhi), (ylo, yhi) = ("<" if op == ">" else "<="), (ylo, yhi), (xlo, xhi)
    if op in ("==", "!="):
        equal = _decide("<=", x, y) is True and _decide(">=", x, y) is True
        unequal = _decide("<", x, y) is True or _decide(">", x, y) is True
        if op == "==":
            return True if equal else False if unequal else None
        return False if equal else True if unequal else None
    strict = op == "<"
    # Always true: the greatest a still below the least b.
    if xhi < ylo if strict else xhi <= ylo:  # type: ignore[operator]
        return True
    # Always false: the least a already at or above the greatest b.
    if xlo >= yhi if strict else xlo > yhi:  # type: ignore[operator]
        return False
    return None


def period_workdays_bounds(cal: WorkdayCalendar, start: date, end: date) -> Bounds:
    """The working days from ``start`` to ``end`` (both counted) as far as the known
    years settle them: at least the known working days and the fewest a lawful schedule
    leaves in each stretch of missing days, at most those plus every missing day."""
    known, missing, least, first = 0, 0, 0, None
    stretch: date | None = None  # the first day of the missing days being passed
    for year in range(start.year, end.year + 1):
        a, b = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        if year in cal.years:
            known += cal.workdays_between(a, b)
            continue
        missing += (b - a).days + 1
        first = year if first is None else first
        stretch = a if stretch is None else stretch
        if year == end.year or year + 1 in cal.years:
            least += _fewest_between(stretch, b)
            stretch = None
    # INVARIANT: called only after workdays_between raised, so a year is missing.
    assert first is not None
    return Bounds(known + least, known + missing, first)


def deadline_after_bounds(cal: WorkdayCalendar, d: date, n: int, unit: Unit) -> Bounds:
    """The last day of :func:`deadline_after` as far as the known years settle it:
    earliest if every missing day were a working day, latest under the most days off
    any lawful schedule of the missing years can make (the module docstring)."""
    if unit == "workdays":
        after, count = d, n
    else:
        after, count = period_end(d, n, unit) - _ONE_DAY, 1
    earliest = _earliest_nth_after(cal, after, count)
    latest = _latest_nth_after(cal, after, count)
    return Bounds(earliest, latest, _first_missing(cal, after + _ONE_DAY))


def _first_missing(cal: WorkdayCalendar, d: date) -> int:
    year = d.year
    while year in cal.years:
        year += 1
    return year


def _earliest_nth_after(cal: WorkdayCalendar, d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` if every day of a missing year were worked."""
    if n > 366 * (9998 - d.year):  # past the last date Python can hold
        raise UnknownYearError(_first_missing(cal, d + _ONE_DAY), cal.years)
    cursor, remaining = d + _ONE_DAY, n
    while True:
        year_end = date(cursor.year, 12, 31)
        if cursor.year in cal.years:
            found = cal.workdays_between(cursor, year_end)
            if found >= remaining:
                return cal.nth_workday_from(cursor, remaining)
        else:
            found = (year_end - cursor).days + 1
            if found >= remaining:
                return cursor + timedelta(days=remaining - 1)
        remaining -= found
        cursor = year_end + _ONE_DAY


def _latest_nth_after(cal: WorkdayCalendar, d: date, n: int) -> date:
    """The latest the ``n``-th working day after ``d`` can be under any lawful schedule
    of the years the calendar lacks: known years as they are, each stretch of missing
    days leaving only the fewest working days :func:`_fewest_workdays` allows."""
    cursor, remaining = d + _ONE_DAY, n
    while True:
        if cursor.year in cal.years:
            year_end = date(cursor.year, 12, 31)
            found = cal.workdays_between(cursor, year_end)
            if found >= remaining:
                return cal.nth_workday_from(cursor, remaining)
            remaining -= found
            cursor = year_end + _ONE_DAY
            continue
        for day, least in _fewest_workdays(cursor):
            if least >= remaining:
                return day
            if (day.month, day.day) == (12, 31) and day.year + 1 in cal.years:
                remaining -= least
                cursor = day + _ONE_DAY
                break


def _fewest_between(a: date, b: date) -> int:
    """The fewest working days from ``a`` to ``b`` (both counted, all unknown) that any
    lawful schedule gives."""
    _, least = next(itertools.islice(_fewest_workdays(a), (b - a).days, None))
    return least


def _fewest_workdays(start: date) -> Iterator[tuple[date, int]]:
    """For each day from ``start`` on (none of them known), the fewest working days from
    ``start`` to it that any lawful schedule gives: the greater of two lower bounds, each
    holding for every lawful schedule.

    * Runs of days off: none is longer than :data:`LONGEST_REST`, so resting as long as
      that allows and working one day, over and over, leaves the fewest working days.
    * Weekdays: Monday to Friday are working days but in the run of days off around a
      festival, which holds at most :data:`WEEKDAYS_OFF` weekdays and lies within
      ``LONGEST_REST - 1`` days of the festival's possible days; weekends are all off.
    """
    rest = worked = weekdays = 0
    off: dict[tuple[int, int], int] = {}  # weekdays passed in each festival's reach
    day = start
    while True:
        if rest < LONGEST_REST:
            rest += 1
        else:
            rest, worked = 0, worked + 1
        if day.weekday() < 5:
            weekdays += 1
            for festival in festivals_reaching(day):
                off[festival] = off.get(festival, 0) + 1
        yield day, max(worked, weekdays - sum(min(k, WEEKDAYS_OFF) for k in off.values()))
        day += _ONE_DAY


def festivals_reaching(day: date) -> list[tuple[int, int]]:
    """The festivals (year, index in :data:`FESTIVALS`) whose run of days off can
    include ``day``."""
    return [key for year in (day.year, day.year + 1) for key, a, b in _reach(year) if a <= day <= b]


@functools.lru_cache(maxsize=64)
def _reach(year: int) -> tuple[tuple[tuple[int, int], date, date], ...]:
    """Each festival of ``year`` with the first and last day its run of days off can
    cover: ``LONGEST_REST - 1`` days either side of the days it can fall on."""
    span = timedelta(days=LONGEST_REST - 1)
    return tuple(
        ((year, i), date(year, *first) - span, date(year, *last) + span)
        for i, (_, first, last) in enumerate(FESTIVALS)
    )
