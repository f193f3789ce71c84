"""Every rule of policies/anhua.policy (安政发〔2023〕29号), one table row at least each.

Each row starts from BASE (a small compliant township: zero findings), applies a patch
that breaks one rule, and checks the finding (rule, primary article, subject, severity);
then applies a minimal change on top of the breach and checks the rule is silent.
The table must name every rule of the policy, so a new rule without a row fails here.

Beyond the table: the effective date (第三十五条, 2023-10-31), approval_mode, unknown
values (Kleene logic), optional parameters, working days across 国庆/春节/劳动节 and the
examples/ files.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from policyengine.diagnostics import Lang
from policyengine.findings import Finding, Result
from policyengine.policy import Policy, load_facts, load_policy
from policyengine.schema import EnumType, ListType, SetType
from policyengine.syntax import ast

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"  # a Friday

Doc = dict[str, Any]
Patch = Callable[[Doc], None]
DELETE = object()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "anhua.policy")


# --------------------------------------------------------------------------- the base

# A township with a website, one WeChat account, an older 头条 account closed by the
# book, an opening and a shutdown filing, and the events that keep every rule quiet.
BASE: Doc = {
    "as_of": AS_OF,
    "units": [{"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}],
    "accounts": [
        {
            "id": "site",
            "name": "安化彝族乡人民政府门户网站",
            "platform": "website",
            "url": "https://www.jiangchuan.gov.cn/zwgk/ahyzx/",
            "sponsor": "anhua",
            "opened_as": "unit",
            "purpose": "general",
            "status": "active",
            "opened_on": "2019-03-01",
            "managed_by": "综合管理办公室",
            "maintainers": ["li-min"],
            "security_officer": "zhao-gang",
            "mlps_level": 2,
            "mlps_filed_on": "2024-06-12",
        },
        {
            "id": "wx",
            "name": "安化发布",
            "platform": "wechat",
            "platform_approved": True,
            "sponsor": "anhua",
            "opened_as": "unit",
            "purpose": "general",
            "status": "active",
            "opened_on": "2023-12-01",
            "managed_by": "宣传文化中心",
            "certification": {"verified": True, "shows_sponsor": True},
            "maintainers": ["chen-li"],
            "security_officer": "zhao-gang",
            "monthly_active_users": 3200,
            "columns": ["info_release", "interpretation", "service", "interaction"],
        },
        {
            "id": "tt",
            "name": "安化彝族乡政府",
            "platform": "toutiao",
            "platform_approved": True,
            "sponsor": "anhua",
            "opened_as": "unit",
            "purpose": "general",
            "status": "closed",
            "opened_on": "2020-07-15",
            "closed_on": "2024-04-01",
            "managed_by": "宣传文化中心",
            "certification": {
                "verified": True,
                "shows_sponsor": True,
                "cancelled_on": "2024-04-03",
            },
            "maintainers": [],
        },
    ],
    "filings": [
        {
            "id": "f-open",
            "account": "wx",
            "kind": "open",
            "submitted_on": "2023-11-20",
            "collective_decision_on": "2023-11-10",
            "leader_approved": True,
            "district_approved_on": "2023-11-24",  # a Friday
            "national_system_filed_on": "2023-11-28",  # the Tuesday after: 2 working days
            "municipal_system_filed_on": "2023-11-28",
            "materials": [
                "registration_form",
                "meeting_minutes",
                "staffing_equipment",
                "review_mechanism",
                "security_ops",
                "map_usage",
                "name_and_design",
            ],
        },
        {
            "id": "f-shut",
            "account": "tt",
            "kind": "shutdown",
            "submitted_on": "2024-02-22",
            "collective_decision_on": "2024-02-20",
            "leader_approved": True,
            "district_approved_on": "2024-02-27",
            "national_system_filed_on": "2024-02-28",
            "municipal_system_filed_on": "2024-02-28",
            # March 2024 has no holiday and no adjusted working day: 21 working days.
            "announcement": {"start": "2024-03-01", "end": "2024-03-29"},
            "effective_on": "2024-04-01",
        },
    ],
    "events": [
        {
            "id": "p-site",
            "kind": "post",
            "account": "site",
            "date": "2026-11-16",
            "repost": False,
            "info_made_on": "2026-11-12",
            "review": {"reviewer": "liu-jun", "on": "2026-11-13"},
        },
        {
            "id": "p-wx",
            "kind": "post",
            "account": "wx",
            "date": "2026-11-18",
            "repost": True,
            "source": "玉溪市人民政府",
            "source_kind": "party_government",
            "altered": False,
            "review": {"reviewer": "liu-jun", "on": "2026-11-18"},
        },
        {"id": "m-std", "kind": "map_use", "account": "site", "date": "2026-05-08",
         "map_kind": "standard"},
        {"id": "m-gs", "kind": "map_use", "account": "wx", "date": "2026-07-02",
         "map_kind": "approved", "approval_number": "GS(2019)1822号"},
        {"id": "sa", "kind": "security_assessment", "account": "site", "date": "2025-09-16",
         "level": 2, "passed": True},
        {"id": "tr", "kind": "training", "unit": "anhua", "date": "2026-06-18",
         "staff": ["li-min", "chen-li", "zhao-gang"], "topic": "security", "assessed": True},
        {"id": "mv", "kind": "personnel_transfer", "unit": "anhua", "date": "2026-03-16",
         "staff": "he-ping", "handover": True, "confidentiality_pledge": True,
         "passwords_changed_on": "2026-03-16"},
    ],
}  # fmt: skip

# An app the township built itself, compliant with every rule about apps (added by the
# rows for 第十二条; it is a second new-media account, so one_account_per_unit is not
# asserted on those rows).
APP: Doc = {
    "id": "app",
    "name": "安化办事通",
    "platform": "app",
    "sponsor": "anhua",
    "opened_as": "unit",
    "purpose": "general",
    "status": "active",
    "opened_on": "2024-06-03",
    "managed_by": "宣传文化中心",
    "maintainers": ["chen-li"],
    "security_officer": "zhao-gang",
    "mlps_level": 2,
    "mlps_filed_on": "2024-06-20",
    "app": {"mlps_tested_on": "2026-01-10", "ipv6": True, "multi_terminal": True},
}


# --------------------------------------------------------------------------- patches


def _record(doc: Doc, kind: str, id_: str) -> dict[str, Any]:
    for record in doc[kind]:
        if record["id"] == id_:
            return record  # type: ignore[no-any-return]
    raise KeyError(f"{kind} {id_}")


def put(kind: str, id_: str, **fields: Any) -> Patch:
    """Set fields of one record; a dotted name (``certification__verified``, written with
    a double underscore) reaches into a nested record; DELETE removes the field."""

    def patch(doc: Doc) -> None:
        record = _record(doc, kind, id_)
        for name, value in fields.items():
            *path, last = name.split("__")
            target = record
            for step in path:
                target = target.setdefault(step, {})
            if value is DELETE:
                target.pop(last, None)
            else:
                target[last] = copy.deepcopy(value)

    return patch


def add(kind: str, record: Mapping[str, Any]) -> Patch:
    def patch(doc: Doc) -> None:
        doc.setdefault(kind, []).append(copy.deepcopy(dict(record)))

    return patch


def acc(id_: str, **fields: Any) -> Patch:
    return put("accounts", id_, **fields)


def fil(id_: str, **fields: Any) -> Patch:
    return put("filings", id_, **fields)


def ev(id_: str, **fields: Any) -> Patch:
    return put("events", id_, **fields)


def seq(*patches: Patch) -> Patch:
    def patch(doc: Doc) -> None:
        for p in patches:
            p(doc)

    return patch


def add_app(**fields: Any) -> Patch:
    return seq(add("accounts", APP), acc("app", **fields))


# The website on a domain of the township's own: a system the township runs, to which
# 第二十二条 applies (BASE's sub-site of the district portal is the district's system);
# website_on_district_portal warns about its address.
SELF_HOSTED = acc("site", url="https://www.anhua-township.cn/")


def build(*patches: Patch) -> Doc:
    doc = copy.deepcopy(BASE)
    for p in patches:
        p(doc)
    return doc


def evaluate(
    policy: Policy, doc: Doc, params: Mapping[str, Any] | None = None, **kw: Any
) -> Result:
    return policy.evaluate(doc, params=params, **kw)


def of_rule(result: Result, rule: str) -> list[Finding]:
    return result.by_rule(rule)


# --------------------------------------------------------------------------- the table


class Case(NamedTuple):
    rule: str
    article: str  # the primary article the finding names
    subject: str  # the id of the fact the finding is about
    severity: str
    breach: Patch  # BASE + breach breaks the rule
    comply: Patch  # BASE + breach + comply does not
    params: Mapping[str, Any] | None = None
    note: str = ""  # tells apart several rows for one rule


POST_LATE = "2026-11-05"  # 15 days before AS_OF: more than stale_days (14)
POST_OK = "2026-11-06"  # 14 days before AS_OF: not more than 14

VILLAGE = {"id": "cun", "name": "小马沟村民委员会", "kind": "village_committee"}

CASES: list[Case] = [
    # 第二条: a village committee's account is not the township's new media
    Case("village_committee_account", "第二条", "wx", "info",
         seq(add("units", VILLAGE), acc("wx", sponsor="cun")), acc("wx", sponsor="anhua")),
    # 第四条
    Case("competent_department", "第四条", "wx", "warning",
         acc("wx", managed_by="综合管理办公室"), acc("wx", managed_by="宣传文化中心")),
    Case("competent_department", "第四条", "site", "warning",
         acc("site", managed_by="宣传文化中心"), acc("site", managed_by="综合管理办公室"),
         note="website"),
    # 第八条 (with 第二条)
    Case("website_on_district_portal", "第八条", "site", "error",
         acc("site", url="https://www.anhua-township.cn/"),
         acc("site", url="https://www.jiangchuan.gov.cn/ahx/")),
    Case("website_on_district_portal", "第八条", "site", "error",
         acc("site", url="https://www.jiangchuan.gov.cn.example.com/"),
         acc("site", url="http://WWW.JiangChuan.gov.cn/anhua"), note="look-alike"),
    Case("website_address_unknown", "第八条", "site", "info",
         acc("site", url=DELETE), acc("site", url="anhua.jiangchuan.gov.cn/")),
    Case("website_address_unknown", "第八条", "site", "info",
         acc("site", url="https://"), acc("site", url="https://anhua.jiangchuan.gov.cn/"),
         note="no host"),
    # 第十一条
    Case("one_account_per_unit", "第十一条", "anhua", "warning",
         add("accounts", {**BASE["accounts"][1], "id": "wb", "name": "安化微博",
                          "platform": "weibo"}),
         acc("wb", superior_exemption=True)),
    Case("no_account_for_event", "第十一条", "wx", "warning",
         acc("wx", purpose="event"), acc("wx", purpose="general")),
    Case("no_personal_account", "第十一条", "wx", "error",
         acc("wx", opened_as="individual"), acc("wx", opened_as="unit")),
    Case("no_internal_office_account", "第十一条", "wx", "error",
         acc("wx", opened_as="internal_office"), acc("wx", opened_as="unit")),
    Case("no_internal_office_account", "第十一条", "wx", "error",
         seq(add("units", {"id": "dzb", "name": "党政综合办公室", "kind": "internal_office"}),
             acc("wx", sponsor="dzb")),
         acc("wx", sponsor="anhua"), note="sponsor"),
    Case("approved_platform_only", "第十一条", "wx", "error",
         acc("wx", platform_approved=False), acc("wx", platform_approved=True)),
    Case("platform_approval_unknown", "第十一条", "wx", "info",
         acc("wx", platform_approved=DELETE), acc("wx", platform_approved=True)),
    Case("low_use_account", "第十一条", "wx", "warning",
         acc("wx", monthly_active_users=50), acc("wx", monthly_active_users=100),
         params={"low_use_monthly_active_users": 100}),
    # 第十二条
    Case("app_security_tested", "第十二条", "app", "warning",
         add_app(app__mlps_tested_on=DELETE),
         add("events", {"id": "sa-app", "kind": "security_assessment", "account": "app",
                        "date": "2026-02-02", "passed": True})),
    Case("app_security_tested", "第十二条", "app", "warning",
         add_app(app__mlps_tested_on="2024-11-19"),  # 731 days before, level 2: 730
         acc("app", app__mlps_tested_on="2024-11-20"), note="interval"),
    Case("app_security_tested", "第十二条", "app", "warning",
         add_app(app__mlps_tested_on=DELETE, app__shared_platform=False),
         acc("app", app__shared_platform=True), note="shared platform"),
    Case("app_supports_ipv6", "第十二条", "app", "warning",
         add_app(app__ipv6=False), acc("app", app__ipv6=True)),
    Case("app_multi_terminal", "第十二条", "app", "warning",
         add_app(app__multi_terminal=False), acc("app", app__multi_terminal=True)),
    Case("app_on_shared_platform", "第十二条", "app", "error",
         add_app(app__shared_platform=False), acc("app", app__shared_platform=True)),
    Case("no_app_per_event", "第十二条", "app", "error",
         add_app(purpose="special_task"), acc("app", purpose="general")),
    # 第十三条
    Case("certification_shows_sponsor", "第十三条", "wx", "warning",
         acc("wx", certification__shows_sponsor=False),
         acc("wx", certification__shows_sponsor=True)),
    Case("certification_shows_sponsor", "第十三条", "wx", "warning",
         acc("wx", certification=DELETE),
         acc("wx", certification={"verified": True, "shows_sponsor": True}), note="none"),
    Case("columns_planned", "第十三条", "wx", "warning",
         acc("wx", columns=["info_release", "interpretation", "service"]),
         acc("wx", columns=["info_release", "interpretation", "service", "interaction"])),
    # 第十四条
    Case("decision_and_leader", "第十四条", "f-open", "error",
         fil("f-open", leader_approved=False), fil("f-open", leader_approved=True)),
    Case("decision_before_submission", "第十四条", "f-open", "error",
         fil("f-open", collective_decision_on="2023-11-21"),
         fil("f-open", collective_decision_on="2023-11-20")),
    Case("district_approval", "第十四条", "f-open", "error",
         fil("f-open", district_approved_on=DELETE),
         fil("f-open", district_approved_on="2023-11-24")),
    Case("both_systems_filed", "第十四条", "f-open", "error",
         fil("f-open", municipal_system_filed_on=DELETE),
         fil("f-open", municipal_system_filed_on="2023-11-27")),
    # approved Friday 2023-11-24; one working day later is Monday 11-27
    Case("account_opening_filed", "第十四条", "wx", "error",
         lambda doc: _record(doc, "filings", "f-open").update(kind="change"),
         lambda doc: _record(doc, "filings", "f-open").update(kind="open")),
    Case("opened_before_approval", "第十四条", "wx", "error",
         fil("f-open", district_approved_on="2023-12-02"),
         fil("f-open", district_approved_on="2023-12-01")),
    Case("closed_before_approval", "第十四条", "tt", "error",
         fil("f-shut", district_approved_on="2024-04-02"),  # tt closed 2024-04-01
         fil("f-shut", district_approved_on="2024-04-01")),
    Case("closed_before_decision", "第十四条", "tt", "error",
         fil("f-shut", collective_decision_on="2024-04-02", submitted_on="2024-04-02"),
         fil("f-shut", collective_decision_on="2024-04-01", submitted_on="2024-04-01")),
    Case("opened_before_decision", "第十四条", "wx", "error",
         fil("f-open", collective_decision_on="2023-12-02", submitted_on="2023-12-02",
             district_approved_on="2023-12-01"),
         fil("f-open", collective_decision_on="2023-12-01", submitted_on="2023-12-01")),
    Case("systems_filed_in_time", "第十四条", "f-open", "warning",
         fil("f-open", national_system_filed_on="2023-11-27"),  # municipal stays 11-28
         fil("f-open", municipal_system_filed_on="2023-11-27"),
         params={"filing_within_workdays": 1}),
    # 第十五条
    Case("opening_materials", "第十五条", "f-open", "error",
         fil("f-open", materials=["registration_form", "meeting_minutes", "staffing_equipment",
                                  "review_mechanism", "security_ops", "name_and_design"]),
         fil("f-open", materials=BASE["filings"][0]["materials"])),
    Case("opening_materials", "第十五条", "f-open", "error",
         fil("f-open", outsourced=True),
         fil("f-open", materials=[*BASE["filings"][0]["materials"], "outsourcing_agreement"]),
         note="outsourced"),
    Case("opening_materials", "第十五条", "f-open", "error",
         fil("f-open", news_service=True),
         fil("f-open", materials=[*BASE["filings"][0]["materials"], "news_license"]),
         note="news"),
    # 第十六条
    Case("decision_or_leader", "第十六条", "f-shut", "error",
         fil("f-shut", collective_decision_on=DELETE, leader_approved=False),
         fil("f-shut", leader_approved=True)),
    # tt closed 2024-04-01: decided only the day after, and the leader did not consent
    Case("decided_after_act", "第十六条", "f-shut", "error",
         fil("f-shut", collective_decision_on="2024-04-02", leader_approved=False),
         fil("f-shut", leader_approved=True)),
    Case("decided_after_act", "第十六条", "f-shut", "error",
         fil("f-shut", collective_decision_on="2024-04-02", leader_approved=False),
         fil("f-shut", collective_decision_on="2024-04-01"),
         params={"approval_mode": "lenient"}, note="lenient"),
    Case("decided_after_act", "第十六条", "f-shut", "error",
         seq(fil("f-shut", collective_decision_on="2024-04-02", leader_approved=False),
             lambda doc: _record(doc, "filings", "f-shut").update(kind="change")),
         fil("f-shut", collective_decision_on="2024-03-31"), note="change"),
    Case("district_record", "第十六条", "f-shut", "error",
         fil("f-shut", district_approved_on=DELETE),
         fil("f-shut", district_filed_on="2024-02-27")),
    Case("public_announcement", "第十六条", "f-shut", "error",
         fil("f-shut", announcement=DELETE),
         fil("f-shut", announcement={"start": "2024-03-01", "end": "2024-03-29"})),
    Case("announcement_period", "第十六条", "f-shut", "error",
         fil("f-shut", announcement__end="2024-03-20"),  # 14 working days
         fil("f-shut", announcement__end="2024-03-21")),  # 15
    # an account still running on the check date was not closed: no act to judge
    Case("announcement_period", "第十六条", "f-shut", "error",
         fil("f-shut", announcement__end="2024-03-20"),
         acc("tt", status="active", closed_on=DELETE), note="still running"),
    # closed on 2023-10-30, before the regulation, though its paper came after
    Case("district_record", "第十六条", "f-shut", "error",
         fil("f-shut", district_approved_on=DELETE),
         acc("tt", closed_on="2023-10-30"), note="closed before 2023-10-31"),
    # opened on 2023-10-30, before the regulation: the paper handed in after is not judged
    Case("decision_and_leader", "第十四条", "f-open", "error",
         fil("f-open", leader_approved=False),
         acc("wx", opened_on="2023-10-30"), note="opened before 2023-10-31"),
    # the 15th working day of the announcement from Friday 2024-03-01 is 2024-03-21
    Case("closed_in_minimum_notice", "第十六条", "f-shut", "error",
         acc("tt", closed_on="2024-03-21"), acc("tt", closed_on="2024-03-22")),
    Case("closed_in_minimum_notice", "第十六条", "f-shut", "error",
         acc("tt", closed_on="2024-03-21"), acc("tt", status="active", closed_on=DELETE),
         note="still running"),
    # closed before the announcement began
    Case("closed_in_minimum_notice", "第十六条", "f-shut", "error",
         fil("f-shut", announcement={"start": "2024-04-02", "end": "2024-04-30"}),
         fil("f-shut", announcement={"start": "2024-03-01", "end": "2024-03-29"}),
         note="before the announcement"),
    Case("closed_in_minimum_notice", "第十六条", "f-shut", "error",
         seq(acc("tt", closed_on=DELETE), fil("f-shut", effective_on="2024-03-21")),
         fil("f-shut", effective_on="2024-03-30"), note="planned"),
    Case("closed_before_notice_end", "第十六条", "f-shut", "warning",
         acc("tt", closed_on="2024-03-29"), acc("tt", closed_on="2024-03-30")),
    Case("closure_filed", "第十六条", "tt", "error",
         fil("f-shut", account="wx"), fil("f-shut", account="tt")),
    Case("closure_approved", "第十四条", "tt", "error",
         fil("f-shut", account="wx"),
         seq(fil("f-shut", account="tt"),
             lambda doc: _record(doc, "filings", "f-shut").update(kind="cancel")),
         note="strict"),
    # 第十七条
    Case("maintained", "第十七条", "wx", "error",
         acc("wx", maintainers=[]), acc("wx", maintainers=["chen-li"])),
    Case("stale_account", "第十七条", "wx", "error",
         ev("p-wx", date=POST_LATE), ev("p-wx", date=POST_OK)),
    Case("stale_account", "第十七条", "wx", "error",
         seq(ev("p-wx", account="site"), acc("wx", opened_on="2026-11-05")),
         acc("wx", opened_on="2026-11-06"), note="never posted"),
    Case("app_updates_unrecorded", "第十七条", "app", "info",
         add_app(opened_on="2026-11-05"), acc("app", opened_on="2026-11-06")),
    Case("nonconforming_account", "第十七条", "wx", "error",
         acc("wx", opened_on="2023-10-30", opened_as="individual"),
         acc("wx", opened_as="unit")),
    Case("certification_cancelled", "第十七条", "tt", "warning",
         acc("tt", certification__cancelled_on=DELETE),
         acc("tt", certification__cancelled_on="2024-04-03")),
    Case("status_contradicts_closed_on", "第十七条", "wx", "info",
         acc("wx", closed_on=AS_OF), acc("wx", closed_on="2026-11-21")),
    Case("posted_after_closure", "第十七条", "tt", "info",
         add("events", {"id": "p-tt", "kind": "post", "account": "tt", "date": "2024-04-02",
                        "repost": False, "review": {"reviewer": "liu-jun", "on": "2024-04-02"}}),
         ev("p-tt", date="2024-04-01", review__on="2024-04-01")),
    # 第十八条
    Case("disclosed_in_time", "第十八条", "p-wx", "warning",
         ev("p-wx", info_made_on="2026-10-19"),  # 20 working days later: 2026-11-16
         ev("p-wx", info_made_on="2026-10-21")),  # 20 working days later: 2026-11-18
    Case("website_updated", "第十八条", "site", "warning",
         ev("p-site", date=POST_LATE, review__on=POST_LATE, info_made_on=POST_LATE),
         ev("p-site", date=POST_OK, review__on=POST_OK, info_made_on=POST_OK)),
    Case("standard_or_approved_map", "第十八条", "m-gs", "warning",
         ev("m-gs", approval_number="GS2019-1822"), ev("m-gs", approval_number="GS(2019)1822号")),
    Case("standard_or_approved_map", "第十八条", "m-gs", "warning",
         ev("m-gs", approval_number=DELETE), ev("m-gs", approval_number="云S(2021)010号"),
         note="no number"),
    Case("standard_or_approved_map", "第十八条", "m-gs", "warning",
         ev("m-gs", approval_number="审图号"), ev("m-gs", approval_number="GS京（2022）1061 号"),
         note="full-width"),
    Case("standard_or_approved_map", "第十八条", "m-std", "warning",
         ev("m-std", map_kind="other"), ev("m-std", map_kind="standard"), note="other"),
    Case("standard_or_approved_map", "第十八条", "m-gs", "warning",
         ev("m-gs", approval_number="GS(19)1822号"),
         ev("m-gs", approval_number="审图号：GS〔2019〕1822号"), note="label and 〔〕"),
    Case("map_kind_unclear", "第十八条", "m-std", "info",
         ev("m-std", map_kind="other", approval_number="GS (2019) 1822"),
         ev("m-std", map_kind="approved")),
    # 第十九条
    Case("reviewed_before_publishing", "第十九条", "p-wx", "warning",
         ev("p-wx", review__on="2026-11-19"), ev("p-wx", review__on="2026-11-17")),
    Case("reviewed_before_publishing", "第十九条", "p-wx", "warning",
         ev("p-wx", review=DELETE), ev("p-wx", review={"reviewer": "liu-jun", "on": "2026-11-18"}),
         note="no review"),
    # 第二十条
    Case("repost_cites_source", "第二十条", "p-wx", "error",
         ev("p-wx", source=DELETE), ev("p-wx", source="人民日报")),
    Case("repost_cites_source", "第二十条", "p-wx", "error",
         ev("p-wx", source=""), ev("p-wx", source="新华社"), note="empty"),
    Case("repost_not_altered", "第二十条", "p-wx", "error",
         ev("p-wx", altered=True), ev("p-wx", altered=False)),
    Case("repost_from_authority", "第二十条", "p-wx", "warning",
         ev("p-wx", source_kind="other"), ev("p-wx", source_kind="authoritative_media")),
    # 第二十二条
    Case("mlps_graded_and_filed", "第二十二条", "site", "warning",
         seq(SELF_HOSTED, acc("site", mlps_filed_on=DELETE)),
         acc("site", mlps_filed_on="2024-06-12")),
    Case("mlps_graded_and_filed", "第二十二条", "site", "warning",
         seq(SELF_HOSTED, acc("site", mlps_level=DELETE, mlps_filed_on=DELETE)),
         acc("site", url="https://anhua.jiangchuan.gov.cn/"), note="sub-site"),
    Case("mlps_graded_and_filed", "第二十二条", "app", "warning",
         add_app(mlps_level=DELETE), acc("app", mlps_level=2), note="app"),
    Case("mlps_graded_and_filed", "第二十二条", "app", "warning",
         add_app(mlps_level=DELETE, app__shared_platform=False),
         acc("app", app__shared_platform=True), note="shared platform"),
    Case("website_assessed", "第二十二条", "site", "warning",
         seq(SELF_HOSTED, ev("sa", date="2024-11-19")),  # 731 days before; level 2: 730
         ev("sa", date="2024-11-20")),
    Case("website_assessed", "第二十二条", "site", "warning",
         seq(SELF_HOSTED, acc("site", mlps_level=3)),  # 430 days before: level 3 allows 365
         ev("sa", date="2025-11-20"), note="level 3"),
    Case("website_assessed", "第二十二条", "site", "warning",
         seq(SELF_HOSTED, ev("sa", date="2024-11-19")),
         acc("site", url="https://www.jiangchuan.gov.cn/zwgk/ahyzx/"), note="sub-site"),
    Case("security_not_ensured", "第十七条", "wx", "error",
         add("events", {"id": "sa-wx", "kind": "security_assessment", "account": "wx",
                        "date": "2026-09-01", "passed": False}),
         ev("sa-wx", rectified_on="2026-11-20")),
    Case("security_not_ensured", "第十七条", "wx", "error",
         add("events", {"id": "sa-wx", "kind": "security_assessment", "account": "wx",
                        "date": "2026-09-01", "passed": False, "rectified_on": "2026-11-21"}),
         add("events", {"id": "sa-wx2", "kind": "security_assessment", "account": "wx",
                        "date": "2026-09-01", "passed": True}), note="same-day pass"),
    Case("security_not_ensured_while_closing", "第十七条", "wx", "warning",
         seq(add("events", {"id": "sa-wx", "kind": "security_assessment", "account": "wx",
                            "date": "2026-09-01", "passed": False}),
             add("filings", {"id": "f-wx", "account": "wx", "kind": "shutdown",
                             "submitted_on": "2026-10-28", "leader_approved": True,
                             "collective_decision_on": "2026-10-27",
                             "district_approved_on": "2026-10-30",
                             "national_system_filed_on": "2026-10-30",
                             "municipal_system_filed_on": "2026-10-30",
                             "announcement": {"start": "2026-11-02", "end": "2026-11-29"},
                             "effective_on": "2026-11-30"})),
         ev("sa-wx", rectified_on="2026-11-20")),
    Case("failed_assessment_rectified", "第二十二条", "sa-2", "warning",
         seq(SELF_HOSTED,
             add("events", {"id": "sa-2", "kind": "security_assessment", "account": "site",
                            "date": "2026-09-01", "level": 2, "passed": False})),
         ev("sa-2", rectified_on="2026-10-15")),
    Case("failed_assessment_rectified", "第二十二条", "sa-2", "warning",
         seq(SELF_HOSTED,
             add("events", {"id": "sa-2", "kind": "security_assessment", "account": "site",
                            "date": "2026-09-01", "level": 2, "passed": False})),
         acc("site", url="anhua.jiangchuan.gov.cn"), note="sub-site"),
    # 第二十三条
    Case("account_security_incident", "第二十三条", "inc", "warning",
         add("events", {"id": "inc", "kind": "security_incident", "account": "wx",
                        "date": "2026-08-05", "incident": "account_stolen"}),
         ev("inc", date="2026-11-21")),
    # 第二十四条
    Case("security_officer_named", "第二十四条", "wx", "warning",
         acc("wx", security_officer=DELETE), acc("wx", security_officer="zhao-gang")),
    Case("regular_security_training", "第二十四条", "anhua", "warning",
         ev("tr", assessed=False), ev("tr", assessed=True)),
    Case("regular_security_training", "第二十四条", "anhua", "warning",
         ev("tr", date="2025-11-19"), ev("tr", date="2025-11-20"), note="interval"),
    Case("training_assessment_unknown", "第二十四条", "anhua", "info",
         ev("tr", assessed=DELETE), ev("tr", assessed=True)),
    Case("staff_security_training", "第二十四条", "anhua", "warning",
         ev("tr", staff=["li-min", "zhao-gang"]),
         ev("tr", staff=["li-min", "chen-li", "zhao-gang"])),
    Case("staff_security_training", "第二十四条", "anhua", "warning",
         ev("tr", staff=["chen-li", "zhao-gang"]),
         add("events", {"id": "tr-site", "kind": "training", "unit": "anhua",
                        "date": "2026-01-12", "staff": ["li-min"], "topic": "security"}),
         note="the website; a training whose assessment is not recorded counts"),
    Case("maintainers_transferred", "第二十四条", "wx", "warning",
         acc("wx", maintainers=["he-ping"]), acc("wx", maintainers=["he-ping", "chen-li"])),
    Case("security_officer_transferred", "第二十四条", "wx", "warning",
         acc("wx", security_officer="he-ping"), acc("wx", security_officer="zhao-gang")),
    Case("transfer_handover", "第二十四条", "mv", "warning",
         ev("mv", handover=False), ev("mv", handover=True)),
    Case("transfer_handover", "第二十四条", "mv", "warning",
         ev("mv", confidentiality_pledge=False), ev("mv", confidentiality_pledge=True),
         note="pledge"),
    Case("transfer_passwords_changed", "第二十四条", "mv", "warning",
         ev("mv", passwords_changed_on="2026-03-17"), ev("mv", passwords_changed_on="2026-03-16")),
]  # fmt: skip


KINDS = {"units": "unit", "accounts": "account", "filings": "filing", "events": "event"}


def _id(case: Case) -> str:
    return f"{case.rule}-{case.note}" if case.note else case.rule


def test_table_covers_every_rule(policy: Policy) -> None:
    # Equal to a set: every rule has a case, every case names a rule, and no rule name
    # repeats; the count follows the policy, so a new rule needs only its cases.
    names = [r.decl.name for r in policy.rules]
    assert sorted({c.rule for c in CASES}) == sorted(names)


def test_every_rule_says_what_to_do(policy: Policy) -> None:
    """A remedy in both languages on every rule, and different from the message."""
    for rule in policy.rules:
        assert rule.remedy is not None, rule.decl.name
        assert rule.remedy.zh and rule.remedy.en and rule.remedy.zh != rule.remedy.en


@pytest.mark.parametrize(
    ("account", "managed_by", "found"),
    [("site", "综合管理办公室", False), ("site", "安化乡综合管理办公室", False),
     ("site", "安化彝族乡人民政府综合管理办公室", False), ("site", "安化乡 综合管理办公室 ", False),
     ("site", "江川区综合管理办公室", True), ("site", "安化乡宣传文化中心", True),
     ("site", "安化乡", True), ("wx", "安化彝族乡宣传文化中心", False),
     ("wx", "安化乡综合管理办公室", True)],
)  # fmt: skip
def test_a_department_is_compared_without_the_townships_name(
    policy: Policy, account: str, managed_by: str, found: bool
) -> None:
    """第四条 itself writes 安化乡综合管理办公室: the township's name in front names the
    same department; another name in front (江川区) is another department."""
    findings = evaluate(policy, build(acc(account, managed_by=managed_by))).findings
    assert [(f.rule, f.severity) for f in findings] == (
        [("competent_department", "warning")] if found else []
    )


def test_messages_name_enum_members_by_labels_in_both_languages(policy: Policy) -> None:
    """A message never shows a member's code (``special_task``): every enum a message
    prints has a label for each member in the message's language."""
    printed = 0
    for rule in policy.rules:
        for lang, template in rule.decl.messages:
            for part in template.parts:
                if not isinstance(part, ast.Placeholder):
                    continue
                t = policy.checked.types.get(id(part.expr))
                t = t.element if isinstance(t, (ListType, SetType)) else t
                if isinstance(t, EnumType):
                    labels = t.labels if lang == "zh" else t.labels_en
                    assert set(labels) == set(t.members), (rule.decl.name, lang, t.name)
                    printed += 1
    assert printed >= 20


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "开设备案 f-open 缺少材料：（三）人员管理、设备配置使用情况、（六）地图使用情况"),
     ("en", "opening filing f-open lacks the materials: (3) staffing and equipment, "
            "(6) use of maps")],
)  # fmt: skip
def test_a_set_of_members_is_shown_by_labels_in_the_enum_order(
    policy: Policy, lang: Lang, expected: str
) -> None:
    kept = [
        m for m in BASE["filings"][0]["materials"] if m not in ("map_usage", "staffing_equipment")
    ]
    doc = build(fil("f-open", materials=kept))
    (finding,) = evaluate(policy, doc).by_rule("opening_materials")
    assert finding.messages.get(lang) == expected


