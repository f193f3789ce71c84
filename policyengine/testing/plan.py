"""The plan of a :func:`~policyengine.testing.facts_for` strategy: what is worked out
once from the policy, before any document is drawn.

Takes the policy, its parameters, the calendar and the window; gives the
:class:`Plan` the drawing follows: the window's years, the dates and values near the
thresholds of the policy's parameters (:class:`Edges`, with month ends from
:func:`month_ends`), the strategies of ``as_of`` and of dates, and the kinds each
record cannot be made without. Never: draws a value (hypothesis draws in
:mod:`policyengine.testing.strategies`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from policyengine import params as params_mod
from policyengine.arguments import bad_value, expect_date, wrong_type
from policyengine.calendar import WorkdayCalendar, periods
from policyengine.policy import Policy
from policyengine.schema import (
    IntType,
    MapType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Type,
)
from policyengine.text import Text

T = TypeVar("T")

DEFAULT_WINDOW = (datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))

_ONE_DAY = datetime.timedelta(days=1)


class _Generated:
    """The default of ``as_of``: drawn inside the window."""

    def __repr__(self) -> str:
        return "<generated>"


GENERATED: Any = _Generated()

AsOf = datetime.date | str | None | SearchStrategy[Any]


@attrs.frozen
class Edges:
    """Values near the thresholds a policy's parameters set, computed once per strategy."""

    dates: tuple[datetime.date, ...]  # holidays and worked weekend days ± 1, month ends ± 1
    workdays: tuple[int, ...]  # the positive values of the `workdays` parameters
    days: tuple[int, ...]  # the values of the `days` parameters
    months: tuple[int, ...]  # the positive values of `months` parameters, `years` × 12
    ints: Mapping[str | None, tuple[int, ...]]  # by unit: int values near a threshold
    counts: tuple[int, ...]  # record counts near a count threshold (within reach)


@attrs.frozen
class Plan:
    schema: Schema
    calendar: WorkdayCalendar
    low: datetime.date
    high: datetime.date
    years: frozenset[int]
    max_records: int  # records of one kind in a list (more may be made to be referred to)
    edges: Edges | None
    strings: tuple[str, ...]
    as_of: SearchStrategy[Any]
    pinned: Mapping[str, SearchStrategy[Any]]
    order: tuple[str, ...]  # collections generated, in declaration order
    needs: Mapping[tuple[str, str], frozenset[str]]  # (collection, kind) -> required ref kinds
    # strategies made once per plan (hypothesis strategies are costly to make per draw)
    cache: dict[object, SearchStrategy[Any]] = attrs.field(factory=dict, eq=False)

    def strategy(self, key: object, make: Callable[[], SearchStrategy[T]]) -> SearchStrategy[T]:
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = make()
        return cast(SearchStrategy[T], found)

    def in_window(self, d: datetime.date) -> bool:
        return self.low <= d <= self.high and d.year in self.years


def param_ints(policy: Policy, overrides: Mapping[str, Any] | None) -> dict[str, list[int]]:
    """Values of the int parameters, by unit (``days``, ``workdays``, ``count``, None);
    map parameters contribute their values."""
    values = params_mod.resolve(policy.checked.params, overrides or {})
    out: dict[str, list[int]] = {}
    for name, param in policy.checked.params.items():
        value = values.get(name)
        t: Type = param.type
        if isinstance(t, MapType) and isinstance(value, Mapping):
            t, items = t.value, list(value.values())
        else:
            items = [value]
        if isinstance(t, IntType):
            for v in items:
                if isinstance(v, int) and not isinstance(v, bool):
                    out.setdefault(t.unit or "", []).append(v)
    return out


def param_strings(policy: Policy, overrides: Mapping[str, Any] | None) -> tuple[str, ...]:
    """String parameter values, and for those shaped like a host name a URL on it:
    facts that equal a parameter are the ones a rule compares with it."""
    values = params_mod.resolve(policy.checked.params, overrides or {})
    out: list[str] = []
    for name, param in policy.checked.params.items():
        value = values.get(name)
        if isinstance(param.type, StrType) and isinstance(value, str):
            out.append(value)
            if "." in value and not any(c.isspace() or c in "/:" for c in value):
                out.append(f"https://{value}/")
    return tuple(dict.fromkeys(out))


def _near(values: Sequence[int], low: int = 0) -> tuple[int, ...]:
    return tuple(sorted({v + d for v in values for d in (-1, 0, 1) if v + d >= low}))


