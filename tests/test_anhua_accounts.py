"""New-media accounts against their filings (第十四条, 第十六条), and the duties of
第十二条 (一单位一应用) and 第十七条 (安全保障不到位), at every boundary: the day before, the
day, the day after.

BASE (tests/test_anhua_rules.py) has wx opened 2023-12-01 under f-open (decided
2023-11-10, approved 2023-11-24) and tt closed 2024-04-01 under f-shut, announced from
Friday 2024-03-01 to 2024-03-29. March 2024 has no holiday: the 15th working day of that
announcement is Thursday 2024-03-21.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import (
    APP,
    DELETE,
    SELF_HOSTED,
    acc,
    add,
    build,
    ev,
    evaluate,
    fil,
    of_rule,
    seq,
)

from policyengine.policy import Policy, load_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def subjects(policy: Policy, doc: dict[str, Any], rule: str, **params: Any) -> list[str]:
    return [f.subject for f in of_rule(evaluate(policy, doc, params or None), rule)]


def _drop_filing(id_: str) -> Any:
    def patch(doc: dict[str, Any]) -> None:
        doc["filings"] = [f for f in doc["filings"] if f["id"] != id_]

    return patch


# --------------------------------------------------------------------------- 第十四条: opening


@pytest.mark.parametrize(
    ("opened_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["wx"]), ("2023-11-01", ["wx"])],
)
def test_an_account_opened_from_the_effective_date_needs_an_opening_filing(
    policy: Policy, opened_on: str, found: list[str]
) -> None:
    doc = build(_drop_filing("f-open"), acc("wx", opened_on=opened_on))
    assert subjects(policy, doc, "account_opening_filed") == found


def test_the_website_needs_no_opening_filing(policy: Policy) -> None:
    doc = build(acc("site", opened_on="2024-01-02"))
    assert subjects(policy, doc, "account_opening_filed") == []


# wx opened 2023-12-01: approval or decision the day before, the day, the day after.
# The decision moves the submission with it, so that decision_before_submission is quiet.
_PRIOR_STEPS = [
    ("opened_before_approval", "approved_on", lambda day: fil("f-open", district_approved_on=day)),
    ("opened_before_decision", "decided_on",
     lambda day: fil("f-open", collective_decision_on=day, submitted_on="2023-12-02",
                     district_approved_on="2023-12-01")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "field", "patch"), _PRIOR_STEPS, ids=[r for r, *_ in _PRIOR_STEPS]
)
@pytest.mark.parametrize(
    ("day", "found"),
    [("2023-11-30", []), ("2023-12-01", []), ("2023-12-02", ["wx"])],
    ids=["day-before", "same-day", "day-after"],
)
def test_opened_before_a_prior_step(
    policy: Policy, rule: str, field: str, patch: Any, day: str, found: list[str]
) -> None:
    """第十四条 须经……批准: the approval and the collective decision come first; the same
    day complies."""
    result = of_rule(evaluate(policy, build(patch(day))), rule)
    assert [f.subject for f in result] == found
    for f in result:
        assert f.evidence == {"opened_on": "2023-12-01", field: day}
        assert "2023-12-01 开设" in f.messages.zh and "before the" in f.messages.en


def test_an_opening_before_the_effective_date_is_not_judged_for_its_approval(
    policy: Policy,
) -> None:
    doc = build(acc("wx", opened_on="2023-10-30"), fil("f-open", district_approved_on="2023-11-24"))
    assert subjects(policy, doc, "opened_before_approval") == []


# --------------------------------------------------------------------------- 第十六条: closure


@pytest.mark.parametrize(
    ("closed_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["tt"]), ("2023-11-01", ["tt"])],
)
@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_a_closure_from_the_effective_date_needs_a_filing(
    policy: Policy, closed_on: str, found: list[str], mode: str
) -> None:
    doc = build(_drop_filing("f-shut"), acc("tt", closed_on=closed_on,
                                           certification__cancelled_on=closed_on))  # fmt: skip
    params = {"approval_mode": mode}
    assert subjects(policy, doc, "closure_filed", **params) == found
    assert subjects(policy, doc, "closure_approved", **params) == (
        found if mode == "strict" else []
    )


@pytest.mark.parametrize("kind", ["shutdown", "cancel"])
@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_either_filing_reports_a_closure(policy: Policy, kind: str, status: str) -> None:
    def set_kind(doc: dict[str, Any]) -> None:
        next(f for f in doc["filings"] if f["id"] == "f-shut")["kind"] = kind

    doc = build(set_kind, acc("tt", status=status))
    assert subjects(policy, doc, "closure_filed") == []
    assert subjects(policy, doc, "closure_approved") == []


def test_a_closure_without_a_date_is_not_judged(policy: Policy) -> None:
    doc = build(_drop_filing("f-shut"), acc("tt", closed_on=DELETE))
    assert subjects(policy, doc, "closure_filed") == []


# The announcement runs 2024-03-01..03-29; its 15th working day is 2024-03-21.
@pytest.mark.parametrize(
    ("closed_on", "error", "warning"),
    [
        ("2024-02-29", True, False),  # before the announcement even began
        ("2024-03-20", True, False),
        ("2024-03-21", True, False),  # the 15th working day itself
        ("2024-03-22", False, True),  # the minimum met, the announced end not reached
        ("2024-03-29", False, True),  # the announced end itself
        ("2024-03-30", False, False),
    ],
)
def test_a_closure_is_judged_against_the_announcement(
    policy: Policy, closed_on: str, error: bool, warning: bool
) -> None:
    doc = build(acc("tt", closed_on=closed_on))
    errors = of_rule(evaluate(policy, doc), "closed_in_minimum_notice")
    warnings = of_rule(evaluate(policy, doc), "closed_before_notice_end")
    assert [(f.subject, f.severity) for f in errors] == ([("f-shut", "error")] if error else [])
    assert [(f.subject, f.severity) for f in warnings] == (
        [("f-shut", "warning")] if warning else []
    )
    for f in errors + warnings:
        assert f.evidence["acted_on"] == closed_on
    announced = {"2024-02-29": 0, "2024-03-20": 13, "2024-03-21": 14, "2024-03-22": 15}
    if closed_on in announced:
        (f,) = errors + warnings
        assert f.evidence["announced_workdays"] == announced[closed_on]


def test_the_closure_that_happened_decides_over_the_planned_one(policy: Policy) -> None:
    # planned for 03-30 (after the announcement) but actually closed on 03-15
    doc = build(acc("tt", closed_on="2024-03-15"), fil("f-shut", effective_on="2024-03-30"))
    assert subjects(policy, doc, "closed_in_minimum_notice") == ["f-shut"]
    # closed on 04-01 as announced, although the filing planned 03-15
    doc = build(fil("f-shut", effective_on="2024-03-15"))
    assert subjects(policy, doc, "closed_in_minimum_notice") == []


@pytest.mark.parametrize(
    ("effective_on", "rule"),
    [("2024-03-21", "closed_in_minimum_notice"),
     ("2024-03-22", "closed_before_notice_end"), ("2024-03-30", None)],
)  # fmt: skip
def test_a_change_is_judged_by_its_effective_day(
    policy: Policy, effective_on: str, rule: str | None
) -> None:
    def to_change(doc: dict[str, Any]) -> None:
        filing = next(f for f in doc["filings"] if f["id"] == "f-shut")
        filing["kind"] = "change"
        filing["account"] = "wx"

    doc = build(to_change, fil("f-shut", effective_on=effective_on))
    found = {
        r: subjects(policy, doc, r)
        for r in ("closed_in_minimum_notice", "closed_before_notice_end")
    }
    assert found == {r: (["f-shut"] if r == rule else []) for r in found}


# --------------------------------------------------------------------------- 第十二条


@pytest.mark.parametrize(
    ("shared", "found"), [(True, []), (False, ["app"]), (None, []), (DELETE, [])]
)
def test_one_unit_one_app(policy: Policy, shared: object, found: list[str]) -> None:
    doc = build(add("accounts", APP), acc("app", app__shared_platform=shared))
    assert subjects(policy, doc, "app_on_shared_platform") == found


@pytest.mark.parametrize(
    ("opened_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["app"]), ("2023-11-01", ["app"])],
)
def test_one_unit_one_app_judges_apps_built_from_the_effective_date(
    policy: Policy, opened_on: str, found: list[str]
) -> None:
    doc = build(add("accounts", APP), acc("app", opened_on=opened_on, app__shared_platform=False))
    assert subjects(policy, doc, "app_on_shared_platform") == found


# --------------------------------------------------------------------------- 第十七条


def _failed(account: str, **fields: Any) -> Any:
    return add("events", {"id": "sa-x", "kind": "security_assessment", "account": account,
                          "date": "2026-09-01", "passed": False, **fields})  # fmt: skip


@pytest.mark.parametrize(
    ("rectified_on", "found"),
    # the check date is 2026-11-20: rectified by then, or not yet
    [("2026-11-19", []), ("2026-11-20", []), ("2026-11-21", ["wx"]), (None, ["wx"])],
)
def test_security_not_ensured(policy: Policy, rectified_on: str | None, found: list[str]) -> None:
    fields = {"rectified_on": rectified_on} if rectified_on else {}
    result = evaluate(policy, build(_failed("wx", **fields)))
    assert [
        (f.subject, f.severity, f.articles) for f in of_rule(result, "security_not_ensured")
    ] == [(s, "error", ("第十七条", "第二十二条")) for s in found]
    # one finding per case: not also the warning of 第二十二条
    assert of_rule(result, "failed_assessment_rectified") == []


@pytest.mark.parametrize(
    ("passed_on", "found"),
    [("2026-08-31", ["wx"]), ("2026-09-01", []), ("2026-09-02", [])],
    ids=["pass-before", "pass-same-day", "pass-after"],
)
def test_a_later_passed_assessment_restores_security(
    policy: Policy, passed_on: str, found: list[str]
) -> None:
    doc = build(_failed("wx"), add("events", {"id": "sa-y", "kind": "security_assessment",
                                              "account": "wx", "date": passed_on,
                                              "passed": True}))  # fmt: skip
    assert subjects(policy, doc, "security_not_ensured") == found


def test_a_closed_account_or_the_website_is_not_security_not_ensured(policy: Policy) -> None:
    assert subjects(policy, build(_failed("tt")), "security_not_ensured") == []
    site = build(SELF_HOSTED, _failed("site"))
    assert subjects(policy, site, "failed_assessment_rectified") == ["sa-x"]
    assert subjects(policy, site, "security_not_ensured") == []


# ------------------------------------------------------------- 第二十二条: the website

# The website, on a domain of the township's own (SELF_HOSTED: its own system), failed an
# assessment on 2026-09-01 (sa-x); the check date is 2026-11-20.


def _assessed(id_: str, date: str, passed: bool, **fields: Any) -> Any:
    return add("events", {"id": id_, "kind": "security_assessment", "account": "site",
                          "date": date, "passed": passed, **fields})  # fmt: skip


@pytest.mark.parametrize(
    ("passed_on", "found"),
    [("2026-08-31", ["sa-x"]), ("2026-09-01", []), ("2026-09-02", []),
     ("2026-11-20", []), ("2026-11-21", ["sa-x"])],
    ids=["pass-before", "pass-same-day", "pass-after", "pass-on-check-date",
         "pass-after-check-date"],
)  # fmt: skip
def test_a_later_passed_assessment_shows_the_website_rectified(
    policy: Policy, passed_on: str, found: list[str]
) -> None:
    """第二十二条 整改加固: a later passed assessment proves the rectification, as for
    new media (security_not_ensured); one after the check date had not happened on it."""
    doc = build(SELF_HOSTED, _failed("site"), _assessed("sa-y", passed_on, True))
    assert subjects(policy, doc, "failed_assessment_rectified") == found


@pytest.mark.parametrize(
    ("rectified_on", "found"),
    [("2026-11-19", []), ("2026-11-20", []), ("2026-11-21", ["sa-x"]), (None, ["sa-x"])],
)
def test_the_websites_rectification_counts_up_to_the_check_date(
    policy: Policy, rectified_on: str | None, found: list[str]
) -> None:
    fields = {"rectified_on": rectified_on} if rectified_on else {}
    result = evaluate(policy, build(SELF_HOSTED, _failed("site", **fields)))
    findings = of_rule(result, "failed_assessment_rectified")
    assert [(f.subject, f.severity, f.articles) for f in findings] == [
        (s, "warning", ("第二十二条",)) for s in found
    ]
    for f in findings:
        assert f.evidence == {"assessed_on": "2026-09-01", "rectified_on": rectified_on}
        if rectified_on is None:
            assert f.messages.zh == (
                "网站 安化彝族乡人民政府门户网站 最近一次等级测评（2026-09-01）未通过，尚未整改加固"
            )
            assert f.messages.en == (
                "website 安化彝族乡人民政府门户网站 failed its latest assessment (2026-09-01) "
                "and has not been rectified"
            )
        else:
            assert "整改日期 2026-11-21 在检查日之后" in f.messages.zh
            assert "recorded for 2026-11-21 comes after the check date" in f.messages.en


@pytest.mark.parametrize(
    ("later", "found"),
    [({"rectified_on": "2026-10-15"}, []), ({}, ["sa-z"])],
    ids=["later-failure-rectified", "later-failure-unrectified"],
)
def test_a_later_failed_assessment_is_judged_in_place_of_the_earlier(
    policy: Policy, later: dict[str, str], found: list[str]
) -> None:
    """Only the latest assessment tells the system's state: one finding at most."""
    doc = build(SELF_HOSTED, _failed("site"), _assessed("sa-z", "2026-10-01", False, **later))
    assert subjects(policy, doc, "failed_assessment_rectified") == found


