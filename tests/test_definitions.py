"""``define``: a named expression about one fact, put in place where a rule uses it.

A rule using a definition means exactly what it would mean with the expression written
out (a law over generated facts); the definition's own aggregate variables never capture
a name of the argument; a definition may use the ones written before it. The errors
(declared twice, an unknown kind, a wrong argument, a name the rule binds that the
definition reads) are in the policy error corpus (tests/golden/policy_errors/define_*).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings

from policyengine.errors import PolicyError
from policyengine.policy import Policy, compile_policy
from policyengine.testing import evaluate, facts_for

HEAD = """
policy t "test"
  effective 2024-01-01
facts accounts of account {
  name: str  status: enum { active, closed, cancelled }  opened_on: date  closed_on: date?
  maintainers: list of str
}
facts filings of filing dated submitted_on {
  account: ref account  submitted_on: date
}
article 第一条 "text"

define in_use(a: account) "在检查日在用"
  = a.opened_on 不晚于 as_of
    and (a.status == active
         or (a.status in {closed, cancelled} and ((a.closed_on 晚于 as_of) otherwise false)))
"""

INLINE = """
  a.opened_on 不晚于 as_of
    and (a.status == active
         or (a.status in {closed, cancelled} and ((a.closed_on 晚于 as_of) otherwise false)))
"""

RULES = f"""
rule defined cites 第一条 severity error for a in account
  where in_use(a)
  when a.maintainers is empty
  message "{{a.name}}"

rule written_out cites 第一条 severity error for a in account
  where {INLINE}
  when a.maintainers is empty
  message "{{a.name}}"

rule counted cites 第一条 severity error for f in filing
  let running = count(b in account where in_use(b))
  when running > 1
  message "{{running}}"
"""

POLICY = compile_policy(HEAD + RULES, "t.policy")
AS_OF = datetime.date(2025, 6, 1)


def account(id_: str, **fields: Any) -> dict[str, Any]:
    base = {"id": id_, "name": id_, "status": "active", "opened_on": "2024-03-01",
            "maintainers": []}  # fmt: skip
    return {**base, **fields}


def subjects(policy: Policy, facts: dict[str, Any], rule: str) -> list[str]:
    result = policy.evaluate(facts, as_of=AS_OF)
    return [f.subject for f in result.by_rule(rule)]


@settings(max_examples=100)
@given(facts_for(POLICY))
def test_law_a_definition_means_its_expression_written_out(doc: dict[str, Any]) -> None:
    result = evaluate(POLICY, doc)
    defined = [(f.subject, f.severity) for f in result.by_rule("defined")]
    assert defined == [(f.subject, f.severity) for f in result.by_rule("written_out")]


@pytest.mark.parametrize(
    ("fields", "in_use"),
    [
        ({"opened_on": "2025-05-31"}, True),
        ({"opened_on": "2025-06-01"}, True),  # opened on the check date
        ({"opened_on": "2025-06-02"}, False),  # not yet opened
        ({"status": "closed", "closed_on": "2025-05-31"}, False),
        ({"status": "closed", "closed_on": "2025-06-01"}, False),  # closed on the day
        ({"status": "closed", "closed_on": "2025-06-02"}, True),  # still running then
        ({"status": "cancelled", "closed_on": "2025-06-02"}, True),
        ({"status": "closed"}, False),  # closed, no day: closed as recorded
    ],
)
def test_in_use_on_the_check_date(fields: dict[str, Any], in_use: bool) -> None:
    facts = {"accounts": [account("a1", **fields)]}
    assert subjects(POLICY, facts, "defined") == (["a1"] if in_use else [])
    assert subjects(POLICY, facts, "written_out") == (["a1"] if in_use else [])


def test_a_definition_inside_an_aggregate() -> None:
    facts = {
        "accounts": [account("a1"), account("a2", opened_on="2025-07-01")],
        "filings": [{"id": "f1", "account": "a1", "submitted_on": "2025-01-02"}],
    }
    assert subjects(POLICY, facts, "counted") == []  # a2 is not yet open: one running
    facts["accounts"][1]["opened_on"] = "2025-05-01"
    assert subjects(POLICY, facts, "counted") == ["f1"]


def test_the_definitions_variables_never_capture_the_argument() -> None:
    """The body's `f` and the rule's `f` are two variables: written out naively, the
    body would read `f.account == f.account`, true for every filing."""
    policy = compile_policy(
        HEAD
        + """
define filed_twice(a: account) = count(f in filing where f.account == a) > 1

rule twice cites 第一条 severity error for f in filing
  when filed_twice(f.account)
  message "{f.id}"
""",
        "t.policy",
    )
    facts = {
        "accounts": [account("a1"), account("a2")],
        "filings": [
            {"id": "f1", "account": "a1", "submitted_on": "2025-01-02"},
            {"id": "f2", "account": "a2", "submitted_on": "2025-01-02"},
            {"id": "f3", "account": "a2", "submitted_on": "2025-02-03"},
        ],
    }
    assert subjects(policy, facts, "twice") == ["f2", "f3"]


def test_a_definition_uses_the_ones_before_it() -> None:
    policy = compile_policy(
        HEAD
        + """
define unmaintained(a: account) = in_use(a) and a.maintainers is empty

