"""policyengine.testing: the strategies build valid, varied facts for any policy, the
helpers compare findings, and a failing property prints its facts as YAML."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from policyengine.calendar import WorkdayCalendar
from policyengine.facts import facts_from_mapping
from policyengine.policy import Policy, compile_policy, load_facts, load_policy
from policyengine.schema import (
    DateType,
    EnumType,
    IntType,
    ListType,
    RecordType,
    RefType,
    Type,
)
from policyengine.testing import (
    assert_only_rules_changed,
    evaluate,
    fact_ids,
    facts_for,
    finding_key,
    findings_by_article,
    findings_by_rule,
    note_facts,
    rename_ids,
    to_yaml,
)
from policyengine.testing._schema import ref_target, variant_of

ROOT = Path(__file__).resolve().parents[1]
ANHUA = load_policy("anhua")
CAL = WorkdayCalendar.default()

# A policy unlike Anhua: a reference cycle (shops <-> people), a self-reference, lists
# of references, lists of records holding references, a required reference inside an
# optional record, a tagged collection with another tag field, references to one
# variant and to any record of a tagged collection, ranges and units.
SMALL = compile_policy(
    '''
policy demo "演示"
  effective 2024-01-01

enum color { red, green, blue }

facts shops of shop {
  name: str
  owner: ref person
  parent: ref shop?
  size: int(1..3)
  staff: list of ref person
  tags: list of color?
  opened_on: date
  hours: list of { day: date  open: bool  manager: ref person? }
  lease: { start: date  end: date  landlord: ref person }?
}

facts people of person {
  name: str
  favourite: ref shop?
  visits: count = 0
}

facts logs of log tagged type dated on {
  on: date
  variant sale {
    shop: ref shop
    amount: int(2..5)
  }
  variant refund {
    sale: ref sale
    days_late: days?
  }
  variant note {
    about: ref log?
  }
}

parameter refund_days: days = 7 "退款期限" source "demo" confidence high cites 第一条
parameter notice_workdays: workdays = 5 "公告期" source "demo" confidence high cites 第一条
parameter max_staff: count = 2 "人数" source "demo" confidence high cites 第一条
parameter shop_host: str = "shops.example.org" "网址" source "demo" confidence high cites 第一条

article 第一条 """退款应在七日内办理。租期不少于五个工作日。"""

rule refund_in_time "退款及时"
  cites 第一条
  severity error
  for r in refund
  when r.days_late > refund_days
  message "退款 {r.id} 晚了 {r.days_late} 天"

rule lease_long_enough "租期"
  cites 第一条
  severity warning
  for s in shop
  where s.lease is not null
  when period_workdays(s.lease.start, s.lease.end) < notice_workdays
  message "租期太短"
''',
    "demo.policy",
)

POLICIES = {"anhua": ANHUA, "small": SMALL}


def walk(t: Type, value: Any, path: str) -> Iterator[tuple[str, Type, Any]]:
    """(path, type, value) of every value in a raw record field, nested ones too."""
    yield path, t, value
    if isinstance(t, ListType) and isinstance(value, list):
        for v in value:
            yield from walk(t.element, v, path + "[]")
    elif isinstance(t, RecordType) and isinstance(value, dict):
        for f in t.fields:
            if f.name in value:
                yield from walk(f.type, value[f.name], f"{path}.{f.name}")


def values(policy: Policy, doc: Mapping[str, Any]) -> Iterator[tuple[str, str, Type, Any]]:
    """(kind, field path, type, value) of every field of every record."""
    schema = policy.checked.schema
    for name, coll in schema.collections.items():
        for record in doc[name]:
            variant = variant_of(coll, record)
            assert variant is not None
            for f in variant.fields:
                if f.name in record:
                    for path, t, v in walk(f.type, record[f.name], f.name):
                        yield variant.name, path, t, v


# --------------------------------------------------------------------------- the module


def test_importing_policyengine_does_not_import_hypothesis() -> None:
    code = textwrap.dedent(
        """
        import sys
        import policyengine, policyengine.policy, policyengine.facts, policyengine.facts.read
        import policyengine.calendar, policyengine.findings, policyengine.compiler
        assert "hypothesis" not in sys.modules, "policyengine imported hypothesis"
        import policyengine.testing
        assert "hypothesis" in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("name", list(POLICIES))
