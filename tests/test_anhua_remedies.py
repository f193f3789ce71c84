"""Remedies for acts pending and for acts completed (`remedy … if …`).

A remedy written for an act still pending (extend the announcement, suspend the
account) cannot be given for one completed years ago: there only an explanation to the
public or the district office, and doing it right next time, is left. BASE
(tests/test_anhua_rules.py) is checked on Friday 2026-11-20.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, build, ev, evaluate, fil

from policyengine.policy import Policy, load_policy
from policyengine.text import Text


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def remedies(policy: Policy, doc: dict[str, Any], rule: str) -> list[tuple[str, Text | None]]:
    return [(f.subject, f.remedy) for f in evaluate(policy, doc).by_rule(rule)]


# tt's shutdown, announced for only 10 working days (2026-11-02 to 2026-11-13), takes
# effect after the announcement, the day before the check, on it, or the day after: only
# an act done by the check date is judged, and it can only be explained (before it the
# announcement can still be extended, and there is no finding)
@pytest.mark.parametrize(
    ("closed_on", "found"),
    [("2026-11-19", True), ("2026-11-20", True), ("2026-11-21", False)],
)
def test_a_short_announcement_is_judged_once_the_act_is_done(
    policy: Policy, closed_on: str, found: bool
) -> None:
    doc = build(
        acc("tt", closed_on=closed_on),
        fil("f-shut", announcement={"start": "2026-11-02", "end": "2026-11-13"},
            effective_on=closed_on),
    )  # fmt: skip
    found_remedies = remedies(policy, doc, "announcement_period")
    assert len(found_remedies) == (1 if found else 0)
    for subject, remedy in found_remedies:
        assert subject == "f-shut" and remedy is not None
        assert remedy.zh.startswith("本次变更、关停或注销已经生效：向社会补充说明")
        assert "has taken effect: explain it to the public" in remedy.en


def test_a_closure_two_years_ago_is_explained_not_reopened(policy: Policy) -> None:
    # closed 2024-03-25 after 5 working days of an announcement of 2024-03-18 to 03-29
    doc = build(fil("f-shut", announcement={"start": "2024-03-18", "end": "2024-03-29"}),
                acc("tt", closed_on="2024-03-25"))  # fmt: skip
    ((_, remedy),) = remedies(policy, doc, "closed_in_minimum_notice")
    assert remedy is not None and "恢复账号" not in remedy.zh
    assert remedy.zh.startswith("本次变更、关停或注销已经生效：向社会补充说明其情况")
    # closed 2024-04-01, after that announcement of 10 working days had run its course
    doc = build(fil("f-shut", announcement={"start": "2024-03-18", "end": "2024-03-29"}))
    ((_, remedy),) = remedies(policy, doc, "announcement_period")
    assert remedy is not None and remedy.zh.startswith("本次变更、关停或注销已经生效")


def test_a_closure_before_the_announcement_is_explained(policy: Policy) -> None:
    # closed 2024-04-01, before an announcement of 2024-04-02 to 2024-04-30 began
    doc = build(fil("f-shut", announcement={"start": "2024-04-02", "end": "2024-04-30"}))
    ((_, remedy),) = remedies(policy, doc, "closed_in_minimum_notice")
    assert remedy is not None
    assert remedy.zh.startswith("本次变更、关停或注销在公告开始之前就已生效")
    assert remedy.en.startswith("this change, shutdown or cancellation took effect before")


def test_an_unannounced_act_is_announced_after_the_fact(policy: Policy) -> None:
    doc = build(fil("f-shut", announcement=DELETE))
    ((_, remedy),) = remedies(policy, doc, "public_announcement")
    assert remedy == Text(
        "本次变更、关停或注销已经生效而未公告：向社会补充公告说明其情况；"
        "今后先向社会公告不少于15个工作日，期满后再生效",
        "this change, shutdown or cancellation took effect unannounced: tell the public "
        "about it now; from now on, announce for at least 15 working days and act only "
        "after that",
    )


# wx opened 2023-12-01; the district approved it the day before the check, on it, after
# it (an approval not yet given on the check date: the account ran unapproved then)
@pytest.mark.parametrize(
    ("approved_on", "suspend"),
    [("2026-11-19", False), ("2026-11-20", False), ("2026-11-21", True)],
)
def test_an_account_is_suspended_only_while_unapproved(
    policy: Policy, approved_on: str, suspend: bool
) -> None:
    doc = build(fil("f-open", district_approved_on=approved_on))
    rule = "district_approval" if suspend else "opened_before_approval"
    ((_, remedy),) = remedies(policy, doc, rule)
    assert remedy is not None
    assert remedy.zh.startswith("账号未经批准已开设：应暂停运行") == suspend
    assert remedy.zh.startswith("账号已经批准：向区政府办公室说明") != suspend


def test_a_closed_account_is_not_suspended(policy: Policy) -> None:
    """An opening still unapproved on the check date, of an account since closed: there
    is nothing left to suspend."""
    doc = build(acc("wx", status="closed", closed_on="2026-11-19",
                    certification__cancelled_on="2026-11-19"),
                fil("f-open", district_approved_on="2026-11-21"))  # fmt: skip
    ((_, remedy),) = remedies(policy, doc, "district_approval")
    assert remedy is not None and remedy.zh == "报区政府办公室补办批准手续"


@pytest.mark.parametrize(
    ("changed_on", "zh"),
    [(DELETE, "立即更换调离人员掌握的账号口令"),
     ("2026-03-17", "口令已经更换；今后在调离时按期更换调离人员掌握的账号口令")],
)  # fmt: skip
def test_passwords_changed_late_are_not_changed_again(
    policy: Policy, changed_on: object, zh: str
) -> None:
    ((_, remedy),) = remedies(policy, build(ev("mv", passwords_changed_on=changed_on)),
                              "transfer_passwords_changed")  # fmt: skip
    assert remedy is not None and remedy.zh == zh
