"""Accounts against their filings as they stood on the check date (第十四条, 第十六条).

A check as of a day states the position on that day: a filing submitted later did not
exist yet, and an approval, a collective decision or a record with the district office
dated later had not been given yet. Each boundary is tested on both sides: the day
before the check date, the check date itself, the day after.

BASE (tests/test_anhua_rules.py) is checked as of Friday 2026-11-20; wx is opened under
f-open, tt closed on 2024-04-01 under f-shut.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import AS_OF, DELETE, acc, build, evaluate, fil

from policyengine.policy import Policy, load_policy

BEFORE, ON, AFTER = "2026-11-19", AS_OF, "2026-11-21"
SIDES = pytest.mark.parametrize(
    "day", [BEFORE, ON, AFTER], ids=["day-before", "as-of", "day-after"]
)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def fired(policy: Policy, doc: dict[str, Any], *rules: str, **params: Any) -> list[tuple[str, str]]:
    """(rule, subject) of every finding of ``rules``, in the result's order."""
    result = evaluate(policy, doc, params or None)
    return [(f.rule, f.subject) for f in result.findings if f.rule in rules]


OPENING = ("account_opening_filed", "opened_before_approval", "opened_before_decision",
           "decision_and_leader", "decision_before_submission", "district_approval")  # fmt: skip
CLOSURE = ("closure_filed", "closure_approved", "closed_before_approval",
           "closed_before_decision", "decision_or_leader", "district_approval",
           "district_record")  # fmt: skip


# ------------------------------------------------------------------ a filing submitted later


@SIDES
def test_an_opening_filing_submitted_after_the_check_date_did_not_exist(
    policy: Policy, day: str
) -> None:
    """wx opened on the check date; its filing (decided, approved and entered the day
    it was submitted) submitted the day before, the same day, the day after."""
    doc = build(acc("wx", opened_on=ON),
                fil("f-open", submitted_on=day, collective_decision_on=day,
                    district_approved_on=day, national_system_filed_on=day,
                    municipal_system_filed_on=day))  # fmt: skip
    assert fired(policy, doc, *OPENING) == (
        [("account_opening_filed", "wx")] if day == AFTER else []
    )


@SIDES
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_a_closure_filing_submitted_after_the_check_date_did_not_exist(
    policy: Policy, day: str, mode: str
) -> None:
    """tt closed on 2024-04-01; its shutdown filing submitted the day before the check
    date, on it, the day after (its steps otherwise in order)."""
    doc = build(fil("f-shut", submitted_on=day))
    expected = [("closure_filed", "tt")] if day == AFTER else []
    if day == AFTER and mode == "strict":
        expected = [("closure_approved", "tt"), *expected]
    assert sorted(fired(policy, doc, *CLOSURE, approval_mode=mode)) == sorted(expected)


# ------------------------------------------------------------------ a step taken later


@SIDES
def test_an_approval_after_the_check_date_had_not_been_given(policy: Policy, day: str) -> None:
    """wx opened 2026-11-18 under a filing submitted 2026-11-10 and approved the day
    before the check date, on it, the day after: until the approval exists the account
    was opened unapproved (district_approval), after it, opened before approval."""
    doc = build(acc("wx", opened_on="2026-11-18"),
                fil("f-open", submitted_on="2026-11-10", collective_decision_on="2026-11-09",
                    district_approved_on=day, national_system_filed_on=day,
                    municipal_system_filed_on=day))  # fmt: skip
    result = evaluate(policy, doc)
    found = [(f.rule, f.subject) for f in result.findings if f.rule in OPENING]
    if day == AFTER:
        assert found == [("district_approval", "f-open")]
        (finding,) = result.by_rule("district_approval")
        assert finding.evidence == {"district_approved_on": None, "acted_on": "2026-11-18"}
        assert finding.remedy is not None and finding.remedy.zh.startswith(
            "账号未经批准已开设：应暂停运行"
        )
    else:
        assert found == [("opened_before_approval", "wx")]
        (finding,) = result.by_rule("opened_before_approval")
        assert finding.evidence == {"opened_on": "2026-11-18", "approved_on": day}
        assert finding.remedy is not None and finding.remedy.zh.startswith("账号已经批准")


