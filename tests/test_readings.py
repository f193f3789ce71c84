"""Rules carry their legal reading: the language clause, the Anhua readings, the docs.

A finding is only worth something if the township's legal officer agrees with the
reading of the clause behind it, so every Anhua rule states it (and the reading it
rejects), the severity names the word of the clause that decides it, ``--explain``
shows both, and docs/anhua-coverage.md's table is generated from the policy.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest

from policyengine.builtins import BUILTINS
from policyengine.errors import PolicyCheckError
from policyengine.explain import explain_text
from policyengine.policy import Policy, compile_policy, load_policy
from policyengine.render import readings_markdown
from policyengine.schema import EnumType, ListType, RecordType, SetType, Type
from policyengine.text import Text

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "anhua-coverage.md"
BEGIN, END = "<!-- readings:begin -->\n", "<!-- readings:end -->"
REGEN = os.environ.get("POLICYENGINE_REGEN_GOLDEN") == "1"

# The verb table of the regulation (docs/anhua-coverage.md): the word that decides a
# severity must be one the table assigns to it.
ERROR_WORDS = ("须", "需", "必须", "严禁", "禁止", "不得", "坚决", "不少于", "集中进行公开")
# "法定最短期限已满": an act after the legal minimum of an announcement but before the end
# it announced breaks no 须, only the public's reliance on the announcement. "集中进行公开":
# 第八条 with 第二条 fixes the one place of disclosure, a rule of conduct.
WARNING_WORDS = (
    "应", "应当", "要", "原则上", "及时", "定期", "主管部门", "法定最短期限已满"
)  # fmt: skip


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "anhua.policy")


def test_every_rule_has_a_reading_in_both_languages(policy: Policy) -> None:
    """Issue 12: each rule says how it reads its clause and which reading it rejects and
    why, in Chinese and in English."""
    lacking = []
    for rule in policy.rules:
        langs = {r.lang: r for r in rule.decl.readings}
        assert set(langs) == {"zh", "en"}, rule.decl.name
        assert len(langs["zh"].text) > 20, rule.decl.name
        lacking += [
            f"{rule.decl.name} ({lang})"
            for lang, reading in sorted(langs.items())
            if not (reading.rejected or "").strip()
        ]
    assert lacking == [], "rules without a rejected reading"


# A name a reading writes in code form: a parameter (stale_days), a rule
# (map_kind_unclear), a field (app.mlps_tested_on), an enum member, a built-in function,
# or a rule's own `let` or evidence name.
CODE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")


def _names_in_type(t: Type, names: set[str]) -> None:
    if isinstance(t, RecordType):
        for f in t.fields:
            names.add(f.name)
            _names_in_type(f.type, names)
    elif isinstance(t, (ListType, SetType)):
        _names_in_type(t.element, names)
    elif isinstance(t, EnumType):
        names.update(t.members)


def test_readings_name_only_what_the_policy_declares(policy: Policy) -> None:
    # a reading that names a parameter renamed since (training_interval_days) points the
    # reader at nothing
    names = set(policy.parameters) | set(BUILTINS)
    for rule in policy.rules:
        names |= {rule.decl.name} | {let.name for let in rule.decl.lets + rule.decl.evidence}
    for collection in policy.checked.schema.collections.values():
        for variant in collection.variants.values():
            _names_in_type(variant.record, names)
    unknown = sorted(
        (rule.decl.name, name)
        for rule in policy.rules
        for reading in rule.decl.readings
        for name in CODE_NAME.findall(reading.text + " " + (reading.rejected or ""))
        if name not in names
    )
    assert unknown == []


def test_every_severity_names_its_word_from_the_verb_table(policy: Policy) -> None:
    for rule in policy.rules:
        decl = rule.decl
        basis = decl.severity_basis
        assert basis, decl.name
        # an info either asks for a fact (未说明) or says why a fact is outside the
        # regulation (不在本制度范围: a village committee's account, 第二条)
        info = ("未说明", "不在本制度范围")
        words = {"error": ERROR_WORDS, "warning": WARNING_WORDS, "info": info}
        assert any(w in basis for w in words[decl.severity]), (decl.name, basis)


def test_coverage_doc_table_is_generated_from_the_policy(policy: Policy) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    table = readings_markdown(policy)
    if REGEN:
        DOC.write_text(text[:start] + table + text[end:], encoding="utf-8")
        return
    assert text[start:end] == table, "run with POLICYENGINE_REGEN_GOLDEN=1 to regenerate"
    assert table.count("\n") == len(policy.rules) + 2


MINI = '''
policy mini "t"
  effective 2024-01-01
facts things of thing { due: date }
article 第一条 """事项须按期办理。"""
rule on_time "按期"
  cites 第一条
  severity error "须"
  for t in thing
  when t.due < as_of
  message "{t.id} 逾期"
  message en "{t.id} is late"
  reading "“按期”指到期日当日仍可办理" rejected "到期日当日已逾期：期限含末日"
  reading en "due on the day itself"
'''


def test_reading_parses_with_rejected_and_falls_back_to_chinese() -> None:
    policy = compile_policy(MINI, "mini.policy")
    (rule,) = policy.rules
    assert rule.decl.severity_basis == "须"
    assert [(r.lang, r.text, r.rejected) for r in rule.decl.readings] == [
        ("zh", "“按期”指到期日当日仍可办理", "到期日当日已逾期：期限含末日"),
        ("en", "due on the day itself", None),
    ]
    (finding,) = policy.evaluate(
        {"things": [{"id": "x", "due": "2024-02-01"}]}, as_of=datetime.date(2024, 2, 2)
    ).findings
    reading = finding.explanation.reading if finding.explanation else None
    assert reading is not None and reading.rejected is not None
    # no English rejected reading: the Chinese one stands in, as messages do
    assert reading.rejected.en == "到期日当日已逾期：期限含末日"
    zh = explain_text(finding, "zh")
    assert "  解读：“按期”指到期日当日仍可办理" in zh
    assert "  未采纳的解读：到期日当日已逾期：期限含末日" in zh
    assert "  严重程度依据：错误（条文用语“须”）" in zh
    en = explain_text(finding, "en")
    assert "  reading: due on the day itself" in en
    assert "  severity from: error: the clause says “须”" in en
    data = finding.to_dict("en", explain=True)["explanation"]["reading"]
    assert data == {
        "text": "due on the day itself",
        "rejected": "到期日当日已逾期：期限含末日",
        "severity_basis": "须",
    }
    json.dumps(data)


def test_a_rule_without_reading_or_basis_explains_as_before() -> None:
    text = MINI.replace('severity error "须"', "severity error")
    text = text[: text.index("  reading")]
    policy = compile_policy(text, "mini.policy")
    assert policy.rules[0].reading is None


def test_two_readings_in_one_language_are_refused() -> None:
    text = MINI + '  reading "再读一遍"\n'
    with pytest.raises(PolicyCheckError) as info:
        compile_policy(text, "mini.policy")
    (diag,) = info.value.diagnostics
    assert diag.code == "E205" and "解读重复" in diag.message.zh


COND = '''
policy c "t"
  effective 2024-01-01
facts things of thing { tested_on: date? }
article 第一条 """事项须定期检测。"""
rule tested "检测"
  cites 第一条
  severity warning "须"
  for t in thing
  when t.tested_on is null or t.tested_on < 2024-06-01
  message "{t.id} 从未检测" if t.tested_on is null
  message en "{t.id} was never tested" if t.tested_on is null
  message "{t.id} 最近一次检测为 {t.tested_on}"
  message en "{t.id} was last tested on {t.tested_on}"
'''


def test_a_message_can_depend_on_a_condition() -> None:
    # A date that never happened is said so, never printed as "未知".
    policy = compile_policy(COND, "c.policy")
    facts = {"things": [{"id": "a"}, {"id": "b", "tested_on": "2024-03-01"}, {"id": "c"}]}
    result = policy.evaluate(facts, as_of=datetime.date(2024, 7, 1))
    assert [(f.subject, f.messages.zh, f.messages.en) for f in result.findings] == [
        ("a", "a 从未检测", "a was never tested"),
        ("b", "b 最近一次检测为 2024-03-01", "b was last tested on 2024-03-01"),
        ("c", "c 从未检测", "c was never tested"),
    ]


def test_the_last_message_of_a_language_cannot_have_a_condition() -> None:
    text = COND.replace(
        'message en "{t.id} was last tested on {t.tested_on}"',
        'message en "{t.id} was last tested on {t.tested_on}" if t.tested_on is not null',
    )
    with pytest.raises(PolicyCheckError) as info:
        compile_policy(text, "c.policy")
    (diag,) = info.value.diagnostics
    assert diag.code == "E214" and "`en`" in diag.message.en


def test_a_message_condition_must_be_a_condition() -> None:
    text = COND.replace("if t.tested_on is null\n  message en", "if t.tested_on\n  message en", 1)
    with pytest.raises(PolicyCheckError) as info:
        compile_policy(text, "c.policy")
    assert [d.code for d in info.value.diagnostics] == ["E301"]


# `remedy … if …`, like a message: what can still be undone for an act that is pending,
# and only an explanation for one long completed.
REMEDIED = (
    COND
    + """  remedy "立即检测" if t.tested_on is null
  remedy en "test it now" if t.tested_on is null
  remedy "按期再次检测"
  remedy en "test it again on time"
