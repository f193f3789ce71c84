"""One collection's records: the converter of each kind, and the references to check.

Takes the schema's collections and the converters of :mod:`policyengine.facts.typed`;
gives per collection what :mod:`policyengine.facts.validate` runs on each record: the
converter of its kind (by the tag field in a tagged collection), the fields that hold
references and the kind each must name. It never reads a file nor builds a message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat

import attrs

from policyengine.facts import catalogue as C
from policyengine.facts.messages import (
    BadValue,
    Problem,
    describe,
    listing,
    missing_field,
    scalar_not_text,
    show,
    suggestion,
    wrong_type,
)
from policyengine.facts.typed import RecordConv, RecordConverters
from policyengine.schema import (
    Collection,
    Field,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Type,
)

# --------------------------------------------------------------------------- collections


@attrs.frozen
class _RefCheck:
    """One reference-valued place in a kind's records (``account``, ``review.reviewer``)."""

    steps: tuple[str | None, ...]  # field names; None = every element of a list
    collection: str  # where the referenced id must be
    kind: str  # the referenced kind, for messages
    tag_field: str | None  # when the kind is one variant of a tagged collection ...
    tag: str | None  # ... the referenced record must carry this tag


class CollectionCheck:
    """Validation of the records of one collection; for a tagged one, by tag.

    A tagged collection may also list its subject as a variant without a tag (the
    checker does, so that a policy can say ``ref event``): no record is validated
    against it, but it names every record of the collection (``common``).
    """

    def __init__(self, converters: RecordConverters, coll: Collection) -> None:
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
            conv = converters.record_conv(fields, f"`{kind}`", allowed)
            if variant.tag is not None:
                self.by_tag[variant.tag] = (kind, conv)
            else:
                self.single = (kind, conv)
            self.refs[kind] = [
                _ref_check(converters.schema, steps, target)
                for steps, target in _ref_paths(variant.record, ())
            ]
        self.tags = tuple(self.by_tag)

    def validate(self, raw: object) -> tuple[str, dict[str, object]]:
        """The kind and converted record, or BadValue (with ``kind`` once it is known)."""
        if type(raw) is not dict and not isinstance(raw, Mapping):
            raise BadValue([Problem.of(C.NOT_A_RECORD, "", got=describe(raw))])
        if self.single is not None:
            kind, conv = self.single
            try:
                return kind, conv(raw, "")
            except BadValue as bad:
                bad.kind = kind
                raise
        tag_field = self.coll.tag_field
        assert tag_field is not None  # a collection without a single variant is tagged
        tag = raw.get(tag_field)
        entry = self.by_tag.get(tag) if isinstance(tag, str) else None
        if entry is None:
            raise BadValue([self._tag_problem(tag, tag_field, tag_field in raw)])
        kind, conv = entry
        try:
            record = conv(raw, "")
        except BadValue as bad:
            bad.kind = kind
            raise
        record[tag_field] = str(tag)
        return kind, record

    def _tag_problem(self, tag: object, tag_field: str, present: bool) -> Problem:
        listed = listing(self.tags)
        if tag is None:
            problem = missing_field(tag_field, present)
            return attrs.evolve(problem, help=C.KINDS_ARE(kinds=listed))
        if not isinstance(tag, str):
            bad = wrong_type(
                tag_field,
                tag,
                C.ONE_OF(choices=listed),
                C.QUOTE_HELP if scalar_not_text(tag) else None,
            )
            return bad.problems[0]
        return Problem.of(
            C.UNKNOWN_TAG,
            tag_field,
            help=suggestion(tag, self.tags),
            tag=show(tag),
            field=tag_field,
            kinds=listed,
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


def dangling_refs(
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