rule nobody cites 第一条 severity error for a in account
  when unmaintained(a)
  message "{a.name}"
""",
        "t.policy",
    )
    facts = {"accounts": [account("a1"), account("a2", maintainers=["x"]),
                          account("a3", opened_on="2025-07-01")]}  # fmt: skip
    assert subjects(policy, facts, "nobody") == ["a1"]


def test_a_definition_of_one_kind_uses_one_of_another() -> None:
    """A filing's definition reads its account's through the reference; the use inside
    the body is checked once, where it is defined, with the body's own variable. (The
    copies made while putting the earlier definitions in place are the ones checked and
    kept: a discarded copy must not pass its use on to an unrelated node.)"""
    policy = compile_policy(
        HEAD
        + """
define gone(a: account) = not in_use(a)
define closed_day(f: filing) = if in_use(f.account) then null else f.account.closed_on
define closed_late(f: filing) = closed_day(f) 晚于 f.submitted_on

rule closed_after_filing cites 第一条 severity error for f in filing
  when closed_late(f) and gone(f.account)
  message "{f.id}"
""",
        "t.policy",
    )
    facts = {
        "as_of": "2025-06-30",
        "accounts": [account("a1", status="closed", closed_on="2025-03-01"), account("a2")],
        "filings": [
            {"id": "f1", "account": "a1", "submitted_on": "2025-02-28"},
            {"id": "f2", "account": "a1", "submitted_on": "2025-03-01"},
            {"id": "f3", "account": "a2", "submitted_on": "2025-02-28"},
        ],
    }
    assert subjects(policy, facts, "closed_after_filing") == ["f1"]


def test_a_definition_cannot_use_a_later_one() -> None:
    """No recursion: a body sees only the definitions above it."""
    text = HEAD.replace(
        'define in_use(a: account) "在检查日在用"',
        "define early(a: account) = late(a)\n"
        "define late(a: account) = early(a)\n"
        'define in_use(a: account) "在检查日在用"',
    )
    with pytest.raises(PolicyError) as caught:
        compile_policy(text + RULES, "t.policy")
    assert "E208" in caught.value.render("en") and "`late`" in caught.value.render("en")


def test_a_finding_points_at_the_use_not_at_the_definition() -> None:
    """The expansion's root carries the call's span: what a rule shows of its `where`
    is the rule's own text."""
    (rule,) = (r for r in POLICY.rules if r.decl.name == "defined")
    assert rule.decl.where is not None
    assert rule.decl.where.span.text == "in_use(a)"


def test_a_definition_used_on_an_aggregates_variable_inside_another() -> None:
    """A definition may apply an earlier one to its own aggregate variable: the
    variable is renamed before the earlier one is put in place, so the argument reads the
    renamed variable (and is never an unknown name)."""
    policy = compile_policy(
        HEAD
        + """
define filed_by_as_of(f: filing) = f.submitted_on 不晚于 as_of
define filed(a: account) = any(f in filing where f.account == a and filed_by_as_of(f))

rule unfiled cites 第一条 severity error for a in account
  when not filed(a)
  message "{a.name}"
""",
        "t.policy",
    )
    facts = {
        "accounts": [account("a1"), account("a2"), account("a3")],
        "filings": [
            {"id": "f1", "account": "a1", "submitted_on": "2025-06-01"},  # the check date
            {"id": "f2", "account": "a2", "submitted_on": "2025-06-02"},  # the day after
        ],
    }
    assert subjects(policy, facts, "unfiled") == ["a2", "a3"]


@pytest.mark.parametrize(("opened_on", "remedy"), [("2025-06-01", "在用"), ("2025-06-02", "其他")])
def test_a_remedys_condition_uses_a_definition(opened_on: str, remedy: str) -> None:
    """A definition means the same in `remedy … if` as in `when`."""
    policy = compile_policy(
        HEAD
        + """
rule nobody cites 第一条 severity error for a in account
  when a.maintainers is empty
  message "{a.name}"
  remedy "在用" if in_use(a)
  remedy "其他"
""",
        "t.policy",
    )
    facts = {"accounts": [account("a1", opened_on=opened_on)]}
    (finding,) = policy.evaluate(facts, as_of=AS_OF).by_rule("nobody")
    assert finding.remedy is not None and finding.remedy.zh == remedy


def test_a_later_definition_never_reads_an_earlier_ones_use() -> None:
    """A definition using an earlier one is expanded, then copied (its variables renamed):
    the checker keeps the expanded body's use of the earlier definition alive, so no node
    of a later definition can take its id and be typed as that use (which reported the
    earlier definition's argument as an unknown name)."""
    from pathlib import Path

    from policyengine.checker import check
    from policyengine.syntax.parser import parse

    text = (Path(__file__).resolve().parent.parent / "policies" / "anhua.policy").read_text()
    anchor = 'rule regular_security_training "定期进行安全教育和技能考核"'
    for n in range(8):  # defines of different sizes, so that freed ids would be reused
        body = " and ".join(["t.topic == security"] * (n + 1))
        extra = f'define later_{n}(t: training) "x"\n  = {body} and t.assessed == true\n\n'
        check(parse(text.replace(anchor, extra + anchor, 1), "p"), "p")  # raises if wrong
