"""Blank text is no value, read so once by the facts reader (JSON, JSON Lines, YAML, a
caller's mapping, a ledger): an optional text field that is blank is absent, a blank
item of a list of text is no item, a required one is an error naming its record and
field. And the rules that rely on it (第四条, 第八条, 第十七条, 第十八条, 第十九条,
第二十条, 第二十四条).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_anhua_rules import BASE, acc, add, build, evaluate, of_rule
from test_ledger import column, template

from policyengine.errors import FactError
from policyengine.facts import FactSet, facts_from_mapping, load_facts
from policyengine.facts.fast import FastReader
from policyengine.policy import Policy, load_policy

BLANKS = ["", "   ", "\u3000", "\t", " \t\u3000\n"]
FORMATS = ["json", "jsonl", "yaml", "mapping"]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def _write(doc: dict[str, Any], tmp_path: Path, form: str) -> Path:
    path = tmp_path / f"facts.{form}"
    if form == "json":
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    elif form == "yaml":
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    else:
        lines = [json.dumps({"as_of": doc["as_of"]})]
        for key in ("units", "accounts", "filings", "events"):
            lines += [json.dumps({key: r}, ensure_ascii=False) for r in doc.get(key, [])]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ev(id_: str, **fields: Any) -> Any:
    """A new event."""
    return add("events", {"id": id_, **fields})


def read(policy: Policy, doc: dict[str, Any], tmp_path: Path, form: str) -> FactSet:
    schema = policy.checked.schema
    if form == "mapping":
        return facts_from_mapping(doc, schema)
    return load_facts([_write(doc, tmp_path, form)], schema)


def record(facts: FactSet, collection: str, id_: str) -> dict[str, object]:
    return facts.index[collection][id_]


def errors(policy: Policy, doc: dict[str, Any], tmp_path: Path, form: str) -> str:
    with pytest.raises(FactError) as caught:
        read(policy, doc, tmp_path, form)
    return str(caught.value)


# --------------------------------------------------------------------------- the reader


def _blank_everywhere(blank: str) -> dict[str, Any]:
    return build(
        acc("site", url=blank, security_officer=blank, maintainers=[blank, "s1", blank]),
        acc("wx", maintainers=[blank]),
        ev("e-blank-map", kind="map_use", account="wx", date="2024-03-01",
           map_kind="approved", approval_number=blank),
        ev("e-blank-post", kind="post", account="wx", date="2024-03-01", repost=True,
           source=blank, review={"reviewer": blank, "on": "2024-03-01"}),
    )  # fmt: skip


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_blank_optional_text_is_read_as_absent(
    policy: Policy, tmp_path: Path, form: str, blank: str
) -> None:
    facts = read(policy, _blank_everywhere(blank), tmp_path, form)
    site = record(facts, "accounts", "site")
    assert "url" not in site and "security_officer" not in site
    assert site["maintainers"] == ["s1"]
    assert record(facts, "accounts", "wx")["maintainers"] == []
    assert "approval_number" not in record(facts, "events", "e-blank-map")
    post = record(facts, "events", "e-blank-post")
    assert "source" not in post
    assert post["review"] == {"on": post["date"]}


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("blank", ["", " \u3000"], ids=repr)
def test_a_blank_value_of_any_type_is_no_value(
    policy: Policy, tmp_path: Path, form: str, blank: str
) -> None:
    """A date, enum, boolean, number or record left blank, as a spreadsheet exports an
    empty cell, is read as left out (a default filled in); a blank list item is none."""
    doc = build(
        acc("wx", closed_on=blank, platform_approved=blank, monthly_active_users=blank,
            superior_exemption=blank, certification=blank, columns=[blank, "service"]),
        ev("e-blank-post", kind="post", account="wx", date="2024-03-01", repost=True,
           source_kind=blank, altered=blank),
    )  # fmt: skip
    doc["as_of"] = blank
    facts = read(policy, doc, tmp_path, form)
    wx = record(facts, "accounts", "wx")
    assert [k for k in ("closed_on", "platform_approved", "monthly_active_users",
                        "certification") if k in wx] == []  # fmt: skip
    assert (wx["superior_exemption"], wx["columns"]) == (False, ["service"])
    post = record(facts, "events", "e-blank-post")
    assert "source_kind" not in post and "altered" not in post
    assert facts.as_of is None


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize(
    ("field", "blank"), [("opened_on", " "), ("status", ""), ("maintainers", "　")]
)
def test_a_blank_required_value_of_any_type_is_an_error(
    policy: Policy, tmp_path: Path, form: str, field: str, blank: str
) -> None:
    text = errors(policy, build(acc("wx", **{field: blank})), tmp_path, form)
    assert f"error[E421]: account `wx`, field `{field}`: the required field's value" in text


@pytest.mark.parametrize("form", FORMATS)
def test_the_fast_reading_and_the_general_one_agree_on_blanks(
    policy: Policy, tmp_path: Path, form: str
) -> None:
    doc = _blank_everywhere("\u3000 ")
    general = facts_from_mapping(copy.deepcopy(doc), policy.checked.schema)
    facts = read(policy, doc, tmp_path, form)
    for collection in ("units", "accounts", "filings", "events"):
        assert dict(facts.index[collection]) == dict(general.index[collection]), collection


@pytest.mark.parametrize("form", FORMATS)
def test_text_that_is_not_blank_is_kept_as_written(
    policy: Policy, tmp_path: Path, form: str
) -> None:
    doc = build(acc("site", name=" 门户 ", security_officer=" s2\u3000"))
    site = record(read(policy, doc, tmp_path, form), "accounts", "site")
    assert (site["name"], site["security_officer"]) == (" 门户 ", " s2\u3000")


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("blank", BLANKS, ids=repr)
@pytest.mark.parametrize(
    ("collection", "id_", "field"),
    [("units", "anhua", "name"), ("accounts", "site", "name"), ("accounts", "site", "sponsor")],
)
def test_a_blank_required_field_is_an_error_naming_record_and_field(
    policy: Policy, tmp_path: Path, form: str, blank: str, collection: str, id_: str, field: str
) -> None:
    doc = build()
    next(r for r in doc[collection] if r["id"] == id_)[field] = blank
    text = errors(policy, doc, tmp_path, form)
    kind = collection[:-1]
    assert f"error[E421]: {kind} `{id_}`, field `{field}`: the required field's value" in text
    assert "is blank" in text
    if form != "mapping":
        assert f"facts.{form}:" in text


@pytest.mark.parametrize("form", ["json", "yaml", "jsonl"])
def test_a_blank_id_is_an_error_at_its_line(policy: Policy, tmp_path: Path, form: str) -> None:
    doc = build()
    doc["units"].append({"id": "\u3000", "name": "x", "kind": "other"})
    text = errors(policy, doc, tmp_path, form)
    assert "error[E421]: unit `\u3000`, field `id`" in text
    assert f"facts.{form}:" in text


@pytest.mark.parametrize("blank", ["   ", "\u3000", " \u3000 "], ids=repr)
def test_a_ledger_reads_blank_cells_as_no_value(
    capsys: pytest.CaptureFixture[str], policy: Policy, tmp_path: Path, blank: str
) -> None:
    source = _write(build(), tmp_path, "json")
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path, source)
    accounts = book["账号"]
    row = next(r for r in range(3, accounts.max_row + 1) if accounts[f"A{r}"].value == "site")
    for code in ("url", "security_officer", "maintainers", "managed_by"):
        accounts[f"{column(accounts, code)}{row}"] = blank
    book.save(path)
    site = record(load_facts([path], policy.checked.schema), "accounts", "site")
    assert [k for k in ("url", "security_officer", "managed_by") if k in site] == []
    assert site["maintainers"] == []
    accounts[f"{column(accounts, 'name')}{row}"] = blank
    book.save(path)
    with pytest.raises(FactError) as caught:
        load_facts([path], policy.checked.schema)
    assert "field `name`" in str(caught.value)
    assert f"ledger.xlsx › 账号 › {column(accounts, 'name')}{row}" in str(caught.value)


# --------------------------------------------------------------------------- the rules


def subjects(policy: Policy, doc: dict[str, Any], rule: str) -> list[str]:
    return [f.subject for f in of_rule(evaluate(policy, doc), rule)]


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_rules_read_blank_text_as_no_value(policy: Policy, blank: str) -> None:
    doc = _blank_everywhere(blank)
    acc("wx", managed_by=blank)(doc)
    result = evaluate(policy, doc)
    assert "site" in [f.subject for f in of_rule(result, "security_officer_named")]
    assert "wx" in [f.subject for f in of_rule(result, "maintained")]
    assert [f.subject for f in of_rule(result, "website_address_unknown")] == ["site"]
    assert of_rule(result, "website_on_district_portal") == []
    (department,) = of_rule(result, "competent_department")
    assert "没有登记主管部门" in department.message
    (reviewed,) = [f for f in of_rule(result, "reviewed_before_publishing")
                   if f.subject == "e-blank-post"]  # fmt: skip
    assert "没有写明审查人" in reviewed.message
    (cited,) = of_rule(result, "repost_cites_source")
    assert cited.subject == "e-blank-post"
    (mapped,) = of_rule(result, "standard_or_approved_map")
    assert "没有填写审图号" in mapped.message


def test_a_review_naming_its_reviewer_is_a_review(policy: Policy) -> None:
    doc = build(ev("e-post", kind="post", account="wx", date="2024-03-01", repost=False,
                   review={"reviewer": "s1", "on": "2024-03-01"}))  # fmt: skip
    assert "e-post" not in subjects(policy, doc, "reviewed_before_publishing")


@pytest.mark.parametrize(
    ("url", "found"),
    [("//www.jiangchuan.gov.cn/anhua", False), ("//anhua.jiangchuan.gov.cn/", False),
     ("//www.anhua-township.cn/", True)],
)  # fmt: skip
def test_a_scheme_relative_address_is_read_as_https(policy: Policy, url: str, found: bool) -> None:
    doc = build(acc("site", url=url))
    assert subjects(policy, doc, "website_on_district_portal") == (["site"] if found else [])
    assert subjects(policy, doc, "website_address_unknown") == []


# --------------------------------------------------------------------------- the law

_OPTIONAL_TEXT = [
    ("accounts", "site", "url"),
    ("accounts", "site", "security_officer"),
    ("accounts", "wx", "managed_by"),
    ("accounts", "wx", "security_officer"),
    ("events", "e-law-post", "source"),
    ("events", "e-law-map", "approval_number"),
]


def _law_doc() -> dict[str, Any]:
    return build(
        ev("e-law-post", kind="post", account="wx", date="2024-03-01", repost=True,
           review={"reviewer": "s1", "on": "2024-03-01"}),
        ev("e-law-map", kind="map_use", account="wx", date="2024-03-01", map_kind="other"),
    )  # fmt: skip


def _findings(policy: Policy, doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.subject, f.message) for f in evaluate(policy, doc).findings)


@settings(max_examples=40, deadline=None)
@given(
    blank=st.text(alphabet=" \t\n\u3000\u00a0\u2003", max_size=4),
    where=st.sampled_from(_OPTIONAL_TEXT),
    names=st.lists(st.text(alphabet=" \u3000", max_size=3), max_size=3),
)
def test_a_blank_value_finds_what_no_value_finds(
    policy: Policy, blank: str, where: tuple[str, str, str], names: list[str]
) -> None:
    """Writing blanks where nothing was written (a text field, names in a list of
    maintainers) never changes a finding."""
    collection, id_, field = where
    absent = _law_doc()
    target = next(r for r in absent[collection] if r["id"] == id_)
    target.pop(field, None)
    padded = copy.deepcopy(absent)
    next(r for r in padded[collection] if r["id"] == id_)[field] = blank
    wx = next(r for r in padded["accounts"] if r["id"] == "wx")
    wx["maintainers"] = [*names, *wx["maintainers"], *names]
    assert _findings(policy, padded) == _findings(policy, absent)


def test_base_has_the_records_the_tests_patch() -> None:
    assert {a["id"] for a in BASE["accounts"]} >= {"site", "wx"}


def test_the_typed_reading_takes_blank_optional_text_and_refuses_a_blank_required_one(
    policy: Policy,
) -> None:
    """Blanks do not send a file to the general reading (a benchmark's data has blank
    sources); a blank required field does, which words the error."""
    reader = FastReader.for_schema(policy.checked.schema)
    assert reader is not None
    doc = _blank_everywhere("\u3000 ")
    assert reader.decode_json(json.dumps(doc, ensure_ascii=False).encode()) is not None
    doc["units"][0]["name"] = " "
    assert reader.decode_json(json.dumps(doc, ensure_ascii=False).encode()) is None
    assert reader.convert("units", doc["units"]) is None
