"""Raw documents + the policy's schema -> a validated :class:`FactSet` (the public names
are re-exported by :mod:`policyengine.facts`).

The record representation is what the evaluator reads, and it is kept plain for
speed (a million records must load in seconds): one ``dict`` per record, with

* ``str``, ``int`` and ``bool`` values as they are, dates as ``datetime.date``,
  enum values as the member string, references as the referenced ``id`` string,
  lists as ``list`` and nested records as ``dict`` (validated the same way);
* ``id`` always present, and in a tagged collection the tag field (``kind``) too;
* an optional field that is missing or null left out (read it with ``.get``),
  unless the schema gives it a default, which is then filled in (a fresh copy for
  lists);
* undeclared fields dropped (after a warning, or an error with ``strict``).

Per-record work is done by converter closures compiled once per schema; nothing
allocates an object per record beyond the output ``dict``. Where a record came from
is kept in a side table as one packed integer per record (see
:meth:`FactSet.origin`), and messages are only built for the records that fail.

Every problem in every file is collected and raised as one
:class:`~policyengine.errors.FactError` (codes E4xx, ``docs/errors-facts.md``).
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import call, itemgetter
from pathlib import Path
from typing import Any, cast

import attrs

from policyengine.collector import collector_paused
from policyengine.diagnostics import Diagnostic, Level, Text
from policyengine.errors import FactError
from policyengine.facts.fast import FastReader
from policyengine.facts.read import (
    AS_OF,
    QUOTE_HELP,
    RawDocument,
    YamlBool,
    YamlInt,
    YamlScalar,
    describe,
    document_from_mapping,
    read_documents_collecting,
    show,
)
from policyengine.schema import (
    INT_MAX,
    INT_MIN,
    BoolType,
    Collection,
    DateType,
    EnumType,
    Field,
    IntType,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Type,
)

MAX_DIAGNOSTICS = 1000
"""Problems kept in one FactError; beyond this only a count (bounded memory on huge bad input)."""
_SUGGEST_REFS = 20  # fuzzy-matching a missing id against a large index is slow: only this many
_SUGGEST_AMONG = 10_000  # ... and only among this many ids

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ Tt][0-9]")
_POSITION_BITS = 32  # origin = document index << 32 | position in the file's list


def _unpack(documents: Sequence[RawDocument], collection: str, packed: int) -> str:
    """The place (``file:line: accounts[3]``) of a packed origin."""
    position = packed & ((1 << _POSITION_BITS) - 1)
    return documents[packed >> _POSITION_BITS].where(collection, position)


def parse_iso_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` exactly, or None.

    ``date.fromisoformat`` alone also takes ``20240925`` and ``2024-W39-3``.
    """
    if not _DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- the fact set


@attrs.define(eq=False)
class FactSet:
    """Validated facts, merged over all files.

    ``by_kind`` has a (possibly empty) list for every kind of the schema, records in
    input order (files in the order given, records in file order); when a tagged
    collection's subject is a kind (``event``), its list holds every record of the
    collection. ``index`` has a mapping for every collection, by id (all variants of a
    tagged collection share it); for a collection no reference points into, it is
    built when first looked up (:class:`_IdIndex`).
    """

    schema: Schema
    by_kind: dict[str, list[dict[str, object]]]
    index: dict[str, Mapping[str, dict[str, object]]]
    as_of: datetime.date | None = None
    warnings: list[Diagnostic] = attrs.Factory(list)
    _origins: _Origins = attrs.field(factory=lambda: _Origins(), repr=False)
    _documents: list[RawDocument] = attrs.field(factory=list, repr=False)

    def origin(self, collection: str, id: str) -> str:
        """Where a fact was read: ``examples/x.yaml:12: accounts[3]``.

        Facts not read from a document (a FactSet built by hand) are named by
        collection and id.
        """
        packed = self._origins.get(collection, id)
        if packed is None:
            return f"{collection} `{id}`"
        return _unpack(self._documents, collection, packed)

    def place(self, collection: str, id: str) -> tuple[str, int | None] | None:
        """The file a fact was read from and its record's line (None when the format
        gives no lines, as plain JSON); None for a fact not read from a file."""
        packed = self._origins.get(collection, id)
        if packed is None:
            return None
        document = self._documents[packed >> _POSITION_BITS]
        lines = document.lines.get(collection)
        position = packed & ((1 << _POSITION_BITS) - 1)
        line = lines[position] if lines is not None and position < len(lines) else None
        return document.source, line

    @property
    def sources(self) -> tuple[str, ...]:
        """The files (or names) the facts were read from, in order, each once."""
        return tuple(dict.fromkeys(d.source for d in self._documents))

    def __len__(self) -> int:
        """The number of facts (a tagged collection's records are listed twice in
        ``by_kind``, under their variant and under the collection's subject)."""
        return sum(len(by_id) for by_id in self.index.values())


class _IdIndex(Mapping[str, dict[str, object]]):
    """A collection's facts by id, built when first looked up.

    A dict of a million ids costs a quarter of a second; for a collection that no
    reference points into (the events), nothing needs it while loading or evaluating,
    and ids used twice are found with a set, in less than half the time."""

    __slots__ = ("_built", "_parts", "_size")

    def __init__(self, parts: list[tuple[list[str], list[dict[str, object]]]], size: int) -> None:
        self._parts = parts
        self._size = size
        self._built: dict[str, dict[str, object]] | None = None

    def _dict(self) -> dict[str, dict[str, object]]:
        if self._built is None:
            built: dict[str, dict[str, object]] = {}
            for ids, records in self._parts:
                built.update(zip(ids, records, strict=True))
            self._built, self._parts = built, []
        return self._built

    def __getitem__(self, rid: str) -> dict[str, object]:
        return self._dict()[rid]

    def get(self, rid: str, default: Any = None) -> Any:
        return self._dict().get(rid, default)

    def __contains__(self, rid: object) -> bool:
        return rid in self._dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return self._size


