"""第二十四条 "定期对相关人员进行安全教育、技术培训和技能考核": each maintainer and the
security officer of an account in use attends security training with a skills
assessment within training_interval (staff_security_training), beside the unit's duty to
hold it (regular_security_training). A person is judged once, about the unit whose staff
they are (the township, for its internal offices too), naming every account they serve.

BASE (tests/test_anhua_rules.py): wx is maintained by chen-li with zhao-gang its security
officer, the website by li-min (officer zhao-gang); the one training ``tr`` (2026-06-18,
assessed) lists all three. training_interval is one year, counted as a deadline after the
training (moved to the next working day), never from before 2023-10-31: a person never
trained was due by Wednesday 2024-10-30.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from test_anhua_rules import DELETE, VILLAGE, acc, add, build, ev, evaluate, seq

from policyengine.policy import Policy, load_policy

RULE = "staff_security_training"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def found(policy: Policy, *patches: Any, as_of: str | None = None) -> list[Any]:
    kw = {} if as_of is None else {"as_of": datetime.date.fromisoformat(as_of)}
    return evaluate(policy, build(*patches), **kw).by_rule(RULE)


def pairs(findings: list[Any]) -> list[tuple[str, str | None]]:
    return [(f.subject, f.item) for f in findings]


def test_a_training_none_of_the_accounts_people_attended_trains_nobody(policy: Policy) -> None:
    """The reviewer's case: the unit held an assessed training, attended by someone else."""
    got = found(policy, ev("tr", date="2025-03-01", staff=["z"]), as_of="2025-06-03")
    # zhao-gang, security officer of the website and of wx, is one person: one finding
    assert pairs(got) == [("anhua", "chen-li"), ("anhua", "li-min"), ("anhua", "zhao-gang")]
    by = {f.item: f for f in got}
    assert by["chen-li"].messages.zh == (
        "相关人员 chen-li（安化发布 的维护人员）从未参加含技能考核的安全培训，"
        "按本制度施行后 1 年的间隔应不晚于 2024-10-30 参加"
    )
    assert by["zhao-gang"].messages.zh == (
        "相关人员 zhao-gang（安化发布、安化彝族乡人民政府门户网站 的安全责任人）"
        "从未参加含技能考核的安全培训，按本制度施行后 1 年的间隔应不晚于 2024-10-30 参加"
    )
    assert by["zhao-gang"].messages.en == (
        "zhao-gang, security officer of 安化发布, 安化彝族乡人民政府门户网站, has never attended "
        "security training with a skills assessment; at an interval of 1 year(s) from the "
        "regulation taking effect it was due by 2024-10-30"
    )
    assert by["zhao-gang"].evidence["maintainer_of"] == []
    assert by["zhao-gang"].evidence["security_officer_of"] == ["site", "wx"]
    assert by["zhao-gang"].severity == "warning"
    assert by["zhao-gang"].to_dict()["item"] == "zhao-gang"
    assert by["zhao-gang"].label == "anhua/zhao-gang"
    # the unit itself trained in time: its own rule is silent
    result = evaluate(policy, build(ev("tr", date="2025-03-01", staff=["z"])),
                      as_of=datetime.date(2025, 6, 3))  # fmt: skip
    assert result.by_rule("regular_security_training") == []


def test_the_last_training_is_named_and_a_person_holding_both_roles_once(policy: Policy) -> None:
    got = found(policy, acc("wx", security_officer="chen-li"), ev("tr", date="2025-06-01"))
    assert [f.messages.zh for f in got if f.item == "chen-li"] == [
        "相关人员 chen-li（安化发布 的维护人员兼安全责任人）"
        "最近一次参加含技能考核的安全培训为 2025-06-01，按 1 年的间隔应不晚于 2026-06-01 再次参加"
    ]
    (chen,) = [f for f in got if f.item == "chen-li"]
    assert chen.evidence["role"] == "maintainer and security officer"
    assert chen.evidence["maintainer_of"] == chen.evidence["security_officer_of"] == ["wx"]
    assert chen.evidence["due"] == "2026-06-01"


