"""The fact schema published: the JSON Schema of a facts file and the facts guide.

The guide ``docs/facts.md`` is generated from the Anhua policy; after changing the
policy's facts, regenerate it (and read the diff):

    POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_factspec.py
"""

from __future__ import annotations

import io
import json
import os
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from factschema import anhua_schema
from test_facts import BAD_RECORDS

from policyengine import load_policy
from policyengine.cli import main
from policyengine.errors import FactError
from policyengine.facts import facts_from_mapping, load_facts
from policyengine.facts.typed import blank
from policyengine.factspec import BLANK, NOT_BLANK, facts_guide, field_articles, json_schema
from policyengine.schema import (
    BoolType,
    DateType,
    EnumType,
    Field,
    IntType,
    ListType,
    MapType,
    RecordType,
    RefType,
    SetType,
    StrType,
    Type,
    type_words,
)

try:
    import jsonschema
except ImportError:  # a test extra (pyproject.toml); the guide's tests run without it
    jsonschema = None

needs_jsonschema = pytest.mark.skipif(jsonschema is None, reason="jsonschema is not installed")

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "facts.md"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "calendar" not in p.name)
REGEN = os.environ.get("POLICYENGINE_REGEN_GOLDEN") == "1"
COMMAND = "policyengine schema anhua --format json-schema"


def cli_schema() -> dict[str, Any]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["schema", "anhua", "--format", "json-schema"]) == 0
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def validator(document: dict[str, Any]) -> Any:
    cls = jsonschema.Draft202012Validator
    cls.check_schema(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


def as_json(data: object) -> Any:
    """A parsed YAML document as a JSON system would send it (dates as text)."""
    return json.loads(json.dumps(data, default=str))


# --------------------------------------------------------------------------- the guide


def guide_text() -> str:
    policy = load_policy("anhua")
    examples: dict[str, dict[str, object]] = {}
    for path in EXAMPLES:
        facts = load_facts([path], policy.checked.schema)
        for kind, records in facts.by_kind.items():
            if records and kind not in examples:
                examples[kind] = records[0]
    return facts_guide(policy.checked, examples, command=COMMAND)


def test_the_facts_guide_is_up_to_date() -> None:
    text = guide_text()
    if REGEN:
        GUIDE.write_text(text, encoding="utf-8")
        return
    assert GUIDE.read_text(encoding="utf-8") == text, (
        "docs/facts.md is stale: run POLICYENGINE_REGEN_GOLDEN=1 pytest tests/test_factspec.py"
    )


def test_the_guide_names_every_kind_field_and_label() -> None:
    schema = load_policy("anhua").checked.schema
    text = guide_text()
    for coll in schema.collections.values():
        assert f"## `{coll.name}`" in text
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                continue
            assert f"### `{kind}`" in text
            for f in variant.fields:
                assert f"| `{f.name}` |" in text
    for enum in schema.enums.values():
        for member, label in enum.labels.items():
            assert f"| `{member}` | {label} |" in text


PLATFORM = EnumType("platform", ("website", "wechat"))
TYPE_WORDS: list[tuple[Type, str, str]] = [
    (StrType(), "文本", "text"),
    (IntType(), "整数", "integer"),
    (IntType(minimum=1, maximum=4), "整数 1–4", "integer 1–4"),
    (IntType(minimum=0), "整数 ≥ 0", "integer ≥ 0"),
    (IntType(maximum=9), "整数 ≤ 9", "integer ≤ 9"),
    (BoolType(), "是/否", "`true` / `false`"),
    (DateType(), "日期", "date"),
    (RefType("account"), "编号", "`account` id"),
    (PLATFORM, "`platform` 中的一个值", "one of `platform`"),
    (ListType(RefType("staff")), "多个编号", "list of `staff` id"),
    (ListType(PLATFORM), "多个`platform` 中的一个值", "list of one of `platform`"),
    (RecordType("c", (Field("x", BoolType()),)), "记录（字段见下）", "record (fields below)"),
]  # fmt: skip


@pytest.mark.parametrize(("t", "zh", "en"), TYPE_WORDS, ids=[en for _, _, en in TYPE_WORDS])
def test_one_table_words_each_field_type_in_both_languages(t: Type, zh: str, en: str) -> None:
    """docs/facts.md (English) and a ledger's instructions sheet (Chinese) read one table."""
    assert (type_words(t).zh, type_words(t).en) == (zh, en)


def test_type_words_name_an_enum_as_the_caller_shows_it() -> None:
    from policyengine.text import Text

    words = type_words(ListType(PLATFORM), lambda e: Text("下拉选择", f"[`{e.name}`]"))
    assert (words.zh, words.en) == ("多个下拉选择", "list of [`platform`]")


@pytest.mark.parametrize(
    "t", [SetType(StrType()), MapType(IntType(), IntType())], ids=["set", "map"]
)
def test_no_words_for_a_type_no_fact_field_has(t: Type) -> None:
    with pytest.raises(ValueError, match="has no words"):
        type_words(t)


def test_fields_are_tied_to_the_articles_whose_rules_read_them() -> None:
    articles = field_articles(load_policy("anhua").checked)
    assert articles[("filing", "materials")] == ("第十五条",)
    # the announcement: 第十六条's own rules, and those that wait for an announced shutdown
    assert articles[("filing", "announcement")] == (
        "第十一条",
        "第十六条",
        "第十七条",
        "第二十二条",
    )
    assert "第十三条" in articles[("account.certification", "shows_sponsor")]
    assert ("unit", "id") not in articles  # read by no rule's decision


# --------------------------------------------------------------------------- the JSON Schema


@needs_jsonschema
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_examples_are_valid_under_the_schema(path: Path) -> None:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in validator(cli_schema()).iter_errors(data)]
    assert errors == []


