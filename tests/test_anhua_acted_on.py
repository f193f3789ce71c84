"""第十四条–第十六条 filing rules judged by the ACT a filing is for (`acted_on`), not by
the day its paper was submitted.

第三十五条 (自发布之日起施行, 2023-10-31 in force) and 第十四条/第十六条, which attach every
step to the opening, change, shutdown or cancellation itself: an act before 2023-10-31 is
not judged through a paper handed in later, and an act from that day on is judged though
its paper is older. An account still running on the check date was not closed, whatever
day the filing planned. One short announcement is one error.

BASE (tests/test_anhua_rules.py, checked on Friday 2026-11-20) has wx opened 2023-12-01
under f-open and tt closed 2024-04-01 under f-shut.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from test_anhua_rules import DELETE, Patch, acc, add, build, evaluate, fil, seq

from policyengine.policy import Policy, load_policy

DAY = datetime.timedelta(days=1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def subjects(policy: Policy, doc: dict[str, Any], rule: str, **params: Any) -> list[str]:
    return [f.subject for f in evaluate(policy, doc, params or None).by_rule(rule)]


def _shift(day: str, days: int) -> str:
    return (datetime.date.fromisoformat(day) + days * DAY).isoformat()


# --------------------------------------------------------------------------- act x paper


# Each filing rule with the facts that break it, given the day of the act and the day
# the paper was submitted: wx opened on the act's day under f-open, or tt closed on it
# under f-shut.
def _opened(act: str, paper: str, **fields: Any) -> Patch:
    steps = {"submitted_on": paper, "collective_decision_on": _shift(paper, -1)}
    return seq(acc("wx", opened_on=act), fil("f-open", **{**steps, **fields}))


def _closed(act: str, paper: str, **fields: Any) -> Patch:
    steps = {"submitted_on": paper, "collective_decision_on": _shift(paper, -1),
             "effective_on": act}  # fmt: skip
    return seq(
        acc("tt", closed_on=act, certification__cancelled_on=act),
        fil("f-shut", **{**steps, **fields}),
    )


BREACHES: dict[str, tuple[str, Callable[[str, str], Patch], dict[str, Any]]] = {
    "decision_and_leader": ("f-open", lambda a, p: _opened(a, p, leader_approved=False), {}),
    "decision_before_submission": (
        "f-open",
        lambda a, p: seq(_opened(a, p), fil("f-open", collective_decision_on=_shift(p, 1))), {}),
    "district_approval": ("f-open", lambda a, p: _opened(a, p, district_approved_on=DELETE), {}),
    "both_systems_filed": (
        "f-open", lambda a, p: _opened(a, p, municipal_system_filed_on=DELETE), {}),
    "systems_filed_in_time": (
        "f-open", lambda a, p: _opened(a, p, district_approved_on=_shift(p, 1),
                                       national_system_filed_on=_shift(p, 40),
                                       municipal_system_filed_on=_shift(p, 40)),
        {"filing_within_workdays": 1}),
    "opening_materials": (
        "f-open", lambda a, p: _opened(a, p, materials=["registration_form"]), {}),
    "decision_or_leader": (
        "f-shut", lambda a, p: seq(_closed(a, p, leader_approved=False),
                                   fil("f-shut", collective_decision_on=DELETE)), {}),
    # the leader did not consent and the unit decided the day after the act
    "decided_after_act": (
        "f-shut",
        lambda a, p: _closed(a, p, leader_approved=False, collective_decision_on=_shift(a, 1)),
        {},
    ),
    "district_record": ("f-shut", lambda a, p: _closed(a, p, district_approved_on=DELETE), {}),
    "public_announcement": ("f-shut", lambda a, p: _closed(a, p, announcement=DELETE), {}),
    # announced from 20 to 10 days before the act: fewer than 15 working days, over
    "announcement_period": (
        "f-shut", lambda a, p: _closed(a, p, announcement={"start": _shift(a, -20),
                                                           "end": _shift(a, -10)}), {}),
    # announced from 5 days before the act to 20 days after: cut short
    "closed_in_minimum_notice": (
        "f-shut", lambda a, p: _closed(a, p, announcement={"start": _shift(a, -5),
                                                           "end": _shift(a, 20)}), {}),
    # announced from 30 days before the act (17 or more working days) to 10 days after
    "closed_before_notice_end": (
        "f-shut", lambda a, p: _closed(a, p, announcement={"start": _shift(a, -30),
                                                           "end": _shift(a, 10)}), {}),
}  # fmt: skip


def test_every_filing_rule_of_14_to_16_is_here(policy: Policy) -> None:
    filing_rules = {r.decl.name for r in policy.rules if r.kind == "filing"}
    assert filing_rules == set(BREACHES)


@pytest.mark.parametrize("rule", sorted(BREACHES))
@pytest.mark.parametrize(
    ("act", "judged"), [("2023-10-30", False), ("2023-10-31", True), ("2023-11-01", True)]
)
@pytest.mark.parametrize("paper", ["2023-10-20", "2023-11-15"])
def test_the_act_not_the_paper_decides_whether_the_regulation_applies(
    policy: Policy, rule: str, act: str, judged: bool, paper: str
) -> None:
    """A paper before all three acts (2023-10-20) or after them (2023-11-15): only the
    act's day, the day before 2023-10-31, the day and the day after, decides."""
    subject, breach, params = BREACHES[rule]
    doc = build(breach(act, paper))
    assert subjects(policy, doc, rule, **params) == ([subject] if judged else [])