class _Origins:
    """Where each record was read, found only when asked (by messages and
    :meth:`FactSet.origin`), so that loading keeps nothing per record for it.

    Per collection, the record lists of the documents in order; the origin of an id is
    the first (document, position) of a record (a mapping) with that ``id``, valid or
    not. The lists are scanned once, as far as the questions need.
    """

    def __init__(self) -> None:
        self.lists: dict[str, list[tuple[int, Sequence[object]]]] = {}
        self.found: dict[str, dict[str, int]] = {}
        self.cursor: dict[str, tuple[int, int]] = {}

    def add(self, collection: str, number: int, records: Sequence[object]) -> None:
        self.lists.setdefault(collection, []).append((number, records))

    def get(self, collection: str, rid: str) -> int | None:
        """``document number << 32 | position`` of the first record with this id."""
        found = self.found.setdefault(collection, {})
        packed = found.get(rid)
        if packed is not None:
            return packed
        lists = self.lists.get(collection, [])
        i, position = self.cursor.get(collection, (0, 0))
        try:
            while i < len(lists):
                number, records = lists[i]
                while position < len(records):
                    record = records[position]
                    other = record.get("id") if isinstance(record, Mapping) else None
                    position += 1
                    if isinstance(other, str) and other not in found:
                        found[other] = number << _POSITION_BITS | (position - 1)
                        if other == rid:
                            return found[other]
                i, position = i + 1, 0
            return None
        finally:
            self.cursor[collection] = (i, position)


def load_facts(
    paths: Sequence[str | Path],
    schema: Schema,
    *,
    strict: bool = False,
    stdin_format: str | None = None,
) -> FactSet:
    """Read fact files and folders, validate them against ``schema`` and merge them.
    A path ``-`` reads standard input, of ``stdin_format`` (``json``, ``jsonl`` or
    ``yaml``; else told from its first bytes).

    Unreadable files and bad records are reported together in one FactError.
    """
    with collector_paused():
        typed = FastReader.for_schema(schema)
        documents, problems = read_documents_collecting(paths, typed, stdin_format=stdin_format)
        return _Builder(schema, strict, problems, own=True).build(documents)


def facts_from_documents(
    docs: Sequence[RawDocument], schema: Schema, *, strict: bool = False
) -> FactSet:
    """Validate and merge documents already read (:func:`~policyengine.facts.read.read_documents`),
    for callers that read once and validate against several schemas."""
    with collector_paused():
        return _Builder(schema, strict, []).build(docs)


def facts_from_mapping(
    data: Mapping[str, object],
    schema: Schema,
    *,
    source_name: str = "<facts>",
    strict: bool = False,
) -> FactSet:
    """Validate facts a library caller built in memory (same shape as a file).

    Dates may be given as ``datetime.date`` or as ``YYYY-MM-DD`` strings.
    """
    return facts_from_documents([document_from_mapping(data, source_name)], schema, strict=strict)


# --------------------------------------------------------------------------- problems


class _Bad(Exception):
    """A value failed its converter; carries every problem found in it."""

    def __init__(self, problems: list[_Problem]) -> None:
        super().__init__()
        self.problems = problems
        self.kind: str | None = None  # the record's kind, set once it is known


@attrs.frozen
class _Problem:
    code: str
    path: str  # dotted field path; "" for the record itself
    message: Text  # "expected a string, got ..." (after "field `x`: ") or a whole sentence
    help: Text | None = None
    about_field: bool = True  # False: message names the field itself ("missing field `x`")


def _wrong(path: str, value: object, expected: Text, help: Text | None = None) -> _Bad:
    got = describe(value)
    return _Bad(
        [
            _Problem(
                "E422",
                path,
                Text(f"应为{expected.zh}，实为{got.zh}", f"expected {expected.en}, got {got.en}"),
                help,
            )
        ]
    )


def _scalar_not_text(value: object) -> bool:
    """Values that text must be quoted to be (in JSON, or from a library caller)."""
    return isinstance(value, bool | int | float | datetime.date)


def _suggest(word: str, choices: Sequence[str]) -> Text | None:
    close = difflib.get_close_matches(word, choices, n=1)
    if not close:
        return None
    return Text(f"是否想写 `{close[0]}`？", f"did you mean `{close[0]}`?")


def _date_problem(text: str, shown: str) -> Text:
    """Why ``text`` (shown as ``shown``) is not a date; for a well-formed but
    impossible one, say exactly why, since "2024-02-30" looks right at a glance."""
    if not _DATE.fullmatch(text):
        return Text(
            f"{shown} 不是 YYYY-MM-DD 格式的日期", f"{shown} is not a date in the form YYYY-MM-DD"
        )
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    if year == 0:
        reason = Text("没有公元 0 年", "there is no year 0")
    elif not 1 <= month <= 12:
        reason = Text(f"没有 {month} 月", f"there is no month {month}")
    elif day == 0:
        reason = Text("没有 0 日", "there is no day 0")
    else:
        days = calendar.monthrange(year, month)[1]
        reason = Text(
            f"{year} 年 {month} 月只有 {days} 天", f"{year}-{month:02d} has only {days} days"
        )
    return Text(f"{shown} 不是存在的日期：{reason.zh}", f"{shown} is not a valid date: {reason.en}")


# --------------------------------------------------------------------------- converters

Conv = Callable[[object, str], object]
"""Converts one raw value (at a dotted field path) to the record representation or raises _Bad."""
RecordConv = Callable[[object, str], dict[str, object]]

