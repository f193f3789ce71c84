"""Raw documents + schema -> FactSet: the record representation, every rule of
validation with its exact message, merging files, and robustness."""

from __future__ import annotations

import copy
import datetime
import enum
import json
import re
import types
from pathlib import Path
from typing import Any

import pytest
from factschema import FIELD_NAMES, RECORD_PLACES, anhua_schema, json_values, outcome, valid_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from policyengine import load_policy
from policyengine.diagnostics import syntax_reason
from policyengine.errors import FactError, UsageError
from policyengine.facts import (
    FactSet,
    facts_from_documents,
    facts_from_mapping,
    load_facts,
    parse_iso_date,
)
from policyengine.facts import validate as facts_module
from policyengine.facts.document import document_from_mapping
from policyengine.facts.fast import FastReader
from policyengine.facts.read import read_documents
from policyengine.schema import (
    Collection,
    Field,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Variant,
)

SCHEMA = anhua_schema()
DELETE = object()
QUOTE = "  = help: write the value as text, in quotes"
QUOTE_ZH = "  = 提示: 请把这个值写成带引号的文本"
MATERIALS = (
    "registration_form, meeting_minutes, staffing_equipment, review_mechanism, security_ops, "
    "map_usage, name_and_design, outsourcing_agreement, news_license"
)


def changed(collection: str, position: int, **changes: object) -> dict[str, Any]:
    """valid_facts() with fields of one record replaced (or removed with DELETE)."""
    data = valid_facts()
    record = data[collection][position]  # type: ignore[index]
    for name, value in changes.items():
        if value is DELETE:
            del record[name]
        else:
            record[name] = value
    return data


def failure(data: object, *, strict: bool = False) -> FactError:
    three_ways(data, strict=strict)
    with pytest.raises(FactError) as info:
        facts_from_mapping(data, SCHEMA, strict=strict)  # type: ignore[arg-type]
    return info.value


# Records go through the typed reader's conversion (msgspec.convert with types built
# from the schema, a chunk at a time) first, and through the converters only when it
# refuses them. Both must give the same result: the converters alone, the typed
# conversion of a caller's mapping (left as it was), and of records a load owns (whose
# list is left holding the converted records).


def _fresh(data: object) -> Any:
    """A copy as deep as converting in place reaches: records' own dicts (nested
    records and lists are never changed, only replaced)."""
    if not isinstance(data, dict):
        return data
    return {
        k: [dict(r) if isinstance(r, dict) else r for r in v] if isinstance(v, list) else v
        for k, v in data.items()
    }


def three_ways(data: object, *, strict: bool = False) -> tuple[object, ...]:
    def converters_only() -> FactSet:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(FastReader, "convert", lambda self, name, records: None)
            return facts_from_mapping(data, SCHEMA, strict=strict)  # type: ignore[arg-type]

    def new_records() -> FactSet:
        return facts_from_mapping(data, SCHEMA, strict=strict)  # type: ignore[arg-type]

    def in_place() -> FactSet:
        doc = document_from_mapping(_fresh(data), "<facts>")
        return facts_module._Builder(SCHEMA, strict, [], own=True).build([doc])

    def snapshot() -> object:  # what converting in place would change, by identity
        if not isinstance(data, dict):
            return data
        return [
            (k, [[(f, id(x)) for f, x in r.items()] if isinstance(r, dict) else r for r in v])
            if isinstance(v, list)
            else (k, id(v))
            for k, v in data.items()
        ]

    before = snapshot()
    expected = outcome(converters_only)
    assert outcome(new_records) == expected
    assert snapshot() == before  # a caller's records are left as they were
    assert outcome(in_place) == expected
    return expected


def test_valid_records_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    slow: list[object] = []
    original = facts_module._Builder.slow

    def counted(self: Any, *args: Any) -> Any:
        slow.append(args[3])
        return original(self, *args)

    monkeypatch.setattr(facts_module._Builder, "slow", counted)
    data = valid_facts()
    data["accounts"][0]["platform_approved"] = None  # type: ignore[index]
    accounts: Any = data["accounts"]
    app = {"ipv6": True, "multi_terminal": False}
    accounts.append(dict(accounts[0], id="a-2", mlps_level=None, certification=None, app=app))
    data["as_of"] = datetime.date(2026, 11, 25)
    data["events"][0]["date"] = datetime.date(2024, 1, 5)  # type: ignore[index]
    for own in (False, True):
        doc = document_from_mapping(copy.deepcopy(data), "<facts>")
        facts = facts_module._Builder(SCHEMA, False, [], own=own).build([doc])
        assert len(facts) == 7 and slow == []
        assert "platform_approved" not in facts.by_kind["account"][0]
    assert three_ways(data)[0] == "ok"


def test_records_converted_in_place_and_new() -> None:
    data = valid_facts()
    doc = document_from_mapping(copy.deepcopy(data), "<facts>")
    accounts = doc.collections["accounts"]
    facts = facts_module._Builder(SCHEMA, False, [], own=True).build([doc])
    assert accounts[0] is facts.by_kind["account"][0]  # the raw record is no longer held
    assert facts.by_kind["account"][0]["opened_on"] == datetime.date(2023, 12, 1)
    before = copy.deepcopy(data)
    facts = facts_from_mapping(data, SCHEMA)
    assert data == before  # a caller's mapping is never changed
    assert facts.by_kind["account"][0] is not data["accounts"][0]  # type: ignore[index]
    assert facts.by_kind["account"][0]["maintainers"] is not data["accounts"][0]["maintainers"]  # type: ignore[index]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rendered(error: FactError, tmp_path: Path | None = None, lang: str = "en") -> str:
    text = error.render(lang)  # type: ignore[arg-type]
    return text.replace(f"{tmp_path}/", "") if tmp_path else text


# --------------------------------------------------------------------------- representation