@pytest.mark.parametrize(
    ("as_of", "fires"), [("2024-10-29", False), ("2024-10-30", False), ("2024-10-31", True)]
)
def test_time_before_the_effective_date_never_counts(
    policy: Policy, as_of: str, fires: bool
) -> None:
    """Never trained, or trained only before 2023-10-31: one interval from the effective
    date, due by 2024-10-30; the check date after it finds the person overdue."""
    for tr in (ev("tr", date="2024-06-03", staff=["li-min", "zhao-gang"]),
               seq(ev("tr", date="2024-06-03", staff=["li-min", "zhao-gang"]),
                   add("events", {"id": "tr-old", "kind": "training", "unit": "anhua",
                                  "date": "2023-06-01", "staff": ["chen-li"],
                                  "topic": "security", "assessed": True}))):  # fmt: skip
        got = found(policy, tr, as_of=as_of)
        assert pairs(got) == ([("anhua", "chen-li")] if fires else [])


def test_an_unrecorded_assessment_counts_and_is_said(policy: Policy) -> None:
    got = found(policy, acc("wx", security_officer="chen-li"),
                ev("tr", date="2025-06-01", assessed=DELETE))  # fmt: skip
    assert [f.messages.zh for f in got if f.item == "chen-li"] == [
        "相关人员 chen-li（安化发布 的维护人员兼安全责任人）最近一次参加安全培训为 2025-06-01"
        "（未记录是否进行技能考核），即使计为含技能考核，"
        "按 1 年的间隔也应不晚于 2026-06-01 再次参加"
    ]
    # in time if it had an assessment: nothing rests on the unknown
    assert found(policy, ev("tr", assessed=DELETE)) == []
    # a training without assessment, or on another topic, trains nobody
    assert ("anhua", "chen-li") in pairs(found(policy, ev("tr", assessed=False)))
    assert ("anhua", "chen-li") in pairs(found(policy, ev("tr", topic="other")))


OFFICE = {"id": "dzb", "name": "党政综合办公室", "kind": "internal_office"}
CENTRE = {"id": "bmfw", "name": "便民服务中心", "kind": "other"}


def test_which_units_trainings_count_for_a_person(policy: Policy) -> None:
    # an internal office's account: the township's training counts (one township), and
    # the office's for the township's people
    assert found(policy, add("units", OFFICE), acc("wx", sponsor="dzb")) == []
    assert found(policy, add("units", OFFICE), ev("tr", unit="dzb")) == []
    # with two townships, an office cannot be placed: its persons are its own, and only
    # its own trainings count
    second = {"id": "t2", "name": "另一乡", "kind": "township_government"}
    got = found(policy, add("units", OFFICE), add("units", second), acc("wx", sponsor="dzb"))
    assert pairs(got) == [("dzb", "chen-li"), ("dzb", "zhao-gang")]
    # another unit's staff ids are its own: the township's training does not train them
    # (zhao-gang of the centre is not zhao-gang of the township)
    got = found(policy, add("units", CENTRE), acc("wx", sponsor="bmfw"))
    assert pairs(got) == [("bmfw", "chen-li"), ("bmfw", "zhao-gang")]
    # ... and the other way round: the centre's training trains its own account's people
    got = found(policy, add("units", CENTRE), acc("wx", sponsor="bmfw"), ev("tr", unit="bmfw"))
    assert pairs(got) == [("anhua", "li-min"), ("anhua", "zhao-gang")]
    # a training naming no unit counts (the file holds one township)
    assert found(policy, ev("tr", unit=DELETE)) == []