# ------------------------------------------------------------- the website is not new media

# 第十一条 to 第十七条 govern 政务新媒体; 第二条 defines the government website apart.
_NEW_MEDIA_ONLY = [
    ("maintained", "site", acc("site", maintainers=[])),
    ("no_internal_office_account", "site",
     seq(add("units", {"id": "zhb", "name": "安化乡综合管理办公室", "kind": "internal_office"}),
         acc("site", sponsor="zhb", opened_on="2024-01-02"))),
    ("no_personal_account", "site", acc("site", opened_as="individual", opened_on="2024-01-02")),
    ("no_account_for_event", "site", acc("site", purpose="event", opened_on="2024-01-02")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "subject", "patch"), _NEW_MEDIA_ONLY, ids=[r for r, *_ in _NEW_MEDIA_ONLY]
)
def test_new_media_duties_do_not_reach_the_website(
    policy: Policy, rule: str, subject: str, patch: Any
) -> None:
    assert subjects(policy, build(patch), rule) == []
    # the same facts on a new-media account do break the rule
    as_wechat = seq(patch, acc(subject, platform="wechat", platform_approved=True))
    assert subjects(policy, build(as_wechat), rule) == [subject]


def test_a_closed_website_keeps_no_certification_duty(policy: Policy) -> None:
    closed = acc("site", status="closed", closed_on="2024-05-06",
                 certification={"verified": True, "shows_sponsor": True})  # fmt: skip
    assert subjects(policy, build(closed), "certification_cancelled") == []
    tt = acc("tt", certification__cancelled_on=DELETE)
    assert subjects(policy, build(tt), "certification_cancelled") == ["tt"]


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_a_filing_about_the_website_is_outside_14_to_16(policy: Policy, mode: str) -> None:
    """A revamp of the website recorded with the district office: 第十四条–第十六条 are
    about 政务新媒体 (the national system does not even take a website)."""
    website_change = add("filings", {"id": "f-site", "account": "site", "kind": "change",
                                     "submitted_on": "2024-05-06", "leader_approved": True,
                                     "district_filed_on": "2024-05-08",
                                     "effective_on": "2024-06-03"})  # fmt: skip
    result = evaluate(policy, build(website_change), {"approval_mode": mode})
    assert [f for f in result.findings if f.subject == "f-site"] == []
    on_wechat = seq(website_change, fil("f-site", account="wx"))
    found = {f.rule for f in evaluate(policy, build(on_wechat), {"approval_mode": mode}).findings
             if f.subject == "f-site"}  # fmt: skip
    assert "public_announcement" in found


