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
:class:`Bounds`, the least and the greatest value any schedule of the missing
years could give (every missing day a day off; every missing day worked).
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta
from typing import Literal

import attrs

from policyengine.calendar import messages as M
from policyengine.calendar.table import UnknownYearError, WorkdayCalendar
from policyengine.diagnostics import Text

Unit = Literal["days", "workdays", "months", "years"]
UNITS: tuple[Unit, ...] = ("days", "workdays", "months", "years")
_ONE_DAY = timedelta(days=1)


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
    ``high`` (both possible; ``high`` None: no limit), depending on the schedule of
    ``year`` (the first year the calendar lacks) and any later missing year."""

    low: int | date
    high: int | date | None
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
            high = self.high.isoformat() if isinstance(self.high, date) else None
            return {"earliest": self.low.isoformat(), "latest": high}
        return {"at_least": self.low, "at_most": self.high}

    def describe(self) -> Text:
        """What the known years settle, as a clause ending in a separator:
        ``至少 9、至多 15 个工作日；``."""
        if isinstance(self.low, date):
            if self.high is None:
                return M.ENDS_NOT_BEFORE(low=self.low)
            return M.ENDS_BETWEEN(low=self.low, high=self.high)
        return M.WORKDAYS_BETWEEN(low=self.low, high=self.high)

    def shown(self, lang: str) -> str:
        """The value inside a message: ``4～12（2027 年安排未知）``,
        ``2027-01-04 或之后（2027 年安排未知）``."""
        low, high = self.low, self.high
        if high is None:
            text = M.OR_LATER(low=low, year=self.year)
        else:
            text = M.BETWEEN(low=low, high=high, year=self.year)
        return text.zh if lang == "zh" else text.en


def _limits(value: object) -> tuple[object, object]:
    if isinstance(value, Bounds):
        return value.low, value.high
    return value, value


def _decide(op: str, x: tuple[object, object], y: tuple[object, object]) -> bool | None:
    """``a op b`` for every a in ``x`` and b in ``y`` (``(low, high)``; high None: no limit)."""
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
    if xhi is not None and (xhi < ylo if strict else xhi <= ylo):  # type: ignore[operator]
        return True
    # Always false: the least a already at or above the greatest b.
    if yhi is not None and (xlo >= yhi if strict else xlo > yhi):  # type: ignore[operator]
        return False
    return None


def period_workdays_bounds(cal: WorkdayCalendar, start: date, end: date) -> Bounds:
    """The working days from ``start`` to ``end`` (both counted) as far as the known
    years settle them: at least the known working days, at most those plus every
    day of the missing years."""
    known, missing, first = 0, 0, None
    for year in range(start.year, end.year + 1):
        a, b = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        if year in cal.years:
            known += cal.workdays_between(a, b)
        else:
            missing += (b - a).days + 1
            first = year if first is None else first
    # INVARIANT: called only after workdays_between raised, so a year is missing.
    assert first is not None
    return Bounds(known, known + missing, first)


def deadline_after_bounds(cal: WorkdayCalendar, d: date, n: int, unit: Unit) -> Bounds:
    """The last day of :func:`deadline_after` as far as the known years settle it:
    earliest if every missing day were a working day, latest if none were (no limit
    when no known year follows the missing one)."""
    if unit == "workdays":
        after, count = d, n
    else:
        after, count = period_end(d, n, unit) - _ONE_DAY, 1
    earliest = _nth_after(cal, after, count, missing_worked=True)
    latest = _nth_after(cal, after, count, missing_worked=False)
    year = _first_missing(cal, after + _ONE_DAY)
    assert earliest is not None  # INVARIANT: with every missing day worked, it ends
    return Bounds(earliest, latest, year)


def _first_missing(cal: WorkdayCalendar, d: date) -> int:
    year = d.year
    while year in cal.years:
        year += 1
    return year


def _nth_after(cal: WorkdayCalendar, d: date, n: int, *, missing_worked: bool) -> date | None:
    """The ``n``-th working day after ``d`` if every day of a missing year were a
    working day (``missing_worked``) or none were (None when no known year follows)."""
    last_known = max(cal.years, default=d.year)
    if n > 366 * (9998 - d.year):  # past the last date Python can hold
        raise UnknownYearError(_first_missing(cal, d + _ONE_DAY), cal.years)
    cursor, remaining = d + _ONE_DAY, n
    while True:
        year_end = date(cursor.year, 12, 31)
        if cursor.year in cal.years:
            found = cal.workdays_between(cursor, year_end)
            if found >= remaining:
                return cal.nth_workday_from(cursor, remaining)
        elif missing_worked:
            found = (year_end - cursor).days + 1
            if found >= remaining:
                return cursor + timedelta(days=remaining - 1)
        elif cursor.year >= last_known:
            return None
        else:
            found = 0
        remaining -= found
        cursor = year_end + _ONE_DAY
