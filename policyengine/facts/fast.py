"""Typed reading: JSON and JSON Lines fact files straight into valid records.

:func:`policyengine.facts.load_facts` reads ``.json`` and ``.jsonl`` files with a
:class:`FastReader` first. It decodes the text with ``msgspec`` into types built
from the schema, so that parsing and validating are one pass in C: exact JSON types
(``true`` is no integer, ``1.0`` no integer, ``"2"`` no number), enum members as
``Literal`` types, dates as ``datetime.date`` (``msgspec`` takes exactly
``YYYY-MM-DD`` and only dates that exist), integer bounds, nested records, the tag of
a tagged collection, no undeclared field (``forbid_unknown_fields``), no ``NaN``,
``Infinity``, ``1e400``, integer of more than 4300 digits, lone surrogate or bad
UTF-8. What ``msgspec`` does not check is checked here:

* a key given twice (``msgspec`` keeps the last): the colons of the text (one per
  key, plus those inside strings) are counted against the keys of the records read
  (``len`` of each dict, nested ones included) and, only when those do not match
  already, against the colons of ``msgspec``'s encoding of the records, collection by
  collection, smallest first (one per key kept, plus those in strings); what was
  read never has more of either than the text, so any match is exact (see
  :meth:`FastReader.keys_once`); an escaped colon (``\\u003a``) would upset the
  count, so a text with one is not taken;
* nesting: the types nest at most as deep as the schema, which is checked against
  the limit once, when the reader is built;
* JSON Lines: exactly one object per line with exactly one key (``decode_lines``
  itself reads any whitespace-separated values), and equal ``as_of`` lines; a block
  of lines of one collection written without spaces is decoded as bare records,
  without a struct per line around each (:meth:`FastReader.compact`).

Whatever is refused or in doubt, valid or not, is read again by the usual path
(:mod:`policyengine.facts.read`, then the converters of :mod:`policyengine.facts.validate`),
which words every message: this path words none, and only ever returns records the
usual path returns too, equal to them (``tests/test_fastload.py`` compares both).

The records come out as the plain dicts the evaluator reads (``msgspec.to_builtins``
of the decoded structs): an optional field that is missing or null is absent, a
default is filled in, nested records keep the schema's field order. They are then
only indexed and filed (by :mod:`policyengine.facts.validate`).

The same types convert records that another parser built (YAML) or a library caller
passed, with ``msgspec.convert`` (:meth:`FastReader.convert`; a set, which ``convert``
takes for a list and the converters refuse, is looked for first).

``msgspec`` is a dependency; without it (or for a schema these types cannot express,
such as one nesting deeper than the limit) :meth:`FastReader.for_schema` gives None
and every file takes the usual path.
"""

from __future__ import annotations

import contextlib
import datetime
import weakref
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import attrgetter, call, itemgetter
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Union, cast

import attrs

