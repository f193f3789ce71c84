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

import datetime
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from operator import call, itemgetter
from pathlib import Path
from typing import cast

import attrs

from policyengine.collector import collector_paused
from policyengine.diagnostics import Diagnostic, Level, Text
from policyengine.errors import FactError
from policyengine.facts import catalogue as C
from policyengine.facts.document import document_from_mapping
from policyengine.facts.factset import POSITION_BITS, FactSet, IdIndex, Origins, origin_place
from policyengine.facts.fast import FastReader
from policyengine.facts.messages import (
    SUGGEST_AMONG,
    SUGGEST_REFS,
    BadValue,
    Problem,
    as_of_disagrees,
    describe,
    listing,
    record_diagnostic,
    show,
    suggestion,
    too_many_problems,
    with_strict_hint,
)
from policyengine.facts.raw import AS_OF, PlaceOrder, RawDocument
from policyengine.facts.read import read_documents_collecting
from policyengine.facts.records import CollectionCheck, dangling_refs
from policyengine.facts.typed import (
    CHUNK,
    RecordConverters,
    blank,
    date_problem,
    parse_iso_date,
)
from policyengine.ledger.read import read_ledger
from policyengine.schema import (
    Schema,
)

MAX_DIAGNOSTICS = 1000
"""Problems kept in one FactError; beyond this only a count (bounded memory on huge bad input)."""


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
        documents, problems = read_documents_collecting(
            paths, typed, lambda path: read_ledger(path, schema), stdin_format=stdin_format
        )
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
        self.converters = RecordConverters(schema)
        self.checks = {
            name: CollectionCheck(self.converters, coll)
            for name, coll in schema.collections.items()
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
        self.origins = Origins()
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
        self.unread: set[str] = set()  # collections a reader could not read at all
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
            for problem in doc.errors:
                self.error(problem)
            self.unread |= doc.unread
            date = self.read_as_of(doc)
            if date is not None:
                if as_of is None:
                    as_of = (date, doc.source)
                elif as_of[0] != date:
                    self.error(as_of_disagrees(as_of, date, doc))
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
        # The readers' own warnings (a ledger's) first; --strict is about fields only.
        warnings = [w for doc in docs for w in doc.warnings] + warnings
        if self.errors:
            self.at_fields()
            for doc in docs:
                if doc.order is not None:
                    _in_place_order(self.errors, doc.order)
            if self.dropped:
                self.errors.append(too_many_problems(self.dropped))
            raise FactError(self.errors)
        index: dict[str, Mapping[str, dict[str, object]]] = dict(self.index)
        for name, (ids, parts) in self.lazy.items():
            index[name] = IdIndex(parts, len(ids))
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
        if value is None or blank(value):
            return None  # blank text is no value
        if type(value) is datetime.date:
            return value
        problem: Text
        if isinstance(value, str):
            date = parse_iso_date(value)
            if date is not None:
                return date
            problem = date_problem(value, show(value))
        else:
            problem = C.WRONG_TYPE.words(expected=C.EXPECT_DATE, got=describe(value))
        self.error(Diagnostic.of(C.AS_OF_NOT_A_DATE, location=doc.where(AS_OF, None), why=problem))
        return None

    def unknown_key(self, doc: RawDocument, key: str) -> Diagnostic:
        valid = [AS_OF, *self.schema.collections]
        near = suggestion(key, valid)
        keys = C.KEYS_ARE(keys=listing(valid))
        return Diagnostic.of(
            C.UNKNOWN_TOP_KEY,
            location=doc.where(key, None),
            help=keys if near is None else C.THEN(first=near, then=keys),
            key=key,
        )

    def read_collection(
        self, number: int, doc: RawDocument, check: CollectionCheck, records: list[object]
    ) -> None:
        """A list of records another parser built (YAML, a caller's mapping, or JSON the
        typed reading did not take): converted by the typed reader
        (:meth:`policyengine.facts.fast.FastReader.convert`) a chunk at a time, in C, and
        a chunk it refuses record by record by the converters (:meth:`read_one_by_one`),
        which find every problem. With ``own`` records, the list is left holding the
        converted records, so that nothing is held twice; otherwise a copy of the list
        is kept, for :class:`Origins`.
        """
        name = check.coll.name
        self.origins.add(name, number, records if self.own else list(records))
        # YAML's plain values are typed by the converters: the typed reader would keep
        # a YamlScalar given for text as it is, not as the str the engine reads.
        reader = None if doc.plain_scalars else self.reader
        convert = reader.convert if reader is not None else None
        for start in range(0, len(records), CHUNK):
            stop = min(start + CHUNK, len(records))
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
        check: CollectionCheck,
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
        self, number: int, doc: RawDocument, check: CollectionCheck, records: list[object]
    ) -> None:
        """Records a typed reader has validated already (:mod:`policyengine.facts.fast`):
        only indexed and filed (:meth:`file_valid`). An id used twice (in this list, or
        also in an earlier file) sends them through :meth:`read_one_by_one`, which names
        both places."""
        self.origins.add(check.coll.name, number, records if self.own else list(records))
        if not self.file_valid(check, cast(list[dict[str, object]], records)):
            self.read_one_by_one(number, doc, check, records, 0, len(records))

    def file_valid(self, check: CollectionCheck, valid: list[dict[str, object]]) -> bool:
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
        self, number: int, doc: RawDocument, check: CollectionCheck, position: int, raw: object
    ) -> tuple[str, dict[str, object]] | None:
        """A record through the converters: its kind and converted record, or None
        when it has problems (then reported)."""
        try:
            kind, record = check.validate(raw)
        except BadValue as bad:
            self.record_problems(number, doc, check, position, raw, bad)
            return None
        if self.converters.undeclared:
            self.note_undeclared(number, doc, check, position, raw, kind)
        return kind, record

    def subject(self, check: CollectionCheck, position: int, raw: object, kind: str) -> str:
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        if isinstance(rid, str):
            # a lone surrogate (refused in the id itself) is shown as its escape
            return f"{kind} `{rid.encode('utf-8', 'backslashreplace').decode('utf-8')}`"
        return f"{kind} {check.coll.name}[{position}]"

    def record_problems(
        self,
        number: int,
        doc: RawDocument,
        check: CollectionCheck,
        position: int,
        raw: object,
        bad: BadValue,
    ) -> None:
        """Report a record that failed, and keep what is still useful of it."""
        kind = bad.kind or check.coll.subject
        subject = self.subject(check, position, raw, kind)
        name = check.coll.name
        where = doc.where(name, position)
        at = (number, name, position)
        for problem in bad.problems:
            if (name, position, problem.path) in doc.reported:
                continue  # its reader reported the field's cell and left the field out
            self.field_error(record_diagnostic(problem, subject, where), at, problem.path)
        if self.converters.undeclared:
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
        check: CollectionCheck,
        position: int,
        kind: str,
        rid: str,
    ) -> Diagnostic:
        name = check.coll.name
        previous = self.origins.get(name, rid)
        assert previous is not None  # the record in the index came first
        first = origin_place(self.documents, name, previous)
        return Diagnostic.of(
            C.DUPLICATE_ID,
            location=doc.where(name, position),
            kind=kind,
            id=rid,
            collection=name,
            first=first,
        )

    def note_undeclared(
        self,
        number: int,
        doc: RawDocument,
        check: CollectionCheck,
        position: int,
        raw: object,
        kind: str,
    ) -> None:
        sink = self.converters.undeclared
        for prefix, key, names in sink:
            path = prefix + key
            seen = self.undeclared.get((number, kind, path))
            if seen is None:
                self.undeclared[(number, kind, path)] = _Undeclared(
                    self.subject(check, position, raw, kind),
                    doc.where(check.coll.name, position),
                    suggestion(key, names),
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
            out.append(
                Diagnostic.of(
                    C.UNDECLARED_FIELD,
                    location=found.get((seen.at, path), seen.where),
                    help=seen.near if self.strict else with_strict_hint(seen.near),
                    level=level,
                    subject=seen.subject,
                    path=path,
                    ignored=C.NOTHING if self.strict else C.IGNORED,
                    also=C.IN_MORE_RECORDS(more=more) if more else C.NOTHING,
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
                    if ref.collection in self.unread:
                        continue  # its ids are not known: its sheet was not read
                    target = self.index_of(ref.collection)
                    dangling = [
                        (self.place(name, kind, valid[i]), path, value)
                        for i, path, value in dangling_refs(valid, ref, target, all_dicts=True)
                    ] + [
                        (failed[i][1:], path, value)
                        for i, path, value in dangling_refs([f[0] for f in failed], ref, target)
                    ]
                    for (subject, where, at), path, value in dangling:
                        near = None
                        if suggestions < SUGGEST_REFS and len(target) <= SUGGEST_AMONG:
                            suggestions += 1
                            near = suggestion(value, list(target))
                        problem = Problem.of(
                            C.NO_SUCH_ID, path, help=near, value=show(value), kind=ref.kind
                        )
                        self.field_error(record_diagnostic(problem, subject, where), at, path)

    def place(self, collection: str, kind: str, record: dict[str, object]) -> tuple[str, str, _At]:
        """The subject and place of a valid record, for a message, and the record."""
        rid = cast(str, record["id"])
        packed = self.origins.get(collection, rid)
        assert packed is not None  # every valid record was read from a document
        number, position = packed >> POSITION_BITS, packed & ((1 << POSITION_BITS) - 1)
        at = (number, collection, position)
        return f"{kind} `{rid}`", origin_place(self.documents, collection, packed), at


def _in_place_order(errors: list[Diagnostic], order: PlaceOrder) -> None:
    """Sort, among ``errors``, those at the places ``order`` knows (one spreadsheet's)
    by sheet, row and column, in the slots they held; the others do not move."""
    slots = [(i, key) for i, e in enumerate(errors) if e.location and (key := order(e.location))]
    ordered = [errors[i] for i, _ in sorted(slots, key=itemgetter(1))]
    for (i, _), diagnostic in zip(slots, ordered, strict=True):
        errors[i] = diagnostic