_EXPECT_STR = Text("字符串", "a string")
_EXPECT_INT = Text("整数", "an integer")
_EXPECT_BOOL = Text("true 或 false", "true or false")
_EXPECT_DATE = Text("YYYY-MM-DD 格式的日期", "a date YYYY-MM-DD")
_EXPECT_LIST = Text("列表", "a list")
_UNQUOTE_BOOL = Text("请写不带引号的 true 或 false", "write true or false without quotes")
_ONLY_TRUE_FALSE = Text("只有 true 和 false 是布尔值", "only true and false are booleans")
_UNQUOTE_INT = Text("请写不带引号的数字", "write the number without quotes")
_NO_TIME = Text("只写日期，不要时间", "leave out the time of day")


def _text_conv(expected: Text) -> Conv:
    def conv(value: object, path: str) -> object:
        if type(value) is str:
            return value
        if isinstance(value, str):
            return str(value)
        raise _wrong(path, value, expected, QUOTE_HELP if _scalar_not_text(value) else None)

    return conv


def _int_conv(t: IntType) -> Conv:
    low, high = t.bounds()
    if high == INT_MAX and low == 0:
        bounds = Text(
            "非负整数（至多 2^63−1）", "a whole number that is not negative (at most 2^63−1)"
        )
    elif high == INT_MAX and low == INT_MIN:
        bounds = Text("64 位整数（−2^63 到 2^63−1）", "a 64-bit integer (−2^63 to 2^63−1)")
    elif high == INT_MAX:
        bounds = Text(f"不小于 {low} 的整数", f"an integer of at least {low}")
    elif low == INT_MIN:
        bounds = Text(f"不大于 {high} 的整数", f"an integer of at most {high}")
    else:
        bounds = Text(f"介于 {low} 到 {high} 之间的整数", f"an integer from {low} to {high}")

    def conv(value: object, path: str) -> object:
        number = _plain_int(value, path)
        if number < low or number > high:
            raise _Bad(
                [
                    _Problem(
                        "E425",
                        path,
                        Text(
                            f"{show(number)} 超出范围，应为{bounds.zh}",
                            f"{show(number)} is out of range: expected {bounds.en}",
                        ),
                    )
                ]
            )
        return number

    return conv


def _bool_conv(value: object, path: str) -> object:
    if value is True or value is False:
        return value
    if isinstance(value, YamlBool):
        return value.value()
    word = value.strip().lower() if isinstance(value, str) else ""
    if word in ("true", "false"):
        raise _wrong(path, value, _EXPECT_BOOL, _UNQUOTE_BOOL)
    # YAML 1.1 took these for booleans; YAML 1.2 and JSON do not.
    yes_no = word in ("yes", "no", "y", "n", "on", "off")
    raise _wrong(path, value, _EXPECT_BOOL, _ONLY_TRUE_FALSE if yes_no else None)


def _date_conv(cache: dict[str, datetime.date]) -> Conv:
    """Dates; the same few hundred date strings recur in large inputs, so cache them."""

    def conv(value: object, path: str) -> object:
        if type(value) is str:
            date = cache.get(value)
            if date is None:
                date = parse_iso_date(value)
                if date is None:
                    timed = _DATE_TIME.match(value) is not None
                    problem = _Problem(
                        "E424", path, _date_problem(value, show(value)), _NO_TIME if timed else None
                    )
                    raise _Bad([problem])
                if len(cache) < _DATE_CACHE:
                    cache[value] = date
            return date
        if type(value) is datetime.date:
            return value
        if isinstance(value, str):
            return conv(str(value), path)
        if isinstance(value, datetime.datetime):
            raise _wrong(path, value, _EXPECT_DATE, _NO_TIME)
        if isinstance(value, datetime.date):
            return value
        raise _wrong(path, value, _EXPECT_DATE)

    return conv


def _enum_conv(t: EnumType) -> Conv:
    members = frozenset(t.members)
    listed = Text("、".join(t.members), ", ".join(t.members))
    expected = Text(f"以下之一：{listed.zh}", f"one of {listed.en}")

    def conv(value: object, path: str) -> object:
        if type(value) is str and value in members:
            return value
        if not isinstance(value, str):
            raise _wrong(path, value, expected, QUOTE_HELP if _scalar_not_text(value) else None)
        if value in members:
            return str(value)
        raise _Bad(
            [
                _Problem(
                    "E423",
                    path,
                    Text(
                        f"未知的取值 {show(value)}，应为以下之一：{listed.zh}",
                        f"unknown value {show(value)}; expected one of {listed.en}",
                    ),
                    _suggest(value, t.members),
                )
            ]
        )

    return conv


def _list_conv(element: Conv, element_has_records: bool) -> Conv:
    def conv(value: object, path: str) -> object:
        if type(value) is not list:
            if not isinstance(value, list | tuple):
                raise _wrong(path, value, _EXPECT_LIST)
            value = list(value)
        if not element_has_records:  # paths of elements only matter when one is bad
            try:
                return [element(x, path) for x in value]
            except _Bad:
                pass
        out: list[object] = []
        problems: list[_Problem] = []
        for i, x in enumerate(value):
            try:
                out.append(element(x, f"{path}[{i}]"))
            except _Bad as bad:
                problems.extend(bad.problems)
        if problems:
            raise _Bad(problems)
        return out

    return conv


def _copy_default(default: object) -> object:
    return list(default) if isinstance(default, list | tuple) else default