def test_valid_facts_representation() -> None:
    data = valid_facts()
    data["units"][0]["note"] = "undeclared"  # type: ignore[index]
    data["accounts"][0]["platform_approved"] = None  # type: ignore[index]
    three_ways(data)
    facts = facts_from_mapping(data, SCHEMA)
    assert isinstance(facts, FactSet)
    assert facts.as_of == datetime.date(2026, 11, 25)
    assert len(facts) == 6
    (unit,) = facts.by_kind["unit"]
    assert unit == {"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}
    (account,) = facts.by_kind["account"]
    assert account == {
        "id": "wx-anhua",
        "name": "安化发布",
        "platform": "wechat",
        "sponsor": "anhua",
        "status": "active",
        "opened_on": datetime.date(2023, 12, 1),
        "superior_exemption": False,  # a default is filled in
        "certification": {"verified": True, "shows_sponsor": True},  # optional missing: absent
        "maintainers": ["s1"],
        "mlps_level": 2,
    }
    (filing,) = facts.by_kind["filing"]
    assert filing["materials"] == []
    assert filing["announcement"] == {
        "start": datetime.date(2024, 9, 25),
        "end": datetime.date(2024, 10, 15),
    }
    post, map_use, training = facts.by_kind["event"]  # the subject lists every event
    assert facts.by_kind["post"] == [post] and facts.by_kind["training"] == [training]
    assert facts.by_kind["map_use"] == [map_use]
    assert post == {
        "id": "e-1",
        "kind": "post",
        "date": datetime.date(2024, 1, 5),
        "account": "wx-anhua",
        "repost": False,
        "review": {"reviewer": "s2", "on": datetime.date(2024, 1, 4)},
    }
    assert facts.index["events"]["e-3"] is training
    assert facts.index["accounts"]["wx-anhua"] is account
    assert facts.warnings[0].level == "warning"
    assert facts.origin("events", "e-2") == "<facts>: events[1]"
    assert facts.origin("events", "nope") == "events `nope`"


def test_defaults_are_fresh_per_record() -> None:
    data = valid_facts()
    data["filings"].append(dict(data["filings"][0], id="f-2"))  # type: ignore[union-attr]
    first, second = facts_from_mapping(data, SCHEMA).by_kind["filing"]
    assert first["materials"] == [] and first["materials"] is not second["materials"]


def test_every_kind_and_collection_has_an_entry() -> None:
    facts = facts_from_mapping({}, SCHEMA)
    assert set(facts.by_kind) == set(SCHEMA.kinds())
    assert facts.index == {"units": {}, "accounts": {}, "filings": {}, "events": {}}
    assert len(facts) == 0 and facts.as_of is None and facts.warnings == []


def test_library_callers_may_pass_dates_and_tuples() -> None:
    data = changed("accounts", 0, opened_on=datetime.date(2023, 12, 1), maintainers=("s1", "s2"))
    data["as_of"] = datetime.date(2026, 11, 25)
    facts = facts_from_mapping(data, SCHEMA)
    assert facts.by_kind["account"][0]["maintainers"] == ["s1", "s2"]
    assert facts.as_of == datetime.date(2026, 11, 25)


class _Text(str):
    """A subclass of str, as some libraries hand out."""


class _Platform(enum.StrEnum):
    WECHAT = "wechat"


class _Level(enum.IntEnum):
    TWO = 2


class _Day(datetime.date):
    """A subclass of date (pandas and arrow have such types)."""


# Values a library caller may put in a mapping that no JSON or YAML file gives.
_ODD_SCALARS = [
    _Text("anhua"),
    _Text("2024-01-05"),
    _Platform.WECHAT,
    _Level.TWO,
    _Day(2024, 1, 5),
    datetime.datetime(2024, 1, 5, 8, 30),
    b"s1",
]
python_values = st.recursive(
    json_values | st.sampled_from(_ODD_SCALARS),
    lambda children: (
        st.lists(children, max_size=3).map(tuple)
        | st.sets(st.sampled_from(["s1", "s2", "wechat", "registration_form"]), max_size=2)
        | st.frozensets(st.sampled_from(["s1", "wechat"]), max_size=2)
        | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=3).map(
            types.MappingProxyType
        )
        | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=3)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize(
    ("field", "value", "taken"),
    [
        ("maintainers", {"s1"}, "E4"),  # a set has no order: not a list
        ("maintainers", frozenset(["s1"]), "E4"),
        ("maintainers", ("s1", "s2"), "ok"),
        ("maintainers", [_Text("s1")], "ok"),
        ("platform", _Platform.WECHAT, "ok"),
        ("mlps_level", _Level.TWO, "ok"),
        ("opened_on", _Day(2023, 12, 1), "ok"),
        ("opened_on", datetime.datetime(2023, 12, 1), "E4"),
        ("certification", types.MappingProxyType({"verified": True, "shows_sponsor": True}), "ok"),
    ],
)
def test_python_values_from_library_callers(field: str, value: object, taken: str) -> None:
    data = changed("accounts", 0, **{field: value})
    found = three_ways(data)
    assert str(found[0]).startswith(taken) or taken in str(found[1]), found


def test_a_set_inside_a_nested_list_of_records_is_refused() -> None:
    row = RecordType("row", (Field("tags", ListType(StrType())),))
    table = RecordType("table", (Field("id", StrType()), Field("rows", ListType(row))))
    tables = Collection("tables", "table", None, {"table": Variant("table", None, table)})
    schema = Schema({"tables": tables}, {}, {})
    good = {"tables": [{"id": "t", "rows": [{"tags": ["a"]}, {"tags": ("b",)}]}]}
    assert facts_from_mapping(good, schema).index["tables"]["t"]["rows"] == [
        {"tags": ["a"]},
        {"tags": ["b"]},
    ]
    bad = {"tables": [{"id": "t", "rows": [{"tags": ["a"]}, {"tags": {"b"}}]}]}
    with pytest.raises(FactError) as info:
        facts_from_mapping(bad, schema)
    assert "rows[1].tags" in info.value.render("en")
    with pytest.MonkeyPatch.context() as patch:  # the converters alone say the same
        patch.setattr(FastReader, "convert", lambda self, name, records: None)
        with pytest.raises(FactError) as alone:
            facts_from_mapping(bad, schema)
    assert alone.value.render("en") == info.value.render("en")


@settings(max_examples=200, deadline=None)
@given(
    RECORD_PLACES,
    st.sampled_from(FIELD_NAMES),
    python_values,
)
def test_one_random_python_value_reads_as_the_converters_read_it(
    where: tuple[str, int], name: str, value: object
) -> None:
    three_ways(changed(where[0], where[1], **{name: value}))


def test_parse_iso_date() -> None:
    assert parse_iso_date("2024-09-25") == datetime.date(2024, 9, 25)
    for text in (
        "20240925",
        "2024-W39-3",
        "2024-02-30",
        "2024-9-25",
        " 2024-09-25",
        "２０２４-09-25",
    ):
        assert parse_iso_date(text) is None


# --------------------------------------------------------------------------- bad records


def with_key(key: object) -> dict[str, Any]:
    """valid_facts() whose account has a key YAML made of unquoted text (``yes:``)."""
    data = valid_facts()
    data["accounts"][0][key] = 1  # type: ignore[index]
    return data


ACCOUNT = "account `wx-anhua`"
AT_ACCOUNT = "  --> <facts>: accounts[0]"

BAD_RECORDS: list[tuple[str, dict[str, Any], str]] = [
    (
        "str receives bool",
        changed("accounts", 0, name=False),
        f"error[E422]: {ACCOUNT}, field `name`: expected a string, got the boolean false\n"
        f"{AT_ACCOUNT}\n{QUOTE}",
    ),
    (
        "str receives int",
        changed("accounts", 0, name=750),
        f"error[E422]: {ACCOUNT}, field `name`: expected a string, got the integer 750\n"
        f"{AT_ACCOUNT}\n{QUOTE}",
    ),
    (
        "str receives a list",
        changed("accounts", 0, name=["a"]),
        f"error[E422]: {ACCOUNT}, field `name`: expected a string, got a list\n{AT_ACCOUNT}",
    ),
    (
        "enum receives bool",
        changed("accounts", 0, platform=False),
        f"error[E422]: {ACCOUNT}, field `platform`: expected one of website, wechat, weibo, "
        "douyin, toutiao, kuaishou, app, mini_program, other, got the boolean false\n"
        f"{AT_ACCOUNT}\n{QUOTE}",
    ),
    (
        "unknown enum value",
        changed("accounts", 0, platform="wechatt"),
        f'error[E423]: {ACCOUNT}, field `platform`: unknown value "wechatt"; expected one of '
        "website, wechat, weibo, douyin, toutiao, kuaishou, app, mini_program, other\n"
        f"{AT_ACCOUNT}\n  = help: did you mean `wechat`?",
    ),
    (
        "unknown enum value, nothing close",
        changed("accounts", 0, status="zzz"),
        f'error[E423]: {ACCOUNT}, field `status`: unknown value "zzz"; expected one of '
        f"active, closed, cancelled\n{AT_ACCOUNT}",
    ),
    (
        "bool given as a string",
        changed("accounts", 0, platform_approved="true"),
        f"error[E422]: {ACCOUNT}, field `platform_approved`: expected true or false, got the "
        'string "true"\n'
        f"{AT_ACCOUNT}\n  = help: write true or false without quotes",
    ),
    (
        "int for a bool",
        changed("accounts", 0, platform_approved=1),
        f"error[E422]: {ACCOUNT}, field `platform_approved`: expected true or false, got the "
        "integer 1\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "bool for an int",
        changed("accounts", 0, monthly_active_users=True),
        f"error[E422]: {ACCOUNT}, field `monthly_active_users`: expected an integer, got the "
        "boolean true\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "bool for a bounded int",
        changed("accounts", 0, mlps_level=True),
        f"error[E422]: {ACCOUNT}, field `mlps_level`: expected an integer, got the boolean true\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "float for an int",
        changed("accounts", 0, monthly_active_users=1200.0),
        f"error[E422]: {ACCOUNT}, field `monthly_active_users`: expected an integer, got the "
        "number 1200.0\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "int given as a string",
        changed("accounts", 0, mlps_level="2"),
        f'error[E422]: {ACCOUNT}, field `mlps_level`: expected an integer, got the string "2"\n'
        f"{AT_ACCOUNT}\n  = help: write the number without quotes",
    ),
    (
        "int above the maximum",
        changed("accounts", 0, mlps_level=7),
        f"error[E425]: {ACCOUNT}, field `mlps_level`: 7 is out of range: expected an integer from "
        "1 to 4\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "int below the minimum",
        changed("accounts", 0, mlps_level=0),
        f"error[E425]: {ACCOUNT}, field `mlps_level`: 0 is out of range: expected an integer from "
        "1 to 4\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "basic ISO date accepted by fromisoformat",
        changed("accounts", 0, opened_on="20240925"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "20240925" is not a date in the form '
        "YYYY-MM-DD\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "ISO week date accepted by fromisoformat",
        changed("accounts", 0, opened_on="2024-W39-3"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "2024-W39-3" is not a date in the form '
        "YYYY-MM-DD\n"
        f"{AT_ACCOUNT}",
    ),
    (
        "impossible day",
        changed("accounts", 0, opened_on="2024-02-30"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "2024-02-30" is not a valid date: '
        f"2024-02 has only 29 days\n{AT_ACCOUNT}",
    ),
    (
        "not a leap year",
        changed("accounts", 0, opened_on="2023-02-29"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "2023-02-29" is not a valid date: '
        f"2023-02 has only 28 days\n{AT_ACCOUNT}",
    ),
    (
        "impossible month",
        changed("accounts", 0, opened_on="2024-13-01"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "2024-13-01" is not a valid date: '
        f"there is no month 13\n{AT_ACCOUNT}",
    ),
    (
        "day zero",
        changed("accounts", 0, opened_on="2024-01-00"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "2024-01-00" is not a valid date: '
        f"there is no day 0\n{AT_ACCOUNT}",
    ),
    (
        "year zero",
        changed("accounts", 0, opened_on="0000-01-01"),
        f'error[E424]: {ACCOUNT}, field `opened_on`: "0000-01-01" is not a valid date: '
        f"there is no year 0\n{AT_ACCOUNT}",
    ),
    (
        "a datetime is not a date",
        changed("accounts", 0, opened_on=datetime.datetime(2024, 1, 5, 10, 0)),
        f"error[E422]: {ACCOUNT}, field `opened_on`: expected a date YYYY-MM-DD, "
        f"got the date and time 2024-01-05 10:00:00\n{AT_ACCOUNT}\n"
        "  = help: leave out the time of day",
    ),
    (
        "int for a date",
        changed("accounts", 0, opened_on=20240925),
        f"error[E422]: {ACCOUNT}, field `opened_on`: expected a date YYYY-MM-DD, "
        f"got the integer 20240925\n{AT_ACCOUNT}",
    ),
    (
        "missing required field",
        changed("accounts", 0, name=DELETE),
        f"error[E421]: {ACCOUNT}: missing required field `name`\n{AT_ACCOUNT}",
    ),
    (
        "null required field",
        changed("accounts", 0, name=None),
        f"error[E421]: {ACCOUNT}: required field `name` is null\n{AT_ACCOUNT}",
    ),
    (
        "missing nested field",
        changed("accounts", 0, certification={"verified": True}),
        f"error[E421]: {ACCOUNT}: missing required field "
        f"`certification.shows_sponsor`\n{AT_ACCOUNT}",
    ),
    (
        "wrong nested field",
        changed("accounts", 0, certification={"verified": "yes", "shows_sponsor": True}),
        f"error[E422]: {ACCOUNT}, field `certification.verified`: expected true or false, got the "
        'string "yes"\n'
        f"{AT_ACCOUNT}\n  = help: only true and false are booleans",
    ),
    (
        "nested record is not a mapping",
        changed("accounts", 0, certification="yes"),
        f"error[E422]: {ACCOUNT}, field `certification`: expected a `account.certification` record "
        f'(a mapping of fields), got the string "yes"\n{AT_ACCOUNT}',
    ),
    (
        "list is not a list",
        changed("accounts", 0, maintainers="s1"),
        f"error[E422]: {ACCOUNT}, field `maintainers`: expected a list, got the string "
        f'"s1"\n{AT_ACCOUNT}',
    ),
    (
        "list elements",
        changed("accounts", 0, maintainers=["s1", 2, None]),
        f"error[E422]: {ACCOUNT}, field `maintainers[1]`: expected a string, got the integer 2\n"
        f"{AT_ACCOUNT}\n{QUOTE}\n\n"
        f"error[E422]: {ACCOUNT}, field `maintainers[2]`: expected a string, got "
        f"null\n{AT_ACCOUNT}",
    ),
    (
        "field name that YAML made a bool",
        with_key(True),
        f"error[E422]: {ACCOUNT}: field name true is not a string\n{AT_ACCOUNT}\n{QUOTE}",
    ),
    (
        "unknown enum in a list",
        changed("filings", 0, materials=["registration_form", "minutes"]),
        'error[E423]: filing `f-1`, field `materials[1]`: unknown value "minutes"; expected one of '
        f"{MATERIALS}\n  --> <facts>: filings[0]\n  = help: did you mean `meeting_minutes`?",
    ),
    (
        "date in a nested record",
        changed("filings", 0, announcement={"start": "2024-09-25", "end": "2024-10-32"}),
        'error[E424]: filing `f-1`, field `announcement.end`: "2024-10-32" is not a valid date: '
        "2024-10 has only 31 days\n  --> <facts>: filings[0]",
    ),
    (
        "record is not a mapping",
        {"accounts": ["wx-anhua"]},
        "error[E420]: account accounts[0]: expected a record (a mapping of fields), "
        'got the string "wx-anhua"\n  --> <facts>: accounts[0]',
    ),
    (
        "missing id",
        changed("filings", 0, id=DELETE),
        "error[E421]: filing filings[0]: missing required field `id`\n  --> <facts>: filings[0]",
    ),
    (
        "id is a number",
        changed("filings", 0, id=123),
        "error[E422]: filing filings[0], field `id`: expected a string, got the integer 123\n"
        f"  --> <facts>: filings[0]\n{QUOTE}",
    ),
    (
        "an id missing makes references to it fail too",
        changed("units", 0, id=DELETE),
        "error[E421]: unit units[0]: missing required field `id`\n  --> <facts>: units[0]\n\n"
        'error[E428]: account `wx-anhua`, field `sponsor`: no unit has the id "anhua"\n'
        f"{AT_ACCOUNT}",
    ),
    (
        "unknown event kind",
        changed("events", 0, kind="psot"),
        'error[E426]: event `e-1`, field `kind`: unknown kind "psot"; expected one of post, '
        "map_use, training\n  --> <facts>: events[0]\n  = help: did you mean `post`?",
    ),
    (
        "missing event kind",
        changed("events", 0, kind=DELETE),
        "error[E421]: event `e-1`: missing required field `kind`\n  --> <facts>: events[0]\n"
        "  = help: the kinds are: post, map_use, training",
    ),
    (
        "event kind is a bool",
        changed("events", 0, kind=True),
        "error[E422]: event `e-1`, field `kind`: expected one of post, map_use, training, "
        f"got the boolean true\n  --> <facts>: events[0]\n{QUOTE}",
    ),
    (
        "field of one variant",
        changed("events", 1, account=DELETE),
        "error[E421]: map_use `e-2`: missing required field `account`\n  --> <facts>: events[1]",
    ),
    (
        "nested field of a variant",
        changed("events", 0, review={"reviewer": "s2", "on": "2024-1-4"}),
        'error[E424]: post `e-1`, field `review.on`: "2024-1-4" is not a date in the form '
        "YYYY-MM-DD\n  --> <facts>: events[0]",
    ),
    (
        "reference to a missing id",
        changed("accounts", 0, sponsor="anhau"),
        f'error[E428]: {ACCOUNT}, field `sponsor`: no unit has the id "anhau"\n{AT_ACCOUNT}\n'
        "  = help: did you mean `anhua`?",
    ),
    (
        "optional reference given but missing",
        changed("events", 2, unit="nowhere"),
        'error[E428]: training `e-3`, field `unit`: no unit has the id "nowhere"\n'
        "  --> <facts>: events[2]",
    ),
    (
        "unknown top-level key",
        {"acounts": []},
        "error[E411]: unknown top-level key `acounts`\n  --> <facts>: acounts\n"
        "  = help: did you mean `accounts`? The keys are: as_of, units, accounts, filings, events",
    ),
    (
        "as_of is not a valid date",
        {"as_of": "2026-13-01"},
        'error[E430]: `as_of`: "2026-13-01" is not a valid date: there is no month 13\n'
        "  --> <facts>: as_of",
    ),
    (
        "as_of is a number",
        {"as_of": 20261125},
        "error[E430]: `as_of`: expected a date YYYY-MM-DD, got the integer 20261125\n"
        "  --> <facts>: as_of",
    ),
    (
        "duplicate id across variants",
        changed("events", 2, id="e-1"),
        "error[E427]: training `e-1`: the id `e-1` appears twice in `events`; it is also at "
        "<facts>: events[0]\n  --> <facts>: events[2]",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [c[1:] for c in BAD_RECORDS], ids=[c[0] for c in BAD_RECORDS]
)
def test_bad_records(data: dict[str, Any], expected: str) -> None:
    assert rendered(failure(data)) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            changed("accounts", 0, name=False),
            f"错误[E422]: {ACCOUNT} 的字段 `name`：应为字符串，实为布尔值 false\n"
            f"{AT_ACCOUNT}\n{QUOTE_ZH}",
        ),
        (
            changed("accounts", 0, platform="wechatt"),
            f'错误[E423]: {ACCOUNT} 的字段 `platform`：未知的取值 "wechatt"，'
            "应为以下之一：website、wechat、weibo、douyin、toutiao、kuaishou、app、mini_program、other\n"
            f"{AT_ACCOUNT}\n  = 提示: 是否想写 `wechat`？",
        ),
        (
            changed("accounts", 0, opened_on="2024-02-30"),
            f'错误[E424]: {ACCOUNT} 的字段 `opened_on`："2024-02-30" 不是存在的日期：'
            f"2024 年 2 月只有 29 天\n{AT_ACCOUNT}",
        ),
        (
            changed("accounts", 0, mlps_level=7),
            f"错误[E425]: {ACCOUNT} 的字段 `mlps_level`：7 超出范围，应为介于 1 到 4 之间的整数\n"
            f"{AT_ACCOUNT}",
        ),
        (
            changed("accounts", 0, certification={"verified": True}),
            f"错误[E421]: {ACCOUNT}：缺少必填字段 `certification.shows_sponsor`\n{AT_ACCOUNT}",
        ),
        (
            changed("accounts", 0, sponsor="anhau"),
            f'错误[E428]: {ACCOUNT} 的字段 `sponsor`：没有 id 为 "anhau" 的 unit\n{AT_ACCOUNT}\n'
            "  = 提示: 是否想写 `anhua`？",
        ),
        (
            changed("events", 2, id="e-1"),
            "错误[E427]: training `e-1`：`events` 中 id `e-1` 出现了两次，"
            "另一处在 <facts>: events[0]\n"
            "  --> <facts>: events[2]",
        ),
        (
            {"acounts": []},
            "错误[E411]: 未知的顶层键 `acounts`\n  --> <facts>: acounts\n"
            "  = 提示: 是否想写 `accounts`？可用的键：as_of、units、accounts、filings、events",
        ),
    ],
)
def test_bad_records_in_chinese(data: dict[str, Any], expected: str) -> None:
    assert rendered(failure(data), lang="zh") == expected


def test_all_problems_of_all_records_are_reported() -> None:
    data = changed("accounts", 0, name=DELETE, platform="x", sponsor="nobody")
    data["units"].append({"id": "anhua", "kind": "other", "name": "again"})  # type: ignore[union-attr]
    codes = [d.code for d in failure(data).diagnostics]
    assert codes == ["E427", "E421", "E423", "E428"]  # references are checked last


def test_records_with_errors_still_count_as_existing_for_references() -> None:
    """A bad account is reported once, not again as a missing reference target."""
    error = failure(changed("accounts", 0, platform="x"))
    assert [d.code for d in error.diagnostics] == ["E423"]


def test_too_many_problems_are_counted_not_kept() -> None:
    data = {"units": [{"id": f"u{i}", "name": False, "kind": "other"} for i in range(1500)]}
    diagnostics = failure(data).diagnostics
    assert len(diagnostics) == 1000
    assert diagnostics[-1].message.en == "too many problems: 501 more were found but not listed"
    assert failure(data).render("en").endswith("\n\n… and 980 more")


def test_the_count_of_problems_not_listed_is_e439() -> None:
    data = {"units": [{"id": f"u{i}", "name": False, "kind": "other"} for i in range(1001)]}
    diagnostics = failure(data).diagnostics
    assert [d.code for d in diagnostics[-2:]] == ["E422", "E439"]


def test_facts_validated_against_another_policy_are_refused() -> None:
    one, other = load_policy("anhua"), load_policy("anhua")
    with pytest.raises(UsageError) as info:
        one.facts(other.facts({"units": [{"id": "u", "name": "乡政府", "kind": "other"}]}))
    assert info.value.code == "E604"


def test_deep_shared_and_cyclic_values_from_library_callers_are_harmless() -> None:
    """The depth limit protects the parsers; a mapping built in memory is only
    walked along declared fields, so depth, sharing and cycles cannot hurt."""
    shared: list[object] = ["s1"]
    for _ in range(40):
        shared = [shared] * 10  # 10**40 paths if it were walked naively
    deep: dict[str, object] = {}
    for _ in range(5000):
        deep = {"a": deep}
    data: dict[str, Any] = {"units": [{"id": "u", "name": "n", "kind": "other", "deep": deep}]}
    data["units"][0]["self"] = data
    facts = facts_from_mapping(data, SCHEMA)
    assert [w.message.en for w in facts.warnings] == [
        "unit `u`: undeclared field `deep`; it is ignored",
        "unit `u`: undeclared field `self`; it is ignored",
    ]
    data["units"][0]["name"] = shared
    assert rendered(failure(data)) == (
        "error[E422]: unit `u`, field `name`: expected a string, got a list\n"
        "  --> <facts>: units[0]"
    )
    assert failure([1]).code == "E410"


# --------------------------------------------------------------------------- YAML traps

YAML_BASE = """\
units:
  - id: anhua
    name: {name}
    kind: {kind}
accounts:
  - id: wx
    name: 安化发布
    platform: wechat
    sponsor: anhua
    status: active
    opened_on: {opened_on}
    maintainers: []
{extra}"""


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"kind": "off"},
            'error[E423]: unit `anhua`, field `kind`: unknown value "off"; expected one of '
            "township_government, internal_office, village_committee, other\n"
            "  --> f.yaml:4:5: units[0]",
        ),
        (
            {"kind": "true"},
            "error[E423]: unit `anhua`, field `kind`: unknown value true; expected one of "
            "township_government, internal_office, village_committee, other\n"
            "  --> f.yaml:4:5: units[0]",
        ),
        (
            {"opened_on": "2024-02-30"},
            'error[E424]: account `wx`, field `opened_on`: "2024-02-30" is not a valid date: '
            "2024-02 has only 29 days\n  --> f.yaml:11:5: accounts[0]",
        ),
        (
            {"opened_on": "2024-01-05 10:00:00"},
            'error[E424]: account `wx`, field `opened_on`: "2024-01-05 10:00:00" is not a date in '
            "the form YYYY-MM-DD\n  --> f.yaml:11:5: accounts[0]\n"
            "  = help: leave out the time of day",
        ),
        (
            {"opened_on": "20240105"},
            'error[E424]: account `wx`, field `opened_on`: "20240105" is not a date in the form '
            "YYYY-MM-DD\n  --> f.yaml:11:5: accounts[0]",
        ),
        (
            {"opened_on": "'2024-W01-5'"},
            'error[E424]: account `wx`, field `opened_on`: "2024-W01-5" is not a date in the form '
            "YYYY-MM-DD\n  --> f.yaml:11:5: accounts[0]",
        ),
        (
            {"extra": "    platform_approved: yes\n"},
            "error[E422]: account `wx`, field `platform_approved`: expected true or false, got the "
            'string "yes"\n  --> f.yaml:13:5: accounts[0]\n'
            "  = help: only true and false are booleans",
        ),
        (
            {"extra": "    mlps_level: '2'\n"},
            "error[E422]: account `wx`, field `mlps_level`: expected an integer, got the string "
            '"2"\n  --> f.yaml:13:5: accounts[0]\n  = help: write the number without quotes',
        ),
        (
            {"extra": "    mlps_level: 1.5\n"},
            "error[E422]: account `wx`, field `mlps_level`: expected an integer, got the number "
            "1.5\n  --> f.yaml:13:5: accounts[0]",
        ),
        (
            {"extra": "    mlps_level: 0x10\n"},
            "error[E425]: account `wx`, field `mlps_level`: 16 is out of range: expected an "
            "integer from 1 to 4\n  --> f.yaml:13:5: accounts[0]",
        ),
    ],
    ids=[
        "off",
        "true for an enum",
        "2024-02-30",
        "datetime",
        "basic date",
        "week date",
        "yes for a bool",
        "quoted number",
        "float",
        "hex out of range",
    ],
)
def test_yaml_values_are_typed_by_their_field(
    tmp_path: Path, fields: dict[str, str], expected: str
) -> None:
    values = {"name": "安化", "kind": "other", "opened_on": "2023-12-01", "extra": ""} | fields
    path = write(tmp_path, "f.yaml", YAML_BASE.format(**values))
    with pytest.raises(FactError) as info:
        load_facts([path], SCHEMA)
    assert rendered(info.value, tmp_path) == expected


YAML_AS_WRITTEN = """\
as_of: 2026-11-25
units:
  - id: 001
    name: NO
    kind: other
  - id: "002"
    name: 12:30
    kind: other
accounts:
  - id: yes
    name: 2024-01-05
    platform: wechat
    platform_approved: true
    sponsor: 001
    status: active
    opened_on: '2023-12-01'
    maintainers: [on, off, y, n, 010, 1.5]
    mlps_level: 2
    certification: {verified: True, shows_sponsor: FALSE}
events:
  - id: no
    kind: post
    date: 2024-01-05
    account: yes
    repost: false
    source: on
    review:
      reviewer: off
      on: 2024-01-04
"""


def test_yaml_reads_as_written(tmp_path: Path) -> None:
    """YAML 1.2 as people write it: `on:` is a key, yes/no/on/off/y/n are text, `id: 001`
    stays "001", dates work quoted or not; only the field's type makes a value a number,
    a boolean or a date."""
    facts = load_facts([write(tmp_path, "w.yaml", YAML_AS_WRITTEN)], SCHEMA)
    assert facts.as_of == datetime.date(2026, 11, 25)
    assert [(u["id"], u["name"]) for u in facts.by_kind["unit"]] == [
        ("001", "NO"),
        ("002", "12:30"),
    ]
    (account,) = facts.by_kind["account"]
    assert account == {
        "id": "yes",
        "name": "2024-01-05",
        "platform": "wechat",
        "platform_approved": True,
        "sponsor": "001",
        "status": "active",
        "opened_on": datetime.date(2023, 12, 1),
        "superior_exemption": False,
        "certification": {"verified": True, "shows_sponsor": False},
        "maintainers": ["on", "off", "y", "n", "010", "1.5"],
        "mlps_level": 2,
    }
    (post,) = facts.by_kind["post"]
    assert post == {
        "id": "no",
        "kind": "post",
        "date": datetime.date(2024, 1, 5),
        "account": "yes",
        "repost": False,
        "source": "on",
        "review": {"reviewer": "off", "on": datetime.date(2024, 1, 4)},
    }
    every = [account, post, *facts.by_kind["unit"]]
    assert all(type(v) is str for r in every for v in _leaves(r) if isinstance(v, str))
    assert facts.warnings == []


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


FIELDS_JSON = """\
{
  "units": [
    {"id": "anhua", "name": "安化", "kind": "othr"}
  ],
  "accounts": [
    {
      "id": "wx",
      "name": "安化发布",
      "platform": "wechat",
      "sponsor": "anhua",
      "status": "active",
      "opened_on": "2023-12-01",
      "maintainers": ["s1", 2],
      "certification": {"verified": true},
      "colour": "red"
    }
  ]
}
"""


def test_json_and_json_lines_errors_point_at_the_field(tmp_path: Path) -> None:
    """The field's own line and column, in every format; a missing field points at the
    record it is missing from, a nested one at its parent."""
    expected = [
        "f.json:3:35: units[0]",  # kind (columns in characters: 安化 is two)
        "f.json:14:7: accounts[0]",  # certification (shows_sponsor is missing in it)
        "f.json:13:29: accounts[0]",  # maintainers[1]
    ]
    with pytest.raises(FactError) as info:
        load_facts([write(tmp_path, "f.json", FIELDS_JSON)], SCHEMA)
    assert [d.location for d in info.value.diagnostics] == [
        f"{tmp_path}/{where}" for where in expected
    ]
    data = json.loads(FIELDS_JSON)
    lines = [json.dumps({k: r}, ensure_ascii=False) for k, v in data.items() for r in v]
    with pytest.raises(FactError) as info:
        load_facts([write(tmp_path, "f.jsonl", "\n".join(lines) + "\n")], SCHEMA)
    kind, element = lines[0].index('"kind"') + 1, lines[1].index("2]") + 1
    certification = lines[1].index('"certification"') + 1
    assert [d.location for d in info.value.diagnostics] == [
        f"{tmp_path}/f.jsonl:1:{kind}: units[0]",
        f"{tmp_path}/f.jsonl:2:{certification}: accounts[0]",
        f"{tmp_path}/f.jsonl:2:{element}: accounts[0]",
    ]
    fixed = (
        FIELDS_JSON.replace('"othr"', '"other"')
        .replace('["s1", 2]', '["s1"]')
        .replace('{"verified": true}', '{"verified": true, "shows_sponsor": true}')
    )
    facts = load_facts([write(tmp_path, "w.json", fixed)], SCHEMA)
    assert [w.location for w in facts.warnings] == [f"{tmp_path}/w.json:15:7: accounts[0]"]


def test_yaml_quoted_values_are_fine(tmp_path: Path) -> None:
    text = YAML_BASE.format(name='"NO"', kind="other", opened_on="2023-12-01", extra="")
    facts = load_facts([write(tmp_path, "f.yaml", text)], SCHEMA)
    assert facts.by_kind["unit"][0]["name"] == "NO"
    assert facts.by_kind["account"][0]["opened_on"] == datetime.date(2023, 12, 1)


def test_yaml_as_of_impossible_date(tmp_path: Path) -> None:
    with pytest.raises(FactError) as info:
        load_facts([write(tmp_path, "f.yaml", "as_of: 2026-02-30\n")], SCHEMA)
    assert rendered(info.value, tmp_path) == (
        'error[E430]: `as_of`: "2026-02-30" is not a valid date: 2026-02 has only 28 days\n'
        "  --> f.yaml:1: as_of"
    )


# --------------------------------------------------------------------------- files and merging


def split_files(tmp_path: Path) -> list[Path]:
    data = valid_facts()
    first = {"as_of": "2026-11-25", "units": data["units"], "accounts": data["accounts"]}
    second = {"filings": data["filings"], "events": data["events"][:2]}
    third = "".join(json.dumps({"events": e}) + "\n" for e in data["events"][2:])
    return [
        write(tmp_path, "a.yaml", json.dumps(first)),  # JSON is YAML
        write(tmp_path, "b.json", json.dumps(second)),
        write(tmp_path, "c.jsonl", '{"as_of": "2026-11-25"}\n' + third),
    ]


def test_merging_files(tmp_path: Path) -> None:
    paths = split_files(tmp_path)
    facts = load_facts(paths, SCHEMA)
    assert facts.as_of == datetime.date(2026, 11, 25)
    assert [e["id"] for e in facts.by_kind["event"]] == ["e-1", "e-2", "e-3"]
    assert facts.origin("accounts", "wx-anhua") == f"{tmp_path}/a.yaml:1: accounts[0]"
    assert facts.origin("events", "e-2") == f"{tmp_path}/b.json: events[1]"
    assert facts.origin("events", "e-3") == f"{tmp_path}/c.jsonl:2: events[0]"
    assert len(facts) == 6
    expected = facts_from_mapping(valid_facts(), SCHEMA)
    assert facts.by_kind == expected.by_kind


def test_folder(tmp_path: Path) -> None:
    split_files(tmp_path)
    facts = load_facts([tmp_path], SCHEMA)
    assert len(facts) == 6
    docs = read_documents([tmp_path])
    assert facts_from_documents(docs, SCHEMA).by_kind == facts.by_kind


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "units:\n  - {id: anhua, name: A, kind: other}\n")
    b = write(
        tmp_path,
        "b.yaml",
        "# b\nunits:\n  - {id: x, name: X, kind: other}\n  - {id: anhua, name: B, kind: other}\n",
    )
    with pytest.raises(FactError) as info:
        load_facts([a, b], SCHEMA)
    assert rendered(info.value, tmp_path) == (
        "error[E427]: unit `anhua`: the id `anhua` appears twice in `units`; it is also at "
        "a.yaml:2: units[0]\n  --> b.yaml:4:5: units[1]"
    )


