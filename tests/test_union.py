"""``union(E for x in K where P)``: the items of every ``E`` (a list or set), gathered
into one set, each once.

The language's way to name each distinct thing several facts hold: the persons of a
unit's accounts (a person who serves three accounts is one person), and the accounts
one person serves, listed in a message. Here: the value (each item once, unknown items
left out, the empty set of no items, the grouped and row-by-row evaluations agreeing),
as a rule's items (one finding per distinct item, about the fact they were gathered
for), the check's errors, and the cost bound (the source's aggregates add up with the
rule's others).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyengine.cost import rule_degree
from policyengine.errors import PolicyCheckError
from policyengine.policy import Policy, compile_policy

HEAD = """
policy t "test"
  effective 2024-01-01
facts units of unit { name: str }
facts accounts of account {
  name: str  sponsor: ref unit  active: bool  maintainers: list of str  officer: str?
}
facts trainings of training dated date { date: date  staff: list of str }
article 第一条 "text"
"""

# one finding per person of a unit, naming the accounts the person serves
PERSONS = """
rule untrained "t" cites 第一条 severity warning
  for u in unit, m in union(a.maintainers + {a.officer} for a in account
                            where a.sponsor == u and a.active)
  let accounts = union({a.name} for a in account
                       where a.sponsor == u and a.active
                         and m in a.maintainers + {a.officer})
  let last = latest(t.date for t in training where m in t.staff)
  when last is null
  message "{u.name} 的 {m}（{accounts}）从未参加培训"
  message en "{m} of {u.name} ({accounts}) was never trained"
  evidence person = m, accounts = accounts
"""

AS_OF = datetime.date(2026, 6, 1)


def policy_with(rule: str) -> Policy:
    return compile_policy(HEAD + rule, "t.policy")


def account(aid: str, sponsor: str, maintainers: list[str], officer: str | None = None,
            active: bool = True) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"id": aid, "name": f"名{aid}", "sponsor": sponsor,
                           "active": active, "maintainers": maintainers}  # fmt: skip
    if officer is not None:
        out["officer"] = officer
    return out


UNITS = [{"id": "u1", "name": "甲乡"}, {"id": "u2", "name": "乙乡"}]


def run(policy: Policy, accounts: list[Any], trainings: list[Any] | None = None) -> Any:
    facts = {"units": UNITS, "accounts": accounts, "trainings": trainings or []}
    return policy.evaluate(facts, as_of=AS_OF)


def test_a_person_of_several_accounts_is_judged_once() -> None:
    accounts = [account("wx", "u1", ["li"], "zhao"), account("wb", "u1", ["zhao"], "zhao"),
                account("dy", "u1", ["wang"], "zhao"), account("x", "u2", ["zhao"])]  # fmt: skip
    found = run(policy_with(PERSONS), accounts).by_rule("untrained")
    # the persons of a unit sorted, each once; a unit's persons are its own
    assert [(f.subject, f.item) for f in found] == [
        ("u1", "li"), ("u1", "wang"), ("u1", "zhao"), ("u2", "zhao"),
    ]  # fmt: skip
    zhao = found[2]
    assert zhao.messages.zh == "甲乡 的 zhao（名dy、名wb、名wx）从未参加培训"
    assert zhao.messages.en == "zhao of 甲乡 (名dy, 名wb, 名wx) was never trained"
    assert zhao.evidence == {"person": "zhao", "accounts": ["名dy", "名wb", "名wx"]}
    assert [f.label for f in found] == ["u1/li", "u1/wang", "u1/zhao", "u2/zhao"]


def test_a_trained_person_passes_for_every_account_at_once() -> None:
    accounts = [account("wx", "u1", ["li"], "zhao"), account("wb", "u1", ["zhao"])]
    trained = [{"id": "t1", "date": "2025-05-01", "staff": ["zhao"]}]
    found = run(policy_with(PERSONS), accounts, trained).by_rule("untrained")
    assert [f.item for f in found] == ["li"]


def test_unknown_items_filtered_facts_and_no_items() -> None:
    # no officer: nobody; an inactive account's people are not gathered; a unit with no
    # account has no items at all
    accounts = [account("wx", "u1", ["li"]), account("old", "u1", ["ma"], "ma", active=False)]
    result = run(policy_with(PERSONS), accounts)
    assert [(f.subject, f.item) for f in result.by_rule("untrained")] == [("u1", "li")]
    count = result.count_of("untrained")
    assert (count.examined, count.failed) == (1, 1)


# The same question asked two ways: grouped by the key (`a.sponsor == u`) and row by row
# (a filter that is not a key), and a union of sets of facts' names.
ROW_BY_ROW = PERSONS.replace("where a.sponsor == u and a.active\n",
                             "where (a.sponsor == u or false) and a.active\n", 1)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["u1", "u2"]), st.lists(st.sampled_from("abcd"), max_size=3),
                  st.one_of(st.none(), st.sampled_from("abcd")), st.booleans()),
        max_size=6,
    )
)  # fmt: skip
def test_union_is_the_set_of_the_items(rows: list[Any]) -> None:
    accounts = [account(f"a{i}", u, ms, off, active)
                for i, (u, ms, off, active) in enumerate(rows)]  # fmt: skip
    want = sorted(
        (u, m)
        for u in ("u1", "u2")
        for m in {x for a in accounts if a["sponsor"] == u and a["active"]
                  for x in [*a["maintainers"], a.get("officer")] if x is not None}
    )  # fmt: skip
    for rule in (PERSONS, ROW_BY_ROW):
        found = run(policy_with(rule), accounts).by_rule("untrained")
        assert [(f.subject, f.item) for f in found] == want
        for f in found:
            names = {a["name"] for a in accounts
                     if a["sponsor"] == f.subject and a["active"]
                     and f.item in [*a["maintainers"], a.get("officer")]}  # fmt: skip
            assert f.evidence["accounts"] == sorted(names)


def test_an_empty_union_is_the_empty_set() -> None:
    rule = """