class _Compiler:
    """Builds the converters for one schema, once; ``undeclared`` collects field
    names a record has but does not declare, drained after each record."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.date_cache: dict[str, datetime.date] = {}
        self.undeclared: list[tuple[str, str, tuple[str, ...]]] = []

    def type_conv(self, t: Type) -> tuple[Conv, bool]:
        """The converter of a type, and whether it contains records."""
        if isinstance(t, StrType):
            return _text_conv(_EXPECT_STR), False
        if isinstance(t, RefType):
            return _text_conv(
                Text(f"{t.kind} 的 id（字符串）", f"the id of a {t.kind} (a string)")
            ), False
        if isinstance(t, IntType):
            return _int_conv(t), False
        if isinstance(t, BoolType):
            return _bool_conv, False
        if isinstance(t, DateType):
            return _date_conv(self.date_cache), False
        if isinstance(t, EnumType):
            return _enum_conv(t), False
        if isinstance(t, ListType):
            element, has_records = self.type_conv(t.element)
            return _list_conv(element, has_records), has_records
        if isinstance(t, RecordType):
            return self.record_conv(t.fields, f"`{t.name}`"), True
        raise ValueError(f"a fact field cannot have the type {t}")

    def record_conv(
        self, fields: Sequence[Field], name: str, also_allowed: frozenset[str] = frozenset()
    ) -> RecordConv:
        """A record: every declared field converted, problems of all fields collected.

        ``also_allowed`` are keys handled by the caller (the tag field of a variant).
        """
        specs: list[tuple[str, Conv, bool, object]] = []
        for f in fields:
            if f.name in also_allowed:
                continue
            conv, _ = self.type_conv(f.type)
            specs.append((f.name, conv, not f.optional and f.default is None, f.default))
        declared = frozenset(f.name for f in fields) | also_allowed
        names = tuple(sorted(declared))
        expected = Text(f"{name} 记录（字段映射）", f"a {name} record (a mapping of fields)")
        sink = self.undeclared

        def record(raw: object, path: str) -> dict[str, object]:
            if type(raw) is not dict and not isinstance(raw, Mapping):
                raise _wrong(path, raw, expected)
            prefix = path + "." if path else ""
            out: dict[str, object] = {}
            problems: list[_Problem] | None = None
            for field_name, field_conv, required, default in specs:
                value = raw.get(field_name)
                if value is None:
                    if default is not None:
                        out[field_name] = _copy_default(default)
                    elif required:
                        problems = problems or []
                        problems.append(_missing(prefix + field_name, field_name in raw))
                    continue
                try:
                    out[field_name] = field_conv(value, prefix + field_name)
                except _Bad as bad:
                    problems = problems or []
                    problems.extend(bad.problems)
            if not declared.issuperset(raw):
                for key in raw:
                    if key in declared:
                        continue
                    if isinstance(key, str):
                        sink.append((prefix, key, names))
                    else:
                        problems = problems or []
                        problems.append(_key_not_text(key, path))
            if problems:
                raise _Bad(problems)
            return out

        return record


def _plain_int(value: object, path: str) -> int:
    """An int without bounds; ``True`` is an int in Python but not here."""
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, YamlInt):
        number = value.value()
        if number is not None:
            return number
    numeric = (
        isinstance(value, str)
        and not isinstance(value, YamlScalar)
        and value.strip().lstrip("+-").isdigit()
    )
    raise _wrong(path, value, _EXPECT_INT, _UNQUOTE_INT if numeric else None)


def _missing(path: str, null: bool) -> _Problem:
    if null:
        message = Text(f"必填字段 `{path}` 为 null", f"required field `{path}` is null")
    else:
        message = Text(f"缺少必填字段 `{path}`", f"missing required field `{path}`")
    return _Problem("E421", path, message, about_field=False)


def _key_not_text(key: object, path: str) -> _Problem:
    inside = Text(f"`{path}` 中的", f" in `{path}`") if path else Text("", "")
    return _Problem(
        "E422",
        path,
        Text(
            f"{inside.zh}字段名 {show(key)} 不是字符串",
            f"field name {show(key)}{inside.en} is not a string",
        ),
        QUOTE_HELP,
        about_field=False,
    )


_DATE_CACHE = 100_000
_CHUNK = 4096
"""Records converted by one call of the typed reader: a record it refuses sends only
its chunk through the converters."""


# --------------------------------------------------------------------------- collections


@attrs.frozen
class _RefCheck:
    """One reference-valued place in a kind's records (``account``, ``review.reviewer``)."""

    steps: tuple[str | None, ...]  # field names; None = every element of a list
    collection: str  # where the referenced id must be
    kind: str  # the referenced kind, for messages
    tag_field: str | None  # when the kind is one variant of a tagged collection ...
    tag: str | None  # ... the referenced record must carry this tag