def test_as_of_must_agree(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "as_of: 2026-11-25\n")
    b = write(tmp_path, "b.json", '{"as_of": "2026-11-26"}')
    with pytest.raises(FactError) as info:
        load_facts([a, b], SCHEMA)
    assert rendered(info.value, tmp_path) == (
        "error[E431]: as_of differs between files: 2026-11-25 in a.yaml, 2026-11-26 in b.json\n"
        "  --> b.json: as_of"
    )
    assert rendered(info.value, tmp_path, "zh") == (
        "错误[E431]: 各文件的 as_of 不一致：a.yaml 为 2026-11-25，b.json 为 2026-11-26\n"
        "  --> b.json: as_of"
    )


def test_read_errors_and_record_errors_are_reported_together(tmp_path: Path) -> None:
    good = write(tmp_path, "a.yaml", "units:\n  - {id: anhua, name: A, kind: nope}\n")
    bad = write(tmp_path, "b.json", "{")
    with pytest.raises(FactError) as info:
        load_facts([good, bad], SCHEMA)
    assert [d.code for d in info.value.diagnostics] == ["E404", "E423"]


# --------------------------------------------------------------------------- undeclared fields

UNDECLARED = """\
units:
  - id: a
    name: A
    kind: other
    nmae: typo
  - id: b
    name: B
    kind: other
    nmae: typo
accounts:
  - id: wx
    name: 安化发布
    platform: wechat
    sponsor: a
    status: active
    opened_on: 2023-12-01
    maintainers: []
    certification: {verified: true, shows_sponsor: true, verifed: true}
"""


