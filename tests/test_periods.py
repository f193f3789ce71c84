"""Periods as the Civil Code counts them (民法典 第二百条–第二百零四条), and what the
known years settle where the calendar lacks one.

Each period rule of the Anhua policy is tested at its boundary: the last day of the
period (kept) and the day after (broken), month ends (01-31 + 1 month, 02-29 + 1
year), a last day on a weekend and on a holiday (moved to the next working day,
第二百零三条), a Saturday that is worked (not moved). Hypothesis checks the laws.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, find, given, settings
from hypothesis import strategies as st
from test_anhua_rules import SELF_HOSTED, acc, add, add_app, build, ev, fil

from policyengine.calendar import (
    UnknownYearError,
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_schedules,
    periods,
)
from policyengine.calendar.periods import Bounds
from policyengine.policy import Policy, compile_policy, load_policy
from policyengine.testing import boundary_dates

ROOT = Path(__file__).resolve().parent.parent
D = datetime.date
CAL = WorkdayCalendar.default()
# The built-in calendar without 2026, to compare what 2025 alone settles with the truth.
SCHEDULES = chinese_calendar_schedules()
WITHOUT_2026 = WorkdayCalendar({y: s for y, s in SCHEDULES.items() if y != 2026})
# Dates of the built-in years, half of them at a month's end or next to one (28/29
# February, 31 December…), where periods in months and years are decided.
KNOWN = boundary_dates(D(2004, 1, 1), D(2026, 12, 31))


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "anhua.policy")


def fired(policy: Policy, rule: str, doc: dict[str, Any], **params: Any) -> list[str]:
    result = policy.evaluate(doc, params=params or None)
    return [f.severity for f in result.by_rule(rule)]


# --------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # no 31st: the month's last day
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 5, 15), 12, D(2025, 5, 15)),  # the corresponding day
        (D(2024, 12, 31), 2, D(2025, 2, 28)),
    ],
)
def test_add_months(start: D, months: int, end: D) -> None:
    assert periods.add_months(start, months) == end


def test_add_years_from_29_february() -> None:
    assert periods.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert periods.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


@given(KNOWN, st.integers(-30, 30))
def test_twelve_months_are_a_year(d: D, years: int) -> None:
    assert periods.add_months(d, 12 * years) == periods.add_years(d, years)


_BOUNDARIES = {
    "29 February": lambda d: (d.month, d.day) == (2, 29),
    "28 February of a common year": lambda d: (d.month, d.day) == (2, 28) and d.year % 4 != 0,
    "31 December": lambda d: (d.month, d.day) == (12, 31),
    "1 January": lambda d: (d.month, d.day) == (1, 1),
    "a 30th that ends its month": lambda d: d.day == 30 and (d + datetime.timedelta(1)).day == 1,
    "a 31st": lambda d: d.day == 31,
}


@pytest.mark.parametrize("name", sorted(_BOUNDARIES))
def test_the_dates_of_the_laws_reach_month_and_year_ends(name: str) -> None:
    """The properties above and below draw from KNOWN: it must reach the days where a
    period in months or years is decided, not only by luck."""
    found = find(KNOWN, _BOUNDARIES[name], settings=settings(max_examples=500, database=None))
    assert _BOUNDARIES[name](found)


@given(KNOWN, st.integers(0, 120))
def test_months_end_on_the_corresponding_day_or_the_months_last(d: D, n: int) -> None:
    end = periods.add_months(d, n)
    assert (end.year * 12 + end.month) - (d.year * 12 + d.month) == n
    assert end.day == d.day or (end.day < d.day and (end + datetime.timedelta(1)).day == 1)


@pytest.mark.parametrize(
    ("act", "n", "unit", "last"),
    [
        (D(2025, 11, 20), 1, "years", D(2026, 11, 20)),  # a Friday: kept as is
        (D(2025, 12, 28), 1, "years", D(2026, 12, 28)),  # a Monday
        (D(2025, 11, 22), 1, "years", D(2026, 11, 23)),  # Sunday -> Monday
        (D(2025, 10, 1), 1, "years", D(2026, 10, 8)),  # 国庆 -> the first day back
        (D(2025, 8, 31), 6, "months", D(2026, 2, 28)),  # a Saturday worked (调休): kept
        (D(2024, 1, 31), 1, "months", D(2024, 2, 29)),
        (D(2024, 2, 29), 1, "years", D(2025, 2, 28)),
        (D(2024, 9, 30), 1, "days", D(2024, 10, 8)),  # 10-01 is 国庆: moved
        (D(2024, 9, 20), 20, "workdays", D(2024, 10, 23)),  # the act's day not counted
        (D(2024, 9, 20), 0, "days", D(2024, 9, 20)),  # no period: the act's own day
        (D(2024, 9, 21), 0, "years", D(2024, 9, 21)),  # ... even on a Saturday
    ],
)
def test_deadline_after(act: D, n: int, unit: periods.Unit, last: D) -> None:
    assert periods.deadline_after(CAL, act, n, unit) == last


@given(KNOWN, st.integers(1, 40), st.sampled_from(periods.UNITS))
def test_a_deadline_never_ends_on_a_day_off(d: D, n: int, unit: periods.Unit) -> None:
    try:
        last = periods.deadline_after(CAL, d, n, unit)
    except UnknownYearError:
        assume(False)  # it ends after 2026
        return
    assert last is not None
    assert CAL.is_workday(last)
    if unit != "workdays":  # the period's own end, or the first working day after it
        end = periods.period_end(d, n, unit)
        days_off = range((last - end).days)
        assert last >= end and not any(
            CAL.is_workday(end + datetime.timedelta(i)) for i in days_off
        )


# --------------------------------------------------------------------------- bounds


def test_a_bound_decides_only_when_every_value_agrees() -> None:
    b = Bounds(9, 17, 2027)
    assert (b.decide("<", 18), b.decide("<", 9), b.decide("<", 15)) == (True, False, None)
    assert (b.decide(">=", 9), b.decide(">=", 18), b.decide("==", 20)) == (True, False, False)
    assert b.decide_reversed(">", 8) is False and b.decide_reversed(">", 18) is True
    days = Bounds(D(2027, 1, 11), D(2027, 2, 16), 2027)
    assert days.decide_reversed(">", D(2027, 1, 11)) is False  # on the earliest day
    assert days.decide_reversed(">", D(2027, 2, 16)) is None  # on the latest: maybe
    assert days.decide_reversed(">", D(2027, 2, 17)) is True  # after the latest
    assert days.decide_reversed("<=", D(2027, 1, 10)) is True


@given(
    st.dates(D(2025, 1, 1), D(2025, 12, 31)),
    st.dates(D(2026, 1, 1), D(2026, 12, 31)),
)
def test_a_partly_unknown_count_lies_within_its_bounds(start: D, end: D) -> None:
    b = periods.period_workdays_bounds(WITHOUT_2026, start, end)
    full = CAL.workdays_between(start, end)
    assert b.year == 2026
    assert isinstance(b.low, int) and isinstance(b.high, int)
    assert b.low <= full <= b.high
    known = CAL.workdays_between(start, D(2025, 12, 31))
    assert b.low >= known  # the known part, and what the law leaves of 2026
    assert b.high == known + (end - D(2026, 1, 1)).days + 1  # every missing day worked


@given(
    st.dates(D(2025, 10, 1), D(2025, 12, 31)),
    st.sampled_from([("workdays", 200), ("days", 300), ("months", 11), ("years", 1)]),
    st.data(),
)
def test_a_partly_unknown_deadline_lies_within_its_bounds(
    d: D, unit_and_most: tuple[periods.Unit, int], data: st.DataObject
) -> None:
    """2025 alone bounds the deadline; with 2026 supplied it is the true one, inside."""
    unit, most = unit_and_most
    n = data.draw(st.integers(1, most))
    truth = periods.deadline_after(CAL, d, n, unit)
    assert truth is not None
    try:
        known = periods.deadline_after(WITHOUT_2026, d, n, unit)
    except UnknownYearError:  # the known years do not give it: bounds do
        b = periods.deadline_after_bounds(WITHOUT_2026, d, n, unit)
        assert isinstance(b.low, D) and isinstance(b.high, D)
        assert b.low <= truth <= b.high  # the latest: what any lawful 2026 allows
    else:
        assert known == truth


def test_a_later_known_year_does_not_widen_the_bounds() -> None:
    """With 2026 missing, a deadline that ends in it is bounded by 2026 alone, whether
    or not 2027 is known."""
    until_2025 = WorkdayCalendar({y: s for y, s in SCHEDULES.items() if y <= 2025})
    with_2027 = until_2025.with_schedules({2027: YearSchedule(2027, frozenset(), frozenset())})
    b = periods.deadline_after_bounds(with_2027, D(2025, 12, 20), 20, "workdays")
    assert b == periods.deadline_after_bounds(until_2025, D(2025, 12, 20), 20, "workdays")
    assert b.year == 2026
    assert isinstance(b.high, D) and b.low < D(2026, 2, 1) < b.high < D(2026, 3, 1)
    assert b.low <= periods.deadline_after(CAL, D(2025, 12, 20), 20, "workdays") <= b.high


# --------------------------------------------------------------------------- the Anhua rules


def test_training_interval_of_a_year(policy: Policy) -> None:
    """Last training 2025-11-20: the next is due by 2026-11-20 (a Friday)."""
    doc = build(ev("tr", date="2025-11-20"))
    assert fired(policy, "regular_security_training", {**doc, "as_of": "2026-11-20"}) == []
    assert fired(policy, "regular_security_training", {**doc, "as_of": "2026-11-21"}) == ["warning"]


@pytest.mark.parametrize(
    ("trained", "last_day"),
    [
        ("2025-11-22", "2026-11-23"),  # 2026-11-22 is a Sunday
        ("2025-10-01", "2026-10-08"),  # 2026-10-01..07 is 国庆
        ("2024-02-29", "2025-02-28"),  # no 29 February in 2025
    ],
)
def test_training_interval_moves_or_shortens(policy: Policy, trained: str, last_day: str) -> None:
    doc = build(ev("tr", date=trained))
    after = (D.fromisoformat(last_day) + datetime.timedelta(1)).isoformat()
    assert fired(policy, "regular_security_training", {**doc, "as_of": last_day}) == []
    assert fired(policy, "regular_security_training", {**doc, "as_of": after}) == ["warning"]


@pytest.mark.parametrize(
    ("level", "params", "assessed", "last_day"),
    [
        (2, {}, "2024-11-20", "2026-11-20"),  # 2 years
        (3, {}, "2025-11-20", "2026-11-20"),  # 1 year
        (4, {}, "2025-08-31", "2026-02-28"),  # 6 months; 02-28 is a Saturday worked
        (3, {"mlps_interval": {3: 1}}, "2024-01-31", "2024-02-29"),  # 1 month
        (3, {}, "2024-06-08", "2025-06-09"),  # 2025-06-08 is a Sunday
    ],
)
def test_assessment_interval(
    policy: Policy, level: int, params: dict[str, Any], assessed: str, last_day: str
) -> None:
    doc = build(SELF_HOSTED, acc("site", mlps_level=level), ev("sa", date=assessed))
    after = (D.fromisoformat(last_day) + datetime.timedelta(1)).isoformat()
    assert fired(policy, "website_assessed", {**doc, "as_of": last_day}, **params) == []
    assert fired(policy, "website_assessed", {**doc, "as_of": after}, **params) == ["warning"]


def test_app_test_interval(policy: Policy) -> None:
    doc = build(add_app(app__mlps_tested_on="2024-11-20"))  # level 2: due 2026-11-20
    assert fired(policy, "app_security_tested", {**doc, "as_of": "2026-11-20"}) == []
    assert fired(policy, "app_security_tested", {**doc, "as_of": "2026-11-21"}) == ["warning"]


def test_a_failed_app_test_is_a_test(policy: Policy) -> None:
    """A test that failed was still a test (第十二条 asks that tests be made; a failure
    left unrectified is 第十七条's): it starts the next interval, and the message never
    says the app was never tested."""
    failed = {"id": "sa-app", "kind": "security_assessment", "account": "app",
              "date": "2024-11-20", "passed": False, "rectified_on": "2024-12-20"}  # fmt: skip
    doc = build(add_app(app__mlps_tested_on=None), add("events", failed))
    assert fired(policy, "app_security_tested", {**doc, "as_of": "2026-11-20"}) == []
    late = policy.evaluate({**doc, "as_of": "2026-11-21"})
    [finding] = late.by_rule("app_security_tested")
    assert "最近一次安全检测为 2024-11-20" in finding.messages.zh
    assert "从未" not in finding.messages.zh


@pytest.mark.parametrize("level", [1, None])
def test_a_level_without_an_interval_is_checked_for_neither_app_nor_website(
    policy: Policy, level: int | None
) -> None:
    """公通字〔2007〕43号 sets no periodic assessment for level 1; an unknown level is for
    mlps_graded_and_filed. The app and the website are read alike: never tested, long
    overdue at any interval, and still no interval finding for either."""
    doc = build(SELF_HOSTED, acc("site", mlps_level=level), ev("sa", date="2019-01-02"),
                add_app(mlps_level=level, app__mlps_tested_on=None))  # fmt: skip
    result = policy.evaluate({**doc, "as_of": "2026-11-20"})
    assert result.by_rule("app_security_tested") == []
    assert result.by_rule("website_assessed") == []
    with_level_1 = {"mlps_interval": {1: 36, 2: 24, 3: 12, 4: 6}}
    if level == 1:  # a township that sets an interval for level 1 gets it checked
        result = policy.evaluate({**doc, "as_of": "2026-11-20"}, params=with_level_1)
        assert [f.subject for f in result.by_rule("app_security_tested")] == ["app"]
        assert [f.subject for f in result.by_rule("website_assessed")] == ["site"]


@pytest.mark.parametrize(("published", "found"), [("2024-10-23", []), ("2024-10-24", ["warning"])])
def test_disclosure_deadline_does_not_count_the_day_made(
    policy: Policy, published: str, found: list[str]
) -> None:
    """Made on Friday 2024-09-20: the 20th working day after it, with 国庆 off and two
    weekends worked, is 2024-10-23."""
    doc = build(ev("p-wx", info_made_on="2024-09-20", date=published, review__on=published))
    assert fired(policy, "disclosed_in_time", doc) == found


@pytest.mark.parametrize(("filed", "found"), [("2024-10-23", []), ("2024-10-24", ["warning"])])
def test_system_filing_deadline(policy: Policy, filed: str, found: list[str]) -> None:
    doc = build(
        fil("f-open", district_approved_on="2024-09-20", national_system_filed_on=filed,
            municipal_system_filed_on=filed),
    )  # fmt: skip
    assert fired(policy, "systems_filed_in_time", doc, filing_within_workdays=20) == found


@pytest.mark.parametrize(("end", "found"), [("2024-10-18", []), ("2024-10-17", ["error"])])
def test_announcement_counts_both_ends(policy: Policy, end: str, found: list[str]) -> None:
    """From 2024-09-25: to 10-18 is 15 working days with both ends counted, to 10-17 is 14."""
    doc = build(fil("f-shut", announcement={"start": "2024-09-25", "end": end},
                    effective_on="2024-10-21"), acc("tt", closed_on="2024-10-21"))  # fmt: skip
    assert fired(policy, "announcement_period", doc) == found


@pytest.mark.parametrize(("changed", "found"), [("2026-03-16", []), ("2026-03-17", ["warning"])])
def test_password_change_on_the_transfer_day(
    policy: Policy, changed: str, found: list[str]
) -> None:
    doc = build(ev("mv", passwords_changed_on=changed))
    assert fired(policy, "transfer_passwords_changed", doc) == found


# --------------------------------------------------------------------------- 2027 is unknown


@pytest.mark.parametrize(
    ("start", "severity", "evidence"),
    [
        ("2026-12-01", None, None),  # 2026 alone holds 23 working days: met
        ("2026-12-28", "error", {"workdays": {"at_least": 4, "at_most": 12, "unknown_year": 2027},
                                 "required": 15, "acted_on": "2027-01-11"}),  # short
        ("2026-12-21", "indeterminate", {"unknown_year": 2027, "at_least": 9, "at_most": 17}),
    ],
)  # fmt: skip
def test_announcement_into_2027(
    policy: Policy, start: str, severity: str | None, evidence: dict[str, Any] | None
) -> None:
    doc = build(fil("f-shut", announcement={"start": start, "end": "2027-01-08"},
                    effective_on="2027-01-11"), acc("tt", closed_on="2027-01-11"))  # fmt: skip
    found = policy.evaluate({**doc, "as_of": "2027-01-20"}).by_rule("announcement_period")
    if severity is None:
        assert found == []
    else:
        [finding] = found
        assert (finding.severity, finding.evidence) == (severity, evidence)
        if severity == "indeterminate":
            assert "至少 9、至多 17 个工作日" in finding.message
            assert "2027" in finding.message


@pytest.mark.parametrize(
    ("effective_on", "severity"),
    [
        ("2027-01-03", "indeterminate"),  # 13 to 17 working days: maybe early, maybe not
        ("2027-01-04", "indeterminate"),  # on the announced end
        ("2027-01-05", None),  # after the announced end: never early, whatever 2027 holds
    ],
)
def test_closed_after_the_announced_end_is_decided_into_2027(
    policy: Policy, effective_on: str, severity: str | None
) -> None:
    """Announced 2026-12-14..2027-01-04: acting after that end cannot be acting before
    it, so the unknown count of working days never leaves the warning undecided."""
    doc = build(fil("f-shut", announcement={"start": "2026-12-14", "end": "2027-01-04"},
                    effective_on=effective_on), acc("tt", closed_on=effective_on))  # fmt: skip
    assert fired(policy, "closed_before_notice_end", {**doc, "as_of": "2027-02-01"}) == (
        [severity] if severity else []
    )


@pytest.mark.parametrize(
    ("published", "severity"),
    [
        ("2026-12-31", None),  # within the known part
        ("2027-01-11", None),  # the earliest the deadline can end: in time whatever 2027 is
        ("2027-01-12", "indeterminate"),  # in time only if 2027 starts with few days off
    ],
)
def test_disclosure_deadline_into_2027(
    policy: Policy, published: str, severity: str | None
) -> None:
    """Made on 2026-12-20: 9 working days are left in 2026, 11 more fall in 2027."""
    doc = build(ev("p-wx", info_made_on="2026-12-20", date=published, review__on=published))
    found = policy.evaluate({**doc, "as_of": "2027-01-20"}).by_rule("disclosed_in_time")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity:
        assert found[0].evidence == {
            "unknown_year": 2027, "earliest": "2027-01-11", "latest": "2027-02-16"
        }  # fmt: skip


def test_a_late_act_is_decided_though_2027_is_unknown() -> None:
    """With 2028 known (a calendar file) and 2027 not, a deadline that runs into 2027
    ends by 2027-02-16 under any lawful 2027: an act in 2028 is late."""
    text = (ROOT / "policies" / "anhua.policy").read_text(encoding="utf-8")
    policy = compile_policy(text, "anhua.policy")
    schedule_2028 = {2028: YearSchedule(2028, frozenset({D(2028, 1, 3)}), frozenset())}
    doc = build(ev("p-wx", info_made_on="2026-12-20", date="2028-03-01", review__on="2028-03-01"))
    found = policy.evaluate(
        {**doc, "as_of": "2028-03-02"}, calendar=CAL.with_schedules(schedule_2028)
    ).by_rule("disclosed_in_time")
    assert [f.severity for f in found] == ["warning"]
    assert "2027-02-16" in found[0].message  # the latest possible last day is shown


def test_training_due_in_2027(policy: Policy) -> None:
    doc = build(ev("tr", date="2026-01-05"))  # due 2027-01-05, if that is a working day
    assert fired(policy, "regular_security_training", {**doc, "as_of": "2027-01-05"}) == []
    assert fired(policy, "regular_security_training", {**doc, "as_of": "2027-01-06"}) == [
        "indeterminate"
    ]