def month_ends(low: datetime.date, high: datetime.date) -> tuple[datetime.date, ...]:
    """The last day of every month from ``low`` to ``high``, with the day before and the
    day after it (29 February where there is one): where a period in months or years
    ends on a shorter month's last day (民法典 第二百零二条), and where a year ends."""
    out: set[datetime.date] = set()
    first = datetime.date(low.year, low.month, 1)
    while first <= high:
        last = periods.add_months(first, 1) - _ONE_DAY
        out.update((last - _ONE_DAY, last, last + _ONE_DAY))
        first = last + _ONE_DAY
    return tuple(sorted(d for d in out if low <= d <= high))


def boundary_dates(
    low: datetime.date = DEFAULT_WINDOW[0], high: datetime.date = DEFAULT_WINDOW[1]
) -> SearchStrategy[datetime.date]:
    """Dates from ``low`` to ``high``, half of them a month's end or next to one (28 and
    29 February, 30 and 31 December, 1 January…): for the laws of periods in months and
    years, which a uniform date would rarely put on those days."""
    expect_window(low, high, "testing.boundary_dates(low)", "testing.boundary_dates(high)")
    return st.one_of(st.dates(low, high), st.sampled_from(month_ends(low, high)))


def expect_window(low: object, high: object, where_low: str, where_high: str) -> None:
    """``low`` and ``high`` are dates (not datetimes, not None), ``low`` not after ``high``."""
    for value, where in ((low, where_low), (high, where_high)):
        if value is None:
            raise wrong_type(where, "a datetime.date", value)
        expect_date(value, where)
    if low > high:  # type: ignore[operator]
        raise bad_value(
            where_high,
            Text(f"不早于 {low} 的日期", f"a date not before {low}"),
            high,
        )


def edge_values(
    calendar: WorkdayCalendar,
    low: datetime.date,
    high: datetime.date,
    ints: Mapping[str, list[int]],
    max_per_kind: int,
) -> Edges:
    special: set[datetime.date] = set()
    for year in range(low.year, high.year + 1):
        if year not in calendar.years:
            continue
        a, b = max(low, datetime.date(year, 1, 1)), min(high, datetime.date(year, 12, 31))
        for d in (*calendar.holidays_in(a, b), *calendar.adjusted_workdays_in(a, b)):
            special.update((d - _ONE_DAY, d, d + _ONE_DAY))
    special.update(month_ends(low, high))
    dates = tuple(sorted(d for d in special if low <= d <= high and d.year in calendar.years))
    months = [*ints.get("months", []), *(12 * v for v in ints.get("years", []))]
    return Edges(
        dates=dates,
        workdays=tuple(sorted({v for v in ints.get("workdays", []) if v > 0})),
        days=tuple(sorted({v for v in ints.get("days", []) if v >= 0})),
        months=tuple(sorted({v for v in months if v > 0})),
        ints={None if unit == "" else unit: _near(vs) for unit, vs in ints.items()},
        counts=tuple(n for n in _near(ints.get("count", [])) if n <= max_per_kind + 10),
    )


def is_required(field_optional: bool, default: object) -> bool:
    return not field_optional and default is None


def needs_of(record: RecordType) -> frozenset[str]:
    """The kinds a record cannot be made without: references in required fields,
    also inside required nested records (a list may be empty, an optional field absent)."""
    out: set[str] = set()
    for f in record.fields:
        if not is_required(f.optional, f.default):
            continue
        if isinstance(f.type, RefType):
            out.add(f.type.kind)
        elif isinstance(f.type, RecordType):
            out |= needs_of(f.type)
    return frozenset(out)


def as_of_strategy(
    as_of: AsOf,
    dates: SearchStrategy[datetime.date],
    low: datetime.date,
    high: datetime.date,
    years: frozenset[int],
    edges: Edges | None,
) -> SearchStrategy[Any]:
    """``as_of`` as given, or drawn: anywhere in the window, or in its last month (a
    check made after most of the facts), or with edges on or next to a holiday."""
    if isinstance(as_of, SearchStrategy):
        return as_of
    if as_of is not GENERATED:
        return st.just(as_of)
    late = date_strategy(max(low, high - datetime.timedelta(days=30)), high, years)
    choices = [dates, late]
    if edges is not None and edges.dates:
        choices.append(st.sampled_from(edges.dates))
    return st.one_of(choices)


def date_strategy(
    plan_low: datetime.date, plan_high: datetime.date, years: frozenset[int]
) -> SearchStrategy[datetime.date]:
    base = st.dates(plan_low, plan_high)
    if all(y in years for y in range(plan_low.year, plan_high.year + 1)):
        return base
    return base.filter(lambda d: d.year in years)