def test_undeclared_fields_are_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "u.yaml", UNDECLARED)
    facts = load_facts([path], SCHEMA)
    assert "nmae" not in facts.by_kind["unit"][0]
    assert "verifed" not in facts.by_kind["account"][0]["certification"]  # type: ignore[operator]
    text = "\n\n".join(w.render("en") for w in facts.warnings).replace(f"{tmp_path}/", "")
    assert text == (
        "warning[E429]: unit `a`: undeclared field `nmae`; it is ignored "
        "(and in 1 more records of this file)\n"
        "  --> u.yaml:5:5: units[0]\n  = help: did you mean `name`? (`--strict` makes an "
        "undeclared field an error)\n\n"
        "warning[E429]: account `wx`: undeclared field `certification.verifed`; it is ignored\n"
        "  --> u.yaml:18:58: accounts[0]\n  = help: did you mean `verified`? (`--strict` makes an "
        "undeclared field an error)"
    )
    assert facts.warnings[0].render("zh").replace(f"{tmp_path}/", "") == (
        "警告[E429]: unit `a`：未声明的字段 `nmae`，已忽略（本文件另有 1 条记录也有此字段）\n"
        "  --> u.yaml:5:5: units[0]\n"
        "  = 提示: 是否想写 `name`？（用 `--strict` 可把未声明的字段作为错误）"
    )


