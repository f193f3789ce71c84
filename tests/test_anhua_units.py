"""Whose accounts the Anhua rules judge (第二条, 第十一条, 第二十四条).

A village (residents') committee is a self-governing body, not the township government:
its accounts are not the regulation's 政务新媒体 (第二条), so no rule judges them and one
`info` per account says why. BASE (tests/test_anhua_rules.py) is a compliant township
with the WeChat account wx; the checks here add a village committee and its accounts.

An internal office is part of the township government, not a unit of its own: with one
township in the facts, its accounts count in the township's one account (第十一条) and
the township's training covers its staff (第二十四条).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import VILLAGE, acc, add, build, ev, evaluate, seq

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


# --------------------------------------------------------------------------- internal offices

OFFICE = {"id": "dzb", "name": "安化彝族乡党政综合办公室", "kind": "internal_office"}
WEIBO = {
    "id": "wb",
    "name": "安化综合办微博",
    "platform": "weibo",
    "platform_approved": True,
    "sponsor": "dzb",
    "opened_as": "unit",
    "purpose": "general",
    "status": "active",
    "opened_on": "2020-05-01",
    "managed_by": "宣传文化中心",
    "maintainers": ["b"],
    "security_officer": "zhao-gang",
}


def _rule(policy: Policy, doc: dict[str, Any], rule: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f.subject, dict(f.evidence)) for f in evaluate(policy, doc).by_rule(rule)]


def test_an_internal_offices_account_is_the_townships_second(policy: Policy) -> None:
    doc = build(add("units", OFFICE), add("accounts", WEIBO))
    found = _rule(policy, doc, "one_account_per_unit")
    assert [(s, e["accounts"], e["through_internal_offices"]) for s, e in found] == [
        ("anhua", 2, 1)
    ]
    (f,) = evaluate(policy, doc).by_rule("one_account_per_unit")
    assert "（其中 1 个由内设机构开办）" in f.messages.zh
    assert "(1 of them through its internal offices)" in f.messages.en


def test_an_internal_offices_account_alone_is_the_townships_one(policy: Policy) -> None:
    # wx closed: the office's account is the township's only one
    doc = build(add("units", OFFICE), add("accounts", WEIBO),
                acc("wx", status="closed", closed_on="2026-11-01"))  # fmt: skip
    assert _rule(policy, doc, "one_account_per_unit") == []


def test_with_two_townships_an_office_is_counted_on_its_own(policy: Policy) -> None:
    other = {"id": "jc", "name": "江城镇人民政府", "kind": "township_government"}
    second = dict(WEIBO, id="wb2", platform="douyin")
    doc = build(add("units", OFFICE), add("units", other), add("accounts", WEIBO),
                add("accounts", second))  # fmt: skip
    found = _rule(policy, doc, "one_account_per_unit")
    assert [(s, e["accounts"], e["through_internal_offices"]) for s, e in found] == [("dzb", 2, 0)]


# A unit of kind other is a 乡属 unit (a centre or station of the township): with one
# township in the file its accounts are the township's under 第十一条, as they are under
# 第十四条 to 第十七条; with two townships it is counted on its own.
CENTRE = {"id": "nyzx", "name": "安化彝族乡农业农村综合服务中心", "kind": "other"}
CENTRE_WX = dict(WEIBO, id="ny", name="安化农技", platform="wechat", sponsor="nyzx")
JIANGCHENG = {"id": "jc", "name": "江城镇人民政府", "kind": "township_government"}


def _counted(policy: Policy, doc: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    return [(s, e["accounts"], e["through_internal_offices"], e["through_township_units"])
            for s, e in _rule(policy, doc, "one_account_per_unit")]  # fmt: skip


@pytest.mark.parametrize(
    ("patches", "found"),
    [([], [("anhua", 2, 0, 1)]),
     # the township's own account closed: the centre's is the township's one
     ([acc("wx", status="closed", closed_on="2026-11-01")], []),
     ([add("units", OFFICE), add("accounts", WEIBO)], [("anhua", 3, 1, 1)]),
     # with two townships the centre cannot be placed: counted on its own
     ([add("units", JIANGCHENG)], []),
     ([add("units", JIANGCHENG), add("accounts", dict(CENTRE_WX, id="ny2", platform="douyin"))],
      [("nyzx", 2, 0, 0)])],
    ids=["township and centre", "centre's alone", "office and centre", "two townships",
         "two townships, centre runs two"],
)  # fmt: skip
def test_a_township_units_account_is_the_townships(
    policy: Policy, patches: list[Any], found: list[tuple[str, int, int, int]]
) -> None:
    doc = build(add("units", CENTRE), add("accounts", CENTRE_WX), *patches)
    assert _counted(policy, doc) == found


def test_the_message_says_how_many_a_township_unit_opened(policy: Policy) -> None:
    doc = build(add("units", CENTRE), add("accounts", CENTRE_WX))
    (f,) = evaluate(policy, doc).by_rule("one_account_per_unit")
    assert f.messages.zh == (
        "安化彝族乡人民政府 开办了 2 个在用的政务新媒体账号（其中 1 个由乡属单位开办），"
        "原则上只开办 1 个，应清理整合"
    )
    assert "(1 of them through units of the township)" in f.messages.en
    doc = build(add("units", CENTRE), add("accounts", CENTRE_WX), add("units", OFFICE),
                add("accounts", WEIBO))  # fmt: skip
    (f,) = evaluate(policy, doc).by_rule("one_account_per_unit")
    assert "（其中 1 个由内设机构开办，1 个由乡属单位开办）" in f.messages.zh
    assert "(1 of them through its internal offices, 1 through units of the township)" in (
        f.messages.en
    )


def test_an_internal_office_has_no_training_duty_of_its_own(policy: Policy) -> None:
    # the township trained the office's maintainer b (BASE: tr, 2026-06-18, unit anhua)
    doc = build(add("units", OFFICE), add("accounts", WEIBO))
    assert _rule(policy, doc, "regular_security_training") == []


# The township's own training gone, the office's training counts for the township. The
# check is on Friday 2026-11-20: a training on 2025-11-20 is due again by 2026-11-20.
@pytest.mark.parametrize(
    ("trained_on", "found"),
    [("2025-11-19", ["anhua"]), ("2025-11-20", []), ("2025-11-21", [])],
)
def test_an_offices_training_is_the_townships(
    policy: Policy, trained_on: str, found: list[str]
) -> None:
    doc = build(add("units", OFFICE), add("accounts", WEIBO), ev("tr", unit="dzb", date=trained_on))
    assert [s for s, _ in _rule(policy, doc, "regular_security_training")] == found


def test_a_village_account_being_shut_down_is_noted_not_judged(policy: Policy) -> None:
    # A village account under an announced shutdown whose last security assessment
    # failed: 第十七条's while-closing warning would apply were it the township's.
    doc = build(
        add("units", VILLAGE),
        add("accounts", _village_account("v1", purpose="general", maintainers=["cw"])),
        add("filings", {"id": "f-v", "account": "v1", "kind": "shutdown",
                        "submitted_on": "2026-11-02", "leader_approved": True,
                        "announcement": {"start": "2026-11-09", "end": "2026-12-18"},
                        "effective_on": "2026-12-21"}),
        add("events", {"id": "a-v", "kind": "security_assessment", "account": "v1",
                       "date": "2026-10-01", "passed": False}),
    )  # fmt: skip
    assert _pairs(policy, doc) == [("village_committee_account", "v1")]