def test_documents_are_valid_facts_files(name: str, tmp_path: Path) -> None:
    policy = POLICIES[name]

    @settings(max_examples=40, suppress_health_check=list(HealthCheck))
    @given(st.one_of(facts_for(policy), facts_for(policy, edges=True)))
    def check(doc: dict[str, Any]) -> None:
        facts_from_mapping(doc, policy.checked.schema, strict=True)
        assert json.loads(json.dumps(doc)) == doc  # plain JSON data
        path = tmp_path / "facts.yaml"
        path.write_text(to_yaml(doc), encoding="utf-8")
        from_file = policy.evaluate(load_facts([path], policy, strict=True))
        from_dict = evaluate(policy, doc)
        assert [f.to_dict(explain=True) for f in from_file.findings] == [
            f.to_dict(explain=True) for f in from_dict.findings
        ]

    check()


@pytest.mark.parametrize("name", list(POLICIES))
def test_ids_are_unique_and_references_name_facts_of_the_right_kind(name: str) -> None:
    policy = POLICIES[name]
    schema = policy.checked.schema

    @settings(max_examples=40)
    @given(facts_for(policy, edges=True))
    def check(doc: dict[str, Any]) -> None:
        kinds: dict[tuple[str, str], str] = {}
        for coll_name, coll in schema.collections.items():
            ids = [r["id"] for r in doc[coll_name]]
            assert len(ids) == len(set(ids)), coll_name
            for record in doc[coll_name]:
                variant = variant_of(coll, record)
                assert variant is not None
                if coll.tag_field:
                    assert record[coll.tag_field] == variant.tag
                kinds[(coll_name, record["id"])] = variant.name
        for _, _, t, v in values(policy, doc):
            if isinstance(t, RefType) and v is not None:
                coll, variant = ref_target(schema, t.kind)
                assert (coll.name, v) in kinds, (t.kind, v)
                if variant is not None:
                    assert kinds[(coll.name, v)] == variant.name

    check()


def test_dates_stay_inside_the_window() -> None:
    window = (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))

    @settings(max_examples=40)
    @given(facts_for(ANHUA, window=window, edges=True))
    def check(doc: dict[str, Any]) -> None:
        assert window[0] <= datetime.date.fromisoformat(doc["as_of"]) <= window[1]
        for _, _, t, v in values(ANHUA, doc):
            if isinstance(t, DateType) and v is not None:
                assert window[0] <= datetime.date.fromisoformat(v) <= window[1]

    check()


def test_dates_stay_inside_the_calendar_years() -> None:
    last = datetime.date(max(CAL.years), 12, 31)
    window = (datetime.date(2026, 12, 1), datetime.date(2030, 1, 1))

    @settings(max_examples=30)
    @given(facts_for(SMALL, window=window, edges=True))
    def check(doc: dict[str, Any]) -> None:
        assert datetime.date.fromisoformat(doc["as_of"]) <= last
        for _, _, t, v in values(SMALL, doc):
            if isinstance(t, DateType) and v is not None:
                assert window[0] <= datetime.date.fromisoformat(v) <= last

    check()
    with pytest.raises(ValueError, match="window that meets the calendar"):
        facts_for(SMALL, window=(datetime.date(2031, 1, 1), datetime.date(2032, 1, 1)))


def test_int_ranges_are_respected() -> None:
    @settings(max_examples=40)
    @given(facts_for(SMALL, edges=True))
    def check(doc: dict[str, Any]) -> None:
        for _, _, t, v in values(SMALL, doc):
            if isinstance(t, IntType) and v is not None:
                assert t.minimum is None or v >= t.minimum
                assert t.maximum is None or v <= t.maximum

    check()


def test_every_kind_member_and_shape_is_generated() -> None:
    """Across examples: every variant, every enum member of every enum field, every
    optional field absent, null and set, nested records and non-empty lists."""
    schema = ANHUA.checked.schema
    seen: set[tuple[str, ...]] = set()

    @settings(max_examples=300, database=None)
    @given(facts_for(ANHUA, edges=True))
    def collect(doc: dict[str, Any]) -> None:
        for name, coll in schema.collections.items():
            for record in doc[name]:
                variant = variant_of(coll, record)
                assert variant is not None
                seen.add(("kind", variant.name))
                for f in variant.fields:
                    if f.optional or f.default is not None:
                        state = "absent" if f.name not in record else str(record[f.name] is None)
                        seen.add(("optional", variant.name, f.name, state))
        for kind, path, t, v in values(ANHUA, doc):
            if isinstance(t, EnumType) and isinstance(v, str):
                seen.add(("member", kind, path, v))
            if isinstance(t, ListType) and v:
                seen.add(("list", kind, path))
            if isinstance(t, RecordType) and v:
                seen.add(("record", kind, path))

    collect()
    missing = []
    for coll in schema.collections.values():
        for variant in coll.variants.values():
            if coll.tag_field and variant.tag is None:
                continue
            missing += [("kind", variant.name)]
            for f in variant.fields:
                if f.name == coll.tag_field:
                    continue
                t = f.type.element if isinstance(f.type, ListType) else f.type
                path = f.name + ("[]" if isinstance(f.type, ListType) else "")
                if isinstance(t, EnumType):
                    missing += [("member", variant.name, path, m) for m in t.members]
                if isinstance(f.type, ListType):
                    missing += [("list", variant.name, f.name)]
                if isinstance(f.type, RecordType):
                    missing += [("record", variant.name, f.name)]
                if f.optional or f.default is not None:
                    missing += [
                        ("optional", variant.name, f.name, s) for s in ("absent", "True", "False")
                    ]
    assert [m for m in missing if m not in seen] == []