@needs_jsonschema
def test_an_undeclared_field_is_refused_as_with_strict() -> None:
    data = as_json(yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8")))
    data["accounts"][0]["closed_at"] = "2024-01-05"  # for closed_on
    errors = [leaf for e in validator(cli_schema()).iter_errors(data) for leaf in _leaves(e)]
    assert [(list(e.absolute_path), e.message) for e in errors] == [
        (["accounts", 0], "Additional properties are not allowed ('closed_at' was unexpected)")
    ]


_ONE_ACCOUNT = {
    "as_of": "2024-06-01",
    "units": [{"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}],
    "accounts": [{"id": "wx", "name": "安化发布", "platform": "wechat", "sponsor": "anhua",
                  "opened_as": "unit", "purpose": "general", "status": "active",
                  "opened_on": "2023-12-01", "managed_by": "宣传文化中心", "maintainers": ["a"]}],
}  # fmt: skip


@needs_jsonschema
@pytest.mark.parametrize(
    "blank", ["", "  ", "\u3000", "\t\n"], ids=["empty", "spaces", "ideographic", "tab-newline"]
)
@pytest.mark.parametrize(
    ("field", "accepted"),
    [
        ("as_of", True),  # the document's date
        ("closed_on", True),  # an optional date
        ("platform_approved", True),  # an optional boolean
        ("monthly_active_users", True),  # an optional number
        ("mlps_level", True),  # an optional number with bounds
        ("certification", True),  # an optional record
        ("certification.cancelled_on", True),  # an optional date inside it
        ("columns[]", True),  # an item of a list of enum members: no item
        ("superior_exemption", True),  # a field with a default: the default
        ("opened_on", False),  # a required date: an error (E421)
        ("status", False),  # a required enum member
        ("managed_by", True),  # optional text: no text
        ("name", False),  # required text
    ],
)  # fmt: skip
def test_blank_text_is_no_value_to_the_schema_as_to_the_loader(
    field: str, accepted: bool, blank: str
) -> None:
    """The loader reads blank text in an optional field of any type (and a blank item
    of a list) as no value, and refuses it in a required one; the schema agrees."""
    data = json.loads(json.dumps(_ONE_ACCOUNT))
    account = data["accounts"][0]
    if field == "as_of":
        data["as_of"] = blank
    elif field == "columns[]":
        account["columns"] = ["info_release", blank]
    elif field.startswith("certification."):
        account["certification"] = {
            "verified": True,
            "shows_sponsor": True,
            field.split(".")[1]: blank,
        }
    else:
        account[field] = blank
    schema_errors = list(validator(cli_schema()).iter_errors(data))
    assert (schema_errors == []) == accepted, [e.message for e in schema_errors]
    if accepted:
        facts_from_mapping(data, SCHEMA_OF_ANHUA)
    else:
        with pytest.raises(FactError):
            facts_from_mapping(data, SCHEMA_OF_ANHUA)


def test_the_schema_s_blank_is_the_loader_s() -> None:
    """Every character the loader takes as whitespace, and no other, is blank to the
    schema (written out, not ``\\s``, which differs between regular-expression dialects)."""
    blank_one = re.compile(BLANK).fullmatch
    for code in range(0x110000):
        c = chr(code)
        if not 0xD800 <= code < 0xE000:
            assert bool(blank_one(c)) == blank(c + c), hex(code)
            assert bool(re.search(NOT_BLANK, c)) != blank(c), hex(code)


# The corpus of bad records of tests/test_facts.py, as a JSON system would send them:
# the schema must refuse each at the same record and field as the loader. A schema
# cannot see across records (a reference to a missing id, an id used twice), and
# JSON Schema's "integer" takes 1200.0; those are the loader's alone.
SCHEMA = anhua_schema()
SCHEMA_OF_ANHUA = load_policy("anhua").checked.schema
ACROSS_RECORDS = {"E427", "E428"}
LOADER_ONLY = {"float for an int"}
_FIELD = re.compile(r"field `([^`]+)`|top-level key `([^`]+)`|^`(as_of)`")
_PLACE = re.compile(r": ([a-z_]+)(?:\[([0-9]+)\])?$")
_UNEXPECTED = re.compile(r"'([^']+)' was unexpected")
_REQUIRED = re.compile(r"'([^']+)' is a required property")


def _json_only(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_only(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def _loader_places(error: FactError) -> set[tuple[str, int | None, str]]:
    places: set[tuple[str, int | None, str]] = set()
    for d in error.diagnostics:
        if d.code in ACROSS_RECORDS:
            continue
        place = _PLACE.search(d.location or "")
        assert place is not None, d.location
        field = _FIELD.search(d.message.en)
        name = next((g for g in field.groups() if g), "") if field else ""
        index = int(place[2]) if place[2] is not None else None
        if index is None:  # a top-level key: the key is the field
            places.add(("", None, name))
        else:
            places.add((place[1], index, name))
    return places


def _leaves(error: Any) -> list[Any]:
    """The errors that say what is wrong: inside an optional field's ``anyOf``, the
    branch that is not null."""
    if error.validator == "anyOf" and error.context:
        inner = [e for e in error.context if e.schema_path[0] != len(error.validator_value) - 1]
        return [leaf for e in inner for leaf in _leaves(e)]
    return [error]


def _schema_places(data: object) -> set[tuple[str, int | None, str]]:
    places: set[tuple[str, int | None, str]] = set()
    for error in validator(json_schema(SCHEMA)).iter_errors(data):
        for leaf in _leaves(error):
            path = list(leaf.absolute_path)
            extra = _UNEXPECTED.search(leaf.message) or _REQUIRED.search(leaf.message)
            if extra and leaf.validator in ("required", "additionalProperties"):
                path.append(extra[1])
            if len(path) == 1:
                places.add(("", None, str(path[0])))
                continue
            field = ""
            for step in path[2:]:
                field += f"[{step}]" if isinstance(step, int) else f".{step}" if field else step
            places.add((str(path[0]), int(path[1]), field))
    return places


CORPUS = [
    case
    for case in BAD_RECORDS
    if _json_only(case[1]) and case[0] not in LOADER_ONLY and "E427" not in case[2]
]


@needs_jsonschema
@pytest.mark.parametrize(("data", "_"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_the_schema_refuses_bad_records_where_the_loader_does(data: Any, _: str) -> None:
    with pytest.raises(FactError) as info:
        facts_from_mapping(data, SCHEMA)
    expected = _loader_places(info.value)
    assert _schema_places(data) == expected


def test_the_corpus_is_mostly_covered() -> None:
    """The filter above leaves out only values JSON cannot hold and the cases named."""
    assert len(CORPUS) >= len(BAD_RECORDS) - 6


@needs_jsonschema
def test_what_only_the_loader_sees() -> None:
    (case,) = [c for c in BAD_RECORDS if c[0] in LOADER_ONLY]
    assert list(validator(json_schema(SCHEMA)).iter_errors(case[1])) == []
