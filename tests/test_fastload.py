"""The typed reading of JSON and JSON Lines (policyengine.facts.fast) against the usual
reading: the same facts, warnings and messages for every input, and the typed
reading taken for ordinary files."""

from __future__ import annotations

import copy
import datetime
import json
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from factschema import FIELD_NAMES, RECORD_PLACES, anhua_schema, json_values, outcome, valid_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from policyengine.facts import load_facts, parse_iso_date
from policyengine.facts import validate as facts_module
from policyengine.facts.factset import IdIndex
from policyengine.facts.fast import FastReader
from policyengine.policy import load_policy
from policyengine.schema import Collection, Field, RecordType, Schema, StrType, Variant

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

SCHEMA = anhua_schema()
ANHUA = load_policy("anhua").checked.schema


def result(paths: list[Path], schema: Schema, *, strict: bool = False) -> tuple[object, ...]:
    return outcome(lambda: load_facts(paths, schema, strict=strict))


def both_ways(
    paths: list[Path], schema: Schema = SCHEMA, *, strict: bool = False
) -> tuple[tuple[object, ...], bool]:
    """The outcome with the typed reading, after checking it is the usual reading's;
    and whether the typed reading took every file."""
    taken: list[bool] = []
    original = FastReader.decode_json, FastReader.jsonl_document

    def decode_json(self: FastReader, data: bytes) -> Any:
        found = original[0](self, data)
        taken.append(found is not None)
        return found

    def jsonl_document(self: FastReader, path: Path, name: str) -> Any:
        found = original[1](self, path, name)
        taken.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FastReader, "for_schema", classmethod(lambda cls, schema: None))
        usual = result(paths, schema, strict=strict)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FastReader, "decode_json", decode_json)
        patch.setattr(FastReader, "jsonl_document", jsonl_document)
        typed = result(paths, schema, strict=strict)
    assert typed == usual
    return typed, bool(taken) and all(taken)


def _plain(value: object) -> object:
    """Dates as the strings a file holds."""
    return str(value) if isinstance(value, datetime.date) else value