# --------------------------------------------------------------------------- options


def test_pinned_collections_replace_generation_and_get_their_references() -> None:
    filings = [
        {
            "id": "f1",
            "account": "acc-x",
            "kind": "open",
            "submitted_on": "2024-01-05",
            "leader_approved": True,
        }
    ]

    @settings(max_examples=30)
    @given(facts_for(ANHUA, filings=st.just(filings)))
    def check(doc: dict[str, Any]) -> None:
        assert doc["filings"] == filings
        assert "acc-x" in {a["id"] for a in doc["accounts"]}
        facts_from_mapping(doc, ANHUA.checked.schema, strict=True)

    check()


def test_pinning_a_collection_empty_drops_the_kinds_that_need_it() -> None:
    @settings(max_examples=30)
    @given(facts_for(ANHUA, accounts=[]))
    def check(doc: dict[str, Any]) -> None:
        assert doc["accounts"] == [] and doc["filings"] == []
        assert {e["kind"] for e in doc["events"]} <= {"personnel_transfer", "training"}
        facts_from_mapping(doc, ANHUA.checked.schema, strict=True)

    check()


def test_unknown_pinned_collections_are_refused() -> None:
    with pytest.raises(TypeError, match="collections of anhua are units, accounts"):
        facts_for(ANHUA, filing=st.just([]))


class _Found(Exception):
    pass