@pytest.mark.parametrize(
    ("platform", "counted"),
    [("weibo", True), ("app", False), ("mini_program", False), ("website", False)],
)
def test_one_account_per_unit_counts_accounts_not_apps(
    policy: Policy, platform: str, counted: bool
) -> None:
    """第二条 names 政务账号 apart from the apps and mini programs a unit builds (第十二条):
    第十一条's one account counts accounts on third-party platforms."""
    second = dict(APP, id="second", platform=platform, platform_approved=True,
                  app={**APP["app"], "shared_platform": True})  # fmt: skip
    if platform == "website":
        second["url"] = "https://www.jiangchuan.gov.cn/ahx2/"
    doc = build(add("accounts", second))
    assert subjects(policy, doc, "one_account_per_unit") == (["anhua"] if counted else [])


@pytest.mark.parametrize(("source", "found"), [(None, True), ("", True), (" \u3000", True),
                                               ("人民日报", False)])  # fmt: skip
def test_a_source_of_blanks_is_no_source(policy: Policy, source: str | None, found: bool) -> None:
    patch = ev("p-wx", source=DELETE if source is None else source, source_kind="other")
    result = evaluate(policy, build(patch))
    assert [f.subject for f in of_rule(result, "repost_cites_source")] == (
        ["p-wx"] if found else []
    )
    (authority,) = of_rule(result, "repost_from_authority")
    assert ("来源类别为其他" in authority.messages.zh) == found


