"""Typed reading: JSON and JSON Lines fact files straight into valid records.

Takes the bytes of a ``.json`` or ``.jsonl`` fact file and the policy's schema; gives
its records, typed as the runtime reads them, or None for a file (or a part of one) it
refuses or is not sure of. Never: words a problem, or gives a record the general path
would refuse or read differently: that path reads again all this one gives up on.
# INVARIANT: each record given is valid on its own against its collection's type and
# equal to the general path's reading of it; facts/validate files such records without
# converting or checking their fields again (ids and references stay its own to check).

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
of the decoded structs): an optional field that is missing, null or blank text is
absent, a blank item of a list of text is left out, a default is filled in, nested
records keep the schema's field order; a record with a blank required field is
refused (the usual path words the error). They are then
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
from collections.abc import Iterable
from operator import attrgetter, call, itemgetter
from pathlib import Path
from typing import Any, cast

from policyengine import inputs
from policyengine.facts.fasttypes import BlankRequired, CollectionTypes, TypeBuilder, Unsupported
from policyengine.facts.jsonfile import escaped_colon
from policyengine.facts.jsonlines import LineTooLong, jsonl_locator, regions
from policyengine.facts.raw import AS_OF, BOM, MAX_JSONL_BYTES, RawDocument
from policyengine.schema import Schema

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


class FastReader:
    """The typed reading of one schema: a decoder for a JSON document and one for a
    JSON Lines line (see the module's docstring)."""

    def __init__(self, schema: Schema) -> None:
        types = TypeBuilder()
        self.without_nulls = types.decoders(schema, nulls=False)
        self.with_nulls = types.decoders(schema, nulls=True)
        self.collections = types.collections
        self.encoder = msgspec.json.Encoder()
        self.by_name = {c.name: c for c in self.collections}

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
            with contextlib.suppress(Unsupported, TypeError, ValueError):
                reader = cls(schema)
        _READERS[key] = (weakref.ref(schema), reader)
        weakref.finalize(schema, _READERS.pop, key, None)
        return reader

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
            coll.finish(converted, nulls)
        except (msgspec.MsgspecError, TypeError, ValueError, RecursionError):
            return None  # (BlankRequired is a ValueError)
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
        read: list[tuple[CollectionTypes, list[dict[str, object]]]] = []
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
            try:
                coll.finish(records, nulls)
            except BlankRequired:
                return None
            collections[coll.name] = records
        return (as_of, collections), nulls

    def keys_once(
        self, read: Iterable[tuple[CollectionTypes, list[dict[str, object]]]], colons: int
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
        try:
            for coll_name, records in collections.items():
                self.by_name[coll_name].finish(cast(list[dict[str, object]], records), nulls)
        except BlankRequired:
            return None
        counts = {coll_name: len(records) for coll_name, records in collections.items()}
        return RawDocument(
            name,
            collections,
            as_of=as_of[0] if as_of else None,
            locate=jsonl_locator(path, counts),
            validated=True,
        )

    def single(self, region: bytes) -> CollectionTypes | None:
        """The collection of the first line of a block when the block has no ``\\r``:
        then its lines are read as lines of that collection only (most blocks of a
        file written collection by collection)."""
        if b"\r" in region:
            return None
        for coll in self.collections:
            if region.startswith(coll.line_start):
                return coll
        return None

    def one_collection(self, region: bytes, coll: CollectionTypes) -> tuple[list[Any], bool] | None:
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

    def compact(self, region: bytes, coll: CollectionTypes) -> tuple[list[Any], bool] | None:
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

    def lines(self, region: bytes, coll: CollectionTypes | None) -> tuple[list[Any], bool] | None:
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