# --------------------------------------------------------------------------- the cases


def test_a_closure_before_the_regulation_papered_after_is_not_judged(policy: Policy) -> None:
    """Closed 2023-10-30, its shutdown paper of 2023-11-02 without decision, record,
    approval or system entry, announced 2023-10-16..10-27 (10 working days); with and
    without the announcement: nothing under 第十四条–第十六条."""
    bare = _closed("2023-10-30", "2023-11-02", leader_approved=False,
                   district_approved_on=DELETE, national_system_filed_on=DELETE,
                   municipal_system_filed_on=DELETE,
                   announcement={"start": "2023-10-16", "end": "2023-10-27"})  # fmt: skip
    for doc in (
        build(bare, fil("f-shut", collective_decision_on=DELETE)),
        build(bare, fil("f-shut", collective_decision_on=DELETE, announcement=DELETE)),
    ):
        assert [f.rule for f in evaluate(policy, doc).findings if f.subject == "f-shut"] == []


def test_an_opening_before_the_regulation_papered_after_is_not_judged(policy: Policy) -> None:
    """Opened 2023-10-01, an opening paper of 2023-11-15 with nothing attached: not a
    新开设 under the regulation (and account_opening_filed needs none)."""
    doc = build(_opened("2023-10-01", "2023-11-15", leader_approved=False,
                        collective_decision_on=DELETE, district_approved_on=DELETE,
                        national_system_filed_on=DELETE, municipal_system_filed_on=DELETE,
                        materials=[]))  # fmt: skip
    assert [f.rule for f in evaluate(policy, doc).findings if f.subject in ("f-open", "wx")] == []


def test_an_opening_after_the_regulation_on_an_older_paper_is_judged(policy: Policy) -> None:
    """Opened 2023-11-06 on a paper of 2023-10-20 without consent, approval, materials
    or system entry: 第十四条 and 第十五条 apply in full."""
    doc = build(_opened("2023-11-06", "2023-10-20", leader_approved=False,
                        district_approved_on=DELETE, national_system_filed_on=DELETE,
                        municipal_system_filed_on=DELETE, materials=[]))  # fmt: skip
    found = sorted(f.rule for f in evaluate(policy, doc).findings if f.subject == "f-open")
    assert found == ["both_systems_filed", "decision_and_leader", "district_approval",
                     "opening_materials"]  # fmt: skip


