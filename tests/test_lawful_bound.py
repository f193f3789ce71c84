"""The latest a period can end in a year the calendar lacks: the bound every lawful
schedule keeps (policyengine/calendar/periods.py, docs/calendar.md).

The law fixes the weekly rest days and the festivals of 《全国年节及纪念日放假办法》; the
engine takes no run of days off to be longer than 15 days. Whatever schedule a
missing year gets, a period ends between the two bounds the engine gives: the laws
below check it against every built-in year 2004–2026 (2015's one-off 纪念日 and the
10-day 春节 of 2020 among them) as if it were missing, and against random schedules
a State Council notice could lawfully make for 2027.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_anhua_rules import build, ev

from policyengine.calendar import (
    UnknownYearError,
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_schedules,
    periods,
)
from policyengine.calendar.periods import FESTIVALS, LONGEST_REST, Bounds
from policyengine.policy import Policy, load_policy

ROOT = Path(__file__).resolve().parent.parent
D = datetime.date
DAY = datetime.timedelta(days=1)
CAL = WorkdayCalendar.default()
SCHEDULES = chinese_calendar_schedules()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "anhua.policy")


def longest_rest(cal: WorkdayCalendar, a: D, b: D) -> int:
    """The longest run of consecutive days off from ``a`` to ``b``."""
    best = run = 0
    day = a
    while day <= b:
        run = 0 if cal.is_workday(day) else run + 1
        best = max(best, run)
        day += DAY
    return best


# --------------------------------------------------------------------------- the bound


def test_the_built_in_years_keep_the_law_the_bound_rests_on() -> None:
    """What periods.py assumes of any year holds of every year it knows: no run of days
    off is longer than 15 days (the longest: 10, 春节 2020), and every weekday off lies
    within 14 days of the days a festival can fall on."""
    assert longest_rest(CAL, D(2004, 1, 1), D(2026, 12, 31)) == 10 < LONGEST_REST
    for year in SCHEDULES:
        for day in sorted(SCHEDULES[year].holidays):
            assert periods.festivals_reaching(day), day


@pytest.mark.parametrize(
    ("act", "last", "latest"),
    [
        (D(2026, 1, 5), D(2027, 1, 5), D(2027, 1, 20)),  # a Tuesday: at most 15 days on
        (D(2026, 7, 20), D(2027, 7, 20), D(2027, 7, 20)),  # a Tuesday no festival reaches
        (D(2026, 7, 24), D(2027, 7, 24), D(2027, 7, 26)),  # a Saturday: the Monday
    ],
)
def test_the_latest_a_last_day_can_move(act: D, last: D, latest: D) -> None:
    """民法典第二百零三条 moves a last day that is a day off to the next working day: never
    more than 15 days on, and not at all for a weekday no festival's days off can reach."""
    b = periods.deadline_after_bounds(CAL, act, 1, "years")
    assert b == Bounds(last, latest, 2027)


def test_working_days_counted_into_an_unknown_year() -> None:
    """20 working days after 2026-12-20: 9 fall in 2026; the other 11 end on 2027-01-11
    if every day of 2027 is worked, and by 2027-02-16 under any lawful schedule (元旦 and
    春节 each taking at most 11 weekdays off)."""
    b = periods.deadline_after_bounds(CAL, D(2026, 12, 20), 20, "workdays")
    assert b == Bounds(D(2027, 1, 11), D(2027, 2, 16), 2027)
    # Far from any festival, only the weekends are off for certain.
    b = periods.deadline_after_bounds(CAL, D(2027, 7, 19), 10, "workdays")
    assert b == Bounds(D(2027, 7, 29), D(2027, 8, 2), 2027)


def test_a_count_into_an_unknown_year_has_a_lawful_floor() -> None:
    """A month of 2027 with no festival near it holds at least its weekdays."""
    b = periods.period_workdays_bounds(CAL, D(2027, 7, 19), D(2027, 8, 13))
    assert b == Bounds(20, 26, 2027)
    b = periods.period_workdays_bounds(CAL, D(2026, 12, 21), D(2027, 1, 8))
    assert b == Bounds(9, 17, 2027)  # 元旦 and 春节 may take every weekday of 2027 here


# --------------------------------------------------------------------------- the laws


def without(*years: int) -> WorkdayCalendar:
    return WorkdayCalendar({y: s for y, s in SCHEDULES.items() if y not in years})


UNITS = st.sampled_from([("workdays", 60), ("days", 90), ("months", 3), ("years", 1)])


def assert_within(
    full: WorkdayCalendar, partial: WorkdayCalendar, d: D, n: int, unit: Any, end: D
) -> None:
    """What ``partial`` (lacking years ``full`` holds) gives for the deadline of ``n``
    ``unit`` after ``d`` and for the working days from ``d`` to ``end``: the true value,
    or bounds that hold it."""
    try:
        truth = periods.deadline_after(full, d, n, unit)
    except UnknownYearError:  # past the years the test knows
        assume(False)
        return
    assert truth is not None
    try:
        assert periods.deadline_after(partial, d, n, unit) == truth
    except UnknownYearError:
        b = periods.deadline_after_bounds(partial, d, n, unit)
        assert isinstance(b.low, D) and isinstance(b.high, D)
        assert b.low <= truth <= b.high
    count = full.workdays_between(d, end)
    try:
        assert partial.workdays_between(d, end) == count
    except UnknownYearError:
        c = periods.period_workdays_bounds(partial, d, end)
        assert isinstance(c.low, int) and isinstance(c.high, int)
        assert c.low <= count <= c.high


