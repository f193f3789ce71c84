"""The working-day calendar against the State Council schedules and chinese_calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policyengine.calendar import UnknownYearError, WorkdayCalendar, YearSchedule
from policyengine.calendar.table import CORRECTIONS, Correction
from policyengine.errors import ArgumentError, CalendarError

CAL = WorkdayCalendar.default()
FIRST, LAST = date(2004, 1, 1), date(2026, 12, 31)


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(start: str, end: str) -> list[date]:
    a, b = d(start), d(end)
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# The State Council schedules for 2024–2026 (docs: anhua-parameters.md).
HOLIDAYS = {
    2024: [
        ("2024-01-01", "2024-01-01"),
        ("2024-02-10", "2024-02-17"),
        ("2024-04-04", "2024-04-06"),
        ("2024-05-01", "2024-05-05"),
        ("2024-06-10", "2024-06-10"),
        ("2024-09-15", "2024-09-17"),
        ("2024-10-01", "2024-10-07"),
    ],
    2025: [
        ("2025-01-01", "2025-01-01"),
        ("2025-01-28", "2025-02-04"),
        ("2025-04-04", "2025-04-06"),
        ("2025-05-01", "2025-05-05"),
        ("2025-05-31", "2025-06-02"),
        ("2025-10-01", "2025-10-08"),
    ],
    2026: [
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),
        ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ],
}
ADJUSTED = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}
HOLIDAY_DAYS = [(y, day) for y, spans in HOLIDAYS.items() for s, e in spans for day in days(s, e)]
ADJUSTED_DAYS = [(y, d(f"{y}-{md}")) for y, mds in ADJUSTED.items() for md in mds]


@pytest.mark.parametrize(("year", "day"), HOLIDAY_DAYS, ids=str)
def test_every_listed_holiday_is_not_a_workday(year: int, day: date) -> None:
    assert not CAL.is_workday(day)


@pytest.mark.parametrize(("year", "day"), ADJUSTED_DAYS, ids=str)
def test_every_adjusted_day_is_a_weekend_workday(year: int, day: date) -> None:
    assert day.weekday() >= 5
    assert CAL.is_workday(day)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_year_deviates_from_monday_to_friday_exactly_as_published(year: int) -> None:
    holidays = sorted(day for y, day in HOLIDAY_DAYS if y == year and day.weekday() < 5)
    adjusted = sorted(day for y, day in ADJUSTED_DAYS if y == year)
    assert CAL.holidays_in(date(year, 1, 1), date(year, 12, 31)) == holidays
    assert CAL.adjusted_workdays_in(date(year, 1, 1), date(year, 12, 31)) == adjusted


# (start, end, working days counted by hand from the table above, Monday–Friday days).
# Each count was checked against len(chinese_calendar.get_workdays(start, end)),
# which gives the same number.
PERIODS = [
    # 国庆 2024: 15 weekdays, minus 10-01..04 and 10-07, plus 09-29 and 10-12.
    ("2024-09-25", "2024-10-15", 12, 15),
    # 春节 2024: Feb has 21 weekdays; 02-12..16 off; 02-04 and 02-18 worked.
    ("2024-02-01", "2024-02-29", 18, 21),
    # 劳动节 2024: 05-01..03 off; 04-28 and 05-11 (both ends, weekends) worked.
    ("2024-04-28", "2024-05-11", 9, 10),
    # 春节 2025: 01-28..31, 02-03, 02-04 off; 01-26 and 02-08 worked.
    ("2025-01-20", "2025-02-14", 16, 20),
    # 劳动节 2025: 05-01, 02, 05 off; 04-27 worked.
    ("2025-04-25", "2025-05-09", 9, 11),
    # 国庆·中秋 2025: 10-01..03, 10-06..08 off; 09-28 and 10-11 worked.
    ("2025-09-26", "2025-10-17", 12, 16),
    # 元旦 2025 across the year end: 01-01 off.
    ("2024-12-30", "2025-01-10", 9, 10),
    # 元旦 2026: 01-01, 01-02 off; 01-04 worked.
    ("2026-01-01", "2026-01-09", 6, 7),
    # 春节 2026: 02-16..20 and 02-23 off; 02-14 and 02-28 worked.
    ("2026-02-09", "2026-03-06", 16, 20),
    # 劳动节 2026: 05-01, 04, 05 off; 05-09 worked.
    ("2026-04-30", "2026-05-15", 10, 12),
    # 中秋 and 国庆 2026: 09-25, 10-01, 02, 05, 06, 07 off; 09-20 and 10-10 worked.
    ("2026-09-18", "2026-10-16", 17, 21),
]


@pytest.mark.parametrize(("start", "end", "workdays", "weekdays"), PERIODS)
def test_workdays_between_published_periods(
    start: str, end: str, workdays: int, weekdays: int
) -> None:
    a, b = d(start), d(end)
    assert CAL.workdays_between(a, b) == workdays
    assert len(chinese_calendar.get_workdays(a, b)) == workdays
    assert sum(1 for day in days(start, end) if day.weekday() < 5) == weekdays


def test_holidays_and_adjusted_days_around_national_day_2024() -> None:
    a, b = d("2024-09-25"), d("2024-10-15")
    assert CAL.holidays_in(a, b) == [d(f"2024-10-0{i}") for i in (1, 2, 3, 4, 7)]
    assert CAL.adjusted_workdays_in(a, b) == [d("2024-09-29"), d("2024-10-12")]


def test_both_ends_are_counted_and_an_empty_period_is_zero() -> None:
    assert CAL.workdays_between(d("2024-10-08"), d("2024-10-08")) == 1
    assert CAL.workdays_between(d("2024-10-01"), d("2024-10-01")) == 0
    assert CAL.workdays_between(d("2024-10-09"), d("2024-10-08")) == 0
    assert CAL.holidays_in(d("2024-10-09"), d("2024-10-08")) == []
    assert CAL.adjusted_workdays_in(d("2024-10-09"), d("2024-10-08")) == []


def test_add_workdays() -> None:
    assert CAL.add_workdays(d("2024-09-30"), 1) == d("2024-10-08")  # over 国庆
    assert CAL.add_workdays(d("2024-09-28"), 1) == d("2024-09-29")  # a worked Sunday
    assert CAL.add_workdays(d("2024-09-25"), 11) == d("2024-10-15")
    assert CAL.add_workdays(d("2024-10-08"), -1) == d("2024-09-30")
    assert CAL.add_workdays(d("2024-10-08"), -2) == d("2024-09-29")
    assert CAL.add_workdays(d("2024-10-05"), 0) == d("2024-10-05")
    assert CAL.add_workdays(d("2024-12-31"), 1) == d("2025-01-02")  # across the year end


def test_default_calendar_is_shared_and_knows_2004_to_2026() -> None:
    assert WorkdayCalendar.default() is CAL
    assert CAL.years == frozenset(range(2004, 2027))


# --------------------------------------------------------------------------- unknown years


def test_a_period_reaching_2027_names_2027_and_the_calendar_option() -> None:
    with pytest.raises(UnknownYearError) as caught:
        CAL.workdays_between(d("2026-12-25"), d("2027-01-05"))
    error = caught.value
    assert isinstance(error, CalendarError)
    assert error.year == 2027
    assert error.code == "E501"
    assert error.diagnostics[0].message.en == (
        "the working-day calendar has no holiday schedule for 2027; "
        "supply it with `--calendar FILE` (see docs/calendar.md)"
    )
    assert error.diagnostics[0].message.zh == (
        "工作日日历没有 2027 年的节假日安排；"
        "请用 `--calendar FILE` 提供该年的安排（见 docs/calendar.md）"
    )
    assert "2027" in str(error)
    assert "--calendar" in str(error)
    assert "known years: 2004–2026" in error.render("en")


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda c: c.is_workday(d("2027-01-04")), 2027),
        (lambda c: c.is_workday(d("2003-12-31")), 2003),
        (lambda c: c.workdays_between(d("2003-12-25"), d("2004-01-05")), 2003),
        (lambda c: c.add_workdays(d("2026-12-30"), 5), 2027),
        (lambda c: c.add_workdays(d("2004-01-05"), -10), 2003),
        (lambda c: c.add_workdays(d("2024-01-01"), 10**9), 2027),
        (lambda c: c.holidays_in(d("2026-12-01"), d("2027-01-31")), 2027),
        (lambda c: c.adjusted_workdays_in(d("2026-12-01"), d("2027-01-31")), 2027),
    ],
)
def test_every_query_refuses_an_unknown_year(
    call: Callable[[WorkdayCalendar], object], year: int
) -> None:
    with pytest.raises(UnknownYearError) as caught:
        call(CAL)
    assert caught.value.year == year


def schedule_2027() -> YearSchedule:
    """A hypothetical 2027: only 元旦 (Friday 2027-01-01) off, Saturday 01-09 worked."""
    return YearSchedule(2027, frozenset({d("2027-01-01")}), frozenset({d("2027-01-09")}))


def test_supplying_2027_makes_the_period_countable() -> None:
    cal = CAL.with_schedules({2027: schedule_2027()})
    # 2026-12-25 (Fri), 12-28..31 (Mon–Thu); 2027-01-01 off; 01-04, 01-05 worked.
    assert cal.workdays_between(d("2026-12-25"), d("2027-01-05")) == 7
    assert cal.add_workdays(d("2026-12-31"), 1) == d("2027-01-04")
    assert cal.is_workday(d("2027-01-09"))
    assert cal.years == frozenset(range(2004, 2028))
    assert CAL.years == frozenset(range(2004, 2027))  # the default is unchanged


def test_a_gap_year_is_named_even_when_a_later_year_is_known() -> None:
    schedule = YearSchedule(2029, frozenset({d("2029-01-01")}), frozenset())
    cal = CAL.with_schedules({2029: schedule})
    assert cal.workdays_between(d("2029-01-01"), d("2029-01-05")) == 4
    assert cal.add_workdays(d("2029-01-01"), 1) == d("2029-01-02")
    for call in (
        lambda: cal.workdays_between(d("2026-12-01"), d("2029-01-05")),
        lambda: cal.add_workdays(d("2026-12-31"), 1),
        lambda: cal.is_workday(d("2027-06-01")),
    ):
        with pytest.raises(UnknownYearError) as caught:
            call()
        assert caught.value.year == 2027
    with pytest.raises(UnknownYearError) as caught:
        cal.add_workdays(d("2029-01-02"), -2)
    assert caught.value.year == 2028
    assert "known years: 2004–2026, 2029" in caught.value.render("en")


def test_replacing_a_known_year_replaces_it_whole() -> None:
    # A 2025 with no holidays at all except 元旦: 国庆 2025 becomes ordinary weekdays.
    plain = YearSchedule(2025, frozenset({d("2025-01-01")}), frozenset())
    cal = CAL.with_schedules({2025: plain})
    assert cal.workdays_between(d("2025-09-26"), d("2025-10-17")) == 16
    assert cal.workdays_between(d("2024-09-25"), d("2024-10-15")) == 12
    assert CAL.workdays_between(d("2025-09-26"), d("2025-10-17")) == 12


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ({"2027-01-02"}, set(), "holidays must be Monday to Friday: 2027-01-02"),
        (set(), {"2027-01-04"}, "workdays must be Saturdays or Sundays: 2027-01-04"),
        ({"2026-12-31"}, set(), "2026-12-31 does not belong to the schedule of 2027"),
    ],
)
def test_year_schedule_rejects_impossible_schedules(
    holidays: set[str], workdays: set[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        YearSchedule(2027, frozenset(map(d, holidays)), frozenset(map(d, workdays)))


def test_a_schedule_must_be_filed_under_its_own_year() -> None:
    with pytest.raises(ValueError, match="the schedule for 2027 is filed under 2028"):
        CAL.with_schedules({2028: schedule_2027()})


# ------------------------------------------------------------------ against chinese_calendar


CORRECTED = {c.day: c.workday for c in CORRECTIONS}


def test_table_equals_chinese_calendar_on_every_day_2004_to_2026_but_the_corrections() -> None:
    day = FIRST
    while day <= LAST:
        assert CAL.is_workday(day) == CORRECTED.get(day, chinese_calendar.is_workday(day)), day
        day += timedelta(days=1)


known_dates = st.dates(min_value=FIRST, max_value=LAST)


@given(known_dates)
def test_is_workday_follows_the_raw_data(day: date) -> None:
    weekday_not_off = day.weekday() < 5 and day not in chinese_calendar.holidays
    weekend_worked = day.weekday() >= 5 and day in chinese_calendar.workdays
    assert CAL.is_workday(day) == CORRECTED.get(day, weekday_not_off or weekend_worked)


@given(st.lists(known_dates, min_size=3, max_size=3).map(sorted))
def test_counts_add_up_over_adjacent_periods(dates: list[date]) -> None:
    a, b, c = dates
    assume(b < c)
    whole = CAL.workdays_between(a, c)
    assert whole == CAL.workdays_between(a, b) + CAL.workdays_between(b + timedelta(days=1), c)


@given(st.dates(min_value=FIRST, max_value=date(2026, 6, 30)), st.integers(1, 120))
def test_adding_n_workdays_lands_on_the_nth_workday(day: date, n: int) -> None:
    later = CAL.add_workdays(day, n)
    assert CAL.is_workday(later)
    assert CAL.workdays_between(day + timedelta(days=1), later) == n


@given(st.dates(min_value=date(2004, 7, 1), max_value=LAST), st.integers(1, 120))
def test_subtracting_n_workdays_lands_on_the_nth_workday_before(day: date, n: int) -> None:
    earlier = CAL.add_workdays(day, -n)
    assert CAL.is_workday(earlier)
    assert CAL.workdays_between(earlier, day - timedelta(days=1)) == n


# --------------------------------------------------------------------------- corrections


def test_2005_12_31_was_a_working_day() -> None:
    """国办发明电〔2005〕35号: 2006 元旦 1 月 1 日至 3 日放假, Saturday 2005-12-31 worked."""
    cal = WorkdayCalendar.default()
    assert cal.is_workday(date(2005, 12, 31))
    assert not cal.is_workday(date(2006, 1, 2))  # the holiday it paid for
    assert cal.workdays_between(date(2005, 12, 26), date(2006, 1, 6)) == 9


@pytest.mark.parametrize("c", CORRECTIONS, ids=lambda c: c.day.isoformat())
def test_each_correction_overrides_the_package_and_names_its_notice(c: Correction) -> None:
    assert chinese_calendar.is_workday(c.day) != c.workday  # else the entry is not needed
    assert WorkdayCalendar.default().is_workday(c.day) == c.workday
    assert c.notice.startswith("国办发")


@pytest.mark.parametrize(
    ("holidays", "workdays", "zh"),
    [
        ({"2027-01-02"}, set(), "YearSchedule()：holidays 只能是星期一至星期五：2027-01-02"),
        (set(), {"2027-01-04"}, "YearSchedule()：workdays 只能是星期六或星期日：2027-01-04"),
        ({"2026-12-31"}, set(), "YearSchedule()：2026-12-31 不属于 2027 年的安排"),
    ],
)
def test_an_impossible_schedule_is_an_argument_error_in_both_languages(
    holidays: set[str], workdays: set[str], zh: str
) -> None:
    with pytest.raises(ArgumentError) as caught:
        YearSchedule(2027, frozenset(map(d, holidays)), frozenset(map(d, workdays)))
    assert caught.value.code == "E609"
    assert caught.value.render("zh").startswith(f"错误[E609]: {zh}")
    assert caught.value.render("en").startswith("error[E609]: YearSchedule(): ")


def test_a_schedule_filed_under_another_year_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError) as caught:
        CAL.with_schedules({2028: schedule_2027()})
    assert caught.value.code == "E609"
    assert "WorkdayCalendar()：2027 年的安排放在了 2028 年之下" in caught.value.render("zh")
    assert "`{2027: schedule}`" in caught.value.render("en")