def test_who_is_not_judged(policy: Policy) -> None:
    untrained = ev("tr", staff=["li-min"])
    assert pairs(found(policy, untrained)) == [("anhua", "chen-li"), ("anhua", "zhao-gang")]
    # no officer recorded on wx, or only blanks: zhao-gang is still the website's officer
    for officer in (DELETE, "  "):
        got = found(policy, untrained, acc("wx", security_officer=officer))
        assert pairs(got) == [("anhua", "chen-li"), ("anhua", "zhao-gang")]
        assert got[1].evidence["security_officer_of"] == ["site"]
    # ... and with the website's gone too, nobody to judge (security_officer_named says so)
    got = found(policy, untrained, acc("wx", security_officer="  "),
                acc("site", security_officer=DELETE))  # fmt: skip
    assert pairs(got) == [("anhua", "chen-li")]
    # a closed account, a village committee's account: its people serve nothing judged
    closed = acc("wx", status="closed", closed_on="2026-01-05")
    got = found(policy, untrained, closed)
    assert pairs(got) == [("anhua", "zhao-gang")]
    assert got[0].evidence["security_officer_of"] == ["site"]
    got = found(policy, untrained, add("units", VILLAGE), acc("wx", sponsor="cun"))
    assert pairs(got) == [("anhua", "zhao-gang")]
    # a person transferred away from the unit is the transfer rules' matter
    got = found(policy, untrained, ev("mv", staff="chen-li"))
    assert pairs(got) == [("anhua", "zhao-gang")]
    # one who left another unit is still this unit's
    got = found(policy, untrained, add("units", CENTRE), ev("mv", staff="chen-li", unit="bmfw"))
    assert pairs(got) == [("anhua", "chen-li"), ("anhua", "zhao-gang")]


# The reviewer's case: a security officer of six accounts who missed training is one
# person, found once, with the six accounts named: the website, wx, two more of the
# township's and one of its internal office (the township's, with one township in the
# file). The check is on Friday 2026-11-20: a training on 2025-11-20 is due again by it.
def _more_accounts(doc: dict[str, Any]) -> None:
    wx = next(a for a in doc["accounts"] if a["id"] == "wx")
    for aid, name, sponsor in (("wx1", "安化发布一", "anhua"), ("wx2", "安化发布二", "anhua"),
                               ("wb", "安化综合办", "dzb")):  # fmt: skip
        doc["accounts"].append({**wx, "id": aid, "name": name, "sponsor": sponsor})
    doc["accounts"].append({**wx, "id": "wx3", "name": "安化发布三", "maintainers": ["li-min"]})


@pytest.mark.parametrize(
    ("trained_on", "fires"), [("2025-11-19", True), ("2025-11-20", False), ("2025-11-21", False)]
)
def test_a_security_officer_of_six_accounts_is_found_once(
    policy: Policy, trained_on: str, fires: bool
) -> None:
    got = found(policy, add("units", OFFICE), _more_accounts, ev("tr", date=trained_on))
    # three persons, each once, all the township's
    assert pairs(got) == (
        [("anhua", "chen-li"), ("anhua", "li-min"), ("anhua", "zhao-gang")] if fires else []
    )
    if not fires:
        return
    by = {f.item: f for f in got}
    zhao = by["zhao-gang"]
    assert zhao.evidence["security_officer_of"] == ["site", "wb", "wx", "wx1", "wx2", "wx3"]
    assert zhao.evidence["maintainer_of"] == []
    assert zhao.messages.zh == (
        "相关人员 zhao-gang（安化发布、安化发布一、安化发布三、安化发布二、"
        "安化彝族乡人民政府门户网站、安化综合办 的安全责任人）"
        "最近一次参加含技能考核的安全培训为 2025-11-19，"
        "按 1 年的间隔应不晚于 2026-11-19 再次参加"
    )  # fmt: skip
    # a person who maintains some accounts and is the officer of none
    assert by["chen-li"].evidence["maintainer_of"] == ["wb", "wx", "wx1", "wx2"]
    assert (
        "（安化发布、安化发布一、安化发布二、安化综合办 的维护人员）" in by["chen-li"].messages.zh
    )
    # one who maintains two and is the officer of none is still found once
    assert by["li-min"].evidence["maintainer_of"] == ["site", "wx3"]
