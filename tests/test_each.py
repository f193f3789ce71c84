"""A rule that judges each item of its fact: ``for a in account, m in a.maintainers``.

The language's answer to duties owed by each person an account names (第二十四条 "对相关
人员"): one finding per fact and item, about the fact, naming the item. Here: the items in
order (a set sorted), an unknown source or item judged as nothing, ``where`` reading the
item, the finding's ``item`` in every output that tells findings apart, the check's
errors, the cost bound, the step budget, and the explanation of a working-day count
traced for the item it was made for.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from policyengine.cost import rule_degree
from policyengine.errors import EvaluationError, PolicyCheckError
from policyengine.formats import junit, sarif
from policyengine.policy import Policy, compile_policy

HEAD = """
policy t "test"
  effective 2024-01-01
facts accounts of account {
  name: str  status: enum { active, closed }  maintainers: list of str  officer: str?
}
facts trainings of training dated date { date: date  staff: list of str }
parameter within: workdays = 3 "how soon" source "s" confidence high
article 第一条 "text"
"""

UNTRAINED = """
rule untrained "t" cites 第一条 severity warning
  for a in account, m in a.maintainers + {a.officer}
  where a.status == active
  let last = latest(t.date for t in training where m in t.staff)
  when last is null
  message "{a.name} 的 {m} 从未参加培训"
  message en "{m} of {a.name} was never trained"
  evidence person = m