class _CollectionCheck:
    """Validation of the records of one collection; for a tagged one, by tag.

    A tagged collection may also list its subject as a variant without a tag (the
    checker does, so that a policy can say ``ref event``): no record is validated
    against it, but it names every record of the collection (``common``).
    """

    def __init__(self, compiler: _Compiler, coll: Collection) -> None:
        self.coll = coll
        self.by_tag: dict[str, tuple[str, RecordConv]] = {}
        self.single: tuple[str, RecordConv] | None = None
        self.common: str | None = None
        self.refs: dict[str, list[_RefCheck]] = {}
        allowed = frozenset([coll.tag_field]) if coll.tag_field else frozenset()
        for kind, variant in coll.variants.items():
            if coll.tag_field is not None and variant.tag is None:
                self.common = kind
                continue
            fields = list(variant.fields)
            if all(f.name != "id" for f in fields):
                fields.insert(0, Field("id", StrType()))
            conv = compiler.record_conv(fields, f"`{kind}`", allowed)
            if variant.tag is not None:
                self.by_tag[variant.tag] = (kind, conv)
            else:
                self.single = (kind, conv)
            self.refs[kind] = [
                _ref_check(compiler.schema, steps, target)
                for steps, target in _ref_paths(variant.record, ())
            ]
        self.tags = tuple(self.by_tag)

    def validate(self, raw: object) -> tuple[str, dict[str, object]]:
        """The kind and converted record, or _Bad (with ``kind`` once it is known)."""
        if type(raw) is not dict and not isinstance(raw, Mapping):
            got = describe(raw)
            raise _Bad(
                [
                    _Problem(
                        "E420",
                        "",
                        Text(
                            f"应为记录（字段映射），实为{got.zh}",
                            f"expected a record (a mapping of fields), got {got.en}",
                        ),
                    )
                ]
            )
        if self.single is not None:
            kind, conv = self.single
            try:
                return kind, conv(raw, "")
            except _Bad as bad:
                bad.kind = kind
                raise
        tag_field = self.coll.tag_field
        assert tag_field is not None  # a collection without a single variant is tagged
        tag = raw.get(tag_field)
        entry = self.by_tag.get(tag) if isinstance(tag, str) else None
        if entry is None:
            raise _Bad([self._tag_problem(tag, tag_field, tag_field in raw)])
        kind, conv = entry
        try:
            record = conv(raw, "")
        except _Bad as bad:
            bad.kind = kind
            raise
        record[tag_field] = str(tag)
        return kind, record

    def _tag_problem(self, tag: object, tag_field: str, present: bool) -> _Problem:
        listed = Text("、".join(self.tags), ", ".join(self.tags))
        if tag is None:
            problem = _missing(tag_field, present)
            return attrs.evolve(
                problem, help=Text(f"可用的类型：{listed.zh}", f"the kinds are: {listed.en}")
            )
        if not isinstance(tag, str):
            bad = _wrong(
                tag_field,
                tag,
                Text(f"以下之一：{listed.zh}", f"one of {listed.en}"),
                QUOTE_HELP if _scalar_not_text(tag) else None,
            )
            return bad.problems[0]
        return _Problem(
            "E426",
            tag_field,
            Text(
                f"未知的类型 {show(tag)}，应为以下之一：{listed.zh}",
                f"unknown {tag_field} {show(tag)}; expected one of {listed.en}",
            ),
            _suggest(tag, self.tags),
        )


def _ref_paths(
    record: RecordType, steps: tuple[str | None, ...]
) -> Iterator[tuple[tuple[str | None, ...], str]]:
    for f in record.fields:
        t: Type = f.type
        here: tuple[str | None, ...] = (*steps, f.name)
        while isinstance(t, ListType):
            here, t = (*here, None), t.element
        if isinstance(t, RefType):
            yield here, t.kind
        elif isinstance(t, RecordType):
            yield from _ref_paths(t, here)


def _ref_check(schema: Schema, steps: tuple[str | None, ...], kind: str) -> _RefCheck:
    found = schema.kind(kind)
    if found is not None:
        coll, variant = found
        tag = variant.tag if coll.tag_field else None
        return _RefCheck(steps, coll.name, kind, coll.tag_field if tag else None, tag)
    subject = schema.collection_of_subject(kind)
    if subject is None:
        raise ValueError(f"a reference to the unknown kind {kind!r}")
    return _RefCheck(steps, subject.name, kind, None, None)


def _follow(value: object, steps: tuple[str | None, ...], path: str) -> Iterator[tuple[str, str]]:
    """The (path, id) pairs a reference check finds in a record.

    The record may be one that failed validation, so anything of the wrong shape
    is skipped (it has been reported already).
    """
    if not steps:
        if isinstance(value, str):
            yield path, value
        return
    step, rest = steps[0], steps[1:]
    if step is None:
        if isinstance(value, list | tuple):
            for i, element in enumerate(value):
                yield from _follow(element, rest, f"{path}[{i}]")
    elif isinstance(value, Mapping):
        inner = value.get(step)
        if inner is not None:
            yield from _follow(inner, rest, f"{path}.{step}" if path else step)


# --------------------------------------------------------------------------- building


@attrs.define
class _Undeclared:
    """An undeclared field, reported once per file, kind and field with a count."""

    subject: str  # of the first record that has it
    where: str
    near: Text | None
    at: _At
    count: int = 1


_At = tuple[int, str, int]
"""A record: (document number, collection, position in the document's list)."""