"""
)


def test_a_remedy_can_depend_on_a_condition() -> None:
    policy = compile_policy(REMEDIED, "c.policy")
    facts = {"things": [{"id": "a"}, {"id": "b", "tested_on": "2024-03-01"}]}
    result = policy.evaluate(facts, as_of=datetime.date(2024, 7, 1))
    remedies = [(f.subject, f.remedy) for f in result.findings]
    assert remedies == [
        ("a", Text("立即检测", "test it now")),
        ("b", Text("按期再次检测", "test it again on time")),
    ]


def test_a_chinese_remedy_stands_for_a_missing_english_one_per_finding() -> None:
    text = REMEDIED.replace('  remedy en "test it now" if t.tested_on is null\n', "").replace(
        '  remedy en "test it again on time"\n', ""
    )
    result = compile_policy(text, "c.policy").evaluate(
        {"things": [{"id": "a"}, {"id": "b", "tested_on": "2024-03-01"}]},
        as_of=datetime.date(2024, 7, 1),
    )
    assert [f.remedy for f in result.findings] == [
        Text("立即检测", "立即检测"),
        Text("按期再次检测", "按期再次检测"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ('  remedy en "test it again on time"\n', "", "E218", "the last `remedy en`"),
        ('  remedy "按期再次检测"\n', '  remedy "按期再次检测"\n  remedy "再测"\n', "E218",
         "after its `remedy zh` without `if`"),
        ('"立即检测" if t.tested_on is null', '"立即检测" if t.tested_on', "E301", ""),
    ],
)  # fmt: skip
def test_a_remedy_condition_is_checked_as_a_message_condition(
    old: str, new: str, code: str, words: str
) -> None:
    with pytest.raises(PolicyCheckError) as info:
        compile_policy(REMEDIED.replace(old, new, 1), "c.policy")
    (diag,) = info.value.diagnostics
    assert diag.code == code and words in diag.message.en