def test_a_closure_after_the_regulation_on_an_older_paper_is_judged(policy: Policy) -> None:
    """Closed 2023-11-27 after 20 working days of announcement (10-23..11-24), on a
    paper of 2023-10-20 without decision, record or system entry."""
    doc = build(_closed("2023-11-27", "2023-10-20", leader_approved=False,
                        district_approved_on=DELETE, national_system_filed_on=DELETE,
                        announcement={"start": "2023-10-23", "end": "2023-11-24"}),
                fil("f-shut", collective_decision_on=DELETE))  # fmt: skip
    found = sorted(f.rule for f in evaluate(policy, doc).findings if f.subject == "f-shut")
    assert found == ["both_systems_filed", "decision_and_leader", "decision_or_leader",
                     "district_approval", "district_record"]  # fmt: skip


@pytest.mark.parametrize(
    ("paper", "start", "end", "workdays"),
    [
        # wholly under the regulation: 2023-11-01..11-10, 8 working days
        ("2023-10-25", "2023-11-01", "2023-11-10", 8),
        # ended before it: 2023-10-09..10-20, 10 working days
        ("2023-10-08", "2023-10-09", "2023-10-20", 10),
    ],
)
def test_a_short_announcement_for_a_closure_under_the_regulation_is_judged(
    policy: Policy, paper: str, start: str, end: str, workdays: int
) -> None:
    """Closed on 2023-12-01 and 2023-11-20 after an announcement that ran its short
    course: the closure, under the regulation, decides; announced before it or not."""
    closed = "2023-12-01" if start > "2023-10-31" else "2023-11-20"
    doc = build(_closed(closed, paper, announcement={"start": start, "end": end}))
    result = evaluate(policy, doc)
    assert [(f.subject, f.evidence["workdays"]) for f in result.by_rule("announcement_period")] == [
        ("f-shut", workdays)
    ]
    assert result.by_rule("closed_in_minimum_notice") == []


def _cancel_after_shutdown(**cancel: Any) -> Patch:
    """tt shut down by the book on 2024-04-01 (f-shut); a cancellation f-cancel handed in
    2024-10-20, announced 2024-10-24..11-22, not approved, recorded nor entered."""
    return add("filings", {
        "id": "f-cancel", "account": "tt", "kind": "cancel", "submitted_on": "2024-10-20",
        "collective_decision_on": "2024-10-18", "leader_approved": True,
        "announcement": {"start": "2024-10-24", "end": "2024-11-22"}, **cancel})  # fmt: skip


def test_a_pending_cancellation_after_a_shutdown_breaks_nothing(policy: Policy) -> None:
    """The shutdown of 2024-04-01 is not the pending cancellation's act: checked on
    2024-11-10 with no effective_on, the cancellation has not happened."""
    doc = build(acc("tt", status="cancelled"), _cancel_after_shutdown())
    doc["as_of"] = "2024-11-10"
    found = [f.rule for f in evaluate(policy, doc).findings if f.subject == "f-cancel"]
    assert found == []
    # once it takes effect (2024-11-25, after the announcement), the missing approval,
    # record and system entry are breaches
    doc = build(acc("tt", status="cancelled"), _cancel_after_shutdown(effective_on="2024-11-25"))
    found = sorted(f.rule for f in evaluate(policy, doc).findings if f.subject == "f-cancel")
    assert found == ["both_systems_filed", "district_approval", "district_record"]


# --------------------------------------------------------------------------- 31: no act


_NOT_APPROVED = fil("f-shut", district_approved_on=DELETE, national_system_filed_on=DELETE)


@pytest.mark.parametrize(
    ("account", "found"),
    [
        # still running on the check date: the planned 2024-04-01 was not carried out
        (acc("tt", status="active", closed_on=DELETE, certification__cancelled_on=DELETE), False),
        # closed on a recorded day
        (acc("tt", status="closed"), True),
        # closed on a day not recorded: the filing's planned day stands in for it
        (acc("tt", status="closed", closed_on=DELETE), True),
        # cancelled on a day not recorded
        (acc("tt", status="cancelled", closed_on=DELETE), True),
    ],
    ids=["active", "closed_on", "closed-undated", "cancelled-undated"],
)
def test_an_account_still_running_was_not_closed(
    policy: Policy, account: Patch, found: bool
) -> None:
    """第十六条 judges the closure that happened: a shutdown filing whose planned day has
    passed while the account still runs has no act, so no short-notice, early-closure,
    approval, record or system-entry finding."""
    checks = {
        "closed_in_minimum_notice": fil(
            "f-shut", announcement={"start": "2024-03-25", "end": "2024-04-30"}
        ),
        "closed_before_notice_end": fil("f-shut", announcement__end="2024-04-30"),
        "announcement_period": fil("f-shut", announcement__end="2024-03-20"),
        "public_announcement": fil("f-shut", announcement=DELETE),
        "district_approval": _NOT_APPROVED,
        "district_record": _NOT_APPROVED,
        "both_systems_filed": _NOT_APPROVED,
    }
    for rule, breach in checks.items():
        doc = build(breach, account)
        assert subjects(policy, doc, rule) == (["f-shut"] if found else []), rule