class _Builder:
    """One validation run: converters, the growing fact set, and the problems found."""

    def __init__(
        self, schema: Schema, strict: bool, problems: list[Diagnostic], *, own: bool = False
    ) -> None:
        """``own``: the documents' records are this run's own (nobody else holds them), so
        their lists may be left holding the converted records instead."""
        self.schema = schema
        self.strict = strict
        self.compiler = _Compiler(schema)
        self.checks = {
            name: _CollectionCheck(self.compiler, coll) for name, coll in schema.collections.items()
        }
        self.reader = FastReader.for_schema(schema)
        self.errors: list[Diagnostic] = []
        # Errors about a field of a record: (index in errors, record, field path), whose
        # line and column are found when the run ends (:meth:`at_fields`).
        self.about_fields: list[tuple[int, _At, str]] = []
        self.dropped = 0
        for problem in problems:
            self.error(problem)
        self.undeclared: dict[tuple[int, str, str], _Undeclared] = {}  # by file, kind, path
        self.own = own
        self.origins = _Origins()
        self.by_kind: dict[str, list[dict[str, object]]] = {k: [] for k in schema.kinds()}
        self.index: dict[str, dict[str, dict[str, object]]] = {
            name: {} for name in schema.collections
        }
        # Collections read by the typed reader only, that no reference points into:
        # their ids (a set, to find one used twice) and records, indexed when asked.
        self.lazy: dict[str, tuple[set[str], list[tuple[list[str], list[dict[str, object]]]]]] = {}
        self.targets = {
            ref.collection
            for check in self.checks.values()
            for ref_checks in check.refs.values()
            for ref in ref_checks
        }
        self.documents: list[RawDocument] = []
        # Records that failed validation, by kind: (raw record, subject, place, record).
        self.failed: dict[str, list[tuple[Mapping[str, object], str, str, _At]]] = {}

    def error(self, diagnostic: Diagnostic) -> None:
        if len(self.errors) < MAX_DIAGNOSTICS - 1:
            self.errors.append(diagnostic)
        else:
            self.dropped += 1

    def field_error(self, diagnostic: Diagnostic, at: _At, path: str) -> None:
        """An error about the field ``path`` (``""``: the record) of a record."""
        if len(self.errors) < MAX_DIAGNOSTICS - 1:
            self.about_fields.append((len(self.errors), at, path))
        self.error(diagnostic)

    def positions(self, wanted: Iterable[tuple[_At, str]]) -> dict[tuple[_At, str], str]:
        """The location, with the field's line and column, of each (record, field)
        that its file shows, its file read again once for all of them."""
        by_document: dict[int, set[tuple[str, int, str]]] = {}
        for (number, collection, position), path in wanted:
            by_document.setdefault(number, set()).add((collection, position, path))
        out: dict[tuple[_At, str], str] = {}
        for number, places in by_document.items():
            doc = self.documents[number]
            for (collection, position, path), at in doc.field_positions(places).items():
                out[((number, collection, position), path)] = doc.where(collection, position, at)
        return out

    def at_fields(self) -> None:
        """Each error about a field located at the field's line and column."""
        found = self.positions((at, path) for _, at, path in self.about_fields)
        for i, at, path in self.about_fields:
            where = found.get((at, path))
            if where is not None:
                self.errors[i] = attrs.evolve(self.errors[i], location=where)

    def index_of(self, name: str) -> dict[str, dict[str, object]]:
        """A collection's index as a dict (built now if it was left for later)."""
        lazy = self.lazy.pop(name, None)
        if lazy is not None:
            index = self.index[name]
            for ids, records in lazy[1]:
                index.update(zip(ids, records, strict=True))
        return self.index[name]

    def build(self, docs: Sequence[RawDocument]) -> FactSet:
        as_of: tuple[datetime.date, str] | None = None
        for number, doc in enumerate(docs):
            # Keep only what origin() needs, not the raw records.
            self.documents.append(doc.without_records())
            date = self.read_as_of(doc)
            if date is not None:
                if as_of is None:
                    as_of = (date, doc.source)
                elif as_of[0] != date:
                    self.error(_as_of_disagrees(as_of, date, doc))
            for key, records in doc.collections.items():
                check = self.checks.get(key)
                if check is None:
                    self.error(self.unknown_key(doc, key))
                elif doc.validated:
                    self.read_validated(number, doc, check, records)
                else:
                    self.read_collection(number, doc, check, records)
        self.check_references()
        warnings = self.undeclared_diagnostics()
        if self.strict:
            for w in warnings:
                self.error(w)
            warnings = []
        if self.errors:
            self.at_fields()
            if self.dropped:
                self.errors.append(_dropped(self.dropped))
            raise FactError(self.errors)
        index: dict[str, Mapping[str, dict[str, object]]] = dict(self.index)
        for name, (ids, parts) in self.lazy.items():
            index[name] = _IdIndex(parts, len(ids))
        return FactSet(
            self.schema,
            self.by_kind,
            index,
            as_of[0] if as_of else None,
            warnings,
            self.origins,
            self.documents,
        )

    def read_as_of(self, doc: RawDocument) -> datetime.date | None:
        value = doc.as_of
        if value is None or type(value) is datetime.date:
            return value
        problem: Text
        if isinstance(value, str):
            date = parse_iso_date(value)
            if date is not None:
                return date
            problem = _date_problem(value, show(value))
        else:
            got = describe(value)
            problem = Text(
                f"应为{_EXPECT_DATE.zh}，实为{got.zh}", f"expected {_EXPECT_DATE.en}, got {got.en}"
            )
        self.error(
            Diagnostic(
                "E430",
                Text(f"`as_of`：{problem.zh}", f"`as_of`: {problem.en}"),
                location=doc.where(AS_OF, None),
            )
        )
        return None

    def unknown_key(self, doc: RawDocument, key: str) -> Diagnostic:
        valid = [AS_OF, *self.schema.collections]
        listed = Text("、".join(valid), ", ".join(valid))
        near = _suggest(key, valid)
        return Diagnostic(
            "E411",
            Text(f"未知的顶层键 `{key}`", f"unknown top-level key `{key}`"),
            location=doc.where(key, None),
            help=Text(
                f"{near.zh if near else ''}可用的键：{listed.zh}",
                f"{near.en + ' ' if near else ''}The keys are: {listed.en}",
            ),
        )

    def read_collection(
        self, number: int, doc: RawDocument, check: _CollectionCheck, records: list[object]
    ) -> None:
        """A list of records another parser built (YAML, a caller's mapping, or JSON the
        typed reading did not take): converted by the typed reader
        (:meth:`policyengine.facts.fast.FastReader.convert`) a chunk at a time, in C, and
        a chunk it refuses record by record by the converters (:meth:`read_one_by_one`),
        which find every problem. With ``own`` records, the list is left holding the
        converted records, so that nothing is held twice; otherwise a copy of the list
        is kept, for :class:`_Origins`.
        """
        name = check.coll.name
        self.origins.add(name, number, records if self.own else list(records))
        # YAML's plain values are typed by the converters: the typed reader would keep
        # a YamlScalar given for text as it is, not as the str the engine reads.
        reader = None if doc.plain_scalars else self.reader
        convert = reader.convert if reader is not None else None
        for start in range(0, len(records), _CHUNK):
            stop = min(start + _CHUNK, len(records))
            valid = convert(name, records[start:stop]) if convert is not None else None
            if valid is not None and self.file_valid(check, valid):
                if self.own:
                    records[start:stop] = valid
                continue
            self.read_one_by_one(number, doc, check, records, start, stop)

    def read_one_by_one(
        self,
        number: int,
        doc: RawDocument,
        check: _CollectionCheck,
        records: list[object],
        start: int,
        stop: int,
    ) -> None:
        """Records ``start`` to ``stop`` of a list through the converters (:meth:`slow`):
        each converted, indexed and filed, or its problems reported."""
        index = self.index_of(check.coll.name)
        by_kind = self.by_kind
        common = by_kind[check.common] if check.common is not None else None
        for position in range(start, stop):
            found = self.slow(number, doc, check, position, records[position])
            if found is None:
                continue
            kind, record = found
            if self.own:
                records[position] = record
            rid: str = record["id"]  # type: ignore[assignment]
            if index.setdefault(rid, record) is not record:
                duplicate = self.duplicate(doc, check, position, kind, rid)
                self.field_error(duplicate, (number, check.coll.name, position), "")
                continue
            by_kind[kind].append(record)
            if common is not None:
                common.append(record)

    def read_validated(
        self, number: int, doc: RawDocument, check: _CollectionCheck, records: list[object]
    ) -> None:
        """Records a typed reader has validated already (:mod:`policyengine.facts.fast`):
        only indexed and filed (:meth:`file_valid`). An id used twice (in this list, or
        also in an earlier file) sends them through :meth:`read_one_by_one`, which names
        both places."""
        self.origins.add(check.coll.name, number, records if self.own else list(records))
        if not self.file_valid(check, cast(list[dict[str, object]], records)):
            self.read_one_by_one(number, doc, check, records, 0, len(records))

    def file_valid(self, check: _CollectionCheck, valid: list[dict[str, object]]) -> bool:
        """Index and file valid records without a step per record in Python; or, when an
        id is used twice (among them, or also before), do nothing and say False."""
        name = check.coll.name
        if name not in self.targets and not self.index[name]:
            ids = list(map(itemgetter("id"), valid))
            seen, parts = self.lazy.setdefault(name, (set(), []))
            before = len(seen)
            seen.update(ids)
            if len(seen) != before + len(ids):
                return False  # (index_of, next, indexes the earlier parts)
            parts.append((ids, valid))
        else:
            new = dict(zip(map(itemgetter("id"), valid), valid, strict=True))
            index = self.index_of(name)
            if len(new) != len(valid) or not index.keys().isdisjoint(new):
                return False
            if index:
                index.update(new)
            else:
                self.index[name] = new
        tag_field = check.coll.tag_field
        if tag_field is None:
            kind = next(iter(check.coll.variants))
            self.by_kind[kind].extend(valid)
            return True
        append = {
            variant.tag: self.by_kind[kind].append
            for kind, variant in check.coll.variants.items()
            if variant.tag is not None
        }
        deque(map(call, map(append.__getitem__, map(itemgetter(tag_field), valid)), valid), 0)
        if check.common is not None:
            self.by_kind[check.common].extend(valid)
        return True

    def slow(
        self, number: int, doc: RawDocument, check: _CollectionCheck, position: int, raw: object
    ) -> tuple[str, dict[str, object]] | None:
        """A record through the converters: its kind and converted record, or None
        when it has problems (then reported)."""
        try:
            kind, record = check.validate(raw)
        except _Bad as bad:
            self.record_problems(number, doc, check, position, raw, bad)
            return None
        if self.compiler.undeclared:
            self.note_undeclared(number, doc, check, position, raw, kind)
        return kind, record

    def subject(self, check: _CollectionCheck, position: int, raw: object, kind: str) -> str:
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        if isinstance(rid, str):
            return f"{kind} `{rid}`"
        return f"{kind} {check.coll.name}[{position}]"

    def record_problems(
        self,
        number: int,
        doc: RawDocument,
        check: _CollectionCheck,
        position: int,
        raw: object,
        bad: _Bad,
    ) -> None:
        """Report a record that failed, and keep what is still useful of it."""
        kind = bad.kind or check.coll.subject
        subject = self.subject(check, position, raw, kind)
        name = check.coll.name
        where = doc.where(name, position)
        at = (number, name, position)
        for problem in bad.problems:
            self.field_error(_record_diagnostic(problem, subject, where), at, problem.path)
        if self.compiler.undeclared:
            self.note_undeclared(number, doc, check, position, raw, kind)
        if not isinstance(raw, Mapping):
            return
        rid = raw.get("id")
        index = self.index_of(name)
        if isinstance(rid, str) and rid not in index:
            # Known by its id, so that references to it are not reported as well.
            index[rid] = dict(raw)
        if bad.kind is not None:
            # Its own references are still checked: all problems are reported at once.
            self.failed.setdefault(bad.kind, []).append((raw, subject, where, at))

    def duplicate(
        self,
        doc: RawDocument,
        check: _CollectionCheck,
        position: int,
        kind: str,
        rid: str,
    ) -> Diagnostic:
        name = check.coll.name
        previous = self.origins.get(name, rid)
        assert previous is not None  # the record in the index came first
        first = _unpack(self.documents, name, previous)
        return Diagnostic(
            "E427",
            Text(
                f"{kind} `{rid}`：`{name}` 中 id `{rid}` 出现了两次，另一处在 {first}",
                f"{kind} `{rid}`: the id `{rid}` appears twice in `{name}`; it is also at {first}",
            ),
            location=doc.where(name, position),
        )

    def note_undeclared(
        self,
        number: int,
        doc: RawDocument,
        check: _CollectionCheck,
        position: int,
        raw: object,
        kind: str,
    ) -> None:
        sink = self.compiler.undeclared
        for prefix, key, names in sink:
            path = prefix + key
            seen = self.undeclared.get((number, kind, path))
            if seen is None:
                self.undeclared[(number, kind, path)] = _Undeclared(
                    self.subject(check, position, raw, kind),
                    doc.where(check.coll.name, position),
                    _suggest(key, names),
                    (number, check.coll.name, position),
                )
            else:
                seen.count += 1
        sink.clear()

    def undeclared_diagnostics(self) -> list[Diagnostic]:
        level: Level = "error" if self.strict else "warning"
        out = []
        found = self.positions((seen.at, path) for (_, _, path), seen in self.undeclared.items())
        for (_, _, path), seen in self.undeclared.items():
            more = seen.count - 1
            also = Text(
                f"（本文件另有 {more} 条记录也有此字段）" if more else "",
                f" (and in {more} more records of this file)" if more else "",
            )
            ignored = Text(
                "" if self.strict else "，已忽略", "" if self.strict else "; it is ignored"
            )
            out.append(
                Diagnostic(
                    "E429",
                    Text(
                        f"{seen.subject}：未声明的字段 `{path}`{ignored.zh}{also.zh}",
                        f"{seen.subject}: undeclared field `{path}`{ignored.en}{also.en}",
                    ),
                    location=found.get((seen.at, path), seen.where),
                    help=seen.near if self.strict else _with_strict(seen.near),
                    level=level,
                )
            )
        return out

    def check_references(self) -> None:
        suggestions = 0
        for name, check in self.checks.items():
            for kind, ref_checks in check.refs.items():
                valid = self.by_kind[kind]
                failed = self.failed.get(kind, [])
                for ref in ref_checks:
                    target = self.index_of(ref.collection)
                    dangling = [
                        (self.place(name, kind, valid[i]), path, value)
                        for i, path, value in _dangling(valid, ref, target, all_dicts=True)
                    ] + [
                        (failed[i][1:], path, value)
                        for i, path, value in _dangling([f[0] for f in failed], ref, target)
                    ]
                    for (subject, where, at), path, value in dangling:
                        near = None
                        if suggestions < _SUGGEST_REFS and len(target) <= _SUGGEST_AMONG:
                            suggestions += 1
                            near = _suggest(value, list(target))
                        message = Text(
                            f"没有 id 为 {show(value)} 的 {ref.kind}",
                            f"no {ref.kind} has the id {show(value)}",
                        )
                        problem = _Problem("E428", path, message, near)
                        self.field_error(_record_diagnostic(problem, subject, where), at, path)

    def place(self, collection: str, kind: str, record: dict[str, object]) -> tuple[str, str, _At]:
        """The subject and place of a valid record, for a message, and the record."""
        rid = cast(str, record["id"])
        packed = self.origins.get(collection, rid)
        assert packed is not None  # every valid record was read from a document
        number, position = packed >> _POSITION_BITS, packed & ((1 << _POSITION_BITS) - 1)
        at = (number, collection, position)
        return f"{kind} `{rid}`", _unpack(self.documents, collection, packed), at