def example(strategy: st.SearchStrategy[Any], predicate: Any = None, tries: int = 1000) -> Any:
    """The first generated value satisfying ``predicate`` (no shrinking: a search, not a
    test), or a failure naming the number of tries."""
    found: list[Any] = []

    @settings(
        max_examples=tries,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def search(value: Any) -> None:
        if predicate is None or predicate(value):
            found.append(value)
            raise _Found

    try:
        search()
    except _Found:
        return found[0]
    pytest.fail(f"nothing satisfying the predicate in {tries} examples")


def test_as_of_can_be_fixed_drawn_or_left_out() -> None:
    assert "as_of" not in example(facts_for(SMALL, as_of=None))
    fixed = example(facts_for(SMALL, as_of=datetime.date(2024, 5, 6)))
    assert fixed["as_of"] == "2024-05-06"
    drawn = example(facts_for(SMALL, as_of=st.sampled_from(["2025-01-02"])))
    assert drawn["as_of"] == "2025-01-02"


# --------------------------------------------------------------------------- edges

# A policy with one threshold of each unit, so that the edges can be searched quickly.
EDGY = compile_policy(
    '''
policy edgy "边界"
facts items of item {
  opened_on: date
  period: { start: date  end: date }?
  size: count?
}
parameter stale_days: days = 14 "d" source "s" confidence high cites 第一条
parameter min_workdays: workdays = 15 "w" source "s" confidence high cites 第一条
parameter max_items: count = 3 "c" source "s" confidence high cites 第一条
article 第一条 """条文。"""
''',
    "edgy.policy",
)


def _period_workdays(doc: dict[str, Any]) -> set[int]:
    out = set()
    for item in doc["items"]:
        p = item.get("period")
        if isinstance(p, dict):
            start, end = (datetime.date.fromisoformat(p[k]) for k in ("start", "end"))
            out.add(CAL.workdays_between(start, end))
    return out


@pytest.mark.parametrize("count", [14, 15, 16])
def test_edges_find_periods_at_the_working_day_threshold(count: int) -> None:
    """min_workdays = 15: periods of 14, 15 and 16 working days, both ends counted."""
    example(facts_for(EDGY, edges=True), lambda doc: count in _period_workdays(doc))


def test_edges_find_announcements_at_the_anhua_threshold() -> None:
    """announce_min_workdays = 15, or as overridden."""
    example(facts_for(ANHUA, edges=True), lambda doc: 15 in _announcement_workdays(doc))
    example(
        facts_for(ANHUA, edges=True, params={"announce_min_workdays": 40}),
        lambda doc: 40 in _announcement_workdays(doc),
    )


def _announcement_workdays(doc: dict[str, Any]) -> set[int]:
    out = set()
    for f in doc["filings"]:
        a = f.get("announcement")
        if isinstance(a, dict):
            start, end = (datetime.date.fromisoformat(a[k]) for k in ("start", "end"))
            out.add(CAL.workdays_between(start, end))
    return out


def test_edges_make_threshold_periods_much_more_likely() -> None:
    def rate(edges: bool) -> float:
        hits = []

        @settings(max_examples=200, database=None, derandomize=True)
        @given(facts_for(EDGY, edges=edges))
        def count(doc: dict[str, Any]) -> None:
            hits.append(bool(_period_workdays(doc) & {14, 15, 16}))

        count()
        return sum(hits) / len(hits)

    assert rate(True) > 5 * rate(False) + 0.05


def test_edges_find_dates_next_to_holidays() -> None:
    holidays = set(CAL.holidays_in(datetime.date(2023, 1, 1), datetime.date(2026, 12, 31)))
    eves = {d - datetime.timedelta(days=1) for d in holidays} - holidays
    example(
        facts_for(EDGY, edges=True),
        lambda doc: any(datetime.date.fromisoformat(i["opened_on"]) in eves for i in doc["items"]),
    )


@pytest.mark.parametrize("days", [13, 14, 15])
def test_edges_find_dates_at_the_days_threshold_before_as_of(days: int) -> None:
    """stale_days = 14: opened 13, 14 and 15 days before as_of."""

    def at(doc: dict[str, Any]) -> bool:
        as_of = datetime.date.fromisoformat(doc["as_of"])
        return any(
            (as_of - datetime.date.fromisoformat(i["opened_on"])).days == days for i in doc["items"]
        )

    example(facts_for(EDGY, edges=True), at)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_edges_find_counts_at_the_limit(n: int) -> None:
    """max_items = 3: count fields and numbers of records 2, 3 and 4."""
    example(facts_for(EDGY, edges=True), lambda doc: len(doc["items"]) == n)
    example(facts_for(EDGY, edges=True), lambda doc: any(i.get("size") == n for i in doc["items"]))


def test_edges_find_two_accounts_over_the_anhua_limit() -> None:
    """max_active_accounts = 1: a unit with two active accounts (one unit pinned)."""
    unit = {"id": "u", "name": "安化乡人民政府", "kind": "township_government"}
    example(
        facts_for(ANHUA, edges=True, units=[unit]),
        lambda doc: any(f.rule == "one_account_per_unit" for f in evaluate(ANHUA, doc).findings),
    )


# --------------------------------------------------------------------------- helpers

DOC: dict[str, Any] = {
    "as_of": "2024-06-30",
    "units": [{"id": "u1", "name": "安化乡人民政府", "kind": "township_government"}],
    "accounts": [
        {
            "id": "a1",
            "name": "安化发布",
            "platform": "wechat",
            "sponsor": "u1",
            "opened_as": "unit",
            "purpose": "general",
            "status": "active",
            "opened_on": "2024-01-02",
            "managed_by": "宣传文化中心",
            "maintainers": ["李四"],
            "security_officer": "王五",
            "monthly_active_users": 3,
            "platform_approved": True,
            "certification": {"verified": True, "shows_sponsor": True},
        }
    ],
    "filings": [],
    "events": [
        {"id": "p1", "kind": "post", "date": "2024-06-28", "account": "a1", "repost": False,
         "review": {"reviewer": "王五", "on": "2024-06-27"}},
    ],
}  # fmt: skip


def test_findings_by_rule_and_by_article() -> None:
    result = evaluate(ANHUA, DOC, params={"low_use_monthly_active_users": 10})
    by_rule = findings_by_rule(result)
    # (no training yet, but within a year of the effective date: not yet overdue; a1 was
    # opened after 2023-10-31 without an opening filing)
    assert set(by_rule) == {"low_use_account", "account_opening_filed"}
    by_article = findings_by_article(result)
    low_use = by_rule["low_use_account"]
    assert by_article["第十一条"] == low_use and by_article["第十七条"] == low_use
    assert finding_key(low_use[0]) == ("low_use_account", "account", "a1", "warning")
    assert findings_by_rule(result.findings) == by_rule


def test_assert_only_rules_changed() -> None:
    after = json.loads(json.dumps(DOC))
    after["accounts"][0]["maintainers"] = []
    before_r, after_r = assert_only_rules_changed(ANHUA, DOC, after, {"maintained"})
    assert not before_r.by_rule("maintained") and after_r.by_rule("maintained")
    with pytest.raises(AssertionError, match=r"maintained: gone or changed for \[\], new or"):
        assert_only_rules_changed(ANHUA, DOC, after, {"stale_account"})
    with pytest.raises(ValueError, match="no rules named nope"):
        assert_only_rules_changed(ANHUA, DOC, after, {"nope"})


def test_evaluate_merges_several_documents() -> None:
    parts = [
        {"as_of": DOC["as_of"], "units": DOC["units"]},
        {"accounts": DOC["accounts"], "events": DOC["events"]},
    ]
    assert evaluate(ANHUA, parts).findings == evaluate(ANHUA, DOC).findings


def test_rename_ids_renames_references_too() -> None:
    renamed = rename_ids(ANHUA, DOC, lambda coll, rid: f"{coll}:{rid}")
    assert renamed["accounts"][0]["id"] == "accounts:a1"
    assert renamed["accounts"][0]["sponsor"] == "units:u1"
    assert renamed["events"][0] == {**DOC["events"][0], "id": "events:p1", "account": "accounts:a1"}
    assert fact_ids(ANHUA, renamed) == {
        "unit": {"units:u1"},
        "account": {"accounts:a1"},
        "filing": set(),
        "event": {"events:p1"},
    }
    assert DOC["accounts"][0]["id"] == "a1"  # the original is untouched


def test_to_yaml_writes_a_facts_file(tmp_path: Path) -> None:
    text = to_yaml({**DOC, "as_of": datetime.date(2024, 6, 30)})
    assert "安化发布" in text and "'on': '2024-06-27'" in text
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    assert ANHUA.evaluate(load_facts([path], ANHUA, strict=True)).findings == (
        evaluate(ANHUA, DOC).findings
    )


def test_note_facts_outside_a_test_does_nothing() -> None:
    note_facts(DOC)


# --------------------------------------------------------------------------- shrinking


def _yaml_notes(exc: BaseException) -> list[str]:
    notes = "\n".join(getattr(exc, "__notes__", [])) + "\n\n"
    return re.findall(r"\(a facts file, paste it into a \.yaml file\):\n(.*?)\n\n", notes, re.S)


def test_a_failing_property_prints_its_minimal_facts_as_yaml(tmp_path: Path) -> None:
    @settings(max_examples=200, database=None, derandomize=True)
    @given(facts_for(ANHUA, max_per_kind=2))
    def no_account_without_maintainers(doc: dict[str, Any]) -> None:
        assert not evaluate(ANHUA, doc).by_rule("maintained")

    with pytest.raises(AssertionError) as info:
        no_account_without_maintainers()
    printed = _yaml_notes(info.value)
    assert len(printed) == 1  # drawn, then evaluated: printed once
    path = tmp_path / "minimal.yaml"
    path.write_text(printed[0] + "\n", encoding="utf-8")
    facts = load_facts([path], ANHUA, strict=True)
    assert len(facts) <= 3  # shrunk: a unit and an account or two, nothing else
    assert [f.rule for f in ANHUA.evaluate(facts).findings if f.rule == "maintained"] == [
        "maintained"
    ]


def test_a_derived_document_is_printed_too() -> None:
    @settings(max_examples=100, database=None, derandomize=True)
    @given(facts_for(SMALL, max_per_kind=2))
    def adding_a_refund_changes_nothing(doc: dict[str, Any]) -> None:
        sales = [log for log in doc["logs"] if log["type"] == "sale"]
        if not sales:
            return
        refund = {"id": "r", "type": "refund", "on": "2024-01-02", "sale": sales[0]["id"]}
        after = {**doc, "logs": [*doc["logs"], {**refund, "days_late": 8}]}
        assert_only_rules_changed(SMALL, doc, after, set())

    with pytest.raises(AssertionError) as info:
        adding_a_refund_changes_nothing()
    printed = _yaml_notes(info.value)
    assert len(printed) == 2 and "days_late: 8" in printed[1]


# --------------------------------------------------------------------------- the docs


def test_the_worked_example_in_the_docs_runs() -> None:
    text = (ROOT / "docs/testing.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    namespace: dict[str, Any] = {}
    # The rule as first written has an off-by-one: the doc says the property fails.
    exec(blocks[0] + blocks[1], namespace)
    with pytest.raises(AssertionError) as info:
        namespace["test_a_loan_returned_within_the_loan_period_is_never_flagged"]()
    assert _yaml_notes(info.value)
    for block in blocks[2:]:
        exec(block, namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert len(tests) == 3
    for test in tests:
        test()