def test_missing_columns_are_named_in_the_clauses_order(policy: Policy) -> None:
    """第十三条 lists 信息发布、解读回应、办事服务和互动交流: the missing ones in that order,
    whatever order the facts give the columns in."""
    (finding,) = evaluate(policy, build(acc("wx", columns=["interaction", "service"]))).by_rule(
        "columns_planned"
    )
    assert finding.messages.zh == "账号 安化发布 缺少栏目：信息发布、解读回应"
    assert finding.messages.en == (
        "account 安化发布 lacks the columns: information release, interpretation"
    )


@pytest.mark.parametrize(
    ("patch", "zh", "en"),
    [(fil("f-open", leader_approved=False),
      "备案 f-open（开设）缺少主要领导同意（单位集体研究在 2023-11-10）",
      "filing f-open (opening) lacks the leader's consent "
      "(the unit decided collectively on 2023-11-10)"),
     (fil("f-open", collective_decision_on=DELETE),
      "备案 f-open（开设）缺少单位集体研究（主要领导已同意）",
      "filing f-open (opening) lacks the unit's collective decision (the leader consented)"),
     (fil("f-open", collective_decision_on=DELETE, leader_approved=False),
      "备案 f-open（开设）既无单位集体研究，也无主要领导同意",
      "filing f-open (opening) has neither the unit's collective decision "
      "nor the leader's consent")],
    ids=["leader", "decision", "both"],
)  # fmt: skip
def test_decision_and_leader_says_which_is_missing(
    policy: Policy, patch: Patch, zh: str, en: str
) -> None:
    """第十四条 须经单位集体研究和主要领导同意: the finding names what is missing, not
    "the decision or the consent"."""
    (finding,) = evaluate(policy, build(patch)).by_rule("decision_and_leader")
    assert (finding.messages.zh, finding.messages.en) == (zh, en)


