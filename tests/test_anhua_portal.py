"""第八条 (with 第二条): the website on the district portal, and what an address that
names no host decides; 第二十二条: the portal's sub-site and an app on the shared platform
are their operator's systems, not the township's.

BASE (tests/test_anhua_rules.py) has the website `site` at
https://www.jiangchuan.gov.cn/zwgk/ahyzx/, a column of the district portal, and the app
APP the township built itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, add, add_app, build, ev, evaluate, of_rule, seq

from policyengine.builtins import _host
from policyengine.findings import RuleCount
from policyengine.policy import Policy, load_policy
from policyengine.statement import compliance_statement


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def _count(policy: Policy, doc: dict[str, Any], rule: str) -> RuleCount:
    (count,) = [c for c in evaluate(policy, doc).counts if c.rule == rule]
    return count


# --------------------------------------------------------------------------- host()


@pytest.mark.parametrize(
    ("url", "host"),
    [("https://www.jiangchuan.gov.cn/a", "www.jiangchuan.gov.cn"),
     ("www.jiangchuan.gov.cn/a", "www.jiangchuan.gov.cn"),
     ("//www.jiangchuan.gov.cn/a", "www.jiangchuan.gov.cn"),
     ("https:/www.jiangchuan.gov.cn/a", "www.jiangchuan.gov.cn"),
     ("HTTP:anhua.jiangchuan.gov.cn", "anhua.jiangchuan.gov.cn"),
     ("https-anhua.cn/a", "https-anhua.cn"),
     ("https://", None), ("https:", None), ("http:/", None), ("https:///a", None),
     ("///www.jiangchuan.gov.cn/", None), ("//", None), ("https://:8080/", None),
     (None, None)],
)  # fmt: skip
def test_host_is_unknown_for_an_address_without_one(url: str | None, host: str | None) -> None:
    """A scheme alone, or an empty host, names no host: no address, not one elsewhere; a
    web scheme missing a slash still names its host."""
    assert _host(url) == host


# --------------------------------------------------------------------------- 第八条

# url → (website_on_district_portal: failed, passed, undecided; website_address_unknown)
_ADDRESSES = [
    ("https://www.jiangchuan.gov.cn/zwgk/ahyzx/", (0, 1, 0), False),
    ("https://anhua.jiangchuan.gov.cn/", (0, 1, 0), False),
    ("https:/www.jiangchuan.gov.cn/ahx/", (0, 1, 0), False),
    ("https://www.anhua-township.cn/", (1, 0, 0), False),
    ("https:/www.anhua-township.cn/", (1, 0, 0), False),
    (DELETE, (0, 0, 1), True),
    ("https://", (0, 0, 1), True),
    ("https://:443/anhua", (0, 0, 1), True),
    ("///www.jiangchuan.gov.cn/", (0, 0, 1), True),
]


@pytest.mark.parametrize(
    ("url", "portal", "unknown"),
    _ADDRESSES,
    ids=[str(u) if u is not DELETE else "none" for u, *_ in _ADDRESSES],
)
def test_an_address_without_a_host_leaves_the_site_undecided(
    policy: Policy, url: object, portal: tuple[int, int, int], unknown: bool
) -> None:
    """No address, or one naming no host, is neither on the portal (passed, and 第八条
    符合) nor off it (a finding): the site is undecided and the info asks for it."""
    doc = build(acc("site", url=url))
    count = _count(policy, doc, "website_on_district_portal")
    assert (count.failed, count.passed, count.undecided) == portal
    assert [f.subject for f in of_rule(evaluate(policy, doc), "website_address_unknown")] == (
        ["site"] if unknown else []
    )


def test_an_address_without_a_host_is_quoted_in_the_note(policy: Policy) -> None:
    doc = build(acc("site", url="https://"))
    (note,) = of_rule(evaluate(policy, doc), "website_address_unknown")
    assert "登记的网址（https://）没有主机名" in note.messages.get("zh")
    assert "(https://) with no host" in note.messages.get("en")


def test_the_statement_does_not_count_an_unknown_address_as_passed(policy: Policy) -> None:
    """第八条 names website_on_district_portal with the site undecided, not passed."""
    doc = build(acc("site", url="https://"))
    result = evaluate(policy, doc)
    (article,) = [a for a in compliance_statement(policy, result) if a.article == "第八条"]
    (line,) = [line for line in article.rules if line.rule == "website_on_district_portal"]
    assert (line.count.examined, line.count.passed, line.count.undecided) == (1, 0, 1)


def test_a_site_off_the_portal_is_an_error_naming_its_words(policy: Policy) -> None:
    """第八条 with 第二条 fixes the one place of disclosure (集中进行公开): an error."""
    doc = build(acc("site", url="https://www.anhua-township.cn/"))
    (finding,) = of_rule(evaluate(policy, doc), "website_on_district_portal")
    assert finding.severity == "error"
    (rule,) = [r for r in policy.rules if r.decl.name == "website_on_district_portal"]
    assert rule.decl.severity_basis is not None
    assert "集中进行公开" in rule.decl.severity_basis
    assert "唯一公开场所" in rule.decl.severity_basis


# --------------------------------------------------------------------------- 第二十二条

# A website with none of the 等保 steps done: ungraded and unfiled, its last assessment
# (sa) more than two years old, and a failed assessment unrectified.
_UNGRADED = acc("site", mlps_level=DELETE, mlps_filed_on=DELETE)
_UNASSESSED = ev("sa", date="2024-11-19")  # level 2 allows until 2026-11-20 (AS_OF)
_FAILED = add("events", {"id": "sa-f", "kind": "security_assessment", "account": "site",
                         "date": "2026-09-01", "passed": False})  # fmt: skip
_WEBSITE_RULES = [
    ("mlps_graded_and_filed", _UNGRADED, "site"),
    ("website_assessed", _UNASSESSED, "site"),
    ("failed_assessment_rectified", _FAILED, "sa-f"),
]

# url → (examined, failed, undecided) for each of those rules
_SITES = [
    ("https://www.jiangchuan.gov.cn/zwgk/ahyzx/", (0, 0, 0)),  # the portal's column
    ("https://anhua.jiangchuan.gov.cn/", (0, 0, 0)),  # a name under the district's domain
    ("jiangchuan.gov.cn/anhua", (0, 0, 0)),
    ("https://www.anhua-township.cn/", (1, 1, 0)),  # the township's own domain
    ("https://www.jiangchuan.gov.cn.example.com/", (1, 1, 0)),  # a look-alike
    (DELETE, (1, 0, 1)),  # no address: which system it is is unknown
    ("https://", (1, 0, 1)),
]


@pytest.mark.parametrize(
    ("rule", "defect", "subject"), _WEBSITE_RULES, ids=[r for r, *_ in _WEBSITE_RULES]
)
@pytest.mark.parametrize(
    ("url", "counted"), _SITES, ids=[str(u) if u is not DELETE else "none" for u, _ in _SITES]
)
def test_the_portals_sub_site_is_graded_and_assessed_by_the_district(
    policy: Policy,
    rule: str,
    defect: Any,
    subject: str,
    url: object,
    counted: tuple[int, int, int],
) -> None:
    """第二十二条 binds the system's 运营部门: the district portal's column (the same test as
    第八条) is not examined; a site on its own domain is; one whose address names no host
    is undecided, not passed."""
    doc = build(acc("site", url=url), defect)
    count = _count(policy, doc, rule)
    assert (count.examined, count.failed, count.undecided) == counted
    found = [f.subject for f in of_rule(evaluate(policy, doc), rule)]
    assert found == ([subject] if counted[1] else [])


# shared_platform → found by each rule; the app has no level (mlps_graded_and_filed) or a
# level-2 test more than two years old (app_security_tested)
_APP_RULES = [
    ("mlps_graded_and_filed", {"mlps_level": DELETE}),
    ("app_security_tested", {"app__mlps_tested_on": "2024-11-19"}),
]


@pytest.mark.parametrize(("rule", "defect"), _APP_RULES, ids=[r for r, _ in _APP_RULES])
@pytest.mark.parametrize(
    ("shared", "counted"),
    [(True, (0, 0)), (False, (1, 1)), (DELETE, (1, 1))],
    ids=["shared", "standalone", "unknown"],
)
def test_an_app_on_the_shared_platform_is_the_platforms_system(
    policy: Policy, rule: str, defect: dict[str, Any], shared: object, counted: tuple[int, int]
) -> None:
    """An app or mini program on the district's or province's shared platform is graded and
    tested by the platform's operator; one not recorded so is the township's own (第二条:
    自行开发建设的移动客户端、小程序)."""
    for platform in ("app", "mini_program"):
        doc = build(add_app(platform=platform, app__shared_platform=shared, **defect))
        count = _count(policy, doc, rule)
        assert (count.examined, count.failed) == counted, platform


@pytest.mark.parametrize(
    ("shared", "hint"), [(DELETE, True), (False, False)], ids=["unknown", "standalone"]
)
@pytest.mark.parametrize("level", [DELETE, 2], ids=["ungraded", "graded-unfiled"])
def test_the_grading_finding_names_the_shared_platform_when_unrecorded(
    policy: Policy, shared: object, hint: bool, level: object
) -> None:
    """An app not recorded as on the shared platform is judged as the township's own, and
    the message and remedy say what recording it would change."""
    doc = build(add_app(mlps_level=level, mlps_filed_on=DELETE, app__shared_platform=shared))
    (finding,) = of_rule(evaluate(policy, doc), "mlps_graded_and_filed")
    assert finding.remedy is not None
    assert ("由平台运营单位定级备案" in finding.remedy.zh) == hint
    assert ("its operator grades and files it" in finding.remedy.en) == hint
    assert ("台账未记录该应用是否运行在共享平台上" in finding.messages.zh) == hint
    assert ("does not say whether the app runs on a shared platform" in finding.messages.en) == hint


def test_a_sub_site_and_a_shared_app_without_any_mlps_record_give_no_finding(
    policy: Policy,
) -> None:
    """A township that runs neither system records no 等保 data for them: nothing under
    第二十二条 or 第十二条 is held against it, and the statement shows nothing examined."""
    doc = build(_UNGRADED, ev("sa", date="2019-01-02"), _FAILED,
                add_app(mlps_level=DELETE, mlps_filed_on=DELETE, app__shared_platform=True,
                        app__mlps_tested_on=DELETE))  # fmt: skip
    result = evaluate(policy, doc)
    rules = {"mlps_graded_and_filed", "website_assessed", "failed_assessment_rectified",
             "app_security_tested"}  # fmt: skip
    assert [f.rule for f in result.findings if f.rule in rules] == []
    assert {c.rule: c.examined for c in result.counts if c.rule in rules} == dict.fromkeys(rules, 0)


def test_a_shared_app_that_failed_its_assessment_is_still_closed(policy: Policy) -> None:
    """第十七条 安全保障不到位 is about the new media the township offers, whoever runs the
    platform (a WeChat account's too): a shared-platform app still draws it."""
    doc = build(
        add_app(app__shared_platform=True),
        add("events", {"id": "sa-app", "kind": "security_assessment", "account": "app",
                       "date": "2026-09-01", "passed": False}),
    )  # fmt: skip
    assert [f.subject for f in of_rule(evaluate(policy, doc), "security_not_ensured")] == ["app"]


def test_a_self_hosted_site_is_still_checked_in_both_articles(policy: Policy) -> None:
    doc = build(seq(acc("site", url="https://www.anhua-township.cn/"), _UNGRADED))
    result = evaluate(policy, doc)
    assert [(f.rule, f.severity) for f in result.findings] == [
        ("website_on_district_portal", "error"),
        ("mlps_graded_and_filed", "warning"),
    ]