@SIDES
def test_a_decision_after_the_check_date_had_not_been_taken(policy: Policy, day: str) -> None:
    """wx opened 2026-11-18 under a filing submitted and approved 2026-11-10 whose
    collective decision is dated the day before the check date, on it, the day after:
    a decision not yet taken is missing (decision_and_leader), not late."""
    doc = build(acc("wx", opened_on="2026-11-18"),
                fil("f-open", submitted_on="2026-11-10", collective_decision_on=day,
                    district_approved_on="2026-11-10", national_system_filed_on="2026-11-10",
                    municipal_system_filed_on="2026-11-10"))  # fmt: skip
    result = evaluate(policy, doc)
    found = sorted((f.rule, f.subject) for f in result.findings if f.rule in OPENING)
    if day == AFTER:
        assert found == [("decision_and_leader", "f-open")]
        (finding,) = result.by_rule("decision_and_leader")
        assert finding.messages.zh == "备案 f-open（开设）缺少单位集体研究（主要领导已同意）"
        assert finding.evidence == {
            "collective_decision_on": None,
            "leader_approved": True,
            "acted_on": "2026-11-18",
        }
    else:
        assert found == [("decision_before_submission", "f-open"), ("opened_before_decision", "wx")]
        assert (
            f"单位集体研究在 {day} 才进行"
            in result.by_rule("opened_before_decision")[0].messages.zh
        )


_CLOSURE_STEPS = [
    ("closed_before_approval", "district_approval",
     lambda day: fil("f-shut", district_approved_on=day)),
    ("closed_before_decision", "decision_and_leader",
     lambda day: fil("f-shut", collective_decision_on=day)),
]  # fmt: skip


@SIDES
@pytest.mark.parametrize(
    ("late", "missing", "patch"), _CLOSURE_STEPS, ids=[r for r, *_ in _CLOSURE_STEPS]
)
def test_a_closure_step_after_the_check_date_had_not_been_taken(
    policy: Policy, day: str, late: str, missing: str, patch: Any
) -> None:
    """Strict mode: tt stopped running 2026-11-18; its filing's approval or decision is
    dated the day before the check date, on it, the day after."""
    doc = build(acc("tt", closed_on="2026-11-18", certification__cancelled_on="2026-11-18"),
                patch(day))  # fmt: skip
    found = fired(policy, doc, late, missing, "decision_before_submission")
    if day == AFTER:
        expected = {(missing, "f-shut")}
    elif late == "closed_before_approval":
        expected = {(late, "tt")}
    else:  # submitted 2024-02-22, decided only now
        expected = {(late, "tt"), ("decision_before_submission", "f-shut")}
    assert set(found) == expected


@SIDES
def test_a_record_after_the_check_date_had_not_been_made(policy: Policy, day: str) -> None:
    """Lenient mode, 第十六条: tt stopped running 2026-11-18; its shutdown filing was
    recorded with the district office (never approved) the day before the check date, on
    it, the day after."""
    doc = build(acc("tt", closed_on="2026-11-18", certification__cancelled_on="2026-11-18"),
                fil("f-shut", district_approved_on=DELETE, district_filed_on=day))  # fmt: skip
    found = fired(policy, doc, *CLOSURE, approval_mode="lenient")
    assert found == ([("district_record", "f-shut")] if day == AFTER else [])


# ------------------------------------------------------------------ the review's two cases