@pytest.mark.parametrize(
    ("rule", "patch", "zh", "en"),
    [("decision_or_leader", fil("f-shut", collective_decision_on=DELETE, leader_approved=False),
      "关停备案 f-shut 既无单位集体研究，也无主要领导同意",
      "shutdown filing f-shut has neither a collective decision nor the leader's consent"),
     ("district_record", fil("f-shut", district_approved_on=DELETE),
      "关停备案 f-shut 未报区政府办公室备案",
      "shutdown filing f-shut was not recorded with the district government office"),
     ("public_announcement", fil("f-shut", announcement=DELETE),
      "关停备案 f-shut 没有向社会公告", "shutdown filing f-shut has no public announcement")],
)  # fmt: skip
def test_a_filing_of_a_kind_is_named_as_one_word(
    policy: Policy, rule: str, patch: Patch, zh: str, en: str
) -> None:
    """关停备案, not 关停 备案."""
    (finding,) = evaluate(policy, build(patch)).by_rule(rule)
    assert (finding.messages.zh, finding.messages.en) == (zh, en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_finding_carries_its_rule_remedy(policy: Policy, lang: Lang) -> None:
    doc = build(fil("f-shut", announcement={"start": "2024-09-25", "end": "2024-10-15"},
                    effective_on="2024-10-16"), acc("tt", closed_on="2024-10-16"))  # fmt: skip
    (finding,) = evaluate(policy, doc).by_rule("announcement_period")
    assert finding.remedy is not None
    remedy = finding.to_dict(lang)["remedy"]
    assert remedy == finding.remedy.get(lang)
    assert ("15个工作日" if lang == "zh" else "15 working days") in remedy


def test_base_is_compliant(policy: Policy) -> None:
    result = evaluate(policy, build())
    assert [(f.rule, f.subject) for f in result.findings] == []


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_breach(policy: Policy, case: Case) -> None:
    doc = build(case.breach)
    kind = next(k for k in KINDS if any(r["id"] == case.subject for r in doc.get(k, ())))
    found = of_rule(evaluate(policy, doc, case.params), case.rule)
    assert [(f.article, f.subject, f.subject_kind, f.severity) for f in found] == [
        (case.article, case.subject, KINDS[kind], case.severity)
    ]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_comply(policy: Policy, case: Case) -> None:
    found = of_rule(evaluate(policy, build(case.breach, case.comply), case.params), case.rule)
    assert found == []


# --------------------------------------------------------------------------- 第三十五条

# Acts dated before 2023-10-31 produce no findings: a filing by the act it is for (here
# the opening of wx, its paper dated 2023-11-20), an event by its date, and a rule
# `dated a.opened_on` by the account's opening day.
EFFECTIVE_CASES = [
    pytest.param(
        "opening_materials", "f-open",
        lambda day: seq(acc("wx", opened_on=day), fil("f-open", materials=["registration_form"])),
        id="filing",
    ),
    pytest.param(
        "repost_cites_source", "p-old",
        lambda day: add("events", {"id": "p-old", "kind": "post", "account": "wx", "date": day,
                                   "repost": True, "review": {"reviewer": "liu-jun", "on": day}}),
        id="event",
    ),
    pytest.param(
        "no_personal_account", "wx",
        lambda day: acc("wx", opened_as="individual", opened_on=day),
        id="dated-opened_on",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "subject", "patch"), EFFECTIVE_CASES)
def test_effective_date(policy: Policy, rule: str, subject: str, patch: Any) -> None:
    before = of_rule(evaluate(policy, build(patch("2023-10-30"))), rule)
    on_the_day = of_rule(evaluate(policy, build(patch("2023-10-31"))), rule)
    assert before == []
    assert [f.subject for f in on_the_day] == [subject]


# --------------------------------------------------------------------------- approval_mode


@pytest.mark.parametrize("district_filed", [None, "2024-02-27"])
def test_approval_mode(policy: Policy, district_filed: str | None) -> None:
    # A shutdown without the district's approval (批准, 第十四条); with or without a record
    # (备案, 第十六条).
    doc = build(fil("f-shut", district_approved_on=DELETE, district_filed_on=district_filed))
    strict = evaluate(policy, doc, {"approval_mode": "strict"})
    lenient = evaluate(policy, doc, {"approval_mode": "lenient"})
    default = evaluate(policy, doc)

    assert [(f.article, f.subject) for f in strict.by_rule("district_approval")] == [
        ("第十四条", "f-shut")
    ]
    assert default.findings == strict.findings  # strict is the default
    assert [f.rule for f in lenient.findings if f.article == "第十四条"] == []
    record = {
        "strict": strict.by_rule("district_record"),
        "lenient": lenient.by_rule("district_record"),
    }
    if district_filed is None:
        assert {k: [f.subject for f in v] for k, v in record.items()} == {
            "strict": ["f-shut"],
            "lenient": ["f-shut"],
        }
    else:
        assert record == {"strict": [], "lenient": []}


def test_lenient_still_applies_14_to_openings(policy: Policy) -> None:
    doc = build(fil("f-open", district_approved_on=DELETE, leader_approved=False))
    lenient = evaluate(policy, doc, {"approval_mode": "lenient"})
    assert sorted(f.rule for f in lenient.findings) == ["decision_and_leader", "district_approval"]


def test_lenient_accepts_decision_or_leader(policy: Policy) -> None:
    # 第十六条 asks a decision OR the leader; 第十四条 (strict) asks both.
    doc = build(fil("f-shut", collective_decision_on=DELETE))
    assert [f.rule for f in evaluate(policy, doc, {"approval_mode": "lenient"}).findings] == []
    strict = evaluate(policy, doc, {"approval_mode": "strict"})
    assert [(f.rule, f.subject) for f in strict.findings] == [("decision_and_leader", "f-shut")]


# --------------------------------------------------------------------------- unknown values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DELETE, [("platform_approval_unknown", "info")]),
        (None, [("platform_approval_unknown", "info")]),
        (False, [("approved_platform_only", "error")]),
        (True, []),
    ],
    ids=["missing", "null", "false", "true"],
)
def test_platform_approved(policy: Policy, value: object, expected: list[tuple[str, str]]) -> None:
    result = evaluate(policy, build(acc("wx", platform_approved=value)))
    assert [(f.rule, f.severity) for f in result.findings] == expected