def test_an_undeclared_field_far_from_every_name_still_suggests_strict() -> None:
    data: dict[str, Any] = {"units": [{"id": "u", "name": "n", "kind": "other", "zzz": 1}]}
    (warning,) = facts_from_mapping(data, SCHEMA).warnings
    assert warning.help is not None
    assert warning.help.en == "`--strict` makes an undeclared field an error"


def test_undeclared_fields_are_errors_when_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "u.yaml", UNDECLARED)
    with pytest.raises(FactError) as info:
        load_facts([path], SCHEMA, strict=True)
    assert rendered(info.value, tmp_path) == (
        "error[E429]: unit `a`: undeclared field `nmae` (and in 1 more records of this file)\n"
        "  --> u.yaml:5:5: units[0]\n  = help: did you mean `name`?\n\n"
        "error[E429]: account `wx`: undeclared field `certification.verifed`\n"
        "  --> u.yaml:18:58: accounts[0]\n  = help: did you mean `verified`?"
    )


# --------------------------------------------------------------------------- references


def test_references_inside_lists_and_records_and_to_variants() -> None:
    """A reference may sit in a list or a nested record, and may name one variant."""
    events = SCHEMA.collections["events"]
    link = RecordType(
        "link",
        (
            Field("id", StrType()),
            Field("post", RefType("post")),
            Field("accounts", ListType(RefType("account")), optional=True),
            Field("by", RecordType("link.by", (Field("unit", RefType("unit")),)), optional=True),
            Field("event", RefType("event"), optional=True),
        ),
    )
    links = Collection("links", "link", None, {"link": Variant("link", None, link)})
    schema = Schema({**SCHEMA.collections, "links": links}, SCHEMA.enums, {})
    assert events.variants["post"].tag == "post"
    data = valid_facts()
    data["links"] = [
        {
            "id": "ok",
            "post": "e-1",
            "accounts": ["wx-anhua"],
            "by": {"unit": "anhua"},
            "event": "e-3",
        },
        {"id": "bad", "post": "e-2", "accounts": ["wx-anhua", "gone"], "by": {"unit": "x"}},
    ]
    with pytest.raises(FactError) as info:
        facts_from_mapping(copy.deepcopy(data), schema)
    messages = [d.message.en for d in info.value.diagnostics]
    assert messages == [
        'link `bad`, field `post`: no post has the id "e-2"',
        'link `bad`, field `accounts[1]`: no account has the id "gone"',
        'link `bad`, field `by.unit`: no unit has the id "x"',
    ]
    data["links"].pop()  # type: ignore[union-attr]
    assert facts_from_mapping(data, schema).index["links"]["ok"]["event"] == "e-3"