def test_an_account_opened_with_its_filing_made_only_later_has_no_filing(policy: Policy) -> None:
    """As of 2024-06-03 wx had been open since 2024-05-06; its opening filing was
    submitted 2024-07-01 (decided 06-28, approved 07-10). On the check date there was no
    filing at all; a record dated 06-03 cannot speak of July."""
    doc = build(acc("wx", opened_on="2024-05-06"),
                fil("f-open", submitted_on="2024-07-01", collective_decision_on="2024-06-28",
                    district_approved_on="2024-07-10", national_system_filed_on="2024-07-11",
                    municipal_system_filed_on="2024-07-11"))  # fmt: skip
    doc["as_of"] = "2024-06-03"
    result = evaluate(policy, doc)
    assert [(f.rule, f.subject) for f in result.findings if f.rule in OPENING] == [
        ("account_opening_filed", "wx")
    ]
    (finding,) = result.by_rule("account_opening_filed")
    assert finding.messages.zh == "政务新媒体 安化发布 于 2024-05-06 开设，没有开设备案"
    assert all("2024-07" not in f.messages.zh and "2024-06-28" not in f.messages.zh
               for f in result.findings)  # fmt: skip


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_an_account_closed_with_its_filing_made_only_later_has_no_filing(
    policy: Policy, mode: str
) -> None:
    """As of 2024-06-03 tt had been closed since 2024-05-06 with no filing; a shutdown
    filing was submitted 2024-07-01."""
    doc = build(acc("tt", closed_on="2024-05-06", certification__cancelled_on="2024-05-06"),
                fil("f-shut", submitted_on="2024-07-01", collective_decision_on="2024-06-28",
                    district_approved_on="2024-07-10", effective_on="2024-05-06",
                    announcement={"start": "2024-04-01", "end": "2024-04-30"}))  # fmt: skip
    doc["as_of"] = "2024-06-03"
    found = sorted(fired(policy, doc, *CLOSURE, approval_mode=mode))
    assert found == sorted(
        [("closure_filed", "tt")] + ([("closure_approved", "tt")] if mode == "strict" else [])
    )


# ------------------------------------------------------------------ 第十六条 须经: decided first


def _kind(kind: str) -> Any:
    def patch(doc: dict[str, Any]) -> None:
        next(f for f in doc["filings"] if f["id"] == "f-shut")["kind"] = kind

    return patch


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("kind", ["shutdown", "change"])
@pytest.mark.parametrize(
    ("decided", "found"),
    [("2024-03-31", False), ("2024-04-01", False), ("2024-04-02", True)],
    ids=["day-before", "same-day", "day-after"],
)
def test_an_act_decided_only_after_it_took_effect(
    policy: Policy, mode: str, kind: str, decided: str, found: bool
) -> None:
    """tt closed (or f-shut's change took effect) on 2024-04-01; the unit decided the day
    before, the same day, the day after, and the leader did not consent."""
    doc = build(_kind(kind), fil("f-shut", collective_decision_on=decided, leader_approved=False))
    result = evaluate(policy, doc, {"approval_mode": mode})
    got = result.by_rule("decided_after_act")
    assert [(f.subject, f.article, f.severity) for f in got] == (
        [("f-shut", "第十六条", "error")] if found else []
    )
    for f in got:
        word = {"shutdown": "关停", "change": "变更"}[kind]
        assert f.messages.zh == (
            f"{word}于 2024-04-01 生效，单位集体研究在 2024-04-02 才进行，主要领导也未同意"
        )
        assert f.evidence == {
            "acted_on": "2024-04-01",
            "collective_decision_on": "2024-04-02",
            "leader_approved": False,
        }
    # 或: with the leader's consent either step will do, and the consent has no date
    consented = build(_kind(kind), fil("f-shut", collective_decision_on=decided))
    assert evaluate(policy, consented, {"approval_mode": mode}).by_rule("decided_after_act") == []


def test_a_decision_after_the_check_date_is_missing_not_late(policy: Policy) -> None:
    """A decision dated after the check date had not been taken on it: the filing has
    neither step then (decision_or_leader), and no finding speaks of the later date."""
    doc = build(fil("f-shut", collective_decision_on=AFTER, leader_approved=False))
    result = evaluate(policy, doc, {"approval_mode": "lenient"})
    assert result.by_rule("decided_after_act") == []
    assert [f.subject for f in result.by_rule("decision_or_leader")] == ["f-shut"]


def test_an_act_before_the_effective_date_is_not_judged_for_its_decision(policy: Policy) -> None:
    """第三十五条: the closure's day, not the paper's or the decision's, puts it in scope."""
    late = fil("f-shut", collective_decision_on="2023-11-02", leader_approved=False)
    for closed_on, found in (("2023-10-30", []), ("2023-10-31", ["f-shut"])):
        doc = build(acc("tt", closed_on=closed_on, certification__cancelled_on=closed_on), late)
        assert [f.subject for f in evaluate(policy, doc).by_rule("decided_after_act")] == found
