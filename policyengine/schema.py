"""The fact schema declared in a policy, as the checker, the loader and the test
strategies see it.

A policy declares *collections* (the top-level keys of a fact file: ``units``,
``accounts``, ``filings``, ``events``). Each record of a collection is one fact of a
*kind* (``account``); a tagged collection (``events``) holds several *variants*
(``post``, ``map_use`` ...) told apart by a tag field (``kind``) and sharing one id
space. Every record has a string ``id``.

Takes nothing: the checker builds it from the declarations; gives the types, fields,
kinds and collections the readers, the runtime and the test strategies share, and
the words, in both languages, for what a field of each type holds (the facts guide
and a ledger's instructions read the one table, :func:`type_words`). The
schema is plain data derived from the ``.policy`` file; it never reads facts and
nothing here knows about Anhua.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Union

import attrs

from policyengine.text import Text

# --------------------------------------------------------------------------- types


@attrs.frozen
class StrType:
    def __str__(self) -> str:
        return "str"


@attrs.frozen
class IntType:
    """An integer, possibly with a unit (``days``, ``workdays``, ``count``)."""

    unit: str | None = None
    minimum: int | None = None
    maximum: int | None = None

    def __str__(self) -> str:
        return self.unit or "int"

    def bounds(self) -> tuple[int, int]:
        """The values a fact may give: the declared bounds within the 64-bit range
        (:data:`INT_MIN`..:data:`INT_MAX`); a ``count`` is never negative."""
        low = 0 if self.unit == "count" else INT_MIN
        low = max(low, self.minimum) if self.minimum is not None else low
        high = min(INT_MAX, self.maximum) if self.maximum is not None else INT_MAX
        return low, high


INT_MIN, INT_MAX = -(2**63), 2**63 - 1
"""The range of every integer in facts and parameters (a signed 64-bit integer): larger
ones are refused where they are read, naming the field, so that no arithmetic or message
meets a number of thousands of digits."""


@attrs.frozen
class BoolType:
    def __str__(self) -> str:
        return "bool"


@attrs.frozen
class DateType:
    def __str__(self) -> str:
        return "date"


@attrs.frozen
class EnumType:
    name: str
    members: tuple[str, ...]
    # Labels shown in Chinese messages (``shutdown`` -> 关停) and in English ones
    # (``special_task`` -> special task); not part of the type.
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False, hash=False)
    labels_en: Mapping[str, str] = attrs.field(factory=dict, eq=False, hash=False)

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class ListType:
    element: Type

    def __str__(self) -> str:
        return f"list of {self.element}"


@attrs.frozen
class SetType:
    """A set value in an expression (``{a, b}``, ``required - f.materials``)."""

    element: Type

    def __str__(self) -> str:
        return f"set of {self.element}"


@attrs.frozen
class MapType:
    """A lookup table parameter: ``map of int to days``."""

    key: Type
    value: Type

    def __str__(self) -> str:
        return f"map of {self.key} to {self.value}"


@attrs.frozen
class RecordType:
    """A nested record (``certification``) or the fields of a fact."""

    name: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class RefType:
    """The id of a fact of another kind; navigation follows it (``f.account.status``)."""

    kind: str

    def __str__(self) -> str:
        return f"ref {self.kind}"


@attrs.frozen
class FactType:
    """A fact of a kind or variant bound by a rule (``for f in filing``)."""

    kind: str

    def __str__(self) -> str:
        return self.kind


@attrs.frozen
class NullType:
    def __str__(self) -> str:
        return "null"


Type = Union[  # noqa: UP007 - attrs needs a runtime alias for the recursive types
    StrType,
    IntType,
    BoolType,
    DateType,
    EnumType,
    ListType,
    SetType,
    MapType,
    RecordType,
    RefType,
    FactType,
    NullType,
]

# --------------------------------------------------------------------------- words

_TYPE_WORDS: Mapping[type, Text] = {
    StrType: Text("文本", "text"),
    BoolType: Text("是/否", "`true` / `false`"),
    DateType: Text("日期", "date"),
    RecordType: Text("记录（字段见下）", "record (fields below)"),
}


def _one_of(t: EnumType) -> Text:
    return Text(f"`{t.name}` 中的一个值", f"one of `{t.name}`")


def type_words(t: Type, enum: Callable[[EnumType], Text] = _one_of) -> Text:
    """What a fact field of type ``t`` holds, in words for the person who fills it in:
    the one table behind ``docs/facts.md`` (English) and a ledger's instructions sheet
    (Chinese). ``enum``: how an enum is named where it is shown (a link to its values
    in the guide, a drop-down list in a ledger)."""
    words = _TYPE_WORDS.get(type(t))
    if words is not None:
        return words
    if isinstance(t, IntType):
        low, high = t.minimum, t.maximum
        if low is not None and high is not None:
            return Text(f"整数 {low}–{high}", f"integer {low}–{high}")
        if low is not None:
            return Text(f"整数 ≥ {low}", f"integer ≥ {low}")
        if high is not None:
            return Text(f"整数 ≤ {high}", f"integer ≤ {high}")
        return Text("整数", "integer")
    if isinstance(t, RefType):
        return Text("编号", f"`{t.kind}` id")
    if isinstance(t, EnumType):
        return enum(t)
    if isinstance(t, ListType):
        element = type_words(t.element, enum)
        return Text(f"多个{element.zh}", f"list of {element.en}")
    # INVARIANT: the checker gives fact fields no other type (sets, maps, facts, null).
    raise ValueError(f"a fact field of type {t} has no words")


# --------------------------------------------------------------------------- facts


@attrs.frozen
class Field:
    name: str
    type: Type
    optional: bool = False
    default: object = None  # used when an optional field is missing or null
    doc: str | None = None
    # What people call it (``开办日期``): a ledger's column header; not part of the type.
    label: str | None = attrs.field(default=None, eq=False, hash=False)


@attrs.frozen
class Variant:
    """One kind of fact in a collection (``post`` in ``events``)."""

    name: str  # the kind name used in rules: ``account``, ``post``
    tag: str | None  # the tag value in the data (``post``), None for untagged collections
    record: RecordType  # all fields: the collection's common ones, then the variant's own
    label: str | None = None  # what people call it (``账号``): a ledger's sheet name

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.record.fields


@attrs.frozen
class Collection:
    """A top-level key of a fact file."""

    name: str  # ``events``
    subject: str  # the ``subject_kind`` of findings about its facts: ``event``
    tag_field: str | None  # ``kind`` for tagged collections
    variants: Mapping[str, Variant]  # by kind name; one entry for an untagged collection
    dated_by: str | None = None  # the field holding the date of the act (第三十五条)

    def variant_for_tag(self, tag: str) -> Variant | None:
        for v in self.variants.values():
            if v.tag == tag:
                return v
        return None


@attrs.frozen
class Schema:
    collections: Mapping[str, Collection]  # by collection name, in declaration order
    enums: Mapping[str, EnumType]
    records: Mapping[str, RecordType]  # named nested record types

    def kind(self, name: str) -> tuple[Collection, Variant] | None:
        """The collection and variant of a kind name (``post`` -> events, post)."""
        for coll in self.collections.values():
            if name in coll.variants:
                return coll, coll.variants[name]
        return None

    def collection_of_subject(self, subject: str) -> Collection | None:
        for coll in self.collections.values():
            if coll.subject == subject:
                return coll
        return None

    def kinds(self) -> list[str]:
        return [v for coll in self.collections.values() for v in coll.variants]


# Values in the engine's representation of facts (see policyengine.facts):
#   str, int, bool, datetime.date, list, dict (nested records), None.
Value = str | int | bool | datetime.date | list[object] | dict[str, object] | None