def test_unknown_value_makes_no_finding(policy: Policy) -> None:
    # Kleene logic: an unknown comparison is not true, so the rule does not fire.
    doc = build(ev("p-wx", repost=True, source_kind=DELETE, altered=DELETE))
    rules = {f.rule for f in evaluate(policy, doc).findings}
    assert not rules & {"repost_from_authority", "repost_not_altered"}


# --------------------------------------------------------------------------- optional params


def test_low_use_parameter(policy: Policy) -> None:
    doc = build(acc("wx", monthly_active_users=40))
    assert evaluate(policy, doc).by_rule("low_use_account") == []
    found = evaluate(policy, doc, {"low_use_monthly_active_users": 100}).by_rule("low_use_account")
    assert [(f.subject, f.severity, dict(f.evidence)) for f in found] == [
        ("wx", "warning", {"monthly_active_users": 40, "threshold": 100})
    ]
    # an unknown usage figure decides nothing, even with the parameter set
    unknown = build(acc("wx", monthly_active_users=DELETE))
    assert evaluate(policy, unknown, {"low_use_monthly_active_users": 100}).findings == ()


def test_filing_within_workdays_parameter(policy: Policy) -> None:
    # f-open: approved Friday 2023-11-24, entered in the systems Tuesday 11-28, the second
    # working day after (11-27 Monday is the first).
    doc = build()
    assert evaluate(policy, doc).by_rule("systems_filed_in_time") == []
    late = evaluate(policy, doc, {"filing_within_workdays": 1}).by_rule("systems_filed_in_time")
    assert [(f.subject, f.evidence["deadline"]) for f in late] == [("f-open", "2023-11-27")]
    on_time = evaluate(policy, doc, {"filing_within_workdays": "2"})  # a CLI-style string
    assert on_time.by_rule("systems_filed_in_time") == []