def _with_strict(near: Text | None) -> Text:
    """The help of an undeclared-field warning: the nearest declared field, and that
    ``--strict`` (``strict=True``) refuses such fields instead of ignoring them."""
    zh = "用 `--strict` 可把未声明的字段作为错误"
    en = "`--strict` makes an undeclared field an error"
    if near is None:
        return Text(zh, en)
    return Text(f"{near.zh}（{zh}）", f"{near.en} ({en})")


def _dangling(
    records: Sequence[Mapping[str, object]],
    ref: _RefCheck,
    target: dict[str, dict[str, object]],
    *,
    all_dicts: bool = False,
) -> Iterator[tuple[int, str, str]]:
    """(position in ``records``, field path, id) of each reference that names no fact
    of the right kind. ``all_dicts``: every record is a ``dict`` (valid records are)."""
    tag_field = ref.tag_field or ""
    if len(ref.steps) == 1 and ref.steps[0] is not None:  # the common case, kept fast
        field = ref.steps[0]
        if all_dicts:
            # The few distinct ids first, without a Python step per record; the
            # records are looked at only when some id names nothing.
            values = set(map(dict.get, records, repeat(field)))  # type: ignore[arg-type]
            values.discard(None)
            missing = [
                v
                for v in values
                if not isinstance(v, str)
                or (found := target.get(v)) is None
                or (ref.tag is not None and found.get(tag_field) != ref.tag)
            ]
            if not missing:
                return
        for i, record in enumerate(records):
            value = record.get(field)
            if isinstance(value, str):
                found = target.get(value)
                if found is None or (ref.tag is not None and found.get(tag_field) != ref.tag):
                    yield i, field, value
        return
    for i, record in enumerate(records):
        for path, value in _follow(record, ref.steps, ""):
            found = target.get(value)
            if found is None or (ref.tag is not None and found.get(tag_field) != ref.tag):
                yield i, path, value


def _record_diagnostic(problem: _Problem, subject: str, where: str) -> Diagnostic:
    m = problem.message
    if problem.about_field and problem.path:
        text = Text(
            f"{subject} 的字段 `{problem.path}`：{m.zh}",
            f"{subject}, field `{problem.path}`: {m.en}",
        )
    else:
        text = Text(f"{subject}：{m.zh}", f"{subject}: {m.en}")
    return Diagnostic(problem.code, text, location=where, help=problem.help)


def _as_of_disagrees(
    first: tuple[datetime.date, str], date: datetime.date, doc: RawDocument
) -> Diagnostic:
    return Diagnostic(
        "E431",
        Text(
            f"各文件的 as_of 不一致：{first[1]} 为 {first[0]}，{doc.source} 为 {date}",
            f"as_of differs between files: {first[0]} in {first[1]}, {date} in {doc.source}",
        ),
        location=doc.where(AS_OF, None),
    )


def _dropped(count: int) -> Diagnostic:
    return Diagnostic(
        "E439",
        Text(
            f"问题太多，另有 {count} 个问题未列出",
            f"too many problems: {count} more were found but not listed",
        ),
    )
