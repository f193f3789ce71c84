"""Whose accounts the Anhua rules judge (第二条, 第十一条, 第二十四条).

A village (residents') committee is a self-governing body, not the township government:
its accounts are not the regulation's 政务新媒体 (第二条), so no rule judges them and one
`info` per account says why. BASE (tests/test_anhua_rules.py) is a compliant township
with the WeChat account wx; the checks here add a village committee and its accounts.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import VILLAGE, acc, add, build, evaluate, seq

from policyengine.policy import Policy, load_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def _village_account(id_: str, **fields: Any) -> dict[str, Any]:
    record = {
        "id": id_,
        "name": f"小马沟村{id_}",
        "platform": "wechat",
        "sponsor": "cun",
        "opened_as": "unit",
        "purpose": "event",
        "status": "active",
        "opened_on": "2024-03-01",
        "managed_by": "小马沟村民委员会",
        "maintainers": [],
    }
    record.update(fields)
    return record


def _pairs(policy: Policy, doc: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.subject) for f in evaluate(policy, doc).findings)


def test_a_village_committees_accounts_are_noted_not_judged(policy: Policy) -> None:
    # Two accounts, no filing, nobody maintaining them, never updated, opened for an
    # event, on a platform of unknown approval, under the village's own management, and
    # a filing, a post, an incident, a transfer and a training of the village: every one
    # would break a rule were they the township's.
    doc = build(
        add("units", VILLAGE),
        add("accounts", _village_account("v1")),
        add("accounts", _village_account("v2", platform="douyin", status="closed",
                                         closed_on="2024-05-01")),
        add("filings", {"id": "f-v", "account": "v1", "kind": "open",
                        "submitted_on": "2024-03-05", "leader_approved": False}),
        add("events", {"id": "p-v", "kind": "post", "account": "v1", "date": "2024-03-02",
                       "repost": True}),
        add("events", {"id": "i-v", "kind": "security_incident", "account": "v1",
                       "date": "2024-04-02", "incident": "account_stolen"}),
        add("events", {"id": "t-v", "kind": "personnel_transfer", "unit": "cun",
                       "date": "2024-04-03", "staff": "wang", "handover": False,
                       "confidentiality_pledge": False}),
    )  # fmt: skip
    assert _pairs(policy, doc) == [
        ("village_committee_account", "v1"),
        ("village_committee_account", "v2"),
    ]


def test_a_village_account_takes_no_share_of_the_townships_one(policy: Policy) -> None:
    # wx is the township's one account; the village's two do not make it three, nor give
    # the village an allowance of its own.
    doc = build(
        add("units", VILLAGE),
        add("accounts", _village_account("v1", purpose="general")),
        add("accounts", _village_account("v2", purpose="general", platform="douyin")),
    )
    assert [f.subject for f in evaluate(policy, doc).by_rule("one_account_per_unit")] == []


@pytest.mark.parametrize(
    ("opened_on", "noted"),
    [("2026-11-19", ["v1"]), ("2026-11-20", ["v1"]), ("2026-11-21", [])],
)
def test_the_note_speaks_only_of_accounts_open_on_the_check_date(
    policy: Policy, opened_on: str, noted: list[str]
) -> None:
    # BASE is checked on 2026-11-20: an account opened the day after is not yet there.
    doc = build(add("units", VILLAGE), add("accounts", _village_account("v1", opened_on=opened_on)))
    found = evaluate(policy, doc).by_rule("village_committee_account")
    assert [f.subject for f in found] == noted


def test_the_townships_own_account_is_judged_whoever_runs_it(policy: Policy) -> None:
    # the same breaches on the township's account are reported: only the sponsor decides
    doc = build(add("units", VILLAGE), acc("wx", maintainers=[]))
    assert ("maintained", "wx") in _pairs(policy, doc)
    doc = build(seq(add("units", VILLAGE), acc("wx", maintainers=[], sponsor="cun")))
    assert _pairs(policy, doc) == [("village_committee_account", "wx")]


def test_the_note_says_why(policy: Policy) -> None:
    doc = build(add("units", VILLAGE), add("accounts", _village_account("v1")))
    (f,) = evaluate(policy, doc).by_rule("village_committee_account")
    assert "由村（居）民委员会 小马沟村民委员会 开办，不属于第二条所称" in f.messages.zh
    assert "is run by 小马沟村民委员会, a village or residents' committee" in f.messages.en
