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
        ("happened_by(f.kind, as_of) is null", "error[E301]: expected `date`, found `kind_of"),
        ("happened_by(f.submitted_on) is null", "`happened_by` takes 2 arguments, not 1"),
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


def _rule(when: str = "d < min_days", extra: str = "") -> str:
    return RULE.format(when=when) + extra


# One policy per way the checker words a problem (policyengine/checker_messages.py),
# with the start of its English message: every variant is reachable and says what it
# should. A variant added to the table without a policy here fails the next test.
VARIANTS: dict[str, tuple[str, str]] = {
    "NO_POLICY": (BASE.replace('policy p "test"', ""), "a policy file needs exactly one"),
    "SECOND_POLICY": (BASE + 'policy q "again"\n', "this is a second one"),
    "RULE_TWICE": (BASE + _rule() + _rule(), "rule `r` is declared twice"),
    "ENUM_TWICE": (BASE + "enum kind_of_filing { a }\n" + _rule(), "enum `kind_of_filing` is"),
    "FIELD_TWICE": (BASE + "record pair { a: str  a: int }\n" + _rule(), "field `a` is declared"),
    "COLLECTION_TWICE": (BASE + "facts filings of other { x: str }\n" + _rule(),
                         "fact collection `filings` is declared twice"),
    "ARTICLE_TWICE": (BASE + 'article 第十六条 "again"\n' + _rule(),
                      "`第十六条` is declared twice"),
    "PARAM_TWICE": (BASE + 'parameter min_days: workdays = 1 "again"\n' + _rule(),
                    "parameter `min_days` is declared twice"),
    "NAME_BOUND": (BASE + _rule().replace("let d =", "let f ="), "the name `f` is already bound"),
    "DEFINE_TWICE": (BASE + "define days(a: account) = a.maintainers is empty\n" + _rule(),
                     "definition `days` is declared twice, or has a built-in function's name"),
    "DEFINE_SHADOWED": (BASE + "define short(g: filing) = period_workdays(g.announcement.start, "
                        "g.announcement.end) < min_days\n"
                        + _rule("short(f)").replace("let d =", "let min_days =")
                        .replace('"{d}"', '"{min_days}"'),
                        "the rule binds `min_days`, which definition `short` reads"),
    "READING_TWICE": (BASE + _rule(extra='  reading "一"\n  reading "二"\n'),
                      "rule `r` has two `zh` readings"),
    "UNUSED_PARAM": (BASE + 'parameter spare: days = 1 "unused"\n' + _rule("f.kind == open"),
                     "parameter `min_days` is declared but never used"),
    "PARAM_WITHOUT_DEFAULT": (BASE + 'parameter none_yet: days "no default"\n' + _rule(),
                              "parameter `none_yet` has no default"),
    "MAP_KEY_TYPE": (BASE + "record m { x: map of list of str to int }\n" + _rule(),
                     "the keys of a map cannot be `list of str`"),
    "UNKNOWN_TYPE": (BASE + "record m { x: strng }\n" + _rule(), "unknown type `strng`"),
    "UNKNOWN_KIND": (BASE + _rule().replace("for f in filing", "for f in filng"),
                     "unknown fact kind `filng`"),
    "VARIANTS_UNTAGGED": (BASE + "facts others of other { x: str  variant v { y: str } }\n"
                          + _rule(), "only a `tagged` collection can have variants"),
    "DATED_NOT_A_DATE_FIELD": (BASE + "facts others of other dated x { x: str }\n" + _rule(),
                               "`dated x` must name a date field of `other`"),
    "NOT_A_MEMBER": (BASE + 'parameter k: kind_of_filing = opne "k"\n' + _rule(),
                     "`opne` is not a member of `kind_of_filing`"),
    "MAP_KEY_NOT_SINGLE": (BASE + 'parameter m: map of list of int to int = { {1}: 1 } "m"\n'
                           + _rule(), "a key of a map must be a single value"),
    "DEFAULT_MISFITS": (BASE + 'parameter n: int = "x" "n"\n' + _rule(),
                        "the default value does not fit the type `int`"),
    "ARTICLE_WITHOUT_TEXT": (BASE + "article 第九条\n" + _rule(), "`第九条` needs its text"),
    "ARTICLE_UNDECLARED": (BASE + _rule().replace("cites 第十六条", "cites 第十七条"),
                           "`第十七条` is cited but not declared"),
    "CITES_MISSING_ARTICLE": (BASE + _rule().replace("cites 第十六条", "cites 第六条"),
                              "`第六条` is missing from the issued text"),
    "CITES_UNCHECKABLE_ARTICLE": (BASE + 'article 第九条 "text" not checkable "why"\n'
                                  + _rule().replace("cites 第十六条", "cites 第九条"),
                                  "`第九条` is declared not checkable"),
    "NO_CHINESE_MESSAGE": (BASE + _rule().replace('message "{d}"', 'message en "{d}"'),
                           "rule `r` has no Chinese message"),
    "LAST_MESSAGE_CONDITIONAL": (BASE + _rule().replace('"{d}"', '"{d}" if d > 1'),
                                 "the last `zh` message of rule `r` has an `if`"),
    "REMEDY_TWICE": (BASE + _rule(extra='  remedy "一"\n  remedy "二"\n'),
                     "rule `r` has a `remedy zh` after its `remedy zh` without `if`"),
    "LAST_REMEDY_CONDITIONAL": (BASE + _rule(extra='  remedy "一" if d > 1\n'),
                                "the last `remedy zh` of rule `r` has an `if`"),
    "REMEDY_ONLY_ENGLISH": (BASE + _rule(extra='  remedy en "fix it"\n'),
                            "rule `r` has an English `remedy` but no Chinese one"),
    "UNKNOWN_NAME": (BASE + _rule("nothing"), "unknown name `nothing`"),
    "NO_SUCH_FIELD": (BASE + _rule("f.nope"), "`filing` has no field `nope`"),
    "NO_FIELDS": (BASE + _rule("f.kind.x"), "`kind_of_filing` has no fields, so no `x`"),
    "NOT_A_MAP": (BASE + _rule("f.kind[1]"), "cannot look up `[…]` in `kind_of_filing`"),
    "UNKNOWN_FUNCTION": (BASE + _rule("frobnicate(d) > 1"), "unknown function `frobnicate`"),
    "ARGUMENT_COUNT": (BASE + _rule("days(f.submitted_on) > 1"), "`days` takes 2 arguments"),
    "UNKNOWN_PATTERN": (BASE + _rule("f.account.name matches 身份证"),
                        "unknown built-in pattern `身份证`"),
    "MAP_OUTSIDE_DEFAULT": (BASE + _rule("{1: 2} == {1: 2}"),
                            "a map can only be a parameter's default value"),
    "DATE_ARITHMETIC": (BASE + _rule("f.submitted_on + 1 > f.submitted_on"),
                        "dates cannot be added or subtracted"),
    "COUNT_NOT_A_COLLECTION": (BASE + _rule("size(f.kind) > 1"), "cannot count `kind_of_filing`"),
    "EMPTY_NOT_A_COLLECTION": (BASE + _rule("f.submitted_on is empty"),
                               "`date` is not a collection; it cannot be empty"),
    "AGGREGATE_OVER_NON_COLLECTION": (BASE + _rule("count(x in f.kind) > 1"),
                                      "cannot aggregate over `kind_of_filing`"),
    "EACH_OVER_NON_COLLECTION": (BASE + _rule().replace("for f in filing",
                                                         "for f in filing, k in f.kind"),
                                 "a rule cannot judge each item of `kind_of_filing`"),
    "UNION_OF_NON_COLLECTION": (BASE + _rule("union(g.kind for g in filing) is empty"),
                                "union gathers the items of lists or sets; `kind_of_filing` is"),
    "IN_NOT_A_COLLECTION": (BASE + _rule("f.kind in f.kind"),
                            "the right side of `in` must be a list or a set"),
    "MISMATCH": (BASE + _rule("not d"), "expected `bool`, found `workdays`"),
    "DATED_NOT_A_DATE": (BASE + _rule().replace("  let d", "  dated f.kind\n  let d"),
                         "`dated` needs a date, found `kind_of_filing`"),
    "NOT_A_CONDITION": (BASE + _rule("1 + 1"), "`when` needs a condition (`bool`), found `int`"),
    "COMPARISON_EXPECTED": (BASE + _rule("d"), "expected a comparison after `d`"),
    "LENGTH_WITHOUT_UNIT": (BASE + _rule("deadline_after(f.submitted_on, 3) < as_of"),
                            "the length of a deadline needs a unit"),
    "CANNOT_COMPARE": (BASE + _rule("f.submitted_on > 15"), "cannot compare `date` with `int`"),
    "WRONG_THRESHOLD_WORD": (BASE + _rule("f.submitted_on 超过 as_of"),
                             "`超过` does not compare dates"),
}  # fmt: skip


def test_every_message_variant_has_a_policy_that_raises_it() -> None:
    from policyengine import checker_messages
    from policyengine.codes import Message

    variants = {n for n, v in vars(checker_messages).items() if isinstance(v, Message)}
    assert sorted(variants ^ set(VARIANTS)) == []


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_message_variant_is_raised_with_its_code(name: str) -> None:
    from policyengine import checker_messages

    text, expected = VARIANTS[name]
    message = getattr(checker_messages, name)
    if message.level == "warning":
        found = check_text(text).warnings
        rendered = "\n".join(w.render("en") for w in found)
    else:
        rendered = errors_of(text)
    assert expected in rendered
    assert f"[{message.code}]" in rendered
