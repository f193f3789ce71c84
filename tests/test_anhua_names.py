"""Messages name an account as the public knows it — its name, not its ledger id — and
keep 第二条's split: a website is 网站 (website), anything else 账号 (account). The id
stays in the evidence. One row per rule that judges both, for each side of the split.

BASE (tests/test_anhua_rules.py): the website ``site`` (安化彝族乡人民政府门户网站) and the
WeChat account ``wx`` (安化发布), with a post, a map use and a security officer each.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from test_anhua_rules import DELETE, VILLAGE, acc, add, build, ev, evaluate

from policyengine.policy import Policy, load_policy

SITE = "安化彝族乡人民政府门户网站"
WX = "安化发布"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


class Row(NamedTuple):
    rule: str
    patch: Any
    zh: str  # the start of the Chinese message
    en: str  # a part of the English one
    account: str | None = None  # the id in the evidence, for a rule about an event


ROWS = [
    Row("standard_or_approved_map", ev("m-std", map_kind="other"),
        f"2026-05-08 网站 {SITE} 使用的地图是其他地图", f"on 2026-05-08 website {SITE} used",
        "site"),
    Row("standard_or_approved_map", ev("m-gs", approval_number="GS2019-1822"),
        f"2026-07-02 账号 {WX} 使用的地图所填", f"on 2026-07-02 account {WX} used", "wx"),
    Row("map_kind_unclear", ev("m-gs", map_kind="other"),
        f"2026-07-02 账号 {WX} 使用的地图登记为其他地图", f"account {WX} used a map", "wx"),
    Row("reviewed_before_publishing", ev("p-site", review=DELETE),
        f"2026-11-16 在网站 {SITE} 发布的信息没有", f"the post of 2026-11-16 on website {SITE}",
        "site"),
    Row("reviewed_before_publishing", ev("p-wx", review=DELETE),
        f"2026-11-18 在账号 {WX} 发布的信息没有", f"the post of 2026-11-18 on account {WX}", "wx"),
    Row("repost_cites_source", ev("p-wx", source=DELETE),
        f"2026-11-18 在账号 {WX} 转载的信息未注明来源", f"on account {WX} does not cite", "wx"),
    Row("repost_cites_source", ev("p-site", repost=True),
        f"2026-11-16 在网站 {SITE} 转载的信息未注明来源", f"on website {SITE} does not cite",
        "site"),
    Row("repost_not_altered", ev("p-wx", altered=True),
        f"2026-11-18 在账号 {WX} 转载的信息改动了原内容", f"on account {WX} altered", "wx"),
    Row("repost_from_authority", ev("p-wx", source_kind="other"),
        f"2026-11-18 在账号 {WX} 转载的信息来源", f"on account {WX} comes from", "wx"),
    Row("account_security_incident",
        add("events", {"id": "i-1", "kind": "security_incident", "account": "site",
                       "date": "2026-08-05", "incident": "defaced"}),
        f"网站 {SITE} 在 2026-08-05 发生安全事件", f"website {SITE} had a security incident",
        "site"),
    Row("account_security_incident",
        add("events", {"id": "i-1", "kind": "security_incident", "account": "wx",
                       "date": "2026-08-05", "incident": "account_stolen"}),
        f"账号 {WX} 在 2026-08-05 发生安全事件", f"account {WX} had a security incident", "wx"),
    Row("security_officer_named", acc("site", security_officer=DELETE),
        f"网站 {SITE} 没有明确安全责任人", f"website {SITE} has no named security officer"),
    Row("security_officer_named", acc("wx", security_officer=DELETE),
        f"账号 {WX} 没有明确安全责任人", f"account {WX} has no named security officer"),
    Row("security_officer_transferred", acc("site", security_officer="he-ping"),
        f"网站 {SITE} 的安全责任人 he-ping 已于", f"the security officer of website {SITE}"),
    Row("competent_department", acc("site", managed_by="宣传文化中心"),
        f"网站 {SITE} 的主管部门为 宣传文化中心", f"website {SITE} is managed by"),
    Row("competent_department", acc("wx", managed_by="综合管理办公室"),
        f"账号 {WX} 的主管部门为 综合管理办公室", f"account {WX} is managed by"),
    Row("village_committee_account", (add("units", VILLAGE), acc("site", sponsor="cun")),
        f"网站 {SITE} 由村（居）民委员会", f"website {SITE} is run by"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.rule}-{r.zh[:14]}" for r in ROWS])
def test_a_message_names_the_account_as_the_public_knows_it(policy: Policy, row: Row) -> None:
    patches = row.patch if isinstance(row.patch, tuple) else (row.patch,)
    found = evaluate(policy, build(*patches)).by_rule(row.rule)
    (f,) = [f for f in found if row.zh in f.messages.zh]
    assert f.messages.zh.startswith(row.zh)
    assert row.en in f.messages.en
    # never the ledger's key, never a website called an account
    for text in (f.messages.zh, f.messages.en):
        assert " site " not in text and " wx " not in text and not text.endswith(" wx")
    assert f"账号 {SITE}" not in f.messages.zh and f"account {SITE}" not in f.messages.en
    if row.account is not None:
        assert f.evidence["account"] == row.account