@pytest.mark.parametrize(("officer", "found"), [(None, True), ("", True), (" \u3000", True),
                                                ("zhao-gang", False)])  # fmt: skip
def test_a_security_officer_of_blanks_is_no_officer(
    policy: Policy, officer: str | None, found: bool
) -> None:
    """第二十四条 明确安全责任人: blanks name nobody."""
    doc = build(acc("wx", security_officer=DELETE if officer is None else officer))
    assert subjects(policy, doc, "security_officer_named") == (["wx"] if found else [])


@pytest.mark.parametrize("blank", ["", "  ", "\u3000"])
def test_a_blank_number_or_department_is_said_to_be_missing(policy: Policy, blank: str) -> None:
    """A blank cell is no value: the message says nothing was written, never quotes blanks."""
    result = evaluate(policy, build(ev("m-gs", approval_number=blank), acc("wx", managed_by=blank)))
    (map_finding,) = of_rule(result, "standard_or_approved_map")
    assert "称有审图号，但没有填写审图号" in map_finding.messages.zh
    assert "the number is not given" in map_finding.messages.en
    (department,) = of_rule(result, "competent_department")
    assert department.messages.zh == "账号 安化发布 没有登记主管部门，第四条规定应为 宣传文化中心"
    assert "has no competent department recorded" in department.messages.en