# --------------------------------------------------------------------------- working days

# Announcement periods around holidays, counted by hand from the State Council notices
# (anhua-parameters.md); both ends count; a weekday holiday is off, a 调休 weekend day works.
#
# 国庆 2024: 10-01..07 off (weekdays Tue 1, Wed 2, Thu 3, Fri 4, Mon 7); Sun 09-29 and
#   Sat 10-12 worked. From Wed 09-25: 25, 26, 27 (3), Sun 29 (4), Mon 30 (5), then
#   10-08..11 (9), Sat 12 (10), 14, 15 (12), 16, 17 (14), Fri 18 (15).
#   So 09-25..10-15 = 12 (the spec's f-2), ..10-17 = 14, ..10-18 = 15.
# 春节 2024: 02-10..17 off (weekdays Mon 12 .. Fri 16); Sun 02-04 and Sun 02-18 worked;
#   除夕 02-09 (Fri) is a working day. From Thu 02-01: 1, 2 (2), Sun 4 (3), 5..9 (8),
#   Sun 18 (9), 19..23 (14), Mon 26 (15). So 02-01..02-23 = 14, ..02-26 = 15.
# 劳动节 2024: 05-01..05 off (weekdays Wed 1 .. Fri 3); Sun 04-28 and Sat 05-11 worked.
#   From Wed 04-24: 24, 25, 26 (3), Sun 28 (4), 29, 30 (6), 05-06..10 (11), Sat 11 (12),
#   13, 14 (14), Wed 15 (15). So 04-24..05-14 = 14, ..05-15 = 15.
PERIODS = [
    pytest.param("2024-09-25", "2024-10-18", 15, id="guoqing-15"),
    pytest.param("2024-09-25", "2024-10-17", 14, id="guoqing-14"),
    pytest.param("2024-09-25", "2024-10-15", 12, id="guoqing-spec-f2"),
    pytest.param("2024-02-01", "2024-02-26", 15, id="chunjie-15"),
    pytest.param("2024-02-01", "2024-02-23", 14, id="chunjie-14"),
    pytest.param("2024-04-24", "2024-05-15", 15, id="laodong-15"),
    pytest.param("2024-04-24", "2024-05-14", 14, id="laodong-14"),
]