rule lonely "t" cites 第一条 severity info
  for u in unit
  let people = union(a.maintainers for a in account where a.sponsor == u)
  when people is empty
  message "{u.name} 没有人员"
  evidence people = people
"""
    found = run(policy_with(rule), [account("wx", "u1", ["li"])]).by_rule("lonely")
    assert [(f.subject, f.evidence["people"]) for f in found] == [("u2", [])]


@pytest.mark.parametrize(
    ("value", "said"),
    [("a.name", "union gathers the items of lists or sets; `str` is neither"),
     ("a.active", "union gathers the items of lists or sets; `bool` is neither")],
)  # fmt: skip
def test_the_check_refuses_a_union_of_what_has_no_items(value: str, said: str) -> None:
    rule = PERSONS.replace("union({a.name} for a", f"union({value} for a")
    with pytest.raises(PolicyCheckError) as info:
        policy_with(rule)
    text = info.value.render("en")
    assert "E304" in text and said in text


def test_a_union_is_a_set_of_its_items_type() -> None:
    # a set of str: `in` a list of str, and `+` another set of str
    rule = PERSONS.replace("when last is null", 'when last is null and not ("x" in accounts)')
    assert policy_with(rule) is not None
    bad = PERSONS.replace("when last is null", "when last is null and 3 in accounts")
    with pytest.raises(PolicyCheckError):
        policy_with(bad)


def test_items_gathered_over_facts_add_up_in_the_degree() -> None:
    policy = policy_with(PERSONS)
    (rule,) = policy.checked.rules
    # the rule (1), the union over accounts its items come from (1), and the deepest
    # aggregate of its other clauses (1): N³
    assert rule_degree(rule, policy.checked).degree == 3
    # one aggregate more inside the per-item let: N⁴, refused by default
    deeper = PERSONS.replace(
        "where m in t.staff)",
        "where m in t.staff and any(b in account where b.name == u.name))",
    )
    with pytest.raises(PolicyCheckError) as info:
        policy_with(deeper)
    assert "E308" in info.value.render("en")
    assert compile_policy(HEAD + deeper, "t.policy", max_degree=4) is not None


def test_the_empty_set_goes_with_a_set_of_anything() -> None:
    # `{}` beside a set of facts, of text: in `if … else {}` and with `+` and `-`
    rule = """
rule offices "t" cites 第一条 severity info
  for u in unit
  let own = union({a} for a in account where a.sponsor == u)
  let more = own + (if u.name == "甲乡" then union({a} for a in account where a.active) else {})
  let names = {} + union({a.name} for a in account where a.sponsor == u) - {}
  when more is not empty
  message "{u.name}：{names}"
  evidence more = more
"""
    accounts = [account("wx", "u1", ["li"]), account("wb", "u2", ["li"])]
    found = run(policy_with(rule), accounts).by_rule("offices")
    assert [(f.subject, f.evidence["more"]) for f in found] == [
        ("u1", ["wb", "wx"]), ("u2", ["wb"]),
    ]  # fmt: skip
    assert [f.messages.zh for f in found] == ["甲乡：名wx", "乙乡：名wb"]
    # a set of facts and a set of text still do not go together
    with pytest.raises(PolicyCheckError):
        policy_with(rule.replace("else {})", "else {u.name})"))