from policyengine import inputs
from policyengine.facts.jsonfile import escaped_colon
from policyengine.facts.jsonlines import LineTooLong, jsonl_locator, regions
from policyengine.facts.raw import AS_OF, BOM, MAX_DEPTH, MAX_JSONL_BYTES, RawDocument
from policyengine.schema import (
    BoolType,
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

try:
    import msgspec
except ImportError:  # pragma: no cover - a dependency; loading still works without it
    msgspec = None  # type: ignore[assignment]

__all__ = ["FastReader"]

_DATES = (datetime.date,)
"""``to_builtins`` leaves dates as they are."""
_ENCODE_CHUNK = 4096
"""Records per encoding of the key count (bounds its buffer)."""


_READERS: dict[int, tuple[weakref.ref[Schema], FastReader | None]] = {}
"""The reader of each schema alive, by ``id``."""


class _Unsupported(Exception):
    """The schema holds something the typed reading does not express."""


@attrs.frozen
class _Fix:
    """What is left to do on the records of one record type after ``to_builtins``:
    nulls of optional fields to drop, defaults to fill in, nested records to fix."""

    order: tuple[str, ...]  # the fields in schema order
    nullable: bool  # it has optional fields (a null gives None, to be dropped)
    defaults: tuple[tuple[str, object], ...]
    nested: tuple[tuple[str, bool, _Fix], ...]  # field, a list of records?, their fix
    lists: tuple[str, ...]  # the fields holding lists

    def needed(self, nulls: bool) -> bool:
        """Whether records of this type may need fixing (``nulls``: read with nulls allowed)."""
        return (
            bool(self.defaults)
            or (nulls and self.nullable)
            or any(fix.needed(nulls) for _, _, fix in self.nested)
        )

    def apply(self, record: dict[str, object], nulls: bool) -> dict[str, object]:
        """The record fixed in place; a nested record with defaults is built again, so
        that its fields keep the schema's order as the converters give it."""
        if nulls and None in record.values():
            for key in [key for key, value in record.items() if value is None]:
                del record[key]
        for key, many, fix in self.nested:
            value = record.get(key)
            if value is None or not fix.needed(nulls):
                continue
            if many:
                record[key] = [fix.nested_record(x, nulls) for x in value]  # type: ignore[attr-defined]
            else:
                record[key] = fix.nested_record(value, nulls)  # type: ignore[arg-type]
        for key, default in self.defaults:
            if key not in record:
                record[key] = list(default) if isinstance(default, list | tuple) else default
        return record

    def nested_record(self, record: dict[str, object], nulls: bool) -> dict[str, object]:
        self.apply(record, nulls)
        if not self.defaults:
            return record
        return {key: record[key] for key in self.order if key in record}


@attrs.frozen
class _Collection:
    name: str
    attribute: str  # of the document and line structs
    tag_field: str | None
    fixes: dict[str | None, _Fix]  # by tag (None for an untagged collection)
    line_start: bytes  # how a JSON Lines line of it starts: {"events":
    nested: tuple[tuple[str, bool, _Fix], ...]  # nested records whose keys are counted
    lists: tuple[str, ...]  # the fields holding lists, in any variant
    inside: tuple[tuple[str, bool, _Fix], ...]  # the nested records of any variant

    def convertible(self, records: list[Any]) -> bool:
        """Whether ``msgspec.convert`` takes ``records`` exactly as the converters would:
        dicts (nested ones too) with no set or frozenset where a list belongs.

        ``convert`` takes a set for a list; the converters do not, as a set has no
        order. Everything else either type takes, the other takes too, and gives an
        equal value (``tests/test_facts.py`` runs every case both ways).
        """
        return _no_sets(records, self.lists, self.inside)

    def keys(self, records: list[dict[str, object]]) -> int:
        """At most the keys of ``records`` (before :meth:`finish` adds any), nested ones
        included, counted with ``len`` (no encoding)."""
        return _keys(records, self.nested)

    @property
    def between_lines(self) -> bytes:
        return b"}\n" + self.line_start

    @property
    def between_compact_lines(self) -> bytes:
        """Where one line ends and the next starts when both are written without
        spaces: ``}}`` newline ``{"events":{``."""
        return b"}" + self.between_lines + b"{"

    def finish(self, records: list[dict[str, object]], nulls: bool) -> None:
        """Drop nulls and fill in defaults where the types may have left any."""
        needed = {tag: fix for tag, fix in self.fixes.items() if fix.needed(nulls)}
        if not needed:
            return
        if self.tag_field is None:
            apply = needed[None].apply
            for record in records:
                apply(record, nulls)
            return
        tag_field = self.tag_field
        for record in records:
            fix = needed.get(record[tag_field])  # type: ignore[call-overload]
            if fix is not None:
                fix.apply(record, nulls)


class _Decoders(NamedTuple):
    document: Any  # msgspec.json.Decoder of a whole document
    line: Any  # ... of one JSON Lines line
    single: dict[str, Any]  # ... of a line of one collection, by its name
    record: dict[str, Any]  # ... of a record of one collection, by its name
    many: dict[str, Any]  # the type of a list of records of one collection, by its name


class FastReader:
    """The typed reading of one schema: a decoder for a JSON document and one for a
    JSON Lines line (see the module's docstring)."""

    def __init__(self, schema: Schema) -> None:
        self.structs = 0
        self.collections: list[_Collection] = []
        self.without_nulls = self.decoders(schema, nulls=False)
        self.with_nulls = self.decoders(schema, nulls=True)
        self.encoder = msgspec.json.Encoder()
        self.by_name = {c.name: c for c in self.collections}

    def decoders(self, schema: Schema, *, nulls: bool) -> _Decoders:
        """The decoders of a document and of a line. ``nulls``: an optional field may be
        null. Text is decoded without first (then there is no null to drop); only when
        that fails, again with."""
        document: list[tuple[str, object, object]] = []
        single: dict[str, Any] = {}
        bare: dict[str, Any] = {}
        many: dict[str, Any] = {}
        line: list[tuple[str, object, object]] = []
        rename = {}
        for number, coll in enumerate(schema.collections.values()):
            attribute = f"c{number}"
            rename[attribute] = coll.name
            variants: list[object] = []
            fixes: dict[str | None, _Fix] = {}
            for variant in coll.variants.values():
                if coll.tag_field is not None and variant.tag is None:
                    continue  # the collection's subject: no record is of it alone
                fields = list(variant.fields)
                if all(f.name != "id" for f in fields):
                    fields.insert(0, Field("id", StrType()))
                options: dict[str, object] = {}
                skip: frozenset[str] = frozenset()
                if coll.tag_field is not None:
                    options = {"tag_field": coll.tag_field, "tag": variant.tag}
                    skip = frozenset([coll.tag_field])
                struct, fix = self.record(fields, skip, 3, nulls, options)
                variants.append(struct)
                fixes[variant.tag] = fix
            if not variants:
                raise _Unsupported(coll.name)
            record: Any = variants[0] if len(variants) == 1 else Union[tuple(variants)]  # noqa: UP007
            unset = msgspec.UnsetType
            document.append((attribute, Union[list[record], None, unset], msgspec.UNSET))  # noqa: UP007
            line.append((attribute, Union[record, unset], msgspec.UNSET))  # noqa: UP007
            bare[coll.name] = msgspec.json.Decoder(record)
            many[coll.name] = list[record]
            single[coll.name] = msgspec.json.Decoder(
                msgspec.defstruct(
                    "Line",
                    [(attribute, record)],
                    rename={attribute: coll.name},
                    forbid_unknown_fields=True,
                    gc=False,
                )
            )
            if nulls:
                start = b"{" + msgspec.json.encode(coll.name) + b":"
                every = fixes.values()
                lists = tuple(dict.fromkeys(key for fix in every for key in fix.lists))
                inside = tuple(dict.fromkeys(entry for fix in every for entry in fix.nested))
                self.collections.append(
                    _Collection(
                        coll.name,
                        attribute,
                        coll.tag_field,
                        fixes,
                        start,
                        _nested(fixes),
                        lists,
                        inside,
                    )
                )
        rename["as_of"] = AS_OF
        as_of = (
            "as_of",
            Union[datetime.date, None, msgspec.UnsetType],  # noqa: UP007
            msgspec.UNSET,
        )
        config = {"rename": rename, "forbid_unknown_fields": True, "gc": False}
        document_type = msgspec.defstruct("Document", [*document, as_of], **config)  # type: ignore[arg-type]
        line_type = msgspec.defstruct("Line", [*line, as_of], **config)  # type: ignore[arg-type]
        document_decoder = msgspec.json.Decoder(document_type)
        return _Decoders(document_decoder, msgspec.json.Decoder(line_type), single, bare, many)

    @classmethod
    def for_schema(cls, schema: Schema) -> FastReader | None:
        """The reader of ``schema``, built once while the schema lives (a filing system
        validating one filing at a time does not pay for it each time), or None
        without ``msgspec`` or for a schema it cannot express."""
        key = id(schema)
        found = _READERS.get(key)
        if found is not None and found[0]() is schema:
            return found[1]
        reader: FastReader | None = None
        if msgspec is not None:
            with contextlib.suppress(_Unsupported, TypeError, ValueError):
                reader = cls(schema)
        _READERS[key] = (weakref.ref(schema), reader)
        weakref.finalize(schema, _READERS.pop, key, None)
        return reader

    # ------------------------------------------------------------------ types

    def record(
        self,
        fields: Sequence[Field],
        skip: frozenset[str],
        level: int,
        nulls: bool,
        options: dict[str, object],
    ) -> tuple[type, _Fix]:
        """A struct for a record at nesting ``level`` (a collection's records are at 3).

        Python attribute names are generated (``f0``, ...) and renamed to the field
        names, so a name from a policy is only ever a key, never an identifier.
        """
        if level > MAX_DEPTH:
            raise _Unsupported("too deep")
        spec: list[tuple[str, object] | tuple[str, object, object]] = []
        rename: dict[str, str] = {}
        defaults: list[tuple[str, object]] = []
        nested: list[tuple[str, bool, _Fix]] = []
        order: list[str] = []
        nullable = False
        for i, f in enumerate(fields):
            if f.name in skip:
                continue
            attribute = f"f{i}"
            rename[attribute] = f.name
            order.append(f.name)
            python, inner = self.type(f.type, level + 1, nulls)
            if inner is not None:
                nested.append((f.name, isinstance(f.type, ListType), inner))
            if not f.optional and f.default is None:
                spec.append((attribute, python))
            else:
                nullable = True
                optional = Union[python, None] if nulls else python  # noqa: UP007
                spec.append((attribute, Union[optional, msgspec.UnsetType], msgspec.UNSET))  # noqa: UP007
                if f.default is not None:
                    defaults.append((f.name, f.default))
        self.structs += 1
        struct = msgspec.defstruct(
            f"Record{self.structs}",
            spec,
            rename=rename,
            kw_only=True,
            forbid_unknown_fields=True,
            gc=False,  # short-lived, and decoded data has no cycles
            **options,  # type: ignore[arg-type]
        )
        lists = tuple(f.name for f in fields if f.name in order and isinstance(f.type, ListType))
        return struct, _Fix(tuple(order), nullable, tuple(defaults), tuple(nested), lists)

    def type(self, t: Type, level: int, nulls: bool) -> tuple[object, _Fix | None]:
        """The Python type of a field's values (a container of them at ``level``), and
        the fix of the records it holds, if any."""
        if isinstance(t, StrType | RefType):
            return str, None
        if isinstance(t, BoolType):
            return bool, None
        if isinstance(t, IntType):
            low, high = t.bounds()
            return Annotated[int, msgspec.Meta(ge=low, le=high)], None
        if isinstance(t, DateType):
            return datetime.date, None
        if isinstance(t, EnumType):
            return Literal[t.members], None
        if isinstance(t, ListType):
            if level > MAX_DEPTH:
                raise _Unsupported("too deep")
            if isinstance(t.element, ListType):
                raise _Unsupported("a list of lists")
            element, fix = self.type(t.element, level + 1, nulls)
            return list[element], fix  # type: ignore[valid-type]
        if isinstance(t, RecordType):
            return self.record(t.fields, frozenset(), level, nulls, {})
        raise _Unsupported(str(t))

    # ------------------------------------------------------------------ reading

    def convert(self, name: str, records: list[Any]) -> list[dict[str, object]] | None:
        """The records of the collection ``name`` that another parser built (YAML, a
        caller's mapping), validated and converted by ``msgspec.convert`` with the same
        types as a file, or None when any of them is refused or in doubt (then the
        converters decide, record by record). The records given are left as they were.
        """
        coll = self.by_name.get(name)
        if coll is None or not coll.convertible(records):
            return None
        nulls = False
        try:
            try:
                structs = msgspec.convert(records, self.without_nulls.many[name])
            except msgspec.ValidationError:
                nulls = True
                structs = msgspec.convert(records, self.with_nulls.many[name])
            # A subclass of str that is no enum member is taken by convert but refused
            # here (TypeError); the converters turn it into a str.
            converted = msgspec.to_builtins(structs, builtin_types=_DATES)
            # ``convert`` takes any str; encoding refuses one with a lone surrogate
            # (UnicodeEncodeError, a ValueError), which the converters then name.
            self.colons(converted)
        except (msgspec.MsgspecError, TypeError, ValueError, RecursionError):
            return None
        coll.finish(converted, nulls)
        return cast(list[dict[str, object]], converted)

    def colons(self, values: list[Any]) -> int:
        """The colons of the encoding of ``values``: one per key kept, plus those in
        strings."""
        buffer = bytearray()
        total = 0
        encode_into = self.encoder.encode_into
        for start in range(0, len(values), _ENCODE_CHUNK):
            encode_into(values[start : start + _ENCODE_CHUNK], buffer)
            total += buffer.count(b":")
        return total

    def decode_json(self, data: bytes) -> tuple[Any, bool] | None:
        """The records of a ``.json`` file by collection, and its ``as_of``, or None
        when in any doubt; and whether it was read with nulls allowed."""
        if escaped_colon(data):
            return None
        text = memoryview(data)[3:] if data.startswith(BOM) else data
        nulls = False
        try:
            try:
                document = self.without_nulls.document.decode(text)
            except msgspec.ValidationError:
                nulls = True
                document = self.with_nulls.document.decode(text)
        except (msgspec.MsgspecError, ValueError, RecursionError):
            return None
        counted = 0 if document.as_of is msgspec.UNSET else 1
        as_of = None if document.as_of is msgspec.UNSET else document.as_of
        read: list[tuple[_Collection, list[dict[str, object]]]] = []
        for coll in self.collections:
            structs = getattr(document, coll.attribute)
            if structs is msgspec.UNSET:
                continue
            counted += 1 + coll.name.count(":")
            setattr(document, coll.attribute, None)  # (freed once converted)
            read.append((coll, msgspec.to_builtins(structs or [], builtin_types=_DATES)))
            del structs
        if not self.keys_once(read, data.count(b":") - counted):
            return None  # a key given twice
        collections = {}
        for coll, records in read:
            coll.finish(records, nulls)
            collections[coll.name] = records
        return (as_of, collections), nulls

    def keys_once(
        self, read: Iterable[tuple[_Collection, list[dict[str, object]]]], colons: int
    ) -> bool:
        """Whether the text's ``colons`` (those of the records read) are exactly one per
        key read plus those inside the strings read: then no key was given twice.

        The text has one colon per key it gives, plus those in its strings; what was
        read has no more keys and no more colons in strings, and fewer of either
        when a key was given twice (``msgspec`` keeps the last). Any count of what was
        read that is at most the exact one is taken as it stands when it matches:
        first the keys alone, counted with ``len`` (exact when no string has a colon);
        otherwise, collection by collection, smallest first, the colons of
        ``msgspec``'s encoding of the records (exact: one per key, plus those in
        strings), until the count matches or every collection has been encoded.
        """
        parts = sorted(
            ((len(records), coll.keys(records), records) for coll, records in read),
            key=itemgetter(0),
        )
        total: int = sum(map(itemgetter(1), parts))
        for _, keys, records in parts:
            if total >= colons:
                break
            total += self.colons(records) - keys
        return total == colons

    def json_document(self, decoded: tuple[Any, bool], name: str) -> RawDocument:
        """The validated document of what :meth:`decode_json` returned."""
        (as_of, collections), _ = decoded
        return RawDocument(name, collections, as_of=as_of, validated=True)

    def jsonl_document(self, path: Path, name: str) -> RawDocument | None:
        """The validated document of a ``.jsonl`` file, or None when in any doubt."""
        collections: dict[str, list[object]] = {}
        as_of: list[object] = []
        appenders: dict[str, Any] = {AS_OF: as_of.append}
        nulls = False
        key, value = itemgetter(0), itemgetter(1)
        with inputs.open_limited(path, MAX_JSONL_BYTES) as stream:
            try:
                for region in regions(stream):
                    coll = self.single(region)
                    one = self.one_collection(region, coll) if coll else None
                    if coll is not None and one is not None:  # the records at once
                        structs, with_nulls = one
                        nulls = nulls or with_nulls
                        records = msgspec.to_builtins(structs, builtin_types=_DATES)
                        del structs, one
                        line_keys = (1 + coll.name.count(":")) * len(records)
                        if not self.keys_once([(coll, records)], region.count(b":") - line_keys):
                            return None  # a key given twice
                        if coll.name not in appenders:
                            appenders[coll.name] = collections.setdefault(coll.name, []).append
                        collections[coll.name] += records
                        continue
                    found = self.lines(region, None)
                    if found is None:
                        return None
                    lines, with_nulls = found
                    nulls = nulls or with_nulls
                    objects = msgspec.to_builtins(lines, builtin_types=_DATES)
                    del lines
                    try:
                        pairs = list(map(dict.popitem, objects))
                    except KeyError:
                        return None  # a line with no key
                    if any(objects):
                        return None  # a line with more than one key
                    for new in dict.fromkeys(map(key, pairs)).keys() - appenders.keys():
                        appenders[new] = collections.setdefault(new, []).append
                    appends = map(appenders.__getitem__, map(key, pairs))
                    deque(map(call, appends, map(value, pairs)), 0)
            except LineTooLong:
                return None
        if as_of and as_of.count(as_of[0]) != len(as_of):
            return None  # the usual reading names the line
        for coll_name, records in collections.items():
            self.by_name[coll_name].finish(cast(list[dict[str, object]], records), nulls)
        counts = {coll_name: len(records) for coll_name, records in collections.items()}
        return RawDocument(
            name,
            collections,
            as_of=as_of[0] if as_of else None,
            locate=jsonl_locator(path, counts),
            validated=True,
        )

    def single(self, region: bytes) -> _Collection | None:
        """The collection of the first line of a block when the block has no ``\\r``:
        then its lines are read as lines of that collection only (most blocks of a
        file written collection by collection)."""
        if b"\r" in region:
            return None
        for coll in self.collections:
            if region.startswith(coll.line_start):
                return coll
        return None

    def one_collection(self, region: bytes, coll: _Collection) -> tuple[list[Any], bool] | None:
        """The records (structs) of a block whose first line is of ``coll``, if every
        line is, and whether they were read with nulls allowed; or None."""
        found = self.compact(region, coll)
        if found is not None:
            return found
        found = self.lines(region, coll)
        if found is None:
            return None
        lines, nulls = found
        return list(map(attrgetter(coll.attribute), lines)), nulls

    def compact(self, region: bytes, coll: _Collection) -> tuple[list[Any], bool] | None:
        """The records of a block of lines of ``coll`` written without spaces
        (``{"events":{...}}``), decoded without a struct per line around each, or None.

        Each ``}}`` newline ``{"events":{`` becomes ``}`` newline ``{``, and the text
        between the first ``{"events":`` and the last ``}`` is decoded as records,
        whitespace-separated. It is taken when the block has no other newline and
        there is one record more than newlines: then each record is exactly one line's
        (a newline between a ``}`` and a ``{`` is inside no JSON value, so no record
        spans two lines, and each line, from ``{`` to ``}``, holds one at least), and
        each line is ``{"events":`` its record ``}``, as :meth:`lines` would take it.
        """
        start = coll.line_start
        if (
            not region.startswith(start + b"{")
            or not region.endswith(b"}}")
            or escaped_colon(region)
        ):
            return None
        text = region.replace(coll.between_compact_lines, b"}\n{")
        gaps = (len(region) - len(text)) // (len(start) + 1)
        if text.count(b"\n") != gaps:
            return None
        body = memoryview(text)[len(start) : -1]
        nulls = False
        try:
            try:
                records = self.without_nulls.record[coll.name].decode_lines(body)
            except msgspec.ValidationError:
                nulls = True
                records = self.with_nulls.record[coll.name].decode_lines(body)
        except (msgspec.MsgspecError, ValueError, RecursionError):
            return None
        if len(records) != gaps + 1:
            return None
        return records, nulls

    def lines(self, region: bytes, coll: _Collection | None) -> tuple[list[Any], bool] | None:
        """The decoded lines of a block of whole lines (of the collection ``coll``
        only, if given) and whether they were read with nulls allowed, or None when in
        any doubt.

        ``decode_lines`` reads whitespace-separated values: each line holds exactly one
        when the n values are separated by the n - 1 newlines, each between a ``}`` and
        a ``{`` (a newline elsewhere, inside a value or a blank line, is one too many;
        ``}`` newline ``{`` cannot occur inside a value). With ``coll``, every ``{``
        after a newline starts a line of it (``{"events":``), and the line type has no
        other key. Otherwise the usual reading decides, line by line.

        The keys are counted here only for a block of several collections: the records
        of a block of one are counted once converted (:meth:`keys_once`), without
        encoding them when they have no colon in a string.
        """
        if escaped_colon(region):
            return None
        nulls = False
        try:
            try:
                decoders = self.without_nulls
                lines = (decoders.single[coll.name] if coll else decoders.line).decode_lines(region)
            except msgspec.ValidationError:
                nulls, decoders = True, self.with_nulls
                lines = (decoders.single[coll.name] if coll else decoders.line).decode_lines(region)
        except (msgspec.MsgspecError, ValueError, RecursionError):
            return None
        gaps = len(lines) - 1
        between = (
            region.count(coll.between_lines)
            if coll
            else region.count(b"}\n{") + (region.count(b"}\r\n{") if b"\r" in region else 0)
        )
        if (
            region.count(b"\n") != gaps
            or between != gaps
            or not region.startswith(b"{")
            or not (region.endswith(b"}") or region.endswith(b"}\r"))
            or (coll is None and self.colons(lines) != region.count(b":"))
        ):
            return None
        return lines, nulls


def _keys(records: list[dict[str, object]], nested: Sequence[tuple[str, bool, _Fix]]) -> int:
    """The keys of ``records`` and of the ``nested`` records they hold, without a step
    per record in Python."""
    total = sum(map(len, records))
    for key, many, fix in nested:
        inside = _inside(records, key, many)
        assert inside is not None  # INVARIANT: read records hold lists where lists belong
        total += _keys(inside, fix.nested)
    return total


_SETS = (set, frozenset)


def _no_sets(
    records: list[Any], lists: Sequence[str], nested: Sequence[tuple[str, bool, _Fix]]
) -> bool:
    """Whether ``records`` are dicts that hold no set in a field of ``lists`` and whose
    ``nested`` records (lists of them included) are such records too; without a step
    per record in Python."""
    if not {dict}.issuperset(map(type, records)):
        return False
    for key in lists:
        if any(map(isinstance, map(dict.get, records, repeat(key)), repeat(_SETS))):
            return False
    for key, many, fix in nested:
        inside = _inside(records, key, many)
        if inside is None or not _no_sets(inside, fix.lists, fix.nested):
            return False
    return True


def _inside(records: list[Any], key: str, many: bool) -> list[Any] | None:
    """The records that ``records`` (dicts) hold in the field ``key`` (with ``many``, a
    list of them each, flattened); None when such a field holds something other than
    a list or a tuple."""
    values: list[Any] = list(filter(None, map(dict.get, records, repeat(key))))
    if not many:
        return values
    if not {list, tuple}.issuperset(map(type, values)):
        return None
    return list(chain.from_iterable(values))


def _nested(fixes: dict[str | None, _Fix]) -> tuple[tuple[str, bool, _Fix], ...]:
    """The nested records of a collection whose keys :func:`_keys` may count: those a
    field holds in every variant that has the field (another variant's field of the
    same name may hold a string, whose ``len`` is no count of keys)."""
    found = {entry for fix in fixes.values() for entry in fix.nested}
    return tuple(
        (key, many, inner)
        for key, many, inner in sorted(found, key=itemgetter(0))
        if all(key not in fix.order or (key, many, inner) in fix.nested for fix in fixes.values())
    )