@pytest.mark.parametrize(("start", "end", "workdays"), PERIODS)
def test_announcement_period_across_holidays(
    policy: Policy, start: str, end: str, workdays: int
) -> None:
    effective = (datetime.date.fromisoformat(end) + datetime.timedelta(days=1)).isoformat()
    doc = build(
        fil("f-shut", submitted_on="2024-01-22", collective_decision_on="2024-01-19",
            announcement={"start": start, "end": end}, effective_on=effective),
        acc("tt", closed_on=effective),
    )  # fmt: skip
    found = evaluate(policy, doc).by_rule("announcement_period")
    if workdays >= 15:
        assert found == []
    else:
        assert [(f.subject, dict(f.evidence)) for f in found] == [
            ("f-shut", {"workdays": workdays, "required": 15, "acted_on": effective})
        ]


def test_announcement_explanation_names_the_holidays(policy: Policy) -> None:
    doc = build(fil("f-shut", announcement={"start": "2024-09-25", "end": "2024-10-15"},
                    effective_on="2024-10-16"), acc("tt", closed_on="2024-10-16"))  # fmt: skip
    (finding,) = evaluate(policy, doc).by_rule("announcement_period")
    assert finding.explanation is not None
    (period,) = finding.explanation.periods
    d = datetime.date
    assert (period.start, period.end, period.workdays, period.weekdays) == (
        d(2024, 9, 25),
        d(2024, 10, 15),
        12,
        15,
    )
    assert period.holidays == (d(2024, 10, 1), d(2024, 10, 2), d(2024, 10, 3), d(2024, 10, 4),
                               d(2024, 10, 7))  # fmt: skip
    assert period.adjusted_workdays == (d(2024, 9, 29), d(2024, 10, 12))
    assert "公告时间不少于15个工作日" in finding.explanation.article_text


# --------------------------------------------------------------------------- examples/


def test_compliant_example_has_no_findings(policy: Policy) -> None:
    facts = load_facts([ROOT / "examples" / "compliant.yaml"], policy)
    result = policy.evaluate(facts)
    assert result.as_of == datetime.date(2026, 11, 20)
    assert [(f.rule, f.subject) for f in result.findings] == []
    assert result.exit_status == 0


