"""第二十四条 定期……技能考核 when the facts do not say whether a security training had a
skills assessment (``assessed`` unknown): the warning of regular_security_training only
where the township is overdue even counting that training as assessed, the note of
training_assessment_unknown where the answer turns on the unknown, nothing where it is in
time either way; at every boundary (the day before, the day, the day after). An internal
office's training counts as its township's (one township in the file).

BASE (tests/test_anhua_rules.py) has one unit, anhua, with active accounts, and one
security training ``tr``. training_interval is one year: a training on Sunday
2025-06-01 is due again by Monday 2026-06-01; one on Sunday 2024-09-01 by Monday
2025-09-01; a unit that never trained was due by 2024-10-30 (one year from 2023-10-31).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from test_anhua_rules import DELETE, acc, add, build, ev, evaluate

from policyengine.policy import Policy, load_policy

WARN = "regular_security_training"
NOTE = "training_assessment_unknown"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def _found(policy: Policy, doc: dict[str, Any], as_of: str) -> dict[str, list[Any]]:
    result = evaluate(policy, doc, as_of=datetime.date.fromisoformat(as_of))
    return {rule: result.by_rule(rule) for rule in (WARN, NOTE)}


UNRECORDED = ev("tr", date="2025-06-01", assessed=DELETE)


@pytest.mark.parametrize(
    ("as_of", "warn", "note"),
    [("2025-11-03", False, True), ("2026-05-31", False, True), ("2026-06-01", False, True),
     ("2026-06-02", True, False)],
)  # fmt: skip
def test_an_unrecorded_assessment_decides_nothing_against_the_township(
    policy: Policy, as_of: str, warn: bool, note: bool
) -> None:
    found = _found(policy, build(UNRECORDED), as_of)
    assert [(f.subject, f.severity) for f in found[WARN]] == [("anhua", "warning")] * warn
    assert [(f.subject, f.severity) for f in found[NOTE]] == [("anhua", "info")] * note
    for f in found[NOTE]:
        assert f.messages.zh.startswith(
            "安化彝族乡人民政府 最近一次安全培训（2025-06-01）未记录是否进行技能考核，"
            "无法判断是否定期进行技能考核"
        )
        assert f.messages.zh.endswith(
            "该培训未进行技能考核的，含技能考核的安全培训应不晚于 2024-10-30 进行"
        )
        assert "未知" not in f.messages.zh
        assert "whether it had a skills assessment" in f.messages.en
        assert f.evidence == {
            "last_training": "2025-06-01",
            "last_assessed": None,
            "due_if_assessed": "2026-06-01",
            "due_if_not": "2024-10-30",
        }
    for f in found[WARN]:
        # overdue even if the training had an assessment: said so, not "never trained"
        assert f.messages.zh == (
            "安化彝族乡人民政府 最近一次安全培训为 2025-06-01（未记录是否进行技能考核），"
            "即使计为含技能考核，按 1 年的间隔也应不晚于 2026-06-01 再次培训"
        )
        assert "从未" not in f.messages.zh
        assert "(whether it had a skills assessment is not recorded)" in f.messages.en


# an assessed training on 2024-09-01 (due again by 2025-09-01) and an unrecorded one after it
BOTH = [ev("tr", date="2024-09-01", assessed=True),
        add("events", {"id": "tr-2", "kind": "training", "unit": "anhua", "date": "2025-06-01",
                       "staff": ["li-min"], "topic": "security"})]  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "note"), [("2025-08-31", False), ("2025-09-01", False), ("2025-09-02", True)]
)
def test_the_note_begins_when_the_known_training_runs_out(
    policy: Policy, as_of: str, note: bool
) -> None:
    """In time either way until 2025-09-01; from the day after, only an assessment in the
    unrecorded training keeps the duty."""
    found = _found(policy, build(*BOTH), as_of)
    assert found[WARN] == []
    assert [f.subject for f in found[NOTE]] == (["anhua"] if note else [])
    for f in found[NOTE]:
        assert f.evidence["last_assessed"] == "2024-09-01"
        assert f.evidence["due_if_not"] == "2025-09-01"


@pytest.mark.parametrize(
    ("assessed", "zh"),
    [(False, "安化彝族乡人民政府 从未组织含技能考核的安全培训，按本制度施行后 1 年的间隔应不晚于 "
              "2024-10-30 培训"),
     (True, "安化彝族乡人民政府 最近一次含技能考核的安全培训为 2025-06-01，按 1 年的间隔应不晚于 "
             "2026-06-01 再次培训")],
)  # fmt: skip
def test_a_recorded_assessment_is_judged_as_recorded(
    policy: Policy, assessed: bool, zh: str
) -> None:
    as_of = "2026-06-02" if assessed else "2025-11-03"
    found = _found(policy, build(ev("tr", date="2025-06-01", assessed=assessed)), as_of)
    assert [f.messages.zh for f in found[WARN]] == [zh]
    assert found[NOTE] == []


# 第二十四条 read with item 43: an internal office's training counts as its township's, and
# so does one whose assessment is not recorded; the office itself owes no training.
OFFICE = {"id": "dzb", "name": "党政综合办公室", "kind": "internal_office"}


@pytest.mark.parametrize(
    ("as_of", "warn", "note"),
    [("2026-05-31", False, True), ("2026-06-01", False, True), ("2026-06-02", True, False)],
)  # fmt: skip
def test_an_internal_office_training_unrecorded_counts_for_the_township(
    policy: Policy, as_of: str, warn: bool, note: bool
) -> None:
    doc = build(add("units", OFFICE), ev("tr", unit="dzb", date="2025-06-01", assessed=DELETE))
    found = _found(policy, doc, as_of)
    assert [f.subject for f in found[WARN]] == ["anhua"] * warn
    assert [f.subject for f in found[NOTE]] == ["anhua"] * note


# 第二十四条 with a training whose optional ``unit`` is blank: it is the only township
# government's, whatever else the file lists (a village committee is outside the
# regulation, an internal office is part of the township); with two townships it is
# nobody's. With no township in the file, it is the only unit's that is not a village
# committee. The blank training on Sunday 2025-06-01 is due again by Monday 2026-06-01.
STAFF = "staff_security_training"
TOWNSHIP_2 = {"id": "xz2", "name": "另一乡人民政府", "kind": "township_government"}
VILLAGE = {"id": "cun", "name": "安化村民委员会", "kind": "village_committee"}
CENTRE = {"id": "zx", "name": "农业农村综合服务中心", "kind": "other"}


def _anhua_as(kind: str) -> Any:
    def patch(doc: dict[str, Any]) -> None:
        doc["units"][0]["kind"] = kind

    return patch


BLANK_LAYOUTS = [
    ("township alone", [], True),
    ("township and a village", [add("units", VILLAGE)], True),
    ("township and an office", [add("units", OFFICE)], True),
    ("township, village and office", [add("units", VILLAGE), add("units", OFFICE)], True),
    ("office's account", [add("units", OFFICE), acc("wx", sponsor="dzb")], True),
    ("two townships", [add("units", TOWNSHIP_2)], False),
    ("two townships and a village", [add("units", TOWNSHIP_2), add("units", VILLAGE)], False),
    ("no township, one unit", [_anhua_as("other")], True),
    ("no township, one unit and a village", [_anhua_as("other"), add("units", VILLAGE)], True),
    ("no township, two units", [_anhua_as("other"), add("units", CENTRE)], False),
]


@pytest.mark.parametrize(
    ("layout", "patches", "credited"), BLANK_LAYOUTS, ids=[row[0] for row in BLANK_LAYOUTS]
)
@pytest.mark.parametrize("as_of", ["2026-05-31", "2026-06-01", "2026-06-02"])
def test_a_training_naming_no_unit_is_the_only_townships(
    policy: Policy, layout: str, patches: list[Any], credited: bool, as_of: str
) -> None:
    doc = build(*patches, ev("tr", unit=DELETE, date="2025-06-01"))
    result = evaluate(policy, doc, as_of=datetime.date.fromisoformat(as_of))
    units = result.by_rule(WARN)
    persons = {f.evidence["person"] for f in result.by_rule(STAFF)}
    if credited and as_of != "2026-06-02":
        assert units == [] and persons == set()
        return
    # overdue: from the blank training when it is the unit's, else never trained
    assert [f.subject for f in units] == ["anhua"]
    assert persons == {"li-min", "chen-li", "zhao-gang"}
    if credited:
        assert units[0].evidence["last_training"] == "2025-06-01"
        assert units[0].messages.zh == (
            "安化彝族乡人民政府 最近一次含技能考核的安全培训为 2025-06-01，按 1 年的间隔应不晚于 "
            "2026-06-01 再次培训"
        )
    else:
        assert units[0].evidence["last_training"] is None
        assert "从未组织" in units[0].messages.zh
    assert all(f.evidence["last_training"] == units[0].evidence["last_training"]
               for f in result.by_rule(STAFF))  # fmt: skip