def as_json(tmp_path: Path, data: object, name: str = "facts.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, default=_plain), encoding="utf-8")
    return path


def as_jsonl(tmp_path: Path, data: dict[str, Any], name: str = "facts.jsonl") -> Path:
    lines = []
    for key, value in data.items():
        if key == "as_of":
            lines.append({key: value})
        else:
            lines += [{key: record} for record in value or []]
    path = tmp_path / name
    text = "\n".join(json.dumps(line, ensure_ascii=False, default=_plain) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- same facts


@pytest.mark.parametrize("example", ["compliant.yaml", "breaches.yaml"])
def test_examples_read_the_same_and_typed(tmp_path: Path, example: str) -> None:
    data = yaml.safe_load((ROOT / "examples" / example).read_text(encoding="utf-8"))
    for path in (as_json(tmp_path, data), as_jsonl(tmp_path, data)):
        result, typed = both_ways([path], ANHUA)
        assert result[0] == "ok" and typed, path


def test_generated_facts_read_the_same_and_typed(tmp_path: Path) -> None:
    data = generate(3000, seed=7)
    for path in (as_json(tmp_path, data), as_jsonl(tmp_path, data)):
        result, typed = both_ways([path], ANHUA)
        assert result[0] == "ok" and typed
        assert sum(len(v) for v in result[2].values()) == 3000  # type: ignore[attr-defined]


def test_nulls_and_defaults(tmp_path: Path) -> None:
    """Nulls of optional fields are dropped, defaults filled in (fresh lists), nested
    records keep the schema's field order."""
    data = valid_facts()
    account: Any = data["accounts"][0]  # type: ignore[index]
    account.update(platform_approved=None, superior_exemption=None)
    account["certification"] = {"shows_sponsor": True, "cancelled_on": None, "verified": True}
    filing: Any = data["filings"][0]  # type: ignore[index]
    filing.update(materials=None)
    data["filings"].append(dict(filing, id="f-2"))  # type: ignore[union-attr]
    for path in (as_json(tmp_path, data), as_jsonl(tmp_path, data)):
        assert both_ways([path])[1]
        facts = load_facts([path], SCHEMA)
        (account,) = facts.by_kind["account"]
        assert "platform_approved" not in account and account["superior_exemption"] is False
        assert list(account["certification"]) == ["verified", "shows_sponsor"]
        first, second = facts.by_kind["filing"]
        assert first["materials"] == [] and first["materials"] is not second["materials"]


def test_several_files_and_a_duplicate_id_across_them(tmp_path: Path) -> None:
    data = valid_facts()
    more = {"units": [{"id": "u-2", "name": "二", "kind": "other"}]}
    first, second = as_json(tmp_path, data), as_jsonl(tmp_path, more)
    assert both_ways([first, second])[1]
    more["units"].append({"id": "anhua", "name": "again", "kind": "other"})
    second = as_jsonl(tmp_path, more)
    result, typed = both_ways([first, second])
    assert typed and "E427" in str(result[1])


def test_events_are_indexed_when_first_looked_up(tmp_path: Path) -> None:
    """No reference points into events: their index is built on the first lookup, and
    an id used twice is still found, within a file or across files."""
    data = valid_facts()
    first = as_json(tmp_path, data)
    facts = load_facts([first], SCHEMA)
    index = facts.index["events"]
    assert isinstance(index, IdIndex)
    assert len(index) == len(data["events"]) == len(facts.by_kind["event"])
    assert index["e-1"] is facts.by_kind["event"][0] and index.get("nope") is None
    assert list(index) == [e["id"] for e in data["events"]]
    again = {"events": [dict(data["events"][0], date="2024-01-06")]}
    for second in (as_jsonl(tmp_path, again), as_json(tmp_path, again, "again.json")):
        result, typed = both_ways([first, second])
        assert typed and "E427" in str(result[1])
    twice = copy.deepcopy(data)
    twice["events"].append(dict(data["events"][0]))
    result, typed = both_ways([as_json(tmp_path, twice, "twice.json")])
    assert typed and "E427" in str(result[1])


# --------------------------------------------------------------------------- refusals


def _json_with(text: str) -> str:
    """valid_facts() as JSON with the unit's name given as ``text``."""
    return json.dumps(valid_facts(), ensure_ascii=False).replace(
        '"name": "安化彝族乡人民政府"', f'"name": {text}'
    )


JSON_DOUBTS = {
    "duplicate key": _json_with('"a", "name": "b"'),
    "duplicate key, both the same": _json_with('"a", "name": "a"'),
    "escaped colon and a duplicate": _json_with('"a\\u003a", "id": "x"'),
    "escaped colon": _json_with('"a\\u003ab"'),
    "NaN": _json_with("NaN"),
    "Infinity": _json_with("-Infinity"),
    "1e400": _json_with("1e400"),
    "5000 digits": _json_with("1" * 5000),
    "beyond 64 bits": _json_with("123456789012345678901234567890"),
    "a float": _json_with("1.5"),
    "lone surrogate": _json_with('"\\ud800"'),
    "deep": _json_with("[" * 40 + "]" * 40),
    "not JSON": _json_with("'a'"),
    "top level a list": "[1]",
    "unknown top-level key": '{"acounts": []}',
    "a collection null": '{"units": null, "as_of": null}',
    "as_of wrong": '{"as_of": "2026-13-01"}',
}


@pytest.mark.parametrize("text", JSON_DOUBTS.values(), ids=JSON_DOUBTS.keys())
def test_json_refusals_read_as_usual(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    both_ways([path])


NAME = '"name": "安化彝族乡人民政府"'
KEY_COUNTS = {
    # (text of the valid facts, replaced by, taken by the typed reading)
    "colons in strings": (NAME, '"name": "a:b::c"', True),
    "colons in strings and a duplicate key": (NAME, '"name": "a:b", "name": "c:d"', False),
    "a duplicate key in a nested record": (
        '"verified": true',
        '"verified": true, "verified": true',
        False,
    ),
    "a duplicate key in a nested record of a tagged collection": (
        '"reviewer": "s2"',
        '"reviewer": "s2", "reviewer": "s:3"',
        False,
    ),
    "an unknown field holding an object": (NAME, NAME + ', "note": {"x": [1, {"y": 2}]}', False),
}


@pytest.mark.parametrize("old, new, taken", KEY_COUNTS.values(), ids=KEY_COUNTS.keys())
def test_keys_counted(tmp_path: Path, old: str, new: str, taken: bool) -> None:
    """The keys of the records are counted with ``len`` and, when strings hold colons,
    by encoding the records: a key given twice is refused either way, in JSON and in
    a JSON Lines block of one collection."""
    for path in (as_json(tmp_path, valid_facts()), as_jsonl(tmp_path, valid_facts())):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        assert both_ways([path])[1] is taken
        assert both_ways([path], strict=True)[1] is taken


def test_json_bom(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(valid_facts()).encode())
    assert both_ways([path])[1]


UNIT = '{"units": {"id": "u", "name": "n", "kind": "other"}}'
OTHER = UNIT.replace('"id": "u"', '"id": "v"')
SPLIT = UNIT.replace(": {", ":\n{")  # one value over two lines
JSONL_DOUBTS = {
    "two values on a line": f"{UNIT} {UNIT}\n{UNIT}",
    "a value over two lines": f"{SPLIT}\n{OTHER}",
    "two values and a value over two lines": f"{SPLIT} {OTHER}",
    "blank line": f"{UNIT}\n\n{OTHER}",
    "blank line at the end": f"{UNIT}\n{OTHER}\n\n",
    "CRLF": f"{UNIT}\r\n{OTHER}\r\n",
    "two keys on a line": '{"units": {"id": "u", "name": "n", "kind": "other"}, "as_of": null}',
    "an empty line object": "{}",
    "a null record": '{"units": null}',
    "a duplicate key": UNIT.replace('"id": "u"', '"id": "u", "id": "v"'),
    "as_of disagrees": '{"as_of": "2026-01-01"}\n{"as_of": "2026-01-02"}',
    "as_of agrees": '{"as_of": "2026-01-01"}\n{"as_of": "2026-01-01"}',
    "as_of null": '{"as_of": null}',
    "not an object": "[1]",
    "leading space": f" {UNIT}",
    "unknown field": UNIT.replace('"kind"', '"note": 1, "kind"'),
    "bad date in a block of one collection": f"{UNIT}\n" + UNIT.replace('"units"', '"accounts"'),
}


@pytest.mark.parametrize("text", JSONL_DOUBTS.values(), ids=JSONL_DOUBTS.keys())
def test_jsonl_refusals_read_as_usual(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(text, encoding="utf-8")
    both_ways([path])
    both_ways([path], strict=True)


def _compact(text: str) -> str:
    """JSON Lines written without spaces, as ``{"units":{"id":"u"}}``."""
    return text.replace(": ", ":").replace(", ", ",")


COMPACT = _compact(UNIT)
COMPACT_OTHER = _compact(OTHER)
COMPACT_DOUBTS = {
    "two records on a line": COMPACT[:-1] + COMPACT_OTHER[9:] + "\n" + COMPACT_OTHER,
    "a record over two lines": COMPACT.replace('"name"', '\n"name"') + "\n" + COMPACT_OTHER,
    "a blank line": f"{COMPACT}\n\n{COMPACT_OTHER}",
    "a line of another collection": f"{COMPACT}\n" + COMPACT.replace('"units"', '"accounts"'),
    "a line with a second key": COMPACT[:-1] + ',"as_of":null}\n' + COMPACT_OTHER,
    "a space before the last brace": f"{COMPACT}\n{COMPACT_OTHER[:-1]} }}",
    "a duplicate key": _compact(JSONL_DOUBTS["a duplicate key"]),
}


@pytest.mark.parametrize("text", COMPACT_DOUBTS.values(), ids=COMPACT_DOUBTS.keys())
def test_compact_jsonl_refusals_read_as_usual(tmp_path: Path, text: str) -> None:
    """Lines without spaces are read without a struct around each record; whatever is
    not exactly one record per line is still refused."""
    path = tmp_path / "facts.jsonl"
    path.write_text(text, encoding="utf-8")
    both_ways([path])
    both_ways([path], strict=True)


@pytest.mark.parametrize("text", JSONL_DOUBTS.values(), ids=JSONL_DOUBTS.keys())
def test_compact_jsonl_doubts_read_as_usual(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(_compact(text), encoding="utf-8")
    both_ways([path])


def test_compact_jsonl_is_typed_without_a_struct_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyengine.facts import jsonlines

    monkeypatch.setattr(jsonlines, "_BLOCK", 4096)  # blocks of one collection, and mixed
    data = generate(3000, seed=7)
    path = as_jsonl(tmp_path, data)
    path.write_text(_compact(path.read_text(encoding="utf-8")), encoding="utf-8")
    calls: list[bool] = []
    original = FastReader.compact

    def compact(self: FastReader, region: bytes, coll: Any) -> Any:
        found = original(self, region, coll)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(FastReader, "compact", compact)
    result, typed = both_ways([path], ANHUA)
    assert result[0] == "ok" and typed and any(calls)


def test_jsonl_crlf_and_a_final_line_without_newline_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(f"{UNIT}\r\n{OTHER}", encoding="utf-8")
    assert both_ways([path])[1]


def test_jsonl_long_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyengine.facts import jsonlines

    monkeypatch.setattr(jsonlines, "MAX_JSONL_LINE_BYTES", 60)
    path = tmp_path / "facts.jsonl"
    long = OTHER.replace('"n"', '"' + "n" * 20 + '"')
    path.write_text(f"{UNIT}\n{long}\n", encoding="utf-8")
    result, typed = both_ways([path])
    assert not typed and "E402" in str(result[1])


# --------------------------------------------------------------------------- random input


@settings(max_examples=150, deadline=None)
@given(
    RECORD_PLACES,
    st.sampled_from(FIELD_NAMES),
    json_values,
)
def test_one_random_field_reads_as_usual(
    tmp_path_factory: pytest.TempPathFactory, where: tuple[str, int], name: str, value: object
) -> None:
    tmp_path = tmp_path_factory.mktemp("facts")
    data = valid_facts()
    records: Any = data[where[0]]
    records[where[1]][name] = copy.deepcopy(value)
    for path in (as_json(tmp_path, data), as_jsonl(tmp_path, data)):
        both_ways([path])
        both_ways([path], strict=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-W+T: ", min_size=8, max_size=11) | st.dates().map(str))
def test_typed_dates_are_exactly_the_usual_ones(text: str) -> None:
    decoder = msgspec.json.Decoder(datetime.date)
    try:
        typed: datetime.date | None = decoder.decode(json.dumps(text))
    except msgspec.ValidationError:
        typed = None
    assert typed == parse_iso_date(text)


# --------------------------------------------------------------------------- schemas


def test_a_schema_nesting_too_deep_is_read_as_usual(tmp_path: Path) -> None:
    inner: RecordType = RecordType("r0", (Field("x", StrType()),))
    for depth in range(1, 15):
        inner = RecordType(f"r{depth}", (Field("x", inner, optional=True),))
    deep = Collection("deep", "deep", None, {"deep": Variant("deep", None, inner)})
    schema = Schema({"deep": deep}, {}, {})
    assert FastReader.for_schema(schema) is None
    path = as_json(tmp_path, {"deep": [{"id": "a"}]})
    assert both_ways([path], schema)[0][0] == "ok"


def test_names_from_the_policy_are_only_keys(tmp_path: Path) -> None:
    fields = (Field("id", StrType()), Field("__init__", StrType()), Field("a b:c", StrType()))
    odd = Collection("x:y", "odd", None, {"odd": Variant("odd", None, RecordType("odd", fields))})
    schema = Schema({"x:y": odd}, {}, {})
    assert FastReader.for_schema(schema) is not None
    path = as_json(tmp_path, {"x:y": [{"id": "a", "__init__": "1", "a b:c": "2"}]})
    assert both_ways([path], schema)[1]


def test_records_are_filed_without_the_record_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def record_loop(*args: object) -> None:
        raise AssertionError("the record loop")

    monkeypatch.setattr(facts_module._Builder, "read_collection", record_loop)
    facts = load_facts([as_json(tmp_path, valid_facts())], SCHEMA)
    assert len(facts) == 6 and facts.index["events"]["e-3"] is facts.by_kind["training"][0]