@given(st.integers(2005, 2026), st.booleans(), st.integers(-400, 365), UNITS, st.data())
def test_every_built_in_year_keeps_within_the_bounds_as_if_missing(
    year: int, later_known: bool, offset: int, unit_and_most: tuple[Any, int], data: Any
) -> None:
    """Each built-in year, taken out (with or without the years after it), gives bounds
    that hold its true deadlines and counts."""
    unit, most = unit_and_most
    partial = without(year) if later_known else without(*range(year, 2027))
    d = D(year, 1, 1) + datetime.timedelta(days=offset)
    assume(d.year >= 2004)
    end = min(d + datetime.timedelta(days=data.draw(st.integers(0, 200))), D(2026, 12, 31))
    assert_within(CAL, partial, d, data.draw(st.integers(1, most)), unit, end)


@st.composite
def lawful_2027(draw: st.DrawFn) -> WorkdayCalendar:
    """The built-in calendar with a 2027 a notice could lawfully give: each festival on
    a day the law allows, in one run of days off of at most 15 days that holds it, the
    days either side worked (a weekend day so is 调休), and a few other weekend days
    worked; every weekday outside the runs a working day."""
    off: set[D] = set()
    worked: set[D] = set()
    for _, (m1, d1), (m2, d2) in FESTIVALS:
        first, last = D(2027, m1, d1), D(2027, m2, d2)
        length = {(1, 20): 4, (5, 1): 2, (10, 1): 3}.get((m1, d1), 1)  # the holidays
        start = first + DAY * draw(st.integers(0, (last - first).days - length + 1))
        run = draw(st.integers(length, LONGEST_REST))
        begin = start - DAY * draw(st.integers(0, run - length))
        days = {begin + DAY * i for i in range(run)}
        if days & off or days & worked:
            continue  # 中秋 on 国庆: one run holds both
        off |= days
        worked |= {begin - DAY, begin + DAY * run} - off
    for day in draw(st.lists(st.dates(D(2027, 1, 1), D(2027, 12, 31)), max_size=8)):
        if day.weekday() >= 5 and day not in off:
            worked.add(day)
    in_year = {d for d in off if d.year == 2027 and d.weekday() < 5}
    weekends = frozenset(d for d in worked if d.year == 2027 and d.weekday() >= 5)
    schedule = YearSchedule(2027, frozenset(in_year), weekends)
    cal = CAL.with_schedules({2027: schedule})
    assume(longest_rest(cal, D(2026, 12, 1), D(2027, 12, 31)) <= LONGEST_REST)
    return cal


@given(lawful_2027(), st.dates(D(2026, 10, 1), D(2027, 12, 31)), UNITS, st.data())
def test_any_lawful_2027_keeps_within_the_bounds(
    full: WorkdayCalendar, d: D, unit_and_most: tuple[Any, int], data: Any
) -> None:
    unit, most = unit_and_most
    end = min(d + datetime.timedelta(days=data.draw(st.integers(0, 200))), D(2027, 12, 31))
    assert_within(full, CAL, d, data.draw(st.integers(1, most)), unit, end)


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [
        ("2027-01-19", "indeterminate"),  # due 2027-01-05, or as late as 2027-01-20
        ("2027-01-20", "indeterminate"),  # the latest it can be due: maybe still in time
        ("2027-01-21", "warning"),  # overdue whatever 2027's schedule
        ("2027-12-31", "warning"),
    ],
)
def test_training_due_in_an_unannounced_year(policy: Policy, as_of: str, severity: str) -> None:
    doc = build(ev("tr", date="2026-01-05"))  # due a year later, 2027-01-05 (a Tuesday)
    found = policy.evaluate({**doc, "as_of": as_of}).by_rule("regular_security_training")
    assert [f.severity for f in found] == [severity]
    if severity == "indeterminate":
        assert "最晚不晚于 2027-01-20" in found[0].message
        assert found[0].evidence["latest"] == "2027-01-20"
        assert "on 2027-01-20 at the latest" in found[0].messages.en


@pytest.mark.parametrize("as_of", ["2027-01-21", "2027-12-31"])
def test_a_range_in_a_message_takes_no_space_after_its_bracket(policy: Policy, as_of: str) -> None:
    """Decided late whatever 2027 holds, the warning quotes the range of days it may have
    been due; Chinese typesetting puts no space after the range's closing bracket
    (the message writes ``应不晚于 {due} 再次培训``)."""
    doc = build(ev("tr", date="2026-01-05"))
    (found,) = policy.evaluate({**doc, "as_of": as_of}).by_rule("regular_security_training")
    assert "应不晚于 2027-01-05～2027-01-20（2027 年安排未知）再次培训" in found.message
    assert found.messages.en.endswith("due by 2027-01-05–2027-01-20 (the 2027 schedule is unknown)")


@pytest.mark.parametrize(
    ("published", "severity"),
    [
        ("2027-02-15", "indeterminate"),
        ("2027-02-16", "indeterminate"),  # the latest the 20 working days can end
        ("2027-02-17", "warning"),  # late under every lawful 2027
    ],
)
def test_disclosure_late_whatever_2027_holds(policy: Policy, published: str, severity: str) -> None:
    doc = build(ev("p-wx", info_made_on="2026-12-20", date=published, review__on=published))
    found = policy.evaluate({**doc, "as_of": "2027-03-01"}).by_rule("disclosed_in_time")
    assert [f.severity for f in found] == [severity]