# ------------------------------------------------------------- the act, not the paper


def _cancel_after_shutdown(effective_on: str) -> Any:
    """tt, closed 2024-04-01 under f-shut, is cancelled by a later filing of its own."""
    return seq(acc("tt", status="cancelled"),
               add("filings", {"id": "f-cancel", "account": "tt", "kind": "cancel",
                               "submitted_on": "2024-04-20", "collective_decision_on": "2024-04-18",
                               "leader_approved": True, "district_approved_on": "2024-04-22",
                               "national_system_filed_on": "2024-04-23",
                               "municipal_system_filed_on": "2024-04-23",
                               "announcement": {"start": "2024-04-24", "end": "2024-05-24"},
                               "effective_on": effective_on}))  # fmt: skip


# from 2024-04-24 (劳动节 2024-05-01..05 off, 04-28 and 05-11 worked) the 15th working day
# is 2024-05-15: an act on it has had 14
@pytest.mark.parametrize(
    ("effective_on", "error", "warning"),
    [("2024-05-14", True, False), ("2024-05-15", True, False), ("2024-05-16", False, True),
     ("2024-05-24", False, True), ("2024-05-27", False, False)],
)  # fmt: skip
def test_a_cancellation_after_a_shutdown_is_judged_by_its_own_day(
    policy: Policy, effective_on: str, error: bool, warning: bool
) -> None:
    doc = build(_cancel_after_shutdown(effective_on))
    assert subjects(policy, doc, "closed_in_minimum_notice") == (["f-cancel"] if error else [])
    assert subjects(policy, doc, "closed_before_notice_end") == (["f-cancel"] if warning else [])


def _short_notice(submitted_on: str, closed_on: str) -> Any:
    """A shutdown announced 2023-11-01..11-03 (3 working days), tt closed on closed_on."""
    return seq(fil("f-shut", submitted_on=submitted_on, collective_decision_on="2023-10-01",
                   district_approved_on=submitted_on, national_system_filed_on=submitted_on,
                   municipal_system_filed_on=submitted_on,
                   announcement={"start": "2023-10-25", "end": "2023-11-03"},
                   effective_on=closed_on),
               acc("tt", closed_on=closed_on, certification__cancelled_on=closed_on))  # fmt: skip


