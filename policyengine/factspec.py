"""A policy's fact schema published for the people and systems that write facts:
a JSON Schema (2020-12) of a facts file, and the facts guide (``docs/facts.md``).

Takes a checked policy (its :class:`~policyengine.schema.Schema` and its rules);
gives plain data (the JSON Schema as a ``dict``) and Markdown text. It must never
say more than the loader enforces about a single file, nor less: a file the
schema accepts is one the loader accepts with ``--strict``, except for what a
schema cannot see (references between records, ids used twice, a number written
``1200.0``), which the guide names.

Both are derived from the ``.policy`` file alone, so a policy from another office
gets its own schema and guide; nothing here knows about Anhua.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from policyengine.checker import CheckedPolicy
from policyengine.schema import (
    BoolType,
    Collection,
    DateType,
    EnumType,
    FactType,
    Field,
    IntType,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Type,
    Variant,
    type_words,
)
from policyengine.syntax import ast
from policyengine.text import Text
from policyengine.yaml12 import dump

__all__ = ["DATE_PATTERN", "facts_guide", "field_articles", "json_schema"]

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""What the loader takes as a date (``date.fromisoformat`` alone also takes ``20240925``)."""


def _whitespace_class() -> str:
    """A regular-expression class of exactly the characters ``str.isspace`` takes, the
    loader's blank (:func:`policyengine.facts.typed.blank`), written out: ``\\s``
    differs between Python and the ECMA-262 expressions JSON Schema tools use (U+FEFF,
    U+001C–U+001F, U+0085)."""
    spaces = [c for c in range(0x3001) if chr(c).isspace()]
    runs: list[tuple[int, int]] = []
    for c in spaces:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs)


