"""A ledger that contradicts itself (policies/anhua.policy, 第十一条, 第十六条, 第十七条).

An account recorded as running (``status: active``) with a closing day (``closed_on``)
on or before the check date says both that it runs and that it was closed: neither is
proven, so whether it was in use on the check date is unknown. No finding rests on
either half (not 第十七条's "no maintainer yet running", not 第十一条's count, not
第十六条's closure without a filing); the rules that would judge it count it as
undecided, never as passed; and status_contradicts_closed_on names the two fields once.
A closing day after the check date is consistent (a closure planned), and the account
is judged as in use.

An account recorded as closed that still publishes after its closing day (a post, or a
map used) is posted_after_closure: the closure was not carried out or the ledger is
wrong, a notice (info) that cannot say which. A publication on the closing day itself is
consistent; one after the check date had not happened on it.

Every case runs at the boundary: the day before, the day, and the day after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_anhua_rules import AS_OF, BASE, Patch, acc, add, build

from policyengine.policy import Policy, load_policy
from policyengine.statement import compliance_statement

ROOT = Path(__file__).resolve().parent.parent

BEFORE, ON, AFTER = "2026-11-19", AS_OF, "2026-11-21"
CONTRADICTED = {BEFORE: True, ON: True, AFTER: False}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "anhua.policy")


def _running_with_closing_day(day: str, **fields: object) -> Patch:
    """wx as in BASE (running), with a closing day recorded and ``fields`` changed."""
    return acc("wx", closed_on=day, **fields)


@pytest.mark.parametrize("day", [BEFORE, ON, AFTER])
def test_the_contradiction_is_noted_once_naming_both_fields(policy: Policy, day: str) -> None:
    result = policy.evaluate(build(_running_with_closing_day(day)))
    found = result.by_rule("status_contradicts_closed_on")
    assert [f.subject for f in found] == (["wx"] if CONTRADICTED[day] else [])
    assert all(f.rule == "status_contradicts_closed_on" for f in result.findings)
    if found:
        (finding,) = found
        assert finding.severity == "info"
        assert finding.evidence == {"status": "active", "closed_on": day}
        assert f"关闭日期却登记为 {day}" in finding.messages.zh
        assert "状态登记为运行中" in finding.messages.zh
        assert f"closing day of {day}" in finding.messages.en


@pytest.mark.parametrize("day", [BEFORE, ON, AFTER])
@pytest.mark.parametrize(
    ("rule", "breach"),
    [
        # 第十七条: no maintainer, read as "still running"
        ("maintained", {"maintainers": []}),
        # 第十七条: no update for months, read as "still running"
        ("stale_account", {"opened_on": "2023-12-01"}),
    ],
)
def test_no_finding_rests_on_the_account_being_in_use(
    policy: Policy, day: str, rule: str, breach: dict[str, object]
) -> None:
    doc = build(_running_with_closing_day(day, **breach))
    if rule == "stale_account":
        doc["events"] = [e for e in doc["events"] if e.get("account") != "wx"]
    result = policy.evaluate(doc, outcomes=True)
    assert [f.subject for f in result.by_rule(rule)] == ([] if CONTRADICTED[day] else ["wx"])
    count = result.count_of(rule)
    assert count.outcomes is not None
    # undecided, never passed: the statement must not count it as met
    assert ("wx" in count.outcomes.undecided) == CONTRADICTED[day]
    assert "wx" not in count.outcomes.passed


@pytest.mark.parametrize("day", [BEFORE, ON, AFTER])
def test_a_contradicted_account_is_not_counted_in_the_one_account(policy: Policy, day: str) -> None:
    """第十一条 counts the accounts in use: an account whose use is unknown is not one of
    them, while one running with a closure still to come is."""
    second = {**BASE["accounts"][1], "id": "wb", "name": "安化微博", "platform": "weibo",
              "status": "active", "closed_on": day}  # fmt: skip
    result = policy.evaluate(build(add("accounts", second)))
    found = [f.subject for f in result.by_rule("one_account_per_unit")]
    assert found == ([] if CONTRADICTED[day] else ["anhua"])


@pytest.mark.parametrize("day", [BEFORE, ON, AFTER])
def test_no_finding_rests_on_the_account_being_closed(policy: Policy, day: str) -> None:
    """第十六条: an account recorded as running with a past closing day and no shutdown
    filing is not charged with a closure never filed; nor is its certification
    (第十七条) held against it."""
    result = policy.evaluate(build(_running_with_closing_day(day)), outcomes=True)
    for rule in ("closure_filed", "certification_cancelled"):
        assert result.by_rule(rule) == []
        count = result.count_of(rule)
        assert count.outcomes is not None
        assert ("wx" in count.outcomes.undecided) == CONTRADICTED[day], rule


def test_the_statement_counts_the_contradicted_account_as_undecided(policy: Policy) -> None:
    doc = build(_running_with_closing_day(BEFORE, maintainers=[]))
    result = policy.evaluate(doc)
    (article,) = [a for a in compliance_statement(policy, result) if a.article == "第十七条"]
    (line,) = [r for r in article.rules if r.rule == "maintained"]
    assert (line.count.examined, line.count.passed, line.count.undecided) == (1, 0, 1)


def test_a_closed_account_with_its_closing_day_is_consistent(policy: Policy) -> None:
    """status closed with a closing day on or before the check date says one thing."""
    result = policy.evaluate(build(acc("tt", closed_on=BEFORE)))
    assert result.by_rule("status_contradicts_closed_on") == []


# --------------------------------------------------------------------------- 关停后仍有发布
# BASE records tt (a 头条 account) as closed on 2024-04-01.

CLOSED_ON = "2024-04-01"


def _post_on_tt(day: str, id_: str = "p-tt") -> Patch:
    review = {"reviewer": "liu-jun", "on": day}
    post = {"id": id_, "kind": "post", "account": "tt", "date": day, "repost": False}
    return add("events", {**post, "review": review})


@pytest.mark.parametrize(
    ("day", "fires"), [("2024-03-31", False), (CLOSED_ON, False), ("2024-04-02", True)]
)
@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_a_publication_after_the_closing_day_is_named(
    policy: Policy, day: str, fires: bool, status: str
) -> None:
    result = policy.evaluate(build(acc("tt", status=status), _post_on_tt(day)))
    found = result.by_rule("posted_after_closure")
    assert [f.subject for f in found] == (["tt"] if fires else [])
    if found:
        (finding,) = found
        assert finding.severity == "info"
        assert finding.articles == ("第十七条", "第十六条")
        zh, en = ("（已注销）", " (cancelled)") if status == "cancelled" else ("", "")
        assert finding.messages.zh == (
            f"账号 安化彝族乡政府 登记于 {CLOSED_ON} 关停{zh}，"
            f"但 {day} 仍有发布：关停未落实或台账有误"
        )
        assert finding.messages.en == (
            f"account 安化彝族乡政府 is recorded as closed on {CLOSED_ON}{en}, yet it published on "
            f"{day}: either the closure was not carried out or the ledger is wrong"
        )
        assert finding.evidence["first_after"] == day


@pytest.mark.parametrize(
    ("day", "fires"), [("2026-11-19", True), (AS_OF, True), ("2026-11-21", False)]
)
def test_a_publication_after_the_check_date_is_not_seen(
    policy: Policy, day: str, fires: bool
) -> None:
    result = policy.evaluate(build(_post_on_tt(day)))
    assert [f.subject for f in result.by_rule("posted_after_closure")] == (["tt"] if fires else [])


@pytest.mark.parametrize(
    ("day", "fires"), [("2024-03-31", False), (CLOSED_ON, False), ("2024-04-02", True)]
)
def test_a_map_used_after_the_closing_day_is_a_publication(
    policy: Policy, day: str, fires: bool
) -> None:
    used = {"id": "m-tt", "kind": "map_use", "account": "tt", "date": day, "map_kind": "standard"}
    result = policy.evaluate(build(add("events", used)))
    assert [f.subject for f in result.by_rule("posted_after_closure")] == (["tt"] if fires else [])


def test_one_finding_per_account_with_the_first_and_last_publication(policy: Policy) -> None:
    doc = build(
        _post_on_tt("2024-06-01"),
        _post_on_tt("2025-01-10", "p-tt-2"),
        _post_on_tt("2024-04-01", "p-tt-3"),  # the closing day: not counted
        _post_on_tt("2026-12-01", "p-tt-4"),  # after the check date: not seen
    )
    (finding,) = policy.evaluate(doc).by_rule("posted_after_closure")
    assert finding.evidence == {"status": "closed", "closed_on": CLOSED_ON,
                                "first_after": "2024-06-01", "last_after": "2025-01-10",
                                "publications": 2}  # fmt: skip
    assert "但此后仍有 2 次发布（2024-06-01 至 2025-01-10）" in finding.messages.zh
    assert "published 2 times after that (2024-06-01 to 2025-01-10)" in finding.messages.en


@pytest.mark.parametrize("day", [BEFORE, ON, AFTER])
def test_a_running_account_with_posts_is_not_posted_after_closure(policy: Policy, day: str) -> None:
    """Recorded as running: a closing day still to come is a planned closure, and one
    already come is the contradiction status_contradicts_closed_on names (undecided
    here, not a second finding)."""
    doc = build(acc("wx", closed_on=day), add("events", {
        "id": "p-wx-2", "kind": "post", "account": "wx", "date": AS_OF, "repost": False,
        "review": {"reviewer": "liu-jun", "on": AS_OF}}))  # fmt: skip
    result = policy.evaluate(doc, outcomes=True)
    assert result.by_rule("posted_after_closure") == []
    count = result.count_of("posted_after_closure")
    assert count.outcomes is not None
    assert ("wx" in count.outcomes.undecided) == CONTRADICTED[day]