def test_a_running_account_keeps_its_requests_own_defects(policy: Policy) -> None:
    """A shutdown requested without decision or consent is defective from its
    submission, whether or not the account has closed since (the act still to come is
    governed by the regulation)."""
    doc = build(acc("tt", status="active", closed_on=DELETE),
                fil("f-shut", collective_decision_on=DELETE, leader_approved=False))  # fmt: skip
    assert subjects(policy, doc, "decision_or_leader") == ["f-shut"]
    assert subjects(policy, doc, "decision_and_leader") == ["f-shut"]


# --------------------------------------------------------------------------- pending and unknown


@pytest.mark.parametrize(("opened_on", "act_rules"), [("2026-11-19", True), ("2026-11-20", True),
                                                      ("2026-11-21", False)])  # fmt: skip
def test_a_request_for_an_act_still_to_come(
    policy: Policy, opened_on: str, act_rules: bool
) -> None:
    """An opening planned the day after the check date (2026-11-20), requested on
    2026-11-02 without consent, approval or materials: the request's own defects are
    judged (on the check date: the act to come is under the regulation); the approval
    and the systems only once the account has opened."""
    doc = build(_opened(opened_on, "2026-11-02", leader_approved=False,
                        district_approved_on=DELETE, municipal_system_filed_on=DELETE,
                        materials=[]))  # fmt: skip
    found = sorted(f.rule for f in evaluate(policy, doc).findings if f.subject == "f-open")
    paper = ["decision_and_leader", "opening_materials"]
    act = ["both_systems_filed", "district_approval"]
    assert found == sorted(paper + act if act_rules else paper)


def _bare_change(submitted_on: str, **fields: Any) -> Patch:
    """A change of wx without decision, consent, approval, record, system entry or
    announcement."""
    bare = {"id": "f-chg", "account": "wx", "kind": "change", "leader_approved": False}
    return add("filings", {**bare, "submitted_on": submitted_on, **fields})


def _rules_of(policy: Policy, doc: dict[str, Any], subject: str) -> list[str]:
    return sorted(f.rule for f in evaluate(policy, doc).findings if f.subject == subject)


def test_a_change_of_unknown_day_is_judged_only_on_its_paper(policy: Policy) -> None:
    """A change with no effective_on (not yet decided when it takes effect), without
    decision, consent, approval, system entry or announcement: the announcement may
    still come before the change, and the approval before it; the request lacks its
    decision now."""
    doc = build(_bare_change("2026-10-12"))
    assert _rules_of(policy, doc, "f-chg") == ["decision_and_leader", "decision_or_leader"]
    # with a paper of before the effective date and no effective day, the paper decides
    doc["filings"][-1]["submitted_on"] = "2023-10-30"
    assert _rules_of(policy, doc, "f-chg") == []


@pytest.mark.parametrize(
    ("submitted_on", "judged"), [("2026-11-19", True), ("2026-11-20", True), ("2026-11-21", False)]
)
def test_a_paper_submitted_after_the_check_date_is_not_judged(
    policy: Policy, submitted_on: str, judged: bool
) -> None:
    """A change that took effect on 2026-11-16, its paper (without consent, approval,
    record, system entry or announcement) handed in on the check date or after: on the
    check date there was no paper to judge."""
    doc = build(_bare_change(submitted_on, effective_on="2026-11-16"))
    found = _rules_of(policy, doc, "f-chg")
    every = ["both_systems_filed", "decision_and_leader", "decision_or_leader",
             "district_approval", "district_record", "public_announcement"]  # fmt: skip
    assert found == (every if judged else [])