_WHITESPACE = _whitespace_class()
NOT_BLANK = f"[^{_WHITESPACE}]"
"""Required text holds a character that is not whitespace: blank text is no value."""
BLANK = f"^[{_WHITESPACE}]*$"
"""Blank text (empty, or whitespace alone), which the loader reads as no value."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# --------------------------------------------------------------------------- JSON Schema


def json_schema(schema: Schema, *, title: str | None = None) -> dict[str, Any]:
    """The JSON Schema of a facts file (JSON or YAML) of this schema.

    Every record is closed (``additionalProperties: false``): the schema is what
    ``--strict`` accepts, so an editor flags a misspelt field the loader would only
    warn about. Optional fields may be null or blank text, whatever their type (the
    loader reads either as no value); required ones may be neither, and a list's blank
    items are no items. Named enums and
    every kind are ``$defs`` (``#/$defs/account``), for systems that check one record.
    """
    defs: dict[str, Any] = {}
    for name, enum in schema.enums.items():
        defs[name] = _enum(enum)
    properties: dict[str, Any] = {"as_of": _optional(_date("the day the check is made"))}
    for coll in schema.collections.values():
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                continue
            defs[kind] = _record(variant.record, schema, _tag(coll, variant))
        if coll.tag_field is not None:
            defs[coll.subject] = _tagged(coll)
            element = coll.subject
        else:
            element = next(iter(coll.variants))
        properties[coll.name] = _nullable(
            {"type": "array", "items": {"$ref": f"#/$defs/{element}"}}
        )
    document: dict[str, Any] = {"$schema": _DIALECT}
    if title is not None:
        document["title"] = title
    document |= {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": defs,
    }
    return document


def _tag(coll: Collection, variant: Variant) -> tuple[str, str] | None:
    if coll.tag_field is None or variant.tag is None:
        return None
    return coll.tag_field, variant.tag


def _tagged(coll: Collection) -> dict[str, Any]:
    """A record of a tagged collection: its tag picks the variant it must match."""
    assert coll.tag_field is not None
    tags = [v.tag for v in coll.variants.values() if v.tag is not None]
    return {
        "type": "object",
        "required": ["id", coll.tag_field],
        "properties": {"id": {"type": "string"}, coll.tag_field: {"enum": tags}},
        "allOf": [
            {
                "if": {
                    "required": [coll.tag_field],
                    "properties": {coll.tag_field: {"const": v.tag}},
                },
                "then": {"$ref": f"#/$defs/{kind}"},
            }
            for kind, v in coll.variants.items()
            if v.tag is not None
        ],
    }


def _record(
    record: RecordType, schema: Schema, tag: tuple[str, str] | None = None
) -> dict[str, Any]:
    fields = list(record.fields)
    if record.name in schema.kinds() and all(f.name != "id" for f in fields):
        fields.insert(0, Field("id", StrType()))
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in fields:
        if tag is not None and f.name == tag[0]:
            properties[f.name] = {"const": tag[1]}
            required.append(f.name)
            continue
        value = _type(f.type, schema)
        optional = f.optional or f.default is not None
        if not optional and isinstance(f.type, StrType | RefType):
            value["pattern"] = NOT_BLANK  # blank text is no value: a required one is an error
        if f.doc:
            value = {"description": f.doc, **value}
        if f.label:
            value = {"title": f.label, **value}
        if optional:
            value = _optional(value)
        else:
            required.append(f.name)
        properties[f.name] = value
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _type(t: Type, schema: Schema) -> dict[str, Any]:
    if isinstance(t, StrType):
        return {"type": "string"}
    if isinstance(t, RefType):
        return {"type": "string", "description": f"the id of a {t.kind}"}
    if isinstance(t, IntType):
        out: dict[str, Any] = {"type": "integer"}
        if t.minimum is not None:
            out["minimum"] = t.minimum
        if t.maximum is not None:
            out["maximum"] = t.maximum
        return out
    if isinstance(t, BoolType):
        return {"type": "boolean"}
    if isinstance(t, DateType):
        return _date()
    if isinstance(t, EnumType):
        if schema.enums.get(t.name) == t:
            return {"$ref": f"#/$defs/{t.name}"}
        return _enum(t)
    if isinstance(t, ListType):
        item = _type(t.element, schema)
        if not isinstance(t.element, StrType | RefType):  # a blank item is no item
            item = {"anyOf": [item, {"type": "string", "pattern": BLANK}]}
        return {"type": "array", "items": item}
    if isinstance(t, RecordType):
        return _record(t, schema)
    raise ValueError(f"a fact field cannot have the type {t}")


def _enum(t: EnumType) -> dict[str, Any]:
    out: dict[str, Any] = {"enum": list(t.members)}
    if t.labels:
        out["description"] = "; ".join(f"{m}: {t.labels[m]}" for m in t.members if m in t.labels)
    return out


def _date(description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if description is not None:
        out["description"] = description
    return out


def _nullable(value: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [value, {"type": "null"}]}


def _optional(value: dict[str, Any]) -> dict[str, Any]:
    """An optional field: its value, or no value (null, or blank text whatever the
    field's type, as the loader reads an empty cell: ``closed_on: ""`` is no date)."""
    no_value = {"type": ["null", "string"], "pattern": BLANK}
    return {"anyOf": [value, no_value]}


# --------------------------------------------------------------------------- who reads a field


def field_articles(checked: CheckedPolicy) -> dict[tuple[str, str], tuple[str, ...]]:
    """Per (record name, field name) — ``("account", "opened_on")``,
    ``("account.certification", "verified")`` — the articles of the rules whose
    decision reads that field (its items, ``where``, ``let``, ``when``; not the message), in
    article order."""
    schema = checked.schema
    found: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for rule in checked.rules:
        cited = {(c.number, c.label) for c in rule.cites}
        for expr in _attrs_in((rule.each, rule.where, rule.dated, rule.lets, rule.when)):
            record = _record_of(checked.types.get(id(expr.obj)), schema)
            if record is not None:
                found.setdefault((record, expr.name), set()).update(cited)
    return {key: tuple(label for _, label in sorted(value)) for key, value in found.items()}


def _attrs_in(node: object) -> Iterator[ast.Attr]:
    """Every field access in a rule, without recursion (an expression may be deep)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Attr):
            yield item
        if isinstance(item, tuple | list):
            stack.extend(item)
        elif attrs.has(type(item)):
            stack.extend(getattr(item, a.name) for a in attrs.fields(type(item)))  # type: ignore[arg-type]


def _record_of(t: object, schema: Schema) -> str | None:
    if isinstance(t, FactType | RefType):
        found = schema.kind(t.kind)
        if found is not None:
            return found[1].record.name
        coll = schema.collection_of_subject(t.kind)
        return coll.subject if coll is not None else None
    if isinstance(t, RecordType):
        return t.name
    return None


# --------------------------------------------------------------------------- the guide


def facts_guide(
    checked: CheckedPolicy, examples: Mapping[str, Mapping[str, object]], *, command: str
) -> str:
    """The facts guide in Markdown: every kind with its fields (type, whether it is
    required, what it means, which articles read it) and an example record, then the
    enums with their labels. ``examples``: a record per kind name, as a facts file
    would hold it; ``command`` is how a reader gets the JSON Schema."""
    schema = checked.schema
    articles = field_articles(checked)
    out = [
        f"# Facts for the `{checked.name}` policy",
        "",
        f"Generated from the policy's own declarations ({checked.title}"
        + (f", {checked.document}" if checked.document else "")
        + "); do not edit by hand.",
        "",
        *_INTRO,
        "",
        f"The JSON Schema of a facts file: `{command}`. It reads blank text as the "
        "loader does: an optional field may be blank whatever its type, a list's item "
        "may be blank, a required field may not.",
        "",
        "## Top-level keys",
        "",
        "| key | holds |",
        "|---|---|",
        "| `as_of` | the day the check is made (`--as-of` overrides it); optional |",
    ]
    for coll in schema.collections.values():
        kinds = _listed(coll)
        out.append(f"| `{coll.name}` | a list of {kinds} |")
    for coll in schema.collections.values():
        out += ["", f"## `{coll.name}`", ""]
        if coll.dated_by:
            out += [
                f"A record's date, for which acts the policy judges, is `{coll.dated_by}`.",
                "",
            ]
        if coll.tag_field is not None:
            tags = ", ".join(f"`{v.tag}`" for v in coll.variants.values() if v.tag is not None)
            out += [
                f"Each record is one kind of {coll.subject}, named by its `{coll.tag_field}` "
                f"({tags}); all share one id space.",
                "",
            ]
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                continue
            out += _kind_section(kind, variant, coll, articles, examples.get(kind))
    out += ["", "## Enums", ""]
    for name, enum in schema.enums.items():
        out += _enum_section(f"`{name}`", enum)
    inline = sorted({e.name: e for e in _inline_enums(schema)}.items(), key=lambda item: item[0])
    for name, enum in inline:
        out += _enum_section(f"`{name}`", enum)
    return "\n".join(out).rstrip("\n") + "\n"


_INTRO = (
    "A facts file is YAML (`.yaml`, `.yml`), JSON (`.json`) or JSON Lines (`.jsonl`); "
    "several files, or a folder of them, are merged by kind. Every key below is optional. "
    "Each record has an `id`, a string unique within its kind. Dates are written "
    "`YYYY-MM-DD`. A field marked *optional* may be left out or written `null`; every "
    "other field is required. A field the policy does not declare is reported as a "
    "warning and ignored (an error with `--strict`).",
    "",
    "Blank text — empty, or nothing but spaces, tabs, line breaks or full-width spaces "
    '(`""`, `"   "`, `"　"`) — is no value wherever a value is expected, as an empty cell '
    'is none. An optional field that is blank is read as left out (`url: ""` is no '
    'address, `security_officer: " "` no officer, `closed_on: ""` no date); a blank item '
    'of a list is no item (`maintainers: ["", " "]` names nobody); a required field that '
    "is blank (an `id`, a `name`, `opened_on`) is an error (E421). Text that is not blank "
    "is kept as written, spaces around it included, so that an id is never changed; a "
    "ledger's cells are read without the spaces around them.",
    "",
    "YAML is read as YAML 1.2 reads it: a key is the text written (`on:` is the key `on`), "
    "and a plain value is what its field's type says — `id: 001` is the text `001`, "
    "`opened_on: 2024-01-05` a date whether quoted or not, `mlps_level: 2` a number. "
    "Only `true` and `false` are booleans (`yes`, `no`, `on`, `off` are text), and only "
    "`null`, `~` or nothing is null. A quoted value is always text. Tags (`!!int`) and "
    "aliases (`*a`) are not accepted.",
    "",
    "JSON Lines holds one record per line, as an object with one key, the collection: "
    '`{"filings": {"id": "f-1", ...}}`; a line `{"as_of": "2026-11-25"}` gives the date.',
    "",
    "A facts path `-` reads standard input (`cat facts.yaml | policyengine eval anhua -`), "
    "bounded like a file of its format; `--input-format json|jsonl|yaml` says which format "
    "it is, else it is told from its first bytes (JSON Lines when the first line is a whole "
    "one-record object, JSON when it begins with `{` or `[`, else YAML). A pipe given as a "
    "path without a fact file's suffix (a shell's `<(…)`) is read the same way when "
    "`--input-format` says what it holds; a named pipe called `….jsonl` is read once, line "
    "by line.",
    "",
    "The messages for a wrong file, with their codes, are in `docs/errors-facts.md`.",
)


def _listed(coll: Collection) -> str:
    kinds = [k for k, v in coll.variants.items() if coll.tag_field is None or v.tag is not None]
    return ", ".join(f"`{k}`" for k in kinds) + " records"


def _kind_section(
    kind: str,
    variant: Variant,
    coll: Collection,
    articles: Mapping[tuple[str, str], tuple[str, ...]],
    example: Mapping[str, object] | None,
) -> list[str]:
    heading = f"### `{kind}`" + (f" {variant.label}" if variant.label else "")
    if variant.tag is not None:
        heading += f" (`{coll.tag_field}: {variant.tag}`)"
    out = [
        heading,
        "",
        "| field | 中文 | type | | meaning | read by |",
        "|---|---|---|---|---|---|",
    ]
    fields = list(variant.fields)
    if all(f.name != "id" for f in fields):
        fields.insert(0, Field("id", StrType()))
    for name, f in _flat(fields, ""):
        if coll.tag_field is not None and name == coll.tag_field:
            out.append(
                f"| `{name}` | {f.label or ''} | `{variant.tag}` | required "
                f"| the kind of {coll.subject} | |"
            )
            continue
        else:
            meaning = f.doc or ""
            need = "optional" if f.optional or f.default is not None else "required"
            if f.default is not None and f.default != []:
                need += f", default `{_scalar(f.default)}`"
        owner, _, leaf = name.rpartition(".")
        record = f"{variant.record.name}.{owner}" if owner else variant.record.name
        read = articles.get((record, leaf)) or articles.get((coll.subject, leaf)) or ()
        out.append(
            f"| `{name}` | {f.label or ''} | {_type_words(f.type)} | {need} | {meaning} "
            f"| {'、'.join(read)} |"
        )
    if example is not None:
        ordered = {f.name: example[f.name] for f in fields if f.name in example}
        text = dump({coll.name: [_written(ordered)]})
        out += ["", "```yaml", text.rstrip("\n"), "```"]
    out.append("")
    return out


def _flat(fields: Sequence[Field], prefix: str) -> Iterator[tuple[str, Field]]:
    """Fields with those of nested records after them (``certification.verified``)."""
    for f in fields:
        yield prefix + f.name, f
        t: Type = f.type
        while isinstance(t, ListType):
            t = t.element
        if isinstance(t, RecordType):
            yield from _flat(t.fields, f"{prefix}{f.name}.")


def _type_words(t: Type) -> str:
    """The field's type in the guide's words, an enum linked to its values below."""
    return type_words(t, lambda e: Text.same(f"[`{e.name}`](#{_anchor(e.name)})")).en


def _anchor(name: str) -> str:
    """The anchor of an enum's heading in the guide."""
    return "enum-" + name.replace(".", "-")


def _enum_section(title: str, t: EnumType) -> list[str]:
    out = [f'### <a id="{_anchor(t.name)}"></a>{title}', "", "| value | 中文 |", "|---|---|"]
    out += [f"| `{m}` | {t.labels.get(m, '')} |" for m in t.members]
    out.append("")
    return out


def _inline_enums(schema: Schema) -> Iterator[EnumType]:
    named = set(schema.enums.values())

    def walk(t: Type) -> Iterator[EnumType]:
        if isinstance(t, EnumType) and t not in named:
            yield t
        elif isinstance(t, ListType):
            yield from walk(t.element)
        elif isinstance(t, RecordType):
            for f in t.fields:
                yield from walk(f.type)

    for coll in schema.collections.values():
        for variant in coll.variants.values():
            if coll.tag_field is not None and variant.tag is None:
                continue
            for f in variant.fields:
                if f.name != coll.tag_field:
                    yield from walk(f.type)


def _written(value: object) -> object:
    """A record in the engine's representation as a facts file writes it."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_written(v) for v in value]
    return value


def _scalar(value: object) -> str:
    if value is True or value is False:
        return str(value).lower()
    return str(value)