def test_breaches_example_triggers_most_rules(policy: Policy) -> None:
    facts = load_facts([ROOT / "examples" / "breaches.yaml"], policy)
    result = policy.evaluate(facts)
    assert result.as_of == datetime.date(2026, 11, 20)
    assert len({f.rule for f in result.findings}) >= 30
    assert result.exit_status == 1
    (f2,) = result.by_rule("announcement_period")
    assert (f2.subject, f2.evidence["workdays"]) == ("f-2", 12)
    # the two rules whose parameter is unset by default fire once it is set
    params = {"low_use_monthly_active_users": 100, "filing_within_workdays": 5}
    rules = {f.rule for f in policy.evaluate(facts, params=params).findings}
    assert rules == {r.decl.name for r in policy.rules}


# --------------------------------------------------------------------------- regressions
# Defects found while writing these tests, fixed in the policy.


@pytest.mark.parametrize(
    ("rule", "patch"),
    [
        # the leader consented (enough for 第十六条); the meeting came after submission
        ("decision_before_submission", fil("f-shut", collective_decision_on="2024-02-23")),
    ],
)
def test_lenient_applies_no_14_to_a_shutdown(policy: Policy, rule: str, patch: Patch) -> None:
    params = {"approval_mode": "lenient", "filing_within_workdays": 5}
    strict = evaluate(policy, build(patch), {**params, "approval_mode": "strict"})
    assert [f.subject for f in strict.by_rule(rule)] == ["f-shut"]
    lenient = evaluate(policy, build(patch), params)
    assert [(f.rule, f.subject) for f in lenient.findings if f.article == "第十四条"] == []


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(
    ("rule", "patch", "found"),
    [
        # 第十六条 says nothing on the two filing systems: 第十四条's entry applies in
        # both modes (no conflict, so the special rule displaces nothing here).
        ("both_systems_filed", fil("f-shut", national_system_filed_on=DELETE), ["f-shut"]),
        ("both_systems_filed", fil("f-shut", municipal_system_filed_on=DELETE), ["f-shut"]),
        ("both_systems_filed", fil("f-shut"), []),
        # approved 2024-02-27; the 5th working day after it is 2024-03-05
        ("systems_filed_in_time", fil("f-shut", national_system_filed_on="2024-03-06"), ["f-shut"]),
        ("systems_filed_in_time", fil("f-shut", national_system_filed_on="2024-03-05"), []),
        ("systems_filed_in_time", fil("f-shut", national_system_filed_on="2024-03-04"), []),
    ],
)  # fmt: skip
def test_both_modes_check_the_systems_for_a_shutdown(
    policy: Policy, mode: str, rule: str, patch: Patch, found: list[str]
) -> None:
    params = {"approval_mode": mode, "filing_within_workdays": 5}
    assert [f.subject for f in evaluate(policy, build(patch), params).by_rule(rule)] == found


# Lenient mode: the shutdown is only recorded (备案, 第十六条) with the district on Tuesday
# 2024-02-27, not approved; 第十四条's 及时 runs from that record, and the 5th working day
# after it is 2024-03-05. In strict mode the missing approval is district_approval's.
@pytest.mark.parametrize(
    ("entered", "found"), [("2024-03-04", []), ("2024-03-05", []), ("2024-03-06", ["f-shut"])]
)
def test_lenient_times_the_systems_from_the_record(
    policy: Policy, entered: str, found: list[str]
) -> None:
    doc = build(fil("f-shut", district_approved_on=DELETE, district_filed_on="2024-02-27",
                    national_system_filed_on=entered))  # fmt: skip
    lenient = evaluate(policy, doc, {"approval_mode": "lenient", "filing_within_workdays": 5})
    late = lenient.by_rule("systems_filed_in_time")
    assert [f.subject for f in late] == found
    for finding in late:
        assert finding.evidence["counted_from"] == "2024-02-27"
        assert (
            "晚于报区政府办公室备案（2024-02-27）后 5 个工作日（2024-03-05）" in finding.messages.zh
        )
        assert (
            "later than 5 working days after its record with the district office on 2024-02-27"
            " (2024-03-05)" in finding.messages.en
        )
    strict = evaluate(policy, doc, {"approval_mode": "strict", "filing_within_workdays": 5})
    assert strict.by_rule("systems_filed_in_time") == []
    assert [f.subject for f in strict.by_rule("district_approval")] == ["f-shut"]


def test_self_built_app_needs_no_platform_certification(policy: Policy) -> None:
    found = evaluate(policy, build(add_app())).by_rule("certification_shows_sponsor")
    assert found == []


@pytest.mark.parametrize(
    ("rule", "subject"), [("stale_account", "wx"), ("website_updated", "site")]
)
def test_posts_after_the_check_date_do_not_count(policy: Policy, rule: str, subject: str) -> None:
    # BASE's only posts are on 2026-11-16 (site) and 2026-11-18 (wx); checked as of
    # 2026-11-01, the site was last updated when it opened (2019) and wx when it opened
    # (2023-12-01).
    found = evaluate(policy, build(), as_of=datetime.date(2026, 11, 1)).by_rule(rule)
    assert [f.subject for f in found] == [subject]


# A post dated before the account opened is no update since it opened: the silent days run
# from the opening day, and the message says so rather than "last updated" on the opening.
@pytest.mark.parametrize(
    ("rule", "subject", "post"),
    [("stale_account", "wx", "p-wx"), ("website_updated", "site", "p-site")],
)
@pytest.mark.parametrize(
    ("day", "before"), [("2026-10-31", True), ("2026-11-01", False), ("2026-11-02", False)]
)
def test_a_post_before_the_opening_is_no_update_since(
    policy: Policy, rule: str, subject: str, post: str, day: str, before: bool
) -> None:
    doc = build(acc(subject, opened_on="2026-11-01"), ev(post, date=day))
    (finding,) = evaluate(policy, doc).by_rule(rule)
    zh, en = finding.messages.zh, finding.messages.en
    assert finding.evidence["last_post"] == day
    assert finding.evidence["idle_days"] == (18 if day == "2026-11-02" else 19)
    if before:
        assert "自 2026-11-01 开通以来没有更新（最近一次发布 2026-10-31 早于开通日）" in zh
        assert "since it opened on 2026-11-01 (its last post, of 2026-10-31, predates" in en
        assert "最近一次更新为" not in zh and "last updated" not in en
    else:
        assert f"最近一次更新为 {day}" in zh and f"was last updated on {day}" in en


# 第十八条: the rules on a 审图号 show the number as written and as read (normalised).
@pytest.mark.parametrize(
    ("kind", "number", "rule", "normalized"),
    [("approved", "GS2019-1822", "standard_or_approved_map", None),
     ("other", "审图号", "standard_or_approved_map", None),
     ("other", "审图号：ＧＳ（２０１９）１８２２号", "map_kind_unclear", "GS(2019)1822号"),
     ("other", "GS〔2019〕1822", "map_kind_unclear", "GS(2019)1822号")],
)  # fmt: skip
def test_a_map_finding_shows_the_number_as_read(
    policy: Policy, kind: str, number: str, rule: str, normalized: str | None
) -> None:
    result = evaluate(policy, build(ev("m-gs", map_kind=kind, approval_number=number)))
    (finding,) = [f for f in result.findings if f.subject == "m-gs"]
    assert finding.rule == rule
    assert finding.evidence["approval_number"] == number
    assert finding.evidence["approval_number_normalized"] == normalized


# 第二十二条 定级备案: the message says which step is missing. An ungraded system with no
# filing lacks both; one filed whose level the ledger lacks was graded (a filing presupposes
# the grade) and is asked only to record it; a graded one of level 2 or above lacks the
# filing; level 1 has nothing to file (公通字〔2007〕43号 第十五条).
SITE = "系统 安化彝族乡人民政府门户网站 "