@pytest.mark.parametrize(
    ("closed_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["f-shut"]), ("2023-11-01", ["f-shut"])],
)
@pytest.mark.parametrize("submitted_on", ["2023-10-20", "2023-11-02"])
def test_a_closure_is_in_scope_by_its_own_day_not_the_filings(
    policy: Policy, closed_on: str, found: list[str], submitted_on: str
) -> None:
    """第三十五条 and 第十六条: a closure on short notice from 2023-10-31 breaks the
    regulation though the paper was handed in before it; a closure of the day before is
    out of scope though the paper came after."""
    doc = build(_short_notice(submitted_on, closed_on))
    assert subjects(policy, doc, "closed_in_minimum_notice") == found


_IN_PROCESS = [
    # an opening filing for wx, not yet approved nor entered in the systems
    ("open", "f-open", lambda day: seq(acc("wx", opened_on=day),
                                      fil("f-open", district_approved_on=DELETE,
                                          national_system_filed_on=DELETE,
                                          municipal_system_filed_on=DELETE)),
     ["both_systems_filed", "district_approval"]),
    # the shutdown of tt on `day` (recorded as closed then; after the check date it was
    # still running on it), neither approved nor recorded yet
    ("shutdown", "f-shut", lambda day: seq(acc("tt", closed_on=day),
                                          fil("f-shut", effective_on=day,
                                              district_approved_on=DELETE,
                                              national_system_filed_on=DELETE,
                                              municipal_system_filed_on=DELETE)),
     ["both_systems_filed", "district_approval", "district_record"]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "filing", "patch", "rules"), _IN_PROCESS,
                         ids=[k for k, *_ in _IN_PROCESS])  # fmt: skip
@pytest.mark.parametrize(("day", "acted"), [("2026-11-19", True), ("2026-11-20", True),
                                            ("2026-11-21", False)])  # fmt: skip
def test_a_filing_still_in_process_breaks_nothing(
    policy: Policy, kind: str, filing: str, patch: Any, rules: list[str], day: str, acted: bool
) -> None:
    """第十四条 须经……批准 makes the approval a condition of the act: until the act
    happens (by the check date 2026-11-20) a request awaiting the district is no breach."""
    result = evaluate(policy, build(patch(day)))
    found = sorted(f.rule for f in result.findings if f.subject == filing and f.rule in
                   ("both_systems_filed", "district_approval", "district_record"))  # fmt: skip
    assert found == (rules if acted else [])


@pytest.mark.parametrize(("day", "acted"), [("2026-11-19", True), ("2026-11-20", True),
                                            ("2026-11-21", False)])  # fmt: skip
def test_an_announcement_can_still_be_made_until_the_act(
    policy: Policy, day: str, acted: bool
) -> None:
    """第十六条 并向社会公告: the announcement precedes the act, so a shutdown planned after
    the check date (2026-11-20) with no announcement yet breaks nothing."""
    doc = build(acc("tt", closed_on=day),
                fil("f-shut", effective_on=day, announcement=DELETE))  # fmt: skip
    assert subjects(policy, doc, "public_announcement") == (["f-shut"] if acted else [])
    # a shutdown of unknown day is not known to have happened
    unknown = build(acc("tt", status="active", closed_on=DELETE),
                    fil("f-shut", effective_on=DELETE, announcement=DELETE))  # fmt: skip
    assert subjects(policy, unknown, "public_announcement") == []


@pytest.mark.parametrize(
    ("closed_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["f-shut"]), ("2023-11-01", ["f-shut"])],
)
@pytest.mark.parametrize("submitted_on", ["2023-10-20", "2023-11-02"])
def test_a_closure_without_announcement_is_in_scope_by_its_own_day(
    policy: Policy, closed_on: str, found: list[str], submitted_on: str
) -> None:
    """第三十五条: the closure, not the paper, decides whether 第十六条 applies."""
    doc = build(_short_notice(submitted_on, closed_on), fil("f-shut", announcement=DELETE))
    assert subjects(policy, doc, "public_announcement") == found


@pytest.mark.parametrize(
    ("url", "found"),
    [("https://www.jiangchuan.gov.cn/ahx/", False), ("https://jiangchuan.gov.cn/anhua", False),
     ("https://anhua.jiangchuan.gov.cn/", False), ("www.jiangchuan.gov.cn/anhua", False),
     ("http://WWW.JIANGCHUAN.GOV.CN:8080/x", False),
     ("https://www.jiangchuan.gov.cn.evil.com/", True),
     ("https://xjiangchuan.gov.cn/", True), ("https://www.anhua-township.cn/", True)],
)  # fmt: skip
def test_the_website_is_on_the_district_governments_domain(
    policy: Policy, url: str, found: bool
) -> None:
    """第二条/第八条: the district government's domain or a name under it is the district
    portal; an address without https:// is read with it; a look-alike is not."""
    doc = build(acc("site", url=url))
    assert subjects(policy, doc, "website_on_district_portal") == (["site"] if found else [])
    assert subjects(policy, doc, "website_address_unknown") == []


# ------------------------------------------------------------- 第十四条 (strict): closure

# tt stopped running on 2024-04-01 under f-shut: the district's approval or the unit's
# collective decision the day before, the day, the day after. The decision moves the
# submission with it, so that decision_before_submission is quiet.
_CLOSURE_STEPS = [
    ("closed_before_approval", "approved_on", lambda day: fil("f-shut", district_approved_on=day)),
    ("closed_before_decision", "decided_on",
     lambda day: fil("f-shut", collective_decision_on=day, submitted_on=day)),
]  # fmt: skip


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(
    ("rule", "field", "patch"), _CLOSURE_STEPS, ids=[r for r, *_ in _CLOSURE_STEPS]
)
@pytest.mark.parametrize(
    ("day", "found"),
    [("2024-03-31", []), ("2024-04-01", []), ("2024-04-02", ["tt"])],
    ids=["day-before", "same-day", "day-after"],
)
def test_closed_before_a_prior_step(
    policy: Policy, mode: str, rule: str, field: str, patch: Any, day: str, found: list[str]
) -> None:
    """第十四条 (strict) 关停、注销须经……批准: as for an opening, the approval and the
    collective decision come first; the same day complies. Lenient mode reads 第十六条
    (a record, a decision or the leader's consent) and does not apply these rules."""
    result = of_rule(evaluate(policy, build(patch(day)), {"approval_mode": mode}), rule)
    assert [(f.subject, f.article, f.severity) for f in result] == [
        (s, "第十四条", "error") for s in (found if mode == "strict" else [])
    ]
    for f in result:
        assert f.evidence == {"closed_on": "2024-04-01", field: day}
        assert "于 2024-04-01 停止运行（已关停）" in f.messages.zh
        assert "stopped running on 2024-04-01 (closed), before the" in f.messages.en


@pytest.mark.parametrize(
    ("closed_on", "found"),
    [("2023-10-30", []), ("2023-10-31", ["tt"]), ("2023-11-01", ["tt"])],
)
def test_a_closure_before_approval_is_judged_by_the_closures_day(
    policy: Policy, closed_on: str, found: list[str]
) -> None:
    """第三十五条: the closure is the act; its day, not the filing's, puts it in scope."""
    doc = build(acc("tt", closed_on=closed_on, certification__cancelled_on=closed_on),
                fil("f-shut", district_approved_on="2023-11-02"))  # fmt: skip
    assert subjects(policy, doc, "closed_before_approval") == found


def test_a_closure_after_the_check_date_is_not_judged_for_its_approval(policy: Policy) -> None:
    doc = build(acc("tt", closed_on="2026-11-21"), fil("f-shut", district_approved_on="2026-11-25"))
    assert subjects(policy, doc, "closed_before_approval") == []
    doc = build(acc("tt", closed_on="2026-11-20"), fil("f-shut", district_approved_on="2026-11-20"))
    assert subjects(policy, doc, "closed_before_approval") == []
    doc = build(acc("tt", closed_on="2026-11-19"), fil("f-shut", district_approved_on="2026-11-20"))
    assert subjects(policy, doc, "closed_before_approval") == ["tt"]


def test_the_earliest_approval_of_a_closure_decides(policy: Policy) -> None:
    """A cancellation filed after the shutdown was approved does not make the closure of
    2024-04-01 one before approval."""
    doc = build(_cancel_after_shutdown("2024-05-27"))
    assert subjects(policy, doc, "closed_before_approval") == []
    assert subjects(policy, doc, "closed_before_decision") == []