"""

AS_OF = datetime.date(2026, 6, 1)


def policy_with(rule: str) -> Policy:
    return compile_policy(HEAD + rule, "t.policy")


def account(aid: str, maintainers: list[str], officer: str | None = None, **kw: Any) -> Any:
    out: dict[str, Any] = {"id": aid, "name": aid, "status": "active", "maintainers": maintainers}
    if officer is not None:
        out["officer"] = officer
    return {**out, **kw}


def run(policy: Policy, accounts: list[Any], trainings: list[Any] | None = None) -> Any:
    facts = {"accounts": accounts, "trainings": trainings or []}
    return policy.evaluate(facts, as_of=AS_OF)


def test_a_finding_per_fact_and_item_about_the_fact() -> None:
    trained = [{"id": "t1", "date": "2025-05-01", "staff": ["li"]}]
    result = run(policy_with(UNTRAINED),
                 [account("wx", ["wang", "li", "chen"], "zhao")], trained)  # fmt: skip
    found = result.by_rule("untrained")
    # a list in its order, the officer after it: the union is a set, so sorted
    assert [(f.subject, f.item) for f in found] == [
        ("wx", "chen"), ("wx", "wang"), ("wx", "zhao"),
    ]  # fmt: skip
    assert [f.messages.zh for f in found] == [
        "wx 的 chen 从未参加培训", "wx 的 wang 从未参加培训", "wx 的 zhao 从未参加培训",
    ]  # fmt: skip
    assert [f.evidence["person"] for f in found] == ["chen", "wang", "zhao"]
    assert len(set(found)) == 3  # findings about different items are not equal
    assert [f.label for f in found] == ["wx/chen", "wx/wang", "wx/zhao"]


def test_a_list_keeps_its_order() -> None:
    policy = policy_with(UNTRAINED.replace("a.maintainers + {a.officer}", "a.maintainers"))
    found = run(policy, [account("wx", ["wang", "chen", "wang"])]).by_rule("untrained")
    assert [f.item for f in found] == ["wang", "chen", "wang"]


def test_an_unknown_source_or_item_is_nothing_to_judge() -> None:
    # no officer: the set {null} names no one; an empty list has no items
    result = run(policy_with(UNTRAINED), [account("wx", []), account("wb", ["li"])])
    assert [(f.subject, f.item) for f in result.by_rule("untrained")] == [("wb", "li")]
    count = result.count_of("untrained")
    assert (count.examined, count.failed) == (1, 1)


def test_where_reads_the_item_and_the_fact() -> None:
    policy = policy_with(UNTRAINED.replace("where a.status == active",
                                           'where a.status == active and m != "zhao"'))  # fmt: skip
    accounts = [account("wx", ["li"], "zhao"), account("old", ["ma"], status="closed")]
    found = run(policy, accounts).by_rule("untrained")
    assert [(f.subject, f.item) for f in found] == [("wx", "li")]


def test_the_item_is_in_every_output_that_tells_findings_apart() -> None:
    policy = policy_with(UNTRAINED)
    facts = {"accounts": [account("wx", ["li", "wang"])], "trainings": []}
    report = policy.report(facts, as_of=AS_OF, outcomes=True)
    found = report.findings
    assert [f.to_dict()["item"] for f in found] == ["li", "wang"]
    # a rule without items: no `item` key
    plain = policy_with(UNTRAINED.replace(", m in a.maintainers + {a.officer}", "")
                        .replace("m in t.staff", "a.name in t.staff")
                        .replace("{m}", "x").replace("person = m", "person = a.name"))  # fmt: skip
    assert "item" not in plain.evaluate(facts, as_of=AS_OF).findings[0].to_dict()
    results = json.loads(sarif(report, "en", version="0"))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["policyengine/subject/v1"] for r in results]
    assert prints == ["untrained/wx/li", "untrained/wx/wang"]
    cases = junit(report, "en")
    assert 'name="wx/li"' in cases and 'name="wx/wang"' in cases


def test_a_passed_item_is_listed_by_its_label() -> None:
    policy = policy_with(UNTRAINED)
    facts = {"accounts": [account("wx", ["li", "wang"])],
             "trainings": [{"id": "t1", "date": "2025-05-01", "staff": ["li"]}]}  # fmt: skip
    report = policy.report(facts, as_of=AS_OF, outcomes=True)
    outcomes = report.result.count_of("untrained").outcomes
    assert outcomes is not None and outcomes.passed == ("wx/li",)
    assert [f.label for f in report.findings] == ["wx/wang"]


@pytest.mark.parametrize(
    ("clause", "said"),
    [("for a in account, m in a.name", "a rule cannot judge each item of `str`"),
     ("for a in account, a in a.maintainers", "the name `a` is already bound")],
)  # fmt: skip
def test_the_check_refuses_what_has_no_items(clause: str, said: str) -> None:
    with pytest.raises(PolicyCheckError) as info:
        policy_with(UNTRAINED.replace("for a in account, m in a.maintainers + {a.officer}", clause))
    assert said in info.value.render("en")


def test_items_of_a_fact_add_no_degree() -> None:
    policy = policy_with(UNTRAINED)
    (rule,) = [r for r in policy.checked.rules if r.name == "untrained"]
    # the rule (1) and its aggregate over trainings (1): the items cost nothing more
    assert rule_degree(rule, policy.checked).degree == 2


def test_every_item_is_a_step_of_the_budget() -> None:
    policy = policy_with(UNTRAINED)
    accounts = [account(f"a{i}", [f"p{j}" for j in range(50)]) for i in range(4)]
    with pytest.raises(EvaluationError):
        policy.evaluate({"accounts": accounts, "trainings": []}, as_of=AS_OF, max_steps=150)
    result = policy.evaluate({"accounts": accounts, "trainings": []}, as_of=AS_OF)
    assert len(result.findings) == 200


def test_a_working_day_count_is_explained_for_its_own_item() -> None:
    rule = """
rule late "t" cites 第一条 severity warning
  for a in account, m in a.maintainers
  let first = earliest(t.date for t in training where m in t.staff)
  let due = deadline_after(first, within)
  when as_of 晚于 due
  message "{m} 应不晚于 {due}"
"""
    trainings = [{"id": "t1", "date": "2024-10-08", "staff": ["li"]},
                 {"id": "t2", "date": "2025-03-03", "staff": ["wang"]}]  # fmt: skip
    found = run(policy_with(rule), [account("wx", ["li", "wang"])], trainings).by_rule("late")
    assert [f.messages.zh for f in found] == ["li 应不晚于 2024-10-11", "wang 应不晚于 2025-03-06"]
    # each explanation retraces its own item, so it counts its own period
    explained = [f.explanation for f in found]
    assert all(e is not None for e in explained)
    assert [e.values["first"] for e in explained if e is not None] == ["2024-10-08", "2025-03-03"]
    assert [[p.start for p in e.periods] for e in explained if e is not None] == [
        [datetime.date(2024, 10, 9)], [datetime.date(2025, 3, 4)],
    ]  # fmt: skip
