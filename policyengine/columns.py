"""Columns of dates and working days, computed row by row for the built-ins.

Takes the column functions of a built-in's arguments; gives the column of its result,
where a row whose working days need a year the calendar lacks is *failed* with that
year (``Context.failed``) and unknown, or given the bounds the known years settle,
and a row whose date arithmetic leaves 0001-01-01..9999-12-31 is failed with
:data:`OUT_OF_DATES`. Never: raises :class:`~policyengine.calendar.UnknownYearError`
or ``OverflowError`` out of a column (a row-independent value may raise it; then
:func:`scalar_value` fails every row).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from policyengine.calendar import UnknownYearError
from policyengine.calendar.periods import Bounds
from policyengine.frames import CFn, Col, Context, Frame, SFn

OUT_OF_DATES = 0
"""The "year" a fact fails with when date arithmetic leaves 0001-01-01..9999-12-31 (no
calendar year is 0)."""


def add_days_col(a: CFn, b: CFn) -> CFn:
    """``d + n`` calendar days row by row (see :func:`date_col`)."""
    return date_col(lambda x, n: x + datetime.timedelta(days=n), a, b)


def date_col(fn: Callable[[datetime.date, int], datetime.date], a: CFn, b: CFn) -> CFn:
    """``fn(d, n)`` row by row; a row whose result is not a representable date is failed
    with :data:`OUT_OF_DATES` (and unknown), never an ``OverflowError``."""

    def column(frame: Frame, ctx: Context) -> Col:
        out: list[Any] = []
        for i, (x, n) in enumerate(zip(a(frame, ctx), b(frame, ctx), strict=True)):
            if x is None or n is None:
                out.append(None)
                continue
            try:
                out.append(fn(x, n))
            except (OverflowError, ValueError):  # ValueError: a year past 9999 from months
                ctx.failed.setdefault(frame.rows[i], OUT_OF_DATES)
                out.append(None)
        return out

    return column


def fail_rows(ctx: Context, rows: Iterable[int], year: int) -> None:
    failed = ctx.failed
    for r in rows:
        failed.setdefault(r, year)


def calendar_col(
    a: CFn,
    b: CFn,
    compute: Callable[[Context, Any, Any], Any],
    bounds: Callable[[Context, Any, Any], Bounds] | None = None,
) -> CFn:
    """A working-day function row by row. A row needing a year the calendar lacks
    gets what the known years settle (``bounds``) where its reader can decide with
    that (:meth:`policyengine.compiler.analysis.Analysis.bounded`); otherwise it is
    failed (and unknown)."""

    def column(frame: Frame, ctx: Context) -> Col:
        out: list[Any] = []
        # Facts share dates: each distinct pair is computed once (not while tracing,
        # which records every computation).
        memo: dict[tuple[Any, Any], Any] | None = {} if ctx.trace is None else None
        for i, (x, y) in enumerate(zip(a(frame, ctx), b(frame, ctx), strict=True)):
            if x is None or y is None:
                out.append(None)
                continue
            if memo is not None:
                value = memo.get((x, y), MISSING)
                if value is not MISSING:
                    out.append(value)
                    continue
            try:
                value = compute(ctx, x, y)
            except UnknownYearError as exc:
                value = None
                if bounds is not None:
                    with contextlib.suppress(UnknownYearError, OverflowError, ValueError):
                        value = bounds(ctx, x, y)
                if value is None:
                    ctx.failed.setdefault(frame.rows[i], exc.year)
                elif memo is not None:
                    memo[(x, y)] = value
            except (OverflowError, ValueError):  # a period's end past 9999-12-31
                ctx.failed.setdefault(frame.rows[i], OUT_OF_DATES)
                value = None
            else:
                if memo is not None:
                    memo[(x, y)] = value
            out.append(value)
        if memo:
            _note_years(ctx.years, memo)
        return out

    return column


def _note_years(years: set[int], computed: Mapping[tuple[Any, Any], Any]) -> None:
    """The years a working-day count read: ``add_workdays(x, n)`` from x's year to the
    day it found, ``workdays(x, y)`` from x's year to y's (an empty span reads none)."""
    for (x, y), value in computed.items():
        if isinstance(value, Bounds):  # the known years up to the first missing one
            years.update(range(x.year, value.year))
        elif isinstance(value, datetime.date):
            years.update(range(min(x.year, value.year), max(x.year, value.year) + 1))
        elif isinstance(y, datetime.date) and y >= x:
            years.update(range(x.year, y.year + 1))


def scalar_value(fn: SFn, frame: Frame, ctx: Context) -> Any:
    """A row-independent value; a year it needs and the calendar lacks fails every row."""
    try:
        return fn(ctx)
    except UnknownYearError as exc:
        fail_rows(ctx, frame.rows, exc.year)
        return None


MISSING = object()
"""Not computed yet (a memo's or a cache's miss; ``None`` is a value: unknown)."""
