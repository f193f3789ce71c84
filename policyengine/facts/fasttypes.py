"""The msgspec types of a schema, for the typed reading of :mod:`policyengine.facts.fast`.

Takes the policy's :class:`~policyengine.schema.Schema`; gives, per collection, the
structs its records decode into (exact JSON types, enum members as ``Literal``,
integer bounds, the tag of a tagged collection, no undeclared field) and the
:class:`RecordFix` left to do on decoded records (nulls to drop, defaults to fill
in, blank text to read as no value), with and without nulls allowed. Never: decodes
a file, or builds a type that would take a record the converters of
:mod:`policyengine.facts.typed` refuse (a schema it cannot express raises
:class:`Unsupported`, and the usual path reads), or gives a record with blank text:
text fields take any text, and :meth:`CollectionTypes.finish` reads blank text as
the converters do, or raises :class:`BlankRequired` for the usual path to word; a
blank value where a date, number, enum member, boolean, list or record belongs
matches no type, so a record holding one goes the usual path.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import chain, compress, repeat
from operator import itemgetter, not_
from typing import Annotated, Any, Literal, NamedTuple, Union

import attrs

from policyengine.facts.raw import AS_OF, MAX_DEPTH
from policyengine.facts.typed import blank
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


class Unsupported(Exception):
    """The schema holds something the typed reading does not express."""


class BlankRequired(ValueError):
    """A required text field is blank: an error, which only the usual path words."""


@attrs.frozen
class RecordFix:
    """What is left to do on the records of one record type after ``to_builtins``:
    nulls of optional fields to drop, blank text to read as no value, defaults to fill
    in, nested records to fix."""

    order: tuple[str, ...]  # the fields in schema order
    nullable: bool  # it has optional fields (a null gives None, to be dropped)
    defaults: tuple[tuple[str, object], ...]
    nested: tuple[tuple[str, bool, RecordFix], ...]  # field, a list of records?, their fix
    lists: tuple[str, ...]  # the fields holding lists
    texts: tuple[str, ...] = ()  # optional text fields: blank is no value
    required_texts: tuple[str, ...] = ()  # required text fields: blank is an error
    text_lists: tuple[str, ...] = ()  # lists of text: a blank item is no item

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

    def blank_text(self, record: dict[str, object], key: str) -> None:
        """The blank text of the field ``key`` read as the converters read it: an
        optional field left out (or its default, in its place), a list's blank items
        dropped; a required field raises BlankRequired."""
        if key in self.required_texts:
            raise BlankRequired(key)
        if key in self.texts:
            default = dict(self.defaults).get(key)
            if default is None:
                del record[key]
            else:
                record[key] = default
        elif key in self.text_lists:
            record[key] = [x for x in record[key] if not blank(x)]  # type: ignore[attr-defined]


@attrs.frozen
class CollectionTypes:
    name: str
    attribute: str  # of the document and line structs
    tag_field: str | None
    fixes: dict[str | None, RecordFix]  # by tag (None for an untagged collection)
    line_start: bytes  # how a JSON Lines line of it starts: {"events":
    nested: tuple[tuple[str, bool, RecordFix], ...]  # nested records whose keys are counted
    lists: tuple[str, ...]  # the fields holding lists, in any variant
    inside: tuple[tuple[str, bool, RecordFix], ...]  # the nested records of any variant

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
        """Drop nulls and fill in defaults where the types may have left any; read blank
        text as no value (:func:`_without_blanks`), or raise BlankRequired for a blank
        required field."""
        needed = {tag: fix for tag, fix in self.fixes.items() if fix.needed(nulls)}
        tag_field = self.tag_field
        if needed and tag_field is None:
            apply = needed[None].apply
            for record in records:
                apply(record, nulls)
        elif needed and tag_field is not None:
            for record in records:
                fix = needed.get(record[tag_field])  # type: ignore[call-overload]
                if fix is not None:
                    fix.apply(record, nulls)
        _without_blanks(records, self.fixes, tag_field)


class Decoders(NamedTuple):
    document: Any  # msgspec.json.Decoder of a whole document
    line: Any  # ... of one JSON Lines line
    single: dict[str, Any]  # ... of a line of one collection, by its name
    record: dict[str, Any]  # ... of a record of one collection, by its name
    many: dict[str, Any]  # the type of a list of records of one collection, by its name


class TypeBuilder:
    """Builds the structs and fixes of one schema, counting the structs it names and
    keeping each collection's :class:`CollectionTypes` (built with nulls allowed)."""

    def __init__(self) -> None:
        self.structs = 0
        self.collections: list[CollectionTypes] = []

    def decoders(self, schema: Schema, *, nulls: bool) -> Decoders:
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
            fixes: dict[str | None, RecordFix] = {}
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
                raise Unsupported(coll.name)
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
                    CollectionTypes(
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
        return Decoders(document_decoder, msgspec.json.Decoder(line_type), single, bare, many)

    def record(
        self,
        fields: Sequence[Field],
        skip: frozenset[str],
        level: int,
        nulls: bool,
        options: dict[str, object],
    ) -> tuple[type, RecordFix]:
        """A struct for a record at nesting ``level`` (a collection's records are at 3).

        Python attribute names are generated (``f0``, ...) and renamed to the field
        names, so a name from a policy is only ever a key, never an identifier.
        """
        if level > MAX_DEPTH:
            raise Unsupported("too deep")
        spec: list[tuple[str, object] | tuple[str, object, object]] = []
        rename: dict[str, str] = {}
        defaults: list[tuple[str, object]] = []
        nested: list[tuple[str, bool, RecordFix]] = []
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
        kept = [f for f in fields if f.name in order]
        lists = tuple(f.name for f in kept if isinstance(f.type, ListType))
        texts = [f for f in kept if isinstance(f.type, StrType | RefType)]
        fix = RecordFix(
            tuple(order),
            nullable,
            tuple(defaults),
            tuple(nested),
            lists,
            tuple(f.name for f in texts if f.optional or f.default is not None),
            tuple(f.name for f in texts if not f.optional and f.default is None),
            tuple(
                f.name
                for f in kept
                if isinstance(f.type, ListType) and isinstance(f.type.element, StrType | RefType)
            ),
        )
        return struct, fix

    def type(self, t: Type, level: int, nulls: bool) -> tuple[object, RecordFix | None]:
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
                raise Unsupported("too deep")
            if isinstance(t.element, ListType):
                raise Unsupported("a list of lists")
            element, fix = self.type(t.element, level + 1, nulls)
            return list[element], fix  # type: ignore[valid-type]
        if isinstance(t, RecordType):
            return self.record(t.fields, frozenset(), level, nulls, {})
        raise Unsupported(str(t))


def _without_blanks(
    records: list[Any], fixes: dict[str | None, RecordFix], tag_field: str | None
) -> None:
    """Blank text in ``records`` (of the types whose fixes are ``fixes``, by tag) read
    as no value (:meth:`RecordFix.blank_text`), in nested records too. Each field is
    looked for blanks across all records at once, without a step per record in
    Python; only the records holding one are looked at one by one."""
    every = list(fixes.values())

    def fix_of(record: dict[str, Any]) -> RecordFix:
        return fixes[record[tag_field] if tag_field is not None else None]

    for key in dict.fromkeys(k for fix in every for k in (*fix.required_texts, *fix.texts)):
        values = list(map(dict.get, records, repeat(key)))
        only_text = all(
            key in fix.texts or key in fix.required_texts for fix in every if key in fix.order
        )
        if _may_be_blank(values, only_text):
            for i in _blank_positions(values):
                fix_of(records[i]).blank_text(records[i], key)
    for key in dict.fromkeys(k for fix in every for k in fix.text_lists):
        values = list(map(dict.get, records, repeat(key)))
        if _blank_positions(list(chain.from_iterable(_of_type(values, list)))):
            for record, value in zip(records, values, strict=True):
                if type(value) is list and any(map(blank, value)):
                    fix_of(record).blank_text(record, key)
    for key, many, inner_fix in dict.fromkeys(entry for fix in every for entry in fix.nested):
        entry = (key, many, inner_fix)
        if all(entry in fix.nested for fix in every if key in fix.order):
            holders = records
        else:  # the field holds other records in another kind
            holders = [r for r in records if entry in fix_of(r).nested]
        inner = _of_type(list(map(dict.get, holders, repeat(key))), list if many else dict)
        if many:
            inner = _of_type(list(chain.from_iterable(inner)), dict)
        _without_blanks(inner, {None: inner_fix}, None)


def _of_type(values: list[Any], kind: type) -> list[Any]:
    """The ``values`` that are of ``kind``."""
    return list(compress(values, map(isinstance, values, repeat(kind))))


def _may_be_blank(values: list[Any], only_text: bool) -> bool:
    """Whether ``values`` may hold blank text; ``only_text``: they are text or None,
    then found in fewer steps."""
    if not only_text:
        return bool(_blank_positions(values))
    return "" in values or any(map(str.isspace, filter(None, values)))


def _blank_positions(values: list[Any]) -> list[int]:
    """Where ``values`` hold blank text, found without a step per value in Python."""
    is_text = list(map(isinstance, values, repeat(str)))
    blanks = list(map(not_, map(str.strip, compress(values, is_text))))
    if not any(blanks):
        return []
    return list(compress(compress(range(len(values)), is_text), blanks))


def _keys(records: list[dict[str, object]], nested: Sequence[tuple[str, bool, RecordFix]]) -> int:
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
    records: list[Any], lists: Sequence[str], nested: Sequence[tuple[str, bool, RecordFix]]
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


def _nested(fixes: dict[str | None, RecordFix]) -> tuple[tuple[str, bool, RecordFix], ...]:
    """The nested records of a collection whose keys :func:`_keys` may count: those a
    field holds in every variant that has the field (another variant's field of the
    same name may hold a string, whose ``len`` is no count of keys)."""
    found = {entry for fix in fixes.values() for entry in fix.nested}
    return tuple(
        (key, many, inner)
        for key, many, inner in sorted(found, key=itemgetter(0))
        if all(key not in fix.order or (key, many, inner) in fix.nested for fix in fixes.values())
    )