# --------------------------------------------------------------------------- robustness


def _records() -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=8)


documents = st.dictionaries(
    st.sampled_from(["as_of", "units", "accounts", "filings", "events", "acounts"]),
    st.lists(_records() | json_values, max_size=3) | json_values,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_random_documents_only_raise_fact_errors(data: dict[str, object]) -> None:
    three_ways(data)
    try:
        facts = facts_from_mapping(data, SCHEMA)
    except FactError as error:
        error.render("zh")
        error.render("en")
    else:
        assert len(facts) <= sum(len(v) for v in facts.by_kind.values())


@settings(max_examples=200, deadline=None)
@given(
    RECORD_PLACES,
    st.sampled_from(FIELD_NAMES),
    json_values,
)
def test_one_random_field_of_valid_facts(where: tuple[str, int], name: str, value: object) -> None:
    collection, position = where
    data = changed(collection, position, **{name: value})
    three_ways(data)
    three_ways(data, strict=True)
    try:
        facts_from_mapping(data, SCHEMA)
    except FactError as error:
        assert all(d.code.startswith("E4") for d in error.diagnostics)


def _parser_words() -> list[str]:
    """Every problem and context PyYAML's scanner, parser and composer can report,
    with its ``%r``, ``%s`` and ``%d`` filled in as PyYAML fills them."""
    import ast
    import inspect

    import yaml.composer
    import yaml.parser
    import yaml.scanner

    found = set()
    for module in (yaml.scanner, yaml.parser, yaml.composer):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error"):
                for arg in node.args[::2]:  # context, problem (their marks between)
                    value = arg.left if isinstance(arg, ast.BinOp) else arg
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.add(value.value)
    fills = {"%r": "'\\t'", "%d": "4"}
    words = []
    for word in sorted(found):
        for mark, fill in fills.items():
            word = word.replace(mark, fill)
        if "%s" in word:  # the names PyYAML puts in its `%s`
            nouns = {
                "while scanning a %s": ("directive", "tag"),
                "while scanning an %s": ("anchor", "alias"),
                "while parsing a %s node": ("block", "flow"),
                "while parsing a %s": ("block mapping", "flow sequence"),
            }[word]
            words.extend(word.replace("%s", noun) for noun in nouns)
        else:
            words.append(word)
    return words


JSON_WORDS = [
    "Expecting value",
    "Expecting property name enclosed in double quotes",
    "Expecting ',' delimiter",
    "Expecting ':' delimiter",
    "Extra data",
    "Unterminated string starting at",
    "Invalid control character at",
    "Invalid control character '\\x01' at",
    "Invalid \\escape",
    "Invalid \\uXXXX escape",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)",
    "Illegal trailing comma before end of object",
]


@pytest.mark.parametrize("word", [*_parser_words(), *JSON_WORDS])
def test_every_parser_message_is_said_in_chinese(word: str) -> None:
    """What the YAML and JSON parsers can say, in Chinese: no English word outside the
    quoted value, and not the fallback that quotes the parser."""
    reason = syntax_reason(word)
    assert reason.en == word
    assert not reason.zh.startswith("语法错误"), word
    assert not re.search(
        r"[A-Za-z]{3,}",
        reason.zh.replace("'\\t'", "")
        .replace("URI", "")
        .replace("YAML", "")
        .replace("BOM", "")
        .replace("XXXX", ""),
    ), reason.zh


def test_a_yaml_context_and_its_place_are_said_in_chinese() -> None:
    reason = syntax_reason(
        "while parsing a block mapping (line 3, column 3): "
        "expected <block end>, but found '<block sequence start>'"
    )
    assert reason.zh == (
        "解析块映射时（始于第 3 行第 3 列）：缩进不一致：此处应结束上一块，"
        "却是 '<block sequence start>'"
    )
    unknown = syntax_reason("something new")
    assert unknown.zh == "语法错误：`something new`"
