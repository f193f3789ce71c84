"""Staff who have left (第二十四条) and security incidents of every kind (第二十三条).

BASE (tests/test_anhua_rules.py) is checked on Friday 2026-11-20: wx is maintained by
chen-li with zhao-gang as its security officer, and he-ping left the township (unit
anhua) on 2026-03-16 by the book. Staff ids are unique within a unit, so a transfer of
the same id from the account's sponsor (or naming no unit) is the named person leaving.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, add, build, ev, evaluate

from policyengine.policy import Policy, load_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def found(policy: Policy, doc: dict[str, Any], rule: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f.subject, dict(f.evidence)) for f in evaluate(policy, doc).by_rule(rule)]


# he-ping is named; he leaves the day before the check, on it, the day after
@pytest.mark.parametrize(
    ("left_on", "subjects"),
    [("2026-11-19", ["wx"]), ("2026-11-20", ["wx"]), ("2026-11-21", [])],
)
@pytest.mark.parametrize("rule", ["security_officer_transferred", "maintainers_transferred"])
def test_a_named_person_who_has_left_by_the_check_date(
    policy: Policy, rule: str, left_on: str, subjects: list[str]
) -> None:
    doc = build(
        acc("wx", security_officer="he-ping", maintainers=["he-ping"]), ev("mv", date=left_on)
    )
    assert [s for s, _ in found(policy, doc, rule)] == subjects


def test_a_transfer_from_another_unit_is_another_person(policy: Policy) -> None:
    other = {"id": "jc", "name": "江城镇人民政府", "kind": "township_government"}
    doc = build(add("units", other), acc("wx", security_officer="he-ping"), ev("mv", unit="jc"))
    assert found(policy, doc, "security_officer_transferred") == []
    doc = build(add("units", other), acc("wx", security_officer="he-ping"), ev("mv", unit="anhua"))
    assert [s for s, _ in found(policy, doc, "security_officer_transferred")] == ["wx"]


def test_a_transfer_naming_no_unit_is_the_single_units(policy: Policy) -> None:
    doc = build(acc("wx", security_officer="he-ping"), ev("mv", unit=DELETE))
    assert [s for s, _ in found(policy, doc, "security_officer_transferred")] == ["wx"]


def test_while_one_maintainer_remains_the_account_is_maintained(policy: Policy) -> None:
    doc = build(acc("wx", maintainers=["he-ping", "chen-li"]))
    assert found(policy, doc, "maintainers_transferred") == []
    later = {"id": "mv2", "kind": "personnel_transfer", "unit": "anhua", "date": "2026-05-06",
             "staff": "chen-li", "handover": True, "confidentiality_pledge": True,
             "passwords_changed_on": "2026-05-06"}  # fmt: skip
    doc = build(acc("wx", maintainers=["he-ping", "chen-li"]), add("events", later))
    ((subject, evidence),) = found(policy, doc, "maintainers_transferred")
    assert (subject, evidence["last_left_on"]) == ("wx", "2026-05-06")
    (f,) = evaluate(policy, doc).by_rule("maintainers_transferred")
    assert f.severity == "warning" and f.article == "第二十四条"
    assert "均已调离（最后一人于 2026-05-06 调离），未指定接替的专人" in f.messages.zh
    assert "has been transferred away (the last on 2026-05-06)" in f.messages.en


def test_the_website_has_no_maintainer_duty_but_a_security_officer(policy: Policy) -> None:
    doc = build(acc("site", maintainers=["he-ping"], security_officer="he-ping"))
    assert found(policy, doc, "maintainers_transferred") == []
    ((subject, evidence),) = found(policy, doc, "security_officer_transferred")
    assert (subject, evidence["left_on"]) == ("site", "2026-03-16")


# --------------------------------------------------------------------------- 第二十三条


@pytest.mark.parametrize(
    ("incident", "zh", "en"),
    [
        ("other", "发生其他安全事件", "a security incident of another kind"),
        ("leak", "发生安全事件（信息泄露）", "a security incident (information leak)"),
    ],
)
def test_every_kind_of_security_incident_is_reported(
    policy: Policy, incident: str, zh: str, en: str
) -> None:
    event = {"id": "inc", "kind": "security_incident", "account": "wx",
             "date": "2026-05-01", "incident": incident}  # fmt: skip
    (f,) = evaluate(policy, build(add("events", event))).by_rule("account_security_incident")
    assert (f.subject, f.severity) == ("inc", "warning")
    assert zh in f.messages.zh and en in f.messages.en