@pytest.mark.parametrize(
    ("level", "filed", "said", "said_en"),
    [(None, None, SITE + "未确定网络安全等级保护级别（未定级），也没有向公安机关备案的记录",
      "has not been graded under the multi-level protection scheme, and no filing"),
     (None, "2024-06-12",
      SITE + "已于 2024-06-12 向公安机关备案，但台账未记录其等保级别（定级结果）",
      "was filed with the public security authority on 2024-06-12, but the ledger does not"),
     (1, None, None, None),
     (2, None, SITE + "已定为等保 2 级，未向公安机关备案",
      "is graded level 2 but has not been filed"),
     (2, "2024-06-12", None, None)],
)  # fmt: skip
def test_the_grading_message_says_which_step_is_missing(
    policy: Policy, level: int | None, filed: str | None, said: str | None, said_en: str | None
) -> None:
    doc = build(SELF_HOSTED, acc("site", mlps_level=DELETE if level is None else level,
                                 mlps_filed_on=DELETE if filed is None else filed))  # fmt: skip
    found = evaluate(policy, doc).by_rule("mlps_graded_and_filed")
    assert [f.messages.zh for f in found] == ([said] if said else [])
    assert [(said_en or "") in f.messages.en for f in found] == ([True] if said else [])
    assert "未知" not in "".join(f.messages.zh for f in found)


# 第二十四条 人员调离: the message names the duty that failed, and the remedy asks for it.
@pytest.mark.parametrize(
    ("handover", "pledge", "said", "said_en", "remedy"),
    [(False, False, "未办理工作移交，也未签保密承诺",
      "without handing over the work or signing a confidentiality pledge",
      "补办工作移交和保密承诺手续"),
     (False, True, "未办理工作移交（已签保密承诺）",
      "without handing over the work (the confidentiality pledge was signed)", "补办工作移交手续"),
     (True, False, "未签保密承诺（已办理工作移交）",
      "without signing a confidentiality pledge (the work was handed over)", "补签保密承诺"),
     (True, True, None, None, None)],
)  # fmt: skip
def test_a_transfer_message_names_the_duty_that_failed(
    policy: Policy,
    handover: bool,
    pledge: bool,
    said: str | None,
    said_en: str | None,
    remedy: str | None,
) -> None:
    doc = build(ev("mv", handover=handover, confidentiality_pledge=pledge))
    found = evaluate(policy, doc).by_rule("transfer_handover")
    zh = [f"he-ping 于 2026-03-16 调离，{said}"] if said else []
    en = [f"he-ping left on 2026-03-16 {said_en}"] if said else []
    assert [f.messages.zh for f in found] == zh
    assert [f.messages.en for f in found] == en
    assert [f.remedy.zh for f in found if f.remedy] == ([remedy] if remedy else [])


# A message states only facts: an account that never posted was never "last updated" on
# its opening day, and an uncertified account has no certification to name anything in.
TRUE_MESSAGES = [
    ("stale_account", "wx", seq(ev("p-wx", account="site"), acc("wx", opened_on="2026-11-05")),
     "台账中没有账号 安化发布 的更新记录（2026-11-05 开通）",
     "the ledger records no update of account 安化发布 (opened on 2026-11-05)"),
    ("stale_account", "wx", ev("p-wx", date=POST_LATE),
     f"最近一次更新为 {POST_LATE}", f"was last updated on {POST_LATE}"),
    ("website_updated", "site", ev("p-site", account="wx"),
     "台账中没有网站", "the ledger records no update of website"),
    ("website_updated", "site",
     ev("p-site", date=POST_LATE, review__on=POST_LATE, info_made_on=POST_LATE),
     f"最近一次更新为 {POST_LATE}", f"was last updated on {POST_LATE}"),
    ("certification_shows_sponsor", "wx", acc("wx", certification=DELETE),
     "未完成平台认证，无法在公开认证信息中标明主办单位名称", "is not certified on its platform"),
    ("certification_shows_sponsor", "wx", acc("wx", certification__verified=False),
     "未完成平台认证，无法在公开认证信息中标明主办单位名称", "is not certified on its platform"),
    ("certification_shows_sponsor", "wx", acc("wx", certification__shows_sponsor=False),
     "的公开认证信息未标明主办单位名称", "does not name the sponsoring unit"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "subject", "patch", "zh", "en"), TRUE_MESSAGES)
def test_messages_state_only_true_facts(
    policy: Policy, rule: str, subject: str, patch: Patch, zh: str, en: str
) -> None:
    (finding,) = evaluate(policy, build(patch)).by_rule(rule)
    assert finding.subject == subject
    said = {"zh": finding.messages.get("zh"), "en": finding.messages.get("en")}
    assert zh in said["zh"]
    assert en in said["en"]
    # the other form of the message is not said as well
    assert ("最近一次更新为" in said["zh"]) == ("最近一次更新为" in zh)
    assert ("未标明" in said["zh"]) == ("未标明" in zh)


# 第十七条 长期无更新: an app or mini program is updated by its service and versions, not
# by posts; with no post recorded at all, its silence is not shown, only noted.
@pytest.mark.parametrize(
    ("opened_on", "noted"),
    [("2026-11-04", True), ("2026-11-05", True), ("2026-11-06", False)],
)
def test_an_app_without_recorded_posts_is_noted_not_closed(
    policy: Policy, opened_on: str, noted: bool
) -> None:
    result = evaluate(policy, build(add_app(opened_on=opened_on)))
    assert [f.subject for f in result.by_rule("stale_account")] == []
    found = result.by_rule("app_updates_unrecorded")
    assert [(f.subject, f.severity) for f in found] == ([("app", "info")] if noted else [])
    if noted:
        assert "台账中没有移动客户端 安化办事通 的更新记录" in found[0].message


@pytest.mark.parametrize(("posted", "stale"), [(POST_LATE, True), (POST_OK, False)])
def test_an_app_whose_posts_are_recorded_is_judged_by_them(
    policy: Policy, posted: str, stale: bool
) -> None:
    post = {"id": "p-app", "kind": "post", "account": "app", "date": posted, "repost": False}
    result = evaluate(policy, build(add_app(opened_on="2024-06-03"), add("events", post)))
    assert [f.subject for f in result.by_rule("stale_account")] == (["app"] if stale else [])
    assert result.by_rule("app_updates_unrecorded") == []


# 第十七条 不符合开设要求的，先整合后关停: the state on the check date of an account opened
# before the regulation; one opened later draws the 第十一条/第十二条 opening finding instead.
NONCONFORMING = [
    ("individual", acc("wx", opened_as="individual"), "由个人以单位名义开办"),
    ("internal office", acc("wx", opened_as="internal_office"), "以内设机构名义开办"),
    ("unapproved platform", acc("wx", platform_approved=False), "未经国家有关主管单位核准"),
    ("event app", seq(add_app(purpose="event"), acc("app", opened_on="2022-01-01")), "一事一端"),
    (
        "standalone app",
        seq(add_app(app__shared_platform=False), acc("app", opened_on="2022-01-01")),
        "一单位一应用",
    ),
]


@pytest.mark.parametrize(("why", "patch", "said"), NONCONFORMING, ids=[n[0] for n in NONCONFORMING])
@pytest.mark.parametrize(
    ("opened_on", "found"),
    [
        ("2023-10-30", True),
        ("2023-10-31", False),
        ("2023-11-01", False),
    ],
)
def test_a_nonconforming_account_from_before_the_regulation_is_to_be_closed(
    policy: Policy, why: str, patch: Patch, said: str, opened_on: str, found: bool
) -> None:
    subject = "app" if why.endswith(" app") else "wx"
    doc = build(patch, acc(subject, opened_on=opened_on))
    got = of_rule(evaluate(policy, doc), "nonconforming_account")
    assert [f.subject for f in got] == ([subject] if found else [])
    if found:
        assert said in got[0].message


def test_a_nonconforming_account_not_in_use_or_being_closed_is_not_charged(
    policy: Policy,
) -> None:
    old = acc("wx", opened_on="2022-01-01", opened_as="individual")
    closed = acc("wx", status="closed", closed_on="2026-11-01")
    closing = fil(
        "f-shut",
        account="wx",
        submitted_on="2026-11-02",
        effective_on="2026-12-30",
        announcement={"start": "2026-11-03", "end": "2026-12-29"},
    )
    for patch in (closed, closing):
        assert of_rule(evaluate(policy, build(old, patch)), "nonconforming_account") == []
    assert of_rule(evaluate(policy, build(old)), "nonconforming_account") != []
