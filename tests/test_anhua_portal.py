"""第八条 (with 第二条): the website on the district portal, and what an address that
names no host decides.

BASE (tests/test_anhua_rules.py) has the website `site` at
https://www.jiangchuan.gov.cn/zwgk/ahyzx/, a column of the district portal.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, build, evaluate, of_rule

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


def test_a_site_off_the_portal_is_a_warning_naming_its_words(policy: Policy) -> None:
    """第八条 has no word of obligation (集中进行公开), as 第四条 has none: a warning."""
    doc = build(acc("site", url="https://www.anhua-township.cn/"))
    (finding,) = of_rule(evaluate(policy, doc), "website_on_district_portal")
    assert finding.severity == "warning"
    (rule,) = [r for r in policy.rules if r.decl.name == "website_on_district_portal"]
    assert rule.decl.severity_basis is not None
    assert "集中进行公开" in rule.decl.severity_basis
    assert "无义务用语" in rule.decl.severity_basis
