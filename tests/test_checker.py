"""The checker: names and types against the policy's declarations, all errors at once."""

from __future__ import annotations

import pytest

from policyengine.checker import check
from policyengine.errors import PolicyCheckError
from policyengine.syntax.parser import parse

BASE = """
policy p "test"
enum kind_of_filing { open, change }
facts accounts of account { name: str  status: enum { active, closed }  opened_on: date
                            maintainers: list of str }
facts filings of filing dated submitted_on {
  account: ref account  kind: kind_of_filing  submitted_on: date
  announcement: { start: date  end: date }?
}
parameter min_days: workdays = 15 "minimum" source "s" confidence high
article 第十六条 "text"
article 第六条 missing "absent"
"""

RULE = """
rule r "t" cites 第十六条 severity error for f in filing
  let d = period_workdays(f.announcement.start, f.announcement.end)
  when {when}
  message "{{d}}"
"""


def check_text(text: str):  # type: ignore[no-untyped-def]
    return check(parse(text, "t.policy"), "t.policy")


def errors_of(text: str) -> str:
    with pytest.raises(PolicyCheckError) as info:
        check_text(text)
    return info.value.render("en")


def test_base_with_a_rule_checks() -> None:
    checked = check_text(BASE + RULE.format(when="d < min_days"))
    assert [r.name for r in checked.rules] == ["r"]
    assert checked.warnings == []


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("f.submitted_on > 15", "error[E302]: cannot compare `date` with `int`"),
        ("f.submited_on > 2024-01-01", "did you mean `submitted_on`?"),
        ("f.account.statuss == active", "`account` has no field `statuss`"),
        ("f.account.status == actve", "unknown name `actve`"),
        ("f.kind == closed", "`closed` is not a member of `kind_of_filing`"),
        ("d < days(f.submitted_on, f.submitted_on)", "cannot compare `workdays` with `days`"),
        ("size(f.kind) > 1", "cannot count `kind_of_filing`"),
        ("f.kind", "`when` needs a condition (`bool`), found `kind_of_filing`"),
        ("frobnicate(d) > 1", "unknown function `frobnicate`"),
        ("f.submitted_on matches 身份证", "unknown built-in pattern `身份证`"),
        ("count(x in filng) > 1", "did you mean `filing`?"),
        ("f.submitted_on + 1 > f.submitted_on", "dates cannot be added or subtracted"),
    ],
)
def test_type_and_name_errors(when: str, expected: str) -> None:
    assert expected in errors_of(BASE + RULE.format(when=when))


def test_error_points_at_the_offending_text() -> None:
    rendered = errors_of(BASE + RULE.format(when="f.submitted_on > 15"))
    lines = rendered.splitlines()
    assert lines[1] == "  --> t.policy:16:8"
    assert lines[3].endswith("when f.submitted_on > 15")
    assert lines[4] == "   |" + " " * 8 + "^" * 19 + " `date`"
    assert "help: compare with a date" in rendered


def test_all_errors_are_reported_together() -> None:
    text = BASE + RULE.format(when="f.submitted_on > 15 and f.kind == closed")
    text += RULE.replace("rule r", "rule r2").format(when="unknown_thing")
    rendered = errors_of(text)
    assert rendered.count("error[") == 3


def test_citing_undeclared_or_missing_articles() -> None:
    rule = RULE.format(when="d < min_days")
    assert "`第十七条` is cited but not declared" in errors_of(
        BASE + rule.replace("cites 第十六条", "cites 第十七条")
    )
    assert "`第六条` is missing from the issued text" in errors_of(
        BASE + rule.replace("cites 第十六条", "cites 第六条")
    )


def test_unknown_placeholder_in_message() -> None:
    rule = RULE.format(when="d < min_days").replace('"{d}"', '"{dd} {f.nope}"')
    rendered = errors_of(BASE + rule)
    assert "unknown name `dd`" in rendered and "`filing` has no field `nope`" in rendered


def test_unused_parameter_is_a_warning() -> None:
    text = BASE + 'parameter spare: days = 1 "unused"\n' + RULE.format(when="d < min_days")
    checked = check_text(text)
    assert [w.code for w in checked.warnings] == ["E211"]
    assert "parameter `spare` is declared but never used" in checked.warnings[0].render("en")


def test_chinese_messages_by_default() -> None:
    with pytest.raises(PolicyCheckError) as info:
        check_text(BASE + RULE.format(when="f.submitted_on > 15"))
    assert info.value.render().startswith("错误[E302]: 无法比较 `date` 与 `int`")


def test_shipped_policy_checks_without_warnings() -> None:
    from policyengine import resources

    checked = check_text(resources.shipped_policy("anhua") or "")
    assert checked.warnings == []
    assert len(checked.articles) == 35


def test_labels_of_kinds_variants_and_fields_reach_the_schema() -> None:
    text = """
policy p "test"
facts accounts of account "账号" {
  opened_on "开办日期": date  "the day it opened"
  cert "认证": { verified "已认证": bool }?
  name: str
}
facts events of event "事件" tagged kind { variant post "发布" { on: date }  variant other { } }
"""
    schema = check_text(text).schema
    account = schema.collections["accounts"].variants["account"]
    assert account.label == "账号"
    opened, cert, name = (account.record.field(n) for n in ("opened_on", "cert", "name"))
    assert opened is not None and (opened.label, opened.doc) == ("开办日期", "the day it opened")
    assert cert is not None and cert.label == "认证" and name is not None and name.label is None
    verified = cert.type.field("verified")
    assert verified is not None and verified.label == "已认证"
    events = schema.collections["events"]
    assert [v.label for v in events.variants.values()] == ["发布", None, "事件"]
    tag = events.variants["post"].record.field("kind")
    assert tag is not None and tag.type.labels == {"post": "发布"}