# --------------------------------------------------------------------------- 38: one error


# announced 2024-03-01..03-14 (10 working days); tt closed on the day
@pytest.mark.parametrize(
    ("closed_on", "rule"),
    [
        ("2024-03-13", "closed_in_minimum_notice"),  # cut short, the day before the end
        ("2024-03-14", "closed_in_minimum_notice"),  # on the stated end: still cut short
        ("2024-03-15", "announcement_period"),  # the day after: it ran its short course
        ("2024-04-15", "announcement_period"),  # weeks later: still 10 working days
    ],
)
def test_one_short_announcement_is_one_error(policy: Policy, closed_on: str, rule: str) -> None:
    doc = build(fil("f-shut", announcement__end="2024-03-14", effective_on=closed_on),
                acc("tt", closed_on=closed_on))  # fmt: skip
    errors = [f.rule for f in evaluate(policy, doc).findings
              if f.subject == "f-shut" and f.article == "第十六条"]  # fmt: skip
    assert errors == [rule]


def test_a_short_announcement_over_the_spring_festival_is_one_error(policy: Policy) -> None:
    """2026-02-09..03-04: 14 working days across 春节 2026 (02-15..23 off, 02-14 and
    02-28 worked); closed the day after. Ending on 03-05 is 15: nothing."""
    doc = build(fil("f-shut", announcement={"start": "2026-02-09", "end": "2026-03-04"},
                    effective_on="2026-03-05"), acc("tt", closed_on="2026-03-05"))  # fmt: skip
    result = evaluate(policy, doc)
    [finding] = [f for f in result.findings if f.subject == "f-shut"]
    assert finding.rule == "announcement_period"
    assert finding.messages.zh == (
        "公告期 2026-02-09 至 2026-03-04 仅 14 个工作日，少于 15 个工作日；关停于 2026-03-05 生效"
    )
    assert finding.messages.en == (
        "the announcement from 2026-02-09 to 2026-03-04 lasted 14 "
        "working days, fewer than 15; the shutdown took effect on "
        "2026-03-05"
    )
    doc = build(fil("f-shut", announcement={"start": "2026-02-09", "end": "2026-03-05"},
                    effective_on="2026-03-06"), acc("tt", closed_on="2026-03-06"))  # fmt: skip
    assert [f.rule for f in evaluate(policy, doc).findings if f.subject == "f-shut"] == []


# --------------------------------------------------------------------------- 40: before it began


# announced 2024-03-04 (a Monday) to 2024-03-29; tt closed the day before, on it, after
@pytest.mark.parametrize(
    ("closed_on", "zh", "en"),
    [
        ("2024-03-03",
         "关停于 2024-03-03 生效时尚未公告（公告自 2024-03-04 才开始），"
         "应先公告不少于 15 个工作日再生效",
         "the shutdown took effect on 2024-03-03, before the announcement began on 2024-03-04; "
         "it should have taken effect only after at least 15 working days of announcement"),
        ("2024-03-04",
         "关停于 2024-03-04 生效，与公告同日开始，生效前没有公告的工作日，少于 15 个工作日",
         "the shutdown took effect on 2024-03-04, the day the announcement began, with no "
         "working day of announcement before it, fewer than 15"),
        ("2024-03-05",
         "关停于 2024-03-05 生效，此前公告（自 2024-03-04 起）仅 1 个工作日，少于 15 个工作日",
         "the shutdown took effect on 2024-03-05 after only 1 working days of announcement "
         "(from 2024-03-04), fewer than 15"),
    ],
)  # fmt: skip
def test_a_closure_before_the_announcement_says_so(
    policy: Policy, closed_on: str, zh: str, en: str
) -> None:
    doc = build(fil("f-shut", announcement__start="2024-03-04", effective_on=closed_on),
                acc("tt", closed_on=closed_on))  # fmt: skip
    [finding] = evaluate(policy, doc).by_rule("closed_in_minimum_notice")
    assert (finding.messages.zh, finding.messages.en) == (zh, en)
