"""第十七条 and 第十一条 while a 第十六条 shutdown is under way, at every boundary.

第十七条 orders an account nobody maintains, long silent or without security ensured
shut down; 第十六条 makes the township announce a shutdown or cancellation for at least
15 working days before it takes effect. While such a procedure runs (the filing made, its
announcement begun on or before the check date, the day it takes effect still to come)
the township is doing what 第十七条 asks, so neither the duties to close (no
maintainer, long silent) nor 第十一条's count of surplus accounts (应清理整合) hold the
account against it; an unrestored security failure is a warning meanwhile (the service
can be suspended), not an error. Once the planned day or the day after the announced end
has come, whichever is first, and the account still runs, they apply again.

The case: wx (BASE in tests/test_anhua_rules.py) with a shutdown filed 2026-10-28,
announced Monday 2026-11-02 to Sunday 2026-11-29 (November 2026 has no holiday), taking
effect Monday 2026-11-30.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, add, build, ev, evaluate, of_rule, seq

from policyengine.policy import Policy, load_policy

START, END, EFFECTIVE = "2026-11-02", "2026-11-29", "2026-11-30"

SHUTDOWN = {
    "id": "f-wx-shut",
    "account": "wx",
    "kind": "shutdown",
    "submitted_on": "2026-10-28",
    "collective_decision_on": "2026-10-27",
    "leader_approved": True,
    "district_approved_on": "2026-10-30",
    "national_system_filed_on": "2026-10-30",
    "municipal_system_filed_on": "2026-10-30",
    "announcement": {"start": START, "end": END},
    "effective_on": EFFECTIVE,
}

# wx broken three ways: nobody maintains it, its last post is of 2026-09-01, and its
# latest security assessment failed unrectified.
BROKEN = seq(
    acc("wx", maintainers=[]),
    ev("p-wx", date="2026-09-01", review={"reviewer": "liu-jun", "on": "2026-09-01"}),
    add("events", {"id": "sa-wx", "kind": "security_assessment", "account": "wx",
                   "date": "2026-08-03", "passed": False}),
)  # fmt: skip

# a second active WeChat account of the township, the one being closed
SECOND = seq(
    add("accounts", {"id": "wx2", "name": "安化资讯", "platform": "wechat",
                     "platform_approved": True, "sponsor": "anhua", "opened_as": "unit",
                     "purpose": "general", "status": "active", "opened_on": "2024-02-01",
                     "managed_by": "宣传文化中心",
                     "certification": {"verified": True, "shows_sponsor": True},
                     "maintainers": ["chen-li"], "security_officer": "zhao-gang"}),
    add("events", {"id": "p-wx2", "kind": "post", "account": "wx2", "date": "2026-11-18",
                   "repost": False}),
)  # fmt: skip

CLOSING_DUTIES = ["maintained", "security_not_ensured", "stale_account"]
WHILE_CLOSING = ["security_not_ensured_while_closing"]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def shutdown(**fields: Any) -> Any:
    record = {**SHUTDOWN, **fields}
    return add("filings", {k: v for k, v in record.items() if v is not DELETE})


def closing_findings(policy: Policy, doc: dict[str, Any], as_of: str) -> list[str]:
    result = evaluate(policy, {**doc, "as_of": as_of})
    rules = [*CLOSING_DUTIES, *WHILE_CLOSING]
    return sorted(f.rule for rule in rules for f in of_rule(result, rule))


@pytest.mark.parametrize(
    ("as_of", "pending"),
    [("2026-11-01", False), (START, True), ("2026-11-03", True),
     ("2026-11-29", True), (EFFECTIVE, False), ("2026-12-01", False)],
)  # fmt: skip
def test_the_duties_to_close_wait_for_an_announced_shutdown(
    policy: Policy, as_of: str, pending: bool
) -> None:
    """From the announcement's first day to the day before the shutdown takes effect the
    account is not charged with still running; before it, and from the day it was to take
    effect while it still runs, it is."""
    doc = build(BROKEN, shutdown())
    assert closing_findings(policy, doc, as_of) == (WHILE_CLOSING if pending else CLOSING_DUTIES)


def test_without_the_shutdown_the_duties_apply(policy: Policy) -> None:
    assert closing_findings(policy, build(BROKEN), "2026-11-10") == CLOSING_DUTIES


@pytest.mark.parametrize(
    ("fields", "pending"),
    [
        ({"kind": "cancel"}, True),
        ({"kind": "change"}, False),  # a change does not close the account
        ({"announcement": DELETE}, False),  # not announced: the procedure has not begun
        ({"submitted_on": "2026-11-11"}, False),  # not yet filed on the check date
    ],
    ids=["cancel", "change", "unannounced", "filed-later"],
)
def test_only_a_filed_and_announced_closure_is_under_way(
    policy: Policy, fields: dict[str, Any], pending: bool
) -> None:
    doc = build(BROKEN, shutdown(**fields))
    assert closing_findings(policy, doc, "2026-11-10") == (
        WHILE_CLOSING if pending else CLOSING_DUTIES
    )


@pytest.mark.parametrize("effective_on", [DELETE, "2027-06-30"], ids=["unplanned", "far-off"])
@pytest.mark.parametrize(
    ("as_of", "pending"), [("2026-11-26", True), ("2026-11-27", True), ("2026-11-28", False)]
)
def test_the_wait_ends_with_the_announcement(
    policy: Policy, effective_on: object, as_of: str, pending: bool
) -> None:
    """Announced to Friday 2026-11-27: without a planned day, or with one far later, the
    closure is due the day after; a far-off effective_on buys no more time."""
    doc = build(BROKEN, shutdown(announcement={"start": START, "end": "2026-11-27"},
                                 effective_on=effective_on))  # fmt: skip
    assert closing_findings(policy, doc, as_of) == (WHILE_CLOSING if pending else CLOSING_DUTIES)


@pytest.mark.parametrize(
    ("as_of", "pending"), [("2026-11-23", True), ("2026-11-24", False), ("2026-11-25", False)]
)
def test_a_planned_day_inside_the_announcement_ends_the_wait(
    policy: Policy, as_of: str, pending: bool
) -> None:
    """Planned for Tuesday 2026-11-24, before the announced end: due on that day
    (closed_before_notice_end judges the early closure itself)."""
    doc = build(BROKEN, shutdown(effective_on="2026-11-24"))
    assert closing_findings(policy, doc, as_of) == (WHILE_CLOSING if pending else CLOSING_DUTIES)


def test_the_warning_names_the_announcement_and_the_assessment(policy: Policy) -> None:
    result = evaluate(policy, {**build(BROKEN, shutdown()), "as_of": "2026-11-10"})
    (finding,) = of_rule(result, "security_not_ensured_while_closing")
    assert (finding.subject, finding.severity, finding.articles) == (
        "wx", "warning", ("第十七条", "第二十二条"))  # fmt: skip
    assert finding.evidence == {"last_assessed": "2026-08-03", "announced_until": END}
    assert finding.messages.zh == (
        "政务新媒体 安化发布 正在办理关停（公告至 2026-11-29），但最近一次安全测评（2026-08-03）"
        "未通过且未整改，公告期间应暂停服务或整改"
    )
    assert finding.messages.en.startswith(
        "new-media account 安化发布 is being closed (announced until 2026-11-29), but it failed"
    )


@pytest.mark.parametrize(
    ("as_of", "found"),
    [("2026-11-01", ["anhua"]), (START, []), ("2026-11-03", []),
     ("2026-11-29", []), (EFFECTIVE, ["anhua"]), ("2026-12-01", ["anhua"])],
)  # fmt: skip
def test_an_account_being_closed_is_not_the_surplus_one(
    policy: Policy, as_of: str, found: list[str]
) -> None:
    """第十一条 应清理整合: the second account, whose shutdown is announced, is being
    cleaned up; it counts again once the day it was to close has come."""
    doc = build(SECOND, shutdown(account="wx2"))
    result = evaluate(policy, {**doc, "as_of": as_of})
    assert [f.subject for f in of_rule(result, "one_account_per_unit")] == found
